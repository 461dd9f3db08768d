// gshadow.h over /etc/gshadow (the "files" source, read afresh by each lookup): getsgnam(_r),
// getsgent(_r)/setsgent/endsgent, sgetsgent(_r). glibc 2.36's parser is lenient: name, password
// (empty when missing), then the administrators up to ':' and the members to the end of the line,
// each a comma-separated list whose elements lose leading white space and whose empty elements
// are dropped; a name beginning with '+' or '-' alone on its line is a compat entry with a NULL
// password, NULL administrators and no members (as glibc leaves them).
import { Errno } from '../../kernel/errno.ts';
import type { CallFrame } from '../abi/call-frame.ts';
import type { FunctionTable } from '../exports/binding-types.ts';
import { checkWrite, cString, storePointer } from '../runtime/guest-access.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { copyForChild, ProcessState } from '../runtime/process-states.ts';
import { StaticResult } from './pwd-functions.ts';
import {
  type Enumeration,
  type Found,
  nextEntry,
  readDatabase,
  reentrantLookup,
  reentrantNext,
} from './user-database.ts';

const GSHADOW_FILE = '/etc/gshadow';

/** struct sgrp (x86-64): sg_namp, sg_passwd, sg_adm (char **), sg_mem (char **). */
export const SGRP_SIZE = 32;
const SG_NAMP = 0;
const SG_PASSWD = 8;
const SG_ADM = 16;
const SG_MEM = 24;
const POINTER_SIZE = 8;

export interface GshadowEntry {
  name: string;
  /** null (with null lists) for a compat entry. */
  passwd: string | null;
  administrators: string[] | null;
  members: string[] | null;
}

/** glibc's parse_list: elements up to `terminator`, split at ',', leading blanks dropped, empty ones left out. */
function parseList(text: string): string[] {
  return text
    .split(',')
    .map((element) => element.replace(/^[ \t\n\v\f\r]+/, ''))
    .filter((element) => element !== '');
}

export function parseGshadowLine(text: string): GshadowEntry {
  const newline = text.indexOf('\n');
  const line = newline < 0 ? text : text.slice(0, newline);
  const fields = line.split(':');
  const name = fields[0]!;
  if (fields.length === 1 && (name.startsWith('+') || name.startsWith('-')))
    return { name, passwd: null, administrators: null, members: [] };
  return {
    name,
    passwd: fields[1] ?? '',
    administrators: parseList(fields[2] ?? ''),
    members: parseList(fields.slice(3).join(':')),
  };
}

function entries(lines: readonly string[]): GshadowEntry[] {
  return lines.map(parseGshadowLine);
}

/** Bytes the strings and the two aligned pointer arrays take. */
export function gshadowBufferSize(entry: GshadowEntry): number {
  const strings = [entry.name, entry.passwd ?? '', ...(entry.administrators ?? []), ...(entry.members ?? [])];
  const pointers = ((entry.administrators?.length ?? -1) + 1 + (entry.members?.length ?? -1) + 1) * POINTER_SIZE;
  return strings.reduce((sum, s) => sum + s.length + 1, 0) + POINTER_SIZE + pointers;
}

export function storeGshadow(
  libc: LibcProcess,
  entry: GshadowEntry,
  struct: number,
  buffer: number,
  size: number,
): boolean {
  if (gshadowBufferSize(entry) > size) return false;
  checkWrite(libc.memory, struct, SGRP_SIZE);
  checkWrite(libc.memory, buffer, size);
  let at = buffer;
  const put = (text: string) => {
    const start = at;
    libc.memory.bytes.set(Buffer.from(text, 'latin1'), at);
    libc.memory.bytes[at + text.length] = 0;
    at += text.length + 1;
    return start;
  };
  storePointer(libc.memory, struct + SG_NAMP, put(entry.name));
  storePointer(libc.memory, struct + SG_PASSWD, entry.passwd === null ? 0 : put(entry.passwd));
  const lists: [number, string[] | null][] = [
    [SG_ADM, entry.administrators],
    [SG_MEM, entry.members],
  ];
  const addresses = lists.map(([, list]) => (list ?? []).map((element) => put(element)));
  at = Math.ceil(at / POINTER_SIZE) * POINTER_SIZE;
  lists.forEach(([offset, list], i) => {
    if (list === null) {
      storePointer(libc.memory, struct + offset, 0);
      return;
    }
    storePointer(libc.memory, struct + offset, at);
    for (const address of addresses[i]!) {
      storePointer(libc.memory, at, address);
      at += POINTER_SIZE;
    }
    storePointer(libc.memory, at, 0);
    at += POINTER_SIZE;
  });
  return true;
}

class GshadowState {
  readonly getsgnam = new StaticResult(SGRP_SIZE);
  readonly getsgent = new StaticResult(SGRP_SIZE);
  readonly sgetsgent = new StaticResult(SGRP_SIZE);
  readonly enumeration: Enumeration<GshadowEntry> = { entries: undefined, next: 0 };
}

const states = new ProcessState<GshadowState>('pwd/gshadow-functions state', copyForChild, () => new GshadowState());

function findByName(libc: LibcProcess, name: string): Found<GshadowEntry> {
  const database = readDatabase(libc, GSHADOW_FILE);
  if ('errno' in database) return database;
  if (name.startsWith('+') || name.startsWith('-')) return { entry: undefined };
  return { entry: entries(database.lines).find((e) => e.name === name) };
}

function classic(libc: LibcProcess, slot: StaticResult, found: Found<GshadowEntry>): number {
  if ('errno' in found) {
    libc.errno = found.errno;
    return 0;
  }
  if (found.entry === undefined) return 0;
  return slot.hold(libc, found.entry, gshadowBufferSize(found.entry), storeGshadow);
}

const setsgent = (_f: CallFrame, libc: LibcProcess) => {
  states.of(libc).enumeration.entries = undefined;
  return 0;
};

export const GSHADOW_FUNCTIONS: FunctionTable = {
  getsgnam: (f, libc) => classic(libc, states.of(libc).getsgnam, findByName(libc, cString(libc.memory, f.ptr(0)))),
  getsgnam_r: (f, libc) =>
    reentrantLookup(
      libc,
      findByName(libc, cString(libc.memory, f.ptr(0))),
      storeGshadow,
      f.ptr(1),
      f.ptr(2),
      f.ulong(3),
      f.ptr(4),
    ),
  getsgent: (_f, libc) =>
    classic(libc, states.of(libc).getsgent, nextEntry(libc, states.of(libc).enumeration, GSHADOW_FILE, entries)),
  getsgent_r: (f, libc) =>
    reentrantNext(
      libc,
      states.of(libc).enumeration,
      GSHADOW_FILE,
      entries,
      storeGshadow,
      f.ptr(0),
      f.ptr(1),
      f.ulong(2),
      f.ptr(3),
    ),
  setsgent,
  endsgent: setsgent,
  sgetsgent: (f, libc) =>
    classic(libc, states.of(libc).sgetsgent, { entry: parseGshadowLine(cString(libc.memory, f.ptr(0))) }),
  // sgetsgent_r: ERANGE when the string (with its NUL) does not fit the buffer, as glibc copies it there first.
  sgetsgent_r: (f, libc) => {
    const text = cString(libc.memory, f.ptr(0));
    if (text.length + 1 > f.ulong(3)) return Errno.ERANGE;
    return reentrantLookup(
      libc,
      { entry: parseGshadowLine(text) },
      storeGshadow,
      f.ptr(1),
      f.ptr(2),
      f.ulong(3),
      f.ptr(4),
    );
  },
};
