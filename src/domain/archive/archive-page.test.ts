import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { boundAfter, decodeCursor, encodeCursor, mergeArchivePage } from './archive-page.ts';
import { type Statement, parseStatementId } from './statement.ts';
import { csvCell, statementsToCsv } from './archive-csv.ts';

function statement(id: string, at: string): { statement: Statement; numericId: number } {
  const parsed = parseStatementId(id)!;
  return {
    numericId: parsed.id,
    statement: {
      id,
      source: parsed.source,
      action: 'listed',
      at,
      automated: true,
      indicators: [{ kind: 'phone', value: '+84******567' }],
      category: 'fraud',
      legal_basis: 'trusted-feed',
      reasons: '=HYPERLINK("x")',
      origin: 'feed',
      expires_at: null,
      refers_to: null,
      outcome: null,
      superseded_by: null,
      superseded_by_appeal: null,
      from_appeal: null,
    },
  };
}

describe('mergeArchivePage', () => {
  it('orders sources by time, rank and id', () => {
    const page = mergeArchivePage(
      [
        [statement('D2', '2026-01-02T00:00:00.000Z'), statement('D1', '2026-01-01T00:00:00.000Z')],
        [statement('L9', '2026-01-02T00:00:00.000Z')],
      ],
      2,
    );
    assert.deepEqual(
      page.statements.map((item) => item.id),
      ['L9', 'D2'],
    );
    assert.deepEqual(page.next, { at: '2026-01-02T00:00:00.000Z', source: 'decision', id: 2 });
  });

  it('ends without a cursor', () => {
    const page = mergeArchivePage([[statement('D1', '2026-01-01T00:00:00.000Z')]], 5);
    assert.equal(page.next, null);
  });
});

describe('boundAfter', () => {
  const cursor = { at: '2026-01-02T00:00:00.000Z', source: 'listing', id: 9 } as const;

  it('bounds each source by rank', () => {
    assert.equal(boundAfter(cursor, 'decision').sameAt, 'all');
    assert.deepEqual(boundAfter(cursor, 'listing'), { at: cursor.at, sameAt: 'below', idBelow: 9 });
    assert.equal(boundAfter(cursor, 'notice').sameAt, 'none');
  });
});

describe('decodeCursor', () => {
  it('reads its own output', () => {
    const cursor = { at: '2026-01-02T00:00:00.000Z', source: 'notice', id: 3 } as const;
    assert.deepEqual(decodeCursor(encodeCursor(cursor)), cursor);
  });

  it('rejects tampered text', () => {
    for (const text of [
      '',
      'x'.repeat(300),
      '<script>',
      Buffer.from('[1,2]').toString('base64url'),
    ]) {
      assert.equal(decodeCursor(text), undefined, text);
    }
    const badSource = Buffer.from('["2026-01-01T00:00:00Z","users",1]').toString('base64url');
    assert.equal(decodeCursor(badSource), undefined);
  });
});

describe('parseStatementId', () => {
  it('rejects other ids', () => {
    for (const text of ['D0', 'd1', 'X1', 'D1a', 'D', 'D01', `D${'9'.repeat(20)}`]) {
      assert.equal(parseStatementId(text), undefined, text);
    }
  });
});

describe('statementsToCsv', () => {
  it('defuses formulas and quotes', () => {
    const csv = statementsToCsv([statement('D1', '2026-01-01T00:00:00.000Z').statement]);
    assert.ok(csv.includes(`"'=HYPERLINK(""x"")"`));
    assert.equal(csvCell('a,b'), '"a,b"');
    assert.equal(csvCell('-1'), "'-1");
  });
});
