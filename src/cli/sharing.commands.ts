import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { type Command, Option } from 'commander';

import { EXPORT_FORMATS } from '../domain/exports/export-listing.ts';
import { ORGANISATION_KINDS } from '../domain/notices/notice-action.ts';
import { ROUTING_KEY_TYPES } from '../domain/notices/routing.ts';
import { parseTlpLabel, type TlpLabel } from '../domain/tlp.ts';
import { VigilError } from '../errors.ts';
import {
  createApiKey,
  listApiKeys,
  parseScopes,
  revokeApiKey,
  rotateApiKey,
} from '../services/api-key.service.ts';
import { type ExportReader, PUBLIC_READER, runExport } from '../services/export.service.ts';
import {
  createNoticesForDecision,
  listNotices,
  listOverdueNotices,
  NOTICE_RESPONSES,
  remindOverdueNotices,
  respondToNotice,
} from '../services/notice.service.ts';
import {
  addRoutingRule,
  createOrganisation,
  findOrganisation,
  listOrganisations,
  listRoutingRules,
  removeRoutingRule,
} from '../services/organisation.service.ts';
import { addPartnerFeed, PARTNER_PROTOCOLS } from '../services/partner-poll.service.ts';
import type { Database } from '../store/database.ts';
import { type CliIo, processIo } from './cli-io.ts';
import { withDatabase } from './command-database.ts';

const CLI_ACTOR = 'cli';

function readId(text: string, field: string): number {
  const id = Number(text);
  if (!Number.isSafeInteger(id) || id < 1) {
    throw new VigilError('INVALID_INPUT', `${field}: "${text.slice(0, 20)}" is not an id`, field);
  }
  return id;
}

export interface ExportCommandOptions {
  readonly format: string;
  readonly since?: string;
  readonly out?: string;
  /** The clearance to export for, when not that of an organisation. */
  readonly tlp?: string;
  /** Export what this organisation may receive. */
  readonly org?: string;
}

/**
 * Runs `vigil export`: writes the export to `--out` (a folder for MISP) or to
 * stdout, and a one-line summary to stderr. The reader is TLP:CLEAR unless
 * `--tlp` or `--org` raises it.
 */
export async function runExportCommand(
  options: ExportCommandOptions,
  io: CliIo,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  return withDatabase(io, env, async (database, config) => {
    const reader = await exportReader(database, options);
    if (options.format === 'misp' && options.out === undefined) {
      throw new VigilError(
        'INVALID_INPUT',
        'out: a MISP feed is a folder of files; pass --out FOLDER',
        'out',
      );
    }
    const result = await runExport(database, config, {
      format: options.format,
      reader,
      ...(options.since !== undefined && { since: options.since }),
    });
    if (options.out === undefined) {
      io.stdout.write([...result.files.values()][0]!.body);
    } else if (result.format === 'misp') {
      await mkdir(options.out, { recursive: true });
      for (const [name, file] of result.files) {
        await writeFile(join(options.out, name), file.body);
      }
    } else {
      await writeFile(options.out, [...result.files.values()][0]!.body);
    }
    const serial = result.serial === undefined ? '' : `, serial ${result.serial}`;
    io.stderr.write(
      `exported ${result.count} ${result.format === 'rpz' ? 'names' : 'entries'} as ${result.format} for ${reader.clearance}${serial}` +
        `${result.skipped > 0 ? `, ${result.skipped} left out that the format cannot carry` : ''}\n`,
    );
  });
}

async function exportReader(
  database: Database,
  options: ExportCommandOptions,
): Promise<ExportReader> {
  if (options.org !== undefined) {
    const organisation = await findOrganisation(database, options.org);
    return { clearance: organisation.tlpClearance };
  }
  if (options.tlp === undefined) {
    return PUBLIC_READER;
  }
  const label = parseTlpLabel(options.tlp);
  if (label === undefined || label === 'TLP:RED') {
    throw new VigilError(
      'INVALID_INPUT',
      `tlp: "${options.tlp}" is not a feed clearance; use TLP:CLEAR, TLP:GREEN, TLP:AMBER or TLP:AMBER+STRICT`,
      'tlp',
    );
  }
  return { clearance: label as TlpLabel };
}

