// netdb.h's services, protocols, rpc and networks databases over /etc/services, /etc/protocols,
// /etc/rpc and /etc/networks, as glibc 2.36's
// nss_files backend reads them (nss/nss_files/files-XXX.c, files-parse.c, nss/nss_readline.c):
// - every line goes through the caller's buffer: a line is read with fgets into it (ERANGE when
//   it does not fit with two bytes to spare), leading white space is moved out, blank and '#' lines
//   are skipped, the line is cut at '#' or '\n', and the fields are NUL-terminated in place; the
//   alias pointer array follows the line's NUL, aligned, with room for two pointers checked before
//   each (ERANGE). A line that does not fit fails the lookup even when it is not the one sought;
// - a line whose number field does not parse is skipped;
// - the _r lookups set errno to their result (0 when found or not found, as getXXbyYY_r does); the
//   classic ones retry with a doubled buffer from 1,024 bytes while the answer is ERANGE;
// - getXXent walks the file from a position setXXent rewinds and endXXent forgets; an ERANGE
//   leaves the position on the same line;
// - the networks functions also report through an h_errno pointer: HOST_NOT_FOUND when there is no
//   (further) entry, NETDB_INTERNAL with ERANGE, untouched on success; the classic lookups copy
//   their own h_errno to the thread's only when it was set; getnetent and getnetent_r (whatever
//   pointer it is given) pass the thread's itself.
import { Errno } from '../../kernel/errno.ts';
import type { CallFrame } from '../abi/call-frame.ts';
import type { FunctionTable } from '../exports/binding-types.ts';
import { checkWrite, cString, storePointer } from '../runtime/guest-access.ts';
import { readGuestFile, withGuestString } from '../runtime/guest-files.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { copyForChild, ProcessState } from '../runtime/process-states.ts';
import { isCSpace, parseNetwork } from './inet-address.ts';
import { byteSwap16 } from './inet-functions.ts';

const MAX_DATABASE_SIZE = 64 << 20;
/** nss's first buffer size for the classic functions (NSS_BUFLEN_…). */
const CLASSIC_BUFFER_SIZE = 1024;
const POINTER_SIZE = 8;
const HOST_NOT_FOUND = 1;
const NETDB_INTERNAL = -1;
const AF_UNSPEC = 0;
const AF_INET = 2;

/** A parsed line: where its strings start in the buffer, its number, its alias offsets. */
interface ParsedLine {
  /** The buffer's bytes [0, bytes.length) after parsing (fields NUL-terminated in place). */
  bytes: Uint8Array;
  name: number;
  /** The protocol string of a service (offset), unused for protocols. */
  proto: number;
  number: number;
  aliases: number[];
}

interface Database {
  path: string;
  structSize: number;
  /** Parses the line text in `work` (a NUL-terminated copy); undefined when the line is skipped. */
  parse(work: Uint8Array): ParsedLine | undefined;
  /** Fills the struct from a parsed line laid out at `buffer`, the alias array at `list`. */
  store(libc: LibcProcess, struct: number, buffer: number, line: ParsedLine, list: number): void;
}

const NUL = 0;
const isSpaceByte = (b: number | undefined) => b !== undefined && isCSpace(String.fromCharCode(b));

/** STRING_FIELD: the field up to a terminator, NUL-terminated, terminators after it skipped. */
function stringField(
  work: Uint8Array,
  at: number,
  terminator: (b: number) => boolean,
): { start: number; next: number } {
  const start = at;
  while (work[at] !== NUL && !terminator(work[at]!)) at++;
  if (work[at] !== NUL) {
    work[at] = NUL;
    do at++;
    while (terminator(work[at]!));
  }
  return { start, next: at };
}

/** strtoul base 10 clamped to 32 bits (strtou32): the value and the end; end = at when no digits. */
function unsignedField(work: Uint8Array, at: number): { value: number; end: number } {
  let i = at;
  while (isSpaceByte(work[i])) i++;
  let negative = false;
  if (work[i] === 0x2b || work[i] === 0x2d) {
    negative = work[i] === 0x2d;
    i++;
  }
  const digitsStart = i;
  let value = 0n;
  while (work[i]! >= 0x30 && work[i]! <= 0x39) value = value * 10n + BigInt(work[i++]! - 0x30);
  if (i === digitsStart) return { value: 0, end: at };
  const ULONG = 1n << 64n;
  if (value >= ULONG) value = ULONG - 1n;
  if (negative && value !== 0n) value = ULONG - value;
  return { value: value > 0xffffffffn ? 0xffffffff : Number(value), end: i };
}

