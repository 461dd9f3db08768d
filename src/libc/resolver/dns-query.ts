// res_nquery, res_nsearch and res_nquerydomain as glibc 2.36's resolv/res_query.c makes them over
// res_nsend (./dns-send.ts): a query built by res_mkquery, the reply's rcode and answer count
// turned into h_errno (NXDOMAIN: HOST_NOT_FOUND, SERVFAIL: TRY_AGAIN, no answer: NO_DATA, others:
// NO_RECOVERY; no reply: TRY_AGAIN), and the search list: the name as is first when it has ndots
// dots or more (or ends with a dot), then with each domain of the list (RES_DEFNAMES for names
// without a dot, RES_DNSRCH for the others), then as is when not yet tried; a name without dots
// that HOSTALIASES's file lists is asked as the name it stands for.
//
// The host lookups (nss_dns) ask for several types of one name at a time (A and AAAA for
// getaddrinfo), as glibc's two-buffer queries do: one name is answered when any of its replies
// has records, and the other replies' rcodes only count when the first's is NOERROR.
import { Errno } from '../../kernel/errno.ts';
import type { HostStep } from '../abi/host-region.ts';
import { environmentValue } from '../environment/environment.ts';
import { storeBytes } from '../runtime/guest-access.ts';
import { readGuestFile, withGuestString } from '../runtime/guest-files.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { sendQuery } from './dns-send.ts';
import {
  CLASS_IN,
  HEADER_SIZE,
  RCODE_NOERROR,
  RCODE_NXDOMAIN,
  RCODE_SERVFAIL,
  readHeader,
  sameName,
  TYPE_A,
  TYPE_AAAA,
} from './dns-wire.ts';
import { makeQuery } from './resolver-functions.ts';
import { STATE } from './resolver-state.ts';

type Steps<T> = Generator<HostStep, T, number>;

export const HOST_NOT_FOUND = 1;
export const TRY_AGAIN = 2;
export const NO_RECOVERY = 3;
export const NO_DATA = 4;
const RES_DEFNAMES = 0x80;
const RES_DNSRCH = 0x200;
const RES_NOTLDQUERY = 0x1000000;
const RES_NOALIASES = 0x1000;
const RES_NOAAAA = 0x8000000;
const MAXDNAME = 1025;
/** The query buffer glibc's __res_context_query keeps on its stack (QUERYSIZE and EDNS room). */
const QUERY_BUFFER_SIZE = 512;
const MAXDNSRCH = 6;

/** Where one reply of a query goes: a guest buffer, and the length of what came. */
export interface AnswerBuffer {
  type: number;
  address: number;
  size: number;
  length: number;
  /** Libc's own buffer (glibc's answerp, which it could grow): EDNS advertises 1200 bytes. */
  internal?: boolean;
}

const RES_USE_EDNS0 = 0x100000;
const RES_USE_DNSSEC = 0x800000;
/** RESOLV_EDNS_BUFFER_SIZE: the most glibc advertises, against fragmentation. */
const EDNS_BUFFER_SIZE = 1200;
const TYPE_OPT = 41;
const DNSSEC_OK = 0x8000;

function options(libc: LibcProcess, state: number): number {
  return Number(BigInt.asUintN(32, libc.memory.view.getBigUint64(state + STATE.optionsOffset, true)));
}

/**
 * __res_nopt: an OPT record after the query of `length` bytes at `query` advertising `size`
 * bytes (512 to 1200), with DO under RES_USE_DNSSEC; the new length, or -1 when it does not fit.
 */
function addOpt(libc: LibcProcess, state: number, query: number, length: number, size: number): number {
  if (QUERY_BUFFER_SIZE - length < 11) return -1;
  const view = libc.memory.view;
  const at = query + length;
  libc.memory.bytes[at] = 0;
  view.setUint16(at + 1, TYPE_OPT, false);
  view.setUint16(at + 3, size < 512 ? 512 : Math.min(size, EDNS_BUFFER_SIZE), false);
  view.setUint16(at + 5, 0, false);
  view.setUint16(at + 7, (options(libc, state) & RES_USE_DNSSEC) !== 0 ? DNSSEC_OK : 0, false);
  view.setUint16(at + 9, 0, false);
  view.setUint16(query + 10, view.getUint16(query + 10, false) + 1, false);
  return length + 11;
}

