// hypot as glibc 2.36's e_hypot.c (the 2.35 rewrite) compiles on this machine: one version, no
// IFUNC, so the kernel is the non-FMA one (hypot@@GLIBC_2.35 at libm+0x27ae0): h = sqrt(ax² + ay²)
// then one correction step from the exact-in-theory residual, in the order of the disassembly.
// Inputs beyond 2^511 or below 2^-511 are scaled by 2^∓600 first (multiplications, exact).
// errno: ERANGE when the scaled-down path overflows. Flags: inexact unless every step was exact
// (hypot(3, 4) = 5 raises nothing natively), underflow for subnormal results of the tiny path.
import { errorTerm, twoProduct, twoSum } from './error-free.ts';
import { ERANGE, mathStatus } from './exact.ts';
import { FE_INEXACT, FE_OVERFLOW, FE_UNDERFLOW } from './fenv.ts';

const LARGE = 2 ** 511;
const TINY = 2 ** -511;
const EPS = 2 ** -54;
const INV_EPS = 2 ** 54;
const SCALE_DOWN = 2 ** -600;
const SCALE_UP = 2 ** 600;
const DBL_MIN = 2 ** -1022;

/** Whether the last kernel call was exact throughout. */
let kernelExact = false;

/** sqrt(ax² + ay²) for ax ≥ ay ≥ 0 whose squares neither overflow nor underflow. */
function kernel(ax: number, ay: number): number {
  const ax2 = twoProduct(ax, ax);
  let exact = errorTerm === 0;
  const ay2 = twoProduct(ay, ay);
  exact &&= errorTerm === 0;
  const sum = twoSum(ax2, ay2);
  exact &&= errorTerm === 0;
  let h = Math.sqrt(sum);
  if (exact) exact = twoProduct(h, h) === sum && errorTerm === 0;
  let t1: number;
  let t2: number;
  if (ay + ay >= h) {
    const delta = h - ay;
    t1 = (delta + delta - ax) * ax;
    const d = ax - ay;
    t2 = (delta - (d + d)) * delta;
  } else {
    const delta = h - ax;
    t1 = (delta + delta) * (ax - (ay + ay));
    t2 = (4.0 * delta - ay) * ay + delta * delta;
  }
  const correction = t1 + t2;
  kernelExact = exact && correction === 0;
  h -= correction / (h + h);
  return h;
}

/** ax + ay with the inexact flag as the addition raises it (a sum of doubles is never tiny and inexact). */
function sum(ax: number, ay: number): number {
  const s = twoSum(ax, ay);
  if (errorTerm !== 0) mathStatus.exceptions |= FE_INEXACT;
  return s;
}

export function hypot(x: number, y: number): number {
  if (!Number.isFinite(x) || !Number.isFinite(y)) {
    // Signaling NaNs are the binding's (signaling-nan.ts): an infinity wins over a quiet NaN.
    if (Math.abs(x) === Number.POSITIVE_INFINITY || Math.abs(y) === Number.POSITIVE_INFINITY)
      return Number.POSITIVE_INFINITY;
    return x + y;
  }
  x = Math.abs(x);
  y = Math.abs(y);
  const ax = x < y ? y : x;
  const ay = x < y ? x : y;
  if (ax > LARGE) {
    if (ay <= ax * EPS) return sum(ax, ay);
    const h = kernel(ax * SCALE_DOWN, ay * SCALE_DOWN);
    const r = h * SCALE_UP;
    if (!kernelExact || !Number.isFinite(r)) mathStatus.exceptions |= FE_INEXACT;
    if (!Number.isFinite(r)) {
      mathStatus.errno = ERANGE;
      mathStatus.exceptions |= FE_OVERFLOW;
    }
    return r;
  }
  if (ay < TINY) {
    if (ax >= ay * INV_EPS) return sum(ax, ay);
    const h = kernel(ax * SCALE_UP, ay * SCALE_UP);
    const r = h * SCALE_DOWN;
    if (!kernelExact || r * SCALE_UP !== h) mathStatus.exceptions |= FE_INEXACT;
    // math_check_force_underflow_nonneg: a result below DBL_MIN raises underflow.
    if (r < DBL_MIN) mathStatus.exceptions |= FE_UNDERFLOW | FE_INEXACT;
    return r;
  }
  if (ay <= ax * EPS) return sum(ax, ay);
  const h = kernel(ax, ay);
  if (!kernelExact) mathStatus.exceptions |= FE_INEXACT;
  return h;
}
