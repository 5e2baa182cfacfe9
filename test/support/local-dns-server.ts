import { type RemoteInfo, type Socket, createSocket } from 'node:dgram';
import { isIPv4 } from 'node:net';

import ipaddr from 'ipaddr.js';

/** Records of one name on the local DNS server. A name absent from the zone is NXDOMAIN. */
export interface LocalDnsRecords {
  readonly A?: readonly string[];
  readonly AAAA?: readonly string[];
  readonly CNAME?: string;
  readonly NS?: readonly string[];
  readonly MX?: readonly { readonly exchange: string; readonly priority: number }[];
}

export interface LocalDnsServer {
  /** `127.0.0.1:<port>`, for `DnsService({ servers })`. */
  readonly address: string;
  /** Names asked for, lowercase, in order. */
  readonly queries: string[];
  close(): Promise<void>;
}

const TYPES = { A: 1, NS: 2, CNAME: 5, MX: 15, AAAA: 28 } as const;

/**
 * Starts a DNS server on 127.0.0.1 over UDP that resolves from `zone` alone, so tests resolve
 * names without any outside resolver. Supports A, AAAA, CNAME, NS and MX questions.
 */
export async function startLocalDnsServer(
  zone: Readonly<Record<string, LocalDnsRecords>>,
): Promise<LocalDnsServer> {
  const socket = createSocket('udp4');
  const queries: string[] = [];
  socket.on('message', (message, remote) => answer(socket, message, remote, zone, queries));
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  return {
    address: `127.0.0.1:${port}`,
    queries,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

function answer(
  socket: Socket,
  message: Buffer,
  remote: RemoteInfo,
  zone: Readonly<Record<string, LocalDnsRecords>>,
  queries: string[],
): void {
  if (message.length < 12) {
    return;
  }
  const { name, end } = readName(message, 12);
  const type = message.readUInt16BE(end);
  const question = message.subarray(12, end + 4);
  queries.push(name);

  const records = zone[name];
  const answers = records === undefined ? [] : encodeAnswers(records, type);
  const header = Buffer.alloc(12);
  header.writeUInt16BE(message.readUInt16BE(0), 0);
  header.writeUInt16BE(0x8180 | (records === undefined ? 3 : 0), 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(answers.length, 6);
  socket.send(Buffer.concat([header, question, ...answers]), remote.port, remote.address);
}

function readName(message: Buffer, start: number): { name: string; end: number } {
  const labels: string[] = [];
  let offset = start;
  while (offset < message.length && message[offset]! !== 0) {
    const length = message[offset]!;
    labels.push(message.subarray(offset + 1, offset + 1 + length).toString('latin1'));
    offset += length + 1;
  }
  return { name: labels.join('.').toLowerCase(), end: offset + 1 };
}

function encodeAnswers(records: LocalDnsRecords, type: number): Buffer[] {
  const rdatas: { type: number; data: Buffer }[] = [];
  if (records.CNAME !== undefined && type !== TYPES.NS && type !== TYPES.MX) {
    rdatas.push({ type: TYPES.CNAME, data: encodeName(records.CNAME) });
  } else if (type === TYPES.A) {
    for (const a of records.A ?? []) {
      rdatas.push({ type, data: Buffer.from(ipaddr.parse(a).toByteArray()) });
    }
  } else if (type === TYPES.AAAA) {
    for (const aaaa of records.AAAA ?? []) {
      const parsed = ipaddr.parse(aaaa);
      const bytes = isIPv4(aaaa) ? (parsed as ipaddr.IPv4).toIPv4MappedAddress() : parsed;
      rdatas.push({ type, data: Buffer.from(bytes.toByteArray()) });
    }
  } else if (type === TYPES.NS) {
    for (const ns of records.NS ?? []) {
      rdatas.push({ type, data: encodeName(ns) });
    }
  } else if (type === TYPES.MX) {
    for (const mx of records.MX ?? []) {
      const priority = Buffer.alloc(2);
      priority.writeUInt16BE(mx.priority);
      rdatas.push({ type, data: Buffer.concat([priority, encodeName(mx.exchange)]) });
    }
  }
  return rdatas.map(({ type: recordType, data }) => {
    const fixed = Buffer.alloc(12);
    fixed.writeUInt16BE(0xc00c, 0);
    fixed.writeUInt16BE(recordType, 2);
    fixed.writeUInt16BE(1, 4);
    fixed.writeUInt32BE(60, 6);
    fixed.writeUInt16BE(data.length, 10);
    return Buffer.concat([fixed, data]);
  });
}

function encodeName(name: string): Buffer {
  const labels = name.replace(/\.$/, '').split('.');
  return Buffer.concat([
    ...labels.map((label) =>
      Buffer.concat([Buffer.from([label.length]), Buffer.from(label, 'latin1')]),
    ),
    Buffer.from([0]),
  ]);
}
