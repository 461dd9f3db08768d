// The arguments and results of one call from guest code into a Miros libc function, read and
// written where the System V x86-64 ABI puts them: integer/pointer arguments in rdi, rsi, rdx,
// rcx, r8, r9 then on the stack above the return address; float/double arguments in xmm0–7;
// results in rax (rdx for the high half), xmm0, or x87 st(0) for long double.
//
// One CallFrame per CPU is reused for every call (no allocation on the call path). The
// implementation reads the arguments it declares by position: `ptr(0)` is the first integer-class
// argument whatever floating arguments come between.
import { type Cpu, Gpr } from '../../cpu/cpu.ts';
import { x87Push } from '../../cpu/x87.ts';
import type { AddressSpace } from '../../memory/address-space.ts';
import type { Float80 } from '../math/float80.ts';

const TWO_32 = 4294967296;
/** Register numbers of the integer argument registers, in order. */
export const INTEGER_ARGUMENT_REGISTERS: readonly number[] = [Gpr.RDI, Gpr.RSI, Gpr.RDX, Gpr.RCX, Gpr.R8, Gpr.R9];

export class CallFrame {
  /** The CPU making the call; set by the bridge before each call. */
  cpu!: Cpu;

  constructor(readonly memory: AddressSpace) {}

  /** rsp at entry: the address of the return address. */
  get sp(): number {
    return this.cpu.getRegister(Gpr.RSP);
  }

  /** Low and high 32-bit halves of integer argument i (registers, then the stack). */
  private low(i: number): number {
    if (i < 6) return this.cpu.gpr[2 * INTEGER_ARGUMENT_REGISTERS[i]!]!;
    return this.memory.read32(this.sp + 8 + 8 * (i - 6));
  }

  private high(i: number): number {
    if (i < 6) return this.cpu.gpr[2 * INTEGER_ARGUMENT_REGISTERS[i]! + 1]!;
    return this.memory.read32(this.sp + 12 + 8 * (i - 6));
  }

  /** Integer argument i as a C int. */
  int(i: number): number {
    return this.low(i) | 0;
  }

  /** Integer argument i as a C unsigned int. */
  uint(i: number): number {
    return this.low(i) >>> 0;
  }

  /** Integer argument i as a signed 64-bit value (exact within ±2^53). */
  long(i: number): number {
    return this.high(i) * TWO_32 + (this.low(i) >>> 0);
  }

  /** Integer argument i as an unsigned 64-bit value (size_t; exact below 2^53). */
  ulong(i: number): number {
    return (this.high(i) >>> 0) * TWO_32 + (this.low(i) >>> 0);
  }

  /** Integer argument i as an exact unsigned 64-bit BigInt (uint64_t values past 2^53). */
  u64(i: number): bigint {
    return (BigInt(this.high(i) >>> 0) << 32n) | BigInt(this.low(i) >>> 0);
  }

  /**
   * Pointer argument i. Guest memory lies below 4 GiB; a pointer beyond it is returned as is (a
   * number >= 2^32) so that using it faults as the real access would.
   */
  ptr(i: number): number {
    const high = this.high(i);
    const low = this.low(i) >>> 0;
    return high === 0 ? low : (high >>> 0) * TWO_32 + low;
  }

  /** Floating argument j (xmm j) as a double. */
  double(j: number): number {
    return this.cpu.xmmF64[2 * j]!;
  }

  /** Floating argument j (xmm j) as a float. */
  float(j: number): number {
    return this.cpu.xmmF32[4 * j]!;
  }

  /** al: the upper bound on vector registers a variadic call used. */
  get vectorCount(): number {
    return this.cpu.gpr[2 * Gpr.RAX]! & 0xff;
  }

  /** Sets rax to a 64-bit value given as a number (negative: two's complement). */
  setRax(value: number): void {
    this.cpu.setRegister(Gpr.RAX, value);
  }

  /** Returns a double in xmm0 (the upper lane is left as is, as compiled code leaves it). */
  returnDouble(value: number): void {
    this.cpu.xmmF64[0] = value;
  }

  /** Returns a float in xmm0. */
  returnFloat(value: number): void {
    this.cpu.xmmF32[0] = value;
  }

  /** Returns a long double in st(0), as x87 code does. */
  returnLongDouble(value: Float80): void {
    x87Push(this.cpu.x87, value.signExponent, value.high, value.low);
  }
}
