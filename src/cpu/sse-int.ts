// SSE/SSE2 integer, logical, move, shuffle, unpack, pack, mask and insert/extract instructions
// on XMM registers. Their MMX forms are bound by ./mmx.ts (from the same lane operations).
//
// Lane operations work on `cpu.xmm` and its typed views with register slots: slot r covers words
// [4r, 4r+4). A memory source is first loaded into slot XMM_SOURCE (with the 16-byte alignment
// check where legacy SSE requires it); results are built in XMM_RESULT and then copied, so a source
// may be the destination register.

import { Code } from '../x86/codes.ts';
import { type Instruction, OperandKind, RegisterClass } from '../x86/instruction.ts';
import { bindAddress } from './address.ts';
import { equalBytes32, moveMaskBytes } from './byte-lanes.ts';
import { type Cpu, XMM_RESULT, XMM_SOURCE } from './cpu.ts';
import { checkAligned16, load32, load64, loadWords128, store32, store64, storeWords128 } from './memory-access.ts';
import { bindMmx, bindMmxMove, bindMmxMoveMask, bindMmxPextrw, bindMmxPinsrw, bindRdiAddress } from './mmx.ts';
import { bindReader, registerWriter } from './operands.ts';
import type { Exec, HandlerRegistry } from './registry.ts';
import { copySlot } from './vector-operands.ts';

/** A lane operation: destination slot d, source slot s (both 0–17). Writes slot d. */
type LaneOp = (cpu: Cpu, d: number, s: number) => void;

/** Operand `index` is not an MMX register (the MMX forms share codes with the SSE ones). */
function isXmm(inst: Instruction, index: number): boolean {
  const op = inst.operands[index]!;
  return op.kind !== OperandKind.Register || op.regClass !== RegisterClass.MMX;
}

/**
 * Binds `op(dst, src)` where operand 0 is an XMM register and operand 1 an XMM register or m128.
 * `aligned`: a memory source must be 16-byte aligned (legacy SSE), else #GP.
 */
function bindPacked(inst: Instruction, op: LaneOp, aligned = true): Exec {
  if (!isXmm(inst, 0) || !isXmm(inst, 1)) return bindMmx(inst, op);
  const d = inst.operands[0]!.reg;
  const src = inst.operands[1]!;
  if (src.kind === OperandKind.Register) {
    const s = src.reg;
    return (cpu) => op(cpu, d, s);
  }
  const address = bindAddress(inst);
  return (cpu) => {
    const ea = address(cpu);
    if (aligned) checkAligned16(ea);
    loadWords128(cpu, ea, cpu.xmm, XMM_SOURCE * 4);
    op(cpu, d, XMM_SOURCE);
  };
}

// ---- lane arithmetic helpers (results into XMM_RESULT, then copied) ----

function mapBytes(f: (a: number, b: number) => number): LaneOp {
  return (cpu, d, s) => {
    const u = cpu.xmmU8;
    const r = XMM_RESULT * 16;
    for (let i = 0; i < 16; i++) u[r + i] = f(u[d * 16 + i]!, u[s * 16 + i]!);
    copySlot(cpu.xmm, d, XMM_RESULT);
  };
}

function mapSignedBytes(f: (a: number, b: number) => number): LaneOp {
  return (cpu, d, s) => {
    const v = cpu.xmmI8;
    const r = XMM_RESULT * 16;
    for (let i = 0; i < 16; i++) v[r + i] = f(v[d * 16 + i]!, v[s * 16 + i]!);
    copySlot(cpu.xmm, d, XMM_RESULT);
  };
}

function mapWords(f: (a: number, b: number) => number): LaneOp {
  return (cpu, d, s) => {
    const u = cpu.xmmU16;
    const r = XMM_RESULT * 8;
    for (let i = 0; i < 8; i++) u[r + i] = f(u[d * 8 + i]!, u[s * 8 + i]!);
    copySlot(cpu.xmm, d, XMM_RESULT);
  };
}

