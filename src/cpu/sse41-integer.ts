// SSE4.1 integer instructions (and SSE4.2's pcmpgtq): blends, 64-bit compares, min/max of every lane
// type, sign/zero extensions (pmovsx/pmovzx), pmuldq/pmulld, packusdw, ptest, phminposuw, mpsadbw,
// insert/extract (pinsr*, pextr*, insertps, extractps), movntdqa. The float parts of SSE4.1
// (round*, dpp*, blend*ps/pd) are in sse-float.ts.
// Results are built in slot XMM_RESULT and then copied, so the source may be the destination.

import { Code } from '../x86/codes.ts';
import { type Instruction, OperandKind } from '../x86/instruction.ts';
import { bindAddress } from './address.ts';
import { type Cpu, XMM_RESULT } from './cpu.ts';
import { CF, setArithmeticFlags, ZF } from './flags.ts';
import { load8, load32, load64, store8, store16, store32, store64 } from './memory-access.ts';
import { multiplySigned64, product } from './multiply.ts';
import type { Exec, HandlerRegistry } from './registry.ts';
import { bindVector, copySlot, SourceMemory, type VectorOp } from './vector-operands.ts';

type LaneView = Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array;

/** Lane-wise f(d, s) over a typed view with `lanes` lanes per register. */
function lanewise(view: (cpu: Cpu) => LaneView, lanes: number, f: (a: number, b: number) => number): VectorOp {
  return (cpu, d, s) => {
    const v = view(cpu);
    for (let i = 0; i < lanes; i++) v[XMM_RESULT * lanes + i] = f(v[d * lanes + i]!, v[s * lanes + i]!);
    copySlot(cpu.xmm, d, XMM_RESULT);
  };
}

const min = (a: number, b: number): number => (a < b ? a : b);
const max = (a: number, b: number): number => (a > b ? a : b);

/** pblendvb: bytes of s where the byte of xmm0 has its top bit set, else bytes of d. */
const pblendvb: VectorOp = (cpu, d, s) => {
  const u = cpu.xmmU8;
  for (let i = 0; i < 16; i++) u[XMM_RESULT * 16 + i] = u[i]! & 0x80 ? u[s * 16 + i]! : u[d * 16 + i]!;
  copySlot(cpu.xmm, d, XMM_RESULT);
};

const pblendw: VectorOp = (cpu, d, s, imm) => {
  const w = cpu.xmmU16;
  for (let i = 0; i < 8; i++) w[XMM_RESULT * 8 + i] = (imm >> i) & 1 ? w[s * 8 + i]! : w[d * 8 + i]!;
  copySlot(cpu.xmm, d, XMM_RESULT);
};

/** 64-bit lane compares: all-ones where equal (pcmpeqq) or where d > s signed (pcmpgtq). */
function compareQwords(greater: boolean): VectorOp {
  return (cpu, d, s) => {
    const x = cpu.xmm;
    for (let q = 0; q < 2; q++) {
      const a = d * 4 + 2 * q;
      const b = s * 4 + 2 * q;
      const aHi = x[a + 1]!;
      const bHi = x[b + 1]!;
      const result = greater ? aHi > bHi || (aHi === bHi && x[a]! >>> 0 > x[b]! >>> 0) : aHi === bHi && x[a] === x[b];
      x[XMM_RESULT * 4 + 2 * q] = result ? -1 : 0;
      x[XMM_RESULT * 4 + 2 * q + 1] = result ? -1 : 0;
    }
    copySlot(x, d, XMM_RESULT);
  };
}

/**
 * pmovsx/pmovzx: the low lanes of s (of `fromView`, `count` of them) widened into `toView` lanes.
 * Sign or zero extension comes from the signedness of `fromView`.
 */
