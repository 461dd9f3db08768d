// Templates for the SSE2 integer instructions of libc's string functions (strlen, memchr, strcmp,
// memcpy, … as glibc's IFUNCs pick them): 128-bit moves, the bitwise operations, pcmpeqb and
// pmovmskb, plus bsf/tzcnt, which turn a pmovmskb mask into an index. Measured on the strings
// benchmark (`MIROS_JIT_PROFILE=1`, ./profile.ts) these were the most frequent instructions left
// to closure calls. An XMM register is four int32 words in `x` (the Cpu's xmm array: register r at
// x[4r..4r+3]); a memory source is loaded into locals first, so a fault leaves every register as
// it was. Byte-lane semantics are ../byte-lanes.ts's functions, shared with the interpreter.

import { Code } from '../../x86/codes.ts';
import { type Instruction, OperandKind, RegisterClass } from '../../x86/instruction.ts';
import { trailingZeros32 } from '../bits.ts';
import { equalBytes32, interleaveBytes16, moveMaskBytes } from '../byte-lanes.ts';
import { CF, PF, parity, setArithmeticFlags, ZF } from '../flags.ts';
import { type BlockEmitter, isGeneralRegister } from './block-emitter.ts';
import type { Template } from './templates.ts';

function isXmmRegister(inst: Instruction, i: number): boolean {
  const op = inst.operands[i]!;
  return op.kind === OperandKind.Register && op.regClass === RegisterClass.Vector && op.size === 16;
}

/** The four words of operand `i` (an XMM register or m128) as expressions; loads come first. */
function source128(e: BlockEmitter, i: number, aligned: boolean): string[] | null {
  const op = e.inst.operands[i]!;
  if (isXmmRegister(e.inst, i)) return [0, 1, 2, 3].map((k) => e.let(`x[${op.reg * 4 + k}]`));
  if (op.kind === OperandKind.Memory && op.size === 16) return e.load128(e.address(), aligned);
  return null;
}

/** movdqa/movdqu/movaps/movups/…: XMM ← XMM/m128, m128 ← XMM. */
function move128(aligned: boolean): Template {
  return (e) => {
    const inst = e.inst;
    if (inst.operandCount !== 2) return false;
    if (isXmmRegister(inst, 0)) {
      const words = source128(e, 1, aligned);
      if (words === null) return false;
      const d = inst.operands[0]!.reg * 4;
      e.emit(words.map((w, k) => `x[${d + k}] = ${w};`).join(' '));
      return true;
    }
    const dst = inst.operands[0]!;
    if (dst.kind !== OperandKind.Memory || dst.size !== 16 || !isXmmRegister(inst, 1)) return false;
    const ea = e.address();
    const s = inst.operands[1]!.reg * 4;
    e.store128(
      ea,
      [0, 1, 2, 3].map((k) => `x[${s + k}]`),
      aligned,
    );
    return true;
  };
}

/** A lane-wise operation on the words: `word(a, b)` is the JS expression of one result word. */
function packed(word: (e: BlockEmitter, a: string, b: string) => string): Template {
  return (e) => {
    const inst = e.inst;
    if (inst.operandCount !== 2 || !isXmmRegister(inst, 0)) return false;
    // Legacy SSE m128 operands must be 16-byte aligned (as ../sse-int.ts's bindPacked).
    const b = source128(e, 1, true);
    if (b === null) return false;
    const d = inst.operands[0]!.reg * 4;
    const results = b.map((w, k) => e.let(word(e, `x[${d + k}]`, w)));
    e.emit(results.map((r, k) => `x[${d + k}] = ${r};`).join(' '));
    return true;
  };
}

/** pshufd xmm, xmm/m128, imm8: result word k is source word (imm >> 2k) & 3. */
const pshufd: Template = (e) => {
  const inst = e.inst;
  if (inst.operandCount !== 3 || !isXmmRegister(inst, 0)) return false;
  const words = source128(e, 1, true);
  if (words === null) return false;
  const d = inst.operands[0]!.reg * 4;
  const order = inst.imm & 0xff;
  e.emit([0, 1, 2, 3].map((k) => `x[${d + k}] = ${words[(order >> (2 * k)) & 3]};`).join(' '));
  return true;
};

/**
 * punpcklbw/punpcklwd xmm, xmm/m128: the low halves of destination and source interleaved by
 * bytes or by 16-bit words. The source words are read before any destination word is written.
 */
function unpackLow(size: 1 | 2): Template {
  return (e) => {
    const inst = e.inst;
    if (inst.operandCount !== 2 || !isXmmRegister(inst, 0)) return false;
    const b = source128(e, 1, true);
    if (b === null) return false;
    const d = inst.operands[0]!.reg * 4;
    const a = [e.let(`x[${d}]`), e.let(`x[${d + 1}]`)];
    const results: string[] = [];
    for (let k = 0; k < 4; k++) {
      const aw = a[k >> 1]!;
      const bw = b[k >> 1]!;
      if (size === 1) {
        const shift = (k & 1) * 16;
        const interleave = e.constant(interleaveBytes16, 'interleaveBytes16');
        results.push(e.let(`${interleave}(${aw} >>> ${shift}, ${bw} >>> ${shift})`));
      } else {
        results.push(e.let((k & 1) === 0 ? `(${aw} & 0xffff) | (${bw} << 16)` : `(${aw} >>> 16) | (${bw} & -65536)`));
      }
    }
    e.emit(results.map((r, k) => `x[${d + k}] = ${r};`).join(' '));
    return true;
  };
}