function mapSignedWords(f: (a: number, b: number) => number): LaneOp {
  return (cpu, d, s) => {
    const v = cpu.xmmI16;
    const r = XMM_RESULT * 8;
    for (let i = 0; i < 8; i++) v[r + i] = f(v[d * 8 + i]!, v[s * 8 + i]!);
    copySlot(cpu.xmm, d, XMM_RESULT);
  };
}

function mapDwords(f: (a: number, b: number) => number): LaneOp {
  return (cpu, d, s) => {
    const x = cpu.xmm;
    const dd = d * 4;
    const ss = s * 4;
    const r0 = f(x[dd]!, x[ss]!);
    const r1 = f(x[dd + 1]!, x[ss + 1]!);
    const r2 = f(x[dd + 2]!, x[ss + 2]!);
    const r3 = f(x[dd + 3]!, x[ss + 3]!);
    x[dd] = r0;
    x[dd + 1] = r1;
    x[dd + 2] = r2;
    x[dd + 3] = r3;
  };
}

const clampS8 = (v: number): number => (v > 127 ? 127 : Math.max(v, -128));
const clampU8 = (v: number): number => (v > 255 ? 255 : Math.max(v, 0));
const clampS16 = (v: number): number => (v > 32767 ? 32767 : Math.max(v, -32768));
const clampU16 = (v: number): number => (v > 65535 ? 65535 : Math.max(v, 0));

function addQwords(cpu: Cpu, d: number, s: number, subtract: boolean): void {
  const x = cpu.xmm;
  for (let q = 0; q < 2; q++) {
    const i = d * 4 + q * 2;
    const j = s * 4 + q * 2;
    const aLo = x[i]! >>> 0;
    const bLo = x[j]! >>> 0;
    const lo = subtract ? aLo - bLo : aLo + bLo;
    const carry = subtract ? (lo < 0 ? -1 : 0) : lo > 0xffffffff ? 1 : 0;
    x[i + 1] = (subtract ? x[i + 1]! - x[j + 1]! : x[i + 1]! + x[j + 1]!) + carry;
    x[i] = lo | 0;
  }
}

/** Unpack (interleave) elements of `size` bytes from the low or high halves of d and s. */
function unpack(size: number, high: boolean): LaneOp {
  return (cpu, d, s) => {
    const u = cpu.xmmU8;
    const r = XMM_RESULT * 16;
    const start = high ? 8 : 0;
    const count = 8 / size;
    for (let e = 0; e < count; e++) {
      for (let b = 0; b < size; b++) {
        u[r + e * 2 * size + b] = u[d * 16 + start + e * size + b]!;
        u[r + e * 2 * size + size + b] = u[s * 16 + start + e * size + b]!;
      }
    }
    copySlot(cpu.xmm, d, XMM_RESULT);
  };
}

const packsswb: LaneOp = (cpu, d, s) => {
  const w = cpu.xmmI16;
  const r = XMM_RESULT * 16;
  for (let i = 0; i < 8; i++) cpu.xmmI8[r + i] = clampS8(w[d * 8 + i]!);
  for (let i = 0; i < 8; i++) cpu.xmmI8[r + 8 + i] = clampS8(w[s * 8 + i]!);
  copySlot(cpu.xmm, d, XMM_RESULT);
};
const packuswb: LaneOp = (cpu, d, s) => {
  const w = cpu.xmmI16;
  const r = XMM_RESULT * 16;
  for (let i = 0; i < 8; i++) cpu.xmmU8[r + i] = clampU8(w[d * 8 + i]!);
  for (let i = 0; i < 8; i++) cpu.xmmU8[r + 8 + i] = clampU8(w[s * 8 + i]!);
  copySlot(cpu.xmm, d, XMM_RESULT);
};
const packssdw: LaneOp = (cpu, d, s) => {
  const x = cpu.xmm;
  const r = XMM_RESULT * 8;
  for (let i = 0; i < 4; i++) cpu.xmmI16[r + i] = clampS16(x[d * 4 + i]!);
  for (let i = 0; i < 4; i++) cpu.xmmI16[r + 4 + i] = clampS16(x[s * 4 + i]!);
  copySlot(x, d, XMM_RESULT);
};

