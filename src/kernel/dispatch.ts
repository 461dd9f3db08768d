// The system-call entry: the CPU calls `syscall(cpu)` on SYSCALL with rip already past it.
// Reads the number from rax and the arguments from rdi, rsi, rdx, r10, r8, r9, runs the handler
// from the table (src/kernel/syscalls/table.ts), and writes the result (or -errno) to rax.
//
// Hot path: one array lookup, six argument conversions, one call — no allocation. Tracing
// (--trace=syscalls) takes a separate path so the common one stays lean.
//
// Arguments reach handlers as numbers holding the signed 64-bit register value. Values below
// 2^52 in magnitude are exact; larger ones keep their low 32 bits and their sign (so `a | 0`
// is always the C `int` the kernel would see, and a huge size or pointer stays huge).

import type { Cpu } from '../cpu/cpu.ts';
import type { CpuHost } from '../cpu/host.ts';
import { MemoryFault } from '../memory/fault.ts';
import { SigactionFlag } from './abi/flags.ts';
import { BLOCKED, KEEP_RAX, SWITCH_THREAD, type Wait } from './blocking.ts';
import { Errno, SyscallError } from './errno.ts';
import { PROCESS_STOPPED } from './exit.ts';
import type { Process } from './process.ts';
import { waitOnHost } from './scheduler.ts';
import { deliverPendingSignals, handlerSignalPending } from './signals/delivery.ts';
import { checkTimers } from './signals/timers.ts';
import { restartsWithSaRestart, type SyscallHandler, syscallHandlers, syscallName } from './syscalls/table.ts';
import { writeSleepRemaining } from './syscalls/time.ts';
import type { Thread } from './thread.ts';

const TWO_32 = 4294967296;
/** Bytes of the SYSCALL instruction (0f 05): how far a restarted call steps rip back. */
const SYSCALL_LENGTH = 2;
/** Clamped upper halves for values beyond ±2^52 (see the header comment). */
const HUGE_NEGATIVE = -4503599627370496; // -2^52
const HUGE_POSITIVE = 0xfffff * TWO_32;

/** A 64-bit register (two int32 halves) as a handler argument. */
export function argumentValue(lo: number, hi: number): number {
  if (hi >= -0x100000 && hi < 0x100000) return hi * TWO_32 + (lo >>> 0);
  return (hi < 0 ? HUGE_NEGATIVE : HUGE_POSITIVE) + (lo >>> 0);
}

export class SyscallDispatcher implements CpuHost {
  private readonly handlers: readonly (SyscallHandler | undefined)[] = syscallHandlers;
  private readonly reportedUnsupported = new Set<number>();

  constructor(private readonly process: Process) {}

  syscall(cpu: Cpu): void {
    const g = cpu.gpr;
    const process = this.process;
    const thread = process.current;
    // rax holds the number; anything beyond 32 bits (or the x32 bit) is no system call.
    const number = g[1] === 0 ? g[0]! : -1;
    const handler = number >= 0 ? this.handlers[number] : undefined;
    let result: number;
    if (process.tracer !== undefined) {
      result = process.tracer.traceCall(thread, number, () => this.invoke(thread, number, handler, g));
    } else {
      result = this.invoke(thread, number, handler, g);
    }
    if (result !== KEEP_RAX) {
      g[0] = result;
      g[1] = Math.floor(result / TWO_32);
    }
    // A signal another thread sent this one while it waited has no flag of its own: look at
    // the thread's queue too.
    if (process.signalsArrived || thread.pending.length > 0) {
      try {
        deliverPendingSignals(thread);
      } catch (error) {
        // The call has completed: when it is resumed, the thread goes on after it.
        if (error === PROCESS_STOPPED) process.system?.markStoppedAfterCall(thread);
        throw error;
      }
    }
  }

