// The resolver API of glibc 2.36 (resolv.h, arpa/nameser.h): the name conversions (dn_*, ns_name_*,
// res_*ok), the message parser of libresolv (ns_initparse, ns_parserr, ns_skiprr), query building
// (res_mkquery), the resolver state (res_ninit…, struct __res_state from /etc/resolv.conf:
// ./resolver-state.ts) and the query functions over UDP and TCP (./dns-query.ts, ./dns-send.ts),
// generators whose waits are made from guest code.
// Since glibc 2.34 all of this lives in libc.so.6 (dn_expand@GLIBC_2.34, the old __dn_expand…
// hidden); libresolv.so.2 keeps the parser and a few helpers, and is a Miros libc family member.
import { randomInt } from '../../host/lazy-builtins.ts';
import { Errno } from '../../kernel/errno.ts';
import type { HostGenerator, HostStep } from '../abi/host-region.ts';
import type { FunctionTable, ObjectTable } from '../exports/binding-types.ts';
import { checkRead, checkWrite, cString, cStringView, loadPointer, storePointer } from '../runtime/guest-access.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { decodeBase64, encodeBase64 } from './base64.ts';
import { type AnswerBuffer, queryDomain, queryName, searchName } from './dns-query.ts';
import { sendQuery } from './dns-send.ts';
import {
  type CompressionTable,
  isDomainName,
  isHostName,
  isMailName,
  isOwnerName,
  MAX_WIRE_NAME,
  nameToText,
  packName,
  skipName,
  textToName,
  unpackName,
} from './domain-names.ts';
import { initializeState, RES_INIT, RES_RECURSE, resolverStateAddress, STATE } from './resolver-state.ts';

/** NS_MAXDNAME: the longest name in text form, with its NUL (dn_expand's usual buffer). */
const MAX_TEXT_NAME = 1025;
/** HFIXEDSZ and QFIXEDSZ: a message header, a question's type and class. */
const HEADER_SIZE = 12;
const QUESTION_FIXED_SIZE = 4;
const RR_FIXED_SIZE = 10;
/** Opcodes res_mkquery builds: QUERY and NS_NOTIFY_OP. */
const OP_QUERY = 0;
const OP_NOTIFY = 4;
/** T_NULL, the type of NOTIFY's additional record. */
const TYPE_NULL = 10;
const RES_TRUSTAD = 0x4000000;
/** The dnptrs table res_mkquery keeps on its stack: 20 pointers. */
const MKQUERY_TABLE_SLOTS = 20;

/** A libc return of a domain-names result: -1 and errno for a negative errno. */
function result(libc: LibcProcess, value: number): number {
  if (value >= 0) return value;
  libc.errno = -value;
  return -1;
}

function bytes(libc: LibcProcess): Uint8Array {
  return libc.memory.bytes;
}

/** ns_name_unpack with glibc's checks of the message and the destination. */
function unpack(libc: LibcProcess, msg: number, eom: number, src: number, dst: number, size: number): number {
  if (src >= msg && src < eom) checkRead(libc.memory, msg, eom - msg);
  if (size > 0) checkWrite(libc.memory, dst, Math.min(size, MAX_WIRE_NAME));
  return unpackName(bytes(libc), msg, eom, src, dst, size);
}

/** ns_name_ntop, the destination checked as far as it can be written. */
function toText(libc: LibcProcess, src: number, dst: number, size: number): number {
  if (size > 0) checkWrite(libc.memory, dst, Math.min(size, 4 * MAX_WIRE_NAME + 1));
  return nameToText(bytes(libc), src, dst, size);
}

/** ns_name_uncompress: unpack into a scratch buffer, then ntop into `dst`; returns the packed length. */
function uncompress(libc: LibcProcess, msg: number, eom: number, src: number, dst: number, size: number): number {
  const scratch = libc.heap.allocate(MAX_WIRE_NAME);
  try {
    const length = unpack(libc, msg, eom, src, scratch, MAX_WIRE_NAME);
    if (length < 0) return length;
    const written = toText(libc, scratch, dst, size);
    return written < 0 ? written : length;
  } finally {
    libc.heap.release(scratch, 'ns_name_uncompress');
  }
}