const pmaddwd: LaneOp = (cpu, d, s) => {
  const w = cpu.xmmI16;
  const x = cpu.xmm;
  for (let i = 0; i < 4; i++) {
    x[XMM_RESULT * 4 + i] = (w[d * 8 + 2 * i]! * w[s * 8 + 2 * i]! + w[d * 8 + 2 * i + 1]! * w[s * 8 + 2 * i + 1]!) | 0;
  }
  copySlot(x, d, XMM_RESULT);
};

const pmuludq: LaneOp = (cpu, d, s) => {
  const x = cpu.xmm;
  for (let q = 0; q < 2; q++) {
    const a = x[d * 4 + q * 2]! >>> 0;
    const b = x[s * 4 + q * 2]! >>> 0;
    // 32×32 → 64 on 16-bit halves (exact).
    const aL = a & 0xffff;
    const aH = a >>> 16;
    const bL = b & 0xffff;
    const bH = b >>> 16;
    const low = aL * bL;
    const mid = aH * bL + aL * bH;
    const lo = low + (mid % 65536) * 65536;
    const hi = aH * bH + Math.floor(mid / 65536) + Math.floor(lo / 4294967296);
    x[XMM_RESULT * 4 + q * 2] = lo | 0;
    x[XMM_RESULT * 4 + q * 2 + 1] = hi | 0;
  }
  copySlot(x, d, XMM_RESULT);
};

const psadbw: LaneOp = (cpu, d, s) => {
  const u = cpu.xmmU8;
  const x = cpu.xmm;
  for (let q = 0; q < 2; q++) {
    let sum = 0;
    for (let i = 0; i < 8; i++) sum += Math.abs(u[d * 16 + q * 8 + i]! - u[s * 16 + q * 8 + i]!);
    x[XMM_RESULT * 4 + q * 2] = sum;
    x[XMM_RESULT * 4 + q * 2 + 1] = 0;
  }
  copySlot(x, d, XMM_RESULT);
};

const pandn: LaneOp = (cpu, d, s) => {
  const x = cpu.xmm;
  for (let i = 0; i < 4; i++) x[d * 4 + i] = ~x[d * 4 + i]! & x[s * 4 + i]!;
};

// ---- shifts ----

/** Shift each element of `size` bytes of slot d by `count` (≥ width clears, or fills with sign). */
function shiftLanes(cpu: Cpu, d: number, size: number, count: number, kind: 'left' | 'right' | 'arith'): void {
  if (size === 8) {
    const x = cpu.xmm;
    for (let q = 0; q < 2; q++) {
      const i = d * 4 + q * 2;
      const lo = x[i]!;
      const hi = x[i + 1]!;
      if (count >= 64) {
        x[i] = 0;
        x[i + 1] = 0;
      } else if (kind === 'left') {
        if (count >= 32) {
          x[i + 1] = lo << (count - 32);
          x[i] = 0;
        } else if (count > 0) {
          x[i + 1] = (hi << count) | (lo >>> (32 - count));
          x[i] = lo << count;
        }
      } else if (count >= 32) {
        x[i] = hi >>> (count - 32);
        x[i + 1] = 0;
      } else if (count > 0) {
        x[i] = (lo >>> count) | (hi << (32 - count));
        x[i + 1] = hi >>> count;
      }
    }
    return;
  }
  const bits = size * 8;
  if (size === 4) {
    const x = cpu.xmm;
    for (let i = d * 4; i < d * 4 + 4; i++) {
      const v = x[i]!;
      x[i] =
        kind === 'arith' ? v >> Math.min(count, 31) : count >= bits ? 0 : kind === 'left' ? v << count : v >>> count;
    }
    return;
  }
  const w = cpu.xmmI16;
  for (let i = d * 8; i < d * 8 + 8; i++) {
    const v = w[i]!;
    w[i] =
      kind === 'arith'
        ? v >> Math.min(count, 15)
        : count >= bits
          ? 0
          : kind === 'left'
            ? v << count
            : (v & 0xffff) >>> count;
  }
}

