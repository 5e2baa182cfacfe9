import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { stixComparisons } from './stix-pattern.ts';

describe('stixComparisons', () => {
  test('single equality', () => {
    assert.deepEqual(stixComparisons("[url:value = 'http://x4z9arb.cn/4712/']"), [
      {
        path: 'url:value',
        operator: '=',
        negated: false,
        values: ['http://x4z9arb.cn/4712/'],
        allStrings: true,
      },
    ]);
  });

  test('OR and AND lists', () => {
    const pattern =
      "[domain-name:value = 'a.example' OR domain-name:value = 'b.example'] AND [ipv4-addr:value = '192.0.2.1']";
    const comparisons = stixComparisons(pattern);
    assert.ok(Array.isArray(comparisons));
    assert.deepEqual(
      comparisons.map((comparison) => [comparison.path, comparison.values[0]]),
      [
        ['domain-name:value', 'a.example'],
        ['domain-name:value', 'b.example'],
        ['ipv4-addr:value', '192.0.2.1'],
      ],
    );
  });

  test('escaped quote and backslash', () => {
    const comparisons = stixComparisons("[url:value = 'http://a.example/it\\'s\\\\x']");
    assert.ok(Array.isArray(comparisons));
    assert.deepEqual(comparisons[0]?.values, ["http://a.example/it's\\x"]);
  });

  test('quoted path parts', () => {
    const comparisons = stixComparisons("[file:hashes.'SHA-256' = 'ef53']");
    assert.ok(Array.isArray(comparisons));
    assert.equal(comparisons[0]?.path, "file:hashes.'SHA-256'");
  });

  test('IN sets and NOT', () => {
    const comparisons = stixComparisons("[ipv4-addr:value NOT IN ('192.0.2.1', '192.0.2.2')]");
    assert.ok(Array.isArray(comparisons));
    assert.deepEqual(comparisons[0], {
      path: 'ipv4-addr:value',
      operator: 'IN',
      negated: true,
      values: ['192.0.2.1', '192.0.2.2'],
      allStrings: true,
    });
  });

  test('qualifiers and typed literals', () => {
    const pattern =
      "([email-message:from_ref.value = 'a@b.example'] FOLLOWEDBY [network-traffic:dst_port = 443]) " +
      "WITHIN 300 SECONDS START t'2016-06-01T00:00:00Z' STOP t'2016-07-01T00:00:00Z'";
    const comparisons = stixComparisons(pattern);
    assert.ok(Array.isArray(comparisons));
    assert.deepEqual(
      comparisons.map((comparison) => [comparison.path, comparison.allStrings]),
      [
        ['email-message:from_ref.value', true],
        ['network-traffic:dst_port', false],
      ],
    );
  });

  test('array index paths', () => {
    const comparisons = stixComparisons(
      "[email-message:body_multipart[*].body_raw_ref.name MATCHES '^x']",
    );
    assert.ok(Array.isArray(comparisons));
    assert.equal(comparisons[0]?.path, 'email-message:body_multipart[*].body_raw_ref.name');
    assert.equal(comparisons[0]?.operator, 'MATCHES');
  });

  test('unclosed string', () => {
    assert.equal(
      stixComparisons("[url:value = 'http://a"),
      'pattern has a string that is not closed',
    );
  });

  test('missing operator', () => {
    assert.equal(
      stixComparisons("[url:value 'x']"),
      'pattern has no comparison operator after url:value',
    );
  });
});
