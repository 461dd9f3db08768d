// nl_langinfo and localeconv: the values of glibc's "C" and "C.UTF-8" locales (./langinfo-data.ts,
// generated from this machine's glibc), handed out as strings in guest memory that live as long as
// the process (glibc's point into its locale files the same way).
import { storePointer } from '../runtime/guest-access.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { copyForChild, ProcessState } from '../runtime/process-states.ts';
import { CATEGORY_LIMIT, LC_ALL, LC_MONETARY, LC_NUMERIC } from './categories.ts';
import { C_LANGINFO, C_UTF8_LANGINFO, type LangInfoKind } from './langinfo-data.ts';
import { LocaleData } from './locale-names.ts';
import { type Locale, localeState } from './locale-state.ts';

interface Item {
  kind: LangInfoKind;
  values: [string | number, string | number];
}

let items: Map<number, Item> | undefined;

function itemTable(): Map<number, Item> {
  if (items) return items;
  items = new Map();
  for (const [item, , kind, value] of C_LANGINFO) items.set(item, { kind, values: [value, value] });
  for (const [item, value] of C_UTF8_LANGINFO) items.get(item)!.values[LocaleData.Utf8] = value;
  return items;
}

/** The raw value of item in `locale`: a string, a number (word items), or undefined (glibc's ""). */
function itemValue(locale: Locale, item: number): { kind: LangInfoKind; value: string | number } | undefined {
  const category = item >>> 16;
  if (category >= CATEGORY_LIMIT || category === LC_ALL) return undefined;
  const entry = itemTable().get(item);
  if (!entry) return undefined;
  return { kind: entry.kind, value: entry.values[locale.data[category]!]! };
}

/** nl_langinfo_l: the item's value as glibc returns it (a pointer, or a word's bits for word items). */
export function langInfo(libc: LibcProcess, locale: Locale, item: number): number {
  const state = localeState(libc);
  const found = itemValue(locale, item);
  if (!found) return state.cString('');
  if (found.kind === 'w') return found.value as number;
  if (found.kind === 'W') return state.wideString(found.value as string);
  return state.cString(found.value as string);
}

/** A string item's value in `locale` ("" for an unknown item or a word item). */
export function langInfoText(locale: Locale, item: number): string {
  const found = itemValue(locale, item);
  return typeof found?.value === 'string' ? found.value : '';
}

// struct lconv (glibc <locale.h>): ten string pointers, then fourteen chars.
const LCONV_SIZE = 96;
const LCONV_STRINGS: readonly number[] = [
  0x10000, // decimal_point
  0x10001, // thousands_sep
  0x10002, // grouping
  0x40000, // int_curr_symbol
  0x40001, // currency_symbol
  0x40002, // mon_decimal_point
  0x40003, // mon_thousands_sep
  0x40004, // mon_grouping
  0x40005, // positive_sign
  0x40006, // negative_sign
];
/** int_frac_digits … n_sign_posn (items 7–14), then int_p_cs_precedes … int_n_sign_posn (16–21). */
const LCONV_CHARS: readonly number[] = [7, 8, 9, 10, 11, 12, 13, 14, 16, 17, 18, 19, 20, 21].map(
  (index) => (LC_MONETARY << 16) | index,
);

const lconvs = new ProcessState<number>('locale/langinfo lconvs', copyForChild, (libc) =>
  libc.data.allocate(LCONV_SIZE, 8),
);

/** localeconv: one static struct, refilled from the calling thread's locale on every call. */
export function localeconv(libc: LibcProcess, locale: Locale): number {
  const address = lconvs.of(libc);
  const state = localeState(libc);
  LCONV_STRINGS.forEach((item, i) => {
    let value = langInfoText(locale, item);
    // glibc: a grouping of CHAR_MAX ("\177" or "\377") means "no grouping" and is reported as "".
    const grouping = item === ((LC_NUMERIC << 16) | 2) || item === ((LC_MONETARY << 16) | 4);
    if (grouping && (value.charCodeAt(0) === 0x7f || value.charCodeAt(0) === 0xff)) value = '';
    storePointer(libc.memory, address + 8 * i, state.cString(value));
  });
  LCONV_CHARS.forEach((item, i) => {
    // The locale files say "unspecified" with 0xff; localeconv reports it as CHAR_MAX (127).
    const value = langInfoText(locale, item).charCodeAt(0) & 0xff;
    libc.memory.bytes[address + 80 + i] = value === 0xff ? 0x7f : value;
  });
  return address;
}
