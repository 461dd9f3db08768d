// Threads: pthread_create (a kernel thread with its own mmap'ed stack below a guard page, its
// own static TLS and thread descriptor from the linker's TLS layout, the start routine entered
// through the host-call bridge), pthread_exit and the end of a start routine (thread_local
// destructors, then key destructors in up to PTHREAD_DESTRUCTOR_ITERATIONS rounds, robust
// mutexes released, the last thread's exit ending the process as exit(0)), join/detach,
// deferred cancellation, keys, and per-thread odds and ends (names, signal mask, pthread_kill).
import { Gpr } from '../../cpu/cpu.ts';
import { Errno } from '../../kernel/errno.ts';
import { STACK_TOP } from '../../kernel/layout.ts';
import { createThread, exitThread } from '../../kernel/threads.ts';
import type { CallFrame } from '../abi/call-frame.ts';
import { type ForkableCall, guestCall, type HostGenerator } from '../abi/host-region.ts';
import type { FunctionTable } from '../exports/binding-types.ts';
import { cString, storePointer } from '../runtime/guest-access.ts';
import { Sys } from '../runtime/kernel-call.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { exitSequence, STARTUP_OBJECTS } from '../start/startup.ts';
import { affinityUsable, applyAffinity, attributeAffinity } from './attribute-affinity.ts';
import { ATTR_FLAG_DETACHED, readAttributes } from './attributes.ts';
import { actOnCancel, cancelAsynchronously, unwindThread } from './cancel-cleanup.ts';
import { releaseRobustMutexes } from './mutex.ts';
import {
  DESCRIPTOR_TID,
  DESTRUCTOR_ITERATIONS,
  KEYS_MAX,
  newRecord,
  PTHREAD_CANCELED,
  type PthreadState,
  pthreadState,
  type ThreadRecord,
} from './thread-registry.ts';
import { deadlineOf, INVALID_TIMEOUT, isWaitClock } from './timeouts.ts';
import { CANCELED, futexWait, yieldTurn } from './waiting.ts';

const PAGE = 4096;
const PROT_NONE = 0;
const PROT_READ_WRITE = 3;
const MAP_PRIVATE_ANONYMOUS_STACK = 0x02 | 0x20 | 0x20000;
/** Signals glibc keeps for itself (SIGCANCEL, SIGSETXID): pthread_sigmask never blocks them, pthread_kill refuses them. */
const SIGCANCEL = 32;
const SIGSETXID = 33;
const TASK_COMM_LEN = 16;

function roundUpToPage(value: number): number {
  return Math.ceil(value / PAGE) * PAGE;
}

/**
 * A new thread with the attributes at `attr` (0: defaults) that runs `body`, its descriptor stored
 * at `out`; 0 or an errno. pthread_create's body calls the start routine; librt's timer helper
 * (../time/posix-timer-functions.ts) has a body of its own.
 */
