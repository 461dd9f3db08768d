// wcstol, wcstoul, wcstoll, wcstoull (wcstoq, wcstouq, wcstoimax, wcstoumax), wcstod, wcstof,
// wcstold and their _l, __*_l and __*_internal forms, as glibc 2.36's wide strtol_l.c/strtod_l.c:
// the same grammar as the narrow functions, over wchar_t. Leading white space is the locale's
// iswspace (in C.UTF-8 that includes Unicode spaces such as U+2003); digits, the 0x prefix, the
// exponent and "inf"/"nan" are ASCII only (glibc classifies letters with the C locale object).
// So the wide string is narrowed to one byte per character — ASCII as itself, any other space as
// ' ', anything else as a byte no rule accepts — and parsed by the narrow engines; the end offset
// they report is then a character index. The _internal forms' grouping flag changes nothing in
// Miros's locales (none has a thousands separator).
import type { FunctionTable, LibcFunction } from '../exports/binding-types.ts';
import { currentLocale, localeState } from '../locale/locale-state.ts';
import { storePointer } from '../runtime/guest-access.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { DOUBLE, EXTENDED, FloatParse, parseFloatNumber, SINGLE } from '../stdlib/number-parsing/strtod.ts';
import { IntegerParse, parseInteger } from '../stdlib/number-parsing/strtol.ts';
import { isWideClass } from './wide-classes.ts';
import { wideLength } from './wide-string-functions.ts';

/** A byte that is neither a digit, a letter, a sign, a point nor a space. */
const NOTHING = 0xff;

const integerParse = new IntegerParse();
const floatParse = new FloatParse();

/** The wide string at `string`, one byte per character, NUL-terminated. */
function narrowed(libc: LibcProcess, string: number, locale: number | undefined): Uint8Array {
  const memory = libc.memory;
  const length = wideLength(memory, string);
  const utf8 = locale === undefined ? currentLocale(libc).utf8 : localeState(libc).of(locale).utf8;
  const out = new Uint8Array(length + 1);
  const view = memory.view;
  for (let i = 0; i < length; i++) {
    const c = view.getUint32(string + 4 * i, true);
    out[i] = c < 0x80 ? c : isWideClass(utf8, 'space', c) ? 0x20 : NOTHING;
  }
  return out;
}

function wideToInteger(
  libc: LibcProcess,
  string: number,
  endPointer: number,
  base: number,
  signed: boolean,
  locale: number | undefined,
): undefined {
  parseInteger(narrowed(libc, string, locale), 0, base, signed, integerParse);
  if (integerParse.errno !== 0) libc.errno = integerParse.errno;
  if (endPointer !== 0 && integerParse.end >= 0) storePointer(libc.memory, endPointer, string + 4 * integerParse.end);
  libc.cpu.gpr[0] = integerParse.low | 0;
  libc.cpu.gpr[1] = integerParse.high | 0;
  return undefined;
}

type FloatKind = 'f' | 'd' | 'ld';

function wideToFloat(
  libc: LibcProcess,
  string: number,
  endPointer: number,
  kind: FloatKind,
  locale: number | undefined,
): undefined {
  const format = kind === 'f' ? SINGLE : kind === 'd' ? DOUBLE : EXTENDED;
  const cpu = libc.cpu;
  parseFloatNumber(narrowed(libc, string, locale), 0, format, (cpu.mxcsr >>> 13) & 3, floatParse);
  if (floatParse.rangeError) libc.errno = 34;
  if (endPointer !== 0) storePointer(libc.memory, endPointer, string + 4 * floatParse.end);
  if (kind === 'f') cpu.xmm[0] = floatParse.bitsLow | 0;
  else if (kind === 'd') {
    cpu.xmm[0] = floatParse.bitsLow | 0;
    cpu.xmm[1] = floatParse.bitsHigh | 0;
  }
  return undefined;
}

function integerForms(names: readonly string[], signed: boolean): Record<string, LibcFunction> {
  const out: Record<string, LibcFunction> = {};
  for (const name of names) {
    out[name] = (f, libc) => wideToInteger(libc, f.ptr(0), f.ptr(1), f.int(2), signed, undefined);
    // __wcstol_internal (string, end, base, group): the grouping flag has nothing to group here.
    out[`__${name}_internal`] = out[name];
    out[`${name}_l`] = (f, libc) => wideToInteger(libc, f.ptr(0), f.ptr(1), f.int(2), signed, f.ptr(3));
    out[`__${name}_l`] = out[`${name}_l`];
  }
  return out;
}

function floatForms(name: string, kind: FloatKind): Record<string, LibcFunction> {
  const finish =
    kind === 'ld'
      ? (f: Parameters<LibcFunction>[0]): undefined => {
          f.returnLongDouble({
            signExponent: floatParse.signExponent,
            high: floatParse.bitsHigh,
            low: floatParse.bitsLow,
          });
          return undefined;
        }
      : (): undefined => undefined;
  const plain: LibcFunction = (f, libc) => {
    wideToFloat(libc, f.ptr(0), f.ptr(1), kind, undefined);
    return finish(f);
  };
  const withLocale: LibcFunction = (f, libc) => {
    wideToFloat(libc, f.ptr(0), f.ptr(1), kind, f.ptr(2));
    return finish(f);
  };
  return { [name]: plain, [`__${name}_internal`]: plain, [`${name}_l`]: withLocale, [`__${name}_l`]: withLocale };
}

const SIGNED_NAMES = ['wcstol', 'wcstoll'];
const UNSIGNED_NAMES = ['wcstoul', 'wcstoull'];

const INTEGER_FUNCTIONS = { ...integerForms(SIGNED_NAMES, true), ...integerForms(UNSIGNED_NAMES, false) };

export const WIDE_NUMBER_PARSING_FUNCTIONS: FunctionTable = {
  ...INTEGER_FUNCTIONS,
  wcstoq: INTEGER_FUNCTIONS.wcstoll!,
  wcstoimax: INTEGER_FUNCTIONS.wcstoll!,
  wcstouq: INTEGER_FUNCTIONS.wcstoull!,
  wcstoumax: INTEGER_FUNCTIONS.wcstoull!,
  ...floatForms('wcstod', 'd'),
  ...floatForms('wcstof', 'f'),
  ...floatForms('wcstold', 'ld'),
  wcstof32: floatForms('wcstof', 'f').wcstof!,
  wcstof64: floatForms('wcstod', 'd').wcstod!,
  wcstof32x: floatForms('wcstod', 'd').wcstod!,
  wcstof64x: floatForms('wcstold', 'ld').wcstold!,
  wcstof32_l: floatForms('wcstof', 'f').wcstof_l!,
  wcstof64_l: floatForms('wcstod', 'd').wcstod_l!,
  wcstof32x_l: floatForms('wcstod', 'd').wcstod_l!,
  wcstof64x_l: floatForms('wcstold', 'ld').wcstold_l!,
};
