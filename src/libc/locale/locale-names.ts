// Which locale a name selects, as glibc 2.36 finds it on a Debian system where only its built-in
// "C"/"POSIX" and the C.utf8 locale (/usr/lib/locale/C.utf8) exist: "C" and "POSIX" are the C
// locale (named "C"); "C.<codeset>[@modifier]" with a codeset that normalises to "utf8" (case and
// punctuation dropped: UTF-8, utf8, UTF8…) is C.UTF-8, keeping the name as given; any other name
// is a locale that is not installed (setlocale returns NULL, newlocale fails with ENOENT).
import { CATEGORIES, CATEGORY_NAMES } from './categories.ts';

/** The two locale data sets: their difference is the codeset (ASCII or UTF-8) and a few labels. */
export const enum LocaleData {
  C = 0,
  Utf8 = 1,
}

export interface ResolvedName {
  data: LocaleData;
  /** The name setlocale reports for the category. */
  name: string;
}

/** glibc's _nl_normalize_codeset: letters lower-cased, digits kept, everything else dropped. */
function normaliseCodeset(codeset: string): string {
  return codeset.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** The locale a (non-composite) name selects, or undefined when glibc would not find it. */
export function resolveLocaleName(name: string): ResolvedName | undefined {
  if (name === 'C' || name === 'POSIX') return { data: LocaleData.C, name: 'C' };
  if (name.includes('/')) return undefined;
  const match = /^C\.([^@]*)(@.*)?$/.exec(name);
  if (match && normaliseCodeset(match[1]!) === 'utf8') return { data: LocaleData.Utf8, name };
  return undefined;
}

/**
 * A composite name ("LC_CTYPE=C.UTF-8;LC_NUMERIC=C;…", what setlocale(LC_ALL, NULL) returns when
 * categories differ), as category → name; undefined unless every category is named once.
 */
export function parseCompositeName(name: string): Map<number, string> | undefined {
  const out = new Map<number, string>();
  for (const part of name.split(';')) {
    const equals = part.indexOf('=');
    if (equals < 0) return undefined;
    const category = CATEGORY_NAMES.indexOf(part.slice(0, equals));
    if (category < 0 || category === 6 || out.has(category)) return undefined;
    out.set(category, part.slice(equals + 1));
  }
  return CATEGORIES.every((c) => out.has(c)) ? out : undefined;
}

/** setlocale(LC_ALL, NULL): the common name, or the composite name when categories differ. */
export function compositeName(names: readonly string[]): string {
  const first = names[CATEGORIES[0]!]!;
  if (CATEGORIES.every((c) => names[c] === first)) return first;
  return CATEGORIES.map((c) => `${CATEGORY_NAMES[c]}=${names[c]}`).join(';');
}
