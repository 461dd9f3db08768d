// DNS domain names in their three forms, as glibc 2.36's resolver converts between them:
//   presentation  "www.example.com." — text, with \. and \DDD escapes;
//   wire          3www7example3com0 — length-prefixed labels (at most 63 bytes), at most 255 bytes;
//   compressed    wire labels ending in a pointer (two bytes 0b11xxxxxx xxxxxxxx: an offset from
//                 the start of the message where the name goes on).
// Every function works on one byte array and offsets into it (guest memory and guest addresses
// when called from libc), and returns its result (>= 0) or a negative errno (-EMSGSIZE…), which
// the bindings (./resolver-functions.ts) turn into -1 and errno as glibc sets them.
import { Errno } from '../../kernel/errno.ts';

/** NS_MAXCDNAME: the longest name in wire form, with its root label. */
export const MAX_WIRE_NAME = 255;
/** NS_CMPRSFLGS: the top two bits that mark a compression pointer (0b01 and 0b10 are reserved). */
const POINTER_BITS = 0xc0;
/** Pointers only reach the first 16 KiB of a message. */
const POINTER_RANGE = 0x4000;

const FAIL_SIZE = -Errno.EMSGSIZE;

/**
 * ns_name_unpack: copies the possibly compressed name at `src` of the message [msg, eom) into
 * `dst` in wire form (at most `dstSize` bytes). Returns how many bytes the name takes at `src`
 * (up to and including its first pointer). Pointers must land inside the message; a walk that has
 * looked at as many bytes as the message holds is a loop.
 */
export function unpackName(m: Uint8Array, msg: number, eom: number, src: number, dst: number, dstSize: number): number {
  if (src < msg || src >= eom) return FAIL_SIZE;
  const dstEnd = dst + dstSize;
  let read = src;
  let write = dst;
  let consumed = -1;
  let checked = 0;
  for (;;) {
    const n = m[read++]!;
    if (n === 0) break;
    const kind = n & POINTER_BITS;
    if (kind === 0) {
      // n + 1 with >= leaves room for the final root byte.
      if (n + 1 >= dstEnd - write || n >= eom - read) return FAIL_SIZE;
      checked += n + 1;
      m[write++] = n;
      m.copyWithin(write, read, read + n);
      write += n;
      read += n;
    } else if (kind === POINTER_BITS) {
      if (read >= eom) return FAIL_SIZE;
      if (consumed < 0) consumed = read - src + 1;
      const target = ((n & 0x3f) << 8) | m[read]!;
      if (target >= eom - msg) return FAIL_SIZE;
      read = msg + target;
      checked += 2;
      if (checked >= eom - msg) return FAIL_SIZE;
    } else {
      return FAIL_SIZE;
    }
  }
  // glibc stores the root byte without a further check: the label checks kept one byte free,
  // except for a bare root name into a zero-sized buffer (which glibc writes anyway).
  m[write] = 0;
  return consumed < 0 ? read - src : consumed;
}

/** Characters ns_name_ntop escapes with a backslash (zone-file specials). */
function isSpecial(c: number): boolean {
  // " . ; \ ( ) @ $
  return c === 0x22 || c === 0x2e || c === 0x3b || c === 0x5c || c === 0x28 || c === 0x29 || c === 0x40 || c === 0x24;
}

/**
 * ns_name_ntop: the wire name at `src` as text into `dst` (`dstSize` bytes with the NUL); the
 * root is ".", other names have no final dot. Returns the bytes written with the NUL.
 */
export function nameToText(m: Uint8Array, src: number, dst: number, dstSize: number): number {
  const end = dst + dstSize;
  let read = src;
  let write = dst;
  for (;;) {
    let length = m[read++]!;
    if (length === 0) break;
    if (length >= 64) return FAIL_SIZE;
    if (write !== dst) {
      if (write >= end) return FAIL_SIZE;
      m[write++] = 0x2e;
    }
    for (; length > 0; length--) {
      const c = m[read++]!;
      if (isSpecial(c)) {
        if (end - write < 2) return FAIL_SIZE;
        m[write++] = 0x5c;
        m[write++] = c;
      } else if (c <= 0x20 || c >= 0x7f) {
        if (end - write < 4) return FAIL_SIZE;
        m[write++] = 0x5c;
        m[write++] = 0x30 + Math.floor(c / 100);
        m[write++] = 0x30 + (Math.floor(c / 10) % 10);
        m[write++] = 0x30 + (c % 10);
      } else {
        // glibc asks for two bytes here too (the character and room for what follows).
        if (end - write < 2) return FAIL_SIZE;
        m[write++] = c;
      }
    }
  }
  if (write === dst) {
    if (write >= end) return FAIL_SIZE;
    m[write++] = 0x2e;
  }
  if (write >= end) return FAIL_SIZE;
  m[write++] = 0;
  return write - dst;
}

