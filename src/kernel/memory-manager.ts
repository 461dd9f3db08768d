// The process's memory system calls over the address space (src/memory/address-space.ts):
// mmap, munmap, mprotect, mremap, brk, madvise, msync, and the growth of the main stack.
// Argument checks and errno follow Linux's mm/mmap.c, mm/mremap.c, mm/madvise.c.

import { ADDRESS_SPACE_SIZE, type AddressSpace, PAGE_MASK, PAGE_SIZE } from '../memory/address-space.ts';
import { MAP_SHARED_VALIDATE, MAP_TYPE, Madvise, MapFlag, MremapFlag, MsyncFlag, Prot } from './abi/flags.ts';
import { Errno, fail } from './errno.ts';
import { MemoryFile } from './fs/memory-file.ts';
import type { OpenFile } from './fs/open-file.ts';
import type { Stat } from './fs/stat.ts';
import { MMAP_MIN_ADDR, mmapBase, pageAlignUp, STACK_GUARD_GAP, STACK_TOP, TASK_SIZE } from './layout.ts';
import { type FileSharing, type SharedEntry, unshare } from './shared-memory.ts';

/** The file behind part of the address space, for write-back and MADV_DONTNEED. */
interface FileBacking {
  start: number;
  end: number;
  file: OpenFile;
  /** File offset of `start`. */
  offset: number;
  shared: boolean;
}

const KNOWN_MAP_FLAGS =
  MapFlag.SHARED |
  MapFlag.PRIVATE |
  MapFlag.FIXED |
  MapFlag.ANONYMOUS |
  MapFlag['32BIT'] |
  MapFlag.GROWSDOWN |
  MapFlag.DENYWRITE |
  MapFlag.EXECUTABLE |
  MapFlag.LOCKED |
  MapFlag.NORESERVE |
  MapFlag.POPULATE |
  MapFlag.NONBLOCK |
  MapFlag.STACK |
  MapFlag.HUGETLB |
  MapFlag.SYNC |
  MapFlag.FIXED_NOREPLACE |
  MapFlag.UNINITIALIZED |
  (0x3f << 26); // MAP_HUGE_SHIFT size bits

const PROT_MASK = Prot.READ | Prot.WRITE | Prot.EXEC | Prot.SEM;

export interface MmapFile {
  file: OpenFile;
  stat: Stat;
  /** The name /proc/self/maps shows. */
  name: string;
}

export class MemoryManager {
  /** brk: where the heap starts (end of the executable image) and the current break. */
  brkStart = 0;
  brk = 0;
  /** The lowest address of the main stack mapping (it grows down from STACK_TOP). */
  stackStart = STACK_TOP;
  /** Current RLIMIT_STACK soft limit (the stack may grow to STACK_TOP minus this). */
  stackLimit: number;
  /** Top of the mmap area; allocations go top-down below it. */
  mmapTop: number;
  private backings: FileBacking[] = [];
  /** MAP_SHARED ranges shown to other processes too (after fork: ./shared-memory.ts). */
  shared: SharedEntry[] = [];
  /** The system's regions of files mapped MAP_SHARED (set when the process joins a System). */
  fileSharing: FileSharing | undefined;

  constructor(
    readonly memory: AddressSpace,
    stackLimit: number,
  ) {
    this.stackLimit = stackLimit;
    this.mmapTop = mmapBase(stackLimit);
  }

  /** Sets the program break after the executable is loaded. */
  setBrkStart(address: number): void {
    this.brkStart = pageAlignUp(address);
    this.brk = this.brkStart;
  }

  // ---- mmap ----

