// The "dns" source of nsswitch's hosts database, as glibc 2.36's nss_dns answers it
// (resolv/nss_dns/dns-host.c): a name through res_nsearch (the search list and ndots) for A,
// AAAA or both, an address through a PTR query of its in-addr.arpa or ip6.arpa name. An answer's
// CNAME records lead from the asked name to the canonical one (each owner an alias), and the
// address records of the canonical name are the addresses; the host name is that canonical name.
// The queries go through the state _res (../resolver/dns-query.ts), whose waits are guest code.
import { Errno } from '../../kernel/errno.ts';
import type { HostStep } from '../abi/host-region.ts';
import {
  type AnswerBuffer,
  answerBuffers,
  HOST_NOT_FOUND,
  NO_RECOVERY,
  queryDomain,
  releaseAnswers,
  replyBytes,
  searchName,
} from '../resolver/dns-query.ts';
import {
  CLASS_IN,
  readMessage,
  readName,
  sameName,
  TYPE_A,
  TYPE_AAAA,
  TYPE_CNAME,
  TYPE_PTR,
} from '../resolver/dns-wire.ts';
import { initializeState, RES_INIT, resolverStateAddress, STATE } from '../resolver/resolver-state.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';

type Steps<T> = Generator<HostStep, T, number>;

export const AF_INET = 2;
export const AF_INET6 = 10;

export interface DnsAddress {
  family: number;
  bytes: Uint8Array;
}

export interface DnsHost {
  name: string;
  aliases: string[];
  addresses: DnsAddress[];
}

/**
 * A failed lookup: h_errno, errno as the resolver left it, and nss_dns's status: "unavailable"
 * when no server could answer (errno ECONNREFUSED or ETIMEDOUT, or out of descriptors),
 * "tryagain" for ESRCH (no servers configured), "notfound" otherwise. The _r functions return 0
 * for notfound and an errno otherwise, which getaddrinfo's simple path tells apart.
 */
export interface DnsFailure {
  hostError: number;
  errno: number;
  status: 'notfound' | 'unavailable' | 'tryagain';
}

/** The failure _nss_dns_gethostbyname3_r reports after a failed search (its errno switch). */
function searchFailure(libc: LibcProcess): DnsFailure {
  const errno = libc.errno;
  const status =
    errno === Errno.ESRCH
      ? 'tryagain'
      : errno === Errno.ECONNREFUSED || errno === Errno.ETIMEDOUT || errno === Errno.EMFILE || errno === Errno.ENFILE
        ? 'unavailable'
        : 'notfound';
  return { hostError: hostError(libc), errno, status };
}

/** The global state, initialised on first use as __resolv_context_get does. */
function state(libc: LibcProcess): number {
  const address = resolverStateAddress(libc);
  if ((STATE.options(libc, address) & BigInt(RES_INIT)) === 0n) initializeState(libc, address, true);
  return address;
}

function hostError(libc: LibcProcess): number {
  return libc.memory.view.getInt32(libc.hErrnoAddress, true);
}

/** getanswer_r over one reply: the canonical name, its aliases and its addresses of `type`. */
function readAnswer(reply: Uint8Array, type: number, host: DnsHost): void {
  const message = readMessage(reply);
  if (message === undefined || message.questions.length !== 1) return;
  let expected = host.name === '' ? message.questions[0]!.name : host.name;
  for (const record of message.answers) {
    if (record.rclass !== CLASS_IN || !sameName(record.name, expected)) continue;
    if (record.type === TYPE_CNAME) {
      const target = readName(reply, record.data);
      if (target === undefined) return;
      if (!host.aliases.some((alias) => sameName(alias, record.name))) host.aliases.push(record.name);
      expected = target.text;
      continue;
    }
    const length = type === TYPE_A ? 4 : 16;
    if (record.type !== type || record.length !== length) continue;
    host.name = record.name;
    host.addresses.push({
      family: type === TYPE_A ? AF_INET : AF_INET6,
      bytes: reply.slice(record.data, record.data + length),
    });
  }
}

/**
 * _nss_dns_gethostbyname3_r/4_r: the addresses of `name` for `types` (TYPE_A, TYPE_AAAA, or
 * both: one search asking both at each name). The host, or h_errno and errno.
 */
export function* dnsHostByName(libc: LibcProcess, name: string, types: number[]): Steps<DnsHost | DnsFailure> {
  const resolver = state(libc);
  const answers = answerBuffers(libc, types);
  try {
    const found = yield* searchName(libc, resolver, name, CLASS_IN, answers);
    if (found < 0) return searchFailure(libc);
    const host: DnsHost = { name: '', aliases: [], addresses: [] };
    for (const answer of answers) {
      if (answer.length > 0) {
        const canonical = host.name;
        host.name = '';
        readAnswer(replyBytes(libc, answer), answer.type, host);
        if (host.name === '') host.name = canonical;
      }
    }
    if (host.addresses.length === 0) return { hostError: NO_RECOVERY, errno: Errno.ENOENT, status: 'notfound' };
    return host;
  } finally {
    releaseAnswers(libc, answers);
  }
}

/** The reverse-lookup name of an address: d.c.b.a.in-addr.arpa, or the nibbles of ip6.arpa. */
function reverseName(family: number, bytes: Uint8Array): string {
  if (family === AF_INET) return `${[...bytes].reverse().join('.')}.in-addr.arpa`;
  const nibbles: string[] = [];
  for (const b of [...bytes].reverse()) nibbles.push((b & 15).toString(16), (b >> 4).toString(16));
  return `${nibbles.join('.')}.ip6.arpa`;
}

/** _nss_dns_gethostbyaddr2_r: the PTR name of an address (the address itself the only one). */
export function* dnsHostByAddress(libc: LibcProcess, family: number, bytes: Uint8Array): Steps<DnsHost | DnsFailure> {
  const resolver = state(libc);
  const answers: AnswerBuffer[] = answerBuffers(libc, [TYPE_PTR]);
  try {
    const found = yield* queryDomain(libc, resolver, reverseName(family, bytes), undefined, CLASS_IN, answers);
    // _nss_dns_gethostbyaddr2_r: unavailable only when no server was reached.
    if (found < 0)
      return {
        hostError: hostError(libc),
        errno: libc.errno,
        status: libc.errno === Errno.ECONNREFUSED ? 'unavailable' : 'notfound',
      };
    const reply = replyBytes(libc, answers[0]!);
    const message = readMessage(reply);
    let expected = message?.questions[0]?.name ?? '';
    for (const record of message?.answers ?? []) {
      if (record.rclass !== CLASS_IN || !sameName(record.name, expected)) continue;
      const target = readName(reply, record.data);
      if (target === undefined) break;
      if (record.type === TYPE_CNAME) expected = target.text;
      else if (record.type === TYPE_PTR) return { name: target.text, aliases: [], addresses: [{ family, bytes }] };
    }
    return { hostError: HOST_NOT_FOUND, errno: Errno.ENOENT, status: 'notfound' };
  } finally {
    releaseAnswers(libc, answers);
  }
}

export { TYPE_A, TYPE_AAAA };
