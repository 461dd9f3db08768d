// The hosts database as Miros libc can answer it: /etc/hosts read as glibc 2.36's nss_files reads
// it (nss/nss_files/files-hosts.c: the address by inet_pton, IPv6 first, then the canonical name
// and aliases; '#' starts a comment; names compared without ASCII case; with /etc/host.conf's
// "multi on", Debian's default, every matching line counts), and what /etc/nsswitch.conf says
// comes after it. Names the files source does not know would go to DNS (or another source);
// Miros cannot ask those yet, so the callers say so loudly instead of guessing an answer.
import { readGuestFile, withGuestString } from '../runtime/guest-files.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { isCSpace, parseIpv4Strict, parseIpv6 } from './inet-address.ts';

export const AF_INET = 2;
export const AF_INET6 = 10;

/** One line of /etc/hosts. */
export interface HostEntry {
  family: number;
  /** 4 or 16 bytes, network order. */
  address: Uint8Array;
  name: string;
  aliases: string[];
}

const MAX_FILE_SIZE = 64 << 20;

function readText(libc: LibcProcess, path: string): string | undefined {
  const contents = withGuestString(libc, path, (address) => readGuestFile(libc, address, MAX_FILE_SIZE));
  if (contents === undefined || 'errno' in contents) return undefined;
  return Buffer.from(contents.bytes).toString('latin1');
}

function fields(line: string): string[] {
  const hash = line.indexOf('#');
  const text = hash === -1 ? line : line.slice(0, hash);
  const out: string[] = [];
  let current = '';
  for (const c of text) {
    if (isCSpace(c)) {
      if (current !== '') out.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  if (current !== '') out.push(current);
  return out;
}

/** Every valid line of /etc/hosts, in file order (none when the file cannot be read). */
export function hostEntries(libc: LibcProcess): HostEntry[] {
  const text = readText(libc, '/etc/hosts');
  if (text === undefined) return [];
  const entries: HostEntry[] = [];
  for (const line of text.split('\n')) {
    const [address, name, ...aliases] = fields(line);
    if (address === undefined || name === undefined) continue;
    const v6 = parseIpv6(address);
    const v4 = v6 ? undefined : parseIpv4Strict(address);
    if (!v6 && !v4) continue;
    entries.push({ family: v6 ? AF_INET6 : AF_INET, address: (v6 ?? v4)!, name, aliases });
  }
  return entries;
}

const asciiLower = (text: string) => text.replace(/[A-Z]/g, (c) => c.toLowerCase());

/** The lines naming `name` (canonical name or alias, without ASCII case). */
export function entriesNamed(libc: LibcProcess, name: string): HostEntry[] {
  const key = asciiLower(name);
  return hostEntries(libc).filter(
    (entry) => asciiLower(entry.name) === key || entry.aliases.some((alias) => asciiLower(alias) === key),
  );
}

/** The first line for an address (gethostbyaddr's files answer). */
export function entryForAddress(libc: LibcProcess, family: number, address: Uint8Array): HostEntry | undefined {
  return hostEntries(libc).find(
    (entry) => entry.family === family && entry.address.every((byte, i) => byte === address[i]),
  );
}

/**
 * The hosts sources /etc/nsswitch.conf lists after "files", or the ones before it when files is
 * not first (glibc's default without the file is "dns [!UNAVAIL=return] files"). Empty: files
 * alone decides, and a name it lacks is simply not found.
 */
export function otherHostSources(libc: LibcProcess): string[] {
  const text = readText(libc, '/etc/nsswitch.conf');
  let sources = ['dns', 'files'];
  if (text !== undefined) {
    for (const line of text.split('\n')) {
      const match = /^\s*hosts\s*:(.*)$/.exec(line.replace(/#.*/, ''));
      if (match)
        sources = match[1]!
          .replace(/\[[^\]]*\]/g, ' ')
          .trim()
          .split(/\s+/)
          .filter(Boolean);
    }
  }
  return sources.filter((source) => source !== 'files');
}