/** INT_FIELD: the number, then one terminator (or all of them when `swallow`), or the end of the line. */
function intField(
  work: Uint8Array,
  at: number,
  terminator: (b: number) => boolean,
  swallow: boolean,
): { value: number; next: number } | undefined {
  const { value, end } = unsignedField(work, at);
  if (end === at) return undefined;
  let next = end;
  if (terminator(work[next]!)) {
    do next++;
    while (swallow && terminator(work[next]!));
  } else if (work[next] !== NUL) return undefined;
  return { value, next };
}

/** parse_list over white space to the end of the line: the offsets of the non-empty words. */
function aliasList(work: Uint8Array, at: number): number[] {
  const aliases: number[] = [];
  for (;;) {
    if (work[at] === NUL) break;
    while (isSpaceByte(work[at])) at++;
    const start = at;
    while (work[at] !== NUL && !isSpaceByte(work[at])) at++;
    if (at > start) aliases.push(start);
    if (work[at] === NUL) break;
    work[at++] = NUL;
  }
  return aliases;
}

/** Cuts the line at the first '#' or '\n' (strpbrk). */
function cutLine(work: Uint8Array): void {
  for (let i = 0; work[i] !== NUL; i++) {
    if (work[i] === 0x23 || work[i] === 0x0a) {
      work[i] = NUL;
      return;
    }
  }
}

const SERVICES: Database = {
  path: '/etc/services',
  structSize: 32,
  parse(work) {
    cutLine(work);
    const name = stringField(work, 0, isSpaceByte);
    const port = intField(work, name.next, (b) => b === 0x2f, false);
    if (port === undefined) return undefined;
    const proto = stringField(work, port.next, isSpaceByte);
    return {
      bytes: work,
      name: name.start,
      proto: proto.start,
      number: byteSwap16(port.value & 0xffff),
      aliases: aliasList(work, proto.next),
    };
  },
  store(libc, struct, buffer, line, list) {
    storePointer(libc.memory, struct, buffer + line.name);
    storePointer(libc.memory, struct + 8, list);
    libc.memory.view.setInt32(struct + 16, line.number, true);
    storePointer(libc.memory, struct + 24, buffer + line.proto);
  },
};

const PROTOCOLS: Database = {
  path: '/etc/protocols',
  structSize: 24,
  parse(work) {
    cutLine(work);
    const name = stringField(work, 0, isSpaceByte);
    const number = intField(work, name.next, isSpaceByte, true);
    if (number === undefined) return undefined;
    return { bytes: work, name: name.start, proto: 0, number: number.value | 0, aliases: aliasList(work, number.next) };
  },
  store(libc, struct, buffer, line, list) {
    storePointer(libc.memory, struct, buffer + line.name);
    storePointer(libc.memory, struct + 8, list);
    libc.memory.view.setInt32(struct + 16, line.number, true);
  },
};

/** /etc/rpc: the same line form and struct layout as protocols (struct rpcent: r_name, r_aliases, r_number). */
const RPC: Database = { ...PROTOCOLS, path: '/etc/rpc' };

/**
 * /etc/networks: name, number, aliases. The number is read by inet_network after ".0" parts are
 * added up to four ("127" is 127.0.0.0, 0x7f000000); the type is always AF_INET.
 */
