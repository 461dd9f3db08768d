// The fopen family, positioning and buffering control: fopen/fdopen/freopen/fclose,
// fseek/ftell/rewind/fgetpos/fsetpos, setvbuf/setbuf/setbuffer/setlinebuf, with glibc 2.36's
// mode parsing (_IO_new_file_fopen), errno values and stream-state rules (libio/fileops.c,
// iofopen.c, iofdopen.c, freopen.c, iofclose.c, iosetvbuf.c).
import { AT_FDCWD, Fcntl, O_ACCMODE, OpenFlag, Seek } from '../../kernel/abi/flags.ts';
import { Errno } from '../../kernel/errno.ts';
import type { FunctionTable } from '../exports/binding-types.ts';
import { checkRead, checkWrite, loadPointer, storeBytes } from '../runtime/guest-access.ts';
import { Sys } from '../runtime/kernel-call.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { createTempFile } from '../stdlib/temp-files.ts';
import {
  FILE_BUF_BASE,
  FILE_BUF_END,
  FILE_FILENO,
  FILE_MODE,
  FILE_PLUS_SIZE,
  FILE_READ_BASE,
  FILE_READ_END,
  FILE_READ_PTR,
  FILE_SAVE_BASE,
  FILE_SHORTBUF,
  FILE_WRITE_BASE,
  FILE_WRITE_END,
  FILE_WRITE_PTR,
  FileFlag,
} from './file-layout.ts';
import { closeProcFile, isProcFile } from './proc-files.ts';
import { runIo, runNow, type StreamIo } from './stream-io.ts';
import { EOF } from './streams.ts';

const BUFSIZ = 8192;
const IOFBF = 0;
const IOLBF = 1;
const IONBF = 2;
/** glibc's CLOSED_FILEBUF_FLAGS: what a closed standard stream's flags become. */
const CLOSED_FLAGS =
  FileFlag.MAGIC | FileFlag.IS_FILEBUF | FileFlag.NO_READS | FileFlag.NO_WRITES | FileFlag.TIED_PUT_GET;
/** malloc'd size of glibc's struct locked_FILE (FILE, lock, wide data), so heap use is alike. */
const LOCKED_FILE_SIZE = 0x1d8;

interface OpenMode {
  /** open(2) flags. */
  flags: number;
  /** The stream's NO_READS / NO_WRITES / IS_APPENDING bits. */
  readWrite: number;
}

/** _IO_new_file_fopen's parse: r/w/a, then up to six of + x b m c e (others ignored). */
function parseMode(libc: LibcProcess, mode: number): OpenMode | undefined {
  const bytes = libc.memory.bytes;
  checkRead(libc.memory, mode, 1);
  let flags: number;
  let readWrite: number;
  switch (bytes[mode]) {
    case 0x72: // r
      flags = 0;
      readWrite = FileFlag.NO_WRITES;
      break;
    case 0x77: // w
      flags = OpenFlag.WRONLY | OpenFlag.CREAT | OpenFlag.TRUNC;
      readWrite = FileFlag.NO_READS;
      break;
    case 0x61: // a
      flags = OpenFlag.WRONLY | OpenFlag.CREAT | OpenFlag.APPEND;
      readWrite = FileFlag.NO_READS | FileFlag.IS_APPENDING;
      break;
    default:
      libc.errno = Errno.EINVAL;
      return undefined;
  }
  for (let i = 1; i < 7; i++) {
    checkRead(libc.memory, mode + i, 1);
    const c = bytes[mode + i];
    if (c === 0) break;
    if (c === 0x2b) {
      flags = (flags & ~O_ACCMODE) | OpenFlag.RDWR;
      readWrite &= FileFlag.IS_APPENDING;
    } else if (c === 0x78) flags |= OpenFlag.EXCL;
    else if (c === 0x65) flags |= OpenFlag.CLOEXEC;
  }
  return { flags, readWrite };
}

/** A fresh, zeroed FILE from the heap, linked as glibc's fopen links it. */
export function newFile(libc: LibcProcess, fd: number, readWrite: number): number {
  const fp = libc.heap.allocate(LOCKED_FILE_SIZE);
  if (fp === 0) return 0;
  libc.memory.bytes.fill(0, fp, fp + LOCKED_FILE_SIZE);
  libc.streams.initialise(fp, fd, readWrite, fp + FILE_PLUS_SIZE);
  return fp;
}

