// Replays the x87 vectors recorded on real hardware (tests/float-vectors/x87.c) through Miros's
// 80-bit soft-float: results bit for bit, exception flags and condition codes.
import { describe, expect, it } from 'vitest';
import { hex, loadVectors } from './vectors.ts';
import { runX87, X87_RECORD } from './x87-model.ts';

const file = loadVectors('x87.bin.gz');

/**
 * The transcendental instructions (FSIN … FYL2XP1) are replayed by x87-transcendental-vectors.test.ts,
 * with their residual last-bit differences listed vector by vector.
 */
const TRANSCENDENTALS = new Set(['fsin', 'fcos', 'fsincos', 'fptan', 'fpatan', 'f2xm1', 'fyl2x', 'fyl2xp1']);

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
  const offsets = byOp[file.ops.indexOf(name)]!;
  for (let k = 0; k < offsets.length; k++) {
    const offset = offsets[k]!;
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
    if (TRANSCENDENTALS.has(name)) continue;
    it(name, () => {
      const { total, mismatches } = replay(name);
      expect(total).toBeGreaterThan(0);
      if (mismatches.length > 0) {
        expect.fail(
          `${mismatches.length}/${total} mismatches:\n${mismatches
            .slice(0, 10)
            .map((m) => m.text)
            .join('\n')}`,
        );
      }
    });
  }
});