/** psllw/pslld/psllq/psrlw/…: count from an immediate or from the low 64 bits of an XMM/m128 source. */
function bindShiftLanes(inst: Instruction, size: number, kind: 'left' | 'right' | 'arith'): Exec {
  const d = inst.operands[0]!.reg;
  const src = inst.operands[1]!;
  if (src.kind === OperandKind.Immediate) {
    const count = inst.imm & 0xff;
    if (!isXmm(inst, 0)) return bindMmx(inst, (cpu, dd) => shiftLanes(cpu, dd, size, count, kind));
    return (cpu) => shiftLanes(cpu, d, size, count, kind);
  }
  return bindPacked(inst, (cpu, dd, s) => {
    const lo = cpu.xmm[s * 4]! >>> 0;
    const hi = cpu.xmm[s * 4 + 1]!;
    shiftLanes(cpu, dd, size, hi !== 0 || lo > 255 ? 255 : lo, kind);
  });
}

/** pslldq/psrldq: byte shifts of the whole register. */
function bindByteShift(inst: Instruction, left: boolean): Exec {
  const d = inst.operands[0]!.reg;
  const count = inst.imm & 0xff;
  return (cpu) => {
    const u = cpu.xmmU8;
    const r = XMM_RESULT * 16;
    for (let i = 0; i < 16; i++) {
      const from = left ? i - count : i + count;
      u[r + i] = from >= 0 && from < 16 ? u[d * 16 + from]! : 0;
    }
    copySlot(cpu.xmm, d, XMM_RESULT);
  };
}

// ---- shuffles ----

function bindPshufd(inst: Instruction): Exec {
  const order = inst.imm & 0xff;
  return bindPacked(inst, (cpu, d, s) => {
    const x = cpu.xmm;
    for (let i = 0; i < 4; i++) x[XMM_RESULT * 4 + i] = x[s * 4 + ((order >> (2 * i)) & 3)]!;
    copySlot(x, d, XMM_RESULT);
  });
}

function bindPshufWords(inst: Instruction, high: boolean): Exec {
  const order = inst.imm & 0xff;
  const base = high ? 4 : 0;
  return bindPacked(inst, (cpu, d, s) => {
    const w = cpu.xmmU16;
    const r = XMM_RESULT * 8;
    for (let i = 0; i < 8; i++) w[r + i] = w[s * 8 + i]!;
    for (let i = 0; i < 4; i++) w[r + base + i] = w[s * 8 + base + ((order >> (2 * i)) & 3)]!;
    copySlot(cpu.xmm, d, XMM_RESULT);
  });
}

function bindShufps(inst: Instruction): Exec {
  const order = inst.imm & 0xff;
  return bindPacked(inst, (cpu, d, s) => {
    const x = cpu.xmm;
    const r = XMM_RESULT * 4;
    x[r] = x[d * 4 + (order & 3)]!;
    x[r + 1] = x[d * 4 + ((order >> 2) & 3)]!;
    x[r + 2] = x[s * 4 + ((order >> 4) & 3)]!;
    x[r + 3] = x[s * 4 + ((order >> 6) & 3)]!;
    copySlot(x, d, XMM_RESULT);
  });
}

function bindShufpd(inst: Instruction): Exec {
  const order = inst.imm & 0xff;
  return bindPacked(inst, (cpu, d, s) => {
    const x = cpu.xmm;
    const r = XMM_RESULT * 4;
    const a = d * 4 + (order & 1) * 2;
    const b = s * 4 + ((order >> 1) & 1) * 2;
    x[r] = x[a]!;
    x[r + 1] = x[a + 1]!;
    x[r + 2] = x[b]!;
    x[r + 3] = x[b + 1]!;
    copySlot(x, d, XMM_RESULT);
  });
}

// ---- moves ----

