import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';

import { createTestDatabase } from '../../../test/support/database.ts';
import { loginAs, type StaffLogin } from '../../../test/support/staff.ts';
import { ROLES, type Role } from '../../domain/roles.ts';
import { LookupService } from '../../services/lookup.service.ts';
import { buildApp } from '../app.ts';
import { CONSOLE_ACCESS } from './access.ts';

/** Fills route parameters with an id that exists nowhere. */
function concrete(path: string): string {
  return path.replace(/:file/, 'console.css').replace(/:\w+/g, '999999');
}

function isPage(path: string): boolean {
  return !path.startsWith('/console/api/');
}

describe('console access table', async () => {
  const database = await createTestDatabase();
  const app = await buildApp({ database, lookup: await LookupService.load(database) });
  const logins = new Map<Role, StaffLogin>();
  for (const role of ROLES) {
    logins.set(role, await loginAs(app, database, role));
  }
  after(async () => {
    await app.close();
    await database.close();
  });

  const guarded = Object.entries(CONSOLE_ACCESS).filter(([, access]) => access !== 'public');

  for (const [routeKey, access] of guarded) {
    const [method, path] = routeKey.split(' ') as ['GET' | 'POST', string];
    const url = concrete(path);

    it(`${routeKey} rejects anonymous requests`, async () => {
      const response = await app.inject({ method, url });
      if (isPage(path)) {
        assert.equal(response.statusCode, 303);
        assert.equal(response.headers.location, '/console/login');
      } else {
        assert.equal(response.statusCode, 401);
        assert.equal(response.json<{ error: { code: string } }>().error.code, 'UNAUTHORIZED');
      }
    });

    if (method === 'GET') {
      it(`HEAD ${path} rejects anonymous and unlisted roles`, async () => {
        const anonymous = await app.inject({ method: 'HEAD', url });
        assert.equal(anonymous.statusCode, isPage(path) ? 303 : 401);
        for (const role of ROLES.filter((item) => !(access as readonly Role[]).includes(item))) {
          const response = await app.inject({
            method: 'HEAD',
            url,
            headers: logins.get(role)!.headers,
          });
          assert.equal(response.statusCode, 403, `${role} got ${response.statusCode}`);
        }
      });
    }

    for (const role of ROLES) {
      const allowed = (access as readonly Role[]).includes(role);
      it(`${routeKey} ${allowed ? 'allows' : 'rejects'} ${role}`, async () => {
        const login = logins.get(role)!;
        const response = await app.inject({
          method,
          url,
          headers: { ...login.headers, 'content-type': 'application/x-www-form-urlencoded' },
          ...(method === 'POST' && { payload: `_csrf=${encodeURIComponent(login.csrfToken)}` }),
        });
        if (allowed) {
          assert.ok(
            ![401, 403].includes(response.statusCode),
            `${role} got ${response.statusCode}: ${response.body.slice(0, 200)}`,
          );
        } else if (role === 'focal_point' && routeKey === 'GET /console') {
          // The queue is not theirs, so a focal point is sent to their notices.
          assert.equal(response.statusCode, 303);
          assert.equal(response.headers.location, '/console/notices');
        } else {
          assert.equal(response.statusCode, 403);
          if (isPage(path)) {
            assert.match(String(response.headers['content-type']), /^text\/html/);
          }
        }
      });
    }
  }

  it('rejects a post with a forged CSRF token', async () => {
    const login = logins.get('analyst')!;
    const response = await app.inject({
      method: 'POST',
      url: '/console/queue/bulk',
      headers: { cookie: login.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: '_csrf=forged&action=assign_me&caseIds=1',
    });
    assert.equal(response.statusCode, 403);
  });

  it('registers every table entry', () => {
    for (const routeKey of Object.keys(CONSOLE_ACCESS)) {
      const [method, url] = routeKey.split(' ') as ['GET' | 'POST', string];
      assert.ok(app.hasRoute({ method, url }), `${routeKey} is not registered`);
    }
  });
});