/** _IO_file_open's tail: append-only streams start at the end of the file. */
function seekToEndForAppend(libc: LibcProcess, fd: number, readWrite: number): boolean {
  if ((readWrite & (FileFlag.IS_APPENDING | FileFlag.NO_READS)) !== (FileFlag.IS_APPENDING | FileFlag.NO_READS))
    return true;
  const position = libc.sys(Sys.lseek, fd, 0, Seek.END);
  if (position < 0 && position !== -Errno.ESPIPE) {
    libc.errno = -position;
    return false;
  }
  return true;
}

function openFile(libc: LibcProcess, path: number, modeAddress: number): { fd: number; mode: OpenMode } | undefined {
  const mode = parseMode(libc, modeAddress);
  if (mode === undefined) return undefined;
  const fd = libc.sys(Sys.openat, AT_FDCWD, path, mode.flags, 0o666);
  if (fd < 0) {
    libc.errno = -fd;
    return undefined;
  }
  if (!seekToEndForAppend(libc, fd, mode.readWrite)) {
    libc.sys(Sys.close, fd);
    return undefined;
  }
  return { fd, mode };
}

/** fopen (exported for setmntent, src/libc/mntent, which opens its file as fopen does). */
export function fopen(libc: LibcProcess, path: number, modeAddress: number): number {
  const opened = openFile(libc, path, modeAddress);
  if (opened === undefined) return 0;
  const fp = newFile(libc, opened.fd, opened.mode.readWrite);
  if (fp === 0) {
    libc.sys(Sys.close, opened.fd);
    libc.errno = Errno.ENOMEM;
  }
  return fp;
}

function fdopen(libc: LibcProcess, fd: number, modeAddress: number): number {
  const mode = parseMode(libc, modeAddress);
  if (mode === undefined) return 0;
  const fdFlags = libc.sys(Sys.fcntl, fd, Fcntl.GETFL);
  if (fdFlags < 0) {
    libc.errno = -fdFlags;
    return 0;
  }
  const access = fdFlags & O_ACCMODE;
  if (
    (access === 0 && (mode.readWrite & FileFlag.NO_WRITES) === 0) ||
    (access === OpenFlag.WRONLY && (mode.readWrite & FileFlag.NO_READS) === 0)
  ) {
    libc.errno = Errno.EINVAL;
    return 0;
  }
  if (mode.flags & OpenFlag.APPEND && (fdFlags & OpenFlag.APPEND) === 0) {
    const set = libc.sys(Sys.fcntl, fd, Fcntl.SETFL, fdFlags | OpenFlag.APPEND);
    if (set < 0) {
      libc.errno = -set;
      return 0;
    }
    if (!seekToEndForAppend(libc, fd, mode.readWrite)) return 0;
  }
  const fp = newFile(libc, fd, mode.readWrite);
  if (fp === 0) libc.errno = Errno.ENOMEM;
  return fp;
}

const ascii = new TextEncoder();

/**
 * tmpfile as glibc 2.36 makes it: an unnamed O_TMPFILE file in P_tmpdir (/tmp; TMPDIR is not
 * consulted), or where the file system cannot do that a mkstemp'ed /tmp/tmpfXXXXXX unlinked at
 * once; then fdopen "w+". 0 with errno when neither works.
 */
function tmpfile(libc: LibcProcess): number {
  const path = libc.scratch;
  const mode = libc.scratch + 64;
  storeBytes(libc.memory, path, ascii.encode('/tmp'), true);
  storeBytes(libc.memory, mode, ascii.encode('w+'), true);
  let fd = libc.sys(Sys.openat, AT_FDCWD, path, OpenFlag.RDWR | OpenFlag.TMPFILE | OpenFlag.EXCL, 0o600);
  if (fd < 0) {
    storeBytes(libc.memory, path, ascii.encode('/tmp/tmpfXXXXXX'), true);
    fd = createTempFile(libc, path);
    if (fd < 0) return 0;
    libc.sys(Sys.unlink, path);
  }
  const fp = fdopen(libc, fd, mode);
  if (fp === 0) libc.sys(Sys.close, fd);
  return fp;
}

/**
 * _IO_file_close_it: flushes (or gives back read-ahead input), closes the descriptor unless
 * `keepFd`, frees the buffers, unlinks. 0, or EOF when the flush or close failed.
 */
