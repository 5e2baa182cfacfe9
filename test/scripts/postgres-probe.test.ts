import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

interface Decision {
  readonly action: 'run' | 'skip' | 'fail';
  readonly message: string;
}

interface ProbeModule {
  isUnreachable(error: unknown, url: string): boolean;
  decidePostgresRun(error: unknown, options: { url: string; required: boolean }): Decision;
}

// The helper is plain JavaScript outside the TypeScript project, so it is
// imported by URL and typed here.
const PROBE_URL = new URL('../../scripts/postgres-probe.js', import.meta.url).href;
const probe = (await import(PROBE_URL)) as ProbeModule;

const LOCAL = 'postgres://postgres:s3cret@127.0.0.1:5432/test';

function systemError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('PostgreSQL test probe', () => {
  it('runs when connected', () => {
    const decision = probe.decidePostgresRun(undefined, { url: LOCAL, required: true });

    assert.equal(decision.action, 'run');
  });

  it('skips a refused connection', () => {
    const error = systemError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432');

    const decision = probe.decidePostgresRun(error, { url: LOCAL, required: false });

    assert.equal(decision.action, 'skip');
    assert.match(decision.message, /postgres:\/\/127\.0\.0\.1:5432\/test is not reachable/);
    assert.match(decision.message, /VIGIL_REQUIRE_POSTGRES=1/);
  });

  it('skips a connect timeout', () => {
    assert.equal(probe.isUnreachable(new Error('timeout expired'), LOCAL), true);
    assert.equal(probe.isUnreachable(systemError('ETIMEDOUT', 'connect ETIMEDOUT'), LOCAL), true);
  });

  it('skips an unresolved loopback name', () => {
    const error = systemError('ENOTFOUND', 'getaddrinfo ENOTFOUND localhost');

    assert.equal(probe.isUnreachable(error, 'postgres://postgres@localhost:5432/test'), true);
  });

  it('fails an unresolved remote name', () => {
    const url = 'postgres://postgres@db.example.test:5432/test';
    const error = systemError('ENOTFOUND', 'getaddrinfo ENOTFOUND db.example.test');

    assert.equal(probe.isUnreachable(error, url), false);
    assert.equal(probe.decidePostgresRun(error, { url, required: false }).action, 'fail');
  });

  it('fails on bad authentication', () => {
    const error = systemError('28P01', 'password authentication failed for user "postgres"');

    const decision = probe.decidePostgresRun(error, { url: LOCAL, required: false });

    assert.equal(decision.action, 'fail');
    assert.match(decision.message, /responded but rejected the connection/);
    assert.match(decision.message, /password authentication failed/);
  });

  it('fails on a missing database', () => {
    const error = systemError('3D000', 'database "test" does not exist');

    const decision = probe.decidePostgresRun(error, { url: LOCAL, required: false });

    assert.equal(decision.action, 'fail');
    assert.match(decision.message, /database "test" does not exist/);
  });

  it('fails unreachable when required', () => {
    const error = systemError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432');

    const decision = probe.decidePostgresRun(error, { url: LOCAL, required: true });

    assert.equal(decision.action, 'fail');
    assert.match(decision.message, /VIGIL_REQUIRE_POSTGRES=1 requires it/);
  });

  it('hides the password', () => {
    const errors = [
      systemError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'),
      systemError('28P01', 'password authentication failed for user "postgres"'),
    ];

    for (const error of errors) {
      for (const required of [false, true]) {
        const decision = probe.decidePostgresRun(error, { url: LOCAL, required });
        assert.doesNotMatch(decision.message, /s3cret/);
      }
    }
  });

  it('names an empty aggregate error', () => {
    const error = Object.assign(new AggregateError([], ''), { code: 'ECONNREFUSED' });

    const decision = probe.decidePostgresRun(error, { url: LOCAL, required: false });

    assert.equal(decision.action, 'skip');
    assert.match(decision.message, /\(ECONNREFUSED\)/);
  });
});
