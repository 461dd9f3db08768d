// Signal system calls: rt_sigaction, rt_sigprocmask, rt_sigpending, sigaltstack, kill, tgkill,
// tkill, rt_sigqueueinfo, rt_sigreturn, pause, rt_sigsuspend.

import { OpenFlag, SigaltstackFlag, SigprocmaskHow } from '../abi/flags.ts';
import {
  DefaultAction,
  defaultAction,
  NSIG,
  SI_KERNEL,
  SI_QUEUE,
  SI_TKILL,
  SI_USER,
  SIGKILL,
  SIGSEGV,
  SIGSTOP,
  signalName,
} from '../abi/signals.ts';
import { BLOCKED, KEEP_RAX } from '../blocking.ts';
import { monotonicNanoseconds } from '../clock.ts';
import { Errno, fail } from '../errno.ts';
import { SignalFd } from '../fs/signal-fd.ts';
import { StructBuffer } from '../guest-memory.ts';
import type { Process } from '../process.ts';
import { popSignalFrame, SIGINFO_SIZE, writeSiginfo } from '../signals/frame.ts';
import type { PosixTimer } from '../signals/posix-timers.ts';
import { SIG_DFL, SIG_IGN, type SignalAction, type SignalInfo, SignalSet } from '../signals/signal-state.ts';
import { RealTimer } from '../signals/timers.ts';
import type { Thread } from '../thread.ts';
import { fileOf } from './common.ts';

const SIGSET_SIZE = 8;
/** The smallest alternate stack Linux accepts (MINSIGSTKSZ). */
const MINSIGSTKSZ = 2048;

function checkSignal(signal: number): number {
  const s = signal | 0;
  if (s < 1 || s > NSIG) fail(Errno.EINVAL);
  return s;
}

export function sysRtSigaction(
  thread: Thread,
  signal: number,
  action: number,
  oldAction: number,
  setSize: number,
): number {
  if (setSize !== SIGSET_SIZE) fail(Errno.EINVAL);
  const s = checkSignal(signal);
  const process = thread.process;
  const memory = process.memory;
  let wanted: SignalAction | undefined;
  if (action !== 0) {
    if (s === SIGKILL || s === SIGSTOP) fail(Errno.EINVAL);
    const a = StructBuffer.read(memory, action, 32);
    wanted = {
      handler: a.getI64(0),
      flags: a.getU32(8),
      restorer: a.getI64(16),
      maskLo: a.getU32(24),
      maskHi: a.getU32(28),
    };
  }
  if (oldAction !== 0) {
    const old = process.signalActions.get(s);
    new StructBuffer(32)
      .u64(0, old.handler)
      .u64(8, old.flags)
      .u64(16, old.restorer)
      .u32(24, old.maskLo)
      .u32(28, old.maskHi)
      .writeTo(memory, oldAction);
  }
  if (wanted) {
    process.signalActions.set(s, wanted);
    // Pending instances of a signal that is now ignored are discarded (POSIX).
    const ignored =
      wanted.handler === SIG_IGN || (wanted.handler === SIG_DFL && defaultAction(s) === DefaultAction.Ignore);
    if (ignored) {
      for (const t of process.threads) {
        for (let i = t.pending.length - 1; i >= 0; i--) if (t.pending[i]!.signal === s) t.pending.splice(i, 1);
      }
    }
  }
  return 0;
}

export function sysRtSigprocmask(thread: Thread, how: number, set: number, oldSet: number, setSize: number): number {
  if (setSize !== SIGSET_SIZE) fail(Errno.EINVAL);
  const memory = thread.process.memory;
  const blocked = thread.blocked;
  let lo = 0;
  let hi = 0;
  if (set !== 0) {
    const h = how | 0;
    if (h !== SigprocmaskHow.BLOCK && h !== SigprocmaskHow.UNBLOCK && h !== SigprocmaskHow.SETMASK) fail(Errno.EINVAL);
    const s = StructBuffer.read(memory, set, 8);
    lo = s.getU32(0);
    hi = s.getU32(4);
  }
  if (oldSet !== 0) new StructBuffer(8).u32(0, blocked.lo).u32(4, blocked.hi).writeTo(memory, oldSet);
  if (set !== 0) {
    switch (how | 0) {
      case SigprocmaskHow.BLOCK:
        blocked.set(blocked.lo | lo, blocked.hi | hi);
        break;
      case SigprocmaskHow.UNBLOCK:
        blocked.set(blocked.lo & ~lo, blocked.hi & ~hi);
        break;
      default:
        blocked.set(lo, hi);
    }
    blocked.dropUnblockable();
    // Unblocking may make a pending signal deliverable on the way out of this call.
    if (thread.pending.length > 0) thread.process.signalsArrived = true;
  }
  return 0;
}