  mmap(address: number, length: number, prot: number, flags: number, offset: number, source?: MmapFile): number {
    if (length === 0) fail(Errno.EINVAL);
    if (offset % PAGE_SIZE !== 0 || offset < 0) fail(Errno.EINVAL);
    const type = flags & MAP_TYPE;
    if (type === MAP_SHARED_VALIDATE) {
      if (flags & ~KNOWN_MAP_FLAGS) fail(Errno.EOPNOTSUPP);
    } else if (type !== MapFlag.SHARED && type !== MapFlag.PRIVATE) {
      fail(Errno.EINVAL);
    }
    const shared = type !== MapFlag.PRIVATE;
    if (prot & ~(PROT_MASK | Prot.GROWSDOWN | Prot.GROWSUP)) fail(Errno.EINVAL);
    if (length > TASK_SIZE) fail(Errno.ENOMEM);
    const size = pageAlignUp(length);
    const anonymous = (flags & MapFlag.ANONYMOUS) !== 0 || source === undefined;
    if (flags & MapFlag.HUGETLB) fail(Errno.EINVAL);

    if (!anonymous) {
      const file = source!.file;
      if (!file.readable) fail(Errno.EACCES);
      if (shared && prot & Prot.WRITE && !file.writable) fail(Errno.EACCES);
      if (offset + size > Number.MAX_SAFE_INTEGER) fail(Errno.EOVERFLOW);
    }

    const start = this.placeMapping(address, size, flags);
    const name = anonymous ? '' : source!.name;
    this.dropBackings(start, start + size);
    this.memory.map(start, size, prot & 7, {
      shared,
      name,
      offset: anonymous ? 0 : offset,
      device: anonymous ? 0 : source!.stat.dev,
      inode: anonymous ? 0 : source!.stat.ino,
    });
    if (!anonymous) {
      const data = source!.file.readForMapping(offset, size);
      this.memory.poke(start, data);
      this.backings.push({ start, end: start + size, file: source!.file.retain(), offset, shared });
      if (shared && this.fileSharing !== undefined) {
        const file = source!.file;
        const identity = file instanceof MemoryFile ? file.node : `${source!.stat.dev}:${source!.stat.ino}`;
        this.fileSharing.mapped(this, start, start + size, identity, offset);
      }
    }
    return start;
  }

  /** Chooses where a new mapping of `size` bytes goes (Linux's get_unmapped_area + MAP_FIXED checks). */
  private placeMapping(address: number, size: number, flags: number): number {
    if (flags & (MapFlag.FIXED | MapFlag.FIXED_NOREPLACE)) {
      if (address & PAGE_MASK) fail(Errno.EINVAL);
      if (address + size > TASK_SIZE) fail(Errno.ENOMEM);
      if (address < MMAP_MIN_ADDR) fail(Errno.EPERM);
      if (flags & MapFlag.FIXED_NOREPLACE && this.memory.isAnyMapped(address, size)) fail(Errno.EEXIST);
      this.writeBack(address, address + size);
      return address;
    }
    if (address !== 0) {
      const hint = address - (address % PAGE_SIZE);
      if (hint >= MMAP_MIN_ADDR && hint + size <= this.mmapTop && !this.memory.isAnyMapped(hint, size)) return hint;
    }
    const found = this.memory.findFree(size, this.mmapTop, MMAP_MIN_ADDR);
    if (found < 0) fail(Errno.ENOMEM);
    return found;
  }

  munmap(address: number, length: number): void {
    if (address & PAGE_MASK || length === 0) fail(Errno.EINVAL);
    const size = pageAlignUp(length);
    if (address + size > ADDRESS_SPACE_SIZE || size > ADDRESS_SPACE_SIZE) fail(Errno.EINVAL);
    this.writeBack(address, address + size);
    this.dropBackings(address, address + size);
    this.memory.unmap(address, Math.min(size, ADDRESS_SPACE_SIZE - address));
  }

  mprotect(address: number, length: number, prot: number): void {
    if (address & PAGE_MASK) fail(Errno.EINVAL);
    if (prot & ~(PROT_MASK | Prot.GROWSDOWN | Prot.GROWSUP)) fail(Errno.EINVAL);
    if ((prot & Prot.GROWSDOWN) !== 0 && (prot & Prot.GROWSUP) !== 0) fail(Errno.EINVAL);
    if (length === 0) return;
    let start = address;
    const end = address + pageAlignUp(length);
    if (end > ADDRESS_SPACE_SIZE) fail(Errno.ENOMEM);
    if (prot & Prot.GROWSDOWN) {
      // Applies down to the start of the growing stack mapping.
      const mapping = this.memory.mappingAt(address);
      if (mapping?.name !== '[stack]') fail(Errno.EINVAL);
      start = mapping!.start;
    }
    // A shared mapping of a file opened without write access may never become writable (no VM_MAYWRITE).
    if (prot & Prot.WRITE) {
      for (const b of this.backings) {
        if (b.shared && !b.file.writable && b.start < end && b.end > start) fail(Errno.EACCES);
      }
    }
    // Linux changes the mappings from `start` up to the first hole, then reports ENOMEM.
    const mapped = this.mappedPrefix(start, end);
    if (mapped > start) this.memory.protect(start, mapped - start, prot & 7);
    if (mapped < end) fail(Errno.ENOMEM);
  }

