// C11 <threads.h> as glibc 2.36 builds it over pthreads (nptl/thrd_*.c, mtx_*.c, cnd_*.c,
// tss_*.c; call_once is ./synchronisation.ts's): each function is its pthread counterpart with the arguments rearranged
// and the error number mapped (thrd_err_map: 0 → thrd_success, ENOMEM → thrd_nomem, ETIMEDOUT →
// thrd_timedout, EBUSY → thrd_busy, anything else → thrd_error). The pthread implementations read
// their arguments from the argument registers, so the shims rewrite those registers (caller-saved,
// so the caller cannot tell) and call them in place; a blocking call stays a generator whose result
// is mapped when it finishes.
//   thrd_create(thr, func, arg)   pthread_create(thr, NULL, func, arg) — thrd_join keeps only the
//                                 int the start function returned, so no wrapper is needed for it
//   thrd_join(thr, int *res)      pthread_join into a word of the heap, cut to int
//   thrd_exit(int)                pthread_exit((void *)(intptr_t) res)
//   mtx_init(m, type)             pthread_mutex_init(m, NULL), recursive when type has mtx_recursive
//   cnd_init(c)                   pthread_cond_init(c, NULL)
//   thrd_sleep(d, rem)            clock_nanosleep(CLOCK_REALTIME, 0, d, rem): 0, -1 (EINTR), -2
import { Gpr } from '../../cpu/cpu.ts';
import { Errno } from '../../kernel/errno.ts';
import type { CallFrame } from '../abi/call-frame.ts';
import type { HostGenerator } from '../abi/host-region.ts';
import type { FunctionTable, LibcFunction } from '../exports/binding-types.ts';
import { checkWrite } from '../runtime/guest-access.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { CANCEL_CLEANUP_FUNCTIONS, cancellableSyscallFromGenerator } from './cancel-cleanup.ts';
import { CONDITION_FUNCTIONS } from './condition.ts';
import { LIFECYCLE_FUNCTIONS } from './lifecycle.ts';
import { MUTEX_FUNCTIONS } from './mutex.ts';

const THRD_SUCCESS = 0;
const THRD_BUSY = 1;
const THRD_ERROR = 2;
const THRD_NOMEM = 3;
const THRD_TIMEDOUT = 4;
const MTX_RECURSIVE = 1;
/** pthread_mutex_t's __kind and PTHREAD_MUTEX_RECURSIVE. */
const MUTEX_KIND = 16;
const PTHREAD_MUTEX_RECURSIVE = 1;
const CLOCK_NANOSLEEP = 230;

function errorMap(code: number): number {
  switch (code) {
    case 0:
      return THRD_SUCCESS;
    case Errno.ENOMEM:
      return THRD_NOMEM;
    case Errno.ETIMEDOUT:
      return THRD_TIMEDOUT;
    case Errno.EBUSY:
      return THRD_BUSY;
    default:
      return THRD_ERROR;
  }
}

function pthread(table: FunctionTable, name: string): LibcFunction {
  const fn = table[name];
  if (fn === undefined) throw new Error(`c11 threads: no ${name}`);
  return fn;
}

function* mapWhenDone(generator: HostGenerator, map: (result: number) => number): HostGenerator {
  return map((yield* generator) ?? 0);
}

/** Calls a pthread implementation with the frame as it now is and maps its error number. */
function mapped(fn: LibcFunction, f: CallFrame, libc: LibcProcess): number | HostGenerator {
  const result = fn(f, libc);
  if (typeof result === 'object') return mapWhenDone(result, errorMap);
  return errorMap(result ?? 0);
}

/** The same, discarding the result (the void C11 functions). */
function discarded(fn: LibcFunction, f: CallFrame, libc: LibcProcess): undefined | HostGenerator {
  const result = fn(f, libc);
  if (typeof result === 'object') return mapWhenDone(result, () => 0);
  return undefined;
}

/** Sets integer argument registers (rdi, rsi, rdx, rcx in order) before delegating. */
function setArguments(f: CallFrame, ...values: number[]): void {
  const registers = [Gpr.RDI, Gpr.RSI, Gpr.RDX, Gpr.RCX];
  for (let i = 0; i < values.length; i++) f.cpu.setRegister(registers[i]!, values[i]!);
}

