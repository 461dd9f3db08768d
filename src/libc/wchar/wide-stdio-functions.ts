// Wide-character stream functions on Miros's FILEs: the stream becomes wide-oriented (_mode > 0,
// as glibc's fwide(fp, 1)); characters are converted with the calling thread's locale and go
// through the stream's byte buffer (glibc keeps a separate wide buffer and converts on flush: the
// bytes written and read are the same). A byte-oriented stream refuses them with WEOF, as glibc.
import type { FunctionTable } from '../exports/binding-types.ts';
import { currentLocale } from '../locale/locale-state.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { FILE_FLAGS, FILE_MODE, FileFlag } from '../stdio/file-layout.ts';
import { currentStream } from '../stdio/stdio-functions.ts';
import { runStreamIo, type StreamIo } from '../stdio/stream-io.ts';
import { EOF } from '../stdio/streams.ts';
import { type Decoded, decodeCharacter, encodeCharacter, ILLEGAL, INCOMPLETE } from './multibyte.ts';
import { wideLength } from './wide-string-functions.ts';

const WEOF = 0xffffffff;
const EILSEQ = 84;

/** fwide: sets the orientation if none yet (mode ≠ 0) and returns it as a sign. */
export function fwide(libc: LibcProcess, fp: number, mode: number): number {
  const view = libc.memory.view;
  const current = view.getInt32(fp + FILE_MODE, true);
  if (current !== 0 || mode === 0) return Math.sign(current);
  const wanted = mode > 0 ? 1 : -1;
  view.setInt32(fp + FILE_MODE, wanted, true);
  return wanted;
}

export function markError(libc: LibcProcess, fp: number): void {
  const view = libc.memory.view;
  view.setInt32(fp + FILE_FLAGS, view.getInt32(fp + FILE_FLAGS, true) | FileFlag.ERR_SEEN, true);
}

const encoded = new Uint8Array(8);
const decoded: Decoded = { length: 0, character: 0 };
const input = new Uint8Array(8);

/**
 * The bytes a wide stream writes for `wc` into `into` (their count), or ILLEGAL: the locale's
 * encoding; glibc's C locale converts to ASCII with transliteration, what has no ASCII form is '?'.
 */
export function encodeForWideStream(utf8: boolean, wc: number, into: Uint8Array): number {
  const length = encodeCharacter(utf8, wc >>> 0, into);
  if (length === ILLEGAL && !utf8) {
    into[0] = 0x3f;
    return 1;
  }
  return length;
}

function* fputwc(libc: LibcProcess, wc: number, fp: number): StreamIo {
  if (fwide(libc, fp, 1) < 0) return WEOF;
  const length = encodeForWideStream(currentLocale(libc).utf8, wc, encoded);
  if (length === ILLEGAL) {
    libc.errno = EILSEQ;
    markError(libc, fp);
    return WEOF;
  }
  // A copy: the write may wait while another thread encodes into the shared buffer.
  const bytes = encoded.slice(0, length);
  for (const byte of bytes) if ((yield* libc.streams.putc(fp, byte)) === EOF) return WEOF;
  return wc >>> 0;
}

function* fgetwc(libc: LibcProcess, fp: number): StreamIo {
  if (fwide(libc, fp, 1) < 0) return WEOF;
  const state = { count: 0, value: 0 };
  const utf8 = currentLocale(libc).utf8;
  const taken: number[] = [];
  for (;;) {
    const byte = yield* libc.streams.wideByte(fp);
    if (byte === EOF) {
      if (state.count !== 0) {
        libc.errno = EILSEQ;
        markError(libc, fp);
      }
      return WEOF;
    }
    input[0] = byte;
    taken.push(byte);
    decodeCharacter(utf8, input, 0, 1, state, decoded);
    if (decoded.length === INCOMPLETE) continue;
    if (decoded.length === ILLEGAL) {
      // glibc leaves the bytes it cannot convert in the stream: every later read fails on them again.
      for (let i = taken.length - 1; i >= 0; i--) libc.streams.ungetc(fp, taken[i]!);
      libc.errno = EILSEQ;
      markError(libc, fp);
      return WEOF;
    }
    return decoded.character;
  }
}

