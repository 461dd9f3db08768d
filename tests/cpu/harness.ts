// A tiny loader and host for CPU tests: maps a static non-PIE `-nostdlib` ELF, gives it a stack,
// and implements the three system calls the test programs use (write, exit, exit_group).
// (`bin/miros run` is the real loader; this keeps the CPU tests independent of it.)

import { readFileSync } from 'node:fs';
import { Cpu } from '../../src/cpu/cpu.ts';
import type { CpuHost } from '../../src/cpu/host.ts';
import { CpuTrap } from '../../src/cpu/trap.ts';
import { ElfFile, PT_LOAD } from '../../src/elf/index.ts';
import { AddressSpace, PAGE_SIZE } from '../../src/memory/address-space.ts';

export class ExitRequest extends Error {
  constructor(readonly status: number) {
    super(`exit ${status}`);
  }
}

export class TestHost implements CpuHost {
  output = '';
  syscall(cpu: Cpu): void {
    const g = cpu.gpr;
    const number = g[0]!;
    if (number === 1) {
      const bytes = cpu.memory.readBytes(g[12]! >>> 0, g[4]! >>> 0);
      this.output += Buffer.from(bytes).toString('latin1');
      g[0] = bytes.length;
      g[1] = 0;
      return;
    }
    if (number === 60 || number === 231) throw new ExitRequest(g[14]! & 0xff);
    g[0] = -38; // ENOSYS
    g[1] = -1;
  }
}

const STACK_TOP = 0x7fff0000;
const STACK_SIZE = 1 << 20;

/** Loads a static ELF into a fresh address space; returns the CPU at its entry point. */
export function loadProgram(path: string, host: CpuHost = new TestHost()): Cpu {
  const bytes = new Uint8Array(readFileSync(path));
  const elf = ElfFile.parse(bytes, path);
  const memory = new AddressSpace();
  for (const segment of elf.programHeaders) {
    if (segment.type !== PT_LOAD) continue;
    const start = Math.floor(segment.virtualAddress / PAGE_SIZE) * PAGE_SIZE;
    const end = Math.ceil((segment.virtualAddress + segment.memorySize) / PAGE_SIZE) * PAGE_SIZE;
    const prot = (segment.flags & 4 ? 1 : 0) | (segment.flags & 2 ? 2 : 0) | (segment.flags & 1 ? 4 : 0);
    memory.map(start, end - start, prot);
    memory.poke(segment.virtualAddress, bytes.subarray(segment.offset, segment.offset + segment.fileSize));
  }
  memory.map(STACK_TOP - STACK_SIZE, STACK_SIZE, 3, { name: '[stack]' });
  const cpu = new Cpu(memory, host);
  cpu.rip = elf.header.entry;
  // argc = 0, argv = NULL, envp = NULL, auxv = AT_NULL.
  cpu.setRegister(4, STACK_TOP - 64);
  return cpu;
}

/** Runs until the program exits; returns its status and output. */
export function runProgram(path: string, budget = 1e10): { status: number; output: string; cpu: Cpu } {
  const host = new TestHost();
  const cpu = loadProgram(path, host);
  try {
    cpu.run(budget);
  } catch (error) {
    if (error instanceof ExitRequest) return { status: error.status, output: host.output, cpu };
    throw error;
  }
  throw new Error(`program did not exit within ${budget} instructions`);
}

/** Runs `cpu` for at most `budget` instructions and returns the trap that ends the run (it must). */
export function trapOf(cpu: Cpu, budget = 100): CpuTrap {
  try {
    cpu.run(budget);
  } catch (error) {
    if (error instanceof CpuTrap) return error;
    throw error;
  }
  throw new Error('no trap');
}

/** Runs `body` with MIROS_JIT_REGION set to `mode` (unset: as the environment has it). */
export function withRegionMode<T>(mode: string | undefined, body: () => T): T {
  if (mode === undefined) return body();
  const before = process.env.MIROS_JIT_REGION;
  process.env.MIROS_JIT_REGION = mode;
  try {
    return body();
  } finally {
    if (before === undefined) delete process.env.MIROS_JIT_REGION;
    else process.env.MIROS_JIT_REGION = before;
  }
}
