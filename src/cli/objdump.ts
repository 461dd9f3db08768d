// `miros objdump`: GNU objdump's disassembly (`-d`, Intel syntax) from Miros's own ELF reader and
// x86 decoder, in objdump 2.40's layout (src/x86/disassembly.ts).
import { readFileSync } from 'node:fs';
import { ElfFile } from '../elf/index.ts';
import { disassembleElf } from '../x86/disassembly.ts';
import type { Command, CommandIO } from './command.ts';
import { type ParsedArgs, parseAddress, UsageError } from './options.ts';
import { describeError, isBrokenPipe } from './report-error.ts';

export const objdumpCommand: Command = {
  name: 'objdump',
  usage: 'Usage: miros objdump -d [-M intel] [options] elf-file(s)',
  options: [
    { key: 'disassemble', short: 'd', long: 'disassemble', help: 'Display assembler contents of executable sections' },
    {
      key: 'disassembler-options',
      short: 'M',
      long: 'disassembler-options',
      takesValue: true,
      repeatable: true,
      valueName: 'OPT',
      help: 'Pass OPT on to the disassembler (only intel: Intel syntax is the only one)',
    },
    { key: 'no-show-raw-insn', long: 'no-show-raw-insn', help: "Don't display hex alongside symbolic disassembly" },
    {
      key: 'start-address',
      long: 'start-address',
      takesValue: true,
      valueName: 'ADDR',
      help: 'Only process data whose address is >= ADDR',
    },
    {
      key: 'stop-address',
      long: 'stop-address',
      takesValue: true,
      valueName: 'ADDR',
      help: 'Only process data whose address is < ADDR',
    },
    {
      key: 'section',
      short: 'j',
      long: 'section',
      takesValue: true,
      repeatable: true,
      valueName: 'NAME',
      help: 'Only display information for section NAME',
    },
  ],
  run(args: ParsedArgs, io: CommandIO): number {
    if (args.options.get('disassemble') !== true) throw new UsageError('nothing to do: give -d');
    const machine = args.options.get('disassembler-options');
    for (const option of Array.isArray(machine) ? machine.flatMap((m) => m.split(',')) : [])
      if (option !== 'intel' && option !== 'intel-mnemonic')
        throw new UsageError(`unsupported disassembler option '${option}' (only Intel syntax: -M intel)`);
    if (args.positionals.length === 0) throw new UsageError('no ELF file given');
    const address = (key: string): number | undefined => {
      const value = args.options.get(key);
      return typeof value === 'string' ? parseAddress(value, `--${key}`) : undefined;
    };
    const sections = args.options.get('section');
    const options = {
      showRawInsn: args.options.get('no-show-raw-insn') !== true,
      startAddress: address('start-address'),
      stopAddress: address('stop-address'),
      sections: Array.isArray(sections) ? sections : undefined,
    };
    let status = 0;
    for (const path of args.positionals) {
      try {
        const elf = ElfFile.parse(readFileSync(path), path);
        disassembleElf(elf, path, options, io.stdout);
      } catch (error) {
        // A closed stdout (`| head`) ends the command quietly: main() turns EPIPE into a clean exit.
        if (isBrokenPipe(error)) throw error;
        io.stderr(`${describeError(error)}\n`);
        status = 1;
      }
    }
    return status;
  },
};
