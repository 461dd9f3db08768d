// The x86-64 instruction decoder: bytes → Instruction (./instruction.ts), driven by the opcode
// table (./opcode-table/, compiled by ./decode-index.ts).
//
// Shape of one decode, in encoding order:
//   legacy prefixes and REX → opcode escape (0F, 0F 38, 0F 3A) or VEX/EVEX/XOP prefix → opcode →
//   ModRM → the slot's form for (mandatory prefix, mod, reg, rm, W, L, REX.B, fwait) → SIB and
//   displacement → immediates → operands and prefix bookkeeping.
// It never throws on any input: an invalid or truncated encoding decodes to `Code.Invalid` with the
// length consumed so far (at least 1), so a caller always makes progress.
//
// Semantics follow the hardware of the machine (Intel 64) where GNU objdump and the hardware
// differ: 66 does not shorten near branches (objdump reads `66 e8 rel16`), REX is ignored when a
// legacy prefix follows it (objdump prints the REX alone as an instruction). src/x86/objdump-
// differences.md lists these. Text matches objdump otherwise (./format-intel.ts).
//
// Speed: no allocation beyond the Instruction itself (and its small prefix arrays when it has
// unused or role prefixes); `decodeInto` reuses an Instruction for callers that only look.

import { SMALL_INTEGER_MAX } from '../host/small-integers.ts';
import { Code } from './codes.ts';
import { formAt, slotAt } from './decode-index.ts';
import { type Form, FormFlag, MnemonicVariant, OpcodeTable, TupleType } from './form.ts';
import {
  Encoding,
  type Instruction,
  MEM_BASE_RIP,
  MEM_NONE,
  type Operand,
  OperandKind,
  PrefixWord,
  RegisterClass,
  RepeatPrefix,
  Segment,
} from './instruction.ts';
import { OperandSource, type OperandSpec, resolveSize, resolveVectorRegisterSize, SizeRule } from './operand-spec.ts';
import {
  ADDRESS_SIZE_8,
  addressSizeBits,
  DEFAULT_BITS,
  DISP_SIZE_SHIFT,
  dispSizeBits,
  ENCODING_SHIFT,
  fieldBits,
  knownDispSizeBits,
  knownVectorLengthBits,
  LOCK,
  OPMASK_SHIFT,
  REP_SHIFT,
  ROUNDING_SHIFT,
  readDispSize,
  readEncoding,
  readRep,
  readSegment,
  readVectorLength,
  SAE,
  SCALE_SHIFT,
  SEGMENT_SHIFT,
  scaleBits,
  VECTOR_SHIFT,
  VSIB,
  vectorLengthBits,
  withFlag,
  ZEROING,
} from './packed-fields.ts';
import { MAX_OPERANDS, NO_OPERANDS, newOperand, sharedOperandList } from './shared-operands.ts';

export { MAX_OPERANDS };

const MAX_LENGTH = 15;

const EMPTY: number[] = [];
Object.freeze(EMPTY);

/**
 * The decoder's working operands: filled for each instruction, then replaced in the instruction by
 * shared frozen copies (./shared-operands.ts), so that decoding allocates no operand.
 */
const scratchOperands: Operand[] = [newOperand(), newOperand(), newOperand(), newOperand(), newOperand()];

/**
 * An Instruction with every field present from construction (one hidden class for all). Thirteen
 * small fields live in `bits` (./packed-fields.ts) behind accessors: 18 fields of 8 bytes each
 * rather than 31 for every instruction the CPU keeps (issue 4).
 */
export class DecodedInstruction implements Instruction {
  code = 0;
  length = 0;
  address = 0;
  operands: readonly Operand[] = NO_OPERANDS;
  operandCount = 0;
  operandSize = 4;
  memBase = MEM_NONE;
  memIndex = MEM_NONE;
  memDisp = 0;
  memDispHigh = 0;
  imm = 0;
  immHigh = 0;
  imm2 = 0;
  branchTarget = 0;
  unusedPrefixes: number[] = EMPTY;
  form = -1;
  sib = -1;
  prefixWords: number[] = EMPTY;
  /** lock, vsib, zeroing, sae, rep, segment, encoding, rounding, opmask, memDispSize, vectorLength, addressSize, memScale. */
  bits = DEFAULT_BITS;

  get lock(): boolean {
    return (this.bits & LOCK) !== 0;
  }
  set lock(on: boolean) {
    this.bits = withFlag(this.bits, LOCK, on);
  }
  get vsib(): boolean {
    return (this.bits & VSIB) !== 0;
  }
  set vsib(on: boolean) {
    this.bits = withFlag(this.bits, VSIB, on);
  }
  get zeroing(): boolean {
    return (this.bits & ZEROING) !== 0;
  }
  set zeroing(on: boolean) {
    this.bits = withFlag(this.bits, ZEROING, on);
  }
  get sae(): boolean {
    return (this.bits & SAE) !== 0;
  }
  set sae(on: boolean) {
    this.bits = withFlag(this.bits, SAE, on);
  }
  get rep(): RepeatPrefix {
    return readRep(this.bits);
  }
  set rep(value: RepeatPrefix) {
    this.bits = (this.bits & ~(3 << REP_SHIFT)) | fieldBits(value, REP_SHIFT, 2, 'rep');
  }
  get segment(): Segment {
    return readSegment(this.bits);
  }
  set segment(value: Segment) {
    this.bits = (this.bits & ~(7 << SEGMENT_SHIFT)) | fieldBits(value, SEGMENT_SHIFT, 3, 'segment');
  }
  get encoding(): Encoding {
    return readEncoding(this.bits);
  }
  set encoding(value: Encoding) {
    this.bits = (this.bits & ~(7 << ENCODING_SHIFT)) | fieldBits(value, ENCODING_SHIFT, 3, 'encoding');
  }
  get rounding(): number {
    return ((this.bits >> ROUNDING_SHIFT) & 7) - 1;
  }
  set rounding(value: number) {
    this.bits = (this.bits & ~(7 << ROUNDING_SHIFT)) | fieldBits(value, ROUNDING_SHIFT, 3, 'rounding', 1);
  }
  get opmask(): number {
    return (this.bits >> OPMASK_SHIFT) & 7;
  }
  set opmask(value: number) {
    this.bits = (this.bits & ~(7 << OPMASK_SHIFT)) | fieldBits(value, OPMASK_SHIFT, 3, 'opmask');
  }
  get memDispSize(): number {
    return readDispSize(this.bits);
  }
  set memDispSize(size: number) {
    this.bits = (this.bits & ~(3 << DISP_SIZE_SHIFT)) | dispSizeBits(size);
  }
  get vectorLength(): number {
    return readVectorLength(this.bits);
  }
  set vectorLength(length: number) {
    this.bits = (this.bits & ~(3 << VECTOR_SHIFT)) | vectorLengthBits(length);
  }
  get addressSize(): number {
    return (this.bits & ADDRESS_SIZE_8) !== 0 ? 8 : 4;
  }
  set addressSize(size: number) {
    this.bits = (this.bits & ~ADDRESS_SIZE_8) | addressSizeBits(size);
  }
  get memScale(): number {
    return 1 << ((this.bits >> SCALE_SHIFT) & 3);
  }
  set memScale(scale: number) {
    this.bits = (this.bits & ~(3 << SCALE_SHIFT)) | scaleBits(scale);
  }
}