const NETWORKS: Database = {
  path: '/etc/networks',
  structSize: 24,
  parse(work) {
    cutLine(work);
    const name = stringField(work, 0, isSpaceByte);
    const address = stringField(work, name.next, isSpaceByte);
    let text = Buffer.from(work.subarray(address.start, work.indexOf(NUL, address.start))).toString('latin1');
    const parts = Math.min(4, text.split('.').length);
    for (let n = parts; n < 4; n++) text += '.0';
    return {
      bytes: work,
      name: name.start,
      proto: 0,
      number: parseNetwork(text),
      aliases: aliasList(work, address.next),
    };
  },
  store(libc, struct, buffer, line, list) {
    storePointer(libc.memory, struct, buffer + line.name);
    storePointer(libc.memory, struct + 8, list);
    libc.memory.view.setInt32(struct + 16, AF_INET, true);
    libc.memory.view.setUint32(struct + 20, line.number, true);
  },
};

/** The raw lines of a database file (each with its '\n' when it has one), or the errno of the read. */
function readLines(libc: LibcProcess, path: string): { lines: Uint8Array[] } | { errno: number } {
  const contents = withGuestString(libc, path, (address) => readGuestFile(libc, address, MAX_DATABASE_SIZE));
  if (contents === undefined) return { errno: Errno.ENOMEM };
  if ('errno' in contents) return contents;
  const lines: Uint8Array[] = [];
  const bytes = contents.bytes;
  let start = 0;
  while (start < bytes.length) {
    let end = bytes.indexOf(0x0a, start);
    end = end === -1 ? bytes.length : end + 1;
    lines.push(bytes.subarray(start, end));
    start = end;
  }
  return { lines };
}

type LineOutcome = { skip: true } | { errno: number } | { line: ParsedLine; length: number };

/** One line through a buffer of `size` bytes as nss_files does (see the header). */
function readLine(database: Database, raw: Uint8Array, size: number): LineOutcome {
  // fgets stores at most size - 1 bytes; a line reaching the last byte counts as truncated.
  if (size < 3 || raw.length >= size - 1) return { errno: Errno.ERANGE };
  const work = new Uint8Array(raw.length + 1);
  work.set(raw);
  let skip = 0;
  while (isSpaceByte(work[skip])) skip++;
  if (work[skip] === NUL || work[skip] === 0x23) return { skip: true };
  // glibc moves strlen bytes, not the NUL: the line keeps its old tail up to the original NUL.
  work.copyWithin(0, skip, raw.length);
  const line = database.parse(work);
  if (line === undefined) return { skip: true };
  return { line, length: raw.length };
}

/** Where parse_list puts the alias pointers: after the line's NUL, aligned for pointers. */
function aliasArrayAddress(buffer: number, length: number): number {
  return Math.ceil((buffer + length + 1) / POINTER_SIZE) * POINTER_SIZE;
}

/** parse_list's room check (two pointers free before each one stored), made for every parsed line. */
function aliasArrayFits(parsed: { line: ParsedLine; length: number }, buffer: number, size: number): boolean {
  const list = aliasArrayAddress(buffer, parsed.length);
  return list + (parsed.line.aliases.length + 2) * POINTER_SIZE <= buffer + size;
}

/** Lays a parsed line out at `buffer` (size bytes) and fills the struct; false when the alias array does not fit. */
function storeLine(
  libc: LibcProcess,
  database: Database,
  parsed: { line: ParsedLine; length: number },
  struct: number,
  buffer: number,
  size: number,
): boolean {
  const list = aliasArrayAddress(buffer, parsed.length);
  if (!aliasArrayFits(parsed, buffer, size)) return false;
  checkWrite(libc.memory, buffer, parsed.length + 1);
  libc.memory.bytes.set(parsed.line.bytes, buffer);
  parsed.line.aliases.forEach((offset, i) => {
    storePointer(libc.memory, list + i * POINTER_SIZE, buffer + offset);
  });
  storePointer(libc.memory, list + parsed.line.aliases.length * POINTER_SIZE, 0);
  checkWrite(libc.memory, struct, database.structSize);
  database.store(libc, struct, buffer, parsed.line, list);
  return true;
}

/** A lookup's answer: 0 with the struct filled (found), 0 and none (not found), or an errno. */
type LookupResult = { found: boolean } | { errno: number };

