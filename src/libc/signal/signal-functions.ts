// signal.h as glibc 2.36 has it on x86-64 Linux: dispositions (sigaction, signal and its BSD/SysV
// variants), signal sets, masks, sending (raise, kill, killpg), waiting (pause, sigsuspend,
// sigwait, sigtimedwait) and the interval timer (alarm, setitimer, getitimer).
//
// Facts taken from glibc's behaviour:
// - sigset_t is 128 bytes but only the first 8 (the kernel's mask) are ever read or written by
//   sigemptyset/sigfillset/sigprocmask (glibc's __NSIG_WORDS is 1).
// - Signals 32 and 33 (SIGCANCEL, SIGSETXID) are glibc's own: sigaction, signal, sigaddset and
//   sigdelset refuse them with EINVAL, sigfillset leaves them out and sigprocmask never blocks them.
//   SIGRTMIN is therefore 34.
// - sigaction always installs glibc's restorer (SA_RESTORER, __restore_rt) and reports it back.
// Calls that can block or make a pending signal deliverable end in guest code (./guest-code.ts) so
// the kernel's dispatcher interrupts, restarts and delivers exactly as for a raw system call.
import { monotonicNanoseconds } from '../../kernel/clock.ts';
import { Errno } from '../../kernel/errno.ts';
import type { CallFrame } from '../abi/call-frame.ts';
import type { HostGenerator } from '../abi/host-region.ts';
import { guestCall } from '../abi/host-region.ts';
import type { FunctionTable } from '../exports/binding-types.ts';
import { cancellableSyscall, cancellableSyscallFromGenerator } from '../pthread/cancel-cleanup.ts';
import { checkRead, checkWrite, loadPointer, storePointer } from '../runtime/guest-access.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { guestCode, tailSyscall } from './guest-code.ts';
import { SIGNAL_NAME_FUNCTIONS } from './signal-names.ts';

/** x86-64 system call numbers used here. */
const enum Nr {
  rt_sigaction = 13,
  rt_sigprocmask = 14,
  pause = 34,
  nanosleep = 35,
  getitimer = 36,
  alarm = 37,
  setitimer = 38,
  getpid = 39,
  kill = 62,
  getuid = 102,
  rt_sigqueueinfo = 129,
  rt_sigpending = 127,
  rt_sigtimedwait = 128,
  rt_sigsuspend = 130,
  sigaltstack = 131,
  gettid = 186,
  tgkill = 234,
}

export const NSIG = 65;
const SIGCANCEL = 32;
const SIGSETXID = 33;
export const SIGRTMIN = 34;
export const SIGRTMAX = 64;
const KERNEL_SIGSET_SIZE = 8;
const SIGINFO_SIZE = 128;
const SI_QUEUE = -1;
const SI_USER = 0;
const SI_TKILL = -6;
const SA_RESTORER = 0x04000000;
const SA_RESTART = 0x10000000;
const SA_NODEFER = 0x40000000;
const SA_RESETHAND = 0x80000000;
/** Internal signals as a mask of the low word: bits 31 and 32 (signals 32, 33) → lo bit 31, hi bit 0. */
const INTERNAL_LO = 0x80000000;
const INTERNAL_HI = 0x1;

/** struct sigaction (glibc): handler, 128-byte sa_mask, int sa_flags, sa_restorer. */
const SA_MASK = 8;
const SA_FLAGS = 136;
const SA_RESTORER_FIELD = 144;
const SIGACTION_SIZE = 152;
/** struct kernel_sigaction: handler, flags, restorer, 8-byte mask. */
const KERNEL_SIGACTION_SIZE = 32;

function isValid(signal: number): boolean {
  return signal > 0 && signal < NSIG;
}

function isInternal(signal: number): boolean {
  return signal === SIGCANCEL || signal === SIGSETXID;
}

/** Scratch guest memory for the kernel's structures (two kernel_sigactions, a mask). */
function scratch(libc: LibcProcess): number {
  return libc.objectAddress('<signal:scratch>', () => libc.data.allocate(3 * KERNEL_SIGACTION_SIZE, 16));
}

