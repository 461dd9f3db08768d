// mul, imul (one, two and three operands), div, idiv at all widths.
//
// 64×64→128-bit products are computed on 16-bit limbs in doubles (exact, no BigInt). Divisions
// take the exact double path when the dividend is below 2^53, 16-bit-limb long division when the
// divisor fits 32 bits (hash tables' `h % size`), and BigInt only for the rare rest.
// #DE (divisor 0, quotient overflow) raises SIGFPE/FPE_INTDIV before any register changes.
// MUL/IMUL set CF=OF when the high half is significant; SF/ZF/PF/AF ("undefined") as this CPU sets
// them per tests/cpu-vectors.

import type { Instruction } from '../x86/instruction.ts';
import type { Cpu } from './cpu.ts';
import { CF, LazyOp, OF, setArithmeticFlags, szpFlags, szpFlags64, ZF } from './flags.ts';
import { GuestFault } from './guest-fault.ts';
import { multiplySigned64, multiplyUnsigned64, product } from './multiply.ts';
import { bindReader, bindReader64, immediateHigh, immediateValue, registerWriter } from './operands.ts';
import type { Exec } from './registry.ts';

const TWO32 = 4294967296;

/**
 * Flags of a multiply: CF=OF=overflow. The "undefined" ones as this CPU sets them: SF and PF of
 * the low half of the result, ZF and AF clear.
 */
function multiplyFlags(cpu: Cpu, overflow: boolean, szp: number): void {
  setArithmeticFlags(cpu, (overflow ? CF | OF : 0) | (szp & ~ZF));
}

/** One-operand mul/imul: rDX:rAX = rAX * src (AX = AL * src for bytes). */
export function bindMultiplyAccumulator(inst: Instruction, signed: boolean): Exec {
  const size = inst.operands[0]!.size;
  if (size === 8) {
    const read = bindReader64(inst, 0);
    return (cpu) => {
      const bLo = read(cpu);
      const bHi = cpu.hi;
      const g = cpu.gpr;
      if (signed) multiplySigned64(g[0]!, g[1]!, bLo, bHi);
      else multiplyUnsigned64(g[0]!, g[1]!, bLo, bHi);
      const p = product;
      g[0] = p[0]!;
      g[1] = p[1]!;
      g[4] = p[2]!;
      g[5] = p[3]!;
      const overflow = signed ? !(p[3] === p[1]! >> 31 && p[2] === p[1]! >> 31) : (p[2]! | p[3]!) !== 0;
      multiplyFlags(cpu, overflow, szpFlags64(p[0]!, p[1]!));
    };
  }
  const read = bindReader(inst, 0, size);
  if (size === 4) {
    return (cpu) => {
      const b = read(cpu);
      const g = cpu.gpr;
      const a = g[0]!;
      let lo: number;
      let hi: number;
      if (signed) {
        const p = a * b;
        lo = Math.imul(a, b);
        hi = Math.floor((p - (lo >>> 0)) / TWO32) | 0;
        // p may be inexact above 2^53; the high word from the 64-bit path is exact.
        if (Math.abs(p) >= 2 ** 53) {
          multiplySigned64(a, a >> 31, b, b >> 31);
          hi = product[1]!;
        }
      } else {
        multiplyUnsigned64(a, 0, b, 0);
        lo = product[0]!;
        hi = product[1]!;
      }
      g[0] = lo;
      g[1] = 0;
      g[4] = hi;
      g[5] = 0;
      const overflow = signed ? hi !== lo >> 31 : hi !== 0;
      multiplyFlags(cpu, overflow, szpFlags(lo, 32));
    };
  }
  if (size === 2) {
    return (cpu) => {
      const b = read(cpu);
      const g = cpu.gpr;
      const a = g[0]! & 0xffff;
      const p = signed ? ((a << 16) >> 16) * ((b << 16) >> 16) : a * b;
      const lo = p & 0xffff;
      const hi = (p >> 16) & 0xffff;
      g[0] = (g[0]! & ~0xffff) | lo;
      g[4] = (g[4]! & ~0xffff) | hi;
      const overflow = signed ? p !== (p << 16) >> 16 : hi !== 0;
      multiplyFlags(cpu, overflow, szpFlags(lo, 16));
    };
  }
  return (cpu) => {
    const b = read(cpu);
    const g = cpu.gpr;
    const a = g[0]! & 0xff;
    const p = signed ? ((a << 24) >> 24) * ((b << 24) >> 24) : a * b;
    g[0] = (g[0]! & ~0xffff) | (p & 0xffff);
    const overflow = signed ? p !== (p << 24) >> 24 : p > 0xff;
    multiplyFlags(cpu, overflow, szpFlags(p & 0xff, 8));
  };
}

