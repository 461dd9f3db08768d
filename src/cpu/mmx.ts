// MMX: the eight 64-bit registers MM0–MM7 and the MMX forms of the integer vector instructions.
//
// MMi is the significand (bits 0–63) of the x87 physical register Ri (cpu.x87.lo/hi), not of ST(i).
// Every MMX instruction except EMMS first raises a pending unmasked x87 exception (#MF), then sets
// TOP to 0 and marks all eight registers valid; a write to MMi also sets Ri's bits 64–79 to all
// ones (Intel SDM vol. 1 §9.5). EMMS marks all eight empty. MMX instructions leave MXCSR and RFLAGS
// alone.
//
// Most MMX forms share their Code with an SSE form. Their 64-bit semantics are derived from the
// 128-bit lane operations of sse-int.ts and ssse3.ts: the destination is widened into slot XMM_MMX,
// the source into XMM_SOURCE, the SSE operation runs, and 64 bits of XMM_MMX go back to the MMX
// register. `MMX_FORMS` says, per Code, how the two 64-bit operands are laid out in the 128-bit
// slots so that the SSE operation computes the MMX result (e.g. pack: both operands in one slot).

import { Code, codeName } from '../x86/codes.ts';
import { type Instruction, OperandKind, RegisterClass, Segment } from '../x86/instruction.ts';
import { bindAddress, checkAddress } from './address.ts';
import { type Cpu, XMM_MMX, XMM_SOURCE } from './cpu.ts';
import { GuestFault } from './guest-fault.ts';
import { load32, load64, store32, store64 } from './memory-access.ts';
import { bindReader, registerWriter } from './operands.ts';
import type { Exec, HandlerRegistry } from './registry.ts';
import type { VectorOp } from './vector-operands.ts';
import { checkPendingX87 } from './x87.ts';

/** Operand `index` of `inst` is an MMX register. */
export function isMmxOperand(inst: Instruction, index: number): boolean {
  const op = inst.operands[index];
  return op !== undefined && op.kind === OperandKind.Register && op.regClass === RegisterClass.MMX;
}

/** Some operand of `inst` is an MMX register: the instruction is an MMX instruction. */
export function hasMmxOperand(inst: Instruction): boolean {
  for (let i = 0; i < inst.operandCount; i++) if (isMmxOperand(inst, i)) return true;
  return false;
}

/** The x87 side effects every MMX instruction but EMMS has, before it reads or writes MMX state. */
export function enterMmx(cpu: Cpu): void {
  const x87 = cpu.x87;
  checkPendingX87(x87);
  x87.top = 0;
  x87.empty = 0;
}

/** Writes MMr (low word first); bits 64–79 of the x87 register become all ones. */
export function writeMmx(cpu: Cpu, r: number, lo: number, hi: number): void {
  const x87 = cpu.x87;
  x87.lo[r] = lo;
  x87.hi[r] = hi;
  x87.se[r] = 0xffff;
}

/** Copies MMr into quadword `q` (0 or 1) of XMM slot `slot`. */
function mmxToSlot(cpu: Cpu, r: number, slot: number, q: number): void {
  const o = slot * 4 + q * 2;
  cpu.xmm[o] = cpu.x87.lo[r]!;
  cpu.xmm[o + 1] = cpu.x87.hi[r]!;
}

function clearSlot(cpu: Cpu, slot: number): void {
  cpu.xmm.fill(0, slot * 4, slot * 4 + 4);
}

/** How the 64-bit operands of an MMX form are placed in 128-bit slots (see the file comment). */
const enum Layout {
  /** Lane-wise: destination and source in the low quadwords (upper zero); the result is the low quadword. */
  Lanes,
  /** Pack and horizontal operations: destination low, source high, both in XMM_MMX, op(XMM_MMX, XMM_MMX). */
  Paired,
  /** punpckh: both in the high quadwords; the 128-bit result's high quadword is the MMX result. */
  HighHalves,
  /** pshufb: the destination in both quadwords (so index bit 3 is ignored), control in the low one. */
  ByteTable,
  /** palignr: the 16-byte concatenation destination:source as the SSE source, a zero destination. */
  Concatenated,
}

