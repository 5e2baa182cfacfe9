/** The kinds of organisation that scams most often impersonate in Vietnam. */
export const BRAND_CATEGORIES = [
  'bank',
  'e-wallet',
  'e-commerce',
  'telecom',
  'government',
  'utility',
  'logistics',
  'transport',
  'airline',
  'messaging',
  'social',
] as const;

export type BrandCategory = (typeof BRAND_CATEGORIES)[number];

/** A protected brand: the name people trust and every domain it really uses. */
export interface Brand {
  /** The brand as people know it, such as `Vietcombank`. */
  readonly brand: string;
  readonly category: BrandCategory;
  /** Domains the brand operates; these and their subdomains are never lookalikes. */
  readonly officialDomains: readonly string[];
  /**
   * Lowercase ASCII words that name the brand inside a host or path. When absent, the first
   * label of each official domain is used. Words of three letters or fewer match only as a whole
   * token beside a scam word, because short words occur in unrelated names.
   */
  readonly keywords?: readonly string[];
}

/** The words that name `brand` in a host or path, longest first. */
export function brandKeywords(brand: Brand): readonly string[] {
  const words = brand.keywords ?? brand.officialDomains.map((domain) => domain.split('.')[0]!);
  return [...new Set(words.map((word) => word.toLowerCase()))].sort((a, b) => b.length - a.length);
}