/** Two- and three-operand imul: dst = src1 * src2 truncated. */
export function bindMultiplyTruncated(inst: Instruction): Exec {
  const dst = inst.operands[0]!;
  const size = dst.size;
  const three = inst.operandCount === 3;
  const d = dst.reg * 2;
  if (size === 8) {
    const readA = bindReader64(inst, three ? 1 : 0);
    const readB = three ? null : bindReader64(inst, 1);
    const immLo = three ? immediateValue(inst, inst.operands[2]!, 8) : 0;
    const immHi = three ? immediateHigh(inst, inst.operands[2]!) : 0;
    return (cpu) => {
      const aLo = readA(cpu);
      const aHi = cpu.hi;
      let bLo = immLo;
      let bHi = immHi;
      if (readB !== null) {
        bLo = readB(cpu);
        bHi = cpu.hi;
      }
      // The low 64 bits only; CF/OF (the full product) are computed if ever read.
      const lo = Math.imul(aLo, bLo);
      const hi = (multiplyHigh32(aLo, bLo) + Math.imul(aLo, bHi) + Math.imul(aHi, bLo)) | 0;
      cpu.gpr[d] = lo;
      cpu.gpr[d + 1] = hi;
      cpu.lazyOp = LazyOp.Mul64;
      cpu.lazyA = aLo;
      cpu.lazyAHi = aHi;
      cpu.lazyB = bLo;
      cpu.lazyBHi = bHi;
      cpu.lazyR = lo;
      cpu.lazyRHi = hi;
    };
  }
  const readA = bindReader(inst, three ? 1 : 0, size);
  const readB = bindReader(inst, three ? 2 : 1, size);
  if (size === 4) {
    return (cpu) => {
      const a = readA(cpu);
      const b = readB(cpu);
      const lo = Math.imul(a, b);
      const p = a * b;
      const overflow = Math.abs(p) >= 2 ** 53 ? true : p !== lo;
      cpu.gpr[d] = lo;
      cpu.gpr[d + 1] = 0;
      multiplyFlags(cpu, overflow, szpFlags(lo, 32));
    };
  }
  const write = registerWriter(dst, 2);
  return (cpu) => {
    const a = (readA(cpu) << 16) >> 16;
    const b = (readB(cpu) << 16) >> 16;
    const p = a * b;
    write(cpu, p & 0xffff);
    multiplyFlags(cpu, p !== (p << 16) >> 16, szpFlags(p & 0xffff, 16));
  };
}

/** High 32 bits of the unsigned product of two 32-bit words (16-bit limbs, exact in doubles). */
export function multiplyHigh32(a: number, b: number): number {
  const a0 = a & 0xffff;
  const a1 = a >>> 16;
  const b0 = b & 0xffff;
  const b1 = b >>> 16;
  const mid = a1 * b0 + ((a0 * b0) >>> 16);
  const mid2 = a0 * b1 + (mid & 0xffff);
  return a1 * b1 + (mid >>> 16) + (mid2 >>> 16);
}

