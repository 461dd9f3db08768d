// iconv between the character sets Miros knows without glibc's gconv modules: UTF-8, ASCII
// (ANSI_X3.4-1968), ISO-8859-1, WCHAR_T (UCS-4 in host order), UCS-4/UTF-32 big- and little-endian,
// and UTF-32 with a byte-order mark (glibc writes it and the characters in host order, little-endian;
// on input the mark is honoured, big-endian without one).
// Other names, and names with //TRANSLIT or //IGNORE suffixes, fail in iconv_open with EINVAL.
// Errors as glibc: EILSEQ at an invalid or unrepresentable character, EINVAL at an incomplete one
// ending the input, E2BIG when the output is full; the pointers and counts say how far it got.
import type { FunctionTable } from '../exports/binding-types.ts';
import { localeState } from '../locale/locale-state.ts';
import { checkRead, checkWrite, cString, loadPointer, storePointer } from '../runtime/guest-access.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { ProcessState } from '../runtime/process-states.ts';
import { type Decoded, decodeCharacter, encodeCharacter, ILLEGAL, INCOMPLETE } from '../wchar/multibyte.ts';

const EINVAL = 22;
const EILSEQ = 84;
const E2BIG = 7;
const EBADF = 9;

type Charset = 'utf8' | 'ascii' | 'latin1' | 'ucs4le' | 'ucs4be' | 'utf32';

const NAMES: Readonly<Record<string, Charset>> = {
  'UTF-8': 'utf8',
  UTF8: 'utf8',
  ASCII: 'ascii',
  'US-ASCII': 'ascii',
  'ANSI_X3.4-1968': 'ascii',
  'ISO646-US': 'ascii',
  'ISO-8859-1': 'latin1',
  'ISO8859-1': 'latin1',
  'ISO_8859-1': 'latin1',
  LATIN1: 'latin1',
  WCHAR_T: 'ucs4le',
  'UCS-4LE': 'ucs4le',
  'UTF-32LE': 'ucs4le',
  'UCS-4': 'ucs4be',
  'UCS-4BE': 'ucs4be',
  'UTF-32BE': 'ucs4be',
  'UTF-32': 'utf32',
};

interface Converter {
  from: Charset;
  to: Charset;
  /** UTF-32 input: big-endian until a byte-order mark says otherwise. */
  inputLittle: boolean;
  inputStarted: boolean;
  /** UTF-32 output: the byte-order mark is still to be written. */
  markPending: boolean;
}

const converters = new ProcessState<Map<number, Converter>>(
  'iconv/iconv-functions converters',
  // Each descriptor's shift state is copied; the character sets are shared tables.
  (map) => new Map([...map].map(([handle, converter]) => [handle, { ...converter }])),
  () => new Map(),
);

function charsetOf(libc: LibcProcess, name: string): Charset | undefined {
  // "" is the locale's character set (glibc: nl_langinfo(CODESET)).
  if (name === '') return localeState(libc).current.utf8 ? 'utf8' : 'ascii';
  const upper = name.toUpperCase();
  const cut = upper.indexOf('//');
  if (cut >= 0 && cut + 2 !== upper.length) return undefined;
  return NAMES[cut >= 0 ? upper.slice(0, cut) : upper];
}

function iconvOpen(libc: LibcProcess, toName: number, fromName: number): number {
  const to = charsetOf(libc, cString(libc.memory, toName));
  const from = charsetOf(libc, cString(libc.memory, fromName));
  if (to === undefined || from === undefined) {
    libc.errno = EINVAL;
    return -1;
  }
  const handle = libc.heap.allocate(16);
  if (handle === 0) {
    libc.errno = 12;
    return -1;
  }
  converters.of(libc).set(handle, { from, to, inputLittle: false, inputStarted: false, markPending: to === 'utf32' });
  return handle;
}

const decoded: Decoded = { length: 0, character: 0 };

/** Decodes one character at bytes[at, at+n): sets `decoded` (length ILLEGAL / INCOMPLETE on failure). */
function decode(c: Converter, bytes: Uint8Array, at: number, n: number): void {
  switch (c.from) {
    case 'utf8': {
      decodeCharacter(true, bytes, at, Math.min(n, 6), { count: 0, value: 0 }, decoded);
      if (decoded.length > 0 && decoded.character > 0x10ffff) decoded.length = ILLEGAL;
      return;
    }
    case 'ascii':
    case 'latin1':
      decoded.character = bytes[at]!;
      decoded.length = c.from === 'ascii' && decoded.character > 0x7f ? ILLEGAL : 1;
      return;
    default: {
      if (n < 4) {
        decoded.length = INCOMPLETE;
        return;
      }
      const little = c.from === 'ucs4le' || (c.from === 'utf32' && c.inputLittle);
      const b0 = bytes[at]!;
      const b1 = bytes[at + 1]!;
      const b2 = bytes[at + 2]!;
      const b3 = bytes[at + 3]!;
      const value = little
        ? b3 * 0x1000000 + ((b2 << 16) | (b1 << 8) | b0)
        : b0 * 0x1000000 + ((b1 << 16) | (b2 << 8) | b3);
      decoded.character = value;
      const limit = c.from === 'utf32' ? 0x10ffff : 0x7fffffff;
      decoded.length = value > limit || (value >= 0xd800 && value <= 0xdfff) ? ILLEGAL : 4;
    }
  }
}

