// signalfd(2): pending signals read as data, as Linux's fs/signalfd.c behaves:
// - the descriptor has a mask (SIGKILL and SIGSTOP never in it); a read takes pending signals of
//   the mask (the program blocks them, or they would be delivered first), lowest number first,
//   each as a 128-byte struct signalfd_siginfo, as many as fit; with none it blocks (EAGAIN when
//   non-blocking); a buffer smaller than one struct is EINVAL;
// - poll: readable while a signal of the mask is pending.
// Linux keeps a process's shared pending signals apart from each thread's; Miros queues every
// signal on a thread (a process-directed one on a thread that does not block it, else the main
// one). So a read takes the calling thread's own signals (tgkill's, SI_TKILL) first, then the
// process-directed ones (all others) from every thread's queue, lowest number first in each.

import { PollEvent } from '../abi/flags.ts';
import { SI_TKILL } from '../abi/signals.ts';
import { BLOCKED } from '../blocking.ts';
import { Errno, fail } from '../errno.ts';
import type { Process } from '../process.ts';
import type { SignalInfo, SignalSet } from '../signals/signal-state.ts';
import type { Thread } from '../thread.ts';
import { AnonInodeFile } from './anon-inode.ts';
import { nextChangeSerial } from './open-file.ts';

/** sizeof (struct signalfd_siginfo). */
export const SIGNALFD_SIGINFO_SIZE = 128;

export class SignalFd extends AnonInodeFile {
  private changed = 0;

  constructor(
    /** The signals it takes. */
    readonly mask: SignalSet,
    flags: number,
    /** Whose signals poll looks at (a read looks at the reader's process). */
    private readonly process: Process,
  ) {
    super('signalfd', flags);
  }

  /** A new mask (signalfd on an existing descriptor). */
  setMask(lo: number, hi: number): void {
    this.mask.set(lo, hi);
    this.mask.dropUnblockable();
    this.changed = nextChangeSerial();
  }

  override get changeSerial(): number {
    return this.changed;
  }

  /**
   * The queue holding the next signal of the mask for `thread`, and where in it: as Linux's
   * dequeue, the thread's own (tgkill's, SI_TKILL) lowest first, then the process's.
   */
  private next(thread: Thread): { queue: SignalInfo[]; index: number } | undefined {
    const own = lowest(thread.pending, this.mask, (info) => info.code === SI_TKILL);
    if (own >= 0) return { queue: thread.pending, index: own };
    let best: { queue: SignalInfo[]; index: number } | undefined;
    for (const other of thread.process.threads) {
      const index = lowest(other.pending, this.mask, (info) => info.code !== SI_TKILL);
      if (index >= 0 && (best === undefined || other.pending[index]!.signal < best.queue[best.index]!.signal))
        best = { queue: other.pending, index };
    }
    return best;
  }

  override read(thread: Thread, target: Uint8Array, offset: number, length: number): number {
    if (length < SIGNALFD_SIGINFO_SIZE) fail(Errno.EINVAL);
    let done = 0;
    while (done + SIGNALFD_SIGINFO_SIZE <= length) {
      const found = this.next(thread);
      if (found === undefined) break;
      const [info] = found.queue.splice(found.index, 1);
      writeSignalfdSiginfo(
        new DataView(target.buffer, target.byteOffset + offset + done, SIGNALFD_SIGINFO_SIZE),
        info!,
      );
      done += SIGNALFD_SIGINFO_SIZE;
      this.changed = nextChangeSerial();
    }
    if (done > 0) return done;
    if (this.nonBlocking) fail(Errno.EAGAIN);
    thread.wait = { kind: 'signal' };
    return BLOCKED;
  }

  override poll(events: number): number {
    for (const thread of this.process.threads)
      if (lowest(thread.pending, this.mask, () => true) >= 0) return events & (PollEvent.IN | PollEvent.RDNORM);
    return 0;
  }
}

/** Index of the lowest-numbered signal of `mask` in `queue` that `accept`s, or -1. */
function lowest(queue: readonly SignalInfo[], mask: SignalSet, accept: (info: SignalInfo) => boolean): number {
  let best = -1;
  for (let i = 0; i < queue.length; i++) {
    const info = queue[i]!;
    if (!mask.has(info.signal) || !accept(info)) continue;
    if (best < 0 || info.signal < queue[best]!.signal) best = i;
  }
  return best;
}

/** struct signalfd_siginfo from what siginfo_t would say. */
function writeSignalfdSiginfo(view: DataView, info: SignalInfo): void {
  for (let i = 0; i < SIGNALFD_SIGINFO_SIZE; i += 4) view.setUint32(i, 0, true);
  view.setUint32(0, info.signal, true);
  view.setInt32(8, info.code, true);
  if (info.timerId !== undefined) {
    view.setUint32(24, info.timerId, true); // ssi_tid: the timer's id
    view.setUint32(32, info.overrun ?? 0, true);
  } else {
    view.setUint32(12, info.pid ?? 0, true);
    view.setUint32(16, info.uid ?? 0, true);
  }
  if (info.value !== undefined) {
    view.setInt32(44, info.value | 0, true); // ssi_int
    view.setBigUint64(48, BigInt.asUintN(64, BigInt(Math.trunc(info.value))), true); // ssi_ptr
  }
  if (info.address !== undefined) view.setBigUint64(72, BigInt.asUintN(64, BigInt(Math.trunc(info.address))), true);
}
