// erf and erfc as glibc 2.36 computes them on this machine: fdlibm's s_erf.c (rational
// approximations on [0, 0.84375), [0.84375, 1.25), [1.25, 1/0.35) and [1/0.35, 28), the last two
// as exp(-z² - 0.5625)·exp((z - x)(z + x) + R/S)/x with z = x cut to its high word), compiled
// without fused operations (the compiler keeps negated copies of some coefficients and
// subtracts, which rounds identically); its exp calls reach __exp_fma (./exp.ts), whose
// underflow errno erfc inherits. erfc sets ERANGE itself when its result underflows to 0.
// The coefficient arrays keep fdlibm's indices (qq[0], sa[0], sb[0] unused).

import { fromWords, highWord, withLowWord } from './bit-views.ts';
import { ERANGE, mathStatus } from './exact.ts';
import { exp } from './exp.ts';
import { FE_INEXACT, FE_UNDERFLOW } from './fenv.ts';

const EFX = fromWords(0x3fc06eba, 0x8214db69);
const ERX = fromWords(0x3feb0ac1, 0x60000000);
const PP = [
  fromWords(0x3fc06eba, 0x8214db68),
  fromWords(0xbfd4cd7d, 0x691cb913),
  fromWords(0xbf9d2a51, 0xdbd7194f),
  fromWords(0xbf77a291, 0x236668e4),
  fromWords(0xbef8ead6, 0x120016ac),
] as const;
const QQ = [
  fromWords(0x00000000, 0x00000000),
  fromWords(0x3fd97779, 0xcddadc09),
  fromWords(0x3fb0a54c, 0x5536ceba),
  fromWords(0x3f74d022, 0xc4d36b0f),
  fromWords(0x3f215dc9, 0x221c1a10),
  fromWords(0xbed09c43, 0x42a26120),
] as const;
const PA = [
  fromWords(0xbf6359b8, 0xbef77538),
  fromWords(0x3fda8d00, 0xad92b34d),
  fromWords(0xbfd7d240, 0xfbb8c3f1),
  fromWords(0x3fd45fca, 0x805120e4),
  fromWords(0xbfbc6398, 0x3d3e28ec),
  fromWords(0x3fa22a36, 0x599795eb),
  fromWords(0xbf61bf38, 0x0a96073f),
] as const;
const QA = [
  fromWords(0x00000000, 0x00000000),
  fromWords(0x3fbb3e66, 0x18eee323),
  fromWords(0x3fe14af0, 0x92eb6f33),
  fromWords(0x3fb2635c, 0xd99fe9a7),
  fromWords(0x3fc02660, 0xe763351f),
  fromWords(0x3f8bedc2, 0x6b51dd1c),
  fromWords(0x3f888b54, 0x5735151d),
] as const;
const RA = [
  fromWords(0xbf843412, 0x600d6435),
  fromWords(0xbfe63416, 0xe4ba7360),
  fromWords(0xc0251e04, 0x41b0e726),
  fromWords(0xc04f300a, 0xe4cba38d),
  fromWords(0xc0644cb1, 0x84282266),
  fromWords(0xc067135c, 0xebccabb2),
  fromWords(0xc0545265, 0x57e4d2f2),
  fromWords(0xc023a0ef, 0xc69ac25c),
] as const;
const SA = [
  fromWords(0x00000000, 0x00000000),
  fromWords(0x4033a6b9, 0xbd707687),
  fromWords(0x4061350c, 0x526ae721),
  fromWords(0x407b290d, 0xd58a1a71),
  fromWords(0x40842b19, 0x21ec2868),
  fromWords(0x407ad021, 0x57700314),
  fromWords(0x405b28a3, 0xee48ae2c),
  fromWords(0x401a47ef, 0x8e484a93),
  fromWords(0xbfaeeff2, 0xee749a62),
] as const;
const RB = [
  fromWords(0xbf843412, 0x39e86f4a),
  fromWords(0xbfe993ba, 0x70c285de),
  fromWords(0xc031c209, 0x555f995a),
  fromWords(0xc064145d, 0x43c5ed98),
  fromWords(0xc083ec88, 0x1375f228),
  fromWords(0xc0900461, 0x6a2e5992),
  fromWords(0xc07e384e, 0x9bdc383f),
] as const;
const SB = [
  fromWords(0x00000000, 0x00000000),
  fromWords(0x403e568b, 0x261d5190),
  fromWords(0x40745cae, 0x221b9f0a),
  fromWords(0x409802eb, 0x189d5118),
  fromWords(0x40a8ffb7, 0x688c246a),
  fromWords(0x40a3f219, 0xcedf3be6),
  fromWords(0x407da874, 0xe79fe763),
  fromWords(0xc03670e2, 0x42712d62),
] as const;
const DBL_MIN = 2 ** -1022;

/** r/s on |x| < 0.84375 (z = x²). */
function smallRatio(z: number): number {
  const r1 = PP[0] + z * PP[1];
  const z2 = z * z;
  const r2 = PP[2] + z * PP[3];
  const z4 = z2 * z2;
  const s1 = 1 + z * QQ[1];
  const s2 = QQ[2] + z * QQ[3];
  const s3 = QQ[4] + z * QQ[5];
  const r = r1 + z2 * r2 + z4 * PP[4];
  const s = s1 + z2 * s2 + z4 * s3;
  return r / s;
}

