// Starting a program: find and read it, build the process (namespace, descriptors), load the
// image, lay out the initial stack and auxiliary vector, and set the registers for entry.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { Cpu } from '../cpu/cpu.ts';
import { cpuidResult } from '../cpu/cpuid.ts';
import { ElfError, ElfFile, PT_INTERP } from '../elf/index.ts';
import { readWholeFile } from '../host/read-buffer.ts';
import { SMALL_INTEGER_MAX } from '../host/small-integers.ts';
import type { prepareDynamicProgram } from '../linker/start-program.ts'; // [linker]
import type { prepareSystemInterpreter } from '../linker/system-interpreter.ts'; // [linker]
import { Prot } from './abi/flags.ts';
import { SyscallError } from './errno.ts';
import type { ExecRequest } from './exit.ts';
import { createDevFs } from './fs/dev-fs.ts';
import type { Location } from './fs/file-system.ts';
import { HostFile } from './fs/host-file.ts';
import { HostFileSystem } from './fs/host-fs.ts';
import { MemoryFileSystem } from './fs/memory-fs.ts';
import { createProcFs } from './fs/proc-fs.ts';
import { Vfs } from './fs/vfs.ts';
import { pageAlignDown, STACK_INITIAL_EXPANSION, STACK_TOP } from './layout.ts';
import {
  AT_BASE,
  AT_CLKTCK,
  AT_EGID,
  AT_ENTRY,
  AT_EUID,
  AT_EXECFN,
  AT_FLAGS,
  AT_GID,
  AT_HWCAP,
  AT_HWCAP2,
  AT_MINSIGSTKSZ,
  AT_PAGESZ,
  AT_PHDR,
  AT_PHENT,
  AT_PHNUM,
  AT_PLATFORM,
  AT_RANDOM,
  AT_SECURE,
  AT_UID,
  MIN_SIGNAL_STACK_SIZE,
} from './loader/auxv.ts';
import { LoadError, loadStaticImage } from './loader/elf-loader.ts';
import { buildInitialStack, stringAreaSize } from './loader/initial-stack.ts';
import { Process } from './process.ts';
import { CLOCK_TICKS } from './syscalls/process-control.ts';
import type { SyscallTracer } from './trace.ts';

export interface StartOptions extends ExecOptions {
  /** The program as the user named it: a path, or a name looked up in PATH. */
  program: string;
  /** The guest's argv (argv[0] included), as host strings. */
  argv: readonly string[];
  /** The guest's environment, NAME=VALUE strings, in order. */
  env: readonly string[];
  /** --root: confine the program's file system to this host directory. */
  root?: string;
}

/** [linker] What process start needs of the dynamic linker (src/cli/dynamic-linking.ts assembles it). */
export interface DynamicLinking {
  prepareDynamicProgram: typeof prepareDynamicProgram;
  prepareSystemInterpreter: typeof prepareSystemInterpreter;
}

/** Host strings (UTF-16) to the byte strings the kernel uses (one char per UTF-8 byte). */
export function toByteString(text: string): string {
  return Buffer.from(text, 'utf8').toString('latin1');
}

let hostUmaskCleared: number | undefined;

/**
 * The guest's umask is applied by Miros; the host's would mask modes a second time, so the host
 * umask is cleared once and its value becomes the guest's initial umask.
 */
function takeHostUmask(): number {
  hostUmaskCleared ??= process.umask(0);
  return hostUmaskCleared;
}

/** Finds the program file: a path as given, else the first match in PATH, else the current directory. */
export function findProgram(program: string): string {
  if (program.includes('/')) return program;
  for (const directory of (process.env.PATH ?? '').split(':')) {
    if (directory === '') continue;
    const candidate = path.join(directory, program);
    try {
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not there
    }
  }
  if (fs.existsSync(program)) return program;
  throw new LoadError(program, 'command not found', 127);
}

function readProgram(file: string): Uint8Array {
  try {
    return readWholeFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new LoadError(file, 'No such file or directory', 127);
    if (code === 'EACCES') throw new LoadError(file, 'Permission denied');
    if (code === 'EISDIR') throw new LoadError(file, 'Is a directory');
    throw new LoadError(file, (error as Error).message);
  }
}