function fail(libc: LibcProcess, errno: number): number {
  libc.errno = errno;
  return -1;
}

/** The 64-bit kernel mask at `set` as halves (checked read). */
function readMask(libc: LibcProcess, set: number): [number, number] {
  checkRead(libc.memory, set, KERNEL_SIGSET_SIZE);
  const view = libc.memory.view;
  return [view.getUint32(set, true), view.getUint32(set + 4, true)];
}

function writeMask(libc: LibcProcess, set: number, lo: number, hi: number): void {
  checkWrite(libc.memory, set, KERNEL_SIGSET_SIZE);
  const view = libc.memory.view;
  view.setUint32(set, lo >>> 0, true);
  view.setUint32(set + 4, hi >>> 0, true);
}

/** Bit of `signal` in the (lo, hi) halves: [word index, bit]. */
function bitOf(signal: number): [number, number] {
  const bit = signal - 1;
  return bit < 32 ? [0, (1 << bit) >>> 0] : [4, (1 << (bit - 32)) >>> 0];
}

/** __libc_sigaction: glibc's struct → the kernel's, with glibc's restorer. */
function sigaction(libc: LibcProcess, signal: number, action: number, oldAction: number): number {
  if (!isValid(signal) || isInternal(signal)) return fail(libc, Errno.EINVAL);
  const memory = libc.memory;
  const view = memory.view;
  const buffer = scratch(libc);
  const kernelAction = action === 0 ? 0 : buffer;
  const kernelOld = oldAction === 0 ? 0 : buffer + KERNEL_SIGACTION_SIZE;
  if (action !== 0) {
    checkRead(memory, action, SIGACTION_SIZE);
    storePointer(memory, buffer, loadPointer(memory, action));
    const flags = view.getInt32(action + SA_FLAGS, true);
    // sa_flags is an int in glibc's struct; the kernel's is unsigned long (sign-extended, as glibc does).
    view.setUint32(buffer + 8, (flags | SA_RESTORER) >>> 0, true);
    view.setInt32(buffer + 12, flags < 0 ? -1 : 0, true);
    storePointer(memory, buffer + 16, guestCode(libc).restoreRt);
    view.setUint32(buffer + 24, view.getUint32(action + SA_MASK, true), true);
    view.setUint32(buffer + 28, view.getUint32(action + SA_MASK + 4, true), true);
  }
  const result = libc.sys(Nr.rt_sigaction, signal, kernelAction, kernelOld, KERNEL_SIGSET_SIZE);
  if (result < 0) return fail(libc, -result);
  if (oldAction !== 0) {
    checkWrite(memory, oldAction, SIGACTION_SIZE);
    storePointer(memory, oldAction, loadPointer(memory, kernelOld));
    view.setUint32(oldAction + SA_FLAGS, view.getUint32(kernelOld + 8, true), true);
    storePointer(memory, oldAction + SA_RESTORER_FIELD, loadPointer(memory, kernelOld + 16));
    view.setUint32(oldAction + SA_MASK, view.getUint32(kernelOld + 24, true), true);
    view.setUint32(oldAction + SA_MASK + 4, view.getUint32(kernelOld + 28, true), true);
  }
  return 0;
}

/** signal()-style installation: returns the previous handler or SIG_ERR. */
function installHandler(f: CallFrame, libc: LibcProcess, flags: number, maskSelf: boolean): number {
  const signal = f.int(0);
  const handler = f.ptr(1);
  if (f.long(1) === -1 /* SIG_ERR */ || !isValid(signal) || isInternal(signal)) {
    return fail(libc, Errno.EINVAL);
  }
  const memory = libc.memory;
  const view = memory.view;
  const action = scratch(libc) + 2 * KERNEL_SIGACTION_SIZE;
  // A kernel_sigaction built directly (glibc builds its struct sigaction, then converts).
  storePointer(memory, action, handler);
  view.setUint32(action + 8, (flags | SA_RESTORER) >>> 0, true);
  view.setUint32(action + 12, 0, true);
  storePointer(memory, action + 16, guestCode(libc).restoreRt);
  const [word, bit] = maskSelf ? bitOf(signal) : [0, 0];
  view.setUint32(action + 24, word === 0 ? bit : 0, true);
  view.setUint32(action + 28, word === 4 ? bit : 0, true);
  const old = scratch(libc) + KERNEL_SIGACTION_SIZE;
  const result = libc.sys(Nr.rt_sigaction, signal, action, old, KERNEL_SIGSET_SIZE);
  if (result < 0) return fail(libc, -result);
  return loadPointer(memory, old);
}