/** Every shared Code with an MMX form handled by bindMmx, and its layout. */
const MMX_FORMS = new Map<number, Layout>([
  [Code.PADDB, Layout.Lanes],
  [Code.PADDW, Layout.Lanes],
  [Code.PADDD, Layout.Lanes],
  [Code.PADDQ, Layout.Lanes],
  [Code.PSUBB, Layout.Lanes],
  [Code.PSUBW, Layout.Lanes],
  [Code.PSUBD, Layout.Lanes],
  [Code.PSUBQ, Layout.Lanes],
  [Code.PADDSB, Layout.Lanes],
  [Code.PADDSW, Layout.Lanes],
  [Code.PADDUSB, Layout.Lanes],
  [Code.PADDUSW, Layout.Lanes],
  [Code.PSUBSB, Layout.Lanes],
  [Code.PSUBSW, Layout.Lanes],
  [Code.PSUBUSB, Layout.Lanes],
  [Code.PSUBUSW, Layout.Lanes],
  [Code.PMULLW, Layout.Lanes],
  [Code.PMULHW, Layout.Lanes],
  [Code.PMULHUW, Layout.Lanes],
  [Code.PMULUDQ, Layout.Lanes],
  [Code.PMADDWD, Layout.Lanes],
  [Code.PSADBW, Layout.Lanes],
  [Code.PAVGB, Layout.Lanes],
  [Code.PAVGW, Layout.Lanes],
  [Code.PMINUB, Layout.Lanes],
  [Code.PMAXUB, Layout.Lanes],
  [Code.PMINSW, Layout.Lanes],
  [Code.PMAXSW, Layout.Lanes],
  [Code.PCMPEQB, Layout.Lanes],
  [Code.PCMPEQW, Layout.Lanes],
  [Code.PCMPEQD, Layout.Lanes],
  [Code.PCMPGTB, Layout.Lanes],
  [Code.PCMPGTW, Layout.Lanes],
  [Code.PCMPGTD, Layout.Lanes],
  [Code.PAND, Layout.Lanes],
  [Code.PANDN, Layout.Lanes],
  [Code.POR, Layout.Lanes],
  [Code.PXOR, Layout.Lanes],
  [Code.PSLLW, Layout.Lanes],
  [Code.PSLLD, Layout.Lanes],
  [Code.PSLLQ, Layout.Lanes],
  [Code.PSRLW, Layout.Lanes],
  [Code.PSRLD, Layout.Lanes],
  [Code.PSRLQ, Layout.Lanes],
  [Code.PSRAW, Layout.Lanes],
  [Code.PSRAD, Layout.Lanes],
  // punpckl of the low halves: the low quadword of the 128-bit interleave (the source is m32).
  [Code.PUNPCKLBW, Layout.Lanes],
  [Code.PUNPCKLWD, Layout.Lanes],
  [Code.PUNPCKLDQ, Layout.Lanes],
  [Code.PUNPCKHBW, Layout.HighHalves],
  [Code.PUNPCKHWD, Layout.HighHalves],
  [Code.PUNPCKHDQ, Layout.HighHalves],
  [Code.PACKSSWB, Layout.Paired],
  [Code.PACKSSDW, Layout.Paired],
  [Code.PACKUSWB, Layout.Paired],
  // SSSE3.
  [Code.PSHUFB, Layout.ByteTable],
  [Code.PHADDW, Layout.Paired],
  [Code.PHADDSW, Layout.Paired],
  [Code.PHSUBW, Layout.Paired],
  [Code.PHSUBSW, Layout.Paired],
  [Code.PHADDD, Layout.Paired],
  [Code.PHSUBD, Layout.Paired],
  [Code.PMADDUBSW, Layout.Lanes],
  [Code.PMULHRSW, Layout.Lanes],
  [Code.PSIGNB, Layout.Lanes],
  [Code.PSIGNW, Layout.Lanes],
  [Code.PSIGND, Layout.Lanes],
  [Code.PABSB, Layout.Lanes],
  [Code.PABSW, Layout.Lanes],
  [Code.PABSD, Layout.Lanes],
  [Code.PALIGNR, Layout.Concatenated],
]);

function unsupportedForm(inst: Instruction): Exec {
  const text = `unsupported instruction: ${codeName(inst.code).toLowerCase()} (MMX form)`;
  return () => {
    throw GuestFault.invalidOpcode(text);
  };
}

/**
 * Binds the MMX form "mm, mm/m64 [, imm8]" (or "mm, imm8" for the shifts) of a shared Code whose
 * 128-bit operation is `op`. Memory sources have no alignment rule; punpckl reads 32 bits.
 */