export function createThreadRunning(libc: LibcProcess, out: number, attr: number, body: () => HostGenerator): number {
  const state = pthreadState(libc);
  state.current(); // the creator (the main thread) gets its record before the new one exists
  const attributes = readAttributes(libc, attr);
  // glibc sets the attribute's CPU set before the thread runs; a set of no CPU fails the call.
  const affinity = attributeAffinity(libc, attr);
  if (affinity !== undefined && !affinityUsable(libc, affinity[0], affinity[1])) return Errno.EINVAL;
  let mapping = 0;
  let mappingSize = 0;
  let stackLow: number;
  let stackHigh: number;
  let guard = 0;
  if (attributes.stackAddress !== 0) {
    stackHigh = attributes.stackAddress;
    stackLow = stackHigh - attributes.stackSize;
  } else {
    guard = roundUpToPage(attributes.guardSize);
    mappingSize = roundUpToPage(attributes.stackSize) + guard;
    mapping = libc.sys(Sys.mmap, 0, mappingSize, PROT_READ_WRITE, MAP_PRIVATE_ANONYMOUS_STACK, -1, 0);
    if (mapping < 0 && mapping > -4096) return Errno.EAGAIN;
    if (guard > 0) libc.sys(Sys.mprotect, mapping, guard, PROT_NONE);
    stackLow = mapping + guard;
    stackHigh = mapping + mappingSize;
  }
  const tls = libc.threadTls.createThread();
  const descriptor = tls.tp;
  const thread = createThread(libc.thread);
  if (affinity !== undefined) applyAffinity(libc, thread.tid, affinity[0], affinity[1]);
  const record = newRecord(descriptor, thread);
  record.detached = (attributes.flags & ATTR_FLAG_DETACHED) !== 0;
  record.stackMapping = mapping;
  record.stackMappingSize = mappingSize;
  record.stackLow = stackLow;
  record.stackHigh = stackHigh;
  record.guardSize = attributes.guardSize;
  record.tls = tls;
  state.records.set(descriptor, record);
  libc.memory.write32(descriptor + DESCRIPTOR_TID, thread.tid);
  thread.clearChildTid = descriptor + DESCRIPTOR_TID;
  const cpu = thread.cpu;
  cpu.fsBase = descriptor;
  cpu.setRegister(Gpr.RSP, stackHigh - (stackHigh % 16));
  const single = STARTUP_OBJECTS.__libc_single_threaded!(libc);
  libc.memory.bytes[single] = 0;
  libc.region.startThread(cpu, body());
  storePointer(libc.memory, out, descriptor);
  return 0;
}

function* threadBody(libc: LibcProcess, start: number, arg: number): HostGenerator {
  // A child forked by this thread ends this thread's way when the start routine returns.
  const callStart: ForkableCall = {
    ...guestCall(start, [arg], 'thread start routine'),
    afterFork: (child, result) => finishThread(child as LibcProcess, result),
  };
  const result = yield callStart;
  yield* finishThread(libc, result);
  return undefined;
}

/** Ends the calling thread with `value` (pthread_exit, a start routine's return, cancellation). */
export function* finishThread(libc: LibcProcess, value: number): HostGenerator {
  const state = pthreadState(libc);
  const record = state.current();
  record.exiting = true;
  yield* runThreadDestructors(libc, record);
  for (let round = 0; round < DESTRUCTOR_ITERATIONS && record.values.size > 0; round++) {
    let ran = false;
    for (const [key, stored] of [...record.values]) {
      const slot = state.keys[key];
      record.values.delete(key);
      if (slot === undefined || slot.destructor === 0 || stored === 0) continue;
      ran = true;
      yield guestCall(slot.destructor, [stored], 'pthread key destructor');
    }
    if (!ran) break;
  }
  record.values.clear();
  record.result = value;
  record.exited = true;
  releaseRobustMutexes(libc, record);
  const thread = libc.thread;
  // The last thread's end is the process's: exit(0), with its handlers and stdio flushing.
  if (thread.process.threads.length === 1) yield* exitSequence(libc, 0);
  record.thread = undefined;
  if (record.detached) {
    thread.clearChildTid = 0;
    release(libc, state, record);
  }
  exitThread(thread, 0);
}

/** __cxa_thread_atexit_impl registrations of the calling thread, latest first. */
export function* runThreadDestructors(libc: LibcProcess, record = pthreadState(libc).current()): HostGenerator {
  for (;;) {
    const entry = record.tlsDestructors.pop();
    if (entry === undefined) return undefined;
    yield guestCall(entry.fn, [entry.object], 'thread_local destructor');
  }
}

/** Frees what a finished thread used (its stack mapping and TLS area) and forgets it. */
function release(libc: LibcProcess, state: PthreadState, record: ThreadRecord): void {
  if (record.stackMapping !== 0) libc.sys(Sys.munmap, record.stackMapping, record.stackMappingSize);
  if (record.tls !== undefined) libc.threadTls.releaseThread(record.tls.tp);
  state.records.delete(record.descriptor);
}

