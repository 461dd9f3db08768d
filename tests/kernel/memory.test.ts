// Memory system calls over the address space: placement, MAP_FIXED, partial unmaps, mprotect
// up to a hole, mremap, brk, MADV_DONTNEED, stack growth. (tests/run/syscall-semantics compares
// the errno cases with a native run; these check the layout decisions Miros makes.)

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HostFileSystem } from '../../src/kernel/fs/host-fs.ts';
import { MMAP_MIN_ADDR, mmapBase, STACK_TOP } from '../../src/kernel/layout.ts';
import { E, TestGuest } from './harness.ts';

const PROT_READ = 1;
const PROT_WRITE = 2;
const MAP_PRIVATE = 2;
const MAP_SHARED = 1;
const MAP_ANONYMOUS = 0x20;
const MAP_FIXED = 0x10;
const MAP_FIXED_NOREPLACE = 0x100000;
const PAGE = 4096;

describe('mmap placement', () => {
  it('allocates top-down below the mmap base, page aligned, zero filled', () => {
    const guest = new TestGuest();
    const top = mmapBase(8 * 1024 * 1024);
    const a = guest.call('mmap', 0, 5000, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    expect(a).toBe(top - 2 * PAGE);
    const b = guest.call('mmap', 0, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    expect(b).toBe(a - PAGE);
    expect(Array.from(guest.bytes(a, 16))).toEqual(new Array(16).fill(0));
  });

  it('uses a free hint, ignores an occupied one, and honours MAP_FIXED / NOREPLACE', () => {
    const guest = new TestGuest();
    const hint = 0x20000000;
    expect(guest.call('mmap', hint + 123, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)).toBe(hint);
    const second = guest.call('mmap', hint, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    expect(second).not.toBe(hint);
    expect(guest.call('mmap', hint, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0)).toBe(
      E.EEXIST,
    );
    expect(guest.call('mmap', hint, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0)).toBe(hint);
    expect(guest.call('mmap', 0x1000, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0)).toBe(E.EPERM);
    expect(guest.call('mmap', STACK_TOP, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0)).toBe(
      E.ENOMEM,
    );
    expect(MMAP_MIN_ADDR).toBe(0x10000);
  });

  it('a large PROT_NONE reservation does not touch host memory, and later use is zeroed', () => {
    const guest = new TestGuest();
    const memory = guest.process.memory;
    const size = 256 * 1024 * 1024;
    const start = guest.call('mmap', 0, size, 0, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    expect(start).toBeGreaterThan(0);
    // Writing data, unmapping, mapping again: the old bytes must not show through.
    expect(guest.call('mprotect', start, PAGE, PROT_READ | PROT_WRITE)).toBe(0);
    memory.bytes.fill(0xee, start, start + PAGE);
    expect(guest.call('munmap', start, size)).toBe(0);
    expect(guest.call('mmap', start, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0)).toBe(start);
    expect(memory.bytes[start]).toBe(0);
  });
});

describe('munmap, mprotect, mremap', () => {
  it('splits mappings on partial unmaps and protections, and merges neighbours as Linux does', () => {
    const guest = new TestGuest();
    const a = guest.call('mmap', 0x30000000, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    const list = () =>
      guest.process.memory.mappingList
        .filter((m) => m.start >= a && m.end <= a + 4 * PAGE)
        .map((m) => [m.start - a, m.end - a, m.prot]);
    expect(guest.call('mprotect', a + PAGE, PAGE, PROT_READ)).toBe(0);
    expect(list()).toEqual([
      [0, PAGE, 3],
      [PAGE, 2 * PAGE, 1],
      [2 * PAGE, 4 * PAGE, 3],
    ]);
    expect(guest.call('mprotect', a + PAGE, PAGE, PROT_READ | PROT_WRITE)).toBe(0);
    expect(list()).toEqual([[0, 4 * PAGE, 3]]);
    expect(guest.call('munmap', a + PAGE, PAGE)).toBe(0);
    expect(list()).toEqual([
      [0, PAGE, 3],
      [2 * PAGE, 4 * PAGE, 3],
    ]);
    // mprotect changes the pages up to the hole, then fails.
    expect(guest.call('mprotect', a, 4 * PAGE, PROT_READ)).toBe(E.ENOMEM);
    expect(list()).toEqual([
      [0, PAGE, 1],
      [2 * PAGE, 4 * PAGE, 3],
    ]);
  });

  it('grows in place when it can, moves with MREMAP_MAYMOVE otherwise, keeping the data', () => {
    const guest = new TestGuest();
    const a = guest.call('mmap', 0x40000000, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    guest.process.memory.bytes[a + 10] = 99;
    expect(guest.call('mremap', a, PAGE, 2 * PAGE, 0)).toBe(a);
    guest.call('mmap', a + 2 * PAGE, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    expect(guest.call('mremap', a, 2 * PAGE, 4 * PAGE, 0)).toBe(E.ENOMEM);
    const moved = guest.call('mremap', a, 2 * PAGE, 4 * PAGE, 1);
    expect(moved).not.toBe(a);
    expect(guest.process.memory.bytes[moved + 10]).toBe(99);
    expect(guest.process.memory.mappingAt(a)).toBeUndefined();
  });
});

describe('brk', () => {
  it('grows and shrinks a [heap] mapping and never fails (returns the old break instead)', () => {
    const guest = new TestGuest();
    const mm = guest.process.mm;
    mm.setBrkStart(0x08000000 + 123);
    const start = guest.call('brk', 0);
    expect(start).toBe(0x08001000);
    expect(guest.call('brk', start + 10)).toBe(start + 10);
    expect(guest.process.memory.mappingAt(start)?.name).toBe('[heap]');
    expect(guest.call('brk', start + 3 * PAGE)).toBe(start + 3 * PAGE);
    expect(guest.call('brk', start + PAGE)).toBe(start + PAGE);
    expect(guest.process.memory.mappingAt(start + 2 * PAGE)).toBeUndefined();
    expect(guest.call('brk', start - PAGE)).toBe(start + PAGE);
    guest.call('mmap', start + 4 * PAGE, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    expect(guest.call('brk', start + 8 * PAGE)).toBe(start + PAGE);
  });
});

describe('madvise and shared mappings', () => {
  it('MADV_DONTNEED zeroes private anonymous pages but keeps shared ones', () => {
    const guest = new TestGuest();
    const memory = guest.process.memory;
    const p = guest.call('mmap', 0, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    const s = guest.call('mmap', 0, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    memory.bytes[p] = 1;
    memory.bytes[s] = 2;
    expect(guest.call('madvise', p, PAGE, 4)).toBe(0);
    expect(guest.call('madvise', s, PAGE, 4)).toBe(0);
    expect([memory.bytes[p], memory.bytes[s]]).toEqual([0, 2]);
    expect(guest.call('madvise', p, PAGE, 99)).toBe(E.EINVAL);
  });

  it('a shared mapping of a read-only file never becomes writable and is not written back at exit', () => {
    // glibc maps gconv-modules.cache this way; Linux refuses PROT_WRITE on it (no VM_MAYWRITE).
    const dir = mkdtempSync(join(tmpdir(), 'miros-mm-'));
    try {
      const path = join(dir, 'data');
      writeFileSync(path, 'shared bytes');
      const guest = new TestGuest(HostFileSystem.rootedAt(dir));
      const fd = guest.call('openat', -100, guest.string('/data'), 0);
      expect(fd).toBeGreaterThanOrEqual(0);
      expect(guest.call('mmap', 0, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0)).toBe(E.EACCES);
      const m = guest.call('mmap', 0, PAGE, PROT_READ, MAP_SHARED, fd, 0);
      expect(m).toBeGreaterThan(0);
      expect(guest.call('mprotect', m, PAGE, PROT_READ | PROT_WRITE)).toBe(E.EACCES);
      expect(guest.call('mprotect', m, PAGE, PROT_READ)).toBe(0);
      guest.process.mm.writeBackAll();
      expect(readFileSync(path, 'utf8')).toBe('shared bytes');
    } finally {
      rmSync(dir, { recursive: true });
    }
  });
});

describe('stack growth', () => {
  it('grows the stack down on a fault within RLIMIT_STACK, not across the guard gap', () => {
    const guest = new TestGuest();
    const mm = guest.process.mm;
    const memory = guest.process.memory;
    memory.map(STACK_TOP - 33 * PAGE, 33 * PAGE, 3, { name: '[stack]' });
    mm.stackStart = STACK_TOP - 33 * PAGE;
    expect(mm.growStack(STACK_TOP - 40 * PAGE + 8)).toBe(true);
    expect(memory.mappingAt(STACK_TOP - 40 * PAGE)?.name).toBe('[stack]');
    expect(memory.mappingList.filter((m) => m.name === '[stack]')).toHaveLength(1);
    expect(mm.growStack(STACK_TOP - 9 * 1024 * 1024)).toBe(false);
    // Something mapped within the guard gap below stops growth.
    memory.map(STACK_TOP - 41 * PAGE - 512 * 1024, PAGE, 3);
    expect(mm.growStack(STACK_TOP - 41 * PAGE)).toBe(false);
  });
});