function parseElf(bytes: Uint8Array, name: string): ElfFile {
  if (bytes[0] === 0x23 && bytes[1] === 0x21) {
    const line = Buffer.from(bytes.subarray(0, Math.min(bytes.length, 128)))
      .toString('latin1')
      .split('\n')[0];
    throw new LoadError(name, `a script (${line}), not an ELF program: run its interpreter with miros run`);
  }
  try {
    const elf = ElfFile.parse(bytes, name);
    void elf.programHeaders;
    return elf;
  } catch (error) {
    if (error instanceof ElfError) {
      const where =
        error.structure === 'ELF file header' ? '' : `${error.structure} at offset 0x${error.offset.toString(16)}: `;
      throw new LoadError(name, `${where}${error.reason}`);
    }
    throw error;
  }
}

/** The namespace location for a host path, or undefined when it lies outside the root. */
function namespacePath(hostPath: string, root: string | undefined): string | undefined {
  if (root === undefined) return hostPath;
  const relative = path.relative(root, hostPath);
  if (relative === '') return '/';
  if (relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
  return `/${relative}`;
}

export async function startProcess(options: StartOptions): Promise<Process> {
  const programPath = findProgram(options.program);
  const bytes = readProgram(programPath);
  const elf = parseElf(bytes, options.program);
  const hostPath = fs.realpathSync(programPath);
  const hostStat = fs.statSync(hostPath);
  const root = options.root !== undefined ? fs.realpathSync(options.root) : undefined;

  const rootFs = root !== undefined ? HostFileSystem.rootedAt(root) : new HostFileSystem('');
  const vfs = new Vfs(rootFs);
  vfs.mount('/dev', createDevFs());
  vfs.mount('/dev/shm', new MemoryFileSystem());

  const exeNs = namespacePath(hostPath, root);
  const exeLocation: Location =
    exeNs !== undefined
      ? vfs.locate(toByteString(exeNs))
      : {
          fs: new HostFileSystem(''),
          path: toByteString(hostPath).split('/').filter(Boolean),
          nsPath: toByteString(hostPath),
        };
  const cwdNs = namespacePath(process.cwd(), root) ?? '/';
  let cwd = vfs.locate(toByteString(cwdNs));
  if (cwd.fs.kind(cwd.path) !== 0o040000) cwd = vfs.root;

  const proc = new Process({
    createCpu: (memory, host) => new Cpu(memory, host),
    vfs,
    cwd,
    executable: { hostPath, nsPath: exeLocation.nsPath, location: exeLocation },
    ...(options.debug ? { debug: options.debug } : {}),
    ...(options.tracer ? { tracer: options.tracer } : {}),
    ...(options.random ? { random: options.random } : {}),
    ...(options.warn ? { warn: options.warn } : {}),
  });
  proc.umask = takeHostUmask();
  vfs.mount('/proc', createProcFs(proc));
  for (const fd of [0, 1, 2]) {
    try {
      proc.fds.replace(fd, HostFile.inherited(fd), false);
    } catch {
      // Not open on the host: not open in the guest either.
    }
  }

  await loadProgram(proc, {
    elf,
    name: options.program,
    identity: { device: hostStat.dev, inode: hostStat.ino },
    nsPath: exeLocation.nsPath,
    argv: options.argv.map(toByteString),
    envp: options.env.map(toByteString),
    env: options.env,
    execfn: root !== undefined ? exeLocation.nsPath : toByteString(programPath),
    ...(options.systemLdso ? { systemLdso: true } : {}),
    ...(options.dynamicLinking ? { dynamicLinking: options.dynamicLinking } : {}),
  });
  return proc;
}

/** What loadProgram maps into a fresh process, and how it starts. */
interface ProgramToLoad {
  elf: ElfFile;
  /** For messages: the program as the user or execve named it. */
  name: string;
  /** The file's identity (for the mapping's /proc/self/maps line and the linker's dedup). */
  identity: { device: number; inode: number };
  /** Its path in the namespace (/proc/self/exe, the linker's $ORIGIN). */
  nsPath: string;
  /** argv and envp as byte strings, and AT_EXECFN. */
  argv: readonly string[];
  envp: readonly string[];
  execfn: string;
  /** [linker] The environment as host strings (LD_LIBRARY_PATH, LD_PRELOAD…). */
  env: readonly string[];
  systemLdso?: boolean;
  dynamicLinking?: () => Promise<DynamicLinking>;
}

/**
 * Loads a program into a process that has no image yet: maps it (or has the dynamic linker map
 * it and its libraries), builds the stack with argv, envp and the auxiliary vector, and sets the
 * registers for entry (ELF_PLAT_INIT: all zero but rsp; rdx = 0 means "no exit handler").
 */
async function loadProgram(proc: Process, program: ProgramToLoad): Promise<void> {
  // [linker] A dynamically linked program (PT_INTERP): the Miros dynamic linker maps it, and links
  // it once the stack is built (src/linker/start-program.ts); with --system-ldso the program's own
  // interpreter is mapped and started instead (src/linker/system-interpreter.ts). Static programs
  // load as before.
  const { elf, identity } = program;
  let dynamic: ReturnType<typeof prepareDynamicProgram> | ReturnType<typeof prepareSystemInterpreter> | undefined;
  if (elf.segmentOfType(PT_INTERP)) {
    const linking = await program.dynamicLinking?.();
    if (linking === undefined)
      throw new LoadError(program.name, 'dynamically linked, and this embedding of Miros has no dynamic linker');
    dynamic = program.systemLdso
      ? linking.prepareSystemInterpreter(proc, elf, program.name, program.nsPath, identity)
      : linking.prepareDynamicProgram(proc, elf, program.name, program.nsPath, identity, program.env);
  }
  const image =
    dynamic?.image ?? loadStaticImage(proc, elf, program.name, program.nsPath, identity.device, identity.inode);
  proc.image = { elf, loadBias: image.loadBias, entry: image.entry };
  proc.mm.setBrkStart(image.end);

  const { argv, envp, execfn } = program;
  const stackLimit = proc.mm.stackLimit;
  const stringsBottom = STACK_TOP - 8 - stringAreaSize({ argv, envp, execfn });
  const stackStart = pageAlignDown(stringsBottom) - STACK_INITIAL_EXPANSION;
  proc.memory.map(
    stackStart,
    STACK_TOP - stackStart,
    Prot.READ | Prot.WRITE | (image.executableStack ? Prot.EXEC : 0),
    {
      name: '[stack]',
    },
  );
  proc.mm.stackStart = stackStart;

  const random = new Uint8Array(16);
  proc.random(random, 0, 16);
  const c = proc.credentials;
  let stack: ReturnType<typeof buildInitialStack>;
  try {
    stack = buildInitialStack(proc.memory, {
      argv,
      envp,
      execfn,
      random,
      stackLimit,
      auxv: [
        [AT_MINSIGSTKSZ, MIN_SIGNAL_STACK_SIZE],
        [AT_HWCAP, cpuidResult(1, 0)[3] >>> 0],
        [AT_PAGESZ, 4096],
        [AT_CLKTCK, CLOCK_TICKS],
        [AT_PHDR, image.programHeaders],
        [AT_PHENT, image.programHeaderSize],
        [AT_PHNUM, image.programHeaderCount],
        [AT_BASE, dynamic?.image.interpreterBase ?? 0], // [linker] the interpreter's base
        [AT_FLAGS, 0],
        [AT_ENTRY, image.entry],
        [AT_UID, c.uid],
        [AT_EUID, c.euid],
        [AT_GID, c.gid],
        [AT_EGID, c.egid],
        [AT_SECURE, 0],
        [AT_RANDOM, 0],
        // FSGSBASE (bit 1) is not advertised: the CPU does not report it in CPUID.
        [AT_HWCAP2, 0],
        [AT_EXECFN, 0],
        [AT_PLATFORM, 0],
      ],
    });
  } catch (error) {
    if (error instanceof SyscallError) throw new LoadError(program.name, 'Argument list too long');
    throw error;
  }
  proc.argumentArea = {
    argStart: stack.argStart,
    argEnd: stack.argEnd,
    envStart: stack.envStart,
    envEnd: stack.envEnd,
    auxv: stack.auxvBytes,
  };

  // Registers at entry (ELF_PLAT_INIT): all zero but rsp; rdx = 0 means "no exit handler".
  const cpu = proc.mainThread.cpu;
  cpu.gpr.fill(0);
  cpu.gpr[8] = stack.sp | 0;
  cpu.gpr[9] = 0;
  // A small integer when it is one: the header's 64-bit entry is read as a double, and a double
  // stored into rip makes V8 keep the field as a boxed double, so that every read of rip in
  // unoptimised code (the run loop's, once per block) makes a fresh heap number (issue 4).
  cpu.rip = image.entry <= SMALL_INTEGER_MAX ? image.entry | 0 : image.entry;
  dynamic?.link({ sp: stack.sp, randomAddress: stack.randomAddress }); // [linker] rip → start-up code
}

/** The options of a run that every program it starts shares (the first, and those it execs). */
export interface ExecOptions {
  tracer?: SyscallTracer;
  debug?: ReadonlySet<string>;
  /** [linker] --system-ldso: run the program's own PT_INTERP as guest code instead of the Miros linker. */
  systemLdso?: boolean;
  /** Fixed randomness (tests). */
  random?: (target: Uint8Array, offset: number, length: number) => void;
  /** Messages from Miros (default: the host's stderr). */
  warn?: (line: string) => void;
  /**
   * [linker] The dynamic linker and its libc, fetched only for a program with PT_INTERP: a static
   * program never loads (parses, compiles) the linker and Miros libc, which are most of the code.
   */
  dynamicLinking?: () => Promise<DynamicLinking>;
}

/**
 * execve's second half: the program `request` names, started in a new Process that takes over
 * what `old` keeps across exec (Process.inheritAcrossExec) — the same pid, namespace, cwd and
 * descriptors. Past the point of no return: a program that cannot be loaded now ends the
 * process (LoadError, reported by the caller as Linux's ld.so or kernel would end it).
 */
export async function execProgram(old: Process, request: ExecRequest, options: ExecOptions): Promise<Process> {
  const caller = old.current;
  const bytes = readProgram(request.program.hostPath);
  const elf = parseElf(bytes, request.execfn);
  const hostStat = fs.statSync(Buffer.from(request.program.hostPath, 'latin1'));
  const proc = new Process({
    createCpu: (memory, host) => new Cpu(memory, host),
    vfs: old.vfs,
    cwd: old.cwd,
    executable: {
      hostPath: request.program.hostPath,
      nsPath: request.program.nsPath,
      location: request.program.location,
    },
    pid: old.pid,
    ...(options.debug ? { debug: options.debug } : {}),
    ...(options.tracer ? { tracer: options.tracer } : {}),
    ...(options.random ? { random: options.random } : {}),
    ...(options.warn ? { warn: options.warn } : {}),
  });
  proc.inheritAcrossExec(old, caller);
  // In a System, /proc shows every process and finds the new one by its pid; a process alone
  // gets a /proc of its own.
  if (old.system === undefined) old.vfs.mount('/proc', createProcFs(proc));
  const fromBytes = (text: string) => Buffer.from(text, 'latin1').toString('utf8');
  await loadProgram(proc, {
    elf,
    name: fromBytes(request.execfn),
    identity: { device: hostStat.dev, inode: hostStat.ino },
    nsPath: request.program.nsPath,
    argv: request.argv,
    envp: request.envp,
    env: request.envp.map(fromBytes),
    execfn: request.execfn,
    ...(options.systemLdso ? { systemLdso: true } : {}),
    ...(options.dynamicLinking ? { dynamicLinking: options.dynamicLinking } : {}),
  });
  return proc;
}
