import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

const WORDS = [
  'secure',
  'login',
  'verify',
  'account',
  'bank',
  'update',
  'gift',
  'khuyen-mai',
  'nhan-qua',
];
const SUFFIXES = ['com', 'net', 'vn', 'com.vn', 'xyz', 'top', 'online', 'shop'];

/**
 * Returns the `i`-th synthetic phishing URL: distinct for every `i`, with the
 * host, path and query shapes that real feeds show. Deterministic, so two
 * runs list the same values.
 */
export function syntheticUrl(i: number): string {
  const word = WORDS[i % WORDS.length]!;
  const suffix = SUFFIXES[(i >>> 3) % SUFFIXES.length]!;
  const host = i % 3 === 0 ? `${word}-${i}.${suffix}` : `www.${word}${i}.${suffix}`;
  const path = i % 4 === 0 ? `/${word}/index.php?id=${i % 977}` : `/${word}/${i % 101}/`;
  return `http://${host}${path}`;
}

/** Writes `count` synthetic URLs, one per line, to `path`. */
export async function writeSyntheticFeed(path: string, count: number, offset = 0): Promise<void> {
  const out = createWriteStream(path);
  let chunk = '';
  for (let i = offset; i < offset + count; i++) {
    chunk += `${syntheticUrl(i)}\n`;
    if (chunk.length > 1 << 16) {
      if (!out.write(chunk)) {
        await once(out, 'drain');
      }
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}
