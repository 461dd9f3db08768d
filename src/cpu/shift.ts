// Shifts and rotates: shl shr sar rol ror rcl rcr shld shrd.
//
// Flags are computed eagerly (./flags.ts setArithmeticFlags). The count is masked to 5 bits (6 for
// 64-bit operands); a masked count of 0 changes no flags. Flags the SDM leaves undefined (OF for
// counts above 1, AF) are set as this machine's CPU sets them, per tests/cpu-vectors.

import { type Instruction, OperandKind } from '../x86/instruction.ts';
import { bindAddress } from './address.ts';
import type { Cpu } from './cpu.ts';
import { CF, materializeFlags, OF, setArithmeticFlags, szpFlags, szpFlags64 } from './flags.ts';
import { load64, store64 } from './memory-access.ts';
import { bindReader, bindWriter, immediateValue, isImmediate, isMemory, isRegister } from './operands.ts';
import type { Exec } from './registry.ts';

export const enum ShiftKind {
  Rol = 0,
  Ror = 1,
  Rcl = 2,
  Rcr = 3,
  Shl = 4,
  Shr = 5,
  Sar = 7,
}

/** Shift/rotate of an 8/16/32-bit value (zero-extended for 8/16) by a masked count. */
/**
 * This CPU's OF for counts other than 1 (recorded): shifts and rcl/rcr compute OF as a one-bit
 * shift of the original operand would; rol/ror do too with a count in CL, but leave OF unchanged
 * with an immediate count other than 1 (`immediate` true).
 */
export function shift32(cpu: Cpu, kind: ShiftKind, a: number, count: number, bits: number, immediate = false): number {
  if (count === 0) return a;
  const mask = bits === 32 ? -1 : (1 << bits) - 1;
  const msb = bits - 1;
  let r: number;
  let cf: number;
  let of: number;
  switch (kind) {
    case ShiftKind.Shl: {
      r = count < 32 ? (a << count) & mask : 0;
      cf = count <= bits ? (a >>> (bits - count)) & 1 : 0;
      of = ((a >>> msb) ^ (a >>> (msb - 1))) & 1;
      setArithmeticFlags(cpu, szpFlags(r, bits) | cf | (of ? OF : 0));
      return r;
    }
    case ShiftKind.Shr: {
      r = count < 32 ? (a >>> count) & mask : 0;
      cf = count <= 32 ? (a >>> (count - 1)) & 1 : 0;
      of = (a >>> msb) & 1;
      setArithmeticFlags(cpu, szpFlags(r, bits) | cf | (of ? OF : 0));
      return r;
    }
    case ShiftKind.Sar: {
      const s = bits === 32 ? a : (a << (32 - bits)) >> (32 - bits);
      r = (s >> Math.min(count, 31)) & mask;
      cf = (s >> Math.min(count - 1, 31)) & 1;
      setArithmeticFlags(cpu, szpFlags(r, bits) | cf);
      return r;
    }
    case ShiftKind.Rol: {
      const n = count % bits;
      r = n === 0 ? a : ((a << n) | (a >>> (bits - n))) & mask;
      cf = r & 1;
      const f = materializeFlags(cpu);
      of = immediate && count !== 1 ? f & OF : ((a >>> msb) ^ (a >>> (msb - 1))) & 1;
      setArithmeticFlags(cpu, (f & ~(CF | OF)) | cf | (of ? OF : 0));
      return r;
    }
    case ShiftKind.Ror: {
      const n = count % bits;
      r = n === 0 ? a : ((a >>> n) | (a << (bits - n))) & mask;
      cf = (r >>> msb) & 1;
      const f = materializeFlags(cpu);
      of = immediate && count !== 1 ? f & OF : ((a >>> msb) ^ a) & 1;
      setArithmeticFlags(cpu, (f & ~(CF | OF)) | cf | (of ? OF : 0));
      return r;
    }
    case ShiftKind.Rcl: {
      const n = bits === 32 ? count : count % (bits + 1);
      const f = materializeFlags(cpu);
      if (n === 0) return a;
      let c = f & CF;
      r = a;
      for (let i = 0; i < n; i++) {
        const out = (r >>> msb) & 1;
        r = ((r << 1) | c) & mask;
        c = out;
      }
      of = ((a >>> msb) ^ (a >>> (msb - 1))) & 1;
      setArithmeticFlags(cpu, (f & ~(CF | OF)) | c | (of ? OF : 0));
      return r;
    }
    default: {
      // Rcr
      const n = bits === 32 ? count : count % (bits + 1);
      const f = materializeFlags(cpu);
      if (n === 0) return a;
      let c = f & CF;
      r = a;
      of = ((r >>> msb) & 1) ^ c;
      for (let i = 0; i < n; i++) {
        const out = r & 1;
        r = ((r >>> 1) | (c << msb)) & mask;
        c = out;
      }
      setArithmeticFlags(cpu, (f & ~(CF | OF)) | c | (of ? OF : 0));
      return r;
    }
  }
}

