import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { IndicatorError } from './indicator.ts';
import { canonicalizeSocialProfile, socialPlatformOf } from './social-profile.ts';

function profile(raw: string): string {
  const result = canonicalizeSocialProfile(raw);
  if (result instanceof IndicatorError) {
    assert.fail(`${JSON.stringify(raw)} was rejected: ${result.reason}`);
  }
  return result;
}

function rejection(raw: string): string {
  const result = canonicalizeSocialProfile(raw);
  assert.ok(result instanceof IndicatorError, `${JSON.stringify(raw)} gave ${String(result)}`);
  assert.equal(result.kind, 'social_profile');
  return result.reason;
}

describe('canonicalizeSocialProfile', () => {
  it('reads Facebook profiles', () => {
    assert.equal(profile('https://www.facebook.com/Some.Name'), 'facebook:some.name');
    assert.equal(profile('m.facebook.com/some.name/posts/123'), 'facebook:some.name');
    assert.equal(profile('fb.com/some.name'), 'facebook:some.name');
    assert.equal(
      profile('facebook.com/profile.php?id=100023377551188'),
      'facebook:100023377551188',
    );
    assert.equal(
      profile('facebook.com/people/Some-Name/100023377551188/'),
      'facebook:100023377551188',
    );
  });

  it('reads Facebook page ids', () => {
    assert.equal(
      profile('www.facebook.com/Hack-Garena-1697310600538860'),
      'facebook:1697310600538860',
    );
    const escaped = 'www.facebook.com/Ng%C3%B4-Minh-Hi%C3%AA%CC%81u-PC-101048191917982';
    assert.equal(profile(escaped), 'facebook:101048191917982');
  });

  it('rejects Facebook non-profiles', () => {
    const reason = 'not a profile URL of a known platform';
    assert.equal(rejection('facebook.com/groups/chongluadao.net'), reason);
    assert.equal(rejection('facebook.com/sharer.php?u=x'), reason);
    assert.equal(rejection('https://www.facebook.com/'), reason);
    assert.equal(rejection('facebook.com/profile.php?id=abc'), reason);
  });

  it('reads other platforms', () => {
    assert.equal(profile('zalo.me/0912345678'), 'zalo:0912345678');
    assert.equal(profile('oa.zalo.me/792939471771757700'), 'zalo:792939471771757700');
    assert.equal(profile('https://www.tiktok.com/@Some.Name/video/1'), 'tiktok:some.name');
    assert.equal(profile('t.me/Some_Channel'), 'telegram:some_channel');
    assert.equal(profile('https://t.me/s/some_channel'), 'telegram:some_channel');
    assert.equal(profile('instagram.com/some.name/'), 'instagram:some.name');
    assert.equal(profile('instagram.com/stories/some.name/1'), 'instagram:some.name');
    assert.equal(profile('https://x.com/SomeName'), 'x:somename');
    assert.equal(profile('twitter.com/SomeName/status/1'), 'x:somename');
  });

  it('reads YouTube channels', () => {
    assert.equal(profile('youtube.com/@SomeName'), 'youtube:@somename');
    assert.equal(
      profile('www.youtube.com/channel/UC5rpGxIdqpwVLIZAFwqMdpg/videos'),
      'youtube:UC5rpGxIdqpwVLIZAFwqMdpg',
    );
    assert.equal(profile('www.youtube.com/user/HMouseKnight'), 'youtube:user/hmouseknight');
    assert.equal(
      profile('www.youtube.com/c/Tuy%E1%BB%81nM%E1%BB%91c1986'),
      'youtube:c/tuy%E1%BB%81nm%E1%BB%91c1986',
    );
  });

  it('rejects links that are not profiles', () => {
    const reason = 'not a profile URL of a known platform';
    assert.equal(rejection('youtube.com/watch?v=1qnm7NrJMGk'), reason);
    assert.equal(rejection('t.me/+AbCdEf'), reason);
    assert.equal(rejection('t.me/joinchat/AbCdEf'), reason);
    assert.equal(rejection('zalo.me/g/abcdef'), 'invalid profile name for the platform');
    assert.equal(rejection('instagram.com/p/Cx1'), reason);
    assert.equal(rejection('https://example.com/some.name'), reason);
  });

  it('rejects invalid names', () => {
    const reason = 'invalid profile name for the platform';
    assert.equal(rejection('x.com/name_longer_than_fifteen'), reason);
    assert.equal(rejection('t.me/abc'), reason);
    assert.equal(rejection('facebook.com/<script>'), reason);
  });

  it('reads the canonical form', () => {
    assert.equal(profile('facebook:Some.Name'), 'facebook:some.name');
    assert.equal(profile('tiktok:@Some.Name'), 'tiktok:some.name');
    assert.equal(profile('youtube:UC5rpGxIdqpwVLIZAFwqMdpg'), 'youtube:UC5rpGxIdqpwVLIZAFwqMdpg');
    assert.equal(profile('youtube:@SomeName'), 'youtube:@somename');
    assert.equal(rejection('facebook:some name'), 'invalid profile name for the platform');
  });
});

describe('socialPlatformOf', () => {
  it('reads profile subdomains only', () => {
    assert.equal(socialPlatformOf('www.facebook.com'), 'facebook');
    assert.equal(socialPlatformOf('mbasic.facebook.com'), 'facebook');
    assert.equal(socialPlatformOf('twitter.com'), 'x');
    assert.equal(socialPlatformOf('developers.facebook.com'), undefined);
    assert.equal(socialPlatformOf('facebook.com.evil.vn'), undefined);
  });
});
