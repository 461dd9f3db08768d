// The guest's address space.
//
// Design (see ARCHITECTURE.md, "Decisions that set the ceiling"): the whole guest lives in ONE
// shared WebAssembly.Memory of 4 GiB, guest address == offset in that memory. The host commits
// pages lazily, so reserving 4 GiB costs nothing until touched, and because the memory never
// grows, the typed-array views below are never detached: the CPU can keep them in locals and
// generated code (the later JIT, or threads in workers) can share the same memory.
//
// Consequence: every guest mapping lives below 4 GiB. Miros chooses where PIE executables,
// libraries, the stack and mmap regions go (like Linux's 32-bit compat layout), so programs
// never see the difference; an access whose address has bits above 31 set is a SIGSEGV.
//
// Permissions are one byte per 4 KiB page (1 Mi entries). Hot-path accesses check that byte
// (and the next page's, when an access straddles a page end) and then use the DataView.
// The CODE bit marks pages holding decoded instructions: a write there takes the slow path so
// the CPU can drop its decoded-instruction cache for the page (self-modifying code, JITs).

import { AccessKind, MemoryFault, SEGV_ACCERR, SEGV_MAPERR } from './fault.ts';

export const PAGE_SHIFT = 12;
export const PAGE_SIZE = 1 << PAGE_SHIFT;
export const PAGE_MASK = PAGE_SIZE - 1;
/** Size of the guest address space: 2^32 bytes. */
export const ADDRESS_SPACE_SIZE = 2 ** 32;
const PAGE_COUNT = ADDRESS_SPACE_SIZE / PAGE_SIZE;
/** A WebAssembly page: 64 KiB. */
const WASM_PAGE_SIZE = 65536;

/** Bits of a page's permission byte. READ/WRITE/EXEC match PROT_READ/PROT_WRITE/PROT_EXEC. */
export const PAGE_READ = 1;
export const PAGE_WRITE = 2;
export const PAGE_EXEC = 4;
/** The page belongs to a mapping (distinguishes SEGV_ACCERR from SEGV_MAPERR). */
export const PAGE_MAPPED = 8;
/** Decoded instructions from this page are cached; writes must invalidate them. */
export const PAGE_CODE = 16;
/**
 * The page may hold non-zero bytes (it was mapped writable or filled by the loader). Survives
 * unmapping. `map` zeroes only such pages: the host commits memory when it is written, even with
 * zeros, so a large PROT_NONE reservation (malloc arenas, Rust and Go heaps) must not touch it.
 */
export const PAGE_DIRTY = 32;
/**
 * The page's bytes are still in a lazy source (`mapLazily`: a program image, copied in at the
 * page's first access as the kernel maps a file). Until then the page has no READ, WRITE or EXEC
 * bit, so every access takes a slow path (`fault`, `slowWriteCheck`, `isAccessible`,
 * `materialize`), which copies the page in and gives it its mapping's protection.
 */
export const PAGE_LAZY = 64;

/** Bytes that lazily mapped pages copy in from: `bytes[0]` belongs at `start`. */
interface LazySource {
  start: number;
  end: number;
  bytes: Uint8Array;
}

/** One entry of the mapping list, as /proc/self/maps shows it. */
export interface Mapping {
  start: number;
  /** One past the last byte; page aligned. */
  end: number;
  /** PROT_* bits. */
  prot: number;
  /** MAP_SHARED (true) or MAP_PRIVATE (false). */
  shared: boolean;
  /** Path of the mapped file, or a pseudo name such as [heap], [stack]; '' for anonymous memory. */
  name: string;
  /** File offset of `start` for file mappings. */
  offset: number;
  /** Host device and inode numbers of the file, for /proc/self/maps. */
  device: number;
  inode: number;
}

export type CodeWriteListener = (page: number) => void;

