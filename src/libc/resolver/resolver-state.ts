// struct __res_state (resolv.h, 568 bytes on x86-64) and its initialisation from /etc/resolv.conf
// as glibc 2.36's res_init.c parses the file and resolv_conf.c copies the result into the state
// (update_from_conf): name servers (three at most; IPv6 ones in _u._ext.nsaddrs, malloc'd),
// the search list packed into defdname, sortlist, options, LOCALDOMAIN and RES_OPTIONS.
// The global state _res (glibc: a compat object that __res_state() returns) lives in libc's data.
import { Errno } from '../../kernel/errno.ts';
import { environmentValue } from '../environment/environment.ts';
import { parseIpv4Loose, parseIpv6 } from '../inet/inet-address.ts';
import { checkWrite, storePointer } from '../runtime/guest-access.ts';
import { readGuestFile, withGuestString } from '../runtime/guest-files.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';

export const RES_INIT = 0x1;
export const RES_RECURSE = 0x40;
const RES_DEFAULT = 0x40 | 0x80 | 0x200;
const RES_TIMEOUT = 5;
const RES_DFLRETRY = 2;
const RES_MAXNDOTS = 15;
const RES_MAXRETRANS = 30;
const RES_MAXRETRY = 5;
const MAXNS = 3;
const MAXDNSRCH = 6;
const MAXRESOLVSORT = 10;
const DEFDNAME_SIZE = 256;
const NAMESERVER_PORT = 53;
const STATE_SIZE = 568;
const SOCKADDR_IN6_SIZE = 28;

/** Field offsets of struct __res_state (checked against offsetof on this machine). */
export const STATE = {
  retrans: 0,
  retry: 4,
  optionsOffset: 8,
  nscount: 16,
  nsaddrList: 20,
  id: 68,
  dnsrch: 72,
  defdname: 128,
  pfcode: 384,
  /** ndots:4, nsort:4, ipv6_unavail:1 bits of one unsigned int. */
  bits: 392,
  sortList: 396,
  hooks: 480,
  hErrno: 496,
  vcsock: 500,
  flags: 504,
  extNscount: 512,
  nssocks: 520,
  nsinit: 534,
  ipv6Servers: 536,
  options: (libc: LibcProcess, state: number): bigint => libc.memory.view.getBigUint64(state + 8, true),
};

/** Options by name after "options" (and in RES_OPTIONS); a prefix match, as glibc's strncmp. */
const OPTION_FLAGS: readonly [string, number][] = [
  ['inet6', 0x2000],
  ['rotate', 0x4000],
  ['edns0', 0x100000],
  ['single-request-reopen', 0x400000],
  ['single-request', 0x200000],
  ['no_tld_query', 0x1000000],
  ['no-tld-query', 0x1000000],
  ['no-reload', 0x2000000],
  ['use-vc', 0x8],
  ['trust-ad', 0x4000000],
  ['no-aaaa', 0x8000000],
];

type Server = { family: 'inet'; address: number } | { family: 'inet6'; address: Uint8Array; scope: number };

interface Configuration {
  retrans: number;
  retry: number;
  options: number;
  ndots: number;
  servers: Server[];
  search: string[];
  sort: { address: number; mask: number }[];
}

/** atoi: leading blanks, a sign, digits; 0 when there are none. */
function atoi(text: string): number {
  const m = /^[\t\n\v\f\r ]*([+-]?\d+)/.exec(text);
  return m ? Number.parseInt(m[1]!, 10) | 0 : 0;
}

function setOptions(conf: Configuration, text: string): void {
  let at = 0;
  while (at < text.length) {
    while (text[at] === ' ' || text[at] === '\t') at++;
    const rest = text.slice(at);
    if (rest.startsWith('ndots:')) conf.ndots = Math.min(atoi(rest.slice(6)), RES_MAXNDOTS);
    else if (rest.startsWith('timeout:')) conf.retrans = Math.min(atoi(rest.slice(8)), RES_MAXRETRANS);
    else if (rest.startsWith('attempts:')) conf.retry = Math.min(atoi(rest.slice(9)), RES_MAXRETRY);
    else {
      const found = OPTION_FLAGS.find(([name]) => rest.startsWith(name));
      if (found) conf.options |= found[1];
    }
    while (at < text.length && text[at] !== ' ' && text[at] !== '\t') at++;
  }
}

/** net_mask: the classful mask of an address (network order as a host number). */
function classfulMask(address: number): number {
  if ((address & 0x80000000) === 0) return 0xff000000;
  if ((address & 0xc0000000) >>> 0 === 0x80000000) return 0xffff0000;
  return 0xffffff00;
}

