// erff and erfcf as glibc 2.36 computes them on this machine: flt-32 s_erff.c (fdlibm's rational
// approximations in float arithmetic, every operation raising its flags as SSE does:
// ./float-arithmetic.ts; libm.so.6 has no FMA variant) with exp(-x²) from the FMA expf
// (./float-exp-log.ts, whose own underflow sets ERANGE as glibc's does). erfcf sets ERANGE when
// its positive result underflows to zero.

import { floatBits, floatFromBits } from './bit-views.ts';
import { ERANGE, mathStatus } from './exact.ts';
import { FE_UNDERFLOW } from './fenv.ts';
import { add, div, mul, sub } from './float-arithmetic.ts';
import { expf } from './float-exp-log.ts';

const FLT_MIN = 2 ** -126;
const TINY = Math.fround(1e-30);
const ERX = floatFromBits(0x3f58560b);
const EFX = floatFromBits(0x3e0375d4);
/** Coefficients, lowest degree first, of the numerators and denominators on each interval. */
const PP = [0x3e0375d4, 0xbea66beb, 0xbce9528f, 0xbbbd1489, 0xb7c756b1].map(floatFromBits);
const QQ = [0x3f800000, 0x3ecbbbce, 0x3d852a63, 0x3ba68116, 0x390aee49, 0xb684e21a].map(floatFromBits);
const PA = [0xbb1acdc6, 0x3ed46805, 0xbebe9208, 0x3ea2fe54, 0xbde31cc2, 0x3d1151b3, 0xbb0df9c0].map(floatFromBits);
const QA = [0x3f800000, 0x3dd9f331, 0x3f0a5785, 0x3d931ae7, 0x3e013307, 0x3c5f6e13, 0x3c445aa3].map(floatFromBits);
const RA = [0xbc21a093, 0xbf31a0b7, 0xc128f022, 0xc2798057, 0xc322658c, 0xc3389ae7, 0xc2a2932b, 0xc11d077e].map(
  floatFromBits,
);
const SA = [
  0x3f800000, 0x419d35ce, 0x4309a863, 0x43d9486f, 0x442158c9, 0x43d6810b, 0x42d9451f, 0x40d23f7c, 0xbd777f97,
].map(floatFromBits);
const RB = [0xbc21a092, 0xbf4c9dd4, 0xc18e104b, 0xc320a2ea, 0xc41f6441, 0xc480230b, 0xc3f1c275].map(floatFromBits);
const SB = [0x3f800000, 0x41f2b459, 0x43a2e571, 0x44c01759, 0x4547fdbb, 0x451f90ce, 0x43ed43a7, 0xc1b38712].map(
  floatFromBits,
);

/** c[0] + s·(c[1] + s·(… + s·c[n-1])), in float operations in that order. */
function horner(s: number, c: number[]): number {
  let acc = c[c.length - 1]!;
  for (let i = c.length - 2; i >= 0; i--) acc = add(c[i]!, mul(s, acc));
  return acc;
}

/** exp(-z² - 0.5625)·exp((z - x)(z + x) + R/S) with z = x's head (`mask` of its bits): erfc(x)·x for x ≥ 1.25. */
function expTail(x: number, mask: number, ratio: number): number {
  const z = floatFromBits(floatBits(x) & mask);
  const first = Math.fround(expf(sub(mul(-z, z), 0.5625)));
  const second = Math.fround(expf(add(mul(sub(z, x), add(z, x)), ratio)));
  return mul(first, second);
}

/** R/S of the two tail intervals, s = 1/x². */
function tailRatio(s: number, nearer: boolean): number {
  return nearer ? div(horner(s, RA), horner(s, SA)) : div(horner(s, RB), horner(s, SB));
}

export function erff(input: number): number {
  const x = Math.fround(input);
  const hx = floatBits(x) | 0;
  const ix = hx & 0x7fffffff;
  if (ix >= 0x7f800000) {
    if (Number.isNaN(x)) return x;
    return hx < 0 ? -1 : 1; // 1 - 2·sign + 1/x, exact
  }
  if (ix < 0x3f580000) {
    // |x| < 0.84375
    if (ix < 0x31800000) {
      if (ix < 0x04000000) {
        // scaled by 16 to avoid a spurious underflow; then the forced check on the result
        const ret = mul(0.0625, add(mul(16, x), mul(mul(16, EFX), x)));
        if (ret !== 0 && Math.abs(ret) < FLT_MIN) mathStatus.exceptions |= FE_UNDERFLOW;
        return ret;
      }
      return add(x, mul(EFX, x));
    }
    const z = mul(x, x);
    const y = div(horner(z, PP), horner(z, QQ));
    return add(x, mul(x, y));
  }
  if (ix < 0x3fa00000) {
    // 0.84375 <= |x| < 1.25
    const s = sub(Math.abs(x), 1);
    const ratio = div(horner(s, PA), horner(s, QA));
    return hx >= 0 ? add(ERX, ratio) : sub(-ERX, ratio);
  }
  if (ix >= 0x40c00000) return hx >= 0 ? sub(1, TINY) : sub(TINY, 1);
  const xa = Math.abs(x);
  const s = div(1, mul(xa, xa));
  const r = expTail(xa, 0xfffff000, tailRatio(s, ix < 0x4036db6e));
  return hx >= 0 ? sub(1, div(r, xa)) : sub(div(r, xa), 1);
}

export function erfcf(input: number): number {
  const x = Math.fround(input);
  const hx = floatBits(x) | 0;
  const ix = hx & 0x7fffffff;
  if (ix >= 0x7f800000) {
    if (Number.isNaN(x)) return x;
    return hx < 0 ? 2 : 0;
  }
  if (ix < 0x3f580000) {
    // |x| < 0.84375
    if (ix < 0x32800000) return sub(1, x);
    const z = mul(x, x);
    const y = div(horner(z, PP), horner(z, QQ));
    if (hx < 0x3e800000) return sub(1, add(x, mul(x, y)));
    const r = add(mul(x, y), sub(x, 0.5));
    return sub(0.5, r);
  }
  if (ix < 0x3fa00000) {
    // 0.84375 <= |x| < 1.25
    const s = sub(Math.abs(x), 1);
    const ratio = div(horner(s, PA), horner(s, QA));
    if (hx >= 0) return sub(sub(1, ERX), ratio);
    return add(1, add(ERX, ratio));
  }
  if (ix < 0x41e00000) {
    // |x| < 28
    const xa = Math.abs(x);
    const s = div(1, mul(xa, xa));
    const nearer = ix < 0x4036db6d;
    if (!nearer && hx < 0 && ix >= 0x40c00000) return sub(2, TINY);
    const r = expTail(xa, 0xffffe000, tailRatio(s, nearer));
    if (hx > 0) {
      const ret = div(r, xa);
      if (ret === 0) mathStatus.errno = ERANGE;
      return ret;
    }
    return sub(2, div(r, xa));
  }
  if (hx > 0) {
    mathStatus.errno = ERANGE;
    return mul(TINY, TINY);
  }
  return sub(2, TINY);
}
