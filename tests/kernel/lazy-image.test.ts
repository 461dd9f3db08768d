// Pages mapped lazily (AddressSpace.mapLazily: the static loader's program image) must behave as
// Linux's mapping of the file does: every access sees the file's bytes (zero past them), with the
// mapping's protection, whichever path reaches the page first — the CPU's accessors, the kernel's
// bulk accessors and partial-buffer checks, mprotect, munmap, fork's copy.

import { describe, expect, it } from 'vitest';
import { readablePrefix, writablePrefix } from '../../src/kernel/guest-memory.ts';
import { AddressSpace, PAGE_LAZY, PAGE_READ, PAGE_WRITE } from '../../src/memory/address-space.ts';
import { AccessKind, MemoryFault, SEGV_ACCERR } from '../../src/memory/fault.ts';
import { TestGuest } from './harness.ts';

const PAGE = 4096;
const BASE = 0x400000;
const PROT_READ = 1;
const PROT_WRITE = 2;

/** A source of 2.5 pages whose byte i is (i * 7 + 3) & 0xff. */
function source(): Uint8Array {
  const bytes = new Uint8Array(2 * PAGE + PAGE / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7 + 3) & 0xff;
  return bytes;
}

function lazySpace(prot: number): { memory: AddressSpace; bytes: Uint8Array } {
  const memory = new AddressSpace();
  const bytes = source();
  memory.mapLazily(BASE, 4 * PAGE, prot, bytes, { name: '/prog' });
  return { memory, bytes };
}

describe('lazily mapped pages', () => {
  it('copy nothing in until accessed, then read as the source (zero past it)', () => {
    const { memory, bytes } = lazySpace(PROT_READ);
    for (let page = 0; page < 3; page++) expect(memory.pageFlags[(BASE >>> 12) + page]! & PAGE_LAZY).toBe(PAGE_LAZY);
    expect(memory.bytes[BASE + PAGE + 5]).toBe(0);
    expect(memory.read8(BASE + PAGE + 5)).toBe(bytes[PAGE + 5]);
    expect(memory.read32(BASE + PAGE - 2)).toBe(
      bytes[PAGE - 2]! | (bytes[PAGE - 1]! << 8) | (bytes[PAGE]! << 16) | (bytes[PAGE + 1]! << 24) | 0,
    );
    expect(memory.read8(BASE + 2 * PAGE + PAGE / 2 - 1)).toBe(bytes[2 * PAGE + PAGE / 2 - 1]);
    expect(memory.read8(BASE + 2 * PAGE + PAGE / 2)).toBe(0);
    expect(memory.read8(BASE + 3 * PAGE + 9)).toBe(0);
    expect(memory.pageFlags[BASE >>> 12]! & (PAGE_LAZY | PAGE_READ | PAGE_WRITE)).toBe(PAGE_READ);
  });

  it('keep their protection: a write to a read-only one faults with SEGV_ACCERR', () => {
    const { memory } = lazySpace(PROT_READ);
    let fault: unknown;
    try {
      memory.write8(BASE + 10, 1);
    } catch (error) {
      fault = error;
    }
    expect(fault).toBeInstanceOf(MemoryFault);
    expect((fault as MemoryFault).code).toBe(SEGV_ACCERR);
    expect((fault as MemoryFault).address).toBe(BASE + 10);
  });

  it('take a first write without losing the rest of the page', () => {
    const { memory, bytes } = lazySpace(PROT_READ | PROT_WRITE);
    memory.write32(BASE + 100, 0x11223344);
    expect(memory.read8(BASE + 99)).toBe(bytes[99]);
    expect(memory.read32(BASE + 100)).toBe(0x11223344);
    expect(memory.read8(BASE + 104)).toBe(bytes[104]);
  });

  it('are copied in by the kernel accessors and partial-buffer checks', () => {
    const { memory, bytes } = lazySpace(PROT_READ | PROT_WRITE);
    expect(Array.from(memory.readBytes(BASE + PAGE - 3, 6))).toEqual(Array.from(bytes.subarray(PAGE - 3, PAGE + 3)));
    expect(readablePrefix(memory, BASE + 2 * PAGE + 7, PAGE)).toBe(PAGE);
    expect(memory.bytes[BASE + 2 * PAGE + 7]).toBe(bytes[2 * PAGE + 7]);
    expect(writablePrefix(memory, BASE + 3 * PAGE, 2 * PAGE)).toBe(PAGE);
  });

  it('keep their bytes across mprotect, and lose them to munmap', () => {
    const { memory, bytes } = lazySpace(PROT_READ);
    expect(memory.protect(BASE, 2 * PAGE, PROT_READ | PROT_WRITE)).toBe(true);
    expect(memory.read8(BASE + PAGE + 1)).toBe(bytes[PAGE + 1]);
    memory.write8(BASE + 1, 0xee);
    expect(memory.read8(BASE + 2)).toBe(bytes[2]);
    memory.unmap(BASE + 2 * PAGE, PAGE);
    expect(() => memory.read8(BASE + 2 * PAGE)).toThrow(MemoryFault);
    memory.map(BASE + 2 * PAGE, PAGE, PROT_READ);
    expect(memory.read8(BASE + 2 * PAGE + 1)).toBe(0);
  });

  it('are all copied in by materializeAll (fork copies the space after it)', () => {
    const { memory, bytes } = lazySpace(PROT_READ);
    memory.materializeAll();
    expect(Array.from(memory.bytes.subarray(BASE, BASE + bytes.length))).toEqual(Array.from(bytes));
    for (let page = 0; page < 4; page++) expect(memory.pageFlags[(BASE >>> 12) + page]! & PAGE_LAZY).toBe(0);
  });

  it('still fault where nothing is mapped', () => {
    const { memory } = lazySpace(PROT_READ);
    expect(() => memory.fault(BASE + 4 * PAGE, 1, AccessKind.Read)).toThrow(MemoryFault);
  });

  it('move with mremap keeping their bytes (the kernel copies the old pages)', () => {
    const guest = new TestGuest();
    const bytes = source();
    const from = 0x40000000;
    guest.process.memory.mapLazily(from, 3 * PAGE, PROT_READ | PROT_WRITE, bytes, { name: '/prog' });
    guest.process.memory.map(from + 3 * PAGE, PAGE, PROT_READ); // no room to grow in place
    const MREMAP_MAYMOVE = 1;
    const moved = guest.call('mremap', from, 3 * PAGE, 6 * PAGE, MREMAP_MAYMOVE);
    expect(moved).not.toBe(from);
    expect(Array.from(guest.process.memory.readBytes(moved, bytes.length))).toEqual(Array.from(bytes));
  });
});
