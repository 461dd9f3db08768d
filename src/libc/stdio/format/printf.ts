// The printf engine: glibc 2.36's vfprintf over abstract arguments, memory and output.
//
// Like glibc, a format is first handled by the fast path, which reads arguments as it goes. A
// positional argument (%2$d, *3$) or an unknown conversion hands the rest of the format to the
// positional machinery, which parses every conversion, works out each argument's type, re-reads
// all arguments from the start and then prints the conversions not yet printed.

import type { Float80 } from '../../math/float80.ts';
import { ConversionSpec } from './conversion-spec.ts';
import { formatDecimalFloat } from './float-conversion.ts';
import { FloatValue } from './float-value.ts';
import {
  type ByteSink,
  type FormatEnvironment,
  FormatErrno,
  FormatFatalError,
  FormatOutputError,
  type FormatUnits,
  type UnitSink,
  type VarArgs,
} from './format-io.ts';
import { FormatOutput, OutputCountOverflow } from './format-output.ts';
import { formatHexFloat } from './hex-float-conversion.ts';
import { formatUnsigned64 } from './integer-digits.ts';
import {
  ArgClass,
  findSpec,
  ParseResult,
  PositionalScan,
  parseFastSpec,
  parsePositionalSpec,
  positionalArgClass,
} from './printf-parse.ts';

export interface PrintfOptions {
  /** The _chk variants (_FORTIFY_SOURCE=2): %n must be in a read-only format, no holes in n$ arguments. */
  fortify?: boolean;
  /** With fortify: whether the format string lies in read-only memory. */
  formatIsReadOnly?: () => boolean;
}

const NULL_TEXT = new Uint8Array([0x28, 0x6e, 0x75, 0x6c, 0x6c, 0x29]); // (null)
const NIL_TEXT = new Uint8Array([0x28, 0x6e, 0x69, 0x6c, 0x29]); // (nil)
const TWO_32 = 4294967296;
const WEOF = 0xffffffff;
/** glibc's wide printf converts a narrow %s in pieces of this many wide characters (outstring_converted_narrow_string). */
const NARROW_STRING_PIECE = 64;

/** Stops processing with printf's return value -1 and the given errno. */
class PrintfFailure extends Error {
  constructor(readonly errno: number) {
    super('printf failed');
  }
}

/** Where the current conversion's argument values come from. */
interface ArgumentFetch {
  /** The data argument as a 64-bit word into words[0..1]. */
  integer(spec: ConversionSpec, words: Uint32Array): void;
  double(spec: ConversionSpec): number;
  longDouble(spec: ConversionSpec): Float80;
}

export class PrintfEngine {
  private readonly out: FormatOutput;
  private readonly spec = new ConversionSpec();
  private readonly words = new Uint32Array(2);
  private readonly floatValue = new FloatValue();
  private readonly digitBuffer = new Uint8Array(72);
  private readonly wideBytes = new Uint8Array(8);
  private format: FormatUnits = new Uint8Array(0);
  private args!: VarArgs;
  private env!: FormatEnvironment;
  private options: PrintfOptions = {};
  private savedErrno = 0;
  busy = false;

  /**
   * `wide`: vfwprintf (glibc compiles the same vfprintf with wchar_t units): the format and the
   * output are wchar_t, widths, precisions and %n count wide characters, %s converts a multibyte
   * string, %ls copies and %c goes through btowc.
   */
  constructor(readonly wide = false) {
    this.out = new FormatOutput(wide);
  }

  /** Sequential argument reading for the fast path. */
  private readonly sequential: ArgumentFetch = {
    integer: (_spec, words) => this.args.nextInteger(words),
    double: () => this.args.nextDouble(),
    longDouble: () => this.args.nextLongDouble(),
  };

