import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

import { SMTPServer } from 'smtp-server';

import { type Config, loadConfig } from '../../src/config.ts';
import { IndicatorError } from '../../src/domain/indicators/indicator.ts';
import { parseIndicator } from '../../src/domain/indicators/parse-indicator.ts';
import { recordDecision, type RecordDecisionInput } from '../../src/services/decision.service.ts';
import type { Database } from '../../src/store/database.ts';
import { upsertIndicatorBatch } from '../../src/store/indicator-batch.repository.ts';

/** Stores raw values as indicators, unlisted, and returns their ids in input order. */
export async function seedIndicators(
  database: Database,
  values: readonly string[],
): Promise<number[]> {
  const indicators = values.map((raw) => {
    const indicator = parseIndicator(raw);
    if (indicator instanceof IndicatorError) {
      throw indicator;
    }
    return indicator;
  });
  await upsertIndicatorBatch(
    database,
    indicators.map((indicator) => ({
      kind: indicator.kind,
      value: indicator.value,
      host: indicator.host ?? null,
      registrableDomain: indicator.registrableDomain ?? null,
      category: 'phishing',
      seenAt: null,
      reasons: null,
    })),
    { source: 'test-report', now: new Date().toISOString(), tlp: 'TLP:CLEAR' },
  );
  const ids: number[] = [];
  for (const indicator of indicators) {
    const row = await database.db
      .selectFrom('indicators')
      .select('id')
      .where('kind', '=', indicator.kind)
      .where('value', '=', indicator.value)
      .executeTakeFirstOrThrow();
    ids.push(Number(row.id));
  }
  return ids;
}

/** Records an automated, effective decision that lists the indicators for 30 days. */
export async function decide(
  database: Database,
  indicatorIds: readonly number[],
  overrides: Partial<RecordDecisionInput> = {},
): Promise<number> {
  const { id } = await recordDecision(
    database,
    {
      verdict: 'confirmed',
      action: 'listed',
      category: 'phishing',
      legalBasis: 'law-on-cybersecurity-2018',
      reasons: 'Fake bank login page collecting card numbers, verified by an analyst.',
      tlp: 'TLP:GREEN',
      expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      indicatorIds,
      decidedBy: null,
      automated: true,
      ...overrides,
    },
    { legalBases: loadConfig({}).legalBases },
  );
  return id;
}

/** Returns the configuration of a test, with settings from `env` on top. */
export function testConfig(env: NodeJS.ProcessEnv = {}): Config {
  return loadConfig({ VIGIL_OPERATOR_EMAIL: 'notices@cert.vigil.test', ...env });
}

export interface ReceivedRequest {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface WebhookReceiver {
  readonly url: string;
  /** Every request received, failed ones included. */
  readonly requests: ReceivedRequest[];
  close(): Promise<void>;
}

/** Starts an HTTP server on 127.0.0.1 that responds 500 to the first `failures` requests, then 204. */
export async function startWebhookReceiver(failures: number): Promise<WebhookReceiver> {
  const requests: ReceivedRequest[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.statusCode = requests.length <= failures ? 500 : 204;
      response.end(requests.length <= failures ? 'try later' : '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/vigil`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export interface ReceivedMail {
  readonly from: string;
  readonly to: readonly string[];
  readonly raw: string;
}

export interface Mailbox {
  readonly smtpUrl: string;
  readonly messages: ReceivedMail[];
  close(): Promise<void>;
}

/** Starts an SMTP server on 127.0.0.1 without TLS or login that keeps every message. */
export async function startMailbox(): Promise<Mailbox> {
  const messages: ReceivedMail[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const from = session.envelope.mailFrom;
        messages.push({
          from: from === false ? '' : from.address,
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    smtpUrl: `smtp://127.0.0.1:${port}`,
    messages,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Waits until `check` returns true, polling every 20 ms, or fails after `timeoutMs`. */
export async function waitFor(
  check: () => Promise<boolean> | boolean,
  what: string,
  timeoutMs = 15_000,
) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
