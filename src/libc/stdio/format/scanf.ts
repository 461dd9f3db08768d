// The scanf engine: glibc 2.36's __vfscanf_internal in its ISO C99 mode (what gcc-compiled
// programs call: __isoc99_scanf and friends), over an abstract input with one character of
// pushback. Numbers are collected into a buffer exactly as glibc collects them and then converted
// with the strtol/strtod cores, so the quirks carry over ("0x" reads as 0 and eats the x, "1e"
// reads as 1 and eats the e, "infinit" is a matching failure).

import { DOUBLE, EXTENDED, FloatParse, parseFloatNumber, SINGLE } from '../../stdlib/number-parsing/strtod.ts';
import { IntegerParse, isCSpace, parseInteger } from '../../stdlib/number-parsing/strtol.ts';
import type { FormatLocale, FormatUnits, VarArgs } from './format-io.ts';

/** Where scanf reads from: a FILE, a string. */
export interface ScanInput {
  /** The next byte, or -1 at end of input (or on a read error); may throw to abandon the scan. */
  read(): number;
  /** Pushes back the byte just read (never -1). */
  unread(byte: number): void;
}

export interface ScanEnvironment {
  locale: FormatLocale;
  /** Writes bytes to guest memory at `address`. */
  writeMemory(address: number, bytes: Uint8Array): void;
  /** malloc for %m; returns 0 when out of memory. */
  allocate(size: number): number;
  /** realloc for %m buffers that grow; returns 0 when out of memory. */
  reallocate(address: number, size: number): number;
  free(address: number): void;
  /** Rounding mode for strtod (RC encoding). */
  roundingMode(): number;
  /** Sets errno: EILSEQ when a character does not convert (glibc's encode_error). */
  setErrno(value: number): void;
}

/** What the wide scan (vfwscanf) needs beyond the narrow one. */
export interface WideScanEnvironment extends ScanEnvironment {
  /** iswspace in the calling thread's locale. */
  isWideSpace(c: number): boolean;
}

export const SCANF_EOF = -1;
const EILSEQ = 84;

const SUPPRESS = 1;
const LONG = 2;
const LONGDBL = 4;
const SHORT = 8;
const CHAR = 16;
const MALLOC = 32;
const SIGNED = 64;
const POINTER = 128;
const HEX_FLOAT = 256;

const TWO_32 = 4294967296;

/** Stops the scan: conv_error (matching failure) or input_error (EOF before the first conversion). */
class ScanStop {
  constructor(readonly input: boolean) {}
}

export class ScanfEngine {
  private input!: ScanInput;
  private env!: ScanEnvironment;
  private args!: VarArgs;
  private format: FormatUnits = new Uint8Array(0);
  /** Characters consumed so far (%n). */
  private readIn = 0;
  private done = 0;
  private c = -1;
  private sequentialArgs = 0;
  private readonly words = new Uint32Array(2);
  private readonly integer = new IntegerParse();
  private readonly floatParse = new FloatParse();
  private buffer: number[] = [];
  /**
   * Whether `a` before s, S or [ means "allocate" (%as, as %ms): the GNU scanf of glibc's plain
   * scanf/sscanf/fscanf symbols; the ISO C99 ones (__isoc99_*) read %a as a float conversion.
   */
  private gnuAllocation = false;
  /** %m buffers allocated so far: freed (and their pointers cleared) if the scan returns EOF. */
  private allocations: { pointerAddress: number; address: number }[] = [];

  /**
   * `wide`: vfwscanf (glibc compiles the same vfscanf with wchar_t units): the format and the
   * input are wchar_t, widths and %n count wide characters, %lc/%ls/%l[ store them as read and
   * %c/%s/%[ store their multibyte forms (wcrtomb; none: EILSEQ and the scan stops).
   */
  constructor(readonly wide = false) {}

  /** isspace for the narrow scan, iswspace for the wide one. */
  private isSpace(c: number): boolean {
    if (this.wide) return c >= 0 && (this.env as WideScanEnvironment).isWideSpace(c);
    return isCSpace(c);
  }

