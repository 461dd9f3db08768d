// The system-call semantics oracle (fixtures/syscall-semantics.c): ~190 calls with ordinary and
// edge-case arguments; its output natively and under `miros run` must be identical.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, miros, native } from './helpers.ts';

describe('system-call semantics, native vs Miros', () => {
  it('prints the same results and errno for every call', () => {
    const program = join(FIXTURES, 'syscall-semantics');
    const expected = native(program, [mkdtempSync(join(tmpdir(), 'miros-sem-native-'))]);
    expect(expected.status).toBe(0);
    const actual = miros(['run', program, mkdtempSync(join(tmpdir(), 'miros-sem-'))]);
    expect(actual.stderr).toBe('');
    expect(actual.stdout.split('\n')).toEqual(expected.stdout.split('\n'));
    expect(actual.status).toBe(0);
  });
});
