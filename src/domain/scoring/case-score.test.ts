import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { type CaseFeatures, FEATURE_WEIGHTS, scoreCase } from './case-score.ts';
import { nextLivenessState } from './liveness.ts';

const NONE: CaseFeatures = {
  independentReporters: 0,
  reporterReliability: 0.5,
  feedReliability: 0,
  lookalikeBrands: 0,
  domainAgeDays: null,
  sourceReuse: 0,
  earlierListings: 0,
  moneyLostReports: 0,
  amountLost: 0,
};

describe('scoreCase', () => {
  test('weights sum to 100', () => {
    assert.equal(
      Object.values(FEATURE_WEIGHTS).reduce((sum, weight) => sum + weight, 0),
      100,
    );
  });

  test('no evidence scores zero', () => {
    const result = scoreCase(NONE);
    assert.equal(result.score, 0);
    assert.ok(result.contributions.every((item) => item.share === 0));
  });

  test('shares sum to one', () => {
    const result = scoreCase({
      ...NONE,
      independentReporters: 3,
      lookalikeBrands: 1,
      domainAgeDays: 5,
    });
    const total = result.contributions.reduce((sum, item) => sum + item.share, 0);
    assert.ok(Math.abs(total - 1) < 0.01);
    assert.ok(result.score > 0);
    assert.ok(result.score <= 100);
  });

  test('more reporters score higher', () => {
    const one = scoreCase({ ...NONE, independentReporters: 1 }).score;
    const five = scoreCase({ ...NONE, independentReporters: 5 }).score;
    assert.ok(five > one);
  });

  test('young domain adds points', () => {
    const young = scoreCase({ ...NONE, domainAgeDays: 3 });
    const old = scoreCase({ ...NONE, domainAgeDays: 4000 });
    const feature = (score: typeof young) =>
      score.contributions.find((item) => item.feature === 'domainAgeDays')!.points;
    assert.equal(feature(young), FEATURE_WEIGHTS.domainAgeDays);
    assert.equal(feature(old), 0);
  });

  test('hostile numbers stay in range', () => {
    const result = scoreCase({
      ...NONE,
      independentReporters: Infinity,
      amountLost: NaN,
      feedReliability: 7,
    });
    assert.ok(result.score >= 0);
    assert.ok(result.score <= 100);
  });
});

describe('nextLivenessState', () => {
  const policy = { failuresToTakedown: 3, baseHours: 6 };
  const now = new Date('2026-01-01T00:00:00.000Z');

  test('third failure marks taken down', () => {
    let state = { checkFailures: 0, takenDownAt: null as string | null };
    for (let check = 1; check <= 3; check += 1) {
      state = nextLivenessState(state, false, now, policy);
      assert.equal(state.takenDownAt === null, check < 3, `check ${check}`);
    }
    assert.equal(state.takenDownAt, now.toISOString());
  });

  test('success marks back up', () => {
    const state = nextLivenessState(
      { checkFailures: 4, takenDownAt: '2025-12-01T00:00:00.000Z' },
      true,
      now,
      policy,
    );
    assert.equal(state.takenDownAt, null);
    assert.equal(state.checkFailures, 0);
    assert.equal(state.changed, true);
  });

  test('failures back off to a week', () => {
    const first = nextLivenessState({ checkFailures: 0, takenDownAt: null }, false, now, policy);
    const many = nextLivenessState({ checkFailures: 20, takenDownAt: null }, false, now, policy);
    assert.equal(first.nextCheckAt, '2026-01-01T12:00:00.000Z');
    assert.equal(many.nextCheckAt, '2026-01-08T00:00:00.000Z');
  });
});
