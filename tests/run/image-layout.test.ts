// The process image of a static program (issue 4, process start and guest memory):
// fixtures/image-layout.c prints the permissions and names /proc/self/maps shows for its code,
// read-only data, data, bss, stack and heap, checks bss is zero, maps at a free and a taken hint
// and MAP_FIXED over it, and opens /dev/tty without a controlling terminal. ET_EXEC and
// static-pie builds; output natively and under `miros run` must be identical. Both run through
// setsid(1), so neither has a controlling terminal whatever vitest was started from. AT_RANDOM's
// bytes change from run to run.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, hasTool, miros, native } from './helpers.ts';

const MIROS = join(FIXTURES, '..', '..', '..', 'bin', 'miros');

describe('the image of a static program, native vs Miros', () => {
  for (const program of ['./image-layout', './image-layout-pie']) {
    it.skipIf(!hasTool('setsid'))(`${program}: segments, bss, stack, heap, hints and /dev/tty as natively`, () => {
      const expected = native('setsid', ['-w', program]);
      expect(expected.status).toBe(0);
      expect(expected.stdout).toContain('code     r-xp image-layout');
      const actual = native('setsid', ['-w', MIROS, 'run', program]);
      expect(actual.stderr).toBe('');
      expect(actual.stdout).toBe(expected.stdout);
      expect(actual.status).toBe(0);
    });
  }

  it('AT_RANDOM: 16 bytes that differ from run to run, as natively', () => {
    const runs = (run: () => string) => [run(), run(), run()];
    const theirs = runs(() => native('./image-layout', ['random']).stdout);
    const ours = runs(() => miros(['run', './image-layout-pie', 'random']).stdout);
    for (const values of [theirs, ours]) {
      for (const v of values) expect(v).toMatch(/^[0-9a-f]{32}\n$/);
      expect(new Set(values).size).toBe(3);
    }
  });
});
