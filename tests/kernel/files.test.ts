// File system calls against the in-memory file system: results and errno as Linux gives them.

import { describe, expect, it } from 'vitest';
import { MemoryFileSystem } from '../../src/kernel/fs/memory-fs.ts';
import { E, TestGuest } from './harness.ts';

const O_RDONLY = 0;
const O_WRONLY = 1;
const O_RDWR = 2;
const O_CREAT = 0o100;
const O_EXCL = 0o200;
const O_TRUNC = 0o1000;
const O_APPEND = 0o2000;
const O_NONBLOCK = 0o4000;
const O_DIRECTORY = 0o200000;
const O_NOFOLLOW = 0o400000;
const O_CLOEXEC = 0o2000000;
const O_PATH = 0o10000000;
const O_LARGEFILE = 0o100000;
const AT_FDCWD = -100;

function guestWithFiles(): { guest: TestGuest; fs: MemoryFileSystem } {
  const fs = new MemoryFileSystem();
  fs.writeFile('/etc/motd', 'hello, guest\n');
  fs.writeFile('/data/a.txt', 'abcdefghij');
  const guest = new TestGuest(fs);
  return { guest, fs };
}

describe('open, read, write, lseek, close', () => {
  it('reads a file and reaches end of file', () => {
    const { guest } = guestWithFiles();
    const fd = guest.call('openat', AT_FDCWD, guest.string('/etc/motd'), O_RDONLY);
    expect(fd).toBe(3);
    const buffer = guest.alloc(64);
    expect(guest.call('read', fd, buffer, 64)).toBe(13);
    expect(guest.text(buffer, 13)).toBe('hello, guest\n');
    expect(guest.call('read', fd, buffer, 64)).toBe(0);
    expect(guest.call('close', fd)).toBe(0);
    expect(guest.call('close', fd)).toBe(E.EBADF);
  });

  it('gives the lowest free descriptor, and errno for missing files', () => {
    const { guest } = guestWithFiles();
    expect(guest.call('open', guest.string('/nope'), O_RDONLY)).toBe(E.ENOENT);
    expect(guest.call('open', guest.string('/etc/motd/x'), O_RDONLY)).toBe(E.ENOTDIR);
    expect(guest.call('open', guest.string(''), O_RDONLY)).toBe(E.ENOENT);
    const a = guest.call('open', guest.string('/etc/motd'), O_RDONLY);
    const b = guest.call('open', guest.string('/etc/motd'), O_RDONLY);
    expect([a, b]).toEqual([3, 4]);
    guest.call('close', a);
    expect(guest.call('open', guest.string('/etc/motd'), O_RDONLY)).toBe(3);
  });

  it('creates, truncates, appends, and refuses O_EXCL on an existing file', () => {
    const { guest, fs } = guestWithFiles();
    const path = guest.string('/data/new.txt');
    const fd = guest.call('open', path, O_WRONLY | O_CREAT | O_EXCL, 0o644);
    expect(fd).toBeGreaterThanOrEqual(3);
    expect(guest.call('write', fd, guest.string('12345'), 5)).toBe(5);
    expect(guest.call('open', path, O_WRONLY | O_CREAT | O_EXCL, 0o644)).toBe(E.EEXIST);
    const app = guest.call('open', path, O_WRONLY | O_APPEND);
    guest.call('lseek', app, 0, 0);
    expect(guest.call('write', app, guest.string('67'), 2)).toBe(2);
    expect(Buffer.from(fs.readFile('/data/new.txt')).toString()).toBe('1234567');
    guest.call('open', path, O_WRONLY | O_TRUNC);
    expect(fs.readFile('/data/new.txt').length).toBe(0);
  });

  it('applies the umask to the creation mode', () => {
    const { guest } = guestWithFiles();
    guest.call('umask', 0o027);
    guest.call('open', guest.string('/data/m'), O_WRONLY | O_CREAT, 0o777);
    const st = guest.alloc(144);
    expect(guest.call('stat', guest.string('/data/m'), st)).toBe(0);
    expect(guest.u32(st + 24) & 0o7777).toBe(0o750);
    expect(guest.call('umask', 0o022)).toBe(0o027);
  });

  it('checks access modes: EBADF for reading a write-only descriptor', () => {
    const { guest } = guestWithFiles();
    const fd = guest.call('open', guest.string('/data/a.txt'), O_WRONLY);
    expect(guest.call('read', fd, guest.alloc(8), 8)).toBe(E.EBADF);
    const ro = guest.call('open', guest.string('/data/a.txt'), O_RDONLY);
    expect(guest.call('write', ro, guest.alloc(8), 8)).toBe(E.EBADF);
  });

  it('EFAULT for a buffer outside guest memory, before consuming input', () => {
    const { guest } = guestWithFiles();
    const fd = guest.call('open', guest.string('/data/a.txt'), O_RDONLY);
    expect(guest.call('read', fd, 0x1000, 4)).toBe(E.EFAULT);
    expect(guest.call('read', fd, 0x1_0000_0000, 4)).toBe(E.EFAULT);
    const buffer = guest.alloc(4);
    expect(guest.call('read', fd, buffer, 4)).toBe(4);
    expect(guest.text(buffer, 4)).toBe('abcd');
  });

  it('seeks as lseek does', () => {
    const { guest } = guestWithFiles();
    const fd = guest.call('open', guest.string('/data/a.txt'), O_RDONLY);
    expect(guest.call('lseek', fd, 3, 0)).toBe(3);
    expect(guest.call('lseek', fd, 2, 1)).toBe(5);
    expect(guest.call('lseek', fd, -1, 2)).toBe(9);
    expect(guest.call('lseek', fd, -20, 1)).toBe(E.EINVAL);
    expect(guest.call('lseek', fd, 0, 7)).toBe(E.EINVAL);
    const buffer = guest.alloc(8);
    expect(guest.call('read', fd, buffer, 8)).toBe(1);
    expect(guest.text(buffer, 1)).toBe('j');
    expect(guest.call('pread64', fd, buffer, 3, 1)).toBe(3);
    expect(guest.text(buffer, 3)).toBe('bcd');
    expect(guest.call('pread64', fd, buffer, 3, -1)).toBe(E.EINVAL);
  });

  it('reports O_LARGEFILE in F_GETFL (64-bit kernels add it) and keeps O_CLOEXEC per descriptor', () => {
    const { guest } = guestWithFiles();
    const fd = guest.call('open', guest.string('/data/a.txt'), O_RDWR | O_CLOEXEC);
    expect(guest.call('fcntl', fd, 3)).toBe(O_RDWR | O_LARGEFILE);
    expect(guest.call('fcntl', fd, 1)).toBe(1);
    const dup = guest.call('dup', fd);
    expect(guest.call('fcntl', dup, 1)).toBe(0);
    expect(guest.call('fcntl', fd, 4, O_NONBLOCK | O_APPEND)).toBe(0);
    expect(guest.call('fcntl', dup, 3)).toBe(O_RDWR | O_LARGEFILE | O_NONBLOCK | O_APPEND);
    expect(guest.call('fcntl', fd, 0x7777)).toBe(E.EINVAL);
    expect(guest.call('fcntl', 99, 1)).toBe(E.EBADF);
  });

  // Expected values: a native run of the same calls on Linux 6.1 (F_GETOWN_EX type 0 = TID,
  // 1 = PID, 2 = PGRP; ESRCH for an id that names no process; EINVAL beyond signal 64).
  it('F_SETOWN/F_GETOWN, F_SETOWN_EX/F_GETOWN_EX and F_SETSIG/F_GETSIG keep the owner as Linux does', () => {
    const { guest } = guestWithFiles();
    const fd = guest.call('open', guest.string('/data/a.txt'), O_RDWR);
    const pid = guest.process.pid;
    const pgrp = guest.process.pgid;
    const owner = guest.alloc(8);
    const ownerEx = (): [number, number] => {
      expect(guest.call('fcntl', fd, 16, owner)).toBe(0);
      return [guest.i32(owner), guest.i32(owner + 4)];
    };
    expect(guest.call('fcntl', fd, 9)).toBe(0);
    expect(ownerEx()).toEqual([0, 0]);
    expect(guest.call('fcntl', fd, 8, pid)).toBe(0);
    expect(guest.call('fcntl', fd, 9)).toBe(pid);
    expect(ownerEx()).toEqual([1, pid]);
    expect(guest.call('fcntl', fd, 8, -pgrp)).toBe(0);
    expect(guest.call('fcntl', fd, 9)).toBe(-pgrp);
    expect(ownerEx()).toEqual([2, pgrp]);
    expect(guest.call('fcntl', fd, 8, 999999)).toBe(E.ESRCH);
    expect(ownerEx()).toEqual([2, pgrp]);
    const setOwnerEx = (kind: number, id: number): number => {
      guest.process.memory.view.setInt32(owner, kind, true);
      guest.process.memory.view.setInt32(owner + 4, id, true);
      return guest.call('fcntl', fd, 15, owner);
    };
    expect(setOwnerEx(0, pid)).toBe(0);
    expect(guest.call('fcntl', fd, 9)).toBe(pid);
    expect(ownerEx()).toEqual([0, pid]);
    expect(setOwnerEx(7, pid)).toBe(E.EINVAL);
    expect(setOwnerEx(1, -3)).toBe(E.ESRCH);
    expect(setOwnerEx(1, 0)).toBe(0);
    expect(guest.call('fcntl', fd, 9)).toBe(0);
    expect(ownerEx()).toEqual([1, 0]);
    expect(guest.call('fcntl', fd, 10, 10)).toBe(0);
    expect(guest.call('fcntl', fd, 11)).toBe(10);
    expect(guest.call('fcntl', fd, 10, 65)).toBe(E.EINVAL);
    expect(guest.call('fcntl', fd, 10, -1)).toBe(E.EINVAL);
    expect(guest.call('fcntl', fd, 10, 64)).toBe(0);
    expect(guest.call('fcntl', fd, 11)).toBe(64);
  });

  it('dup2 and dup3 as Linux: same fd, invalid flags', () => {
    const { guest } = guestWithFiles();
    const fd = guest.call('open', guest.string('/data/a.txt'), O_RDONLY);
    expect(guest.call('dup2', fd, fd)).toBe(fd);
    expect(guest.call('dup3', fd, fd, 0)).toBe(E.EINVAL);
    expect(guest.call('dup3', fd, 10, 1)).toBe(E.EINVAL);
    expect(guest.call('dup3', fd, 10, O_CLOEXEC)).toBe(10);
    expect(guest.call('fcntl', 10, 1)).toBe(1);
    expect(guest.call('dup2', 55, 11)).toBe(E.EBADF);
  });

  it('O_NOFOLLOW, O_DIRECTORY, O_PATH', () => {
    const { guest } = guestWithFiles();
    guest.call('symlink', guest.string('/data/a.txt'), guest.string('/data/link'));
    expect(guest.call('open', guest.string('/data/link'), O_RDONLY | O_NOFOLLOW)).toBe(E.ELOOP);
    expect(guest.call('open', guest.string('/data/a.txt'), O_RDONLY | O_DIRECTORY)).toBe(E.ENOTDIR);
    expect(guest.call('open', guest.string('/data'), O_WRONLY)).toBe(E.EISDIR);
    const p = guest.call('open', guest.string('/data/link'), O_PATH | O_NOFOLLOW);
    expect(p).toBeGreaterThanOrEqual(3);
    expect(guest.call('read', p, guest.alloc(4), 4)).toBe(E.EBADF);
    const st = guest.alloc(144);
    expect(guest.call('fstat', p, st)).toBe(0);
    expect(guest.u32(st + 24) & 0o170000).toBe(0o120000);
  });
});

