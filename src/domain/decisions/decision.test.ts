import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { type DecisionDraft, validateDecision } from './decision.ts';

const NOW = new Date('2026-12-04T10:00:00.000Z');
const BASES = ['trusted-feed', 'law-on-cybersecurity-2018'];

const listing: DecisionDraft = {
  verdict: 'confirmed',
  action: 'listed',
  category: 'phishing',
  legalBasis: 'law-on-cybersecurity-2018',
  reasons: '  Imitates the sign-in page of a bank.  ',
  tlp: 'tlp:clear',
  expiresAt: '2027-01-04T10:00:00Z',
};

function fieldsOf(result: ReturnType<typeof validateDecision>): string[] {
  return Array.isArray(result) ? result.map((problem) => problem.field) : [];
}

describe('validateDecision', () => {
  it('accepts a complete listing and normalizes it', () => {
    const result = validateDecision(listing, BASES, NOW);
    assert.ok(!Array.isArray(result));
    assert.equal(result.reasons, 'Imitates the sign-in page of a bank.');
    assert.equal(result.tlp, 'TLP:CLEAR');
    assert.equal(result.expiresAt, '2027-01-04T10:00:00.000Z');
  });

  it('reports every problem at once, each with its field', () => {
    const result = validateDecision(
      { ...listing, category: 'opinion', legalBasis: 'none', reasons: ' ', tlp: 'red' },
      BASES,
      NOW,
    );
    assert.deepEqual(fieldsOf(result), ['category', 'legalBasis', 'reasons', 'tlp']);
  });

  it('requires a future expiry for anything that lists', () => {
    assert.deepEqual(fieldsOf(validateDecision({ ...listing, expiresAt: null }, BASES, NOW)), [
      'expiresAt',
    ]);
    assert.deepEqual(
      fieldsOf(validateDecision({ ...listing, expiresAt: '2026-12-01T00:00:00Z' }, BASES, NOW)),
      ['expiresAt'],
    );
    assert.deepEqual(fieldsOf(validateDecision({ ...listing, expiresAt: 'soon' }, BASES, NOW)), [
      'expiresAt',
    ]);
  });

  it('lets a rejection go without an expiry', () => {
    const result = validateDecision(
      { ...listing, verdict: 'rejected', action: 'none', expiresAt: null },
      BASES,
      NOW,
    );
    assert.ok(!Array.isArray(result));
  });

  it('refuses to list on a verdict other than confirmed', () => {
    assert.deepEqual(fieldsOf(validateDecision({ ...listing, verdict: 'rejected' }, BASES, NOW)), [
      'verdict',
    ]);
  });

  it('keeps false information to warning labels', () => {
    const blocked = validateDecision({ ...listing, category: 'false_information' }, BASES, NOW);
    assert.deepEqual(fieldsOf(blocked), ['action']);
    const labelled = validateDecision(
      { ...listing, category: 'false_information', action: 'warning_label' },
      BASES,
      NOW,
    );
    assert.ok(!Array.isArray(labelled));
  });

  it('names an unknown verdict and action', () => {
    const result = validateDecision({ ...listing, verdict: 'maybe', action: 'ban' }, BASES, NOW);
    assert.deepEqual(fieldsOf(result), ['verdict', 'action']);
    assert.ok(Array.isArray(result) && result[0]!.message.includes('"maybe"'));
  });
});