/** The set at `set` with glibc's internal signals removed, in scratch memory (or `set` itself). */
function withoutInternal(libc: LibcProcess, set: number): number {
  if (set === 0) return 0;
  const [lo, hi] = readMask(libc, set);
  if ((lo & INTERNAL_LO) === 0 && (hi & INTERNAL_HI) === 0) return set;
  const copy = scratch(libc) + 3 * KERNEL_SIGACTION_SIZE - KERNEL_SIGSET_SIZE;
  writeMask(libc, copy, lo & ~INTERNAL_LO, hi & ~INTERNAL_HI);
  return copy;
}

function setOperation(libc: LibcProcess, set: number, signal: number, add: boolean): number {
  if (set === 0 || !isValid(signal) || isInternal(signal)) return fail(libc, Errno.EINVAL);
  const [word, bit] = bitOf(signal);
  checkWrite(libc.memory, set + word, 4);
  const view = libc.memory.view;
  const value = view.getUint32(set + word, true);
  view.setUint32(set + word, add ? (value | bit) >>> 0 : (value & ~bit) >>> 0, true);
  return 0;
}

/**
 * sigtimedwait (and sigwaitinfo, without timeout): as glibc, a signal sent by tkill (raise)
 * reads as SI_USER in the info, since glibc's raise uses tkill behind the program's back.
 */
function* sigtimedwait(libc: LibcProcess, set: number, info: number, timeout: number): HostGenerator {
  const code = guestCode(libc).syscallFunction;
  const result = yield guestCall(code, [Nr.rt_sigtimedwait, set, info, timeout, KERNEL_SIGSET_SIZE], 'sigtimedwait');
  if (result > 0 && info !== 0 && libc.memory.view.getInt32(info + 8, true) === SI_TKILL) {
    libc.memory.view.setInt32(info + 8, SI_USER, true);
  }
  return libc.sysResult(result);
}

/** sigwait: sigtimedwait(set, NULL, NULL) until it is not interrupted; the signal goes to *sig. */
function* sigwait(f: CallFrame, libc: LibcProcess): HostGenerator {
  const set = f.ptr(0);
  const out = f.ptr(1);
  const code = guestCode(libc);
  for (;;) {
    const result = yield guestCall(
      code.syscallFunction,
      [Nr.rt_sigtimedwait, set, 0, 0, KERNEL_SIGSET_SIZE],
      'sigwait',
    );
    if (result === -Errno.EINTR) continue;
    if (result < 0) {
      libc.errno = -result;
      return -result;
    }
    checkWrite(libc.memory, out, 4);
    libc.memory.view.setInt32(out, result, true);
    return 0;
  }
}

/**
 * sleep: nanosleep from guest code (an alarm's handler interrupts it); returns the seconds left,
 * rounded up as glibc's rem.tv_sec + (rem.tv_nsec != 0). The timespec lives in the red zone below
 * the stack pointer, which the call and any signal frame leave alone.
 */
