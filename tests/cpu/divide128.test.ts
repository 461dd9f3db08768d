// muldiv.ts's 128/64 division (div/idiv r64) against BigInt arithmetic, on the cases the recorded
// vectors sample only a few of: 64-bit divisors (Knuth's algorithm D on 16-bit limbs), divisors
// with every normalisation shift, quotients near 2^64, remainders near the divisor.
import { describe, expect, it } from 'vitest';
import { divideUnsigned128 } from '../../src/cpu/muldiv.ts';

const MASK32 = 0xffffffffn;

/** A deterministic 32-bit generator (xorshift32), so a failure reproduces. */
function generator(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state;
  };
}

function expected(n: bigint, d: bigint): [number, number, number, number] | null {
  if (d === 0n || n >> 64n >= d) return null;
  const q = n / d;
  const r = n % d;
  return [Number(q & MASK32) | 0, Number(q >> 32n) | 0, Number(r & MASK32) | 0, Number(r >> 32n) | 0];
}

function check(n: bigint, d: bigint): void {
  const words = [0, 1, 2, 3].map((k) => Number((n >> BigInt(32 * k)) & MASK32) | 0);
  const got = divideUnsigned128(
    words[0]!,
    words[1]!,
    words[2]!,
    words[3]!,
    Number(d & MASK32) | 0,
    Number(d >> 32n) | 0,
  );
  expect(got, `${n.toString(16)} / ${d.toString(16)}`).toEqual(expected(n, d));
}

describe('divideUnsigned128', () => {
  it('matches BigInt on random 64-bit divisors of every width', () => {
    const next = generator(12345);
    for (let k = 0; k < 20000; k++) {
      const bits = 33 + (k % 32); // divisor width 33..64: the limb path
      let d = ((BigInt(next()) << 32n) | BigInt(next())) & ((1n << BigInt(bits)) - 1n);
      d |= 1n << BigInt(bits - 1);
      // A dividend whose high half is below d (no #DE): q = random 64 bits, r < d.
      const q = (BigInt(next()) << 32n) | BigInt(next());
      const qFit = k % 5 === 0 ? q : q % ((1n << 128n) / d);
      const r = ((BigInt(next()) << 32n) | BigInt(next())) % d;
      const n = qFit * d + r;
      if (n >> 128n !== 0n) continue;
      check(n, d);
    }
  });

  it('matches BigInt at the edges: all-ones, remainders d-1, overflow', () => {
    const ones64 = (1n << 64n) - 1n;
    const divisors = [1n << 32n, (1n << 32n) + 1n, 1n << 63n, ones64, ones64 - 1n, 0x8000000000000001n, 0x1ffffffffn];
    for (const d of divisors) {
      for (const q of [0n, 1n, ones64, ones64 - 1n, 1n << 63n, 0x123456789abcdefn]) {
        for (const r of [0n, 1n, d - 1n, d >> 1n]) {
          const n = q * d + r;
          if (n >> 128n === 0n) check(n, d);
        }
      }
      check(d << 64n, d); // quotient 2^64: overflow
      check(ones64 << 64n, d);
    }
    check(1n << 100n, 0n);
  });

  it('matches BigInt for 32-bit divisors and small dividends (the other paths)', () => {
    const next = generator(777);
    for (let k = 0; k < 5000; k++) {
      const d = BigInt((next() | 1) >>> 0);
      const n =
        ((BigInt(next()) << 96n) | (BigInt(next()) << 64n) | (BigInt(next()) << 32n) | BigInt(next())) % (d << 64n);
      check(n, d);
      check(n >> 64n, d);
    }
  });
});
