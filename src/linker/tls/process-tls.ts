// The thread-local storage of a process: its TLS modules, the static layout, and each thread's
// block — the TCB at the thread pointer, the static TLS below it, and the DTV — laid out as
// glibc lays them out on x86-64, because compiled code reads them directly:
//
//   %fs:0x00  tcb: the thread pointer itself (what `mov %fs:0, %rax` returns)
//   %fs:0x08  dtv: the dynamic thread vector (below)
//   %fs:0x10  self: the thread descriptor (pthread_self())
//   %fs:0x28  stack_guard: the -fstack-protector canary, from AT_RANDOM with its low byte zeroed
//   %fs:0x30  pointer_guard: glibc's PTR_MANGLE key, AT_RANDOM bytes 8–15
//
// The DTV is an array of 16-byte entries (glibc's dtv_t): entry -1 holds its capacity, entry 0
// the generation, entry m the block of module m and whether it is static. %fs:8 points at entry 0.
// Miros fills every entry eagerly (static blocks at start-up, dynamic blocks when a module is
// loaded), so __tls_get_addr never has to allocate: it is four instructions of guest code.
import type { AddressSpace } from '../../memory/address-space.ts';
import type { TlsModule } from '../linked-object.ts';
import type { GuestHeap } from '../memory/guest-heap.ts';
import { read64, write64 } from '../memory/words.ts';
import { DTV_SURPLUS, layoutStaticTls, roundUp, type StaticTlsLayout, staticAreaSize } from './static-layout.ts';

export const TCB_SELF = 0x00;
export const TCB_DTV = 0x08;
export const TCB_SELF_DESCRIPTOR = 0x10;
export const TCB_STACK_GUARD = 0x28;
export const TCB_POINTER_GUARD = 0x30;
/** Bytes of glibc 2.36's struct pthread on x86-64, reserved above the thread pointer by default. */
export const DEFAULT_THREAD_DESCRIPTOR_SIZE = 0x900;

const DTV_ENTRY_SIZE = 16;

/** One thread's TLS. */
export interface ThreadTls {
  /** The thread pointer (%fs base). */
  tp: number;
  /** The DTV allocation (entry -1) and its capacity in modules. */
  dtv: number;
  dtvCapacity: number;
  /** The whole static area, when the linker allocated it (else the caller owns the memory). */
  area: number | undefined;
  /** Dynamically allocated module blocks, by module id. */
  dynamicBlocks: Map<number, number>;
}

export class ProcessTls {
  /** Modules by id (index 0 unused; a hole where a module was unloaded). */
  readonly modules: (TlsModule | undefined)[] = [undefined];
  layout: StaticTlsLayout | undefined;
  readonly threads: ThreadTls[] = [];
  /** The guards every thread's TCB carries (copied from the main thread, as glibc does). */
  stackGuard = new Uint8Array(8);
  pointerGuard = new Uint8Array(8);
  /** Incremented each time the set of modules changes (dtv[0]). */
  generation = 1;

  constructor(
    private readonly space: AddressSpace,
    private readonly heap: GuestHeap,
    public threadDescriptorSize = DEFAULT_THREAD_DESCRIPTOR_SIZE,
  ) {}

  /**
   * A forked child's copy, over the child's memory and heap: the same layout, the modules mapped
   * to the child's copies of them (`moduleOf`), the TLS of the threads `survives` keeps (the
   * caller of fork).
   */
  copyFor(
    space: AddressSpace,
    heap: GuestHeap,
    moduleOf: (module: TlsModule) => TlsModule,
    survives: (thread: ThreadTls) => boolean,
  ): ProcessTls {
    const copy = new ProcessTls(space, heap, this.threadDescriptorSize);
    copy.modules.splice(0, copy.modules.length, ...this.modules.map((m) => m && moduleOf(m)));
    copy.layout = this.layout && { ...this.layout };
    for (const thread of this.threads)
      if (survives(thread)) copy.threads.push({ ...thread, dynamicBlocks: new Map(thread.dynamicBlocks) });
    copy.stackGuard = this.stackGuard.slice();
    copy.pointerGuard = this.pointerGuard.slice();
    copy.generation = this.generation;
    return copy;
  }

  /** Gives `module` the lowest free module id (glibc's _dl_next_tls_modid). */
  register(module: TlsModule): void {
    let id = this.modules.indexOf(undefined, 1);
    if (id < 0) id = this.modules.length;
    module.moduleId = id;
    this.modules[id] = module;
    this.generation++;
  }

  unregister(module: TlsModule): void {
    if (this.modules[module.moduleId] === module) this.modules[module.moduleId] = undefined;
    this.generation++;
  }

  /** Lays out static TLS for the modules registered so far (the initial objects). */
  layoutInitialModules(): StaticTlsLayout {
    const modules = this.modules.filter((m): m is TlsModule => m !== undefined);
    this.layout = layoutStaticTls(modules);
    return this.layout;
  }

  /** Bytes below the thread pointer (static TLS and surplus). */
  get staticSize(): number {
    return staticAreaSize(this.requireLayout());
  }

  /** Alignment of the thread pointer. */
  get alignment(): number {
    return this.requireLayout().align;
  }

  private requireLayout(): StaticTlsLayout {
    if (!this.layout) throw new Error('static TLS has not been laid out yet');
    return this.layout;
  }

  /** Allocates and initialises a thread's TLS area (static TLS + thread descriptor); returns it. */
  createThread(): ThreadTls {
    const below = this.staticSize;
    const descriptor = roundUp(this.threadDescriptorSize, 16);
    const area = this.heap.allocate(below + descriptor, this.alignment);
    const thread = this.initialiseThread(area + below);
    thread.area = area;
    return thread;
  }