function extend(
  fromView: (cpu: Cpu) => LaneView,
  fromLanes: number,
  toView: (cpu: Cpu) => LaneView,
  count: number,
): VectorOp {
  const toLanes = count;
  return (cpu, d, s) => {
    const from = fromView(cpu);
    const to = toView(cpu);
    if (toLanes === 2 && to instanceof Int32Array) {
      // Quadword results: a dword pair per lane (value, then its sign or zero extension).
      const signed = from instanceof Int8Array || from instanceof Int16Array || from instanceof Int32Array;
      for (let i = 0; i < 2; i++) {
        const v = from[s * fromLanes + i]!;
        to[XMM_RESULT * 4 + 2 * i] = v;
        to[XMM_RESULT * 4 + 2 * i + 1] = signed && v < 0 ? -1 : 0;
      }
    } else {
      for (let i = 0; i < toLanes; i++) to[XMM_RESULT * toLanes + i] = from[s * fromLanes + i]!;
    }
    copySlot(cpu.xmm, d, XMM_RESULT);
  };
}

/** pmuldq: signed products of dwords 0 and 2 as two quadwords. */
const pmuldq: VectorOp = (cpu, d, s) => {
  const x = cpu.xmm;
  for (let q = 0; q < 2; q++) {
    const a = x[d * 4 + 2 * q]!;
    const b = x[s * 4 + 2 * q]!;
    multiplySigned64(a, a >> 31, b, b >> 31);
    x[XMM_RESULT * 4 + 2 * q] = product[0]!;
    x[XMM_RESULT * 4 + 2 * q + 1] = product[1]!;
  }
  copySlot(x, d, XMM_RESULT);
};

/** packusdw: signed dwords of d then s, saturated to unsigned words. */
const packusdw: VectorOp = (cpu, d, s) => {
  const x = cpu.xmm;
  const w = cpu.xmmU16;
  for (let i = 0; i < 8; i++) {
    const v = x[(i < 4 ? d : s) * 4 + (i & 3)]!;
    w[XMM_RESULT * 8 + i] = v < 0 ? 0 : v > 0xffff ? 0xffff : v;
  }
  copySlot(x, d, XMM_RESULT);
};

/** ptest: ZF = (d AND s) == 0, CF = (NOT d AND s) == 0; AF OF PF SF cleared. Registers unchanged. */
const ptest: VectorOp = (cpu, d, s) => {
  const x = cpu.xmm;
  let and = 0;
  let andNot = 0;
  for (let i = 0; i < 4; i++) {
    and |= x[d * 4 + i]! & x[s * 4 + i]!;
    andNot |= ~x[d * 4 + i]! & x[s * 4 + i]!;
  }
  setArithmeticFlags(cpu, (and === 0 ? ZF : 0) | (andNot === 0 ? CF : 0));
};

/** phminposuw: the smallest unsigned word of s (first on ties) in word 0, its index in word 1. */
const phminposuw: VectorOp = (cpu, d, s) => {
  const w = cpu.xmmU16;
  let best = w[s * 8]!;
  let index = 0;
  for (let i = 1; i < 8; i++) {
    const v = w[s * 8 + i]!;
    if (v < best) {
      best = v;
      index = i;
    }
  }
  const x = cpu.xmm;
  x[d * 4] = best | (index << 16);
  x[d * 4 + 1] = 0;
  x[d * 4 + 2] = 0;
  x[d * 4 + 3] = 0;
};

/**
 * mpsadbw: eight sums of absolute differences between 4-byte windows of d (starting at byte
 * 4*imm[2] + i) and the 4-byte block 4*imm[1:0] of s.
 */
const mpsadbw: VectorOp = (cpu, d, s, imm) => {
  const u = cpu.xmmU8;
  const a = d * 16 + ((imm >> 2) & 1) * 4;
  const b = s * 16 + (imm & 3) * 4;
  const w = cpu.xmmU16;
  for (let i = 0; i < 8; i++) {
    let sum = 0;
    for (let j = 0; j < 4; j++) sum += Math.abs(u[a + i + j]! - u[b + j]!);
    w[XMM_RESULT * 8 + i] = sum;
  }
  copySlot(cpu.xmm, d, XMM_RESULT);
};

