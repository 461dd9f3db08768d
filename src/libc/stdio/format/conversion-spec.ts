// One parsed printf conversion (glibc's struct printf_info plus the argument bookkeeping of
// struct printf_spec).

export class ConversionSpec {
  /** '#' */
  alt = false;
  /** ' ' */
  space = false;
  /** '-' */
  left = false;
  /** '+' */
  showsign = false;
  /** '\'' (digit grouping: no effect in the C and C.UTF-8 locales, which have no separator) */
  group = false;
  /** 'I' (locale digits: ASCII in the C locales) */
  i18n = false;
  /** Padding character: ' ' or '0'. Kept apart from `left` as glibc does (they can disagree). */
  pad = 0x20;
  width = 0;
  /** -1 when no precision was given. */
  precision = -1;
  /** 'L', 'q', 'll' (and 'j' where intmax_t is wider than long: never on x86-64). */
  isLongDouble = false;
  isShort = false;
  isChar = false;
  isLong = false;
  /** The conversion character (0 when the format ended inside the spec). */
  conversion = 0;
  /** Positional bookkeeping: argument indexes (0-based) or -1. */
  widthArg = -1;
  precisionArg = -1;
  dataArg = -1;
  /** Number of data arguments the conversion consumes (0 or 1 for the built-in ones). */
  dataArgCount = 0;
  /** Offset just past the conversion character (where the literal text after it starts). */
  endOfSpec = 0;
  /** Offset of the next '%' or of the terminating NUL. */
  nextSpec = 0;

  clear(): void {
    this.alt = false;
    this.space = false;
    this.left = false;
    this.showsign = false;
    this.group = false;
    this.i18n = false;
    this.pad = 0x20;
    this.width = 0;
    this.precision = -1;
    this.isLongDouble = false;
    this.isShort = false;
    this.isChar = false;
    this.isLong = false;
    this.conversion = 0;
    this.widthArg = -1;
    this.precisionArg = -1;
    this.dataArg = -1;
    this.dataArgCount = 0;
    this.endOfSpec = 0;
    this.nextSpec = 0;
  }

  copyFrom(other: ConversionSpec): void {
    this.alt = other.alt;
    this.space = other.space;
    this.left = other.left;
    this.showsign = other.showsign;
    this.group = other.group;
    this.i18n = other.i18n;
    this.pad = other.pad;
    this.width = other.width;
    this.precision = other.precision;
    this.isLongDouble = other.isLongDouble;
    this.isShort = other.isShort;
    this.isChar = other.isChar;
    this.isLong = other.isLong;
    this.conversion = other.conversion;
    this.widthArg = other.widthArg;
    this.precisionArg = other.precisionArg;
    this.dataArg = other.dataArg;
    this.dataArgCount = other.dataArgCount;
    this.endOfSpec = other.endOfSpec;
    this.nextSpec = other.nextSpec;
  }
}