/** The dnptrs table at `dnptrs` (NULL: none) ending before `lastdnptr` (NULL: cannot grow). */
function readTable(
  libc: LibcProcess,
  dnptrs: number,
  lastdnptr: number,
): { table: CompressionTable; end: number } | undefined {
  if (dnptrs === 0) return undefined;
  const message = loadPointer(libc.memory, dnptrs);
  const names: number[] = [];
  let at = dnptrs + 8;
  if (message !== 0) {
    for (;;) {
      const name = loadPointer(libc.memory, at);
      if (name === 0) break;
      names.push(name);
      at += 8;
    }
  }
  // glibc records a name only while `cpp < lastdnptr - 1` (room for it and the NULL after it).
  const room = lastdnptr === 0 ? 0 : Math.max(0, (lastdnptr - 8 - at) / 8);
  return { table: { message, names, room }, end: at };
}

/** ns_name_pack over guest memory: updates the dnptrs table with the names it records. */
function pack(libc: LibcProcess, src: number, dst: number, size: number, dnptrs: number, lastdnptr: number): number {
  const found = readTable(libc, dnptrs, lastdnptr);
  if (size > 0) checkWrite(libc.memory, dst, Math.min(size, MAX_WIRE_NAME));
  const packed = packName(bytes(libc), src, dst, size, found?.table);
  if (found !== undefined && found.table.message !== 0 && packed.added.length > 0) {
    let at = found.end;
    for (const name of packed.added) {
      storePointer(libc.memory, at, name);
      at += 8;
    }
    storePointer(libc.memory, at, 0);
  }
  return packed.result;
}

/** ns_name_compress: ns_name_pton into a scratch buffer, then ns_name_pack. */
function compress(
  libc: LibcProcess,
  text: number,
  dst: number,
  size: number,
  dnptrs: number,
  lastdnptr: number,
): number {
  const scratch = libc.heap.allocate(MAX_WIRE_NAME);
  try {
    const parsed = textToName(cStringView(libc.memory, text), bytes(libc), scratch, MAX_WIRE_NAME);
    if (parsed < 0) return parsed;
    return pack(libc, scratch, dst, size, dnptrs, lastdnptr);
  } finally {
    libc.heap.release(scratch, 'ns_name_compress');
  }
}

const nameFunctions: FunctionTable = {
  ns_name_unpack: (f, libc) => result(libc, unpack(libc, f.ptr(0), f.ptr(1), f.ptr(2), f.ptr(3), f.ulong(4))),
  ns_name_ntop: (f, libc) => result(libc, toText(libc, f.ptr(0), f.ptr(1), f.ulong(2))),
  ns_name_pton: (f, libc) => {
    const size = f.ulong(2);
    if (size > 0) checkWrite(libc.memory, f.ptr(1), Math.min(size, MAX_WIRE_NAME + 1));
    return result(libc, textToName(cStringView(libc.memory, f.ptr(0)), bytes(libc), f.ptr(1), size));
  },
  ns_name_skip: (f, libc) => {
    const at = loadPointer(libc.memory, f.ptr(0));
    const end = skipName(bytes(libc), at, f.ptr(1));
    if (end < 0) return result(libc, end);
    storePointer(libc.memory, f.ptr(0), end);
    return 0;
  },
  ns_name_uncompress: (f, libc) => result(libc, uncompress(libc, f.ptr(0), f.ptr(1), f.ptr(2), f.ptr(3), f.ulong(4))),
  ns_name_pack: (f, libc) => result(libc, pack(libc, f.ptr(0), f.ptr(1), f.int(2), f.ptr(3), f.ptr(4))),
  ns_name_compress: (f, libc) => result(libc, compress(libc, f.ptr(0), f.ptr(1), f.ulong(2), f.ptr(3), f.ptr(4))),
  dn_expand: (f, libc) => {
    // dn_expand turns the root "." into "" (the old BIND convention).
    const dst = f.ptr(3);
    const n = uncompress(libc, f.ptr(0), f.ptr(1), f.ptr(2), dst, f.int(4));
    if (n > 0 && bytes(libc)[dst] === 0x2e) bytes(libc)[dst] = 0;
    return result(libc, n);
  },
  dn_comp: (f, libc) => result(libc, compress(libc, f.ptr(0), f.ptr(1), f.int(2), f.ptr(3), f.ptr(4))),
  dn_skipname: (f, libc) => {
    const at = f.ptr(0);
    const end = skipName(bytes(libc), at, f.ptr(1));
    return end < 0 ? result(libc, end) : end - at;
  },
  res_hnok: (f, libc) => (isHostName(cStringView(libc.memory, f.ptr(0))) ? 1 : 0),
  res_ownok: (f, libc) => (isOwnerName(cStringView(libc.memory, f.ptr(0))) ? 1 : 0),
  res_mailok: (f, libc) => (isMailName(cStringView(libc.memory, f.ptr(0))) ? 1 : 0),
  res_dnok: (f, libc) => (isDomainName(cStringView(libc.memory, f.ptr(0))) ? 1 : 0),
};

