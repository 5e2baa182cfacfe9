import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { retainedHeap, streamOf } from './feed-test.support.ts';
import { parseFeed } from './parse-feed.ts';

const LINES = 2_000_000;
const LINES_PER_CHUNK = 1000;
const SAMPLE_EVERY = 200_000;

describe('parseFeed streaming', () => {
  test('2 million lines in bounded memory', async (context) => {
    let produced = 0;
    let inputDone = false;
    const retained: number[] = [];

    function* input(): Generator<string> {
      for (let chunk = 0; chunk < LINES / LINES_PER_CHUNK; chunk++) {
        let text = '';
        for (let index = 0; index < LINES_PER_CHUNK; index++) {
          produced++;
          text += `host-${produced}.example.vn\n`;
        }
        if (produced % SAMPLE_EVERY === 0) {
          retained.push(retainedHeap());
        }
        yield text;
      }
      inputDone = true;
    }

    const baseline = retainedHeap();
    const started = performance.now();
    let entries = 0;
    let batches = 0;
    let batchesBeforeEnd = 0;
    let lastLine = 0;
    for await (const batch of parseFeed('plain', streamOf(input()))) {
      batches++;
      batchesBeforeEnd += inputDone ? 0 : 1;
      entries += batch.length;
      lastLine = batch.at(-1)?.line ?? lastLine;
    }
    const seconds = (performance.now() - started) / 1000;

    assert.equal(entries, LINES);
    assert.equal(lastLine, LINES);
    assert.ok(
      batchesBeforeEnd > batches / 2,
      `only ${batchesBeforeEnd} of ${batches} batches came before the input ended`,
    );
    const growth = Math.max(...retained) - baseline;
    // Holding the lines alone would retain over 100 MB.
    assert.ok(growth < 20 * 1024 * 1024, `retained heap grew by ${Math.round(growth / 1e6)} MB`);
    context.diagnostic(
      `${LINES} lines in ${seconds.toFixed(2)} s, ${batches} batches, ` +
        `max retained growth ${(growth / 1e6).toFixed(1)} MB`,
    );
  });
});
