// posix_spawn, posix_spawnp and their file-action and attribute objects, as glibc 2.36.
//
// The child comes from Miros libc's fork (./fork.ts) with its own first steps (glibc's
// __spawni_child): signals of the SETSIGDEF set to their default action, then setsid,
// setpgid, the scheduling attributes, the reset ids, the file actions in order, the signal mask,
// and the exec (posix_spawnp searches PATH as execvp does, without running a script through
// /bin/sh). The parent waits, as glibc's CLONE_VFORK parent does, until the child has exec'd or
// ended: when a step failed, the child ends with status 127, the parent reaps it and returns the
// step's errno, as glibc does; else it stores the pid and returns 0.
//
// posix_spawnattr_t has glibc's public layout. posix_spawn_file_actions_t's __allocated, __used
// and __actions are glibc's too; the actions array is Miros's own encoding (programs never read
// it): ACTION_SIZE bytes each, the tag, three integers, and a path copied into the heap.

import { AT_FDCWD } from '../../kernel/abi/flags.ts';
import { Errno } from '../../kernel/errno.ts';
import type { CallFrame } from '../abi/call-frame.ts';
import type { HostGenerator } from '../abi/host-region.ts';
import type { FunctionTable } from '../exports/binding-types.ts';
import { cStringLength, loadPointer, storePointer } from '../runtime/guest-access.ts';
import { kernelCall, Sys } from '../runtime/kernel-call.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { execvpe } from './exec-functions.ts';
import { forkProcess } from './fork.ts';

// posix_spawnattr_t fields.
const ATTR_FLAGS = 0;
const ATTR_PGROUP = 4;
const ATTR_SIGDEFAULT = 8;
const ATTR_SIGMASK = 136;
const ATTR_SCHEDPARAM = 264;
const ATTR_POLICY = 268;
const ATTR_SIZE = 336;
const SIGSET_SIZE = 128;

// posix_spawn_file_actions_t fields.
const ACTIONS_ALLOCATED = 0;
const ACTIONS_USED = 4;
const ACTIONS_ARRAY = 8;
const ACTIONS_SIZE = 80;
const ACTION_SIZE = 24;

const enum Flag {
  ResetIds = 0x01,
  SetPgroup = 0x02,
  SetSigDefault = 0x04,
  SetSigMask = 0x08,
  SetSchedParam = 0x10,
  SetScheduler = 0x20,
  UseVfork = 0x40,
  SetSid = 0x80,
}
const ALL_FLAGS = 0xff;

const enum Action {
  Close = 0,
  Dup2 = 1,
  Open = 2,
  Chdir = 3,
  Fchdir = 4,
  CloseFrom = 5,
  Tcsetpgrp = 6,
}

const SCHED_OTHER = 0;
const SCHED_FIFO = 1;
const SCHED_RR = 2;
const NSIG = 64;
const SIG_SETMASK = 2;
const KERNEL_SIGSET_SIZE = 8;
const KERNEL_SIGACTION_SIZE = 32;
const RLIMIT_NOFILE = 7;
const F_GETFD = 1;
const F_SETFD = 2;
const FD_CLOEXEC = 1;
const TIOCSPGRP = 0x5410;
const O_LARGEFILE = 0o100000;
const EXIT_FAILED_STEP = 127;
const setpgid = 109;
const getpgrp = 111;
const setsid = 112;
const setresuid = 117;
const setresgid = 119;

/** glibc's __spawn_valid_fd: 0 <= fd < the descriptor limit (getdtablesize). */
function validFd(libc: LibcProcess, fd: number): boolean {
  if (fd < 0) return false;
  const limit = libc.scratch;
  if (libc.sys(Sys.getrlimit, RLIMIT_NOFILE, limit) < 0) return true;
  const soft = libc.memory.view.getBigUint64(limit, true);
  return BigInt(fd) < soft;
}

/** Appends an action; returns 0 or ENOMEM. */
function addAction(libc: LibcProcess, actions: number, tag: Action, a: number, b = 0, c = 0, path = 0): number {
  const memory = libc.memory;
  const view = memory.view;
  const used = view.getInt32(actions + ACTIONS_USED, true);
  const allocated = view.getInt32(actions + ACTIONS_ALLOCATED, true);
  let array = loadPointer(memory, actions + ACTIONS_ARRAY);
  if (used >= allocated) {
    const capacity = allocated + 8;
    const grown = libc.heap.allocate(capacity * ACTION_SIZE);
    if (grown === 0) return Errno.ENOMEM;
    if (array !== 0) {
      memory.bytes.copyWithin(grown, array, array + used * ACTION_SIZE);
      libc.heap.release(array);
    }
    array = grown;
    storePointer(memory, actions + ACTIONS_ARRAY, array);
    view.setInt32(actions + ACTIONS_ALLOCATED, capacity, true);
  }
  const at = array + used * ACTION_SIZE;
  view.setInt32(at, tag, true);
  view.setInt32(at + 4, a, true);
  view.setInt32(at + 8, b, true);
  view.setInt32(at + 12, c, true);
  storePointer(memory, at + 16, path);
  view.setInt32(actions + ACTIONS_USED, used + 1, true);
  return 0;
}

