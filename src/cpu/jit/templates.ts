// The generated-code templates: for each common integer instruction, the JavaScript source of
// its semantics, emitted through BlockEmitter (./block-emitter.ts). One table (`TEMPLATES`), one
// entry per instruction family; a template returns false for a form it does not cover (before
// emitting anything), and the block compiler then calls the interpreter's bound closure for that
// instruction instead. The formulas are those of the interpreter's handlers (../alu.ts,
// ../data-move.ts, ../stack.ts, ../control.ts, ../muldiv.ts) and are tested against them and
// against the hardware-recorded vectors (tests/cpu/jit-*.test.ts, MIROS_JIT=always).
//
// Values: 8/16-bit operands are zero-extended numbers, 32-bit ones int32, 64-bit ones two int32
// words (lo, hi) — the interpreter's representation, so the lazy-flag record is the same.

import { Code } from '../../x86/codes.ts';
import { type Instruction, MEM_BASE_RIP, MEM_NONE, OperandKind } from '../../x86/instruction.ts';
import { LazyKind } from '../flags.ts';
import { CMOVCC, JCC, SETCC } from '../instruction-set.ts';
import { multiplyHigh32 } from '../muldiv.ts';
import { ShiftKind, shift32, shift64 } from '../shift.ts';
import { type BlockEmitter, isGeneralRegister, type Value64 } from './block-emitter.ts';
import { SSE_TEMPLATES } from './sse-templates.ts';

const TWO32 = 4294967296;

/** Emits `e.inst`; false when the form is not covered (nothing emitted). */
export type Template = (e: BlockEmitter) => boolean;

function validSize(size: number): boolean {
  return size === 1 || size === 2 || size === 4 || size === 8;
}

/** Operand `i` is a general register, memory or an immediate (what readOperand handles). */
function isPlainOperand(inst: Instruction, i: number): boolean {
  const op = inst.operands[i]!;
  return (
    isGeneralRegister(op) ||
    op.kind === OperandKind.Memory ||
    op.kind === OperandKind.Immediate ||
    op.kind === OperandKind.Constant
  );
}

function hasMemory(inst: Instruction): boolean {
  for (let i = 0; i < inst.operandCount; i++) if (inst.operands[i]!.kind === OperandKind.Memory) return true;
  return false;
}

/** Writes `value` to operand 0 (register or the memory at `ea`). */
function writeDestination(e: BlockEmitter, size: number, ea: string | null, value: Value64): void {
  const dst = e.inst.operands[0]!;
  if (dst.kind === OperandKind.Memory) e.store(size, ea!, value);
  else e.writeRegister(dst, size, value);
}

// ---- data movement ----

const mov: Template = (e) => {
  const inst = e.inst;
  const size = inst.operands[0]!.size;
  if (!validSize(size) || !isPlainOperand(inst, 0) || !isPlainOperand(inst, 1)) return false;
  const ea = hasMemory(inst) ? e.address() : null;
  const value = e.readOperand(1, size, ea)!;
  writeDestination(e, size, ea, value);
  return true;
};

function extend(signed: boolean): Template {
  return (e) => {
    const inst = e.inst;
    const dst = inst.operands[0]!;
    const src = inst.operands[1]!;
    if (!isGeneralRegister(dst) || !validSize(dst.size) || !isPlainOperand(inst, 1) || src.size > 4) return false;
    const value = e.readOperand(1, src.size, null)!;
    let lo = value.lo;
    if (signed && src.size === 1) lo = e.let(`(${lo} << 24) >> 24`);
    else if (signed && src.size === 2) lo = e.let(`(${lo} << 16) >> 16`);
    const hi = signed ? `(${lo} >> 31)` : '0';
    e.writeRegister(dst, dst.size, { lo, hi });
    return true;
  };
}