/** Decodes the instruction at code[offset] (reading no further than `end`) at run-time `address`. */
export function decode(code: Uint8Array, offset: number, end: number, address: number): Instruction {
  return decodeInto(new DecodedInstruction(), code, offset, end, address);
}

/**
 * The CPU's decode, into `insn` (every field is overwritten): `end` is within `code` (at most
 * `code.length`), the presentation fields (`prefixWords`, `unusedPrefixes`, what only a
 * disassembly shows) stay empty, and a legacy encoding's operands come from `operandCache`.
 * Why: the CPU decodes from its 4 GiB guest memory, whose length is beyond V8's small integers,
 * so reading it made a 16-byte heap number at every decode; and start-up runs the decoder
 * unoptimised (V8's baseline code), where a static glibc hello world's 4,500 decodes cost ~18,700
 * host instructions each, 1,700 of them for the prefix words (callgrind, replaying its decodes).
 */
export function decodeReusing(
  insn: DecodedInstruction,
  code: Uint8Array,
  offset: number,
  end: number,
  address: number,
): DecodedInstruction {
  return decodeFrom(insn, code, offset, end, address, DecodeMode.Execution);
}

/** `decodeReusing` into a new instruction. */
export function decodeWithin(code: Uint8Array, offset: number, end: number, address: number): Instruction {
  return decodeFrom(new DecodedInstruction(), code, offset, end, address, DecodeMode.Execution);
}

/** What decodeFrom fills in. */
const enum DecodeMode {
  /** Every field (objdump, tests, crash reports). */
  Full,
  /** Every field but the presentation ones, with the operand cache: the CPU's decodes. */
  Execution,
}

// Slot table numbers of the VEX, EVEX and XOP maps by their map-select value.
const vexTables = [-1, OpcodeTable.Vex0F, OpcodeTable.Vex0F38, OpcodeTable.Vex0F3A];
const evexTables = [
  -1,
  OpcodeTable.Evex0F,
  OpcodeTable.Evex0F38,
  OpcodeTable.Evex0F3A,
  -1,
  OpcodeTable.EvexMap5,
  OpcodeTable.EvexMap6,
  -1,
];

/** Segment numbers of segment-override prefix bytes. */
function segmentOf(prefix: number): Segment {
  switch (prefix) {
    case 0x26:
      return Segment.ES;
    case 0x2e:
      return Segment.CS;
    case 0x36:
      return Segment.SS;
    case 0x3e:
      return Segment.DS;
    case 0x64:
      return Segment.FS;
    case 0x65:
      return Segment.GS;
    default:
      return Segment.None;
  }
}

/**
 * 1 for each byte that is neither a legacy prefix, nor REX, nor fwait: the common first byte, an
 * opcode, leaves the prefix loop after one lookup instead of a dozen comparisons (builtin calls in
 * the baseline code start-up decodes in).
 */
const notPrefix = new Uint8Array(256).fill(1);
for (let b = 0; b < 256; b++) if (isLegacyPrefix(b) || (b & 0xf0) === 0x40 || b === 0x9b) notPrefix[b] = 0;

function isLegacyPrefix(b: number): boolean {
  return (
    b === 0x66 ||
    b === 0x67 ||
    b === 0xf0 ||
    b === 0xf2 ||
    b === 0xf3 ||
    b === 0x2e ||
    b === 0x36 ||
    b === 0x3e ||
    b === 0x26 ||
    b === 0x64 ||
    b === 0x65
  );
}

/**
 * Whether the 9B byte at `pos` is an fwait that objdump reads as part of the x87 instruction after
 * it (possibly after more prefixes): fstcw = 9B D9 /7.
 */
function fwaitJoinsX87(code: Uint8Array, pos: number, end: number): boolean {
  let p = pos + 1;
  while (p < end && (isLegacyPrefix(code[p]!) || code[p] === 0x9b || (code[p]! & 0xf0) === 0x40)) p++;
  return p < end && code[p]! >= 0xd8 && code[p]! <= 0xdf;
}

/** Tuple-type N for EVEX disp8*N compression. */
function disp8Scale(form: Form, vectorLength: number, w: number, broadcastOn: boolean): number {
  switch (form.tuple) {
    case TupleType.Full:
      return broadcastOn ? (form.broadcast === -1 ? (w ? 8 : 4) : form.broadcast) : vectorLength;
    case TupleType.Half:
      return broadcastOn ? (form.broadcast === -1 ? (w ? 8 : 4) : form.broadcast) : vectorLength >> 1;
    case TupleType.Quarter:
      return broadcastOn ? (form.broadcast === -1 ? (w ? 8 : 4) : form.broadcast) : vectorLength >> 2;
    case TupleType.Fixed:
      return form.tupleN;
    case TupleType.FullMem:
      return vectorLength;
    case TupleType.Tuple1Scalar:
    case TupleType.Tuple1Fixed: {
      const rm = form.operands[form.rmOperand];
      return rm ? resolveSize(rm.memSize, 4, vectorLength, w !== 0) : 1;
    }
    case TupleType.Tuple2:
      return w ? 16 : 8;
    case TupleType.Tuple4:
      return w ? 32 : 16;
    case TupleType.Tuple8:
      return 32;
    case TupleType.HalfMem:
      return vectorLength >> 1;
    case TupleType.QuarterMem:
      return vectorLength >> 2;
    case TupleType.EighthMem:
      return vectorLength >> 3;
    case TupleType.Mem128:
      return 16;
    case TupleType.Movddup:
      return vectorLength === 16 ? 8 : vectorLength;
    default:
      return 1;
  }
}

