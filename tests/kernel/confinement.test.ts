// --root confinement: a program under `--root DIR` cannot name anything outside DIR, whether
// through '..', absolute or relative symbolic links, links in the middle of a path, or /proc.

import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HostFileSystem } from '../../src/kernel/fs/host-fs.ts';
import { E, TestGuest } from './harness.ts';

function sandbox(): { root: string; outside: string } {
  const base = mkdtempSync(join(tmpdir(), 'miros-root-'));
  const root = join(base, 'root');
  const outside = join(base, 'secret.txt');
  mkdirSync(join(root, 'etc'), { recursive: true });
  mkdirSync(join(root, 'home', 'user'), { recursive: true });
  writeFileSync(join(root, 'etc', 'motd'), 'inside\n');
  writeFileSync(outside, 'outside\n');
  // Escape attempts planted inside the root.
  symlinkSync(outside, join(root, 'abs-link'));
  symlinkSync('../secret.txt', join(root, 'rel-link'));
  symlinkSync('../../..', join(root, 'home', 'user', 'up'));
  symlinkSync('/', join(root, 'slash'));
  symlinkSync('/etc/motd', join(root, 'motd-link'));
  symlinkSync('/created-by-guest', join(root, 'new-link'));
  return { root, outside };
}

function readAll(guest: TestGuest, path: string): string | number {
  const fd = guest.call('open', guest.string(path), 0);
  if (fd < 0) return fd;
  const buffer = guest.alloc(256);
  const n = guest.call('read', fd, buffer, 256);
  guest.call('close', fd);
  return guest.text(buffer, n);
}

describe('--root confinement', () => {
  it('reads files inside the root at their guest paths', () => {
    const { root } = sandbox();
    const guest = new TestGuest(HostFileSystem.rootedAt(root));
    expect(readAll(guest, '/etc/motd')).toBe('inside\n');
    expect(readAll(guest, '/motd-link')).toBe('inside\n');
  });

  it('clamps .. at the root', () => {
    const { root } = sandbox();
    const guest = new TestGuest(HostFileSystem.rootedAt(root));
    expect(readAll(guest, '/../../../../secret.txt')).toBe(E.ENOENT);
    expect(readAll(guest, '/../etc/motd')).toBe('inside\n');
    guest.call('chdir', guest.string('/home/user'));
    expect(readAll(guest, '../../../secret.txt')).toBe(E.ENOENT);
    expect(readAll(guest, '../../../../etc/motd')).toBe('inside\n');
  });

  it('resolves absolute and relative links inside the root', () => {
    const { root, outside } = sandbox();
    const guest = new TestGuest(HostFileSystem.rootedAt(root));
    // The absolute target names a host path that does not exist under the root.
    expect(readAll(guest, '/abs-link')).toBe(E.ENOENT);
    expect(readAll(guest, '/rel-link')).toBe(E.ENOENT);
    expect(readAll(guest, '/home/user/up/secret.txt')).toBe(E.ENOENT);
    expect(readAll(guest, '/home/user/up/etc/motd')).toBe('inside\n');
    expect(readAll(guest, '/slash/etc/motd')).toBe('inside\n');
    expect(readFileSync(outside, 'utf8')).toBe('outside\n');
  });

  it('keeps writes inside: creating through an absolute link creates inside the root', () => {
    const { root, outside } = sandbox();
    const guest = new TestGuest(HostFileSystem.rootedAt(root));
    const O_WRONLY_CREAT = 0o101;
    // The target's directories do not exist under the root: ENOENT, nothing written outside.
    expect(guest.call('open', guest.string('/abs-link'), O_WRONLY_CREAT, 0o644)).toBe(E.ENOENT);
    expect(readFileSync(outside, 'utf8')).toBe('outside\n');
    const fd = guest.call('open', guest.string('/new-link'), O_WRONLY_CREAT, 0o644);
    expect(fd).toBeGreaterThan(0);
    guest.call('write', fd, guest.string('x'), 1);
    expect(readFileSync(join(root, 'created-by-guest'), 'utf8')).toBe('x');
  });

  it('has no way out through /proc: root, cwd and fd links stay in the namespace', () => {
    const { root } = sandbox();
    const guest = new TestGuest(HostFileSystem.rootedAt(root));
    expect(readAll(guest, '/proc/self/root/etc/motd')).toBe('inside\n');
    expect(readAll(guest, '/proc/self/root/../secret.txt')).toBe(E.ENOENT);
    expect(readAll(guest, '/proc/self/cwd/../../secret.txt')).toBe(E.ENOENT);
    const buffer = guest.alloc(256);
    const n = guest.call('readlink', guest.string('/proc/self/cwd'), buffer, 256);
    expect(guest.text(buffer, n)).toBe('/');
    expect(readAll(guest, '/proc/1/root/etc/passwd')).toBe(E.ENOENT);
  });

  it('getcwd shows guest paths', () => {
    const { root } = sandbox();
    const guest = new TestGuest(HostFileSystem.rootedAt(root));
    guest.call('chdir', guest.string('/home/user/up/home'));
    const buffer = guest.alloc(256);
    const n = guest.call('getcwd', buffer, 256);
    expect(guest.text(buffer, n - 1)).toBe('/home');
  });
});
