// Replays the x87 vectors recorded on real hardware (tests/float-vectors/x87.c) through Miros's
// 80-bit soft-float: results bit for bit, exception flags and condition codes.
import { describe, expect, it } from 'vitest';
import { hex, loadVectors } from './vectors.ts';
import { runX87, X87_RECORD } from './x87-model.ts';

const file = loadVectors('x87.bin.gz');

/**
 * The transcendental instructions (FSIN … FYL2XP1): the hardware computes them with its own internal
 * approximation and is not always correctly rounded, nor is its C1 always the direction of the final
 * rounding; Miros rounds a ~160-bit result once. These operations are replayed on a fixed sample (they
 * run in BigInt arithmetic) and may differ from the hardware in at most this many vectors of the
 * sample — exactly the number measured, so any regression fails (tests/float-vectors/README.md has
 * the error pattern). Everything else must match exactly.
 */
const TOLERATED_MISMATCHES: Record<string, number> = {
  fsin: 3,
  fcos: 4,
  fsincos: 1,
  fptan: 3,
  fpatan: 3,
  f2xm1: 11,
  fyl2x: 8,
  fyl2xp1: 20,
};
/**
 * Transcendental vectors replayed: those whose operands have moderate exponents (within 2^±64 —
 * extreme ones need very wide BigInt arithmetic and minutes), at most this many per operation.
 */
const TRANSCENDENTAL_LIMIT = 60;

function moderate(rec: Uint8Array): boolean {
  const a = (rec[X87_RECORD.a + 8]! | (rec[X87_RECORD.a + 9]! << 8)) & 0x7fff;
  const b = (rec[X87_RECORD.b + 8]! | (rec[X87_RECORD.b + 9]! << 8)) & 0x7fff;
  return Math.abs(a - 0x3fff) <= 64 && Math.abs(b - 0x3fff) <= 64;
}

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
  const transcendental = name in TOLERATED_MISMATCHES;
  for (let k = 0; k < offsets.length; k++) {
    const offset = offsets[k]!;
    const rec = file.data.subarray(offset, offset + file.recordSize);
    if (transcendental && (total >= TRANSCENDENTAL_LIMIT || k % 7 !== 0 || !moderate(rec))) continue;
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

/** Is the recorded st0 (the FYL2XP1 x) negative with |x| < 2^-8 (the 2·atanh(x/(2+x)) path)? */
function smallNegative(rec: Uint8Array): boolean {
  const se = rec[X87_RECORD.a + 8]! | (rec[X87_RECORD.a + 9]! << 8);
  return (se & 0x8000) !== 0 && (se & 0x7fff) < 0x3fff - 8;
}

describe('x87 soft-float against recorded hardware vectors', () => {
  // Every 7th vector of the main sample had no small negative x; one once hung the series loop.
  it('fyl2xp1 with a small negative x', () => {
    const offsets = byOp[file.ops.indexOf('fyl2xp1')]!;
    let total = 0;
    let wrong = 0;
    for (const offset of offsets) {
      const rec = file.data.subarray(offset, offset + file.recordSize);
      if (!smallNegative(rec) || !moderate(rec)) continue;
      const out = runX87('fyl2xp1', rec)!;
      if (!sameBytes(out.r0!, rec, X87_RECORD.r0)) wrong++;
      if (++total === 40) break;
    }
    expect(total).toBe(40);
    // Measured: 7 of the 40 differ from the hardware in the last bit, as in the main sample.
    expect(wrong).toBeLessThanOrEqual(7);
  });

  for (const name of file.ops) {
    it(name, () => {
      const { total, mismatches } = replay(name);
      expect(total).toBeGreaterThan(0);
      const allowed = TOLERATED_MISMATCHES[name] ?? 0;
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
