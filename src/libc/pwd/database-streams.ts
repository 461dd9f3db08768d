// The account databases on a stdio stream of the program's: fgetpwent, fgetgrent, fgetspent,
// fgetsgent read the next entry (glibc 2.36's __nss_fgetent_r: leading white space skipped, empty
// and '#' lines skipped, lines the parser refuses skipped, NULL with errno ENOENT at the end), and
// putpwent, putgrent, putspent, putsgent write one as glibc formats it: EINVAL for fields holding
// ':' or '\n' (',' too in lists), a passwd's gecos with those replaced by spaces, the numbers of
// '+'/'-' compat entries left empty, shadow day counts of -1 and a flag of ~0 left empty.

import { Errno } from '../../kernel/errno.ts';
import type { CallFrame } from '../abi/call-frame.ts';
import type { FunctionTable } from '../exports/binding-types.ts';
import { cString, loadPointer } from '../runtime/guest-access.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { copyForChild, ProcessState } from '../runtime/process-states.ts';
import { runNow } from '../stdio/stream-io.ts';
import { gshadowBufferSize, parseGshadowLine, SGRP_SIZE, storeGshadow } from './gshadow-functions.ts';
import { groupBufferSize, passwdBufferSize, StaticResult, storeGroup, storePasswd } from './pwd-functions.ts';
import { parseShadowLine, shadowBufferSize, storeShadow } from './shadow-functions.ts';
import { type GroupEntry, type PasswdEntry, parseGroupLine, parsePasswdLine } from './user-database.ts';

const NEWLINE = 0x0a;
const LINE_CHUNK = 1024;
const PASSWD_SIZE = 48;
const GROUP_SIZE = 32;
const SPWD_SIZE = 72;

class StreamResults {
  readonly fgetpwent = new StaticResult(PASSWD_SIZE);
  readonly fgetgrent = new StaticResult(GROUP_SIZE);
  readonly fgetspent = new StaticResult(SPWD_SIZE);
  readonly fgetsgent = new StaticResult(SGRP_SIZE);
}

const states = new ProcessState<StreamResults>('pwd/database-streams results', copyForChild, () => new StreamResults());

/** One line from the stream (without its newline), or undefined at the end. */
function readLine(libc: LibcProcess, fp: number): string | undefined {
  const chunk = libc.heap.allocate(LINE_CHUNK);
  if (chunk === 0) return undefined;
  try {
    let text = '';
    for (;;) {
      const stored = runNow(libc, libc.streams.readLine(fp, chunk, LINE_CHUNK, NEWLINE));
      if (stored <= 0) return text === '' ? undefined : text;
      text += Buffer.from(libc.memory.bytes.subarray(chunk, chunk + stored)).toString('latin1');
      if (text.endsWith('\n')) return text.slice(0, -1);
    }
  } finally {
    libc.heap.release(chunk);
  }
}

/** The next line __nss_readline would hand the parser: leading white space gone, blank and '#' lines skipped. */
function nextEntryLine(libc: LibcProcess, fp: number): string | undefined {
  for (;;) {
    const raw = readLine(libc, fp);
    if (raw === undefined) return undefined;
    const line = raw.replace(/^[ \t\n\v\f\r]+/, '');
    if (line !== '' && !line.startsWith('#')) return line;
  }
}

/** The next entry the parser accepts, held in the function's static result; NULL and ENOENT at the end. */
function readEntry<T>(
  libc: LibcProcess,
  fp: number,
  slot: StaticResult,
  parse: (line: string) => T | undefined,
  size: (entry: T) => number,
  store: (libc: LibcProcess, entry: T, struct: number, buffer: number, size: number) => boolean,
): number {
  for (;;) {
    const line = nextEntryLine(libc, fp);
    if (line === undefined) {
      libc.errno = Errno.ENOENT;
      return 0;
    }
    const entry = parse(line);
    if (entry !== undefined) return slot.hold(libc, entry, size(entry), store);
  }
}

/**
 * glibc's passwd and group parsers let '+'/'-' compat entries leave their numbers empty (0) or
 * stop after the name; other entries go to the files parser.
 */
function parseCompatPasswd(line: string): PasswdEntry | undefined {
  if (!isCompat(line)) return parsePasswdLine(line);
  const fields = line.split(':');
  const number = (text: string | undefined) => (text === undefined || text === '' ? 0 : Number(text));
  if (fields.length > 1 && [fields[2], fields[3]].some((f) => f !== undefined && f !== '' && !/^[0-9]+$/.test(f)))
    return undefined;
  return {
    name: fields[0]!,
    passwd: fields[1] ?? '',
    uid: number(fields[2]),
    gid: number(fields[3]),
    gecos: fields[4] ?? '',
    dir: fields[5] ?? '',
    shell: fields.slice(6).join(':'),
  };
}

function parseCompatGroup(line: string): GroupEntry | undefined {
  if (!isCompat(line)) return parseGroupLine(line);
  const fields = line.split(':');
  if (fields[2] !== undefined && fields[2] !== '' && !/^[0-9]+$/.test(fields[2])) return undefined;
  const entry = parseGroupLine([fields[0], fields[1] ?? '', '0', ...fields.slice(3)].join(':'));
  return entry === undefined ? undefined : { ...entry, gid: fields[2] ? Number(fields[2]) : 0 };
}

// ---- writing ----

/** A C string field, "" for NULL (glibc's _S). */
function field(libc: LibcProcess, address: number): string {
  return address === 0 ? '' : cString(libc.memory, address);
}

/** __nss_valid_field: NULL, or no ':' and no '\n'. */
function validField(libc: LibcProcess, address: number): boolean {
  return address === 0 || !/[:\n]/.test(cString(libc.memory, address));
}

