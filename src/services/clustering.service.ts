import { type Kysely, sql } from 'kysely';

import { identityOf, indicatorSourceKeys } from '../domain/clustering/source-keys.ts';
import { groupBySharedKeys } from '../domain/clustering/union-find.ts';
import { isCategory } from '../domain/taxonomy.ts';
import { appendAuditEntry } from '../store/audit.repository.ts';
import {
  attachUnassignedReports,
  type ClusterIndicatorRow,
  insertCase,
  insertCaseEvent,
  insertCommonKeys,
  insertSourceKeys,
  mergeCaseRows,
  selectCases,
  selectCategoryVotes,
  selectCoReportedIndicators,
  selectCommonKeys,
  selectIndicatorsByIds,
  selectKeyHolders,
  selectKeysOfIndicators,
  selectKeysPastLimit,
  selectReportedIndicatorIds,
  selectCaseIdsOfIndicators,
  selectCommonKeyPage,
  upsertCaseIndicators,
} from '../store/case.repository.ts';
import type { Database } from '../store/database.ts';
import type { Schema } from '../store/schema.ts';
import { updateCaseScore } from './case-score.service.ts';

export interface ClusterSettings {
  /** Identities a key may link before it becomes common infrastructure. */
  readonly keyLimit: number;
  readonly now?: Date;
  /** The actor recorded in the audit log. */
  readonly actor?: string;
}

export interface ClusterResult {
  readonly casesCreated: number[];
  /** Cases that gained indicators or reports, created ones excluded. */
  readonly casesJoined: number[];
  /** Each merge of one case into another. */
  readonly merges: { readonly from: number; readonly into: number }[];
  /** Keys that passed the limit in this run and were listed as common infrastructure. */
  readonly newCommonKeys: string[];
}

/** A node of the working graph: an indicator, or a whole existing case. */
type ClusterNode =
  | { readonly type: 'indicator'; readonly id: number; readonly keys: Set<string> }
  | { readonly type: 'case'; readonly id: number; readonly keys: Set<string> };

const REPORT_KEY = 'report:';
const CASE_KEY = 'case:';

/**
 * Joins indicators to cases by the source keys they share, in one
 * transaction. It stores each indicator's own keys, lists keys that link more
 * identities than `keyLimit` as common infrastructure, and runs a union-find
 * over the indicators, the reports that name them together, and the existing
 * cases their keys reach. A group with a reported indicator and no case gets a
 * new case; a group that reaches several open cases merges them into the
 * oldest. Feed-only groups stay without a case until a report joins them.
 * Running it again on the same ids changes nothing. The score of every case
 * that was created or gained members is computed afresh after the commit.
 */