/** Runs through the lines from `from`; `position` says where the walk stopped (the failing line on ERANGE). */
function walk(
  libc: LibcProcess,
  database: Database,
  lines: Uint8Array[],
  from: number,
  struct: number,
  buffer: number,
  size: number,
  matches: (parsed: ParsedLine) => boolean,
): { result: LookupResult; position: number } {
  if (size < 2) return { result: { errno: Errno.ERANGE }, position: from };
  for (let i = from; i < lines.length; i++) {
    const outcome = readLine(database, lines[i]!, size);
    if ('skip' in outcome) continue;
    if ('errno' in outcome) return { result: outcome, position: i };
    // The alias array is built while parsing, before the line is compared with the key.
    if (!aliasArrayFits(outcome, buffer, size)) return { result: { errno: Errno.ERANGE }, position: i };
    if (!matches(outcome.line)) continue;
    if (!storeLine(libc, database, outcome, struct, buffer, size)) {
      return { result: { errno: Errno.ERANGE }, position: i };
    }
    return { result: { found: true }, position: i + 1 };
  }
  return { result: { found: false }, position: lines.length };
}

/** The lines' strings compared as C strings. */
function textAt(line: ParsedLine, offset: number): string {
  const end = line.bytes.indexOf(NUL, offset);
  return Buffer.from(line.bytes.subarray(offset, end)).toString('latin1');
}

function byName(name: string): (line: ParsedLine) => boolean {
  return (line) => textAt(line, line.name) === name || line.aliases.some((alias) => textAt(line, alias) === name);
}

