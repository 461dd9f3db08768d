// Replays the SSE vectors recorded on real hardware (tests/float-vectors/sse.c) through Miros's
// SSE semantics (src/float/sse-math.ts): result bits, MXCSR flags and comis/ucomis EFLAGS, under
// every rounding mode with DAZ/FTZ.
import { describe, expect, it } from 'vitest';
import { runSse, SSE_RECORD } from './sse-model.ts';
import { hex, loadVectors } from './vectors.ts';

const file = loadVectors('sse.bin.gz');
const byOp: number[][] = file.ops.map(() => []);
for (let i = 0; i < file.count; i++) byOp[file.data[i * file.recordSize]!]!.push(i * file.recordSize);

describe('SSE float semantics against recorded hardware vectors', () => {
  for (const name of file.ops) {
    it(name, () => {
      const offsets = byOp[file.ops.indexOf(name)]!;
      expect(offsets.length).toBeGreaterThan(0);
      const failures: string[] = [];
      const size = name.includes('2si') ? 8 : 16;
      for (const offset of offsets) {
        const rec = file.data.subarray(offset, offset + file.recordSize);
        const out = runSse(name, rec);
        if (!out) throw new Error(`no model for ${name}`);
        const mxcsr = rec.readUInt16LE(SSE_RECORD.mxcsrOut);
        let ok = mxcsr === out.mxcsr;
        for (let i = 0; i < size; i++) if (out.r[i] !== rec[SSE_RECORD.r + i]) ok = false;
        if (out.eflags >= 0 && out.eflags !== rec[SSE_RECORD.eflags]) ok = false;
        if (!ok && failures.length < 10) {
          failures.push(
            `${name} mxcsr=${rec.readUInt16LE(SSE_RECORD.mxcsrIn).toString(16)} a=${hex(rec, SSE_RECORD.a, 16)} b=${hex(rec, SSE_RECORD.b, 16)}: hardware r=${hex(rec, SSE_RECORD.r, size)} mxcsr=${mxcsr.toString(16)} eflags=${rec[SSE_RECORD.eflags]}, miros r=${hex(out.r, 0, size)} mxcsr=${out.mxcsr.toString(16)} eflags=${out.eflags}`,
          );
        }
      }
      if (failures.length > 0) expect.fail(failures.join('\n'));
    });
  }
});