describe('directories and links', () => {
  it('lists a directory with getdents64, . and .. first', () => {
    const { guest } = guestWithFiles();
    const fd = guest.call('open', guest.string('/data'), O_RDONLY | O_DIRECTORY);
    const buffer = guest.alloc(4096);
    const n = guest.call('getdents64', fd, buffer, 4096);
    const names: string[] = [];
    for (let at = buffer; at < buffer + n; ) {
      const length = guest.process.memory.view.getUint16(at + 16, true);
      const nameBytes = guest.bytes(at + 19, length - 19);
      names.push(Buffer.from(nameBytes.subarray(0, nameBytes.indexOf(0))).toString());
      expect(length % 8).toBe(0);
      at += length;
    }
    expect(names).toEqual(['.', '..', 'a.txt']);
    expect(guest.call('getdents64', fd, buffer, 4096)).toBe(0);
    expect(guest.call('getdents64', fd, buffer, 10)).toBe(0);
    guest.call('lseek', fd, 0, 0);
    expect(guest.call('getdents64', fd, buffer, 10)).toBe(E.EINVAL);
  });

  it('mkdir, rmdir, unlink errno cases', () => {
    const { guest } = guestWithFiles();
    expect(guest.call('mkdir', guest.string('/data/d'), 0o755)).toBe(0);
    expect(guest.call('mkdir', guest.string('/data/d'), 0o755)).toBe(E.EEXIST);
    expect(guest.call('mkdir', guest.string('/nope/d'), 0o755)).toBe(E.ENOENT);
    guest.call('open', guest.string('/data/d/f'), O_CREAT | O_WRONLY, 0o644);
    expect(guest.call('rmdir', guest.string('/data/d'))).toBe(E.ENOTEMPTY);
    expect(guest.call('unlink', guest.string('/data/d'))).toBe(E.EISDIR);
    expect(guest.call('rmdir', guest.string('/data/d/f'))).toBe(E.ENOTDIR);
    expect(guest.call('rmdir', guest.string('/data/d/.'))).toBe(E.EINVAL);
    expect(guest.call('unlinkat', AT_FDCWD, guest.string('/data/d/f'), 0)).toBe(0);
    expect(guest.call('unlinkat', AT_FDCWD, guest.string('/data/d'), 0x200)).toBe(0);
    expect(guest.call('unlinkat', AT_FDCWD, guest.string('/data/d'), 0x200)).toBe(E.ENOENT);
  });

  it('rename, renameat2 NOREPLACE and EXCHANGE, link, readlink', () => {
    const { guest, fs } = guestWithFiles();
    const a = guest.string('/data/a.txt');
    const b = guest.string('/data/b.txt');
    fs.writeFile('/data/b.txt', 'B');
    expect(guest.call('renameat2', AT_FDCWD, a, AT_FDCWD, b, 1)).toBe(E.EEXIST);
    expect(guest.call('renameat2', AT_FDCWD, a, AT_FDCWD, b, 2)).toBe(0);
    expect(Buffer.from(fs.readFile('/data/a.txt')).toString()).toBe('B');
    expect(guest.call('rename', a, guest.string('/data/c.txt'))).toBe(0);
    expect(guest.call('link', b, guest.string('/data/hard'))).toBe(0);
    const st = guest.alloc(144);
    guest.call('stat', b, st);
    expect(guest.u64(st + 16)).toBe(2);
    expect(guest.call('symlink', guest.string('b.txt'), guest.string('/data/sym'))).toBe(0);
    const buffer = guest.alloc(64);
    expect(guest.call('readlink', guest.string('/data/sym'), buffer, 64)).toBe(5);
    expect(guest.text(buffer, 5)).toBe('b.txt');
    expect(guest.call('readlink', guest.string('/data/sym'), buffer, 2)).toBe(2);
    expect(guest.call('readlink', b, buffer, 64)).toBe(E.EINVAL);
    expect(guest.call('readlink', guest.string('/data/sym'), buffer, 0)).toBe(E.EINVAL);
  });

  it('follows relative and absolute links, and stops loops with ELOOP', () => {
    const { guest } = guestWithFiles();
    guest.call('symlink', guest.string('../etc/motd'), guest.string('/data/rel'));
    guest.call('symlink', guest.string('/data/rel'), guest.string('/data/abs'));
    guest.call('symlink', guest.string('loop2'), guest.string('/data/loop1'));
    guest.call('symlink', guest.string('loop1'), guest.string('/data/loop2'));
    const buffer = guest.alloc(32);
    const fd = guest.call('open', guest.string('/data/abs'), O_RDONLY);
    expect(guest.call('read', fd, buffer, 5)).toBe(5);
    expect(guest.text(buffer, 5)).toBe('hello');
    expect(guest.call('open', guest.string('/data/loop1'), O_RDONLY)).toBe(E.ELOOP);
    const st = guest.alloc(144);
    expect(guest.call('lstat', guest.string('/data/loop1'), st)).toBe(0);
  });

  it('getcwd, chdir, fchdir and relative *at() paths', () => {
    const { guest } = guestWithFiles();
    const buffer = guest.alloc(64);
    expect(guest.call('getcwd', buffer, 64)).toBe(2);
    expect(guest.text(buffer, 1)).toBe('/');
    expect(guest.call('chdir', guest.string('/data'))).toBe(0);
    expect(guest.call('getcwd', buffer, 64)).toBe(6);
    expect(guest.text(buffer, 5)).toBe('/data');
    expect(guest.call('getcwd', buffer, 3)).toBe(E.ERANGE);
    expect(guest.call('chdir', guest.string('a.txt'))).toBe(E.ENOTDIR);
    const dir = guest.call('open', guest.string('/etc'), O_RDONLY | O_DIRECTORY);
    expect(guest.call('openat', dir, guest.string('motd'), O_RDONLY)).toBeGreaterThan(0);
    const file = guest.call('open', guest.string('a.txt'), O_RDONLY);
    expect(guest.call('openat', file, guest.string('x'), O_RDONLY)).toBe(E.ENOTDIR);
    expect(guest.call('openat', 77, guest.string('x'), O_RDONLY)).toBe(E.EBADF);
    expect(guest.call('openat', 77, guest.string('/etc/motd'), O_RDONLY)).toBeGreaterThan(0);
    expect(guest.call('fchdir', dir)).toBe(0);
    expect(guest.call('getcwd', buffer, 64)).toBe(5);
  });

  it('newfstatat with AT_EMPTY_PATH and AT_SYMLINK_NOFOLLOW; statx', () => {
    const { guest } = guestWithFiles();
    const fd = guest.call('open', guest.string('/data/a.txt'), O_RDONLY);
    const st = guest.alloc(256);
    expect(guest.call('newfstatat', fd, guest.string(''), st, 0)).toBe(E.ENOENT);
    expect(guest.call('newfstatat', fd, guest.string(''), st, 0x1000)).toBe(0);
    expect(guest.u64(st + 48)).toBe(10);
    expect(guest.call('newfstatat', AT_FDCWD, guest.string('/data/a.txt'), st, 0x4)).toBe(E.EINVAL);
    expect(guest.call('statx', AT_FDCWD, guest.string('/data/a.txt'), 0, 0x7ff, st)).toBe(0);
    expect(guest.u64(st + 40)).toBe(10);
    expect(guest.u32(st) & 0x7ff).toBe(0x7ff);
    expect(guest.call('statx', AT_FDCWD, guest.string('/data/a.txt'), 0, 0x80000000, st)).toBe(E.EINVAL);
  });

  it('truncate and ftruncate', () => {
    const { guest, fs } = guestWithFiles();
    expect(guest.call('truncate', guest.string('/data/a.txt'), 4)).toBe(0);
    expect(fs.readFile('/data/a.txt').length).toBe(4);
    expect(guest.call('truncate', guest.string('/data/a.txt'), -1)).toBe(E.EINVAL);
    const ro = guest.call('open', guest.string('/data/a.txt'), O_RDONLY);
    expect(guest.call('ftruncate', ro, 2)).toBe(E.EINVAL);
    const rw = guest.call('open', guest.string('/data/a.txt'), O_RDWR);
    expect(guest.call('ftruncate', rw, 20)).toBe(0);
    expect(Array.from(fs.readFile('/data/a.txt').subarray(4))).toEqual(new Array(16).fill(0));
  });
});

