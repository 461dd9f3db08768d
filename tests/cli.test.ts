// bin/miros as users meet it: help, unknown commands and options (exit 2, one line).
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const miros = (...args: string[]) => spawnSync('bin/miros', args, { encoding: 'utf8' });

describe('bin/miros', () => {
  it('lists its subcommands with --help', () => {
    const result = miros('--help');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Usage: miros <command>/);
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
});
