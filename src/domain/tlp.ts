/**
 * Traffic Light Protocol 2.0 labels, as FIRST defines them, which mark how far
 * a listing may be shared. They are ordered from the least to the most
 * restricted, so `tlpRank` compares them: TLP:CLEAR may go to anyone,
 * TLP:RED only to the named recipients.
 */
export const TLP_LABELS = [
  'TLP:CLEAR',
  'TLP:GREEN',
  'TLP:AMBER',
  'TLP:AMBER+STRICT',
  'TLP:RED',
] as const;

export type TlpLabel = (typeof TLP_LABELS)[number];

/**
 * Returns the position of `label` from 0 (TLP:CLEAR) to 4 (TLP:RED), so that a
 * higher rank is more restricted: `tlpRank(a) < tlpRank(b)` when `a` may be
 * shared more widely than `b`.
 */
export function tlpRank(label: TlpLabel): number {
  return TLP_LABELS.indexOf(label);
}

/**
 * Parses a TLP 2.0 label in any letter case, such as `tlp:amber+strict`, into
 * its upper-case form. Returns undefined for anything else, including TLP 1.0's
 * TLP:WHITE, which TLP 2.0 replaced with TLP:CLEAR.
 */
export function parseTlpLabel(value: string): TlpLabel | undefined {
  const upper = value.toUpperCase();
  return TLP_LABELS.find((label) => label === upper);
}