const pthreadCreate = pthread(LIFECYCLE_FUNCTIONS, 'pthread_create');
const pthreadJoin = pthread(LIFECYCLE_FUNCTIONS, 'pthread_join');
const pthreadExit = pthread(CANCEL_CLEANUP_FUNCTIONS, 'pthread_exit');
const pthreadDetach = pthread(LIFECYCLE_FUNCTIONS, 'pthread_detach');
const pthreadSelf = pthread(LIFECYCLE_FUNCTIONS, 'pthread_self');
const pthreadEqual = pthread(LIFECYCLE_FUNCTIONS, 'pthread_equal');
const schedYield = pthread(LIFECYCLE_FUNCTIONS, 'sched_yield');
const keyCreate = pthread(LIFECYCLE_FUNCTIONS, 'pthread_key_create');
const keyDelete = pthread(LIFECYCLE_FUNCTIONS, 'pthread_key_delete');
const getSpecific = pthread(LIFECYCLE_FUNCTIONS, 'pthread_getspecific');
const setSpecific = pthread(LIFECYCLE_FUNCTIONS, 'pthread_setspecific');
const mutexInit = pthread(MUTEX_FUNCTIONS, 'pthread_mutex_init');
const mutexLock = pthread(MUTEX_FUNCTIONS, 'pthread_mutex_lock');
const mutexTimedlock = pthread(MUTEX_FUNCTIONS, 'pthread_mutex_timedlock');
const mutexTrylock = pthread(MUTEX_FUNCTIONS, 'pthread_mutex_trylock');
const mutexUnlock = pthread(MUTEX_FUNCTIONS, 'pthread_mutex_unlock');
const mutexDestroy = pthread(MUTEX_FUNCTIONS, 'pthread_mutex_destroy');
const condInit = pthread(CONDITION_FUNCTIONS, 'pthread_cond_init');
const condDestroy = pthread(CONDITION_FUNCTIONS, 'pthread_cond_destroy');
const condWait = pthread(CONDITION_FUNCTIONS, 'pthread_cond_wait');
const condTimedwait = pthread(CONDITION_FUNCTIONS, 'pthread_cond_timedwait');
const condSignal = pthread(CONDITION_FUNCTIONS, 'pthread_cond_signal');
const condBroadcast = pthread(CONDITION_FUNCTIONS, 'pthread_cond_broadcast');

/** thrd_join: pthread_join's void * lands in a heap word; *res gets its low 32 bits. */
function* thrdJoin(f: CallFrame, libc: LibcProcess): HostGenerator {
  const thread = f.ptr(0);
  const res = f.ptr(1);
  const slot = libc.heap.allocate(8);
  if (slot === 0) return THRD_NOMEM;
  setArguments(f, thread, slot);
  const result = pthreadJoin(f, libc);
  const code = typeof result === 'object' ? yield* result : result;
  const value = libc.memory.read32(slot);
  libc.heap.release(slot);
  if (code === 0 && res !== 0) {
    checkWrite(libc.memory, res, 4);
    libc.memory.write32(res, value);
  }
  return errorMap(code ?? 0);
}

function mtxInit(f: CallFrame, libc: LibcProcess): number | HostGenerator {
  const mutex = f.ptr(0);
  const type = f.int(1);
  setArguments(f, mutex, 0);
  const result = mutexInit(f, libc);
  if (typeof result === 'object') throw new Error('c11 threads: pthread_mutex_init blocked');
  if (result === 0 && (type & MTX_RECURSIVE) !== 0) libc.memory.write32(mutex + MUTEX_KIND, PTHREAD_MUTEX_RECURSIVE);
  return errorMap(result ?? 0);
}

/** thrd_sleep: clock_nanosleep on CLOCK_REALTIME from guest code (a signal handler interrupts it), a cancellation point. */
function* thrdSleep(f: CallFrame, libc: LibcProcess): HostGenerator {
  const result = yield* cancellableSyscallFromGenerator(
    libc,
    [CLOCK_NANOSLEEP, 0, 0, f.ptr(0), f.ptr(1)],
    'thrd_sleep',
  );
  if (result === 0) return 0;
  return result === -Errno.EINTR ? -1 : -2;
}

export const C11_THREAD_FUNCTIONS: FunctionTable = {
  thrd_create: (f, libc) => {
    setArguments(f, f.ptr(0), 0, f.ptr(1), f.ptr(2));
    return mapped(pthreadCreate, f, libc);
  },
  thrd_join: thrdJoin,
  thrd_exit: (f, libc) => {
    setArguments(f, f.int(0));
    return pthreadExit(f, libc);
  },
  thrd_detach: (f, libc) => mapped(pthreadDetach, f, libc),
  thrd_current: (f, libc) => pthreadSelf(f, libc),
  thrd_equal: (f, libc) => pthreadEqual(f, libc),
  thrd_yield: (f, libc) => discarded(schedYield, f, libc),
  thrd_sleep: thrdSleep,
  mtx_init: mtxInit,
  mtx_lock: (f, libc) => mapped(mutexLock, f, libc),
  mtx_timedlock: (f, libc) => mapped(mutexTimedlock, f, libc),
  mtx_trylock: (f, libc) => mapped(mutexTrylock, f, libc),
  mtx_unlock: (f, libc) => mapped(mutexUnlock, f, libc),
  mtx_destroy: (f, libc) => discarded(mutexDestroy, f, libc),
  cnd_init: (f, libc) => {
    setArguments(f, f.ptr(0), 0);
    return mapped(condInit, f, libc);
  },
  cnd_destroy: (f, libc) => discarded(condDestroy, f, libc),
  cnd_wait: (f, libc) => mapped(condWait, f, libc),
  cnd_timedwait: (f, libc) => mapped(condTimedwait, f, libc),
  cnd_signal: (f, libc) => mapped(condSignal, f, libc),
  cnd_broadcast: (f, libc) => mapped(condBroadcast, f, libc),
  tss_create: (f, libc) => mapped(keyCreate, f, libc),
  tss_delete: (f, libc) => discarded(keyDelete, f, libc),
  tss_get: (f, libc) => getSpecific(f, libc),
  tss_set: (f, libc) => mapped(setSpecific, f, libc),
};
