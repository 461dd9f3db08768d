// <stdio_ext.h>: the questions programs ask about a stream's buffer and mode (gnulib's
// close-stdout asks __fpending; others __freading, __fsetlocking…), answered from the FILE's
// fields and _flags as glibc's narrow-stream code does.
import type { FunctionTable } from '../exports/binding-types.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import {
  FILE_BUF_BASE,
  FILE_BUF_END,
  FILE_READ_BASE,
  FILE_READ_END,
  FILE_READ_PTR,
  FILE_WRITE_BASE,
  FILE_WRITE_PTR,
  FileFlag,
} from '../stdio/file-layout.ts';

/** __fsetlocking's types. */
const FSETLOCKING_QUERY = 0;
const FSETLOCKING_INTERNAL = 1;
const FSETLOCKING_BYCALLER = 2;

function freading(libc: LibcProcess, fp: number): number {
  const flags = libc.streams.flags(fp);
  if (flags & FileFlag.NO_WRITES) return 1;
  return (flags & (FileFlag.CURRENTLY_PUTTING | FileFlag.NO_READS)) === 0 && libc.streams.get(fp, FILE_READ_BASE) !== 0
    ? 1
    : 0;
}

function fsetlocking(libc: LibcProcess, fp: number, type: number): number {
  const streams = libc.streams;
  const flags = streams.flags(fp);
  const result = flags & FileFlag.USER_LOCK ? FSETLOCKING_BYCALLER : FSETLOCKING_INTERNAL;
  if (type !== FSETLOCKING_QUERY) {
    streams.setFlags(fp, (flags & ~FileFlag.USER_LOCK) | (type === FSETLOCKING_BYCALLER ? FileFlag.USER_LOCK : 0));
  }
  return result;
}

/** __fpurge: drops unread input and unwritten output. */
function fpurge(libc: LibcProcess, fp: number): undefined {
  const streams = libc.streams;
  if (streams.flags(fp) & FileFlag.IN_BACKUP) streams.freeBackup(fp);
  streams.set(fp, FILE_READ_END, streams.get(fp, FILE_READ_PTR));
  streams.set(fp, FILE_WRITE_PTR, streams.get(fp, FILE_WRITE_BASE));
  return undefined;
}

export const STDIO_EXT_FUNCTIONS: FunctionTable = {
  __fpending: (f, libc) => libc.streams.get(f.ptr(0), FILE_WRITE_PTR) - libc.streams.get(f.ptr(0), FILE_WRITE_BASE),
  __fbufsize: (f, libc) => libc.streams.get(f.ptr(0), FILE_BUF_END) - libc.streams.get(f.ptr(0), FILE_BUF_BASE),
  __freading: (f, libc) => freading(libc, f.ptr(0)),
  // __fwriting and __flbf return the flag bits themselves (non-zero), not 1, as glibc's do.
  __fwriting: (f, libc) => libc.streams.flags(f.ptr(0)) & (FileFlag.NO_READS | FileFlag.CURRENTLY_PUTTING),
  __freadable: (f, libc) => (libc.streams.flags(f.ptr(0)) & FileFlag.NO_READS ? 0 : 1),
  __fwritable: (f, libc) => (libc.streams.flags(f.ptr(0)) & FileFlag.NO_WRITES ? 0 : 1),
  __flbf: (f, libc) => libc.streams.flags(f.ptr(0)) & FileFlag.LINE_BUF,
  __fsetlocking: (f, libc) => fsetlocking(libc, f.ptr(0), f.int(1)),
  __fpurge: (f, libc) => fpurge(libc, f.ptr(0)),
};
