import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { IndicatorError } from '../indicators/indicator.ts';
import { lookupKey, parseIndicator } from '../indicators/parse-indicator.ts';
import { classifyMatch, indicatorsForKey, probeKeys } from './match.ts';

function parse(raw: string) {
  const indicator = parseIndicator(raw);
  if (indicator instanceof IndicatorError) {
    throw indicator;
  }
  return indicator;
}

describe('indicatorsForKey', () => {
  it('inverts the key of every kind', () => {
    for (const raw of [
      'https://evil.example/login?x=1',
      'http://evil.example/',
      'evil.example',
      '203.0.113.7',
      '2001:db8::7',
      'victim@evil.example',
      '+84912345678',
    ]) {
      const indicator = parse(raw);
      const candidates = indicatorsForKey(lookupKey(indicator));

      assert.ok(
        candidates.some((c) => c.kind === indicator.kind && c.value === indicator.value),
        `${raw}: ${JSON.stringify(candidates)}`,
      );
    }
  });

  it('offers hosts only for host keys', () => {
    assert.deepEqual(
      indicatorsForKey('evil.example/login').map((c) => c.kind),
      ['url', 'url', 'url', 'url', 'url'],
    );
  });
});

describe('classifyMatch', () => {
  it('names each way of matching', () => {
    const query = parse('https://a.b.evil.example/path/page.html');
    const exact = probeKeys(query)[0]!;

    assert.equal(classifyMatch(query, exact, { kind: 'url', value: query.value }, exact), 'exact');
    assert.equal(
      classifyMatch(query, exact, { kind: 'url', value: 'https://a.b.evil.example/path/' }, 'x'),
      'expression',
    );
    assert.equal(
      classifyMatch(query, exact, { kind: 'domain', value: 'a.b.evil.example' }, 'k'),
      'host',
    );
    assert.equal(
      classifyMatch(query, exact, { kind: 'domain', value: 'b.evil.example' }, 'k'),
      'host_suffix',
    );
    assert.equal(
      classifyMatch(query, exact, { kind: 'domain', value: 'evil.example' }, 'k'),
      'registrable_domain',
    );
  });
});

describe('probeKeys', () => {
  it('probes the domain of an e-mail address', () => {
    const keys = probeKeys(parse('victim@mail.evil.example'));

    assert.deepEqual(keys, [
      'email:victim@mail.evil.example',
      'mail.evil.example/',
      'evil.example/',
    ]);
  });

  it('classifies an e-mail domain match', () => {
    const query = parse('victim@mail.evil.example');
    const exact = probeKeys(query)[0]!;

    assert.equal(
      classifyMatch(query, exact, { kind: 'domain', value: 'evil.example' }, 'k'),
      'registrable_domain',
    );
    assert.equal(
      classifyMatch(query, exact, { kind: 'domain', value: 'mail.evil.example' }, 'k'),
      'host',
    );
  });
});
