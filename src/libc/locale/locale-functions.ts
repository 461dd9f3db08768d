// locale.h and langinfo.h: setlocale, localeconv, nl_langinfo(_l), newlocale/duplocale/freelocale/
// uselocale (and their __ aliases), __ctype_get_mb_cur_max, and the *_l variants of the ctype,
// string, strto* and strftime functions — which behave the same in "C" and "C.UTF-8" (same byte
// tables, code point collation, '.' radix), so they call the plain functions.
import { CTYPE_FUNCTIONS } from '../ctype/ctype-tables.ts';
import { environmentValue } from '../environment/environment.ts';
import type { FunctionTable, LibcFunction } from '../exports/binding-types.ts';
import { countCatalogChange } from '../gettext/gettext-functions.ts';
import { checkWrite, cString, cStringLength } from '../runtime/guest-access.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { STDLIB_FUNCTIONS } from '../stdlib/stdlib-functions.ts';
import { STRING_FUNCTIONS } from '../string/string-functions.ts';
import { TIME_FUNCTIONS } from '../time/time-functions.ts';
import { ALL_CATEGORIES_MASK, CATEGORIES, CATEGORY_LIMIT, CATEGORY_NAMES, LC_ALL } from './categories.ts';
import { langInfo, localeconv } from './langinfo.ts';
import { compositeName, parseCompositeName, type ResolvedName, resolveLocaleName } from './locale-names.ts';
import { GLOBAL_LOCALE_HANDLE, Locale, localeState } from './locale-state.ts';

const EINVAL = 22;
const ENOENT = 2;
const ENOMEM = 12;

/** setlocale("")/newlocale(…, "", …): LC_ALL, then the category's variable, then LANG, then "C". */
function nameFromEnvironment(libc: LibcProcess, category: number): string {
  for (const variable of ['LC_ALL', CATEGORY_NAMES[category]!, 'LANG']) {
    const value = environmentValue(libc, variable);
    if (value !== undefined && value !== '') return value;
  }
  return 'C';
}

/**
 * The names wanted for `categories` from one setlocale/newlocale name argument ("" = from the
 * environment; a composite name for all categories), resolved; or an errno value.
 */
function resolveAll(
  libc: LibcProcess,
  categories: readonly number[],
  name: string,
  allowComposite: boolean,
): Map<number, ResolvedName> | number {
  let composite: Map<number, string> | undefined;
  if (allowComposite && name.includes(';')) {
    composite = parseCompositeName(name);
    if (!composite) return EINVAL;
  }
  const out = new Map<number, ResolvedName>();
  for (const category of categories) {
    let wanted = composite ? composite.get(category)! : name;
    if (wanted === '') wanted = nameFromEnvironment(libc, category);
    const resolved = resolveLocaleName(wanted);
    if (!resolved) return ENOENT;
    out.set(category, resolved);
  }
  return out;
}

function apply(locale: Locale, resolved: Map<number, ResolvedName>): void {
  for (const [category, { data, name }] of resolved) {
    locale.data[category] = data;
    locale.names[category] = name;
  }
}

function setlocale(libc: LibcProcess, category: number, nameAddress: number): number {
  const state = localeState(libc);
  if (category < 0 || category >= CATEGORY_LIMIT) {
    libc.errno = EINVAL;
    return 0;
  }
  const global = state.global;
  const report = (): number =>
    state.cString(category === LC_ALL ? compositeName(global.names) : global.names[category]!);
  if (nameAddress === 0) return report();
  const name = cString(libc.memory, nameAddress);
  // The same name again changes nothing, and glibc returns before counting a change.
  if (name === (category === LC_ALL ? compositeName(global.names) : global.names[category]!)) return report();
  const categories = category === LC_ALL ? CATEGORIES : [category];
  const resolved = resolveAll(libc, categories, name, category === LC_ALL);
  if (typeof resolved === 'number') {
    libc.errno = resolved;
    return 0;
  }
  apply(global, resolved);
  countCatalogChange(libc);
  return report();
}

function newlocale(libc: LibcProcess, maskArgument: number, nameAddress: number, baseArgument: number): number {
  const state = localeState(libc);
  const mask = maskArgument === 1 << LC_ALL ? ALL_CATEGORIES_MASK : maskArgument;
  if ((mask & ~ALL_CATEGORIES_MASK) !== 0 || nameAddress === 0) {
    libc.errno = EINVAL;
    return 0;
  }
  const base = baseArgument === state.cObject ? 0 : baseArgument;
  const name = cString(libc.memory, nameAddress);
  // glibc hands out its static C locale object rather than building a copy of it.
  if ((base === 0 || mask === ALL_CATEGORIES_MASK) && (mask === 0 || name === 'C')) return state.cObject;
  const categories = CATEGORIES.filter((c) => (mask & (1 << c)) !== 0);
  const resolved = resolveAll(libc, categories, name, true);
  if (typeof resolved === 'number') {
    libc.errno = resolved;
    return 0;
  }
  const locale = base === 0 ? new Locale() : state.of(base).copy();
  apply(locale, resolved);
  // glibc 2.36 builds a new object from the base's categories and frees the base.
  const created = state.create(locale);
  if (created === 0) libc.errno = ENOMEM;
  else if (base !== 0) state.release(base);
  return created;
}

