// 64-bit results that a JavaScript number cannot carry exactly (RLIM_INFINITY, directory
// offsets that are 63-bit hashes on some file systems): written to rax as two 32-bit halves.
import { Gpr } from '../../cpu/cpu.ts';
import type { CallFrame } from '../abi/call-frame.ts';

/** Sets rax to high:low and returns undefined, which tells the bridge that rax is already set. */
export function returnHalves(f: CallFrame, low: number, high: number): undefined {
  f.cpu.gpr[2 * Gpr.RAX] = low;
  f.cpu.gpr[2 * Gpr.RAX + 1] = high;
  return undefined;
}
