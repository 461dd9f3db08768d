// bin/miros as users meet it: help, unknown commands and options (exit 2, one line).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { commands } from '../src/cli/commands.ts';

const miros = (...args: string[]) => spawnSync('bin/miros', args, { encoding: 'utf8' });

describe('bin/miros', () => {
  it('lists its subcommands with --help', () => {
    const result = miros('--help');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Usage: miros <command>/);
  });

  // Each command's implementation is a chunk of its own, imported on demand (src/cli/commands.ts).
  it.each(commands.map((c) => [c.name, c.summary]))('loads %s on demand for its --help', (name, summary) => {
    const result = miros(name, '--help');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^Usage: miros ${name} `));
    expect(result.stdout).toContain(`\n${summary}\n`);
  });

  it('rejects an unknown command with one line and exit status 2', () => {
    const result = miros('frobnicate');
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain("unknown command 'frobnicate'");
  });

  it('prints usage to stderr and exits 2 without arguments', () => {
    const result = miros();
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^Usage: miros/);
  });

  // Each listing is far longer than a pipe's 64 KiB buffer, so Miros does write into the closed pipe.
  const longListings = [
    'objdump -d tests/programs/bin/hello.musl-static-O2',
    'readelf -s -W /usr/lib/x86_64-linux-gnu/libc.so.6',
  ].filter((command) => existsSync(command.split(' ').at(-1)!));
  it.each(longListings)('%s into a pipe closed early (| head) ends quietly with status 0', (command) => {
    const result = spawnSync('bash', ['-c', `set -o pipefail; bin/miros ${command} | head -c 1 >/dev/null`], {
      encoding: 'utf8',
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});
