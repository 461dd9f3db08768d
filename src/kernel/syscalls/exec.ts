// execve and execveat: everything that can still fail with an error the caller sees is checked
// here — the path resolves to a regular file the process may execute, an x86-64 ELF file or a
// "#!" script whose interpreter (up to four levels) is one, argv and envp are readable and not too
// long. Then the call does not return: ExecRequest carries the program, argv and envp to the run
// loop, which starts it in this process (same pid, descriptors without close-on-exec, ignored
// signals, mask, pending signals, alarm; handlers back to default), as Linux's exec does.

import * as fs from 'node:fs';
import { AtFlag } from '../abi/flags.ts';
import { Errno, fail, SyscallError } from '../errno.ts';
import { ExecRequest } from '../exit.ts';
import type { Location } from '../fs/file-system.ts';
import { HostFileSystem } from '../fs/host-fs.ts';
import { S_IFMT, S_IFREG } from '../fs/stat.ts';
import { readString, readU64 } from '../guest-memory.ts';
import type { Thread } from '../thread.ts';
import { resolveAt } from './paths.ts';

/** Linux's MAX_ARG_STRLEN: one argument or environment string, NUL included. */
const MAX_ARG_STRLEN = 32 * 4096;
/** Linux's limit on argv + envp together: a quarter of the stack limit (at least 128 KiB). */
const MIN_ARG_SPACE = 128 * 1024;
/** Script interpreters that are themselves scripts: Linux gives up after this many (ELOOP). */
const MAX_INTERPRETER_DEPTH = 4;
/** Linux reads this much of a file to recognise it (BINPRM_BUF_SIZE). */
const HEADER_SIZE = 256;
const EXEC_FLAGS = AtFlag.EMPTY_PATH | AtFlag.SYMLINK_NOFOLLOW;
const EM_X86_64 = 62;

/** The NULL-terminated pointer array at `address` as byte strings (NULL array: none). */
function readStrings(thread: Thread, address: number): string[] {
  const strings: string[] = [];
  if (address === 0) return strings;
  const memory = thread.process.memory;
  for (let at = address; ; at += 8) {
    const pointer = readU64(memory, at);
    if (pointer === 0) return strings;
    strings.push(readArgument(thread, pointer));
  }
}

function readArgument(thread: Thread, address: number): string {
  try {
    return readString(thread.process.memory, address, MAX_ARG_STRLEN);
  } catch (error) {
    if (error instanceof SyscallError && error.errno === Errno.ENAMETOOLONG) fail(Errno.E2BIG);
    throw error;
  }
}

/** The first bytes of a host file (what Linux's prepare_binprm reads). */
function header(hostPath: string): Uint8Array {
  const fd = fs.openSync(Buffer.from(hostPath, 'latin1'), 'r');
  try {
    const buffer = new Uint8Array(HEADER_SIZE);
    const n = fs.readSync(fd, buffer, 0, HEADER_SIZE, 0);
    return buffer.subarray(0, n);
  } finally {
    fs.closeSync(fd);
  }
}

/** The host path behind a location; executing files Miros keeps itself (memory, /proc) is refused. */
function hostPathOf(location: Location): string {
  if (!(location.fs instanceof HostFileSystem)) fail(Errno.EACCES);
  return location.fs.hostPath(location.path).toString('latin1');
}

/** Whether a file's first bytes are an x86-64 ELF program or shared object Miros can load. */
function isLoadableElf(bytes: Uint8Array): boolean {
  if (bytes.length < 64 || bytes[0] !== 0x7f || bytes[1] !== 0x45 || bytes[2] !== 0x4c || bytes[3] !== 0x46)
    return false;
  const type = bytes[16]! | (bytes[17]! << 8);
  const machine = bytes[18]! | (bytes[19]! << 8);
  return bytes[4] === 2 && bytes[5] === 1 && (type === 2 || type === 3) && machine === EM_X86_64;
}

