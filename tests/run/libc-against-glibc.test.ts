// Miros libc against glibc itself on the same CPU and kernel: a program of this machine run on
// Miros libc (`miros run`) and on the system's ld.so and glibc as guest code (`miros run
// --system-ldso`). Where an answer depends on the CPU (CPUID's caches) or on the kernel's limits
// (RLIMIT_NPROC, AT_MINSIGSTKSZ), the native run is no oracle and this one is.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { miros } from './helpers.ts';

const GETCONF = '/usr/bin/getconf';
const SYSTEM_LDSO = '/lib64/ld-linux-x86-64.so.2';
const ENV = ['--clear-env', '--env=PATH=/usr/bin:/bin', '--env=LC_ALL=C'];

/** Output lines, without those that change from one moment to the next (free memory). */
function steadyLines(text: string): string[] {
  return text.split('\n').filter((line) => !line.startsWith('_AVPHYS_PAGES'));
}

describe.skipIf(!existsSync(GETCONF) || !existsSync(SYSTEM_LDSO))('Miros libc against glibc under Miros', () => {
  it('getconf -a: every sysconf, confstr and pathconf value glibc gives (320 lines)', () => {
    const onMiros = miros(['run', ...ENV, GETCONF, '-a']);
    const onGlibc = miros(['run', '--system-ldso', ...ENV, GETCONF, '-a']);
    expect(onGlibc.status).toBe(0);
    expect(onMiros.stderr).toBe('');
    expect(onMiros.status).toBe(0);
    expect(steadyLines(onMiros.stdout)).toEqual(steadyLines(onGlibc.stdout));
    expect(steadyLines(onMiros.stdout).length).toBeGreaterThan(300);
  }, 300_000);

  it('getconf of single names, a path variable and an unknown name (status 1)', () => {
    for (const args of [['LEVEL3_CACHE_SIZE'], ['UINT_MAX'], ['NAME_MAX', '/'], ['PATH'], ['NO_SUCH_NAME']]) {
      const onMiros = miros(['run', ...ENV, GETCONF, ...args]);
      const onGlibc = miros(['run', '--system-ldso', ...ENV, GETCONF, ...args]);
      expect({ args, ...onMiros }).toEqual({ args, ...onGlibc });
    }
  }, 300_000);
});
