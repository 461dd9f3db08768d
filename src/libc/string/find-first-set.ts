// ffs, ffsl, ffsll (<strings.h>, <string.h>): the position of the lowest set bit, from 1; 0 for 0.
import type { FunctionTable } from '../exports/binding-types.ts';

function lowestSetBit(value: bigint): number {
  if (value === 0n) return 0;
  let position = 1;
  let rest = value;
  while ((rest & 1n) === 0n) {
    rest >>= 1n;
    position++;
  }
  return position;
}

export const FIND_FIRST_SET_FUNCTIONS: FunctionTable = {
  ffs: (f) => lowestSetBit(BigInt(f.uint(0))),
  __ffs: (f) => lowestSetBit(BigInt(f.uint(0))),
  ffsl: (f) => lowestSetBit(f.u64(0)),
  ffsll: (f) => lowestSetBit(f.u64(0)),
};