/** A heap copy of the C string at `path`, or 0 when the heap is exhausted. */
function copyPath(libc: LibcProcess, path: number): number {
  const length = cStringLength(libc.memory, path);
  const copy = libc.heap.allocate(length + 1);
  if (copy !== 0) libc.memory.bytes.copyWithin(copy, path, path + length + 1);
  return copy;
}

function addWithPath(libc: LibcProcess, actions: number, tag: Action, path: number, a = 0, b = 0, c = 0): number {
  const copy = copyPath(libc, path);
  if (copy === 0) return Errno.ENOMEM;
  const result = addAction(libc, actions, tag, a, b, c, copy);
  if (result !== 0) libc.heap.release(copy);
  return result;
}

function destroyActions(libc: LibcProcess, actions: number): number {
  const memory = libc.memory;
  const used = memory.view.getInt32(actions + ACTIONS_USED, true);
  const array = loadPointer(memory, actions + ACTIONS_ARRAY);
  for (let i = 0; i < used; i++) {
    const path = loadPointer(memory, array + i * ACTION_SIZE + 16);
    if (path !== 0) libc.heap.release(path);
  }
  if (array !== 0) libc.heap.release(array);
  return 0;
}

/** What the child tells its parent: the errno of the step that failed (0: it exec'd). */
interface Outcome {
  error: number;
}

function* spawn(f: CallFrame, libc: LibcProcess, searchPath: boolean): HostGenerator {
  const pidOut = f.ptr(0);
  const path = f.ptr(1);
  const actions = f.ptr(2);
  const attributes = f.ptr(3);
  const argv = f.ptr(4);
  const envp = f.ptr(5);
  const outcome: Outcome = { error: 0 };
  const pid = yield* forkProcess(libc, {
    runHandlers: false,
    waitForChild: true,
    child: (child) => spawnChild(child, outcome, { path, actions, attributes, argv, envp, searchPath }),
  });
  if (pid === undefined || pid < 0) return libc.errno;
  if (outcome.error !== 0) {
    kernelCall(libc.thread, Sys.wait4, pid, 0, 0, 0);
    return outcome.error;
  }
  if (pidOut !== 0) libc.memory.view.setInt32(pidOut, pid, true);
  return 0;
}

interface SpawnRequest {
  path: number;
  actions: number;
  attributes: number;
  argv: number;
  envp: number;
  searchPath: boolean;
}

/** The child's steps (glibc's __spawni_child); a failed one ends it with 127 and its errno told. */
// biome-ignore lint/correctness/useYield: a generator for the fork bridge, which runs it as the child's first host call
function* spawnChild(child: LibcProcess, outcome: Outcome, request: SpawnRequest): HostGenerator {
  const error = prepareChild(child, request);
  if (error === 0) {
    if (request.searchPath) execvpe(child, request.path, request.argv, request.envp, false);
    else child.sysResult(child.sys(Sys.execve, request.path, request.argv, request.envp));
  }
  outcome.error = error !== 0 ? error : child.errno;
  child.sys(Sys.exit_group, EXIT_FAILED_STEP);
  throw new Error('exit_group returned');
}