/** Full 128-bit moves (movdqa/movdqu/movaps/movups/movapd/movupd/movntdq/movntps/movntpd/lddqu). */
function bindMove128(inst: Instruction, aligned: boolean): Exec {
  const dst = inst.operands[0]!;
  const src = inst.operands[1]!;
  if (dst.kind === OperandKind.Register && src.kind === OperandKind.Register) {
    const d = dst.reg;
    const s = src.reg;
    return (cpu) => copySlot(cpu.xmm, d, s);
  }
  const address = bindAddress(inst);
  if (dst.kind === OperandKind.Register) {
    const d = dst.reg * 4;
    return (cpu) => {
      const ea = address(cpu);
      if (aligned) checkAligned16(ea);
      loadWords128(cpu, ea, cpu.xmm, d);
    };
  }
  const s = src.reg * 4;
  return (cpu) => {
    const ea = address(cpu);
    if (aligned) checkAligned16(ea);
    storeWords128(cpu, ea, cpu.xmm, s);
  };
}

/** movd/movq between general registers, XMM registers and memory. */
function bindMovdq(inst: Instruction): Exec {
  const dst = inst.operands[0]!;
  const src = inst.operands[1]!;
  if (!isXmm(inst, 0) || !isXmm(inst, 1)) return bindMmxMove(inst);
  const dstXmm = dst.kind === OperandKind.Register && dst.regClass === RegisterClass.Vector;
  const srcXmm = src.kind === OperandKind.Register && src.regClass === RegisterClass.Vector;
  const size = dstXmm ? src.size : dst.size;
  const wide = dstXmm && srcXmm ? true : size === 8;
  if (dstXmm) {
    const d = dst.reg * 4;
    if (srcXmm) {
      // movq xmm, xmm: low quadword, upper cleared.
      const s = src.reg * 4;
      return (cpu) => {
        const x = cpu.xmm;
        x[d] = x[s]!;
        x[d + 1] = x[s + 1]!;
        x[d + 2] = 0;
        x[d + 3] = 0;
      };
    }
    if (src.kind === OperandKind.Memory) {
      const address = bindAddress(inst);
      return wide
        ? (cpu) => {
            const lo = load64(cpu, address(cpu));
            const x = cpu.xmm;
            x[d] = lo;
            x[d + 1] = cpu.hi;
            x[d + 2] = 0;
            x[d + 3] = 0;
          }
        : (cpu) => {
            const v = load32(cpu, address(cpu));
            const x = cpu.xmm;
            x[d] = v;
            x[d + 1] = 0;
            x[d + 2] = 0;
            x[d + 3] = 0;
          };
    }
    const g = src.reg * 2;
    return (cpu) => {
      const x = cpu.xmm;
      x[d] = cpu.gpr[g]!;
      x[d + 1] = wide ? cpu.gpr[g + 1]! : 0;
      x[d + 2] = 0;
      x[d + 3] = 0;
    };
  }
  const s = src.reg * 4;
  if (dst.kind === OperandKind.Memory) {
    const address = bindAddress(inst);
    return wide
      ? (cpu) => store64(cpu, address(cpu), cpu.xmm[s]!, cpu.xmm[s + 1]!)
      : (cpu) => store32(cpu, address(cpu), cpu.xmm[s]!);
  }
  const g = dst.reg * 2;
  return (cpu) => {
    cpu.gpr[g] = cpu.xmm[s]!;
    cpu.gpr[g + 1] = wide ? cpu.xmm[s + 1]! : 0;
  };
}

/**
 * Scalar and half moves: movss/movsd (register forms merge the low element, loads zero the rest),
 * movlps/movlpd/movhps/movhpd (64-bit halves with memory), movhlps/movlhps.
 */