/** Network byte order accessors (ns_get16 and the old _getshort/__putshort names). */
const byteOrderFunctions: FunctionTable = {
  ns_get16: (f, libc) => {
    checkRead(libc.memory, f.ptr(0), 2);
    return libc.memory.view.getUint16(f.ptr(0), false);
  },
  ns_get32: (f, libc) => {
    checkRead(libc.memory, f.ptr(0), 4);
    return libc.memory.view.getUint32(f.ptr(0), false);
  },
  ns_put16: (f, libc) => {
    checkWrite(libc.memory, f.ptr(1), 2);
    libc.memory.view.setUint16(f.ptr(1), f.uint(0) & 0xffff, false);
    return undefined;
  },
  ns_put32: (f, libc) => {
    checkWrite(libc.memory, f.ptr(1), 4);
    libc.memory.view.setUint32(f.ptr(1), f.ulong(0) % 2 ** 32, false);
    return undefined;
  },
};

// ---- ns_msg parsing (libresolv) ----

/** ns_msg: _msg 0, _eom 8, _id 16, _flags 18, _counts[4] 20, _sections[4] 32, _sect 64, _rrnum 68, _msg_ptr 72. */
const MSG = { msg: 0, eom: 8, id: 16, flags: 18, counts: 20, sections: 32, sect: 64, rrnum: 68, ptr: 72 };
/** ns_rr: name[1025] 0, type 1026, rr_class 1028, ttl 1032, rdlength 1036, rdata 1040. */
const RR = { name: 0, type: 1026, rrClass: 1028, ttl: 1032, rdlength: 1036, rdata: 1040 };
const SECTION_COUNT = 4;
const SECTION_QUESTION = 0;

/** ns_skiprr: the bytes `count` records of `section` take from `at`, or -EMSGSIZE. */
function skipRecords(libc: LibcProcess, at: number, eom: number, section: number, count: number): number {
  const m = bytes(libc);
  let read = at;
  for (; count > 0; count--) {
    const end = skipName(m, read, eom);
    if (end < 0) return -Errno.EMSGSIZE;
    read = end + 4;
    if (section !== SECTION_QUESTION) {
      if (read + 6 > eom) return -Errno.EMSGSIZE;
      read += 4;
      const rdlength = (m[read]! << 8) | m[read + 1]!;
      read += 2 + rdlength;
    }
  }
  if (read > eom) return -Errno.EMSGSIZE;
  return read - at;
}

/** setsection: makes `section` current (ns_s_max: none) at its first record. */
function setSection(libc: LibcProcess, handle: number, section: number): void {
  const view = libc.memory.view;
  view.setInt32(handle + MSG.sect, section, true);
  if (section === SECTION_COUNT) {
    view.setInt32(handle + MSG.rrnum, -1, true);
    storePointer(libc.memory, handle + MSG.ptr, 0);
  } else {
    view.setInt32(handle + MSG.rrnum, 0, true);
    storePointer(libc.memory, handle + MSG.ptr, loadPointer(libc.memory, handle + MSG.sections + 8 * section));
  }
}

