// sysconf as glibc 2.36 computes it on Linux x86-64: fixed limits and POSIX versions as constants,
// resource limits from getrlimit, processor counts from sysfs (falling back to the affinity mask),
// memory from sysinfo. A valid name Miros does not compute (cache geometry from cpuid, the
// signal-stack sizes from the xsave area, …) stops the program with a clear message instead of
// returning a plausible wrong number; a name outside glibc's range is EINVAL as in glibc.
import { Errno } from '../../kernel/errno.ts';
import type { CallFrame } from '../abi/call-frame.ts';
import { Sys } from '../runtime/kernel-call.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { returnHalves } from './wide-result.ts';

const PAGE_SIZE = 4096;
const POSIX_VERSION = 200809;
/** glibc's floor for _SC_ARG_MAX (the pre-2.6.23 kernel limit, 32 pages). */
const LEGACY_ARG_MAX = 131072;
/** glibc's OPEN_MAX fallback when getrlimit fails. */
const FALLBACK_OPEN_MAX = 256;
/** The last _SC_ name glibc 2.36 knows (_SC_SIGSTKSZ). */
const LAST_NAME = 250;

const RLIMIT_STACK = 3;
const RLIMIT_NPROC = 6;
const RLIMIT_NOFILE = 7;
const RLIMIT_SIGPENDING = 11;
const SCHED_GETAFFINITY = 204;
const SYSINFO = 99;
const O_RDONLY_CLOEXEC = 0o2000000;
const AT_FDCWD = -100;

/** _SC_ names whose glibc value is a constant on Linux x86-64 (values as glibc 2.36 returns them). */
const CONSTANT_VALUES: ReadonlyMap<number, number> = new Map([
  [2, 100], // _SC_CLK_TCK (AT_CLKTCK, always 100 on x86-64)
  [3, 65536], // _SC_NGROUPS_MAX (the kernel's NGROUPS_MAX)
  [5, 16], // _SC_STREAM_MAX (FOPEN_MAX)
  [6, -1], // _SC_TZNAME_MAX (no limit)
  [7, 1], // _SC_JOB_CONTROL
  [8, 1], // _SC_SAVED_IDS
  [16, POSIX_VERSION], // _SC_MAPPED_FILES
  [29, POSIX_VERSION], // _SC_VERSION
  [30, PAGE_SIZE], // _SC_PAGESIZE
  [31, 32], // _SC_RTSIG_MAX
  [32, -1], // _SC_SEM_NSEMS_MAX
  [36, 99], // _SC_BC_BASE_MAX
  [40, 255], // _SC_COLL_WEIGHTS_MAX
  [42, 32], // _SC_EXPR_NEST_MAX
  [43, 2048], // _SC_LINE_MAX
  [44, 32767], // _SC_RE_DUP_MAX
  [46, POSIX_VERSION], // _SC_2_VERSION
  [60, 1024], // _SC_IOV_MAX
  [67, POSIX_VERSION], // _SC_THREADS
  [68, POSIX_VERSION], // _SC_THREAD_SAFE_FUNCTIONS
  [69, 1024], // _SC_GETGR_R_SIZE_MAX
  [70, 1024], // _SC_GETPW_R_SIZE_MAX
  [71, 256], // _SC_LOGIN_NAME_MAX
  [72, 32], // _SC_TTY_NAME_MAX
  [73, 4], // _SC_THREAD_DESTRUCTOR_ITERATIONS
  [74, 1024], // _SC_THREAD_KEYS_MAX
  [75, 16384], // _SC_THREAD_STACK_MIN
  [76, -1], // _SC_THREAD_THREADS_MAX
  [87, 2147483647], // _SC_ATEXIT_MAX
  [89, 700], // _SC_XOPEN_VERSION
  [149, POSIX_VERSION], // _SC_MONOTONIC_CLOCK
  [173, -1], // _SC_SYMLOOP_MAX
  [180, 64], // _SC_HOST_NAME_MAX
]);

/** Resource limits glibc returns as they are (rlim_cur; RLIM_INFINITY reads as -1). */
const RLIMIT_NAMES: ReadonlyMap<number, number> = new Map([
  [1, RLIMIT_NPROC], // _SC_CHILD_MAX
  [4, RLIMIT_NOFILE], // _SC_OPEN_MAX (getdtablesize)
  [34, RLIMIT_SIGPENDING], // _SC_SIGQUEUE_MAX
]);

const SC_ARG_MAX = 0;
const SC_NPROCESSORS_CONF = 83;
const SC_NPROCESSORS_ONLN = 84;
const SC_PHYS_PAGES = 85;
const SC_AVPHYS_PAGES = 86;

