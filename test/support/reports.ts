import { randomBytes } from 'node:crypto';

import { IndicatorError } from '../../src/domain/indicators/indicator.ts';
import { parseIndicator } from '../../src/domain/indicators/parse-indicator.ts';
import type { Database } from '../../src/store/database.ts';
import {
  insertReport,
  insertReportIndicators,
  upsertReportedIndicators,
} from '../../src/store/report.repository.ts';

export interface TestReportInput {
  /** Raw values as a reporter typed them. Each must parse. */
  readonly values: readonly string[];
  readonly category?: string;
  readonly channel?: string;
  readonly description?: string;
  readonly messageText?: string | null;
  readonly contactEncrypted?: string | null;
  readonly now?: string;
}

export interface TestReport {
  readonly reportId: number;
  readonly receipt: string;
  readonly indicatorIds: number[];
}

/** Inserts a report with its indicators through the report repository, as intake would. */
export async function insertTestReport(
  database: Database,
  input: TestReportInput,
): Promise<TestReport> {
  const now = input.now ?? new Date().toISOString();
  const category = input.category ?? 'fraud';
  const parsed = input.values.map((raw) => {
    const indicator = parseIndicator(raw);
    if (indicator instanceof IndicatorError) {
      throw indicator;
    }
    return { raw, indicator };
  });
  const receipt = `T-${randomBytes(6).toString('hex').toUpperCase()}`;
  return database.db.transaction().execute(async (trx) => {
    const indicatorIds = await upsertReportedIndicators(
      trx,
      parsed.map(({ indicator }) => ({
        kind: indicator.kind,
        value: indicator.value,
        host: indicator.host ?? null,
        registrableDomain: indicator.registrableDomain ?? null,
      })),
      { category, now },
    );
    const reportId = await insertReport(trx, {
      receipt,
      category,
      channel: input.channel ?? 'sms',
      seenAt: null,
      description: input.description ?? 'A message asked me to log in to my bank',
      messageText: input.messageText ?? null,
      moneyLost: false,
      amountLost: null,
      language: 'vi',
      contactEncrypted: input.contactEncrypted ?? null,
      reporterHash: null,
      reporterHashExpiresAt: null,
      now,
    });
    await insertReportIndicators(
      trx,
      reportId,
      parsed.map(({ raw }, index) => ({ indicatorId: indicatorIds[index]!, entered: raw })),
    );
    return { reportId, receipt, indicatorIds };
  });
}
