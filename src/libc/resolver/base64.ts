// libresolv's base64 (__b64_ntop, __b64_pton; resolv.h's b64_ntop/b64_pton), as BIND wrote it
// and glibc 2.36 keeps it: padded output that must fit with its NUL; input decoded four
// characters at a time with white space skipped anywhere, a byte-exact check of the target size
// (one byte of slack asked for in the middle of a group), and non-zero bits after the last full
// byte rejected. Both work on a byte array with offsets (guest memory and addresses).

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const ENCODE = Uint8Array.from(ALPHABET, (c) => c.charCodeAt(0));
const DECODE = new Int8Array(256).fill(-1);
for (let i = 0; i < ENCODE.length; i++) DECODE[ENCODE[i]!] = i;
const PAD = 0x3d;

/** isspace in the C locale. */
function isSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

/** b64_ntop: `source` encoded into m[target, target+size) with a NUL; the length, or -1. */
export function encodeBase64(source: Uint8Array, m: Uint8Array, target: number, size: number): number {
  let length = 0;
  let i = 0;
  for (; source.length - i > 2; i += 3) {
    if (length + 4 > size) return -1;
    const [a, b, c] = [source[i]!, source[i + 1]!, source[i + 2]!];
    m[target + length++] = ENCODE[a >> 2]!;
    m[target + length++] = ENCODE[((a & 3) << 4) | (b >> 4)]!;
    m[target + length++] = ENCODE[((b & 15) << 2) | (c >> 6)]!;
    m[target + length++] = ENCODE[c & 63]!;
  }
  const left = source.length - i;
  if (left !== 0) {
    const a = source[i]!;
    const b = left > 1 ? source[i + 1]! : 0;
    if (length + 4 > size) return -1;
    m[target + length++] = ENCODE[a >> 2]!;
    m[target + length++] = ENCODE[((a & 3) << 4) | (b >> 4)]!;
    m[target + length++] = left === 1 ? PAD : ENCODE[(b & 15) << 2]!;
    m[target + length++] = PAD;
  }
  if (length >= size) return -1;
  m[target + length] = 0;
  return length;
}

/**
 * b64_pton: the text `text` (its bytes, no NUL) decoded into m[target, target+size), or only
 * counted when `target` is 0 (NULL). The number of bytes, or -1.
 */
export function decodeBase64(text: Uint8Array, m: Uint8Array, target: number, size: number): number {
  let state = 0;
  let written = 0;
  let i = 0;
  const next = (): number => (i < text.length ? text[i++]! : 0);
  let c = 0;
  for (;;) {
    c = next();
    if (c === 0) break;
    if (isSpace(c)) continue;
    if (c === PAD) break;
    const value = DECODE[c]!;
    if (value < 0) return -1;
    switch (state) {
      case 0:
        if (target !== 0) {
          if (written >= size) return -1;
          m[target + written] = value << 2;
        }
        state = 1;
        break;
      case 1:
        if (target !== 0) {
          if (written + 1 >= size) return -1;
          m[target + written] |= value >> 4;
          m[target + written + 1] = (value & 15) << 4;
        }
        written++;
        state = 2;
        break;
      case 2:
        if (target !== 0) {
          if (written + 1 >= size) return -1;
          m[target + written] |= value >> 2;
          m[target + written + 1] = (value & 3) << 6;
        }
        written++;
        state = 3;
        break;
      default:
        if (target !== 0) {
          if (written >= size) return -1;
          m[target + written] |= value;
        }
        written++;
        state = 0;
    }
  }
  if (c !== PAD) return state === 0 ? written : -1;
  c = next();
  if (state === 0 || state === 1) return -1;
  if (state === 2) {
    while (c !== 0 && isSpace(c)) c = next();
    if (c !== PAD) return -1;
    c = next();
  }
  for (; c !== 0; c = next()) if (!isSpace(c)) return -1;
  // The bits past the last full byte must be zero (else they would carry hidden data).
  if (target !== 0 && m[target + written] !== 0) return -1;
  return written;
}