describe('pipes', () => {
  it('moves data, reports EOF when the writer is gone, EPIPE + SIGPIPE pending without readers', () => {
    const guest = new TestGuest();
    const fds = guest.alloc(8);
    expect(guest.call('pipe2', fds, O_CLOEXEC)).toBe(0);
    const [r, w] = [guest.i32(fds), guest.i32(fds + 4)];
    expect(guest.call('fcntl', r, 1)).toBe(1);
    expect(guest.call('write', w, guest.string('ping'), 4)).toBe(4);
    const buffer = guest.alloc(16);
    const fionread = guest.alloc(4);
    expect(guest.call('ioctl', r, 0x541b, fionread)).toBe(0);
    expect(guest.u32(fionread)).toBe(4);
    expect(guest.call('read', r, buffer, 16)).toBe(4);
    expect(guest.call('fcntl', r, 4, O_NONBLOCK)).toBe(0);
    expect(guest.call('read', r, buffer, 16)).toBe(E.EAGAIN);
    expect(guest.call('lseek', r, 0, 0)).toBe(E.ESPIPE);
    guest.call('close', w);
    expect(guest.call('read', r, buffer, 16)).toBe(0);
    const fds2 = guest.alloc(8);
    guest.call('pipe', fds2);
    guest.call('close', guest.i32(fds2));
    // Writing with no reader: EPIPE, and SIGPIPE (default action: terminate) ends the process.
    expect(() => guest.call('write', guest.i32(fds2 + 4), buffer, 1)).toThrow();
    expect(guest.call('pipe2', fds, 0x10)).toBe(E.EINVAL);
  });

  it('reports the pipe size and reads what is there', () => {
    const guest = new TestGuest();
    const fds = guest.alloc(8);
    guest.call('pipe', fds);
    expect(guest.call('fcntl', guest.i32(fds), 1032)).toBe(65536);
    expect(guest.call('fcntl', guest.i32(fds), 1031, 5000)).toBe(8192);
    expect(guest.call('fcntl', 0 + guest.call('open', guest.string('/dev/null'), 0), 1032)).toBe(E.EBADF);
  });
});