function bindPartialMove(inst: Instruction, kind: 'ss' | 'sd' | 'low' | 'high' | 'hl' | 'lh'): Exec {
  const dst = inst.operands[0]!;
  const src = inst.operands[1]!;
  const dReg = dst.kind === OperandKind.Register;
  const sReg = src.kind === OperandKind.Register;
  if (kind === 'hl' || kind === 'lh') {
    const d = dst.reg * 4;
    const s = src.reg * 4;
    return kind === 'hl'
      ? (cpu) => {
          const x = cpu.xmm;
          x[d] = x[s + 2]!;
          x[d + 1] = x[s + 3]!;
        }
      : (cpu) => {
          const x = cpu.xmm;
          x[d + 2] = x[s]!;
          x[d + 3] = x[s + 1]!;
        };
  }
  const words = kind === 'ss' ? 1 : 2;
  const offset = kind === 'high' ? 2 : 0;
  if (dReg && sReg) {
    const d = dst.reg * 4;
    const s = src.reg * 4;
    return (cpu) => {
      const x = cpu.xmm;
      for (let i = 0; i < words; i++) x[d + i] = x[s + i]!;
    };
  }
  const address = bindAddress(inst);
  if (dReg) {
    const d = dst.reg * 4;
    const zeroRest = kind === 'ss' || kind === 'sd';
    return (cpu) => {
      const ea = address(cpu);
      const x = cpu.xmm;
      if (words === 1) {
        x[d] = load32(cpu, ea);
      } else {
        const lo = load64(cpu, ea);
        x[d + offset] = lo;
        x[d + offset + 1] = cpu.hi;
      }
      if (zeroRest) {
        for (let i = words; i < 4; i++) x[d + i] = 0;
      }
    };
  }
  const s = src.reg * 4;
  return words === 1
    ? (cpu) => store32(cpu, address(cpu), cpu.xmm[s]!)
    : (cpu) => store64(cpu, address(cpu), cpu.xmm[s + offset]!, cpu.xmm[s + offset + 1]!);
}

/** pmovmskb/movmskps/movmskpd: sign bits of the elements into a general register. */
function bindMoveMask(inst: Instruction, size: number): Exec {
  if (!isXmm(inst, 1)) return bindMmxMoveMask(inst);
  const d = inst.operands[0]!.reg * 2;
  const s = inst.operands[1]!.reg;
  return (cpu) => {
    let mask = 0;
    if (size === 1) {
      const x = cpu.xmm;
      mask = moveMaskBytes(x[s * 4]!, x[s * 4 + 1]!, x[s * 4 + 2]!, x[s * 4 + 3]!);
    } else if (size === 4) {
      for (let i = 0; i < 4; i++) mask |= (cpu.xmm[s * 4 + i]! >>> 31) << i;
    } else {
      mask = (cpu.xmm[s * 4 + 1]! >>> 31) | ((cpu.xmm[s * 4 + 3]! >>> 31) << 1);
    }
    cpu.gpr[d] = mask;
    cpu.gpr[d + 1] = 0;
  };
}

function bindPinsrw(inst: Instruction): Exec {
  if (!isXmm(inst, 0)) return bindMmxPinsrw(inst);
  const d = inst.operands[0]!.reg;
  const lane = inst.imm & 7;
  const read = bindReader(inst, 1, 2);
  return (cpu) => {
    cpu.xmmU16[d * 8 + lane] = read(cpu);
  };
}

function bindPextrw(inst: Instruction): Exec {
  if (!isXmm(inst, 1)) return bindMmxPextrw(inst);
  const s = inst.operands[1]!.reg;
  const lane = inst.imm & 7;
  const dst = inst.operands[0]!;
  if (dst.kind === OperandKind.Register) {
    const write = registerWriter({ ...dst, size: 4 }, 4);
    return (cpu) => write(cpu, cpu.xmmU16[s * 8 + lane]!);
  }
  const address = bindAddress(inst);
  return (cpu) => cpu.memory.write16(address(cpu), cpu.xmmU16[s * 8 + lane]!);
}

/** maskmovdqu: byte-masked store of xmm1 to [rdi] (selected by the sign bits of xmm2). */
function bindMaskmovdqu(inst: Instruction): Exec {
  const s = inst.operands[0]!.reg;
  const m = inst.operands[1]!.reg;
  const address = bindRdiAddress(inst);
  return (cpu) => {
    const ea = address(cpu);
    const u = cpu.xmmU8;
    for (let i = 0; i < 16; i++) {
      if (u[m * 16 + i]! & 0x80) cpu.memory.write8(ea + i, u[s * 16 + i]!);
    }
  };
}

