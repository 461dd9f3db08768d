// The instruction set the CPU executes: one table from instruction identity (Code) to handler,
// and the glue between the decoder and the block cache.
//
// To add instructions, define them in the family's register function below (or in a new family
// file registered here). An instruction that decodes but has no handler raises SIGILL naming it.

import { Code, codeName } from '../x86/codes.ts';
import { DecodedInstruction, decodeReusing, decodeWithin } from '../x86/decoder.ts';
import type { Instruction } from '../x86/instruction.ts';
import { registerAes } from './aes.ts';
import { ADC, ADD, AND, bindBinary, bindUnary, DEC, INC, NEG, NOT, OR, SBB, SUB, XOR } from './alu.ts';
import { bindCmpxchg, bindCmpxchgDouble, bindXadd } from './atomic.ts';
import { BitOp, bindBitScan, bindBitTest, ScanOp } from './bits.ts';
import { bindCall, bindJcc, bindJmp, bindJrcxz, bindLoop, bindRet } from './control.ts';
import { registerCrc32 } from './crc32.ts';
import {
  bindBswap,
  bindCmov,
  bindConvertAccumulator,
  bindConvertToDouble,
  bindExtend,
  bindLea,
  bindMov,
  bindMovbe,
  bindSetcc,
  bindXchg,
} from './data-move.ts';
import { GuestFault } from './guest-fault.ts';
import { registerMmx } from './mmx.ts';
import { registerMmxConversions } from './mmx-convert.ts';
import { bindDivide, bindMultiplyAccumulator, bindMultiplyTruncated } from './muldiv.ts';
import { registerPclmul } from './pclmul.ts';
import { type Exec, HandlerRegistry } from './registry.ts';
import { bindDoubleShift, bindShift, ShiftKind } from './shift.ts';
import { registerSseFloat } from './sse-float.ts';
import { registerSseInteger } from './sse-int.ts';
import { registerSse3Moves } from './sse3-move.ts';
import { registerSse41Integer } from './sse41-integer.ts';
import { registerSse42Strings } from './sse42-string.ts';
import { registerSsse3 } from './ssse3.ts';
import { bindEnter, bindLeave, bindPop, bindPopf, bindPush, bindPushf } from './stack.ts';
import { bindStringInstruction, StringOp } from './string.ts';
import { registerSystem } from './system.ts';
import { checkPendingX87, registerX87 } from './x87.ts';

/** Condition-code order of the jcc/setcc/cmovcc codes (o no b ae e ne be a s ns p np l ge le g); exported for the code generator's templates (jit/templates.ts). */
export const JCC = [
  Code.JO,
  Code.JNO,
  Code.JB,
  Code.JAE,
  Code.JE,
  Code.JNE,
  Code.JBE,
  Code.JA,
  Code.JS,
  Code.JNS,
  Code.JP,
  Code.JNP,
  Code.JL,
  Code.JGE,
  Code.JLE,
  Code.JG,
];
export const SETCC = [
  Code.SETO,
  Code.SETNO,
  Code.SETB,
  Code.SETAE,
  Code.SETE,
  Code.SETNE,
  Code.SETBE,
  Code.SETA,
  Code.SETS,
  Code.SETNS,
  Code.SETP,
  Code.SETNP,
  Code.SETL,
  Code.SETGE,
  Code.SETLE,
  Code.SETG,
];
export const CMOVCC = [
  Code.CMOVO,
  Code.CMOVNO,
  Code.CMOVB,
  Code.CMOVAE,
  Code.CMOVE,
  Code.CMOVNE,
  Code.CMOVBE,
  Code.CMOVA,
  Code.CMOVS,
  Code.CMOVNS,
  Code.CMOVP,
  Code.CMOVNP,
  Code.CMOVL,
  Code.CMOVGE,
  Code.CMOVLE,
  Code.CMOVG,
];

