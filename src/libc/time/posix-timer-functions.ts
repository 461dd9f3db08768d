// timer_create, timer_settime, timer_gettime, timer_getoverrun, timer_delete (glibc 2.34+ has them
// in libc.so.6), over the kernel's POSIX timers (src/kernel/syscalls/timers.ts), as glibc 2.36
// makes them:
// - no sigevent: glibc passes its own, SIGALRM with a null value (so si_value is 0, where the
//   kernel's default would be the id);
// - CLOCK_PROCESS_CPUTIME_ID and CLOCK_THREAD_CPUTIME_ID become the kernel's CPU-clock ids of the
//   calling process and thread;
// - a kernel timer's timer_t is its id; a SIGEV_THREAD timer's is a negative number (glibc
//   stores INTPTR_MIN | pointer >> 1 there; programs only pass it back);
// - SIGEV_THREAD: one helper thread per process, started on the first such timer, waits for the
//   timers' signal (SIGTIMER, glibc's internal signal 32, sent to it alone with SIGEV_THREAD_ID)
//   and starts a detached thread per expiry that calls the notify function with the sigevent's
//   value, with the sigev_notify_attributes the program gave (copied at timer_create).

import { guestCall, type HostGenerator } from '../abi/host-region.ts';
import type { FunctionTable } from '../exports/binding-types.ts';
import { ATTRIBUTES_SIZE, writeDetachedAttributes } from '../pthread/attributes.ts';
import { createThreadRunning, finishThread } from '../pthread/lifecycle.ts';
import { pthreadState } from '../pthread/thread-registry.ts';
import { loadPointer, storePointer } from '../runtime/guest-access.ts';
import { Sys } from '../runtime/kernel-call.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { noneSurvives, ProcessState } from '../runtime/process-states.ts';
import { guestCode } from '../signal/guest-code.ts';

const SIGALRM = 14;
/** glibc's SIGTIMER (= SIGCANCEL): internal, so the program never sees or blocks it. */
const SIGTIMER = 32;
const SIGEV_SIGNAL = 0;
const SIGEV_THREAD = 2;
const SIGEV_THREAD_ID = 4;
const CLOCK_PROCESS_CPUTIME_ID = 2;
const CLOCK_THREAD_CPUTIME_ID = 3;
/** MAKE_PROCESS_CPUCLOCK(0, CPUCLOCK_SCHED) and MAKE_THREAD_CPUCLOCK(0, CPUCLOCK_SCHED). */
const PROCESS_CPU_CLOCK = -6;
const THREAD_CPU_CLOCK = -2;
/** struct sigevent: value 0, signo 8, notify 12, then notify_function 16, notify_attributes 24. */
const SIGEVENT_SIZE = 64;
const SIGINFO_SIZE = 128;
const KERNEL_SIGSET_SIZE = 8;
const RT_SIGTIMEDWAIT = 128;

/** A SIGEV_THREAD timer: the kernel timer behind it and what each expiry calls. */
interface ThreadTimer {
  kernelId: number;
  notify: number;
  value: number;
  /** A detached copy of the sigev_notify_attributes, in guest memory. */
  attributes: number;
}

interface TimerState {
  /** The helper thread's tid, 0 until it is started. */
  helperTid: number;
  /** SIGEV_THREAD timers by handle (a timer_t is -1 - handle). */
  threadTimers: Map<number, ThreadTimer>;
  nextHandle: number;
  /** Guest memory the helper and timer_create use: a sigevent, a sigset, a siginfo, an id. */
  scratch: number;
}

const states = new ProcessState<TimerState>('time/posix-timer-functions states', noneSurvives, (libc) => ({
  helperTid: 0,
  threadTimers: new Map(),
  nextHandle: 0,
  scratch: libc.data.allocate(SIGEVENT_SIZE + KERNEL_SIGSET_SIZE + SIGINFO_SIZE + 8, 16),
}));

function kernelClock(clock: number): number {
  if (clock === CLOCK_PROCESS_CPUTIME_ID) return PROCESS_CPU_CLOCK;
  if (clock === CLOCK_THREAD_CPUTIME_ID) return THREAD_CPU_CLOCK;
  return clock;
}

/** The timer_t of SIGEV_THREAD timer `handle`, as the 64-bit value a program holds. */
function threadTimerId(handle: number): number {
  return -1 - handle;
}

/** The kernel id behind a timer_t, or -1 if it names no timer of ours. */
function kernelIdOf(libc: LibcProcess, timer: number): number {
  if (timer >= 0) return timer;
  return states.of(libc).threadTimers.get(-1 - timer)?.kernelId ?? -1;
}

