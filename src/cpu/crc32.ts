// SSE4.2 CRC32: accumulates the CRC-32C (Castagnoli, reflected polynomial 0x82F63B78) of the source
// operand's bytes, least significant first, into the low 32 bits of the destination (no initial or
// final inversion: software does those). A 64-bit destination receives the result zero-extended.
// Flags are unchanged.

import { Code } from '../x86/codes.ts';
import type { Instruction } from '../x86/instruction.ts';
import type { Cpu } from './cpu.ts';
import { bindReader, bindReader64 } from './operands.ts';
import type { Exec, HandlerRegistry } from './registry.ts';

const POLYNOMIAL = 0x82f63b78;

/** CRC of one byte value with a zero register: the usual byte-at-a-time table. */
const TABLE = (() => {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ POLYNOMIAL : c >>> 1;
    table[n] = c;
  }
  return table;
})();

/** Folds `bytes` bytes of `value` (least significant first) into `crc`. */
export function crc32cUpdate(crc: number, value: number, bytes: number): number {
  let c = crc;
  let v = value;
  for (let i = 0; i < bytes; i++) {
    c = TABLE[(c ^ v) & 0xff]! ^ (c >>> 8);
    v >>>= 8;
  }
  return c;
}

function bindCrc32(inst: Instruction): Exec {
  const dst = inst.operands[0]!;
  const src = inst.operands[1]!;
  const d = dst.reg * 2;
  const size = src.size;
  const finish = (cpu: Cpu, crc: number) => {
    cpu.gpr[d] = crc;
    cpu.gpr[d + 1] = 0;
  };
  if (size === 8) {
    const read = bindReader64(inst, 1);
    return (cpu) => {
      const lo = read(cpu);
      finish(cpu, crc32cUpdate(crc32cUpdate(cpu.gpr[d]!, lo, 4), cpu.hi, 4));
    };
  }
  const read = bindReader(inst, 1, size);
  return (cpu) => finish(cpu, crc32cUpdate(cpu.gpr[d]!, read(cpu), size));
}

export function registerCrc32(r: HandlerRegistry): void {
  r.define(Code.CRC32, bindCrc32);
}