  /**
   * Formats `format` (NUL-terminated bytes from `start`) to `sink`. Returns the number of bytes
   * written, or -1 with errno set through `env` (EOVERFLOW, EINVAL, EILSEQ, or an output error).
   */
  run(
    format: FormatUnits,
    start: number,
    args: VarArgs,
    env: FormatEnvironment,
    sink: ByteSink | UnitSink,
    options: PrintfOptions = {},
  ): number {
    this.busy = true;
    this.format = format;
    this.args = args;
    this.env = env;
    this.options = options;
    this.savedErrno = env.errno();
    const out = this.out;
    out.reset(sink);
    try {
      this.process(start);
      out.flush();
      return out.count;
    } catch (error) {
      if (error instanceof PrintfFailure) {
        this.flushQuietly();
        if (error.errno !== 0) env.setErrno(error.errno);
        return -1;
      }
      if (error instanceof OutputCountOverflow) {
        this.flushQuietly();
        env.setErrno(FormatErrno.EOVERFLOW);
        return -1;
      }
      if (error instanceof FormatOutputError) return -1;
      throw error;
    } finally {
      this.busy = false;
    }
  }

  private flushQuietly(): void {
    try {
      this.out.flush();
    } catch (error) {
      if (!(error instanceof FormatOutputError)) throw error;
    }
  }

  private process(start: number): void {
    const format = this.format;
    const out = this.out;
    const spec = this.spec;
    let f = findSpec(format, start);
    out.bytes(format, start, f);
    const lead = f;
    let specsDone = 0;
    const nextInt = (): number => {
      this.args.nextInteger(this.words);
      return this.words[0] | 0;
    };
    while (format[f] === 0x25) {
      const result = parseFastSpec(format, f, spec, nextInt);
      if (result === ParseResult.Positional) {
        this.processPositional(lead, specsDone);
        return;
      }
      if (result === ParseResult.Overflow) throw new PrintfFailure(FormatErrno.EOVERFLOW);
      if (result === ParseResult.Truncated) throw new PrintfFailure(FormatErrno.EINVAL);
      this.convert(spec, this.sequential);
      specsDone++;
      f = spec.nextSpec;
      out.bytes(format, spec.endOfSpec, f);
    }
  }

  // ---- positional arguments -------------------------------------------------------------

  private processPositional(lead: number, specsDone: number): void {
    const format = this.format;
    const specs: ConversionSpec[] = [];
    const scan = new PositionalScan();
    let argCount = 0;
    for (let f = lead; format[f] !== 0 && format[f] !== undefined; ) {
      const spec = new ConversionSpec();
      argCount += parsePositionalSpec(format, f, argCount, spec, scan);
      specs.push(spec);
      f = spec.nextSpec;
    }
    argCount = Math.max(argCount, scan.maxReferenced);
    // Each argument's type is set by the last conversion that refers to it.
    const classes = new Uint8Array(argCount).fill(this.options.fortify ? 0xff : ArgClass.Unused);
    for (const spec of specs) {
      if (spec.widthArg !== -1) classes[spec.widthArg] = ArgClass.Integer;
      if (spec.precisionArg !== -1) classes[spec.precisionArg] = ArgClass.Integer;
      if (spec.dataArgCount > 0) classes[spec.dataArg] = positionalArgClass(spec);
    }
    // Read every argument in order. Values are kept as the bytes of glibc's union printf_arg
    // (three 32-bit words), so a conversion reading an argument as another type sees what
    // glibc's would.
    const values = new Uint32Array(argCount * 3);
    this.args.rewind();
    const words = this.words;
    for (let i = 0; i < argCount; i++) {
      switch (classes[i]) {
        case ArgClass.Double: {
          storeDoubleBits(this.args.nextDouble(), values, i * 3);
          break;
        }
        case ArgClass.LongDouble: {
          const value = this.args.nextLongDouble();
          values[i * 3] = value.low;
          values[i * 3 + 1] = value.high;
          values[i * 3 + 2] = value.signExponent;
          break;
        }
        case 0xff:
          throw new FormatFatalError('*** invalid %N$ use detected ***');
        default: {
          // Integer class, and arguments no conversion names (read as int, as glibc does).
          this.args.nextInteger(words);
          values[i * 3] = words[0];
          values[i * 3 + 1] = classes[i] === ArgClass.Unused ? 0 : words[1];
          break;
        }
      }
    }
    const fetch: ArgumentFetch = {
      integer: (spec, out) => {
        out[0] = values[spec.dataArg * 3];
        out[1] = values[spec.dataArg * 3 + 1];
      },
      double: (spec) => loadDoubleBits(values, spec.dataArg * 3),
      longDouble: (spec) => ({
        low: values[spec.dataArg * 3],
        high: values[spec.dataArg * 3 + 1],
        signExponent: values[spec.dataArg * 3 + 2] & 0xffff,
      }),
    };
    const out = this.out;
    for (let n = specsDone; n < specs.length; n++) {
      const spec = specs[n];
      if (spec.widthArg !== -1) {
        let width = values[spec.widthArg * 3] | 0;
        if (width < 0) {
          width = -width | 0;
          spec.left = true; // the pad character stays as parsed, as in glibc
        }
        spec.width = width;
      }
      if (spec.precisionArg !== -1) {
        const precision = values[spec.precisionArg * 3] | 0;
        spec.precision = precision < 0 ? -1 : precision;
      }
      if (positionalArgClass(spec) === ArgClass.Unused && !isKnownNoArgConversion(spec.conversion)) {
        this.printUnknown(spec);
      } else {
        this.convert(spec, fetch);
      }
      out.bytes(format, spec.endOfSpec, spec.nextSpec);
    }
  }