export interface OrgAddOptions {
  readonly kind: string;
  readonly language?: string;
  readonly tlp?: string;
  readonly email?: string;
  readonly webhook?: string;
}

/** Runs `vigil org add`: prints the new organisation, and its webhook secret once. */
export async function runOrgAddCommand(
  name: string,
  options: OrgAddOptions,
  io: CliIo,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  return withDatabase(io, env, async (database) => {
    const { organisation, webhookSecret } = await createOrganisation(
      database,
      {
        name,
        kind: options.kind,
        ...(options.language !== undefined && { language: options.language }),
        ...(options.tlp !== undefined && { tlpClearance: options.tlp }),
        contactEmail: options.email ?? null,
        webhookUrl: options.webhook ?? null,
      },
      CLI_ACTOR,
    );
    io.stdout.write(
      `organisation ${organisation.id}: ${organisation.name} (${organisation.kind})\n`,
    );
    if (webhookSecret !== null) {
      io.stdout.write(`webhook signing secret (shown once): ${webhookSecret}\n`);
    }
  });
}

/** Runs `vigil org list`. */
export async function runOrgListCommand(
  options: { readonly json: boolean },
  io: CliIo,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  return withDatabase(io, env, async (database) => {
    const organisations = await listOrganisations(database);
    if (options.json) {
      io.stdout.write(`${JSON.stringify(organisations)}\n`);
      return;
    }
    for (const org of organisations) {
      const channels = [org.webhookUrl && 'webhook', org.contactEmail && 'e-mail']
        .filter(Boolean)
        .join(', ');
      io.stdout.write(
        `${org.id}\t${org.name}\t${org.kind}\t${org.language}\t${org.tlpClearance}\t${channels || 'API only'}\n`,
      );
    }
  });
}

/** Runs `vigil org key`: issues an API key and prints it once. */
export async function runOrgKeyCommand(
  organisation: string,
  options: { readonly scopes: string; readonly label?: string },
  io: CliIo,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  return withDatabase(io, env, async (database) => {
    const org = await findOrganisation(database, organisation);
    const key = await createApiKey(
      database,
      { organisationId: org.id, scopes: parseScopes(options.scopes), label: options.label ?? '' },
      CLI_ACTOR,
    );
    io.stdout.write(
      `API key ${key.id} for ${org.name}, scopes ${key.scopes.join(' ')} (shown once):\n${key.key}\n`,
    );
  });
}

/** Runs `vigil org keys`: lists an organisation's keys without their secrets. */
export async function runOrgKeysCommand(
  organisation: string,
  io: CliIo,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  return withDatabase(io, env, async (database) => {
    const org = await findOrganisation(database, organisation);
    for (const key of await listApiKeys(database, org.id)) {
      io.stdout.write(
        `${key.id}\tvgl_${key.prefix}_…\t${key.scopes.join(' ')}\tlast used ${key.lastUsedAt ?? 'never'}\t${key.expiresAt === null ? 'active' : `expires ${key.expiresAt}`}\n`,
      );
    }
  });
}

/** Runs `vigil org rotate-key`: issues a replacement; the old key works for the grace period. */
export async function runOrgRotateKeyCommand(
  keyId: string,
  io: CliIo,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  return withDatabase(io, env, async (database, config) => {
    const key = await rotateApiKey(
      database,
      readId(keyId, 'key'),
      config.sharing.apiKeyGraceHours,
      CLI_ACTOR,
    );
    io.stdout.write(
      `API key ${key.id} replaces key ${keyId}, which stops in ${config.sharing.apiKeyGraceHours} hours (shown once):\n${key.key}\n`,
    );
  });
}

