// The exec family as glibc 2.36 builds it on execve: execv and execl* take the caller's environ;
// execl, execle and execlp gather their variable arguments into an argv array; execvp, execvpe
// and execlp search PATH (CS_PATH "/bin:/usr/bin" when unset; an empty entry is the current
// directory) when the name has no slash, go on after ENOENT, ENOTDIR, ESTALE, ENODEV, ETIMEDOUT
// and EACCES (reported if nothing else worked), and run a file the kernel calls ENOEXEC as a
// /bin/sh script; fexecve is execveat(fd, "", AT_EMPTY_PATH). On success none of them returns.
import { Errno } from '../../kernel/errno.ts';
import type { CallFrame } from '../abi/call-frame.ts';
import { environArray } from '../environment/environment.ts';
import type { FunctionTable } from '../exports/binding-types.ts';
import { cString, loadPointer, storePointer } from '../runtime/guest-access.ts';
import { Sys } from '../runtime/kernel-call.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';

const AT_EMPTY_PATH = 0x1000;
const CS_PATH = '/bin:/usr/bin';
const BSHELL = '/bin/sh';
const NAME_MAX = 255;
const PATH_MAX = 4096;
/** Errors after which execvp tries the next PATH directory. */
const TRY_NEXT = new Set([Errno.EACCES, Errno.ENOENT, Errno.ESTALE, Errno.ENOTDIR, Errno.ENODEV, Errno.ETIMEDOUT]);

/** Guest memory for the duration of one call (argv arrays, paths), released when it returns. */
class Scratch {
  private readonly blocks: number[] = [];
  constructor(private readonly libc: LibcProcess) {}

  allocate(size: number): number {
    const block = this.libc.heap.allocate(size);
    if (block === 0) throw new OutOfMemory();
    this.blocks.push(block);
    return block;
  }

  string(text: string): number {
    const bytes = Buffer.from(text, 'latin1');
    const at = this.allocate(bytes.length + 1);
    this.libc.memory.bytes.set(bytes, at);
    this.libc.memory.bytes[at + bytes.length] = 0;
    return at;
  }

  /** A NULL-terminated pointer array. */
  pointers(values: readonly number[]): number {
    const at = this.allocate(8 * (values.length + 1));
    for (let i = 0; i < values.length; i++) storePointer(this.libc.memory, at + 8 * i, values[i]!);
    storePointer(this.libc.memory, at + 8 * values.length, 0);
    return at;
  }

  release(): void {
    for (const block of this.blocks) this.libc.heap.release(block);
  }
}

class OutOfMemory {}

/**
 * Runs `work` with guest scratch memory released afterwards; running out of it ends the call
 * with -1 and ENOMEM (glibc's alloca would have crashed; its malloc'd paths fail so).
 */
function withScratch(libc: LibcProcess, work: (scratch: Scratch) => number): number {
  const scratch = new Scratch(libc);
  try {
    return work(scratch);
  } catch (error) {
    if (!(error instanceof OutOfMemory)) throw error;
    libc.errno = Errno.ENOMEM;
    return -1;
  } finally {
    scratch.release();
  }
}

/** The pointers of a NULL-terminated array. */
function pointersOf(libc: LibcProcess, array: number): number[] {
  const values: number[] = [];
  if (array === 0) return values;
  for (let at = array; ; at += 8) {
    const value = loadPointer(libc.memory, at);
    if (value === 0) return values;
    values.push(value);
  }
}

/** execve; on return (a failure) -1 with errno. */
function execve(libc: LibcProcess, path: number, argv: number, envp: number): number {
  return libc.sysResult(libc.sys(Sys.execve, path, argv, envp));
}

/** glibc's maybe_script_execute: the file as a /bin/sh script, its arguments after it. */
function executeAsScript(libc: LibcProcess, scratch: Scratch, file: number, argv: number, envp: number): void {
  const shell = scratch.string(BSHELL);
  execve(libc, shell, scratch.pointers([shell, file, ...pointersOf(libc, argv).slice(1)]), envp);
}

/**
 * execvpe: `file` searched in PATH (a name with a slash as it is); a file the kernel cannot
 * execute (ENOEXEC) is run as a /bin/sh script unless `scripts` is false (posix_spawnp's
 * __execvpex). On return (a failure) -1 with errno.
 */
