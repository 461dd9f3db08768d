// The libc parts' tables are merged by src/libc/exports/merge-parts.ts (used by
// implementations.ts when it loads, so every dynamically linked program checks the real tables):
// a name defined by two parts must be an error, not a silent override.
import { describe, expect, it } from 'vitest';
import { mergeParts } from '../../src/libc/exports/merge-parts.ts';

describe('merging the libc parts’ tables', () => {
  it('keeps every name of every part', () => {
    const merged = mergeParts({ A_FUNCTIONS: { a: 1, b: 2 }, B_FUNCTIONS: { c: 3 } });
    expect(merged).toEqual({ a: 1, b: 2, c: 3 });
  });

  it('refuses a name two parts define, naming both', () => {
    expect(() => mergeParts({ UNISTD_FUNCTIONS: { time: 1 }, TIME_FUNCTIONS: { time: 2 } })).toThrow(
      'Miros libc: time is defined by both UNISTD_FUNCTIONS and TIME_FUNCTIONS',
    );
  });
});
