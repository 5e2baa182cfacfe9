/** The input of a parser: file contents in chunks, as a read stream yields them. */
export type FeedChunks = AsyncIterable<string | Buffer>;

/**
 * Maximum size of one piece handed to a line splitter, CSV parser or JSON
 * tokenizer. Cutting larger chunks keeps each batch of items small even when
 * the caller passes a whole file as one chunk.
 */
const PIECE_SIZE = 16_384;

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * Decodes the chunks as UTF-8 and yields strings of at most 16,384 characters,
 * without a leading byte order mark. Invalid bytes become U+FFFD, and a
 * character split between two chunks is decoded whole.
 */
export async function* textPieces(chunks: FeedChunks): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  let first = true;
  for await (const chunk of chunks) {
    let text =
      typeof chunk === 'string'
        ? decoder.decode() + chunk
        : decoder.decode(chunk, { stream: true });
    if (first && text.length > 0) {
      first = false;
      text = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    }
    yield* splitText(text);
  }
  const rest = decoder.decode();
  if (rest.length > 0) {
    yield rest;
  }
}

/**
 * Yields the chunks as buffers of at most 16,384 bytes, without a leading
 * UTF-8 byte order mark. Strings are encoded as UTF-8.
 */
export async function* bytePieces(chunks: FeedChunks): AsyncGenerator<Buffer> {
  // The first bytes are held back while they may still be the start of a BOM.
  let pending: Buffer | undefined = Buffer.alloc(0);
  for await (const buffer of asBuffers(chunks)) {
    let bytes = buffer;
    if (pending !== undefined) {
      bytes = Buffer.concat([pending, bytes]);
      if (bytes.length < UTF8_BOM.length && UTF8_BOM.subarray(0, bytes.length).equals(bytes)) {
        pending = bytes;
        continue;
      }
      pending = undefined;
      bytes = bytes.subarray(0, UTF8_BOM.length).equals(UTF8_BOM)
        ? bytes.subarray(UTF8_BOM.length)
        : bytes;
    }
    for (let start = 0; start < bytes.length; start += PIECE_SIZE) {
      yield bytes.subarray(start, start + PIECE_SIZE);
    }
  }
  if (pending !== undefined && pending.length > 0) {
    yield pending;
  }
}

async function* asBuffers(chunks: FeedChunks): AsyncGenerator<Buffer> {
  for await (const chunk of chunks) {
    if (typeof chunk !== 'string') {
      yield chunk;
      continue;
    }
    for (const text of splitText(chunk)) {
      yield Buffer.from(text, 'utf8');
    }
  }
}

/** Cuts a string into pieces, never between the two halves of a surrogate pair. */
function* splitText(text: string): Generator<string> {
  let start = 0;
  while (text.length - start > PIECE_SIZE) {
    let end = start + PIECE_SIZE;
    const last = text.charCodeAt(end - 1);
    if (last >= 0xd800 && last <= 0xdbff) {
      end--;
    }
    yield text.slice(start, end);
    start = end;
  }
  if (start < text.length) {
    yield start === 0 ? text : text.slice(start);
  }
}

/** The first characters of the input, and chunks that yield the whole input again. */
export interface PeekedChunks {
  readonly head: string;
  readonly chunks: FeedChunks;
}

/**
 * Reads chunks until the first line is complete or `maxLength` characters
 * were read, without consuming them: the returned chunks start from the
 * beginning. The head has no byte order mark.
 */
export async function peekHead(chunks: FeedChunks, maxLength = 4096): Promise<PeekedChunks> {
  const iterator = chunks[Symbol.asyncIterator]();
  const seen: (string | Buffer)[] = [];
  const decoder = new TextDecoder('utf-8');
  let head = '';
  let done = false;
  while (!head.includes('\n') && head.length < maxLength) {
    const next = await iterator.next();
    if (next.done === true) {
      done = true;
      break;
    }
    seen.push(next.value);
    head +=
      typeof next.value === 'string' ? next.value : decoder.decode(next.value, { stream: true });
  }

  async function* replay(): AsyncGenerator<string | Buffer> {
    try {
      yield* seen;
      if (done) {
        return;
      }
      for (let next = await iterator.next(); next.done !== true; next = await iterator.next()) {
        yield next.value;
      }
    } finally {
      if (!done) {
        await iterator.return?.();
      }
    }
  }
  return { head: head.replace(/^\uFEFF/, ''), chunks: replay() };
}