/** The attribute and file-action steps; 0, or the errno of the one that failed. */
function prepareChild(child: LibcProcess, request: SpawnRequest): number {
  const memory = child.memory;
  const view = memory.view;
  const check = (result: number): number => (result < 0 && result > -4096 ? -result : 0);
  const attributes = request.attributes;
  const flags = attributes === 0 ? 0 : view.getInt16(attributes + ATTR_FLAGS, true);
  const scratch = child.scratch;
  if ((flags & Flag.SetSigDefault) !== 0) {
    memory.bytes.fill(0, scratch, scratch + KERNEL_SIGACTION_SIZE);
    for (let signal = 1; signal <= NSIG; signal++) {
      const bit = signal - 1;
      if ((memory.bytes[attributes + ATTR_SIGDEFAULT + (bit >> 3)]! & (1 << (bit & 7))) === 0) continue;
      child.sys(Sys.rt_sigaction, signal, scratch, 0, KERNEL_SIGSET_SIZE);
    }
  }
  let error = 0;
  if ((flags & Flag.SetSid) !== 0) {
    error = check(child.sys(setsid));
    if (error !== 0) return error;
  }
  if ((flags & Flag.SetPgroup) !== 0) {
    error = check(child.sys(setpgid, 0, view.getInt32(attributes + ATTR_PGROUP, true)));
    if (error !== 0) return error;
  }
  if ((flags & Flag.SetScheduler) !== 0) {
    const policy = view.getInt32(attributes + ATTR_POLICY, true);
    error = check(child.sys(Sys.sched_setscheduler, 0, policy, attributes + ATTR_SCHEDPARAM));
    if (error !== 0) return error;
  } else if ((flags & Flag.SetSchedParam) !== 0) {
    error = check(child.sys(Sys.sched_setparam, 0, attributes + ATTR_SCHEDPARAM));
    if (error !== 0) return error;
  }
  if ((flags & Flag.ResetIds) !== 0) {
    error = check(child.sys(setresuid, -1, child.sys(Sys.getuid), -1));
    if (error === 0) error = check(child.sys(setresgid, -1, child.sys(Sys.getgid), -1));
    if (error !== 0) return error;
  }
  if (request.actions !== 0) {
    error = runFileActions(child, request.actions);
    if (error !== 0) return error;
  }
  if ((flags & Flag.SetSigMask) !== 0)
    child.sys(Sys.rt_sigprocmask, SIG_SETMASK, attributes + ATTR_SIGMASK, 0, KERNEL_SIGSET_SIZE);
  return 0;
}

function runFileActions(child: LibcProcess, actions: number): number {
  const memory = child.memory;
  const view = memory.view;
  const check = (result: number): number => (result < 0 && result > -4096 ? -result : 0);
  const used = view.getInt32(actions + ACTIONS_USED, true);
  const array = loadPointer(memory, actions + ACTIONS_ARRAY);
  for (let i = 0; i < used; i++) {
    const at = array + i * ACTION_SIZE;
    const a = view.getInt32(at + 4, true);
    const b = view.getInt32(at + 8, true);
    const c = view.getInt32(at + 12, true);
    const path = loadPointer(memory, at + 16);
    let error = 0;
    switch (view.getInt32(at, true) as Action) {
      case Action.Close:
        // Only descriptors out of range are errors (glibc: closing one not open is fine).
        if (child.sys(Sys.close, a) < 0 && !validFd(child, a)) error = Errno.EBADF;
        break;
      case Action.Dup2:
        if (a === b) {
          const fdFlags = child.sys(Sys.fcntl, a, F_GETFD);
          error = check(fdFlags);
          if (error === 0) error = check(child.sys(Sys.fcntl, a, F_SETFD, fdFlags & ~FD_CLOEXEC));
        } else error = check(child.sys(Sys.dup2, a, b));
        break;
      case Action.Open: {
        const fd = child.sys(Sys.openat, AT_FDCWD, path, b | O_LARGEFILE, c);
        error = check(fd);
        if (error === 0 && fd !== a) {
          error = check(child.sys(Sys.dup2, fd, a));
          if (error === 0) error = check(child.sys(Sys.close, fd));
        }
        break;
      }
      case Action.Chdir:
        error = check(child.sys(Sys.chdir, path));
        break;
      case Action.Fchdir:
        error = check(child.sys(Sys.fchdir, a));
        break;
      case Action.CloseFrom:
        error = check(child.sys(Sys.close_range, a, 0xffffffff, 0));
        break;
      case Action.Tcsetpgrp: {
        const group = child.sys(getpgrp);
        view.setInt32(child.scratch, group, true);
        error = check(child.sys(Sys.ioctl, a, TIOCSPGRP, child.scratch));
        break;
      }
    }
    if (error !== 0) return error;
  }
  return 0;
}

function copySet(libc: LibcProcess, from: number, to: number): number {
  libc.memory.bytes.copyWithin(to, from, from + SIGSET_SIZE);
  return 0;
}

