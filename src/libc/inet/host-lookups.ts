// gethostbyname, gethostbyname2, gethostbyaddr and their _r forms, as glibc 2.36 answers them
// from the files source (nss/digits_dots.c, nss/getXXbyYY(_r).c, nss_files/files-hosts.c):
// a name of digits and dots is an IPv4 address (inet_aton_exact), an IPv6 literal one for
// AF_INET6 (HOST_NOT_FOUND for AF_INET), anything else a line of /etc/hosts (./hosts-file.ts)
// with every matching line's address ("multi on"). Not found: HOST_NOT_FOUND in h_errno when
// files alone answers; when /etc/nsswitch.conf lists DNS next, DNS answers (./dns-hosts.ts; the
// lookup's waits are guest code, so these functions are host generators); another source Miros
// does not have is said on stderr and answered TRY_AGAIN.
//
// The struct hostent points into the caller's buffer (_r) or into a per-function static struct
// and heap buffer (the classic forms), laid out as: the address and alias pointer arrays, the
// addresses, then the strings. A buffer too small is ERANGE (h_errno NETDB_INTERNAL).
import { Errno } from '../../kernel/errno.ts';
import type { CallFrame } from '../abi/call-frame.ts';
import type { HostGenerator, HostStep } from '../abi/host-region.ts';
import type { FunctionTable } from '../exports/binding-types.ts';
import { checkRead, checkWrite, cString, storeBytes, storePointer } from '../runtime/guest-access.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { copyForChild, ProcessState } from '../runtime/process-states.ts';
import { type DnsFailure, type DnsHost, dnsHostByAddress, dnsHostByName, TYPE_A, TYPE_AAAA } from './dns-hosts.ts';
import { AF_INET, AF_INET6, entriesNamed, entryForAddress, hostEntries, otherHostSources } from './hosts-file.ts';
import { parseIpv4Loose, parseIpv6 } from './inet-address.ts';

type Steps<T> = Generator<HostStep, T, number>;

const NETDB_INTERNAL = -1;
const HOST_NOT_FOUND = 1;
const TRY_AGAIN = 2;
const HOSTENT_SIZE = 32;
const POINTER_SIZE = 8;
const CLASSIC_BUFFER_SIZE = 1024;

interface Host {
  name: string;
  aliases: string[];
  family: number;
  addresses: Uint8Array[];
  /**
   * What a successful lookup leaves in h_errno: 0 for a numeric name (digits_dots sets it),
   * HOST_NOT_FOUND after /etc/hosts ("multi on" reads on to the end of the file, whose last
   * read reports not found), untouched (undefined) by address.
   */
  hostError: number | undefined;
}

/** A failed lookup's h_errno (and errno). */
interface Failure {
  failed: true;
  hostError: number;
  errno?: number;
}

/** A lookup's answer: the host, or the h_errno (and errno) of its failure. */
type Answer = Host | Failure;

const failure = (hostError: number, errno?: number): Failure => ({ failed: true, hostError, errno });

/** The next sources of /etc/nsswitch.conf after files: DNS is asked; another is reported as missing. */
function* notInFiles(
  libc: LibcProcess,
  what: string,
  dns: () => Steps<DnsHost | DnsFailure>,
  family: number,
): Steps<Answer> {
  const sources = otherHostSources(libc);
  if (sources.length === 0) return failure(HOST_NOT_FOUND);
  if (sources[0] === 'dns') {
    const found = yield* dns();
    if ('hostError' in found) {
      // getXXbyYY_r: 0 for not found, else errno (EAGAIN with TRY_AGAIN, as nss_dns sets it).
      if (found.status === 'notfound') return failure(found.hostError);
      return failure(found.hostError, found.hostError === TRY_AGAIN ? Errno.EAGAIN : found.errno);
    }
    return {
      name: found.name,
      aliases: found.aliases,
      family,
      addresses: found.addresses.filter((a) => a.family === family).map((a) => a.bytes),
      hostError: undefined,
    };
  }
  libc.process.warn(
    `${what} is not in /etc/hosts, and asking the next hosts source of /etc/nsswitch.conf (${sources.join(', ')}) is not supported yet`,
  );
  return failure(TRY_AGAIN, Errno.EAGAIN);
}

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const isHexDigit = (c: string | undefined) => c !== undefined && /[0-9a-fA-F]/.test(c);

