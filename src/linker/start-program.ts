// Starting a dynamically linked program: what happens between the kernel's exec and the
// program's _start, with Miros as the program interpreter.
//
// The kernel's process start calls `prepareDynamicProgram` instead of its static loader: the
// executable is mapped (as Linux's exec maps it) and the kernel gets what it needs for the
// initial stack and auxiliary vector. Once the stack is built, `link` runs the pipeline over the
// executable, its LD_PRELOAD objects and their dependencies, builds the main thread's TLS, and
// points rip at the start-up code that runs resolvers and initialisers and then jumps to _start.
import * as nodePath from 'node:path';
import type { ElfFile } from '../elf/index.ts';
import { PF_X, PT_GNU_STACK } from '../elf/index.ts';
import { writeAllSync } from '../host/write-all.ts';
import type { Process } from '../kernel/process.ts';
import { LinkerTrace } from './debug-trace.ts';
import { DynamicLinker } from './dynamic-linker.ts';
import { installRuntime } from './guest-code/runtime-code.ts';
import { assembleStartup, installStartup } from './guest-code/startup-code.ts';
import { libcProvider } from './libc-provider.ts';
import { ProcessLibraryFiles } from './library-files.ts';
import { LinkError } from './link-error.ts';
import { LinkedObject } from './linked-object.ts';
import { ProcessMemory } from './memory/process-memory.ts';
import { read64, write64 } from './memory/words.ts';
import { newBatch, runPipeline } from './pipeline.ts';
import { splitPathList } from './search-path.ts';
import { STARTUP_STAGES } from './stages/index.ts';
import { findOrLoad } from './stages/load-dependencies.ts';
import { mapElfObject } from './stages/map.ts';
import { TCB_SELF } from './tls/process-tls.ts';

/** What the kernel's process start needs to build the initial stack (its LoadedImage). */
export interface DynamicImage {
  entry: number;
  loadBias: number;
  programHeaders: number;
  programHeaderCount: number;
  programHeaderSize: number;
  /** End of the executable's image: the program break starts here. */
  end: number;
  executableStack: boolean;
  /** AT_BASE: where the program interpreter is (Miros's runtime mapping). */
  interpreterBase: number;
}

/** The initial stack as the kernel built it. */
export interface InitialStackInfo {
  /** rsp at entry: the address of argc. */
  sp: number;
  /** Where the 16 AT_RANDOM bytes are. */
  randomAddress: number;
}

/** What the kernel's process start gets for a program with PT_INTERP. */
export interface ProgramInterpreter {
  image: DynamicImage;
  /** Called once the initial stack exists: links the program and points the main thread's rip. */
  link(stack: InitialStackInfo): void;
}

export interface DynamicProgram extends ProgramInterpreter {
  linker: DynamicLinker;
}

const linkers = new WeakMap<Process, DynamicLinker>();

/** The dynamic linker of a process (for Miros libc, the crash report, the dl API). */
export function linkerOf(process: Process): DynamicLinker | undefined {
  return linkers.get(process);
}

/** The value of NAME in a NAME=VALUE environment list (the last one wins, as getenv sees it). */
function environmentValue(env: readonly string[], name: string): string | undefined {
  let value: string | undefined;
  for (const entry of env) if (entry.startsWith(`${name}=`)) value = entry.slice(name.length + 1);
  return value;
}

export function prepareDynamicProgram(
  process: Process,
  elf: ElfFile,
  program: string,
  nsPath: string,
  identity: { device: number; inode: number },
  env: readonly string[],
): DynamicProgram {
  const memory = new ProcessMemory(process);
  const libraryPath = environmentValue(env, 'LD_LIBRARY_PATH');
  const trace = new LinkerTrace(process.debug, (line) => writeAllSync(2, `${line}\n`), process.pid);
  const linker = new DynamicLinker(
    {
      program,
      files: new ProcessLibraryFiles(process),
      memory,
      libc: libcProvider(),
      trace,
      libraryPath: libraryPath ? splitPathList(libraryPath) : [],
      warn: (message) => process.warn(message),
      withRuntime: true,
    },
    installRuntime,
  );
  linkers.set(process, linker);
  const main = new LinkedObject('executable', nsPath, program, elf, undefined, identity);
  main.origin = nodePath.posix.dirname(nsPath);
  linker.main = main;
  // [libc] The executable heads the namespace list (glibc's _ns_loaded), so _dl_fini runs its DT_FINI_ARRAY.
  linker.addObject(main, undefined);
  mapElfObject(linker, main);
  const image: DynamicImage = {
    entry: main.base + elf.header.entry,
    loadBias: main.base,
    programHeaders: main.programHeaders,
    programHeaderCount: main.programHeaderCount,
    programHeaderSize: 56,
    end: main.mapEnd,
    executableStack: ((elf.segmentOfType(PT_GNU_STACK)?.flags ?? 0) & PF_X) !== 0,
    interpreterBase: linker.runtime!.start,
  };
  return {
    image,
    linker,
    link: (stack) => linkProgram(process, linker, main, image, stack, environmentValue(env, 'LD_PRELOAD')),
  };
}

function linkProgram(
  process: Process,
  linker: DynamicLinker,
  main: LinkedObject,
  image: DynamicImage,
  stack: InitialStackInfo,
  preload: string | undefined,
): void {
  const space = process.memory;
  const runtime = linker.runtime!;
  const cpu = process.mainThread.cpu;
  write64(space, runtime.libcStackEnd, stack.sp);
  linker.mainThreadTls = () => {
    const tls = linker.tls;
    tls.stackGuard = space.bytes.slice(stack.randomAddress, stack.randomAddress + 8);
    tls.stackGuard[0] = 0;
    tls.pointerGuard = space.bytes.slice(stack.randomAddress + 8, stack.randomAddress + 16);
    const thread = tls.createThread();
    cpu.fsBase = thread.tp;
    linker.trace.line(
      'tls',
      `main thread: tp 0x${thread.tp.toString(16)} (%fs:0 = 0x${read64(space, thread.tp + TCB_SELF).toString(16)})`,
    );
  };

  const batch = newBatch('startup', [main]);
  for (const name of (preload ?? '').split(/[\s:]+/).filter((n) => n !== '')) {
    try {
      batch.roots.push(findOrLoad(linker, name, undefined, batch.loaded));
    } catch (error) {
      if (!(error instanceof LinkError)) throw error;
      const why = error.kind === 'not-found' ? 'cannot open shared object file' : error.details.reason;
      linker.warn(`ERROR: ld.so: object '${name}' from LD_PRELOAD cannot be preloaded (${why}): ignored.`);
    }
  }
  runPipeline(linker, batch, STARTUP_STAGES);

  const argc = read64(space, stack.sp);
  const code = assembleStartup(batch.steps, {
    stackPointer: stack.sp,
    argc,
    argv: stack.sp + 8,
    envp: stack.sp + 8 * (argc + 2),
    entry: image.entry,
    finalizer: runtime.dlFini,
  });
  const start = installStartup(linker.memory, code);
  linker.trace.line('libs', '');
  linker.trace.line('libs', `transferring control: ${main.displayName}`);
  linker.trace.line('libs', '');
  cpu.rip = start;
}