  run(
    format: FormatUnits,
    start: number,
    args: VarArgs,
    env: ScanEnvironment,
    input: ScanInput,
    gnuAllocation: boolean,
  ): number {
    this.gnuAllocation = gnuAllocation;
    this.format = format;
    this.args = args;
    this.env = env;
    this.input = input;
    this.readIn = 0;
    this.done = 0;
    this.c = -1;
    this.sequentialArgs = 0;
    this.allocations = [];
    try {
      this.scan(start);
    } catch (error) {
      if (!(error instanceof ScanStop)) {
        // The input gave up (a stream read that must wait: the scan runs again from the start
        // once it can go on, stdio-input-functions.ts): what this attempt allocated goes back.
        for (const a of this.allocations) env.free(a.address);
        throw error;
      }
      if (error.input && this.done === 0) this.done = SCANF_EOF;
    }
    if (this.done === SCANF_EOF) {
      for (const a of this.allocations) {
        env.free(a.address);
        this.storePointer(a.pointerAddress, 0);
      }
    }
    return this.done;
  }

  private inchar(): number {
    const c = this.input.read();
    if (c >= 0) this.readIn++;
    this.c = c;
    return c;
  }

  private ungetc(c: number): void {
    if (c >= 0) {
      this.input.unread(c);
      this.readIn--;
    }
  }

  /** The next pointer argument: sequential, or the n-th (1-based) for %n$. */
  private pointerArg(position: number): number {
    const words = this.words;
    if (position === 0) {
      this.args.nextInteger(words);
      this.sequentialArgs++;
    } else {
      this.args.rewind();
      for (let i = 0; i < position; i++) this.args.nextInteger(words);
      const high = words[1];
      const low = words[0];
      // Restore the sequential position.
      this.args.rewind();
      for (let i = 0; i < this.sequentialArgs; i++) this.args.nextInteger(words);
      words[0] = low;
      words[1] = high;
    }
    return words[1] * TWO_32 + words[0];
  }

  private storeBytes(address: number, high: number, low: number, size: number): void {
    const bytes = new Uint8Array(size);
    for (let i = 0; i < size; i++) bytes[i] = i < 4 ? (low >>> (8 * i)) & 0xff : (high >>> (8 * (i - 4))) & 0xff;
    this.env.writeMemory(address, bytes);
  }

  private storePointer(address: number, value: number): void {
    this.storeBytes(address, Math.floor(value / TWO_32), value >>> 0, 8);
  }

