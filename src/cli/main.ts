// bin/miros: dispatches to a subcommand; turns errors into one line and an exit status.
//   exit 2: usage error (unknown option, missing argument)
//   exit 1: an error in the input (damaged ELF, missing file) — `miros: <file>: <reason>`
import { writeAllSync } from '../host/write-all.ts';

// For bin/miros: the core bundle's read buffer, handed over for the program's own read.
export { donateReadBuffer } from '../host/read-buffer.ts';

import type { Command, CommandIO } from './command.ts';
import { type CommandEntry, commands } from './commands.ts';
import { formatOptionHelp, parseArgs, UsageError } from './options.ts';
import { describeError, isBrokenPipe } from './report-error.ts';

const hostIO: CommandIO = {
  stdout: (text) => writeAllSync(1, text),
  stderr: (text) => writeAllSync(2, text),
};

export function topLevelHelp(): string {
  const width = Math.max(...commands.map((c) => c.name.length), 4);
  return [
    'Usage: miros <command> [options] [arguments]',
    '',
    'Miros: a Linux x86-64 user-space runtime (CPU, system calls, dynamic linker, libc) in TypeScript.',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    "Run 'miros <command> --help' for a command's options.",
    '',
  ].join('\n');
}

export function commandHelp(entry: CommandEntry, command: Command): string {
  return `${command.usage}\n\n${entry.summary}\n\nOptions:\n${formatOptionHelp(command.options)}\n  -H, --help  Show this help\n`;
}

export async function main(argv: readonly string[], io: CommandIO = hostIO): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (error) {
    if (isBrokenPipe(error)) return 0;
    throw error;
  }
}

async function dispatch(argv: readonly string[], io: CommandIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.stderr(topLevelHelp());
    return 2;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    io.stdout(topLevelHelp());
    return 0;
  }
  if (name === '--version') {
    io.stdout('miros 0.1.0\n');
    return 0;
  }
  const entry = commands.find((c) => c.name === name);
  if (!entry) {
    io.stderr(`miros: unknown command '${name}' (see 'miros --help')\n`);
    return 2;
  }
  const command = await entry.load();
  // --help is recognised before the command's own options, but not after a `run` program name.
  const helpIndex = rest.findIndex((a) => a === '--help' || a === '-H');
  const firstPositional = rest.findIndex((a) => !a.startsWith('-'));
  if (helpIndex >= 0 && (!command.stopAtFirstPositional || firstPositional < 0 || helpIndex < firstPositional)) {
    io.stdout(commandHelp(entry, command));
    return 0;
  }
  try {
    const parsed = parseArgs(rest, command.options, { stopAtFirstPositional: command.stopAtFirstPositional ?? false });
    return await command.run(parsed, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`miros ${command.name}: ${error.message} (see 'miros ${command.name} --help')\n`);
      return 2;
    }
    if (isBrokenPipe(error)) return 0;
    io.stderr(`${describeError(error)}\n`);
    return 1;
  }
}
