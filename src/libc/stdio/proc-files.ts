// The streams popen made (glibc's proc_file_chain): which FILE reads from or writes to which
// child. fclose and pclose of one of them (glibc's pclose is fclose) close its descriptor and
// wait for the child as glibc's _IO_new_proc_close does; popen's children close the
// descriptors of the others (../process/popen.ts).

import { Sys } from '../runtime/kernel-call.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { copyForChild, ProcessState } from '../runtime/process-states.ts';
import { type StreamIo, waitingCall } from './stream-io.ts';

const EINTR = 4;
const ENOMEM = 12;

/** A popen stream and its child. */
export interface ProcFile {
  fp: number;
  pid: number;
}

/** Per process: the popen streams, most recent first. */
const chains = new ProcessState<ProcFile[]>('stdio/proc-files chain', copyForChild, () => []);

export function procFiles(libc: LibcProcess): ProcFile[] {
  return chains.of(libc);
}

export function isProcFile(libc: LibcProcess, fp: number): boolean {
  return chains.get(libc)?.some((file) => file.fp === fp) ?? false;
}

/**
 * _IO_new_proc_close: the stream leaves the chain, its descriptor is closed, and the child is
 * waited for (again after EINTR): wait's status, or -1 and errno (ECHILD when the program
 * reaped it already).
 */
export function* closeProcFile(libc: LibcProcess, fp: number): StreamIo {
  const chain = procFiles(libc);
  const index = chain.findIndex((file) => file.fp === fp);
  if (index < 0) return -1;
  const { pid } = chain[index]!;
  chain.splice(index, 1);
  const closed = libc.sys(Sys.close, libc.streams.fileno(fp));
  if (closed < 0) {
    libc.errno = -closed;
    return -1;
  }
  const status = libc.heap.allocate(4);
  if (status === 0) {
    libc.errno = ENOMEM;
    return -1;
  }
  try {
    for (;;) {
      const result = yield* waitingCall(libc, Sys.wait4, pid, status, 0, 0);
      if (result === -EINTR) continue;
      if (result < 0) {
        libc.errno = -result;
        return -1;
      }
      return libc.memory.view.getInt32(status, true);
    }
  } finally {
    libc.heap.release(status);
  }
}
