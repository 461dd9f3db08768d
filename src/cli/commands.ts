// The subcommands of bin/miros, in the order `miros --help` lists them.
import type { Command } from './command.ts';
import { explainCommand } from './explain.ts';
import { readelfCommand } from './readelf.ts';

export const commands: readonly Command[] = [readelfCommand, explainCommand];
