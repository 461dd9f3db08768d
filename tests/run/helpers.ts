// Running bin/miros and native programs for the end-to-end tests of `miros run`.

import { type SpawnSyncOptions, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const MIROS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'miros');

export interface Outcome {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: readonly string[], options: SpawnSyncOptions): Outcome {
  const result = spawnSync(command, args, { encoding: 'latin1', timeout: 120_000, ...options });
  return {
    status: result.status,
    signal: result.signal,
    stdout: String(result.stdout ?? ''),
    stderr: String(result.stderr ?? ''),
  };
}

export function miros(args: readonly string[], options: SpawnSyncOptions = {}): Outcome {
  return run(MIROS, args, { cwd: FIXTURES, ...options });
}

export function native(program: string, args: readonly string[], options: SpawnSyncOptions = {}): Outcome {
  return run(program, args, { cwd: FIXTURES, ...options });
}

/** Whether a host tool is on PATH. */
export function hasTool(name: string): boolean {
  return (process.env.PATH ?? '').split(':').some((d) => d !== '' && existsSync(join(d, name)));
}

/** The exit status a shell shows for a native result (128 + signal when killed). */
export function shellStatus(outcome: Outcome): number | null {
  if (outcome.signal) {
    const numbers: Record<string, number> = { SIGILL: 4, SIGTRAP: 5, SIGABRT: 6, SIGFPE: 8, SIGSEGV: 11, SIGPIPE: 13 };
    return 128 + (numbers[outcome.signal] ?? 0);
  }
  return outcome.status;
}
