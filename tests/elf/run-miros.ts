// Runs a Miros subcommand in-process, as bin/miros would run it (same option parsing, same
// error lines), capturing stdout, stderr and the exit status. Much faster than spawning Node
// for each of hundreds of comparisons, and it loads only the command under test.
import type { Command } from '../../src/cli/command.ts';
import { parseArgs, UsageError } from '../../src/cli/options.ts';
import { describeError } from '../../src/cli/report-error.ts';

export interface CommandResult {
  status: number;
  stdout: string;
  stderr: string;
}

export async function runCommand(command: Command, ...argv: string[]): Promise<CommandResult> {
  let stdout = '';
  let stderr = '';
  const io = {
    stdout: (text: string) => {
      stdout += text;
    },
    stderr: (text: string) => {
      stderr += text;
    },
  };
  let status: number;
  try {
    status = await command.run(parseArgs(argv, command.options), io);
  } catch (error) {
    if (error instanceof UsageError) {
      stderr += `miros ${command.name}: ${error.message}\n`;
      status = 2;
    } else {
      stderr += `${describeError(error)}\n`;
      status = 1;
    }
  }
  return { status, stdout, stderr };
}