export function sysRtSigpending(thread: Thread, set: number, setSize: number): number {
  if (setSize > SIGSET_SIZE) fail(Errno.EINVAL);
  const pending = thread.pendingSet();
  const s = new StructBuffer(8).u32(0, pending.lo).u32(4, pending.hi);
  thread.process.memory.writeBytes(set, s.bytes.subarray(0, setSize));
  return 0;
}

export function sysSigaltstack(thread: Thread, stack: number, oldStack: number): number {
  const memory = thread.process.memory;
  let wanted: { sp: number; flags: number; size: number } | undefined;
  if (stack !== 0) {
    const s = StructBuffer.read(memory, stack, 24);
    wanted = { sp: s.getI64(0), flags: s.getI32(8), size: s.getI64(16) };
  }
  const current = thread.altStack;
  const sp = thread.cpu.gpr[8]! >>> 0;
  const onStack = current.flags !== SigaltstackFlag.DISABLE && sp > current.sp && sp <= current.sp + current.size;
  if (oldStack !== 0) {
    const flags = onStack ? SigaltstackFlag.ONSTACK : current.flags;
    new StructBuffer(24).u64(0, current.sp).u32(8, flags).u64(16, current.size).writeTo(memory, oldStack);
  }
  if (wanted) {
    if (onStack) fail(Errno.EPERM);
    const mode = wanted.flags & ~SigaltstackFlag.AUTODISARM;
    if (mode !== 0 && mode !== SigaltstackFlag.DISABLE && mode !== SigaltstackFlag.ONSTACK) fail(Errno.EINVAL);
    if (mode === SigaltstackFlag.DISABLE) thread.altStack = { sp: 0, flags: SigaltstackFlag.DISABLE, size: 0 };
    else {
      if (wanted.size < MINSIGSTKSZ) fail(Errno.ENOMEM);
      thread.altStack = { sp: wanted.sp, flags: wanted.flags & SigaltstackFlag.AUTODISARM, size: wanted.size };
    }
  }
  return 0;
}

/**
 * Sends `signal` from the program to itself (signal 0 only checks that it may): to thread
 * `thread` (tgkill, tkill), or to the process — the thread that takes it is chosen as Linux
 * does (Process.signalProcess).
 */
function sendToSelf(thread: Thread, signal: number, code: number): number {
  if (signal === 0) return 0;
  const process = thread.process;
  process.system?.prepareSignal(process, signal);
  const info = {
    pid: process.pid,
    uid: process.credentials.uid,
    detail: `sent by the program itself (${code === SI_TKILL ? 'tgkill' : 'kill'})`,
  };
  if (code === SI_TKILL) thread.sendSignal(signal, code, info);
  else process.signalProcess(signal, code, info);
  return 0;
}

/**
 * kill: to the caller's process, to other processes of the system (a pid, a process group, or
 * with -1 every process but the caller), or — for pids and groups the system does not hold —
 * to the host's processes, for real. Signal 0 checks only that the target exists.
 */