function* closeIt(libc: LibcProcess, fp: number, keepFd: boolean): StreamIo {
  const streams = libc.streams;
  const fd = streams.fileno(fp);
  if (fd === -1 && !streams.hasBackend(fp)) return EOF;
  const flags = streams.flags(fp);
  // _IO_new_file_close_it flushes pending output only: read-ahead is not given back (the
  // descriptor's offset stays past it, and a cookie stream's seek function is not called).
  const writeStatus =
    (flags & FileFlag.NO_WRITES) === 0 && (flags & FileFlag.CURRENTLY_PUTTING) !== 0 ? yield* streams.flush(fp) : 0;
  let closeStatus = 0;
  if (!keepFd && isProcFile(libc, fp)) closeStatus = yield* closeProcFile(libc, fp);
  else if (!keepFd) {
    const closed = yield* streams.ioCloseIo(fp);
    if (closed < 0) {
      libc.errno = -closed;
      closeStatus = EOF;
    }
  }
  streams.freeBackup(fp);
  const base = streams.get(fp, FILE_BUF_BASE);
  if (base !== 0 && (streams.flags(fp) & FileFlag.USER_BUF) === 0 && base !== fp + FILE_SHORTBUF)
    libc.heap.release(base);
  for (const field of [
    FILE_BUF_BASE,
    FILE_BUF_END,
    FILE_READ_BASE,
    FILE_READ_PTR,
    FILE_READ_END,
    FILE_WRITE_BASE,
    FILE_WRITE_PTR,
    FILE_WRITE_END,
  ])
    streams.set(fp, field, 0);
  streams.unlink(fp);
  streams.setFlags(fp, CLOSED_FLAGS);
  libc.memory.view.setInt32(fp + FILE_FILENO, -1, true);
  return closeStatus !== 0 ? closeStatus : writeStatus;
}

function isStandard(libc: LibcProcess, fp: number): boolean {
  const streams = libc.streams;
  return fp === streams.stdin || fp === streams.stdout || fp === streams.stderr;
}

/**
 * fclose (exported for endmntent, src/libc/mntent, and pclose): 0 or EOF; for a popen stream,
 * as glibc's, the child's wait status (or -1).
 */
export function* fclose(libc: LibcProcess, fp: number): StreamIo {
  const status = yield* closeIt(libc, fp, false);
  if (!isStandard(libc, fp)) {
    libc.streams.setFlags(fp, 0);
    libc.heap.release(fp);
  }
  return status;
}

function freopen(libc: LibcProcess, path: number, modeAddress: number, fp: number): number {
  const streams = libc.streams;
  runNow(libc, streams.flush(fp));
  const fd = streams.fileno(fp);
  let pathAddress = path;
  let scratchPath = 0;
  if (path === 0) {
    // glibc reopens the same file through /proc/self/fd/N (__fd_to_filename).
    const name = new TextEncoder().encode(`/proc/self/fd/${fd}\0`);
    scratchPath = libc.heap.allocate(name.length);
    libc.memory.bytes.set(name, scratchPath);
    pathAddress = scratchPath;
  }
  runNow(libc, closeIt(libc, fp, true));
  const opened = openFile(libc, pathAddress, modeAddress);
  if (scratchPath !== 0) libc.heap.release(scratchPath);
  if (opened === undefined) {
    if (fd !== -1) libc.sys(Sys.close, fd);
    return 0;
  }
  let newFd = opened.fd;
  if (fd !== -1 && newFd !== fd) {
    const moved = libc.sys(Sys.dup3, newFd, fd, opened.mode.flags & OpenFlag.CLOEXEC);
    libc.sys(Sys.close, newFd);
    if (moved < 0) {
      libc.errno = -moved;
      return 0;
    }
    newFd = fd;
  }
  libc.memory.bytes.fill(0, fp, fp + FILE_PLUS_SIZE - 8);
  const lock = fp + FILE_PLUS_SIZE;
  streams.initialise(fp, newFd, opened.mode.readWrite, lock);
  return fp;
}

/** The program's position in the stream: the descriptor's offset less read-ahead plus pending output. */
function* tell(libc: LibcProcess, fp: number): StreamIo {
  const streams = libc.streams;
  const fd = streams.fileno(fp);
  const flags = streams.flags(fp);
  const pendingOutput =
    flags & FileFlag.CURRENTLY_PUTTING ? streams.get(fp, FILE_WRITE_PTR) - streams.get(fp, FILE_WRITE_BASE) : 0;
  const appending = pendingOutput > 0 && flags & FileFlag.IS_APPENDING;
  let position = fd === -1 ? -Errno.EBADF : yield* streams.ioSeekIo(fp, 0, appending ? Seek.END : Seek.CUR);
  if (position < 0) {
    libc.errno = -position;
    return -1;
  }
  if (streams.get(fp, FILE_BUF_BASE) !== 0) {
    if (flags & FileFlag.CURRENTLY_PUTTING) {
      position += pendingOutput;
      // Output written over read-ahead data (a read-write stream) starts where reading stopped.
      position += streams.get(fp, FILE_WRITE_BASE) - streams.get(fp, FILE_READ_END);
    } else position -= streams.readAhead(fp);
  }
  if (position < 0) {
    libc.errno = Errno.EINVAL;
    return -1;
  }
  return position;
}