function registerGeneral(r: HandlerRegistry): void {
  r.define(Code.ADD, (i) => bindBinary(i, ADD, true));
  r.define(Code.OR, (i) => bindBinary(i, OR, true));
  r.define(Code.ADC, (i) => bindBinary(i, ADC, true));
  r.define(Code.SBB, (i) => bindBinary(i, SBB, true));
  r.define(Code.AND, (i) => bindBinary(i, AND, true));
  r.define(Code.SUB, (i) => bindBinary(i, SUB, true));
  r.define(Code.XOR, (i) => bindBinary(i, XOR, true));
  r.define(Code.CMP, (i) => bindBinary(i, SUB, false));
  r.define(Code.TEST, (i) => bindBinary(i, AND, false));
  r.define(Code.INC, (i) => bindUnary(i, INC));
  r.define(Code.DEC, (i) => bindUnary(i, DEC));
  r.define(Code.NEG, (i) => bindUnary(i, NEG));
  r.define(Code.NOT, (i) => bindUnary(i, NOT));

  r.define(Code.ROL, (i) => bindShift(i, ShiftKind.Rol));
  r.define(Code.ROR, (i) => bindShift(i, ShiftKind.Ror));
  r.define(Code.RCL, (i) => bindShift(i, ShiftKind.Rcl));
  r.define(Code.RCR, (i) => bindShift(i, ShiftKind.Rcr));
  r.define(Code.SHL, (i) => bindShift(i, ShiftKind.Shl));
  r.define(Code.SHR, (i) => bindShift(i, ShiftKind.Shr));
  r.define(Code.SAR, (i) => bindShift(i, ShiftKind.Sar));
  r.define(Code.SHLD, (i) => bindDoubleShift(i, true));
  r.define(Code.SHRD, (i) => bindDoubleShift(i, false));

  r.define(Code.MUL, (i) => bindMultiplyAccumulator(i, false));
  r.define(Code.IMUL, (i) => (i.operandCount === 1 ? bindMultiplyAccumulator(i, true) : bindMultiplyTruncated(i)));
  r.define(Code.DIV, (i) => bindDivide(i, false));
  r.define(Code.IDIV, (i) => bindDivide(i, true));

  r.define(Code.BT, (i) => bindBitTest(i, BitOp.Test));
  r.define(Code.BTS, (i) => bindBitTest(i, BitOp.Set));
  r.define(Code.BTR, (i) => bindBitTest(i, BitOp.Reset));
  r.define(Code.BTC, (i) => bindBitTest(i, BitOp.Complement));
  r.define(Code.BSF, (i) => bindBitScan(i, ScanOp.Bsf));
  r.define(Code.BSR, (i) => bindBitScan(i, ScanOp.Bsr));
  r.define(Code.TZCNT, (i) => bindBitScan(i, ScanOp.Tzcnt));
  r.define(Code.LZCNT, (i) => bindBitScan(i, ScanOp.Lzcnt));
  r.define(Code.POPCNT, (i) => bindBitScan(i, ScanOp.Popcnt));

  r.define(Code.MOV, bindMov);
  r.define(Code.MOVZX, (i) => bindExtend(i, false));
  r.define(Code.MOVSX, (i) => bindExtend(i, true));
  r.define(Code.MOVSXD, (i) => bindExtend(i, true));
  r.define(Code.LEA, bindLea);
  r.define(Code.XCHG, bindXchg);
  r.define(Code.BSWAP, bindBswap);
  r.define(Code.MOVBE, bindMovbe);
  r.define(Code.CBW, bindConvertAccumulator);
  r.define(Code.CWD, bindConvertToDouble);
  r.define(Code.MOVNTI, bindMov);
  for (let cc = 0; cc < 16; cc++) {
    r.define(JCC[cc]!, (i) => bindJcc(i, cc), { endsBlock: true });
    r.define(SETCC[cc]!, (i) => bindSetcc(i, cc));
    r.define(CMOVCC[cc]!, (i) => bindCmov(i, cc));
  }

  r.define(Code.CMPXCHG, bindCmpxchg);
  r.define(Code.CMPXCHG8B, (i) => bindCmpxchgDouble(i, false));
  r.define(Code.CMPXCHG16B, (i) => bindCmpxchgDouble(i, true));
  r.define(Code.XADD, bindXadd);

  r.define(Code.PUSH, bindPush);
  r.define(Code.POP, bindPop);
  r.define(Code.PUSHF, bindPushf);
  r.define(Code.POPF, bindPopf);
  r.define(Code.LEAVE, bindLeave);
  r.define(Code.ENTER, bindEnter);

  r.define(Code.JMP, bindJmp, { endsBlock: true });
  r.define(Code.CALL, bindCall, { endsBlock: true });
  r.define(Code.RET, bindRet, { endsBlock: true });
  r.define(Code.LOOP, (i) => bindLoop(i, 'always'), { endsBlock: true });
  r.define(Code.LOOPE, (i) => bindLoop(i, 'equal'), { endsBlock: true });
  r.define(Code.LOOPNE, (i) => bindLoop(i, 'notEqual'), { endsBlock: true });
  r.define(Code.JRCXZ, bindJrcxz, { endsBlock: true });

  r.define(Code.MOVS, (i) => bindStringInstruction(i, StringOp.Movs));
  r.define(Code.STOS, (i) => bindStringInstruction(i, StringOp.Stos));
  r.define(Code.LODS, (i) => bindStringInstruction(i, StringOp.Lods));
  r.define(Code.CMPS, (i) => bindStringInstruction(i, StringOp.Cmps));
  r.define(Code.SCAS, (i) => bindStringInstruction(i, StringOp.Scas));
}