function invalid(insn: DecodedInstruction, length: number, encoding: Encoding): DecodedInstruction {
  insn.code = Code.Invalid;
  insn.form = -1;
  insn.length = Math.max(length, 1);
  insn.operandCount = 0;
  insn.operands = NO_OPERANDS;
  insn.encoding = encoding;
  // What a valid decode writes when it fills the instruction (decodeFrom resets the rest).
  insn.memBase = MEM_NONE;
  insn.memIndex = MEM_NONE;
  insn.memDisp = 0;
  insn.memDispHigh = 0;
  insn.sib = -1;
  insn.branchTarget = 0;
  insn.operandSize = 4;
  insn.imm = 0;
  insn.immHigh = 0;
  insn.imm2 = 0;
  // lock, rep, segment, vector and EVEX fields, address size 8, scale 1 (./packed-fields.ts).
  insn.bits = DEFAULT_BITS;
  return insn;
}

/**
 * Decodes into `insn` (all of its fields are overwritten) and returns it. For callers that decode
 * many instructions only to look at them (objdump, benchmarks): no allocation.
 */
export function decodeInto(
  insn: DecodedInstruction,
  code: Uint8Array,
  offset: number,
  end: number,
  address: number,
): DecodedInstruction {
  return decodeFrom(insn, code, offset, end > code.length ? code.length : end, address, DecodeMode.Full);
}

