// Operand binding shared by the SSE3/SSSE3/SSE4/AES/PCLMULQDQ families: a destination XMM
// register and a source that is an XMM register or memory (loaded into slot XMM_SOURCE first, so
// that every fault happens before any register is written).
//
// The family files read XMM_SOURCE/XMM_RESULT inside their handlers, never into module-level
// constants: cpu.ts imports the instruction table, so at module evaluation time these imports may
// not be initialised yet (circular import).

import { type Instruction, OperandKind } from '../x86/instruction.ts';
import { bindAddress } from './address.ts';
import { type Cpu, XMM_SOURCE } from './cpu.ts';
import { checkAligned16, load16, load32, load64, loadWords128 } from './memory-access.ts';
import { bindMmx, hasMmxOperand } from './mmx.ts';
import type { Exec } from './registry.ts';

/** A vector operation: destination slot d, source slot s, the instruction's imm8. Writes slot d. */
export type VectorOp = (cpu: Cpu, d: number, s: number, imm: number) => void;

/** How a memory source is read. */
export const enum SourceMemory {
  /** 16 bytes, 16-byte aligned (legacy SSE m128: #GP otherwise). */
  Aligned128 = 0,
  /** 16 bytes, any alignment (lddqu, pcmpXstrY). */
  Unaligned128 = 1,
  /** The low 8, 4 or 2 bytes of the source (pmovsx/zx, movddup): no alignment rule. */
  Low64 = 8,
  Low32 = 4,
  Low16 = 2,
}

/** Loads a memory source of the given kind into slot XMM_SOURCE (the unread upper part is zeroed). */
export function loadSource(cpu: Cpu, ea: number, kind: SourceMemory): void {
  const x = cpu.xmm;
  const o = XMM_SOURCE * 4;
  switch (kind) {
    case SourceMemory.Aligned128:
      checkAligned16(ea);
      loadWords128(cpu, ea, x, o);
      return;
    case SourceMemory.Unaligned128:
      loadWords128(cpu, ea, x, o);
      return;
    case SourceMemory.Low64:
      x[o] = load64(cpu, ea);
      x[o + 1] = cpu.hi;
      break;
    case SourceMemory.Low32:
      x[o] = load32(cpu, ea);
      x[o + 1] = 0;
      break;
    case SourceMemory.Low16:
      x[o] = load16(cpu, ea);
      x[o + 1] = 0;
      break;
  }
  x[o + 2] = 0;
  x[o + 3] = 0;
}

/**
 * Binds `op` for the form "xmm, xmm/mem [, imm8]": operand 0 is the destination register, operand
 * 1 the source. The closure calls op(cpu, d, s, imm) with s the source register or XMM_SOURCE.
 */
export function bindVector(inst: Instruction, op: VectorOp, memory: SourceMemory = SourceMemory.Aligned128): Exec {
  // The MMX (0F-without-66) forms of the SSSE3 opcodes: ./mmx.ts.
  if (hasMmxOperand(inst)) return bindMmx(inst, op);
  const d = inst.operands[0]!.reg;
  const src = inst.operands[1]!;
  const imm = inst.imm & 0xff;
  if (src.kind === OperandKind.Register) {
    const s = src.reg;
    return (cpu) => op(cpu, d, s, imm);
  }
  const address = bindAddress(inst);
  return (cpu) => {
    loadSource(cpu, address(cpu), memory);
    op(cpu, d, XMM_SOURCE, imm);
  };
}

/** Copies slot `from` to slot `to` (four words). */
export function copySlot(x: Int32Array, to: number, from: number): void {
  const t = to * 4;
  const f = from * 4;
  x[t] = x[f]!;
  x[t + 1] = x[f + 1]!;
  x[t + 2] = x[f + 2]!;
  x[t + 3] = x[f + 3]!;
}