/**
 * ns_name_pton: the text name `text` (its bytes, no NUL) into wire form at `dst` (`dstSize`
 * bytes). Returns 1 when the text ended with a dot (fully qualified), else 0.
 */
export function textToName(text: Uint8Array, m: Uint8Array, dst: number, dstSize: number): number {
  const end = dst + dstSize;
  let label = dst;
  let write = dst + 1;
  let escaped = false;
  let i = 0;
  const next = (): number => (i < text.length ? text[i++]! : 0);
  for (;;) {
    let c = next();
    if (c === 0) break;
    if (escaped) {
      if (c >= 0x30 && c <= 0x39) {
        let value = (c - 0x30) * 100;
        c = next();
        if (c < 0x30 || c > 0x39) return FAIL_SIZE;
        value += (c - 0x30) * 10;
        c = next();
        if (c < 0x30 || c > 0x39) return FAIL_SIZE;
        value += c - 0x30;
        if (value > 255) return FAIL_SIZE;
        c = value;
      }
      escaped = false;
    } else if (c === 0x5c) {
      escaped = true;
      continue;
    } else if (c === 0x2e) {
      const length = write - label - 1;
      if ((length & POINTER_BITS) !== 0) return FAIL_SIZE;
      if (label >= end) return FAIL_SIZE;
      m[label] = length;
      const following = i < text.length ? text[i]! : 0;
      if (following === 0) {
        if (length !== 0) {
          if (write >= end) return FAIL_SIZE;
          m[write++] = 0;
        }
        return write - dst > MAX_WIRE_NAME ? FAIL_SIZE : 1;
      }
      if (length === 0 || following === 0x2e) return FAIL_SIZE;
      label = write++;
      continue;
    }
    if (write >= end) return FAIL_SIZE;
    m[write++] = c;
  }
  if (escaped) return FAIL_SIZE;
  const length = write - label - 1;
  if ((length & POINTER_BITS) !== 0) return FAIL_SIZE;
  if (label >= end) return FAIL_SIZE;
  m[label] = length;
  if (length !== 0) {
    if (write >= end) return FAIL_SIZE;
    m[write++] = 0;
  }
  return write - dst > MAX_WIRE_NAME ? FAIL_SIZE : 0;
}

/**
 * ns_name_skip: the offset just past the possibly compressed name at `at` (a pointer ends it),
 * never reading at or past `eom`.
 */
export function skipName(m: Uint8Array, at: number, eom: number): number {
  let read = at;
  while (read < eom) {
    const n = m[read++]!;
    if (n === 0) return read;
    const kind = n & POINTER_BITS;
    if (kind === 0) {
      if (eom - read < n) return FAIL_SIZE;
      read += n;
    } else if (kind === POINTER_BITS) {
      if (read === eom) return FAIL_SIZE;
      return read + 1;
    } else {
      return FAIL_SIZE;
    }
  }
  return FAIL_SIZE;
}

/** ASCII lower case, as the DNS compares names (no locale). */
function lower(c: number): number {
  return c >= 0x41 && c <= 0x5a ? c + 0x20 : c;
}

/**
 * dn_find: the message offset of an earlier name (the `table` entries, each the address of a name
 * in the message) equal to the wire name at `name` or to one of its suffixes, else -ENOENT.
 */
function findEarlier(m: Uint8Array, name: number, msg: number, table: readonly number[]): number {
  for (const start of table) {
    let suffix = start;
    while (m[suffix] !== 0 && (m[suffix]! & POINTER_BITS) === 0 && suffix - msg < POINTER_RANGE) {
      let a = name;
      let b = suffix;
      let matched = false;
      for (;;) {
        const n = m[b++]!;
        if (n === 0) break;
        const kind = n & POINTER_BITS;
        if (kind === POINTER_BITS) {
          b = msg + (((n & 0x3f) << 8) | m[b]!);
          continue;
        }
        if (kind !== 0) return FAIL_SIZE;
        if (n !== m[a++]) break;
        let same = true;
        for (let k = 0; k < n; k++) {
          if (lower(m[a++]!) !== lower(m[b++]!)) {
            same = false;
            break;
          }
        }
        if (!same) break;
        if (m[a] === 0 && m[b] === 0) {
          matched = true;
          break;
        }
        if (m[a] === 0) break;
      }
      if (matched) return suffix - msg;
      suffix += m[suffix]! + 1;
    }
  }
  return -Errno.ENOENT;
}