/** A NULL-terminated string array, or null for a NULL pointer. */
function list(libc: LibcProcess, address: number): string[] | null {
  if (address === 0) return null;
  const items: string[] = [];
  for (let at = address; ; at += 8) {
    const item = loadPointer(libc.memory, at);
    if (item === 0) return items;
    items.push(cString(libc.memory, item));
  }
}

/** __nss_valid_list_field: no element holds ':', '\n' or ','. */
function validList(items: string[] | null): boolean {
  return items === null || items.every((item) => !/[:\n,]/.test(item));
}

/** Writes the text to the stream: 0, or -1 when the stream took less. */
function put(libc: LibcProcess, fp: number, text: string): number {
  const bytes = Buffer.from(text, 'latin1');
  const written = runNow(libc, libc.streams.write(fp, bytes, 0, bytes.length));
  return written === bytes.length ? 0 : -1;
}

function invalid(libc: LibcProcess): number {
  libc.errno = Errno.EINVAL;
  return -1;
}

function isCompat(name: string): boolean {
  return name.startsWith('+') || name.startsWith('-');
}

/** putpwent(p, stream). */
function putpwent(libc: LibcProcess, p: number, fp: number): number {
  if (p === 0 || fp === 0) return invalid(libc);
  const view = libc.memory.view;
  const [name, passwd, gecos, dir, shell] = [0, 8, 24, 32, 40].map((offset) =>
    loadPointer(libc.memory, p + offset),
  ) as [number, number, number, number, number];
  if (![name, passwd, dir, shell].every((address) => validField(libc, address))) return invalid(libc);
  const nameText = cString(libc.memory, name);
  const gecosText = field(libc, gecos).replace(/[:\n]/g, ' ');
  const ids = isCompat(nameText) ? ':' : `${view.getUint32(p + 16, true)}:${view.getUint32(p + 20, true)}`;
  return put(
    libc,
    fp,
    `${nameText}:${field(libc, passwd)}:${ids}:${gecosText}:${field(libc, dir)}:${field(libc, shell)}\n`,
  );
}

/** putgrent(g, stream). */
function putgrent(libc: LibcProcess, g: number, fp: number): number {
  if (g === 0 || fp === 0) return invalid(libc);
  const name = loadPointer(libc.memory, g);
  const passwd = loadPointer(libc.memory, g + 8);
  if (name === 0) return invalid(libc);
  const members = list(libc, loadPointer(libc.memory, g + 24));
  if (!validField(libc, name) || !validField(libc, passwd) || !validList(members)) return invalid(libc);
  const nameText = cString(libc.memory, name);
  const gid = isCompat(nameText) ? '' : String(libc.memory.view.getUint32(g + 16, true));
  return put(libc, fp, `${nameText}:${field(libc, passwd)}:${gid}:${(members ?? []).join(',')}\n`);
}

/** putspent(p, stream): the day counts as %ld, -1 left empty; the flag (printed signed) empty when ~0. */
function putspent(libc: LibcProcess, p: number, fp: number): number {
  const name = loadPointer(libc.memory, p);
  const passwd = loadPointer(libc.memory, p + 8);
  if (name === 0 || !validField(libc, name) || !validField(libc, passwd)) return invalid(libc);
  const view = libc.memory.view;
  let text = `${cString(libc.memory, name)}:${field(libc, passwd)}:`;
  for (let i = 0; i < 6; i++) {
    const value = view.getBigInt64(p + 16 + 8 * i, true);
    text += value === -1n ? ':' : `${value}:`;
  }
  const flag = view.getBigUint64(p + 64, true);
  if (flag !== 0xffffffffffffffffn) text += `${BigInt.asIntN(64, flag)}`;
  return put(libc, fp, `${text}\n`);
}

/** putsgent(g, stream). */
function putsgent(libc: LibcProcess, g: number, fp: number): number {
  const name = loadPointer(libc.memory, g);
  const passwd = loadPointer(libc.memory, g + 8);
  const administrators = list(libc, loadPointer(libc.memory, g + 16));
  const members = list(libc, loadPointer(libc.memory, g + 24));
  if (name === 0 || !validField(libc, name) || !validField(libc, passwd)) return invalid(libc);
  if (!validList(administrators) || !validList(members)) return invalid(libc);
  const text = `${cString(libc.memory, name)}:${field(libc, passwd)}:${(administrators ?? []).join(',')}:${(members ?? []).join(',')}\n`;
  return put(libc, fp, text);
}

export const DATABASE_STREAM_FUNCTIONS: FunctionTable = {
  fgetpwent: (f, libc) =>
    readEntry(libc, f.ptr(0), states.of(libc).fgetpwent, parseCompatPasswd, passwdBufferSize, storePasswd),
  fgetgrent: (f, libc) =>
    readEntry(libc, f.ptr(0), states.of(libc).fgetgrent, parseCompatGroup, groupBufferSize, storeGroup),
  fgetspent: (f, libc) =>
    readEntry(libc, f.ptr(0), states.of(libc).fgetspent, parseShadowLine, shadowBufferSize, storeShadow),
  fgetsgent: (f, libc) =>
    readEntry(libc, f.ptr(0), states.of(libc).fgetsgent, parseGshadowLine, gshadowBufferSize, storeGshadow),
  putpwent: (f: CallFrame, libc) => putpwent(libc, f.ptr(0), f.ptr(1)),
  putgrent: (f, libc) => putgrent(libc, f.ptr(0), f.ptr(1)),
  putspent: (f, libc) => putspent(libc, f.ptr(0), f.ptr(1)),
  putsgent: (f, libc) => putsgent(libc, f.ptr(0), f.ptr(1)),
};