export async function clusterIndicators(
  database: Database,
  indicatorIds: readonly number[],
  settings: ClusterSettings,
): Promise<ClusterResult> {
  const at = (settings.now ?? new Date()).toISOString();
  const actor = settings.actor ?? 'job:cluster.indicators';
  const result: ClusterResult = {
    casesCreated: [],
    casesJoined: [],
    merges: [],
    newCommonKeys: [],
  };
  const ids = [...new Set(indicatorIds)].filter((id) => Number.isSafeInteger(id) && id > 0);
  if (ids.length === 0) {
    return result;
  }
  await database.db.transaction().execute(async (trx) => {
    if (database.dialect === 'postgres') {
      // Two workers clustering overlapping batches at once could each create a
      // case for the same source; one lock per transaction orders them.
      await sql`select pg_advisory_xact_lock(hashtext('vigil.cluster'))`.execute(trx);
    }
    const batch = await selectIndicatorsByIds(trx, ids);
    await storeOwnKeys(trx, batch, at);

    const nodes = new Map<number, ClusterNode>();
    const indicatorNode = (id: number) => {
      let node = nodes.get(id);
      if (node === undefined) {
        node = { type: 'indicator', id, keys: new Set() };
        nodes.set(id, node);
      }
      return node;
    };
    for (const row of batch) {
      indicatorNode(row.id);
    }
    for (const link of await selectCoReportedIndicators(trx, [...nodes.keys()])) {
      indicatorNode(link.indicatorId).keys.add(`${REPORT_KEY}${link.reportId}`);
    }
    const memberIds = [...nodes.keys()];
    for (const row of await selectKeysOfIndicators(trx, memberIds)) {
      indicatorNode(row.indicatorId).keys.add(row.key);
    }

    const sourceKeys = [...new Set([...nodes.values()].flatMap((node) => [...node.keys]))].filter(
      (key) => !key.startsWith(REPORT_KEY),
    );
    const common = await selectCommonKeys(trx, sourceKeys);
    const candidates = sourceKeys.filter(
      (key) => !common.has(key) && !key.startsWith('domain:') && !key.startsWith('host:'),
    );
    const pastLimit = await selectKeysPastLimit(trx, candidates, settings.keyLimit);
    if (pastLimit.size > 0) {
      await insertCommonKeys(
        trx,
        [...pastLimit].map(([key, count]) => ({
          key,
          reason: 'limit',
          caseCount: count,
          createdAt: at,
        })),
      );
      for (const key of pastLimit.keys()) {
        common.add(key);
        result.newCommonKeys.push(key);
      }
    }

    const caseNodes = new Map<number, ClusterNode>();
    const caseNode = (caseId: number) => {
      let node = caseNodes.get(caseId);
      if (node === undefined) {
        node = { type: 'case', id: caseId, keys: new Set([`${CASE_KEY}${caseId}`]) };
        caseNodes.set(caseId, node);
      }
      return node;
    };
    for (const [indicatorId, caseId] of await selectCaseIdsOfIndicators(trx, memberIds)) {
      indicatorNode(indicatorId).keys.add(`${CASE_KEY}${caseId}`);
      caseNode(caseId);
    }
    const joinable = sourceKeys.filter((key) => !common.has(key));
    for (const holder of await selectKeyHolders(trx, joinable)) {
      if (holder.caseId !== null) {
        caseNode(holder.caseId).keys.add(holder.key);
      } else {
        indicatorNode(holder.indicatorId).keys.add(holder.key);
      }
    }

    const all = [...nodes.values(), ...caseNodes.values()];
    const groups = groupBySharedKeys(
      all.length,
      (index) => all[index]!.keys,
      (key) => !common.has(key),
    );
    const components = new Map<number, ClusterNode[]>();
    groups.forEach((group, index) => {
      const members = components.get(group) ?? [];
      members.push(all[index]!);
      components.set(group, members);
    });

    const reported = await selectReportedIndicatorIds(
      trx,
      all.filter((node) => node.type === 'indicator').map((node) => node.id),
    );
    const caseIds = [...caseNodes.keys()];
    const cases = new Map((await selectCases(trx, caseIds)).map((row) => [row.id, row]));
    for (const members of components.values()) {
      await settleComponent(database, trx, members, { reported, cases, at, actor, result });
    }
  });
  const touched = new Set([...result.casesCreated, ...result.casesJoined]);
  for (const caseId of touched) {
    await updateCaseScore(database, caseId);
  }
  return result;
}

async function storeOwnKeys(
  trx: Kysely<Schema>,
  batch: readonly ClusterIndicatorRow[],
  at: string,
): Promise<void> {
  const rows = batch.flatMap((indicator) =>
    indicatorSourceKeys(indicator).map((key) => ({
      indicatorId: indicator.id,
      key,
      origin: 'indicator',
      createdAt: at,
    })),
  );
  await insertSourceKeys(trx, rows);
}

interface SettleContext {
  readonly reported: Set<number>;
  readonly cases: Map<number, { readonly id: number; readonly status: string }>;
  readonly at: string;
  readonly actor: string;
  readonly result: ClusterResult;
}

