/** One request of a fetch: a redirect or the final page. */
export interface FetchHop {
  readonly url: string;
  /** The address connected to, after the name was resolved and checked. */
  readonly address: string;
  readonly status: number;
  /** The `Location` header of a redirect. */
  readonly location?: string;
}

/** The TLS certificate that the final hop presented. */
export interface TlsSummary {
  readonly issuer: string;
  readonly subject: string;
  readonly validFrom: string | null;
  readonly validTo: string | null;
  /** Whether the chain verified against the system's roots for the requested name. */
  readonly authorized: boolean;
  readonly authorizationError?: string;
}

/** Record of one safe fetch, whether it reached a page, was rejected or failed. */
export interface FetchRecord {
  readonly outcome: 'fetched' | 'refused' | 'failed';
  readonly requestedUrl: string;
  readonly hops: readonly FetchHop[];
  /** Reason the fetch stopped, for a rejection or failure. */
  readonly reason?: string;
  readonly finalUrl?: string;
  readonly status?: number;
  readonly contentType?: string;
  readonly title?: string;
  /** Bytes of body read, at most the configured cap. */
  readonly bytes?: number;
  /** True when the body was longer than the cap and only its start was read and hashed. */
  readonly truncated?: boolean;
  /** Hex SHA-256 of the body bytes read. */
  readonly sha256?: string;
  readonly faviconUrl?: string;
  /** Hex SHA-256 of the favicon bytes, when one was found. */
  readonly faviconSha256?: string;
  readonly tls?: TlsSummary;
  readonly durationMs: number;
}