/** `decodeInto` with `end` at most `code.length`, filling what `mode` says. */
function decodeFrom(
  insn: DecodedInstruction,
  code: Uint8Array,
  offset: number,
  end: number,
  address: number,
  mode: DecodeMode,
): DecodedInstruction {
  // Positions and addresses as small integers from here on: the CPU's arrive as heap numbers (an
  // address read from a Float64Array, or computed from one, is a double even when it is a small
  // integer), and in the unoptimised code start-up decodes in, every arithmetic result on a heap
  // number is a fresh heap number: ~8 a decode, ~580 KB of fresh memory for a static glibc hello's
  // 4,500 decodes (issue 4: each fresh 4 KiB page a fault). Beyond 2^30 they stay doubles.
  if (offset >= 0 && offset <= SMALL_INTEGER_MAX) offset |= 0;
  if (end >= 0 && end <= SMALL_INTEGER_MAX) end |= 0;
  if (address >= 0 && address <= SMALL_INTEGER_MAX) address |= 0;
  const hardEnd = Math.min(end, offset + MAX_LENGTH);
  insn.address = address;
  insn.unusedPrefixes = EMPTY;
  insn.prefixWords = EMPTY;
  // The other fields are written once, when the instruction is filled or by invalid(): each store
  // is an inline-cache call in the baseline code start-up decodes in.

  // ---- Legacy prefixes and REX ----
  let pos = offset;
  let has66 = false;
  let has67 = false;
  let hasLock = false;
  /** Last of F2/F3 as a prefix index: 2 = F3, 3 = F2 (the mandatory-prefix numbering). */
  let lastRep = 0;
  let lastSeg = 0; // last segment prefix byte
  let lastFsGs = 0; // last fs/gs prefix byte
  let rex = 0;
  let rexPos = -1;
  let fwait = 0;
  let anyPrefix = false;
  for (;;) {
    if (pos >= hardEnd) return invalid(insn, pos - offset, Encoding.Legacy);
    const b = code[pos]!;
    if (notPrefix[b] === 1) break;
    if ((b & 0xf0) === 0x40) {
      rex = b;
      rexPos = pos;
      pos++;
      continue;
    }
    if (b === 0x9b) {
      if (!fwaitJoinsX87(code, pos, hardEnd)) break;
      fwait = 1;
    } else if (b === 0x66) has66 = true;
    else if (b === 0x67) has67 = true;
    else if (b === 0xf0) hasLock = true;
    else if (b === 0xf3) lastRep = 2;
    else if (b === 0xf2) lastRep = 3;
    else if (b === 0x2e || b === 0x36 || b === 0x3e || b === 0x26) lastSeg = b;
    else if (b === 0x64 || b === 0x65) {
      lastSeg = b;
      lastFsGs = b;
    } else break;
    // REX only counts immediately before the opcode (or escape): a prefix after it cancels it.
    rex = 0;
    anyPrefix = true;
    pos++;
  }
  const prefixEnd = pos;

  // ---- Opcode, escapes, VEX/EVEX/XOP ----
  let encoding = Encoding.Legacy;
  let table: number = OpcodeTable.Legacy;
  let rexW = (rex >> 3) & 1;
  let rexR = (rex >> 2) & 1;
  let rexX = (rex >> 1) & 1;
  let rexB = rex & 1;
  let evexR2 = 0; // EVEX.R' (reg field bit 4)
  let evexV2 = 0; // EVEX.V' (vvvv bit 4)
  let evexX = 0; // EVEX.X as bit 4 of a register rm
  let vvvv = 0;
  let vectorL = 0;
  let mandatory = 0; // 0 none, 1 = 66, 2 = F3, 3 = F2
  let evexB = 0;
  let evexZ = 0;
  let evexAaa = 0;
  let opcode = code[pos++]!;
  if (opcode === 0x0f) {
    if (pos >= hardEnd) return invalid(insn, pos - offset, encoding);
    opcode = code[pos++]!;
    if (opcode === 0x38 || opcode === 0x3a) {
      table = opcode === 0x38 ? OpcodeTable.Legacy0F38 : OpcodeTable.Legacy0F3A;
      if (pos >= hardEnd) return invalid(insn, pos - offset, encoding);
      opcode = code[pos++]!;
    } else table = OpcodeTable.Legacy0F;
  } else if (
    opcode === 0xc4 ||
    opcode === 0xc5 ||
    opcode === 0x62 ||
    (opcode === 0x8f && pos < hardEnd && (code[pos]! & 0x1f) >= 8)
  ) {
    // VEX (C4/C5), EVEX (62) and XOP (8F with map ≥ 8) replace REX and the SIMD prefixes; those
    // before them make the instruction undefined (#UD).
    const kind = opcode;
    encoding = kind === 0x62 ? Encoding.EVEX : kind === 0x8f ? Encoding.XOP : Encoding.VEX;
    const payload = kind === 0xc5 ? 1 : kind === 0x62 ? 3 : 2;
    if (pos + payload >= hardEnd) return invalid(insn, hardEnd - offset, encoding);
    const p0 = code[pos]!;
    let mapSelect: number;
    let p1: number;
    if (kind === 0xc5) {
      rexR = (~p0 >> 7) & 1;
      rexX = 0;
      rexB = 0;
      rexW = 0;
      mapSelect = 1;
      p1 = p0;
    } else {
      rexR = (~p0 >> 7) & 1;
      rexX = (~p0 >> 6) & 1;
      rexB = (~p0 >> 5) & 1;
      p1 = code[pos + 1]!;
      rexW = (p1 >> 7) & 1;
      mapSelect = kind === 0x62 ? p0 & 7 : p0 & 0x1f;
    }
    vvvv = (~p1 >> 3) & 15;
    mandatory = p1 & 3;
    pos += payload;
    if (kind === 0x62) {
      const p2 = code[pos - 1]!;
      evexR2 = (~p0 >> 4) & 1;
      evexX = rexX;
      evexZ = (p2 >> 7) & 1;
      vectorL = (p2 >> 5) & 3;
      evexB = (p2 >> 4) & 1;
      evexV2 = (~p2 >> 3) & 1;
      evexAaa = p2 & 7;
      if ((p0 & 8) !== 0 || (p1 & 4) === 0) return invalid(insn, pos - offset, encoding);
      table = evexTables[mapSelect]!;
    } else {
      vectorL = (p1 >> 2) & 1;
      if (kind === 0x8f) table = mapSelect >= 8 && mapSelect <= 10 ? OpcodeTable.XopMap8 + (mapSelect - 8) : -1;
      else table = mapSelect <= 3 ? vexTables[mapSelect]! : -1;
    }
    if (table < 0 || has66 || lastRep !== 0 || hasLock || rexPos >= 0) return invalid(insn, pos - offset, encoding);
    opcode = code[pos++]!;
  }

  // ---- ModRM and form selection ----
  let modrm = 0;
  if (table === OpcodeTable.Legacy0F && opcode === 0x0f) {
    // 3DNow!: 0F 0F ModRM [SIB] [disp] op — the operation byte comes last.
    if (pos >= hardEnd) return invalid(insn, pos - offset, encoding);
    modrm = code[pos++]!;
    const suffixAt = pos + addressingBytes(modrm, pos < hardEnd ? code[pos]! : 0);
    if (suffixAt >= hardEnd) return invalid(insn, hardEnd - offset, encoding);
    table = OpcodeTable.Now3D;
    opcode = code[suffixAt]!;
    encoding = Encoding.Now3D;
  }
  const slot = slotAt(table * 256 + opcode);
  if (slot === null) return invalid(insn, pos - offset, encoding);
  if (slot.hasModrm && table !== OpcodeTable.Now3D) {
    if (pos >= hardEnd) return invalid(insn, pos - offset, encoding);
    modrm = code[pos++]!;
  }
  const mod = modrm >> 6;
  const reg = (modrm >> 3) & 7;
  const rm = modrm & 7;
  if (encoding === Encoding.Legacy) mandatory = lastRep !== 0 ? lastRep : has66 ? 1 : 0;
  const isReg = mod === 3 ? 1 : 0;
  // A slot of one form (its rows differ in none of the dimensions) needs no cell arithmetic: eight
  // multiplications are eight builtin calls in the baseline code start-up runs the decoder in.
  const cells = slot.forms;
  const formIndex =
    cells.length === 1
      ? cells[0]!
      : cells[
          mandatory * slot.strideP +
            isReg * slot.strideM +
            reg * slot.strideR +
            rm * slot.strideB +
            rexW * slot.strideW +
            (encoding === Encoding.EVEX && evexB !== 0 && mod === 3 ? 2 : vectorL) * slot.strideL +
            rexB * slot.strideX +
            fwait * slot.strideF
        ]!;
  if (formIndex < 0) return invalid(insn, pos - offset, encoding);
  const form = formAt(formIndex);
  const flags = form.flags;

  // ---- SIB, displacement ----
  const addressSize = has67 ? 4 : 8;
  let hasMemory = false;
  let base = MEM_NONE;
  let index = MEM_NONE;
  let scaleLog = 0;
  let dispLo = 0;
  let dispHi = 0;
  let usedRexX = false;
  let sibByte = -1;
  let dispSize = 0;
  let usedRexB = false;
  const rmSpec = form.rmOperand >= 0 ? form.operands[form.rmOperand]! : undefined;
  const vsibIndex = rmSpec !== undefined && rmSpec.vsibIndex !== SizeRule.None;
  if (slot.hasModrm && mod !== 3 && !(flags & FormFlag.ModIsRegister)) {
    hasMemory = true;
    let dispBytes = mod === 1 ? 1 : mod === 2 ? 4 : 0;
    if (rm === 4) {
      if (pos >= hardEnd) return invalid(insn, hardEnd - offset, encoding);
      const sib = code[pos++]!;
      sibByte = sib;
      scaleLog = sib >> 6;
      const indexField = ((sib >> 3) & 7) | (rexX << 3);
      if (vsibIndex) index = indexField | (evexV2 << 4);
      else if (indexField !== 4) index = indexField;
      usedRexX = rexX !== 0;
      if ((sib & 7) === 5 && mod === 0) dispBytes = 4;
      else {
        base = (sib & 7) | (rexB << 3);
        usedRexB = rexB !== 0;
      }
    } else if (rm === 5 && mod === 0) {
      base = MEM_BASE_RIP;
      dispBytes = 4;
    } else {
      base = rm | (rexB << 3);
      usedRexB = rexB !== 0;
    }
    if (pos + dispBytes > hardEnd) return invalid(insn, hardEnd - offset, encoding);
    dispSize = dispBytes;
    if (dispBytes === 1) {
      dispLo = (code[pos]! << 24) >> 24;
      if (encoding === Encoding.EVEX)
        dispLo *= disp8Scale(form, vectorL === 0 ? 16 : vectorL === 1 ? 32 : 64, rexW, evexB !== 0);
      dispHi = dispLo < 0 ? -1 : 0;
      pos++;
    } else if (dispBytes === 4) {
      dispLo = code[pos]! | (code[pos + 1]! << 8) | (code[pos + 2]! << 16) | (code[pos + 3]! << 24);
      dispHi = dispLo < 0 ? -1 : 0;
      pos += 4;
    }
  } else if (form.rmOperand >= 0 && mod !== 3 && !(flags & FormFlag.ModIsRegister)) hasMemory = true;

  // ---- Operand size ----
  let operandSize: number;
  const consumes66 = encoding === Encoding.Legacy && form.prefix === 1;
  const effective66 = has66 && !consumes66;
  if (flags & FormFlag.Force64) operandSize = 8;
  else if (rexW && !(flags & FormFlag.NoRexW)) operandSize = 8;
  else if (effective66) operandSize = 2;
  else if (flags & FormFlag.Default64) operandSize = 8;
  else operandSize = 4;

  // ---- Immediates ----
  let immLo = 0;
  let immHi = 0;
  let imm2 = 0;
  let relative = 0;
  let hasRelative = false;
  let is4 = 0;
  const operands = form.operands;
  const operandCount = operands.length;
  let moffsLo = 0;
  let moffsHi = 0;
  for (let i = 0; form.trailingOperands && i < operandCount; i++) {
    const op = operands[i]!;
    switch (op.source) {
      case OperandSource.Immediate:
      case OperandSource.Immediate2:
      case OperandSource.Relative: {
        let width: number;
        switch (op.encodedSize) {
          case SizeRule.Byte:
            width = 1;
            break;
          case SizeRule.Word:
            width = 2;
            break;
          case SizeRule.WordOrDword:
            width = operandSize === 2 ? 2 : 4;
            break;
          case SizeRule.OperandSize:
            width = operandSize;
            break;
          default:
            width = 4;
        }
        if (op.source === OperandSource.Immediate && hasOperandSource(operands, OperandSource.Is4)) {
          // The immediate shares the is4 byte (its low bits): already read below.
          break;
        }
        if (pos + width > hardEnd) return invalid(insn, hardEnd - offset, encoding);
        let lo: number;
        let hi = 0;
        if (width === 1) lo = code[pos]!;
        else if (width === 2) lo = code[pos]! | (code[pos + 1]! << 8);
        else {
          lo = code[pos]! | (code[pos + 1]! << 8) | (code[pos + 2]! << 16) | (code[pos + 3]! << 24);
          if (width === 8)
            hi = code[pos + 4]! | (code[pos + 5]! << 8) | (code[pos + 6]! << 16) | (code[pos + 7]! << 24);
        }
        pos += width;
        if (op.source === OperandSource.Relative || op.signExtend) {
          if (width === 1) lo = (lo << 24) >> 24;
          else if (width === 2) lo = (lo << 16) >> 16;
          if (width < 8) hi = lo < 0 ? -1 : 0;
        } else if (width === 4) lo = lo >>> 0;
        if (op.source === OperandSource.Relative) {
          relative = lo;
          hasRelative = true;
        } else if (op.source === OperandSource.Immediate2) imm2 = lo >>> 0;
        else {
          immLo = lo;
          immHi = hi;
        }
        break;
      }
      case OperandSource.Is4: {
        if (pos >= hardEnd) return invalid(insn, hardEnd - offset, encoding);
        is4 = code[pos++]!;
        immLo = is4 & 15;
        break;
      }
      case OperandSource.Moffs: {
        const width = addressSize;
        if (pos + width > hardEnd) return invalid(insn, hardEnd - offset, encoding);
        moffsLo = code[pos]! | (code[pos + 1]! << 8) | (code[pos + 2]! << 16) | (code[pos + 3]! << 24);
        moffsHi =
          width === 8 ? code[pos + 4]! | (code[pos + 5]! << 8) | (code[pos + 6]! << 16) | (code[pos + 7]! << 24) : 0;
        pos += width;
        break;
      }
    }
  }
  if (table === OpcodeTable.Now3D) pos++; // the operation byte
  const length = pos - offset;

  // ---- Validity ----
  if (hasLock && (!(flags & FormFlag.Lock) || !hasMemory)) return invalid(insn, length, encoding);
  if (encoding === Encoding.EVEX) {
    // Masking, zeroing, broadcast and rounding only where the instruction defines them (#UD otherwise).
    if (evexAaa !== 0 && !(flags & FormFlag.Masking)) return invalid(insn, length, encoding);
    if (evexZ !== 0 && (!(flags & FormFlag.Zeroing) || (hasMemory && form.rmOperand === 0)))
      return invalid(insn, length, encoding);
    if (flags & FormFlag.MaskRequired && evexAaa === 0) return invalid(insn, length, encoding);
    // Zeroing-masking needs a mask (EVEX.z with k0 is reserved).
    if (evexZ !== 0 && evexAaa === 0) return invalid(insn, length, encoding);
    if (evexB !== 0) {
      if (mod === 3 ? !(flags & (FormFlag.EmbeddedRounding | FormFlag.SuppressAllExceptions)) : form.broadcast === 0)
        return invalid(insn, length, encoding);
    } else if (vectorL === 3) return invalid(insn, length, encoding);
    if (mod !== 3 && vectorL === 3) return invalid(insn, length, encoding);
  }
  if ((vsibIndex || rmSpec?.requiresSib) && (rm !== 4 || mod === 3)) return invalid(insn, length, encoding);
  if (
    (encoding === Encoding.VEX || encoding === Encoding.XOP || encoding === Encoding.EVEX) &&
    form.vvvvOperand < 0 &&
    (vvvv !== 0 || (evexV2 !== 0 && !vsibIndex))
  )
    return invalid(insn, length, encoding);

  // ---- Operands ----
  const vectorLength =
    encoding === Encoding.VEX || encoding === Encoding.XOP
      ? vectorL === 0
        ? 16
        : 32
      : encoding === Encoding.EVEX
        ? evexB && mod === 3
          ? 64
          : vectorL === 0
            ? 16
            : vectorL === 1
              ? 32
              : 64
        : 16;
  let usesVector = false;
  let usedRexR = false;
  let usedRexW =
    form.w >= 0 ||
    form.variant === MnemonicVariant.W ||
    (form.usesOperandSize && !(flags & (FormFlag.Force64 | FormFlag.Default64)));
  let byteRegister = false;
  const w = rexW !== 0;
  const outs = scratchOperands;
  // A CPU decode of a legacy encoding whose operands were worked out before takes them from there.
  const cacheKey =
    mode === DecodeMode.Execution && encoding === Encoding.Legacy
      ? operandCacheKey(formIndex, modrm, rex, operandSize, opcode)
      : -1;
  let cached = cacheKey >= 0 ? operandCache.get(cacheKey) : undefined;
  if (cached === undefined && cacheKey >= 0) {
    cached = vectorOperandCache.get(cacheKey);
    usesVector = cached !== undefined;
  }
  let cacheable = cacheKey >= 0;
  for (let i = 0; cached === undefined && i < operandCount; i++) {
    const op = operands[i]!;
    const out = outs[i]!;
    out.broadcast = 0;
    out.regClass = op.regClass;
    switch (op.source) {
      case OperandSource.ModrmRm:
        if (hasMemory) {
          out.kind = OperandKind.Memory;
          out.size = resolveSize(op.memSize, operandSize, vectorLength, w);
          if (op.memSize === SizeRule.DwordOrQword) usedRexW = true;
          out.reg = 0;
        } else {
          out.kind = OperandKind.Register;
          let number = rm | (rexB << 3);
          if (op.regClass === RegisterClass.Vector) {
            number |= evexX << 4;
            usesVector = true;
            out.size = resolveVectorRegisterSize(op.regSize, vectorLength);
            usedRexB = usedRexB || rexB !== 0;
          } else if (op.regClass === RegisterClass.GPR) {
            out.size = resolveSize(op.regSize, operandSize, vectorLength, w);
            if (op.regSize === SizeRule.DwordOrQword) usedRexW = true;
            usedRexB = usedRexB || rexB !== 0;
          } else {
            // MMX, x87, mask, bound and tile registers have no REX extension.
            if (op.regClass === RegisterClass.Tile && rexB !== 0) return invalid(insn, length, encoding);
            number = rm;
            out.size =
              op.regClass === RegisterClass.X87
                ? 10
                : op.regClass === RegisterClass.Bound
                  ? 16
                  : op.regClass === RegisterClass.Tile
                    ? 1024
                    : 8;
          }
          setRegister(out, number, rex !== 0);
          if (out.size === 1 && op.regClass === RegisterClass.GPR) byteRegister = true;
        }
        break;
      case OperandSource.ModrmReg: {
        out.kind = OperandKind.Register;
        let number = reg;
        if (op.regClass === RegisterClass.GPR) {
          number |= rexR << 3;
          usedRexR = usedRexR || rexR !== 0;
          out.size = resolveSize(op.regSize, operandSize, vectorLength, w);
          if (op.regSize === SizeRule.DwordOrQword) usedRexW = true;
        } else if (op.regClass === RegisterClass.Vector) {
          number |= (rexR << 3) | (evexR2 << 4);
          usedRexR = usedRexR || rexR !== 0;
          usesVector = true;
          out.size = resolveVectorRegisterSize(op.regSize, vectorLength);
        } else if (op.regClass === RegisterClass.Control || op.regClass === RegisterClass.Debug) {
          number |= rexR << 3;
          usedRexR = usedRexR || rexR !== 0;
          out.size = 8;
          // cr0, cr2, cr3, cr4, cr8 and dr0–dr7 exist; the others are #UD.
          if (
            op.regClass === RegisterClass.Control
              ? number !== 0 && number !== 2 && number !== 3 && number !== 4 && number !== 8
              : number > 7
          )
            return invalid(insn, length, encoding);
        } else if (op.regClass === RegisterClass.Segment) {
          // Only es, cs, ss, ds, fs, gs exist, and cs cannot be loaded by mov.
          if (reg > 5 || (reg === 1 && i === 0)) return invalid(insn, length, encoding);
          out.size = 2;
        } else {
          // Opmask registers are k0–k7: the REX.R/EVEX.R' extensions must be clear.
          if (
            (op.regClass === RegisterClass.Mask || op.regClass === RegisterClass.Tile) &&
            (rexR !== 0 || evexR2 !== 0)
          )
            return invalid(insn, length, encoding);
          out.size = op.regClass === RegisterClass.Bound ? 16 : 8;
        }
        setRegister(out, number, rex !== 0);
        if (out.size === 1 && op.regClass === RegisterClass.GPR) byteRegister = true;
        break;
      }
      case OperandSource.Vvvv:
        out.kind = OperandKind.Register;
        if (op.regClass === RegisterClass.Vector) {
          out.reg = vvvv | (evexV2 << 4);
          out.size = resolveVectorRegisterSize(op.regSize, vectorLength);
          usesVector = true;
        } else {
          if ((op.regClass === RegisterClass.Mask || op.regClass === RegisterClass.Tile) && (vvvv > 7 || evexV2 !== 0))
            return invalid(insn, length, encoding);
          out.reg = vvvv;
          out.size = op.regClass === RegisterClass.Mask ? 8 : resolveSize(op.regSize, operandSize, vectorLength, w);
          if (op.regSize === SizeRule.DwordOrQword) usedRexW = true;
        }
        break;
      case OperandSource.Is4:
        out.kind = OperandKind.Register;
        out.reg = is4 >> 4;
        out.size = resolveVectorRegisterSize(op.regSize, vectorLength);
        usesVector = true;
        break;
      case OperandSource.OpcodeReg:
        out.kind = OperandKind.Register;
        out.size = resolveSize(op.regSize, operandSize, vectorLength, w);
        if (op.regSize === SizeRule.DwordOrQword) usedRexW = true;
        usedRexB = usedRexB || rexB !== 0;
        setRegister(out, (opcode & 7) | (rexB << 3), rex !== 0);
        if (out.size === 1) byteRegister = true;
        break;
      case OperandSource.Fixed:
        out.kind = OperandKind.Register;
        out.reg = op.fixedReg;
        out.size =
          op.regClass === RegisterClass.Vector
            ? 16
            : op.regClass === RegisterClass.X87
              ? 10
              : resolveSize(op.regSize, operandSize, vectorLength, w);
        if (op.regClass === RegisterClass.Vector) usesVector = true;
        break;
      case OperandSource.Immediate:
        out.kind = OperandKind.Immediate;
        out.size = op.signExtend
          ? operandSize < 8 && op.encodedSize === SizeRule.Byte && form.operands[0]?.regSize === SizeRule.Byte
            ? 1
            : operandSize
          : immediateDisplaySize(op.encodedSize, operandSize);
        out.reg = 0;
        break;
      case OperandSource.Immediate2:
        out.kind = OperandKind.Immediate;
        out.size = 1;
        out.reg = 0;
        break;
      case OperandSource.Relative:
        out.kind = OperandKind.RelativeBranch;
        out.size = operandSize;
        out.reg = 0;
        break;
      case OperandSource.Moffs:
        out.kind = OperandKind.Memory;
        out.size = resolveSize(op.memSize, operandSize, vectorLength, w);
        out.reg = 0;
        cacheable = false;
        hasMemory = true;
        base = MEM_NONE;
        index = MEM_NONE;
        dispLo = moffsLo;
        dispSize = addressSize;
        dispHi = addressSize === 8 ? moffsHi : 0;
        if (addressSize === 4) dispLo = dispLo >>> 0;
        break;
      case OperandSource.StringSource:
        out.kind = OperandKind.StringSource;
        out.size = resolveSize(op.memSize, operandSize, vectorLength, w);
        out.reg = 0;
        break;
      case OperandSource.StringDestination:
        out.kind = OperandKind.StringDestination;
        out.size = resolveSize(op.memSize, operandSize, vectorLength, w);
        out.reg = 0;
        break;
      case OperandSource.Constant:
        out.kind = OperandKind.Constant;
        out.size = 1;
        out.reg = op.fixedReg;
        break;
      case OperandSource.XlatMemory:
        out.kind = OperandKind.Memory;
        out.size = 1;
        out.reg = 0;
        cacheable = false;
        hasMemory = true;
        base = 3;
        index = MEM_NONE;
        dispLo = 0;
        dispHi = 0;
        break;
    }
  }

  if (
    cached === undefined &&
    flags & FormFlag.DistinctRegisters &&
    !registersDistinct(outs, operandCount, vsibIndex ? index : -1)
  )
    return invalid(insn, length, encoding);
  if (cached === undefined && flags & FormFlag.DistinctDestination) {
    const destination = outs[0]!.reg;
    for (let i = 1; i < operandCount; i++)
      if (outs[i]!.kind === OperandKind.Register && outs[i]!.reg === destination)
        return invalid(insn, length, encoding);
  }

  // ---- Fill the instruction ----
  insn.code = form.code;
  insn.form = formIndex;
  insn.length = length;
  insn.operandCount = operandCount;
  insn.operandSize = operandSize;
  // The packed fields (./packed-fields.ts), written once below.
  let bits = (addressSize === 8 ? ADDRESS_SIZE_8 : 0) | (encoding << ENCODING_SHIFT) | (hasLock ? LOCK : 0);
  insn.imm = immLo;
  insn.immHigh = immHi;
  insn.imm2 = imm2;
  if (hasMemory) {
    insn.memBase = base;
    insn.memIndex = index;
    bits |= (scaleLog << SCALE_SHIFT) | (vsibIndex ? VSIB : 0) | knownDispSizeBits(dispSize as 0 | 1 | 4 | 8);
    insn.memDisp = dispLo;
    insn.memDispHigh = dispHi;
    insn.sib = sibByte;
  } else {
    insn.memBase = MEM_NONE;
    insn.memIndex = MEM_NONE;
    insn.memDisp = 0;
    insn.memDispHigh = 0;
    insn.sib = -1;
  }
  bits |= (lastSeg === 0 ? Segment.None : segmentOf(lastFsGs !== 0 ? lastFsGs : lastSeg)) << SEGMENT_SHIFT;
  if (lastRep !== 0 && !(encoding === Encoding.Legacy && form.prefix === lastRep))
    bits |= (lastRep === 2 ? RepeatPrefix.Rep : RepeatPrefix.Repne) << REP_SHIFT;
  if (hasRelative) {
    let target = address + length + relative;
    if (target < 0) target += 2 ** 64;
    else if (target >= 2 ** 64) target -= 2 ** 64;
    insn.branchTarget = target;
  } else insn.branchTarget = 0;
  if (encoding === Encoding.EVEX) {
    bits |= (evexAaa << OPMASK_SHIFT) | (evexZ !== 0 ? ZEROING : 0);
    if (evexB && mod === 3) {
      if (flags & FormFlag.EmbeddedRounding) bits |= (vectorL + 1) << ROUNDING_SHIFT;
      bits |= SAE;
    } else if (evexB && hasMemory && form.rmOperand >= 0) {
      outs[form.rmOperand]!.broadcast = form.broadcast === -1 ? (w ? 8 : 4) : form.broadcast;
    }
  }
  bits |= knownVectorLengthBits(
    (encoding === Encoding.Legacy ? (usesVector ? 16 : 0) : vectorLength) as 0 | 16 | 32 | 64,
  );
  insn.bits = bits;
  if (cached !== undefined) insn.operands = cached;
  else {
    insn.operands = sharedOperandList(outs, operandCount);
    if (cacheable) (usesVector ? vectorOperandCache : operandCache).set(cacheKey, insn.operands);
  }

  // ---- Prefix words (what objdump prints before the mnemonic) ----
  if (mode === DecodeMode.Full && (anyPrefix || rexPos >= 0)) {
    const used66 = consumes66 || (effective66 && form.usesOperandSize && operandSize !== 8);
    const used67 = has67 && (hasMemory || form.variant === MnemonicVariant.AddressSize);
    const memoryShowsSegment = lastFsGs !== 0 && hasMemory;
    let rexUsed = false;
    if (rex !== 0) {
      const unusedBits =
        (rexW && !usedRexW ? 8 : 0) |
        (rexR && !usedRexR ? 4 : 0) |
        (rexX && !usedRexX ? 2 : 0) |
        (rexB && !usedRexB ? 1 : 0);
      rexUsed = unusedBits === 0 && (rex !== 0x40 || byteRegister);
    }
    // Made when a first word or unused prefix needs one: a REX.W that the instruction uses (most
    // 64-bit instructions) leaves both empty.
    let words: number[] | undefined;
    let unused: number[] | undefined;
    const last66 = has66 ? lastIndexOf(code, offset, prefixEnd, 0x66) : -1;
    const last67 = has67 ? lastIndexOf(code, offset, prefixEnd, 0x67) : -1;
    const lastF3 = lastIndexOf(code, offset, prefixEnd, 0xf3);
    const lastF2 = lastIndexOf(code, offset, prefixEnd, 0xf2);
    const lastRepIndex = lastRep === 2 ? lastF3 : lastRep === 3 ? lastF2 : -1;
    const lastSegIndex = lastSeg !== 0 ? lastSegmentIndex(code, offset, prefixEnd) : -1;
    for (let p = offset; p < prefixEnd; p++) {
      const b = code[p]!;
      let word = b;
      let isUnused = true;
      if ((b & 0xf0) === 0x40) {
        if (p === rexPos && rexUsed) continue;
      } else if (b === 0x66) {
        if (p === last66 && used66) continue;
      } else if (b === 0x67) {
        if (p === last67 && used67) continue;
      } else if (b === 0xf0) {
        word = 0xf0;
        isUnused = false;
      } else if (b === 0xf2 || b === 0xf3) {
        if (p === lastRepIndex && encoding === Encoding.Legacy && form.prefix === lastRep) continue;
        if (hasLock && flags & FormFlag.Hle && (p === lastF2 || p === lastF3)) {
          word = b === 0xf2 ? PrefixWord.Xacquire : PrefixWord.Xrelease;
          isUnused = false;
        } else if (b === 0xf3 && p === lastF3 && flags & FormFlag.XreleaseMov && hasMemory) {
          word = PrefixWord.Xrelease;
          isUnused = false;
        } else if (b === 0xf3 && p === lastF3 && flags & FormFlag.Rep) {
          word = PrefixWord.Rep;
          isUnused = false;
        } else if (flags & FormFlag.RepCondition && (p === lastF2 || p === lastF3)) {
          isUnused = false;
        } else if (b === 0xf2 && p === lastF2 && flags & FormFlag.Bnd) {
          word = PrefixWord.Bnd;
          isUnused = false;
        }
      } else if (b === 0x9b) {
        continue;
      } else {
        // Segment overrides: fs/gs show inside a memory operand; a ds on an indirect branch is notrack.
        if (p === lastSegIndex && memoryShowsSegment) continue;
        if (b === 0x3e && p === lastSegIndex && flags & FormFlag.Notrack) {
          word = PrefixWord.Notrack;
          isUnused = false;
        }
      }
      if (words === undefined) words = [];
      words.push(word);
      if (isUnused) {
        if (unused === undefined) unused = [];
        unused.push(b);
      }
    }
    if (words !== undefined) insn.prefixWords = words;
    if (unused !== undefined) insn.unusedPrefixes = unused;
  }
  return insn;
}

