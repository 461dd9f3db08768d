// glibc 2.36's __branred (dbl-64 branred.c, one version for every IFUNC variant, no fused
// operations in its disassembly at libm+0x66b80): x = n·pi/2 + (a + aa) with |a + aa| <= pi/4,
// exactly enough for any double. x is split into two 26-bit halves; each is multiplied by six
// 24-bit digits of 2/pi (TOVERP, read from libm.so.6) chosen by its exponent, so every partial
// product is exact; the integer parts are dropped (only n mod 4 matters) and the fraction, in
// double-double, is multiplied back by pi/2. Plain double arithmetic in glibc's order: no BigInt.

import { highWord, tableDouble } from './bit-views.ts';
import { TOVERP } from './tables/trig-data.ts';

const TO_2_OVER_PI = new Float64Array(75);
for (let i = 0; i < 75; i++) TO_2_OVER_PI[i] = tableDouble(TOVERP, i);

const TWO_M600 = 2 ** -600;
const TWO_M24 = 2 ** -24;
const SPLIT = 134217729; // 2^27 + 1
const BIG = 6755399441055744; // 1.5·2^52: adding and subtracting it rounds to an integer
const BIG1 = 27021597764222976; // 1.5·2^54: rounds to a multiple of 4
const HP0 = 1.5707963267948966; // pi/2, high part
const HP1 = 6.123233995736766e-17; // pi/2 - HP0
const MP1 = 1.5707963407039642; // pi/2 in 27 bits (products with 26-bit halves exact)
const MP2 = -1.3909067675399456e-8; // the next 27 bits

const partial = new Float64Array(6);

/** The low part aa of the last branred call. */
export let branredLow = 0;
/** The reduced high part of the last call (also returned by reference in C). */
export let branredHigh = 0;

// The sum of one half's partial products, split into an integer part (pieceSum, reduced mod 4)
// and a fraction in double-double (pieceHigh + pieceLow).
let pieceSum = 0;
let pieceHigh = 0;
let pieceLow = 0;

function reduceHalf(h: number): void {
  let k = Math.trunc((((highWord(h) >>> 20) & 2047) - 450) / 24);
  if (k < 0) k = 0;
  let scale = 2 ** (576 - 24 * k);
  const r = partial;
  for (let i = 0; i < 6; i++) {
    r[i] = h * TO_2_OVER_PI[k + i]! * scale;
    scale *= TWO_M24;
  }
  let sum = 0;
  let s: number;
  for (let i = 0; i < 3; i++) {
    s = r[i]! + BIG - BIG;
    sum += s;
    r[i] = r[i]! - s;
  }
  let t = 0;
  for (let i = 0; i < 6; i++) t += r[5 - i]!;
  let bb = r[0]! - t + r[1]! + r[2]! + r[3]! + r[4]! + r[5]!;
  s = t + BIG - BIG;
  sum += s;
  t -= s;
  const b = t + bb;
  bb = t - b + bb;
  s = sum + BIG1 - BIG1;
  sum -= s;
  pieceSum = sum;
  pieceHigh = b;
  pieceLow = bb;
}

/** Returns n mod 4 and leaves a in branredHigh, aa in branredLow (x finite, |x| >= 105414350). */
export function branred(xIn: number): number {
  const x = xIn * TWO_M600;
  let t = x * SPLIT;
  const x1 = t - (t - x);
  const x2 = x - x1;
  reduceHalf(x1);
  const b1 = pieceHigh;
  const bb1 = pieceLow;
  const sum1 = pieceSum;
  reduceHalf(x2);
  const b2 = pieceHigh;
  const bb2 = pieceLow;
  let sum = sum1 + pieceSum;
  let b = b1 + b2;
  let bb = Math.abs(b1) > Math.abs(b2) ? b1 - b + b2 : b2 - b + b1;
  if (b > 0.5) {
    b -= 1.0;
    sum += 1.0;
  } else if (b < -0.5) {
    b += 1.0;
    sum -= 1.0;
  }
  let s = b + (bb + bb1 + bb2);
  t = b - s + bb + (bb1 + bb2);
  b = s * SPLIT;
  const t1 = b - (b - s);
  const t2 = s - t1;
  b = s * HP0;
  bb = t1 * MP1 - b + t1 * MP2 + t2 * MP1 + (t2 * MP2 + s * HP1 + t * HP0);
  s = b + bb;
  branredHigh = s;
  branredLow = b - s + bb;
  return (sum | 0) & 3;
}
