// parse_printf_format (<printf.h>), as glibc 2.36's stdio-common/printf-prs.c over its
// printf-parse.h: the types of the arguments a format needs, and how many it needs. Each
// conversion is parsed as printf parses it — an optional "n$" position, the flags " +-#0'I", a
// width (digits, "*" or "*m$"), a precision (".", ".digits", ".*" or ".*m$"), the length
// modifiers hh h l ll L q z Z t j, the conversion — and its argument's type stored at its index
// when that is below n: PA_INT for "*" widths and precisions, the data argument's type after the
// modifiers as glibc types them on x86-64 (long and long long are one size there, so "ll", "z"
// and "j" are PA_FLAG_LONG and "q"/"L" leave an integer plain PA_INT). Conversions glibc does not
// know (and "%%", "%m") take no argument. The result is the larger of the arguments consumed in
// order and the highest position named.
import type { FunctionTable } from '../exports/binding-types.ts';
import { checkWrite, cStringLength } from '../runtime/guest-access.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';

const PA_INT = 0;
const PA_CHAR = 1;
const PA_WCHAR = 2;
const PA_STRING = 3;
const PA_WSTRING = 4;
const PA_POINTER = 5;
const PA_DOUBLE = 7;
const PA_FLAG_LONG_LONG = 1 << 8;
const PA_FLAG_LONG = 1 << 9;
const PA_FLAG_SHORT = 1 << 10;
const PA_FLAG_PTR = 1 << 11;
const PA_FLAG_LONG_DOUBLE = PA_FLAG_LONG_LONG;
const INT_MAX = 0x7fffffff;

const PERCENT = 0x25;
const DOLLAR = 0x24;
const STAR = 0x2a;
const DOT = 0x2e;

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** One conversion: where its arguments are, and the data argument's type. */
interface Conversion {
  widthArgument: number;
  precisionArgument: number;
  dataArgument: number;
  dataType: number;
  /** 0 or 1: how many data arguments the conversion takes. */
  dataCount: number;
  /** Where the text after the conversion starts. */
  end: number;
}

class FormatParser {
  /** Highest position named by an "n$". */
  maxPosition = 0;

  constructor(private readonly bytes: Uint8Array) {}

  /** read_int: a decimal number at `at`, -1 when it exceeds INT_MAX; returns [value, end]. */
  readInt(at: number): [number, number] {
    const bytes = this.bytes;
    let value = 0;
    while (isDigit(bytes[at]!)) {
      // Past INT_MAX the value stays above it (-1 below); the digits are still consumed.
      if (value <= INT_MAX) value = value * 10 + (bytes[at]! - 0x30);
      at++;
    }
    return [value > INT_MAX ? -1 : value, at];
  }

  /** "*" or "*m$" at `at` (just after the star): the argument index and the end, or consumes `next`. */
  starArgument(at: number, next: { position: number; count: number }): [number, number] {
    if (isDigit(this.bytes[at]!)) {
      const [n, end] = this.readInt(at);
      if (n !== 0 && this.bytes[end] === DOLLAR) {
        if (n !== -1) {
          this.maxPosition = Math.max(this.maxPosition, n);
          return [n - 1, end + 1];
        }
        // An overflowing position: glibc skips the '$' and takes the next argument in order.
        const index = next.position++;
        next.count++;
        return [index, at];
      }
    }
    const index = next.position++;
    next.count++;
    return [index, at];
  }