function initParse(libc: LibcProcess, msg: number, length: number, handle: number): number {
  checkWrite(libc.memory, handle, 80);
  const view = libc.memory.view;
  const eom = msg + length;
  storePointer(libc.memory, handle + MSG.msg, msg);
  storePointer(libc.memory, handle + MSG.eom, eom);
  let read = msg;
  const fields = [MSG.id, MSG.flags, MSG.counts, MSG.counts + 2, MSG.counts + 4, MSG.counts + 6];
  for (const field of fields) {
    if (read + 2 > eom) return -Errno.EMSGSIZE;
    checkRead(libc.memory, read, 2);
    view.setUint16(handle + field, view.getUint16(read, false), true);
    read += 2;
  }
  if (length > 0) checkRead(libc.memory, msg, length);
  for (let section = 0; section < SECTION_COUNT; section++) {
    const count = view.getUint16(handle + MSG.counts + 2 * section, true);
    if (count === 0) {
      storePointer(libc.memory, handle + MSG.sections + 8 * section, 0);
      continue;
    }
    const size = skipRecords(libc, read, eom, section, count);
    if (size < 0) return size;
    storePointer(libc.memory, handle + MSG.sections + 8 * section, read);
    read += size;
  }
  if (read !== eom) return -Errno.EMSGSIZE;
  setSection(libc, handle, SECTION_COUNT);
  return 0;
}

function parseRecord(libc: LibcProcess, handle: number, section: number, wanted: number, rr: number): number {
  const view = libc.memory.view;
  if (section < 0 || section >= SECTION_COUNT) return -Errno.ENODEV;
  if (section !== view.getInt32(handle + MSG.sect, true)) setSection(libc, handle, section);
  let rrnum = wanted === -1 ? view.getInt32(handle + MSG.rrnum, true) : wanted;
  const count = view.getUint16(handle + MSG.counts + 2 * section, true);
  if (rrnum < 0 || rrnum >= count) return -Errno.ENODEV;
  if (rrnum < view.getInt32(handle + MSG.rrnum, true)) setSection(libc, handle, section);
  const msg = loadPointer(libc.memory, handle + MSG.msg);
  const eom = loadPointer(libc.memory, handle + MSG.eom);
  let at = loadPointer(libc.memory, handle + MSG.ptr);
  const current = view.getInt32(handle + MSG.rrnum, true);
  if (rrnum > current) {
    const size = skipRecords(libc, at, eom, section, rrnum - current);
    if (size < 0) return size;
    at += size;
    storePointer(libc.memory, handle + MSG.ptr, at);
    view.setInt32(handle + MSG.rrnum, rrnum, true);
  }
  checkWrite(libc.memory, rr, 1048);
  const nameLength = uncompress(libc, msg, eom, at, rr + RR.name, MAX_TEXT_NAME);
  if (nameLength < 0) return nameLength;
  if (bytes(libc)[rr + RR.name] === 0x2e) bytes(libc)[rr + RR.name] = 0;
  at += nameLength;
  storePointer(libc.memory, handle + MSG.ptr, at);
  if (at + 4 > eom) return -Errno.EMSGSIZE;
  view.setUint16(rr + RR.type, view.getUint16(at, false), true);
  view.setUint16(rr + RR.rrClass, view.getUint16(at + 2, false), true);
  at += 4;
  if (section === SECTION_QUESTION) {
    view.setUint32(rr + RR.ttl, 0, true);
    view.setUint16(rr + RR.rdlength, 0, true);
    storePointer(libc.memory, rr + RR.rdata, 0);
  } else {
    storePointer(libc.memory, handle + MSG.ptr, at);
    if (at + 6 > eom) return -Errno.EMSGSIZE;
    view.setUint32(rr + RR.ttl, view.getUint32(at, false), true);
    const rdlength = view.getUint16(at + 4, false);
    view.setUint16(rr + RR.rdlength, rdlength, true);
    at += 6;
    storePointer(libc.memory, handle + MSG.ptr, at);
    if (at + rdlength > eom) return -Errno.EMSGSIZE;
    storePointer(libc.memory, rr + RR.rdata, at);
    at += rdlength;
  }
  storePointer(libc.memory, handle + MSG.ptr, at);
  rrnum = view.getInt32(handle + MSG.rrnum, true) + 1;
  view.setInt32(handle + MSG.rrnum, rrnum, true);
  if (rrnum > count) setSection(libc, handle, section + 1);
  return 0;
}

/** ns_msg_getflag's masks and shifts by ns_flag (qr, opcode, aa, tc, rd, ra, z, ad, cd, rcode). */
const FLAG_FIELDS: readonly [number, number][] = [
  [0x8000, 15],
  [0x7800, 11],
  [0x0400, 10],
  [0x0200, 9],
  [0x0100, 8],
  [0x0080, 7],
  [0x0040, 6],
  [0x0020, 5],
  [0x0010, 4],
  [0x000f, 0],
];