/** Shift/rotate of a 64-bit value: returns lo, hi in cpu.hi. */
export function shift64(cpu: Cpu, kind: ShiftKind, lo: number, hi: number, count: number, immediate = false): number {
  cpu.hi = hi;
  if (count === 0) return lo;
  let rl: number;
  let rh: number;
  let cf: number;
  let of: number;
  switch (kind) {
    case ShiftKind.Shl:
      rl = shl64(lo, hi, count);
      rh = wide[0]!;
      cf = bit64(lo, hi, 64 - count);
      of = ((hi >>> 31) ^ (hi >>> 30)) & 1;
      setArithmeticFlags(cpu, szpFlags64(rl, rh) | cf | (of ? OF : 0));
      break;
    case ShiftKind.Shr:
      rl = shr64(lo, hi, count);
      rh = wide[0]!;
      cf = bit64(lo, hi, count - 1);
      of = hi >>> 31;
      setArithmeticFlags(cpu, szpFlags64(rl, rh) | cf | (of ? OF : 0));
      break;
    case ShiftKind.Sar:
      rl = sar64(lo, hi, count);
      rh = wide[0]!;
      cf = bit64(lo, hi, count - 1);
      setArithmeticFlags(cpu, szpFlags64(rl, rh) | cf);
      break;
    case ShiftKind.Rol: {
      rl = rotl64(lo, hi, count);
      rh = wide[0]!;
      cf = rl & 1;
      const f = materializeFlags(cpu);
      of = immediate && count !== 1 ? f & OF : ((hi >>> 31) ^ (hi >>> 30)) & 1;
      setArithmeticFlags(cpu, (f & ~(CF | OF)) | cf | (of ? OF : 0));
      break;
    }
    case ShiftKind.Ror: {
      rl = rotl64(lo, hi, 64 - count);
      rh = wide[0]!;
      cf = rh >>> 31;
      const f = materializeFlags(cpu);
      of = immediate && count !== 1 ? f & OF : ((hi >>> 31) ^ lo) & 1;
      setArithmeticFlags(cpu, (f & ~(CF | OF)) | cf | (of ? OF : 0));
      break;
    }
    case ShiftKind.Rcl: {
      const f = materializeFlags(cpu);
      let c = f & CF;
      rl = lo;
      rh = hi;
      for (let i = 0; i < count; i++) {
        const out = rh >>> 31;
        rh = (rh << 1) | (rl >>> 31);
        rl = (rl << 1) | c;
        c = out;
      }
      of = ((hi >>> 31) ^ (hi >>> 30)) & 1;
      setArithmeticFlags(cpu, (f & ~(CF | OF)) | c | (of ? OF : 0));
      break;
    }
    default: {
      const f = materializeFlags(cpu);
      let c = f & CF;
      rl = lo;
      rh = hi;
      of = (rh >>> 31) ^ c;
      for (let i = 0; i < count; i++) {
        const out = rl & 1;
        rl = (rl >>> 1) | (rh << 31);
        rh = (rh >>> 1) | (c << 31);
        c = out;
      }
      setArithmeticFlags(cpu, (f & ~(CF | OF)) | c | (of ? OF : 0));
      break;
    }
  }
  cpu.hi = rh | 0;
  return rl | 0;
}

function bit64(lo: number, hi: number, n: number): number {
  return n < 32 ? (lo >>> n) & 1 : (hi >>> (n - 32)) & 1;
}

// 64-bit shift helpers: return the low word and leave the high word in `wide[0]`. A typed array,
// not a module `let`: a context slot holds tagged values, so every high word above 2^30 stored
// there was a heap-allocated number (a GC source in shift-heavy code such as hash mixing).
const wide = new Int32Array(1);

function shl64(lo: number, hi: number, n: number): number {
  if (n >= 32) {
    wide[0] = lo << (n - 32);
    return 0;
  }
  wide[0] = n === 0 ? hi : (hi << n) | (lo >>> (32 - n));
  return lo << n;
}

