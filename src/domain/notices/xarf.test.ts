import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { loadSchemaFolder } from '../../../test/sharing/json-schemas.ts';
import { samplePath } from '../../../test/support/sample-data.ts';
import { buildNoticeDocument, type NoticeContext } from './notice-document.ts';

const SCHEMAS = samplePath('formats/xarf/schemas/v4');
const MASTER = 'https://xarf.org/schemas/v4/xarf-v4-master.json';

function context(category: string, overrides: Partial<NoticeContext> = {}): NoticeContext {
  return {
    notice: {
      id: 12,
      uuid: '1b4e28ba-2fa1-41d2-883f-0016d3cca427',
      actionRequested: 'block',
      tlp: 'TLP:AMBER+STRICT',
      dueAt: '2026-03-03T00:00:00.000Z',
      createdAt: '2026-03-01T00:00:00.000Z',
      followUpOf: null,
    },
    organisation: { name: 'VNPT', kind: 'isp', language: 'vi' },
    decision: {
      id: 5,
      verdict: 'confirmed',
      action: 'listed',
      category,
      legalBasis: 'decree-147-2024-internet-services',
      reasons: 'Trang giả mạo ngân hàng <script>alert(1)</script>'.repeat(60),
      tlp: 'TLP:AMBER+STRICT',
      effectiveAt: '2026-03-01T00:00:00.000Z',
      expiresAt: '2026-04-01T00:00:00.000Z',
      automated: false,
    },
    indicators: [
      { kind: 'url', value: 'http://xn--vietcombnk-6qi.vn/dang-nhap?x=%3Cb%3E' },
      { kind: 'domain', value: 'fake-shop.vn' },
      { kind: 'domain', value: 'xn--ngn-hng-dwao.vn' },
      { kind: 'phone', value: '+84912345678' },
      { kind: 'bank_account', value: '970436:0123456789' },
      { kind: 'ip', value: '203.0.113.9' },
    ],
    operator: {
      name: 'VNCERT/CC',
      email: 'notices@cert.vigil.test',
      publicUrl: 'https://vigil.example.vn',
    },
    ...overrides,
  };
}

describe('X-ARF reports of a notice', () => {
  const skip = SCHEMAS === undefined && 'sample data not found';

  for (const category of ['phishing', 'malware', 'fraud', 'fake_shop', 'impersonation', 'spam']) {
    it(`validate for ${category}`, { skip }, () => {
      const validate = loadSchemaFolder(SCHEMAS!).getSchema(MASTER)!;
      const document = buildNoticeDocument(context(category));
      assert.equal(document.xarf.length, 6);
      for (const report of document.xarf) {
        assert.ok(validate(report), `${report.type}: ${JSON.stringify(validate.errors)}`);
      }
      assert.equal(validate({ ...document.xarf[0], url: undefined }), false);
    });
  }

  it('types each indicator kind', () => {
    const document = buildNoticeDocument(context('fake_shop'));
    assert.deepEqual(
      document.xarf.map((report) => [report.category, report.type, report['source_identifier']]),
      [
        ['content', 'fraud', 'xn--vietcombnk-6qi.vn'],
        ['content', 'fraud', 'fake-shop.vn'],
        ['content', 'fraud', 'xn--ngn-hng-dwao.vn'],
        ['reputation', 'blocklist', '+84912345678'],
        ['reputation', 'blocklist', '970436:0123456789'],
        ['reputation', 'blocklist', '203.0.113.9'],
      ],
    );
    assert.equal(document.xarf[0]!['fraud_type'], 'shopping');
    assert.equal(document.xarf[1]!['domain'], 'fake-shop.vn');
    assert.equal(document.xarf[2]!['domain'], undefined);
    assert.ok((document.xarf[0]!['description'] as string).length <= 1000);
    assert.ok((document.xarf[0]!['tags'] as string[]).includes('tlp:amber+strict'));
  });

  it('writes the text in Vietnamese', () => {
    const document = buildNoticeDocument(context('phishing'));
    assert.equal(document.text.language, 'vi');
    assert.match(document.text.body, /^Kính gửi VNPT,/);
    assert.match(document.text.body, /Chặn truy cập/);
    assert.match(document.text.body, /- domain: ngân-hàng\.vn|- domain: xn--ngn-hng-vva1b\.vn/);
    assert.match(document.text.subject, /\[TLP:AMBER\+STRICT\]/);
  });

  it('writes the text in English', () => {
    const english = context('phishing', {
      organisation: { name: 'Host\r\nBcc: x', kind: 'hosting', language: 'en' },
    });
    const document = buildNoticeDocument({
      ...english,
      notice: { ...english.notice, actionRequested: 'take_down' },
    });
    assert.match(document.text.body, /^To Host/);
    assert.match(document.text.body, /Remove the content/);
    assert.doesNotMatch(document.text.subject, /[\r\n]/);
  });
});
