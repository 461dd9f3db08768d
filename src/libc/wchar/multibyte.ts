// The multibyte character sets of the two locales, as glibc 2.36 converts them: the C locale is
// ASCII (ANSI_X3.4-1968: bytes 0x80–0xff and wide characters above 0x7f are EILSEQ), C.UTF-8 is
// glibc's UTF-8 (sequences of up to 6 bytes, values up to 0x7fffffff; overlong forms and
// surrogates are EILSEQ). A partial character waits in the caller's mbstate_t:
//   int __count: (bytes the character needs << 8) | bytes seen so far — 0 in the initial state,
//                which is all that glibc's mbsinit looks at;
//   wint_t __value: the bits gathered so far.

/** What a decoding step returns besides a character count: glibc's (size_t)-1 and (size_t)-2. */
export const ILLEGAL = -1;
export const INCOMPLETE = -2;

/** The smallest value each sequence length may encode (shorter forms are overlong). */
const MINIMUM = [0, 0, 0x80, 0x800, 0x10000, 0x200000, 0x4000000];

/** The length of the UTF-8 sequence a lead byte starts (0: not a lead byte). */
function sequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead < 0xc2) return 0;
  if (lead < 0xe0) return 2;
  if (lead < 0xf0) return 3;
  if (lead < 0xf8) return 4;
  if (lead < 0xfc) return 5;
  if (lead < 0xfe) return 6;
  return 0;
}

/** A decoding state: the view of an mbstate_t the converters read and write. */
export interface ShiftState {
  count: number;
  value: number;
}

export interface Decoded {
  /** Bytes consumed, or ILLEGAL / INCOMPLETE. */
  length: number;
  /** The character (valid when length >= 0). */
  character: number;
}

/**
 * Decodes one character from bytes[at, at+n) continuing `state` (mbrtowc's core). On INCOMPLETE
 * the bytes are absorbed into the state; on success and ILLEGAL the state returns to initial.
 */
export function decodeCharacter(
  utf8: boolean,
  bytes: Uint8Array,
  at: number,
  n: number,
  state: ShiftState,
  out: Decoded,
): void {
  if (n <= 0) {
    out.length = INCOMPLETE;
    return;
  }
  if (!utf8) {
    const byte = bytes[at]!;
    if (byte >= 0x80) {
      out.length = ILLEGAL;
      return;
    }
    out.character = byte;
    out.length = 1;
    return;
  }
  let needed: number;
  let seen: number;
  let value: number;
  let i = 0;
  if (state.count === 0) {
    const lead = bytes[at]!;
    needed = sequenceLength(lead);
    if (needed === 0) {
      out.length = ILLEGAL;
      return;
    }
    if (needed === 1) {
      out.character = lead;
      out.length = 1;
      return;
    }
    value = lead & (0x7f >> needed);
    seen = 1;
    i = 1;
  } else {
    needed = state.count >> 8;
    seen = state.count & 0xff;
    value = state.value;
  }
  for (; seen < needed && i < n; i++, seen++) {
    const byte = bytes[at + i]!;
    if ((byte & 0xc0) !== 0x80) {
      state.count = 0;
      out.length = ILLEGAL;
      return;
    }
    value = value * 64 + (byte & 0x3f);
  }
  if (seen < needed) {
    state.count = (needed << 8) | seen;
    state.value = value;
    out.length = INCOMPLETE;
    return;
  }
  state.count = 0;
  state.value = 0;
  if (value < MINIMUM[needed]! || (value >= 0xd800 && value <= 0xdfff)) {
    out.length = ILLEGAL;
    return;
  }
  out.character = value;
  out.length = i;
}

/**
 * Encodes wide character `wc` (a wchar_t read as unsigned) into `into` at 0 (wcrtomb's core):
 * the byte count, or ILLEGAL.
 */
export function encodeCharacter(utf8: boolean, wc: number, into: Uint8Array): number {
  if (wc < 0x80) {
    into[0] = wc;
    return 1;
  }
  if (!utf8 || wc > 0x7fffffff || (wc >= 0xd800 && wc <= 0xdfff)) return ILLEGAL;
  let length = 2;
  while (length < 6 && wc >= MINIMUM[length + 1]!) length++;
  let rest = wc;
  for (let i = length - 1; i > 0; i--) {
    into[i] = 0x80 | (rest & 0x3f);
    rest = Math.floor(rest / 64);
  }
  into[0] = ((0xff00 >> length) & 0xff) | rest;
  return length;
}
