// Several processes in one System, end to end (tests/kernel/fixtures/process-schedule.c): the
// schedule across processes is deterministic, a deadlock between processes is reported, and the
// run ends with the first process's status even when a child is left waiting forever. What
// processes do is compared with native runs in tests/programs (program fork).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const MIROS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'miros');
const FIXTURE = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'process-schedule');

function runFixture(...args: string[]) {
  const r = spawnSync(MIROS, ['run', '--stats', FIXTURE, ...args], { encoding: 'latin1', timeout: 120_000 });
  const instructions = /miros: stats: instructions=(\d+)/.exec(r.stderr ?? '')?.[1];
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, instructions };
}

describe.skipIf(!existsSync(join(dirname(MIROS), '..', 'dist', 'miros.mjs')))('processes, end to end', () => {
  it('is deterministic: a counter two processes race on through MAP_SHARED, and the instruction count', () => {
    const first = runFixture('race');
    const second = runFixture('race');
    expect(first.status).toBe(0);
    const counter = /^counter (\d+)\n$/.exec(first.stdout)?.[1];
    expect(counter).toBeDefined();
    // Each process adds 3,000,000 times: 1 in the child, 1,000,000 in the parent. Updates are
    // lost where a switch fell between a load and its store, so the total is less than
    // 3,000,000 x 1,000,001 (how much less depends on where the slices end: on the environment's
    // size, not on the host's timing).
    const total = BigInt(counter!);
    expect(total).toBeLessThan(3_000_000n * 1_000_001n);
    expect(total).toBeGreaterThan(0n);
    expect(second.stdout).toBe(first.stdout);
    expect(first.instructions).toBeDefined();
    expect(second.instructions).toBe(first.instructions);
  }, 240_000);

  it('a deadlock between processes ends with a miros: message and status 1, not a hang', () => {
    const r = runFixture('deadlock');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /^miros: .*process-schedule: deadlock: every thread waits forever: process (\d+) thread \1 in wait4 \(child\); process (\d+) thread \2 in read on pipe:\[\d+\]\n/,
    );
  }, 240_000);

  it('the run ends with the first process, though its child is left waiting forever', () => {
    const r = runFixture('orphan');
    expect(r.stdout).toBe('parent exits 3\n');
    expect(r.status).toBe(3);
    expect(r.stderr).not.toMatch(/deadlock/);
  }, 240_000);
});
