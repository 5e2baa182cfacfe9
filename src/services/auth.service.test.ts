import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';

import { createTestDatabase } from '../../test/support/database.ts';
import { selectUserByEmail, updateTotp } from '../store/user.repository.ts';
import { currentTotpCode, logIn, resolveSession, verifyTotpCode } from './auth.service.ts';
import { createUser } from './user.service.ts';

const PASSWORD = 'a long test passphrase';

describe('auth service under parallel requests', async () => {
  const database = await createTestDatabase();
  after(() => database.close());

  it('counts every failed login sent at once', async () => {
    await createUser(database, { email: 'burst@cert.vn', role: 'analyst', password: PASSWORD });
    const results = await Promise.all(
      Array.from({ length: 12 }, () => logIn(database, 'burst@cert.vn', 'a wrong passphrase')),
    );
    assert.ok(results.every((result) => result.outcome === 'invalid'));
    const user = await selectUserByEmail(database.db, 'burst@cert.vn');
    assert.equal(user?.failedLogins, 12);
    const lockedUntil = user?.lockedUntil ?? null;
    assert.ok(lockedUntil !== null && Date.parse(lockedUntil) > Date.now());
    const right = await logIn(database, 'burst@cert.vn', PASSWORD);
    assert.equal(right.outcome, 'locked');
  });

  it('accepts a TOTP code sent twice at once only once', async () => {
    await createUser(database, { email: 'twice@cert.vn', role: 'admin', password: PASSWORD });
    const user = await selectUserByEmail(database.db, 'twice@cert.vn');
    const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
    await updateTotp(database.db, user!.id, { secret, confirmedAt: new Date().toISOString() });
    const sessions = [];
    for (let index = 0; index < 4; index += 1) {
      const login = await logIn(database, 'twice@cert.vn', PASSWORD);
      assert.equal(login.outcome, 'ok');
      sessions.push((await resolveSession(database, (login as { token: string }).token))!);
    }
    assert.ok(sessions.every((session) => session.stage === 'totp'));
    const code = currentTotpCode(secret);
    const stages = await Promise.all(
      sessions.map((session) => verifyTotpCode(database, session, code)),
    );
    assert.deepEqual(
      stages.filter((stage) => stage !== undefined),
      ['complete'],
    );
  });
});