  /** The end of the run of mapped pages starting at `start` (at most `end`). */
  private mappedPrefix(start: number, end: number): number {
    let at = start;
    while (at < end) {
      const m = this.memory.mappingAt(at);
      if (!m) break;
      at = Math.min(end, m.end);
    }
    return at;
  }

  // ---- brk ----

  /** brk(2): returns the new break, or the old one when it cannot move (Linux never fails brk). */
  setBrk(requested: number): number {
    if (requested < this.brkStart || requested > TASK_SIZE) return this.brk;
    const oldEnd = pageAlignUp(this.brk);
    const newEnd = pageAlignUp(requested);
    if (newEnd > oldEnd) {
      // The heap may not run into another mapping or the stack's guard gap.
      if (this.memory.isAnyMapped(oldEnd, newEnd - oldEnd)) return this.brk;
      if (newEnd > this.stackStart - STACK_GUARD_GAP) return this.brk;
      this.memory.map(oldEnd, newEnd - oldEnd, Prot.READ | Prot.WRITE, { name: '[heap]' });
    } else if (newEnd < oldEnd) {
      this.memory.unmap(newEnd, oldEnd - newEnd);
    }
    this.brk = requested;
    return requested;
  }

  // ---- mremap ----

  mremap(oldAddress: number, oldLength: number, newLength: number, flags: number, newAddress: number): number {
    if (flags & ~(MremapFlag.MAYMOVE | MremapFlag.FIXED | MremapFlag.DONTUNMAP)) fail(Errno.EINVAL);
    if (flags & MremapFlag.FIXED && !(flags & MremapFlag.MAYMOVE)) fail(Errno.EINVAL);
    if (flags & MremapFlag.DONTUNMAP && !(flags & MremapFlag.MAYMOVE)) fail(Errno.EINVAL);
    if (oldAddress & PAGE_MASK) fail(Errno.EINVAL);
    const oldSize = pageAlignUp(oldLength);
    const newSize = pageAlignUp(newLength);
    if (newSize === 0) fail(Errno.EINVAL);
    if (oldAddress + oldSize > TASK_SIZE || newSize > TASK_SIZE) fail(Errno.EINVAL);
    const mapping = this.memory.mappingAt(oldAddress);
    if (!mapping) fail(Errno.EFAULT);
    if (oldSize === 0) {
      // Duplicating a mapping (old_size 0) only works for shared mappings.
      if (!mapping.shared || !(flags & MremapFlag.MAYMOVE)) fail(Errno.EINVAL);
    }
    if (oldAddress + oldSize > mapping.end) fail(Errno.EFAULT);

    if (flags & MremapFlag.FIXED) {
      if (newAddress & PAGE_MASK) fail(Errno.EINVAL);
      if (newAddress + newSize > TASK_SIZE) fail(Errno.EINVAL);
      if (newAddress < oldAddress + oldSize && oldAddress < newAddress + newSize) fail(Errno.EINVAL);
      this.munmap(newAddress, newSize);
      return this.move(oldAddress, oldSize, newAddress, newSize, flags);
    }
    if (newSize <= oldSize) {
      if (newSize < oldSize) this.munmap(oldAddress + newSize, oldSize - newSize);
      return oldAddress;
    }
    // Grow in place when the pages after the mapping are free.
    const tail = oldAddress + oldSize;
    if (
      oldAddress + oldSize === mapping.end &&
      tail + (newSize - oldSize) <= TASK_SIZE &&
      !this.memory.isAnyMapped(tail, newSize - oldSize)
    ) {
      this.extend(oldAddress, oldSize, newSize);
      return oldAddress;
    }
    if (!(flags & MremapFlag.MAYMOVE)) fail(Errno.ENOMEM);
    const target = this.memory.findFree(newSize, this.mmapTop, MMAP_MIN_ADDR);
    if (target < 0) fail(Errno.ENOMEM);
    return this.move(oldAddress, oldSize, target, newSize, flags);
  }