export function sysKill(thread: Thread, pid: number, signal: number): number {
  const s = signal | 0;
  if (s < 0 || s > NSIG) fail(Errno.EINVAL);
  const p = pid | 0;
  const process = thread.process;
  if (p === process.pid) return sendToSelf(thread, s, SI_USER);
  const system = process.system;
  if (system === undefined) {
    if (p === 0 || p === -1 || p === -process.pgid) return sendToSelf(thread, s, SI_USER);
    return killOnHost(p, s);
  }
  if (p === -0x80000000) fail(Errno.ESRCH);
  let targets: Process[];
  if (p > 0) {
    const target = system.find(p);
    if (target !== undefined) targets = [target];
    else if (system.zombies.some((z) => z.pid === p)) return 0;
    else if (system.owns(p)) fail(Errno.ESRCH);
    else return killOnHost(p, s);
  } else if (p === -1) {
    targets = system.processes.filter((t) => t !== process);
  } else {
    const group = p === 0 ? process.pgid : -p;
    targets = system.processes.filter((t) => t.pgid === group);
    if (targets.length === 0) return killOnHost(p, s);
  }
  if (targets.length === 0) fail(Errno.ESRCH);
  if (s === 0) return 0;
  for (const target of targets) {
    system.prepareSignal(target, s);
    const info = {
      pid: process.pid,
      uid: process.credentials.uid,
      detail: target === process ? 'sent by the program itself (kill)' : `sent by kill() from process ${process.pid}`,
    };
    target.signalProcess(s, SI_USER, info);
  }
  return 0;
}

/** kill(2) of a host process (or group) outside the Miros system. */
function killOnHost(pid: number, signal: number): number {
  try {
    globalThis.process.kill(pid, signal === 0 ? 0 : signalName(signal));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    fail(code === 'EPERM' ? Errno.EPERM : Errno.ESRCH);
  }
  return 0;
}

/** The thread `tid` of the caller's process (tgid: of process tgid), in the whole system. */
function findThread(thread: Thread, tid: number, tgid?: number): Thread {
  const process = thread.process;
  const owner =
    tgid === undefined || tgid === process.pid ? process : (process.system?.find(tgid) ?? fail(Errno.ESRCH));
  const target =
    owner.threads.find((t) => t.tid === tid) ??
    (tgid === undefined ? process.system?.threads().find((t) => t.tid === tid) : undefined);
  if (!target) fail(Errno.ESRCH);
  return target;
}

export function sysTgkill(thread: Thread, tgid: number, tid: number, signal: number): number {
  const s = signal | 0;
  if ((tgid | 0) <= 0 || (tid | 0) <= 0 || s < 0 || s > NSIG) fail(Errno.EINVAL);
  return sendToThread(thread, findThread(thread, tid | 0, tgid | 0), s);
}

export function sysTkill(thread: Thread, tid: number, signal: number): number {
  const s = signal | 0;
  if ((tid | 0) <= 0 || s < 0 || s > NSIG) fail(Errno.EINVAL);
  return sendToThread(thread, findThread(thread, tid | 0), s);
}

/** tgkill/tkill's signal to one thread, of the caller's process or another one. */
function sendToThread(sender: Thread, target: Thread, signal: number): number {
  if (target.process === sender.process) return sendToSelf(target, signal, SI_TKILL);
  if (signal === 0) return 0;
  target.process.system?.prepareSignal(target.process, signal);
  target.sendSignal(signal, SI_TKILL, {
    pid: sender.process.pid,
    uid: sender.process.credentials.uid,
    detail: `sent by tgkill() from process ${sender.process.pid}`,
  });
  return 0;
}

/** rt_sigqueueinfo/rt_tgsigqueueinfo to the process itself, with the caller's siginfo. */
export function sysRtSigqueueinfo(thread: Thread, pid: number, signal: number, info: number): number {
  const s = checkSignal(signal);
  if ((pid | 0) !== thread.process.pid) fail(Errno.ESRCH);
  const i = StructBuffer.read(thread.process.memory, info, 128);
  const code = i.getI32(8);
  // Only the kernel may send signals claiming to come from the kernel, or tkill-style ones.
  if (code >= 0 || code === SI_TKILL) fail(Errno.EPERM);
  thread.sendSignal(s, code === 0 ? SI_QUEUE : code, { pid: i.getI32(16), uid: i.getU32(20), value: i.getI64(24) });
  return 0;
}

/**
 * rt_sigreturn: back from a handler, restoring what its frame saved. A frame that cannot be read
 * gets SIGSEGV, as on Linux.
 */
export function sysRtSigreturn(thread: Thread): number {
  if (!popSignalFrame(thread)) {
    thread.sendSignal(SIGSEGV, SI_KERNEL, { detail: 'rt_sigreturn with an unreadable signal frame' });
    return -Errno.EFAULT;
  }
  // The restored mask may unblock pending signals.
  if (thread.pending.length > 0) thread.process.signalsArrived = true;
  return KEEP_RAX;
}