const enum JoinMode {
  Wait = 0,
  Try = 1,
  Timed = 2,
}

function* join(
  libc: LibcProcess,
  descriptor: number,
  out: number,
  mode: JoinMode,
  abstime = 0,
  clock = 0,
): HostGenerator {
  const state = pthreadState(libc);
  const self = state.current();
  const target = state.find(descriptor);
  if (target === undefined) return Errno.ESRCH;
  if (target === self || self.joiner === target.descriptor) return Errno.EDEADLK;
  if (target.detached || (target.joiner !== 0 && target.joiner !== self.descriptor)) return Errno.EINVAL;
  let deadline = Number.POSITIVE_INFINITY;
  if (mode === JoinMode.Timed && abstime !== 0) {
    if (!isWaitClock(clock)) return Errno.EINVAL;
    deadline = deadlineOf(libc.memory, abstime, clock);
    if (deadline === INVALID_TIMEOUT) return Errno.EINVAL;
  }
  const word = descriptor + DESCRIPTOR_TID;
  const cancel = mode === JoinMode.Try ? undefined : state.cancelCheck(self);
  if (cancel?.()) return yield* actOnCancel(libc);
  target.joiner = self.descriptor;
  while (libc.memory.read32(word) !== 0) {
    if (mode === JoinMode.Try) {
      target.joiner = 0;
      return Errno.EBUSY;
    }
    const woken = yield futexWait(libc.thread, word, target.tid, deadline, cancel);
    if (woken === CANCELED) {
      target.joiner = 0;
      return yield* actOnCancel(libc);
    }
    if (woken === -Errno.ETIMEDOUT && libc.memory.read32(word) !== 0) {
      target.joiner = 0;
      return Errno.ETIMEDOUT;
    }
  }
  if (out !== 0) storePointer(libc.memory, out, target.result);
  release(libc, state, target);
  return 0;
}

function detach(libc: LibcProcess, descriptor: number): number {
  const state = pthreadState(libc);
  const target = state.find(descriptor);
  if (target === undefined) return Errno.ESRCH;
  if (target.detached) return Errno.EINVAL;
  target.detached = true;
  if (target.exited && target.thread === undefined) release(libc, state, target);
  return 0;
}

function cancel(f: CallFrame, libc: LibcProcess, descriptor: number): number | undefined | HostGenerator {
  const state = pthreadState(libc);
  const target = state.find(descriptor);
  if (target === undefined) return Errno.ESRCH;
  target.cancelRequested = true;
  // glibc acts on a request to itself at once only when cancellation is asynchronous; a deferred
  // one waits for the next cancellation point.
  if (target === state.current())
    return target.cancelAsynchronous && state.cancelCheck(target)() ? unwindThread(f, libc, PTHREAD_CANCELED) : 0;
  const thread = target.thread;
  // Asynchronous: SIGCANCEL stops it wherever it is (as glibc's).
  if (thread !== undefined && target.cancelAsynchronous && target.cancelEnabled) {
    cancelAsynchronously(libc, thread.tid);
    return 0;
  }
  // A thread parked in libc is made to look again: at a cancellation point it then ends.
  if (thread !== undefined && target.cancelEnabled && thread.futexAddress !== -1) {
    thread.process.futexes.remove(thread);
    thread.wakeResult = 0;
  }
  return 0;
}

/** After a successful change of the caller's cancellation state or type: an asynchronous request due now ends it. */
function actIfAsynchronous(f: CallFrame, libc: LibcProcess, result: number): number | undefined | HostGenerator {
  const state = pthreadState(libc);
  const record = state.current();
  if (result !== 0 || !record.cancelAsynchronous || !state.cancelCheck(record)()) return result;
  return unwindThread(f, libc, PTHREAD_CANCELED);
}

function setCancelState(libc: LibcProcess, value: number, old: number): number {
  if (value !== 0 && value !== 1) return Errno.EINVAL;
  const record = pthreadState(libc).current();
  if (old !== 0) libc.memory.write32(old, record.cancelEnabled ? 0 : 1);
  record.cancelEnabled = value === 0;
  return 0;
}