export function bindMmx(inst: Instruction, op: VectorOp): Exec {
  const layout = MMX_FORMS.get(inst.code);
  if (layout === undefined || !isMmxOperand(inst, 0)) return unsupportedForm(inst);
  const d = inst.operands[0]!.reg;
  const src = inst.operands[1]!;
  const imm = inst.imm & 0xff;
  // Reads the source operand's 64 bits into XMM_SOURCE's low quadword (before any state changes).
  let readSource: (cpu: Cpu) => void;
  if (src.kind === OperandKind.Register) {
    const s = src.reg;
    readSource = (cpu) => mmxToSlot(cpu, s, XMM_SOURCE, 0);
  } else if (src.kind === OperandKind.Memory) {
    const address = bindAddress(inst);
    const size = src.size;
    readSource = (cpu) => {
      const x = cpu.xmm;
      const o = XMM_SOURCE * 4;
      if (size === 4) {
        x[o] = load32(cpu, address(cpu));
        x[o + 1] = 0;
      } else {
        x[o] = load64(cpu, address(cpu));
        x[o + 1] = cpu.hi;
      }
    };
  } else {
    // An immediate shift count: the operation ignores its source.
    readSource = () => {};
  }
  switch (layout) {
    case Layout.Lanes:
      return (cpu) => {
        readSource(cpu);
        enterMmx(cpu);
        const x = cpu.xmm;
        x[XMM_SOURCE * 4 + 2] = 0;
        x[XMM_SOURCE * 4 + 3] = 0;
        clearSlot(cpu, XMM_MMX);
        mmxToSlot(cpu, d, XMM_MMX, 0);
        op(cpu, XMM_MMX, XMM_SOURCE, imm);
        writeMmx(cpu, d, x[XMM_MMX * 4]!, x[XMM_MMX * 4 + 1]!);
      };
    case Layout.Paired:
      return (cpu) => {
        readSource(cpu);
        enterMmx(cpu);
        const x = cpu.xmm;
        mmxToSlot(cpu, d, XMM_MMX, 0);
        x[XMM_MMX * 4 + 2] = x[XMM_SOURCE * 4]!;
        x[XMM_MMX * 4 + 3] = x[XMM_SOURCE * 4 + 1]!;
        op(cpu, XMM_MMX, XMM_MMX, imm);
        writeMmx(cpu, d, x[XMM_MMX * 4]!, x[XMM_MMX * 4 + 1]!);
      };
    case Layout.HighHalves:
      return (cpu) => {
        readSource(cpu);
        enterMmx(cpu);
        const x = cpu.xmm;
        const s = XMM_SOURCE * 4;
        x[s + 2] = x[s]!;
        x[s + 3] = x[s + 1]!;
        x[s] = 0;
        x[s + 1] = 0;
        clearSlot(cpu, XMM_MMX);
        mmxToSlot(cpu, d, XMM_MMX, 1);
        op(cpu, XMM_MMX, XMM_SOURCE, imm);
        writeMmx(cpu, d, x[XMM_MMX * 4 + 2]!, x[XMM_MMX * 4 + 3]!);
      };
    case Layout.ByteTable:
      return (cpu) => {
        readSource(cpu);
        enterMmx(cpu);
        const x = cpu.xmm;
        x[XMM_SOURCE * 4 + 2] = 0;
        x[XMM_SOURCE * 4 + 3] = 0;
        mmxToSlot(cpu, d, XMM_MMX, 0);
        mmxToSlot(cpu, d, XMM_MMX, 1);
        op(cpu, XMM_MMX, XMM_SOURCE, imm);
        writeMmx(cpu, d, x[XMM_MMX * 4]!, x[XMM_MMX * 4 + 1]!);
      };
    case Layout.Concatenated:
      return (cpu) => {
        readSource(cpu);
        enterMmx(cpu);
        const x = cpu.xmm;
        mmxToSlot(cpu, d, XMM_SOURCE, 1);
        clearSlot(cpu, XMM_MMX);
        op(cpu, XMM_MMX, XMM_SOURCE, imm);
        writeMmx(cpu, d, x[XMM_MMX * 4]!, x[XMM_MMX * 4 + 1]!);
      };
  }
}

/**
 * movd/movq with an MMX operand: mm ← r/m32 (zero-extended), r/m64 or mm/m64; r/m32, r/m64 or
 * m64 ← mm.
 */