  /** __parse_one_specmb at the '%' at `at`; `next` is the next argument in order and the count consumed. */
  parseOne(at: number, next: { position: number; count: number }): Conversion {
    const bytes = this.bytes;
    let i = at + 1;
    let dataArgument = -1;
    if (isDigit(bytes[i]!)) {
      const [n, end] = this.readInt(i);
      if (n !== 0 && bytes[end] === DOLLAR) {
        i = end + 1;
        if (n !== -1) {
          dataArgument = n - 1;
          this.maxPosition = Math.max(this.maxPosition, n);
        }
      }
    }
    // Flags.
    while (
      bytes[i] === 0x20 ||
      bytes[i] === 0x2b ||
      bytes[i] === 0x2d ||
      bytes[i] === 0x23 ||
      bytes[i] === 0x30 ||
      bytes[i] === 0x27 ||
      bytes[i] === 0x49
    )
      i++;
    let widthArgument = -1;
    if (bytes[i] === STAR) [widthArgument, i] = this.starArgument(i + 1, next);
    else if (isDigit(bytes[i]!)) i = this.readInt(i)[1];
    let precisionArgument = -1;
    if (bytes[i] === DOT) {
      i++;
      if (bytes[i] === STAR) [precisionArgument, i] = this.starArgument(i + 1, next);
      else if (isDigit(bytes[i]!)) i = this.readInt(i)[1];
    }
    let isShort = false;
    let isChar = false;
    let isLong = false;
    let isLongDouble = false;
    switch (bytes[i]) {
      case 0x68: // h, hh
        i++;
        if (bytes[i] === 0x68) {
          i++;
          isChar = true;
        } else isShort = true;
        break;
      case 0x6c: // l, ll
        i++;
        isLong = true;
        if (bytes[i] === 0x6c) {
          i++;
          isLongDouble = true;
        }
        break;
      case 0x4c: // L
      case 0x71: // q
        i++;
        isLongDouble = true;
        break;
      case 0x7a: // z
      case 0x5a: // Z
      case 0x74: // t
      case 0x6a: // j
        i++;
        isLong = true;
        break;
    }
    const conversion = bytes[i]!;
    let dataType = 0;
    let dataCount = 1;
    switch (String.fromCharCode(conversion)) {
      case 'i':
      case 'd':
      case 'u':
      case 'o':
      case 'X':
      case 'x':
        dataType = isLong ? PA_INT | PA_FLAG_LONG : isShort ? PA_INT | PA_FLAG_SHORT : isChar ? PA_CHAR : PA_INT;
        break;
      case 'e':
      case 'E':
      case 'f':
      case 'F':
      case 'g':
      case 'G':
      case 'a':
      case 'A':
        dataType = isLongDouble ? PA_DOUBLE | PA_FLAG_LONG_DOUBLE : PA_DOUBLE;
        break;
      case 'c':
        dataType = PA_CHAR;
        break;
      case 'C':
        dataType = PA_WCHAR;
        break;
      case 's':
        dataType = PA_STRING;
        break;
      case 'S':
        dataType = PA_WSTRING;
        break;
      case 'p':
        dataType = PA_POINTER;
        break;
      case 'n':
        dataType = PA_INT | PA_FLAG_PTR;
        break;
      default:
        dataCount = 0;
    }
    if (dataArgument === -1 && dataCount > 0) {
      dataArgument = next.position;
      next.count += dataCount;
    }
    // A format ending inside the conversion: the next search starts at its NUL.
    const end = conversion === 0 ? i : i + 1;
    return { widthArgument, precisionArgument, dataArgument, dataType, dataCount, end };
  }
}

function parsePrintfFormat(libc: LibcProcess, format: number, n: number, types: number): number {
  const memory = libc.memory;
  const length = cStringLength(memory, format);
  const bytes = memory.bytes.subarray(format, format + length + 1);
  const parser = new FormatParser(bytes);
  const store = (index: number, type: number): void => {
    if (index < 0 || index >= n) return;
    checkWrite(memory, types + 4 * index, 4);
    memory.view.setInt32(types + 4 * index, type, true);
  };
  let count = 0;
  let at = bytes.indexOf(PERCENT);
  while (at !== -1 && at < length) {
    const next = { position: count, count: 0 };
    const conversion = parser.parseOne(at, next);
    count += next.count;
    store(conversion.widthArgument, PA_INT);
    store(conversion.precisionArgument, PA_INT);
    if (conversion.dataCount === 1) store(conversion.dataArgument, conversion.dataType);
    at = bytes.indexOf(PERCENT, conversion.end);
  }
  return Math.max(count, parser.maxPosition);
}

export const PARSE_PRINTF_FORMAT_FUNCTIONS: FunctionTable = {
  parse_printf_format: (f, libc) => parsePrintfFormat(libc, f.ptr(0), f.ulong(1), f.ptr(2)),
};