/**
 * The dnptrs compression table of ns_name_pack/dn_comp: an array of pointers in guest memory,
 * dnptrs[0] the message start, then the names written so far, ended by NULL; `limit` (lastdnptr)
 * is the address just past the array, or 0 when the table must not grow.
 */
export interface CompressionTable {
  /** The message start (dnptrs[0]); 0 when there is no table or it holds NULL. */
  message: number;
  /** The recorded names (dnptrs[1…] before the NULL). */
  names: number[];
  /** How many more names the array holds (lastdnptr - 1 - end of list), 0 when it cannot grow. */
  room: number;
}

/**
 * ns_name_pack: the wire name at `src` into `dst` (`dstSize` bytes), replacing its longest suffix
 * found in `table` by a pointer and recording the name's own position there (only its first
 * label, only below 16 KiB). Returns the bytes written and the names to append to the table
 * (none on failure: glibc's cleanup takes back the one it recorded).
 */
export function packName(
  m: Uint8Array,
  src: number,
  dst: number,
  dstSize: number,
  table: CompressionTable | undefined,
): { result: number; added: number[] } {
  const end = dst + dstSize;
  // The name must be valid wire form first: labels below 64 bytes, 255 bytes in all.
  let total = 0;
  for (let at = src; ; ) {
    const n = m[at]!;
    if ((n & POINTER_BITS) === POINTER_BITS) return { result: FAIL_SIZE, added: [] };
    if (n > 63) return { result: -Errno.EINVAL, added: [] };
    total += n + 1;
    if (total > MAX_WIRE_NAME) return { result: FAIL_SIZE, added: [] };
    at += n + 1;
    if (n === 0) break;
  }
  const message = table !== undefined && table.message !== 0 ? table.message : 0;
  const added: number[] = [];
  const fail = { result: FAIL_SIZE, added: [] };
  let read = src;
  let write = dst;
  let first = true;
  for (;;) {
    const n = m[read]!;
    if (n !== 0 && message !== 0) {
      const offset = findEarlier(m, read, message, table!.names);
      if (offset >= 0) {
        if (write + 1 >= end) return fail;
        m[write++] = (offset >> 8) | POINTER_BITS;
        m[write++] = offset & 0xff;
        return { result: write - dst, added };
      }
      if (table!.room > added.length && write - message < POINTER_RANGE && first) {
        added.push(write);
        first = false;
      }
    }
    if (n + 1 > end - write) return fail;
    m.copyWithin(write, read, read + n + 1);
    read += n + 1;
    write += n + 1;
    if (n === 0) break;
  }
  return { result: write - dst, added };
}

/** res_hnok's label test: only [0-9A-Za-z_-]. */
function isHostCharacter(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x2d || c === 0x5f;
}

/** Whether every label of the wire name at `at` of `wire` is made of host-name characters. */
function labelsAreHostLike(wire: Uint8Array, at: number): boolean {
  for (let i = at; wire[i] !== 0; ) {
    const end = i + 1 + wire[i]!;
    for (i++; i < end; i++) if (!isHostCharacter(wire[i]!)) return false;
  }
  return true;
}

/** The name's wire form for the res_*ok checks, undefined when the text is not printable ASCII or not a name. */
function checkedWire(text: Uint8Array): Uint8Array | undefined {
  for (const c of text) if (c <= 0x20 || c > 0x7e) return undefined;
  const wire = new Uint8Array(MAX_WIRE_NAME);
  return textToName(text, wire, 0, MAX_WIRE_NAME) < 0 ? undefined : wire;
}

/** res_hnok: a host name (labels of [0-9A-Za-z_-], not starting with '-'). */
export function isHostName(text: Uint8Array): boolean {
  const wire = checkedWire(text);
  return wire !== undefined && !(wire[0]! > 0 && wire[1] === 0x2d) && labelsAreHostLike(wire, 0);
}

/** res_ownok: a host name that may start with a "*" label. */
export function isOwnerName(text: Uint8Array): boolean {
  const wire = checkedWire(text);
  if (wire === undefined || (wire[0]! > 0 && wire[1] === 0x2d)) return false;
  return wire[0] === 1 && wire[1] === 0x2a ? labelsAreHostLike(wire, 2) : labelsAreHostLike(wire, 0);
}

/** res_mailok: any first label, then a host name (at least two labels, or the root). */
export function isMailName(text: Uint8Array): boolean {
  const wire = checkedWire(text);
  if (wire === undefined) return false;
  if (wire[0] === 0) return true;
  const tail = 1 + wire[0]!;
  return wire[tail] !== 0 && labelsAreHostLike(wire, tail);
}

/** res_dnok: printable ASCII that parses as a name. */
export function isDomainName(text: Uint8Array): boolean {
  return checkedWire(text) !== undefined;
}
