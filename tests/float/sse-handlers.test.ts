// Replays a sample of the recorded SSE vectors through the real CPU: the instruction is decoded
// and executed by the SSE-float handlers (src/cpu/sse-float.ts) on a Cpu, and the registers,
// MXCSR and EFLAGS are compared with what the hardware produced.
import { describe, expect, it } from 'vitest';
import { Cpu } from '../../src/cpu/cpu.ts';
import { handlers, registerFamily } from '../../src/cpu/instruction-set.ts';
import { registerSseFloat } from '../../src/cpu/sse-float.ts';
import { AddressSpace } from '../../src/memory/address-space.ts';
import { Code } from '../../src/x86/codes.ts';
import { SSE_ENCODINGS } from './sse-encodings.ts';
import { SSE_RECORD } from './sse-model.ts';
import { hex, loadVectors } from './vectors.ts';

if (!handlers.has(Code.ADDSS)) registerFamily(registerSseFloat);

const file = loadVectors('sse.bin.gz');
const byOp: number[][] = file.ops.map(() => []);
for (let i = 0; i < file.count; i++) byOp[file.data[i * file.recordSize]!]!.push(i * file.recordSize);

const CODE = 0x10000;
const memory = new AddressSpace();
memory.map(CODE, 0x10000, 5);
const cpu = new Cpu(memory, {
  syscall() {
    throw new Error('no system calls here');
  },
});
/** Where each operation's instruction is placed (16 bytes apart). */
const placed = new Map<string, number>();
file.ops.forEach((name, i) => {
  const hexBytes = SSE_ENCODINGS[name]!;
  const bytes = Uint8Array.from(hexBytes.match(/../g)!.map((b) => Number.parseInt(b, 16)));
  memory.poke(CODE + i * 16, bytes);
  placed.set(name, CODE + i * 16);
});

/** Sample: every third record of each operation (the semantic replay covers all of them). */
const SAMPLE = 3;

describe('SSE-float handlers on the CPU against recorded hardware vectors', () => {
  for (const name of file.ops) {
    it(name, () => {
      const x = cpu.xmm;
      const bytes = cpu.xmmU8;
      const failures: string[] = [];
      const intResult = name.includes('2si');
      const intSource = name.startsWith('cvtsi2');
      const comi = name.includes('comis');
      const resultReg = name.startsWith('blendv') ? 1 : 0;
      const offsets = byOp[file.ops.indexOf(name)]!;
      for (let k = 0; k < offsets.length; k += SAMPLE) {
        const rec = file.data.subarray(offsets[k]!, offsets[k]! + file.recordSize);
        bytes.set(rec.subarray(SSE_RECORD.a, SSE_RECORD.a + 16), 0);
        bytes.set(rec.subarray(SSE_RECORD.b, SSE_RECORD.b + 16), 16);
        bytes.set(rec.subarray(SSE_RECORD.c, SSE_RECORD.c + 16), 32);
        cpu.mxcsr = rec.readUInt16LE(SSE_RECORD.mxcsrIn);
        if (intSource) {
          cpu.gpr[2] = x[4]!;
          cpu.gpr[3] = x[5]!;
        }
        cpu.gpr[0] = 0xaaaaaaaa | 0;
        cpu.gpr[1] = 0xaaaaaaaa | 0;
        cpu.rip = placed.get(name)!;
        cpu.run(1);
        const mxcsr = rec.readUInt16LE(SSE_RECORD.mxcsrOut);
        let got: string;
        let want: string;
        if (intResult) {
          got = (cpu.gpr[1]! >>> 0).toString(16).padStart(8, '0') + (cpu.gpr[0]! >>> 0).toString(16).padStart(8, '0');
          want = hex(rec, SSE_RECORD.r, 8);
        } else if (comi) {
          got = (cpu.rflags & 0x8d5).toString(16);
          want = rec[SSE_RECORD.eflags]!.toString(16);
        } else {
          got = hex(bytes, resultReg * 16, 16);
          want = hex(rec, SSE_RECORD.r, 16);
        }
        if ((got !== want || mxcsr !== cpu.mxcsr) && failures.length < 10) {
          failures.push(
            `${name} mxcsr=${rec.readUInt16LE(SSE_RECORD.mxcsrIn).toString(16)} a=${hex(rec, SSE_RECORD.a, 16)} b=${hex(rec, SSE_RECORD.b, 16)}: hardware ${want} mxcsr=${mxcsr.toString(16)}, miros ${got} mxcsr=${cpu.mxcsr.toString(16)}`,
          );
        }
      }
      if (failures.length > 0) expect.fail(failures.join('\n'));
    });
  }
});
