// Miros libc inside one process (the linker's LibcInstance): the entry-point region, the data
// area, errno in TLS, the heap, the streams, the exit handlers — the state glibc keeps in its
// .data/.bss, kept here on the host or in guest memory where programs look at it.
import type { Cpu } from '../../cpu/cpu.ts';
import { writeAllSync } from '../../host/write-all.ts';
import type { Process } from '../../kernel/process.ts';
import type { Thread } from '../../kernel/thread.ts';
import type { DynamicLinker } from '../../linker/dynamic-linker.ts';
import type { LibcContext, LibcExport, LibcInstance, LibcStaticTls } from '../../linker/libc-provider.ts';
import type { LinkerMemory } from '../../linker/memory/linker-memory.ts';
import { ProcessMemory } from '../../linker/memory/process-memory.ts';
import type { ProcessTls } from '../../linker/tls/process-tls.ts';
import type { AddressSpace } from '../../memory/address-space.ts';
import { ENTRY_SIZE, type HostFunction, HostRegion } from '../abi/host-region.ts';
import type { BoundExport } from '../exports/export-table.ts';
import { OBJECT_ALIASES } from '../exports/implementations.ts';
import { Streams } from '../stdio/streams.ts';
import { GuestHeap, type HeapHost } from '../stdlib/malloc.ts';
import { DataArea } from './data-area.ts';
import { ExitHandlers } from './exit-handlers.ts';
import { kernelCall, Sys } from './kernel-call.ts';
import { copyForChild, copyProcessStates } from './process-states.ts';

/** Entry points the region has room for. */
const REGION_CAPACITY = 8192;
const DATA_SIZE = 256 * 1024;
/**
 * libc's static TLS block: errno at offset 0, h_errno at offset 4 (glibc keeps them elsewhere in
 * its block; only the accessors __errno_location and __h_errno_location matter).
 */
const TLS_SIZE = 16;

/** Makes an entry point's function for a given LibcProcess (a forked child binds it again). */
export type EntryFactory = (libc: LibcProcess) => HostFunction;

/** What a forked child's LibcProcess is made from: its parent's, as it is at the fork. */
interface ForkOrigin {
  parent: LibcProcess;
  child: Process;
}

/** Thrown when a libc function must end the process abnormally (abort, heap corruption). */
export class LibcAbort extends Error {}

export class LibcProcess implements LibcInstance {
  readonly process: Process;
  readonly memory: AddressSpace;
  readonly linkerMemory: LinkerMemory;
  readonly linker: DynamicLinker;
  readonly region: HostRegion;
  readonly data: DataArea;
  readonly heap: GuestHeap;
  readonly streams: Streams;
  readonly exitHandlers: ExitHandlers;
  readonly tls: LibcStaticTls;
  /** How each entry point of the region was made, by slot (a forked child binds them again). */
  private readonly entryFactories = new Map<number, EntryFactory>();
  /** Offset of libc's TLS block below the thread pointer. */
  private tlsOffset = 0;
  private readonly functionAddresses = new Map<string, number>();
  private readonly objectAddresses = new Map<string, number>();
  /** Scratch guest memory for system calls that fill structures (fstat…). */
  readonly scratch: number;

  constructor(context: LibcContext | ForkOrigin) {
    if ('parent' in context) {
      const { parent, child } = context;
      this.process = child;
      this.memory = child.memory;
      this.linkerMemory = new ProcessMemory(child);
      this.region = new HostRegion(this.linkerMemory, REGION_CAPACITY, {
        region: parent.region,
        bind: (slot, name) => {
          const factory = parent.entryFactories.get(slot);
          if (factory === undefined)
            throw new Error(`Miros libc: fork: the entry point ${name} cannot be bound in the child`);
          this.entryFactories.set(slot, factory);
          return factory(this);
        },
      });
      const caller = parent.cpu.fsBase;
      this.linker = parent.linker.copyForChild({
        pid: child.pid,
        memory: this.linkerMemory,
        heap: parent.linker.heap.copyFor(this.linkerMemory),
        libc: this,
        survives: (thread) => thread.tp === caller,
      });
      this.data = parent.data.copy();
      this.scratch = parent.scratch;
      this.heap = parent.heap.copyFor(this.heapHost());
      this.streams = new Streams(this, parent.streams);
      this.exitHandlers = parent.exitHandlers.copy();
      this.tls = parent.tls;
      this.tlsOffset = parent.tlsOffset;
      for (const [key, address] of parent.functionAddresses) this.functionAddresses.set(key, address);
      for (const [name, address] of parent.objectAddresses) this.objectAddresses.set(name, address);
      copyProcessStates(parent, this);
      this.streams.copyBackends(parent.streams, (backend) => copyForChild(backend, this, parent));
      return;
    }
    this.exitHandlers = new ExitHandlers();
    this.tls = { size: TLS_SIZE, align: 16, image: new Uint8Array(0) };
    const memory = context.memory;
    if (!(memory instanceof ProcessMemory)) throw new Error('Miros libc runs inside a process');
    this.process = memory.process;
    this.memory = memory.space;
    this.linkerMemory = memory;
    this.linker = context.linker;
    this.region = new HostRegion(memory, REGION_CAPACITY);
    this.data = new DataArea(memory, DATA_SIZE);
    this.scratch = this.data.allocate(512, 16);
    this.heap = new GuestHeap(this.heapHost());
    this.streams = new Streams(this);
    for (const thread of this.process.threads) this.region.attach(thread.cpu);
  }