export class AddressSpace {
  readonly memory: WebAssembly.Memory;
  readonly bytes: Uint8Array;
  readonly view: DataView;
  /** Permission byte per page: PAGE_* bits. */
  readonly pageFlags: Uint8Array;
  /** Mappings, sorted by start, never overlapping. */
  private mappings: Mapping[] = [];
  /** Called when a write reaches a PAGE_CODE page (the CPU drops that page's decoded instructions). */
  onCodeWrite: CodeWriteListener = () => {};
  /** Where PAGE_LAZY pages copy their bytes from (`mapLazily`). */
  private lazySources: LazySource[] = [];
  /** How many pages are PAGE_LAZY: while none, the slow paths skip looking. */
  private lazyPages = 0;

  constructor() {
    this.memory = new WebAssembly.Memory({
      initial: ADDRESS_SPACE_SIZE / WASM_PAGE_SIZE,
      maximum: ADDRESS_SPACE_SIZE / WASM_PAGE_SIZE,
      shared: true,
    });
    const buffer = this.memory.buffer as unknown as SharedArrayBuffer;
    this.bytes = new Uint8Array(buffer);
    this.view = new DataView(buffer);
    // The table's memory comes from a WebAssembly.Memory, which the host maps lazily as zero
    // pages: a plain Uint8Array of 1 MiB is zeroed by malloc's calloc (with bin/miros's
    // MALLOC_TOP_PAD_ it comes from the heap's top, not a fresh mmap), touching all 256 pages at a
    // page fault each (3.2-3.6 ms of a static hello world on this VM, against 0.1 ms here); a
    // process uses a few dozen entries' pages.
    this.pageFlags = new Uint8Array(new WebAssembly.Memory({ initial: PAGE_COUNT / WASM_PAGE_SIZE }).buffer);
  }

  // ---- hot path: guest accesses by the CPU. `address` is a uint32-valued number. ----

  read8(address: number): number {
    if ((this.pageFlags[address >>> PAGE_SHIFT]! & PAGE_READ) === 0) this.fault(address, 1, AccessKind.Read);
    return this.bytes[address]!;
  }

  read16(address: number): number {
    if (!this.readable(address, 2)) this.fault(address, 2, AccessKind.Read);
    return this.view.getUint16(address, true);
  }

  /** Returns the 32 bits as a signed int32 (the representation registers use). */
  read32(address: number): number {
    if (!this.readable(address, 4)) this.fault(address, 4, AccessKind.Read);
    return this.view.getInt32(address, true);
  }

  write8(address: number, value: number): void {
    if ((this.pageFlags[address >>> PAGE_SHIFT]! & (PAGE_WRITE | PAGE_CODE)) !== PAGE_WRITE) {
      this.slowWriteCheck(address, 1);
    }
    this.bytes[address] = value;
  }

  write16(address: number, value: number): void {
    if (!this.plainWritable(address, 2)) this.slowWriteCheck(address, 2);
    this.view.setUint16(address, value, true);
  }

  write32(address: number, value: number): void {
    if (!this.plainWritable(address, 4)) this.slowWriteCheck(address, 4);
    this.view.setInt32(address, value, true);
  }

  // The two checks below work from the page number and the offset in the page, both small
  // integers, never from `address + size`: above 2^31 (the stack is there) that sum is a heap
  // number of 16 bytes in the unoptimised code a program's start runs in (issue 4).

  /** True when `size` bytes at `address` (size <= PAGE_SIZE) are readable. */
  readable(address: number, size: number): boolean {
    const flags = this.pageFlags;
    const page = address >>> PAGE_SHIFT;
    if ((flags[page]! & PAGE_READ) === 0) return false;
    return (address & PAGE_MASK) <= PAGE_SIZE - size || (page + 1 < PAGE_COUNT && (flags[page + 1]! & PAGE_READ) !== 0);
  }

