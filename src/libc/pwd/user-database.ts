// The "files" source of glibc's passwd and group databases: /etc/passwd and /etc/group, read
// afresh for every lookup as glibc's nss_files does (a change to the file is seen by the next
// call). Other sources (nsswitch.conf's systemd, ldap…) do not exist under Miros; this is what
// glibc does with the default `passwd: files` on a system without them.
//
// Line format (passwd(5), group(5)): colon-separated fields. As nss_files' parser: leading white space
// are skipped, empty lines and lines starting with '#' are ignored, and a line whose numeric field
// is not a number is skipped as unparsable.
import { Errno } from '../../kernel/errno.ts';
import { storePointer } from '../runtime/guest-access.ts';
import { readGuestFile, withGuestString } from '../runtime/guest-files.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';

export const PASSWD_FILE = '/etc/passwd';
export const GROUP_FILE = '/etc/group';
/** Larger files are refused (EFBIG): they are not account databases. */
const MAX_DATABASE_SIZE = 64 << 20;

/** One /etc/passwd entry; text fields are the file's bytes (latin1 strings, one char per byte). */
export interface PasswdEntry {
  name: string;
  passwd: string;
  uid: number;
  gid: number;
  gecos: string;
  dir: string;
  shell: string;
}

/** One /etc/group entry. */
export interface GroupEntry {
  name: string;
  passwd: string;
  gid: number;
  members: string[];
}

/** The lines of a database file, or the errno that kept it from being read. */
export type DatabaseLines = { lines: string[] } | { errno: number };

/** Reads a database file through the guest's system calls and splits it into candidate lines. */
export function readDatabase(libc: LibcProcess, path: string): DatabaseLines {
  const contents = withGuestString(libc, path, (address) => readGuestFile(libc, address, MAX_DATABASE_SIZE));
  if (contents === undefined) return { errno: Errno.ENOMEM };
  if ('errno' in contents) return contents;
  return { lines: databaseLines(Buffer.from(contents.bytes).toString('latin1')) };
}

/** What a lookup in a database found: the entry, none (undefined), or the errno of a failed read. */
export type Found<T> = { entry: T | undefined } | { errno: number };

/** An enumeration's position (getpwent, getspent…): the snapshot's entries and the next index. */
export interface Enumeration<T> {
  entries: T[] | undefined;
  next: number;
}

/** Writes an entry into the caller's struct and string buffer; false when the buffer is too small. */
export type StoreEntry<T> = (libc: LibcProcess, entry: T, struct: number, buffer: number, size: number) => boolean;

/** The next entry of an enumeration, reading the file's snapshot at the first call after a rewind. */
export function nextEntry<T>(
  libc: LibcProcess,
  enumeration: Enumeration<T>,
  path: string,
  parse: (lines: readonly string[]) => T[],
): Found<T> {
  if (enumeration.entries === undefined) {
    const database = readDatabase(libc, path);
    if ('errno' in database) return database;
    enumeration.entries = parse(database.lines);
    enumeration.next = 0;
  }
  return { entry: enumeration.entries[enumeration.next++] };
}

/**
 * The reentrant lookups (getpwnam_r, getgrgid_r, getspnam_r…) as glibc answers them: 0 with
 * *result set; 0 with *result NULL when there is no such entry; the errno of a failed read; ERANGE
 * (in errno too) when the entry does not fit the caller's buffer.
 */
export function reentrantLookup<T>(
  libc: LibcProcess,
  found: Found<T>,
  store: StoreEntry<T>,
  struct: number,
  buffer: number,
  size: number,
  result: number,
): number {
  storePointer(libc.memory, result, 0);
  if ('errno' in found) return found.errno;
  if (found.entry === undefined) return 0;
  if (!store(libc, found.entry, struct, buffer, size)) {
    libc.errno = Errno.ERANGE;
    return Errno.ERANGE;
  }
  storePointer(libc.memory, result, struct);
  return 0;
}

/**
 * The reentrant enumerations (getpwent_r, getgrent_r, getspent_r, getsgent_r): as a lookup, but
 * ENOENT at the end (errno untouched: glibc restores it), and an entry that did not fit comes again
 * at the next call.
 */
export function reentrantNext<T>(
  libc: LibcProcess,
  enumeration: Enumeration<T>,
  path: string,
  parse: (lines: readonly string[]) => T[],
  store: StoreEntry<T>,
  struct: number,
  buffer: number,
  size: number,
  result: number,
): number {
  const found = nextEntry(libc, enumeration, path, parse);
  if ('entry' in found && found.entry === undefined) {
    storePointer(libc.memory, result, 0);
    return Errno.ENOENT;
  }
  const status = reentrantLookup(libc, found, store, struct, buffer, size, result);
  if (status === Errno.ERANGE) enumeration.next--;
  return status;
}

/** A database file's candidate lines: leading white space dropped, blank and '#' lines skipped. */
export function databaseLines(text: string): string[] {
  const lines: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/^[ \t\n\v\f\r]+/, '');
    if (line === '' || line.startsWith('#')) continue;
    lines.push(line);
  }
  return lines;
}

/**
 * A numeric id field as glibc 2.36's files parser takes it: decimal digits after optional white
 * space and an optional '+', the whole field, at most 2^32 - 1. A negative or larger value, or
 * anything else, makes the line unparsable (recorded from fgetpwent/fgetgrent, which use the same
 * parser: tests/libc/data/user-database.expected).
 */
function idField(text: string): number | undefined {
  const match = /^[ \t\n\v\f\r]*\+?([0-9]+)$/.exec(text);
  if (match === null) return undefined;
  const value = Number(match[1]);
  return value <= 0xffffffff ? value : undefined;
}

/**
 * A passwd line: name and password, then uid and gid (required numbers); gecos, home and shell
 * may be missing and are then empty, and the shell runs to the end of the line (colons and all).
 */
export function parsePasswdLine(line: string): PasswdEntry | undefined {
  const fields = line.split(':');
  if (fields.length < 4) return undefined;
  const uid = idField(fields[2]!);
  const gid = idField(fields[3]!);
  if (uid === undefined || gid === undefined) return undefined;
  return {
    name: fields[0]!,
    passwd: fields[1]!,
    uid,
    gid,
    gecos: fields[4] ?? '',
    dir: fields[5] ?? '',
    shell: fields.length > 6 ? fields.slice(6).join(':') : '',
  };
}

/**
 * A group line: name, password, gid (a required number), then the member list, which runs to the
 * end of the line: names separated by commas, leading blanks skipped and empty names dropped
 * (glibc's parse_list).
 */
export function parseGroupLine(line: string): GroupEntry | undefined {
  const fields = line.split(':');
  if (fields.length < 3) return undefined;
  const gid = idField(fields[2]!);
  if (gid === undefined) return undefined;
  const list = fields.slice(3).join(':');
  const members = list
    .split(',')
    .map((member) => member.replace(/^[ \t\n\v\f\r]+/, ''))
    .filter((member) => member !== '');
  return { name: fields[0]!, passwd: fields[1]!, gid, members };
}

/** The parsed entries of a database's lines, unparsable lines left out. */
export function passwdEntries(lines: readonly string[]): PasswdEntry[] {
  const entries: PasswdEntry[] = [];
  for (const line of lines) {
    const entry = parsePasswdLine(line);
    if (entry !== undefined) entries.push(entry);
  }
  return entries;
}

export function groupEntries(lines: readonly string[]): GroupEntry[] {
  const entries: GroupEntry[] = [];
  for (const line of lines) {
    const entry = parseGroupLine(line);
    if (entry !== undefined) entries.push(entry);
  }
  return entries;
}
