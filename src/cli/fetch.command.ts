import type { FetchRecord } from '../services/fetch/fetch-record.ts';
import type { SafeFetchService } from '../services/fetch/safe-fetch.service.ts';
import { type CliIo, EXIT_FAILURE, EXIT_OK } from './cli-io.ts';

/**
 * Runs `vigil fetch URL` once through the safe fetch and prints what it recorded. A refusal or
 * failure prints the reason and exits 1.
 */
export async function runFetchCommand(
  url: string,
  options: { readonly json: boolean; readonly outbound: boolean },
  fetcher: SafeFetchService,
  io: CliIo,
): Promise<number> {
  if (!options.outbound) {
    io.stderr.write(
      'vigil fetch: outbound network access is off (VIGIL_OUTBOUND=off); nothing fetched\n',
    );
    return EXIT_FAILURE;
  }
  const record = await fetcher.fetch(url);
  io.stdout.write(options.json ? `${JSON.stringify(record)}\n` : formatRecord(record));
  return record.outcome === 'fetched' ? EXIT_OK : EXIT_FAILURE;
}

function formatRecord(record: FetchRecord): string {
  const lines = [`${record.outcome} ${record.requestedUrl} in ${record.durationMs} ms`];
  for (const hop of record.hops) {
    lines.push(
      `  ${hop.status} ${hop.url} (${hop.address})${hop.location ? ` -> ${hop.location}` : ''}`,
    );
  }
  if (record.reason !== undefined) {
    lines.push(`  reason: ${record.reason}`);
  }
  const facts: [string, string | number | undefined][] = [
    ['final URL', record.finalUrl],
    ['title', record.title],
    ['content type', record.contentType],
    [
      'bytes',
      record.bytes === undefined
        ? undefined
        : `${record.bytes}${record.truncated ? ' (truncated)' : ''}`,
    ],
    ['SHA-256', record.sha256],
    ['favicon SHA-256', record.faviconSha256],
    ['TLS issuer', record.tls?.issuer],
    ['TLS valid', record.tls ? `${record.tls.validFrom} to ${record.tls.validTo}` : undefined],
  ];
  for (const [name, value] of facts) {
    if (value !== undefined) {
      lines.push(`  ${name}: ${value}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