  private scan(start: number): void {
    const format = this.format;
    let f = start;
    let skipSpace = false;
    while (format[f] !== 0 && format[f] !== undefined) {
      const fc = format[f++];
      if (fc !== 0x25) {
        if (this.isSpace(fc)) {
          skipSpace = true;
          continue;
        }
        let c = this.inchar();
        if (c < 0) throw new ScanStop(true);
        if (skipSpace) {
          while (this.isSpace(c)) {
            c = this.inchar();
            if (c < 0) throw new ScanStop(true);
          }
          skipSpace = false;
        }
        if (c !== fc) {
          this.ungetc(c);
          throw new ScanStop(false);
        }
        continue;
      }
      // A conversion.
      let flags = 0;
      let position = 0;
      let width = 0;
      let widthRead = false;
      if (isDigit(format[f])) {
        const [n, end] = readInt(format, f);
        f = end;
        if (format[f] === 0x24) {
          f++;
          position = n;
        } else {
          width = n;
          widthRead = true;
        }
      }
      if (!widthRead) {
        while (format[f] === 0x2a || format[f] === 0x27 || format[f] === 0x49) {
          if (format[f] === 0x2a) flags |= SUPPRESS;
          f++;
        }
        if (isDigit(format[f])) {
          const [n, end] = readInt(format, f);
          f = end;
          width = n;
        }
      }
      if (width === 0) width = -1;
      const m = format[f++];
      if (m === 0x68) {
        if (format[f] === 0x68) {
          f++;
          flags |= CHAR;
        } else flags |= SHORT;
      } else if (m === 0x6c) {
        if (format[f] === 0x6c) {
          f++;
          flags |= LONGDBL | LONG;
        } else flags |= LONG;
      } else if (m === 0x71 || m === 0x4c) {
        flags |= LONGDBL | LONG;
      } else if (m === 0x6d) {
        flags |= MALLOC;
        if (format[f] === 0x6c) {
          f++;
          flags |= LONG;
        }
      } else if (m === 0x61 && this.gnuAllocation && (format[f] === 0x73 || format[f] === 0x53 || format[f] === 0x5b)) {
        flags |= MALLOC;
      } else if (m === 0x7a || m === 0x6a || m === 0x74) {
        flags |= LONG;
      } else {
        f--;
      }
      if (format[f] === 0 || format[f] === undefined) throw new ScanStop(false);
      const conversion = format[f++];
      if (skipSpace || (conversion !== 0x5b && conversion !== 0x63 && conversion !== 0x43 && conversion !== 0x6e)) {
        // Eat white space.
        let c: number;
        do c = this.inchar();
        while (this.isSpace(c));
        this.ungetc(c);
        skipSpace = false;
      }
      switch (conversion) {
        case 0x25: {
          const c = this.inchar();
          if (c < 0) throw new ScanStop(true);
          if (c !== 0x25) {
            this.ungetc(c);
            throw new ScanStop(false);
          }
          break;
        }
        case 0x6e: // n
          if (!(flags & SUPPRESS)) {
            const address = this.pointerArg(position);
            const size = flags & LONGDBL || flags & LONG ? 8 : flags & SHORT ? 2 : flags & CHAR ? 1 : 4;
            const value = this.readIn;
            this.storeBytes(address, value < 0 ? 0xffffffff : 0, value >>> 0, size);
          }
          break;
        case 0x63: // c
        case 0x43: // C
          this.scanCharacters(flags | (conversion === 0x43 ? LONG : 0), width === -1 ? 1 : width, position);
          break;
        case 0x73: // s
        case 0x53: // S
          this.scanString(flags | (conversion === 0x53 ? LONG : 0), width, position, null);
          break;
        case 0x5b: {
          // [
          if (this.wide) {
            f = this.scanWideSet(flags, width, position, f);
            break;
          }
          const set = new Uint8Array(256);
          let negate = false;
          if (format[f] === 0x5e) {
            f++;
            negate = true;
          }
          let fc = format[f];
          if (fc === 0x5d || fc === 0x2d) {
            set[fc] = 1;
            f++;
          }
          for (;;) {
            fc = format[f++];
            if (fc === 0 || fc === undefined) throw new ScanStop(false);
            if (fc === 0x5d) break;
            const nextChar = format[f];
            if (fc === 0x2d && nextChar !== 0 && nextChar !== 0x5d && format[f - 2] <= nextChar) {
              for (let ch = format[f - 2]; ch < nextChar; ch++) set[ch] = 1;
            } else {
              set[fc] = 1;
            }
          }
          if (negate) for (let i = 0; i < 256; i++) set[i] ^= 1;
          this.scanString(flags, width, position, (c) => set[c] === 1);
          break;
        }
        case 0x64: // d
          this.scanInteger(flags | SIGNED, 10, width, position);
          break;
        case 0x69: // i
          this.scanInteger(flags | SIGNED, 0, width, position);
          break;
        case 0x75: // u
          this.scanInteger(flags, 10, width, position);
          break;
        case 0x6f: // o
          this.scanInteger(flags, 8, width, position);
          break;
        case 0x78: // x X
        case 0x58:
          this.scanInteger(flags, 16, width, position);
          break;
        case 0x70: // p
          this.scanInteger((flags & ~(SHORT | LONGDBL | CHAR)) | LONG | POINTER, 16, width, position);
          break;
        case 0x65: // e E f F g G a A
        case 0x45:
        case 0x66:
        case 0x46:
        case 0x67:
        case 0x47:
        case 0x61:
        case 0x41:
          this.scanFloat(flags, width, position);
          break;
        default:
          throw new ScanStop(false);
      }
    }
    if (skipSpace) {
      let c: number;
      do c = this.inchar();
      while (this.isSpace(c));
      this.ungetc(c);
    }
  }

