// The text forms of IPv4, IPv6 and Ethernet addresses as glibc 2.36 reads and writes them
// (resolv/inet_pton.c, resolv/inet_ntop.c, resolv/inet_addr.c, inet/inet_net.c, inet/ether_*.c):
// pure functions over bytes, so that the guest-facing wrappers (./inet-functions.ts) only move
// memory. Text is Latin-1 (one char per byte), as C strings are read.

const IN6_WORDS = 8;

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/** C's isspace in the C locale. */
export function isCSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\v' || c === '\f' || c === '\r';
}

function hexValue(c: string | undefined): number {
  if (c === undefined) return -1;
  if (c >= '0' && c <= '9') return c.charCodeAt(0) - 48;
  if (c >= 'a' && c <= 'f') return c.charCodeAt(0) - 87;
  if (c >= 'A' && c <= 'F') return c.charCodeAt(0) - 55;
  return -1;
}

/** inet_pton's dotted quad: exactly four decimal parts of 0..255, no leading zeros, nothing else. */
export function parseIpv4Strict(text: string): Uint8Array | undefined {
  const out = new Uint8Array(4);
  let octets = 0;
  let sawDigit = false;
  let part = 0;
  for (const c of text) {
    if (isDigit(c)) {
      if (sawDigit && out[part] === 0) return undefined; // a leading zero ("01")
      const value = out[part]! * 10 + (c.charCodeAt(0) - 48);
      if (value > 255) return undefined;
      out[part] = value;
      if (!sawDigit) {
        if (++octets > 4) return undefined;
        sawDigit = true;
      }
    } else if (c === '.' && sawDigit) {
      if (octets === 4) return undefined;
      part++;
      sawDigit = false;
    } else {
      return undefined;
    }
  }
  return octets < 4 ? undefined : out;
}

/**
 * inet_pton's IPv6 form: up to eight groups of one to four hex digits, one "::" standing for at
 * least one zero group, and a dotted quad in place of the last two groups when it fits.
 */
export function parseIpv6(text: string): Uint8Array | undefined {
  const out = new Uint8Array(16);
  let at = 0; // next byte of `out` to fill
  let gap: number | undefined; // where "::" stood
  let i = 0;
  if (text.length === 0) return undefined;
  if (text[0] === ':') {
    if (text[1] !== ':') return undefined;
    i = 1;
  }
  let tokenStart = i;
  let digits = 0;
  let value = 0;
  while (i < text.length) {
    const c = text[i++]!;
    const digit = hexValue(c);
    if (digit >= 0) {
      if (digits === 4) return undefined;
      value = (value << 4) | digit;
      digits++;
      continue;
    }
    if (c === ':') {
      tokenStart = i;
      if (digits === 0) {
        if (gap !== undefined) return undefined;
        gap = at;
        continue;
      }
      if (i === text.length) return undefined; // a trailing single ':'
      if (at + 2 > 16) return undefined;
      out[at++] = value >> 8;
      out[at++] = value & 0xff;
      digits = 0;
      value = 0;
      continue;
    }
    if (c === '.' && at + 4 <= 16) {
      const quad = parseIpv4Strict(text.slice(tokenStart));
      if (quad !== undefined) {
        out.set(quad, at);
        at += 4;
        digits = 0;
        break;
      }
    }
    return undefined;
  }
  if (digits > 0) {
    if (at + 2 > 16) return undefined;
    out[at++] = value >> 8;
    out[at++] = value & 0xff;
  }
  if (gap !== undefined) {
    if (at === 16) return undefined; // "::" must stand for at least one group
    const tail = out.slice(gap, at);
    out.fill(0, gap);
    out.set(tail, 16 - tail.length);
    at = 16;
  }
  return at === 16 ? out : undefined;
}

export function formatIpv4(bytes: Uint8Array): string {
  return `${bytes[0]}.${bytes[1]}.${bytes[2]}.${bytes[3]}`;
}

/**
 * inet_ntop's IPv6 form: lower-case hex groups without leading zeros; the first longest run of at
 * least two zero groups becomes "::"; ::a.b.c.d and ::ffff:a.b.c.d for compatible and mapped
 * IPv4 addresses.
 */