/** lea: address arithmetic modulo 2^64 (no segment, no checks). */
const lea: Template = (e) => {
  const inst = e.inst;
  const dst = inst.operands[0]!;
  if (inst.addressSize !== 8 || (dst.size !== 4 && dst.size !== 8)) return false;
  const base = inst.memBase;
  const index = inst.memIndex;
  const scale = inst.memScale;
  const disp = inst.memDisp;
  if (base === MEM_BASE_RIP) {
    const target = inst.address + inst.length + (disp >>> 0) + inst.memDispHigh * TWO32;
    if (target < 0 || target >= 2 ** 53) return false;
    e.writeRegister(dst, dst.size, { lo: String(target | 0), hi: String(Math.floor(target / TWO32) | 0) });
    return true;
  }
  const lowTerms: string[] = [];
  const unsignedTerms: string[] = [];
  const highTerms: string[] = [String(inst.memDispHigh)];
  if (base !== MEM_NONE) {
    lowTerms.push(e.word(base * 2));
    unsignedTerms.push(`(${e.word(base * 2)} >>> 0)`);
    highTerms.push(e.word(base * 2 + 1));
  }
  if (index !== MEM_NONE) {
    lowTerms.push(`${e.word(index * 2)} * ${scale}`);
    unsignedTerms.push(`(${e.word(index * 2)} >>> 0) * ${scale}`);
    highTerms.push(`${e.word(index * 2 + 1)} * ${scale}`);
  }
  lowTerms.push(String(disp));
  unsignedTerms.push(String(disp >>> 0));
  if (dst.size === 4) {
    e.writeRegister(dst, 4, { lo: e.let(`(${lowTerms.join(' + ')}) | 0`), hi: '0' });
    return true;
  }
  const sum = e.let(unsignedTerms.join(' + '));
  const hi = e.let(`(${highTerms.join(' + ')} + Math.floor(${sum} / ${TWO32})) | 0`);
  e.writeRegister(dst, 8, { lo: `(${sum} | 0)`, hi });
  return true;
};

// ---- arithmetic and logic ----

type BinaryKind = 'add' | 'sub' | 'and' | 'or' | 'xor';

/** Result of a binary operation at `size` bytes, as locals. */
function binaryResult(e: BlockEmitter, kind: BinaryKind, size: number, a: Value64, b: Value64): Value64 {
  if (size === 8) {
    if (kind === 'add' || kind === 'sub') {
      const sign = kind === 'add' ? '+' : '-';
      const s = e.let(`(${a.lo} >>> 0) ${sign} (${b.lo} >>> 0)`);
      const borrow = kind === 'add' ? `(${s} > 4294967295 ? 1 : 0)` : `(${s} < 0 ? 1 : 0)`;
      return { lo: e.let(`${s} | 0`), hi: e.let(`(${a.hi} ${sign} ${b.hi} ${sign} ${borrow}) | 0`) };
    }
    const op = kind === 'and' ? '&' : kind === 'or' ? '|' : '^';
    return { lo: e.let(`${a.lo} ${op} ${b.lo}`), hi: e.let(`${a.hi} ${op} ${b.hi}`) };
  }
  const wrap = size === 1 ? ' & 0xff' : size === 2 ? ' & 0xffff' : ' | 0';
  if (kind === 'add') return { lo: e.let(`(${a.lo} + ${b.lo})${wrap}`), hi: '0' };
  if (kind === 'sub') return { lo: e.let(`(${a.lo} - ${b.lo})${wrap}`), hi: '0' };
  const op = kind === 'and' ? '&' : kind === 'or' ? '|' : '^';
  return { lo: e.let(`${a.lo} ${op} ${b.lo}`), hi: '0' };
}

const LAZY_KIND: Record<BinaryKind, LazyKind> = {
  add: LazyKind.Add,
  sub: LazyKind.Sub,
  and: LazyKind.Logic,
  or: LazyKind.Logic,
  xor: LazyKind.Logic,
};

/** add/sub/and/or/xor (writeBack) and cmp/test (flags only). */
function binary(kind: BinaryKind, writeBack: boolean): Template {
  return (e) => {
    const inst = e.inst;
    const dst = inst.operands[0]!;
    const size = dst.size;
    if (inst.lock || !validSize(size) || !isPlainOperand(inst, 0) || !isPlainOperand(inst, 1)) return false;
    if (dst.kind !== OperandKind.Register && dst.kind !== OperandKind.Memory) return false;
    const ea = hasMemory(inst) ? e.address() : null;
    const a = e.readOperand(0, size, ea)!;
    const b = e.readOperand(1, size, ea)!;
    const r = binaryResult(e, kind, size, a, b);
    if (writeBack) writeDestination(e, size, ea, r);
    e.setFlags(LAZY_KIND[kind], size, a.lo, b.lo, r.lo, { a: a.hi, b: b.hi, r: r.hi });
    return true;
  };
}

