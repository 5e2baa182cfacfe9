import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { layoutBarChart } from './bar-chart.ts';

describe('layoutBarChart', () => {
  it('orders bars largest first', () => {
    const layout = layoutBarChart({ spam: 1, phishing: 4, fraud: 2 });
    assert.deepEqual(
      layout.bars.map((bar) => bar.label),
      ['phishing', 'fraud', 'spam'],
    );
  });

  it('scales bars to the largest', () => {
    const layout = layoutBarChart({ a: 4, b: 2, c: 0 }, { width: 420, labelWidth: 100 });
    const [a, b, c] = layout.bars;
    assert.equal(a?.width, 264);
    assert.equal(b?.width, 132);
    assert.equal(c?.width, 0);
  });

  it('lays out nothing when empty', () => {
    const layout = layoutBarChart({});
    assert.equal(layout.bars.length, 0);
    assert.equal(layout.height, 8);
  });
});