/** Runs `vigil org revoke-key`: stops a key at once. */
export async function runOrgRevokeKeyCommand(
  keyId: string,
  io: CliIo,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  return withDatabase(io, env, async (database) => {
    await revokeApiKey(database, readId(keyId, 'key'), CLI_ACTOR);
    io.stdout.write(`API key ${keyId} revoked\n`);
  });
}

/** Runs `vigil route add`: routes notices matching a key to an organisation. */
export async function runRouteAddCommand(
  organisation: string,
  options: { readonly type: string; readonly value?: string },
  io: CliIo,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  return withDatabase(io, env, async (database) => {
    const org = await findOrganisation(database, organisation);
    const rule = await addRoutingRule(
      database,
      { organisationId: org.id, keyType: options.type, keyValue: options.value ?? '' },
      CLI_ACTOR,
    );
    io.stdout.write(
      `routing rule ${rule.id}: ${rule.keyType} ${rule.keyValue || '(any)'} -> ${org.name}\n`,
    );
  });
}

/** Runs `vigil route list`. */
export async function runRouteListCommand(
  io: CliIo,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  return withDatabase(io, env, async (database) => {
    const names = new Map((await listOrganisations(database)).map((org) => [org.id, org.name]));
    for (const rule of await listRoutingRules(database)) {
      io.stdout.write(
        `${rule.id}\t${rule.keyType}\t${rule.keyValue || '(any)'}\t${names.get(rule.organisationId)}\n`,
      );
    }
  });
}

/** Runs `vigil route remove`. */
export async function runRouteRemoveCommand(
  ruleId: string,
  io: CliIo,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  return withDatabase(io, env, async (database) => {
    await removeRoutingRule(database, readId(ruleId, 'rule'), CLI_ACTOR);
    io.stdout.write(`routing rule ${ruleId} removed\n`);
  });
}

/** Runs `vigil notice list`: notices as JSON lines, or only the overdue ones. */
export async function runNoticeListCommand(
  options: { readonly org?: string; readonly status?: string; readonly overdue: boolean },
  io: CliIo,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  return withDatabase(io, env, async (database) => {
    const organisationId =
      options.org === undefined ? undefined : (await findOrganisation(database, options.org)).id;
    const notices = options.overdue
      ? await listOverdueNotices(database)
      : await listNotices(database, {
          ...(organisationId !== undefined && { organisationId }),
          ...(options.status !== undefined && { status: options.status }),
          limit: 500,
        });
    for (const notice of notices) {
      if (organisationId === undefined || notice.organisationId === organisationId) {
        io.stdout.write(`${JSON.stringify(notice)}\n`);
      }
    }
  });
}

/** Runs `vigil notice respond`: records an answer an organisation gave another way. */
export async function runNoticeRespondCommand(
  noticeId: string,
  options: { readonly status: string; readonly note?: string },
  io: CliIo,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  return withDatabase(io, env, async (database) => {
    const notice = await respondToNotice(database, {
      noticeId: readId(noticeId, 'notice'),
      response: options.status,
      note: options.note ?? null,
      actor: CLI_ACTOR,
    });
    io.stdout.write(`notice ${notice.id} is ${notice.status}\n`);
  });
}

/** Runs `vigil notice send`: creates a decision's notices now (again, if some failed to route before). */
export async function runNoticeSendCommand(
  decisionId: string,
  io: CliIo,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  return withDatabase(io, env, async (database, config) => {
    const ids = await createNoticesForDecision(database, readId(decisionId, 'decision'), {
      sharing: config.sharing,
    });
    io.stdout.write(
      `${ids.length} notices created${ids.length > 0 ? `: ${ids.join(', ')}` : ''}\n`,
    );
  });
}