/** Unsigned 128/64 division of words (n3:n2:n1:n0) by (dHi:dLo); null on #DE. */
export function divideUnsigned128(
  n0: number,
  n1: number,
  n2: number,
  n3: number,
  dLo: number,
  dHi: number,
): [number, number, number, number] | null {
  if ((dLo | dHi) === 0) return null;
  // Quotient overflow: the high 64 bits of the dividend must be below the divisor.
  const nh = (n3 >>> 0) * TWO32 + (n2 >>> 0);
  const dv = (dHi >>> 0) * TWO32 + (dLo >>> 0);
  if (n3 >>> 0 > dHi >>> 0 || (n3 >>> 0 === dHi >>> 0 && n2 >>> 0 >= dLo >>> 0)) return null;
  if ((n2 | n3) === 0 && n1 >>> 0 < 0x200000) {
    const n = (n1 >>> 0) * TWO32 + (n0 >>> 0);
    const q = Math.floor(n / dv);
    const r = n - q * dv;
    return [q | 0, Math.floor(q / TWO32) | 0, r | 0, Math.floor(r / TWO32) | 0];
  }
  if (dHi === 0) {
    // Long division on 16-bit limbs; the remainder stays below 2^32, so each step is exact.
    const d = dLo >>> 0;
    const words = [n3, n2, n1, n0];
    let rem = 0;
    const q: number[] = [];
    for (const word of words) {
      rem = rem * 65536 + (word >>> 16);
      const qh = Math.floor(rem / d);
      rem -= qh * d;
      rem = rem * 65536 + (word & 0xffff);
      const ql = Math.floor(rem / d);
      rem -= ql * d;
      q.push(qh * 65536 + ql);
    }
    // q[0], q[1] are zero (no overflow).
    void nh;
    return [q[3]! | 0, q[2]! | 0, rem | 0, 0];
  }
  return divideByWideDivisor(n0, n1, n2, n3, dLo, dHi);
}

// Scratch limbs of divideByWideDivisor (16 bits each, least significant first): the normalised
// dividend with one extra limb, the normalised divisor, the quotient. Module-level so that a
// division allocates nothing but its result (printf's %f divides with 64-bit divisors in a loop).
const dividendLimbs = new Int32Array(9);
const divisorLimbs = new Int32Array(4);
const quotientLimbs = new Int32Array(8);

/**
 * 128/64 division for a divisor of 33 to 64 bits whose quotient fits 64 bits (the caller checked):
 * Knuth's algorithm D (TAOCP 4.3.1) on 16-bit limbs, where every product and partial remainder
 * is an exact double or int32. Replaces a BigInt division that cost 2-3% of the strings benchmark.
 */
