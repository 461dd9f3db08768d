// Linux x86-64 constants for system-call arguments: each group is ONE table, used by the
// handlers (as values) and by the tracer (as names: the printed name is the prefix plus the key,
// e.g. OpenFlag.CREAT prints as O_CREAT). Values from the kernel's uapi headers.

/** How the tracer prints a group: bit flags joined with '|', or one value of an enumeration. */
export interface FlagGroup {
  readonly prefix: string;
  readonly values: Readonly<Record<string, number>>;
  /** Bits flags (joined with '|') rather than an enumeration. */
  readonly bits: boolean;
}

/**
 * The table of a group: its values, and (not enumerable, so not among them) the group itself.
 * The values object is the table: a copy of it was ~2 KB of fresh memory per group at every start
 * (issue 4: each fresh 4 KiB page a fault).
 */
function group<T extends Record<string, number>>(prefix: string, values: T, bits: boolean): T & { group: FlagGroup } {
  return Object.defineProperty(values, 'group', { value: { prefix, values, bits } }) as T & { group: FlagGroup };
}

export const OpenFlag = group(
  'O_',
  {
    WRONLY: 0o1,
    RDWR: 0o2,
    CREAT: 0o100,
    EXCL: 0o200,
    NOCTTY: 0o400,
    TRUNC: 0o1000,
    APPEND: 0o2000,
    NONBLOCK: 0o4000,
    DSYNC: 0o10000,
    ASYNC: 0o20000,
    DIRECT: 0o40000,
    LARGEFILE: 0o100000,
    DIRECTORY: 0o200000,
    NOFOLLOW: 0o400000,
    NOATIME: 0o1000000,
    CLOEXEC: 0o2000000,
    SYNC: 0o4010000,
    PATH: 0o10000000,
    TMPFILE: 0o20200000,
  },
  true,
);
export const O_ACCMODE = 3;
/** The status flags F_SETFL may change (Linux's SETFL_MASK). */
export const SETFL_MASK = OpenFlag.APPEND | OpenFlag.NONBLOCK | OpenFlag.ASYNC | OpenFlag.DIRECT | OpenFlag.NOATIME;

export const AT_FDCWD = -100;
export const AtFlag = group(
  'AT_',
  {
    SYMLINK_NOFOLLOW: 0x100,
    REMOVEDIR: 0x200,
    SYMLINK_FOLLOW: 0x400,
    NO_AUTOMOUNT: 0x800,
    EMPTY_PATH: 0x1000,
    STATX_FORCE_SYNC: 0x2000,
    STATX_DONT_SYNC: 0x4000,
    RECURSIVE: 0x8000,
  },
  true,
);
/** faccessat2: check with the effective ids (shares its value with AT_REMOVEDIR). */
export const AT_EACCESS = 0x200;

export const Prot = group(
  'PROT_',
  { READ: 1, WRITE: 2, EXEC: 4, SEM: 8, GROWSDOWN: 0x01000000, GROWSUP: 0x02000000 },
  true,
);

export const MapFlag = group(
  'MAP_',
  {
    SHARED: 0x1,
    PRIVATE: 0x2,
    FIXED: 0x10,
    ANONYMOUS: 0x20,
    '32BIT': 0x40,
    GROWSDOWN: 0x100,
    DENYWRITE: 0x800,
    EXECUTABLE: 0x1000,
    LOCKED: 0x2000,
    NORESERVE: 0x4000,
    POPULATE: 0x8000,
    NONBLOCK: 0x10000,
    STACK: 0x20000,
    HUGETLB: 0x40000,
    SYNC: 0x80000,
    FIXED_NOREPLACE: 0x100000,
    UNINITIALIZED: 0x4000000,
  },
  true,
);
/** MAP_SHARED_VALIDATE: MAP_SHARED that fails on unknown flags. */
export const MAP_SHARED_VALIDATE = 3;
export const MAP_TYPE = 0xf;

export const MremapFlag = group('MREMAP_', { MAYMOVE: 1, FIXED: 2, DONTUNMAP: 4 }, true);

export const Madvise = group(
  'MADV_',
  {
    NORMAL: 0,
    RANDOM: 1,
    SEQUENTIAL: 2,
    WILLNEED: 3,
    DONTNEED: 4,
    FREE: 8,
    REMOVE: 9,
    DONTFORK: 10,
    DOFORK: 11,
    MERGEABLE: 12,
    UNMERGEABLE: 13,
    HUGEPAGE: 14,
    NOHUGEPAGE: 15,
    DONTDUMP: 16,
    DODUMP: 17,
    WIPEONFORK: 18,
    KEEPONFORK: 19,
    COLD: 20,
    PAGEOUT: 21,
    POPULATE_READ: 22,
    POPULATE_WRITE: 23,
    DONTNEED_LOCKED: 24,
    COLLAPSE: 25,
    HWPOISON: 100,
    SOFT_OFFLINE: 101,
  },
  false,
);