/** Gives one group of nodes its case: a new one, the one it reaches, or the oldest after merging. */
async function settleComponent(
  database: Database,
  trx: Kysely<Schema>,
  members: readonly ClusterNode[],
  context: SettleContext,
): Promise<void> {
  const { at, actor, result } = context;
  const indicatorIds = members.filter((node) => node.type === 'indicator').map((node) => node.id);
  const reachedCases = members
    .filter((node) => node.type === 'case')
    .map((node) => context.cases.get(node.id))
    .filter((row) => row !== undefined && row.status !== 'merged')
    .map((row) => row!)
    .sort((a, b) => a.id - b.id);

  let targetId: number;
  if (reachedCases.length === 0) {
    if (!indicatorIds.some((id) => context.reported.has(id))) {
      return;
    }
    const title = await caseTitle(trx, indicatorIds);
    const category = await caseCategory(trx, indicatorIds);
    targetId = await insertCase(trx, { title, category, at });
    context.cases.set(targetId, { id: targetId, status: 'open' });
    result.casesCreated.push(targetId);
    await insertCaseEvent(trx, { caseId: targetId, at, actor, kind: 'created' });
    await appendAuditEntry(trx, database.dialect, {
      actor,
      action: 'case.create',
      targetType: 'case',
      targetId,
      after: { title, category, indicatorIds },
      at,
    });
  } else {
    const open = reachedCases.filter((row) => row.status === 'open');
    const target = open[0] ?? reachedCases[0]!;
    targetId = target.id;
    // Only open cases merge on their own: a decided case keeps its identity,
    // and the new indicators join the oldest case they reach.
    for (const other of open.slice(1)) {
      await mergeCaseRows(trx, other.id, targetId, at);
      context.cases.set(other.id, { id: other.id, status: 'merged' });
      result.merges.push({ from: other.id, into: targetId });
      await insertCaseEvent(trx, {
        caseId: targetId,
        at,
        actor,
        kind: 'merged',
        detail: { from: other.id, reason: 'shared source key' },
      });
      await insertCaseEvent(trx, {
        caseId: other.id,
        at,
        actor,
        kind: 'merged_into',
        detail: { into: targetId, reason: 'shared source key' },
      });
      await appendAuditEntry(trx, database.dialect, {
        actor,
        action: 'case.merge',
        targetType: 'case',
        targetId: other.id,
        before: { status: 'open' },
        after: { status: 'merged', mergedInto: targetId, reason: 'shared source key' },
        at,
      });
    }
  }

  const alreadyInCase = new Set(
    members.filter((node) => node.type === 'indicator' && inCase(node)).map((node) => node.id),
  );
  const newIndicators = indicatorIds.filter((id) => !alreadyInCase.has(id));
  if (newIndicators.length > 0) {
    await upsertCaseIndicators(trx, targetId, newIndicators, at);
  }
  const attached = await attachUnassignedReports(trx, targetId, indicatorIds, at);
  if (
    !result.casesCreated.includes(targetId) &&
    (newIndicators.length > 0 || attached.length > 0)
  ) {
    result.casesJoined.push(targetId);
    await insertCaseEvent(trx, {
      caseId: targetId,
      at,
      actor,
      kind: 'joined',
      detail: { indicatorIds: newIndicators, reportIds: attached },
    });
  }
}

function inCase(node: ClusterNode): boolean {
  for (const key of node.keys) {
    if (key.startsWith(CASE_KEY)) {
      return true;
    }
  }
  return false;
}

async function caseTitle(trx: Kysely<Schema>, indicatorIds: readonly number[]): Promise<string> {
  const rows = await selectIndicatorsByIds(trx, indicatorIds);
  const counts = new Map<string, number>();
  for (const row of rows) {
    const identity = identityOf(row);
    counts.set(identity, (counts.get(identity) ?? 0) + 1);
  }
  const ranked = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const first = ranked[0]?.[0] ?? 'unnamed source';
  const shown = first.length > 120 ? `${first.slice(0, 117)}...` : first;
  return ranked.length > 1 ? `${shown} and ${ranked.length - 1} more` : shown;
}

async function caseCategory(trx: Kysely<Schema>, indicatorIds: readonly number[]): Promise<string> {
  const { reported, fed } = await selectCategoryVotes(trx, indicatorIds);
  for (const votes of [reported, fed]) {
    const ranked = [...votes]
      .filter(([category]) => isCategory(category) && category !== 'unspecified')
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    if (ranked[0] !== undefined) {
      return ranked[0][0];
    }
  }
  return 'unspecified';
}

/** Returns a page of the keys listed as common infrastructure, in key order. */
export function listCommonKeys(database: Database, limit: number, afterKey?: string) {
  return selectCommonKeyPage(database.db, limit, afterKey);
}