export function formatIpv6(bytes: Uint8Array): string {
  const words: number[] = [];
  for (let i = 0; i < IN6_WORDS; i++) words.push((bytes[2 * i]! << 8) | bytes[2 * i + 1]!);
  let bestBase = -1;
  let bestLength = 0;
  let runBase = -1;
  let runLength = 0;
  for (let i = 0; i <= IN6_WORDS; i++) {
    if (i < IN6_WORDS && words[i] === 0) {
      if (runBase === -1) {
        runBase = i;
        runLength = 0;
      }
      runLength++;
    } else if (runBase !== -1) {
      if (bestBase === -1 || runLength > bestLength) {
        bestBase = runBase;
        bestLength = runLength;
      }
      runBase = -1;
    }
  }
  if (bestLength < 2) bestBase = -1;
  let text = '';
  for (let i = 0; i < IN6_WORDS; i++) {
    if (bestBase !== -1 && i >= bestBase && i < bestBase + bestLength) {
      if (i === bestBase) text += ':';
      continue;
    }
    if (i !== 0) text += ':';
    if (i === 6 && bestBase === 0 && (bestLength === 6 || (bestLength === 5 && words[5] === 0xffff))) {
      return text + formatIpv4(bytes.subarray(12));
    }
    text += words[i]!.toString(16);
  }
  if (bestBase !== -1 && bestBase + bestLength === IN6_WORDS) text += ':';
  return text;
}

/** strtoul with base 0 on the digits at `at` (after isdigit was checked): the value and the end. */
function unsignedNumber(text: string, at: number): { value: bigint; end: number } {
  let base = 10n;
  let i = at;
  if (text[i] === '0') {
    if ((text[i + 1] === 'x' || text[i + 1] === 'X') && hexValue(text[i + 2]) >= 0) {
      base = 16n;
      i += 2;
    } else {
      base = 8n;
    }
  }
  let value = 0n;
  for (;;) {
    const digit = hexValue(text[i]);
    if (digit < 0 || BigInt(digit) >= base) break;
    value = value * base + BigInt(digit);
    i++;
  }
  return { value, end: i };
}

const ULONG_MAX = (1n << 64n) - 1n;

/**
 * inet_aton's forms: a, a.b, a.b.c, a.b.c.d, each part decimal, octal (0…) or hex (0x…); the last
 * part fills the bytes left. Trailing text is allowed after white space. The address in network
 * order as a 32-bit host number (first byte most significant), or undefined.
 */
export function parseIpv4Loose(text: string): number | undefined {
  const parts: number[] = [];
  let at = 0;
  let value = 0n;
  let sawDigit = false;
  for (;;) {
    if (!isDigit(text[at])) return undefined;
    const number = unsignedNumber(text, at);
    // strtoul saturates at ULONG_MAX (ERANGE); either way more than 32 bits is refused.
    if (number.value >= ULONG_MAX || number.value > 0xffffffffn) return undefined;
    value = number.value;
    sawDigit = number.end !== at;
    at = number.end;
    if (text[at] !== '.') break;
    if (parts.length > 2 || value > 0xffn) return undefined;
    parts.push(Number(value));
    at++;
  }
  const c = text[at];
  if (c !== undefined && !isCSpace(c)) return undefined;
  if (!sawDigit) return undefined;
  const limits = [0xffffffffn, 0xffffffn, 0xffffn, 0xffn];
  if (value > limits[parts.length]!) return undefined;
  let address = 0;
  parts.forEach((part, i) => {
    address |= part << (24 - 8 * i);
  });
  return (address | Number(value)) >>> 0;
}

/**
 * inet_network: up to four parts of at most 0xff each (decimal, 0 octal, 0x hex), trailing white
 * space allowed; the parts make a host-order number, the last part lowest. 0xffffffff on error.
 * glibc 2.36 accumulates each part in 32 bits that wrap and checks the limit only after the part
 * ("4294967296" is 0); later versions also stop a part as soon as it exceeds 0xff.
 */
export function parseNetwork(text: string): number {
  const NONE = 0xffffffff;
  const parts: number[] = [];
  let at = 0;
  for (;;) {
    let value = 0;
    let base = 10;
    let sawDigit = false;
    if (text[at] === '0') {
      sawDigit = true;
      base = 8;
      at++;
    }
    if (text[at] === 'x' || text[at] === 'X') {
      sawDigit = false;
      base = 16;
      at++;
    }
    while (at < text.length) {
      const c = text[at]!;
      if (isDigit(c)) {
        if (base === 8 && (c === '8' || c === '9')) return NONE;
        value = (Math.imul(value, base) + (c.charCodeAt(0) - 48)) >>> 0;
      } else if (base === 16 && hexValue(c) >= 0) {
        value = ((value << 4) + hexValue(c)) >>> 0;
      } else {
        break;
      }
      at++;
      sawDigit = true;
    }
    if (!sawDigit) return NONE;
    if (parts.length >= 4 || value > 0xff) return NONE;
    if (text[at] === '.') {
      parts.push(value);
      at++;
      continue;
    }
    while (isCSpace(text[at])) at++;
    if (at < text.length) return NONE;
    parts.push(value);
    break;
  }
  let result = 0;
  for (const part of parts) result = ((result << 8) | part) >>> 0;
  return result;
}

