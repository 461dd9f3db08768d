// Replays the x87 vectors recorded on real hardware (tests/float-vectors/x87.c) through Miros's
// 80-bit soft-float: results bit for bit, exception flags and condition codes.
import { describe, expect, it } from 'vitest';
import { hex, loadVectors } from './vectors.ts';
import { runX87, X87_RECORD } from './x87-model.ts';

const file = loadVectors('x87.bin.gz');

/**
 * Operations whose hardware results are not always correctly rounded and that Miros does not
 * reproduce bit for bit in every case: the number of mismatching vectors allowed (see the report in
 * tests/float-vectors/README.md). Everything else must match exactly.
 */
const TOLERATED: Record<string, number> = {};

interface Mismatch {
  text: string;
}

/** Record offsets by operation id. */
const byOp: number[][] = file.ops.map(() => []);
for (let i = 0; i < file.count; i++) byOp[file.data[i * file.recordSize]!]!.push(i * file.recordSize);

function sameBytes(a: Uint8Array, b: Uint8Array, offset: number): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[offset + i]) return false;
  return true;
}

function replay(name: string): { total: number; mismatches: Mismatch[] } {
  const mismatches: Mismatch[] = [];
  let total = 0;
  for (const offset of byOp[file.ops.indexOf(name)]!) {
    const rec = file.data.subarray(offset, offset + file.recordSize);
    const out = runX87(name, rec);
    if (!out) throw new Error(`no model for ${name}`);
    total++;
    const sw = rec.readUInt16LE(X87_RECORD.sw);
    const problems: string[] = [];
    if ((sw & out.swMask) !== (out.sw & out.swMask)) {
      problems.push(`sw ${(sw & out.swMask).toString(16)} != ${(out.sw & out.swMask).toString(16)}`);
    }
    if (out.r0 && !sameBytes(out.r0, rec, X87_RECORD.r0)) {
      problems.push(`r0 ${hex(rec, X87_RECORD.r0, 10)} != ${hex(out.r0, 0, 10)}`);
    }
    if (out.r1 && !sameBytes(out.r1, rec, X87_RECORD.r1)) {
      problems.push(`r1 ${hex(rec, X87_RECORD.r1, 10)} != ${hex(out.r1, 0, 10)}`);
    }
    if (name.endsWith('comi') && out.eflags !== rec[X87_RECORD.eflags]) {
      problems.push(`eflags ${rec[X87_RECORD.eflags]} != ${out.eflags}`);
    }
    if (problems.length > 0) {
      mismatches.push({
        text: `${name} cw=${rec.readUInt16LE(X87_RECORD.cw).toString(16)} a=${hex(rec, X87_RECORD.a, 10)} b=${hex(rec, X87_RECORD.b, 10)}: hardware vs miros ${problems.join(', ')}`,
      });
    }
  }
  return { total, mismatches };
}

describe('x87 soft-float against recorded hardware vectors', () => {
  for (const name of file.ops) {
    const first = byOp[file.ops.indexOf(name)]![0]!;
    const modelled = runX87(name, file.data.subarray(first, first + file.recordSize)) !== undefined;
    (modelled ? it : it.skip)(name, () => {
      const { total, mismatches } = replay(name);
      expect(total).toBeGreaterThan(0);
      const allowed = TOLERATED[name] ?? 0;
      if (mismatches.length > allowed) {
        expect.fail(
          `${mismatches.length}/${total} mismatches (allowed ${allowed}):\n${mismatches
            .slice(0, 10)
            .map((m) => m.text)
            .join('\n')}`,
        );
      }
    });
  }
});