describe('devices and /proc', () => {
  it('/dev/null, /dev/zero, /dev/full, /dev/urandom', () => {
    const guest = new TestGuest();
    const buffer = guest.alloc(16);
    const devNull = guest.call('open', guest.string('/dev/null'), O_RDWR);
    expect(guest.call('read', devNull, buffer, 16)).toBe(0);
    expect(guest.call('write', devNull, buffer, 16)).toBe(16);
    const zero = guest.call('open', guest.string('/dev/zero'), O_RDONLY);
    guest.process.memory.bytes.fill(7, buffer, buffer + 16);
    expect(guest.call('read', zero, buffer, 16)).toBe(16);
    expect(Array.from(guest.bytes(buffer, 16))).toEqual(new Array(16).fill(0));
    const full = guest.call('open', guest.string('/dev/full'), O_WRONLY);
    expect(guest.call('write', full, buffer, 1)).toBe(E.ENOSPC);
    const random = guest.call('open', guest.string('/dev/urandom'), O_RDONLY);
    expect(guest.call('read', random, buffer, 16)).toBe(16);
    const st = guest.alloc(144);
    guest.call('fstat', devNull, st);
    expect(guest.u32(st + 24)).toBe(0o20666);
    expect(guest.u64(st + 40)).toBe(0x103);
  });

  it('/proc/self/fd lists descriptors and its links name them', () => {
    const guest = new TestGuest();
    const fd = guest.call('open', guest.string('/dev/null'), O_RDONLY);
    const buffer = guest.alloc(64);
    const n = guest.call('readlink', guest.string(`/proc/self/fd/${fd}`), buffer, 64);
    expect(guest.text(buffer, n)).toBe('/dev/null');
    const self = guest.call('readlink', guest.string('/proc/self'), buffer, 64);
    expect(guest.text(buffer, self)).toBe(`${guest.process.pid}`);
    expect(guest.call('open', guest.string('/proc/self/fd/99'), O_RDONLY)).toBe(E.ENOENT);
    // Opening the link opens the same file again.
    const again = guest.call('open', guest.string(`/proc/self/fd/${fd}`), O_RDONLY);
    expect(again).toBeGreaterThan(fd);
    expect(guest.call('open', guest.string('/proc/self/maps'), O_WRONLY)).toBe(E.EACCES);
    expect(guest.call('mkdir', guest.string('/proc/x'), 0o755)).toBe(E.EACCES);
  });
});