/**
 * The operands of the CPU's decodes of legacy encodings, by `operandCacheKey`. Why: working them
 * out (the loop over the form's operand specs, then the shared list's lookup) was ~4,400 of the
 * ~15,100 host instructions of a decode in V8's baseline code, where start-up runs the decoder
 * (callgrind, replaying a static glibc hello's 4,490 decodes), and a program's instructions repeat
 * the same forms with the same registers: three in four of that hello's decodes find theirs here.
 * For a legacy encoding the operands follow from the form, the ModRM byte, the REX prefix, the
 * operand size and the low opcode bits (a `+r` row's register); moffs and xlat forms, whose loop
 * also sets the memory fields, are left out.
 */
const operandCache = new Map<number, readonly Operand[]>();

/**
 * The operand cache of the forms whose operands name a vector register (the loop's `usesVector`),
 * looked up after `operandCache`: the bit is which map holds the list. An object per entry holding
 * the list and the bit cost ~75 bytes of fresh memory an entry (~80 KB for a static glibc hello's
 * ~1,100), made while start-up runs the decoder (issue 4: each fresh 4 KiB page a fault).
 */
const vectorOperandCache = new Map<number, readonly Operand[]>();

/** The operand cache's key: form (12 bits), ModRM, REX (low bits and presence), operand size, opcode & 7. */
function operandCacheKey(formIndex: number, modrm: number, rex: number, operandSize: number, opcode: number): number {
  const sizeCode = operandSize === 8 ? 2 : operandSize === 4 ? 1 : 0;
  return (
    (formIndex << 18) | (modrm << 10) | ((rex & 15) << 6) | ((rex !== 0 ? 1 : 0) << 5) | (sizeCode << 3) | (opcode & 7)
  );
}