const parserFunctions: FunctionTable = {
  // The ns_msg comes by value: 80 bytes, passed in memory just above the return address.
  ns_msg_getflag: (f, libc) => {
    const field = FLAG_FIELDS[f.int(0)];
    if (field === undefined) return 0;
    const flags = libc.memory.read16(f.sp + 8 + MSG.flags);
    return (flags & field[0]) >>> field[1];
  },
  ns_initparse: (f, libc) => result(libc, initParse(libc, f.ptr(0), f.int(1), f.ptr(2))),
  ns_skiprr: (f, libc) => result(libc, skipRecords(libc, f.ptr(0), f.ptr(1), f.int(2), f.int(3))),
  ns_parserr: (f, libc) => result(libc, parseRecord(libc, f.ptr(0), f.int(1), f.int(2), f.ptr(3))),
};

// ---- queries ----

/** res_randomid and the query ids: 16 random bits (glibc draws them from its random_bits). */
function randomId(): number {
  return randomInt(0x10000);
}

/** __res_context_mkquery: a QUERY (or NOTIFY) message for `dname` into [buf, buf+buflen). */
export function makeQuery(
  libc: LibcProcess,
  state: number,
  op: number,
  dname: number,
  queryClass: number,
  type: number,
  data: number,
  buf: number,
  bufferLength: number,
): number {
  if (queryClass < 0 || queryClass > 65535 || type < 0 || type > 65535) return -1;
  if (buf === 0 || bufferLength < HEADER_SIZE) return -1;
  if (op !== OP_QUERY && op !== OP_NOTIFY) return -1;
  checkWrite(libc.memory, buf, HEADER_SIZE);
  const m = bytes(libc);
  const view = libc.memory.view;
  m.fill(0, buf, buf + HEADER_SIZE);
  view.setUint16(buf, randomId(), false);
  const options = Number(STATE.options(libc, state) & 0xffffffffn);
  m[buf + 2] = (op << 3) | ((options & RES_RECURSE) !== 0 ? 1 : 0);
  // "options trust-ad" asks for the AD bit (RFC 6840 5.7).
  if ((options & RES_TRUSTAD) !== 0) m[buf + 3] = 0x20;
  let length = bufferLength - HEADER_SIZE;
  length -= QUESTION_FIXED_SIZE + (op === OP_NOTIFY && data !== 0 ? RR_FIXED_SIZE : 0);
  if (length < 0) return -1;
  // res_mkquery's own dnptrs table, on the heap instead of its stack: [buf, NULL, …] of 20 slots.
  const table = libc.heap.allocate(MKQUERY_TABLE_SLOTS * 8);
  try {
    storePointer(libc.memory, table, buf);
    storePointer(libc.memory, table + 8, 0);
    const last = table + MKQUERY_TABLE_SLOTS * 8;
    let at = buf + HEADER_SIZE;
    let n = compress(libc, dname, at, length, table, last);
    if (n < 0) return -1;
    at += n;
    length -= n;
    checkWrite(libc.memory, at, 4);
    view.setUint16(at, type, false);
    view.setUint16(at + 2, queryClass, false);
    at += 4;
    view.setUint16(buf + 4, 1, false);
    if (op === OP_QUERY || data === 0) return at - buf;
    n = compress(libc, data, at, length, table, last);
    if (n < 0) return -1;
    at += n;
    checkWrite(libc.memory, at, RR_FIXED_SIZE);
    view.setUint16(at, TYPE_NULL, false);
    view.setUint16(at + 2, queryClass, false);
    view.setUint32(at + 4, 0, false);
    view.setUint16(at + 8, 0, false);
    at += RR_FIXED_SIZE;
    view.setUint16(buf + 10, 1, false);
    return at - buf;
  } finally {
    libc.heap.release(table, 'res_mkquery');
  }
}

/** context_mkquery_common: the query, and its id copied into the state. */
function makeQueryWith(libc: LibcProcess, state: number, args: number[]): number {
  const [op, dname, queryClass, type, data, buf, length] = args as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const n = makeQuery(libc, state, op, dname, queryClass, type, data, buf, length);
  if (n >= 2) libc.memory.view.setUint16(state + STATE.id, libc.memory.view.getUint16(buf, true), true);
  return n;
}

