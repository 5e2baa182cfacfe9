import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { computeFigures } from '../../domain/transparency/figures.ts';
import { renderDocument } from '../portal/layout.tsx';
import { TransparencyPage } from './transparency.views.tsx';

const figures = computeFigures({
  from: '2026-11-01T00:00:00.000Z',
  to: '2026-12-01T00:00:00.000Z',
  reportsByCategory: { phishing: 3, fake_shop: 1 },
  reportsByChannel: { phone_call: 2, zalo: 1, '<b>odd</b>': 1 },
  decisionsByVerdict: { confirmed: 2, rejected: 1, needs_info: 1 },
  decisionsByBasis: { 'law-on-cybersecurity-2018': 2, 'trusted-feed': 1, 'our-own-rule-7': 1 },
  decisionsAutomated: 1,
  decisionsByPerson: 3,
  feedListings: 1,
  listingsActiveAtEnd: 2,
  listingsExpired: 0,
  listingsDelisted: 1,
  takedowns: 0,
  notices: [
    {
      organisationId: 1,
      organisationName: 'VNPT',
      organisationKind: 'isp',
      sentAt: '2026-11-02T00:00:00.000Z',
      acknowledgedAt: null,
      actionedAt: null,
      declinedAt: null,
    },
  ],
  appealsReceived: 1,
  appealsDecided: [
    {
      outcome: 'delisted',
      createdAt: '2026-11-03T00:00:00.000Z',
      decidedAt: '2026-11-04T00:00:00.000Z',
    },
  ],
});

function render(lang: 'vi' | 'en'): string {
  return renderDocument(
    TransparencyPage({
      lang,
      path: '/transparency',
      from: '2026-11-01',
      to: '2026-11-30',
      figures,
    }),
  );
}

/** Returns the text of the table rows' header cells, where every label is shown. */
function rowLabels(html: string): string[] {
  return [...html.matchAll(/<th scope="row">([^<]*)<\/th>/g)].map((match) => match[1]!);
}

describe('TransparencyPage', () => {
  it('labels codes in Vietnamese', () => {
    const labels = rowLabels(render('vi'));

    for (const code of ['confirmed', 'rejected', 'needs_info', 'phone_call', 'isp', 'phishing']) {
      assert.ok(!labels.includes(code), `${code} is shown as a code`);
    }
    assert.ok(labels.includes('Cuộc gọi điện thoại'));
    assert.ok(labels.includes('Xác nhận vi phạm'));
    assert.ok(labels.includes('Nhà cung cấp dịch vụ Internet'));
    assert.ok(labels.includes('Luật An ninh mạng 2018'));
    assert.ok(labels.includes('Đã gỡ khỏi danh sách'));
  });

  it('labels codes in English', () => {
    const labels = rowLabels(render('en'));

    assert.ok(labels.includes('Phone call'));
    assert.ok(labels.includes('Rejected'));
    assert.ok(labels.includes('Internet service provider'));
    assert.ok(labels.includes('Law on Cybersecurity (2018)'));
    assert.ok(labels.includes('Trusted feed'));
  });

  it('shows an unknown basis as its code', () => {
    const html = render('vi');

    assert.ok(rowLabels(html).includes('our-own-rule-7'));
    assert.ok(html.includes('&lt;b>odd&lt;/b>'));
    assert.ok(!html.includes('<b>odd</b>'));
  });

  it('explains delisting counts as rejected', () => {
    assert.match(render('en'), /delisting after an appeal is counted with the verdict “Rejected”/);
    assert.match(render('vi'), /gỡ khỏi danh sách sau khiếu nại được tính với kết luận “Bác bỏ”/);
  });
});