/** RES_SET_H_ERRNO: the state's res_h_errno and the thread's h_errno. */
export function setHostError(libc: LibcProcess, state: number, value: number): void {
  libc.memory.view.setInt32(state + STATE.hErrno, value, true);
  libc.memory.view.setInt32(libc.hErrnoAddress, value, true);
}

function hostError(libc: LibcProcess): number {
  return libc.memory.view.getInt32(libc.hErrnoAddress, true);
}

/**
 * __res_handle_no_aaaa ("options no-aaaa"): the AAAA query goes out as an A query without its
 * OPT record (a name that does not exist still gets its NXDOMAIN), and the reply comes back as
 * the AAAA question alone, without records: no data. When the reply does not have the A
 * question (no reply at all), glibc's result stays the query's length over a cleared buffer.
 */
function* sendWithoutAaaa(
  libc: LibcProcess,
  state: number,
  query: number,
  length: number,
  answer: AnswerBuffer,
  trace: SearchTrace | undefined,
): Steps<number> {
  const m = libc.memory.bytes;
  const view = libc.memory.view;
  const questionEnd = skipWireName(m, query + HEADER_SIZE, query + length);
  if (questionEnd < 0 || questionEnd + 4 > query + length) {
    return yield* sendQuery(libc, state, query, length, answer.address, answer.size, trace);
  }
  view.setUint16(questionEnd, TYPE_A, false);
  view.setUint16(query + 10, 0, false);
  m.fill(0, answer.address, answer.address + answer.size);
  const got = yield* sendQuery(libc, state, query, questionEnd + 4 - query, answer.address, answer.size, trace);
  const replyQuestionEnd = skipWireName(m, answer.address + HEADER_SIZE, answer.address + answer.size);
  const end = answer.address + answer.size;
  if (
    replyQuestionEnd >= 0 &&
    end - replyQuestionEnd >= 4 &&
    view.getUint16(replyQuestionEnd, false) === TYPE_A &&
    view.getUint16(replyQuestionEnd + 2, false) === CLASS_IN
  ) {
    view.setUint16(replyQuestionEnd, TYPE_AAAA, false);
    view.setUint16(answer.address + 6, 0, false);
    view.setUint16(answer.address + 8, 0, false);
    view.setUint16(answer.address + 10, 0, false);
    return got <= 0 ? got : replyQuestionEnd + 4 - answer.address;
  }
  return length;
}

/** ns_name_skip over wire bytes: where the name at `at` ends, or -1. */
function skipWireName(m: Uint8Array, at: number, end: number): number {
  let read = at;
  while (read < end) {
    const label = m[read]!;
    if ((label & 0xc0) === 0xc0) return read + 2 <= end ? read + 2 : -1;
    if ((label & 0xc0) !== 0) return -1;
    read += 1 + label;
    if (label === 0) return read <= end ? read : -1;
  }
  return -1;
}

/** A search's memory between its queries: the rcode of the last reply received. */
interface SearchTrace {
  lastRcode: number;
}

/**
 * __res_context_query for the name `text` and each buffer's type: 1 when some reply has records
 * (the lengths in the buffers), -1 with h_errno otherwise.
 */