function* byName(libc: LibcProcess, name: string, family: number): Steps<Answer> {
  if (family !== AF_INET && family !== AF_INET6) return failure(NETDB_INTERNAL, Errno.EAFNOSUPPORT);
  const length = family === AF_INET ? 4 : 16;
  // __nss_hostname_digits_dots: numbers and dots (not ending in a dot) are an address or nothing.
  if (isDigit(name[0]) && /^[0-9.]*$/.test(name) && !name.endsWith('.')) {
    let bytes: Uint8Array | undefined;
    if (family === AF_INET && !/\s/.test(name)) {
      const value = parseIpv4Loose(name);
      if (value !== undefined)
        bytes = Uint8Array.of(value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff);
    } else if (family === AF_INET6) {
      bytes = parseIpv6(name);
    }
    if (!bytes) return failure(HOST_NOT_FOUND);
    return { name, aliases: [], family, addresses: [bytes], hostError: 0 };
  }
  if ((isHexDigit(name[0]) && name.includes(':')) || name[0] === ':') {
    const bytes = family === AF_INET6 ? parseIpv6(name) : undefined;
    if (!bytes) return failure(HOST_NOT_FOUND);
    return { name, aliases: [], family, addresses: [bytes], hostError: 0 };
  }
  const entries = entriesNamed(libc, name).filter((e) => e.family === family && e.address.length === length);
  if (entries.length === 0)
    return yield* notInFiles(
      libc,
      `gethostbyname: "${name}"`,
      () => dnsHostByName(libc, name, [family === AF_INET ? TYPE_A : TYPE_AAAA]),
      family,
    );
  const first = entries[0]!;
  return {
    name: first.name,
    aliases: first.aliases,
    family,
    addresses: entries.map((e) => e.address),
    hostError: HOST_NOT_FOUND,
  };
}

function* byAddress(libc: LibcProcess, address: number, length: number, family: number): Steps<Answer> {
  if (family !== AF_INET && family !== AF_INET6) return failure(NETDB_INTERNAL, Errno.EAFNOSUPPORT);
  checkRead(libc.memory, address, length);
  const bytes = libc.memory.bytes.slice(address, address + length);
  if (family === AF_INET6 && length === 16 && bytes.every((b) => b === 0)) return failure(HOST_NOT_FOUND);
  const entry = length === (family === AF_INET ? 4 : 16) ? entryForAddress(libc, family, bytes) : undefined;
  const text = family === AF_INET ? [...bytes].join('.') : `an IPv6 address`;
  if (!entry)
    return yield* notInFiles(libc, `gethostbyaddr: ${text}`, () => dnsHostByAddress(libc, family, bytes), family);
  return { name: entry.name, aliases: entry.aliases, family, addresses: [entry.address], hostError: undefined };
}