function timerCreate(libc: LibcProcess, clock: number, event: number, out: number): number {
  const state = states.of(libc);
  const memory = libc.memory;
  const sigevent = state.scratch;
  const idAt = state.scratch + SIGEVENT_SIZE + KERNEL_SIGSET_SIZE + SIGINFO_SIZE;
  if (event === 0 || memory.read32(event + 12) !== SIGEV_THREAD) {
    let passed = event;
    if (event === 0) {
      memory.bytes.fill(0, sigevent, sigevent + SIGEVENT_SIZE);
      memory.write32(sigevent + 8, SIGALRM);
      memory.write32(sigevent + 12, SIGEV_SIGNAL);
      passed = sigevent;
    }
    const result = libc.sys(Sys.timer_create, kernelClock(clock), passed, idAt);
    if (result < 0) return libc.sysResult(result);
    storePointer(memory, out, memory.read32(idAt));
    return 0;
  }
  if (state.helperTid === 0 && !startHelper(libc, state)) {
    libc.errno = 11; // EAGAIN: no helper thread
    return -1;
  }
  const attributes = libc.heap.allocate(ATTRIBUTES_SIZE);
  writeDetachedAttributes(libc, attributes, loadPointer(memory, event + 24));
  const handle = state.nextHandle++;
  memory.bytes.fill(0, sigevent, sigevent + SIGEVENT_SIZE);
  storePointer(memory, sigevent, handle);
  memory.write32(sigevent + 8, SIGTIMER);
  memory.write32(sigevent + 12, SIGEV_SIGNAL | SIGEV_THREAD_ID);
  memory.write32(sigevent + 16, state.helperTid);
  const result = libc.sys(Sys.timer_create, kernelClock(clock), sigevent, idAt);
  if (result < 0) {
    libc.heap.release(attributes);
    return libc.sysResult(result);
  }
  state.threadTimers.set(handle, {
    kernelId: memory.read32(idAt),
    notify: loadPointer(memory, event + 16),
    value: loadPointer(memory, event),
    attributes,
  });
  storePointer(memory, out, threadTimerId(handle));
  return 0;
}

/** Starts the helper thread; false when no thread could be made. */
function startHelper(libc: LibcProcess, state: TimerState): boolean {
  pthreadState(libc).current();
  const out = state.scratch + SIGEVENT_SIZE + KERNEL_SIGSET_SIZE + SIGINFO_SIZE;
  const started = createThreadRunning(libc, out, 0, () => helperBody(libc, state));
  if (started !== 0) return false;
  const thread = pthreadState(libc).records.get(loadPointer(libc.memory, out))?.thread;
  if (thread === undefined) return false;
  state.helperTid = thread.tid;
  // The helper takes only SIGTIMER, by waiting for it: every signal stays blocked for it.
  thread.blocked.set(0xffffffff, 0xffffffff);
  thread.blocked.dropUnblockable();
  return true;
}

/** The helper thread: waits for SIGTIMER and runs each expiry's notification on a new thread. */
function* helperBody(libc: LibcProcess, state: TimerState): HostGenerator {
  const memory = libc.memory;
  const set = state.scratch + SIGEVENT_SIZE;
  const info = set + KERNEL_SIGSET_SIZE;
  const threadOut = info + SIGINFO_SIZE;
  const call = guestCode(libc).syscallFunction;
  for (;;) {
    // Signal n is bit n - 1 of the set: SIGTIMER (32) is the low word's top bit.
    memory.bytes.fill(0, set, set + KERNEL_SIGSET_SIZE);
    memory.write32(set, (1 << (SIGTIMER - 1)) | 0);
    const signal = yield guestCall(call, [RT_SIGTIMEDWAIT, set, info, 0, KERNEL_SIGSET_SIZE], 'timer helper');
    if (signal !== SIGTIMER) continue;
    const timer = state.threadTimers.get(loadPointer(memory, info + 24));
    // A timer deleted after its signal was sent: nothing to run.
    if (timer === undefined) continue;
    const { notify, value } = timer;
    createThreadRunning(libc, threadOut, timer.attributes, () => notificationBody(libc, notify, value));
  }
}

function* notificationBody(libc: LibcProcess, notify: number, value: number): HostGenerator {
  yield guestCall(notify, [value], 'SIGEV_THREAD notify function');
  yield* finishThread(libc, 0);
  return undefined;
}

function timerDelete(libc: LibcProcess, timer: number): number {
  const state = states.of(libc);
  const result = libc.sys(Sys.timer_delete, kernelIdOf(libc, timer));
  if (result < 0) return libc.sysResult(result);
  if (timer < 0) {
    const handle = -1 - timer;
    const entry = state.threadTimers.get(handle);
    if (entry !== undefined) libc.heap.release(entry.attributes);
    state.threadTimers.delete(handle);
  }
  return 0;
}

export const POSIX_TIMER_FUNCTIONS: FunctionTable = {
  timer_create: (f, libc) => timerCreate(libc, f.int(0), f.ptr(1), f.ptr(2)),
  timer_settime: (f, libc) =>
    libc.sysResult(libc.sys(Sys.timer_settime, kernelIdOf(libc, f.long(0)), f.int(1), f.ptr(2), f.ptr(3))),
  timer_gettime: (f, libc) => libc.sysResult(libc.sys(Sys.timer_gettime, kernelIdOf(libc, f.long(0)), f.ptr(1))),
  timer_getoverrun: (f, libc) => libc.sysResult(libc.sys(Sys.timer_getoverrun, kernelIdOf(libc, f.long(0)))),
  timer_delete: (f, libc) => timerDelete(libc, f.long(0)),
};