/** Whether the vector/tile register operands (and a VSIB index register) are pairwise distinct. */
function registersDistinct(operands: Operand[], count: number, vsibIndex: number): boolean {
  let seen = vsibIndex >= 0 ? 2 ** vsibIndex : 0;
  for (let i = 0; i < count; i++) {
    const op = operands[i]!;
    if (
      op.kind !== OperandKind.Register ||
      (op.regClass !== RegisterClass.Vector && op.regClass !== RegisterClass.Tile)
    )
      continue;
    const bit = 2 ** op.reg;
    if (Math.floor(seen / bit) % 2 === 1) return false;
    seen += bit;
  }
  return true;
}

/**
 * Whether one of `operands` comes from `source`. A loop rather than `operands.some(arrow)`: before
 * V8 optimises the decoder (start-up runs it unoptimised), each such call made a new closure, for
 * every instruction decoded (issue 4: fresh memory costs a page fault per 4 KiB on this VM).
 */
function hasOperandSource(operands: readonly OperandSpec[], source: OperandSource): boolean {
  for (let i = 0; i < operands.length; i++) if (operands[i]!.source === source) return true;
  return false;
}

/** Bytes of SIB and displacement that follow a ModRM byte (64-bit addressing). */
function addressingBytes(modrm: number, sib: number): number {
  const mod = modrm >> 6;
  const rm = modrm & 7;
  if (mod === 3) return 0;
  if (rm === 4) return 1 + (mod === 1 ? 1 : mod === 2 ? 4 : (sib & 7) === 5 ? 4 : 0);
  if (mod === 0) return rm === 5 ? 4 : 0;
  return mod === 1 ? 1 : 4;
}