export function bindMmxMove(inst: Instruction): Exec {
  const dst = inst.operands[0]!;
  const src = inst.operands[1]!;
  if (isMmxOperand(inst, 0)) {
    const d = dst.reg;
    if (isMmxOperand(inst, 1)) {
      const s = src.reg;
      return (cpu) => {
        enterMmx(cpu);
        writeMmx(cpu, d, cpu.x87.lo[s]!, cpu.x87.hi[s]!);
      };
    }
    const wide = src.size === 8;
    if (src.kind === OperandKind.Memory) {
      const address = bindAddress(inst);
      return wide
        ? (cpu) => {
            const lo = load64(cpu, address(cpu));
            enterMmx(cpu);
            writeMmx(cpu, d, lo, cpu.hi);
          }
        : (cpu) => {
            const v = load32(cpu, address(cpu));
            enterMmx(cpu);
            writeMmx(cpu, d, v, 0);
          };
    }
    const g = src.reg * 2;
    return (cpu) => {
      enterMmx(cpu);
      writeMmx(cpu, d, cpu.gpr[g]!, wide ? cpu.gpr[g + 1]! : 0);
    };
  }
  const s = src.reg;
  const wide = dst.size === 8;
  if (dst.kind === OperandKind.Memory) {
    const address = bindAddress(inst);
    return wide
      ? (cpu) => {
          const ea = address(cpu);
          enterMmx(cpu);
          store64(cpu, ea, cpu.x87.lo[s]!, cpu.x87.hi[s]!);
        }
      : (cpu) => {
          const ea = address(cpu);
          enterMmx(cpu);
          store32(cpu, ea, cpu.x87.lo[s]!);
        };
  }
  const g = dst.reg * 2;
  return (cpu) => {
    enterMmx(cpu);
    cpu.gpr[g] = cpu.x87.lo[s]!;
    cpu.gpr[g + 1] = wide ? cpu.x87.hi[s]! : 0;
  };
}

/** pmovmskb r32, mm: the sign bits of the eight bytes. */
export function bindMmxMoveMask(inst: Instruction): Exec {
  const d = inst.operands[0]!.reg * 2;
  const s = inst.operands[1]!.reg;
  return (cpu) => {
    enterMmx(cpu);
    const lo = cpu.x87.lo[s]!;
    const hi = cpu.x87.hi[s]!;
    let mask = 0;
    for (let i = 0; i < 4; i++) {
      mask |= ((lo >>> (8 * i + 7)) & 1) << i;
      mask |= ((hi >>> (8 * i + 7)) & 1) << (i + 4);
    }
    cpu.gpr[d] = mask;
    cpu.gpr[d + 1] = 0;
  };
}

/** pinsrw mm, r32/m16, imm8: word imm & 3 of mm. */
export function bindMmxPinsrw(inst: Instruction): Exec {
  const d = inst.operands[0]!.reg;
  const lane = inst.imm & 3;
  const read = bindReader(inst, 1, 2);
  const shift = (lane & 1) * 16;
  const keep = ~(0xffff << shift);
  return (cpu) => {
    const v = read(cpu) & 0xffff;
    enterMmx(cpu);
    const x87 = cpu.x87;
    if (lane < 2) writeMmx(cpu, d, (x87.lo[d]! & keep) | (v << shift), x87.hi[d]!);
    else writeMmx(cpu, d, x87.lo[d]!, (x87.hi[d]! & keep) | (v << shift));
  };
}

/** pextrw r32, mm, imm8: word imm & 3 of mm, zero-extended. */
export function bindMmxPextrw(inst: Instruction): Exec {
  const s = inst.operands[1]!.reg;
  const lane = inst.imm & 3;
  const write = registerWriter({ ...inst.operands[0]!, size: 4 }, 4);
  return (cpu) => {
    enterMmx(cpu);
    const word = lane < 2 ? cpu.x87.lo[s]! : cpu.x87.hi[s]!;
    write(cpu, (word >>> ((lane & 1) * 16)) & 0xffff);
  };
}

