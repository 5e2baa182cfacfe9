import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';

import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

import { createTestDatabase } from '../../../test/support/database.ts';
import { loginAs } from '../../../test/support/staff.ts';
import { currentTotpCode } from '../../services/auth.service.ts';
import { LookupService } from '../../services/lookup.service.ts';
import { createUser } from '../../services/user.service.ts';
import { buildApp } from '../app.ts';

const PASSWORD = 'a long test passphrase';

function cookiesOf(response: LightMyRequestResponse): Map<string, string> {
  return new Map(response.cookies.map((cookie) => [cookie.name, cookie.value]));
}

/** A browser's cookie jar and CSRF token, enough to walk the login pages. */
class Visitor {
  private readonly jar = new Map<string, string>();
  csrfToken = '';

  constructor(private readonly app: FastifyInstance) {}

  get cookie(): string {
    return [...this.jar].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  async get(url: string): Promise<LightMyRequestResponse> {
    const response = await this.app.inject({
      method: 'GET',
      url,
      headers: { cookie: this.cookie },
    });
    this.keep(response);
    const token = /name="_csrf" value="([^"]+)"/.exec(response.body);
    if (token !== null) {
      this.csrfToken = token[1]!;
    }
    return response;
  }

  async post(url: string, fields: Record<string, string>): Promise<LightMyRequestResponse> {
    const response = await this.app.inject({
      method: 'POST',
      url,
      headers: { cookie: this.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: this.csrfToken, ...fields }).toString(),
    });
    this.keep(response);
    return response;
  }

  private keep(response: LightMyRequestResponse) {
    for (const [name, value] of cookiesOf(response)) {
      if (value === '') {
        this.jar.delete(name);
      } else {
        this.jar.set(name, value);
      }
    }
  }
}

describe('console login', async () => {
  const database = await createTestDatabase();
  const app = await buildApp({ database, lookup: await LookupService.load(database) });
  after(async () => {
    await app.close();
    await database.close();
  });

  it('logs an analyst in with a password', async () => {
    await createUser(database, { email: 'analyst@cert.vn', role: 'analyst', password: PASSWORD });
    const visitor = new Visitor(app);
    await visitor.get('/console/login');
    const response = await visitor.post('/console/login', {
      email: 'Analyst@CERT.vn',
      password: PASSWORD,
    });

    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, '/console');
    const setCookie = String(response.headers['set-cookie']);
    assert.match(setCookie, /vigil_session=[\w-]{43}; Path=\/; HttpOnly; SameSite=Strict/);
    assert.doesNotMatch(setCookie, /vigil_session=[^,]*Secure/);
    assert.equal((await visitor.get('/console')).statusCode, 200);
  });

  it('rejects a post without a CSRF token', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/console/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `email=analyst%40cert.vn&password=${encodeURIComponent(PASSWORD)}`,
    });

    assert.equal(response.statusCode, 403);
    assert.doesNotMatch(response.headers['set-cookie']?.toString() ?? '', /vigil_session/);
  });

  it('requires TOTP enrolment for an admin', async () => {
    await createUser(database, { email: 'admin@cert.vn', role: 'admin', password: PASSWORD });
    const visitor = new Visitor(app);
    await visitor.get('/console/login');
    const login = await visitor.post('/console/login', {
      email: 'admin@cert.vn',
      password: PASSWORD,
    });
    assert.equal(login.headers.location, '/console/login/enrol');
    assert.equal((await visitor.get('/console')).headers.location, '/console/login/enrol');

    const enrol = await visitor.get('/console/login/enrol');
    const secret = /id="totp-secret">([A-Z2-7]+)</.exec(enrol.body)?.[1];
    assert.ok(secret, 'the enrolment page shows the secret');
    const wrong = await visitor.post('/console/login/enrol', { code: '000000' });
    assert.equal(wrong.statusCode, 401);

    const confirmed = await visitor.post('/console/login/enrol', { code: currentTotpCode(secret) });
    assert.equal(confirmed.headers.location, '/console');
    assert.equal((await visitor.get('/console')).statusCode, 200);

    const again = new Visitor(app);
    await again.get('/console/login');
    const second = await again.post('/console/login', {
      email: 'admin@cert.vn',
      password: PASSWORD,
    });
    assert.equal(second.headers.location, '/console/login/totp');
    await again.get('/console/login/totp');
    const replayed = await again.post('/console/login/totp', { code: currentTotpCode(secret) });
    assert.equal(replayed.statusCode, 401, 'a code is accepted only once');
  });

  it('locks an account after repeated failures', async () => {
    await createUser(database, { email: 'locked@cert.vn', role: 'analyst', password: PASSWORD });
    const visitor = new Visitor(app);
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 6; attempt += 1) {
      await visitor.get('/console/login');
      const response = await visitor.post('/console/login', {
        email: 'locked@cert.vn',
        password: 'wrong password number one',
      });
      statuses.push(response.statusCode);
    }
    assert.deepEqual(statuses, [401, 401, 401, 401, 401, 429]);

    await visitor.get('/console/login');
    const right = await visitor.post('/console/login', {
      email: 'locked@cert.vn',
      password: PASSWORD,
    });
    assert.equal(right.statusCode, 429, 'the right password is refused while locked');
    assert.match(right.body, /locked until/);
  });

  it('forces a one-time password change', async () => {
    const created = await createUser(database, { email: 'new@cert.vn', role: 'auditor' });
    assert.ok(created.oneTimePassword);
    const visitor = new Visitor(app);
    await visitor.get('/console/login');
    const login = await visitor.post('/console/login', {
      email: 'new@cert.vn',
      password: created.oneTimePassword,
    });
    assert.equal(login.headers.location, '/console/password');
    await visitor.get('/console/password');
    const mismatch = await visitor.post('/console/password', {
      password: 'my own fresh passphrase',
      confirm: 'another passphrase here',
    });
    assert.equal(mismatch.statusCode, 400);
    const saved = await visitor.post('/console/password', {
      password: 'my own fresh passphrase',
      confirm: 'my own fresh passphrase',
    });
    assert.equal(saved.headers.location, '/console');
    assert.equal((await visitor.get('/console')).statusCode, 200);
  });

  it('logs out', async () => {
    const staff = await loginAs(app, database, 'analyst');
    const response = await app.inject({
      method: 'POST',
      url: '/console/logout',
      headers: staff.headers,
    });
    assert.equal(response.statusCode, 303);
    const afterwards = await app.inject({
      method: 'GET',
      url: '/console',
      headers: { cookie: staff.cookie },
    });
    assert.equal(afterwards.headers.location, '/console/login');
  });
});