/**
 * A script's "#!interpreter [argument]" line, as Linux's binfmt_script parses it: blanks after
 * "#!", the interpreter up to the next blank, then at most one argument (inner blanks kept).
 */
function interpreterLine(bytes: Uint8Array): { interpreter: string; argument: string | undefined } {
  const text = Buffer.from(bytes).toString('latin1');
  const newline = text.indexOf('\n');
  if (newline < 0 && bytes.length >= HEADER_SIZE) fail(Errno.ENOEXEC);
  const line = (newline < 0 ? text : text.slice(0, newline))
    .slice(2)
    .replace(/^[ \t]+/, '')
    .replace(/[ \t]+$/, '');
  if (line === '') fail(Errno.ENOEXEC);
  const blank = line.search(/[ \t]/);
  if (blank < 0) return { interpreter: line, argument: undefined };
  return { interpreter: line.slice(0, blank), argument: line.slice(blank).replace(/^[ \t]+/, '') };
}

/** Checks a resolved file can be executed (regular, execute permission); its host path. */
function executableFile(location: Location, type: number): string {
  if ((type & S_IFMT) !== S_IFREG) fail(Errno.EACCES);
  location.fs.access(location.path, 1);
  return hostPathOf(location);
}

function exec(
  thread: Thread,
  location: Location,
  type: number,
  filename: string,
  argvAddress: number,
  envpAddress: number,
): never {
  const process = thread.process;
  let argv = readStrings(thread, argvAddress);
  const envp = readStrings(thread, envpAddress);
  let size = 0;
  for (const s of argv) size += s.length + 1;
  for (const s of envp) size += s.length + 1;
  if (size > Math.max(MIN_ARG_SPACE, process.mm.stackLimit / 4)) fail(Errno.E2BIG);

  let hostPath = executableFile(location, type);
  let programLocation = location;
  let name = filename;
  for (let depth = 0; ; depth++) {
    const bytes = header(hostPath);
    if (isLoadableElf(bytes)) break;
    if (bytes[0] !== 0x23 || bytes[1] !== 0x21) fail(Errno.ENOEXEC);
    if (depth === MAX_INTERPRETER_DEPTH) fail(Errno.ELOOP);
    const { interpreter, argument } = interpreterLine(bytes);
    // The interpreter runs with the script's path in place of argv[0] (and its argument before it).
    argv = [interpreter, ...(argument !== undefined ? [argument] : []), name, ...argv.slice(1)];
    const resolved = process.vfs.existing(process.cwd, interpreter, true);
    hostPath = executableFile(resolved.location, resolved.type);
    programLocation = resolved.location;
    name = interpreter;
  }
  throw new ExecRequest({ hostPath, nsPath: programLocation.nsPath, location: programLocation }, argv, envp, filename);
}

export function sysExecve(thread: Thread, pathAddress: number, argvAddress: number, envpAddress: number): number {
  const filename = readString(thread.process.memory, pathAddress);
  if (filename === '') fail(Errno.ENOENT);
  const target = resolveAt(thread, -100, pathAddress, 0, true);
  exec(thread, target.location!, target.type, filename, argvAddress, envpAddress);
}

export function sysExecveat(
  thread: Thread,
  dirfd: number,
  pathAddress: number,
  argvAddress: number,
  envpAddress: number,
  flags: number,
): number {
  const f = flags | 0;
  if (f & ~EXEC_FLAGS) fail(Errno.EINVAL);
  const filename = readString(thread.process.memory, pathAddress);
  const target = resolveAt(thread, dirfd, pathAddress, f, !(f & AtFlag.SYMLINK_NOFOLLOW));
  if (target.file) {
    // fexecve: the descriptor's file (its type from a stat of it).
    const stat = target.file.stat();
    if (!target.location) fail(Errno.EACCES);
    exec(
      thread,
      target.location,
      stat.mode,
      filename === '' ? `/dev/fd/${dirfd | 0}` : filename,
      argvAddress,
      envpAddress,
    );
  }
  exec(thread, target.location!, target.type, filename, argvAddress, envpAddress);
}