  /** Extends the mapping at [address, address+oldSize) to newSize in place. */
  private extend(address: number, oldSize: number, newSize: number): void {
    const mapping = this.memory.mappingAt(address)!;
    const tail = address + oldSize;
    const fileOffset =
      mapping.name !== '' && !mapping.name.startsWith('[') ? mapping.offset + (tail - mapping.start) : 0;
    this.memory.map(tail, newSize - oldSize, mapping.prot, {
      shared: mapping.shared,
      name: mapping.name,
      offset: fileOffset,
      device: mapping.device,
      inode: mapping.inode,
    });
    const backing = this.backingAt(address);
    if (backing) {
      const data = backing.file.readForMapping(backing.offset + (tail - backing.start), newSize - oldSize);
      this.memory.poke(tail, data);
      if (backing.end === tail) backing.end = address + newSize;
    }
  }

  private move(oldAddress: number, oldSize: number, newAddress: number, newSize: number, flags: number): number {
    const mapping = this.memory.mappingAt(oldAddress)!;
    const copy = Math.min(oldSize, newSize);
    // A lazily mapped program image (AddressSpace.mapLazily) has pages not copied in yet.
    this.memory.materialize(oldAddress, copy);
    const bytes = this.memory.bytes.slice(oldAddress, oldAddress + copy);
    const fileOffset =
      mapping.name !== '' && !mapping.name.startsWith('[') ? mapping.offset + (oldAddress - mapping.start) : 0;
    const backing = this.backingAt(oldAddress);
    this.memory.map(newAddress, newSize, mapping.prot, {
      shared: mapping.shared,
      name: mapping.name,
      offset: fileOffset,
      device: mapping.device,
      inode: mapping.inode,
    });
    this.memory.poke(newAddress, bytes);
    if (backing) {
      if (newSize > oldSize) {
        const more = backing.file.readForMapping(
          backing.offset + (oldAddress - backing.start) + oldSize,
          newSize - oldSize,
        );
        this.memory.poke(newAddress + oldSize, more);
      }
      this.backings.push({
        start: newAddress,
        end: newAddress + newSize,
        file: backing.file.retain(),
        offset: backing.offset + (oldAddress - backing.start),
        shared: backing.shared,
      });
    }
    if (oldSize > 0) {
      if (flags & MremapFlag.DONTUNMAP) {
        // The old range stays mapped, as fresh anonymous memory (private) .
        this.dropBackings(oldAddress, oldAddress + oldSize);
        this.memory.map(oldAddress, oldSize, mapping.prot, { shared: mapping.shared });
      } else {
        this.dropBackings(oldAddress, oldAddress + oldSize);
        this.memory.unmap(oldAddress, oldSize);
      }
    }
    return newAddress;
  }

  // ---- madvise, msync ----

  madvise(address: number, length: number, advice: number): void {
    if (address & PAGE_MASK) fail(Errno.EINVAL);
    if (!Object.values(Madvise.group.values).includes(advice)) fail(Errno.EINVAL);
    const size = pageAlignUp(length);
    if (size === 0) return;
    if (address + size > TASK_SIZE) fail(Errno.EINVAL);
    if (advice === Madvise.HWPOISON || advice === Madvise.SOFT_OFFLINE) fail(Errno.EPERM);
    // Linux applies the advice to the mapped parts and reports ENOMEM if there was a hole.
    if (!this.memory.isAnyMapped(address, size)) fail(Errno.ENOMEM);
    if (
      advice === Madvise.DONTNEED ||
      advice === Madvise.DONTNEED_LOCKED ||
      advice === Madvise.FREE ||
      advice === Madvise.REMOVE
    ) {
      this.discard(address, address + size, advice === Madvise.REMOVE);
    }
    // Other advice is about paging, which has no effect on memory that is never paged out.
    if (!this.memory.isAccessible(address, size, 8 /* PAGE_MAPPED */)) fail(Errno.ENOMEM);
  }