function divideByWideDivisor(
  n0: number,
  n1: number,
  n2: number,
  n3: number,
  dLo: number,
  dHi: number,
): [number, number, number, number] {
  const u = dividendLimbs;
  const v = divisorLimbs;
  const q = quotientLimbs;
  // Divisor limbs: dHi !== 0, so it has 3 or 4 significant limbs.
  const size = dHi >>> 16 !== 0 ? 4 : 3;
  // D1: shift left until the divisor's top limb has its high bit set (at most 15 bits).
  const top = size === 4 ? dHi >>> 16 : dHi & 0xffff;
  const shift = Math.clz32(top) - 16;
  // The divisor and dividend shifted left by `shift`, then cut into limbs.
  const back = 32 - shift; // (x >>> 32 is x, not 0: every `>>> back` below is guarded by shift)
  const sdLo = (dLo << shift) >>> 0;
  const sdHi = shift === 0 ? dHi >>> 0 : ((dHi << shift) | (dLo >>> back)) >>> 0;
  v[0] = sdLo & 0xffff;
  v[1] = sdLo >>> 16;
  v[2] = sdHi & 0xffff;
  v[3] = sdHi >>> 16;
  let w0 = n0 >>> 0;
  let w1 = n1 >>> 0;
  let w2 = n2 >>> 0;
  let w3 = n3 >>> 0;
  u[8] = 0;
  if (shift !== 0) {
    u[8] = w3 >>> back;
    w3 = ((w3 << shift) | (w2 >>> back)) >>> 0;
    w2 = ((w2 << shift) | (w1 >>> back)) >>> 0;
    w1 = ((w1 << shift) | (w0 >>> back)) >>> 0;
    w0 = (w0 << shift) >>> 0;
  }
  u[0] = w0 & 0xffff;
  u[1] = w0 >>> 16;
  u[2] = w1 & 0xffff;
  u[3] = w1 >>> 16;
  u[4] = w2 & 0xffff;
  u[5] = w2 >>> 16;
  u[6] = w3 & 0xffff;
  u[7] = w3 >>> 16;
  const vTop = v[size - 1]!;
  const vNext = v[size - 2]!;
  const m = 8 - size;
  for (let j = m; j >= 0; j--) {
    // D3: estimate the quotient limb from the top two dividend limbs, then correct it (at most
    // twice) with the next limb of each.
    const numerator = u[j + size]! * 65536 + u[j + size - 1]!;
    let qhat = Math.floor(numerator / vTop);
    let rhat = numerator - qhat * vTop;
    while (qhat >= 65536 || qhat * vNext > rhat * 65536 + u[j + size - 2]!) {
      qhat--;
      rhat += vTop;
      if (rhat >= 65536) break;
    }
    // D4: subtract qhat times the divisor from the dividend's limbs j..j+size.
    let borrow = 0;
    for (let i = 0; i < size; i++) {
      const product = qhat * v[i]!;
      const t = u[i + j]! - borrow - (product % 65536);
      u[i + j] = t & 0xffff;
      borrow = Math.floor(product / 65536) - (t >> 16);
    }
    const t = u[j + size]! - borrow;
    u[j + size] = t & 0xffff;
    if (t < 0) {
      // D6: qhat was one too large (probability ~2/65536): add the divisor back.
      qhat--;
      let carry = 0;
      for (let i = 0; i < size; i++) {
        const sum = u[i + j]! + v[i]! + carry;
        u[i + j] = sum & 0xffff;
        carry = sum >>> 16;
      }
      u[j + size] = (u[j + size]! + carry) & 0xffff;
    }
    q[j] = qhat;
  }
  // D8: the remainder is the low limbs shifted back right (below the divisor: 64 bits at most).
  const r0 = ((u[1]! << 16) | u[0]!) >>> 0;
  const r1 = ((u[3]! << 16) | u[2]!) >>> 0;
  const rLo = shift === 0 ? r0 : ((r0 >>> shift) | (r1 << (32 - shift))) >>> 0;
  const rHi = r1 >>> shift;
  return [(q[1]! << 16) | q[0]!, (q[3]! << 16) | q[2]!, rLo | 0, rHi | 0];
}

function negate128(w: number[]): void {
  let carry = 1;
  for (let i = 0; i < w.length; i++) {
    const s = (~w[i]! >>> 0) + carry;
    w[i] = s | 0;
    carry = s > 0xffffffff ? 1 : 0;
  }
}