/** ungetwc: the character's bytes go back in reverse order, so the next read decodes it again. */
function ungetwc(libc: LibcProcess, wc: number, fp: number): number {
  if (wc >>> 0 === WEOF || fwide(libc, fp, 1) < 0) return WEOF;
  const length = encodeCharacter(currentLocale(libc).utf8, wc >>> 0, encoded);
  if (length === ILLEGAL) return WEOF;
  for (let i = length - 1; i >= 0; i--) if (libc.streams.ungetc(fp, encoded[i]!) === EOF) return WEOF;
  return wc >>> 0;
}

function* fputws(libc: LibcProcess, ws: number, fp: number): StreamIo {
  const length = wideLength(libc.memory, ws);
  for (let i = 0; i < length; i++) {
    if ((yield* fputwc(libc, libc.memory.view.getUint32(ws + 4 * i, true), fp)) === WEOF) return -1;
  }
  return 1;
}

/** fgetws: up to n-1 characters, through the newline; NULL at once-EOF or on an error. */
function* fgetws(libc: LibcProcess, ws: number, n: number, fp: number): StreamIo {
  if (n <= 0) return 0;
  let count = 0;
  while (count < n - 1) {
    const wc = yield* fgetwc(libc, fp);
    if (wc === WEOF) {
      if (count === 0 || (libc.memory.view.getInt32(fp + FILE_FLAGS, true) & FileFlag.ERR_SEEN) !== 0) return 0;
      break;
    }
    libc.memory.view.setUint32(ws + 4 * count++, wc, true);
    if (wc === 0x0a) break;
  }
  libc.memory.view.setUint32(ws + 4 * count, 0, true);
  return ws;
}

const stdoutOf = (libc: LibcProcess): number => currentStream(libc, 'stdout', libc.streams.stdout);
const stdinOf = (libc: LibcProcess): number => currentStream(libc, 'stdin', libc.streams.stdin);

/** fputwc/putwc/putwchar on `fp` under its lock when they must wait (runStreamIo). */
const putWide = (libc: LibcProcess, wc: number, fp: number) => runStreamIo(libc, fp, fputwc(libc, wc, fp));
const getWide = (libc: LibcProcess, fp: number) => runStreamIo(libc, fp, fgetwc(libc, fp));

export const WIDE_STDIO_FUNCTIONS: FunctionTable = {
  fwide: (f, libc) => fwide(libc, f.ptr(0), f.int(1)),
  fputwc: (f, libc) => putWide(libc, f.uint(0), f.ptr(1)),
  putwc: (f, libc) => putWide(libc, f.uint(0), f.ptr(1)),
  fputwc_unlocked: (f, libc) => putWide(libc, f.uint(0), f.ptr(1)),
  putwc_unlocked: (f, libc) => putWide(libc, f.uint(0), f.ptr(1)),
  putwchar: (f, libc) => putWide(libc, f.uint(0), stdoutOf(libc)),
  putwchar_unlocked: (f, libc) => putWide(libc, f.uint(0), stdoutOf(libc)),
  fgetwc: (f, libc) => getWide(libc, f.ptr(0)),
  getwc: (f, libc) => getWide(libc, f.ptr(0)),
  fgetwc_unlocked: (f, libc) => getWide(libc, f.ptr(0)),
  getwc_unlocked: (f, libc) => getWide(libc, f.ptr(0)),
  getwchar: (_f, libc) => getWide(libc, stdinOf(libc)),
  getwchar_unlocked: (_f, libc) => getWide(libc, stdinOf(libc)),
  ungetwc: (f, libc) => ungetwc(libc, f.uint(0), f.ptr(1)),
  fputws: (f, libc) => runStreamIo(libc, f.ptr(1), fputws(libc, f.ptr(0), f.ptr(1))),
  fputws_unlocked: (f, libc) => runStreamIo(libc, f.ptr(1), fputws(libc, f.ptr(0), f.ptr(1))),
  fgetws: (f, libc) => runStreamIo(libc, f.ptr(2), fgetws(libc, f.ptr(0), f.int(1), f.ptr(2))),
  fgetws_unlocked: (f, libc) => runStreamIo(libc, f.ptr(2), fgetws(libc, f.ptr(0), f.int(1), f.ptr(2))),
};