/** The table every CPU uses. Other parts (x87, SSE float) add their families through `registerFamily`. */
export const handlers = new HandlerRegistry();
registerGeneral(handlers);
registerSystem(handlers);
registerSseInteger(handlers);
registerSseFloat(handlers);
registerX87(handlers);
registerSse3Moves(handlers);
registerSsse3(handlers);
registerSse41Integer(handlers);
registerSse42Strings(handlers);
registerCrc32(handlers);
registerPclmul(handlers);
registerAes(handlers);
registerMmx(handlers);
registerMmxConversions(handlers);
// fwait raises a pending unmasked x87 exception (#MF → SIGFPE), as the hardware does.
handlers.define(Code.FWAIT, () => (cpu) => checkPendingX87(cpu.x87));

/** Lets another part register its instruction family (x87, SSE float) into the shared table. */
export function registerFamily(register: (registry: HandlerRegistry) => void): void {
  register(handlers);
}

/** Binds a decoded instruction to its handler; undecodable or unimplemented ones raise SIGILL. */
export function bindInstruction(inst: Instruction): Exec {
  const bind = handlers.binder(inst.code);
  if (inst.code === Code.Invalid) {
    const address = inst.address;
    return () => {
      throw GuestFault.invalidOpcode(`invalid instruction at 0x${address.toString(16)}`);
    };
  }
  if (bind === undefined) return unsupported(inst);
  return bind(inst);
}

function unsupported(inst: Instruction): Exec {
  const text = codeName(inst.code).toLowerCase();
  return () => {
    throw GuestFault.invalidOpcode(`unsupported instruction: ${text}`);
  };
}

export interface DecodedAt {
  instruction: Instruction;
  /** The bytes ran past `limit` (an instruction cut by a non-executable page). */
  truncated: boolean;
  /** The instruction may transfer control. */
  endsBlock: boolean;
}

const MAX_INSTRUCTION_LENGTH = 15;

/**
 * What `decodeAt` returns: one record, overwritten by the next call, and so is its instruction (two
 * reused DecodedInstructions). A block is built an instruction at a time and binds each at once;
 * what it keeps is the bound closure, and the code generator decodes again the few blocks that get
 * hot (`decodeInstruction`). Why: a fresh instruction per decode was 176 bytes and a ~2,000 host
 * instruction construction in the baseline code start-up runs in, for 4,500 decodes in a static
 * glibc hello world (issue 4: each fresh 4 KiB of memory is a page fault on this VM).
 */
const scratch = new DecodedInstruction();
const scratchFull = new DecodedInstruction();
const decoded: DecodedAt = { instruction: scratch, truncated: false, endsBlock: false };

/**
 * Decodes the instruction at `address` from guest memory, reading no further than `limit`. The
 * answer, and the instruction in it, are valid until the next call: a closure bound from the
 * instruction must copy what it needs (./address.ts MemoryOperand).
 */
export function decodeAt(bytes: Uint8Array, address: number, limit: number): Readonly<DecodedAt> {
  // `limit` is within guest memory (a page end at most), and so is the second decode's end.
  let instruction = decodeReusing(scratch, bytes, address, limit, address);
  let truncated = false;
  if (instruction.code === Code.Invalid && limit < address + MAX_INSTRUCTION_LENGTH) {
    // Was it cut short? Decode with the full length to find out.
    const full = decodeReusing(
      scratchFull,
      bytes,
      address,
      Math.min(address + MAX_INSTRUCTION_LENGTH, bytes.length),
      address,
    );
    if (full.code !== Code.Invalid && address + full.length > limit) {
      truncated = true;
      instruction = full;
    }
  }
  decoded.instruction = instruction;
  decoded.truncated = truncated;
  decoded.endsBlock = handlers.breaksBlock(instruction.code);
  return decoded;
}

/**
 * A fresh decode of the instruction at `address` as `decodeAt` gave it to the block builder, for
 * the code generator: with the bytes up to the instruction's full length, which gives the same
 * instruction for every one `decodeAt` did not find cut short, and for those the full decode it
 * returned.
 */
export function decodeInstruction(bytes: Uint8Array, address: number): Instruction {
  return decodeWithin(bytes, address, Math.min(address + MAX_INSTRUCTION_LENGTH, bytes.length), address);
}
