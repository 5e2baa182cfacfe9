import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { createTestDatabase, type TestDatabase } from '../../test/support/database.ts';
import { decide, seedIndicators, testConfig } from '../../test/sharing/seed.ts';
import {
  selectIndicatorsToEnrich,
  selectRoutingFacts,
  upsertEnrichmentResult,
} from '../store/enrichment.repository.ts';
import { createNoticesForDecision } from './notice.service.ts';
import { addRoutingRule, createOrganisation } from './organisation.service.ts';

const NOW = '2026-03-01T00:00:00.000Z';
const sharing = testConfig().sharing;

describe('routing from stored enrichment', () => {
  let database: TestDatabase;
  const ids = { url: 0, domain: 0, ip: 0, odd: 0, bare: 0 };
  const orgs = { registrar: 0, asn: 0, range: 0, fallback: 0 };

  async function organisationWithRule(name: string, kind: string, type: string, value: string) {
    const { organisation } = await createOrganisation(database, { name, kind }, 'test');
    await addRoutingRule(
      database,
      { organisationId: organisation.id, keyType: type, keyValue: value },
      'test',
    );
    return organisation.id;
  }

  async function store(indicatorId: number, step: 'dns' | 'rdap', status: string, result: unknown) {
    await upsertEnrichmentResult(
      database.db,
      { indicatorId, step, status: status as 'ok', result, error: null },
      NOW,
    );
  }

  async function factsOf(id: number) {
    const [indicator] = await selectIndicatorsToEnrich(database.db, [id]);
    return selectRoutingFacts(database.db, { ...indicator!, id: Number(indicator!.id) });
  }

  async function recipientsOf(indicatorId: number): Promise<number[]> {
    const noticeIds = await createNoticesForDecision(
      database,
      await decide(database, [indicatorId]),
      {
        sharing,
      },
    );
    const rows = await database.db
      .selectFrom('notices')
      .select('organisation_id')
      .where('id', 'in', noticeIds.length > 0 ? noticeIds : [-1])
      .execute();
    return rows.map((row) => Number(row.organisation_id)).sort((a, b) => a - b);
  }

  before(async () => {
    database = await createTestDatabase();
    const seeded = await seedIndicators(database, [
      'https://dangnhap.vcb-xacminh.vn/login',
      'vcb-xacminh.vn',
      '203.0.113.7',
      'https://odd-results.vn/',
      'https://nothing-known.vn/',
    ]);
    [ids.url, ids.domain, ids.ip, ids.odd, ids.bare] = seeded as [
      number,
      number,
      number,
      number,
      number,
    ];
    await store(ids.url, 'dns', 'ok', {
      a: ['203.0.113.7'],
      aaaa: ['2001:DB8:0:0::1'],
      ns: ['ns1.host.vn'],
    });
    await store(ids.domain, 'rdap', 'ok', {
      query: 'vcb-xacminh.vn',
      server: 'http://127.0.0.1:9/',
      registrar: 'Mắt Bão Corporation',
      status: [],
      nameservers: [],
    });
    await store(ids.ip, 'rdap', 'ok', { query: '203.0.113.7', asn: 7552, status: [] });
    await store(ids.odd, 'dns', 'ok', { a: 'not a list', aaaa: [42, '999.1.1.1', '<script>'] });
    await store(ids.odd, 'rdap', 'ok', { registrar: 5, asn: -1 });
    await database.db
      .updateTable('enrichment_results')
      .set({ result: '{not json' })
      .where('indicator_id', '=', ids.odd)
      .where('step', '=', 'rdap')
      .execute();
    await store(ids.bare, 'rdap', 'failed', { registrar: 'Mắt Bão Corporation' });

    orgs.registrar = await organisationWithRule(
      'Mắt Bão',
      'registrar',
      'registrar',
      ' MẮT BÃO Corporation ',
    );
    orgs.asn = await organisationWithRule('Viettel IDC', 'hosting', 'network', 'as7552');
    orgs.range = await organisationWithRule(
      'Documentation host',
      'hosting',
      'network',
      '2001:db8::/32',
    );
    orgs.fallback = await organisationWithRule('VNCERT inbox', 'cert', 'default', '');
  });

  after(async () => {
    await database.close();
  });

  it('reads registrar, addresses and AS numbers', async () => {
    assert.deepEqual(await factsOf(ids.url), {
      registrar: 'Mắt Bão Corporation',
      addresses: ['203.0.113.7', '2001:db8::1'],
      asns: [7552],
    });
  });

  it('reads the AS number of an address', async () => {
    assert.deepEqual(await factsOf(ids.ip), { asns: [7552] });
  });

  it('ignores malformed and failed results', async () => {
    assert.deepEqual(await factsOf(ids.odd), {});
    assert.deepEqual(await factsOf(ids.bare), {});
  });

  it('sends to registrar and hosting networks', async () => {
    const expected = [orgs.registrar, orgs.asn, orgs.range].sort((a, b) => a - b);
    assert.deepEqual(await recipientsOf(ids.url), expected);
  });

  it('routes an address by its AS number', async () => {
    assert.deepEqual(await recipientsOf(ids.ip), [orgs.asn]);
  });

  it('falls back to the default without facts', async () => {
    assert.deepEqual(await recipientsOf(ids.bare), [orgs.fallback]);
    assert.deepEqual(await recipientsOf(ids.odd), [orgs.fallback]);
  });
});
