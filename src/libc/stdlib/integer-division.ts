// div, ldiv, lldiv, imaxdiv: quotient truncated toward zero and remainder with the dividend's sign,
// as C's / and %. The results are structs returned in registers as the SysV ABI does: div_t
// (8 bytes) packed in rax (quot low, rem high), the 16-byte ldiv_t/lldiv_t/imaxdiv_t in rax:rdx.
// glibc computes them with idiv, which traps (#DE) on a zero divisor and on the one quotient that
// overflows (INT_MIN / -1, LONG_MIN / -1): the process gets SIGFPE with si_code FPE_INTDIV, here
// at the call into libc, as natively at the idiv inside it.
import { Gpr } from '../../cpu/cpu.ts';
import { FPE_INTDIV, GuestFault, SIGFPE } from '../../cpu/guest-fault.ts';
import { type CallFrame, INTEGER_ARGUMENT_REGISTERS } from '../abi/call-frame.ts';
import type { FunctionTable } from '../exports/binding-types.ts';
import { returnHalves } from '../unistd/wide-result.ts';

function trap(name: string): never {
  throw new GuestFault(SIGFPE, FPE_INTDIV, null, `${name}: integer division overflow or by zero`);
}

function div(f: CallFrame): undefined {
  const numerator = f.int(0);
  const denominator = f.int(1);
  if (denominator === 0 || (numerator === -2147483648 && denominator === -1)) trap('div');
  const quotient = Math.trunc(numerator / denominator);
  return returnHalves(f, quotient | 0, (numerator - quotient * denominator) | 0);
}

/** Integer argument i as an exact signed 64-bit BigInt. */
function signed64(f: CallFrame, i: number): bigint {
  const register = 2 * INTEGER_ARGUMENT_REGISTERS[i]!;
  return BigInt.asIntN(64, (BigInt(f.cpu.gpr[register + 1]! >>> 0) << 32n) | BigInt(f.cpu.gpr[register]! >>> 0));
}

function setRegister64(f: CallFrame, register: number, value: bigint): void {
  const bits = BigInt.asUintN(64, value);
  f.cpu.gpr[2 * register] = Number(bits & 0xffffffffn) | 0;
  f.cpu.gpr[2 * register + 1] = Number(bits >> 32n) | 0;
}

function longDivision(f: CallFrame, name: string): undefined {
  const numerator = signed64(f, 0);
  const denominator = signed64(f, 1);
  if (denominator === 0n || (numerator === -(1n << 63n) && denominator === -1n)) trap(name);
  setRegister64(f, Gpr.RAX, numerator / denominator);
  setRegister64(f, Gpr.RDX, numerator % denominator);
  return undefined;
}

export const INTEGER_DIVISION_FUNCTIONS: FunctionTable = {
  div: (f) => div(f),
  ldiv: (f) => longDivision(f, 'ldiv'),
  lldiv: (f) => longDivision(f, 'lldiv'),
  imaxdiv: (f) => longDivision(f, 'imaxdiv'),
};