/** insertps: dword imm[7:6] of s (or the m32) into lane imm[5:4] of d, then zero lanes in imm[3:0]. */
function bindInsertps(inst: Instruction): Exec {
  const imm = inst.imm & 0xff;
  const d = inst.operands[0]!.reg;
  const lane = (imm >> 4) & 3;
  const apply = (cpu: Cpu, value: number) => {
    const x = cpu.xmm;
    x[d * 4 + lane] = value;
    for (let i = 0; i < 4; i++) if ((imm >> i) & 1) x[d * 4 + i] = 0;
  };
  const src = inst.operands[1]!;
  if (src.kind === OperandKind.Register) {
    const from = src.reg * 4 + (imm >> 6);
    return (cpu) => apply(cpu, cpu.xmm[from]!);
  }
  const address = bindAddress(inst);
  return (cpu) => apply(cpu, load32(cpu, address(cpu)));
}

/** pinsrb/pinsrd/pinsrq: a byte/dword/qword from a GPR or memory into lane imm of d. */
function bindInsert(inst: Instruction, size: number): Exec {
  const d = inst.operands[0]!.reg;
  const src = inst.operands[1]!;
  const lane = inst.imm & (16 / size - 1);
  const fromMemory = src.kind === OperandKind.Memory;
  const address = fromMemory ? bindAddress(inst) : null;
  const r = src.reg * 2;
  if (size === 1) {
    const at = d * 16 + lane;
    return fromMemory
      ? (cpu) => {
          cpu.xmmU8[at] = load8(cpu, address!(cpu));
        }
      : (cpu) => {
          cpu.xmmU8[at] = cpu.gpr[r]!;
        };
  }
  const at = d * 4 + (lane * size) / 4;
  if (size === 4) {
    return fromMemory
      ? (cpu) => {
          cpu.xmm[at] = load32(cpu, address!(cpu));
        }
      : (cpu) => {
          cpu.xmm[at] = cpu.gpr[r]!;
        };
  }
  return fromMemory
    ? (cpu) => {
        const lo = load64(cpu, address!(cpu));
        cpu.xmm[at] = lo;
        cpu.xmm[at + 1] = cpu.hi;
      }
    : (cpu) => {
        cpu.xmm[at] = cpu.gpr[r]!;
        cpu.xmm[at + 1] = cpu.gpr[r + 1]!;
      };
}

/**
 * pextrb/pextrw (memory form)/pextrd/pextrq/extractps: lane imm of the source register to a GPR
 * (zero-extended to 64 bits) or to memory of the lane's size.
 */
function bindExtract(inst: Instruction, size: number): Exec {
  const dst = inst.operands[0]!;
  const s = inst.operands[1]!.reg;
  const lane = inst.imm & (16 / size - 1);
  const wordAt = s * 4 + (lane * size) / 4;
  const read = (cpu: Cpu): number =>
    size === 1 ? cpu.xmmU8[s * 16 + lane]! : size === 2 ? cpu.xmmU16[s * 8 + lane]! : cpu.xmm[wordAt]!;
  if (dst.kind === OperandKind.Register) {
    const r = dst.reg * 2;
    if (size === 8) {
      return (cpu) => {
        cpu.gpr[r] = cpu.xmm[wordAt]!;
        cpu.gpr[r + 1] = cpu.xmm[wordAt + 1]!;
      };
    }
    return (cpu) => {
      cpu.gpr[r] = read(cpu);
      cpu.gpr[r + 1] = 0;
    };
  }
  const address = bindAddress(inst);
  switch (size) {
    case 1:
      return (cpu) => store8(cpu, address(cpu), read(cpu));
    case 2:
      return (cpu) => store16(cpu, address(cpu), read(cpu));
    case 4:
      return (cpu) => store32(cpu, address(cpu), read(cpu));
    default:
      return (cpu) => store64(cpu, address(cpu), cpu.xmm[wordAt]!, cpu.xmm[wordAt + 1]!);
  }
}

