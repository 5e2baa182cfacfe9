import type { Role } from '../roles.ts';

/** Roles that must pass a TOTP second factor at every login. */
export const ROLES_REQUIRING_TOTP: readonly Role[] = ['supervisor', 'admin'];

/** Failed logins in a row that an account may have before it is locked. */
export const FREE_FAILED_LOGINS = 5;

/** The first lockout, doubled at each further failure up to `MAX_LOCKOUT_MS`. */
export const FIRST_LOCKOUT_MS = 60_000;

export const MAX_LOCKOUT_MS = 60 * 60_000;

export const MIN_PASSWORD_LENGTH = 12;

/** Longer passwords are rejected before hashing, so a login cannot be made to hash megabytes. */
export const MAX_PASSWORD_LENGTH = 256;

export function requiresTotp(role: string): boolean {
  return (ROLES_REQUIRING_TOTP as readonly string[]).includes(role);
}

/**
 * Returns how long an account stays locked after its `failedLogins`-th failure
 * in a row: nothing for the first few, then a minute, doubling up to an hour.
 */
export function lockoutDuration(failedLogins: number): number {
  if (failedLogins < FREE_FAILED_LOGINS) {
    return 0;
  }
  const doublings = Math.min(failedLogins - FREE_FAILED_LOGINS, 10);
  return Math.min(FIRST_LOCKOUT_MS * 2 ** doublings, MAX_LOCKOUT_MS);
}

/** Returns a problem with a new password, or undefined when it is acceptable. */
export function checkNewPassword(password: string, email: string): string | undefined {
  if (password.length < MIN_PASSWORD_LENGTH) {
    return `the password has ${password.length} characters; use at least ${MIN_PASSWORD_LENGTH}`;
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    return `the password has ${password.length} characters; use at most ${MAX_PASSWORD_LENGTH}`;
  }
  const mailbox = email.toLowerCase().split('@')[0] ?? '';
  // Short mailbox names such as "an" would rule out too many passphrases.
  if (mailbox.length >= 4 && password.toLowerCase().includes(mailbox)) {
    return `the password must not contain "${mailbox}", the part of your e-mail address before the @`;
  }
  return undefined;
}

/** Lower-cases and trims an e-mail address, the form users are stored and looked up by. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Accepts the usual `local@domain.tld` shape; delivery is not checked. */
export function isPlausibleEmail(email: string): boolean {
  return email.length <= 254 && /^[^\s@<>"']+@[^\s@<>"']+\.[^\s@<>"']+$/.test(email);
}