/** sysconf(name): rax set, or the value to return. */
export function sysconf(f: CallFrame, libc: LibcProcess, name: number): number | undefined {
  const constant = CONSTANT_VALUES.get(name);
  if (constant !== undefined) return constant;
  const resource = RLIMIT_NAMES.get(name);
  if (resource !== undefined) {
    const limit = libc.scratch;
    if (libc.sys(Sys.getrlimit, resource, limit) < 0) return resource === RLIMIT_NOFILE ? FALLBACK_OPEN_MAX : -1;
    return returnHalves(f, libc.memory.read32(limit) >>> 0, libc.memory.read32(limit + 4));
  }
  switch (name) {
    case SC_ARG_MAX: {
      // MAX(legacy ARG_MAX, stack limit / 4): the kernel's room for arguments and environment.
      const limit = libc.scratch;
      if (libc.sys(Sys.getrlimit, RLIMIT_STACK, limit) < 0) return LEGACY_ARG_MAX;
      const low = libc.memory.read32(limit) >>> 0;
      const high = libc.memory.read32(limit + 4) >>> 0;
      const quarterLow = ((low >>> 2) | (high << 30)) >>> 0;
      const quarterHigh = high >>> 2;
      if (quarterHigh === 0 && quarterLow < LEGACY_ARG_MAX) return LEGACY_ARG_MAX;
      return returnHalves(f, quarterLow, quarterHigh);
    }
    case SC_NPROCESSORS_ONLN:
      return processorCount(libc, '/sys/devices/system/cpu/online');
    case SC_NPROCESSORS_CONF:
      return processorCount(libc, '/sys/devices/system/cpu/possible');
    case SC_PHYS_PAGES:
      return memoryPages(libc, 32);
    case SC_AVPHYS_PAGES:
      return memoryPages(libc, 40);
  }
  if (name < 0 || name > LAST_NAME) {
    libc.errno = Errno.EINVAL;
    return -1;
  }
  return libc.fatal(`miros: sysconf(${name}) is not supported by Miros libc\n`);
}

/** A CPU list file ("0-3,5\n") counted; failing that, the calling thread's affinity mask; failing that, 1. */
function processorCount(libc: LibcProcess, path: string): number {
  const listed = countCpuList(readSmallFile(libc, path));
  if (listed > 0) return listed;
  const mask = libc.scratch;
  const written = libc.sys(SCHED_GETAFFINITY, 0, 128, mask);
  if (written <= 0) return 1;
  let count = 0;
  for (let i = 0; i < written; i++) {
    let byte = libc.memory.bytes[mask + i]!;
    while (byte !== 0) {
      byte &= byte - 1;
      count++;
    }
  }
  return count;
}

/** The first few hundred bytes of a file read through the guest's kernel, or '' if it cannot be read. */
function readSmallFile(libc: LibcProcess, path: string): string {
  const memory = libc.memory;
  const pathAddress = libc.scratch;
  const contents = libc.scratch + 64;
  for (let i = 0; i < path.length; i++) memory.bytes[pathAddress + i] = path.charCodeAt(i);
  memory.bytes[pathAddress + path.length] = 0;
  const fd = libc.sys(Sys.openat, AT_FDCWD, pathAddress, O_RDONLY_CLOEXEC, 0);
  if (fd < 0) return '';
  const length = libc.sys(Sys.read, fd, contents, 448);
  libc.sys(Sys.close, fd);
  if (length <= 0) return '';
  return String.fromCharCode(...memory.bytes.subarray(contents, contents + length));
}

/** The number of CPUs in a kernel CPU list ("0-3,5"), 0 if it does not parse. */
function countCpuList(text: string): number {
  let count = 0;
  for (const range of text.trim().split(',')) {
    const match = /^(\d+)(?:-(\d+))?$/.exec(range);
    if (match === null) return 0;
    const first = Number(match[1]);
    const last = match[2] === undefined ? first : Number(match[2]);
    if (last < first) return 0;
    count += last - first + 1;
  }
  return count;
}

/** sysinfo's totalram (offset 32) or freeram (40) in units of mem_unit, as pages. */
function memoryPages(libc: LibcProcess, offset: number): number {
  const info = libc.scratch;
  if (libc.sys(SYSINFO, info) < 0) return -1;
  const memory = libc.memory;
  const amount = (memory.read32(info + offset + 4) >>> 0) * 4294967296 + (memory.read32(info + offset) >>> 0);
  const unit = memory.read32(info + 104) || 1;
  return Math.floor((amount * unit) / PAGE_SIZE);
}
