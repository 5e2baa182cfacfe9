import type { FeedItem } from './feed-entry.ts';
import { type FeedChunks, textPieces } from './feed-chunks.ts';
import { BATCH_SIZE, feedError, MAX_LINE_LENGTH } from './feed-item.ts';

/**
 * Reads one line of a text format and appends what it finds to `out`: nothing
 * for a comment or a blank line, otherwise one or more items.
 */
export type LineParser = (text: string, line: number, out: FeedItem[]) => void;

/** Receives each line without its line break, or a prefix of it when the line is too long. */
type LineHandler = (text: string, line: number, tooLong: boolean) => void;

/**
 * Cuts text pieces into lines at LF, dropping a CR before it, and numbers them
 * from 1. A line longer than `MAX_LINE_LENGTH` is reported by its first
 * characters and never held whole.
 */
export class LineSplitter {
  private partial = '';
  private tooLong = false;
  private line = 0;

  constructor(private readonly onLine: LineHandler) {}

  push(piece: string): void {
    let start = 0;
    for (let end = piece.indexOf('\n'); end !== -1; end = piece.indexOf('\n', start)) {
      this.append(piece, start, end);
      this.emit();
      start = end + 1;
    }
    this.append(piece, start, piece.length);
  }

  /** Emits the last line when the input does not end with a line break. */
  end(): void {
    if (this.partial.length > 0 || this.tooLong) {
      this.emit();
    }
  }

  private append(piece: string, start: number, end: number): void {
    if (this.tooLong || start === end) {
      return;
    }
    const room = MAX_LINE_LENGTH + 1 - this.partial.length;
    if (end - start > room) {
      end = start + room;
    }
    this.partial =
      this.partial.length === 0 ? piece.slice(start, end) : this.partial + piece.slice(start, end);
    this.tooLong = this.partial.length > MAX_LINE_LENGTH;
  }

  private emit(): void {
    let text = this.partial;
    if (text.endsWith('\r')) {
      text = text.slice(0, -1);
    }
    this.line++;
    this.onLine(text, this.line, this.tooLong && text.length > MAX_LINE_LENGTH);
    this.partial = '';
    this.tooLong = false;
  }
}

/**
 * Parses a line-based format in batches. A batch is yielded once it contains
 * at least `BATCH_SIZE` items, after the input piece that filled it, and the
 * last batch contains the rest.
 */
export async function* parseLineFeed(
  chunks: FeedChunks,
  parseLine: LineParser,
): AsyncGenerator<FeedItem[]> {
  let batch: FeedItem[] = [];
  const splitter = new LineSplitter((text, line, tooLong) => {
    if (tooLong) {
      batch.push(feedError(line, text, `line is longer than ${MAX_LINE_LENGTH} characters`));
      return;
    }
    parseLine(text, line, batch);
  });

  for await (const piece of textPieces(chunks)) {
    splitter.push(piece);
    if (batch.length >= BATCH_SIZE) {
      yield batch;
      batch = [];
    }
  }
  splitter.end();

  if (batch.length > 0) {
    yield batch;
  }
}

/**
 * Removes a `#` comment: the whole line when it starts with `#`, otherwise
 * from a `#` that follows a space or tab. A `#` inside a value, as in a URL
 * fragment, stays.
 */
export function stripHashComment(text: string): string {
  const trimmed = text.trim();
  if (trimmed.startsWith('#')) {
    return '';
  }
  const comment = trimmed.search(/\s#/);
  return comment === -1 ? trimmed : trimmed.slice(0, comment).trimEnd();
}
