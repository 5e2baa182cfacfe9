import { type Certificate, TLSSocket } from 'node:tls';

import { Client, buildConnector } from 'undici';

import type { TlsSummary } from './fetch-record.ts';

export interface PinnedClientOptions {
  /** The origin as the URL names it; the Host header and TLS server name come from it. */
  readonly origin: string;
  /** The checked address to connect to, whatever the name resolves to by then. */
  readonly address: string;
  /** The host name for TLS SNI, or undefined when the URL names an address. */
  readonly serverName: string | undefined;
  readonly maxHeaderBytes: number;
  readonly timeoutMs: number;
  /** Receives the certificate of a TLS connection once it is established. */
  readonly onTls: (summary: TlsSummary) => void;
}

/**
 * Creates an undici client for one origin that connects only to `address`. The connector
 * replaces the host name with the address it was given, so a DNS answer that changes after
 * the check (DNS rebinding) is never used. Certificates are not verified here, because a
 * phishing page with a bad certificate is still evidence; the outcome is recorded instead.
 */
export function createPinnedClient(options: PinnedClientOptions): Client {
  const base = buildConnector({ rejectUnauthorized: false, timeout: options.timeoutMs });
  const connect: buildConnector.connector = (connectOptions, callback) => {
    const pinned = {
      ...connectOptions,
      hostname: options.address,
      host: options.address,
      servername: options.serverName,
    };
    base(pinned, (...args) => {
      const socket = args[1];
      if (socket instanceof TLSSocket) {
        options.onTls(summarizeCertificate(socket));
      }
      callback(...args);
    });
  };
  return new Client(options.origin, {
    connect,
    maxHeaderSize: options.maxHeaderBytes,
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
    pipelining: 0,
  });
}

function summarizeCertificate(socket: TLSSocket): TlsSummary {
  const certificate = socket.getPeerCertificate();
  const error = socket.authorizationError;
  return {
    issuer: describeName(certificate.issuer),
    subject: describeName(certificate.subject),
    validFrom: toIsoDate(certificate.valid_from),
    validTo: toIsoDate(certificate.valid_to),
    authorized: socket.authorized,
    ...(error ? { authorizationError: String(error) } : {}),
  };
}

function describeName(name: Certificate | undefined): string {
  if (name === undefined) {
    return '';
  }
  const fields = [
    ['CN', name.CN],
    ['O', name.O],
    ['C', name.C],
  ] as const;
  return fields
    .flatMap(([field, value]) => (value ? [`${field}=${String(value)}`] : []))
    .join(', ');
}

function toIsoDate(text: string | undefined): string | null {
  const time = text === undefined ? NaN : Date.parse(text);
  return Number.isFinite(time) ? new Date(time).toISOString() : null;
}
