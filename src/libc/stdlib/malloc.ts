// The guest heap behind malloc/calloc/realloc/free and the aligned allocators.
//
// Chunks look as glibc's do to the program: 16-byte aligned user pointers, the chunk's size in
// the 8 bytes before the pointer (flags in the low bits: 1 PREV_INUSE, 2 IS_MMAPPED), so
// malloc_usable_size and code peeking at the header see glibc-like values. The bookkeeping lives
// on the host: which pointers are live (so a bad or double free is caught and reported as glibc
// reports it, with SIGABRT), and free lists by exact chunk size. Memory comes from anonymous
// mmaps (arenas of at least ARENA_SIZE); requests of MMAP_THRESHOLD or more get their own
// mapping, as glibc's default mmap threshold does, and are unmapped when freed.
import type { AddressSpace } from '../../memory/address-space.ts';

const HEADER = 16;
const MIN_CHUNK = 32;
const ARENA_SIZE = 1 << 20;
/** glibc's M_MMAP_THRESHOLD default. */
export const MMAP_THRESHOLD = 128 * 1024;
const PREV_INUSE = 1;
const IS_MMAPPED = 2;
/** Largest request malloc accepts (PTRDIFF_MAX in glibc; here what fits below 4 GiB). */
const MAX_REQUEST = 0xffffffff - 2 * ARENA_SIZE;

/** What the heap needs from its process. */
export interface HeapHost {
  readonly memory: AddressSpace;
  /** Anonymous read-write mapping of `size` bytes (page multiple); returns the address or -errno. */
  mapAnonymous(size: number): number;
  unmap(address: number, size: number): void;
  /** A fatal heap error: glibc prints `message` and aborts. Does not return. */
  corrupted(message: string): never;
}

/** struct mallinfo2's fields, in its order. */
export interface HeapStatistics {
  arena: number;
  ordblks: number;
  smblks: number;
  hblks: number;
  hblkhd: number;
  usmblks: number;
  fsmblks: number;
  uordblks: number;
  fordblks: number;
  keepcost: number;
}

export class GuestHeap {
  /** Live user pointers → chunk size (header included). */
  private readonly live = new Map<number, number>();
  /** For pointers from the aligned allocators: where their underlying block starts. */
  private readonly alignedBase = new Map<number, number>();
  /** Free chunks by exact size. */
  private readonly bins = new Map<number, number[]>();
  /** User pointers of chunks sitting in a bin (a second free of one is a double free). */
  private readonly freed = new Set<number>();
  private top = 0;
  private topEnd = 0;
  /** Bytes handed out and not freed (tests). */
  inUse = 0;
  /** Bytes of the arenas mapped so far (glibc's system_mem). */
  private arenaBytes = 0;
  /** Chunks sitting in the bins, and their bytes. */
  private freeChunks = 0;
  private freeBytes = 0;
  /** Chunks with a mapping of their own, and the bytes mapped for them (glibc's n_mmaps, mmapped_mem). */
  private mappedChunks = 0;
  private mappedBytes = 0;

  constructor(private readonly host: HeapHost) {}

  /** A forked child's heap: the same chunks (in the child's copy of the memory), its own bookkeeping. */
  copyFor(host: HeapHost): GuestHeap {
    const copy = new GuestHeap(host);
    for (const [pointer, size] of this.live) copy.live.set(pointer, size);
    for (const [pointer, base] of this.alignedBase) copy.alignedBase.set(pointer, base);
    for (const [size, chunks] of this.bins) copy.bins.set(size, [...chunks]);
    for (const pointer of this.freed) copy.freed.add(pointer);
    copy.top = this.top;
    copy.topEnd = this.topEnd;
    copy.inUse = this.inUse;
    copy.arenaBytes = this.arenaBytes;
    copy.freeChunks = this.freeChunks;
    copy.freeBytes = this.freeBytes;
    copy.mappedChunks = this.mappedChunks;
    copy.mappedBytes = this.mappedBytes;
    return copy;
  }

  private static chunkSize(request: number): number {
    const size = (request + HEADER + 15) & ~15;
    return size < MIN_CHUNK ? MIN_CHUNK : size;
  }