const i8 = (cpu: Cpu) => cpu.xmmI8;
const u8 = (cpu: Cpu) => cpu.xmmU8;
const i16 = (cpu: Cpu) => cpu.xmmI16;
const u16 = (cpu: Cpu) => cpu.xmmU16;
const i32 = (cpu: Cpu) => cpu.xmm;
const u32 = (cpu: Cpu) => cpu.xmmU32;

export function registerSse41Integer(r: HandlerRegistry): void {
  const vector = (code: number, op: VectorOp, memory = SourceMemory.Aligned128) =>
    r.define(code, (inst) => bindVector(inst, op, memory));
  vector(Code.PBLENDVB, pblendvb);
  vector(Code.PBLENDW, pblendw);
  vector(Code.PCMPEQQ, compareQwords(false));
  vector(Code.PCMPGTQ, compareQwords(true));
  vector(Code.PMINSB, lanewise(i8, 16, min));
  vector(Code.PMAXSB, lanewise(i8, 16, max));
  vector(Code.PMINUW, lanewise(u16, 8, min));
  vector(Code.PMAXUW, lanewise(u16, 8, max));
  vector(Code.PMINSD, lanewise(i32, 4, min));
  vector(Code.PMAXSD, lanewise(i32, 4, max));
  vector(Code.PMINUD, lanewise(u32, 4, min));
  vector(Code.PMAXUD, lanewise(u32, 4, max));
  vector(Code.PMULLD, lanewise(i32, 4, Math.imul));
  vector(Code.PMULDQ, pmuldq);
  vector(Code.PACKUSDW, packusdw);
  vector(Code.PTEST, ptest);
  vector(Code.PHMINPOSUW, phminposuw);
  vector(Code.MPSADBW, mpsadbw);
  vector(Code.MOVNTDQA, (cpu, d, s) => copySlot(cpu.xmm, d, s));
  // Sign/zero extensions: the memory source is exactly the bytes widened.
  vector(Code.PMOVSXBW, extend(i8, 16, i16, 8), SourceMemory.Low64);
  vector(Code.PMOVSXBD, extend(i8, 16, i32, 4), SourceMemory.Low32);
  vector(Code.PMOVSXBQ, extend(i8, 16, i32, 2), SourceMemory.Low16);
  vector(Code.PMOVSXWD, extend(i16, 8, i32, 4), SourceMemory.Low64);
  vector(Code.PMOVSXWQ, extend(i16, 8, i32, 2), SourceMemory.Low32);
  vector(Code.PMOVSXDQ, extend(i32, 4, i32, 2), SourceMemory.Low64);
  vector(Code.PMOVZXBW, extend(u8, 16, u16, 8), SourceMemory.Low64);
  vector(Code.PMOVZXBD, extend(u8, 16, i32, 4), SourceMemory.Low32);
  vector(Code.PMOVZXBQ, extend(u8, 16, i32, 2), SourceMemory.Low16);
  vector(Code.PMOVZXWD, extend(u16, 8, i32, 4), SourceMemory.Low64);
  vector(Code.PMOVZXWQ, extend(u16, 8, i32, 2), SourceMemory.Low32);
  vector(Code.PMOVZXDQ, extend(u32, 4, i32, 2), SourceMemory.Low64);
  r.define(Code.INSERTPS, bindInsertps);
  r.define(Code.PINSRB, (inst) => bindInsert(inst, 1));
  r.define(Code.PINSRD, (inst) => bindInsert(inst, 4));
  r.define(Code.PINSRQ, (inst) => bindInsert(inst, 8));
  r.define(Code.PEXTRB, (inst) => bindExtract(inst, 1));
  r.define(Code.PEXTRD, (inst) => bindExtract(inst, 4));
  r.define(Code.PEXTRQ, (inst) => bindExtract(inst, 8));
  r.define(Code.EXTRACTPS, (inst) => bindExtract(inst, 4));
}