const output = new Uint8Array(8);

/** Encodes a character into `output`: the byte count, or ILLEGAL when the set cannot represent it. */
function encode(c: Converter, character: number): number {
  switch (c.to) {
    case 'utf8':
      return encodeCharacter(true, character, output);
    case 'ascii':
      if (character > 0x7f) return ILLEGAL;
      output[0] = character;
      return 1;
    case 'latin1':
      if (character > 0xff) return ILLEGAL;
      output[0] = character;
      return 1;
    default: {
      if (c.to === 'utf32' && character > 0x10ffff) return ILLEGAL;
      const little = c.to === 'ucs4le' || c.to === 'utf32';
      for (let i = 0; i < 4; i++) output[little ? i : 3 - i] = Math.floor(character / 2 ** (8 * i)) & 0xff;
      return 4;
    }
  }
}

function iconv(
  libc: LibcProcess,
  handle: number,
  inbuf: number,
  inleft: number,
  outbuf: number,
  outleft: number,
): number {
  const c = converters.of(libc).get(handle);
  if (!c) {
    libc.errno = EBADF;
    return -1;
  }
  const memory = libc.memory;
  if (inbuf === 0 || loadPointer(memory, inbuf) === 0) {
    // Back to the initial state (stateless sets: nothing to write).
    c.inputStarted = false;
    c.inputLittle = false;
    return 0;
  }
  let inAt = loadPointer(memory, inbuf);
  let inRemaining = loadPointer(memory, inleft);
  let outAt = loadPointer(memory, outbuf);
  let outRemaining = loadPointer(memory, outleft);
  const save = (): void => {
    storePointer(memory, inbuf, inAt);
    storePointer(memory, inleft, inRemaining);
    storePointer(memory, outbuf, outAt);
    storePointer(memory, outleft, outRemaining);
  };
  const fail = (errno: number): number => {
    save();
    libc.errno = errno;
    return -1;
  };
  if (c.markPending && inRemaining > 0) {
    if (outRemaining < 4) return fail(E2BIG);
    checkWrite(memory, outAt, 4);
    memory.bytes.set([0xff, 0xfe, 0, 0], outAt);
    outAt += 4;
    outRemaining -= 4;
    c.markPending = false;
  }
  while (inRemaining > 0) {
    const span = Math.min(inRemaining, 8);
    checkRead(memory, inAt, span);
    if (c.from === 'utf32' && !c.inputStarted && span >= 4) {
      c.inputStarted = true;
      const b = memory.bytes;
      const bigMark = b[inAt] === 0 && b[inAt + 1] === 0 && b[inAt + 2] === 0xfe && b[inAt + 3] === 0xff;
      const littleMark = b[inAt] === 0xff && b[inAt + 1] === 0xfe && b[inAt + 2] === 0 && b[inAt + 3] === 0;
      if (bigMark || littleMark) {
        c.inputLittle = littleMark;
        inAt += 4;
        inRemaining -= 4;
        continue;
      }
    }
    decode(c, memory.bytes, inAt, span);
    if (decoded.length === ILLEGAL) return fail(EILSEQ);
    if (decoded.length === INCOMPLETE) return fail(EINVAL);
    const length = encode(c, decoded.character);
    if (length === ILLEGAL) return fail(EILSEQ);
    if (length > outRemaining) return fail(E2BIG);
    checkWrite(memory, outAt, length);
    memory.bytes.set(output.subarray(0, length), outAt);
    outAt += length;
    outRemaining -= length;
    inAt += decoded.length;
    inRemaining -= decoded.length;
  }
  save();
  return 0;
}

export const ICONV_FUNCTIONS: FunctionTable = {
  iconv_open: (f, libc) => iconvOpen(libc, f.ptr(0), f.ptr(1)),
  iconv: (f, libc) => iconv(libc, f.ptr(0), f.ptr(1), f.ptr(2), f.ptr(3), f.ptr(4)),
  iconv_close: (f, libc) => {
    const map = converters.of(libc);
    if (!map.delete(f.ptr(0))) {
      libc.errno = EBADF;
      return -1;
    }
    libc.heap.release(f.ptr(0), 'iconv_close');
    return 0;
  },
};