export const MsyncFlag = group('MS_', { ASYNC: 1, INVALIDATE: 2, SYNC: 4 }, true);

export const Seek = group('SEEK_', { SET: 0, CUR: 1, END: 2, DATA: 3, HOLE: 4 }, false);

export const Fcntl = group(
  'F_',
  {
    DUPFD: 0,
    GETFD: 1,
    SETFD: 2,
    GETFL: 3,
    SETFL: 4,
    GETLK: 5,
    SETLK: 6,
    SETLKW: 7,
    SETOWN: 8,
    GETOWN: 9,
    SETSIG: 10,
    GETSIG: 11,
    SETOWN_EX: 15,
    GETOWN_EX: 16,
    OFD_GETLK: 36,
    OFD_SETLK: 37,
    OFD_SETLKW: 38,
    SETLEASE: 1024,
    GETLEASE: 1025,
    NOTIFY: 1026,
    DUPFD_CLOEXEC: 1030,
    SETPIPE_SZ: 1031,
    GETPIPE_SZ: 1032,
    ADD_SEALS: 1033,
    GET_SEALS: 1034,
  },
  false,
);

/** struct f_owner_ex's `type` (F_SETOWN_EX/F_GETOWN_EX). */
export const OwnerKind = { TID: 0, PID: 1, PGRP: 2 } as const;
export const FD_CLOEXEC = 1;
/** struct flock l_type values. */
export const LockType = { RDLCK: 0, WRLCK: 1, UNLCK: 2 } as const;

export const Ioctl = group(
  '',
  {
    TCGETS: 0x5401,
    TCSETS: 0x5402,
    TCSETSW: 0x5403,
    TCSETSF: 0x5404,
    TCGETA: 0x5405,
    TCSETA: 0x5406,
    TCSETAW: 0x5407,
    TCSETAF: 0x5408,
    TCSBRK: 0x5409,
    TCXONC: 0x540a,
    TCFLSH: 0x540b,
    TIOCEXCL: 0x540c,
    TIOCNXCL: 0x540d,
    TIOCSCTTY: 0x540e,
    TIOCGPGRP: 0x540f,
    TIOCSPGRP: 0x5410,
    TIOCOUTQ: 0x5411,
    TIOCSTI: 0x5412,
    TIOCGWINSZ: 0x5413,
    TIOCSWINSZ: 0x5414,
    TIOCMGET: 0x5415,
    FIONREAD: 0x541b,
    TIOCLINUX: 0x541c,
    FIONBIO: 0x5421,
    TIOCNOTTY: 0x5422,
    TIOCGSID: 0x5429,
    TCGETS2: 0x802c542a,
    TCSETS2: 0x402c542b,
    TIOCGPTN: 0x80045430,
    TIOCSPTLCK: 0x40045431,
    FIONCLEX: 0x5450,
    FIOCLEX: 0x5451,
    FIOASYNC: 0x5452,
    FIOQSIZE: 0x5460,
  },
  false,
);

export const ClockId = group(
  'CLOCK_',
  {
    REALTIME: 0,
    MONOTONIC: 1,
    PROCESS_CPUTIME_ID: 2,
    THREAD_CPUTIME_ID: 3,
    MONOTONIC_RAW: 4,
    REALTIME_COARSE: 5,
    MONOTONIC_COARSE: 6,
    BOOTTIME: 7,
    REALTIME_ALARM: 8,
    BOOTTIME_ALARM: 9,
    TAI: 11,
  },
  false,
);
export const TIMER_ABSTIME = 1;

export const FutexOp = group(
  'FUTEX_',
  {
    WAIT: 0,
    WAKE: 1,
    FD: 2,
    REQUEUE: 3,
    CMP_REQUEUE: 4,
    WAKE_OP: 5,
    LOCK_PI: 6,
    UNLOCK_PI: 7,
    TRYLOCK_PI: 8,
    WAIT_BITSET: 9,
    WAKE_BITSET: 10,
    WAIT_REQUEUE_PI: 11,
    CMP_REQUEUE_PI: 12,
    LOCK_PI2: 13,
  },
  false,
);
export const FUTEX_PRIVATE_FLAG = 128;
export const FUTEX_CLOCK_REALTIME = 256;
export const FUTEX_CMD_MASK = ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME);

