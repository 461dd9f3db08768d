// Where things go in the guest's address space.
//
// The address space is 4 GiB (src/memory/address-space.ts: one WebAssembly.Memory, guest address
// == offset), so Miros lays a 64-bit process out the way Linux lays out a 32-bit process on a
// 64-bit kernel (the "compat" layout), with address-space randomisation off so that every run is
// the same:
//
//   0x00000000 – 0x0000ffff   never mapped (mmap_min_addr): null-pointer accesses fault
//   0x00400000 …              a non-PIE executable, where it was linked (typically)
//   0x56555000 …              a PIE (static-pie) executable; brk/[heap] right after the image
//       …  free  …
//   … 0xf7ffe000              mmap area, allocated top-down below MMAP_BASE
//   … 0xf7ffe000 – 0xffffe000 stack rlimit + guard gap (at least 128 MiB) reserved for [stack]
//   0xffffe000 – 0xffffffff   never mapped (the compat TASK_SIZE ends at 0xffffe000)

import { PAGE_SIZE } from '../memory/address-space.ts';

/** Lowest address mmap may use (Linux's default vm.mmap_min_addr). */
export const MMAP_MIN_ADDR = 0x10000;
/** One past the highest user address, as for a compat task (IA32_PAGE_OFFSET). */
export const TASK_SIZE = 0xffffe000;
/** The initial stack ends here (its top 8 bytes are zero, as on Linux). */
export const STACK_TOP = TASK_SIZE;
/** Load address of ET_DYN executables (i386 Linux's ELF_ET_DYN_BASE without randomisation). */
export const PIE_BASE = 0x56555000;
/** Linux's stack_guard_gap: no mapping may come this close below a growing stack. */
export const STACK_GUARD_GAP = 256 * PAGE_SIZE;
/** What Linux adds below the argument pages when it sets up the stack (setup_arg_pages). */
export const STACK_INITIAL_EXPANSION = 128 * 1024;
/** Default RLIMIT_STACK (8 MiB), as a login shell leaves it. */
export const DEFAULT_STACK_LIMIT = 8 * 1024 * 1024;

const MIN_GAP = 128 * 1024 * 1024;
const MAX_GAP = Math.floor(TASK_SIZE / 6) * 5;

/** Top of the mmap area for a given stack rlimit (Linux's mmap_base(), without randomisation). */
export function mmapBase(stackLimit: number): number {
  let gap = Math.min(stackLimit, TASK_SIZE) + STACK_GUARD_GAP;
  if (gap < MIN_GAP) gap = MIN_GAP;
  else if (gap > MAX_GAP) gap = MAX_GAP;
  return pageAlignUp(TASK_SIZE - gap);
}

export function pageAlignUp(value: number): number {
  return Math.ceil(value / PAGE_SIZE) * PAGE_SIZE;
}

export function pageAlignDown(value: number): number {
  return Math.floor(value / PAGE_SIZE) * PAGE_SIZE;
}
