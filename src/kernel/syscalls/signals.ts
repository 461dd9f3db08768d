// Signal system calls: rt_sigaction, rt_sigprocmask, rt_sigpending, sigaltstack, kill, tgkill,
// tkill, rt_sigqueueinfo, rt_sigreturn, pause, rt_sigsuspend.

import { SigaltstackFlag, SigprocmaskHow } from '../abi/flags.ts';
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
import { BLOCKED } from '../blocking.ts';
import { Errno, fail } from '../errno.ts';
import { StructBuffer } from '../guest-memory.ts';
import { SIG_DFL, SIG_IGN, type SignalAction } from '../signals/signal-state.ts';
import type { Thread } from '../thread.ts';

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

/** Sends `signal` to the calling process (signal 0 only checks that it may). */
function sendToSelf(thread: Thread, signal: number, code: number): number {
  if (signal === 0) return 0;
  const process = thread.process;
  thread.sendSignal(signal, code, {
    pid: process.pid,
    uid: process.credentials.uid,
    detail: `sent by the program itself (${code === SI_TKILL ? 'tgkill' : 'kill'})`,
  });
  return 0;
}

export function sysKill(thread: Thread, pid: number, signal: number): number {
  const s = signal | 0;
  if (s < 0 || s > NSIG) fail(Errno.EINVAL);
  const p = pid | 0;
  const process = thread.process;
  if (p === process.pid || p === 0 || p === -1 || p === -process.pgid) return sendToSelf(thread, s, SI_USER);
  // Other processes are the host's: signal them for real.
  try {
    globalThis.process.kill(p, s === 0 ? 0 : signalName(s));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    fail(code === 'EPERM' ? Errno.EPERM : Errno.ESRCH);
  }
  return 0;
}

function findThread(thread: Thread, tid: number): Thread {
  const target = thread.process.threads.find((t) => t.tid === tid);
  if (!target) fail(Errno.ESRCH);
  return target;
}

export function sysTgkill(thread: Thread, tgid: number, tid: number, signal: number): number {
  const s = signal | 0;
  if ((tgid | 0) <= 0 || (tid | 0) <= 0 || s < 0 || s > NSIG) fail(Errno.EINVAL);
  if ((tgid | 0) !== thread.process.pid) fail(Errno.ESRCH);
  return sendToSelf(findThread(thread, tid | 0), s, SI_TKILL);
}

export function sysTkill(thread: Thread, tid: number, signal: number): number {
  const s = signal | 0;
  if ((tid | 0) <= 0 || s < 0 || s > NSIG) fail(Errno.EINVAL);
  return sendToSelf(findThread(thread, tid | 0), s, SI_TKILL);
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
 * rt_sigreturn restores the frame a handler was entered with. Miros does not yet enter
 * handlers (issue 5), so no valid frame can exist: as Linux does for a bad frame, the process
 * gets SIGSEGV.
 */
export function sysRtSigreturn(thread: Thread): number {
  thread.sendSignal(SIGSEGV, SI_KERNEL, { detail: 'rt_sigreturn without a signal frame' });
  return 0;
}

export function sysPause(thread: Thread): number {
  thread.wait = { kind: 'signal' };
  return BLOCKED;
}

export function sysRtSigsuspend(thread: Thread, mask: number, setSize: number): number {
  if (setSize !== SIGSET_SIZE) fail(Errno.EINVAL);
  StructBuffer.read(thread.process.memory, mask, 8);
  thread.wait = { kind: 'signal' };
  return BLOCKED;
}