  /** printf_unknown: prints the conversion back in a canonical form. */
  private printUnknown(spec: ConversionSpec): void {
    const out = this.out;
    out.byte(0x25);
    if (spec.alt) out.byte(0x23);
    if (spec.group) out.byte(0x27);
    if (spec.showsign) out.byte(0x2b);
    else if (spec.space) out.byte(0x20);
    if (spec.left) out.byte(0x2d);
    if (spec.pad === 0x30) out.byte(0x30);
    if (spec.i18n) out.byte(0x49);
    if (spec.width !== 0) this.putAscii(String(spec.width));
    if (spec.precision !== -1) {
      out.byte(0x2e);
      this.putAscii(String(spec.precision));
    }
    if (spec.conversion !== 0) out.byte(spec.conversion);
  }

  private putAscii(text: string): void {
    for (let i = 0; i < text.length; i++) this.out.byte(text.charCodeAt(i));
  }

  // ---- conversions -----------------------------------------------------------------------

  private convert(spec: ConversionSpec, fetch: ArgumentFetch): void {
    const words = this.words;
    const out = this.out;
    switch (spec.conversion) {
      case 0x25: // %
        out.byte(0x25);
        return;
      case 0x64: // d i
      case 0x69: {
        fetch.integer(spec, words);
        let low = words[0];
        let high = words[1];
        if (spec.isLongDouble || spec.isLong) {
          // 64-bit
        } else if (spec.isChar) {
          low = ((low << 24) >> 24) >>> 0;
          high = low >= 0x80000000 ? 0xffffffff : 0;
        } else if (!spec.isShort) {
          high = low >= 0x80000000 ? 0xffffffff : 0;
        } else {
          low = ((low << 16) >> 16) >>> 0;
          high = low >= 0x80000000 ? 0xffffffff : 0;
        }
        const negative = high >= 0x80000000;
        if (negative) {
          low = (~low + 1) >>> 0;
          high = (~high + (low === 0 ? 1 : 0)) >>> 0;
        }
        this.printNumber(spec, high, low, 10, negative, spec.showsign, spec.space, spec.alt, spec.conversion);
        return;
      }
      case 0x75: // u o x X b B
      case 0x6f:
      case 0x78:
      case 0x58:
      case 0x62:
      case 0x42: {
        fetch.integer(spec, words);
        let low = words[0];
        let high = words[1];
        if (spec.isLongDouble || spec.isLong) {
          // 64-bit
        } else if (spec.isChar) {
          low &= 0xff;
          high = 0;
        } else if (!spec.isShort) {
          high = 0;
        } else {
          low &= 0xffff;
          high = 0;
        }
        const c = spec.conversion;
        const base = c === 0x75 ? 10 : c === 0x6f ? 8 : c === 0x62 || c === 0x42 ? 2 : 16;
        this.printNumber(spec, high, low, base, false, false, false, spec.alt, c);
        return;
      }
      case 0x70: {
        // p: a non-null pointer prints as %#lx (keeping '+' and ' '); null as "(nil)".
        fetch.integer(spec, words);
        if (words[0] !== 0 || words[1] !== 0) {
          this.printNumber(spec, words[1], words[0], 16, false, spec.showsign, spec.space, true, 0x78);
        } else {
          this.printString(spec, NIL_TEXT, NIL_TEXT.length, -1); // glibc raises the precision to 5
        }
        return;
      }
      case 0x6e: {
        // n
        if (this.options.fortify && !(this.options.formatIsReadOnly?.() ?? false)) {
          throw new FormatFatalError('*** %n in writable segment detected ***');
        }
        fetch.integer(spec, words);
        const address = words[1] * TWO_32 + words[0];
        const size = spec.isLongDouble || spec.isLong ? 8 : spec.isChar ? 1 : !spec.isShort ? 4 : 2;
        this.env.storeInteger(address, size, out.count);
        return;
      }
      case 0x6d: {
        // m: strerror(errno) as it was when printf started; %#m prints the errno name.
        const errno = this.savedErrno;
        const text = spec.alt ? this.env.errorName(errno) : this.env.errorText(errno);
        if (text === null) {
          const negative = errno < 0;
          const magnitude = Math.abs(errno);
          this.printNumber(spec, 0, magnitude >>> 0, 10, negative, spec.showsign, spec.space, spec.alt, 0x64);
        } else {
          this.printString(spec, text, text.length, spec.precision);
        }
        return;
      }
      case 0x63: // c
        if (spec.isLong) {
          this.printWideCharacter(spec, fetch);
          return;
        }
        fetch.integer(spec, words);
        if (this.wide) {
          this.printWideUnit(spec, this.narrowToWide(words[0] & 0xff));
          return;
        }
        spec.width--;
        if (!spec.left) out.pad(0x20, spec.width);
        out.byte(words[0] & 0xff);
        if (spec.left) out.pad(0x20, spec.width);
        return;
      case 0x43: // C
        this.printWideCharacter(spec, fetch);
        return;
      case 0x73: // s S
      case 0x53: {
        fetch.integer(spec, words);
        const address = words[1] * TWO_32 + words[0];
        if (address === 0) {
          const fits = spec.precision === -1 || spec.precision >= 6;
          this.printString(spec, NULL_TEXT, fits ? 6 : 0, -1);
        } else if (this.wide) {
          if (!spec.isLong && spec.conversion !== 0x53) this.printNarrowStringWide(spec, address);
          else {
            const text = this.env.readWideString(address, spec.precision);
            this.printString(spec, text, text.length, -1);
          }
        } else if (!spec.isLong && spec.conversion !== 0x53) {
          const text = this.env.readString(address, spec.precision);
          this.printString(spec, text, text.length, -1);
        } else {
          this.printWideString(spec, address);
        }
        return;
      }
      case 0x65: // e E f F g G
      case 0x45:
      case 0x66:
      case 0x46:
      case 0x67:
      case 0x47:
      case 0x61: // a A
      case 0x41: {
        const value = this.floatValue;
        if (spec.isLongDouble) value.setLongDouble(fetch.longDouble(spec));
        else value.setDouble(fetch.double(spec));
        const mode = this.env.roundingMode();
        const point = this.env.locale.decimalPoint;
        if ((spec.conversion | 0x20) === 0x61) formatHexFloat(out, spec, value, mode, point);
        else formatDecimalFloat(out, spec, value, mode, point);
        return;
      }
      default:
        // Only reachable from the positional path for conversions without arguments.
        this.printUnknown(spec);
    }
  }

