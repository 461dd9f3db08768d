// What a subcommand of bin/miros looks like. Subcommands are thin: they parse their arguments
// and call the library; their output goes through the streams given, so tests can capture it.

import type { OptionSpec } from './options.ts';

export interface CommandIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export interface Command {
  /** As listed in src/cli/commands.ts, which also holds its one-line summary. */
  name: string;
  /** Usage line(s), shown by `miros <name> --help` above the option list. */
  usage: string;
  options: readonly OptionSpec[];
  /** Stop option parsing at the first positional (for `run prog args...`). */
  stopAtFirstPositional?: boolean;
  /** Runs the command; returns the process exit status. */
  run(args: import('./options.ts').ParsedArgs, io: CommandIO): number | Promise<number>;
}