  /** malloc: a user pointer, or 0 (ENOMEM is the caller's to set). */
  allocate(request: number): number {
    if (request > MAX_REQUEST) return 0;
    const size = GuestHeap.chunkSize(request);
    let chunk: number;
    let flags = PREV_INUSE;
    if (size >= MMAP_THRESHOLD) {
      const mapped = (size + 4095) & ~4095;
      const address = this.host.mapAnonymous(mapped);
      if (address < 0) return 0;
      chunk = address;
      flags = IS_MMAPPED;
      this.writeHeader(chunk, mapped, flags);
      this.live.set(chunk + HEADER, mapped);
      this.inUse += mapped;
      this.mappedChunks++;
      this.mappedBytes += mapped;
      return chunk + HEADER;
    }
    const bin = this.bins.get(size);
    if (bin !== undefined && bin.length > 0) {
      chunk = bin.pop()!;
      this.freed.delete(chunk + HEADER);
      this.freeChunks--;
      this.freeBytes -= size;
    } else {
      if (this.top + size > this.topEnd) {
        const arena = this.host.mapAnonymous(ARENA_SIZE);
        if (arena < 0) return 0;
        // What is left of the old arena is not worth keeping track of for big chunks.
        this.top = arena;
        this.topEnd = arena + ARENA_SIZE;
        this.arenaBytes += ARENA_SIZE;
      }
      chunk = this.top;
      this.top += size;
    }
    this.writeHeader(chunk, size, flags);
    this.live.set(chunk + HEADER, size);
    this.inUse += size;
    return chunk + HEADER;
  }

  private writeHeader(chunk: number, size: number, flags: number): void {
    const view = this.host.memory.view;
    view.setUint32(chunk + 8, (size | flags) >>> 0, true);
    view.setUint32(chunk + 12, 0, true);
  }

  /** The chunk size of a live pointer, or undefined. */
  sizeOf(pointer: number): number | undefined {
    return this.live.get(pointer);
  }

  /** malloc_usable_size. */
  usableSize(pointer: number): number {
    const size = this.live.get(pointer);
    if (size === undefined) return 0;
    return size - HEADER + 8; // glibc counts the next chunk's prev_size field as usable
  }

  /** free. `what` names the caller in glibc's messages ("free", "realloc"). */
  release(pointer: number, what = 'free'): void {
    if (pointer === 0) return;
    const size = this.live.get(pointer);
    if (size === undefined) {
      if (this.freed.has(pointer)) this.host.corrupted(`${what}(): double free detected in tcache 2`);
      this.host.corrupted(`${what}(): invalid pointer`);
    }
    this.live.delete(pointer);
    this.inUse -= size;
    const base = this.alignedBase.get(pointer);
    if (base !== undefined) {
      this.alignedBase.delete(pointer);
      this.release(base, what);
      return;
    }
    const chunk = pointer - HEADER;
    const header = this.host.memory.view.getUint32(chunk + 8, true);
    if ((header & IS_MMAPPED) !== 0) {
      this.host.unmap(chunk, size);
      this.mappedChunks--;
      this.mappedBytes -= size;
      return;
    }
    let bin = this.bins.get(size);
    if (!bin) {
      bin = [];
      this.bins.set(size, bin);
    }
    bin.push(chunk);
    this.freed.add(pointer);
    this.freeChunks++;
    this.freeBytes += size;
  }

  /**
   * mallinfo2's fields as glibc's int_mallinfo computes them for its main arena, over this heap:
   * the free space is the binned chunks plus the rest of the current arena (glibc's top chunk,
   * counted as one more free block); what is left at the end of an abandoned arena counts as used,
   * so arena = uordblks + fordblks as natively. No fastbins here: smblks and fsmblks are 0, as is
   * usmblks (always 0 in glibc).
   */
  statistics(): HeapStatistics {
    const topBytes = this.topEnd - this.top;
    const available = this.freeBytes + topBytes;
    return {
      arena: this.arenaBytes,
      ordblks: this.freeChunks + 1,
      smblks: 0,
      hblks: this.mappedChunks,
      hblkhd: this.mappedBytes,
      usmblks: 0,
      fsmblks: 0,
      uordblks: this.arenaBytes - available,
      fordblks: available,
      keepcost: topBytes,
    };
  }

  /** Whether `pointer` was freed and not reused (for double-free messages). */
  isLive(pointer: number): boolean {
    return this.live.has(pointer);
  }

  /** memalign: `alignment` a power of two. */
  allocateAligned(alignment: number, request: number): number {
    if (alignment <= 16) return this.allocate(request);
    const raw = this.allocate(request + alignment + MIN_CHUNK);
    if (raw === 0) return 0;
    let pointer = Math.ceil(raw / alignment) * alignment;
    if (pointer - raw < MIN_CHUNK && pointer !== raw) pointer += alignment;
    if (pointer === raw) return raw;
    const size = GuestHeap.chunkSize(request);
    this.writeHeader(pointer - HEADER, size, PREV_INUSE);
    this.live.set(pointer, size);
    this.inUse += size;
    this.alignedBase.set(pointer, raw);
    return pointer;
  }
}
