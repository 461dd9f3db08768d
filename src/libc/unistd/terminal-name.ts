// unistd.h's ttyname, ttyname_r and getlogin, getlogin_r (and their _FORTIFY_SOURCE checks), as
// glibc 2.36 does them on Linux:
// - ttyname_r: a NULL buffer is EINVAL and one shorter than "/dev/pts/" ERANGE; tcgetattr tells a
//   terminal (its EBADF or ENOTTY is the result); the name is the link /proc/self/fd/N, accepted
//   when stat of it is the same character device as fstat of the descriptor;
// - getlogin_r: the user of /proc/self/loginuid; its unset value (uid -1) is ENXIO; no file, or a
//   uid without a passwd entry, falls through to the utmp entry of standard input's terminal,
//   whose ttyname_r error is the result.
// When the /proc link does not name the terminal, ttyname_r searches /dev/pts and /dev as glibc
// does; getlogin's last source is the utmp file's entry for that terminal.
import type { FunctionTable } from '../exports/binding-types.ts';
import { PASSWD_FILE, passwdEntries, readDatabase } from '../pwd/user-database.ts';
import { checkWrite } from '../runtime/guest-access.ts';
import { Sys } from '../runtime/kernel-call.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { copyForChild, ProcessState } from '../runtime/process-states.ts';

const ENOENT = 2;
const ESRCH = 3;
const ENXIO = 6;
const ENOMEM = 12;
const ENODEV = 19;
const ENOTTY = 25;
const EINVAL = 22;
const ERANGE = 34;
const ENAMETOOLONG = 36;
const TCGETS = 0x5401;
const AT_FDCWD = -100;
const O_RDONLY = 0;
/** sizeof("/dev/pts/"): the smallest buffer ttyname_r accepts. */
const MINIMUM_NAME_BUFFER = 10;
/** getlogin's fd-0 path: glibc's tty_pathname[2 + 2 * NAME_MAX]. */
const LOGIN_TTY_BUFFER = 2 + 2 * 255;
/** getlogin's static name: LOGIN_NAME_MAX + 1. */
const LOGIN_NAME_BUFFER = 257;
/** ttyname's static buffer: 4095 bytes of name and the NUL. */
const TTYNAME_BUFFER = 4096;
const UNREACHABLE = '(unreachable)';
/** struct stat (x86-64) fields that identify a device node. */
const STAT_DEV = 0;
const STAT_INO = 8;
const STAT_MODE = 24;
const STAT_RDEV = 40;
const S_IFMT = 0o170000;
const S_IFCHR = 0o020000;
const S_IFDIR = 0o040000;
/** Scratch layout: a struct stat or the kernel termios at 0, the /proc path at 200. */
const SCRATCH_PATH = 200;

interface DeviceIdentity {
  dev: bigint;
  ino: bigint;
  mode: number;
  rdev: bigint;
}

function readIdentity(libc: LibcProcess, stat: number): DeviceIdentity {
  const view = libc.memory.view;
  return {
    dev: view.getBigUint64(stat + STAT_DEV, true),
    ino: view.getBigUint64(stat + STAT_INO, true),
    mode: view.getUint32(stat + STAT_MODE, true),
    rdev: view.getBigUint64(stat + STAT_RDEV, true),
  };
}

/** glibc's is_mytty: the same inode, and a character device with the same device number. */
function isSameTerminal(mine: DeviceIdentity, other: DeviceIdentity): boolean {
  return (
    other.ino === mine.ino && other.dev === mine.dev && (other.mode & S_IFMT) === S_IFCHR && other.rdev === mine.rdev
  );
}

/** Writes a NUL-terminated ASCII string at `address`. */
function putString(libc: LibcProcess, address: number, text: string): void {
  checkWrite(libc.memory, address, text.length + 1);
  for (let i = 0; i < text.length; i++) libc.memory.bytes[address + i] = text.charCodeAt(i);
  libc.memory.bytes[address + text.length] = 0;
}