/** inc/dec: CF unchanged (kept by the flag record, see flag-source.ts). */
function step(increment: boolean): Template {
  return (e) => {
    const inst = e.inst;
    const dst = inst.operands[0]!;
    const size = dst.size;
    if (inst.lock || !validSize(size) || (dst.kind !== OperandKind.Memory && !isGeneralRegister(dst))) return false;
    const ea = hasMemory(inst) ? e.address() : null;
    const a = e.readOperand(0, size, ea)!;
    const sign = increment ? '+' : '-';
    let r: Value64;
    if (size === 8) {
      const lo = e.let(`(${a.lo} ${sign} 1) | 0`);
      const carried = increment ? `${lo} === 0` : `${a.lo} === 0`;
      r = { lo, hi: e.let(`${carried} ? (${a.hi} ${sign} 1) | 0 : ${a.hi}`) };
    } else {
      const wrap = size === 1 ? ' & 0xff' : size === 2 ? ' & 0xffff' : ' | 0';
      r = { lo: e.let(`(${a.lo} ${sign} 1)${wrap}`), hi: '0' };
    }
    writeDestination(e, size, ea, r);
    e.setFlags(increment ? LazyKind.Inc : LazyKind.Dec, size, a.lo, '1', r.lo, { a: a.hi, b: '0', r: r.hi });
    return true;
  };
}

const neg: Template = (e) => {
  const inst = e.inst;
  const dst = inst.operands[0]!;
  const size = dst.size;
  if (inst.lock || !validSize(size) || (dst.kind !== OperandKind.Memory && !isGeneralRegister(dst))) return false;
  const ea = hasMemory(inst) ? e.address() : null;
  const a = e.readOperand(0, size, ea)!;
  const r = binaryResult(e, 'sub', size, { lo: '0', hi: '0' }, a);
  writeDestination(e, size, ea, r);
  e.setFlags(LazyKind.Sub, size, '0', a.lo, r.lo, { a: '0', b: a.hi, r: r.hi });
  return true;
};

const not: Template = (e) => {
  const inst = e.inst;
  const dst = inst.operands[0]!;
  const size = dst.size;
  if (inst.lock || !validSize(size) || (dst.kind !== OperandKind.Memory && !isGeneralRegister(dst))) return false;
  const ea = hasMemory(inst) ? e.address() : null;
  const a = e.readOperand(0, size, ea)!;
  const mask = size === 1 ? ' & 0xff' : size === 2 ? ' & 0xffff' : '';
  writeDestination(e, size, ea, { lo: e.let(`~${a.lo}${mask}`), hi: size === 8 ? e.let(`~${a.hi}`) : '0' });
  return true;
};

/** imul r64, r/m64 [, imm]: the low 64 bits; CF/OF from the lazy Mul64 record, as ../muldiv.ts. */
const imul: Template = (e) => {
  const inst = e.inst;
  const dst = inst.operands[0]!;
  if (inst.operandCount < 2 || dst.size !== 8 || !isGeneralRegister(dst)) return false;
  const three = inst.operandCount === 3;
  const a = e.readOperand(three ? 1 : 0, 8, null);
  const b = e.readOperand(three ? 2 : 1, 8, null);
  if (a === null || b === null) return false;
  const high = e.constant(multiplyHigh32, 'multiplyHigh32');
  const lo = e.let(`Math.imul(${a.lo}, ${b.lo})`);
  const hi = e.let(`(${high}(${a.lo}, ${b.lo}) + Math.imul(${a.lo}, ${b.hi}) + Math.imul(${a.hi}, ${b.lo})) | 0`);
  e.writeRegister(dst, 8, { lo, hi });
  e.setFlags(LazyKind.Mul, 8, a.lo, b.lo, lo, { a: a.hi, b: b.hi, r: hi });
  return true;
};

// ---- shifts ----

