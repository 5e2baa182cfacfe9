import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { InputProblemList } from './input-problem.ts';
import {
  cleanText,
  linksIn,
  parseReportSubmission,
  type RawReportSubmission,
} from './report-input.ts';

const now = new Date('2026-06-01T12:00:00Z');

const base: RawReportSubmission = {
  indicators: [{ kind: 'link', value: 'vcb-xacthuc.top' }],
  category: 'phishing',
  channel: 'sms',
  description: 'Tin nhắn lạ',
};

function problemsOf(raw: RawReportSubmission): [string | undefined, string][] {
  try {
    parseReportSubmission(raw, now);
  } catch (error) {
    assert.ok(error instanceof InputProblemList, String(error));
    return error.problems.map((problem) => [problem.field, problem.problem]);
  }
  assert.fail('expected problems');
}

describe('parseReportSubmission', () => {
  it('reads a minimal report', () => {
    const report = parseReportSubmission(base, now);
    assert.equal(report.indicators.length, 1);
    assert.equal(report.indicators[0]!.indicator.kind, 'domain');
    assert.equal(report.indicators[0]!.indicator.value, 'vcb-xacthuc.top');
    assert.equal(report.messageText, null);
    assert.equal(report.moneyLost, false);
    assert.equal(report.amountLost, null);
    assert.equal(report.contact, null);
    assert.equal(report.language, 'vi');
    assert.equal(report.seenAt, null);
  });

  it('reads each kind', () => {
    const report = parseReportSubmission(
      {
        ...base,
        indicators: [
          { kind: 'link', value: 'HTTPS://Shop-Gia.vn/Sale?id=1' },
          { kind: 'phone', value: '0912 345 678' },
          { kind: 'bank_account', value: 'VCB 0011001234567' },
          { kind: 'email', value: 'Ho.Tro@Example.vn' },
          { kind: 'social_profile', value: 'https://www.facebook.com/fake.page' },
          { kind: 'app', value: 'https://play.google.com/store/apps/details?id=com.fake.loan' },
          { kind: 'message', value: 'Bạn trúng thưởng' },
        ],
      },
      now,
    );
    assert.deepEqual(
      report.indicators.map(({ indicator }) => indicator.kind),
      ['url', 'phone', 'bank_account', 'email', 'social_profile', 'app'],
    );
    assert.equal(report.indicators[1]!.indicator.value, '+84912345678');
    assert.equal(report.indicators[2]!.indicator.value, '970436:0011001234567');
    assert.equal(report.messageText, 'Bạn trúng thưởng');
  });

  it('drops repeated values', () => {
    const report = parseReportSubmission(
      {
        ...base,
        indicators: [
          { kind: 'phone', value: '0912345678' },
          { kind: 'phone', value: '+84 912 345 678' },
        ],
      },
      now,
    );
    assert.equal(report.indicators.length, 1);
  });

  it('takes links from a message', () => {
    const report = parseReportSubmission(
      {
        ...base,
        indicators: [
          {
            kind: 'message',
            value: 'Tài khoản bị khoá, vào https://vcb-khoa.top/xac-minh. Gọi 1900',
          },
        ],
      },
      now,
    );
    assert.deepEqual(
      report.indicators.map((reported) => reported.entered),
      ['https://vcb-khoa.top/xac-minh'],
    );
  });

  it('reads amounts and dates as people write them', () => {
    const report = parseReportSubmission(
      { ...base, amountLost: '1.500.000 đ', seenAt: '2026-05-31', moneyLost: 'no' },
      now,
    );
    assert.equal(report.amountLost, 1_500_000);
    assert.equal(report.moneyLost, true);
    assert.equal(report.seenAt, '2026-05-30T17:00:00.000Z');
    const dayFirst = parseReportSubmission({ ...base, seenAt: '1/5/2026' }, now);
    assert.equal(dayFirst.seenAt, '2026-04-30T17:00:00.000Z');
  });

  it('lists every problem', () => {
    assert.deepEqual(
      problemsOf({
        indicators: [
          { kind: 'phone', value: 'abc' },
          { kind: 'virus', value: 'x' },
          { kind: 'link', value: '   ' },
        ],
        category: 'rumour',
        channel: '',
        seenAt: '2027-01-01',
        description: 'x'.repeat(5001),
        amountLost: '-3',
        contact: 'y'.repeat(501),
      }),
      [
        ['indicators.0.value', 'value_phone'],
        ['indicators.1.kind', 'invalid_choice'],
        ['indicators.2.value', 'required'],
        ['category', 'invalid_choice'],
        ['channel', 'required'],
        ['seenAt', 'date_future'],
        ['description', 'too_long'],
        ['amountLost', 'amount_invalid'],
        ['contact', 'too_long'],
      ],
    );
  });

  it('rejects hostile shapes', () => {
    assert.deepEqual(problemsOf({ ...base, indicators: undefined }), [
      ['indicators', 'no_indicator'],
    ]);
    assert.deepEqual(problemsOf({ ...base, indicators: 'x' }), [['indicators', 'invalid']]);
    assert.deepEqual(problemsOf({ ...base, indicators: [null] }), [
      ['indicators.0.kind', 'required'],
    ]);
    assert.deepEqual(problemsOf({ ...base, description: { toString: 1 } }), [
      ['description', 'invalid'],
    ]);
    assert.deepEqual(problemsOf({ ...base, seenAt: '31/02/2026' }), [['seenAt', 'date_invalid']]);
    assert.deepEqual(problemsOf({ ...base, seenAt: '2026-02-30' }), [['seenAt', 'date_invalid']]);
    assert.deepEqual(problemsOf({ ...base, seenAt: 'yesterday' }), [['seenAt', 'date_invalid']]);
    assert.deepEqual(problemsOf({ ...base, amountLost: '1e9' }), [
      ['amountLost', 'amount_invalid'],
    ]);
    assert.deepEqual(
      problemsOf({
        ...base,
        indicators: Array.from({ length: 11 }, () => ({ kind: 'link', value: 'a.vn' })),
      }),
      [['indicators', 'too_many']],
    );
    assert.deepEqual(problemsOf({ ...base, indicators: [{ kind: 'link', value: '0912345678' }] }), [
      ['indicators.0.value', 'value_link'],
    ]);
  });
});

describe('cleanText', () => {
  it('removes control characters', () => {
    assert.equal(cleanText(' a\u0000b\u0007c\r\nd\u009f '), 'abc\nd');
  });

  it('normalizes to NFC', () => {
    assert.equal(cleanText('Vie\u0302\u0323t'), 'Việt');
  });
});

describe('linksIn', () => {
  it('ignores invalid links', () => {
    assert.deepEqual(linksIn('xem http:// hoặc www.'), []);
  });
});