/** Runs `vigil notice remind`: sends the one reminder of every overdue notice that has none yet. */
export async function runNoticeRemindCommand(
  io: CliIo,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  return withDatabase(io, env, async (database, config) => {
    const count = await remindOverdueNotices(database, { sharing: config.sharing });
    io.stdout.write(`${count} overdue notices reminded\n`);
  });
}

/** Runs `vigil partner add`: polls a partner's TAXII collection or MISP feed on a schedule. */
export async function runPartnerAddCommand(
  organisation: string,
  options: {
    readonly protocol: string;
    readonly url: string;
    readonly authorization?: string;
    readonly tlp?: string;
    readonly every?: string;
  },
  io: CliIo,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  return withDatabase(io, env, async (database) => {
    const org = await findOrganisation(database, organisation);
    const id = await addPartnerFeed(
      database,
      {
        organisationId: org.id,
        protocol: options.protocol,
        url: options.url,
        authorization: options.authorization ?? null,
        ...(options.tlp !== undefined && { tlp: options.tlp }),
        ...(options.every !== undefined && { intervalMinutes: Number(options.every) }),
      },
      CLI_ACTOR,
    );
    io.stdout.write(`partner feed ${id} of ${org.name}: first poll queued; the worker runs it\n`);
  });
}

/** Adds the commands of sharing (export, org, route, notice, partner) to `program`. */
export function registerSharingCommands(program: Command): void {
  program
    .command('export')
    .description('export active listings for resolvers, partners and spreadsheets')
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(EXPORT_FORMATS)
        .makeOptionMandatory(),
    )
    .option('--since <time>', 'only listings changed since this ISO time (csv, json, stix)')
    .option('--out <path>', 'write to this file (a folder for misp) instead of stdout')
    .option(
      '--tlp <label>',
      'most restricted marking to include (default TLP:CLEAR; never TLP:RED)',
    )
    .option('--org <organisation>', 'export what this organisation (id or name) may receive')
    .action(async (options: ExportCommandOptions) => {
      process.exitCode = await runExportCommand(options, processIo);
    });

  const org = program
    .command('org')
    .description('manage organisations, their API keys and partner feeds');
  org
    .command('add')
    .description('add an organisation that receives notices and feeds')
    .argument('<name>', 'the organisation’s name')
    .addOption(
      new Option('--kind <kind>', 'kind of organisation')
        .choices(ORGANISATION_KINDS)
        .makeOptionMandatory(),
    )
    .addOption(
      new Option('--language <language>', 'language of its notices')
        .choices(['vi', 'en'])
        .default('vi'),
    )
    .option('--tlp <label>', 'most restricted marking it may receive in feeds (default TLP:GREEN)')
    .option('--email <address>', 'focal point mailbox for e-mailed notices')
    .option('--webhook <url>', 'endpoint for signed webhook notices')
    .action(async (name: string, options: OrgAddOptions) => {
      process.exitCode = await runOrgAddCommand(name, options, processIo);
    });
  org
    .command('list')
    .description('list organisations')
    .option('--json', 'print JSON', false)
    .action(async (options: { json: boolean }) => {
      process.exitCode = await runOrgListCommand(options, processIo);
    });
  org
    .command('key')
    .description('issue an API key for an organisation and print it once')
    .argument('<organisation>', 'organisation id or name')
    .option(
      '--scopes <scopes>',
      'comma-separated: notices, exports, taxii',
      'notices,exports,taxii',
    )
    .option('--label <text>', 'a note on what the key is for')
    .action(async (organisation: string, options: { scopes: string; label?: string }) => {
      process.exitCode = await runOrgKeyCommand(organisation, options, processIo);
    });
  org
    .command('keys')
    .description('list an organisation’s API keys, without secrets')
    .argument('<organisation>', 'organisation id or name')
    .action(async (organisation: string) => {
      process.exitCode = await runOrgKeysCommand(organisation, processIo);
    });
  org
    .command('rotate-key')
    .description('replace an API key; the old one works for VIGIL_API_KEY_GRACE_HOURS more')
    .argument('<keyId>', 'the key’s id')
    .action(async (keyId: string) => {
      process.exitCode = await runOrgRotateKeyCommand(keyId, processIo);
    });
  org
    .command('revoke-key')
    .description('stop an API key at once')
    .argument('<keyId>', 'the key’s id')
    .action(async (keyId: string) => {
      process.exitCode = await runOrgRevokeKeyCommand(keyId, processIo);
    });

  const route = program
    .command('route')
    .description('manage the rules that pick who gets a notice');
  route
    .command('add')
    .description('send notices about matching indicators to an organisation')
    .argument('<organisation>', 'organisation id or name')
    .addOption(
      new Option('--type <type>', 'what the rule matches')
        .choices(ROUTING_KEY_TYPES)
        .makeOptionMandatory(),
    )
    .option(
      '--value <value>',
      'registrar name, domain or suffix (vn), CIDR or AS number, 6-digit BIN, platform domain, telco (viettel); none for default',
    )
    .action(async (organisation: string, options: { type: string; value?: string }) => {
      process.exitCode = await runRouteAddCommand(organisation, options, processIo);
    });
  route
    .command('list')
    .description('list routing rules')
    .action(async () => {
      process.exitCode = await runRouteListCommand(processIo);
    });
  route
    .command('remove')
    .description('remove a routing rule')
    .argument('<ruleId>', 'the rule’s id')
    .action(async (ruleId: string) => {
      process.exitCode = await runRouteRemoveCommand(ruleId, processIo);
    });

  const notice = program.command('notice').description('follow notices sent to organisations');
  notice
    .command('list')
    .description('print notices as JSON lines, newest first')
    .option('--org <organisation>', 'only this organisation (id or name)')
    .option('--status <status>', 'only this status')
    .option('--overdue', 'only unanswered notices past their deadline', false)
    .action(async (options: { org?: string; status?: string; overdue: boolean }) => {
      process.exitCode = await runNoticeListCommand(options, processIo);
    });
  notice
    .command('respond')
    .description('record an organisation’s answer given by phone or letter')
    .argument('<noticeId>', 'the notice’s id')
    .addOption(
      new Option('--status <status>', 'the answer').choices(NOTICE_RESPONSES).makeOptionMandatory(),
    )
    .option('--note <text>', 'what was done, or why it was declined')
    .action(async (noticeId: string, options: { status: string; note?: string }) => {
      process.exitCode = await runNoticeRespondCommand(noticeId, options, processIo);
    });
  notice
    .command('send')
    .description('create the notices of an effective decision now; existing ones are kept')
    .argument('<decisionId>', 'the decision’s id')
    .action(async (decisionId: string) => {
      process.exitCode = await runNoticeSendCommand(decisionId, processIo);
    });
  notice
    .command('remind')
    .description('remind once every overdue notice that has had no reminder')
    .action(async () => {
      process.exitCode = await runNoticeRemindCommand(processIo);
    });

  program
    .command('partner')
    .description('pull indicators from partners')
    .command('add')
    .description('poll a partner’s TAXII 2.1 collection or MISP feed on a schedule')
    .argument('<organisation>', 'the partner organisation (id or name)')
    .addOption(
      new Option('--protocol <protocol>', 'feed protocol')
        .choices(PARTNER_PROTOCOLS)
        .makeOptionMandatory(),
    )
    .requiredOption('--url <url>', 'TAXII collection objects URL, or MISP feed folder URL')
    .option('--authorization <header>', 'Authorization header value to send')
    .option('--tlp <label>', 'marking of what the partner shares (default TLP:GREEN)')
    .option('--every <minutes>', 'minutes between polls (default 60)')
    .action(async (organisation: string, options: Parameters<typeof runPartnerAddCommand>[1]) => {
      process.exitCode = await runPartnerAddCommand(organisation, options, processIo);
    });
}
