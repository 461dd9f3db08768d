// What Miros libc knows about each thread of a process (glibc keeps it in struct pthread, the
// thread descriptor above the thread pointer): a pthread_t is that thread pointer, as in glibc
// (pthread_self() is %fs:0x10), and the facts live here on the host, by pthread_t.
import type { Thread } from '../../kernel/thread.ts';
import type { ThreadTls } from '../../linker/tls/process-tls.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { ProcessState } from '../runtime/process-states.ts';

/**
 * Offset in the thread descriptor of the word holding the thread's kernel id, cleared by the
 * kernel (clear_child_tid) and futex-woken when the thread ends: joiners wait on it. glibc's
 * struct pthread has `tid` at this offset too.
 */
export const DESCRIPTOR_TID = 0x2d0;
/** PTHREAD_CANCELED: what a cancelled thread returns. */
export const PTHREAD_CANCELED = -1;
/** PTHREAD_KEYS_MAX. */
export const KEYS_MAX = 1024;
/** PTHREAD_DESTRUCTOR_ITERATIONS. */
export const DESTRUCTOR_ITERATIONS = 4;

export interface ThreadRecord {
  /** pthread_t: the thread pointer. */
  readonly descriptor: number;
  /** The kernel thread, until it ends. */
  thread: Thread | undefined;
  readonly tid: number;
  detached: boolean;
  /** Set when the thread has run its exit (its result is final). */
  exited: boolean;
  result: number;
  /** The thread joining this one (its pthread_t), 0 when none. */
  joiner: number;
  /** The stack mapping Miros made (0 for the main thread and user-supplied stacks). */
  stackMapping: number;
  stackMappingSize: number;
  /** The usable stack [stackLow, stackHigh) and its guard size (pthread_getattr_np). */
  stackLow: number;
  stackHigh: number;
  guardSize: number;
  /** The TLS area the linker allocated (undefined for the main thread's). */
  tls: ThreadTls | undefined;
  cancelEnabled: boolean;
  cancelAsynchronous: boolean;
  cancelRequested: boolean;
  /** Set once the thread is ending (cancellation no longer acts). */
  exiting: boolean;
  /** pthread_setspecific values by key. */
  readonly values: Map<number, number>;
  /** __cxa_thread_atexit_impl registrations, run latest first at thread exit. */
  readonly tlsDestructors: { fn: number; object: number }[];
  /** Robust mutexes the thread holds (marked owner-died when it ends). */
  readonly robustMutexes: Set<number>;
}

export interface KeySlot {
  destructor: number;
}

/** Miros libc's pthread state of one process. */
export class PthreadState {
  readonly records = new Map<number, ThreadRecord>();
  readonly keys: (KeySlot | undefined)[] = [];
  concurrency = 0;

  constructor(readonly libc: LibcProcess) {}

  /** The calling thread's record (the main thread's is made on first use). */
  current(): ThreadRecord {
    const libc = this.libc;
    const descriptor = libc.cpu.fsBase;
    const known = this.records.get(descriptor);
    if (known !== undefined) return known;
    const thread = libc.thread;
    const record = newRecord(descriptor, thread);
    this.records.set(descriptor, record);
    return record;
  }

  /** The record of pthread_t `descriptor`, undefined when it names no live or joinable thread. */
  find(descriptor: number): ThreadRecord | undefined {
    if (this.records.size === 0) this.current();
    return this.records.get(descriptor);
  }

  /** A cancellation check for waits at cancellation points of the calling thread. */
  cancelCheck(record: ThreadRecord): () => boolean {
    return () => record.cancelRequested && record.cancelEnabled && !record.exiting;
  }
}

export function newRecord(descriptor: number, thread: Thread): ThreadRecord {
  return {
    descriptor,
    thread,
    tid: thread.tid,
    detached: false,
    exited: false,
    result: 0,
    joiner: 0,
    stackMapping: 0,
    stackMappingSize: 0,
    stackLow: 0,
    stackHigh: 0,
    guardSize: 0,
    tls: undefined,
    cancelEnabled: true,
    cancelAsynchronous: false,
    cancelRequested: false,
    exiting: false,
    values: new Map(),
    tlsDestructors: [],
    robustMutexes: new Set(),
  };
}

const states = new ProcessState<PthreadState>(
  'pthread/thread-registry states',
  forkCopy,
  (libc) => new PthreadState(libc),
);

/**
 * The child of a fork has one thread, the one that called fork (POSIX): only its record is
 * copied, now naming the child's thread and tid (glibc's child rewrites THREAD_SELF->tid too);
 * the keys are the process's and stay.
 */
function forkCopy(parent: PthreadState, child: LibcProcess, parentLibc: LibcProcess): PthreadState {
  const copy = new PthreadState(child);
  copy.keys.push(...parent.keys.map((slot) => (slot === undefined ? undefined : { ...slot })));
  copy.concurrency = parent.concurrency;
  const caller = parent.records.get(parentLibc.cpu.fsBase);
  if (caller !== undefined) {
    const thread = child.process.mainThread;
    copy.records.set(caller.descriptor, {
      ...caller,
      thread,
      tid: thread.tid,
      joiner: 0,
      values: new Map(caller.values),
      tlsDestructors: caller.tlsDestructors.map((entry) => ({ ...entry })),
      robustMutexes: new Set(caller.robustMutexes),
    });
    child.memory.write32(caller.descriptor + DESCRIPTOR_TID, thread.tid);
  }
  return copy;
}

/** The pthread state of `libc`'s process. */
export function pthreadState(libc: LibcProcess): PthreadState {
  return states.of(libc);
}