  /** %c: exactly `width` bytes (fewer at end of input), no terminating NUL. */
  private scanCharacters(flags: number, width: number, position: number): void {
    let c = this.inchar();
    if (c < 0) throw new ScanStop(true);
    const bytes: number[] = [];
    if (flags & LONG) {
      // %lc: multibyte characters converted to wchar_t.
      const chars: number[] = [];
      while (true) {
        const decoded = this.readMultibyte(c);
        if (decoded < 0) this.decodeError(flags, chars, position);
        chars.push(decoded);
        if (--width <= 0) break;
        c = this.inchar();
        if (c < 0) break;
      }
      if (!(flags & SUPPRESS)) {
        this.storeWide(flags, chars, position, false);
        this.done++;
      }
      return;
    }
    for (;;) {
      if (this.wide) this.pushEncoded(flags, bytes, c, position);
      else bytes.push(c);
      if (--width <= 0) break;
      c = this.inchar();
      if (c < 0) break;
    }
    if (!(flags & SUPPRESS)) {
      this.storeString(flags, Uint8Array.from(bytes), position);
      this.done++;
    }
  }

  /** %s (set null: up to white space) and %[ (bytes in `set`). */
  private scanString(flags: number, width: number, position: number, set: ((c: number) => boolean) | null): void {
    let c = this.inchar();
    if (c < 0) throw new ScanStop(true);
    if (flags & LONG) {
      const chars: number[] = [];
      do {
        if (set === null ? this.isSpace(c) : !set(c)) {
          this.ungetc(c);
          break;
        }
        const decoded = this.readMultibyte(c);
        if (decoded < 0) this.decodeError(flags, chars, position);
        chars.push(decoded);
        if (--width === 0) break;
        c = this.inchar();
      } while (c >= 0);
      if (set !== null && chars.length === 0) throw new ScanStop(false);
      if (!(flags & SUPPRESS)) {
        chars.push(0);
        this.storeWide(flags, chars, position, true);
        this.done++;
      }
      return;
    }
    const bytes: number[] = [];
    do {
      if (set === null ? this.isSpace(c) : !set(c)) {
        this.ungetc(c);
        break;
      }
      if (this.wide) this.pushEncoded(flags, bytes, c, position);
      else bytes.push(c);
      if (--width === 0) break;
      c = this.inchar();
    } while (c >= 0);
    if (set !== null && bytes.length === 0) throw new ScanStop(false);
    if (!(flags & SUPPRESS)) {
      // The wide scan ends the multibyte string with wcrtomb's L'\0' (the initial shift state)
      // and then a NUL: two zero bytes in the stateless encodings.
      if (this.wide) bytes.push(0);
      bytes.push(0);
      this.storeString(flags, Uint8Array.from(bytes), position);
      this.done++;
    }
  }

  /**
   * The wide scan's %c, %s and %[: the multibyte form of `c` appended to `bytes`. A character
   * without one is glibc's encode_error: what was converted so far stays stored (glibc converts
   * straight into the destination), errno is EILSEQ and the scan ends with the count so far.
   */
  private pushEncoded(flags: number, bytes: number[], c: number, position: number): void {
    const encoded = new Uint8Array(8);
    const n = this.env.locale.encodeWide(c, encoded);
    if (n < 0) {
      if (!(flags & (SUPPRESS | MALLOC)) && bytes.length > 0) {
        this.env.writeMemory(this.pointerArg(position), Uint8Array.from(bytes));
      }
      this.env.setErrno(EILSEQ);
      throw new ScanStop(false);
    }
    for (let i = 0; i < n; i++) bytes.push(encoded[i]!);
  }