/** ttyname_r: 0 with the name in `buffer`, or an error number (errno set as glibc leaves it). */
function terminalName(libc: LibcProcess, fd: number, buffer: number, size: number): number {
  if (buffer === 0) {
    libc.errno = EINVAL;
    return EINVAL;
  }
  if (size < MINIMUM_NAME_BUFFER) {
    libc.errno = ERANGE;
    return ERANGE;
  }
  const saved = libc.errno;
  // tcgetattr: the terminal test whose errno (EBADF or ENOTTY) glibc wants.
  const isTerminal = libc.sys(Sys.ioctl, fd, TCGETS, libc.scratch);
  if (isTerminal < 0) {
    libc.errno = -isTerminal;
    return -isTerminal;
  }
  const fstatResult = libc.sys(Sys.fstat, fd, libc.scratch);
  if (fstatResult < 0) {
    libc.errno = -fstatResult;
    return -fstatResult;
  }
  const mine = readIdentity(libc, libc.scratch);
  const path = libc.scratch + SCRATCH_PATH;
  putString(libc, path, `/proc/self/fd/${fd}`);
  const length = libc.sys(Sys.readlink, path, buffer, size - 1);
  if (length === -ENAMETOOLONG) {
    libc.errno = ERANGE;
    return ERANGE;
  }
  if (length >= 0) {
    let nameLength = length;
    const bytes = libc.memory.bytes;
    // A descriptor from another mount namespace reads "(unreachable)/dev/pts/N".
    const prefix = new TextDecoder('latin1').decode(bytes.subarray(buffer, buffer + UNREACHABLE.length));
    if (nameLength > UNREACHABLE.length && prefix === UNREACHABLE) {
      bytes.copyWithin(buffer, buffer + UNREACHABLE.length, buffer + nameLength);
      nameLength -= UNREACHABLE.length;
    }
    bytes[buffer + nameLength] = 0;
    if (bytes[buffer] === 0x2f && libc.sys(Sys.stat, buffer, libc.scratch) === 0) {
      if (isSameTerminal(mine, readIdentity(libc, libc.scratch))) return 0;
    }
  } else {
    libc.errno = -length;
  }
  return searchDevices(libc, mine, buffer, size, saved, length >= 0);
}

/**
 * ttyname_r's fallback when the /proc link does not name the terminal: glibc looks in /dev/pts for
 * an entry with the descriptor's inode, then in /dev, then stats every entry of /dev; a pty slave
 * (majors 136-143) it could not name is ENODEV. `saved` is errno at entry, which glibc restores.
 */
function searchDevices(
  libc: LibcProcess,
  mine: DeviceIdentity,
  buffer: number,
  size: number,
  saved: number,
  linkWasRead: boolean,
): number {
  const scan: ScanState = { statEvery: false, stop: false };
  putString(libc, buffer, '/dev/pts/');
  let room = size - '/dev/pts/'.length;
  let result: number;
  if (libc.sys(Sys.stat, buffer, libc.scratch) === 0 && (readIdentity(libc, libc.scratch).mode & S_IFMT) === S_IFDIR) {
    result = scanDirectory(libc, '/dev/pts/', buffer, room, mine, saved, scan);
  } else {
    libc.errno = saved;
    result = ENOENT;
  }
  if (result !== 0 && !scan.stop) {
    putString(libc, buffer, '/dev/');
    room += 'pts/'.length;
    result = scanDirectory(libc, '/dev/', buffer, room, mine, saved, scan);
  }
  if (result !== 0 && !scan.stop) {
    putString(libc, buffer, '/dev/');
    scan.statEvery = true;
    result = scanDirectory(libc, '/dev/', buffer, room, mine, saved, scan);
  }
  const major = Number((mine.rdev >> 8n) & 0xfffn);
  const isPty = (mine.mode & S_IFMT) === S_IFCHR && major >= 136 && major <= 143;
  if (result !== 0 && linkWasRead && isPty) {
    libc.errno = ENODEV;
    return ENODEV;
  }
  return result;
}

/** glibc's dostat: whether to stat every entry, and whether a scan ended the search (its -1). */
interface ScanState {
  statEvery: boolean;
  stop: boolean;
}