/** Lays `host` out in the buffer and fills the struct; false when the buffer is too small. */
function store(libc: LibcProcess, host: Host, struct: number, buffer: number, size: number): boolean {
  const strings = [host.name, ...host.aliases].map((s) => Buffer.from(s, 'latin1'));
  const start = Math.ceil(buffer / POINTER_SIZE) * POINTER_SIZE;
  const addressList = start;
  const aliasList = addressList + (host.addresses.length + 1) * POINTER_SIZE;
  let at = aliasList + (host.aliases.length + 1) * POINTER_SIZE;
  const needed =
    at - buffer + host.addresses.reduce((n, a) => n + a.length, 0) + strings.reduce((n, s) => n + s.length + 1, 0);
  if (needed > size) return false;
  checkWrite(libc.memory, buffer, needed);
  host.addresses.forEach((bytes, i) => {
    storeBytes(libc.memory, at, bytes);
    storePointer(libc.memory, addressList + i * POINTER_SIZE, at);
    at += bytes.length;
  });
  storePointer(libc.memory, addressList + host.addresses.length * POINTER_SIZE, 0);
  const stringAddresses = strings.map((s) => {
    const here = at;
    storeBytes(libc.memory, here, s, true);
    at += s.length + 1;
    return here;
  });
  stringAddresses.slice(1).forEach((address, i) => {
    storePointer(libc.memory, aliasList + i * POINTER_SIZE, address);
  });
  storePointer(libc.memory, aliasList + host.aliases.length * POINTER_SIZE, 0);
  checkWrite(libc.memory, struct, HOSTENT_SIZE);
  storePointer(libc.memory, struct, stringAddresses[0]!);
  storePointer(libc.memory, struct + 8, aliasList);
  libc.memory.view.setInt32(struct + 16, host.family, true);
  libc.memory.view.setInt32(struct + 20, host.addresses[0]!.length, true);
  storePointer(libc.memory, struct + 24, addressList);
  return true;
}

function setInt(libc: LibcProcess, address: number, value: number): void {
  if (address === 0) return;
  checkWrite(libc.memory, address, 4);
  libc.memory.view.setInt32(address, value, true);
}

/** The _r forms: 0 (found, or not found with *result NULL), or the errno (ERANGE, EAGAIN...). */
function reentrant(
  libc: LibcProcess,
  answer: Answer,
  struct: number,
  buffer: number,
  size: number,
  result: number,
  hostErrorPointer: number,
): number {
  storePointer(libc.memory, result, 0);
  if ('failed' in answer) {
    setInt(libc, hostErrorPointer, answer.hostError);
    const errno = answer.errno ?? 0;
    if (errno !== 0) libc.errno = errno;
    return errno;
  }
  if (!store(libc, answer, struct, buffer, size)) {
    setInt(libc, hostErrorPointer, NETDB_INTERNAL);
    libc.errno = Errno.ERANGE;
    return Errno.ERANGE;
  }
  if (answer.hostError !== undefined) setInt(libc, hostErrorPointer, answer.hostError);
  storePointer(libc.memory, result, struct);
  return 0;
}

/** The classic forms' static struct and growing buffer, one per function as in glibc. */
const classicState = new ProcessState<Map<string, { struct: number; buffer: number; size: number }>>(
  'inet/host-lookups classicState',
  copyForChild,
  () => new Map(),
);

function classic(libc: LibcProcess, function_: string, answer: Answer): number {
  // The classic forms pass their own h_errno cell and copy it to the thread's when it is set.
  if (!('failed' in answer) && answer.hostError) libc.memory.view.setInt32(libc.hErrnoAddress, answer.hostError, true);
  if ('failed' in answer) {
    libc.memory.view.setInt32(libc.hErrnoAddress, answer.hostError, true);
    if (answer.errno) libc.errno = answer.errno;
    return 0;
  }
  const states = classicState.of(libc);
  let state = states.get(function_);
  if (!state) {
    state = { struct: libc.data.allocate(HOSTENT_SIZE, 16), buffer: 0, size: 0 };
    states.set(function_, state);
  }
  for (;;) {
    if (state.buffer === 0) {
      state.size = Math.max(state.size * 2, CLASSIC_BUFFER_SIZE);
      state.buffer = libc.heap.allocate(state.size);
      if (state.buffer === 0) {
        libc.errno = Errno.ENOMEM;
        libc.memory.view.setInt32(libc.hErrnoAddress, NETDB_INTERNAL, true);
        return 0;
      }
    }
    if (store(libc, answer, state.struct, state.buffer, state.size)) return state.struct;
    libc.heap.release(state.buffer);
    state.buffer = 0;
  }
}

function* classicLookup(libc: LibcProcess, function_: string, lookup: Steps<Answer>): HostGenerator {
  return classic(libc, function_, yield* lookup);
}

