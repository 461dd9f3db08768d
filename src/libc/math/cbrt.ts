// cbrt as glibc 2.36's s_cbrt.c compiles on this machine (one version, no IFUNC: plain SSE2
// multiplies and adds at cbrt+0): |x| = xm·2^xe with xm in [0.5, 1), a degree-6 polynomial u
// approximating xm^(1/3), one Halley step u·(u³ + 2xm)/(2u³ + xm), times 2^((xe mod 3)/3) from a
// table, scaled by 2^(xe/3) (truncating division, as C's). Constants as stored in libm.so.6.
// No errno: every result is finite and normal; zeros, infinities and NaN come back as x + x.
import { mathStatus } from './exact.ts';
import { FE_INEXACT } from './fenv.ts';

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

/** 2^(i/3) for i = -2..2 (index i + 2), as rounded in libm's table. */
const FACTOR = new Float64Array([0.6299605249474365, 0.7937005259840997, 1.0, 1.2599210498948732, 1.5874010519681996]);
const P0 = 0.14526389938548637;
const P1 = 0.7849323449766392;
const P2 = 1.8346927748361308;
const P3 = 2.4469312256353444;
const P4 = 2.114994941673713;
const P5 = 1.508191937815849;
const P6 = 0.35489576504391984;
const TWO_54 = 2 ** 54;

export function cbrt(x: number): number {
  if (x === 0 || !Number.isFinite(x)) return x + x;
  // frexp(|x|): the significand in [0.5, 1) and the exponent, subnormals normalized first.
  f64[0] = Math.abs(x);
  let high = u32[1]!;
  let adjust = 0;
  if (high < 0x00100000) {
    f64[0] *= TWO_54;
    high = u32[1]!;
    adjust = -54;
  }
  const xe = (high >>> 20) - 1022 + adjust;
  u32[1] = (high & 0x800fffff) | 0x3fe00000;
  const xm = f64[0]!;
  let u = P1 - P0 * xm;
  u = u * xm - P2;
  u = u * xm + P3;
  u = u * xm - P4;
  u = u * xm + P5;
  u = u * xm + P6;
  const t2 = u * u * u;
  const ym = (((xm + xm + t2) * u) / (t2 + t2 + xm)) * FACTOR[2 + (xe % 3)]!;
  mathStatus.exceptions |= FE_INEXACT;
  // ldexp by 2^(xe/3): |xe/3| < 359, so the power of two and the product are exact.
  return (x > 0 ? ym : -ym) * 2 ** ((xe / 3) | 0);
}