function duplocale(libc: LibcProcess, handle: number): number {
  const state = localeState(libc);
  if (handle === state.cObject) return handle;
  const created = state.create(state.of(handle).copy());
  if (created === 0) libc.errno = ENOMEM;
  return created;
}

/** uselocale: returns the previous choice (LC_GLOBAL_LOCALE, -1, when there was none). */
function uselocale(libc: LibcProcess, handle: number): number {
  const state = localeState(libc);
  const tid = libc.thread.tid;
  const previous = state.perThread.get(tid) ?? -1;
  if (handle === GLOBAL_LOCALE_HANDLE) state.perThread.delete(tid);
  else if (handle !== 0) state.perThread.set(tid, handle);
  return previous;
}

/** strxfrm in a locale with code point collation (glibc: nrules == 0): a copy of min(len+1, n) bytes. */
function strxfrm(libc: LibcProcess, destination: number, source: number, n: number): number {
  const length = cStringLength(libc.memory, source);
  const count = Math.min(length + 1, n);
  if (count > 0) {
    checkWrite(libc.memory, destination, count);
    libc.memory.bytes.copyWithin(destination, source, source + count);
  }
  return length;
}

/** A *_l variant that behaves as the plain function (the locale argument comes last and is ignored). */
function sameInEveryLocale(fn: LibcFunction | undefined, name: string): LibcFunction {
  if (!fn) throw new Error(`Miros libc: ${name} has no plain function to follow`);
  return fn;
}

const CTYPE_NAMES = [
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
];

function localeVariants(): FunctionTable {
  const table: Record<string, LibcFunction> = {};
  for (const cls of CTYPE_NAMES) {
    const fn = sameInEveryLocale(CTYPE_FUNCTIONS[`is${cls}`], `is${cls}`);
    table[`is${cls}_l`] = fn;
    table[`__is${cls}_l`] = fn;
  }
  for (const name of ['tolower', 'toupper']) {
    const fn = sameInEveryLocale(CTYPE_FUNCTIONS[name], name);
    table[`${name}_l`] = fn;
    table[`__${name}_l`] = fn;
  }
  const plain: [string, LibcFunction | undefined][] = [
    ['strcoll', STRING_FUNCTIONS.strcoll],
    ['strcasecmp', STRING_FUNCTIONS.strcasecmp],
    ['strncasecmp', STRING_FUNCTIONS.strncasecmp],
    ['strtod', STDLIB_FUNCTIONS.strtod],
    ['strtof', STDLIB_FUNCTIONS.strtof],
    ['strtold', STDLIB_FUNCTIONS.strtold],
    ['strtol', STDLIB_FUNCTIONS.strtol],
    ['strtoll', STDLIB_FUNCTIONS.strtoll],
    ['strtoul', STDLIB_FUNCTIONS.strtoul],
    ['strtoull', STDLIB_FUNCTIONS.strtoull],
    ['strftime', TIME_FUNCTIONS.strftime],
    ['wcsftime', TIME_FUNCTIONS.wcsftime],
  ];
  for (const [name, fn] of plain) {
    table[`${name}_l`] = sameInEveryLocale(fn, name);
    table[`__${name}_l`] = sameInEveryLocale(fn, name);
  }
  return table;
}

export const LOCALE_FUNCTIONS: FunctionTable = {
  setlocale: (f, libc) => setlocale(libc, f.int(0), f.ptr(1)),
  localeconv: (_f, libc) => localeconv(libc, localeState(libc).current),
  nl_langinfo: (f, libc) => langInfo(libc, localeState(libc).current, f.int(0)),
  nl_langinfo_l: (f, libc) => langInfo(libc, localeState(libc).of(f.ptr(1)), f.int(0)),
  __nl_langinfo_l: (f, libc) => langInfo(libc, localeState(libc).of(f.ptr(1)), f.int(0)),
  newlocale: (f, libc) => newlocale(libc, f.int(0), f.ptr(1), f.ptr(2)),
  __newlocale: (f, libc) => newlocale(libc, f.int(0), f.ptr(1), f.ptr(2)),
  duplocale: (f, libc) => duplocale(libc, f.ptr(0)),
  __duplocale: (f, libc) => duplocale(libc, f.ptr(0)),
  freelocale: (f, libc) => {
    localeState(libc).release(f.ptr(0));
    return 0;
  },
  __freelocale: (f, libc) => {
    localeState(libc).release(f.ptr(0));
    return 0;
  },
  uselocale: (f, libc) => uselocale(libc, f.ptr(0)),
  __uselocale: (f, libc) => uselocale(libc, f.ptr(0)),
  __ctype_get_mb_cur_max: (_f, libc) => (localeState(libc).current.utf8 ? 6 : 1),
  strxfrm: (f, libc) => strxfrm(libc, f.ptr(0), f.ptr(1), f.ulong(2)),
  strxfrm_l: (f, libc) => strxfrm(libc, f.ptr(0), f.ptr(1), f.ulong(2)),
  __strxfrm_l: (f, libc) => strxfrm(libc, f.ptr(0), f.ptr(1), f.ulong(2)),
  ...localeVariants(),
};