function shr64(lo: number, hi: number, n: number): number {
  if (n >= 32) {
    wide[0] = 0;
    return hi >>> (n - 32);
  }
  wide[0] = hi >>> n;
  return n === 0 ? lo : (lo >>> n) | (hi << (32 - n));
}

function sar64(lo: number, hi: number, n: number): number {
  if (n >= 32) {
    wide[0] = hi >> 31;
    return hi >> (n - 32);
  }
  wide[0] = hi >> n;
  return n === 0 ? lo : (lo >>> n) | (hi << (32 - n));
}

function rotl64(lo: number, hi: number, n: number): number {
  n &= 63;
  if (n >= 32) {
    const t = lo;
    lo = hi;
    hi = t;
    n -= 32;
  }
  if (n === 0) {
    wide[0] = hi;
    return lo;
  }
  wide[0] = (hi << n) | (lo >>> (32 - n));
  return (lo << n) | (hi >>> (32 - n));
}

/** Binds a group-2 shift/rotate: operand 0 is shifted by operand 1 (imm8, 1, or cl). */
export function bindShift(inst: Instruction, kind: ShiftKind): Exec {
  const dst = inst.operands[0]!;
  const size = dst.size;
  const source = inst.operands[1]!;
  if ((size === 8 || size === 4) && isRegister(dst) && isImmediate(source)) {
    // The commonest form, a register by a constant count: a closure of exactly what it runs on
    // (binding runs in unoptimised start-up code, where every allocated byte costs: issue 4).
    const count = immediateValue(inst, source, 1) & (size === 8 ? 63 : 31);
    const immediate = source.kind === OperandKind.Immediate;
    return size === 8
      ? shiftRegister64(kind, dst.reg * 2, count, immediate)
      : shiftRegister32(kind, dst.reg * 2, count, immediate);
  }
  return bindShiftGeneral(inst, kind);
}

function shiftRegister64(kind: ShiftKind, d2: number, count: number, immediate: boolean): Exec {
  return (cpu) => {
    const g = cpu.gpr;
    g[d2] = shift64(cpu, kind, g[d2]!, g[d2 + 1]!, count, immediate);
    g[d2 + 1] = cpu.hi;
  };
}

function shiftRegister32(kind: ShiftKind, d2: number, count: number, immediate: boolean): Exec {
  return (cpu) => {
    const g = cpu.gpr;
    g[d2] = shift32(cpu, kind, g[d2]!, count, 32, immediate);
    g[d2 + 1] = 0;
  };
}

function bindShiftGeneral(inst: Instruction, kind: ShiftKind): Exec {
  const dst = inst.operands[0]!;
  const size = dst.size;
  const countMask = size === 8 ? 63 : 31;
  const readCount = bindReader(inst, 1, 1);
  const immediate = inst.operands[1]!.kind === OperandKind.Immediate;
  if (size === 8) {
    if (isRegister(dst)) {
      const d = dst.reg * 2;
      return (cpu) => {
        const g = cpu.gpr;
        g[d] = shift64(cpu, kind, g[d]!, g[d + 1]!, readCount(cpu) & countMask, immediate);
        g[d + 1] = cpu.hi;
      };
    }
    const address = bindAddress(inst);
    return (cpu) => {
      const ea = address(cpu);
      const lo = load64(cpu, ea);
      const r = shift64(cpu, kind, lo, cpu.hi, readCount(cpu) & countMask, immediate);
      store64(cpu, ea, r, cpu.hi);
    };
  }
  const bits = size * 8;
  if (size === 4 && isRegister(dst)) {
    const d = dst.reg * 2;
    return (cpu) => {
      const g = cpu.gpr;
      g[d] = shift32(cpu, kind, g[d]!, readCount(cpu) & countMask, 32, immediate);
      g[d + 1] = 0;
    };
  }
  if (isMemory(dst)) {
    const address = bindAddress(inst);
    return (cpu) => {
      const ea = address(cpu);
      const m = cpu.memory;
      const count = readCount(cpu) & countMask;
      if (size === 1) m.write8(ea, shift32(cpu, kind, m.read8(ea), count, bits, immediate));
      else if (size === 2) m.write16(ea, shift32(cpu, kind, m.read16(ea), count, bits, immediate));
      else m.write32(ea, shift32(cpu, kind, m.read32(ea), count, bits, immediate));
    };
  }
  const read = bindReader(inst, 0, size);
  const write = bindWriter(inst, 0, size);
  return (cpu) => write(cpu, shift32(cpu, kind, read(cpu), readCount(cpu) & countMask, bits, immediate));
}

