import type { Duplex } from 'node:stream';

import Parser from 'stream-json/Parser.js';

import { bytePieces, type FeedChunks } from './feed-chunks.ts';

/**
 * One token of stream-json 1.9's parser. With packing off, strings, keys and
 * numbers arrive as `start…`, any number of `…Chunk` tokens with a `value`,
 * and `end…`, so no single token contains a whole long string.
 */
export interface JsonToken {
  readonly name: string;
  readonly value?: string;
}

/** The input is not JSON, or it ends before the document does. */
export class InvalidJsonError extends Error {
  override readonly name = 'InvalidJsonError';
}

/**
 * Tokenizes JSON from chunks, yielding the tokens of each input piece in
 * order. Throws `InvalidJsonError`, after the tokens that came before the
 * problem, when the JSON is invalid or ends early.
 */
export async function* jsonTokens(chunks: FeedChunks): AsyncGenerator<JsonToken[]> {
  const parser = new Parser({ packKeys: false, packStrings: false, packNumbers: false });
  let parserError: unknown;
  parser.on('error', (error) => {
    parserError = error;
  });
  try {
    yield* pumpThrough<JsonToken>(parser, bytePieces(chunks));
  } catch (error) {
    // Errors of the input itself, such as a failed file read, pass unchanged.
    if (error instanceof Error && error === parserError) {
      throw new InvalidJsonError(error.message, { cause: error });
    }
    throw error;
  }
}

/**
 * Writes each piece into a transform stream and yields the objects it
 * output since the previous piece. The stream is destroyed when the caller
 * stops early.
 */
async function* pumpThrough<T>(stream: Duplex, pieces: AsyncIterable<Buffer>): AsyncGenerator<T[]> {
  let output: T[] = [];
  let failure: Error | undefined;
  stream.on('data', (item: T) => output.push(item));
  const settled = new Promise<void>((resolve) => {
    stream.once('end', resolve);
    stream.once('close', resolve);
    stream.on('error', (error: Error) => {
      failure = error;
      resolve();
    });
  });

  try {
    for await (const piece of pieces) {
      await Promise.race([new Promise((resolve) => stream.write(piece, resolve)), settled]);
      if (output.length > 0) {
        yield output;
        output = [];
      }
      if (failure !== undefined) {
        break;
      }
    }
    if (failure === undefined) {
      stream.end();
    }
    await settled;
    if (output.length > 0) {
      yield output;
    }
    if (failure !== undefined) {
      throw failure;
    }
  } finally {
    stream.destroy();
  }
}