export const SPAWN_FUNCTIONS: FunctionTable = {
  posix_spawn: (f, libc) => spawn(f, libc, false),
  posix_spawnp: (f, libc) => spawn(f, libc, true),

  posix_spawn_file_actions_init: (f, libc) => {
    const actions = f.ptr(0);
    libc.memory.bytes.fill(0, actions, actions + ACTIONS_SIZE);
    return 0;
  },
  posix_spawn_file_actions_destroy: (f, libc) => destroyActions(libc, f.ptr(0)),
  posix_spawn_file_actions_addclose: (f, libc) =>
    validFd(libc, f.int(1)) ? addAction(libc, f.ptr(0), Action.Close, f.int(1)) : Errno.EBADF,
  posix_spawn_file_actions_adddup2: (f, libc) =>
    validFd(libc, f.int(1)) && validFd(libc, f.int(2))
      ? addAction(libc, f.ptr(0), Action.Dup2, f.int(1), f.int(2))
      : Errno.EBADF,
  posix_spawn_file_actions_addopen: (f, libc) =>
    validFd(libc, f.int(1))
      ? addWithPath(libc, f.ptr(0), Action.Open, f.ptr(2), f.int(1), f.int(3), f.uint(4))
      : Errno.EBADF,
  posix_spawn_file_actions_addchdir_np: (f, libc) => addWithPath(libc, f.ptr(0), Action.Chdir, f.ptr(1)),
  posix_spawn_file_actions_addfchdir_np: (f, libc) =>
    validFd(libc, f.int(1)) ? addAction(libc, f.ptr(0), Action.Fchdir, f.int(1)) : Errno.EBADF,
  posix_spawn_file_actions_addclosefrom_np: (f, libc) =>
    validFd(libc, f.int(1)) ? addAction(libc, f.ptr(0), Action.CloseFrom, f.int(1)) : Errno.EBADF,
  posix_spawn_file_actions_addtcsetpgrp_np: (f, libc) =>
    validFd(libc, f.int(1)) ? addAction(libc, f.ptr(0), Action.Tcsetpgrp, f.int(1)) : Errno.EBADF,

  posix_spawnattr_init: (f, libc) => {
    const attributes = f.ptr(0);
    libc.memory.bytes.fill(0, attributes, attributes + ATTR_SIZE);
    return 0;
  },
  posix_spawnattr_destroy: () => 0,
  posix_spawnattr_getflags: (f, libc) => {
    libc.memory.view.setInt16(f.ptr(1), libc.memory.view.getInt16(f.ptr(0) + ATTR_FLAGS, true), true);
    return 0;
  },
  posix_spawnattr_setflags: (f, libc) => {
    const flags = f.int(1) & 0xffff;
    if ((flags & ~ALL_FLAGS) !== 0) return Errno.EINVAL;
    libc.memory.view.setInt16(f.ptr(0) + ATTR_FLAGS, flags, true);
    return 0;
  },
  posix_spawnattr_getpgroup: (f, libc) => {
    libc.memory.view.setInt32(f.ptr(1), libc.memory.view.getInt32(f.ptr(0) + ATTR_PGROUP, true), true);
    return 0;
  },
  posix_spawnattr_setpgroup: (f, libc) => {
    libc.memory.view.setInt32(f.ptr(0) + ATTR_PGROUP, f.int(1), true);
    return 0;
  },
  posix_spawnattr_getsigdefault: (f, libc) => copySet(libc, f.ptr(0) + ATTR_SIGDEFAULT, f.ptr(1)),
  posix_spawnattr_setsigdefault: (f, libc) => copySet(libc, f.ptr(1), f.ptr(0) + ATTR_SIGDEFAULT),
  posix_spawnattr_getsigmask: (f, libc) => copySet(libc, f.ptr(0) + ATTR_SIGMASK, f.ptr(1)),
  posix_spawnattr_setsigmask: (f, libc) => copySet(libc, f.ptr(1), f.ptr(0) + ATTR_SIGMASK),
  posix_spawnattr_getschedparam: (f, libc) => {
    libc.memory.view.setInt32(f.ptr(1), libc.memory.view.getInt32(f.ptr(0) + ATTR_SCHEDPARAM, true), true);
    return 0;
  },
  posix_spawnattr_setschedparam: (f, libc) => {
    libc.memory.view.setInt32(f.ptr(0) + ATTR_SCHEDPARAM, libc.memory.view.getInt32(f.ptr(1), true), true);
    return 0;
  },
  posix_spawnattr_getschedpolicy: (f, libc) => {
    libc.memory.view.setInt32(f.ptr(1), libc.memory.view.getInt32(f.ptr(0) + ATTR_POLICY, true), true);
    return 0;
  },
  posix_spawnattr_setschedpolicy: (f, libc) => {
    const policy = f.int(1);
    if (policy !== SCHED_OTHER && policy !== SCHED_FIFO && policy !== SCHED_RR) return Errno.EINVAL;
    libc.memory.view.setInt32(f.ptr(0) + ATTR_POLICY, policy, true);
    return 0;
  },
};
