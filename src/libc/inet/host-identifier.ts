// gethostid (glibc 2.36's sysdeps/unix/sysv/linux/gethostid.c): the 32 bits of /etc/hostid when it
// holds them (sethostid's file), else the host's IPv4 address with its 16-bit halves swapped —
// the host name (uname's nodename) looked up as gethostbyname would — sign-extended to a long;
// 0 when there is no name or no address. A name /etc/hosts does not have goes to DNS when
// /etc/nsswitch.conf lists it next (./dns-hosts.ts); another source Miros does not have is
// reported on stderr and counts as not found.
import type { HostGenerator, HostStep } from '../abi/host-region.ts';
import type { FunctionTable } from '../exports/binding-types.ts';
import { cString } from '../runtime/guest-access.ts';
import { readGuestFile, withGuestString } from '../runtime/guest-files.ts';
import { Sys } from '../runtime/kernel-call.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { dnsHostByName, TYPE_A } from './dns-hosts.ts';
import { AF_INET, entriesNamed, otherHostSources } from './hosts-file.ts';
import { parseIpv4Loose } from './inet-address.ts';

/** struct utsname's fields are 65 bytes each; nodename is the second. */
const NODENAME = 65;
const UTSNAME_SIZE = 6 * 65;

/** The address's 32 bits as s_addr holds them (network order in memory, read little-endian). */
function storedAddress(bytes: Uint8Array): number {
  return (bytes[0]! | (bytes[1]! << 8) | (bytes[2]! << 16) | (bytes[3]! << 24)) >>> 0;
}

function* addressOf(libc: LibcProcess, name: string): Generator<HostStep, Uint8Array | undefined, number> {
  // Numbers and dots are an address (glibc's digits_dots), never looked up.
  if (/^[0-9][0-9.]*$/.test(name) && !name.endsWith('.')) {
    const value = parseIpv4Loose(name);
    if (value === undefined) return undefined;
    return Uint8Array.of(value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff);
  }
  const entry = entriesNamed(libc, name).find((e) => e.family === AF_INET);
  if (entry !== undefined) return entry.address;
  const sources = otherHostSources(libc);
  if (sources[0] === 'dns') {
    const found = yield* dnsHostByName(libc, name, [TYPE_A]);
    return 'hostError' in found ? undefined : found.addresses[0]?.bytes;
  }
  if (sources.length > 0)
    libc.process.warn(
      `gethostid: "${name}" is not in /etc/hosts, and asking the next hosts source of /etc/nsswitch.conf (${sources.join(', ')}) is not supported yet`,
    );
  return undefined;
}

function* gethostid(libc: LibcProcess): HostGenerator {
  const saved = withGuestString(libc, '/etc/hostid', (path) => readGuestFile(libc, path, 1 << 20));
  if (saved !== undefined && !('errno' in saved) && saved.bytes.length >= 4)
    return new DataView(saved.bytes.buffer, saved.bytes.byteOffset, 4).getInt32(0, true);
  const uts = libc.heap.allocate(UTSNAME_SIZE);
  try {
    if (libc.sys(Sys.uname, uts) < 0) return 0;
    const name = cString(libc.memory, uts + NODENAME);
    if (name === '') return 0;
    const address = yield* addressOf(libc, name);
    if (address === undefined) return 0;
    const value = storedAddress(address);
    return (value << 16) | (value >>> 16) | 0;
  } finally {
    libc.heap.release(uts);
  }
}

export const HOST_IDENTIFIER_FUNCTIONS: FunctionTable = {
  gethostid: (_f, libc) => gethostid(libc),
};
