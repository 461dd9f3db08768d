// pthread_attr_t (glibc 2.36's struct pthread_attr, 56 bytes) and pthread_getattr_np:
//   0 sched_priority  4 schedpolicy  8 flags  16 guardsize  24 stackaddr (the stack's TOP, as
//   glibc keeps it)  32 stacksize (0: the default)
import { Errno } from '../../kernel/errno.ts';
import type { FunctionTable } from '../exports/binding-types.ts';
import { loadPointer, storePointer } from '../runtime/guest-access.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { destroyAttributeExtension } from './attribute-affinity.ts';
import { stackOf } from './lifecycle.ts';
import { pthreadState } from './thread-registry.ts';

const PRIORITY = 0;
const POLICY = 4;
const FLAGS = 8;
const GUARD_SIZE = 16;
const STACK_ADDRESS = 24;
const STACK_SIZE = 32;
const ATTR_SIZE = 56;

export const ATTR_FLAG_DETACHED = 0x1;
const ATTR_FLAG_EXPLICIT_SCHED = 0x2;
const ATTR_FLAG_SCOPE_PROCESS = 0x4;
const ATTR_FLAG_STACK_ADDRESS = 0x8;

/** PTHREAD_STACK_MIN. */
const STACK_MIN = 16384;
/** The default stack: RLIMIT_STACK's usual 8 MiB, as glibc derives it at start-up. */
export const DEFAULT_STACK_SIZE = 8 * 1024 * 1024;
const PAGE = 4096;
const SCHED_OTHER = 0;
const SCHED_RR = 2;

export interface ThreadAttributes {
  flags: number;
  guardSize: number;
  /** Top of a user-supplied stack (0: Miros maps one). */
  stackAddress: number;
  stackSize: number;
}

/** The attributes pthread_create uses (defaults for a null attr). */
export function readAttributes(libc: LibcProcess, attr: number): ThreadAttributes {
  if (attr === 0) return { flags: 0, guardSize: PAGE, stackAddress: 0, stackSize: DEFAULT_STACK_SIZE };
  const memory = libc.memory;
  const flags = memory.read32(attr + FLAGS);
  const size = loadPointer(memory, attr + STACK_SIZE);
  return {
    flags,
    guardSize: loadPointer(memory, attr + GUARD_SIZE),
    stackAddress: (flags & ATTR_FLAG_STACK_ADDRESS) !== 0 ? loadPointer(memory, attr + STACK_ADDRESS) : 0,
    stackSize: size === 0 ? DEFAULT_STACK_SIZE : size,
  };
}

/**
 * Writes at `to` a copy of the attributes at `from` (0: the defaults) with the detached flag set:
 * the attributes of librt's SIGEV_THREAD notification threads, as glibc makes them.
 */
export function writeDetachedAttributes(libc: LibcProcess, to: number, from: number): void {
  if (from === 0) init(libc, to);
  else libc.memory.bytes.copyWithin(to, from, from + ATTR_SIZE);
  setFlag(libc, to, ATTR_FLAG_DETACHED, true);
}

/** sizeof (pthread_attr_t). */
export const ATTRIBUTES_SIZE = ATTR_SIZE;

function init(libc: LibcProcess, attr: number): number {
  libc.memory.bytes.fill(0, attr, attr + ATTR_SIZE);
  storePointer(libc.memory, attr + GUARD_SIZE, PAGE);
  return 0;
}

function setFlag(libc: LibcProcess, attr: number, flag: number, on: boolean): void {
  const flags = libc.memory.read32(attr + FLAGS);
  libc.memory.write32(attr + FLAGS, on ? flags | flag : flags & ~flag);
}

function store32(libc: LibcProcess, address: number, value: number): number {
  libc.memory.write32(address, value);
  return 0;
}

function store64(libc: LibcProcess, address: number, value: number): number {
  storePointer(libc.memory, address, value);
  return 0;
}

function flagOf(libc: LibcProcess, attr: number, flag: number): number {
  return (libc.memory.read32(attr + FLAGS) & flag) !== 0 ? 1 : 0;
}

function stackSizeOf(libc: LibcProcess, attr: number): number {
  const size = loadPointer(libc.memory, attr + STACK_SIZE);
  return size === 0 ? DEFAULT_STACK_SIZE : size;
}

function getattr(libc: LibcProcess, descriptor: number, attr: number): number {
  const record = pthreadState(libc).find(descriptor);
  if (record === undefined) return Errno.ESRCH;
  init(libc, attr);
  const stack = stackOf(libc, record);
  setFlag(libc, attr, ATTR_FLAG_DETACHED, record.detached);
  setFlag(libc, attr, ATTR_FLAG_STACK_ADDRESS, true);
  storePointer(libc.memory, attr + GUARD_SIZE, record.stackHigh !== 0 ? record.guardSize : 0);
  storePointer(libc.memory, attr + STACK_ADDRESS, stack.high);
  storePointer(libc.memory, attr + STACK_SIZE, stack.high - stack.low);
  return 0;
}

