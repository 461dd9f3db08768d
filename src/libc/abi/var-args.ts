// Variadic arguments for the printf/scanf engines (src/libc/stdio/format/format-io.ts VarArgs):
// from a call's registers and stack (printf), or from a va_list in guest memory (vprintf).
//
// The System V va_list: { u32 gp_offset; u32 fp_offset; void *overflow_arg_area; void
// *reg_save_area }. INTEGER-class arguments come from the register save area while gp_offset < 48,
// doubles while fp_offset < 176 (16 bytes per xmm), everything else (and long doubles always, 16
// aligned) from the overflow area in order.
import type { AddressSpace } from '../../memory/address-space.ts';
import { type Float80, readFloat80 } from '../math/float80.ts';
import type { VarArgs } from '../stdio/format/format-io.ts';
import { type CallFrame, INTEGER_ARGUMENT_REGISTERS } from './call-frame.ts';

/** The variadic part of a call: integer arguments after `fixedIntegers`, doubles after `fixedFloats`. */
export class RegisterVarArgs implements VarArgs {
  private gp = 0;
  private fp = 0;
  private overflow = 0;
  private frame!: CallFrame;
  private fixedIntegers = 0;
  private fixedFloats = 0;

  /** Starts reading the variadic arguments of the call in `frame`. */
  start(frame: CallFrame, fixedIntegers: number, fixedFloats = 0): this {
    this.frame = frame;
    this.fixedIntegers = fixedIntegers;
    this.fixedFloats = fixedFloats;
    this.rewind();
    return this;
  }

  rewind(): void {
    this.gp = this.fixedIntegers;
    this.fp = this.fixedFloats;
    // Stack arguments start above the return address; fixed integers beyond six took slots there.
    this.overflow = this.frame.sp + 8 + 8 * Math.max(0, this.fixedIntegers - 6);
  }

  nextInteger(words: Uint32Array): void {
    const cpu = this.frame.cpu;
    if (this.gp < 6) {
      const r = INTEGER_ARGUMENT_REGISTERS[this.gp++]!;
      words[0] = cpu.gpr[2 * r]!;
      words[1] = cpu.gpr[2 * r + 1]!;
      return;
    }
    const memory = this.frame.memory;
    words[0] = memory.read32(this.overflow);
    words[1] = memory.read32(this.overflow + 4);
    this.overflow += 8;
  }

  nextDouble(): number {
    if (this.fp < 8) return this.frame.cpu.xmmF64[2 * this.fp++]!;
    const memory = this.frame.memory;
    memory.read32(this.overflow); // fault check
    const value = memory.view.getFloat64(this.overflow, true);
    this.overflow += 8;
    return value;
  }

  nextLongDouble(): Float80 {
    const memory = this.frame.memory;
    this.overflow = Math.ceil(this.overflow / 16) * 16;
    memory.read32(this.overflow + 8);
    const value = readFloat80(memory.view, this.overflow);
    this.overflow += 16;
    return value;
  }
}

/**
 * The variadic arguments of a call as they were at its entry, copied from the registers: for a
 * host function that reads them again after guest code has run (a scanf that waited, which
 * scans again from the start), when the argument registers no longer hold them.
 */
export class SavedRegisterArgs implements VarArgs {
  private readonly integers: Uint32Array;
  private readonly doubles: Float64Array;
  private readonly stackArguments: number;
  private gp = 0;
  private fp = 0;
  private overflow = 0;

  constructor(
    frame: CallFrame,
    private readonly memory: AddressSpace,
    private readonly fixedIntegers: number,
    private readonly fixedFloats = 0,
  ) {
    const cpu = frame.cpu;
    this.integers = new Uint32Array(12);
    INTEGER_ARGUMENT_REGISTERS.forEach((r, i) => {
      this.integers[2 * i] = cpu.gpr[2 * r]!;
      this.integers[2 * i + 1] = cpu.gpr[2 * r + 1]!;
    });
    this.doubles = new Float64Array(8);
    for (let i = 0; i < 8; i++) this.doubles[i] = cpu.xmmF64[2 * i]!;
    this.stackArguments = frame.sp + 8 + 8 * Math.max(0, fixedIntegers - 6);
    this.rewind();
  }

  rewind(): void {
    this.gp = this.fixedIntegers;
    this.fp = this.fixedFloats;
    this.overflow = this.stackArguments;
  }

  nextInteger(words: Uint32Array): void {
    if (this.gp < 6) {
      words[0] = this.integers[2 * this.gp]!;
      words[1] = this.integers[2 * this.gp + 1]!;
      this.gp++;
      return;
    }
    words[0] = this.memory.read32(this.overflow);
    words[1] = this.memory.read32(this.overflow + 4);
    this.overflow += 8;
  }

  nextDouble(): number {
    if (this.fp < 8) return this.doubles[this.fp++]!;
    this.memory.read32(this.overflow); // fault check
    const value = this.memory.view.getFloat64(this.overflow, true);
    this.overflow += 8;
    return value;
  }

  nextLongDouble(): Float80 {
    this.overflow = Math.ceil(this.overflow / 16) * 16;
    this.memory.read32(this.overflow + 8);
    const value = readFloat80(this.memory.view, this.overflow);
    this.overflow += 16;
    return value;
  }
}

/** A va_list in guest memory (vprintf and friends). The guest's va_list is not advanced. */
export class VaListArgs implements VarArgs {
  private gpOffset = 0;
  private fpOffset = 0;
  private overflow = 0;
  private saveArea = 0;
  private address = 0;

  constructor(private readonly memory: AddressSpace) {}

  start(vaList: number): this {
    this.address = vaList;
    this.rewind();
    return this;
  }

  rewind(): void {
    const memory = this.memory;
    const a = this.address;
    this.gpOffset = memory.read32(a) >>> 0;
    this.fpOffset = memory.read32(a + 4) >>> 0;
    this.overflow = memory.read32(a + 8) >>> 0;
    this.saveArea = memory.read32(a + 16) >>> 0;
  }

  nextInteger(words: Uint32Array): void {
    const memory = this.memory;
    let at: number;
    if (this.gpOffset < 48) {
      at = this.saveArea + this.gpOffset;
      this.gpOffset += 8;
    } else {
      at = this.overflow;
      this.overflow += 8;
    }
    words[0] = memory.read32(at);
    words[1] = memory.read32(at + 4);
  }

  nextDouble(): number {
    let at: number;
    if (this.fpOffset < 176) {
      at = this.saveArea + this.fpOffset;
      this.fpOffset += 16;
    } else {
      at = this.overflow;
      this.overflow += 8;
    }
    this.memory.read32(at);
    return this.memory.view.getFloat64(at, true);
  }

  nextLongDouble(): Float80 {
    this.overflow = Math.ceil(this.overflow / 16) * 16;
    this.memory.read32(this.overflow + 8);
    const value = readFloat80(this.memory.view, this.overflow);
    this.overflow += 16;
    return value;
  }
}
