import { isCategory } from '../taxonomy.ts';
import { parseTlpLabel, type TlpLabel } from '../tlp.ts';

export const VERDICTS = ['confirmed', 'rejected', 'needs_info'] as const;
export type Verdict = (typeof VERDICTS)[number];

/**
 * Effects a decision has on its indicators' listings. `changed` keeps them
 * listed under new terms (category, marking, expiry). `warning_label` lists
 * them for labelling only, as for fact-checked false information.
 */
export const DECISION_ACTIONS = ['listed', 'delisted', 'changed', 'warning_label', 'none'] as const;
export type DecisionAction = (typeof DECISION_ACTIONS)[number];

export const DECISION_STATUSES = ['pending_approval', 'effective', 'refused'] as const;
export type DecisionStatus = (typeof DECISION_STATUSES)[number];

/** A decision by a person or a feed, before it is validated and stored. */
export interface DecisionDraft {
  readonly verdict: string;
  readonly action: string;
  readonly category: string;
  readonly legalBasis: string;
  readonly reasons: string;
  readonly tlp: string;
  /** ISO time the listing expires or is due for review. Required when listing. */
  readonly expiresAt: string | null;
}

export interface ValidDecision {
  readonly verdict: Verdict;
  readonly action: DecisionAction;
  readonly category: string;
  readonly legalBasis: string;
  readonly reasons: string;
  readonly tlp: TlpLabel;
  readonly expiresAt: string | null;
}

/** A field of a draft that is not acceptable, and what to do about it. */
export interface DecisionProblem {
  readonly field: keyof DecisionDraft;
  readonly message: string;
}

const MAX_REASONS_LENGTH = 4000;

/**
 * Checks a draft against the safeguards every decision carries. These are a
 * verdict and action that fit together, a category from the taxonomy, a legal
 * basis from the operator's list, a statement of reasons, a TLP marking, and
 * a future expiry for anything that lists. Returns every problem found.
 */
export function validateDecision(
  draft: DecisionDraft,
  legalBases: readonly string[],
  now: Date,
): ValidDecision | DecisionProblem[] {
  const problems: DecisionProblem[] = [];
  const verdict = (VERDICTS as readonly string[]).includes(draft.verdict)
    ? (draft.verdict as Verdict)
    : undefined;
  if (verdict === undefined) {
    problems.push({
      field: 'verdict',
      message: `verdict "${draft.verdict}" must be one of ${VERDICTS.join(', ')}`,
    });
  }

  const action = (DECISION_ACTIONS as readonly string[]).includes(draft.action)
    ? (draft.action as DecisionAction)
    : undefined;
  if (action === undefined) {
    problems.push({
      field: 'action',
      message: `action "${draft.action}" must be one of ${DECISION_ACTIONS.join(', ')}`,
    });
  }

  const lists = action === 'listed' || action === 'changed' || action === 'warning_label';
  if (verdict !== undefined && action !== undefined && lists && verdict !== 'confirmed') {
    problems.push({
      field: 'verdict',
      message: `only a confirmed verdict can have the action ${action}`,
    });
  }
  if (!isCategory(draft.category)) {
    problems.push({
      field: 'category',
      message: `category "${draft.category}" is not in the taxonomy`,
    });
  }
  if (action === 'listed' && draft.category === 'false_information') {
    problems.push({
      field: 'action',
      message:
        'false information gets a warning label, never a blocking listing: use warning_label',
    });
  }
  if (!legalBases.includes(draft.legalBasis)) {
    problems.push({
      field: 'legalBasis',
      message: `legal basis "${draft.legalBasis}" is not one of the configured bases: ${legalBases.join(', ')}`,
    });
  }

  const reasons = draft.reasons.trim();
  if (reasons.length === 0) {
    problems.push({
      field: 'reasons',
      message: 'the statement of reasons is missing: write the public reasons for this decision',
    });
  } else if (reasons.length > MAX_REASONS_LENGTH) {
    problems.push({
      field: 'reasons',
      message: `the statement of reasons has ${reasons.length} characters, more than the maximum of ${MAX_REASONS_LENGTH}: shorten it`,
    });
  }

  const tlp = parseTlpLabel(draft.tlp);
  if (tlp === undefined) {
    problems.push({
      field: 'tlp',
      message: `"${draft.tlp}" is not a TLP 2.0 marking such as TLP:CLEAR`,
    });
  }

  let expiresAt: string | null = null;
  if (draft.expiresAt !== null && draft.expiresAt !== '') {
    const time = new Date(draft.expiresAt);
    if (Number.isNaN(time.getTime())) {
      problems.push({
        field: 'expiresAt',
        message: `expiry "${draft.expiresAt}" is invalid: give an ISO date and time`,
      });
    } else if (time.getTime() <= now.getTime()) {
      problems.push({
        field: 'expiresAt',
        message: `the expiry ${draft.expiresAt} is not in the future`,
      });
    } else {
      expiresAt = time.toISOString();
    }
  } else if (lists) {
    problems.push({
      field: 'expiresAt',
      message: 'the expiry is missing: a listing needs an expiry or review date',
    });
  }

  if (problems.length > 0 || verdict === undefined || action === undefined || tlp === undefined) {
    return problems;
  }
  return {
    verdict,
    action,
    category: draft.category,
    legalBasis: draft.legalBasis,
    reasons,
    tlp,
    expiresAt,
  };
}