/**
 * shl/shr/sar of a 32- or 64-bit operand by an immediate count (the forms compilers emit for
 * constant shifts). The result is inline; the flags, which the interpreter computes eagerly, are
 * deferred like the lazy ones: materialising them calls the interpreter's own shift function on the
 * saved operand (../shift.ts, so the flags are its formulas, undefined ones included), and only
 * when something may read them. ZF, SF and CF after the shift are evaluated from the locals.
 * Counts in CL and masked counts of 0 (flags unchanged) stay with the closure.
 */
function shift(kind: ShiftKind): Template {
  return (e) => {
    const inst = e.inst;
    const dst = inst.operands[0]!;
    const size = dst.size;
    const countOp = inst.operands[1]!;
    if (size !== 4 && size !== 8) return false;
    if (countOp.kind !== OperandKind.Immediate && countOp.kind !== OperandKind.Constant) return false;
    if (dst.kind !== OperandKind.Memory && !isGeneralRegister(dst)) return false;
    const c = (countOp.kind === OperandKind.Constant ? countOp.reg : inst.imm) & (size === 8 ? 63 : 31);
    if (c === 0) return false;
    const ea = dst.kind === OperandKind.Memory ? e.address() : null;
    const a = e.readOperand(0, size, ea)!;
    const bit = (lo: string, hi: string, n: number): string =>
      n < 32 ? `((${lo} >>> ${n}) & 1) !== 0` : `((${hi} >>> ${n - 32}) & 1) !== 0`;
    let r: Value64;
    let carry: string;
    let record: string;
    if (size === 4) {
      const op = kind === ShiftKind.Shl ? '<<' : kind === ShiftKind.Shr ? '>>>' : '>>';
      r = { lo: e.let(`(${a.lo} ${op} ${c}) | 0`), hi: '0' };
      // (bit c-1 <= 30 is the same whether the shift right is logical or arithmetic)
      carry = kind === ShiftKind.Shl ? bit(a.lo, '0', 32 - c) : bit(a.lo, '0', c - 1);
      record = `${e.constant(shift32, 'shift32')}(cpu, ${kind}, ${a.lo}, ${c}, 32);`;
    } else {
      r = shift64Result(e, kind, a, c);
      carry = kind === ShiftKind.Shl ? bit(a.lo, a.hi, 64 - c) : bit(a.lo, a.hi, c - 1);
      record = `${e.constant(shift64, 'shift64')}(cpu, ${kind}, ${a.lo}, ${a.hi}, ${c});`;
    }
    writeDestination(e, size, ea, r);
    e.setEagerFlags(record, size, r.lo, r.hi, `(${carry})`);
    return true;
  };
}

/** A 64-bit shift by a constant count 1..63, as locals. */
function shift64Result(e: BlockEmitter, kind: ShiftKind, a: Value64, c: number): Value64 {
  const { lo, hi } = a;
  if (kind === ShiftKind.Shl) {
    if (c < 32) return { lo: e.let(`${lo} << ${c}`), hi: e.let(`(${hi} << ${c}) | (${lo} >>> ${32 - c})`) };
    return { lo: '0', hi: e.let(`${lo} << ${c - 32}`) };
  }
  const high = kind === ShiftKind.Sar ? '>>' : '>>>';
  if (c < 32) {
    return { lo: e.let(`(${lo} >>> ${c}) | (${hi} << ${32 - c})`), hi: e.let(`(${hi} ${high} ${c}) | 0`) };
  }
  const fill = kind === ShiftKind.Sar ? e.let(`${hi} >> 31`) : '0';
  return { lo: e.let(`(${hi} ${high} ${c - 32}) | 0`), hi: fill };
}

// ---- conditions ----

function setcc(cc: number): Template {
  return (e) => {
    const inst = e.inst;
    const dst = inst.operands[0]!;
    if (dst.kind !== OperandKind.Memory && !isGeneralRegister(dst)) return false;
    const ea = dst.kind === OperandKind.Memory ? e.address() : null;
    const value = e.let(`${e.condition(cc)} ? 1 : 0`);
    writeDestination(e, 1, ea, { lo: value, hi: '0' });
    return true;
  };
}