export function* queryName(
  libc: LibcProcess,
  state: number,
  text: string,
  queryClass: number,
  answers: AnswerBuffer[],
  trace?: SearchTrace,
): Steps<number> {
  const encoded = Buffer.from(text, 'latin1');
  const name = libc.heap.allocate(encoded.length + 1);
  const query = libc.heap.allocate(QUERY_BUFFER_SIZE);
  try {
    storeBytes(libc.memory, name, encoded, true);
    const headers = [];
    for (const answer of answers) {
      answer.length = 0;
      let length = makeQuery(libc, state, 0, name, queryClass, answer.type, 0, query, QUERY_BUFFER_SIZE);
      if (length > 0 && (options(libc, state) & (RES_USE_EDNS0 | RES_USE_DNSSEC)) !== 0)
        length = addOpt(libc, state, query, length, answer.internal ? EDNS_BUFFER_SIZE : answer.size);
      if (length <= 0) {
        setHostError(libc, state, NO_RECOVERY);
        return -1;
      }
      const got =
        answer.type === TYPE_AAAA && queryClass === CLASS_IN && (options(libc, state) & RES_NOAAAA) !== 0
          ? yield* sendWithoutAaaa(libc, state, query, length, answer, trace)
          : yield* sendQuery(libc, state, query, length, answer.address, answer.size, trace);
      if (got < 0) {
        setHostError(libc, state, TRY_AGAIN);
        return -1;
      }
      answer.length = got;
      headers.push(readHeader(libc.memory.bytes.subarray(answer.address, answer.address + got)));
    }
    if (headers.some((h) => h.rcode === RCODE_NOERROR && h.ancount > 0)) return 1;
    const first = headers[0]!;
    const rcode = first.rcode === RCODE_NOERROR && headers.length > 1 ? headers[1]!.rcode : first.rcode;
    setHostError(
      libc,
      state,
      rcode === RCODE_NXDOMAIN
        ? HOST_NOT_FOUND
        : rcode === RCODE_SERVFAIL
          ? TRY_AGAIN
          : rcode === RCODE_NOERROR
            ? NO_DATA
            : NO_RECOVERY,
    );
    return -1;
  } finally {
    libc.heap.release(query, 'res_query');
    libc.heap.release(name, 'res_query');
  }
}

/** __res_context_querydomain: `name` or `name.domain` (a final dot of a lone name dropped). */
export function* queryDomain(
  libc: LibcProcess,
  state: number,
  name: string,
  domain: string | undefined,
  queryClass: number,
  answers: AnswerBuffer[],
  trace?: SearchTrace,
): Steps<number> {
  let full: string;
  if (domain === undefined) {
    if (name.length >= MAXDNAME) {
      setHostError(libc, state, NO_RECOVERY);
      return -1;
    }
    full = name.endsWith('.') ? name.slice(0, -1) : name;
  } else {
    if (name.length + domain.length + 1 >= MAXDNAME) {
      setHostError(libc, state, NO_RECOVERY);
      return -1;
    }
    full = `${name}.${domain}`;
  }
  return yield* queryName(libc, state, full, queryClass, answers, trace);
}

/** The state's search list (dnsrch), as res_ninit packed it. */
function searchList(libc: LibcProcess, state: number): string[] {
  const list: string[] = [];
  const view = libc.memory.view;
  for (let i = 0; i < MAXDNSRCH; i++) {
    const at = Number(view.getBigUint64(state + STATE.dnsrch + 8 * i, true));
    if (at === 0) break;
    let end = at;
    while (libc.memory.bytes[end] !== 0) end++;
    list.push(Buffer.from(libc.memory.bytes.subarray(at, end)).toString('latin1'));
  }
  return list;
}

const isSpace = (c: string | undefined) => c !== undefined && ' \t\n\v\f\r'.includes(c);

/**
 * __res_context_hostalias: the name HOSTALIASES's file gives `name` ("alias name" lines, the
 * alias compared as ns_samename does), unless "options no-aliases"; a line without a blank ends
 * the scan, as glibc's loop does.
 */
function hostAlias(libc: LibcProcess, name: string, options: number): string | undefined {
  if ((options & RES_NOALIASES) !== 0) return undefined;
  const file = environmentValue(libc, 'HOSTALIASES');
  if (file === undefined) return undefined;
  const contents = withGuestString(libc, file, (path) => readGuestFile(libc, path, 1 << 20));
  if (contents === undefined || !('bytes' in contents)) return undefined;
  const text = Buffer.from(contents.bytes).toString('latin1');
  for (const line of text.split(/(?<=\n)/)) {
    let end = 0;
    while (end < line.length && !isSpace(line[end])) end++;
    if (end === line.length) break;
    if (!sameName(line.slice(0, end), name)) continue;
    let start = end + 1;
    while (isSpace(line[start])) start++;
    if (start >= line.length) break;
    let stop = start + 1;
    while (stop < line.length && !isSpace(line[stop])) stop++;
    return line.slice(start, stop);
  }
  return undefined;
}

