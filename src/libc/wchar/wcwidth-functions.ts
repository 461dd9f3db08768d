// wcwidth and wcswidth: the column width of a wide character in the calling thread's LC_CTYPE,
// from glibc's own tables as recorded natively (./wcwidth-data.ts, generated): a binary search
// over the locale's ranges, with printable ASCII answered directly.
import type { FunctionTable } from '../exports/binding-types.ts';
import { currentLocale } from '../locale/locale-state.ts';
import { checkRead } from '../runtime/guest-access.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { C_WIDTH_RANGES, UTF8_WIDTH_RANGES } from './wcwidth-data.ts';

const LAST_CODE_POINT = 0x10ffff;

/** wcwidth of `c` (a wchar_t: signed 32-bit) over one of the packed range tables. */
export function widthIn(ranges: Int32Array, c: number): number {
  if (c >= 0x20 && c < 0x7f) return 1;
  if (c < 0 || c > LAST_CODE_POINT) return -1;
  const key = c * 4 + 3;
  // The last entry whose packed value is <= key is the range holding c.
  let low = 0;
  let high = ranges.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (ranges[middle]! <= key) low = middle;
    else high = middle - 1;
  }
  return (ranges[low]! & 3) - 1;
}

/** The width table of the calling thread's locale. */
function rangesOf(libc: LibcProcess): Int32Array {
  return currentLocale(libc).utf8 ? UTF8_WIDTH_RANGES : C_WIDTH_RANGES;
}

/** wcswidth: the sum over at most n characters before L'\0'; -1 if any is not printable. */
function wcswidth(libc: LibcProcess, s: number, n: number): number {
  const ranges = rangesOf(libc);
  const view = libc.memory.view;
  let total = 0;
  for (let i = 0; i < n; i++) {
    checkRead(libc.memory, s + 4 * i, 4);
    const c = view.getInt32(s + 4 * i, true);
    if (c === 0) break;
    const width = widthIn(ranges, c);
    if (width < 0) return -1;
    total += width;
  }
  return total;
}

export const WCWIDTH_FUNCTIONS: FunctionTable = {
  wcwidth: (f, libc) => widthIn(rangesOf(libc), f.int(0)),
  wcswidth: (f, libc) => wcswidth(libc, f.ptr(0), f.ulong(1)),
};
