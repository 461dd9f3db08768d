// cbrtf and hypotf as glibc 2.36 computes them on this machine, both in double arithmetic (each
// step rounded in the current mode: ./float-arithmetic.ts):
// flt-32 s_cbrtf.c (frexpf, a quadratic first guess rounded to float, one Halley step in double
// scaled by 2^(e mod 3 / 3), ldexpf) and e_hypotf.c (hypotf@@GLIBC_2.35: sqrt(x² + y²) in double
// rounded once to float; ERANGE when that overflows). Neither has an FMA variant in libm.so.6.

import { floatBits, floatFromBits } from './bit-views.ts';
import { errorTerm, twoProduct, twoSum } from './error-free.ts';
import { ERANGE, mathStatus } from './exact.ts';
import { FE_INEXACT } from './fenv.ts';
import { addDouble, divDouble, mul, mulDouble, sqrtDouble, subDouble, toFloat } from './float-arithmetic.ts';

const fr = Math.fround;
const CBRT2 = 1.2599210498948732;
const SQR_CBRT2 = 1.5874010519681996;
/** 2^(i/3) for i = -2..2, at index i + 2. */
const FACTOR = [1 / SQR_CBRT2, 1 / CBRT2, 1, CBRT2, SQR_CBRT2];

export function cbrtf(input: number): number {
  const x = fr(input);
  if (x === 0 || !Number.isFinite(x)) return x + x;
  // frexpf(|x|): |x| = xm · 2^xe with xm in [0.5, 1)
  let xe = ((floatBits(x) >>> 23) & 0xff) - 126;
  // a subnormal's exponent from its value scaled into the normal range
  if (xe === -126) xe = ((floatBits(Math.abs(x) * 2 ** 25) >>> 23) & 0xff) - 126 - 25;
  const xm = Math.abs(x) * 2 ** -xe;
  // double steps (rounded in the current mode), u and ym converted to float, t2 in float
  const u = toFloat(
    addDouble(0.49265962052896956, mulDouble(subDouble(0.6975704602079228, mulDouble(0.19150216167871906, xm)), xm)),
  );
  const t2 = mul(mul(u, u), u);
  const quotient = divDouble(mulDouble(u, addDouble(t2, 2 * xm)), addDouble(2 * t2, xm));
  const ym = toFloat(mulDouble(quotient, FACTOR[2 + (xe % 3)]!));
  mathStatus.exceptions |= FE_INEXACT;
  // ldexpf by xe/3 (truncated): exact, the cube root of a float is far from the subnormals
  return (x > 0 ? ym : -ym) * 2 ** Math.trunc(xe / 3);
}

function isSignaling(bits: number): boolean {
  return (bits & 0x7fffffff) > 0x7f800000 && (bits & 0x400000) === 0;
}

/** hypotf on its arguments' bits: an infinity wins over a quiet NaN but not over a signaling one. */
export function hypotfBits(xBits: number, yBits: number): number {
  const x = floatFromBits(xBits);
  const y = floatFromBits(yBits);
  if (!Number.isFinite(x) || !Number.isFinite(y)) {
    // a NaN result takes its bits and the invalid of a signaling NaN from the binding (returnNaN)
    if (isSignaling(xBits) || isSignaling(yBits)) return Number.NaN;
    if (Math.abs(x) === Number.POSITIVE_INFINITY || Math.abs(y) === Number.POSITIVE_INFINITY)
      return Number.POSITIVE_INFINITY;
    return Number.NaN;
  }
  // x² and y² are exact in double; their sum and its square root may round
  twoSum(x * x, y * y);
  let inexact = errorTerm !== 0;
  const sum = addDouble(x * x, y * y);
  const root = sqrtDouble(sum);
  const square = twoProduct(root, root);
  if (square !== sum || errorTerm !== 0) inexact = true;
  const r = toFloat(root, inexact);
  if (!Number.isFinite(r)) mathStatus.errno = ERANGE;
  return r;
}
