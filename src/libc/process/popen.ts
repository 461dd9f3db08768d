// popen and pclose as glibc 2.36 (libio/iopopen.c). popen parses its mode (one of r and w, and
// e for close-on-exec; anything else, or both or neither of r and w, is EINVAL), makes a pipe
// with O_CLOEXEC, and starts "/bin/sh -c COMMAND" with the caller's environ the way glibc's
// posix_spawn does (Miros libc's fork, ./fork.ts, no atfork handlers, the parent waiting until
// the child has exec'd): in the child the pipe's end goes onto its stdout ("r") or stdin ("w")
// by dup2, and the descriptors of the streams of earlier popen calls still open are closed, as
// POSIX requires. The parent closes the child's end, clears close-on-exec on its own end unless
// the mode had e, and gets a FILE on it (reads or writes only), first in the chain of popen
// streams (../stdio/proc-files.ts). pclose is fclose: the stream is flushed, its descriptor
// closed and the child waited for; the result is wait's status.

import { Fcntl, OpenFlag } from '../../kernel/abi/flags.ts';
import { Errno } from '../../kernel/errno.ts';
import type { HostGenerator } from '../abi/host-region.ts';
import { environArray } from '../environment/environment.ts';
import type { FunctionTable } from '../exports/binding-types.ts';
import { checkRead, cStringLength, storePointer } from '../runtime/guest-access.ts';
import { Sys } from '../runtime/kernel-call.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { fclose, newFile } from '../stdio/file-functions.ts';
import { FILE_FILENO, FileFlag } from '../stdio/file-layout.ts';
import { procFiles } from '../stdio/proc-files.ts';
import { runIo } from '../stdio/stream-io.ts';
import { forkProcess } from './fork.ts';

const ENOMEM = 12;
const EXIT_FAILED_STEP = 127;
const SHELL_PATH = '/bin/sh';

/** What the child does: its pipe end onto `target`, the other popen streams' descriptors closed, then the shell. */
interface ChildPlan {
  childEnd: number;
  target: number;
  closeFds: number[];
  path: number;
  argv: number;
  environ: number;
}

/** The child's outcome as posix_spawn reports it: the errno of the step that failed (0: it exec'd). */
interface Outcome {
  error: number;
}

/** glibc's mode parse: the direction (NO_WRITES for "r", NO_READS for "w") and e; undefined for EINVAL. */
function parseMode(libc: LibcProcess, mode: number): { readWrite: number; closeOnExec: boolean } | undefined {
  const length = cStringLength(libc.memory, mode);
  checkRead(libc.memory, mode, length + 1);
  let read = false;
  let write = false;
  let closeOnExec = false;
  for (const c of libc.memory.bytes.subarray(mode, mode + length)) {
    if (c === 0x72) read = true;
    else if (c === 0x77) write = true;
    else if (c === 0x65) closeOnExec = true;
    else return undefined;
  }
  if (read === write) return undefined;
  return { readWrite: read ? FileFlag.NO_WRITES : FileFlag.NO_READS, closeOnExec };
}