/** P/Q on 0.84375 <= |x| < 1.25 (s = |x| - 1). */
function middleRatio(s: number): number {
  const p1 = PA[0] + s * PA[1];
  const s2 = s * s;
  const q1 = 1 + s * QA[1];
  const s4 = s2 * s2;
  const p2 = PA[2] + s * PA[3];
  const s6 = s4 * s2;
  const q2 = QA[2] + s * QA[3];
  const p3 = PA[4] + s * PA[5];
  const q3 = QA[4] + s * QA[5];
  const p = p1 + s2 * p2 + s4 * p3 + s6 * PA[6];
  const q = q1 + s2 * q2 + s4 * q3 + s6 * QA[6];
  return p / q;
}

/** exp(-x² - 0.5625 + R/S) for 1.25 <= x < 28 (x = |argument|); `nearTable` picks ra/sa. */
function tail(x: number, nearTable: boolean): number {
  const s = 1 / (x * x);
  let r: number;
  let q: number;
  if (nearTable) {
    const r1 = RA[0] + s * RA[1];
    const s2 = s * s;
    const q1 = 1 + s * SA[1];
    const s4 = s2 * s2;
    const r2 = RA[2] + s * RA[3];
    const s6 = s4 * s2;
    const q2 = SA[2] + s * SA[3];
    const s8 = s4 * s4;
    const r3 = RA[4] + s * RA[5];
    const q3 = SA[4] + s * SA[5];
    const r4 = RA[6] + s * RA[7];
    const q4 = SA[6] + s * SA[7];
    r = r1 + s2 * r2 + s4 * r3 + s6 * r4;
    q = q1 + s2 * q2 + s4 * q3 + s6 * q4 + s8 * SA[8];
  } else {
    const r1 = RB[0] + s * RB[1];
    const s2 = s * s;
    const q1 = 1 + s * SB[1];
    const s4 = s2 * s2;
    const r2 = RB[2] + s * RB[3];
    const s6 = s4 * s2;
    const q2 = SB[2] + s * SB[3];
    const r3 = RB[4] + s * RB[5];
    const q3 = SB[4] + s * SB[5];
    const q4 = SB[6] + s * SB[7];
    r = r1 + s2 * r2 + s4 * r3 + s6 * RB[6];
    q = q1 + s2 * q2 + s4 * q3 + s6 * q4;
  }
  const z = withLowWord(x, 0);
  return exp(-z * z - 0.5625) * exp((z - x) * (z + x) + r / q);
}

export function erf(x: number): number {
  const hx = highWord(x);
  const ix = hx & 0x7fffffff;
  if (ix >= 0x7ff00000) return (hx < 0 ? -1 : 1) + 1 / x; // ±1, or the NaN
  if (ix < 0x3feb0000) {
    if (ix < 0x3e300000) {
      // |x| < 2^-28: x + efx·x (scaled by 16 below 2^-1015 against a spurious underflow)
      if (x === 0) return x;
      mathStatus.exceptions |= FE_INEXACT;
      if (ix < 0x00800000) {
        const ret = 0.0625 * (16 * x + 16 * EFX * x);
        if (Math.abs(ret) < DBL_MIN) mathStatus.exceptions |= FE_UNDERFLOW;
        return ret;
      }
      return x + EFX * x;
    }
    mathStatus.exceptions |= FE_INEXACT;
    return x + x * smallRatio(x * x);
  }
  mathStatus.exceptions |= FE_INEXACT;
  if (ix < 0x3ff40000) {
    const ratio = middleRatio(Math.abs(x) - 1);
    return hx >= 0 ? ERX + ratio : -ERX - ratio;
  }
  if (ix >= 0x40180000) return hx >= 0 ? 1 : -1; // 1 - tiny
  const ax = Math.abs(x);
  const r = tail(ax, ix < 0x4006db6e);
  return hx >= 0 ? 1 - r / ax : r / ax - 1;
}

export function erfc(x: number): number {
  const hx = highWord(x);
  const ix = hx & 0x7fffffff;
  if (ix >= 0x7ff00000) return (hx < 0 ? 2 : 0) + 1 / x; // 0, 2, or the NaN
  if (ix < 0x3feb0000) {
    if (ix < 0x3c700000) {
      if (x !== 0) mathStatus.exceptions |= FE_INEXACT;
      return 1 - x;
    }
    mathStatus.exceptions |= FE_INEXACT;
    const y = smallRatio(x * x);
    if (hx < 0x3fd00000) return 1 - (x + x * y);
    const r = x * y + (x - 0.5);
    return 0.5 - r;
  }
  mathStatus.exceptions |= FE_INEXACT;
  if (ix < 0x3ff40000) {
    const ratio = middleRatio(Math.abs(x) - 1);
    if (hx >= 0) return 1 - ERX - ratio;
    return 1 + (ERX + ratio);
  }
  if (ix < 0x403c0000) {
    if (hx < 0 && ix >= 0x40180000) return 2; // 2 - tiny
    const ax = Math.abs(x);
    const r = tail(ax, ix < 0x4006db6d);
    if (hx > 0) {
      const ret = r / ax;
      if (ret === 0) mathStatus.errno = ERANGE;
      if (Math.abs(ret) < DBL_MIN) mathStatus.exceptions |= FE_UNDERFLOW;
      return ret;
    }
    return 2 - r / ax;
  }
  if (hx > 0) {
    // tiny·tiny
    mathStatus.errno = ERANGE;
    mathStatus.exceptions |= FE_UNDERFLOW;
    return 0;
  }
  return 2;
}
