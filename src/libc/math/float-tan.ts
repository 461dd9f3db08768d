// tanf as glibc 2.36 computes it on this machine: flt-32 s_tanf.c (libm.so.6 has no FMA variant)
// reduces by pi/2 in double with the sinf family's reduction (reduce_fast compiled without FMA:
// x - n·(pi/2) as a product, then a difference; reduce_large from 4/pi's bits, shared with
// ./float-trig.ts), splits the remainder into two floats and evaluates fdlibm's k_tanf.c in float
// arithmetic, every operation raising its flags as SSE does and rounding in the current mode
// (./float-arithmetic.ts). tanf(±inf) sets EDOM.

import { floatBits, floatFromBits } from './bit-views.ts';
import { EDOM, mathStatus } from './exact.ts';
import { FE_INEXACT, FE_INVALID, FE_UNDERFLOW } from './fenv.ts';
import { add, div, mul, mulDouble, sub, subDouble, toFloat } from './float-arithmetic.ts';
import { HPI, HPI_INV, largeQuadrant, reduceLarge } from './float-trig.ts';

const FLT_MIN = 2 ** -126;
const PIO4 = floatFromBits(0x3f490fda);
const PIO4_LO = floatFromBits(0x33222168);
const T = [
  0x3eaaaaab, 0x3e088889, 0x3d5d0dd1, 0x3cb327a4, 0x3c11371f, 0x3b6b6916, 0x3abede48, 0x3a1a26c8, 0x398137b9,
  0x38a3f445, 0x3895c07a, 0xb79bae5f, 0x37d95384,
].map(floatFromBits);

/** A float's bits with the low 12 significand bits cleared. */
function head(x: number): number {
  return floatFromBits(floatBits(x) & 0xfffff000);
}

/** k_tanf.c: tan(x + y) for iy = 1, -1/tan(x + y) for iy = -1, |x + y| ≲ pi/4. */
function kernelTanf(xIn: number, yIn: number, iy: number): number {
  let x = xIn;
  let y = yIn;
  const hx = floatBits(x) | 0;
  const ix = hx & 0x7fffffff;
  if (ix < 0x39000000) {
    // |x| < 2^-13: (int)x raises inexact for x != 0
    if (x !== 0) mathStatus.exceptions |= FE_INEXACT;
    if ((ix | (iy + 1)) === 0) return div(1, Math.abs(x));
    if (iy === 1) {
      if (x !== 0 && Math.abs(x) < FLT_MIN) mathStatus.exceptions |= FE_UNDERFLOW;
      return x;
    }
    return div(-1, x);
  }
  const sign = 1 - ((hx >> 30) & 2);
  if (ix >= 0x3f2ca140) {
    // |x| >= 0.6744: tan(pi/4 - x')
    if (hx < 0) {
      x = -x;
      y = -y;
    }
    const z = sub(PIO4, x);
    const w = sub(PIO4_LO, y);
    x = add(z, w);
    y = 0;
    if (Math.abs(x) < 2 ** -13) return mul(sign * iy, sub(1, mul(2 * iy, x)));
  }
  const z = mul(x, x);
  const w = mul(z, z);
  let r = add(T[1]!, mul(w, add(T[3]!, mul(w, add(T[5]!, mul(w, add(T[7]!, mul(w, add(T[9]!, mul(w, T[11]!))))))))));
  let v = mul(
    z,
    add(T[2]!, mul(w, add(T[4]!, mul(w, add(T[6]!, mul(w, add(T[8]!, mul(w, add(T[10]!, mul(w, T[12]!)))))))))),
  );
  let s = mul(z, x);
  r = add(y, mul(z, add(mul(s, add(r, v)), y)));
  r = add(r, mul(T[0]!, s));
  const sum = add(x, r);
  if (ix >= 0x3f2ca140) {
    v = iy;
    return mul(sign, sub(v, mul(2, sub(x, sub(div(mul(sum, sum), add(sum, v)), r)))));
  }
  if (iy === 1) return sum;
  // -1/(x + r) accurately: heads of w and of -1/w, and the corrections
  const zHead = head(sum);
  v = sub(r, sub(zHead, x));
  const a = div(-1, sum);
  const t = head(a);
  s = add(1, mul(t, zHead));
  return add(t, mul(a, add(s, mul(t, v))));
}

export function tanf(input: number): number {
  const x = Math.fround(input);
  const xi = floatBits(x);
  const ix = xi & 0x7fffffff;
  if (ix <= 0x3f490fda) return kernelTanf(x, 0, 1);
  if (ix >= 0x7f800000) {
    if (ix === 0x7f800000) {
      mathStatus.errno = EDOM;
      mathStatus.exceptions |= FE_INVALID;
      return Number.NaN;
    }
    return x;
  }
  let dx: number;
  let n: number;
  if (ix >>> 20 < 0x42f) {
    // |x| < 120: reduce_fast, n from 2^24·2/pi·x truncated and rounded by the added half
    const r = mulDouble(x, HPI_INV);
    n = ((Math.trunc(r) | 0) + 0x800000) >> 24;
    dx = subDouble(x, mulDouble(n, HPI));
  } else {
    dx = reduceLarge(xi);
    n = largeQuadrant;
    if (xi >>> 31 !== 0) dx = -dx;
  }
  const y0 = toFloat(dx);
  const y1 = toFloat(subDouble(dx, y0));
  return kernelTanf(y0, y1, 1 - ((n & 1) << 1));
}
