import { Resolver } from 'node:dns/promises';

/** The records of one name that enrichment keeps. */
export interface DnsRecords {
  readonly name: string;
  readonly a: readonly string[];
  readonly aaaa: readonly string[];
  readonly cname: readonly string[];
  readonly ns: readonly string[];
  readonly mx: readonly { readonly exchange: string; readonly priority: number }[];
}

export interface DnsOptions {
  /** Resolver addresses such as `127.0.0.1:5353`; the system's resolvers when empty. */
  readonly servers?: readonly string[];
  /** Milliseconds per query attempt. */
  readonly timeoutMs?: number;
  readonly tries?: number;
}

/** Error codes that mean "no such record", which give empty results rather than failures. */
const NO_DATA_CODES = new Set(['ENODATA', 'ENOTFOUND', 'ENONAME', 'NXDOMAIN']);

/**
 * Looks up A, AAAA, CNAME, NS and MX records through `node:dns` with its own resolver, so the
 * servers and the timeout are ours and not the process-wide `dns.lookup` (which reads
 * /etc/hosts and would resolve `localhost`).
 */
export class DnsService {
  readonly #resolver: Resolver;

  constructor(options: DnsOptions = {}) {
    this.#resolver = new Resolver({
      timeout: options.timeoutMs ?? 3000,
      tries: options.tries ?? 2,
    });
    if (options.servers !== undefined && options.servers.length > 0) {
      this.#resolver.setServers([...options.servers]);
    }
  }

  /** Resolves every record type of `name`; a type with no records gives an empty list. */
  async resolveAll(name: string): Promise<DnsRecords> {
    const [a, aaaa, cname, ns, mx] = await Promise.all([
      this.#query(() => this.#resolver.resolve4(name)),
      this.#query(() => this.#resolver.resolve6(name)),
      this.#query(() => this.#resolver.resolveCname(name)),
      this.#query(() => this.#resolver.resolveNs(name)),
      this.#query(() => this.#resolver.resolveMx(name)),
    ]);
    return {
      name,
      a,
      aaaa,
      cname,
      ns,
      mx: mx.map(({ exchange, priority }) => ({ exchange, priority })),
    };
  }

  /** Resolves the IPv4 and IPv6 addresses of `name`, IPv4 first. */
  async resolveAddresses(name: string): Promise<string[]> {
    const [a, aaaa] = await Promise.all([
      this.#query(() => this.#resolver.resolve4(name)),
      this.#query(() => this.#resolver.resolve6(name)),
    ]);
    return [...a, ...aaaa];
  }

  /** Cancels the queries in flight; they fail with ECANCELLED. */
  cancel(): void {
    this.#resolver.cancel();
  }

  async #query<T>(run: () => Promise<T[]>): Promise<T[]> {
    try {
      return await run();
    } catch (error) {
      if (NO_DATA_CODES.has((error as NodeJS.ErrnoException).code ?? '')) {
        return [];
      }
      throw error;
    }
  }
}