/** `line` starts with `name` and a blank (glibc's MATCH). */
function directive(line: string, name: string): string | undefined {
  if (!line.startsWith(name)) return undefined;
  const next = line[name.length];
  return next === ' ' || next === '\t' ? line.slice(name.length) : undefined;
}

function skipBlanks(text: string): string {
  let at = 0;
  while (text[at] === ' ' || text[at] === '\t') at++;
  return text.slice(at);
}

/** Splits at blanks as glibc's search-list loop does (a run of blanks ends one name). */
function blankSeparated(text: string): string[] {
  return text.split(/[ \t]+/).filter((name, i) => i === 0 || name !== '');
}

function readConfiguration(
  libc: LibcProcess,
  preset: { retrans: number; retry: number; options: number } | undefined,
): Configuration {
  const conf: Configuration = {
    retrans: preset?.retrans ?? RES_TIMEOUT,
    retry: preset?.retry ?? RES_DFLRETRY,
    options: preset !== undefined ? preset.options | RES_INIT : RES_DEFAULT | RES_INIT,
    ndots: 1,
    servers: [],
    search: [],
    sort: [],
  };
  const localDomain = environmentValue(libc, 'LOCALDOMAIN');
  if (localDomain !== undefined) {
    const newline = localDomain.indexOf('\n');
    conf.search = blankSeparated(newline < 0 ? localDomain : localDomain.slice(0, newline));
  }
  const contents = withGuestString(libc, '/etc/resolv.conf', (path) => readGuestFile(libc, path, 1 << 20));
  const text = contents !== undefined && 'bytes' in contents ? Buffer.from(contents.bytes).toString('latin1') : '';
  const lines = text.split(/(?<=\n)/);
  for (const line of lines) {
    if (line.startsWith(';') || line.startsWith('#')) continue;
    let rest = directive(line, 'domain');
    if (rest !== undefined) {
      if (localDomain !== undefined) continue;
      rest = skipBlanks(rest);
      if (rest === '' || rest[0] === '\n') continue;
      conf.search = [rest.split(/[ \t\n]/)[0]!];
      continue;
    }
    rest = directive(line, 'search');
    if (rest !== undefined) {
      if (localDomain !== undefined) continue;
      rest = skipBlanks(rest);
      if (rest === '' || rest[0] === '\n') continue;
      const newline = rest.indexOf('\n');
      conf.search = blankSeparated(newline < 0 ? rest : rest.slice(0, newline));
      continue;
    }
    rest = directive(line, 'nameserver');
    if (rest !== undefined) {
      rest = skipBlanks(rest);
      const v4 = rest !== '' && rest[0] !== '\n' ? parseIpv4Loose(rest) : undefined;
      if (v4 !== undefined) {
        conf.servers.push({ family: 'inet', address: v4 });
        continue;
      }
      let word = rest.split(/[ \t\n]/)[0]!;
      const percent = word.indexOf('%');
      const scopeText = percent < 0 ? undefined : word.slice(percent + 1);
      if (percent >= 0) word = word.slice(0, percent);
      const v6 = word !== '' ? parseIpv6(word) : undefined;
      if (v6 !== undefined) {
        const scope = scopeText !== undefined && /^\d+$/.test(scopeText) ? Number(scopeText) >>> 0 : 0;
        conf.servers.push({ family: 'inet6', address: v6, scope });
      }
      continue;
    }
    rest = directive(line, 'sortlist');
    if (rest !== undefined) {
      for (const item of rest.split(';')[0]!.split(/[ \t\n]+/)) {
        if (item === '') continue;
        const cut = item.search(/[/&]/);
        const address = parseIpv4Loose(cut < 0 ? item : item.slice(0, cut));
        if (address === undefined) continue;
        const mask = cut < 0 ? undefined : parseIpv4Loose(item.slice(cut + 1));
        conf.sort.push({ address, mask: mask ?? classfulMask(address) });
      }
      continue;
    }
    rest = directive(line, 'options');
    if (rest !== undefined) setOptions(conf, rest);
  }
  if (conf.servers.length === 0) conf.servers.push({ family: 'inet', address: 0x7f000001 });
  if (conf.search.length === 0) {
    const host = hostName(libc);
    const dot = host.indexOf('.');
    if (dot >= 0) conf.search = [host.slice(dot + 1)];
  }
  const resOptions = environmentValue(libc, 'RES_OPTIONS');
  if (resOptions !== undefined) setOptions(conf, resOptions);
  return conf;
}

/** The host name as gethostname reports it (the kernel's uts name). */
function hostName(libc: LibcProcess): string {
  const contents = withGuestString(libc, '/proc/sys/kernel/hostname', (path) => readGuestFile(libc, path, 256));
  if (contents === undefined || !('bytes' in contents)) return '';
  return Buffer.from(contents.bytes).toString('latin1').replace(/\n$/, '');
}