function* reentrantLookup(
  libc: LibcProcess,
  lookup: Steps<Answer>,
  struct: number,
  buffer: number,
  size: number,
  result: number,
  hostErrorPointer: number,
): HostGenerator {
  return reentrant(libc, yield* lookup, struct, buffer, size, result, hostErrorPointer);
}

function nameArgument(f: CallFrame, libc: LibcProcess): string {
  return cString(libc.memory, f.ptr(0));
}

/**
 * The hosts enumeration (sethostent/gethostent/endhostent): /etc/hosts line by line, as nss_files
 * reads it (each line one entry of its own family); the next source of /etc/nsswitch.conf, DNS,
 * has no enumeration. The position is the process's, rewound by sethostent and endhostent.
 */
const enumeration = new ProcessState<{ next: number }>('inet/host-lookups enumeration', copyForChild, () => ({
  next: 0,
}));

/** The enumeration's next /etc/hosts line as an answer, undefined at the end. */
function nextHost(libc: LibcProcess): Host | undefined {
  const state = enumeration.of(libc);
  const entry = hostEntries(libc)[state.next];
  if (entry === undefined) return undefined;
  state.next++;
  return {
    name: entry.name,
    aliases: entry.aliases,
    family: entry.family,
    addresses: [entry.address],
    hostError: undefined,
  };
}

function gethostent(libc: LibcProcess): number {
  return classic(libc, 'gethostent', nextHost(libc) ?? failure(HOST_NOT_FOUND));
}

/**
 * gethostent_r(struct, buffer, size, result, h_errnop): 0, ENOENT at the end, or ERANGE (errno
 * set, the line kept for the next call); *h_errnop is left as it was in each case, as glibc's
 * nss_files enumeration leaves it.
 */
function gethostentReentrant(f: CallFrame, libc: LibcProcess): number {
  const result = f.ptr(3);
  storePointer(libc.memory, result, 0);
  const answer = nextHost(libc);
  if (answer === undefined) return Errno.ENOENT;
  if (!store(libc, answer, f.ptr(0), f.ptr(1), f.ulong(2))) {
    enumeration.of(libc).next--;
    libc.errno = Errno.ERANGE;
    return Errno.ERANGE;
  }
  storePointer(libc.memory, result, f.ptr(0));
  return 0;
}

function rewindHosts(libc: LibcProcess): undefined {
  enumeration.set(libc, { next: 0 });
  return undefined;
}

export const HOST_LOOKUP_FUNCTIONS: FunctionTable = {
  sethostent: (_f, libc) => rewindHosts(libc),
  endhostent: (_f, libc) => rewindHosts(libc),
  gethostent: (_f, libc) => gethostent(libc),
  gethostent_r: gethostentReentrant,
  // The arguments (some on the stack) are read while the frame is the caller's, then the lookup,
  // whose waits run guest code.
  gethostbyname: (f, libc) => classicLookup(libc, 'gethostbyname', byName(libc, nameArgument(f, libc), AF_INET)),
  gethostbyname2: (f, libc) => classicLookup(libc, 'gethostbyname2', byName(libc, nameArgument(f, libc), f.int(1))),
  gethostbyaddr: (f, libc) => classicLookup(libc, 'gethostbyaddr', byAddress(libc, f.ptr(0), f.uint(1), f.int(2))),
  gethostbyname_r: (f, libc) =>
    reentrantLookup(
      libc,
      byName(libc, nameArgument(f, libc), AF_INET),
      f.ptr(1),
      f.ptr(2),
      f.ulong(3),
      f.ptr(4),
      f.ptr(5),
    ),
  gethostbyname2_r: (f, libc) =>
    reentrantLookup(
      libc,
      byName(libc, nameArgument(f, libc), f.int(1)),
      f.ptr(2),
      f.ptr(3),
      f.ulong(4),
      f.ptr(5),
      f.ptr(6),
    ),
  gethostbyaddr_r: (f, libc) =>
    reentrantLookup(
      libc,
      byAddress(libc, f.ptr(0), f.uint(1), f.int(2)),
      f.ptr(3),
      f.ptr(4),
      f.ulong(5),
      f.ptr(6),
      f.ptr(7),
    ),
};
