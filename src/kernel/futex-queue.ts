// The futex wait queues of a process: which blocked threads wait on which futex word, in the
// order they started waiting (Linux wakes in that order for threads of equal priority, and
// Miros has one priority). Private and shared futexes are the same within one address space.
// Across processes (after fork), a shared futex (no FUTEX_PRIVATE_FLAG) on a MAP_SHARED range
// is keyed by its place in the shared region (./shared-memory.ts), in queues of the system's:
// keys of those are region id × 2^32 + offset, above every address (futexQueueFor).
//
// Waking a thread does not run it: it sets the result its blocked FUTEX_WAIT completes with
// (`thread.wakeResult`), and the scheduler (./process.ts) resumes it in its turn.

import type { Process } from './process.ts';
import type { System } from './system.ts';
import type { Thread } from './thread.ts';

/** Keys at or above this are places in shared regions, not addresses. */
const SHARED_KEYS = 2 ** 32;

export class FutexQueues {
  private readonly waiters = new Map<number, Thread[]>();
  /** The system's queues of shared futexes, where this process's threads may wait too. */
  shared: FutexQueues | undefined;

  /** Queues `thread` on the word at `address`, woken only by wakes whose bitset meets `bitset`. */
  enqueue(thread: Thread, address: number, bitset: number): void {
    if (thread.futexAddress !== -1) this.remove(thread);
    let list = this.waiters.get(address);
    if (list === undefined) {
      list = [];
      this.waiters.set(address, list);
    }
    list.push(thread);
    thread.futexAddress = address;
    thread.futexBitset = bitset >>> 0;
  }

  /** Takes `thread` off its queue (timeout, signal, exit); false when it was on none. */
  remove(thread: Thread): boolean {
    const address = thread.futexAddress;
    if (address === -1) return false;
    if (address >= SHARED_KEYS && this.shared !== undefined) return this.shared.remove(thread);
    thread.futexAddress = -1;
    const list = this.waiters.get(address);
    if (list === undefined) return false;
    const index = list.indexOf(thread);
    if (index < 0) return false;
    list.splice(index, 1);
    if (list.length === 0) this.waiters.delete(address);
    return true;
  }

  /** How many threads wait on `address`. */
  count(address: number): number {
    return this.waiters.get(address)?.length ?? 0;
  }

  /**
   * Wakes waiters on `address` whose bitset meets `bitset`, oldest first: at most `limit`, but at
   * least one if there is any (Linux's futex_wake counts after waking, so 0 or a negative
   * count still wakes one). Returns how many it woke.
   */
  wake(address: number, limit: number, bitset = 0xffffffff): number {
    const list = this.waiters.get(address);
    if (list === undefined) return 0;
    let woken = 0;
    for (let i = 0; i < list.length; ) {
      const thread = list[i]!;
      if ((thread.futexBitset & bitset) === 0) {
        i++;
        continue;
      }
      list.splice(i, 1);
      thread.futexAddress = -1;
      thread.wakeResult = 0;
      if (++woken >= limit) break;
    }
    if (list.length === 0) this.waiters.delete(address);
    return woken;
  }

  /**
   * FUTEX_REQUEUE: wakes up to `wakeCount` waiters on `from` and moves up to `requeueCount` of
   * the rest to `to`. Returns the number woken plus the number moved (Linux's result).
   */
  requeue(from: number, to: number, wakeCount: number, requeueCount: number): number {
    const list = this.waiters.get(from);
    if (list === undefined) return 0;
    let woken = 0;
    let moved = 0;
    if (from === to) {
      // Requeueing onto the same word leaves those waiters where they are.
      while (woken < wakeCount && woken < list.length) {
        const thread = list.shift()!;
        thread.futexAddress = -1;
        thread.wakeResult = 0;
        woken++;
      }
      moved = Math.min(list.length, requeueCount);
      if (list.length === 0) this.waiters.delete(from);
      return woken + moved;
    }
    while (list.length > 0 && woken + moved < wakeCount + requeueCount) {
      const thread = list.shift()!;
      thread.futexAddress = -1;
      if (woken < wakeCount) {
        thread.wakeResult = 0;
        woken++;
      } else {
        this.enqueue(thread, to, thread.futexBitset);
        if (thread.wait?.kind === 'futex') thread.wait = { ...thread.wait, address: to };
        moved++;
      }
    }
    if (list.length === 0 && this.waiters.get(from) === list) this.waiters.delete(from);
    return woken + moved;
  }

  /** The first waiter on `address` (FUTEX_UNLOCK_PI hands the lock to it), taken off the queue. */
  takeFirst(address: number): Thread | undefined {
    const list = this.waiters.get(address);
    const thread = list?.shift();
    if (thread === undefined) return undefined;
    thread.futexAddress = -1;
    if (list!.length === 0) this.waiters.delete(address);
    return thread;
  }
}

const systemQueues = new WeakMap<System, FutexQueues>();

/** The queues of the system's shared futexes (made on first use, given to each process). */
export function sharedFutexQueues(system: System): FutexQueues {
  let queues = systemQueues.get(system);
  if (queues === undefined) {
    queues = new FutexQueues();
    systemQueues.set(system, queues);
  }
  return queues;
}

/**
 * Where a futex word's waiters queue, and under which key: a shared futex on a range of the
 * process's memory that other processes show too goes to the system's queues, keyed by its
 * place in the region; any other, to the process's own, keyed by its address.
 */
export function futexQueueFor(
  process: Process,
  address: number,
  shared: boolean,
): { queues: FutexQueues; key: number } {
  const system = process.system;
  if (shared && system !== undefined) {
    for (const e of process.mm.shared) {
      if (address < e.start || address >= e.end) continue;
      const queues = sharedFutexQueues(system);
      process.futexes.shared = queues;
      return { queues, key: e.region.id * SHARED_KEYS + e.offset + (address - e.start) };
    }
  }
  return { queues: process.futexes, key: address };
}
