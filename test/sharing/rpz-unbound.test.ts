import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { runExport } from '../../src/services/export.service.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { listValues } from '../support/factories.ts';
import { testConfig } from './seed.ts';
import { answerOf, type LocalUnbound, SKIP_WITHOUT_UNBOUND, startUnbound } from './unbound.ts';

// Every name has an address upstream, listed or not, so only the policy can make it NXDOMAIN.
const NAMES = [
  'evil-bank.vn',
  'login.evil-bank.vn',
  'a.b.evil-bank.vn',
  'phish-host.com.vn',
  'www.phish-host.com.vn',
  'shared-host.vn',
  'rumour-site.vn',
  'secret-case.vn',
  'amber-only.vn',
];
const upstreamAddress = (name: string) => `A 192.0.2.${20 + NAMES.indexOf(name)}`;

describe('RPZ zone in Unbound', { skip: SKIP_WITHOUT_UNBOUND }, () => {
  let database: TestDatabase;
  let unbound: LocalUnbound;

  before(async () => {
    database = await createTestDatabase();
    const now = new Date().toISOString();
    await listValues(
      database,
      ['evil-bank.vn', 'http://phish-host.com.vn/', 'http://shared-host.vn/page'],
      { now },
    );
    await listValues(database, ['rumour-site.vn'], { now, category: 'false_information' });
    await listValues(database, ['secret-case.vn'], { now, tlp: 'TLP:RED' });
    await listValues(database, ['amber-only.vn'], { now, tlp: 'TLP:AMBER' });

    const config = testConfig();
    const result = await runExport(database, config, {
      format: 'rpz',
      reader: { clearance: 'TLP:CLEAR' },
    });
    unbound = await startUnbound(
      [...result.files.values()][0]!.body,
      config.sharing.rpzZone,
      NAMES,
    );
  });

  after(async () => {
    await unbound?.stop();
    await database.close();
  });

  it('blocks a listed domain', async () => {
    assert.equal(await answerOf(unbound.resolver, 'evil-bank.vn'), 'ENOTFOUND');
  });

  it('blocks subdomains of a listed domain', async () => {
    assert.equal(await answerOf(unbound.resolver, 'login.evil-bank.vn'), 'ENOTFOUND');
    assert.equal(await answerOf(unbound.resolver, 'a.b.evil-bank.vn'), 'ENOTFOUND');
  });

  it('blocks the host of a root URL', async () => {
    assert.equal(await answerOf(unbound.resolver, 'phish-host.com.vn'), 'ENOTFOUND');
    const www = 'www.phish-host.com.vn';
    assert.equal(await answerOf(unbound.resolver, www), upstreamAddress(www));
  });

  it('leaves unlisted names alone', async () => {
    assert.equal(await answerOf(unbound.resolver, 'safe.vigil.test'), 'A 192.0.2.10');
    const shared = 'shared-host.vn';
    assert.equal(await answerOf(unbound.resolver, shared), upstreamAddress(shared));
  });

  it('leaves out labels, red and amber', async () => {
    for (const name of ['rumour-site.vn', 'secret-case.vn', 'amber-only.vn']) {
      assert.equal(await answerOf(unbound.resolver, name), upstreamAddress(name), name);
    }
  });
});
