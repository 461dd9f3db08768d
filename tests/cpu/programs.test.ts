// Guest programs built without libc (tests/cpu/programs/*.c, built by build.sh, committed with
// their native output) run through the interpreter and must print exactly what they printed natively.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runProgram } from './harness.ts';

const dir = join(import.meta.dirname, 'programs');
const programs = readdirSync(dir)
  .filter((f) => f.endsWith('.c'))
  .map((f) => f.slice(0, -2));

describe('CPU test programs', () => {
  for (const name of programs) {
    it(`${name} prints what it printed natively`, () => {
      const expected = readFileSync(join(dir, `${name}.expected`), 'latin1');
      const { status, output } = runProgram(join(dir, name));
      expect(`${output}exit ${status}\n`).toBe(expected);
    });
  }
});
