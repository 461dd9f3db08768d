// Parsing printf conversion specifications, in glibc's two grammars:
// - the fast path of vfprintf, which walks the format with jump tables and reads arguments as it
//   goes; it gives up (returns ParseResult.Positional) on anything positional or unknown;
// - __parse_one_specmb, used once the format is known to need positional handling: it records
//   which argument each conversion, width and precision uses.
// The grammars differ in small observable ways (e.g. 'L' sets is_long only in the fast path,
// so "%Lc" prints a wide character there), which is why both are kept.

import type { ConversionSpec } from './conversion-spec.ts';
import type { FormatUnits } from './format-io.ts';

export const enum ParseResult {
  Ok,
  /** Continue with the positional machinery from this conversion on. */
  Positional,
  /** Width or precision over INT_MAX: EOVERFLOW. */
  Overflow,
  /** The format ended inside the conversion: EINVAL. */
  Truncated,
}

const CH_PERCENT = 0x25;
const CH_DOLLAR = 0x24;
const CH_STAR = 0x2a;
const CH_DOT = 0x2e;

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** Offset of the next '%' at or after `from`, or of the terminating NUL. */
export function findSpec(format: FormatUnits, from: number): number {
  let i = from;
  for (;;) {
    const c = format[i];
    if (c === CH_PERCENT || c === 0 || c === undefined) return i;
    i++;
  }
}

/** read_int: the decimal number at `position`; -1 past INT_MAX (digits are consumed anyway). */
let readEnd = 0;
function readInt(format: FormatUnits, position: number): number {
  let value = format[position] - 0x30;
  while (isDigit(format[++position])) {
    if (value >= 0) {
      if (value > 214748364) value = -1;
      else {
        const digit = format[position] - 0x30;
        value *= 10;
        value = 2147483647 - digit < value ? -1 : value + digit;
      }
    }
  }
  readEnd = position;
  return value;
}

/** Conversions the fast path's final jump table knows (b B are glibc 2.35+). */
const FAST_CONVERSIONS = new Uint8Array(128);
for (const c of '%diouxXbBeEfFgGaAcsSpnmC') FAST_CONVERSIONS[c.charCodeAt(0)] = 1;

/** Reads an `int` argument for `*`. Provided by the engine (arguments are read as parsing goes). */
export type IntArgumentReader = () => number;

/**
 * Fast-path parse of the conversion at `start` (a '%'), reading `*` widths and precisions from
 * `readInt` as glibc does. Fills `spec` (widths resolved) and returns ParseResult.Ok.
 */
export function parseFastSpec(
  format: FormatUnits,
  start: number,
  spec: ConversionSpec,
  nextIntArgument: IntArgumentReader,
): ParseResult {
  spec.clear();
  let i = start + 1;
  // Flags.
  for (;;) {
    const c = format[i];
    if (c === 0x20) spec.space = true;
    else if (c === 0x2b) spec.showsign = true;
    else if (c === 0x2d) {
      spec.left = true;
      spec.pad = 0x20;
    } else if (c === 0x23) spec.alt = true;
    else if (c === 0x30) {
      if (!spec.left) spec.pad = 0x30;
    } else if (c === 0x27) spec.group = true;
    else if (c === 0x49) spec.i18n = true;
    else break;
    i++;
  }
  // Width.
  let c = format[i];
  if (c === CH_STAR) {
    i++;
    if (isDigit(format[i])) {
      const position = readInt(format, i);
      if (position === -1) return ParseResult.Overflow;
      if (position !== 0 && format[readEnd] === CH_DOLLAR) return ParseResult.Positional;
    }
    let width = nextIntArgument();
    if (width < 0) {
      width = -width | 0;
      spec.pad = 0x20;
      spec.left = true;
    }
    spec.width = width;
  } else if (c >= 0x31 && c <= 0x39) {
    const width = readInt(format, i);
    if (width === -1) return ParseResult.Overflow;
    i = readEnd;
    if (format[i] === CH_DOLLAR) return ParseResult.Positional;
    spec.width = width;
  }
  // Precision.
  if (format[i] === CH_DOT) {
    i++;
    if (format[i] === CH_STAR) {
      i++;
      if (isDigit(format[i])) {
        const position = readInt(format, i);
        if (position === -1) return ParseResult.Overflow;
        if (position !== 0 && format[readEnd] === CH_DOLLAR) return ParseResult.Positional;
      }
      const precision = nextIntArgument();
      spec.precision = precision < 0 ? -1 : precision;
    } else if (isDigit(format[i])) {
      const precision = readInt(format, i);
      if (precision === -1) return ParseResult.Overflow;
      i = readEnd;
      spec.precision = precision;
    } else {
      spec.precision = 0;
    }
  }
  // Length modifiers.
  c = format[i];
  if (c === 0x68) {
    // h, hh
    i++;
    if (format[i] === 0x68) {
      spec.isChar = true;
      i++;
    } else spec.isShort = true;
  } else if (c === 0x6c) {
    // l, ll
    spec.isLong = true;
    i++;
    if (format[i] === 0x6c) {
      spec.isLongDouble = true;
      i++;
    }
  } else if (c === 0x4c || c === 0x71) {
    // L, q
    spec.isLongDouble = true;
    spec.isLong = true;
    i++;
  } else if (c === 0x7a || c === 0x5a || c === 0x74 || c === 0x6a) {
    // z Z t j: size_t, ptrdiff_t and intmax_t are long on x86-64
    spec.isLong = true;
    i++;
  }
  c = format[i] ?? 0;
  spec.conversion = c;
  if (c === 0) return ParseResult.Truncated;
  if (c >= 128 || FAST_CONVERSIONS[c] === 0) return ParseResult.Positional;
  spec.endOfSpec = i + 1;
  spec.nextSpec = findSpec(format, i + 1);
  return ParseResult.Ok;
}