/** Waits until a handler runs: the dispatcher ends the wait with EINTR when a signal arrives. */
export function sysPause(thread: Thread): number {
  thread.wait = { kind: 'signal' };
  return BLOCKED;
}

/**
 * Replaces the mask while waiting; the old one comes back when the handler returns (the frame
 * saves it: thread.savedMask), or right away if the call fails.
 */
export function sysRtSigsuspend(thread: Thread, mask: number, setSize: number): number {
  if (setSize !== SIGSET_SIZE) fail(Errno.EINVAL);
  if (thread.savedMask === undefined) {
    const s = StructBuffer.read(thread.process.memory, mask, 8);
    thread.savedMask = thread.blocked.copy();
    thread.blocked.set(s.getU32(0), s.getU32(4));
    thread.blocked.dropUnblockable();
  }
  thread.wait = { kind: 'signal' };
  return BLOCKED;
}

/**
 * Runs a waiting call (ppoll, pselect6, epoll_pwait) with the signal mask at `mask` (0: none)
 * in place of the thread's, as Linux does: the mask is swapped in for the wait; when the call
 * completes or fails the old one is back at once; when a handler interrupts it, the handler's
 * frame restores it on return (thread.savedMask, as for sigsuspend).
 */
export function withWaitMask(thread: Thread, mask: number, call: () => number): number {
  if (mask !== 0 && thread.savedMask === undefined) {
    const s = StructBuffer.read(thread.process.memory, mask, SIGSET_SIZE);
    thread.savedMask = thread.blocked.copy();
    thread.blocked.set(s.getU32(0), s.getU32(4));
    thread.blocked.dropUnblockable();
  }
  let result: number;
  try {
    result = call();
  } catch (error) {
    restoreWaitMask(thread);
    throw error;
  }
  if (result !== BLOCKED) restoreWaitMask(thread);
  return result;
}

function restoreWaitMask(thread: Thread): void {
  const saved = thread.savedMask;
  if (saved === undefined) return;
  thread.blocked.set(saved.lo, saved.hi);
  thread.savedMask = undefined;
}

/** Dequeues the lowest pending signal in `set` (lo/hi halves), or undefined. */
function takePending(thread: Thread, lo: number, hi: number): SignalInfo | undefined {
  const wanted = new SignalSet(lo, hi);
  let best = -1;
  for (let i = 0; i < thread.pending.length; i++) {
    const s = thread.pending[i]!.signal;
    if (wanted.has(s) && (best < 0 || s < thread.pending[best]!.signal)) best = i;
  }
  return best < 0 ? undefined : thread.pending.splice(best, 1)[0];
}

/**
 * rt_sigtimedwait: takes a pending signal of `set` (normally blocked ones) and returns its number,
 * with its siginfo_t at `info`; waits up to `timeout` (NULL: forever) — EAGAIN when it passes.
 */
export function sysRtSigtimedwait(thread: Thread, set: number, info: number, timeout: number, setSize: number): number {
  if (setSize !== SIGSET_SIZE) fail(Errno.EINVAL);
  const memory = thread.process.memory;
  const s = StructBuffer.read(memory, set, 8);
  // SIGKILL and SIGSTOP cannot be waited for.
  const wanted = new SignalSet(s.getU32(0), s.getU32(4));
  wanted.dropUnblockable();
  if (thread.restart === undefined) {
    let deadline = Number.POSITIVE_INFINITY;
    if (timeout !== 0) {
      const t = StructBuffer.read(memory, timeout, 16);
      const sec = t.getI64(0);
      const nsec = t.getI64(8);
      if (sec < 0 || nsec < 0 || nsec >= 1e9) fail(Errno.EINVAL);
      deadline = monotonicNanoseconds() + sec * 1e9 + nsec;
    }
    thread.restart = { deadline };
  }
  const taken = takePending(thread, wanted.lo, wanted.hi);
  if (taken) {
    if (info !== 0) {
      const buffer = new StructBuffer(SIGINFO_SIZE);
      writeSiginfo(buffer.view, 0, taken);
      buffer.writeTo(memory, info);
    }
    return taken.signal;
  }
  const deadline = thread.restart.deadline;
  if (monotonicNanoseconds() >= deadline) fail(Errno.EAGAIN);
  thread.wait = { kind: 'signal', deadline };
  return BLOCKED;
}