/** strcasecmp in the C locale: ASCII letters folded. */
function asciiLower(text: string): string {
  return text.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/** LOOKUP_NAME_CASE (networks): the name or an alias, ignoring ASCII case. */
function byNameCaseless(name: string): (line: ParsedLine) => boolean {
  const key = asciiLower(name);
  return (line) =>
    asciiLower(textAt(line, line.name)) === key ||
    line.aliases.some((alias) => asciiLower(textAt(line, alias)) === key);
}

/** Stores an h_errno value through the pointer an h_errno function was given (0: none). */
function setHostError(libc: LibcProcess, address: number, value: number): void {
  if (address === 0) return;
  checkWrite(libc.memory, address, 4);
  libc.memory.view.setInt32(address, value, true);
}

/** getXXbyYY_r: the file searched whole; errno set to the result. */
function lookupReentrant(
  libc: LibcProcess,
  database: Database,
  struct: number,
  buffer: number,
  size: number,
  resultAddress: number,
  matches: (line: ParsedLine) => boolean,
  hostError = 0,
): number {
  storePointer(libc.memory, resultAddress, 0);
  const file = readLines(libc, database.path);
  let code: number;
  if ('errno' in file) code = file.errno;
  else {
    const { result } = walk(libc, database, file.lines, 0, struct, buffer, size, matches);
    if ('errno' in result) {
      code = result.errno;
      setHostError(libc, hostError, NETDB_INTERNAL);
    } else {
      if (result.found) storePointer(libc.memory, resultAddress, struct);
      else setHostError(libc, hostError, HOST_NOT_FOUND);
      code = 0;
    }
  }
  libc.errno = code;
  return code;
}

/** A classic function's static struct, buffer and result pointer (each function its own, as in glibc). */
class ClassicState {
  struct = 0;
  /** The classic lookup's own h_errno cell (h_errno_tmp in glibc). */
  hostError = 0;
  buffer = 0;
  size = 0;
  result = 0;
}

interface Enumeration {
  lines: Uint8Array[] | undefined;
  position: number;
}

class DatabaseState {
  readonly classic = new Map<string, ClassicState>();
  readonly enumeration: Enumeration = { lines: undefined, position: 0 };
}

const states = new ProcessState<Map<Database, DatabaseState>>(
  'inet/network-database states',
  copyForChild,
  () => new Map(),
);

function stateOf(libc: LibcProcess, database: Database): DatabaseState {
  const byDatabase = states.of(libc);
  let state = byDatabase.get(database);
  if (state === undefined) {
    state = new DatabaseState();
    byDatabase.set(database, state);
  }
  return state;
}

/**
 * The classic form of a reentrant call: the static struct and a heap buffer from 1,024 bytes,
 * doubled while the answer is ERANGE; the struct or NULL.
 */
function classic(
  libc: LibcProcess,
  database: Database,
  name: string,
  call: (struct: number, buffer: number, size: number, result: number, hostError: number) => number,
): number {
  const state = stateOf(libc, database);
  let slot = state.classic.get(name);
  if (slot === undefined) {
    slot = new ClassicState();
    slot.struct = libc.data.allocate(database.structSize, 16);
    slot.result = libc.data.allocate(POINTER_SIZE, 8);
    slot.hostError = libc.data.allocate(4, 4);
    state.classic.set(name, slot);
  }
  libc.memory.view.setInt32(slot.hostError, 0, true);
  if (slot.buffer === 0) {
    slot.size = CLASSIC_BUFFER_SIZE;
    slot.buffer = libc.heap.allocate(slot.size);
  }
  while (slot.buffer !== 0 && call(slot.struct, slot.buffer, slot.size, slot.result, slot.hostError) === Errno.ERANGE) {
    libc.heap.release(slot.buffer);
    slot.size *= 2;
    slot.buffer = libc.heap.allocate(slot.size);
    if (slot.buffer === 0) libc.errno = Errno.ENOMEM;
  }
  const hostError = libc.memory.view.getInt32(slot.hostError, true);
  if (hostError !== 0) libc.memory.view.setInt32(libc.hErrnoAddress, hostError, true);
  if (slot.buffer === 0) return 0;
  return Number(libc.memory.view.getBigUint64(slot.result, true));
}

/** getXXent_r: the next entry from the enumeration's position; ENOENT at the end (errno untouched). */
function nextEntry(
  libc: LibcProcess,
  database: Database,
  struct: number,
  buffer: number,
  size: number,
  resultAddress: number,
  hostError = 0,
): number {
  storePointer(libc.memory, resultAddress, 0);
  const enumeration = stateOf(libc, database).enumeration;
  if (enumeration.lines === undefined) {
    const file = readLines(libc, database.path);
    if ('errno' in file) {
      libc.errno = file.errno;
      return Errno.ENOENT;
    }
    enumeration.lines = file.lines;
    enumeration.position = 0;
  }
  const { result, position } = walk(
    libc,
    database,
    enumeration.lines,
    enumeration.position,
    struct,
    buffer,
    size,
    () => true,
  );
  enumeration.position = position;
  if ('errno' in result) {
    libc.errno = result.errno;
    setHostError(libc, hostError, NETDB_INTERNAL);
    return result.errno;
  }
  if (!result.found) {
    setHostError(libc, hostError, HOST_NOT_FOUND);
    return Errno.ENOENT;
  }
  storePointer(libc.memory, resultAddress, struct);
  return 0;
}

function rewind(libc: LibcProcess, database: Database): undefined {
  const enumeration = stateOf(libc, database).enumeration;
  enumeration.lines = undefined;
  enumeration.position = 0;
  return undefined;
}

/** The optional protocol argument of the service lookups (NULL matches any). */
function optionalString(libc: LibcProcess, address: number): string | undefined {
  return address === 0 ? undefined : cString(libc.memory, address);
}

function serviceByName(name: string, proto: string | undefined) {
  const named = byName(name);
  return (line: ParsedLine) => (proto === undefined || textAt(line, line.proto) === proto) && named(line);
}

function serviceByPort(port: number, proto: string | undefined) {
  return (line: ParsedLine) => line.number === port && (proto === undefined || textAt(line, line.proto) === proto);
}

/** getnetbyaddr: the number, and the type unless it is AF_UNSPEC (every entry is AF_INET). */
function networkByNumber(net: number, type: number) {
  return (line: ParsedLine) => (type === AF_UNSPEC || type === AF_INET) && line.number === net;
}

/** (…, struct, buffer, size, result) arguments of an _r function starting at argument `first`. */
function reentrantArgs(f: CallFrame, first: number): [number, number, number, number] {
  return [f.ptr(first), f.ptr(first + 1), f.ulong(first + 2), f.ptr(first + 3)];
}

type Matcher = (line: ParsedLine) => boolean;

/**
 * One lookup's two forms: NAME_r (its struct, buffer, size and result arguments from `first`,
 * then — for the networks database — an h_errno pointer) and the classic NAME over the static
 * state. `match` builds the line matcher from the leading arguments.
 */
function lookupForms(
  database: Database,
  name: string,
  first: number,
  match: (f: CallFrame, libc: LibcProcess) => Matcher,
  withHostError = false,
): FunctionTable {
  return {
    [`${name}_r`]: (f, libc) =>
      lookupReentrant(libc, database, ...reentrantArgs(f, first), match(f, libc), withHostError ? f.ptr(first + 4) : 0),
    [name]: (f, libc) => {
      const matches = match(f, libc);
      return classic(libc, database, name, (s, b, n, r, h) =>
        lookupReentrant(libc, database, s, b, n, r, matches, withHostError ? h : 0),
      );
    },
  };
}

/**
 * The enumeration forms getXXent_r, getXXent, setXXent, endXXent. glibc's getnetent_r ignores
 * its h_errnop argument and hands the thread's h_errno on instead (as getnetent does).
 */
function enumerationForms(database: Database, entry: string, prefix: string, threadHostError = false): FunctionTable {
  const hostError = (libc: LibcProcess) => (threadHostError ? libc.hErrnoAddress : 0);
  return {
    [`get${entry}_r`]: (f, libc) => nextEntry(libc, database, ...reentrantArgs(f, 0), hostError(libc)),
    [`get${entry}`]: (_f, libc) =>
      classic(libc, database, `get${entry}`, (s, b, n, r) => nextEntry(libc, database, s, b, n, r, hostError(libc))),
    [`set${prefix}ent`]: (_f, libc) => rewind(libc, database),
    [`end${prefix}ent`]: (_f, libc) => rewind(libc, database),
  };
}

const byNumber =
  (number: number): Matcher =>
  (line) =>
    line.number === number;

export const NETWORK_DATABASE_FUNCTIONS: FunctionTable = {
  ...lookupForms(SERVICES, 'getservbyname', 2, (f, libc) =>
    serviceByName(cString(libc.memory, f.ptr(0)), optionalString(libc, f.ptr(1))),
  ),
  ...lookupForms(SERVICES, 'getservbyport', 2, (f, libc) => serviceByPort(f.int(0), optionalString(libc, f.ptr(1)))),
  ...enumerationForms(SERVICES, 'servent', 'serv'),
  ...lookupForms(PROTOCOLS, 'getprotobyname', 1, (f, libc) => byName(cString(libc.memory, f.ptr(0)))),
  ...lookupForms(PROTOCOLS, 'getprotobynumber', 1, (f) => byNumber(f.int(0))),
  ...enumerationForms(PROTOCOLS, 'protoent', 'proto'),
  ...lookupForms(RPC, 'getrpcbyname', 1, (f, libc) => byName(cString(libc.memory, f.ptr(0)))),
  ...lookupForms(RPC, 'getrpcbynumber', 1, (f) => byNumber(f.int(0))),
  ...enumerationForms(RPC, 'rpcent', 'rpc'),
  ...lookupForms(NETWORKS, 'getnetbyname', 1, (f, libc) => byNameCaseless(cString(libc.memory, f.ptr(0))), true),
  ...lookupForms(NETWORKS, 'getnetbyaddr', 2, (f) => networkByNumber(f.uint(0), f.int(1)), true),
  ...enumerationForms(NETWORKS, 'netent', 'net', true),
};

/**
 * The first /etc/services line for a name (or alias) or a port (network order) and a protocol,
 * as getservbyname_r/getservbyport_r find it, for host-side callers (getaddrinfo, getnameinfo).
 * The port comes back in network order, as s_port holds it.
 */
export function findService(
  libc: LibcProcess,
  key: { name: string } | { port: number },
  proto: string,
): { name: string; port: number } | undefined {
  const read = readLines(libc, SERVICES.path);
  if ('errno' in read) return undefined;
  const matches = 'name' in key ? serviceByName(key.name, proto) : serviceByPort(key.port, proto);
  for (const raw of read.lines) {
    const outcome = readLine(SERVICES, raw, raw.length + 3);
    if (!('line' in outcome)) continue;
    if (matches(outcome.line)) return { name: textAt(outcome.line, outcome.line.name), port: outcome.line.number };
  }
  return undefined;
}