function setCancelType(libc: LibcProcess, value: number, old: number): number {
  if (value !== 0 && value !== 1) return Errno.EINVAL;
  const record = pthreadState(libc).current();
  if (old !== 0) libc.memory.write32(old, record.cancelAsynchronous ? 1 : 0);
  record.cancelAsynchronous = value === 1;
  return 0;
}

// ---- keys ----

function keyCreate(libc: LibcProcess, out: number, destructor: number): number {
  const state = pthreadState(libc);
  let key = 0;
  while (key < KEYS_MAX && state.keys[key] !== undefined) key++;
  if (key === KEYS_MAX) return Errno.EAGAIN;
  state.keys[key] = { destructor };
  // A key number used before: its old values are not this key's (glibc's key sequence numbers).
  for (const record of state.records.values()) record.values.delete(key);
  libc.memory.write32(out, key);
  return 0;
}

function keyDelete(libc: LibcProcess, key: number): number {
  const state = pthreadState(libc);
  if (key >= KEYS_MAX || state.keys[key] === undefined) return Errno.EINVAL;
  state.keys[key] = undefined;
  return 0;
}

function getSpecific(libc: LibcProcess, key: number): number {
  const state = pthreadState(libc);
  if (key >= KEYS_MAX || state.keys[key] === undefined) return 0;
  return state.current().values.get(key) ?? 0;
}

function setSpecific(libc: LibcProcess, key: number, value: number): number {
  const state = pthreadState(libc);
  if (key >= KEYS_MAX || state.keys[key] === undefined) return Errno.EINVAL;
  const values = state.current().values;
  if (value === 0) values.delete(key);
  else values.set(key, value);
  return 0;
}

// ---- names, signals ----

function setName(libc: LibcProcess, descriptor: number, name: number): number {
  const target = pthreadState(libc).find(descriptor);
  const text = cString(libc.memory, name);
  if (text.length >= TASK_COMM_LEN) return Errno.ERANGE;
  if (target?.thread === undefined) return Errno.ESRCH;
  target.thread.name = text;
  return 0;
}

function getName(libc: LibcProcess, descriptor: number, buffer: number, length: number): number {
  if (length < TASK_COMM_LEN) return Errno.ERANGE;
  const target = pthreadState(libc).find(descriptor);
  if (target?.thread === undefined) return Errno.ESRCH;
  const bytes = Buffer.from(target.thread.name, 'latin1');
  libc.memory.bytes.set(bytes, buffer);
  libc.memory.bytes[buffer + bytes.length] = 0;
  return 0;
}

function sigmask(libc: LibcProcess, how: number, set: number, old: number): number {
  let from = set;
  if (set !== 0) {
    // A copy without glibc's internal signals (bits 31 and 32 of the 64-bit set).
    from = libc.objectAddress('<pthread_sigmask set>', () => libc.data.allocate(8, 8));
    libc.memory.write32(from, libc.memory.read32(set) & ~(1 << (SIGCANCEL - 1)));
    libc.memory.write32(from + 4, libc.memory.read32(set + 4) & ~(1 << (SIGSETXID - 33)));
  }
  const result = libc.sys(Sys.rt_sigprocmask, how, from, old, 8);
  return result < 0 ? -result : 0;
}

function kill(libc: LibcProcess, descriptor: number, signal: number): number {
  const target = pthreadState(libc).find(descriptor);
  if (signal === SIGCANCEL || signal === SIGSETXID || signal < 0 || signal > 64) return Errno.EINVAL;
  if (target === undefined) return Errno.ESRCH;
  // glibc 2.36: a thread that has ended but is not joined yet takes no signal, without error.
  if (target.thread === undefined) return 0;
  const result = libc.sys(Sys.tgkill, libc.process.pid, target.tid, signal);
  return result < 0 ? -result : 0;
}

