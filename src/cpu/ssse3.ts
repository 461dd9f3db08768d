// SSSE3 integer instructions on XMM registers: pshufb, phadd/phsub (w, d, sw), pmaddubsw, pmulhrsw,
// psign (b, w, d), pabs (b, w, d), palignr. Their MMX forms: ./mmx.ts (through bindVector).
// Results are built in slot XMM_RESULT and then copied, so the source may be the destination.

import { Code } from '../x86/codes.ts';
import { type Cpu, XMM_RESULT } from './cpu.ts';
import type { HandlerRegistry } from './registry.ts';
import { bindVector, copySlot, type VectorOp } from './vector-operands.ts';

const saturate16 = (v: number): number => (v > 32767 ? 32767 : v < -32768 ? -32768 : v);

const pshufb: VectorOp = (cpu, d, s) => {
  const u = cpu.xmmU8;
  for (let i = 0; i < 16; i++) {
    const control = u[s * 16 + i]!;
    u[XMM_RESULT * 16 + i] = control & 0x80 ? 0 : u[d * 16 + (control & 15)]!;
  }
  copySlot(cpu.xmm, d, XMM_RESULT);
};

/** Horizontal add/subtract of adjacent 16-bit pairs: d's pairs fill the low half, s's the high half. */
function horizontalWords(subtract: boolean, saturating: boolean): VectorOp {
  return (cpu, d, s) => {
    const v = cpu.xmmI16;
    for (let i = 0; i < 8; i++) {
      const from = (i < 4 ? d : s) * 8 + (i & 3) * 2;
      const sum = subtract ? v[from]! - v[from + 1]! : v[from]! + v[from + 1]!;
      v[XMM_RESULT * 8 + i] = saturating ? saturate16(sum) : sum;
    }
    copySlot(cpu.xmm, d, XMM_RESULT);
  };
}

function horizontalDwords(subtract: boolean): VectorOp {
  return (cpu, d, s) => {
    const x = cpu.xmm;
    for (let i = 0; i < 4; i++) {
      const from = (i < 2 ? d : s) * 4 + (i & 1) * 2;
      x[XMM_RESULT * 4 + i] = subtract ? (x[from]! - x[from + 1]!) | 0 : (x[from]! + x[from + 1]!) | 0;
    }
    copySlot(x, d, XMM_RESULT);
  };
}

/** pmaddubsw: unsigned bytes of d times signed bytes of s, adjacent products summed with saturation. */
const pmaddubsw: VectorOp = (cpu, d, s) => {
  const u = cpu.xmmU8;
  const v = cpu.xmmI8;
  const w = cpu.xmmI16;
  for (let i = 0; i < 8; i++) {
    const a = d * 16 + 2 * i;
    const b = s * 16 + 2 * i;
    w[XMM_RESULT * 8 + i] = saturate16(u[a]! * v[b]! + u[a + 1]! * v[b + 1]!);
  }
  copySlot(cpu.xmm, d, XMM_RESULT);
};

/** pmulhrsw: signed 16×16 product, scaled by 2^-15 with rounding: ((a*b >> 14) + 1) >> 1. */
const pmulhrsw: VectorOp = (cpu, d, s) => {
  const w = cpu.xmmI16;
  for (let i = 0; i < 8; i++) w[XMM_RESULT * 8 + i] = (((w[d * 8 + i]! * w[s * 8 + i]!) >> 14) + 1) >> 1;
  copySlot(cpu.xmm, d, XMM_RESULT);
};

/** psign: d negated where s is negative, zeroed where s is zero (lanes of `view`). */
function psign(view: (cpu: Cpu) => Int8Array | Int16Array | Int32Array, lanes: number): VectorOp {
  return (cpu, d, s) => {
    const v = view(cpu);
    for (let i = 0; i < lanes; i++) {
      const sign = v[s * lanes + i]!;
      const a = v[d * lanes + i]!;
      v[XMM_RESULT * lanes + i] = sign < 0 ? -a : sign === 0 ? 0 : a;
    }
    copySlot(cpu.xmm, d, XMM_RESULT);
  };
}

/** pabs: absolute values of s's signed lanes (the most negative value stays, read as unsigned). */
function pabs(view: (cpu: Cpu) => Int8Array | Int16Array | Int32Array, lanes: number): VectorOp {
  return (cpu, d, s) => {
    const v = view(cpu);
    for (let i = 0; i < lanes; i++) {
      const a = v[s * lanes + i]!;
      v[XMM_RESULT * lanes + i] = a < 0 ? -a : a;
    }
    copySlot(cpu.xmm, d, XMM_RESULT);
  };
}

/** palignr: the 32-byte concatenation d:s shifted right by imm bytes; its low 16 bytes. */
const palignr: VectorOp = (cpu, d, s, imm) => {
  const u = cpu.xmmU8;
  for (let i = 0; i < 16; i++) {
    const k = i + imm;
    u[XMM_RESULT * 16 + i] = k < 16 ? u[s * 16 + k]! : k < 32 ? u[d * 16 + k - 16]! : 0;
  }
  copySlot(cpu.xmm, d, XMM_RESULT);
};

const bytes = (cpu: Cpu) => cpu.xmmI8;
const words = (cpu: Cpu) => cpu.xmmI16;
const dwords = (cpu: Cpu) => cpu.xmm;

export function registerSsse3(r: HandlerRegistry): void {
  const vector = (code: number, op: VectorOp) => r.define(code, (inst) => bindVector(inst, op));
  vector(Code.PSHUFB, pshufb);
  vector(Code.PHADDW, horizontalWords(false, false));
  vector(Code.PHADDSW, horizontalWords(false, true));
  vector(Code.PHSUBW, horizontalWords(true, false));
  vector(Code.PHSUBSW, horizontalWords(true, true));
  vector(Code.PHADDD, horizontalDwords(false));
  vector(Code.PHSUBD, horizontalDwords(true));
  vector(Code.PMADDUBSW, pmaddubsw);
  vector(Code.PMULHRSW, pmulhrsw);
  vector(Code.PSIGNB, psign(bytes, 16));
  vector(Code.PSIGNW, psign(words, 8));
  vector(Code.PSIGND, psign(dwords, 4));
  vector(Code.PABSB, pabs(bytes, 16));
  vector(Code.PABSW, pabs(words, 8));
  vector(Code.PABSD, pabs(dwords, 4));
  vector(Code.PALIGNR, palignr);
}