  /**
   * Initialises the TLS of a thread whose thread pointer is `tp`, in memory the caller provides
   * (staticSize bytes below it, threadDescriptorSize above): TCB fields, DTV, every module's
   * block with its initialisation image.
   */
  initialiseThread(tp: number): ThreadTls {
    const space = this.space;
    space.bytes.fill(0, tp, tp + this.threadDescriptorSize);
    write64(space, tp + TCB_SELF, tp);
    write64(space, tp + TCB_SELF_DESCRIPTOR, tp);
    space.bytes.set(this.stackGuard, tp + TCB_STACK_GUARD);
    space.bytes.set(this.pointerGuard, tp + TCB_POINTER_GUARD);
    const capacity = this.modules.length - 1 + DTV_SURPLUS;
    const dtv = this.heap.allocate((capacity + 2) * DTV_ENTRY_SIZE);
    write64(space, dtv, capacity);
    write64(space, dtv + DTV_ENTRY_SIZE, this.generation);
    write64(space, tp + TCB_DTV, dtv + DTV_ENTRY_SIZE);
    const thread: ThreadTls = { tp, dtv, dtvCapacity: capacity, area: undefined, dynamicBlocks: new Map() };
    for (const module of this.modules) if (module) this.initialiseBlock(thread, module);
    this.threads.push(thread);
    return thread;
  }

  /** Gives a module loaded after start-up its block in every existing thread. */
  addModuleToThreads(module: TlsModule): void {
    for (const thread of this.threads) this.initialiseBlock(thread, module);
  }

  /** Frees a module's dynamic blocks and clears its DTV entries (dlclose). */
  removeModuleFromThreads(module: TlsModule): void {
    for (const thread of this.threads) {
      const block = thread.dynamicBlocks.get(module.moduleId);
      if (block !== undefined) {
        this.heap.free(block);
        thread.dynamicBlocks.delete(module.moduleId);
      }
      if (module.moduleId <= thread.dtvCapacity) this.setDtvEntry(thread, module.moduleId, 0, false);
    }
    this.unregister(module);
  }

  /** Releases a thread's DTV, dynamic blocks and (if the linker allocated it) its area. */
  releaseThread(tp: number): void {
    const index = this.threads.findIndex((t) => t.tp === tp);
    if (index < 0) return;
    const thread = this.threads[index]!;
    this.threads.splice(index, 1);
    for (const block of thread.dynamicBlocks.values()) this.heap.free(block);
    this.heap.free(thread.dtv);
    if (thread.area !== undefined) this.heap.free(thread.area);
  }

  /** The address of `module`'s block in the thread whose thread pointer is `tp`. */
  blockAddress(tp: number, module: TlsModule): number {
    if (module.staticOffset !== undefined) return tp - module.staticOffset;
    const thread = this.threads.find((t) => t.tp === tp);
    return thread?.dynamicBlocks.get(module.moduleId) ?? 0;
  }

  private initialiseBlock(thread: ThreadTls, module: TlsModule): void {
    let block: number;
    if (module.staticOffset !== undefined) {
      block = thread.tp - module.staticOffset;
    } else {
      block = this.heap.allocate(Math.max(module.size, 1), Math.min(Math.max(module.align, 16), 4096));
      thread.dynamicBlocks.set(module.moduleId, block);
    }
    const space = this.space;
    if (module.image) space.bytes.set(module.image.subarray(0, module.imageSize), block);
    else if (module.imageSize > 0) {
      space.bytes.copyWithin(block, module.imageAddress, module.imageAddress + module.imageSize);
    }
    space.bytes.fill(0, block + module.imageSize, block + module.size);
    this.ensureDtvCapacity(thread, module.moduleId);
    this.setDtvEntry(thread, module.moduleId, block, module.staticOffset !== undefined);
    write64(space, thread.dtv + DTV_ENTRY_SIZE, this.generation);
  }

  /** Grows a thread's DTV when a module id is beyond it. The old DTV stays valid (never freed under a running thread). */
  private ensureDtvCapacity(thread: ThreadTls, moduleId: number): void {
    if (moduleId <= thread.dtvCapacity) return;
    const space = this.space;
    const capacity = moduleId + DTV_SURPLUS;
    const dtv = this.heap.allocate((capacity + 2) * DTV_ENTRY_SIZE);
    const oldBytes = (thread.dtvCapacity + 2) * DTV_ENTRY_SIZE;
    space.bytes.copyWithin(dtv, thread.dtv, thread.dtv + oldBytes);
    write64(space, dtv, capacity);
    thread.dtv = dtv;
    thread.dtvCapacity = capacity;
    write64(space, thread.tp + TCB_DTV, dtv + DTV_ENTRY_SIZE);
  }

  private setDtvEntry(thread: ThreadTls, moduleId: number, block: number, isStatic: boolean): void {
    const entry = thread.dtv + (moduleId + 1) * DTV_ENTRY_SIZE;
    write64(this.space, entry, block);
    write64(this.space, entry + 8, isStatic ? 1 : 0);
  }

  /** The DTV entry of `moduleId` in the thread at `tp` (tests, diagnostics). */
  dtvEntry(tp: number, moduleId: number): number {
    const dtv = read64(this.space, tp + TCB_DTV);
    return read64(this.space, dtv + moduleId * DTV_ENTRY_SIZE);
  }
}
