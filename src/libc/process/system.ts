// system(3) as glibc 2.36's do_system: SIGINT and SIGQUIT ignored and SIGCHLD blocked in the
// caller while the command runs; the child ("sh -c COMMAND" from /bin/sh, the caller's environ)
// gets back the caller's mask and the default action of whichever of SIGINT/SIGQUIT was not
// ignored before (posix_spawn's SETSIGMASK and SETSIGDEF in glibc); no pthread_atfork handler runs.
// A child that cannot exec ends with status 127; the result is wait's status, -1 and errno when
// no child could be made. system(NULL) runs "exit 0" and says whether that worked, as glibc does.
//
// The child comes from fork (./fork.ts) with its own first steps instead of fork's return.
import { guestCall, type HostGenerator } from '../abi/host-region.ts';
import { environArray } from '../environment/environment.ts';
import type { FunctionTable } from '../exports/binding-types.ts';
import { storePointer } from '../runtime/guest-access.ts';
import { Sys } from '../runtime/kernel-call.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { guestCode } from '../signal/guest-code.ts';
import { forkProcess } from './fork.ts';
import { POPEN_FUNCTIONS } from './popen.ts';

const SHELL_PATH = '/bin/sh';
const SIGINT = 2;
const SIGQUIT = 3;
const SIGCHLD = 17;
const SIG_DFL = 0;
const SIG_IGN = 1;
const SIG_BLOCK = 0;
const SIG_SETMASK = 2;
const EINTR = 4;
const KERNEL_SIGSET_SIZE = 8;
/** struct kernel_sigaction: handler, flags, restorer, mask. */
const KERNEL_SIGACTION_SIZE = 32;
const EXIT_CANNOT_EXEC = 127;

/** The guest memory one call of system uses (in the heap, released when it returns). */
interface SystemBlock {
  base: number;
  ignore: number;
  defaults: number;
  oldInterrupt: number;
  oldQuit: number;
  childMask: number;
  oldMask: number;
  status: number;
  path: number;
  argv: number;
}

function layout(libc: LibcProcess, command: string): SystemBlock | undefined {
  const strings = Buffer.from(`${SHELL_PATH}\0sh\0-c\0${command}\0`, 'latin1');
  const fixed = 4 * KERNEL_SIGACTION_SIZE + 3 * 8 + 4 * 8;
  const base = libc.heap.allocate(fixed + strings.length);
  if (base === 0) return undefined;
  const memory = libc.memory;
  memory.bytes.fill(0, base, base + fixed);
  const block: SystemBlock = {
    base,
    ignore: base,
    defaults: base + KERNEL_SIGACTION_SIZE,
    oldInterrupt: base + 2 * KERNEL_SIGACTION_SIZE,
    oldQuit: base + 3 * KERNEL_SIGACTION_SIZE,
    childMask: base + 4 * KERNEL_SIGACTION_SIZE,
    oldMask: base + 4 * KERNEL_SIGACTION_SIZE + 8,
    status: base + 4 * KERNEL_SIGACTION_SIZE + 16,
    argv: base + 4 * KERNEL_SIGACTION_SIZE + 24,
    path: base + fixed,
  };
  memory.bytes.set(strings, block.path);
  storePointer(memory, block.ignore, SIG_IGN);
  storePointer(memory, block.defaults, SIG_DFL);
  storePointer(memory, block.childMask, 2 ** (SIGCHLD - 1));
  const sh = block.path + SHELL_PATH.length + 1;
  storePointer(memory, block.argv, sh);
  storePointer(memory, block.argv + 8, sh + 3);
  storePointer(memory, block.argv + 16, sh + 6);
  storePointer(memory, block.argv + 24, 0);
  return block;
}

function* system(libc: LibcProcess, commandAddress: number): HostGenerator {
  if (commandAddress === 0) {
    const status = yield* runShell(libc, 'exit 0');
    return status === 0 ? 1 : 0;
  }
  return yield* runShell(libc, Buffer.from(cStringBytes(libc, commandAddress)).toString('latin1'));
}

function cStringBytes(libc: LibcProcess, address: number): Uint8Array {
  const bytes = libc.memory.bytes;
  const end = bytes.indexOf(0, address);
  return bytes.subarray(address, end);
}

function* runShell(libc: LibcProcess, command: string): HostGenerator {
  const block = layout(libc, command);
  if (block === undefined) {
    libc.errno = 12; // ENOMEM
    return -1;
  }
  try {
    libc.sys(Sys.rt_sigaction, SIGINT, block.ignore, block.oldInterrupt, KERNEL_SIGSET_SIZE);
    libc.sys(Sys.rt_sigaction, SIGQUIT, block.ignore, block.oldQuit, KERNEL_SIGSET_SIZE);
    libc.sys(Sys.rt_sigprocmask, SIG_BLOCK, block.childMask, block.oldMask, KERNEL_SIGSET_SIZE);
    const resetInterrupt = libc.memory.read32(block.oldInterrupt) !== SIG_IGN;
    const resetQuit = libc.memory.read32(block.oldQuit) !== SIG_IGN;
    const environ = environArray(libc);
    const pid = yield* forkProcess(libc, {
      runHandlers: false,
      waitForChild: false,
      child: (child) => shellChild(child, block, resetInterrupt, resetQuit, environ),
    });
    let status = -1;
    if (pid !== undefined && pid > 0) {
      const wait = guestCode(libc).syscallFunction;
      for (;;) {
        const result = yield guestCall(wait, [Sys.wait4, pid, block.status, 0, 0], 'system');
        if (result === -EINTR) continue;
        if (result < 0) libc.errno = -result;
        else status = libc.memory.view.getInt32(block.status, true);
        break;
      }
    }
    const errno = libc.errno;
    libc.sys(Sys.rt_sigaction, SIGINT, block.oldInterrupt, 0, KERNEL_SIGSET_SIZE);
    libc.sys(Sys.rt_sigaction, SIGQUIT, block.oldQuit, 0, KERNEL_SIGSET_SIZE);
    libc.sys(Sys.rt_sigprocmask, SIG_SETMASK, block.oldMask, 0, KERNEL_SIGSET_SIZE);
    libc.errno = errno;
    return status;
  } finally {
    libc.heap.release(block.base);
  }
}

/** The child's steps: the caller's signal state back, then the shell; 127 if it cannot run. */
// biome-ignore lint/correctness/useYield: a generator for the fork bridge, which runs it as the child's first host call
function* shellChild(
  child: LibcProcess,
  block: SystemBlock,
  resetInterrupt: boolean,
  resetQuit: boolean,
  environ: number,
): HostGenerator {
  if (resetInterrupt) child.sys(Sys.rt_sigaction, SIGINT, block.defaults, 0, KERNEL_SIGSET_SIZE);
  if (resetQuit) child.sys(Sys.rt_sigaction, SIGQUIT, block.defaults, 0, KERNEL_SIGSET_SIZE);
  child.sys(Sys.rt_sigprocmask, SIG_SETMASK, block.oldMask, 0, KERNEL_SIGSET_SIZE);
  child.sys(Sys.execve, block.path, block.argv, environ);
  child.sys(Sys.exit_group, EXIT_CANNOT_EXEC);
  throw new Error('exit_group returned');
}

/** The functions that run a command through /bin/sh -c: system, and popen/pclose (./popen.ts). */
export const SYSTEM_SHELL_FUNCTIONS: FunctionTable = {
  system: (f, libc) => system(libc, f.ptr(0)),
  __libc_system: (f, libc) => system(libc, f.ptr(0)),
  ...POPEN_FUNCTIONS,
};
