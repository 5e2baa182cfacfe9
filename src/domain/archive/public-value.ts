/** The character shown in place of hidden digits and letters. */
const MASK = '*';
/** Trailing digits of a phone number or account left visible, enough to recognise one's own. */
const VISIBLE_TAIL = 3;

/**
 * Returns the form of an indicator that a public statement of reasons shows.
 * A URL loses its query string and fragment, which often carry tokens or the
 * victim's details. A phone number keeps its country code and last three
 * digits, a bank account its bank code and last three digits, an e-mail
 * address the first character of its local part. Other kinds are shown as
 * stored, because a domain, address or app id names infrastructure, not a
 * person.
 */
export function publicIndicatorValue(kind: string, value: string): string {
  switch (kind) {
    case 'url':
      return withoutQuery(value);
    case 'phone':
      return maskPhone(value);
    case 'bank_account':
      return maskBankAccount(value);
    case 'email':
      return maskEmail(value);
    default:
      return value;
  }
}

function withoutQuery(url: string): string {
  const end = url.search(/[?#]/);
  return end === -1 ? url : url.slice(0, end);
}

/** Masks an E.164 number: `+84901234567` becomes `+84******567`. */
function maskPhone(value: string): string {
  const digits = value.replace(/^\+/, '');
  // Vigil stores Vietnamese numbers and most others with a two-digit country
  // code; a longer code only leaves one more digit hidden.
  const country = digits.slice(0, 2);
  const rest = digits.slice(2);
  return `+${country}${maskAllButTail(rest)}`;
}

/** Masks `bankcode:number`: `970436:0011001234567` becomes `970436:**********567`. */
function maskBankAccount(value: string): string {
  const colon = value.indexOf(':');
  if (colon === -1) {
    return maskAllButTail(value);
  }
  return `${value.slice(0, colon + 1)}${maskAllButTail(value.slice(colon + 1))}`;
}

function maskEmail(value: string): string {
  const at = value.lastIndexOf('@');
  if (at <= 0) {
    return maskAllButTail(value);
  }
  const local = value.slice(0, at);
  return `${local.slice(0, 1)}${MASK.repeat(Math.max(local.length - 1, 3))}${value.slice(at)}`;
}

function maskAllButTail(text: string): string {
  const chars = [...text];
  if (chars.length <= VISIBLE_TAIL) {
    return MASK.repeat(chars.length);
  }
  const hidden = chars.length - VISIBLE_TAIL;
  return MASK.repeat(hidden) + chars.slice(hidden).join('');
}