/** __res_context_search: 1 (the buffers hold the replies) or -1 with h_errno (and errno). */
export function* searchName(
  libc: LibcProcess,
  state: number,
  name: string,
  queryClass: number,
  answers: AnswerBuffer[],
): Steps<number> {
  libc.errno = 0;
  setHostError(libc, state, HOST_NOT_FOUND);
  const trace: SearchTrace = { lastRcode: -1 };
  const flags = options(libc, state);
  const ndots = libc.memory.view.getUint32(state + STATE.bits, true) & 15;
  const dots = [...name].filter((c) => c === '.').length;
  const trailingDot = name.endsWith('.');
  let savedHostError = -1;
  let triedAsIs = false;
  let searched = false;
  let rootOnList = false;
  // A name without dots may be a user's alias (HOSTALIASES).
  if (dots === 0) {
    const alias = hostAlias(libc, name, flags);
    if (alias !== undefined) return yield* queryName(libc, state, alias, queryClass, answers, trace);
  }
  if (dots >= ndots || trailingDot) {
    const ret = yield* queryDomain(libc, state, name, undefined, queryClass, answers, trace);
    if (ret > 0 || trailingDot) return ret;
    savedHostError = hostError(libc);
    triedAsIs = true;
  }
  let gotNoData = false;
  let gotServfail = false;
  if ((dots === 0 && (flags & RES_DEFNAMES) !== 0) || (dots > 0 && !trailingDot && (flags & RES_DNSRCH) !== 0)) {
    searched = true;
    for (const domain of searchList(libc, state)) {
      if (domain === '' || domain === '.') rootOnList = true;
      if (rootOnList && triedAsIs) continue;
      const ret = yield* queryDomain(libc, state, name, domain, queryClass, answers, trace);
      if (ret > 0) return ret;
      // No server at all: stop at once.
      if (libc.errno === Errno.ECONNREFUSED) {
        setHostError(libc, state, TRY_AGAIN);
        return -1;
      }
      let done = false;
      switch (hostError(libc)) {
        case NO_DATA:
          gotNoData = true;
          break;
        case HOST_NOT_FOUND:
          break;
        case TRY_AGAIN:
          if (trace.lastRcode === RCODE_SERVFAIL) {
            gotServfail = true;
            break;
          }
          done = true;
          break;
        default:
          done = true;
      }
      if ((flags & RES_DNSRCH) === 0) done = true;
      if (done) break;
    }
  }
  if ((dots > 0 || !searched || (flags & RES_NOTLDQUERY) === 0) && !(triedAsIs || rootOnList)) {
    const ret = yield* queryDomain(libc, state, name, undefined, queryClass, answers, trace);
    if (ret > 0) return ret;
  }
  if (savedHostError !== -1) setHostError(libc, state, savedHostError);
  else if (gotNoData) setHostError(libc, state, NO_DATA);
  else if (gotServfail) setHostError(libc, state, TRY_AGAIN);
  return -1;
}

/** Guest answer buffers of `size` bytes for `types`, released by `release`. */
export function answerBuffers(libc: LibcProcess, types: number[], size = 65536): AnswerBuffer[] {
  return types.map((type) => ({ type, address: libc.heap.allocate(size), size, length: 0, internal: true }));
}

export function releaseAnswers(libc: LibcProcess, answers: AnswerBuffer[]): void {
  for (const answer of answers) libc.heap.release(answer.address, 'res_search');
}

/** A reply's bytes, copied out of guest memory. */
export function replyBytes(libc: LibcProcess, answer: AnswerBuffer): Uint8Array {
  return libc.memory.bytes.slice(answer.address, answer.address + answer.length);
}
