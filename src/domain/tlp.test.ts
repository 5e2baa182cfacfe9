import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { TLP_LABELS, parseTlpLabel, tlpRank } from './tlp.ts';

describe('TLP labels', () => {
  it('lists the TLP 2.0 labels', () => {
    assert.deepEqual(TLP_LABELS, [
      'TLP:CLEAR',
      'TLP:GREEN',
      'TLP:AMBER',
      'TLP:AMBER+STRICT',
      'TLP:RED',
    ]);
  });

  it('ranks from clear to red', () => {
    assert.equal(tlpRank('TLP:CLEAR'), 0);
    assert.ok(tlpRank('TLP:CLEAR') < tlpRank('TLP:GREEN'));
    assert.ok(tlpRank('TLP:GREEN') < tlpRank('TLP:AMBER'));
    assert.ok(tlpRank('TLP:AMBER') < tlpRank('TLP:AMBER+STRICT'));
    assert.ok(tlpRank('TLP:AMBER+STRICT') < tlpRank('TLP:RED'));
  });

  it('parses any letter case', () => {
    assert.equal(parseTlpLabel('tlp:clear'), 'TLP:CLEAR');
    assert.equal(parseTlpLabel('Tlp:Amber+Strict'), 'TLP:AMBER+STRICT');
    assert.equal(parseTlpLabel('TLP:RED'), 'TLP:RED');
  });

  it('rejects other values', () => {
    for (const value of ['TLP:WHITE', 'AMBER', 'TLP:AMBER STRICT', ' TLP:RED', '']) {
      assert.equal(parseTlpLabel(value), undefined, value);
    }
  });
});