function* popen(libc: LibcProcess, command: number, modeAddress: number): HostGenerator {
  const mode = parseMode(libc, modeAddress);
  if (mode === undefined) {
    libc.errno = Errno.EINVAL;
    return 0;
  }
  const reading = mode.readWrite === FileFlag.NO_WRITES;
  const fp = newFile(libc, -1, mode.readWrite);
  if (fp === 0) return 0;
  const pipe = libc.scratch;
  const made = libc.sys(Sys.pipe2, pipe, OpenFlag.CLOEXEC);
  if (made < 0) {
    libc.errno = -made;
    return discard(libc, fp);
  }
  const readEnd = libc.memory.view.getInt32(pipe, true);
  const writeEnd = libc.memory.view.getInt32(pipe + 4, true);
  const parentEnd = reading ? readEnd : writeEnd;
  let childEnd = reading ? writeEnd : readEnd;
  const target = reading ? 1 : 0;
  if (childEnd === target) {
    // Already the descriptor the child will use: moved, so the child's dup2 clears close-on-exec.
    const moved = libc.sys(Sys.fcntl, childEnd, Fcntl.DUPFD_CLOEXEC, 0);
    if (moved < 0) return spawnFailed(libc, fp, parentEnd, childEnd);
    libc.sys(Sys.close, childEnd);
    childEnd = moved;
  }
  const closeFds = procFiles(libc)
    .map((file) => libc.streams.fileno(file.fp))
    .filter((fd) => fd !== target);
  const length = cStringLength(libc.memory, command);
  const strings = libc.heap.allocate(SHELL_PATH.length + 1 + 3 + 3 + length + 1 + 32);
  if (strings === 0) return spawnFailed(libc, fp, parentEnd, childEnd);
  const bytes = libc.memory.bytes;
  bytes.set(Buffer.from(`${SHELL_PATH}\0sh\0-c\0`, 'latin1'), strings);
  const commandCopy = strings + SHELL_PATH.length + 1 + 6;
  bytes.copyWithin(commandCopy, command, command + length);
  bytes[commandCopy + length] = 0;
  const argv = Math.ceil((commandCopy + length + 1) / 8) * 8;
  const sh = strings + SHELL_PATH.length + 1;
  storePointer(libc.memory, argv, sh);
  storePointer(libc.memory, argv + 8, sh + 3);
  storePointer(libc.memory, argv + 16, commandCopy);
  storePointer(libc.memory, argv + 24, 0);
  const plan: ChildPlan = { childEnd, target, closeFds, path: strings, argv, environ: environArray(libc) };
  const outcome: Outcome = { error: 0 };
  let pid: number | undefined;
  try {
    pid = yield* forkProcess(libc, {
      runHandlers: false,
      waitForChild: true,
      child: (child) => popenChild(child, plan, outcome),
    });
  } finally {
    libc.heap.release(strings);
  }
  if (pid === undefined || pid < 0) return spawnFailed(libc, fp, parentEnd, childEnd);
  if (outcome.error !== 0) {
    libc.sys(Sys.wait4, pid, 0, 0, 0);
    return spawnFailed(libc, fp, parentEnd, childEnd);
  }
  libc.sys(Sys.close, childEnd);
  if (!mode.closeOnExec) libc.sys(Sys.fcntl, parentEnd, Fcntl.SETFD, 0);
  libc.memory.view.setInt32(fp + FILE_FILENO, parentEnd, true);
  procFiles(libc).unshift({ fp, pid });
  return fp;
}

/** glibc's spawn_failure: both pipe ends closed, the FILE given back, ENOMEM. */
function spawnFailed(libc: LibcProcess, fp: number, parentEnd: number, childEnd: number): number {
  libc.sys(Sys.close, childEnd);
  libc.sys(Sys.close, parentEnd);
  libc.errno = ENOMEM;
  return discard(libc, fp);
}

/** A FILE popen could not use: unlinked and freed; NULL. */
function discard(libc: LibcProcess, fp: number): number {
  libc.streams.unlink(fp);
  libc.heap.release(fp);
  return 0;
}

/** The child's steps (posix_spawn's file actions, then the exec); a failed one ends it with 127. */
// biome-ignore lint/correctness/useYield: a generator for the fork bridge, which runs it as the child's first host call
function* popenChild(child: LibcProcess, plan: ChildPlan, outcome: Outcome): HostGenerator {
  let result = child.sys(Sys.dup2, plan.childEnd, plan.target);
  for (const fd of plan.closeFds) if (result >= 0) result = child.sys(Sys.close, fd);
  if (result >= 0) result = child.sys(Sys.execve, plan.path, plan.argv, plan.environ);
  outcome.error = -result;
  child.sys(Sys.exit_group, EXIT_FAILED_STEP);
  throw new Error('exit_group returned');
}

export const POPEN_FUNCTIONS: FunctionTable = {
  popen: (f, libc) => popen(libc, f.ptr(0), f.ptr(1)),
  _IO_popen: (f, libc) => popen(libc, f.ptr(0), f.ptr(1)),
  pclose: (f, libc) => runIo(fclose(libc, f.ptr(0))),
};
