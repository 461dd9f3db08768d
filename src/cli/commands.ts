// The subcommands of bin/miros, in the order `miros --help` lists them.
import type { Command } from './command.ts';
import { explainCommand } from './explain.ts';
import { lddCommand } from './ldd.ts';
import { objdumpCommand } from './objdump.ts';
import { readelfCommand } from './readelf.ts';
import { runCommand } from './run.ts';

export const commands: readonly Command[] = [runCommand, readelfCommand, objdumpCommand, explainCommand, lddCommand];