/** The stream's read pointers set to [base + delta, base + count) and its write area emptied. */
function setGetArea(libc: LibcProcess, fp: number, delta: number, count: number): void {
  const streams = libc.streams;
  const base = streams.get(fp, FILE_BUF_BASE);
  streams.set(fp, FILE_READ_BASE, base);
  streams.set(fp, FILE_READ_PTR, base + delta);
  streams.set(fp, FILE_READ_END, base + count);
  for (const field of [FILE_WRITE_BASE, FILE_WRITE_PTR, FILE_WRITE_END]) streams.set(fp, field, base);
}

/**
 * fseek as glibc 2.36 does it (_IO_seekoff_unlocked, then _IO_new_file_seekoff): pending output
 * is written; a relative or end target becomes absolute where the position is known (the cached
 * _offset; a regular file's size from fstat); a target inside the bytes read into the buffer
 * keeps the buffer (the descriptor re-set to where it ends); otherwise a readable stream seeks
 * to the block boundary below the target and reads a block, so the buffer is full again; a
 * write-only stream, an unknown position, or a block read that comes up short seek the
 * descriptor plainly ("dumb"). The result matters beyond speed for memory streams, whose reads
 * and seeks are the stream's own. 0 or -1.
 */
function* seek(libc: LibcProcess, fp: number, offset: number, whence: number): StreamIo {
  const streams = libc.streams;
  if (whence !== Seek.SET && whence !== Seek.CUR && whence !== Seek.END) {
    libc.errno = Errno.EINVAL;
    return -1;
  }
  let target = offset;
  let dir = whence;
  // A byte stream's pushback area goes first (in it, a relative target counts from the main area).
  if (libc.memory.view.getInt32(fp + FILE_MODE, true) < 0 && streams.get(fp, FILE_SAVE_BASE) !== 0) {
    if (dir === Seek.CUR && streams.flags(fp) & FileFlag.IN_BACKUP) target -= streams.readAhead(fp);
    streams.freeBackup(fp);
  }
  const mustBeExact =
    streams.get(fp, FILE_READ_BASE) === streams.get(fp, FILE_READ_END) &&
    streams.get(fp, FILE_WRITE_BASE) === streams.get(fp, FILE_WRITE_PTR);
  const wasWriting =
    streams.get(fp, FILE_WRITE_PTR) > streams.get(fp, FILE_WRITE_BASE) ||
    (streams.flags(fp) & FileFlag.CURRENTLY_PUTTING) !== 0;
  if (wasWriting) {
    if ((yield* streams.flush(fp)) === EOF) return -1;
    streams.setFlags(fp, streams.flags(fp) & ~FileFlag.CURRENTLY_PUTTING);
  }
  if (streams.get(fp, FILE_BUF_BASE) === 0) {
    streams.allocateBuffer(fp);
    setGetArea(libc, fp, 0, 0);
  }
  // _IO_cookie_seekoff: a cookie stream's position is always asked of its seek function.
  if (streams.hasGuestBackend(fp)) streams.setKnownOffset(fp, -1);
  const known = streams.knownOffset(fp);
  let plain = false;
  if (dir === Seek.CUR) {
    target -= streams.get(fp, FILE_READ_END) - streams.get(fp, FILE_READ_PTR);
    if (known < 0) plain = true;
    else {
      target += known;
      if (target < 0) {
        libc.errno = Errno.EINVAL;
        return -1;
      }
      dir = Seek.SET;
    }
  } else if (dir === Seek.END) {
    const size = regularFileSize(libc, fp);
    if (size === undefined) plain = true;
    else {
      target += size;
      dir = Seek.SET;
    }
  }
  if (!plain) {
    const bufBase = streams.get(fp, FILE_BUF_BASE);
    // Inside the buffer: only the read pointer moves; the descriptor is re-set to the buffer's end.
    if (known >= 0 && streams.get(fp, FILE_READ_BASE) !== 0 && (streams.flags(fp) & FileFlag.IN_BACKUP) === 0) {
      const start = known - (streams.get(fp, FILE_READ_END) - bufBase);
      if (target >= start && target < known) {
        setGetArea(libc, fp, target - start, streams.get(fp, FILE_READ_END) - bufBase);
        streams.set(fp, FILE_READ_BASE, bufBase);
        streams.setFlags(fp, streams.flags(fp) & ~FileFlag.EOF_SEEN);
        yield* streams.ioSeekIo(fp, known, Seek.SET);
        return 0;
      }
    }
    if ((streams.flags(fp) & FileFlag.NO_READS) === 0) {
      const blockSize = streams.get(fp, FILE_BUF_END) - bufBase;
      // glibc masks with ~(size - 1): for a negative target too, the boundary at or below it.
      let blockStart = Math.floor(target / blockSize) * blockSize;
      let delta = target - blockStart;
      if (delta > blockSize) {
        blockStart = target;
        delta = 0;
      }
      const result = yield* streams.ioSeekIo(fp, blockStart, Seek.SET);
      if (result < 0) {
        libc.errno = -result;
        return -1;
      }
      let count = 0;
      if (delta !== 0) {
        count = yield* streams.readRawIo(fp, bufBase, mustBeExact ? delta : blockSize);
        if (count < delta) {
          // Could not read up to the target: seek the rest from here.
          target = count < 0 ? delta : delta - count;
          dir = Seek.CUR;
          plain = true;
        }
      }
      if (!plain) {
        setGetArea(libc, fp, delta, count);
        streams.setKnownOffset(fp, result + count);
        streams.setFlags(fp, streams.flags(fp) & ~FileFlag.EOF_SEEN);
        return 0;
      }
    }
  }
  const result = yield* streams.ioSeekIo(fp, target, dir);
  if (result < 0) {
    libc.errno = -result;
    return -1;
  }
  streams.setFlags(fp, streams.flags(fp) & ~FileFlag.EOF_SEEN);
  streams.setKnownOffset(fp, result);
  setGetArea(libc, fp, 0, 0);
  return 0;
}