  /** True when `size` bytes at `address` (size <= PAGE_SIZE) are writable and hold no cached code (the fast path). */
  plainWritable(address: number, size: number): boolean {
    const flags = this.pageFlags;
    const page = address >>> PAGE_SHIFT;
    if ((flags[page]! & (PAGE_WRITE | PAGE_CODE)) !== PAGE_WRITE) return false;
    return (
      (address & PAGE_MASK) <= PAGE_SIZE - size ||
      (page + 1 < PAGE_COUNT && (flags[page + 1]! & (PAGE_WRITE | PAGE_CODE)) === PAGE_WRITE)
    );
  }

  /**
   * Slow path of a write: faults if any byte is not writable; otherwise tells the CPU about code
   * pages being written, clears their CODE bit, and returns so the write can proceed.
   */
  slowWriteCheck(address: number, size: number): void {
    const first = address >>> PAGE_SHIFT;
    const lastAddress = address + size - 1;
    if (lastAddress >= ADDRESS_SPACE_SIZE) this.fault(address, size, AccessKind.Write);
    const last = lastAddress >>> PAGE_SHIFT;
    if (this.lazyPages > 0) this.materialize(address, size);
    for (let page = first; page <= last; page++) {
      const f = this.pageFlags[page]!;
      if ((f & PAGE_WRITE) === 0) this.fault(address, size, AccessKind.Write);
    }
    for (let page = first; page <= last; page++) {
      if ((this.pageFlags[page]! & PAGE_CODE) !== 0) {
        this.pageFlags[page] = this.pageFlags[page]! & ~PAGE_CODE;
        this.onCodeWrite(page);
      }
    }
  }

  /**
   * The slow path of an access of `size` bytes at `address` that a permission check refused:
   * copies in the lazily mapped pages it covers and returns when that makes the access allowed;
   * otherwise throws the MemoryFault, naming the first bad byte.
   */
  fault(address: number, size: number, access: AccessKind): void {
    const need = access === AccessKind.Read ? PAGE_READ : access === AccessKind.Write ? PAGE_WRITE : PAGE_EXEC;
    if (this.lazyPages > 0 && this.materialize(address, size) && this.isAccessible(address, size, need)) return;
    for (let a = address; a < address + size; a = a - (a % PAGE_SIZE) + PAGE_SIZE) {
      const flags = a < ADDRESS_SPACE_SIZE ? this.pageFlags[a >>> PAGE_SHIFT]! : 0;
      if ((flags & need) === 0) {
        throw new MemoryFault(a, (flags & PAGE_MAPPED) === 0 ? SEGV_MAPERR : SEGV_ACCERR, access);
      }
    }
    throw new MemoryFault(address, SEGV_ACCERR, access);
  }

  // ---- bulk access for the kernel and the loader (permission-checked) ----

  /** Whether [address, address+length) is entirely mapped with at least `prot` (PAGE_* bits). */
  isAccessible(address: number, length: number, prot: number): boolean {
    if (length === 0) return true;
    if (address < 0 || address + length > ADDRESS_SPACE_SIZE) return false;
    const last = (address + length - 1) >>> PAGE_SHIFT;
    for (let page = address >>> PAGE_SHIFT; page <= last; page++) {
      const flags = this.pageFlags[page]!;
      if ((flags & prot) === prot) continue;
      if ((flags & PAGE_LAZY) === 0) return false;
      this.copyIn(page);
      if ((this.pageFlags[page]! & prot) !== prot) return false;
    }
    return true;
  }

  /** A copy of guest bytes; faults (MemoryFault) if any is unreadable. */
  readBytes(address: number, length: number): Uint8Array {
    if (!this.isAccessible(address, length, PAGE_READ)) this.fault(address, length, AccessKind.Read);
    return this.bytes.slice(address, address + length);
  }

  /** Writes guest bytes; faults if any is unwritable; invalidates decoded code it overwrites. */
  writeBytes(address: number, data: Uint8Array): void {
    if (data.length === 0) return;
    this.slowWriteCheck(address, data.length);
    this.bytes.set(data, address);
  }

