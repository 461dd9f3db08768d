// SSE4.2 packed string comparisons: pcmpestri, pcmpestrm, pcmpistri, pcmpistrm.
//
// imm8: bits 1:0 element format (0 unsigned bytes, 1 unsigned words, 2 signed bytes, 3 signed
// words); bits 3:2 aggregation (0 equal any, 1 ranges, 2 equal each, 3 equal ordered); bits 5:4
// polarity (0 positive, 1 negative, 2 masked positive, 3 masked negative); bit 6 the output form
// (index: least (0) or most (1) significant set bit; mask: bit mask (0) or element mask (1)).
// Operand 1 (register "a": the set, ranges or needle) and operand 2 (register or memory "b": the
// text) have explicit lengths |rax| and |rdx| (eax/edx without REX.W), saturated to the element
// count, or implicit ones (up to the first zero element).
// Flags: CF = result ≠ 0, ZF = b is shorter than a register, SF = a is, OF = result bit 0; AF = PF = 0.
// No memory alignment is required.

import { Code } from '../x86/codes.ts';
import { type Cpu, XMM_RESULT } from './cpu.ts';
import { CF, OF, SF, setArithmeticFlags, ZF } from './flags.ts';
import type { HandlerRegistry } from './registry.ts';
import { bindVector, SourceMemory, type VectorOp } from './vector-operands.ts';

/** Elements of operands a and b, widened to numbers (scratch; one comparison runs at a time). */
const elementsA = new Int32Array(16);
const elementsB = new Int32Array(16);

function loadElements(cpu: Cpu, slot: number, format: number, out: Int32Array): void {
  switch (format) {
    case 0:
      for (let i = 0; i < 16; i++) out[i] = cpu.xmmU8[slot * 16 + i]!;
      break;
    case 1:
      for (let i = 0; i < 8; i++) out[i] = cpu.xmmU16[slot * 8 + i]!;
      break;
    case 2:
      for (let i = 0; i < 16; i++) out[i] = cpu.xmmI8[slot * 16 + i]!;
      break;
    default:
      for (let i = 0; i < 8; i++) out[i] = cpu.xmmI16[slot * 8 + i]!;
  }
}

/** Implicit length: the index of the first zero element, or n. */
function implicitLength(elements: Int32Array, n: number): number {
  for (let i = 0; i < n; i++) if (elements[i] === 0) return i;
  return n;
}

/** Explicit length from register r (64-bit with REX.W, else 32-bit): |value| saturated to n. */
function explicitLength(cpu: Cpu, r: number, wide: boolean, n: number): number {
  let lo = cpu.gpr[2 * r]!;
  let hi = wide ? cpu.gpr[2 * r + 1]! : lo >> 31;
  if (hi < 0) {
    // Two's-complement negation of the 64-bit value.
    lo = -lo | 0;
    hi = (~hi + (lo === 0 ? 1 : 0)) | 0;
  }
  if (hi !== 0 || lo >>> 0 >= n) return n;
  return lo;
}

/** The comparison result IntRes2 (bit i for element i) of the imm8's aggregation and polarity. */
function compareStrings(imm: number, n: number, lengthA: number, lengthB: number): number {
  const a = elementsA;
  const b = elementsB;
  let result = 0;
  switch ((imm >> 2) & 3) {
    case 0: // equal any: b[j] is one of a[0 … lengthA)
      for (let j = 0; j < lengthB; j++) {
        for (let i = 0; i < lengthA; i++) {
          if (a[i] === b[j]) {
            result |= 1 << j;
            break;
          }
        }
      }
      break;
    case 1: // ranges: a[i] <= b[j] <= a[i + 1] for an even i with both bounds valid
      for (let j = 0; j < lengthB; j++) {
        for (let i = 0; i + 1 < lengthA; i += 2) {
          if (a[i]! <= b[j]! && b[j]! <= a[i + 1]!) {
            result |= 1 << j;
            break;
          }
        }
      }
      break;
    case 2: // equal each: a[i] == b[i]; both invalid counts as equal, one invalid as different
      for (let i = 0; i < n; i++) {
        const validA = i < lengthA;
        const validB = i < lengthB;
        if (validA && validB ? a[i] === b[i] : !validA && !validB) result |= 1 << i;
      }
      break;
    default: // equal ordered: a occurs in b at j (a's invalid tail matches anything; b's end stops a valid a)
      for (let j = 0; j < n; j++) {
        let match = true;
        for (let k = 0; j + k < n && k < lengthA; k++) {
          if (j + k >= lengthB || a[k] !== b[j + k]) {
            match = false;
            break;
          }
        }
        if (match) result |= 1 << j;
      }
  }
  const all = n === 16 ? 0xffff : 0xff;
  switch ((imm >> 4) & 3) {
    case 1:
      return ~result & all;
    case 3:
      return (result ^ ((1 << lengthB) - 1)) & all;
    default:
      return result;
  }
}

