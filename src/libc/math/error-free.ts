// Error-free transformations on doubles and an exact fused multiply-add, for the algorithms glibc
// compiles with FMA instructions (JavaScript has none) and for telling whether a result was exact.
// Each function leaves its second output in `errorTerm` (no allocation per call).
//
// fma(a, b, c) follows Boldo and Melquiond's emulation: a·b = ph + pl exactly (Dekker's product
// with Veltkamp splitting), c + ph = sh + sl exactly (Knuth's two-sum), then sl + pl rounded to
// odd and added to sh with one round-to-nearest gives the correctly rounded a·b + c. Arguments
// whose product or sum is near the overflow or underflow thresholds are scaled first.

/** The low part of the last twoSum/twoProduct. */
export let errorTerm = 0;

const SPLITTER = 134217729; // 2^27 + 1
const view = new DataView(new ArrayBuffer(8));

/** s = RN(a + b) and errorTerm = a + b - s exactly (a, b finite, no overflow). */
export function twoSum(a: number, b: number): number {
  const s = a + b;
  const bb = s - a;
  errorTerm = a - (s - bb) + (b - bb);
  return s;
}

/** p = RN(a · b) and errorTerm = a·b - p exactly (|a|,|b| < 2^995, product above 2^-969). */
export function twoProduct(a: number, b: number): number {
  const p = a * b;
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  errorTerm = al * bl - (p - ah * bh - al * bh - ah * bl);
  return p;
}

/**
 * a + b rounded to odd: exact when representable, else whichever neighbour has an odd last
 * significand bit. Rounding that once more to a narrower format (float) is a correct single rounding.
 */
export function addRoundToOdd(a: number, b: number): number {
  const s = twoSum(a, b);
  const e = errorTerm;
  if (e === 0 || !Number.isFinite(s)) return s;
  view.setFloat64(0, s, true);
  const low = view.getUint32(0, true);
  if ((low & 1) === 1) return s;
  // s is even: the exact value lies strictly between s and its neighbour on e's side, which is odd.
  const towardLarger = e > 0 === s > 0;
  let lo = low;
  let hi = view.getUint32(4, true);
  if (towardLarger) {
    lo = (lo + 1) >>> 0;
    if (lo === 0) hi++;
  } else {
    if (lo === 0) hi--;
    lo = (lo - 1) >>> 0;
  }
  view.setUint32(0, lo, true);
  view.setUint32(4, hi >>> 0, true);
  return view.getFloat64(0, true);
}

const FAST_MAX = 2 ** 900;
const FAST_MIN = 2 ** -900;

/** fma(a, b, c) = RN(a·b + c) with a single rounding. */
export function fma(a: number, b: number, c: number): number {
  const p = Math.abs(a * b);
  const ac = Math.abs(c);
  if (p < FAST_MAX && p > FAST_MIN && ac < FAST_MAX && (ac > FAST_MIN || c === 0)) {
    if (c === 0) return a * b + c; // only the product rounds
    const r = fmaCore(a, b, c);
    if (Math.abs(r) > FAST_MIN) return r;
  }
  // An infinite c with finite a, b: the exact product never overflows, so the sum is c.
  if (Number.isFinite(a) && Number.isFinite(b) && !Number.isFinite(c)) return c;
  if (!Number.isFinite(a) || !Number.isFinite(b) || a === 0 || b === 0) return a * b + c;
  return fmaExact(a, b, c);
}

function fmaCore(a: number, b: number, c: number): number {
  const ph = twoProduct(a, b);
  const pl = errorTerm;
  const sh = twoSum(c, ph);
  const sl = errorTerm;
  return sh + addRoundToOdd(sl, pl);
}

// ---- the exact path (extreme exponents, cancellation into tiny results: rare, not hot) ----

/** x = significand · 2^exponent with an integer significand (x finite, non-zero). */
let decomposedExponent = 0;
function decompose(x: number): bigint {
  view.setFloat64(0, x, true);
  const hi = view.getUint32(4, true);
  const lo = view.getUint32(0, true);
  const biased = (hi >>> 20) & 0x7ff;
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (biased === 0) decomposedExponent = -1074;
  else {
    m |= 1n << 52n;
    decomposedExponent = biased - 1075;
  }
  return hi >>> 31 === 1 ? -m : m;
}

function bitLength(x: bigint): number {
  return x.toString(2).length;
}

/** Multiplies by 2^n in steps that stay exact (n may be far outside a double's exponent range). */
function scaleByPowerOfTwo(x: number, n: number): number {
  while (n > 1000) {
    x *= 2 ** 1000;
    n -= 1000;
  }
  while (n < -1000) {
    x *= 2 ** -1000;
    n += 1000;
  }
  return x * 2 ** n;
}

function fmaExact(a: number, b: number, c: number): number {
  const ma = decompose(a);
  const ea = decomposedExponent;
  const mb = decompose(b);
  const eb = decomposedExponent;
  const mp = ma * mb;
  const ep = ea + eb;
  let sum: bigint;
  let e: number;
  if (c === 0) {
    sum = mp;
    e = ep;
  } else {
    const mc = decompose(c);
    const ec = decomposedExponent;
    e = Math.min(ep, ec);
    sum = (mp << BigInt(ep - e)) + (mc << BigInt(ec - e));
  }
  if (sum === 0n) return 0; // exact cancellation of non-zero terms is +0 in round-to-nearest
  const negative = sum < 0n;
  const magnitude = negative ? -sum : sum;
  const top = bitLength(magnitude) - 1 + e;
  // The weight of the result's last significand bit: 53 bits, or fewer in the subnormal range.
  const lsb = Math.max(top - 52, -1074);
  let q: bigint;
  if (lsb <= e) q = magnitude << BigInt(e - lsb);
  else {
    const shift = BigInt(lsb - e);
    q = magnitude >> shift;
    const rest = magnitude - (q << shift);
    const half = 1n << (shift - 1n);
    if (rest > half || (rest === half && (q & 1n) === 1n)) q += 1n;
  }
  const r = scaleByPowerOfTwo(Number(q), lsb);
  return negative ? -r : r;
}

/** fmaf: a float product is exact in double; the sum rounded to odd, then to float, rounds once. */
export function fmaf(a: number, b: number, c: number): number {
  const p = a * b;
  if (!Number.isFinite(p) || !Number.isFinite(c) || p === 0 || c === 0) return Math.fround(p + c);
  return Math.fround(addRoundToOdd(p, c));
}
