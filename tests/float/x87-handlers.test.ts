// Replays a sample of the recorded x87 vectors through the real CPU: each instruction is decoded
// and executed by the x87 handlers (src/cpu/x87.ts) with ST(0) = a, ST(1) = b and the recorded
// control word, and the stack, memory results, status word and EFLAGS are compared with the
// hardware's.
import { describe, expect, it } from 'vitest';
import { Cpu } from '../../src/cpu/cpu.ts';
import { handlers, registerFamily } from '../../src/cpu/instruction-set.ts';
import { registerX87 } from '../../src/cpu/x87.ts';
import { AddressSpace } from '../../src/memory/address-space.ts';
import { Code } from '../../src/x86/codes.ts';
import { hex, loadVectors } from './vectors.ts';
import { X87_ENCODINGS } from './x87-encodings.ts';
import { runX87, X87_RECORD } from './x87-model.ts';

if (!handlers.has(Code.FADD)) registerFamily(registerX87);

const file = loadVectors('x87.bin.gz');
const byOp: number[][] = file.ops.map(() => []);
for (let i = 0; i < file.count; i++) byOp[file.data[i * file.recordSize]!]!.push(i * file.recordSize);

const CODE = 0x10000;
const DATA = 0x20000;
const memory = new AddressSpace();
memory.map(CODE, 0x10000, 5);
memory.map(DATA, 0x1000, 3);
const cpu = new Cpu(memory, {
  syscall() {
    throw new Error('no system calls here');
  },
});
const placed = new Map<string, number>();
file.ops.forEach((name, i) => {
  const bytes = Uint8Array.from(X87_ENCODINGS[name]!.match(/../g)!.map((b) => Number.parseInt(b, 16)));
  memory.poke(CODE + i * 16, bytes);
  placed.set(name, CODE + i * 16);
});

/** Operations whose results are not bit-exact in every case (see x87-vectors.test.ts). */
const INEXACT = new Set(['fsin', 'fcos', 'fsincos', 'fptan', 'fpatan', 'f2xm1', 'fyl2x', 'fyl2xp1']);
/** Sample: every 5th record (every 25th of the slow transcendentals). */
const SAMPLE = 5;

function stackValue(index: number): string {
  const x = cpu.x87;
  const r = (x.top + index) & 7;
  const out = new Uint8Array(10);
  const v = new DataView(out.buffer);
  v.setUint32(0, x.lo[r]!, true);
  v.setUint32(4, x.hi[r]!, true);
  v.setUint16(8, x.se[r]!, true);
  return hex(out, 0, 10);
}

describe('x87 handlers on the CPU against recorded hardware vectors', () => {
  for (const name of file.ops) {
    if (INEXACT.has(name)) continue;
    it(name, () => {
      const failures: string[] = [];
      const offsets = byOp[file.ops.indexOf(name)]!;
      const isLoad = /^(fld\d|fild|fbld)/.test(name);
      const isStore = /^(fst\d|fist|fbstp)/.test(name);
      for (let k = 0; k < offsets.length; k += SAMPLE) {
        const rec = file.data.subarray(offsets[k]!, offsets[k]! + file.recordSize);
        const model = runX87(name, rec)!;
        const x = cpu.x87;
        x.reset();
        x.setControl(rec.readUInt16LE(X87_RECORD.cw));
        const put = (offset: number) => {
          x.top = (x.top - 1) & 7;
          x.lo[x.top] = rec.readUInt32LE(offset);
          x.hi[x.top] = rec.readUInt32LE(offset + 4);
          x.se[x.top] = rec.readUInt16LE(offset + 8);
          x.empty &= ~(1 << x.top);
        };
        if (isLoad) memory.poke(DATA, rec.subarray(X87_RECORD.a, X87_RECORD.a + 10));
        else {
          if (!isStore) put(X87_RECORD.b);
          put(X87_RECORD.a);
          memory.poke(DATA, new Uint8Array(10).fill(0xaa));
        }
        cpu.rip = placed.get(name)!;
        cpu.run(1);
        const problems: string[] = [];
        const sw = rec.readUInt16LE(X87_RECORD.sw);
        if ((x.statusWord() & model.swMask) !== (sw & model.swMask)) {
          problems.push(`sw ${(sw & model.swMask).toString(16)} != ${(x.statusWord() & model.swMask).toString(16)}`);
        }
        if (model.r0) {
          const got = isStore ? hex(memory.readBytes(DATA, 10), 0, 10) : stackValue(0);
          if (got !== hex(rec, X87_RECORD.r0, 10)) problems.push(`r0 ${hex(rec, X87_RECORD.r0, 10)} != ${got}`);
        }
        if (model.r1 && stackValue(1) !== hex(rec, X87_RECORD.r1, 10)) {
          problems.push(`r1 ${hex(rec, X87_RECORD.r1, 10)} != ${stackValue(1)}`);
        }
        if (name.endsWith('comi') && (cpu.rflags & 0x45) !== rec[X87_RECORD.eflags]) {
          problems.push(`eflags ${rec[X87_RECORD.eflags]} != ${cpu.rflags & 0x45}`);
        }
        if (problems.length > 0 && failures.length < 10) {
          failures.push(
            `${name} cw=${rec.readUInt16LE(X87_RECORD.cw).toString(16)} a=${hex(rec, X87_RECORD.a, 10)} b=${hex(rec, X87_RECORD.b, 10)}: ${problems.join(', ')}`,
          );
        }
      }
      if (failures.length > 0) expect.fail(failures.join('\n'));
    });
  }
});