export function execvpe(libc: LibcProcess, file: number, argv: number, envp: number, scripts = true): number {
  const name = cString(libc.memory, file);
  if (name === '') {
    libc.errno = Errno.ENOENT;
    return -1;
  }
  return withScratch(libc, (scratch) => {
    if (name.includes('/')) {
      execve(libc, file, argv, envp);
      if (scripts && libc.errno === Errno.ENOEXEC) executeAsScript(libc, scratch, file, argv, envp);
      return -1;
    }
    const path = environmentPath(libc) ?? CS_PATH;
    if (name.length + 1 > NAME_MAX) {
      libc.errno = Errno.ENAMETOOLONG;
      return -1;
    }
    const pathLimit = Math.min(path.length, PATH_MAX - 1) + 1;
    let deniedSomewhere = false;
    const entries = path.split(':');
    for (let i = 0; i < entries.length; i++) {
      const directory = entries[i]!;
      // An entry longer than glibc's buffer is skipped (the only one: nothing found).
      if (directory.length >= pathLimit) {
        if (i === entries.length - 1) break;
        continue;
      }
      const candidate = scratch.string(directory === '' ? name : `${directory}/${name}`);
      execve(libc, candidate, argv, envp);
      if (scripts && libc.errno === Errno.ENOEXEC) executeAsScript(libc, scratch, candidate, argv, envp);
      if (!TRY_NEXT.has(libc.errno)) return -1;
      if (libc.errno === Errno.EACCES) deniedSomewhere = true;
    }
    if (deniedSomewhere) libc.errno = Errno.EACCES;
    return -1;
  });
}

/** PATH as the guest's environment has it now (getenv), or undefined. */
function environmentPath(libc: LibcProcess): string | undefined {
  for (const entry of pointersOf(libc, environArray(libc))) {
    const text = cString(libc.memory, entry);
    if (text.startsWith('PATH=')) return text.slice(5);
  }
  return undefined;
}

/**
 * execl, execle, execlp: arguments `first`… up to the NULL pointer become argv; execle's envp
 * follows the NULL. Then `run` with (argv, envp).
 */
function withListedArguments(
  libc: LibcProcess,
  f: CallFrame,
  first: number,
  hasEnvp: boolean,
  run: (argv: number, envp: number) => number,
): number {
  const values: number[] = [];
  let i = first;
  for (;;) {
    const value = f.ptr(i++);
    if (value === 0) break;
    values.push(value);
  }
  const envp = hasEnvp ? f.ptr(i) : environArray(libc);
  return withScratch(libc, (scratch) => run(scratch.pointers(values), envp));
}

function fexecve(libc: LibcProcess, fd: number, argv: number, envp: number): number {
  if (fd < 0 || argv === 0 || envp === 0) {
    libc.errno = Errno.EINVAL;
    return -1;
  }
  return withScratch(libc, (scratch) =>
    libc.sysResult(libc.sys(Sys.execveat, fd, scratch.string(''), argv, envp, AT_EMPTY_PATH)),
  );
}

export const EXEC_FUNCTIONS: FunctionTable = {
  execve: (f, libc) => execve(libc, f.ptr(0), f.ptr(1), f.ptr(2)),
  execv: (f, libc) => execve(libc, f.ptr(0), f.ptr(1), environArray(libc)),
  execvp: (f, libc) => execvpe(libc, f.ptr(0), f.ptr(1), environArray(libc)),
  execvpe: (f, libc) => execvpe(libc, f.ptr(0), f.ptr(1), f.ptr(2)),
  execl: (f, libc) => withListedArguments(libc, f, 1, false, (argv, envp) => execve(libc, f.ptr(0), argv, envp)),
  execle: (f, libc) => withListedArguments(libc, f, 1, true, (argv, envp) => execve(libc, f.ptr(0), argv, envp)),
  execlp: (f, libc) => withListedArguments(libc, f, 1, false, (argv, envp) => execvpe(libc, f.ptr(0), argv, envp)),
  fexecve: (f, libc) => fexecve(libc, f.int(0), f.ptr(1), f.ptr(2)),
};
