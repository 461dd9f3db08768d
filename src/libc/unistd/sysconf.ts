// sysconf as glibc 2.36 computes it on Linux x86-64: fixed limits and POSIX versions as constants,
// resource limits from getrlimit, processor counts from sysfs (falling back to the affinity mask),
// memory from sysinfo, cache geometry from the CPU's CPUID leaf 4 (as glibc's handle_intel reads it
// for Miros's GenuineIntel CPU), the signal-stack sizes from AT_MINSIGSTKSZ. Every name from 0 to
// _SC_SIGSTKSZ is covered; the rest, and the names glibc rejects, are EINVAL as in glibc.
import { cpuidResult } from '../../cpu/cpuid.ts';
import { Errno } from '../../kernel/errno.ts';
import type { CallFrame } from '../abi/call-frame.ts';
import { Sys } from '../runtime/kernel-call.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { auxiliaryValue } from '../start/startup.ts';
import { returnHalves } from './wide-result.ts';

const PAGE_SIZE = 4096;
const POSIX_VERSION = 200809;
/** glibc's floor for _SC_ARG_MAX (the pre-2.6.23 kernel limit, 32 pages). */
const LEGACY_ARG_MAX = 131072;
/** glibc's OPEN_MAX fallback when getrlimit fails. */
const FALLBACK_OPEN_MAX = 256;

const RLIMIT_STACK = 3;
const RLIMIT_NPROC = 6;
const RLIMIT_NOFILE = 7;
const RLIMIT_SIGPENDING = 11;
const SCHED_GETAFFINITY = 204;
const SYSINFO = 99;
const O_RDONLY_CLOEXEC = 0o2000000;
const AT_FDCWD = -100;

/**
 * _SC_ names whose glibc 2.36 value is a constant on Linux x86-64, as it returns them (POSIX option
 * versions, <limits.h> values, XSI options; -1 with errno unchanged for an option Linux lacks or a
 * limit it does not have). Recorded from glibc's own sysconf on this machine (every name from 0 to
 * _SC_SIGSTKSZ, natively and under `miros run --system-ldso`).
 */