/** inet_makeaddr: a network number and a host number joined by the classful split; host order. */
export function makeAddress(net: number, host: number): number {
  if (net < 128) return ((net << 24) | (host & 0x00ffffff)) >>> 0;
  if (net < 65536) return ((net << 16) | (host & 0x0000ffff)) >>> 0;
  if (net < 16777216) return ((net << 8) | (host & 0x000000ff)) >>> 0;
  return (net | host) >>> 0;
}

/** The classful split of a host-order address: [network number, local part]. */
export function classfulSplit(address: number): [number, number] {
  if ((address & 0x80000000) === 0) return [address >>> 24, address & 0x00ffffff];
  if ((address & 0xc0000000) >>> 0 === 0x80000000) return [address >>> 16, address & 0x0000ffff];
  return [address >>> 8, address & 0x000000ff];
}

/**
 * ether_aton_r: six hex bytes of one or two digits separated by ':', the last ended by NUL or white
 * space. glibc stores each byte as it is read, so a failure leaves the bytes before it written:
 * `octets` holds those, `valid` says whether all six were read.
 */
export function parseEther(text: string): { octets: number[]; valid: boolean; end: number } {
  const out: number[] = [];
  let at = 0;
  const lower = (c: string | undefined) => (c === undefined ? '\0' : c.toLowerCase());
  const value = (c: string) => (c >= '0' && c <= '9' ? c.charCodeAt(0) - 48 : c.charCodeAt(0) - 87);
  const isHex = (c: string) => (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  for (let n = 0; n < 6; n++) {
    let c = lower(text[at++]);
    if (!isHex(c)) return { octets: out, valid: false, end: at };
    let number = value(c);
    c = lower(text[at]);
    if ((n < 5 && c !== ':') || (n === 5 && c !== '\0' && !isCSpace(c))) {
      at++;
      if (!isHex(c)) return { octets: out, valid: false, end: at };
      number = (number << 4) + value(c);
      if (n < 5 && text[at] !== ':') return { octets: out, valid: false, end: at };
    }
    out.push(number);
    at++;
  }
  // `end`: after the address and the character that ended it, never past the string's end.
  return { octets: out, valid: true, end: Math.min(at, text.length) };
}

/**
 * ether_line: an /etc/ethers line, the address as ether_aton_r reads it, then white space and a
 * host name running to white space, '#' or the end. The host name, or undefined (-1) when the
 * address is bad or no name follows; `octets` as in parseEther.
 */
export function parseEtherLine(text: string): { octets: number[]; hostname: string | undefined } {
  const address = parseEther(text);
  if (!address.valid) return { octets: address.octets, hostname: undefined };
  let at = address.end;
  while (isCSpace(text[at])) at++;
  if (at >= text.length || text[at] === '#') return { octets: address.octets, hostname: undefined };
  const start = at;
  while (at < text.length && text[at] !== '#' && !isCSpace(text[at])) at++;
  return { octets: address.octets, hostname: text.slice(start, at) };
}

export function formatEther(bytes: Uint8Array): string {
  return Array.from(bytes.subarray(0, 6), (b) => b.toString(16)).join(':');
}

/**
 * inet_nsap_addr: pairs of hex digits, '.', '+' and '/' skipped, until the text ends or `maxLength`
 * bytes are made. glibc stores each byte as it goes: `bytes` are those written, `valid` false when
 * it then gave up (a non-hex character or an odd digit), in which case it returns 0.
 */
export function parseNsap(text: string, maxLength: number): { bytes: number[]; valid: boolean } {
  const bytes: number[] = [];
  let at = 0;
  while (at < text.length && bytes.length < maxLength) {
    const c = text[at++]!;
    if (c === '.' || c === '+' || c === '/') continue;
    const high = hexValue(c);
    if (high < 0) return { bytes, valid: false };
    const low = hexValue(text[at++]);
    if (low < 0) return { bytes, valid: false };
    bytes.push((high << 4) | low);
  }
  return { bytes, valid: true };
}

/** inet_nsap_ntoa: upper-case hex, a '.' after the first byte and then after every second one; at most 255 bytes. */
export function formatNsap(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i++) {
    text += bytes[i]!.toString(16).toUpperCase().padStart(2, '0');
    if (i % 2 === 0 && i + 1 < bytes.length) text += '.';
  }
  return text;
}
