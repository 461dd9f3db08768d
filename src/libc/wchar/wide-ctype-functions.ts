// <wctype.h>: isw* / tow* (and their _l and __*_l forms), wctype/iswctype, wctrans/towctrans.
// A wctype_t is the class's index + 1 (glibc's is a table pointer: programs only pass it back),
// a wctrans_t is 1 (tolower) or 2 (toupper).
import type { FunctionTable, LibcFunction } from '../exports/binding-types.ts';
import { currentLocale, localeState } from '../locale/locale-state.ts';
import { cString } from '../runtime/guest-access.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { isWideClass, WIDE_CLASS_NAMES, type WideClass, wideToLower, wideToUpper } from './wide-classes.ts';

const TRANSLATIONS = ['tolower', 'toupper'];

function utf8Of(libc: LibcProcess, locale: number | undefined): boolean {
  return locale === undefined ? currentLocale(libc).utf8 : localeState(libc).of(locale).utf8;
}

function classByDescriptor(descriptor: number): WideClass | undefined {
  return WIDE_CLASS_NAMES[descriptor - 1];
}

function translate(utf8: boolean, descriptor: number, c: number): number {
  if (descriptor === 1) return wideToLower(utf8, c);
  if (descriptor === 2) return wideToUpper(utf8, c);
  return c;
}

function table(): FunctionTable {
  const out: Record<string, LibcFunction> = {};
  for (const cls of WIDE_CLASS_NAMES) {
    // glibc's isw* return the class bit (nonzero), not 1; programs only test truth.
    const plain: LibcFunction = (f, libc) => (isWideClass(utf8Of(libc, undefined), cls, f.uint(0)) ? 1 : 0);
    const withLocale: LibcFunction = (f, libc) => (isWideClass(utf8Of(libc, f.ptr(1)), cls, f.uint(0)) ? 1 : 0);
    out[`isw${cls}`] = plain;
    out[`isw${cls}_l`] = withLocale;
    out[`__isw${cls}_l`] = withLocale;
  }
  const iswctype: LibcFunction = (f, libc) => {
    const cls = classByDescriptor(f.ulong(1));
    return cls !== undefined && isWideClass(utf8Of(libc, undefined), cls, f.uint(0)) ? 1 : 0;
  };
  const iswctypeL: LibcFunction = (f, libc) => {
    const cls = classByDescriptor(f.ulong(1));
    return cls !== undefined && isWideClass(utf8Of(libc, f.ptr(2)), cls, f.uint(0)) ? 1 : 0;
  };
  const wctype: LibcFunction = (f, libc) => WIDE_CLASS_NAMES.indexOf(cString(libc.memory, f.ptr(0)) as WideClass) + 1;
  const wctrans: LibcFunction = (f, libc) => TRANSLATIONS.indexOf(cString(libc.memory, f.ptr(0))) + 1;
  return {
    ...out,
    towlower: (f, libc) => wideToLower(utf8Of(libc, undefined), f.uint(0)),
    towupper: (f, libc) => wideToUpper(utf8Of(libc, undefined), f.uint(0)),
    towlower_l: (f, libc) => wideToLower(utf8Of(libc, f.ptr(1)), f.uint(0)),
    towupper_l: (f, libc) => wideToUpper(utf8Of(libc, f.ptr(1)), f.uint(0)),
    __towlower_l: (f, libc) => wideToLower(utf8Of(libc, f.ptr(1)), f.uint(0)),
    __towupper_l: (f, libc) => wideToUpper(utf8Of(libc, f.ptr(1)), f.uint(0)),
    iswctype,
    __iswctype: iswctype,
    iswctype_l: iswctypeL,
    __iswctype_l: iswctypeL,
    wctype,
    wctype_l: wctype,
    __wctype_l: wctype,
    wctrans,
    wctrans_l: wctrans,
    __wctrans_l: wctrans,
    towctrans: (f, libc) => translate(utf8Of(libc, undefined), f.ulong(1), f.uint(0)),
    towctrans_l: (f, libc) => translate(utf8Of(libc, f.ptr(2)), f.ulong(1), f.uint(0)),
    __towctrans_l: (f, libc) => translate(utf8Of(libc, f.ptr(2)), f.ulong(1), f.uint(0)),
  };
}

export const WIDE_CTYPE_FUNCTIONS: FunctionTable = table();
