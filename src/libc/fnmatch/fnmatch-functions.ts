// fnmatch's entry point, as glibc 2.36's: in a multibyte locale (C.UTF-8) the pattern and string
// are converted to code points and matched as wide characters; when a conversion fails or the
// wide match does not succeed, the bytes are matched again as in a single-byte locale, and that
// answer is the result. In "C" only the byte match runs. Matching itself is ./fnmatch.ts.
import type { FunctionTable } from '../exports/binding-types.ts';
import { currentLocale } from '../locale/locale-state.ts';
import { cStringView } from '../runtime/guest-access.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { type Decoded, decodeCharacter, type ShiftState } from '../wchar/multibyte.ts';
import { isWideClass, WIDE_CLASS_NAMES, type WideClass, wideToLower } from '../wchar/wide-classes.ts';
import { type FnmatchLocale, fnmatchCharacters } from './fnmatch.ts';

function localeFor(utf8: boolean): FnmatchLocale {
  return {
    toLower: (c) => wideToLower(utf8, c),
    isClassName: (name) => (WIDE_CLASS_NAMES as readonly string[]).includes(name),
    inClass: (name, c) => isWideClass(utf8, name as WideClass, c),
  };
}

const C_LOCALE = localeFor(false);
const UTF8_LOCALE = localeFor(true);

/** The bytes as UTF-8 code points (+ a terminating 0 when `terminate`), or undefined when invalid. */
function decodeUtf8(bytes: Uint8Array, terminate: boolean): Int32Array | undefined {
  const out = new Int32Array(bytes.length + (terminate ? 1 : 0));
  const state: ShiftState = { count: 0, value: 0 };
  const decoded: Decoded = { length: 0, character: 0 };
  let count = 0;
  for (let at = 0; at < bytes.length; ) {
    decodeCharacter(true, bytes, at, bytes.length - at, state, decoded);
    if (decoded.length <= 0) return undefined;
    out[count++] = decoded.character;
    at += decoded.length;
  }
  return out.subarray(0, count + (terminate ? 1 : 0));
}

function fnmatch(libc: LibcProcess, pattern: number, string: number, flags: number): number {
  return fnmatchBytes(libc, cStringView(libc.memory, pattern), cStringView(libc.memory, string), flags);
}

/** fnmatch over host copies of the pattern and string (without terminators): glob matches this way. */
export function fnmatchBytes(
  libc: LibcProcess,
  patternBytes: Uint8Array,
  stringBytes: Uint8Array,
  flags: number,
): number {
  if (currentLocale(libc).utf8) {
    const widePattern = decodeUtf8(patternBytes, true);
    const wideString = decodeUtf8(stringBytes, false);
    if (widePattern !== undefined && wideString !== undefined) {
      if (fnmatchCharacters(widePattern, wideString, flags, UTF8_LOCALE) === 0) return 0;
    }
  }
  // The byte match: the C.UTF-8 byte tables classify and fold only ASCII, as "C"'s do.
  const bytePattern = new Int32Array(patternBytes.length + 1);
  bytePattern.set(patternBytes);
  return fnmatchCharacters(bytePattern, Int32Array.from(stringBytes), flags, C_LOCALE);
}

export const FNMATCH_FUNCTIONS: FunctionTable = {
  fnmatch: (f, libc) => fnmatch(libc, f.ptr(0), f.ptr(1), f.int(2)),
};
