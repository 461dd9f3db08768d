// CPUID describes exactly what is implemented (issue 4): fixtures/cpu-features.c prints the
// feature words and runs one instruction of each feature bit it has a probe for. Every bit Miros
// advertises must have a probe, which must run under Miros (no SIGILL) and give the result the
// same instruction gives natively on this machine (for NX: SIGSEGV, executing a data page). Also the CPU entries of the auxiliary vector
// (AT_HWCAP, AT_HWCAP2, AT_MINSIGSTKSZ) and rdtsc/rdtscp counting up, as natively.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, miros, native } from './helpers.ts';

const program = join(FIXTURES, 'cpu-features');

/**
 * Advertised but not implemented (each probe must then raise SIGILL under Miros). Empty since MMX
 * landed (src/cpu/mmx.ts); kept so that a feature advertised before it works is named here.
 */
const ADVERTISED_NOT_IMPLEMENTED = new Set<string>();

interface Probe {
  advertised: boolean;
  result: string;
}

function probes(stdout: string): Map<string, Probe> {
  const found = new Map<string, Probe>();
  for (const m of stdout.matchAll(/^probe (0x[0-9a-f]+\.\d\.\d+) (\S+): advertised ([01]), (.*)$/gm)) {
    found.set(`${m[1]} ${m[2]}`, { advertised: m[3] === '1', result: m[4]! });
  }
  return found;
}

/** Advertised bits as "leaf.register.bit" (register 1 ebx, 2 ecx, 3 edx), from the cpuid lines. */
function advertisedBits(stdout: string): string[] {
  const bits: string[] = [];
  for (const m of stdout.matchAll(/^cpuid (0x[0-9a-f]+): ebx ([0-9a-f]{8}) ecx ([0-9a-f]{8}) edx ([0-9a-f]{8})$/gm)) {
    [m[2], m[3], m[4]].forEach((word, index) => {
      const value = Number.parseInt(word!, 16);
      for (let bit = 0; bit < 32; bit++) if ((value >>> bit) & 1) bits.push(`${m[1]}.${index + 1}.${bit}`);
    });
  }
  return bits;
}

describe('CPUID and the CPU entries of the auxiliary vector, native vs Miros', () => {
  const expected = native(program, []);
  const actual = miros(['run', program]);

  it('runs to the end both ways', () => {
    expect(expected.status).toBe(0);
    expect(actual.stderr).toBe('');
    expect(actual.status).toBe(0);
  });

  it('every advertised feature has a probe that runs as natively', () => {
    const ours = probes(actual.stdout);
    const theirs = probes(expected.stdout);
    expect(ours.size).toBe(27);
    // Leaf 1 EBX is not a feature word (brand index, CLFLUSH size, processors, APIC id).
    const bits = advertisedBits(actual.stdout).filter((b) => !b.startsWith('0x1.1.'));
    expect(bits.length).toBeGreaterThan(20);
    const probed = [...ours.keys()].map((k) => k.split(' ')[0]);
    expect(bits.filter((b) => !probed.includes(b))).toEqual([]);
    for (const [key, probe] of ours) {
      if (!probe.advertised) continue;
      const name = key.split(' ')[1]!;
      if (ADVERTISED_NOT_IMPLEMENTED.has(name)) {
        expect(probe.result, name).toBe('signal 4');
        continue;
      }
      expect(theirs.get(key)!.result, `${name} natively`).not.toBe('signal 4');
      expect(probe.result, name).toBe(theirs.get(key)!.result);
    }
  });

  it('advertises SSE4.2 and below, no AVX and no OSXSAVE (x86-64-v2, issue 5)', () => {
    const leaf1 = /^cpuid 0x1: ebx [0-9a-f]{8} ecx ([0-9a-f]{8})/m.exec(actual.stdout)!;
    const ecx = Number.parseInt(leaf1[1]!, 16);
    expect((ecx >>> 27) & 1).toBe(0);
    expect((ecx >>> 28) & 1).toBe(0);
    expect((ecx >>> 20) & 1).toBe(1);
  });

  it('AT_HWCAP, AT_HWCAP2, AT_MINSIGSTKSZ and rdtsc as natively', () => {
    const tail = (text: string) => text.split('\n').filter((l) => !l.startsWith('cpuid ') && !l.startsWith('probe '));
    expect(tail(actual.stdout)).toEqual(tail(expected.stdout));
    expect(tail(expected.stdout).filter((l) => l.endsWith(': 1'))).toHaveLength(6);
  });
});