function* sleep(f: CallFrame, libc: LibcProcess): HostGenerator {
  const seconds = f.uint(0);
  const request = f.sp - 64;
  checkWrite(libc.memory, request, 16);
  const view = libc.memory.view;
  view.setUint32(request, seconds, true);
  view.setUint32(request + 4, 0, true);
  view.setBigInt64(request + 8, 0n, true);
  const deadline = monotonicNanoseconds() + seconds * 1e9;
  const result = yield* cancellableSyscallFromGenerator(libc, [Nr.nanosleep, request, 0], 'sleep');
  if (result === -Errno.EINTR) return Math.max(0, Math.ceil((deadline - monotonicNanoseconds()) / 1e9));
  if (result < 0) libc.errno = -result;
  return 0;
}

/** usleep: nanosleep for `useconds` microseconds; -1 and EINTR when a handler interrupts it. */
function* usleep(f: CallFrame, libc: LibcProcess): HostGenerator {
  const useconds = f.uint(0);
  const request = f.sp - 64;
  checkWrite(libc.memory, request, 16);
  const view = libc.memory.view;
  view.setUint32(request, Math.floor(useconds / 1e6), true);
  view.setUint32(request + 4, 0, true);
  view.setBigInt64(request + 8, BigInt((useconds % 1e6) * 1000), true);
  const result = yield* cancellableSyscallFromGenerator(libc, [Nr.nanosleep, request, 0], 'usleep');
  return libc.sysResult(result);
}

/** sigprocmask's work; returns rax (ends in guest code so that an unblocked signal is delivered). */
function procmask(f: CallFrame, libc: LibcProcess, how: number, set: number, oldSet: number): number {
  return tailSyscall(f, libc, Nr.rt_sigprocmask, how, withoutInternal(libc, set), oldSet, KERNEL_SIGSET_SIZE);
}

/**
 * The BSD masks sigsetmask and sigblock take and return: bit n-1 for signal n, signals 1–32 only
 * (glibc's sigmask). rt_sigprocmask runs as guest code, so a signal it unblocks is delivered
 * before the call returns, as natively; then the old mask comes back, or -1.
 */
function* bsdMask(f: CallFrame, libc: LibcProcess, how: number, mask: number): HostGenerator {
  const set = f.sp - 64;
  const old = set + KERNEL_SIGSET_SIZE;
  checkWrite(libc.memory, set, 2 * KERNEL_SIGSET_SIZE);
  const view = libc.memory.view;
  view.setUint32(set, mask >>> 0, true);
  view.setUint32(set + 4, 0, true);
  const call = [Nr.rt_sigprocmask, how, withoutInternal(libc, set), old, KERNEL_SIGSET_SIZE];
  const result = yield guestCall(guestCode(libc).syscallFunction, call, 'sigsetmask');
  if (result < 0) return libc.sysResult(result);
  return view.getUint32(old, true) | 0;
}

const SIG_BLOCK = 0;
const SIG_UNBLOCK = 1;
const SIG_SETMASK = 2;
/** SIG_HOLD, sigset's disposition that only blocks the signal. */
const SIG_HOLD = 2;

/**
 * sigset (System V) as glibc's: SIG_HOLD blocks the signal and returns SIG_HOLD if it was
 * blocked already, else the installed handler; another disposition is installed (empty mask, no
 * flags), the signal unblocked, and SIG_HOLD or the previous handler returned. SIG_ERR and
 * EINVAL for a signal sigaddset refuses. The mask changes run as guest code (a signal unblocked
 * is delivered before sigset returns, as natively).
 */