/** Runs the comparison and sets the flags; returns IntRes2. */
function runComparison(cpu: Cpu, d: number, s: number, imm: number, explicit: boolean, wide: boolean): number {
  const format = imm & 3;
  const n = format & 1 ? 8 : 16;
  loadElements(cpu, d, format, elementsA);
  loadElements(cpu, s, format, elementsB);
  const lengthA = explicit ? explicitLength(cpu, 0, wide, n) : implicitLength(elementsA, n);
  const lengthB = explicit ? explicitLength(cpu, 2, wide, n) : implicitLength(elementsB, n);
  const result = compareStrings(imm, n, lengthA, lengthB);
  setArithmeticFlags(
    cpu,
    (result !== 0 ? CF : 0) | (lengthB < n ? ZF : 0) | (lengthA < n ? SF : 0) | (result & 1 ? OF : 0),
  );
  return result;
}

/** pcmp?stri: the index of the least or most significant result bit in ecx (n when none). */
function indexForm(explicit: boolean, wide: boolean): VectorOp {
  return (cpu, d, s, imm) => {
    const result = runComparison(cpu, d, s, imm, explicit, wide);
    const n = imm & 1 ? 8 : 16;
    let index = n;
    if (result !== 0) index = imm & 0x40 ? 31 - Math.clz32(result) : 31 - Math.clz32(result & -result);
    cpu.gpr[2] = index;
    cpu.gpr[3] = 0;
  };
}

/** pcmp?strm: the result as a bit mask or expanded to an element mask, in xmm0. */
function maskForm(explicit: boolean, wide: boolean): VectorOp {
  return (cpu, d, s, imm) => {
    const result = runComparison(cpu, d, s, imm, explicit, wide);
    const x = cpu.xmm;
    if ((imm & 0x40) === 0) {
      x[0] = result;
      x[1] = 0;
      x[2] = 0;
      x[3] = 0;
      return;
    }

    if (imm & 1) for (let i = 0; i < 8; i++) cpu.xmmU16[XMM_RESULT * 8 + i] = (result >> i) & 1 ? 0xffff : 0;
    else for (let i = 0; i < 16; i++) cpu.xmmU8[XMM_RESULT * 16 + i] = (result >> i) & 1 ? 0xff : 0;
    x[0] = x[XMM_RESULT * 4]!;
    x[1] = x[XMM_RESULT * 4 + 1]!;
    x[2] = x[XMM_RESULT * 4 + 2]!;
    x[3] = x[XMM_RESULT * 4 + 3]!;
  };
}

export function registerSse42Strings(r: HandlerRegistry): void {
  const define = (code: number, make: (explicit: boolean, wide: boolean) => VectorOp, explicit: boolean) =>
    r.define(code, (inst) => bindVector(inst, make(explicit, inst.operandSize === 8), SourceMemory.Unaligned128));
  define(Code.PCMPESTRI, indexForm, true);
  define(Code.PCMPESTRM, maskForm, true);
  define(Code.PCMPISTRI, indexForm, false);
  define(Code.PCMPISTRM, maskForm, false);
}
