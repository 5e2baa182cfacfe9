import {
  type CountryCode,
  isSupportedCountry,
  parsePhoneNumberFromString,
} from 'libphonenumber-js/min';

import { hasNonAscii } from './byte-string.ts';
import { IndicatorError } from './indicator.ts';

/** The region whose national numbers are read when a number has no `+` country code. */
export const DEFAULT_PHONE_REGION = 'VN';
const MAX_PHONE_INPUT_LENGTH = 64;

const PHONE_CHARACTERS = /^\+?[0-9 ().\-/]+$/;
const TEL_PREFIX = /^tel:/i;

// One options object per region, so that parsing allocates none per call.
const parseOptions = new Map<CountryCode, { defaultCountry: CountryCode; extract: false }>();

/**
 * Canonicalizes a phone number to E.164 (`+84912345678`). A number without `+` is read as a
 * national number of `defaultRegion` (`0912 345 678`), or with its country code when it has one
 * (`84912345678`, `0084912345678`). Spaces, dots, hyphens, slashes and brackets are separators;
 * a `tel:` prefix is removed and full-width digits are read as digits.
 *
 * Rejects letters (so an extension such as `ext 12` too, which E.164 cannot carry) and numbers
 * that are not possible for their country by length. Validity against the numbering plan is
 * not checked, so a number in a range newer than libphonenumber's metadata is still accepted.
 * The `min` metadata of libphonenumber-js (about half the size of `max`) is enough for that
 * check; phone.test.ts checks that both give the same results.
 */
export function canonicalizePhone(
  raw: string,
  defaultRegion: string = DEFAULT_PHONE_REGION,
): string | IndicatorError {
  if (raw.length > MAX_PHONE_INPUT_LENGTH) {
    return new IndicatorError(raw, `longer than ${MAX_PHONE_INPUT_LENGTH} characters`, 'phone');
  }
  const region = defaultRegion.toUpperCase();
  if (!isSupportedCountry(region)) {
    return new IndicatorError(raw, `unknown default region "${defaultRegion}"`, 'phone');
  }

  let text = raw.trim().replace(TEL_PREFIX, '');
  if (hasNonAscii(text)) {
    text = text.normalize('NFKC');
  }
  if (!PHONE_CHARACTERS.test(text)) {
    return new IndicatorError(
      raw,
      'may contain only digits, a leading "+" and separators',
      'phone',
    );
  }

  const number = parsePhoneNumberFromString(text, optionsFor(region));
  if (number === undefined) {
    return new IndicatorError(raw, 'not a phone number', 'phone');
  }
  if (!number.isPossible()) {
    const country = `+${number.countryCallingCode}`;
    return new IndicatorError(raw, `not a possible number for country code ${country}`, 'phone');
  }
  return number.number;
}

function optionsFor(region: CountryCode): { defaultCountry: CountryCode; extract: false } {
  let options = parseOptions.get(region);
  if (options === undefined) {
    options = { defaultCountry: region, extract: false };
    parseOptions.set(region, options);
  }
  return options;
}
