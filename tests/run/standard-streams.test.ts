// stdin, stdout and stderr are the user's own (issue 4, `miros run`): a committed program of
// tests/programs that writes to both streams, run natively and under `miros run` with its stdout
// and stderr apart, and then both on one file (the order of the two streams' writes as natively).

import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { miros, native } from './helpers.ts';

const PROGRAMS = join(import.meta.dirname, '..', 'programs');

/** Runs `run` with stdout and stderr on one new file; returns the file's text and the status. */
function together(run: (stdio: ['ignore', number, number]) => { status: number | null }): [string, number | null] {
  const file = join(mkdtempSync(join(tmpdir(), 'miros-streams-')), 'out');
  const fd = openSync(file, 'w');
  try {
    const { status } = run(['ignore', fd, fd]);
    return [readFileSync(file, 'latin1'), status];
  } finally {
    closeSync(fd);
  }
}

describe('standard streams, native vs Miros', () => {
  for (const [binary, args] of [
    ['bin/exit-status.musl-static-O2', ['nonsense']],
    ['bin/suite.glibc-pie-O2', ['exit-status', 'nonsense']],
  ] as const) {
    it(`${binary} ${args.join(' ')}: stdout, stderr and status apart and on one file`, () => {
      const options = { cwd: PROGRAMS, env: {} };
      const expected = native(`./${binary}`, args, options);
      const actual = miros(['run', `./${binary}`, ...args], options);
      expect(expected.stderr).toBe('unknown case nonsense\n');
      expect([actual.stdout, actual.stderr, actual.status]).toEqual([
        expected.stdout,
        expected.stderr,
        expected.status,
      ]);
      const theirs = together((stdio) => native(`./${binary}`, args, { ...options, stdio }));
      const ours = together((stdio) => miros(['run', `./${binary}`, ...args], { ...options, stdio }));
      expect(ours).toEqual(theirs);
    });
  }
});