/** The global state (_res), zeroed at first use like glibc's bss object. */
export function resolverStateAddress(libc: LibcProcess): number {
  return libc.objectAddress('_res', () => libc.data.allocate(STATE_SIZE, 8));
}

/**
 * __res_vinit: fills `state` from the configuration; `preinit` (res_init, and the functions that
 * initialise _res on first use) keeps the retrans, retry and options the program set beforehand,
 * and draws a query id. Returns 0, or -1 with errno when memory runs out.
 */
export function initializeState(libc: LibcProcess, state: number, preinit: boolean): number {
  checkWrite(libc.memory, state, STATE_SIZE);
  const view = libc.memory.view;
  const m = libc.memory.bytes;
  let preset: { retrans: number; retry: number; options: number } | undefined;
  if (preinit) {
    // res_init: unset fields take their defaults first, then count as preinitialised.
    let retrans = view.getInt32(state + STATE.retrans, true);
    let retry = view.getInt32(state + STATE.retry, true);
    let options = Number(STATE.options(libc, state) & 0xffffffffn);
    if (retrans === 0) retrans = RES_TIMEOUT;
    if (retry === 0) retry = RES_DFLRETRY;
    if ((options & RES_INIT) === 0) options = RES_DEFAULT;
    preset = { retrans, retry, options };
  }
  const conf = readConfiguration(libc, preset);
  m.fill(0, state + STATE.defdname, state + STATE.defdname + DEFDNAME_SIZE);
  view.setBigUint64(state + STATE.pfcode, 0n, true);
  view.setInt32(state + STATE.vcsock, -1, true);
  view.setUint32(state + STATE.flags, 0, true);
  storePointer(libc.memory, state + STATE.hooks, 0);
  storePointer(libc.memory, state + STATE.hooks + 8, 0);
  view.setInt32(state + STATE.retrans, conf.retrans, true);
  view.setInt32(state + STATE.retry, conf.retry, true);
  view.setBigUint64(state + STATE.optionsOffset, BigInt(conf.options >>> 0), true);
  const servers = conf.servers.slice(0, MAXNS);
  view.setUint16(state + STATE.extNscount, 0, true);
  servers.forEach((server, i) => {
    const slot = state + STATE.nsaddrList + 16 * i;
    m.fill(0, slot, slot + 16);
    if (server.family === 'inet') {
      view.setUint16(slot, 2, true);
      view.setUint16(slot + 2, NAMESERVER_PORT, false);
      view.setUint32(slot + 4, server.address, false);
      storePointer(libc.memory, state + STATE.ipv6Servers + 8 * i, 0);
    } else {
      const copy = libc.heap.allocate(SOCKADDR_IN6_SIZE);
      if (copy === 0) {
        libc.errno = Errno.ENOMEM;
        return;
      }
      m.fill(0, copy, copy + SOCKADDR_IN6_SIZE);
      view.setUint16(copy, 10, true);
      view.setUint16(copy + 2, NAMESERVER_PORT, false);
      m.set(server.address, copy + 8);
      view.setUint32(copy + 24, server.scope, true);
      storePointer(libc.memory, state + STATE.ipv6Servers + 8 * i, copy);
    }
    view.setInt32(state + STATE.nssocks + 4 * i, -1, true);
  });
  view.setInt32(state + STATE.nscount, servers.length, true);
  // The search list, packed into defdname while it fits (MAXDNSRCH names at most).
  let write = state + STATE.defdname;
  const limit = state + STATE.defdname + DEFDNAME_SIZE;
  let count = 0;
  for (const name of conf.search.slice(0, MAXDNSRCH)) {
    const encoded = Buffer.from(name, 'latin1');
    if (write + encoded.length + 1 > limit) break;
    m.set(encoded, write);
    m[write + encoded.length] = 0;
    storePointer(libc.memory, state + STATE.dnsrch + 8 * count, write);
    write += encoded.length + 1;
    count++;
  }
  for (let i = count; i <= MAXDNSRCH; i++) storePointer(libc.memory, state + STATE.dnsrch + 8 * i, 0);
  const sort = conf.sort.slice(0, MAXRESOLVSORT);
  sort.forEach((entry, i) => {
    view.setUint32(state + STATE.sortList + 8 * i, entry.address, false);
    view.setUint32(state + STATE.sortList + 8 * i + 4, entry.mask, false);
  });
  // ndots (4 bits), nsort (4 bits), ipv6_unavail cleared; the other bits kept.
  const bits = view.getUint32(state + STATE.bits, true);
  view.setUint32(state + STATE.bits, (bits & ~0x1ff) | (conf.ndots & 15) | ((sort.length & 15) << 4), true);
  if (preinit) view.setUint16(state + STATE.id, Math.floor(Math.random() * 0x10000), true);
  return 0;
}