function lastIndexOf(code: Uint8Array, from: number, to: number, value: number): number {
  for (let p = to - 1; p >= from; p--) if (code[p] === value) return p;
  return -1;
}

function lastSegmentIndex(code: Uint8Array, from: number, to: number): number {
  for (let p = to - 1; p >= from; p--) {
    const b = code[p]!;
    if (b === 0x26 || b === 0x2e || b === 0x36 || b === 0x3e || b === 0x64 || b === 0x65) return p;
  }
  return -1;
}

/** Display size of a zero-extended immediate: its encoded width. */
function immediateDisplaySize(rule: SizeRule, operandSize: number): number {
  switch (rule) {
    case SizeRule.Byte:
      return 1;
    case SizeRule.Word:
      return 2;
    case SizeRule.WordOrDword:
      return operandSize === 2 ? 2 : 4;
    case SizeRule.OperandSize:
      return operandSize;
    default:
      return 4;
  }
}

/**
 * Sets a register operand's number, mapping byte registers 4–7 without REX to ah/ch/dh/bh.
 * (Only GPR byte operands are affected.)
 */
function setRegister(out: Operand, number: number, hasRex: boolean): void {
  if (out.regClass === RegisterClass.GPR && out.size === 1 && !hasRex && number >= 4 && number <= 7) {
    out.regClass = RegisterClass.GPRHigh8;
    out.reg = number - 4;
  } else out.reg = number;
}
