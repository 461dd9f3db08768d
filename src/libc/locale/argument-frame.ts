// A CallFrame stand-in carrying chosen integer arguments, for calling another part's exported
// function with arguments this part computed (wcsftime → strftime on a narrow copy). Only the
// integer accessors are provided; the called function must not read floating arguments.
import type { CallFrame } from '../abi/call-frame.ts';

const TWO_32 = 4294967296;

export function argumentFrame(args: readonly number[]): CallFrame {
  const at = (i: number): number => args[i] ?? 0;
  const frame = {
    int: (i: number) => at(i) | 0,
    uint: (i: number) => at(i) >>> 0,
    long: (i: number) => at(i),
    ulong: (i: number) => (at(i) < 0 ? at(i) + TWO_32 * TWO_32 : at(i)),
    ptr: (i: number) => at(i),
  };
  return frame as unknown as CallFrame;
}