const CONSTANT_VALUES: ReadonlyMap<number, number> = new Map([
  [2, 100], // _SC_CLK_TCK
  [3, 65536], // _SC_NGROUPS_MAX
  [5, 16], // _SC_STREAM_MAX
  [6, -1], // _SC_TZNAME_MAX
  [7, 1], // _SC_JOB_CONTROL
  [8, 1], // _SC_SAVED_IDS
  [9, POSIX_VERSION], // _SC_REALTIME_SIGNALS
  [10, POSIX_VERSION], // _SC_PRIORITY_SCHEDULING
  [11, POSIX_VERSION], // _SC_TIMERS
  [12, POSIX_VERSION], // _SC_ASYNCHRONOUS_IO
  [13, POSIX_VERSION], // _SC_PRIORITIZED_IO
  [14, POSIX_VERSION], // _SC_SYNCHRONIZED_IO
  [15, POSIX_VERSION], // _SC_FSYNC
  [16, POSIX_VERSION], // _SC_MAPPED_FILES
  [17, POSIX_VERSION], // _SC_MEMLOCK
  [18, POSIX_VERSION], // _SC_MEMLOCK_RANGE
  [19, POSIX_VERSION], // _SC_MEMORY_PROTECTION
  [20, POSIX_VERSION], // _SC_MESSAGE_PASSING
  [21, POSIX_VERSION], // _SC_SEMAPHORES
  [22, POSIX_VERSION], // _SC_SHARED_MEMORY_OBJECTS
  [23, -1], // _SC_AIO_LISTIO_MAX
  [24, -1], // _SC_AIO_MAX
  [25, 20], // _SC_AIO_PRIO_DELTA_MAX
  [26, 2147483647], // _SC_DELAYTIMER_MAX
  [27, -1], // _SC_MQ_OPEN_MAX
  [28, 32768], // _SC_MQ_PRIO_MAX
  [29, POSIX_VERSION], // _SC_VERSION
  [30, PAGE_SIZE], // _SC_PAGESIZE
  [31, 32], // _SC_RTSIG_MAX
  [32, -1], // _SC_SEM_NSEMS_MAX
  [33, 2147483647], // _SC_SEM_VALUE_MAX
  [35, -1], // _SC_TIMER_MAX
  [36, 99], // _SC_BC_BASE_MAX
  [37, 2048], // _SC_BC_DIM_MAX
  [38, 99], // _SC_BC_SCALE_MAX
  [39, 1000], // _SC_BC_STRING_MAX
  [40, 255], // _SC_COLL_WEIGHTS_MAX
  [42, 32], // _SC_EXPR_NEST_MAX
  [43, 2048], // _SC_LINE_MAX
  [44, 32767], // _SC_RE_DUP_MAX
  [45, 2048], // _SC_CHARCLASS_NAME_MAX
  [46, POSIX_VERSION], // _SC_2_VERSION
  [47, POSIX_VERSION], // _SC_2_C_BIND
  [48, POSIX_VERSION], // _SC_2_C_DEV
  [49, -1], // _SC_2_FORT_DEV
  [50, -1], // _SC_2_FORT_RUN
  [51, POSIX_VERSION], // _SC_2_SW_DEV
  [52, POSIX_VERSION], // _SC_2_LOCALEDEF
  [53, -1], // _SC_PII
  [54, -1], // _SC_PII_XTI
  [55, -1], // _SC_PII_SOCKET
  [56, -1], // _SC_PII_INTERNET
  [57, -1], // _SC_PII_OSI
  [58, -1], // _SC_POLL
  [59, -1], // _SC_SELECT
  [60, 1024], // _SC_IOV_MAX
  [61, -1], // _SC_PII_INTERNET_STREAM
  [62, -1], // _SC_PII_INTERNET_DGRAM
  [63, -1], // _SC_PII_OSI_COTS
  [64, -1], // _SC_PII_OSI_CLTS
  [65, -1], // _SC_PII_OSI_M
  [66, -1], // _SC_T_IOV_MAX
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
  [77, POSIX_VERSION], // _SC_THREAD_ATTR_STACKADDR
  [78, POSIX_VERSION], // _SC_THREAD_ATTR_STACKSIZE
  [79, POSIX_VERSION], // _SC_THREAD_PRIORITY_SCHEDULING
  [80, POSIX_VERSION], // _SC_THREAD_PRIO_INHERIT
  [81, POSIX_VERSION], // _SC_THREAD_PRIO_PROTECT
  [82, POSIX_VERSION], // _SC_THREAD_PROCESS_SHARED
  [87, 2147483647], // _SC_ATEXIT_MAX
  [88, 8192], // _SC_PASS_MAX
  [89, 700], // _SC_XOPEN_VERSION
  [90, 4], // _SC_XOPEN_XCU_VERSION
  [91, 1], // _SC_XOPEN_UNIX
  [92, -1], // _SC_XOPEN_CRYPT
  [93, 1], // _SC_XOPEN_ENH_I18N
  [94, 1], // _SC_XOPEN_SHM
  [95, POSIX_VERSION], // _SC_2_CHAR_TERM
  [96, POSIX_VERSION], // _SC_2_C_VERSION
  [97, -1], // _SC_2_UPE
  [98, 1], // _SC_XOPEN_XPG2
  [99, 1], // _SC_XOPEN_XPG3
  [100, 1], // _SC_XOPEN_XPG4
  [101, 8], // _SC_CHAR_BIT
  [102, 127], // _SC_CHAR_MAX
  [103, -128], // _SC_CHAR_MIN
  [104, 2147483647], // _SC_INT_MAX
  [105, -2147483648], // _SC_INT_MIN
  [106, 64], // _SC_LONG_BIT
  [107, 32], // _SC_WORD_BIT
  [108, 16], // _SC_MB_LEN_MAX
  [109, 20], // _SC_NZERO
  [110, 32767], // _SC_SSIZE_MAX
  [111, 127], // _SC_SCHAR_MAX
  [112, -128], // _SC_SCHAR_MIN
  [113, 32767], // _SC_SHRT_MAX
  [114, -32768], // _SC_SHRT_MIN
  [115, 255], // _SC_UCHAR_MAX
  [116, 4294967295], // _SC_UINT_MAX
  [117, -1], // _SC_ULONG_MAX
  [118, 65535], // _SC_USHRT_MAX
  [119, 4096], // _SC_NL_ARGMAX
  [120, 2048], // _SC_NL_LANGMAX
  [121, 2147483647], // _SC_NL_MSGMAX
  [122, 2147483647], // _SC_NL_NMAX
  [123, 2147483647], // _SC_NL_SETMAX
  [124, 2147483647], // _SC_NL_TEXTMAX
  [125, -1], // _SC_XBS5_ILP32_OFF32
  [126, -1], // _SC_XBS5_ILP32_OFFBIG
  [127, 1], // _SC_XBS5_LP64_OFF64
  [128, -1], // _SC_XBS5_LPBIG_OFFBIG
  [129, 1], // _SC_XOPEN_LEGACY
  [130, 1], // _SC_XOPEN_REALTIME
  [131, 1], // _SC_XOPEN_REALTIME_THREADS
  [132, POSIX_VERSION], // _SC_ADVISORY_INFO
  [133, POSIX_VERSION], // _SC_BARRIERS
  [134, -1], // _SC_BASE
  [135, -1], // _SC_C_LANG_SUPPORT
  [136, -1], // _SC_C_LANG_SUPPORT_R
  [137, POSIX_VERSION], // _SC_CLOCK_SELECTION
  [138, POSIX_VERSION], // _SC_CPUTIME
  [139, POSIX_VERSION], // _SC_THREAD_CPUTIME
  [140, -1], // _SC_DEVICE_IO
  [141, -1], // _SC_DEVICE_SPECIFIC
  [142, -1], // _SC_DEVICE_SPECIFIC_R
  [143, -1], // _SC_FD_MGMT
  [144, -1], // _SC_FIFO
  [145, -1], // _SC_PIPE
  [146, -1], // _SC_FILE_ATTRIBUTES
  [147, -1], // _SC_FILE_LOCKING
  [148, -1], // _SC_FILE_SYSTEM
  [149, POSIX_VERSION], // _SC_MONOTONIC_CLOCK
  [150, -1], // _SC_MULTI_PROCESS
  [151, -1], // _SC_SINGLE_PROCESS
  [152, -1], // _SC_NETWORKING
  [153, POSIX_VERSION], // _SC_READER_WRITER_LOCKS
  [154, POSIX_VERSION], // _SC_SPIN_LOCKS
  [155, 1], // _SC_REGEXP
  [156, -1], // _SC_REGEX_VERSION
  [157, 1], // _SC_SHELL
  [158, -1], // _SC_SIGNALS
  [159, POSIX_VERSION], // _SC_SPAWN
  [160, -1], // _SC_SPORADIC_SERVER
  [161, -1], // _SC_THREAD_SPORADIC_SERVER
  [162, -1], // _SC_SYSTEM_DATABASE
  [163, -1], // _SC_SYSTEM_DATABASE_R
  [164, POSIX_VERSION], // _SC_TIMEOUTS
  [165, -1], // _SC_TYPED_MEMORY_OBJECTS
  [166, -1], // _SC_USER_GROUPS
  [167, -1], // _SC_USER_GROUPS_R
  [168, -1], // _SC_2_PBS
  [169, -1], // _SC_2_PBS_ACCOUNTING
  [170, -1], // _SC_2_PBS_LOCATE
  [171, -1], // _SC_2_PBS_MESSAGE
  [172, -1], // _SC_2_PBS_TRACK
  [173, -1], // _SC_SYMLOOP_MAX
  [174, -1], // _SC_STREAMS
  [175, -1], // _SC_2_PBS_CHECKPOINT
  [176, -1], // _SC_V6_ILP32_OFF32
  [177, -1], // _SC_V6_ILP32_OFFBIG
  [178, 1], // _SC_V6_LP64_OFF64
  [179, -1], // _SC_V6_LPBIG_OFFBIG
  [180, 64], // _SC_HOST_NAME_MAX
  [181, -1], // _SC_TRACE
  [182, -1], // _SC_TRACE_EVENT_FILTER
  [183, -1], // _SC_TRACE_INHERIT
  [184, -1], // _SC_TRACE_LOG
  [235, POSIX_VERSION], // _SC_IPV6
  [236, POSIX_VERSION], // _SC_RAW_SOCKETS
  [237, -1], // _SC_V7_ILP32_OFF32
  [238, -1], // _SC_V7_ILP32_OFFBIG
  [239, 1], // _SC_V7_LP64_OFF64
  [240, -1], // _SC_V7_LPBIG_OFFBIG
  [242, -1], // _SC_TRACE_EVENT_NAME_MAX
  [243, -1], // _SC_TRACE_NAME_MAX
  [244, -1], // _SC_TRACE_SYS_MAX
  [245, -1], // _SC_TRACE_USER_EVENT_MAX
  [246, -1], // _SC_XOPEN_STREAMS
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
const SC_LEVEL1_ICACHE_SIZE = 185;
const SC_LEVEL3_CACHE_LINESIZE = 196;
const SC_MINSIGSTKSZ = 249;
const SC_SIGSTKSZ = 250;
/** The auxiliary vector's minimum signal-frame size. */
const AT_MINSIGSTKSZ = 51;
/** <signal.h>'s SIGSTKSZ, glibc's floor for _SC_SIGSTKSZ; and its MINSIGSTKSZ, the floor of the other. */
const SIGSTKSZ = 8192;
const MINSIGSTKSZ = 2048;

/**
 * The caches glibc's sysconf reports, by _SC_ name from _SC_LEVEL1_ICACHE_SIZE: the CPUID leaf 4
 * cache type (1 data, 2 instruction, 3 unified) and level, and what of it. glibc 2.36 keeps no
 * L1 instruction associativity (-1), and the L4 names are -1 where no level-4 cache is described.
 */
const CACHE_NAMES: readonly (readonly [type: number, level: number, what: 'size' | 'ways' | 'line'] | undefined)[] = [
  [2, 1, 'size'], // _SC_LEVEL1_ICACHE_SIZE
  undefined, // _SC_LEVEL1_ICACHE_ASSOC
  [2, 1, 'line'], // _SC_LEVEL1_ICACHE_LINESIZE
  [1, 1, 'size'], // _SC_LEVEL1_DCACHE_SIZE
  [1, 1, 'ways'], // _SC_LEVEL1_DCACHE_ASSOC
  [1, 1, 'line'], // _SC_LEVEL1_DCACHE_LINESIZE
  [3, 2, 'size'], // _SC_LEVEL2_CACHE_SIZE
  [3, 2, 'ways'], // _SC_LEVEL2_CACHE_ASSOC
  [3, 2, 'line'], // _SC_LEVEL2_CACHE_LINESIZE
  [3, 3, 'size'], // _SC_LEVEL3_CACHE_SIZE
  [3, 3, 'ways'], // _SC_LEVEL3_CACHE_ASSOC
  [3, 3, 'line'], // _SC_LEVEL3_CACHE_LINESIZE
];

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
    case SC_MINSIGSTKSZ:
      return minimumSignalStack(libc);
    case SC_SIGSTKSZ:
      return Math.max(SIGSTKSZ, 4 * minimumSignalStack(libc));
  }
  if (name >= SC_LEVEL1_ICACHE_SIZE && name <= LAST_CACHE_NAME) return cacheParameter(name);
  // Names outside glibc's range, the gaps in it and the few it rejects (_SC_EQUIV_CLASS_MAX,
  // _SC_SS_REPL_MAX, the robust-mutex priority options).
  libc.errno = Errno.EINVAL;
  return -1;
}

