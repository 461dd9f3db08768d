// `miros run --system-ldso prog`: the comparison mode. Instead of the Miros linker and Miros libc,
// the program's own PT_INTERP (the system's ld.so, which then loads the system's glibc) runs as
// guest code, the way Linux's exec and qemu-user start a dynamically linked program:
//   - the executable is mapped at its link addresses (ET_EXEC) or at the PIE base (ET_DYN);
//   - the interpreter is mapped at a base chosen top-down in the mmap area (honouring its p_align);
//   - the auxiliary vector describes the program (AT_PHDR, AT_PHNUM, AT_ENTRY = the program's
//     entry) and AT_BASE = the interpreter's base;
//   - execution starts at the interpreter's entry point, with the initial stack as usual.
// Everything after that (ld.so relocating itself, opening libraries, mmap of files, TLS through
// arch_prctl) is ordinary guest code and system calls.
import type { ElfFile } from '../elf/index.ts';
import { ElfError, ElfFile as ElfReader, ET_DYN, ET_EXEC, PF_X, PT_GNU_STACK, PT_INTERP } from '../elf/index.ts';
import { MMAP_MIN_ADDR, PIE_BASE, TASK_SIZE } from '../kernel/layout.ts';
import { LoadError } from '../kernel/loader/elf-loader.ts';
import type { Process } from '../kernel/process.ts';
import { ProcessLibraryFiles } from './library-files.ts';
import { alignUp } from './memory/linker-memory.ts';
import { ProcessMemory } from './memory/process-memory.ts';
import { loadExtent, mapLoadSegments, PROGRAM_HEADER_SIZE, programHeadersAddress } from './memory/segments.ts';
import type { DynamicImage, ProgramInterpreter } from './start-program.ts';

/** The interpreter's name from PT_INTERP, or a LoadError naming what is wrong with it. */
function interpreterPath(elf: ElfFile, program: string): string {
  try {
    const path = elf.interpreter;
    if (path) return path;
  } catch (error) {
    if (!(error instanceof ElfError)) throw error;
  }
  throw new LoadError(program, 'PT_INTERP does not name a program interpreter');
}

/**
 * Maps the program and its own program interpreter into `process` (as exec does for a dynamically
 * linked program); `link` points the main thread at the interpreter's entry once the stack exists.
 */
export function prepareSystemInterpreter(
  process: Process,
  elf: ElfFile,
  program: string,
  nsPath: string,
  identity: { device: number; inode: number },
): ProgramInterpreter {
  const memory = new ProcessMemory(process);
  const path = interpreterPath(elf, program);
  const file = new ProcessLibraryFiles(process).open(path);
  // Linux's exec fails with ENOENT, which shells report as "required file not found".
  if (!file) throw new LoadError(program, `program interpreter ${path}: No such file or directory`, 127);
  let interpreter: ElfFile;
  try {
    interpreter = ElfReader.parse(file.bytes, path);
    void interpreter.programHeaders;
  } catch (error) {
    if (error instanceof ElfError) throw new LoadError(program, `program interpreter ${path}: ${error.reason}`);
    throw error;
  }
  if (interpreter.header.type !== ET_DYN || interpreter.segmentOfType(PT_INTERP)) {
    throw new LoadError(program, `program interpreter ${path}: not a shared object without an interpreter`);
  }
  if (elf.header.type !== ET_EXEC && elf.header.type !== ET_DYN) {
    throw new LoadError(program, `not an executable (ELF type ${elf.header.type})`);
  }

  const programExtent = loadExtent(elf, (reason) => new LoadError(program, reason));
  const bias = elf.header.type === ET_EXEC ? 0 : alignUp(PIE_BASE, programExtent.alignment) - programExtent.low;
  const programStart = bias + programExtent.low;
  const programEnd = bias + programExtent.high;
  if (programStart < MMAP_MIN_ADDR || programEnd > TASK_SIZE) {
    throw new LoadError(
      program,
      `its segments (0x${programStart.toString(16)}-0x${programEnd.toString(16)}) lie outside the 4 GiB Miros provides`,
    );
  }
  mapLoadSegments(memory, elf, programExtent, bias, nsPath, identity);

  const interpreterExtent = loadExtent(interpreter, (reason) => new LoadError(program, `${path}: ${reason}`));
  const interpreterBase =
    memory.reserve(interpreterExtent.high - interpreterExtent.low, interpreterExtent.alignment) - interpreterExtent.low;
  mapLoadSegments(memory, interpreter, interpreterExtent, interpreterBase, path, file);
  const interpreterEntry = interpreterBase + interpreter.header.entry;

  const image: DynamicImage = {
    entry: bias + elf.header.entry,
    loadBias: bias,
    programHeaders: programHeadersAddress(elf, bias),
    programHeaderCount: elf.programHeaderCount,
    programHeaderSize: PROGRAM_HEADER_SIZE,
    end: programEnd,
    executableStack: ((elf.segmentOfType(PT_GNU_STACK)?.flags ?? 0) & PF_X) !== 0,
    interpreterBase,
  };
  if (process.debug.has('libs') || process.debug.has('all')) {
    process.warn(
      `miros: --system-ldso: ${program} at 0x${bias.toString(16)}, interpreter ${path} at 0x${interpreterBase.toString(16)} (entry 0x${interpreterEntry.toString(16)})`,
    );
  }
  return {
    image,
    link: () => {
      process.mainThread.cpu.rip = interpreterEntry;
    },
  };
}