  /** What the heap asks of this process: anonymous mappings, and the report of a corruption. */
  private heapHost(): HeapHost {
    return {
      memory: this.memory,
      mapAnonymous: (size) => this.sys(Sys.mmap, 0, size, 3, 0x22, -1, 0),
      unmap: (address, size) => {
        this.sys(Sys.munmap, address, size);
      },
      corrupted: (message) => this.fatal(`${message}\n`),
    };
  }

  /**
   * The LibcProcess of `child`, the process a fork of this one's calling thread just made: a
   * copy of every host-side state as it is now (the registry of ./process-states.ts, the heap's
   * bookkeeping, the streams, the exit handlers), with the same entry points bound to it.
   */
  forkInto(child: Process): LibcProcess {
    return new LibcProcess({ parent: this, child });
  }

  /** The TLS bookkeeping new threads get their TLS from (pthread_create). */
  get threadTls(): ProcessTls {
    return this.linker.tls;
  }

  /** Gives the function `make` makes for this process an entry point in the region; returns its address. */
  addEntry(name: string, make: EntryFactory): number {
    const address = this.region.add(name, make(this));
    this.entryFactories.set((address - this.region.start) / ENTRY_SIZE, make);
    return address;
  }

  /** The calling thread: the one running now (errno, system calls, pthread_self are per thread). */
  get thread(): Thread {
    return this.process.current;
  }

  get cpu(): Cpu {
    return this.process.current.cpu;
  }

  /** System call from libc. */
  sys(nr: number, a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0): number {
    return kernelCall(this.thread, nr, a0, a1, a2, a3, a4, a5);
  }

  /** A system call wrapper's result: -errno becomes errno and -1. */
  sysResult(result: number): number {
    if (result < 0 && result > -4096) {
      this.errno = -result;
      return -1;
    }
    return result;
  }

  // ---- the linker's LibcInstance ----

  addressOf(symbol: LibcExport): number {
    const bound = symbol as BoundExport;
    const implementation = bound.implementation;
    if (symbol.kind === 'tls') return 0;
    if (implementation.kind === 'function') {
      let address = this.functionAddresses.get(implementation.key);
      if (address === undefined) {
        const fn = implementation.fn;
        address = this.addEntry(implementation.key, (libc) => (frame) => fn(frame, libc));
        this.functionAddresses.set(implementation.key, address);
      }
      return address;
    }
    return implementation.place(this);
  }

  /** The address of data object `name`, placing it on first use. */
  objectAddress(name: string, place: (libc: LibcProcess) => number): number {
    let address = this.objectAddresses.get(name);
    if (address === undefined) {
      address = place(this);
      this.objectAddresses.set(name, address);
    }
    return address;
  }

  tlsPlaced(_moduleId: number, threadPointerOffset: number): void {
    this.tlsOffset = threadPointerOffset;
  }

  copied(symbol: LibcExport, address: number): void {
    // Programs own their copy from now on; libc reads and writes that copy, as glibc's code does
    // through its GOT. Only the variables libc itself reads back need following.
    this.objectAddresses.set(OBJECT_ALIASES[symbol.name] ?? symbol.name, address);
  }

  /** Where a data object the program may have copied lives now (undefined if never placed). */
  currentObject(name: string): number | undefined {
    return this.objectAddresses.get(name);
  }

  // ---- errno ----

  /** &errno of the running thread. */
  get errnoAddress(): number {
    return this.cpu.fsBase - this.tlsOffset;
  }

  get errno(): number {
    return this.memory.view.getInt32(this.errnoAddress, true);
  }

  set errno(value: number) {
    this.memory.view.setInt32(this.errnoAddress, value, true);
  }

  /** &h_errno of the running thread (the resolver's error, per thread like errno). */
  get hErrnoAddress(): number {
    return this.errnoAddress + 4;
  }

  // ---- fatal errors ----

  /** glibc's __libc_fatal: the message on stderr (the guest's fd 2), then abort (SIGABRT). */
  fatal(message: string): never {
    this.writeToFd(2, new TextEncoder().encode(message));
    this.raiseAbort();
  }

  /** Writes bytes to a guest descriptor (messages libc prints itself), through a scratch buffer. */
  writeToFd(fd: number, bytes: Uint8Array): void {
    const chunk = 256;
    for (let at = 0; at < bytes.length; at += chunk) {
      const part = bytes.subarray(at, Math.min(at + chunk, bytes.length));
      this.memory.bytes.set(part, this.scratch + 256);
      let done = 0;
      while (done < part.length) {
        const n = this.sys(Sys.write, fd, this.scratch + 256 + done, part.length - done);
        if (n <= 0) {
          if (fd === 2 && n < 0) writeAllSync(2, new TextDecoder().decode(part.subarray(done)));
          return;
        }
        done += n;
      }
    }
  }

  /** Ends the process by SIGABRT as abort() does (crash report, exit status 134). */
  raiseAbort(): never {
    this.sys(Sys.tgkill, this.process.pid, this.thread.tid, 6);
    // SIGABRT blocked or handled and returned: glibc then resets the disposition and retries.
    throw new LibcAbort('abort: SIGABRT did not end the process');
  }
}