  /** Reads a NUL-terminated string (without the NUL), at most `limit` bytes. */
  readCString(address: number, limit = 1 << 20): Uint8Array {
    let end = address;
    const stop = Math.min(address + limit, ADDRESS_SPACE_SIZE);
    while (end < stop) {
      if ((end & PAGE_MASK) === 0 || end === address) {
        if ((this.pageFlags[end >>> PAGE_SHIFT]! & PAGE_READ) === 0) this.fault(end, 1, AccessKind.Read);
      }
      if (this.bytes[end] === 0) break;
      end++;
    }
    return this.bytes.slice(address, end);
  }

  /** Writes without permission checks (loader filling read-only segments); marks the pages dirty. */
  poke(address: number, data: Uint8Array): void {
    if (data.length === 0) return;
    if (this.lazyPages > 0) this.materialize(address, data.length);
    this.bytes.set(data, address);
    const last = (address + data.length - 1) >>> PAGE_SHIFT;
    for (let page = address >>> PAGE_SHIFT; page <= last; page++) this.pageFlags[page]! |= PAGE_DIRTY;
  }

  // ---- mappings ----

  /** The mapping list, sorted by address. */
  get mappingList(): readonly Mapping[] {
    return this.mappings;
  }

  /** The mapping containing `address`, if any. */
  mappingAt(address: number): Mapping | undefined {
    let lo = 0;
    let hi = this.mappings.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const m = this.mappings[mid]!;
      if (address < m.start) hi = mid - 1;
      else if (address >= m.end) lo = mid + 1;
      else return m;
    }
    return undefined;
  }

  /**
   * Maps [start, start+length) (page aligned), replacing whatever was mapped there (MAP_FIXED
   * semantics). The memory is zeroed; the caller copies file contents in afterwards.
   */
  map(
    start: number,
    length: number,
    prot: number,
    details: Partial<Omit<Mapping, 'start' | 'end' | 'prot'>> = {},
  ): Mapping {
    this.checkRange(start, length);
    this.unmap(start, length);
    this.zero(start, length);
    const mapping: Mapping = {
      start,
      end: start + length,
      prot,
      shared: details.shared ?? false,
      name: details.name ?? '',
      offset: details.offset ?? 0,
      device: details.device ?? 0,
      inode: details.inode ?? 0,
    };
    const index = this.mappings.findIndex((m) => m.start > start);
    this.mappings.splice(index < 0 ? this.mappings.length : index, 0, mapping);
    this.setPageFlags(start, length, PAGE_MAPPED | (prot & 7) | (prot & PAGE_WRITE ? PAGE_DIRTY : 0));
    // Linux merges a new mapping with compatible neighbours (vma_merge): /proc/self/maps shows one line.
    this.mergeNeighbours();
    return this.mappingAt(start)!;
  }

  /**
   * Maps [start, start+length) (page aligned) as `map` does, with `source` as its first bytes
   * (the rest zero), copied in page by page at first access rather than now. Why: the loader
   * copied a program's whole image, and a static glibc hello world touches about a third of its
   * text; on this VM each page touched first is a host page fault of 13-18 us (issue 4).
   */
  mapLazily(
    start: number,
    length: number,
    prot: number,
    source: Uint8Array,
    details: Partial<Omit<Mapping, 'start' | 'end' | 'prot'>> = {},
  ): Mapping {
    const mapping = this.map(start, length, prot, details);
    if (source.length === 0) return mapping;
    const first = start >>> PAGE_SHIFT;
    const last = (start + Math.min(length, pageAlignedUp(source.length))) / PAGE_SIZE;
    this.lazySources.push({ start, end: start + source.length, bytes: source });
    // map() zeroed the pages that had been written; these are clean, so the copy-in needs no zeroing.
    for (let page = first; page < last; page++) {
      if ((this.pageFlags[page]! & PAGE_LAZY) === 0) this.lazyPages++;
      this.pageFlags[page] = PAGE_MAPPED | PAGE_LAZY;
    }
    return mapping;
  }

  /**
   * Copies in the lazily mapped pages of [address, address+length) (`mapLazily`); returns whether
   * there was any. For code that reads or writes guest pages without the checked accessors.
   */
  materialize(address: number, length: number): boolean {
    if (this.lazyPages === 0 || length <= 0) return false;
    const first = Math.max(0, address) >>> PAGE_SHIFT;
    const last = (Math.min(ADDRESS_SPACE_SIZE, address + length) - 1) >>> PAGE_SHIFT;
    let any = false;
    for (let page = first; page <= last; page++) {
      if ((this.pageFlags[page]! & PAGE_LAZY) === 0) continue;
      this.copyIn(page);
      any = true;
    }
    return any;
  }

  /** Copies in every lazily mapped page (before the address space is copied: fork). */
  materializeAll(): void {
    for (const source of this.lazySources) this.materialize(source.start, source.end - source.start);
    this.lazySources = [];
  }

  /** Copies one PAGE_LAZY page's bytes in and gives it its mapping's protection. */
  private copyIn(page: number): void {
    const address = page * PAGE_SIZE;
    for (const source of this.lazySources) {
      if (address < source.start || address >= source.end) continue;
      const from = address - source.start;
      this.bytes.set(source.bytes.subarray(from, Math.min(from + PAGE_SIZE, source.bytes.length)), address);
      break;
    }
    const prot = this.mappingAt(address)?.prot ?? 0;
    this.pageFlags[page] = PAGE_MAPPED | (prot & 7) | PAGE_DIRTY;
    if (--this.lazyPages === 0) this.lazySources = [];
  }

  /** Zeroes [start, start+length) (page aligned) without touching pages that were never written. */
  zero(start: number, length: number): void {
    const last = (start + length) / PAGE_SIZE;
    for (let page = start >>> PAGE_SHIFT; page < last; page++) {
      if ((this.pageFlags[page]! & PAGE_DIRTY) === 0) continue;
      let run = page + 1;
      while (run < last && (this.pageFlags[run]! & PAGE_DIRTY) !== 0) run++;
      this.bytes.fill(0, page * PAGE_SIZE, run * PAGE_SIZE);
      for (let p = page; p < run; p++) if ((this.pageFlags[p]! & PAGE_WRITE) === 0) this.pageFlags[p]! &= ~PAGE_DIRTY;
      page = run;
    }
  }

  /** Unmaps [start, start+length); parts of mappings outside it survive. Drops cached code there. */
  unmap(start: number, length: number): void {
    this.checkRange(start, length);
    const end = start + length;
    this.splitAround(start, end);
    const removed = this.mappings.filter((m) => m.start >= start && m.end <= end);
    if (removed.length === 0) return;
    this.mappings = this.mappings.filter((m) => !(m.start >= start && m.end <= end));
    for (const m of removed) this.dropPages(m.start, m.end - m.start);
  }

  /** Changes the protection of [start, start+length); every page must be mapped (else false: ENOMEM). */
  protect(start: number, length: number, prot: number): boolean {
    this.checkRange(start, length);
    if (!this.isAccessible(start, length, PAGE_MAPPED)) return false;
    this.materialize(start, length);
    const end = start + length;
    this.splitAround(start, end);
    for (const m of this.mappings) if (m.start >= start && m.end <= end) m.prot = prot;
    this.mergeNeighbours();
    for (let page = start >>> PAGE_SHIFT; page < end / PAGE_SIZE; page++) {
      const old = this.pageFlags[page]!;
      if ((old & PAGE_CODE) !== 0 && (prot & PAGE_EXEC) === 0) this.onCodeWrite(page);
      this.pageFlags[page] =
        PAGE_MAPPED |
        (prot & 7) |
        (prot & PAGE_EXEC ? old & PAGE_CODE : 0) |
        (prot & PAGE_WRITE ? PAGE_DIRTY : old & PAGE_DIRTY);
    }
    return true;
  }

  /**
   * Finds a free, page-aligned range of `length` bytes, searching downward from `below`
   * (Linux's top-down mmap layout) and never under `floor`. Returns -1 when there is none.
   */
  findFree(length: number, below: number, floor: number): number {
    let candidateEnd = below;
    for (let i = this.mappings.length - 1; i >= -1; i--) {
      const m = this.mappings[i];
      const gapStart = m ? m.end : floor;
      if (m && m.start >= candidateEnd) continue;
      const top = Math.min(candidateEnd, below);
      if (top - gapStart >= length && top - length >= floor) return top - length;
      if (!m) break;
      candidateEnd = m.start;
    }
    return -1;
  }

  /** Whether any page of [start, start+length) is mapped. */
  isAnyMapped(start: number, length: number): boolean {
    const last = (start + length - 1) >>> PAGE_SHIFT;
    for (let page = start >>> PAGE_SHIFT; page <= last; page++) {
      if ((this.pageFlags[page]! & PAGE_MAPPED) !== 0) return true;
    }
    return false;
  }

  /** Marks a page as holding decoded instructions (the CPU calls this when it caches a decode). */
  markCode(page: number): void {
    this.pageFlags[page] = this.pageFlags[page]! | PAGE_CODE;
  }

  private checkRange(start: number, length: number): void {
    if ((start & PAGE_MASK) !== 0 || (length & PAGE_MASK) !== 0 || start < 0 || start + length > ADDRESS_SPACE_SIZE) {
      throw new RangeError(`address space: bad range 0x${start.toString(16)}+0x${length.toString(16)}`);
    }
  }

  /** Splits mappings so that `start` and `end` fall on mapping boundaries. */
  private splitAround(start: number, end: number): void {
    for (const cut of [start, end]) {
      const m = this.mappingAt(cut);
      if (!m || m.start === cut) continue;
      const tail: Mapping = { ...m, start: cut, offset: m.name !== '' ? m.offset + (cut - m.start) : 0 };
      m.end = cut;
      this.mappings.splice(this.mappings.indexOf(m) + 1, 0, tail);
    }
  }

  /** Merges adjacent anonymous-or-same-file mappings with equal attributes, as Linux does. */
  private mergeNeighbours(): void {
    const merged: Mapping[] = [];
    for (const m of this.mappings) {
      const prev = merged[merged.length - 1];
      if (
        prev &&
        prev.end === m.start &&
        prev.prot === m.prot &&
        prev.shared === m.shared &&
        prev.name === m.name &&
        prev.inode === m.inode &&
        (m.name === '' || m.name.startsWith('[') || prev.offset + (prev.end - prev.start) === m.offset)
      ) {
        prev.end = m.end;
      } else {
        merged.push(m);
      }
    }
    this.mappings = merged;
  }

  private dropPages(start: number, length: number): void {
    const last = (start + length) / PAGE_SIZE;
    for (let page = start >>> PAGE_SHIFT; page < last; page++) {
      if ((this.pageFlags[page]! & PAGE_CODE) !== 0) this.onCodeWrite(page);
      if ((this.pageFlags[page]! & PAGE_LAZY) !== 0 && --this.lazyPages === 0) this.lazySources = [];
      this.pageFlags[page] = this.pageFlags[page]! & PAGE_DIRTY;
    }
  }

  private setPageFlags(start: number, length: number, flags: number): void {
    this.pageFlags.fill(flags, start >>> PAGE_SHIFT, (start + length) / PAGE_SIZE);
  }
}

function pageAlignedUp(length: number): number {
  return Math.ceil(length / PAGE_SIZE) * PAGE_SIZE;
}
