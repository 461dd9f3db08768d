// CPUID: what this CPU says it is. ONE table of feature bits (FEATURES) describes exactly what is
// implemented — libcs choose code paths by it (glibc's ifuncs, musl's memcpy), so a bit set here
// is a promise. Level x86-64-v2 (issue 5): baseline x86-64 plus SSE3, SSSE3, SSE4.1, SSE4.2, POPCNT,
// CX16, LAHF/SAHF, and the extras implemented here (movbe, lzcnt, erms, pclmulqdq, aes).
// No AVX (OSXSAVE off), so glibc's x86-64-v3 checks fail as they must.

import type { Cpu } from './cpu.ts';

/** A feature: CPUID leaf, register and bit. */
interface Feature {
  name: string;
  leaf: number;
  register: 'ecx' | 'edx' | 'ebx';
  bit: number;
}

export const FEATURES: readonly Feature[] = [
  { name: 'fpu', leaf: 1, register: 'edx', bit: 0 },
  { name: 'tsc', leaf: 1, register: 'edx', bit: 4 },
  { name: 'cx8', leaf: 1, register: 'edx', bit: 8 },
  { name: 'cmov', leaf: 1, register: 'edx', bit: 15 },
  { name: 'clfsh', leaf: 1, register: 'edx', bit: 19 },
  { name: 'mmx', leaf: 1, register: 'edx', bit: 23 },
  { name: 'fxsr', leaf: 1, register: 'edx', bit: 24 },
  { name: 'sse', leaf: 1, register: 'edx', bit: 25 },
  { name: 'sse2', leaf: 1, register: 'edx', bit: 26 },
  { name: 'sse3', leaf: 1, register: 'ecx', bit: 0 },
  { name: 'pclmulqdq', leaf: 1, register: 'ecx', bit: 1 },
  { name: 'ssse3', leaf: 1, register: 'ecx', bit: 9 },
  { name: 'cx16', leaf: 1, register: 'ecx', bit: 13 },
  { name: 'sse4_1', leaf: 1, register: 'ecx', bit: 19 },
  { name: 'sse4_2', leaf: 1, register: 'ecx', bit: 20 },
  { name: 'movbe', leaf: 1, register: 'ecx', bit: 22 },
  { name: 'popcnt', leaf: 1, register: 'ecx', bit: 23 },
  { name: 'aes', leaf: 1, register: 'ecx', bit: 25 },
  { name: 'erms', leaf: 7, register: 'ebx', bit: 9 },
  { name: 'lahf_lm', leaf: 0x80000001, register: 'ecx', bit: 0 },
  { name: 'abm', leaf: 0x80000001, register: 'ecx', bit: 5 },
  { name: 'prefetchw', leaf: 0x80000001, register: 'ecx', bit: 8 },
  { name: 'syscall', leaf: 0x80000001, register: 'edx', bit: 11 },
  { name: 'nx', leaf: 0x80000001, register: 'edx', bit: 20 },
  { name: 'rdtscp', leaf: 0x80000001, register: 'edx', bit: 27 },
  { name: 'lm', leaf: 0x80000001, register: 'edx', bit: 29 },
];

function featureWord(leaf: number, register: Feature['register']): number {
  let word = 0;
  for (const f of FEATURES) if (f.leaf === leaf && f.register === register) word |= 1 << f.bit;
  return word;
}

const MAX_BASIC_LEAF = 7;
const MAX_EXTENDED_LEAF = 0x80000008;
/** Family 6, model 0x8f, stepping 8 (the family/model of this machine's CPU). */
const VERSION = (0x8 << 16) | (6 << 8) | (0xf << 4) | 8;
const BRAND = 'Miros x86-64 interpreter';

/** Four ASCII characters as a little-endian register value. */
function chars(text: string, offset: number): number {
  let v = 0;
  for (let i = 3; i >= 0; i--) v = (v << 8) | (text.charCodeAt(offset + i) || 0);
  return v;
}

/** Deterministic cache parameters (leaf 4): type/level, ways, line, sets — L1d, L1i, L2, L3. */
const CACHES: readonly [number, number, number, number, number][] = [
  // type, level, ways, line size, sets
  [1, 1, 12, 64, 64],
  [2, 1, 8, 64, 64],
  [3, 2, 16, 64, 2048],
  [3, 3, 16, 64, 16384],
];

/** Results of CPUID for (eax, ecx) as [eax, ebx, ecx, edx]. */
export function cpuidResult(leaf: number, subleaf: number): [number, number, number, number] {
  switch (leaf) {
    case 0:
      // "GenuineIntel": glibc tunes string functions by vendor and family.
      return [MAX_BASIC_LEAF, chars('Genu', 0), chars('ntel', 0), chars('ineI', 0)];
    case 1:
      // EBX: clflush line size 8 (×8 = 64 bytes), one logical processor, APIC id 0.
      return [VERSION, (1 << 16) | (8 << 8), featureWord(1, 'ecx'), featureWord(1, 'edx')];
    case 2:
      // Descriptor 0xff: "use leaf 4 for cache parameters".
      return [0x00ff0001, 0, 0, 0];
    case 4: {
      const cache = CACHES[subleaf];
      if (cache === undefined) return [0, 0, 0, 0];
      const [type, level, ways, line, sets] = cache;
      return [type | (level << 5) | (1 << 8), (line - 1) | ((ways - 1) << 22), sets - 1, 0];
    }
    case 7:
      return subleaf === 0 ? [0, featureWord(7, 'ebx'), featureWord(7, 'ecx'), featureWord(7, 'edx')] : [0, 0, 0, 0];
    case 0x80000000:
      return [MAX_EXTENDED_LEAF, 0, 0, 0];
    case 0x80000001:
      return [0, 0, featureWord(0x80000001, 'ecx'), featureWord(0x80000001, 'edx')];
    case 0x80000002:
    case 0x80000003:
    case 0x80000004: {
      const base = (leaf - 0x80000002) * 16;
      const text = BRAND.padEnd(48, '\0');
      return [chars(text, base), chars(text, base + 4), chars(text, base + 8), chars(text, base + 12)];
    }
    case 0x80000006:
      // L2: 2 MiB, 64-byte lines (ECX: size in KiB << 16 | associativity code << 12 | line size).
      return [0, 0, (2048 << 16) | (6 << 12) | 64, 0];
    case 0x80000008:
      // 46 physical and 48 virtual address bits.
      return [(48 << 8) | 46, 0, 0, 0];
    default:
      // Leaves above the maximum return the highest basic leaf's data on Intel; zeros are safer
      // for software probing unknown leaves within range.
      return [0, 0, 0, 0];
  }
}

/** Executes CPUID: leaf in eax, subleaf in ecx; results zero-extend into rax, rbx, rcx, rdx. */
export function cpuid(cpu: Cpu): void {
  const g = cpu.gpr;
  const [a, b, c, d] = cpuidResult(g[0]! >>> 0, g[2]! >>> 0);
  g[0] = a;
  g[1] = 0;
  g[6] = b;
  g[7] = 0;
  g[2] = c;
  g[3] = 0;
  g[4] = d;
  g[5] = 0;
}
