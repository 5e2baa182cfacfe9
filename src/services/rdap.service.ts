import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import ipaddr from 'ipaddr.js';
import { request } from 'undici';

import { VigilError } from '../errors.ts';

/** Registration facts that enrichment keeps from an RDAP response. */
export interface RdapSummary {
  readonly query: string;
  readonly server: string;
  readonly handle?: string;
  readonly creationDate?: string;
  readonly expirationDate?: string;
  readonly registrar?: string;
  readonly registrarIanaId?: string;
  readonly status: readonly string[];
  readonly abuseEmail?: string;
  readonly nameservers: readonly string[];
  /** For IP networks: the network name, range and ASN where the registry gives them. */
  readonly networkName?: string;
  readonly startAddress?: string;
  readonly endAddress?: string;
  readonly asn?: number;
}

/** IANA's bootstrap files, as `vigil rdap refresh` stores them. */
export const BOOTSTRAP_FILES = { dns: 'dns.json', ipv4: 'ipv4.json', ipv6: 'ipv6.json' } as const;

type BootstrapKind = keyof typeof BOOTSTRAP_FILES;

interface BootstrapFile {
  readonly services: readonly (readonly [readonly string[], readonly string[]])[];
}

export interface RdapOptions {
  /** The folder with the bootstrap files, `<dataDir>/rdap`. */
  readonly bootstrapDir: string;
  readonly timeoutMs?: number;
  readonly maxBytes?: number;
}

/**
 * Looks up domains and IP networks over RDAP, choosing the server from IANA's bootstrap files.
 * Throws a VigilError (NOT_FOUND) when no bootstrap file or entry covers the query.
 */
export class RdapService {
  readonly #options: RdapOptions;

  constructor(options: RdapOptions) {
    this.#options = options;
  }

  async lookupDomain(domain: string): Promise<RdapSummary> {
    const labels = domain.toLowerCase().split('.');
    const services = this.#services('dns');
    for (let start = 0; start < labels.length; start += 1) {
      const suffix = labels.slice(start).join('.');
      const entry = services.find(([keys]) => keys.includes(suffix));
      if (entry !== undefined) {
        return this.#query(pickServer(entry[1]), `domain/${domain}`, domain);
      }
    }
    throw new VigilError(
      'NOT_FOUND',
      `no RDAP server is known for ${domain}; run vigil rdap refresh`,
    );
  }

  async lookupIp(address: string): Promise<RdapSummary> {
    const parsed = ipaddr.parse(address);
    const kind = parsed.kind() === 'ipv4' ? 'ipv4' : 'ipv6';
    const entry = this.#services(kind).find(([ranges]) =>
      ranges.some((range) => {
        const cidr = ipaddr.parseCIDR(range);
        return cidr[0].kind() === parsed.kind() && parsed.match(cidr);
      }),
    );
    if (entry === undefined) {
      throw new VigilError(
        'NOT_FOUND',
        `no RDAP server is known for ${address}; run vigil rdap refresh`,
      );
    }
    return this.#query(pickServer(entry[1]), `ip/${address}`, address);
  }

  #services(kind: BootstrapKind): BootstrapFile['services'] {
    const path = join(this.#options.bootstrapDir, BOOTSTRAP_FILES[kind]);
    if (!existsSync(path)) {
      throw new VigilError(
        'NOT_FOUND',
        `RDAP bootstrap file ${path} is missing; run vigil rdap refresh`,
      );
    }
    return parseBootstrap(readFileSync(path, 'utf8'), path).services;
  }

  async #query(server: string, path: string, query: string): Promise<RdapSummary> {
    const url = new URL(path, server.endsWith('/') ? server : `${server}/`);
    const response = await request(url, {
      headers: { accept: 'application/rdap+json, application/json' },
      signal: AbortSignal.timeout(this.#options.timeoutMs ?? 10_000),
    });
    const text = await readText(response.body, this.#options.maxBytes ?? 1024 * 1024);
    if (response.statusCode !== 200) {
      throw new VigilError(
        'NOT_FOUND',
        `RDAP server ${url.origin} responded with status ${response.statusCode} for ${query}`,
      );
    }
    return summarizeRdap(JSON.parse(text) as RdapObject, query, url.origin);
  }
}

function pickServer(servers: readonly string[]): string {
  return servers.find((server) => server.startsWith('https:')) ?? servers[0]!;
}

async function readText(body: AsyncIterable<Buffer>, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > maxBytes) {
      throw new VigilError('INVALID_INPUT', `RDAP response is larger than ${maxBytes} bytes`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Parses an IANA bootstrap file, throwing a VigilError (FORMAT_MISMATCH) when it is not one. */
export function parseBootstrap(text: string, name: string): BootstrapFile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new VigilError(
      'FORMAT_MISMATCH',
      `${name} is not JSON; give an IANA RDAP bootstrap file`,
    );
  }
  const services = (value as { services?: unknown }).services;
  const valid =
    Array.isArray(services) &&
    services.every(
      (entry) =>
        Array.isArray(entry) &&
        Array.isArray(entry[0]) &&
        Array.isArray(entry[1]) &&
        (entry as unknown[][]).flat().every((item) => typeof item === 'string'),
    );
  if (!valid) {
    throw new VigilError(
      'FORMAT_MISMATCH',
      `${name} has no valid "services" list of an RDAP bootstrap file`,
    );
  }
  return value as BootstrapFile;
}