/** struct linux_dirent64: d_ino at 0, d_reclen at 16, d_name at 19. */
const DIRENT_INO = 0;
const DIRENT_RECLEN = 16;
const DIRENT_NAME = 19;
const DIRENT_BUFFER = 4096;
const O_DIRECTORY = 0o200000;
const O_CLOEXEC = 0o2000000;

/**
 * One directory of the search: each entry with the terminal's inode (or every entry once
 * statEvery is set), except stdin/stdout/stderr, is written after the directory's name in the
 * buffer and accepted when stat says it is the terminal.
 */
function scanDirectory(
  libc: LibcProcess,
  directory: string,
  buffer: number,
  room: number,
  mine: DeviceIdentity,
  saved: number,
  scan: ScanState,
): number {
  const fd = libc.sys(Sys.openat, AT_FDCWD, buffer, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
  if (fd < 0) {
    scan.stop = true;
    libc.errno = -fd;
    return -fd;
  }
  const entries = libc.heap.allocate(DIRENT_BUFFER);
  if (entries === 0) {
    // opendir's failure for want of memory.
    libc.sys(Sys.close, fd);
    scan.stop = true;
    libc.errno = ENOMEM;
    return ENOMEM;
  }
  try {
    const view = libc.memory.view;
    const bytes = libc.memory.bytes;
    for (;;) {
      const filled = libc.sys(Sys.getdents64, fd, entries, DIRENT_BUFFER);
      if (filled <= 0) break;
      for (let at = entries; at < entries + filled; at += view.getUint16(at + DIRENT_RECLEN, true)) {
        const nameStart = at + DIRENT_NAME;
        const nameEnd = bytes.indexOf(0, nameStart);
        const name = new TextDecoder('latin1').decode(bytes.subarray(nameStart, nameEnd));
        const sameInode = view.getBigUint64(at + DIRENT_INO, true) === mine.ino;
        if (!(sameInode || scan.statEvery) || name === 'stdin' || name === 'stdout' || name === 'stderr') continue;
        if (name.length + 1 > room) {
          scan.stop = true;
          libc.errno = ERANGE;
          return ERANGE;
        }
        bytes.copyWithin(buffer + directory.length, nameStart, nameEnd + 1);
        if (libc.sys(Sys.stat, buffer, libc.scratch) === 0 && isSameTerminal(mine, readIdentity(libc, libc.scratch))) {
          libc.errno = saved;
          return 0;
        }
      }
    }
  } finally {
    libc.heap.release(entries);
    libc.sys(Sys.close, fd);
  }
  libc.errno = saved;
  return ENOTTY;
}

/**
 * getlogin_r's first source: the user named by /proc/self/loginuid. Returns 0 (name stored), an
 * error number, or -1 when there is no login uid or no passwd entry for it (the caller goes on).
 */
function loginFromLoginUid(libc: LibcProcess, name: number, size: number): number {
  const path = libc.scratch + SCRATCH_PATH;
  putString(libc, path, '/proc/self/loginuid');
  const fd = libc.sys(Sys.openat, AT_FDCWD, path, O_RDONLY, 0);
  if (fd < 0) return -1;
  // A 32-bit number in at most 11 characters; glibc reads 12 bytes and rejects a full read.
  const text = libc.scratch;
  const n = libc.sys(Sys.read, fd, text, 12);
  libc.sys(Sys.close, fd);
  if (n <= 0 || n === 12) return -1;
  const digits = new TextDecoder('latin1').decode(libc.memory.bytes.subarray(text, text + n));
  const uid = parseLoginUid(digits);
  if (uid === undefined) return -1;
  // The unset login uid ends the search: glibc 2.36 answers ENXIO without looking at the terminal.
  if (uid === 0xffffffff) {
    libc.errno = ENXIO;
    return ENXIO;
  }
  const database = readDatabase(libc, PASSWD_FILE);
  if ('errno' in database) return -1;
  const entry = passwdEntries(database.lines).find((e) => e.uid === uid);
  if (entry === undefined) return -1;
  if (entry.name.length + 1 > size) {
    libc.errno = ERANGE;
    return ERANGE;
  }
  putString(libc, name, entry.name);
  return 0;
}

/** strtoul(text, &end, 10) with *end required to be the NUL, as a uid_t; undefined when not. */
function parseLoginUid(text: string): number | undefined {
  const match = /^[\t\n\v\f\r ]*([+-]?)(\d+)$/.exec(text);
  if (match === null) return undefined;
  const ULONG_MAX = (1n << 64n) - 1n;
  let value = BigInt(match[2]);
  if (value > ULONG_MAX) value = ULONG_MAX;
  else if (match[1] === '-') value = (1n << 64n) - value;
  return Number(value & 0xffffffffn);
}

/** struct utmp (x86-64): 384 bytes; ut_type at 0, ut_line[32] at 8, ut_user[32] at 44. */
const UTMP_SIZE = 384;
const UT_TYPE = 0;
const UT_LINE = 8;
const UT_LINESIZE = 32;
const UT_USER = 44;
const UT_NAMESIZE = 32;
const LOGIN_PROCESS = 6;
const USER_PROCESS = 7;
/** glibc's _PATH_UTMP on Debian. */
const UTMP_PATH = '/var/run/utmp';
const O_CLOEXEC_FLAG = 0o2000000;
const F_SETLKW = 7;
const F_RDLCK = 0;
const F_UNLCK = 2;
/** struct flock (x86-64): l_type, l_whence (shorts), l_start, l_len, l_pid — 32 bytes. */
const FLOCK_SIZE = 32;

/**
 * getlogin's fallback: the user of the utmp entry (a login or user process) whose line is standard
 * input's terminal without "/dev/", read as glibc's utmp file code reads it — the file opened
 * read-only, read-locked, then read a record at a time from the start. Returns the user's bytes
 * (ut_user, at most 32, without padding), or an error number: ttyname_r's, the open's or the
 * read's, ENOENT when no entry matches (errno ESRCH then). errno is left as glibc leaves it.
 */
function loginFromTerminal(libc: LibcProcess): Uint8Array | number {
  const tty = libc.heap.allocate(LOGIN_TTY_BUFFER);
  if (tty === 0) throw new Error('getlogin: no memory for the terminal name');
  let line: Uint8Array;
  try {
    const error = terminalName(libc, 0, tty, LOGIN_TTY_BUFFER);
    if (error !== 0) return error;
    // strncpy into ut_line: the name after "/dev/", NUL-padded to 32 bytes.
    const bytes = libc.memory.bytes;
    const start = tty + '/dev/'.length;
    const end = bytes.indexOf(0, start);
    line = new Uint8Array(UT_LINESIZE);
    line.set(bytes.subarray(start, Math.min(end, start + UT_LINESIZE)));
  } finally {
    libc.heap.release(tty);
  }
  const record = libc.heap.allocate(UTMP_SIZE + FLOCK_SIZE);
  if (record === 0) throw new Error('getlogin: no memory for a utmp record');
  const path = libc.scratch + SCRATCH_PATH;
  putString(libc, path, UTMP_PATH);
  const fd = libc.sys(Sys.openat, AT_FDCWD, path, O_RDONLY | O_CLOEXEC_FLAG, 0);
  try {
    if (fd < 0) {
      libc.errno = -fd;
      return -fd;
    }
    const lock = record + UTMP_SIZE;
    const view = libc.memory.view;
    libc.memory.bytes.fill(0, lock, lock + FLOCK_SIZE);
    view.setInt16(lock, F_RDLCK, true);
    const locked = libc.sys(Sys.fcntl, fd, F_SETLKW, lock);
    if (locked < 0) {
      libc.errno = -locked;
      return -locked;
    }
    try {
      for (let offset = 0; ; offset += UTMP_SIZE) {
        const read = libc.sys(Sys.pread64, fd, record, UTMP_SIZE, offset);
        if (read < 0) {
          libc.errno = -read;
          return -read;
        }
        // A short record is the end of the file: glibc's getutline_r fails with ESRCH, which
        // getlogin_r returns as ENOENT (errno stays ESRCH) and getlogin sets errno to.
        if (read !== UTMP_SIZE) {
          libc.errno = ESRCH;
          return ENOENT;
        }
        const type = view.getInt16(record + UT_TYPE, true);
        if (type !== USER_PROCESS && type !== LOGIN_PROCESS) continue;
        if (!sameLine(libc.memory.bytes.subarray(record + UT_LINE, record + UT_LINE + UT_LINESIZE), line)) continue;
        const user = libc.memory.bytes.subarray(record + UT_USER, record + UT_USER + UT_NAMESIZE);
        const length = user.indexOf(0);
        return user.slice(0, length < 0 ? UT_NAMESIZE : length);
      }
    } finally {
      view.setInt16(lock, F_UNLCK, true);
      libc.sys(Sys.fcntl, fd, F_SETLKW, lock);
    }
  } finally {
    if (fd >= 0) libc.sys(Sys.close, fd);
    libc.heap.release(record);
  }
}

/** strncmp of two ut_line fields (32 bytes at most, equal up to and including a NUL). */
function sameLine(a: Uint8Array, b: Uint8Array): boolean {
  for (let i = 0; i < UT_LINESIZE; i++) {
    if (a[i] !== b[i]) return false;
    if (a[i] === 0) return true;
  }
  return true;
}

/** getlogin_r's utmp result: the name stored when it fits with its NUL, else ERANGE. */
function storeLogin(libc: LibcProcess, found: Uint8Array | number, name: number, size: number): number {
  if (typeof found === 'number') return found;
  if (found.length + 1 > size) {
    libc.errno = ERANGE;
    return ERANGE;
  }
  checkWrite(libc.memory, name, found.length + 1);
  libc.memory.bytes.set(found, name);
  libc.memory.bytes[name + found.length] = 0;
  return 0;
}

function getloginR(libc: LibcProcess, name: number, size: number): number {
  const fromLoginUid = loginFromLoginUid(libc, name, size);
  if (fromLoginUid >= 0) return fromLoginUid;
  return storeLogin(libc, loginFromTerminal(libc), name, size);
}

/** The static buffers of ttyname and getlogin, one each per process, made at first use. */
const staticBuffers = new ProcessState<{ ttyname: number; login: number }>(
  'unistd/terminal-name staticBuffers',
  copyForChild,
  (libc) => ({ ttyname: libc.data.allocate(TTYNAME_BUFFER, 16), login: libc.data.allocate(LOGIN_NAME_BUFFER, 16) }),
);

function fortifyFail(libc: LibcProcess): never {
  libc.fatal('*** buffer overflow detected ***: terminated\n');
}

export const TERMINAL_NAME_FUNCTIONS: FunctionTable = {
  ttyname_r: (f, libc) => terminalName(libc, f.int(0), f.ptr(1), f.ulong(2)),
  __ttyname_r_chk: (f, libc) => {
    if (f.ulong(2) > f.ulong(3)) fortifyFail(libc);
    return terminalName(libc, f.int(0), f.ptr(1), f.ulong(2));
  },
  ttyname: (f, libc) => {
    const buffer = staticBuffers.of(libc).ttyname;
    return terminalName(libc, f.int(0), buffer, TTYNAME_BUFFER) === 0 ? buffer : 0;
  },
  getlogin_r: (f, libc) => getloginR(libc, f.ptr(0), f.ulong(1)),
  __getlogin_r_chk: (f, libc) => {
    if (f.ulong(1) > f.ulong(2)) fortifyFail(libc);
    return getloginR(libc, f.ptr(0), f.ulong(1));
  },
  getlogin: (_f, libc) => {
    const name = staticBuffers.of(libc).login;
    const fromLoginUid = loginFromLoginUid(libc, name, LOGIN_NAME_BUFFER);
    if (fromLoginUid >= 0) return fromLoginUid === 0 ? name : 0;
    // getlogin copies at most UT_NAMESIZE bytes into its static name, which always has room.
    const found = loginFromTerminal(libc);
    if (typeof found !== 'number') return storeLogin(libc, found, name, LOGIN_NAME_BUFFER) === 0 ? name : 0;
    if (libc.errno === ESRCH) libc.errno = ENOENT;
    return 0;
  },
};
