/**
 * Vietnamese mobile network prefixes (the two digits after +84) and the telco
 * that was assigned each, after the 2018 move from 11-digit to 10-digit
 * numbers. NOTE: numbers can be ported between telcos since 2018, so a prefix
 * names the telco that was assigned the number, not always the one serving it.
 */
const VN_MOBILE_PREFIXES: Readonly<Record<string, string>> = {
  ...prefixes('viettel', ['32', '33', '34', '35', '36', '37', '38', '39', '86', '96', '97', '98']),
  ...prefixes('vinaphone', ['81', '82', '83', '84', '85', '88', '91', '94']),
  ...prefixes('mobifone', ['70', '76', '77', '78', '79', '89', '90', '93']),
  ...prefixes('vietnamobile', ['52', '56', '58', '92']),
  ...prefixes('gmobile', ['59', '99']),
  ...prefixes('itelecom', ['87']),
  ...prefixes('reddi', ['55']),
};

/** The telco codes that routing rules of type `telco` name. */
export const VN_TELCOS = [
  'viettel',
  'vinaphone',
  'mobifone',
  'vietnamobile',
  'gmobile',
  'itelecom',
  'reddi',
] as const;

/** Returns the telco of a canonical E.164 Vietnamese mobile number, or undefined. */
export function telcoOfPhone(e164: string): string | undefined {
  if (!e164.startsWith('+84') || e164.length !== 12) {
    return undefined;
  }
  return VN_MOBILE_PREFIXES[e164.slice(3, 5)];
}

function prefixes(telco: string, list: readonly string[]): Record<string, string> {
  return Object.fromEntries(list.map((prefix) => [prefix, telco]));
}