export const ATTRIBUTE_FUNCTIONS: FunctionTable = {
  pthread_attr_init: (f, libc) => init(libc, f.ptr(0)),
  pthread_attr_destroy: (f, libc) => destroyAttributeExtension(libc, f.ptr(0)),
  pthread_getattr_np: (f, libc) => getattr(libc, f.ptr(0), f.ptr(1)),
  pthread_attr_setdetachstate: (f, libc) => {
    const value = f.int(1);
    if (value !== 0 && value !== 1) return Errno.EINVAL;
    setFlag(libc, f.ptr(0), ATTR_FLAG_DETACHED, value === 1);
    return 0;
  },
  pthread_attr_getdetachstate: (f, libc) => store32(libc, f.ptr(1), flagOf(libc, f.ptr(0), ATTR_FLAG_DETACHED)),
  pthread_attr_setstacksize: (f, libc) => {
    const size = f.ulong(1);
    if (size < STACK_MIN) return Errno.EINVAL;
    return store64(libc, f.ptr(0) + STACK_SIZE, size);
  },
  pthread_attr_getstacksize: (f, libc) => store64(libc, f.ptr(1), stackSizeOf(libc, f.ptr(0))),
  pthread_attr_setguardsize: (f, libc) => store64(libc, f.ptr(0) + GUARD_SIZE, f.ulong(1)),
  pthread_attr_getguardsize: (f, libc) => store64(libc, f.ptr(1), loadPointer(libc.memory, f.ptr(0) + GUARD_SIZE)),
  pthread_attr_setstack: (f, libc) => {
    const attr = f.ptr(0);
    const size = f.ulong(2);
    if (size < STACK_MIN) return Errno.EINVAL;
    storePointer(libc.memory, attr + STACK_ADDRESS, f.ptr(1) + size);
    storePointer(libc.memory, attr + STACK_SIZE, size);
    setFlag(libc, attr, ATTR_FLAG_STACK_ADDRESS, true);
    return 0;
  },
  pthread_attr_getstack: (f, libc) => {
    const attr = f.ptr(0);
    const size = loadPointer(libc.memory, attr + STACK_SIZE);
    storePointer(libc.memory, f.ptr(1), loadPointer(libc.memory, attr + STACK_ADDRESS) - size);
    return store64(libc, f.ptr(2), size);
  },
  pthread_attr_setstackaddr: (f, libc) => {
    setFlag(libc, f.ptr(0), ATTR_FLAG_STACK_ADDRESS, true);
    return store64(libc, f.ptr(0) + STACK_ADDRESS, f.ptr(1));
  },
  pthread_attr_getstackaddr: (f, libc) => store64(libc, f.ptr(1), loadPointer(libc.memory, f.ptr(0) + STACK_ADDRESS)),
  pthread_attr_setscope: (f, libc) => {
    const scope = f.int(1);
    if (scope === 1) return Errno.EOPNOTSUPP;
    if (scope !== 0) return Errno.EINVAL;
    setFlag(libc, f.ptr(0), ATTR_FLAG_SCOPE_PROCESS, false);
    return 0;
  },
  pthread_attr_getscope: (f, libc) => store32(libc, f.ptr(1), flagOf(libc, f.ptr(0), ATTR_FLAG_SCOPE_PROCESS)),
  pthread_attr_setinheritsched: (f, libc) => {
    const value = f.int(1);
    if (value !== 0 && value !== 1) return Errno.EINVAL;
    setFlag(libc, f.ptr(0), ATTR_FLAG_EXPLICIT_SCHED, value === 1);
    return 0;
  },
  pthread_attr_getinheritsched: (f, libc) => store32(libc, f.ptr(1), flagOf(libc, f.ptr(0), ATTR_FLAG_EXPLICIT_SCHED)),
  pthread_attr_setschedpolicy: (f, libc) => {
    const policy = f.int(1);
    if (policy < SCHED_OTHER || policy > SCHED_RR) return Errno.EINVAL;
    return store32(libc, f.ptr(0) + POLICY, policy);
  },
  pthread_attr_getschedpolicy: (f, libc) => store32(libc, f.ptr(1), libc.memory.read32(f.ptr(0) + POLICY)),
  pthread_attr_setschedparam: (f, libc) => {
    const attr = f.ptr(0);
    const priority = libc.memory.read32(f.ptr(1));
    const policy = libc.memory.read32(attr + POLICY);
    const [min, max] = policy === SCHED_OTHER ? [0, 0] : [1, 99];
    if (priority < min || priority > max) return Errno.EINVAL;
    return store32(libc, attr + PRIORITY, priority);
  },
  pthread_attr_getschedparam: (f, libc) => store32(libc, f.ptr(1), libc.memory.read32(f.ptr(0) + PRIORITY)),
};