function* sigset(f: CallFrame, libc: LibcProcess): HostGenerator {
  const signal = f.int(0);
  const disposition = f.ptr(1);
  if (!isValid(signal) || isInternal(signal)) return fail(libc, Errno.EINVAL);
  const memory = libc.memory;
  const view = memory.view;
  const set = f.sp - 64;
  const old = set + KERNEL_SIGSET_SIZE;
  checkWrite(memory, set, 2 * KERNEL_SIGSET_SIZE);
  const [word, bit] = bitOf(signal);
  writeMask(libc, set, word === 0 ? bit : 0, word === 4 ? bit : 0);
  const wasBlocked = () => (view.getUint32(old + word, true) & bit) !== 0;
  const kernelOld = scratch(libc) + KERNEL_SIGACTION_SIZE;
  if (disposition === SIG_HOLD) {
    const call = [Nr.rt_sigprocmask, SIG_BLOCK, set, old, KERNEL_SIGSET_SIZE];
    const blocked = yield guestCall(guestCode(libc).syscallFunction, call, 'sigset');
    if (blocked < 0) return libc.sysResult(blocked);
    if (wasBlocked()) return SIG_HOLD;
    const query = libc.sys(Nr.rt_sigaction, signal, 0, kernelOld, KERNEL_SIGSET_SIZE);
    if (query < 0) return fail(libc, -query);
    return loadPointer(memory, kernelOld);
  }
  const action = scratch(libc);
  storePointer(memory, action, disposition);
  view.setUint32(action + 8, SA_RESTORER, true);
  view.setUint32(action + 12, 0, true);
  storePointer(memory, action + 16, guestCode(libc).restoreRt);
  writeMask(libc, action + 24, 0, 0);
  const installed = libc.sys(Nr.rt_sigaction, signal, action, kernelOld, KERNEL_SIGSET_SIZE);
  if (installed < 0) return fail(libc, -installed);
  const previous = loadPointer(memory, kernelOld);
  const call = [Nr.rt_sigprocmask, SIG_UNBLOCK, set, old, KERNEL_SIGSET_SIZE];
  const unblocked = yield guestCall(guestCode(libc).syscallFunction, call, 'sigset');
  if (unblocked < 0) return libc.sysResult(unblocked);
  return wasBlocked() ? SIG_HOLD : previous;
}

