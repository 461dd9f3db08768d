// `miros explain <file> <address> [--base <load address>]`: what an address is, in one step —
// segment, section, symbol, and every relocation that writes it (src/debug/explain-address.ts).
import { readFileSync } from 'node:fs';
import { explainAddress, formatExplanation } from '../debug/explain-address.ts';
import { ElfFile } from '../elf/index.ts';
import type { Command, CommandIO } from './command.ts';
import { type ParsedArgs, parseAddress, UsageError } from './options.ts';

export const explainCommand: Command = {
  name: 'explain',
  usage: 'Usage: miros explain <file> <address> [--base <load address>]',
  options: [
    {
      key: 'base',
      long: 'base',
      short: 'b',
      takesValue: true,
      valueName: 'ADDRESS',
      help: 'Where the file was loaded (the address is then a run-time address)',
    },
  ],
  run(args: ParsedArgs, io: CommandIO): number {
    if (args.positionals.length !== 2) throw new UsageError('expected a file and an address');
    const [path, addressText] = args.positionals as [string, string];
    const address = parseAddress(addressText, 'address');
    const baseText = args.options.get('base');
    const base = typeof baseText === 'string' ? parseAddress(baseText, '--base') : 0;
    const elf = ElfFile.parse(readFileSync(path), path);
    io.stdout(formatExplanation(explainAddress(elf, address, base), elf));
    return 0;
  },
};