/** Conversions with one data argument, and its class, in the positional grammar. */
export const enum ArgClass {
  /** int, long, pointer, char, wint_t: one INTEGER slot. */
  Integer = 0,
  Double = 1,
  LongDouble = 2,
  /** Referenced by no conversion (glibc reads it as an int anyway). */
  Unused = 3,
}

/** Positional state threaded through __parse_one_specmb calls. */
export class PositionalScan {
  /** Highest argument number referenced with n$ (1-based). */
  maxReferenced = 0;
}

/**
 * __parse_one_specmb: parses the conversion at `start`, `position` arguments having been consumed
 * sequentially so far. Returns the number of sequential arguments this conversion consumes.
 */
export function parsePositionalSpec(
  format: FormatUnits,
  start: number,
  position: number,
  spec: ConversionSpec,
  scan: PositionalScan,
): number {
  spec.clear();
  let consumed = 0;
  let i = start + 1;
  if (isDigit(format[i])) {
    const n = readInt(format, i);
    if (n !== 0 && format[readEnd] === CH_DOLLAR) {
      i = readEnd + 1;
      if (n !== -1) {
        spec.dataArg = n - 1;
        scan.maxReferenced = Math.max(scan.maxReferenced, n);
      }
    }
  }
  // Flags (the loop also stops at the NUL).
  for (;;) {
    const c = format[i];
    if (c === 0x20) spec.space = true;
    else if (c === 0x2b) spec.showsign = true;
    else if (c === 0x2d) spec.left = true;
    else if (c === 0x23) spec.alt = true;
    else if (c === 0x30) spec.pad = 0x30;
    else if (c === 0x27) spec.group = true;
    else if (c === 0x49) spec.i18n = true;
    else break;
    i++;
  }
  if (spec.left) spec.pad = 0x20;
  // Width.
  if (format[i] === CH_STAR) {
    const begin = ++i;
    if (isDigit(format[i])) {
      const n = readInt(format, i);
      if (n !== 0 && format[readEnd] === CH_DOLLAR) {
        if (n !== -1) {
          spec.widthArg = n - 1;
          scan.maxReferenced = Math.max(scan.maxReferenced, n);
        }
        i = readEnd + 1;
      }
    }
    if (spec.widthArg < 0) {
      spec.widthArg = position++;
      consumed++;
      i = begin;
    }
  } else if (isDigit(format[i])) {
    const n = readInt(format, i);
    i = readEnd;
    if (n !== -1) spec.width = n;
  }
  // Precision.
  if (format[i] === CH_DOT) {
    i++;
    if (format[i] === CH_STAR) {
      const begin = ++i;
      if (isDigit(format[i])) {
        const n = readInt(format, i);
        if (n !== 0 && format[readEnd] === CH_DOLLAR) {
          if (n !== -1) {
            spec.precisionArg = n - 1;
            scan.maxReferenced = Math.max(scan.maxReferenced, n);
          }
          i = readEnd + 1;
        }
      }
      if (spec.precisionArg < 0) {
        spec.precisionArg = position++;
        consumed++;
        i = begin;
      }
    } else if (isDigit(format[i])) {
      const n = readInt(format, i);
      i = readEnd;
      if (n !== -1) spec.precision = n;
    } else {
      spec.precision = 0;
    }
  }
  // Length modifiers: here 'L', 'q' and 'll' set only is_long_double.
  const m = format[i++];
  if (m === 0x68) {
    if (format[i] !== 0x68) spec.isShort = true;
    else {
      i++;
      spec.isChar = true;
    }
  } else if (m === 0x6c) {
    spec.isLong = true;
    if (format[i] === 0x6c) {
      i++;
      spec.isLongDouble = true;
    }
  } else if (m === 0x4c || m === 0x71) {
    spec.isLongDouble = true;
  } else if (m === 0x7a || m === 0x5a || m === 0x74 || m === 0x6a) {
    spec.isLong = true;
  } else {
    i--;
  }
  const conversion = format[i++] ?? 0;
  spec.conversion = conversion;
  spec.dataArgCount = positionalArgClass(spec) === ArgClass.Unused ? 0 : 1;
  if (spec.dataArg === -1 && spec.dataArgCount > 0) {
    spec.dataArg = position;
    consumed += spec.dataArgCount;
  }
  if (conversion === 0) {
    spec.endOfSpec = spec.nextSpec = i - 1;
  } else {
    spec.endOfSpec = i;
    spec.nextSpec = findSpec(format, i);
  }
  return consumed;
}

/** The class of a conversion's data argument in the positional grammar (Unused: none). */
export function positionalArgClass(spec: ConversionSpec): ArgClass {
  switch (spec.conversion) {
    case 0x65: // e E f F g G a A
    case 0x45:
    case 0x66:
    case 0x46:
    case 0x67:
    case 0x47:
    case 0x61:
    case 0x41:
      return spec.isLongDouble ? ArgClass.LongDouble : ArgClass.Double;
    case 0x69: // i d u o x X b B c C s S p n
    case 0x64:
    case 0x75:
    case 0x6f:
    case 0x78:
    case 0x58:
    case 0x62:
    case 0x42:
    case 0x63:
    case 0x43:
    case 0x73:
    case 0x53:
    case 0x70:
    case 0x6e:
      return ArgClass.Integer;
    default:
      return ArgClass.Unused;
  }
}
