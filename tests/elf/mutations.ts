// Damaged ELF files for the bad-input tests: deterministic (seeded) truncations, random byte
// changes, and changes aimed at the fields that size and place structures (counts, offsets,
// sizes, string indexes), where a reader that trusts its input overflows, loops or throws.
import { ElfFile, PT_DYNAMIC, SHT_NOBITS } from '../../src/elf/index.ts';

/** A small, fast, seedable generator (mulberry32). */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** File ranges worth aiming at: the headers, and every table the reader parses. */
export function structureRanges(bytes: Uint8Array): [number, number][] {
  const ranges: [number, number][] = [[0, 64]];
  try {
    const elf = ElfFile.parse(bytes, 'seed');
    const h = elf.header;
    ranges.push([h.programHeaderOffset, h.programHeaderCount * 56]);
    ranges.push([h.sectionHeaderOffset, elf.sectionCount * 64]);
    for (const s of elf.sections) {
      if (s.type === SHT_NOBITS || s.size === 0) continue;
      // Small sections whole; big ones (code, strings) only their first bytes.
      ranges.push([s.offset, Math.min(s.size, 512)]);
    }
    const dynamic = elf.programHeaders.find((p) => p.type === PT_DYNAMIC);
    if (dynamic) ranges.push([dynamic.offset, dynamic.fileSize]);
  } catch {
    // The seed itself is fine; if not, the header range alone will do.
  }
  return ranges.filter(([offset, size]) => size > 0 && offset + size <= bytes.length);
}

const interesting = [0, 1, 0x7f, 0x80, 0xff, 0x7fffffff, 0x80000000, 0xffffffff, 0xfffffffe, 0x10000];

export type Mutation = { bytes: Uint8Array; what: string };

/** One damaged copy of `seed`. */
export function mutate(seed: Uint8Array, ranges: [number, number][], next: () => number): Mutation {
  const pick = (n: number) => Math.floor(next() * n);
  const kind = pick(4);
  if (kind === 0) {
    const length = pick(seed.length);
    return { bytes: seed.slice(0, length), what: `truncated to ${length} bytes` };
  }
  const bytes = seed.slice();
  const changes: string[] = [];
  const count = 1 + pick(4);
  for (let c = 0; c < count; c++) {
    const [start, size] = ranges[pick(ranges.length)]!;
    const at = start + pick(size);
    if (kind === 1) {
      bytes[at] = pick(256);
      changes.push(`byte 0x${at.toString(16)}`);
    } else {
      // A 32-bit field (aligned, as ELF fields are) set to a boundary value.
      const aligned = at & ~3;
      if (aligned + 4 > bytes.length) continue;
      const value = interesting[pick(interesting.length)]!;
      new DataView(bytes.buffer).setUint32(aligned, value >>> 0, true);
      if (kind === 3 && aligned + 8 <= bytes.length)
        new DataView(bytes.buffer).setUint32(aligned + 4, pick(2) ? 0xffffffff : 0, true);
      changes.push(`word 0x${aligned.toString(16)}=0x${value.toString(16)}`);
    }
  }
  return { bytes, what: changes.join(', ') };
}
