// The two built-in locales' character conversions as glibc 2.36 implements them:
// "C"/"POSIX" is 7-bit ASCII (bytes and characters above 0x7f are EILSEQ), and "C.UTF-8" is
// UTF-8 in glibc's extended form: up to 0x7fffffff in 1 to 6 bytes, surrogates and overlong
// forms rejected.

import type { FormatLocale } from './format-io.ts';

const DOT = new Uint8Array([0x2e]);

export const C_LOCALE: FormatLocale = {
  decimalPoint: DOT,
  maxBytesPerChar: 1,
  encodeWide(codePoint, out) {
    if (codePoint < 0 || codePoint > 0x7f) return -1;
    out[0] = codePoint;
    return 1;
  },
  decodeMultibyte(bytes, start, end, decoded) {
    if (start >= end) return -2;
    const b = bytes[start];
    if (b > 0x7f) return -1;
    decoded[0] = b;
    return 1;
  },
};

/** Smallest code point that needs n bytes (index n), to reject overlong forms. */
const UTF8_MINIMUM = [0, 0, 0x80, 0x800, 0x10000, 0x200000, 0x4000000];

export const C_UTF8_LOCALE: FormatLocale = {
  decimalPoint: DOT,
  maxBytesPerChar: 6,
  encodeWide(codePoint, out) {
    const c = codePoint | 0;
    if (c < 0) return -1;
    if (c < 0x80) {
      out[0] = c;
      return 1;
    }
    if (c >= 0xd800 && c <= 0xdfff) return -1;
    const length = c < 0x800 ? 2 : c < 0x10000 ? 3 : c < 0x200000 ? 4 : c < 0x4000000 ? 5 : 6;
    let rest = c;
    for (let i = length - 1; i > 0; i--) {
      out[i] = 0x80 | (rest & 0x3f);
      rest >>>= 6;
    }
    out[0] = ((0xff00 >> length) & 0xff) | rest;
    return length;
  },
  decodeMultibyte(bytes, start, end, decoded) {
    if (start >= end) return -2;
    const b = bytes[start];
    if (b < 0x80) {
      decoded[0] = b;
      return 1;
    }
    let length: number;
    let value: number;
    if (b >= 0xc2 && b <= 0xdf) {
      length = 2;
      value = b & 0x1f;
    } else if ((b & 0xf0) === 0xe0) {
      length = 3;
      value = b & 0x0f;
    } else if ((b & 0xf8) === 0xf0) {
      length = 4;
      value = b & 0x07;
    } else if ((b & 0xfc) === 0xf8) {
      length = 5;
      value = b & 0x03;
    } else if ((b & 0xfe) === 0xfc) {
      length = 6;
      value = b & 0x01;
    } else {
      return -1;
    }
    for (let i = 1; i < length; i++) {
      if (start + i >= end) return -2;
      const next = bytes[start + i];
      if ((next & 0xc0) !== 0x80) return -1;
      value = value * 64 + (next & 0x3f);
    }
    if (value < UTF8_MINIMUM[length] || (value >= 0xd800 && value <= 0xdfff)) return -1;
    decoded[0] = value;
    return length;
  },
};
