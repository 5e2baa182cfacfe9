import { confusablesMap } from 'confusables';

/**
 * ASCII sequences that render like another letter in most fonts, from the Latin entries of
 * Unicode's confusables.txt (UTS #39): `rn` is read as `m`, `vv` as `w`, `cl` as `d`, the
 * digits `0` and `1` as `o` and `l`.
 */
const ASCII_PROTOTYPES: readonly (readonly [RegExp, string])[] = [
  [/rn/g, 'm'],
  [/vv/g, 'w'],
  [/cl/g, 'd'],
  [/0/g, 'o'],
  [/1/g, 'l'],
  [/\|/g, 'l'],
];

const COMBINING_MARKS = /\p{M}/gu;

/**
 * Returns the confusable skeleton of a label in the spirit of UTS #39: letters that look alike
 * map to one prototype, so `vіetcombаnk` (Cyrillic і and а), `vietcombạnk` (dot below) and
 * `vietc0mbank` all give `vietcombank`. Diacritics are dropped after canonical decomposition,
 * and `đ` becomes `d`.
 *
 * NOTE: the character table is the `confusables` package's, which maps to Latin only; a script
 * with no Latin lookalike keeps its letters, which then match no brand.
 */
export function confusableSkeleton(label: string): string {
  let mapped = '';
  for (const char of label.normalize('NFD').replace(COMBINING_MARKS, '')) {
    mapped += confusablesMap.get(char) ?? char;
  }
  let skeleton = mapped.normalize('NFD').replace(COMBINING_MARKS, '').toLowerCase();
  for (const [pattern, prototype] of ASCII_PROTOTYPES) {
    skeleton = skeleton.replace(pattern, prototype);
  }
  return skeleton;
}

/** Tells whether `text` contains a character outside ASCII. */
export function hasNonAscii(text: string): boolean {
  return /[^\u0000-\u007f]/.test(text);
}