  /** glibc's integer printing (LABEL (number) in vfprintf-process-arg.c). */
  private printNumber(
    spec: ConversionSpec,
    high: number,
    low: number,
    base: number,
    negative: boolean,
    showsign: boolean,
    space: boolean,
    alt: boolean,
    letter: number,
  ): void {
    const out = this.out;
    const buffer = this.digitBuffer;
    const end = buffer.length;
    let precision = spec.precision;
    let pad = spec.pad;
    let width = spec.width;
    const left = spec.left;
    if (precision < 0) precision = 1;
    else pad = 0x20; // a precision cancels the '0' flag
    const isZero = high === 0 && low === 0;
    let start: number;
    if (precision === 0 && isZero) {
      start = end;
      if (base === 8 && alt) buffer[--start] = 0x30;
    } else {
      start = formatUnsigned64(high, low, base, letter === 0x58, buffer, end);
    }
    if (precision <= end - start && !isZero && alt && base === 8) buffer[--start] = 0x30;
    precision = Math.max(0, precision - (end - start));
    const prefix = !isZero && alt && (base === 16 || base === 2);
    if (!left) {
      width -= end - start + precision;
      if (prefix) width -= 2;
      if (negative || showsign || space) width--;
      if (pad === 0x20) {
        out.pad(0x20, width);
        width = 0;
      }
      if (negative) out.byte(0x2d);
      else if (showsign) out.byte(0x2b);
      else if (space) out.byte(0x20);
      if (prefix) {
        out.byte(0x30);
        out.byte(letter);
      }
      width += precision;
      out.pad(0x30, width);
      out.bytes(buffer, start, end);
    } else {
      if (negative) {
        out.byte(0x2d);
        width--;
      } else if (showsign) {
        out.byte(0x2b);
        width--;
      } else if (space) {
        out.byte(0x20);
        width--;
      }
      if (prefix) {
        out.byte(0x30);
        out.byte(letter);
        width -= 2;
      }
      width -= end - start + precision;
      out.pad(0x30, precision);
      out.bytes(buffer, start, end);
      out.pad(0x20, width);
    }
  }

