import { createChallenge, extractParams, verifySolution } from 'altcha-lib/v1';
import type { Challenge } from 'altcha-lib/v1/types';

import { InputProblem } from '../domain/reports/input-problem.ts';
import { keyedHash } from './contact-crypto.ts';

/**
 * The largest number a challenge may hide. A browser finds it after half as
 * many SHA-256 hashes on average, under a second on a recent phone.
 * NOTE: an estimate, not measured on low-end phones.
 */
export const CHALLENGE_MAX_NUMBER = 50_000;

/** How long a challenge stays valid: long enough to fill in the form slowly. */
export const CHALLENGE_TTL_MINUTES = 120;

/** A checked solution: its signature marks it spent until it expires. */
export interface CheckedProof {
  readonly signature: string;
  readonly expiresAt: string;
}

/** Creates an ALTCHA (v1, SHA-256) challenge signed with a key derived from the secret key. */
export async function createProofChallenge(
  secretKey: Buffer,
  now = new Date(),
): Promise<Challenge> {
  return createChallenge({
    hmacKey: hmacKeyFrom(secretKey),
    maxNumber: CHALLENGE_MAX_NUMBER,
    expires: new Date(now.getTime() + CHALLENGE_TTL_MINUTES * 60_000),
  });
}

/**
 * Checks a solution sent in the `altcha` field: base64 of the JSON payload
 * the page script builds. Throws an InputProblem on `altcha` when it is
 * malformed, expired or wrong. Whether it was spent before is the caller's
 * check, inside its transaction.
 */
export async function checkProof(secretKey: Buffer, payload: string): Promise<CheckedProof> {
  const invalid = () =>
    new InputProblem(
      'altcha',
      'proof_invalid',
      'altcha: the anti-spam check failed or expired; reload the page and send the form again',
    );
  if (payload.length > 2000) {
    throw invalid();
  }
  let decoded: { signature?: unknown; salt?: unknown };
  try {
    decoded = JSON.parse(Buffer.from(payload, 'base64').toString('utf8')) as typeof decoded;
  } catch {
    throw invalid();
  }
  if (typeof decoded.signature !== 'string' || typeof decoded.salt !== 'string') {
    throw invalid();
  }
  const verified = await verifySolution(payload, hmacKeyFrom(secretKey), true).catch(() => false);
  if (!verified) {
    throw invalid();
  }
  const expires = Number(extractParams(payload).expires);
  return {
    signature: decoded.signature,
    expiresAt: new Date(Number.isFinite(expires) ? expires * 1000 : Date.now()).toISOString(),
  };
}

function hmacKeyFrom(secretKey: Buffer): string {
  return keyedHash(secretKey, 'altcha', 'hmac-key');
}
