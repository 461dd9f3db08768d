// The linker's own allocations in guest memory: link maps and their name strings, DTVs, dynamic
// TLS blocks, TLSDESC arguments, the tables its guest routines read. glibc's ld.so takes these
// from its minimal malloc and later from libc's; Miros keeps them apart from the program's heap
// (a bad free in the program cannot corrupt the linker's data).
//
// Small blocks come from power-of-two size classes carved out of 64 KiB chunks; big ones get
// their own mapping. Freed blocks go back to their class. Memory is zeroed on allocation.
import { PAGE_SIZE } from '../../memory/address-space.ts';
import { type LinkerMemory, PROT_READ, PROT_WRITE, pageAlignUp } from './linker-memory.ts';

const CHUNK_SIZE = 64 * 1024;
const MIN_CLASS = 16;
/** Blocks larger than this get a mapping of their own. */
const LARGEST_CLASS = 16 * 1024;

export class GuestHeap {
  private readonly freeLists = new Map<number, number[]>();
  /** Size class (or mapping size) of every live block, by address. */
  private readonly sizes = new Map<number, number>();
  private chunkNext = 0;
  private chunkEnd = 0;

  constructor(private readonly memory: LinkerMemory) {}

  /** A forked child's copy: the same blocks (in the child's copy of the memory), its own bookkeeping. */
  copyFor(memory: LinkerMemory): GuestHeap {
    const copy = new GuestHeap(memory);
    for (const [sizeClass, list] of this.freeLists) copy.freeLists.set(sizeClass, [...list]);
    for (const [address, size] of this.sizes) copy.sizes.set(address, size);
    copy.chunkNext = this.chunkNext;
    copy.chunkEnd = this.chunkEnd;
    return copy;
  }

  /** `size` zeroed bytes aligned to `align` (a power of two up to a page). */
  allocate(size: number, align = 16): number {
    const needed = Math.max(size, align, MIN_CLASS);
    if (needed > LARGEST_CLASS || align > PAGE_SIZE) {
      const length = pageAlignUp(needed);
      const start = this.memory.reserve(length, Math.max(align, PAGE_SIZE));
      this.memory.map(start, length, PROT_READ | PROT_WRITE);
      this.sizes.set(start, -length);
      return start;
    }
    let sizeClass = MIN_CLASS;
    while (sizeClass < needed) sizeClass *= 2;
    const list = this.freeLists.get(sizeClass);
    const reused = list?.pop();
    if (reused !== undefined) {
      this.memory.space.bytes.fill(0, reused, reused + sizeClass);
      this.sizes.set(reused, sizeClass);
      return reused;
    }
    // Blocks of a class are aligned to the class size (all classes are powers of two).
    let start = Math.ceil(this.chunkNext / sizeClass) * sizeClass;
    if (start + sizeClass > this.chunkEnd) {
      const chunk = this.memory.reserve(CHUNK_SIZE, PAGE_SIZE);
      this.memory.map(chunk, CHUNK_SIZE, PROT_READ | PROT_WRITE);
      this.chunkNext = chunk;
      this.chunkEnd = chunk + CHUNK_SIZE;
      start = chunk;
    }
    this.chunkNext = start + sizeClass;
    this.sizes.set(start, sizeClass);
    return start;
  }

  /** Copies `bytes` into a new block; returns its address. */
  allocateBytes(bytes: Uint8Array, align = 16): number {
    const address = this.allocate(bytes.length, align);
    this.memory.space.bytes.set(bytes, address);
    return address;
  }

  /** A NUL-terminated copy of `text` (a byte string: one char per byte). */
  allocateString(text: string): number {
    return this.allocateBytes(Buffer.from(`${text}\0`, 'latin1'), 1);
  }

  free(address: number): void {
    const size = this.sizes.get(address);
    if (size === undefined)
      throw new Error(`linker heap: free of 0x${address.toString(16)}, which it did not allocate`);
    this.sizes.delete(address);
    if (size < 0) {
      this.memory.unmap(address, -size);
      return;
    }
    let list = this.freeLists.get(size);
    if (!list) {
      list = [];
      this.freeLists.set(size, list);
    }
    list.push(address);
  }
}