/** The last cache name glibc answers (_SC_LEVEL4_CACHE_LINESIZE); L4 is never described here. */
const LAST_CACHE_NAME = 199;

/** A cache parameter from CPUID leaf 4's subleaves, -1 when no cache of that type and level is listed. */
function cacheParameter(name: number): number {
  const wanted = name <= SC_LEVEL3_CACHE_LINESIZE ? CACHE_NAMES[name - SC_LEVEL1_ICACHE_SIZE] : undefined;
  if (wanted === undefined) return -1;
  const [type, level, what] = wanted;
  for (let subleaf = 0; ; subleaf++) {
    const [eax, ebx, ecx] = cpuidResult(4, subleaf);
    const cacheType = eax & 0x1f;
    if (cacheType === 0) return -1;
    if (cacheType !== type || ((eax >>> 5) & 7) !== level) continue;
    const ways = (ebx >>> 22) + 1;
    const partitions = ((ebx >>> 12) & 0x3ff) + 1;
    const line = (ebx & 0xfff) + 1;
    const sets = ecx + 1;
    if (what === 'ways') return ways;
    if (what === 'line') return line;
    return ways * partitions * line * sets;
  }
}

/** glibc's minimum signal stack: AT_MINSIGSTKSZ from the kernel, MINSIGSTKSZ without it. */
function minimumSignalStack(libc: LibcProcess): number {
  return auxiliaryValue(libc, AT_MINSIGSTKSZ) ?? MINSIGSTKSZ;
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