export const ArchPrctl = group(
  'ARCH_',
  {
    SET_GS: 0x1001,
    SET_FS: 0x1002,
    GET_FS: 0x1003,
    GET_GS: 0x1004,
    GET_CPUID: 0x1011,
    SET_CPUID: 0x1012,
    GET_XCOMP_SUPP: 0x1021,
    GET_XCOMP_PERM: 0x1022,
    REQ_XCOMP_PERM: 0x1023,
    GET_XCOMP_GUEST_PERM: 0x1024,
    REQ_XCOMP_GUEST_PERM: 0x1025,
    XCOMP_TILECFG: 17,
    XCOMP_TILEDATA: 18,
    MAP_VDSO_X32: 0x2001,
    MAP_VDSO_32: 0x2002,
    MAP_VDSO_64: 0x2003,
    GET_UNTAG_MASK: 0x4001,
    ENABLE_TAGGED_ADDR: 0x4002,
    GET_MAX_TAG_BITS: 0x4003,
    FORCE_TAGGED_SVA: 0x4004,
    SHSTK_ENABLE: 0x5001,
    SHSTK_DISABLE: 0x5002,
    SHSTK_LOCK: 0x5003,
    SHSTK_UNLOCK: 0x5004,
    SHSTK_STATUS: 0x5005,
  },
  false,
);

export const AccessMode = group('', { F_OK: 0, X_OK: 1, W_OK: 2, R_OK: 4 }, true);

export const RenameFlag = group('RENAME_', { NOREPLACE: 1, EXCHANGE: 2, WHITEOUT: 4 }, true);

export const SigprocmaskHow = group('SIG_', { BLOCK: 0, UNBLOCK: 1, SETMASK: 2 }, false);

export const SigactionFlag = group(
  'SA_',
  {
    NOCLDSTOP: 1,
    NOCLDWAIT: 2,
    SIGINFO: 4,
    UNSUPPORTED: 0x400,
    EXPOSE_TAGBITS: 0x800,
    RESTORER: 0x04000000,
    ONSTACK: 0x08000000,
    RESTART: 0x10000000,
    NODEFER: 0x40000000,
    RESETHAND: 0x80000000,
  },
  true,
);

export const SigaltstackFlag = group('SS_', { ONSTACK: 1, DISABLE: 2, AUTODISARM: 0x80000000 }, true);

export const Rlimit = group(
  'RLIMIT_',
  {
    CPU: 0,
    FSIZE: 1,
    DATA: 2,
    STACK: 3,
    CORE: 4,
    RSS: 5,
    NPROC: 6,
    NOFILE: 7,
    MEMLOCK: 8,
    AS: 9,
    LOCKS: 10,
    SIGPENDING: 11,
    MSGQUEUE: 12,
    NICE: 13,
    RTPRIO: 14,
    RTTIME: 15,
  },
  false,
);

export const PollEvent = group(
  'POLL',
  {
    IN: 0x1,
    PRI: 0x2,
    OUT: 0x4,
    ERR: 0x8,
    HUP: 0x10,
    NVAL: 0x20,
    RDNORM: 0x40,
    RDBAND: 0x80,
    WRNORM: 0x100,
    WRBAND: 0x200,
    MSG: 0x400,
    RDHUP: 0x2000,
  },
  true,
);

export const GetrandomFlag = group('GRND_', { NONBLOCK: 1, RANDOM: 2, INSECURE: 4 }, true);

export const Prctl = group(
  'PR_',
  {
    SET_PDEATHSIG: 1,
    GET_PDEATHSIG: 2,
    GET_DUMPABLE: 3,
    SET_DUMPABLE: 4,
    GET_KEEPCAPS: 7,
    SET_KEEPCAPS: 8,
    SET_NAME: 15,
    GET_NAME: 16,
    GET_SECCOMP: 21,
    SET_SECCOMP: 22,
    CAPBSET_READ: 23,
    GET_TIMERSLACK: 30,
    SET_TIMERSLACK: 29,
    SET_MM: 35,
    SET_CHILD_SUBREAPER: 36,
    GET_CHILD_SUBREAPER: 37,
    SET_NO_NEW_PRIVS: 38,
    GET_NO_NEW_PRIVS: 39,
    GET_TID_ADDRESS: 40,
    SET_THP_DISABLE: 41,
    GET_THP_DISABLE: 42,
    CAP_AMBIENT: 47,
    SET_VMA: 0x53564d41,
  },
  false,
);

/** clone/clone3 flags (the low byte, CSIGNAL, is the exit signal in clone). */
export const CloneFlag = group(
  'CLONE_',
  {
    NEWTIME: 0x80,
    VM: 0x100,
    FS: 0x200,
    FILES: 0x400,
    SIGHAND: 0x800,
    PIDFD: 0x1000,
    PTRACE: 0x2000,
    VFORK: 0x4000,
    PARENT: 0x8000,
    THREAD: 0x10000,
    NEWNS: 0x20000,
    SYSVSEM: 0x40000,
    SETTLS: 0x80000,
    PARENT_SETTID: 0x100000,
    CHILD_CLEARTID: 0x200000,
    DETACHED: 0x400000,
    UNTRACED: 0x800000,
    CHILD_SETTID: 0x1000000,
    NEWCGROUP: 0x2000000,
    NEWUTS: 0x4000000,
    NEWIPC: 0x8000000,
    NEWUSER: 0x10000000,
    NEWPID: 0x20000000,
    NEWNET: 0x40000000,
    IO: 0x80000000,
  },
  true,
);
export const CSIGNAL = 0xff;
