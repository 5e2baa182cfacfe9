import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, describe, it } from 'node:test';

import { createTestDatabase } from '../../test/support/database.ts';
import { listValues } from '../../test/support/factories.ts';
import { decide, seedIndicators } from '../../test/sharing/seed.ts';
import type { CliIo } from './cli-io.ts';
import {
  runExportCommand,
  runNoticeListCommand,
  runNoticeRespondCommand,
  runNoticeSendCommand,
  runOrgAddCommand,
  runOrgKeyCommand,
  runOrgKeysCommand,
  runOrgListCommand,
  runOrgRevokeKeyCommand,
  runOrgRotateKeyCommand,
  runRouteAddCommand,
  runRouteListCommand,
} from './sharing.commands.ts';

function captureIo(): CliIo & { out(): string; err(): string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return { stdin: new PassThrough(), stdout, stderr, out: () => out, err: () => err };
}

describe('sharing commands', async () => {
  const database = await createTestDatabase();
  const folder = mkdtempSync(join(tmpdir(), 'vigil-sharing-cli-'));
  const env = { DATABASE_URL: database.url, VIGIL_DATA_DIR: folder };
  await listValues(database, ['cli-scam.vn']);
  await listValues(database, ['cli-amber.vn'], { tlp: 'TLP:AMBER' });

  after(async () => {
    rmSync(folder, { recursive: true, force: true });
    await database.close();
  });

  it('sets up an organisation', async () => {
    const add = captureIo();
    const code = await runOrgAddCommand(
      'Viettel',
      { kind: 'telco', language: 'vi', tlp: 'TLP:AMBER', webhook: 'http://127.0.0.1:9/hook' },
      add,
      env,
    );
    assert.equal(code, 0, add.err());
    assert.match(
      add.out(),
      /^organisation 1: Viettel \(telco\)\nwebhook signing secret \(shown once\): [\w-]{43}\n$/,
    );

    const key = captureIo();
    assert.equal(
      await runOrgKeyCommand('Viettel', { scopes: 'notices,exports' }, key, env),
      0,
      key.err(),
    );
    assert.match(
      key.out(),
      /^API key 1 for Viettel, scopes notices exports \(shown once\):\nvgl_[0-9a-f]{16}_[\w-]{43}\n$/,
    );

    const route = captureIo();
    assert.equal(
      await runRouteAddCommand('1', { type: 'telco', value: 'Viettel' }, route, env),
      0,
      route.err(),
    );
    assert.equal(route.out(), 'routing rule 1: telco viettel -> Viettel\n');
    const defaults = captureIo();
    assert.equal(await runRouteAddCommand('Viettel', { type: 'default' }, defaults, env), 0);

    const routes = captureIo();
    await runRouteListCommand(routes, env);
    assert.equal(routes.out(), '1\ttelco\tviettel\tViettel\n2\tdefault\t(any)\tViettel\n');
    const list = captureIo();
    await runOrgListCommand({ json: false }, list, env);
    assert.equal(list.out(), '1\tViettel\ttelco\tvi\tTLP:AMBER\twebhook\n');

    const rotate = captureIo();
    assert.equal(await runOrgRotateKeyCommand('1', rotate, env), 0, rotate.err());
    assert.match(rotate.out(), /^API key 2 replaces key 1, which stops in 24 hours/);
    const revoke = captureIo();
    assert.equal(await runOrgRevokeKeyCommand('1', revoke, env), 0);
    const keys = captureIo();
    await runOrgKeysCommand('Viettel', keys, env);
    assert.match(keys.out(), /^1\tvgl_[0-9a-f]{16}_…\tnotices exports\tlast used never\texpires /);
    assert.match(
      keys.out(),
      /\n2\tvgl_[0-9a-f]{16}_…\tnotices exports\tlast used never\tactive\n$/,
    );
  });

  it('reports bad input', async () => {
    const cases: [(io: CliIo) => Promise<number>, RegExp][] = [
      [(io) => runOrgAddCommand('Viettel', { kind: 'telco' }, io, env), /already exists/],
      [(io) => runOrgAddCommand('X', { kind: 'church' }, io, env), /kind: "church" is not one of/],
      [
        (io) => runOrgAddCommand('Y', { kind: 'isp', webhook: 'javascript:alert(1)' }, io, env),
        /webhook: /,
      ],
      [
        (io) => runOrgKeyCommand('Nobody', { scopes: 'notices' }, io, env),
        /organisation "Nobody" does not exist/,
      ],
      [(io) => runOrgKeyCommand('1', { scopes: 'root' }, io, env), /unknown scope "root"/],
      [
        (io) => runRouteAddCommand('1', { type: 'bank', value: '12' }, io, env),
        /not a 6-digit BIN/,
      ],
      [(io) => runOrgRotateKeyCommand('abc', io, env), /key: "abc" is not an id/],
      [(io) => runExportCommand({ format: 'misp' }, io, env), /pass --out FOLDER/],
      [
        (io) => runExportCommand({ format: 'rpz', tlp: 'TLP:RED' }, io, env),
        /not a feed clearance/,
      ],
    ];
    for (const [run, message] of cases) {
      const io = captureIo();
      assert.equal(await run(io), 1);
      assert.match(io.err(), message);
    }
  });

  it('exports to stdout and folders', async () => {
    const rpz = captureIo();
    assert.equal(await runExportCommand({ format: 'rpz' }, rpz, env), 0, rpz.err());
    assert.match(rpz.out(), /^cli-scam\.vn CNAME \.$/m);
    assert.doesNotMatch(rpz.out(), /cli-amber/);
    assert.match(rpz.err(), /^exported 2 names as rpz for TLP:CLEAR, serial \d+\n$/);

    const amber = captureIo();
    assert.equal(await runExportCommand({ format: 'csv', org: 'Viettel' }, amber, env), 0);
    assert.match(amber.out(), /cli-amber\.vn/);

    const out = join(folder, 'misp');
    const misp = captureIo();
    assert.equal(await runExportCommand({ format: 'misp', out }, misp, env), 0, misp.err());
    const files = readdirSync(out).sort();
    assert.equal(files.length, 3);
    assert.deepEqual(files.slice(-2), ['hashes.csv', 'manifest.json']);

    const file = join(folder, 'listings.json');
    assert.equal(await runExportCommand({ format: 'json', out: file }, captureIo(), env), 0);
    assert.equal((JSON.parse(readFileSync(file, 'utf8')) as { count: number }).count, 1);
  });

  it('sends and answers notices', async () => {
    const [id] = await seedIndicators(database, ['+84961234567']);
    const decisionId = await decide(database, [id!]);
    const send = captureIo();
    assert.equal(await runNoticeSendCommand(String(decisionId), send, env), 0, send.err());
    assert.equal(send.out(), '1 notices created: 1\n');
    const repeat = captureIo();
    await runNoticeSendCommand(String(decisionId), repeat, env);
    assert.equal(repeat.out(), '0 notices created\n');

    const list = captureIo();
    await runNoticeListCommand({ org: 'Viettel', overdue: false }, list, env);
    const notice = JSON.parse(list.out().trim()) as {
      id: number;
      actionRequested: string;
      status: string;
    };
    assert.equal(notice.actionRequested, 'suspend');
    assert.equal(notice.status, 'queued');

    const respond = captureIo();
    assert.equal(
      await runNoticeRespondCommand(
        '1',
        { status: 'actioned', note: 'SIM suspended' },
        respond,
        env,
      ),
      0,
    );
    assert.equal(respond.out(), 'notice 1 is actioned\n');
  });
});
