// What the printf and scanf engines need from the rest of Miros, as interfaces: where variadic
// arguments come from, how guest memory is read and written, the locale and the errno/rounding
// state. The same engine then serves printf (register save area + stack), vprintf (a va_list in
// guest memory), the _chk variants and the tests (plain arrays).

import type { Float80 } from '../../math/float80.ts';

/**
 * The variadic arguments of one printf call, in System V classes: every integer, pointer,
 * char and wint_t argument takes one INTEGER slot, doubles take an SSE slot, long doubles always
 * come from memory (16 bytes, 16-aligned). The engine narrows a slot to int/short/char itself.
 */
export interface VarArgs {
  /** Reads the next INTEGER-class argument; its 64 bits are stored in words[0] (low) and words[1] (high). */
  nextInteger(words: Uint32Array): void;
  /** Reads the next double argument. */
  nextDouble(): number;
  /** Reads the next long double argument. */
  nextLongDouble(): Float80;
  /**
   * Goes back to the first argument. glibc re-reads all arguments from the start of the
   * va_list (its va_copy) when it meets a positional argument (%2$d) or an unknown conversion.
   */
  rewind(): void;
}

/** Character classes of the current locale that the engines need. */
export interface FormatLocale {
  /** LC_NUMERIC decimal point ("." in C and C.UTF-8). */
  decimalPoint: Uint8Array;
  /**
   * Converts one wide character to its multibyte form (wcrtomb) into out[0..]; returns the byte
   * count, or -1 when the character has no encoding in this locale (EILSEQ).
   */
  encodeWide(codePoint: number, out: Uint8Array): number;
  /**
   * Decodes one multibyte character from bytes[start..end) (mbrtowc): returns the byte length
   * consumed and stores the character in decoded[0]; -1 invalid (EILSEQ), -2 incomplete.
   */
  decodeMultibyte(bytes: Uint8Array, start: number, end: number, decoded: Uint32Array): number;
  /** MB_CUR_MAX. */
  maxBytesPerChar: number;
}

/** Guest memory and process state as the engines see it. */
export interface FormatEnvironment {
  locale: FormatLocale;
  /**
   * The bytes of the NUL-terminated string at `address` (without the NUL), reading at most
   * `limit` bytes (`limit` < 0: no limit). Faults as the guest access would.
   */
  readString(address: number, limit: number): Uint8Array;
  /** The wchar_t (32-bit) characters at `address` up to the NUL, at most `limit` of them (< 0: no limit). */
  readWideString(address: number, limit: number): Uint32Array;
  /** Stores an integer of `size` bytes (1, 2, 4 or 8; 8 sign-extends) at `address` (%n, scanf results). */
  storeInteger(address: number, size: number, value: number): void;
  /** Current errno (for %m). */
  errno(): number;
  setErrno(value: number): void;
  /** strerror text for %m, or null when glibc would print the number. */
  errorText(errno: number): Uint8Array | null;
  /** The errno name for %#m (e.g. "ENOENT"), or null when glibc prints the number. */
  errorName(errno: number): Uint8Array | null;
  /** x87/SSE rounding mode: 0 to nearest, 1 downward, 2 upward, 3 toward zero (the RC encoding). */
  roundingMode(): number;
}

/** Rounding modes as the x87 control word and MXCSR encode them. */
export const enum RoundingMode {
  ToNearest = 0,
  Downward = 1,
  Upward = 2,
  TowardZero = 3,
}

/** Where printf output goes (a FILE buffer, a string, a file descriptor). */
export interface ByteSink {
  /**
   * Writes bytes[start..end). A sink that cannot write (I/O error, full fixed buffer that must
   * fail) throws FormatOutputError; printf then returns -1 as glibc does.
   */
  write(bytes: Uint8Array, start: number, end: number): void;
}

/**
 * A format string or output in code units: bytes for the narrow family, wchar_t (UTF-32) for the
 * wide one (swprintf…). Every directive character is ASCII, so one engine parses both.
 */
export type FormatUnits = Uint8Array | Uint32Array;

/** Where wide printf output goes: wchar_t units (the engine may hand over byte arrays of ASCII). */
export interface UnitSink {
  write(units: FormatUnits, start: number, end: number): void;
}

/** Thrown by a sink that cannot take more output. */
export class FormatOutputError extends Error {}

/**
 * glibc's fortify checks abort the process ("*** %n in writable segment detected ***").
 * The engine throws this; the libc caller turns it into __libc_fatal's message and abort.
 */
export class FormatFatalError extends Error {}

/** errno values the engines set (Linux x86-64). */
export const enum FormatErrno {
  EINVAL = 22,
  ERANGE = 34,
  EOVERFLOW = 75,
  EILSEQ = 84,
  ENOMEM = 12,
}
