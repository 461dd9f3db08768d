// The subcommands of bin/miros, in the order `miros --help` lists them. Each entry says what the
// command is and where its implementation lives: main.ts imports only the one being run (a
// dynamic import, a chunk of its own in dist/), so `miros readelf` never loads the CPU, kernel or
// libc and `miros --help` loads none of them. To add a command: one entry here.
import type { Command } from './command.ts';

export interface CommandEntry {
  name: string;
  /** One line for `miros --help` and `miros <name> --help`. */
  summary: string;
  load(): Promise<Command>;
}

export const commands: readonly CommandEntry[] = [
  {
    name: 'run',
    summary: 'Run a static x86-64 Linux program',
    load: async () => (await import('./run.ts')).runCommand,
  },
  {
    name: 'readelf',
    summary: 'Display information about ELF files, as GNU readelf does',
    load: async () => (await import('./readelf.ts')).readelfCommand,
  },
  {
    name: 'objdump',
    summary: 'Disassemble ELF files, as GNU objdump -d -M intel does',
    load: async () => (await import('./objdump.ts')).objdumpCommand,
  },
  {
    name: 'explain',
    summary: 'Explain an address of an ELF file: segment, section, symbol, relocations',
    load: async () => (await import('./explain.ts')).explainCommand,
  },
  {
    name: 'ldd',
    summary: 'List the libraries a program would load under Miros (and what Miros libc lacks for it)',
    load: async () => (await import('./ldd.ts')).lddCommand,
  },
];