export function registerSseInteger(r: HandlerRegistry): void {
  const packed = (code: number, op: LaneOp) => r.define(code, (i) => bindPacked(i, op));

  packed(
    Code.PADDB,
    mapBytes((a, b) => a + b),
  );
  packed(
    Code.PADDW,
    mapWords((a, b) => a + b),
  );
  packed(
    Code.PADDD,
    mapDwords((a, b) => (a + b) | 0),
  );
  packed(Code.PADDQ, (cpu, d, s) => addQwords(cpu, d, s, false));
  packed(
    Code.PSUBB,
    mapBytes((a, b) => a - b),
  );
  packed(
    Code.PSUBW,
    mapWords((a, b) => a - b),
  );
  packed(
    Code.PSUBD,
    mapDwords((a, b) => (a - b) | 0),
  );
  packed(Code.PSUBQ, (cpu, d, s) => addQwords(cpu, d, s, true));
  packed(
    Code.PADDSB,
    mapSignedBytes((a, b) => clampS8(a + b)),
  );
  packed(
    Code.PADDSW,
    mapSignedWords((a, b) => clampS16(a + b)),
  );
  packed(
    Code.PADDUSB,
    mapBytes((a, b) => clampU8(a + b)),
  );
  packed(
    Code.PADDUSW,
    mapWords((a, b) => clampU16(a + b)),
  );
  packed(
    Code.PSUBSB,
    mapSignedBytes((a, b) => clampS8(a - b)),
  );
  packed(
    Code.PSUBSW,
    mapSignedWords((a, b) => clampS16(a - b)),
  );
  packed(
    Code.PSUBUSB,
    mapBytes((a, b) => clampU8(a - b)),
  );
  packed(
    Code.PSUBUSW,
    mapWords((a, b) => clampU16(a - b)),
  );
  packed(
    Code.PMULLW,
    mapWords((a, b) => Math.imul(a, b)),
  );
  packed(
    Code.PMULHW,
    mapSignedWords((a, b) => (a * b) >> 16),
  );
  packed(
    Code.PMULHUW,
    mapWords((a, b) => (a * b) >>> 16),
  );
  packed(Code.PMULUDQ, pmuludq);
  packed(Code.PMADDWD, pmaddwd);
  packed(Code.PSADBW, psadbw);
  packed(
    Code.PAVGB,
    mapBytes((a, b) => (a + b + 1) >> 1),
  );
  packed(
    Code.PAVGW,
    mapWords((a, b) => (a + b + 1) >> 1),
  );
  packed(
    Code.PMINUB,
    mapBytes((a, b) => Math.min(a, b)),
  );
  packed(
    Code.PMAXUB,
    mapBytes((a, b) => Math.max(a, b)),
  );
  packed(
    Code.PMINSW,
    mapSignedWords((a, b) => Math.min(a, b)),
  );
  packed(
    Code.PMAXSW,
    mapSignedWords((a, b) => Math.max(a, b)),
  );
  packed(Code.PCMPEQB, mapDwords(equalBytes32));
  packed(
    Code.PCMPEQW,
    mapWords((a, b) => (a === b ? 0xffff : 0)),
  );
  packed(
    Code.PCMPEQD,
    mapDwords((a, b) => (a === b ? -1 : 0)),
  );
  packed(
    Code.PCMPGTB,
    mapSignedBytes((a, b) => (a > b ? -1 : 0)),
  );
  packed(
    Code.PCMPGTW,
    mapSignedWords((a, b) => (a > b ? -1 : 0)),
  );
  packed(
    Code.PCMPGTD,
    mapDwords((a, b) => (a > b ? -1 : 0)),
  );

  const and = mapDwords((a, b) => a & b);
  const or = mapDwords((a, b) => a | b);
  const xor = mapDwords((a, b) => a ^ b);
  for (const code of [Code.PAND, Code.ANDPS, Code.ANDPD]) packed(code, and);
  for (const code of [Code.PANDN, Code.ANDNPS, Code.ANDNPD]) packed(code, pandn);
  for (const code of [Code.POR, Code.ORPS, Code.ORPD]) packed(code, or);
  for (const code of [Code.PXOR, Code.XORPS, Code.XORPD]) packed(code, xor);

  packed(Code.PACKSSWB, packsswb);
  packed(Code.PACKSSDW, packssdw);
  packed(Code.PACKUSWB, packuswb);
  packed(Code.PUNPCKLBW, unpack(1, false));
  packed(Code.PUNPCKLWD, unpack(2, false));
  packed(Code.PUNPCKLDQ, unpack(4, false));
  packed(Code.PUNPCKLQDQ, unpack(8, false));
  packed(Code.PUNPCKHBW, unpack(1, true));
  packed(Code.PUNPCKHWD, unpack(2, true));
  packed(Code.PUNPCKHDQ, unpack(4, true));
  packed(Code.PUNPCKHQDQ, unpack(8, true));
  packed(Code.UNPCKLPS, unpack(4, false));
  packed(Code.UNPCKHPS, unpack(4, true));
  packed(Code.UNPCKLPD, unpack(8, false));
  packed(Code.UNPCKHPD, unpack(8, true));

  r.define(Code.PSLLW, (i) => bindShiftLanes(i, 2, 'left'));
  r.define(Code.PSLLD, (i) => bindShiftLanes(i, 4, 'left'));
  r.define(Code.PSLLQ, (i) => bindShiftLanes(i, 8, 'left'));
  r.define(Code.PSRLW, (i) => bindShiftLanes(i, 2, 'right'));
  r.define(Code.PSRLD, (i) => bindShiftLanes(i, 4, 'right'));
  r.define(Code.PSRLQ, (i) => bindShiftLanes(i, 8, 'right'));
  r.define(Code.PSRAW, (i) => bindShiftLanes(i, 2, 'arith'));
  r.define(Code.PSRAD, (i) => bindShiftLanes(i, 4, 'arith'));
  r.define(Code.PSLLDQ, (i) => bindByteShift(i, true));
  r.define(Code.PSRLDQ, (i) => bindByteShift(i, false));

  r.define(Code.PSHUFD, bindPshufd);
  r.define(Code.PSHUFLW, (i) => bindPshufWords(i, false));
  r.define(Code.PSHUFHW, (i) => bindPshufWords(i, true));
  r.define(Code.SHUFPS, bindShufps);
  r.define(Code.SHUFPD, bindShufpd);

  r.define(Code.MOVDQA, (i) => bindMove128(i, true));
  r.define(Code.MOVAPS, (i) => bindMove128(i, true));
  r.define(Code.MOVAPD, (i) => bindMove128(i, true));
  r.define(Code.MOVNTDQ, (i) => bindMove128(i, true));
  r.define(Code.MOVNTPS, (i) => bindMove128(i, true));
  r.define(Code.MOVNTPD, (i) => bindMove128(i, true));
  r.define(Code.MOVDQU, (i) => bindMove128(i, false));
  r.define(Code.MOVUPS, (i) => bindMove128(i, false));
  r.define(Code.MOVUPD, (i) => bindMove128(i, false));
  r.define(Code.MOVD, bindMovdq);
  r.define(Code.MOVQ, bindMovdq);
  r.define(Code.MOVSS, (i) => bindPartialMove(i, 'ss'));
  r.define(Code.MOVSD_XMM, (i) => bindPartialMove(i, 'sd'));
  r.define(Code.MOVLPS, (i) => bindPartialMove(i, 'low'));
  r.define(Code.MOVLPD, (i) => bindPartialMove(i, 'low'));
  r.define(Code.MOVHPS, (i) => bindPartialMove(i, 'high'));
  r.define(Code.MOVHPD, (i) => bindPartialMove(i, 'high'));
  r.define(Code.MOVHLPS, (i) => bindPartialMove(i, 'hl'));
  r.define(Code.MOVLHPS, (i) => bindPartialMove(i, 'lh'));

  r.define(Code.PMOVMSKB, (i) => bindMoveMask(i, 1));
  r.define(Code.MOVMSKPS, (i) => bindMoveMask(i, 4));
  r.define(Code.MOVMSKPD, (i) => bindMoveMask(i, 8));
  r.define(Code.PINSRW, bindPinsrw);
  r.define(Code.PEXTRW, bindPextrw);
  r.define(Code.MASKMOVDQU, bindMaskmovdqu);
}
