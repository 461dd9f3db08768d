// The subcommands of bin/miros, in the order `miros --help` lists them.
import type { Command } from './command.ts';

export const commands: readonly Command[] = [];
