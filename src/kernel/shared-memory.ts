// MAP_SHARED mappings across fork. Every process has its own address space (one WebAssembly
// memory each: src/memory/address-space.ts), so a page cannot be mapped into two of them. Only one
// guest thread runs at any moment, though, so sharing can be exact without it: a shared range
// has one canonical copy of its bytes (SharedRegion), the process that runs writes its bytes
// into the region when the system switches away from it (syncOut), and the process it switches
// to takes them from there (syncIn) before it runs an instruction. A store in one process is
// then seen by the other at its next instruction, as with real shared pages.
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
}

let lastRegionId = 0;

/** Part of a process's address space that shows part of a region. */
export interface SharedEntry {
  start: number;
  end: number;
  region: SharedRegion;
  /** Offset in the region of `start`. */
  offset: number;
}

/**
 * At fork: every MAP_SHARED mapping of the parent that no region covers yet gets one, and the
 * child shows the same regions at the same addresses.
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
        const region = { id: ++lastRegionId, data: new Uint8Array(from - at) };
        entries.push({ start: at, end: from, region, offset: 0 });
      }
      at = Math.max(at, to);
    }
  }
  child.mm.shared = entries.map((e) => ({ ...e }));
}

/** The running process is switched away from: its shared bytes become the regions' contents. */
export function syncOut(mm: MemoryManager): void {
  const bytes = mm.memory.bytes;
  for (const e of mm.shared) e.region.data.set(bytes.subarray(e.start, e.end), e.offset);
}

/** A process is switched to: its shared ranges take the regions' contents. */
export function syncIn(mm: MemoryManager): void {
  const memory = mm.memory;
  for (const e of mm.shared) {
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
  mm.shared = kept;
}