function* schedYield(libc: LibcProcess): HostGenerator {
  yield yieldTurn(libc.thread);
  return 0;
}

/** The stack of the thread `record` for pthread_getattr_np: [low, high). */
export function stackOf(libc: LibcProcess, record: ThreadRecord): { low: number; high: number } {
  if (record.stackHigh !== 0) return { low: record.stackLow, high: record.stackHigh };
  // The main thread: its stack may grow down to RLIMIT_STACK below the top.
  return { low: STACK_TOP - libc.process.mm.stackLimit, high: STACK_TOP };
}

export const LIFECYCLE_FUNCTIONS: FunctionTable = {
  pthread_create: (f, libc) => {
    const start = f.ptr(2);
    const arg = f.ptr(3);
    return createThreadRunning(libc, f.ptr(0), f.ptr(1), () => threadBody(libc, start, arg));
  },
  pthread_join: (f, libc) => join(libc, f.ptr(0), f.ptr(1), JoinMode.Wait),
  pthread_tryjoin_np: (f, libc) => join(libc, f.ptr(0), f.ptr(1), JoinMode.Try),
  pthread_timedjoin_np: (f, libc) => join(libc, f.ptr(0), f.ptr(1), JoinMode.Timed, f.ptr(2), 0),
  pthread_clockjoin_np: (f, libc) => join(libc, f.ptr(0), f.ptr(1), JoinMode.Timed, f.ptr(3), f.int(2)),
  pthread_detach: (f, libc) => detach(libc, f.ptr(0)),
  pthread_self: (_f, libc) => pthreadState(libc).current().descriptor,
  pthread_equal: (f) => (f.ptr(0) === f.ptr(1) ? 1 : 0),
  pthread_cancel: (f, libc) => cancel(f, libc, f.ptr(0)),
  // Enabling, or making asynchronous, a thread with a request pending acts on it at once (glibc).
  pthread_setcancelstate: (f, libc) => actIfAsynchronous(f, libc, setCancelState(libc, f.int(0), f.ptr(1))),
  pthread_setcanceltype: (f, libc) => actIfAsynchronous(f, libc, setCancelType(libc, f.int(0), f.ptr(1))),
  pthread_key_create: (f, libc) => keyCreate(libc, f.ptr(0), f.ptr(1)),
  __pthread_key_create: (f, libc) => keyCreate(libc, f.ptr(0), f.ptr(1)),
  pthread_key_delete: (f, libc) => keyDelete(libc, f.uint(0)),
  pthread_getspecific: (f, libc) => getSpecific(libc, f.uint(0)),
  __pthread_getspecific: (f, libc) => getSpecific(libc, f.uint(0)),
  pthread_setspecific: (f, libc) => setSpecific(libc, f.uint(0), f.ptr(1)),
  __pthread_setspecific: (f, libc) => setSpecific(libc, f.uint(0), f.ptr(1)),
  __cxa_thread_atexit_impl: (f, libc) => {
    pthreadState(libc)
      .current()
      .tlsDestructors.push({ fn: f.ptr(0), object: f.ptr(1) });
    return 0;
  },
  pthread_setname_np: (f, libc) => setName(libc, f.ptr(0), f.ptr(1)),
  pthread_getname_np: (f, libc) => getName(libc, f.ptr(0), f.ptr(1), f.ulong(2)),
  pthread_sigmask: (f, libc) => sigmask(libc, f.int(0), f.ptr(1), f.ptr(2)),
  pthread_kill: (f, libc) => kill(libc, f.ptr(0), f.int(1)),
  sched_yield: (_f, libc) => schedYield(libc),
  pthread_yield: (_f, libc) => schedYield(libc),
  pthread_getconcurrency: (_f, libc) => pthreadState(libc).concurrency,
  pthread_setconcurrency: (f, libc) => {
    const level = f.int(0);
    if (level < 0) return Errno.EINVAL;
    pthreadState(libc).concurrency = level;
    return 0;
  },
};