/** The global state, initialised as __resolv_context_get_preinit does (res_init on first use). */
function preinitState(libc: LibcProcess): number {
  const state = resolverStateAddress(libc);
  if ((STATE.options(libc, state) & BigInt(RES_INIT)) === 0n) initializeState(libc, state, true);
  return state;
}

/**
 * The reply `lookup` finds, in the one answer buffer it is given: its length in `answer`, or -1
 * with h_errno (./dns-query.ts). Shared by res_nquery, res_nsearch and res_nquerydomain.
 */
function* intoAnswer(
  lookup: (buffers: AnswerBuffer[]) => Generator<HostStep, number, number>,
  type: number,
  answer: number,
  size: number,
): HostGenerator {
  const buffers: AnswerBuffer[] = [{ type, address: answer, size, length: 0 }];
  const found = yield* lookup(buffers);
  return found < 0 ? -1 : buffers[0]!.length;
}

/** res_nquery (`lookup` queryName: the name as given) and res_nsearch (searchName: through the search list). */
function query(
  libc: LibcProcess,
  state: number,
  lookup: typeof queryName | typeof searchName,
  name: number,
  queryClass: number,
  type: number,
  answer: number,
  size: number,
) {
  const find = (buffers: AnswerBuffer[]) => lookup(libc, state, cString(libc.memory, name), queryClass, buffers);
  return intoAnswer(find, type, answer, size);
}

/** res_nquerydomain: `name.domain` (domain NULL: the name alone). */
function querydomain(
  libc: LibcProcess,
  state: number,
  name: number,
  domain: number,
  queryClass: number,
  type: number,
  answer: number,
  size: number,
) {
  // (the names are read when the lookup starts, inside the generator, as the guest call runs)
  const lookup = (buffers: AnswerBuffer[]) =>
    queryDomain(
      libc,
      state,
      cString(libc.memory, name),
      domain === 0 ? undefined : cString(libc.memory, domain),
      queryClass,
      buffers,
    );
  return intoAnswer(lookup, type, answer, size);
}

const queryFunctions: FunctionTable = {
  res_mkquery: (f, libc) =>
    makeQueryWith(libc, preinitState(libc), [f.int(0), f.ptr(1), f.int(2), f.int(3), f.ptr(4), f.ptr(7), f.int(8)]),
  res_nmkquery: (f, libc) =>
    makeQueryWith(libc, f.ptr(0), [f.int(1), f.ptr(2), f.int(3), f.int(4), f.ptr(5), f.ptr(8), f.int(9)]),
  res_query: (f, libc) => query(libc, preinitState(libc), queryName, f.ptr(0), f.int(1), f.int(2), f.ptr(3), f.int(4)),
  res_search: (f, libc) =>
    query(libc, preinitState(libc), searchName, f.ptr(0), f.int(1), f.int(2), f.ptr(3), f.int(4)),
  res_querydomain: (f, libc) =>
    querydomain(libc, preinitState(libc), f.ptr(0), f.ptr(1), f.int(2), f.int(3), f.ptr(4), f.int(5)),
  res_send: (f, libc) => sendQuery(libc, preinitState(libc), f.ptr(0), f.int(1), f.ptr(2), f.int(3)),
  res_nquery: (f, libc) => query(libc, f.ptr(0), queryName, f.ptr(1), f.int(2), f.int(3), f.ptr(4), f.int(5)),
  res_nsearch: (f, libc) => query(libc, f.ptr(0), searchName, f.ptr(1), f.int(2), f.int(3), f.ptr(4), f.int(5)),
  res_nquerydomain: (f, libc) =>
    querydomain(libc, f.ptr(0), f.ptr(1), f.ptr(2), f.int(3), f.int(4), f.ptr(5), f.int(6)),
  res_nsend: (f, libc) => sendQuery(libc, f.ptr(0), f.ptr(1), f.int(2), f.ptr(3), f.int(4)),
  __res_randomid: () => randomId(),
};

const stateFunctions: FunctionTable = {
  __res_state: (_f, libc) => resolverStateAddress(libc),
  res_init: (_f, libc) => initializeState(libc, resolverStateAddress(libc), true),
  res_ninit: (f, libc) => initializeState(libc, f.ptr(0), false),
  res_nclose: (f, libc) => {
    closeState(libc, f.ptr(0));
    return undefined;
  },
};