const ITIMER_REAL = 0;
const ITIMER_VIRTUAL = 1;
const ITIMER_PROF = 2;

/** struct itimerval { timeval it_interval, it_value } from ns values. */
function writeItimerval(thread: Thread, address: number, interval: number, value: number): void {
  new StructBuffer(32)
    .u64(0, Math.floor(interval / 1e9))
    .u64(8, Math.floor((interval % 1e9) / 1000))
    .u64(16, Math.floor(value / 1e9))
    .u64(24, Math.ceil((value % 1e9) / 1000))
    .writeTo(thread.process.memory, address);
}

/** The timer setitimer's `which` names: ITIMER_REAL on elapsed time, the others on CPU time. */
function itimerOf(thread: Thread, which: number): RealTimer | PosixTimer {
  const process = thread.process;
  switch (which | 0) {
    case ITIMER_REAL:
      return process.realTimer;
    case ITIMER_VIRTUAL:
      return process.posixTimers.virtualTimer;
    case ITIMER_PROF:
      return process.posixTimers.profilingTimer;
    default:
      fail(Errno.EINVAL);
  }
}

export function sysGetitimer(thread: Thread, which: number, value: number): number {
  const timer = itimerOf(thread, which);
  writeItimerval(thread, value, timer.interval, timer.remaining());
  return 0;
}

export function sysSetitimer(thread: Thread, which: number, value: number, oldValue: number): number {
  const timer = itimerOf(thread, which);
  let interval = 0;
  let initial = 0;
  if (value !== 0) {
    const v = StructBuffer.read(thread.process.memory, value, 32);
    const usec = [v.getI64(8), v.getI64(24)];
    if (usec.some((u) => u < 0 || u >= 1e6)) fail(Errno.EINVAL);
    interval = v.getI64(0) * 1e9 + usec[0]! * 1000;
    initial = v.getI64(16) * 1e9 + usec[1]! * 1000;
  }
  if (oldValue !== 0) writeItimerval(thread, oldValue, timer.interval, timer.remaining());
  if (timer instanceof RealTimer) timer.set(initial, interval);
  else timer.arm(initial, interval);
  return 0;
}

/** alarm: seconds left of the previous alarm (rounded to nearest, at least 1 if any was set). */
export function sysAlarm(thread: Thread, seconds: number): number {
  const timer = thread.process.realTimer;
  const left = timer.remaining();
  // Linux rounds the remaining time to the nearest second and never reports 0 for an armed timer.
  const previous = timer.armed ? Math.max(1, Math.round(left / 1e9)) : 0;
  timer.set((seconds >>> 0) * 1e9, 0);
  return previous;
}

/** signalfd4's flags: SFD_NONBLOCK (O_NONBLOCK), SFD_CLOEXEC (O_CLOEXEC). */
const SIGNALFD_FLAGS = OpenFlag.NONBLOCK | OpenFlag.CLOEXEC;

/** signalfd4: a new signalfd for the signals of `mask` (fd -1), or a new mask for signalfd `fd`. */
export function sysSignalfd4(thread: Thread, fd: number, mask: number, maskSize: number, flags: number): number {
  const f = flags | 0;
  if (maskSize !== SIGSET_SIZE || f & ~SIGNALFD_FLAGS) fail(Errno.EINVAL);
  const s = StructBuffer.read(thread.process.memory, mask, SIGSET_SIZE);
  if ((fd | 0) === -1) {
    const set = new SignalSet(s.getU32(0), s.getU32(4));
    set.dropUnblockable();
    return thread.process.fds.add(new SignalFd(set, f, thread.process), (f & OpenFlag.CLOEXEC) !== 0);
  }
  const file = fileOf(thread, fd);
  if (!(file instanceof SignalFd)) fail(Errno.EINVAL);
  file.setMask(s.getU32(0), s.getU32(4));
  return fd | 0;
}

export function sysSignalfd(thread: Thread, fd: number, mask: number, maskSize: number): number {
  return sysSignalfd4(thread, fd, mask, maskSize, 0);
}
