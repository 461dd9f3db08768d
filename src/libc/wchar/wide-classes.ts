// Wide-character classes and case mappings. In the C locale glibc classifies only ASCII (as the
// byte tables do); in C.UTF-8 it uses the Unicode-derived i18n_ctype classes, which follow
// glibc's gen-unicode-ctype rules: alpha = Alphabetic or a non-ASCII decimal digit; upper/lower =
// has a case mapping away from itself or the Uppercase/Lowercase property; digit and xdigit are
// ASCII only; space = the ASCII spaces and Zs/Zl/Zp except the no-break spaces; cntrl = Cc, Zl, Zp;
// print = assigned, not Cc/Zl/Zp/Cs; graph = print and not space; punct = graph, not alnum.
// The Unicode tables are the JavaScript engine's (Node 20: Unicode 15, glibc 2.36: Unicode 14).
import { classBits } from '../ctype/ctype-tables.ts';

/** The classes wctype() names, with glibc's names; a descriptor is the index + 1. */
export const WIDE_CLASS_NAMES = [
  'alnum',
  'alpha',
  'blank',
  'cntrl',
  'digit',
  'graph',
  'lower',
  'print',
  'punct',
  'space',
  'upper',
  'xdigit',
] as const;
export type WideClass = (typeof WIDE_CLASS_NAMES)[number];

/** The bit of each class in the C byte table (ctype-tables.ts's glibc layout). */
const ASCII_BITS: Record<WideClass, number> = {
  upper: 0x100,
  lower: 0x200,
  alpha: 0x400,
  digit: 0x800,
  xdigit: 0x1000,
  space: 0x2000,
  print: 0x4000,
  graph: 0x8000,
  blank: 0x1,
  cntrl: 0x2,
  punct: 0x4,
  alnum: 0x8,
};

const ALPHABETIC = /^\p{Alphabetic}$/u;
const DECIMAL = /^\p{Nd}$/u;
const UPPERCASE = /^\p{Uppercase}$/u;
const LOWERCASE = /^\p{Lowercase}$/u;
const SEPARATOR = /^[\p{Zs}\p{Zl}\p{Zp}]$/u;
const SPACE_SEPARATOR = /^\p{Zs}$/u;
const NOT_PRINTABLE = /^[\p{Cc}\p{Zl}\p{Zp}\p{Cs}\p{Cn}]$/u;
const CONTROL = /^[\p{Cc}\p{Zl}\p{Zp}]$/u;

function isNoBreakSpace(c: number): boolean {
  return c === 0xa0 || c === 0x2007 || c === 0x202f;
}

/** towlower/towupper as Unicode's simple case mappings (single code point results only). */
export function unicodeToLower(c: number): number {
  if (c < 0x80) return c >= 0x41 && c <= 0x5a ? c + 32 : c;
  if (c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) return c;
  const lowered = String.fromCodePoint(c).toLowerCase();
  // The one full lower mapping longer than a character (U+0130) has the simple mapping 'i'.
  return lowered.codePointAt(0)!;
}

export function unicodeToUpper(c: number): number {
  if (c < 0x80) return c >= 0x61 && c <= 0x7a ? c - 32 : c;
  if (c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) return c;
  const uppered = String.fromCodePoint(c).toUpperCase();
  // Full mappings to several characters (ß → SS, ŉ → ʼN…) have no simple mapping: unchanged.
  const first = uppered.codePointAt(0)!;
  return uppered.length > (first > 0xffff ? 2 : 1) ? c : first;
}

function unicodeClass(cls: WideClass, c: number): boolean {
  if (c > 0x10ffff) return false;
  const ch = String.fromCodePoint(c);
  switch (cls) {
    case 'digit':
      return c >= 0x30 && c <= 0x39;
    case 'xdigit':
      return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
    case 'alpha':
      return ALPHABETIC.test(ch) || (DECIMAL.test(ch) && c > 0x7f);
    case 'alnum':
      return unicodeClass('alpha', c) || unicodeClass('digit', c);
    case 'upper':
      return unicodeToLower(c) !== c || UPPERCASE.test(ch);
    case 'lower':
      return unicodeToUpper(c) !== c || LOWERCASE.test(ch);
    case 'space':
      return (c >= 0x09 && c <= 0x0d) || (SEPARATOR.test(ch) && !isNoBreakSpace(c));
    case 'blank':
      return c === 0x09 || (SPACE_SEPARATOR.test(ch) && !isNoBreakSpace(c));
    case 'cntrl':
      return CONTROL.test(ch);
    case 'print':
      return !NOT_PRINTABLE.test(ch);
    case 'graph':
      return unicodeClass('print', c) && !unicodeClass('space', c);
    case 'punct':
      return unicodeClass('graph', c) && !unicodeClass('alnum', c);
  }
}

/** iswctype: is wide character c (a wint_t, unsigned) in class `cls` in the given character set? */
export function isWideClass(utf8: boolean, cls: WideClass, c: number): boolean {
  if (c < 0x80) return (classBits(c) & ASCII_BITS[cls]) !== 0;
  return utf8 && unicodeClass(cls, c);
}

export function wideToLower(utf8: boolean, c: number): number {
  return utf8 || c < 0x80 ? unicodeToLower(c) : c;
}

export function wideToUpper(utf8: boolean, c: number): number {
  return utf8 || c < 0x80 ? unicodeToUpper(c) : c;
}
