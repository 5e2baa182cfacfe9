/**
 * The default category taxonomy. Every category is a harm with a shared
 * definition. False information is meant for warning labels only, so an export
 * that blocks must leave it out.
 */
export const CATEGORIES = [
  'phishing',
  'malware',
  'fraud',
  'impersonation',
  'fake_shop',
  'spam',
  'false_information',
  'unspecified',
] as const;

export type Category = (typeof CATEGORIES)[number];

/** Labels in English and Vietnamese, for pages and exports. */
export const CATEGORY_LABELS: Readonly<Record<Category, { en: string; vi: string }>> = {
  phishing: { en: 'Phishing', vi: 'Lừa đảo đánh cắp thông tin' },
  malware: { en: 'Malware distribution', vi: 'Phát tán mã độc' },
  fraud: { en: 'Fraud or scam', vi: 'Lừa đảo chiếm đoạt tài sản' },
  impersonation: { en: 'Impersonation', vi: 'Giả mạo' },
  fake_shop: { en: 'Fake shop', vi: 'Cửa hàng giả mạo' },
  spam: { en: 'Spam', vi: 'Thư rác, tin nhắn rác' },
  false_information: { en: 'False information (fact-checked)', vi: 'Thông tin sai sự thật' },
  unspecified: {
    en: 'Harmful, kind not stated by the source',
    vi: 'Độc hại, nguồn không nêu loại',
  },
};

export function isCategory(value: string): value is Category {
  return (CATEGORIES as readonly string[]).includes(value);
}