function cmov(cc: number): Template {
  return (e) => {
    const inst = e.inst;
    const dst = inst.operands[0]!;
    if (!isGeneralRegister(dst) || (dst.size !== 4 && dst.size !== 8) || !isPlainOperand(inst, 1)) return false;
    // The source is read (and may fault) whether or not the condition holds.
    const value = e.readOperand(1, dst.size, null)!;
    const w = dst.reg * 2;
    if (dst.size === 8) e.emit(`if (${e.condition(cc)}) { g[${w}] = ${value.lo}; g[${w + 1}] = ${value.hi}; }`);
    else e.emit(`if (${e.condition(cc)}) g[${w}] = ${value.lo}; g[${w + 1}] = 0;`);
    return true;
  };
}

// ---- stack and control transfer ----

const push: Template = (e) => {
  const inst = e.inst;
  if (inst.operandSize !== 8 || !isPlainOperand(inst, 0)) return false;
  e.push(e.readOperand(0, 8, null)!);
  return true;
};

const pop: Template = (e) => {
  const inst = e.inst;
  const dst = inst.operands[0]!;
  if (inst.operandSize !== 8 || !isGeneralRegister(dst)) return false;
  e.writeRegister(dst, 8, e.pop());
  return true;
};

/** rip from a 64-bit value (the next block's fetch faults on anything outside the space). */
function ripFrom(value: Value64): string {
  return `${value.hi} * ${TWO32} + (${value.lo} >>> 0)`;
}

const jmp: Template = (e) => {
  const inst = e.inst;
  const op = inst.operands[0]!;
  if (op.kind === OperandKind.RelativeBranch) {
    e.branch('true', inst.branchTarget);
    return true;
  }
  if (!isPlainOperand(inst, 0)) return false;
  e.jumpIndirect(ripFrom(e.readOperand(0, 8, null)!));
  return true;
};

function jcc(cc: number): Template {
  return (e) => {
    e.branch(e.condition(cc), e.inst.branchTarget);
    return true;
  };
}

const call: Template = (e) => {
  const inst = e.inst;
  const op = inst.operands[0]!;
  const next = inst.address + inst.length;
  const returnAddress = { lo: String(next | 0), hi: String(Math.floor(next / TWO32) | 0) };
  if (op.kind === OperandKind.RelativeBranch) {
    e.push(returnAddress);
    e.branch('true', inst.branchTarget);
    return true;
  }
  if (!isPlainOperand(inst, 0)) return false;
  const target = e.readOperand(0, 8, null)!;
  e.push(returnAddress);
  e.jumpIndirect(ripFrom(target));
  return true;
};

const ret: Template = (e) => {
  if (e.inst.operandCount > 0) return false;
  e.jumpIndirect(ripFrom(e.pop()));
  return true;
};

const nothing: Template = () => true;

/** Code → template: the instructions the generator inlines. Everything else calls its closure. */
export const TEMPLATES = new Map<number, Template>([
  [Code.MOV, mov],
  [Code.MOVZX, extend(false)],
  [Code.MOVSX, extend(true)],
  [Code.MOVSXD, extend(true)],
  [Code.LEA, lea],
  [Code.ADD, binary('add', true)],
  [Code.SUB, binary('sub', true)],
  [Code.AND, binary('and', true)],
  [Code.OR, binary('or', true)],
  [Code.XOR, binary('xor', true)],
  [Code.CMP, binary('sub', false)],
  [Code.TEST, binary('and', false)],
  [Code.INC, step(true)],
  [Code.DEC, step(false)],
  [Code.NEG, neg],
  [Code.NOT, not],
  [Code.IMUL, imul],
  [Code.SHL, shift(ShiftKind.Shl)],
  [Code.SHR, shift(ShiftKind.Shr)],
  [Code.SAR, shift(ShiftKind.Sar)],
  [Code.PUSH, push],
  [Code.POP, pop],
  [Code.JMP, jmp],
  [Code.CALL, call],
  [Code.RET, ret],
  [Code.NOP, nothing],
  [Code.ENDBR64, nothing],
  ...JCC.map((code, cc): [number, Template] => [code, jcc(cc)]),
  ...SETCC.map((code, cc): [number, Template] => [code, setcc(cc)]),
  ...CMOVCC.map((code, cc): [number, Template] => [code, cmov(cc)]),
  ...SSE_TEMPLATES,
]);
