// The x87 unit's architectural state: eight 80-bit physical registers R0–R7 addressed as a stack
// ST(i) = R((TOP + i) mod 8), the control word, the status word, and which registers are empty
// (the tag word's "empty" state; the other tag classes are derived from the contents when FNSTENV,
// FNSAVE or FXSAVE need them). Arithmetic is done by `math` (src/float), which also carries the
// rounding and precision controls decoded from the control word.

import { EXP_BIAS, Format } from '../float/soft-float.ts';
import { X87Transcendental } from '../float/x87-transcendental.ts';

/** Status-word bits. */
export const SW_IE = 0x1;
export const SW_SF = 0x40;
export const SW_ES = 0x80;
export const SW_C0 = 0x100;
export const SW_C1 = 0x200;
export const SW_C2 = 0x400;
export const SW_C3 = 0x4000;
export const SW_BUSY = 0x8000;
export const SW_TOP_SHIFT = 11;
export const SW_CONDITION = SW_C0 | SW_C1 | SW_C2 | SW_C3;

/** Control word after FNINIT: all exceptions masked, 64-bit precision, round to nearest. */
export const CW_DEFAULT = 0x037f;

const PRECISION_FORMAT = [Format.Extended24, Format.Extended24, Format.Extended53, Format.Extended64];

/** Tag classes of the full tag word (FNSTENV/FNSAVE). */
export const TAG_VALID = 0;
export const TAG_ZERO = 1;
export const TAG_SPECIAL = 2;
export const TAG_EMPTY = 3;

export class X87State {
  /** Physical registers: sign+exponent word, significand high and low words. */
  readonly se = new Uint16Array(8);
  readonly hi = new Uint32Array(8);
  readonly lo = new Uint32Array(8);
  /** Bit i set: physical register i is empty. */
  empty = 0xff;
  /** Index of the physical register that is ST(0). */
  top = 0;
  /** The control word (exception masks, precision and rounding control). */
  control = CW_DEFAULT;
  /** The status word without TOP (bits 11–13 are kept in `top`). */
  status = 0;
  /** Last FPU opcode, instruction and data pointers (FNSTENV/FXSAVE); Miros keeps them zero. */
  lastOpcode = 0;
  /** Precision control decoded from the control word: the rounding format of FADD…FSQRT. */
  format: Format = Format.Extended64;
  readonly math = new X87Transcendental();

  constructor() {
    this.setControl(CW_DEFAULT);
  }

  /** FNINIT. */
  reset(): void {
    this.setControl(CW_DEFAULT);
    this.status = 0;
    this.top = 0;
    this.empty = 0xff;
    this.lastOpcode = 0;
  }

  setControl(value: number): void {
    // Bit 6 reads as 1; bits 13–15 as 0 (the infinity control bit 12 is kept but ignored).
    this.control = (value & 0x1f7f) | 0x40;
    this.format = PRECISION_FORMAT[(value >> 8) & 3]!;
    this.math.rounding = (value >> 10) & 3;
  }

  /** The status word with TOP. */
  statusWord(): number {
    return (this.status & ~(7 << SW_TOP_SHIFT)) | (this.top << SW_TOP_SHIFT);
  }

  setStatusWord(value: number): void {
    this.top = (value >> SW_TOP_SHIFT) & 7;
    this.status = value & ~(7 << SW_TOP_SHIFT) & 0xffff;
  }

  /** Physical register of ST(i). */
  physical(i: number): number {
    return (this.top + i) & 7;
  }

  /** Full tag class of physical register r. */
  tagOf(r: number): number {
    if ((this.empty >> r) & 1) return TAG_EMPTY;
    const exp = this.se[r]! & 0x7fff;
    const hi = this.hi[r]!;
    if (exp === 0) return (hi | this.lo[r]!) === 0 ? TAG_ZERO : TAG_SPECIAL;
    if (exp === 0x7fff || (hi & 0x80000000) === 0) return TAG_SPECIAL;
    return TAG_VALID;
  }

  /** The 16-bit tag word, two bits per physical register. */
  tagWord(): number {
    let tw = 0;
    for (let r = 0; r < 8; r++) tw |= this.tagOf(r) << (2 * r);
    return tw;
  }

  /** Sets the empty bits from a full tag word (only "empty" matters; the rest is recomputed). */
  setTagWord(tw: number): void {
    let empty = 0;
    for (let r = 0; r < 8; r++) if (((tw >> (2 * r)) & 3) === TAG_EMPTY) empty |= 1 << r;
    this.empty = empty;
  }

  /** ST(i) as a JavaScript number (for diagnostics and crash reports; not exact). */
  valueOf(i: number): number {
    const r = this.physical(i);
    if ((this.empty >> r) & 1) return Number.NaN;
    const se = this.se[r]!;
    const exp = se & 0x7fff;
    const mantissa = this.hi[r]! * 2 ** -31 + this.lo[r]! * 2 ** -63;
    const value =
      exp === 0x7fff
        ? mantissa === 1
          ? Number.POSITIVE_INFINITY
          : Number.NaN
        : mantissa * 2 ** ((exp || 1) - EXP_BIAS);
    return se & 0x8000 ? -value : value;
  }
}
