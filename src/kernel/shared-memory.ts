// MAP_SHARED mappings across processes. Every process has its own address space (one WebAssembly
// memory each: src/memory/address-space.ts), so a page cannot be mapped into two of them. Only one
// guest thread runs at any moment, though, so sharing can be exact without it: a shared range
// has one canonical copy of its bytes (SharedRegion), the process that runs writes its bytes
// into the region when the system switches away from it (syncOut), and the process it switches
// to takes them from there (syncIn) before it runs an instruction. A store in one process is
// then seen by the other at its next instruction, as with real shared pages.
//
// Regions come from fork (the parent's MAP_SHARED mappings, anonymous or not: shareMappings)
// and from MAP_SHARED mappings of one file by several processes of a system (a region per file,
// at file offsets: FileSharing). A region with one member is not copied at switches; versions
// make a process take the bytes only when another has published newer ones.
//
// Shared futexes on these ranges are keyed by region and offset (./futex-queue.ts). What stays
// private: a shared mapping moved by mremap (the moved range leaves the region).

import { PAGE_DIRTY, PAGE_SHIFT, PAGE_SIZE } from '../memory/address-space.ts';
import type { MemoryManager } from './memory-manager.ts';
import type { Process } from './process.ts';

/** The canonical bytes of a shared range mapped by more than one process. */
export interface SharedRegion {
  /** A number of its own (shared futexes are keyed by region and offset: ./futex-queue.ts). */
  id: number;
  data: Uint8Array;
  /** The memory managers showing part of the region. */
  members: Set<MemoryManager>;
  /** Counts publications (syncOut) into `data`. */
  version: number;
}

let lastRegionId = 0;

function newRegion(size: number): SharedRegion {
  return { id: ++lastRegionId, data: new Uint8Array(size), members: new Set(), version: 0 };
}

/** Part of a process's address space that shows part of a region. */
export interface SharedEntry {
  start: number;
  end: number;
  region: SharedRegion;
  /** Offset in the region of `start`. */
  offset: number;
  /** The region's version these bytes hold. */
  seen: number;
}

/**
 * At fork: every MAP_SHARED mapping of the parent that no region covers yet gets one, and the
 * child shows the same regions at the same addresses (its memory is a copy of the parent's, so
 * it holds their bytes already).
 */
export function shareMappings(parent: Process, child: Process): void {
  const entries = parent.mm.shared;
  for (const m of parent.memory.mappingList) {
    if (!m.shared) continue;
    // The pieces of the mapping that no region covers yet.
    const covered = entries
      .filter((e) => e.start < m.end && e.end > m.start)
      .map((e) => [Math.max(e.start, m.start), Math.min(e.end, m.end)] as const)
      .sort((a, b) => a[0] - b[0]);
    let at = m.start;
    for (const [from, to] of [...covered, [m.end, m.end] as const]) {
      if (from > at) {
        const region = newRegion(from - at);
        region.members.add(parent.mm);
        entries.push({ start: at, end: from, region, offset: 0, seen: 0 });
      }
      at = Math.max(at, to);
    }
  }
  child.mm.shared = entries.map((e) => {
    e.region.members.add(child.mm);
    return { ...e };
  });
}

/** The running process is switched away from: its shared bytes become the regions' contents. */
export function syncOut(mm: MemoryManager): void {
  const bytes = mm.memory.bytes;
  for (const e of mm.shared) {
    if (e.region.members.size < 2) continue;
    e.region.data.set(bytes.subarray(e.start, e.end), e.offset);
    e.seen = ++e.region.version;
  }
}

/** A process is switched to: its shared ranges take the regions' newer contents. */
export function syncIn(mm: MemoryManager): void {
  const memory = mm.memory;
  for (const e of mm.shared) {
    if (e.seen === e.region.version) continue;
    e.seen = e.region.version;
    memory.bytes.set(e.region.data.subarray(e.offset, e.offset + (e.end - e.start)), e.start);
    for (let page = e.start >>> PAGE_SHIFT; page < e.end / PAGE_SIZE; page++) memory.pageFlags[page]! |= PAGE_DIRTY;
  }
}

/** [start, end) of a process no longer shows its regions there (munmap, a new mapping over it). */
export function unshare(mm: MemoryManager, start: number, end: number): void {
  if (mm.shared.length === 0) return;
  const kept: SharedEntry[] = [];
  for (const e of mm.shared) {
    if (e.end <= start || e.start >= end) {
      kept.push(e);
      continue;
    }
    if (e.start < start) kept.push({ ...e, end: start });
    if (e.end > end) kept.push({ ...e, start: end, offset: e.offset + (end - e.start) });
  }
  const before = new Set(mm.shared.map((e) => e.region));
  mm.shared = kept;
  for (const region of before) if (!kept.some((e) => e.region === region)) region.members.delete(mm);
}

/** The process's memory manager leaves every region (it ended or called execve). */
export function releaseShared(mm: MemoryManager): void {
  for (const e of mm.shared) e.region.members.delete(mm);
  mm.shared = [];
}

/**
 * MAP_SHARED mappings of one file by several processes of a system: a region per file (by device
 * and inode) at file offsets. Each new mapping joins it and shows its current bytes.
 */
export class FileSharing {
  private readonly regions = new Map<unknown, SharedRegion>();

  /**
   * `mm` has just mapped [start, end) of the file `identity` (a host file's "device:inode", an
   * in-memory file's node) at `fileOffset` MAP_SHARED, its pages filled from the file: where
   * other processes map the same file, their bytes win (they may not have been written back
   * yet); elsewhere the file's bytes become the region's.
   */
  mapped(mm: MemoryManager, start: number, end: number, identity: unknown, fileOffset: number): void {
    let region = this.regions.get(identity);
    if (region === undefined) {
      region = newRegion(0);
      this.regions.set(identity, region);
    }
    const length = end - start;
    if (region.data.length < fileOffset + length) {
      const grown = new Uint8Array(fileOffset + length);
      grown.set(region.data);
      region.data = grown;
    }
    // A lone member publishes nothing at switches: take its bytes now (it is not running).
    if (region.members.size === 1) {
      for (const member of region.members) {
        for (const e of member.shared) {
          if (e.region === region) region.data.set(member.memory.bytes.subarray(e.start, e.end), e.offset);
        }
      }
    }
    // The parts of the new mapping other members show take the region's bytes; the rest gives
    // the file's bytes to the region.
    const memory = mm.memory;
    const others: [number, number][] = [];
    for (const member of region.members) {
      for (const e of member.shared) if (e.region === region) others.push([e.offset, e.offset + (e.end - e.start)]);
    }
    for (let at = fileOffset; at < fileOffset + length; at += PAGE_SIZE) {
      const page = start + (at - fileOffset);
      const pageEnd = Math.min(at + PAGE_SIZE, fileOffset + length);
      if (others.some(([from, to]) => from < pageEnd && to > at)) {
        memory.bytes.set(region.data.subarray(at, pageEnd), page);
        memory.pageFlags[page >>> PAGE_SHIFT]! |= PAGE_DIRTY;
      } else {
        region.data.set(memory.bytes.subarray(page, page + (pageEnd - at)), at);
      }
    }
    region.version++;
    region.members.add(mm);
    mm.shared.push({ start, end, region, offset: fileOffset, seen: region.version });
  }
}
