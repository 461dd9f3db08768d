// Bindings for the double functions whose every path turns a signaling NaN argument into
// "x + y" (or "x + x"): the quieted NaN with invalid raised, whatever the other argument. A
// JavaScript number does not reliably keep a NaN's quiet bit, so the functions themselves cannot
// tell; the binding looks at the argument registers' bits before calling them.
import type { Cpu } from '../../cpu/cpu.ts';
import type { LibcFunction } from '../exports/binding-types.ts';
import { type Binary, begin, finish, returnNaN, type Unary } from './math-binding.ts';

/** Whether one of the first `operands` xmm arguments holds a signaling NaN. */
export function hasSignalingNaN(cpu: Cpu, operands: number): boolean {
  const lanes = cpu.xmmU32;
  for (let i = 0; i < operands; i++) {
    const hi = lanes[4 * i + 1]!;
    const lo = lanes[4 * i]!;
    const magnitude = hi & 0x7fffffff;
    if (magnitude >= 0x7ff00000 && (magnitude > 0x7ff00000 || lo !== 0) && (hi & 0x80000) === 0) return true;
  }
  return false;
}

export function doubleUnaryQuietingSignaling(name: string, fn: Unary): LibcFunction {
  return (f, libc) => {
    begin(f.cpu);
    const r = hasSignalingNaN(f.cpu, 1) ? Number.NaN : fn(f.double(0));
    if (Number.isNaN(r)) returnNaN(f.cpu, false, 1);
    else f.returnDouble(r);
    finish(f, libc, r, name);
    return undefined;
  };
}

export function doubleBinaryQuietingSignaling(name: string, fn: Binary): LibcFunction {
  return (f, libc) => {
    begin(f.cpu);
    const r = hasSignalingNaN(f.cpu, 2) ? Number.NaN : fn(f.double(0), f.double(1));
    if (Number.isNaN(r)) returnNaN(f.cpu, false, 2);
    else f.returnDouble(r);
    finish(f, libc, r, name);
    return undefined;
  };
}