  /** btowc: the byte as a one-byte multibyte character of the locale, or WEOF. */
  private narrowToWide(byte: number): number {
    this.wideBytes[0] = byte;
    const decoded = this.words;
    return this.env.locale.decodeMultibyte(this.wideBytes, 0, 1, decoded) === 1 ? decoded[0]! : WEOF;
  }

  /**
   * One wide character padded to the width (vfwprintf's outchar): a WEOF unit is stored, then
   * printing stops with -1 and errno untouched, because _IO_putwc's WEOF result reads as a failure.
   */
  private printWideUnit(spec: ConversionSpec, unit: number): void {
    const out = this.out;
    const width = spec.width - 1;
    if (!spec.left) out.pad(0x20, width);
    out.byte(unit >>> 0);
    if (unit >>> 0 === WEOF) throw new PrintfFailure(0);
    if (spec.left) out.pad(0x20, width);
  }

  /**
   * outstring_converted_narrow_string: the multibyte string converted (mbsnrtowcs) in pieces of
   * 64 wide characters; the precision limits wide characters. A right-aligned field is measured
   * by a first conversion, which prints nothing when it fails; a piece that fails is not printed.
   */
  private printNarrowStringWide(spec: ConversionSpec, address: number): void {
    const env = this.env;
    const out = this.out;
    const bytes = env.readString(address, -1);
    const limit = spec.precision < 0 ? Number.POSITIVE_INFINITY : spec.precision;
    const characters: number[] = [];
    const decoded = this.words;
    let failedAt = -1;
    for (let at = 0; at < bytes.length && characters.length < limit; ) {
      const n = env.locale.decodeMultibyte(bytes, at, bytes.length, decoded);
      if (n <= 0) {
        // An invalid or (before the NUL) incomplete sequence: EILSEQ.
        failedAt = characters.length;
        break;
      }
      characters.push(decoded[0]!);
      at += n;
    }
    const width = spec.width;
    if (width > 0 && !spec.left) {
      if (failedAt >= 0) throw new PrintfFailure(FormatErrno.EILSEQ);
      out.pad(0x20, width - characters.length);
    }
    const printed = failedAt >= 0 ? failedAt - (failedAt % NARROW_STRING_PIECE) : characters.length;
    out.bytes(Uint32Array.from(characters.slice(0, printed)), 0, printed);
    if (failedAt >= 0) throw new PrintfFailure(FormatErrno.EILSEQ);
    if (width > 0 && spec.left) out.pad(0x20, width - characters.length);
  }

