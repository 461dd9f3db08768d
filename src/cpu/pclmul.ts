// PCLMULQDQ: carry-less (GF(2) polynomial) product of one quadword of each operand, 128 bits.
// imm8 bit 0 selects the destination's quadword, bit 4 the source's.

import { Code } from '../x86/codes.ts';
import type { Cpu } from './cpu.ts';
import type { HandlerRegistry } from './registry.ts';
import { bindVector, type VectorOp } from './vector-operands.ts';

/** Carry-less 32×32 → 64 product: low word returned, high word in clmulHigh. */
let clmulHigh = 0;
function clmul32(a: number, b: number): number {
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < 32; i++) {
    if ((b >>> i) & 1) {
      lo ^= a << i;
      if (i !== 0) hi ^= a >>> (32 - i);
    }
  }
  clmulHigh = hi;
  return lo;
}

const pclmulqdq: VectorOp = (cpu: Cpu, d, s, imm) => {
  const x = cpu.xmm;
  const a = d * 4 + (imm & 1) * 2;
  const b = s * 4 + ((imm >> 4) & 1) * 2;
  const a0 = x[a]!;
  const a1 = x[a + 1]!;
  const b0 = x[b]!;
  const b1 = x[b + 1]!;
  // Schoolbook over 32-bit halves: (a1·2^32 + a0)(b1·2^32 + b0), addition being XOR.
  const w0 = clmul32(a0, b0);
  let w1 = clmulHigh;
  const m1 = clmul32(a0, b1);
  const m1High = clmulHigh;
  const m2 = clmul32(a1, b0);
  const m2High = clmulHigh;
  let w2 = clmul32(a1, b1);
  const w3 = clmulHigh;
  w1 ^= m1 ^ m2;
  w2 ^= m1High ^ m2High;
  x[d * 4] = w0;
  x[d * 4 + 1] = w1;
  x[d * 4 + 2] = w2;
  x[d * 4 + 3] = w3;
};

export function registerPclmul(r: HandlerRegistry): void {
  r.define(Code.PCLMULQDQ, (inst) => bindVector(inst, pclmulqdq));
}