/** pshufw mm, mm/m64, imm8: word i of the result is source word (imm >> 2i) & 3. */
function bindPshufw(inst: Instruction): Exec {
  const d = inst.operands[0]!.reg;
  const src = inst.operands[1]!;
  const order = inst.imm & 0xff;
  const address = src.kind === OperandKind.Memory ? bindAddress(inst) : null;
  const s = src.reg;
  return (cpu) => {
    let lo: number;
    let hi: number;
    if (address) {
      lo = load64(cpu, address(cpu));
      hi = cpu.hi;
    } else {
      lo = cpu.x87.lo[s]!;
      hi = cpu.x87.hi[s]!;
    }
    enterMmx(cpu);
    const word = (i: number) => {
      const lane = (order >> (2 * i)) & 3;
      return ((lane < 2 ? lo : hi) >>> ((lane & 1) * 16)) & 0xffff;
    };
    writeMmx(cpu, d, (word(0) | (word(1) << 16)) >>> 0, (word(2) | (word(3) << 16)) >>> 0);
  };
}

/**
 * The implicit destination [rdi] of maskmovq/maskmovdqu (DS, or an FS/GS override; [edi] with an
 * address-size prefix). The decoder gives these instructions no memory operand.
 */
export function bindRdiAddress(inst: Instruction): (cpu: Cpu) => number {
  const segment = inst.segment;
  const narrow = inst.addressSize === 4;
  return (cpu) => {
    const lo = cpu.gpr[14]! >>> 0;
    const offset = narrow ? lo : cpu.gpr[15]! * 2 ** 32 + lo;
    const base = segment === Segment.FS ? cpu.fsBase : segment === Segment.GS ? cpu.gsBase : 0;
    const address = base + offset;
    // Wraps modulo 2^64 as the hardware does; checkAddress faults outside the 4 GiB space.
    return checkAddress(address >= 2 ** 64 ? address - 2 ** 64 : address);
  };
}

/** maskmovq mm1, mm2: the bytes of mm1 whose mm2 byte has its sign bit set, stored to [rdi]. */
function bindMaskmovq(inst: Instruction): Exec {
  const s = inst.operands[0]!.reg;
  const m = inst.operands[1]!.reg;
  const address = bindRdiAddress(inst);
  return (cpu) => {
    const ea = address(cpu);
    enterMmx(cpu);
    const x87 = cpu.x87;
    for (let i = 0; i < 8; i++) {
      const mask = i < 4 ? x87.lo[m]! : x87.hi[m]!;
      if ((mask >>> ((i & 3) * 8 + 7)) & 1) {
        const data = i < 4 ? x87.lo[s]! : x87.hi[s]!;
        cpu.memory.write8(ea + i, (data >>> ((i & 3) * 8)) & 0xff);
      }
    }
  };
}

/** movntq m64, mm (the non-temporal hint has no meaning here). */
function bindMovntq(inst: Instruction): Exec {
  const s = inst.operands[1]!.reg;
  const address = bindAddress(inst);
  return (cpu) => {
    const ea = address(cpu);
    enterMmx(cpu);
    store64(cpu, ea, cpu.x87.lo[s]!, cpu.x87.hi[s]!);
  };
}

/** movq2dq xmm, mm: the low quadword, upper cleared. */
function bindMovq2dq(inst: Instruction): Exec {
  const d = inst.operands[0]!.reg * 4;
  const s = inst.operands[1]!.reg;
  return (cpu) => {
    enterMmx(cpu);
    const x = cpu.xmm;
    x[d] = cpu.x87.lo[s]!;
    x[d + 1] = cpu.x87.hi[s]!;
    x[d + 2] = 0;
    x[d + 3] = 0;
  };
}

/** movdq2q mm, xmm: the low quadword. */
function bindMovdq2q(inst: Instruction): Exec {
  const d = inst.operands[0]!.reg;
  const s = inst.operands[1]!.reg * 4;
  return (cpu) => {
    enterMmx(cpu);
    writeMmx(cpu, d, cpu.xmm[s]!, cpu.xmm[s + 1]!);
  };
}

/** The MMX-only Codes (the shared ones are bound by their SSE families through bindMmx…). */
export function registerMmx(r: HandlerRegistry): void {
  r.define(Code.EMMS, () => (cpu) => {
    checkPendingX87(cpu.x87);
    cpu.x87.empty = 0xff;
  });
  r.define(Code.PSHUFW, bindPshufw);
  r.define(Code.MASKMOVQ, bindMaskmovq);
  r.define(Code.MOVNTQ, bindMovntq);
  r.define(Code.MOVQ2DQ, bindMovq2dq);
  r.define(Code.MOVDQ2Q, bindMovdq2q);
}