/** A regular file's size by fstat (glibc's _IO_SYSSTAT for SEEK_END); undefined otherwise. */
function regularFileSize(libc: LibcProcess, fp: number): number | undefined {
  const fd = libc.streams.fileno(fp);
  if (fd < 0) return undefined;
  const stat = libc.scratch;
  if (libc.sys(Sys.fstat, fd, stat) < 0) return undefined;
  const view = libc.memory.view;
  if ((view.getUint32(stat + 24, true) & 0o170000) !== 0o100000) return undefined;
  return Number(view.getBigInt64(stat + 48, true));
}

/** _IO_default_setbuf + _IO_new_file_setbuf: installs [buffer, buffer+size) or the one-byte buffer. */
function setBuffer(libc: LibcProcess, fp: number, buffer: number, size: number): number {
  const streams = libc.streams;
  if (runNow(libc, streams.flush(fp)) === EOF) return EOF;
  const old = streams.get(fp, FILE_BUF_BASE);
  let flags = streams.flags(fp);
  if (old !== 0 && (flags & FileFlag.USER_BUF) === 0 && old !== fp + FILE_SHORTBUF) libc.heap.release(old);
  if (buffer === 0 || size === 0) {
    flags |= FileFlag.UNBUFFERED;
    streams.setBuffer(fp, fp + FILE_SHORTBUF, fp + FILE_SHORTBUF + 1);
  } else {
    flags &= ~FileFlag.UNBUFFERED;
    checkWrite(libc.memory, buffer, Math.min(size, 1));
    streams.setBuffer(fp, buffer, buffer + size);
  }
  streams.setFlags(fp, flags | FileFlag.USER_BUF);
  const base = streams.get(fp, FILE_BUF_BASE);
  for (const field of [FILE_READ_BASE, FILE_READ_PTR, FILE_READ_END, FILE_WRITE_BASE, FILE_WRITE_PTR, FILE_WRITE_END])
    streams.set(fp, field, base);
  return 0;
}

