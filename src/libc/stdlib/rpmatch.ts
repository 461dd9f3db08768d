// rpmatch: is a user's answer yes (1), no (0) or neither (-1)? glibc matches the answer against the
// locale's YESEXPR and NOEXPR regular expressions. Every locale Miros has (C, POSIX, C.UTF-8) uses
// the form "^[chars]" — the first byte is one of chars — which is evaluated here as exactly that;
// an expression of another form would need regcomp, and is reported rather than misread.
import type { FunctionTable } from '../exports/binding-types.ts';
import { langInfoText } from '../locale/langinfo.ts';
import { currentLocale } from '../locale/locale-state.ts';
import { checkRead } from '../runtime/guest-access.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';

const YESEXPR = 0x50000;
const NOEXPR = 0x50001;
const FIRST_BYTE_IN_SET = /^\^\[([^\]^-][^\]-]*)\]$/;

/** Whether `first` (a byte) matches the locale expression `expression` of the form ^[chars]. */
function matches(expression: string, first: number): boolean {
  const set = FIRST_BYTE_IN_SET.exec(expression);
  if (set === null) throw new Error(`rpmatch: the locale's expression ${JSON.stringify(expression)} needs regcomp`);
  return first !== 0 && set[1]!.includes(String.fromCharCode(first));
}

function rpmatch(libc: LibcProcess, response: number): number {
  checkRead(libc.memory, response, 1);
  const first = libc.memory.bytes[response]!;
  const locale = currentLocale(libc);
  if (matches(langInfoText(locale, YESEXPR), first)) return 1;
  if (matches(langInfoText(locale, NOEXPR), first)) return 0;
  return -1;
}

export const RPMATCH_FUNCTIONS: FunctionTable = {
  rpmatch: (f, libc) => rpmatch(libc, f.ptr(0)),
};