/** div/idiv: rDX:rAX / src → rAX quotient, rDX remainder (AX / src → AL, AH for bytes). */
export function bindDivide(inst: Instruction, signed: boolean): Exec {
  const size = inst.operands[0]!.size;
  const name = signed ? 'idiv' : 'div';
  if (size === 8) {
    const read = bindReader64(inst, 0);
    return (cpu) => {
      const dLo = read(cpu);
      const dHi = cpu.hi;
      const g = cpu.gpr;
      const n = [g[0]!, g[1]!, g[4]!, g[5]!];
      let d = [dLo, dHi];
      const negN = signed && n[3]! < 0;
      const negD = signed && dHi < 0;
      if (negN) negate128(n);
      if (negD) {
        d = [dLo, dHi];
        negate128(d);
      }
      if ((dLo | dHi) === 0) throw GuestFault.divideError(`${name}: division by zero`);
      const r = divideUnsigned128(n[0]!, n[1]!, n[2]!, n[3]!, d[0]!, d[1]!);
      if (r === null) throw GuestFault.divideError(`${name}: quotient overflow`);
      let q = [r[0], r[1]];
      let rem = [r[2], r[3]];
      if (signed) {
        const negQ = negN !== negD;
        // The magnitude must fit the signed range.
        const qMag = q[1]! >>> 0;
        if (qMag > 0x80000000 || (qMag === 0x80000000 && (q[0]! !== 0 || !negQ))) {
          throw GuestFault.divideError(`${name}: quotient overflow`);
        }
        if (negQ) negate128(q);
        if (negN) negate128(rem);
      }
      g[0] = q[0]!;
      g[1] = q[1]!;
      g[4] = rem[0]!;
      g[5] = rem[1]!;
      q = [];
      rem = [];
    };
  }
  const read = bindReader(inst, 0, size);
  if (size === 4) {
    return (cpu) => {
      const d = read(cpu);
      if (d === 0) throw GuestFault.divideError(`${name}: division by zero`);
      const g = cpu.gpr;
      let q: number;
      let r: number;
      if (signed) {
        const n = g[4]! * TWO32 + (g[0]! >>> 0);
        if (Math.abs(n) < 2 ** 53) {
          q = Math.trunc(n / d);
          r = n - q * d;
        } else {
          const words = [g[0]!, g[4]!, g[4]! >> 31, g[4]! >> 31];
          const negN = g[4]! < 0;
          if (negN) negate128(words);
          const dm = Math.abs(d);
          const res = divideUnsigned128(words[0]!, words[1]!, 0, 0, dm, 0);
          if (res === null) throw GuestFault.divideError(`${name}: quotient overflow`);
          const qm = (res[1]! >>> 0) * TWO32 + (res[0]! >>> 0);
          q = negN !== d < 0 ? -qm : qm;
          r = negN ? -(res[2]! >>> 0) : res[2]! >>> 0;
        }
        if (q > 0x7fffffff || q < -0x80000000) throw GuestFault.divideError(`${name}: quotient overflow`);
      } else {
        const dd = d >>> 0;
        const hi = g[4]! >>> 0;
        if (hi >= dd) throw GuestFault.divideError(`${name}: quotient overflow`);
        const n = hi * TWO32 + (g[0]! >>> 0);
        if (n < 2 ** 53) {
          q = Math.floor(n / dd);
          r = n - q * dd;
        } else {
          const res = divideUnsigned128(g[0]!, g[4]!, 0, 0, d, 0)!;
          q = res[0]! >>> 0;
          r = res[2]! >>> 0;
        }
      }
      g[0] = q | 0;
      g[1] = 0;
      g[4] = r | 0;
      g[5] = 0;
    };
  }
  if (size === 2) {
    return (cpu) => {
      const d = read(cpu);
      if (d === 0) throw GuestFault.divideError(`${name}: division by zero`);
      const g = cpu.gpr;
      const n = ((g[4]! & 0xffff) << 16) | (g[0]! & 0xffff);
      let q: number;
      let r: number;
      if (signed) {
        const ds = (d << 16) >> 16;
        q = Math.trunc(n / ds);
        r = n - q * ds;
        if (q > 0x7fff || q < -0x8000) throw GuestFault.divideError(`${name}: quotient overflow`);
      } else {
        const nu = n >>> 0;
        q = Math.floor(nu / d);
        r = nu - q * d;
        if (q > 0xffff) throw GuestFault.divideError(`${name}: quotient overflow`);
      }
      g[0] = (g[0]! & ~0xffff) | (q & 0xffff);
      g[4] = (g[4]! & ~0xffff) | (r & 0xffff);
    };
  }
  return (cpu) => {
    const d = read(cpu);
    if (d === 0) throw GuestFault.divideError(`${name}: division by zero`);
    const g = cpu.gpr;
    const n = g[0]! & 0xffff;
    let q: number;
    let r: number;
    if (signed) {
      const ns = (n << 16) >> 16;
      const ds = (d << 24) >> 24;
      q = Math.trunc(ns / ds);
      r = ns - q * ds;
      if (q > 0x7f || q < -0x80) throw GuestFault.divideError(`${name}: quotient overflow`);
    } else {
      q = Math.floor(n / d);
      r = n - q * d;
      if (q > 0xff) throw GuestFault.divideError(`${name}: quotient overflow`);
    }
    g[0] = (g[0]! & ~0xffff) | (q & 0xff) | ((r & 0xff) << 8);
  };
}
