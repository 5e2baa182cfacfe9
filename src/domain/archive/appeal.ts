/** States of an appeal; the last three are its outcomes. */
export const APPEAL_STATUSES = ['received', 'in_review', 'upheld', 'delisted', 'changed'] as const;
export type AppealStatus = (typeof APPEAL_STATUSES)[number];

export const APPEAL_OUTCOMES = ['upheld', 'delisted', 'changed'] as const;
export type AppealOutcome = (typeof APPEAL_OUTCOMES)[number];

/** The prefix of appeal receipts, so that they never read as report receipts. */
export const APPEAL_RECEIPT_PREFIX = 'APL';

export const MIN_APPEAL_REASONS = 10;
export const MAX_APPEAL_REASONS = 4000;
export const MAX_APPEAL_CONTACT = 200;

export function isAppealOutcome(value: string): value is AppealOutcome {
  return (APPEAL_OUTCOMES as readonly string[]).includes(value);
}

export function isOpenAppeal(status: string): boolean {
  return status === 'received' || status === 'in_review';
}

/** A problem with what an appellant sent, naming the form field. */
export interface AppealProblem {
  readonly field: 'indicator' | 'reasons' | 'contact';
  readonly message: string;
}

/**
 * Checks the free-text fields of an appeal: reasons of 10 to 4000 characters
 * after trimming, and an optional contact of at most 200 characters without
 * control characters. Returns the problems found.
 */
export function checkAppealText(reasons: string, contact: string): AppealProblem[] {
  const problems: AppealProblem[] = [];
  const trimmed = reasons.trim();
  if (trimmed.length < MIN_APPEAL_REASONS) {
    problems.push({
      field: 'reasons',
      message: `reasons: say why the listing is wrong in at least ${MIN_APPEAL_REASONS} characters`,
    });
  } else if (trimmed.length > MAX_APPEAL_REASONS) {
    problems.push({
      field: 'reasons',
      message: `reasons: ${trimmed.length} characters; at most ${MAX_APPEAL_REASONS} are allowed`,
    });
  }
  const contactTrimmed = contact.trim();
  if (contactTrimmed.length > MAX_APPEAL_CONTACT) {
    problems.push({
      field: 'contact',
      message: `contact: at most ${MAX_APPEAL_CONTACT} characters are allowed`,
    });
  } else if (/\p{Cc}/u.test(contactTrimmed)) {
    problems.push({ field: 'contact', message: 'contact: remove the control characters' });
  }
  return problems;
}

/** Returns the e-mail address in a contact field, if it is one. */
export function contactEmail(contact: string): string | undefined {
  const trimmed = contact.trim();
  return /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[A-Za-z]{2,}$/.test(trimmed)
    ? trimmed
    : undefined;
}
