// `miros run --root DIR` against a native chroot into the same tree (issue 4: no escape through
// '..', absolute symlinks, or links climbing above the root). fixtures/show-process opens each
// path it is given and prints its contents or "cannot open"; natively it runs under chroot(8),
// which needs uid 0 (skipped otherwise).

import { copyFileSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, miros, native } from './helpers.ts';

const CHROOT = ['/usr/sbin/chroot', '/sbin/chroot'].find((p) => native('test', ['-x', p]).status === 0);

const PATHS = [
  '/data/inside.txt',
  '../../data/inside.txt',
  '/abs-link',
  '/sub/up-link',
  '/data/etc-link',
  '/etc/hostname',
  '/../../etc/hostname',
  'sub/../data/inside.txt',
  '/sub/../../data/inside.txt',
];

describe('--root as a native chroot', () => {
  it.skipIf(process.getuid?.() !== 0 || CHROOT === undefined)('opens the same files and no others', () => {
    const root = mkdtempSync(join(tmpdir(), 'miros-chroot-'));
    mkdirSync(join(root, 'data'));
    mkdirSync(join(root, 'sub'));
    writeFileSync(join(root, 'data', 'inside.txt'), 'inside\n');
    symlinkSync('/data/inside.txt', join(root, 'abs-link'));
    symlinkSync('../../../../data/inside.txt', join(root, 'sub', 'up-link'));
    symlinkSync('/etc/hostname', join(root, 'data', 'etc-link'));
    copyFileSync(join(FIXTURES, 'show-process'), join(root, 'show-process'));
    const env = { A: '1' };
    const expected = native(CHROOT!, [root, '/show-process', '--', ...PATHS], { env });
    const actual = miros(
      ['run', '--root', root, '--argv0', '/show-process', join(root, 'show-process'), '--', ...PATHS],
      { env },
    );
    expect(expected.stdout).toContain('/abs-link: inside\n');
    expect(expected.stdout).toContain('/etc/hostname: cannot open\n');
    expect(actual.stdout).toBe(expected.stdout);
    expect(actual.status).toBe(expected.status);
  });
});