  /** LABEL (print_string): `length` bytes of `text` padded to the width with spaces. */
  private printString(spec: ConversionSpec, text: FormatUnits, length: number, precision: number): void {
    if (precision >= 0 && precision < length) length = precision;
    const out = this.out;
    const width = spec.width - length;
    if (width < 0) {
      out.bytes(text, 0, length);
      return;
    }
    if (!spec.left) out.pad(0x20, width);
    out.bytes(text, 0, length);
    if (spec.left) out.pad(0x20, width);
  }

  private printWideCharacter(spec: ConversionSpec, fetch: ArgumentFetch): void {
    const words = this.words;
    fetch.integer(spec, words);
    if (this.wide) {
      this.printWideUnit(spec, words[0]);
      return;
    }
    const length = this.env.locale.encodeWide(words[0] | 0, this.wideBytes);
    if (length < 0) throw new PrintfFailure(FormatErrno.EILSEQ);
    const width = spec.width - length;
    if (!spec.left) this.out.pad(0x20, width);
    this.out.bytes(this.wideBytes, 0, length);
    if (spec.left) this.out.pad(0x20, width);
  }

  /**
   * outstring_converted_wide_string: the wide string converted to multibyte; a precision limits
   * the output bytes and a character that would pass it is not printed.
   */
  private printWideString(spec: ConversionSpec, address: number): void {
    const out = this.out;
    const locale = this.env.locale;
    const precision = spec.precision;
    // At most `precision` characters can fit in `precision` bytes.
    const characters = this.env.readWideString(address, precision);
    const encoded: number[] = [];
    let total = 0;
    let failed = false;
    const bytes = this.wideBytes;
    for (let i = 0; i < characters.length; i++) {
      const n = locale.encodeWide(characters[i] | 0, bytes);
      if (n < 0) {
        failed = true;
        break;
      }
      if (precision >= 0 && total + n > precision) break;
      for (let k = 0; k < n; k++) encoded.push(bytes[k]);
      total += n;
    }
    // glibc measures the whole string first for right alignment; a conversion error then
    // leaves it unpadded.
    if (spec.width > 0 && !spec.left && !(failed && precision < 0) && total < spec.width) {
      out.pad(0x20, spec.width - total);
    }
    out.bytes(Uint8Array.from(encoded), 0, encoded.length);
    if (failed) throw new PrintfFailure(FormatErrno.EILSEQ);
    if (spec.width > 0 && spec.left && total < spec.width) out.pad(0x20, spec.width - total);
  }
}

function isKnownNoArgConversion(conversion: number): boolean {
  return conversion === 0x25 || conversion === 0x6d; // % m
}

const doubleBits = new DataView(new ArrayBuffer(8));

function storeDoubleBits(value: number, words: Uint32Array, index: number): void {
  doubleBits.setFloat64(0, value, true);
  words[index] = doubleBits.getUint32(0, true);
  words[index + 1] = doubleBits.getUint32(4, true);
}

function loadDoubleBits(words: Uint32Array, index: number): number {
  doubleBits.setUint32(0, words[index], true);
  doubleBits.setUint32(4, words[index + 1], true);
  return doubleBits.getFloat64(0, true);
}

const sharedEngine = new PrintfEngine();
const sharedWideEngine = new PrintfEngine(true);

/**
 * printf's core: formats `format` (NUL-terminated, starting at `start`) with `args` to `sink`.
 * Returns the byte count or -1 (errno set through env), as vfprintf does.
 */
export function formatPrintf(
  format: Uint8Array,
  start: number,
  args: VarArgs,
  env: FormatEnvironment,
  sink: ByteSink,
  options?: PrintfOptions,
): number {
  const engine = sharedEngine.busy ? new PrintfEngine() : sharedEngine;
  return engine.run(format, start, args, env, sink, options);
}

/**
 * vfwprintf's core: formats the wchar_t `format` (NUL-terminated) to `sink` in wide characters.
 * Returns the wide-character count or -1 (errno set through env when glibc sets it).
 */
export function formatWidePrintf(
  format: Uint32Array,
  start: number,
  args: VarArgs,
  env: FormatEnvironment,
  sink: UnitSink,
  options?: PrintfOptions,
): number {
  const engine = sharedWideEngine.busy ? new PrintfEngine(true) : sharedWideEngine;
  return engine.run(format, start, args, env, sink, options);
}