  private invoke(thread: Thread, number: number, handler: SyscallHandler | undefined, g: Int32Array): number {
    if (thread.blockedCall >= 0) {
      // The thread resumes a call it was switched out in: another thread may have completed it.
      thread.blockedCall = -1;
      const woken = thread.wakeResult;
      if (woken !== undefined) {
        thread.wakeResult = undefined;
        thread.restart = undefined;
        thread.wait = undefined;
        return woken;
      }
    }
    if (handler === undefined) return this.unsupported(number, g);
    const a0 = argumentValue(g[14]!, g[15]!);
    const a1 = argumentValue(g[12]!, g[13]!);
    const a2 = argumentValue(g[4]!, g[5]!);
    const a3 = argumentValue(g[20]!, g[21]!);
    const a4 = argumentValue(g[16]!, g[17]!);
    const a5 = argumentValue(g[18]!, g[19]!);
    let result = call(handler, thread, a0, a1, a2, a3, a4, a5);
    while (result === BLOCKED) {
      // The call cannot complete now: wait (today, on the host) and run it again from the start,
      // unless a signal with a handler arrives first — then the call is interrupted.
      const wait = thread.wait;
      thread.wait = undefined;
      if (wait === undefined) throw new Error(`system call ${syscallName(number)} blocked without saying on what`);
      const signalsBefore = thread.signalSerial;
      checkTimers(this.process);
      if (thread.wakeResult !== undefined && this.process.othersCanRun()) {
        // Done, but the thread gives up its turn (sched_yield): no signal can interrupt it.
        thread.wait = wait;
        thread.blockedCall = number;
        throw SWITCH_THREAD;
      }
      const signal = handlerSignalPending(thread);
      if (signal !== 0) {
        result = this.interrupted(thread, number, signal, g, wait);
        break;
      }
      if (thread.cancelDue?.()) {
        result = -Errno.EINTR;
        break;
      }
      if (wait.kind === 'signal' && thread.signalSerial !== signalsBefore) {
        // A timer expired just now with a signal for this thread: the call (sigtimedwait,
        // sigsuspend) may take it, so it runs again rather than wait for what already came.
        result = call(handler, thread, a0, a1, a2, a3, a4, a5);
        continue;
      }
      if (this.process.othersCanRun()) {
        // Other threads run meanwhile; this call runs again when the scheduler resumes it.
        thread.wait = wait;
        thread.blockedCall = number;
        throw SWITCH_THREAD;
      }
      waitOnHost(thread, wait, syscallName(number));
      checkTimers(this.process);
      result = call(handler, thread, a0, a1, a2, a3, a4, a5);
    }
    thread.restart = undefined;
    // A futex wait that ends by timeout or signal leaves its queue.
    if (thread.futexAddress !== -1) this.process.futexes.remove(thread);
    return result;
  }

  /**
   * A blocked call that a handled signal interrupts: with SA_RESTART (and a call Linux restarts)
   * the thread is set to run the SYSCALL instruction again once the handler returns (rip back
   * over it, rax = the number, as Linux does for -ERESTARTSYS); otherwise it fails with EINTR.
   */
  private interrupted(thread: Thread, number: number, signal: number, g: Int32Array, wait: Wait): number {
    thread.wait = undefined;
    // The signal is delivered on the way out of this call.
    this.process.signalsArrived = true;
    const action = this.process.signalActions.get(signal);
    if ((action.flags & SigactionFlag.RESTART) !== 0 && restartsWithSaRestart(number)) {
      thread.restart = undefined;
      thread.cpu.rip -= SYSCALL_LENGTH;
      g[0] = number;
      g[1] = 0;
      return KEEP_RAX;
    }
    if (wait.kind === 'sleep' && wait.remaining) {
      try {
        writeSleepRemaining(thread, wait.remaining, wait.deadline);
      } catch (error) {
        if (error instanceof MemoryFault) return -Errno.EFAULT;
        throw error;
      }
    }
    return -Errno.EINTR;
  }

  private unsupported(number: number, g: Int32Array): number {
    const process = this.process;
    if ((process.debug.size > 0 || process.tracer !== undefined) && !this.reportedUnsupported.has(number)) {
      this.reportedUnsupported.add(number);
      const value = number >= 0 ? number : argumentValue(g[0]!, g[1]!);
      process.warn(`unsupported syscall ${value} (${syscallName(number >= 0 ? number : -1)})`);
    }
    return -Errno.ENOSYS;
  }
}

function call(
  handler: SyscallHandler,
  thread: Thread,
  a0: number,
  a1: number,
  a2: number,
  a3: number,
  a4: number,
  a5: number,
): number {
  try {
    return handler(thread, a0, a1, a2, a3, a4, a5);
  } catch (error) {
    if (error instanceof SyscallError) return -error.errno;
    if (error instanceof MemoryFault) return -Errno.EFAULT;
    throw error;
  }
}