  /**
   * The wide scan's %[: the scan list as ranges of wide characters (glibc's vfwscanf keeps the
   * format's characters and compares, a range being a '-' between two characters in order).
   * Returns the format position after the ']'.
   */
  private scanWideSet(flags: number, width: number, position: number, start: number): number {
    const format = this.format;
    let f = start;
    let negate = false;
    if (format[f] === 0x5e) {
      f++;
      negate = true;
    }
    const ranges: number[] = [];
    let fc = format[f];
    if (fc === 0x5d || fc === 0x2d) {
      ranges.push(fc!, fc!);
      f++;
    }
    for (;;) {
      fc = format[f++];
      if (fc === 0 || fc === undefined) throw new ScanStop(false);
      if (fc === 0x5d) break;
      const nextChar = format[f];
      const previous = format[f - 2]!;
      if (fc === 0x2d && nextChar !== 0 && nextChar !== undefined && nextChar !== 0x5d && previous <= nextChar) {
        ranges.push(previous, nextChar);
        f++;
      } else {
        ranges.push(fc, fc);
      }
    }
    const inSet = (c: number): boolean => {
      let found = false;
      for (let i = 0; i < ranges.length && !found; i += 2) found = c >= ranges[i]! && c <= ranges[i + 1]!;
      return found !== negate;
    };
    this.scanString(flags, width, position, inSet);
    return f;
  }

  /**
   * %lc, %ls and %l[ met bytes that are no character (or end inside one): glibc's encode_error.
   * The characters converted so far stay stored (glibc converts straight into the destination),
   * errno is EILSEQ and the scan ends with the count so far.
   */
  private decodeError(flags: number, chars: number[], position: number): never {
    if (!(flags & (SUPPRESS | MALLOC)) && chars.length > 0) {
      const bytes = new Uint8Array(chars.length * 4);
      const view = new DataView(bytes.buffer);
      for (let i = 0; i < chars.length; i++) view.setUint32(i * 4, chars[i]!, true);
      this.env.writeMemory(this.pointerArg(position), bytes);
    }
    this.env.setErrno(EILSEQ);
    throw new ScanStop(false);
  }

  /** Decodes one multibyte character starting with byte `first`, reading more as needed; -1 invalid. */
  private readMultibyte(first: number): number {
    // The wide scan reads wide characters already.
    if (this.wide) return first;
    const bytes = [first];
    const decoded = new Uint32Array(1);
    for (;;) {
      const n = this.env.locale.decodeMultibyte(Uint8Array.from(bytes), 0, bytes.length, decoded);
      if (n > 0) return decoded[0];
      if (n === -1) return -1;
      const next = this.inchar();
      if (next < 0) return -1;
      bytes.push(next);
    }
  }

  private storeString(flags: number, bytes: Uint8Array, position: number): void {
    const pointerAddress = this.pointerArg(position);
    if (flags & MALLOC) {
      const address = this.env.allocate(bytes.length);
      if (address === 0) {
        this.done = SCANF_EOF;
        throw new ScanStop(false);
      }
      this.env.writeMemory(address, bytes);
      this.storePointer(pointerAddress, address);
      this.allocations.push({ pointerAddress, address });
      return;
    }
    this.env.writeMemory(pointerAddress, bytes);
  }

  private storeWide(flags: number, chars: number[], position: number, _terminated: boolean): void {
    const bytes = new Uint8Array(chars.length * 4);
    const view = new DataView(bytes.buffer);
    chars.forEach((ch, i) => {
      view.setUint32(i * 4, ch, true);
    });
    this.storeString(flags, bytes, position);
  }

