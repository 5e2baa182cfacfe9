import { createHmac } from 'node:crypto';

import { request } from 'undici';

/** The headers of a signed webhook delivery. */
export const WEBHOOK_HEADERS = {
  timestamp: 'x-vigil-timestamp',
  signature: 'x-vigil-signature',
  idempotencyKey: 'idempotency-key',
} as const;

/**
 * Computes the signature header value of a webhook body: `sha256=` and the
 * hex HMAC-SHA256, keyed with the organisation's secret, of the Unix
 * timestamp in seconds, a dot, and the exact body bytes. A receiver
 * recomputes it, compares in constant time, and rejects old timestamps to
 * stop replays.
 */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return `sha256=${mac}`;
}

export interface WebhookDelivery {
  readonly url: string;
  readonly secret: string;
  readonly body: string;
  /** The same for every attempt of one delivery, so the receiver can drop repeats. */
  readonly idempotencyKey: string;
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  readonly now?: Date;
}

/** A delivery the receiver did not accept, with the status it responded with. */
export class WebhookError extends Error {
  override readonly name = 'WebhookError';

  constructor(
    message: string,
    readonly statusCode?: number,
  ) {
    super(message);
  }
}

const MAX_RESPONSE_BYTES = 4096;

/**
 * POSTs a signed JSON body. Resolves on a 2xx response; throws WebhookError on
 * any other status, a timeout or a network error, so the job retries.
 * `timeoutMs` bounds the whole exchange, so a receiver that sends its response
 * a byte at a time cannot hold the job. A redirect is not followed, because
 * it would send the notice somewhere the organisation did not register.
 */
export async function sendWebhook(delivery: WebhookDelivery): Promise<{ statusCode: number }> {
  const timestamp = Math.floor((delivery.now ?? new Date()).getTime() / 1000);
  const timeout = delivery.timeoutMs ?? 10_000;
  const deadline = AbortSignal.timeout(timeout);
  const signal = delivery.signal ? AbortSignal.any([delivery.signal, deadline]) : deadline;
  let response;
  let text;
  try {
    response = await request(delivery.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'user-agent': 'Vigil-Notices/1',
        [WEBHOOK_HEADERS.timestamp]: String(timestamp),
        [WEBHOOK_HEADERS.signature]: signWebhook(delivery.secret, timestamp, delivery.body),
        [WEBHOOK_HEADERS.idempotencyKey]: delivery.idempotencyKey,
      },
      body: delivery.body,
      headersTimeout: timeout,
      bodyTimeout: timeout,
      signal,
    });
    text = await readSome(response.body);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new WebhookError(`webhook ${redact(delivery.url)} failed: ${reason}`);
  }
  if (response.statusCode < 200 || response.statusCode >= 300) {
    throw new WebhookError(
      `webhook ${redact(delivery.url)} responded with status ${response.statusCode}: ${text.slice(0, 200)}`,
      response.statusCode,
    );
  }
  return { statusCode: response.statusCode };
}

async function readSome(
  body: AsyncIterable<Buffer | string> & { destroy(): void },
): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    chunks.push(buffer);
    size += buffer.length;
    if (size >= MAX_RESPONSE_BYTES) {
      body.destroy();
      break;
    }
  }
  return Buffer.concat(chunks).toString('utf8', 0, Math.min(size, MAX_RESPONSE_BYTES));
}

/** Keeps scheme, host and path of a URL for messages, without its query, which may hold a token. */
function redact(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
}