/** res_nclose: frees the IPv6 server addresses res_ninit allocated (res_send closes its sockets itself). */
function closeState(libc: LibcProcess, state: number): void {
  // Only the first nscount slots are res_ninit's (the rest may hold anything, as glibc's loop assumes).
  const count = Math.min(Math.max(libc.memory.view.getInt32(state + STATE.nscount, true), 0), 3);
  for (let i = 0; i < count; i++) {
    const slot = state + STATE.ipv6Servers + 8 * i;
    const address = loadPointer(libc.memory, slot);
    if (address !== 0) {
      libc.heap.release(address, 'res_nclose');
      storePointer(libc.memory, slot, 0);
    }
  }
  libc.memory.view.setUint16(state + STATE.nsinit, 0, true);
}

/** Old names of the same functions (glibc's __-prefixed and libresolv's compat symbols). */
function aliases(table: FunctionTable, names: Record<string, string>): FunctionTable {
  const out: Record<string, FunctionTable[string]> = {};
  for (const [alias, name] of Object.entries(names)) out[alias] = table[name]!;
  return out;
}

/** libresolv's base64 (__b64_ntop and __b64_pton; resolv.h maps b64_ntop/b64_pton to them). */
const base64Functions: FunctionTable = {
  __b64_ntop: (f, libc) => {
    const length = f.ulong(1);
    checkRead(libc.memory, f.ptr(0), length);
    const source = bytes(libc).slice(f.ptr(0), f.ptr(0) + length);
    const size = f.ulong(3);
    if (size > 0) checkWrite(libc.memory, f.ptr(2), Math.min(size, 4 * Math.ceil(length / 3) + 1));
    return encodeBase64(source, bytes(libc), f.ptr(2), size);
  },
  __b64_pton: (f, libc) => {
    const text = cStringView(libc.memory, f.ptr(0));
    const target = f.ptr(1);
    const size = f.ulong(2);
    if (target !== 0 && size > 0) checkWrite(libc.memory, target, Math.min(size, Math.ceil(text.length / 4) * 3 + 1));
    return decodeBase64(text, bytes(libc), target, size);
  },
};

const ALL: FunctionTable = {
  ...base64Functions,
  ...nameFunctions,
  ...byteOrderFunctions,
  ...parserFunctions,
  ...queryFunctions,
  ...stateFunctions,
};

export const RESOLVER_FUNCTIONS: FunctionTable = {
  ...ALL,
  ...aliases(ALL, {
    __dn_expand: 'dn_expand',
    __dn_comp: 'dn_comp',
    __dn_skipname: 'dn_skipname',
    __ns_name_unpack: 'ns_name_unpack',
    __ns_name_ntop: 'ns_name_ntop',
    __ns_name_pton: 'ns_name_pton',
    __ns_name_skip: 'ns_name_skip',
    __ns_name_uncompress: 'ns_name_uncompress',
    __ns_name_pack: 'ns_name_pack',
    __ns_name_compress: 'ns_name_compress',
    __ns_get16: 'ns_get16',
    __ns_get32: 'ns_get32',
    __putshort: 'ns_put16',
    _getshort: 'ns_get16',
    _getlong: 'ns_get32',
    __putlong: 'ns_put32',
    __res_hnok: 'res_hnok',
    __res_ownok: 'res_ownok',
    __res_mailok: 'res_mailok',
    __res_dnok: 'res_dnok',
    __res_mkquery: 'res_mkquery',
    __res_nmkquery: 'res_nmkquery',
    __res_query: 'res_query',
    __res_search: 'res_search',
    __res_querydomain: 'res_querydomain',
    __res_send: 'res_send',
    __res_nquery: 'res_nquery',
    __res_nsearch: 'res_nsearch',
    __res_nquerydomain: 'res_nquerydomain',
    __res_nsend: 'res_nsend',
    __res_init: 'res_init',
    __res_ninit: 'res_ninit',
    __res_nclose: 'res_nclose',
  }),
};

export const RESOLVER_OBJECTS: ObjectTable = {
  _res: (libc) => resolverStateAddress(libc),
};