  /**
   * MADV_DONTNEED: private anonymous pages read back as zeros; private file pages as the file's
   * contents again; shared pages keep their data (it is the file's, or the shared object's).
   */
  private discard(start: number, end: number, includeShared: boolean): void {
    for (const mapping of this.memory.mappingList) {
      const from = Math.max(start, mapping.start);
      const to = Math.min(end, mapping.end);
      if (from >= to) continue;
      if (mapping.shared && !includeShared) continue;
      const backing = mapping.shared ? undefined : this.backingAt(from);
      this.memory.zero(from, to - from);
      if (backing) {
        this.memory.poke(from, backing.file.readForMapping(backing.offset + (from - backing.start), to - from));
      }
    }
  }

  msync(address: number, length: number, flags: number): void {
    if (address & PAGE_MASK) fail(Errno.EINVAL);
    if (flags & ~(MsyncFlag.ASYNC | MsyncFlag.INVALIDATE | MsyncFlag.SYNC)) fail(Errno.EINVAL);
    if (flags & MsyncFlag.ASYNC && flags & MsyncFlag.SYNC) fail(Errno.EINVAL);
    const end = address + pageAlignUp(length);
    if (!this.memory.isAccessible(address, end - address, 8)) fail(Errno.ENOMEM);
    this.writeBack(address, end);
  }

  // ---- stack growth ----

  /**
   * Called when the guest faults at `address`: grows the main stack down to cover it when the
   * address is within RLIMIT_STACK of the top and no other mapping sits within the guard gap.
   * Returns whether it grew (the faulting instruction then runs again).
   */
  growStack(address: number): boolean {
    if (address >= this.stackStart || address < 0) return false;
    const newStart = address - (address % PAGE_SIZE);
    if (STACK_TOP - newStart > this.stackLimit) return false;
    const gapBottom = Math.max(0, newStart - STACK_GUARD_GAP);
    if (this.memory.isAnyMapped(gapBottom, newStart - gapBottom)) return false;
    const stack = this.memory.mappingAt(this.stackStart);
    if (!stack) return false;
    this.memory.map(newStart, this.stackStart - newStart, stack.prot, { name: '[stack]' });
    this.stackStart = newStart;
    return true;
  }

  // ---- fork ----

  /**
   * Gives `child` (a forked process's manager, over a copy of this address space) this one's
   * state: brk, the stack's extent, the mmap area, and the file backings (the files retained).
   */
  copyInto(child: MemoryManager): void {
    child.brkStart = this.brkStart;
    child.brk = this.brk;
    child.stackStart = this.stackStart;
    child.stackLimit = this.stackLimit;
    child.mmapTop = this.mmapTop;
    child.backings = this.backings.map((b) => ({ ...b, file: b.file.retain() }));
  }

  // ---- file backings ----

  /** Writes MAP_SHARED file pages in [start, end) back to their files. */
  writeBack(start: number, end: number): void {
    for (const b of this.backings) {
      // A shared mapping of a file not open for writing can never have been made writable (mmap and
      // mprotect refuse PROT_WRITE with EACCES), so there is nothing to write back — and the host would
      // refuse the write (glibc maps gconv-modules.cache this way).
      if (!b.shared || !b.file.writable) continue;
      const from = Math.max(start, b.start);
      const to = Math.min(end, b.end);
      if (from >= to) continue;
      b.file.writeFromMapping(b.offset + (from - b.start), this.memory.bytes.subarray(from, to));
    }
  }

  /** Writes every shared file mapping back (exit). */
  writeBackAll(): void {
    this.writeBack(0, ADDRESS_SPACE_SIZE);
  }

  /** The ranges mapped from files (SysV shm finds a process's attachments by their file). */
  fileMappings(): readonly { start: number; end: number; file: OpenFile; offset: number }[] {
    return this.backings;
  }

  private backingAt(address: number): FileBacking | undefined {
    return this.backings.find((b) => address >= b.start && address < b.end);
  }

  /** Forgets the file backing and sharing of [start, end), keeping the parts outside it. */
  private dropBackings(start: number, end: number): void {
    unshare(this, start, end);
    if (this.backings.length === 0) return;
    const kept: FileBacking[] = [];
    for (const b of this.backings) {
      if (b.end <= start || b.start >= end) {
        kept.push(b);
        continue;
      }
      if (b.start < start) kept.push({ ...b, end: start, file: b.file.retain() });
      if (b.end > end) kept.push({ ...b, start: end, offset: b.offset + (end - b.start), file: b.file.retain() });
      b.file.drop();
    }
    this.backings = kept;
  }
}