/** Tells which bootstrap file a parsed one is, from what its service keys look like. */
export function detectBootstrapKind(file: BootstrapFile): BootstrapKind {
  const key = file.services[0]?.[0][0] ?? '';
  if (key.includes(':')) {
    return 'ipv6';
  }
  return key.includes('/') ? 'ipv4' : 'dns';
}

/**
 * Stores bootstrap files into `<dataDir>/rdap`, from a file, a folder holding dns.json,
 * ipv4.json and ipv6.json, or an http(s) URL of such a folder. Returns the files written.
 */
export async function refreshBootstrap(from: string, bootstrapDir: string): Promise<string[]> {
  const texts = /^https?:\/\//.test(from)
    ? await downloadBootstrap(from)
    : readBootstrapFiles(from);
  mkdirSync(bootstrapDir, { recursive: true });
  return texts.map(({ text, name }) => {
    const kind = detectBootstrapKind(parseBootstrap(text, name));
    const path = join(bootstrapDir, BOOTSTRAP_FILES[kind]);
    writeFileSync(path, text);
    return path;
  });
}

function readBootstrapFiles(from: string): { text: string; name: string }[] {
  if (!existsSync(from)) {
    throw new VigilError(
      'FILE_NOT_FOUND',
      `${from} does not exist; give a bootstrap file or folder`,
    );
  }
  if (!statSync(from).isDirectory()) {
    return [{ text: readFileSync(from, 'utf8'), name: from }];
  }
  return Object.values(BOOTSTRAP_FILES)
    .map((file) => join(from, file))
    .filter((path) => existsSync(path))
    .map((path) => ({ text: readFileSync(path, 'utf8'), name: path }));
}

async function downloadBootstrap(base: string): Promise<{ text: string; name: string }[]> {
  const folder = base.endsWith('.json')
    ? [base]
    : Object.values(BOOTSTRAP_FILES).map((file) =>
        new URL(file, base.endsWith('/') ? base : `${base}/`).toString(),
      );
  const texts = [];
  for (const url of folder) {
    const response = await request(url, { signal: AbortSignal.timeout(30_000) });
    const text = await readText(response.body, 4 * 1024 * 1024);
    if (response.statusCode !== 200) {
      throw new VigilError('NOT_FOUND', `${url} responded with status ${response.statusCode}`);
    }
    texts.push({ text, name: url });
  }
  return texts;
}

interface RdapEntity {
  readonly roles?: readonly string[];
  readonly handle?: string;
  readonly vcardArray?: readonly [string, readonly (readonly unknown[])[]];
  readonly publicIds?: readonly { readonly type?: string; readonly identifier?: string }[];
  readonly entities?: readonly RdapEntity[];
}

interface RdapObject {
  readonly handle?: string;
  readonly name?: string;
  readonly status?: readonly string[];
  readonly events?: readonly { readonly eventAction?: string; readonly eventDate?: string }[];
  readonly entities?: readonly RdapEntity[];
  readonly nameservers?: readonly { readonly ldhName?: string }[];
  readonly startAddress?: string;
  readonly endAddress?: string;
  readonly arin_originas0_originautnums?: readonly number[];
}

/** Reduces an RDAP domain or IP network object to the facts Vigil keeps. */
export function summarizeRdap(object: RdapObject, query: string, server: string): RdapSummary {
  const event = (action: string) =>
    object.events?.find((item) => item.eventAction === action)?.eventDate;
  const entities = flattenEntities(object.entities ?? []);
  const registrar = entities.find((entity) => entity.roles?.includes('registrar'));
  const abuse = entities.find((entity) => entity.roles?.includes('abuse'));
  const creationDate = event('registration');
  const expirationDate = event('expiration');
  const registrarName = registrar ? (vcardField(registrar, 'fn') ?? registrar.handle) : undefined;
  const ianaId = registrar?.publicIds?.find((id) => id.type === 'IANA Registrar ID')?.identifier;
  const abuseEmail = abuse ? vcardField(abuse, 'email') : undefined;
  const asn = object.arin_originas0_originautnums?.[0];
  return {
    query,
    server,
    ...(object.handle ? { handle: object.handle } : {}),
    ...(creationDate ? { creationDate } : {}),
    ...(expirationDate ? { expirationDate } : {}),
    ...(registrarName ? { registrar: registrarName } : {}),
    ...(ianaId ? { registrarIanaId: ianaId } : {}),
    status: object.status ?? [],
    ...(abuseEmail ? { abuseEmail } : {}),
    nameservers: (object.nameservers ?? []).flatMap((ns) =>
      ns.ldhName ? [ns.ldhName.toLowerCase()] : [],
    ),
    ...(object.startAddress && object.name ? { networkName: object.name } : {}),
    ...(object.startAddress ? { startAddress: object.startAddress } : {}),
    ...(object.endAddress ? { endAddress: object.endAddress } : {}),
    ...(asn !== undefined ? { asn } : {}),
  };
}

function flattenEntities(entities: readonly RdapEntity[]): RdapEntity[] {
  return entities.flatMap((entity) => [entity, ...flattenEntities(entity.entities ?? [])]);
}

function vcardField(entity: RdapEntity, field: string): string | undefined {
  const property = entity.vcardArray?.[1]?.find((item) => item[0] === field);
  const value = property?.[3];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