/** shld/shrd of 16/32-bit values: dst shifted, bits filled from src. */
export function doubleShift32(cpu: Cpu, left: boolean, dst: number, src: number, count: number, bits: number): number {
  if (count === 0) return dst;
  const mask = bits === 32 ? -1 : (1 << bits) - 1;
  let r: number;
  let cf: number;
  if (bits === 16) {
    // Counts above 16 leave the result "undefined"; hardware shifts a 48-bit funnel dst:src:dst.
    const funnel = dst * 4294967296 + src * 65536 + dst;
    const shifted = left ? funnel * 2 ** count : funnel / 2 ** count;
    r = left ? Math.floor(shifted / 4294967296) & 0xffff : Math.floor(shifted) & 0xffff;
    cf = left ? Math.floor(funnel / 2 ** (48 - count)) & 1 : Math.floor(funnel / 2 ** (count - 1)) & 1;
  } else if (left) {
    r = ((dst << count) | (src >>> (32 - count))) & mask;
    cf = (dst >>> (32 - count)) & 1;
  } else {
    r = ((dst >>> count) | (src << (32 - count))) & mask;
    cf = (dst >>> (count - 1)) & 1;
  }
  const msb = bits - 1;
  // OF as a one-bit shift would set it (recorded on this CPU).
  const of = (left ? (dst >>> msb) ^ (dst >>> (msb - 1)) : (dst >>> msb) ^ src) & 1 ? OF : 0;
  setArithmeticFlags(cpu, szpFlags(r, bits) | cf | of);
  return r;
}

/** shld/shrd of 64-bit values: returns lo, hi in cpu.hi. */
export function doubleShift64(
  cpu: Cpu,
  left: boolean,
  dLo: number,
  dHi: number,
  sLo: number,
  sHi: number,
  count: number,
): number {
  cpu.hi = dHi;
  if (count === 0) return dLo;
  let rl: number;
  let rh: number;
  let cf: number;
  if (left) {
    const al = shl64(dLo, dHi, count);
    const ah = wide[0]!;
    rl = al | shr64(sLo, sHi, 64 - count);
    rh = ah | wide[0]!;
    cf = bit64(dLo, dHi, 64 - count);
  } else {
    const al = shr64(dLo, dHi, count);
    const ah = wide[0]!;
    rl = al | shl64(sLo, sHi, 64 - count);
    rh = ah | wide[0]!;
    cf = bit64(dLo, dHi, count - 1);
  }
  const of = (left ? (dHi >>> 31) ^ (dHi >>> 30) : (dHi >>> 31) ^ sLo) & 1 ? OF : 0;
  setArithmeticFlags(cpu, szpFlags64(rl, rh) | cf | of);
  cpu.hi = rh | 0;
  return rl | 0;
}

export function bindDoubleShift(inst: Instruction, left: boolean): Exec {
  const dst = inst.operands[0]!;
  const src = inst.operands[1]!;
  const size = dst.size;
  const countMask = size === 8 ? 63 : 31;
  const readCount = bindReader(inst, 2, 1);
  const s = src.reg * 2;
  if (size === 8) {
    if (isRegister(dst)) {
      const d = dst.reg * 2;
      return (cpu) => {
        const g = cpu.gpr;
        g[d] = doubleShift64(cpu, left, g[d]!, g[d + 1]!, g[s]!, g[s + 1]!, readCount(cpu) & countMask);
        g[d + 1] = cpu.hi;
      };
    }
    const address = bindAddress(inst);
    return (cpu) => {
      const ea = address(cpu);
      const lo = load64(cpu, ea);
      const g = cpu.gpr;
      const r = doubleShift64(cpu, left, lo, cpu.hi, g[s]!, g[s + 1]!, readCount(cpu) & countMask);
      store64(cpu, ea, r, cpu.hi);
    };
  }
  const bits = size * 8;
  const read = bindReader(inst, 0, size);
  const readSrc = bindReader(inst, 1, size);
  if (isMemory(dst)) {
    const address = bindAddress(inst);
    return (cpu) => {
      const ea = address(cpu);
      const m = cpu.memory;
      const count = readCount(cpu) & countMask;
      const v = size === 2 ? m.read16(ea) : m.read32(ea);
      const r = doubleShift32(cpu, left, v, readSrc(cpu), count, bits);
      if (size === 2) m.write16(ea, r);
      else m.write32(ea, r);
    };
  }
  const write = bindWriter(inst, 0, size);
  return (cpu) => write(cpu, doubleShift32(cpu, left, read(cpu), readSrc(cpu), readCount(cpu) & countMask, bits));
}
