// The start-up sequence: the first guest code a dynamically linked program runs. It performs the
// steps the stages scheduled (IFUNC resolvers, RELRO protection, initialisers) on the program's
// own stack, then enters the program exactly as glibc's _dl_start_user does: rsp at argc, rdx =
// _dl_fini (the finaliser the ELF ABI says _start must register with atexit), the other
// registers zero.
import { PAGE_SIZE } from '../../memory/address-space.ts';
import type { LinkerMemory } from '../memory/linker-memory.ts';
import { PROT_EXEC, PROT_READ, pageAlignUp } from '../memory/linker-memory.ts';
import { Assembler, Reg } from './assembler.ts';
import type { GuestStep } from './guest-steps.ts';
import { RUNTIME_MAPPING_NAME } from './runtime-code.ts';

const SYS_MPROTECT = 10;

export interface StartupEntry {
  /** The initial stack pointer (argc). */
  stackPointer: number;
  argc: number;
  argv: number;
  envp: number;
  /** The program's entry point (e_entry + load bias). */
  entry: number;
  /** What _start receives in rdx. */
  finalizer: number;
}

export function assembleStartup(steps: readonly GuestStep[], start: StartupEntry): Uint8Array {
  const a = new Assembler();
  const entryLabel = a.label();
  for (const step of steps) {
    switch (step.kind) {
      case 'resolve':
        a.movImm(Reg.RAX, step.resolver);
        a.call(Reg.RAX);
        if (step.addend !== 0) {
          a.movImm(Reg.RCX, step.addend);
          a.add(Reg.RAX, Reg.RCX);
        }
        a.movImm(Reg.RCX, step.slot);
        a.store(Reg.RCX, 0, Reg.RAX);
        break;
      case 'protect':
        a.movImm(Reg.RAX, SYS_MPROTECT);
        a.movImm(Reg.RDI, step.start);
        a.movImm(Reg.RSI, step.size);
        a.movImm(Reg.RDX, step.prot);
        a.syscall();
        break;
      case 'call':
        a.movImm(Reg.RDI, start.argc);
        a.movImm(Reg.RSI, start.argv);
        a.movImm(Reg.RDX, start.envp);
        if (step.function !== undefined) {
          a.movImm(Reg.RAX, step.function);
          a.call(Reg.RAX);
        } else {
          a.movImm(Reg.RAX, step.slot!);
          a.callMemory(Reg.RAX, 0);
        }
        break;
    }
  }
  a.movImm(Reg.RSP, start.stackPointer);
  for (const reg of [Reg.RAX, Reg.RCX, Reg.RBX, Reg.RBP, Reg.RSI, Reg.RDI, Reg.R8, Reg.R9, Reg.R10, Reg.R11]) {
    a.zero(reg);
  }
  for (const reg of [Reg.R12, Reg.R13, Reg.R14, Reg.R15]) a.zero(reg);
  a.movImm(Reg.RDX, start.finalizer);
  // jmp [rip + entry]: no register left holding anything but zero.
  a.jmpIndirectRip(entryLabel);
  a.align(8);
  a.bind(entryLabel);
  a.quad(start.entry);
  return a.finish();
}

/** Maps the start-up code (read-only, executable) and returns its address. */
export function installStartup(memory: LinkerMemory, code: Uint8Array): number {
  const size = pageAlignUp(Math.max(code.length, 1));
  const start = memory.reserve(size, PAGE_SIZE);
  memory.map(start, size, PROT_READ | PROT_EXEC, { name: RUNTIME_MAPPING_NAME, offset: 0, device: 0, inode: 0 });
  memory.space.poke(start, code);
  return start;
}