export const SIGNAL_FUNCTIONS: FunctionTable = {
  ...SIGNAL_NAME_FUNCTIONS,
  sigset: (f, libc) => sigset(f, libc),
  sigsetmask: (f, libc) => bsdMask(f, libc, SIG_SETMASK, f.int(0)),
  sigblock: (f, libc) => bsdMask(f, libc, SIG_BLOCK, f.int(0)),
  siggetmask: (f, libc) => bsdMask(f, libc, SIG_BLOCK, 0),
  sigaction: (f, libc) => sigaction(libc, f.int(0), f.ptr(1), f.ptr(2)),
  __sigaction: (f, libc) => sigaction(libc, f.int(0), f.ptr(1), f.ptr(2)),
  // BSD semantics (glibc's signal): the handler stays, its own signal is blocked while it runs,
  // interrupted calls restart.
  signal: (f, libc) => installHandler(f, libc, SA_RESTART, true),
  bsd_signal: (f, libc) => installHandler(f, libc, SA_RESTART, true),
  // System V semantics: one-shot, not blocked, interrupting.
  sysv_signal: (f, libc) => installHandler(f, libc, SA_RESETHAND | SA_NODEFER, false),
  __sysv_signal: (f, libc) => installHandler(f, libc, SA_RESETHAND | SA_NODEFER, false),
  sigemptyset: (f, libc) => {
    const set = f.ptr(0);
    if (set === 0) return fail(libc, Errno.EINVAL);
    writeMask(libc, set, 0, 0);
    return 0;
  },
  sigfillset: (f, libc) => {
    const set = f.ptr(0);
    if (set === 0) return fail(libc, Errno.EINVAL);
    writeMask(libc, set, ~INTERNAL_LO, ~INTERNAL_HI);
    return 0;
  },
  sigaddset: (f, libc) => setOperation(libc, f.ptr(0), f.int(1), true),
  sigdelset: (f, libc) => setOperation(libc, f.ptr(0), f.int(1), false),
  sigismember: (f, libc) => {
    const set = f.ptr(0);
    const signal = f.int(1);
    if (set === 0 || !isValid(signal)) return fail(libc, Errno.EINVAL);
    const [word, bit] = bitOf(signal);
    checkRead(libc.memory, set + word, 4);
    return (libc.memory.view.getUint32(set + word, true) & bit) !== 0 ? 1 : 0;
  },
  sigisemptyset: (f, libc) => {
    // glibc 2.36 on x86-64 answers from signals 1–32 only (measured: a set holding only signals
    // 33–64 counts as empty); the same answer here.
    const [lo] = readMask(libc, f.ptr(0));
    return lo === 0 ? 1 : 0;
  },
  sigorset: (f, libc) => {
    const [a0, a1] = readMask(libc, f.ptr(1));
    const [b0, b1] = readMask(libc, f.ptr(2));
    writeMask(libc, f.ptr(0), a0 | b0, a1 | b1);
    return 0;
  },
  sigandset: (f, libc) => {
    const [a0, a1] = readMask(libc, f.ptr(1));
    const [b0, b1] = readMask(libc, f.ptr(2));
    writeMask(libc, f.ptr(0), a0 & b0, a1 & b1);
    return 0;
  },
  sigprocmask: (f, libc) => procmask(f, libc, f.int(0), f.ptr(1), f.ptr(2)),
  sigpending: (f, libc) => libc.sysResult(libc.sys(Nr.rt_sigpending, f.ptr(0), KERNEL_SIGSET_SIZE)),
  sigsuspend: (f, libc) => cancellableSyscall(f, libc, Nr.rt_sigsuspend, f.ptr(0), KERNEL_SIGSET_SIZE),
  __sigsuspend: (f, libc) => cancellableSyscall(f, libc, Nr.rt_sigsuspend, f.ptr(0), KERNEL_SIGSET_SIZE),
  sigwait,
  sigwaitinfo: (f, libc) => sigtimedwait(libc, f.ptr(0), f.ptr(1), 0),
  sigtimedwait: (f, libc) => sigtimedwait(libc, f.ptr(0), f.ptr(1), f.ptr(2)),
  sleep,
  usleep,
  pause: (f, libc) => cancellableSyscall(f, libc, Nr.pause, 0),
  raise: (f, libc) => tailSyscall(f, libc, Nr.tgkill, libc.sys(Nr.getpid), libc.sys(Nr.gettid), f.int(0)),
  gsignal: (f, libc) => tailSyscall(f, libc, Nr.tgkill, libc.sys(Nr.getpid), libc.sys(Nr.gettid), f.int(0)),
  kill: (f, libc) => tailSyscall(f, libc, Nr.kill, f.int(0), f.int(1)),
  sigqueue: (f, libc) => {
    // The siginfo_t glibc builds (SI_QUEUE, our pid and uid, the value), placed below the stack
    // pointer: nothing writes there before the system call reads it.
    const info = f.sp - 256;
    checkWrite(libc.memory, info, SIGINFO_SIZE);
    libc.memory.bytes.fill(0, info, info + SIGINFO_SIZE);
    const view = libc.memory.view;
    const signal = f.int(1);
    view.setInt32(info, signal, true);
    view.setInt32(info + 8, SI_QUEUE, true);
    view.setInt32(info + 16, libc.sys(Nr.getpid), true);
    view.setInt32(info + 20, libc.sys(Nr.getuid), true);
    storePointer(libc.memory, info + 24, f.ptr(2));
    return tailSyscall(f, libc, Nr.rt_sigqueueinfo, f.int(0), signal, info);
  },
  killpg: (f, libc) => {
    const group = f.int(0);
    if (group < 0) return fail(libc, Errno.EINVAL);
    return tailSyscall(f, libc, Nr.kill, -group, f.int(1));
  },
  sigaltstack: (f, libc) => libc.sysResult(libc.sys(Nr.sigaltstack, f.ptr(0), f.ptr(1))),
  alarm: (f, libc) => libc.sys(Nr.alarm, f.uint(0)),
  setitimer: (f, libc) => libc.sysResult(libc.sys(Nr.setitimer, f.int(0), f.ptr(1), f.ptr(2))),
  getitimer: (f, libc) => libc.sysResult(libc.sys(Nr.getitimer, f.int(0), f.ptr(1))),
  __libc_current_sigrtmin: () => SIGRTMIN,
  __libc_current_sigrtmax: () => SIGRTMAX,
};
