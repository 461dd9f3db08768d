// The code generator (src/cpu/jit/) against the hardware: the integer conformance vectors recorded
// on this machine's CPU (tests/cpu-vectors/integer.txt.gz) replayed with every block compiled
// before it runs (MIROS_JIT=always), so each instruction goes through its template in
// jit/templates.ts, or through the closure call for forms without one. The recorded outputs
// (registers, all six status flags including the undefined ones, memory) come from the hardware,
// not from the interpreter. A sample of every template's vectors runs by default (compiling a
// block per vector is slow); MIROS_FULL=1 replays them all.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { byFamily, readTemplates, VectorReplayer } from '../cpu-vectors/replay.ts';

// Read by each Cpu at construction: the replayer's CPU compiles every block, partial runs included.
process.env.MIROS_JIT = 'always';

const full = process.env.MIROS_FULL === '1';
/** Vectors per template in the default sample: the first four and four spread over the rest. */
const SAMPLE = 8;

const templates = readTemplates(join(import.meta.dirname, '../cpu-vectors/integer.txt.gz')).map((t) =>
  full
    ? t
    : {
        ...t,
        vectors: t.vectors.filter((_, k) => k < SAMPLE / 2 || k % Math.ceil(t.vectors.length / (SAMPLE / 2)) === 0),
      },
);

describe('generated code matches the hardware-recorded integer vectors', () => {
  const replayer = new VectorReplayer();
  it(`has the recorded templates (${templates.length})`, () => {
    expect(templates.length).toBeGreaterThan(400);
  });
  for (const [family, list] of byFamily(templates)) {
    it(`${family}: ${list.reduce((n, t) => n + t.vectors.length, 0)} vectors match`, () => {
      const failures: string[] = [];
      let failed = 0;
      for (const t of list) {
        const result = replayer.replay(t);
        failures.push(...result.failures);
        failed += result.failed;
      }
      expect(failures, `${failed} mismatches`).toEqual([]);
    });
  }
});
