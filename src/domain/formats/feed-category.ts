import { type Category, isCategory } from '../taxonomy.ts';

/**
 * Words in feed labels and tags, and the category each implies, in order of
 * precedence: a tag `phishing-kit malware` is phishing. False information is
 * never inferred, because it needs a published fact-check.
 */
const CATEGORY_WORDS: readonly [RegExp, Category][] = [
  [/phish/, 'phishing'],
  [/fake[\s_-]?(shop|store)/, 'fake_shop'],
  [/impersonat|masquerad|brand[\s_-]?abuse/, 'impersonation'],
  [/scam|fraud/, 'fraud'],
  [/spam/, 'spam'],
  [
    /malware|ransomware|trojan|botnet|\bc2\b|command[\s_-]and[\s_-]control|backdoor|stealer|exploit[\s_-]?kit|cryptomin|\brat\b/,
    'malware',
  ],
];

/**
 * Reads the category that a label, tag or category column implies, such as
 * `malware_download` or `rsit:fraud="phishing"`. Returns undefined when it
 * implies none of the harms in the taxonomy.
 */
export function categoryFromWords(text: string): Category | undefined {
  const words = text.trim().toLowerCase();
  if (isCategory(words)) {
    return words;
  }
  for (const [pattern, category] of CATEGORY_WORDS) {
    if (pattern.test(words)) {
      return category;
    }
  }
  return undefined;
}

/** Returns the category of the first text, in order, that implies one. */
export function firstCategory(texts: Iterable<string>): Category | undefined {
  for (const text of texts) {
    const category = categoryFromWords(text);
    if (category !== undefined) {
      return category;
    }
  }
  return undefined;
}