/** movd/movq xmm, r32/r64: the general register zero-extended into the XMM register. */
const moveToXmm: Template = (e) => {
  const inst = e.inst;
  const src = inst.operands[1]!;
  if (inst.operandCount !== 2 || !isXmmRegister(inst, 0) || !isGeneralRegister(src)) return false;
  if (src.size !== 4 && src.size !== 8) return false;
  const value = e.readRegister(src, src.size);
  const d = inst.operands[0]!.reg * 4;
  e.emit(`x[${d}] = ${value.lo}; x[${d + 1}] = ${value.hi}; x[${d + 2}] = 0; x[${d + 3}] = 0;`);
  return true;
};

/** pmovmskb r32, xmm: the 16 byte signs into a general register (upper half cleared). */
const pmovmskb: Template = (e) => {
  const inst = e.inst;
  const dst = inst.operands[0]!;
  if (!isGeneralRegister(dst) || !isXmmRegister(inst, 1)) return false;
  const s = inst.operands[1]!.reg * 4;
  const mask = e.let(`${e.constant(moveMaskBytes, 'moveMaskBytes')}(x[${s}], x[${s + 1}], x[${s + 2}], x[${s + 3}])`);
  e.writeRegister(dst, 8, { lo: mask, hi: '0' });
  return true;
};

/**
 * bsf/tzcnt r32/r64, r/m: the index of the lowest set bit, with the interpreter's flags (../bits.ts
 * bindBitScan: bsf of 0 leaves the destination and sets ZF and PF; otherwise PF of the index and
 * the others clear; tzcnt: CF when the source is 0, ZF when the result is 0). The flags are
 * deferred like a shift's: ZF and CF are read from locals, the record is written where needed.
 */
function bitScan(tzcnt: boolean): Template {
  return (e) => {
    const inst = e.inst;
    const dst = inst.operands[0]!;
    const size = dst.size;
    if (!isGeneralRegister(dst) || (size !== 4 && size !== 8)) return false;
    const src = inst.operands[1]!;
    if (!isGeneralRegister(src) && src.kind !== OperandKind.Memory) return false;
    const value = e.readOperand(1, size, null)!;
    const tz = e.constant(trailingZeros32, 'trailingZeros32');
    const zero = e.let(`(${value.lo} | ${value.hi}) === 0`);
    const index =
      size === 8 ? `(${value.lo} !== 0 ? ${tz}(${value.lo}) : 32 + ${tz}(${value.hi}))` : `${tz}(${value.lo})`;
    const result = e.let(tzcnt ? `${zero} ? ${size * 8} : ${index}` : `${zero} ? 0 : ${index}`);
    const setFlags = e.constant(setArithmeticFlags, 'setArithmeticFlags');
    const w = dst.reg * 2;
    if (tzcnt) {
      e.emit(`g[${w}] = ${result}; g[${w + 1}] = 0;`);
      const record = `${setFlags}(cpu, (${zero} ? ${CF} : 0) | (${result} === 0 ? ${ZF} : 0));`;
      // ZF from `r` (the result), CF the zero source.
      e.setEagerFlags(record, 4, result, '0', zero);
    } else {
      e.emit(`if (!${zero}) { g[${w}] = ${result}; g[${w + 1}] = 0; }`);
      const flagBits = `${zero} ? ${ZF | PF} : ${e.constant(parity, 'parity')}(${result})`;
      // ZF is the zero source: `r` is 0 exactly then; SF and CF clear.
      e.setEagerFlags(`${setFlags}(cpu, ${flagBits});`, 4, e.let(`${zero} ? 0 : 1`), '0', 'false');
    }
    return true;
  };
}

/** Code → template for the SSE instructions the generator inlines (merged into ./templates.ts's table). */
export const SSE_TEMPLATES: ReadonlyArray<[number, Template]> = [
  [Code.MOVDQA, move128(true)],
  [Code.MOVAPS, move128(true)],
  [Code.MOVAPD, move128(true)],
  [Code.MOVDQU, move128(false)],
  [Code.MOVUPS, move128(false)],
  [Code.MOVUPD, move128(false)],
  ...[Code.PXOR, Code.XORPS, Code.XORPD].map((code): [number, Template] => [code, packed((_e, a, b) => `${a} ^ ${b}`)]),
  ...[Code.POR, Code.ORPS, Code.ORPD].map((code): [number, Template] => [code, packed((_e, a, b) => `${a} | ${b}`)]),
  ...[Code.PAND, Code.ANDPS, Code.ANDPD].map((code): [number, Template] => [code, packed((_e, a, b) => `${a} & ${b}`)]),
  ...[Code.PANDN, Code.ANDNPS, Code.ANDNPD].map((code): [number, Template] => [
    code,
    packed((_e, a, b) => `~${a} & ${b}`),
  ]),
  [Code.PCMPEQB, packed((e, a, b) => `${e.constant(equalBytes32, 'equalBytes32')}(${a}, ${b})`)],
  [Code.PMOVMSKB, pmovmskb],
  [Code.PSHUFD, pshufd],
  [Code.PUNPCKLBW, unpackLow(1)],
  [Code.PUNPCKLWD, unpackLow(2)],
  [Code.MOVD, moveToXmm],
  [Code.MOVQ, moveToXmm],
  [Code.BSF, bitScan(false)],
  [Code.TZCNT, bitScan(true)],
];
