// The guest-visible list of loaded objects: one `struct link_map` per object (the public part
// of glibc's: l_addr, l_name, l_ld, l_next, l_prev), chained in load order, and `_r_debug`
// pointing at the first — what debuggers read through DT_DEBUG, what dlinfo(RTLD_DI_LINKMAP)
// returns, and what a dlopen handle points at.
import type { LinkedObject } from './linked-object.ts';
import type { GuestHeap } from './memory/guest-heap.ts';
import type { LinkerMemory } from './memory/linker-memory.ts';
import { write32, write64 } from './memory/words.ts';

export const LINK_MAP_SIZE = 48;
const L_ADDR = 0;
const L_NAME = 8;
const L_LD = 16;
const L_NEXT = 24;
const L_PREV = 32;

/** struct r_debug: r_version (int), r_map, r_brk, r_state (enum), r_ldbase. */
const R_VERSION = 0;
const R_MAP = 8;
const R_BRK = 16;
const R_STATE = 24;
const R_LDBASE = 32;
export const RT_CONSISTENT = 0;
export const RT_ADD = 1;
export const RT_DELETE = 2;

export class LinkMaps {
  private readonly chain: LinkedObject[] = [];
  private readonly names = new Map<LinkedObject, number>();

  private constructor(
    private readonly memory: LinkerMemory,
    private readonly heap: GuestHeap,
    /** Where _r_debug is (0 when the linker has no runtime, e.g. `miros ldd`). */
    private readonly rDebug: number,
  ) {}

  /** An empty list; fills in _r_debug's constant fields when there is one. */
  static create(memory: LinkerMemory, heap: GuestHeap, rDebug: number, breakpoint: number, ldBase: number): LinkMaps {
    if (rDebug !== 0) {
      const space = memory.space;
      write32(space, rDebug + R_VERSION, 1);
      write64(space, rDebug + R_BRK, breakpoint);
      write32(space, rDebug + R_STATE, RT_CONSISTENT);
      write64(space, rDebug + R_LDBASE, ldBase);
    }
    return new LinkMaps(memory, heap, rDebug);
  }

  /**
   * A forked child's copy over its memory and heap (which hold copies of the same link_maps and
   * _r_debug): the same chain, of the child's copies of the objects.
   */
  copyFor(memory: LinkerMemory, heap: GuestHeap, copyOf: (object: LinkedObject) => LinkedObject): LinkMaps {
    const copy = new LinkMaps(memory, heap, this.rDebug);
    copy.chain.push(...this.chain.map(copyOf));
    for (const [object, name] of this.names) copy.names.set(copyOf(object), name);
    return copy;
  }

  /** Gives `object` its link_map at the end of the chain. */
  add(object: LinkedObject): void {
    if (object.linkMap !== 0) return;
    const space = this.memory.space;
    const address = this.heap.allocate(LINK_MAP_SIZE);
    const name = this.heap.allocateString(Buffer.from(object.linkMapName, 'utf8').toString('latin1'));
    this.names.set(object, name);
    object.linkMap = address;
    write64(space, address + L_ADDR, object.base);
    write64(space, address + L_NAME, name);
    write64(space, address + L_LD, object.dynamicAddress);
    const previous = this.chain[this.chain.length - 1];
    write64(space, address + L_PREV, previous?.linkMap ?? 0);
    write64(space, address + L_NEXT, 0);
    if (previous) write64(space, previous.linkMap + L_NEXT, address);
    this.chain.push(object);
    this.publish();
  }

  /** Takes `object` out of the chain and frees its link_map. */
  remove(object: LinkedObject): void {
    const index = this.chain.indexOf(object);
    if (index < 0) return;
    const space = this.memory.space;
    const previous = this.chain[index - 1];
    const next = this.chain[index + 1];
    if (previous) write64(space, previous.linkMap + L_NEXT, next?.linkMap ?? 0);
    if (next) write64(space, next.linkMap + L_PREV, previous?.linkMap ?? 0);
    this.chain.splice(index, 1);
    this.heap.free(object.linkMap);
    const name = this.names.get(object);
    if (name !== undefined) this.heap.free(name);
    this.names.delete(object);
    object.linkMap = 0;
    this.publish();
  }

  /** The object whose link_map is at `address`, if any (dlopen handles are link_map addresses). */
  objectAt(address: number): LinkedObject | undefined {
    return this.chain.find((o) => o.linkMap === address);
  }

  /** The guest address of the object's name string (l_name, dlpi_name). */
  nameOf(object: LinkedObject): number {
    return this.names.get(object) ?? 0;
  }

  private publish(): void {
    if (this.rDebug === 0) return;
    write64(this.memory.space, this.rDebug + R_MAP, this.chain[0]?.linkMap ?? 0);
  }
}
