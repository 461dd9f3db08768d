// What the float libm sweep tests share (libm-float.test.ts, libm-more.test.ts): float bit views,
// the generators' FNV-style block hash and xorshift32 stream, reading their data files (special
// arguments in full, then sections of block hashes), running one float call as the generator
// records it, and the per-block comparison. The data files' format is described in each generator
// (tests/libc/generators/libm-float.c, libm-more.c).
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { mathStatus } from '../../../src/libc/math/exact.ts';

export const FE_INVALID = 0x01;

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

export function floatFromBits(bits: number): number {
  u32[0] = bits;
  return f32[0]!;
}

/** A float's bits; every NaN as 0x7fc00000 (NaN bits are the binding's business, tested by the runtime programs). */
export function floatBitsOf(x: number): number {
  if (Number.isNaN(x)) return 0x7fc00000;
  f32[0] = x;
  return u32[0]!;
}

export function isSignalingFloat(bits: number): boolean {
  return (bits & 0x7fffffff) > 0x7f800000 && (bits & 0x400000) === 0;
}

export function hex8(word: number): string {
  return word.toString(16).padStart(8, '0');
}

/** The generators' hash: h = 0x811c9dc5, then per 32-bit word h = (h ^ w) · 0x01000193 mod 2^32. */
export const HASH_START = 0x811c9dc5;
export function hashStep(h: number, w: number): number {
  return Math.imul(h ^ w, 0x01000193) >>> 0;
}

/** The generators' xorshift32 stream from `seed`. */
export function xorshift32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state;
  };
}

/** A section header ("sweep name stride block count", "pairs …", "stream …": block and count last) and its hashes. */
export interface HashSection {
  name: string;
  header: string[];
  block: number;
  count: number;
  hashes: number[];
}

export interface SweepData {
  /** "= name fields…" lines by name, the fields after the name. */
  specials: Map<string, string[][]>;
  sections: HashSection[];
}

/** Reads a generator's data file; `sectionKinds` are the header words that open a section of hashes. */
export function readSweepData(path: string, sectionKinds: string[]): SweepData {
  const specials = new Map<string, string[][]>();
  const sections: HashSection[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line === '') continue;
    const f = line.split(' ');
    if (f[0] === '=') {
      const list = specials.get(f[1]!) ?? [];
      list.push(f.slice(2));
      specials.set(f[1]!, list);
    } else if (sectionKinds.includes(f[0]!)) {
      sections.push({ name: f[1]!, header: f, block: Number(f.at(-2)), count: Number(f.at(-1)), hashes: [] });
    } else sections.at(-1)!.hashes.push(Number.parseInt(f[0]!, 16));
  }
  return { specials, sections };
}

/** The outcome of the last runFloatCall as the generators record it. */
export const floatCall = { bits: 0, errno: 0, flags: 0 };

/**
 * Runs one float call as the generators record it: result bits (NaN canonical), errno and flags.
 * A signaling NaN argument raises invalid in the binding (math-binding.ts returnNaN), not in the
 * function. Returns the result rounded to float.
 */
export function runFloatCall(compute: () => number, signalingArgument: boolean): number {
  mathStatus.errno = 0;
  mathStatus.exceptions = 0;
  const r = Math.fround(compute());
  let flags = mathStatus.exceptions;
  if (Number.isNaN(r) && signalingArgument) flags |= FE_INVALID;
  floatCall.bits = floatBitsOf(r);
  floatCall.errno = mathStatus.errno;
  floatCall.flags = flags;
  return r;
}

/** "errno << 8 | flags", the status word the generators hash after a call's result words. */
export function floatCallStatus(): number {
  return (floatCall.errno << 8) | floatCall.flags;
}

/** "result-hex errno flags" of the last runFloatCall, as the generators print a special argument. */
export function describeFloatCall(): string {
  return `${hex8(floatCall.bits)} ${floatCall.errno} ${floatCall.flags.toString(16)}`;
}

/**
 * Hashes the section's calls block by block (`hashCall(i, h)` runs call i and folds it into h) and
 * adds a failure for every block whose hash differs from the recorded one.
 */
export function compareBlocks(
  section: HashSection,
  hashCall: (i: number, h: number) => number,
  failures: string[],
): void {
  const { block, count } = section;
  let hash = 0;
  for (let i = 0; i < count; i++) {
    if (i % block === 0) hash = HASH_START;
    hash = hashCall(i, hash);
    if (i % block === block - 1 && hash !== section.hashes[(i / block) | 0])
      failures.push(`${section.header.join(' ')}: block ${(i / block) | 0} (calls ${i - block + 1}..${i}) differs`);
  }
}

/** A sweep section's i-th argument: every stride-th float bit pattern. */
export function sweepArgument(section: HashSection, i: number): number {
  return Math.imul(i, Number(section.header[2])) >>> 0;
}

/** Functions whose results are known to differ from glibc's in some recorded cases, and why. */
export type KnownMismatches = Record<string, { count: number; reason: string }>;

/** Fails unless exactly the known number of mismatches (zero unless listed) was found. */
export function expectKnownMismatches(name: string, failures: string[], known: KnownMismatches): void {
  const count = known[name]?.count ?? 0;
  if (failures.length !== count) expect(failures.slice(0, 20).join('\n')).toBe(`${count} mismatches`);
}