function setvbuf(libc: LibcProcess, fp: number, buffer: number, mode: number, size: number): number {
  const streams = libc.streams;
  const flags = streams.flags(fp);
  switch (mode) {
    case IOFBF:
      streams.setFlags(fp, flags & ~(FileFlag.LINE_BUF | FileFlag.UNBUFFERED));
      if (buffer === 0) {
        // Allocate now, so a terminal's default line buffering can't come back later.
        if (streams.get(fp, FILE_BUF_BASE) === 0) {
          streams.allocateBuffer(fp);
          streams.setFlags(fp, streams.flags(fp) & ~FileFlag.LINE_BUF);
        }
        return 0;
      }
      return setBuffer(libc, fp, buffer, size);
    case IOLBF:
      streams.setFlags(fp, (flags & ~FileFlag.UNBUFFERED) | FileFlag.LINE_BUF);
      if (buffer === 0) return 0;
      return setBuffer(libc, fp, buffer, size);
    case IONBF:
      streams.setFlags(fp, (flags & ~FileFlag.LINE_BUF) | FileFlag.UNBUFFERED);
      return setBuffer(libc, fp, 0, 0);
    default:
      return EOF;
  }
}

/** setbuffer (and setbuf with BUFSIZ): full buffering in the given buffer, or unbuffered. */
function setbuffer(libc: LibcProcess, fp: number, buffer: number, size: number): void {
  const streams = libc.streams;
  streams.setFlags(fp, streams.flags(fp) & ~FileFlag.LINE_BUF);
  setBuffer(libc, fp, buffer, buffer === 0 ? 0 : size);
}

/** rewind: fseek to the start, then the error and end-of-file flags cleared. */
function* rewind(libc: LibcProcess, fp: number): StreamIo {
  yield* seek(libc, fp, 0, Seek.SET);
  libc.streams.setFlags(fp, libc.streams.flags(fp) & ~(FileFlag.ERR_SEEN | FileFlag.EOF_SEEN));
  return 0;
}

/** fgetpos: the position as an fpos_t (offset, then an empty conversion state). */
function* fgetpos(libc: LibcProcess, fp: number, at: number): StreamIo {
  const position = yield* tell(libc, fp);
  if (position < 0) return -1;
  checkWrite(libc.memory, at, 16);
  libc.memory.view.setBigInt64(at, BigInt(position), true);
  libc.memory.view.setBigInt64(at + 8, 0n, true);
  return 0;
}

export const FILE_FUNCTIONS: FunctionTable = {
  fopen: (f, libc) => fopen(libc, f.ptr(0), f.ptr(1)),
  fopen64: (f, libc) => fopen(libc, f.ptr(0), f.ptr(1)),
  fdopen: (f, libc) => fdopen(libc, f.int(0), f.ptr(1)),
  tmpfile: (_f, libc) => tmpfile(libc),
  tmpfile64: (_f, libc) => tmpfile(libc),
  freopen: (f, libc) => freopen(libc, f.ptr(0), f.ptr(1), f.ptr(2)),
  freopen64: (f, libc) => freopen(libc, f.ptr(0), f.ptr(1), f.ptr(2)),
  fclose: (f, libc) => runIo(fclose(libc, f.ptr(0))),
  // Seeks and tells run as stream operations: a cookie stream's seek function is guest code.
  fseek: (f, libc) => runIo(seek(libc, f.ptr(0), f.long(1), f.int(2))),
  fseeko: (f, libc) => runIo(seek(libc, f.ptr(0), f.long(1), f.int(2))),
  fseeko64: (f, libc) => runIo(seek(libc, f.ptr(0), f.long(1), f.int(2))),
  ftell: (f, libc) => runIo(tell(libc, f.ptr(0))),
  ftello: (f, libc) => runIo(tell(libc, f.ptr(0))),
  ftello64: (f, libc) => runIo(tell(libc, f.ptr(0))),
  rewind: (f, libc) => runIo(rewind(libc, f.ptr(0))),
  fgetpos: (f, libc) => runIo(fgetpos(libc, f.ptr(0), f.ptr(1))),
  fsetpos: (f, libc) => runIo(seek(libc, f.ptr(0), loadPointer(libc.memory, f.ptr(1)), Seek.SET)),
  setvbuf: (f, libc) => setvbuf(libc, f.ptr(0), f.ptr(1), f.int(2), f.ulong(3)),
  setbuf: (f, libc) => {
    setbuffer(libc, f.ptr(0), f.ptr(1), BUFSIZ);
    return undefined;
  },
  setbuffer: (f, libc) => {
    setbuffer(libc, f.ptr(0), f.ptr(1), f.ulong(2));
    return undefined;
  },
  setlinebuf: (f, libc) => {
    setvbuf(libc, f.ptr(0), 0, IOLBF, 0);
    return undefined;
  },
};