  private scanInteger(flags: number, base: number, width: number, position: number): void {
    const buffer = this.buffer;
    buffer.length = 0;
    let c = this.inchar();
    if (c < 0) throw new ScanStop(true);
    if (c === 0x2d || c === 0x2b) {
      buffer.push(c);
      if (width > 0) width--;
      c = this.inchar();
    }
    if (width !== 0 && c === 0x30) {
      if (width > 0) width--;
      buffer.push(c);
      c = this.inchar();
      if (width !== 0 && (c | 0x20) === 0x78) {
        if (base === 0) base = 16;
        if (base === 16) {
          if (width > 0) width--;
          c = this.inchar();
        }
      } else if (base === 0) {
        base = 8;
      }
    }
    if (base === 0) base = 10;
    while (c >= 0 && width !== 0) {
      const d =
        c >= 0x30 && c <= 0x39 ? c - 0x30 : (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a ? (c | 0x20) - 0x61 + 10 : 99;
      if (d >= base) break;
      buffer.push(c);
      if (width > 0) width--;
      c = this.inchar();
    }
    if (buffer.length === 0 || (buffer.length === 1 && (buffer[0] === 0x2b || buffer[0] === 0x2d))) {
      // "(nil)" reads as a null pointer for %p.
      if (
        buffer.length === 0 &&
        flags & POINTER &&
        (width < 0 || width >= 5) &&
        c === 0x28 &&
        (this.inchar() | 0x20) === 0x6e &&
        (this.inchar() | 0x20) === 0x69 &&
        (this.inchar() | 0x20) === 0x6c &&
        this.inchar() === 0x29
      ) {
        buffer.push(0x30);
      } else {
        this.ungetc(this.c);
        throw new ScanStop(false);
      }
    } else {
      this.ungetc(c);
    }
    buffer.push(0);
    const parse = this.integer;
    parseInteger(Uint8Array.from(buffer), 0, base, (flags & SIGNED) !== 0, parse);
    if (parse.end === 0) throw new ScanStop(false);
    if (flags & SUPPRESS) return;
    const address = this.pointerArg(position);
    const size = flags & LONGDBL || flags & LONG ? 8 : flags & SHORT ? 2 : flags & CHAR ? 1 : 4;
    this.storeBytes(address, parse.high, parse.low, size);
    this.done++;
  }

  private scanFloat(flags: number, width: number, position: number): void {
    const buffer = this.buffer;
    buffer.length = 0;
    let c = this.inchar();
    if (width > 0) width--;
    if (c < 0) throw new ScanStop(true);
    let gotDigit = false;
    let gotDot = false;
    let gotE = false;
    let gotSign = 0;
    const expectChar = (letter: number): void => {
      buffer.push(c);
      if (width === 0) throw new ScanStop(false);
      c = this.inchar();
      if (c < 0 || (c | 0x20) !== letter) throw new ScanStop(false);
      if (width > 0) width--;
    };
    let special = false;
    if (c === 0x2d || c === 0x2b) {
      gotSign = 1;
      buffer.push(c);
      if (width === 0) throw new ScanStop(false);
      c = this.inchar();
      if (c < 0) throw new ScanStop(false);
      if (width > 0) width--;
    }
    if ((c | 0x20) === 0x6e) {
      expectChar(0x61);
      expectChar(0x6e);
      buffer.push(c);
      special = true;
    } else if ((c | 0x20) === 0x69) {
      expectChar(0x6e);
      expectChar(0x66);
      buffer.push(c);
      if (width !== 0) c = this.inchar();
      if (width !== 0 && c >= 0) {
        if ((c | 0x20) === 0x69) {
          if (width > 0) width--;
          expectChar(0x6e);
          expectChar(0x69);
          expectChar(0x74);
          expectChar(0x79);
          buffer.push(c);
        } else {
          this.ungetc(c);
        }
      }
      special = true;
    }
    if (!special) {
      let exponentChar = 0x65;
      if (width !== 0 && c === 0x30) {
        buffer.push(c);
        c = this.inchar();
        if (width > 0) width--;
        if (width !== 0 && (c | 0x20) === 0x78) {
          buffer.push(c);
          flags |= HEX_FLOAT;
          exponentChar = 0x70;
          c = this.inchar();
          if (width > 0) width--;
        } else {
          gotDigit = true;
        }
      }
      for (;;) {
        const isDec = c >= 0x30 && c <= 0x39;
        const lower = c | 0x20;
        if (isDec) {
          buffer.push(c);
          gotDigit = true;
        } else if (!gotE && flags & HEX_FLOAT && lower >= 0x61 && lower <= 0x66) {
          buffer.push(c);
          gotDigit = true;
        } else if (gotE && buffer[buffer.length - 1] === exponentChar && (c === 0x2d || c === 0x2b)) {
          buffer.push(c);
        } else if (gotDigit && !gotE && c >= 0 && lower === exponentChar) {
          buffer.push(exponentChar);
          gotE = true;
          gotDot = true;
        } else if (!gotDot && c === 0x2e) {
          buffer.push(c);
          gotDot = true;
        } else {
          this.ungetc(c);
          break;
        }
        if (width === 0) break;
        c = this.inchar();
        if (c < 0) break;
        if (width > 0) width--;
      }
      if (buffer.length === gotSign || (flags & HEX_FLOAT && buffer.length === 2 + gotSign)) throw new ScanStop(false);
    }
    buffer.push(0);
    const format = flags & LONGDBL ? EXTENDED : flags & LONG ? DOUBLE : SINGLE;
    const parse = this.floatParse;
    parseFloatNumber(Uint8Array.from(buffer), 0, format, this.env.roundingMode(), parse);
    if (parse.end === 0) throw new ScanStop(false);
    if (flags & SUPPRESS) return;
    const address = this.pointerArg(position);
    if (format === EXTENDED) {
      const bytes = new Uint8Array(10);
      const view = new DataView(bytes.buffer);
      view.setUint32(0, parse.bitsLow, true);
      view.setUint32(4, parse.bitsHigh, true);
      view.setUint16(8, parse.signExponent, true);
      this.env.writeMemory(address, bytes);
    } else {
      this.storeBytes(address, parse.bitsHigh, parse.bitsLow, format === SINGLE ? 4 : 8);
    }
    this.done++;
  }
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function readInt(format: FormatUnits, i: number): [number, number] {
  let value = 0;
  while (isDigit(format[i])) {
    if (value <= 214748364) value = value * 10 + (format[i] - 0x30);
    else value = -1 >>> 1;
    i++;
  }
  return [value, i];
}

const sharedEngine = new ScanfEngine();
let sharedBusy = false;
const sharedWideEngine = new ScanfEngine(true);
let sharedWideBusy = false;

/**
 * scanf's core: returns the number of assignments, or SCANF_EOF. `gnuAllocation`: %as, %aS and
 * %a[ allocate, as in glibc's non-C99 scanf family.
 */
export function formatScanf(
  format: Uint8Array,
  start: number,
  args: VarArgs,
  env: ScanEnvironment,
  input: ScanInput,
  gnuAllocation = false,
): number {
  if (sharedBusy) return new ScanfEngine().run(format, start, args, env, input, gnuAllocation);
  sharedBusy = true;
  try {
    return sharedEngine.run(format, start, args, env, input, gnuAllocation);
  } finally {
    sharedBusy = false;
  }
}

/** vfwscanf's core: the wchar_t `format` over wide-character input. */
export function formatWideScanf(
  format: Uint32Array,
  start: number,
  args: VarArgs,
  env: WideScanEnvironment,
  input: ScanInput,
  gnuAllocation = false,
): number {
  if (sharedWideBusy) return new ScanfEngine(true).run(format, start, args, env, input, gnuAllocation);
  sharedWideBusy = true;
  try {
    return sharedWideEngine.run(format, start, args, env, input, gnuAllocation);
  } finally {
    sharedWideBusy = false;
  }
}
