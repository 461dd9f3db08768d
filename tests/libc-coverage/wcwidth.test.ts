// wcwidth over every code point, "C" and "C.UTF-8", against glibc 2.36 recorded natively
// (data/wcwidth-blocks.txt from generators/wcwidth-blocks.c: an FNV-1a hash of the widths per
// block of 4096 code points). The table under test (src/libc/wchar/wcwidth-data.ts) is generated
// separately, as ranges; this checks that data and the lookup together give glibc's answer.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { C_WIDTH_RANGES, UTF8_WIDTH_RANGES } from '../../src/libc/wchar/wcwidth-data.ts';
import { widthIn } from '../../src/libc/wchar/wcwidth-functions.ts';

const recorded = readFileSync(join(import.meta.dirname, 'data', 'wcwidth-blocks.txt'), 'utf8')
  .trim()
  .split('\n')
  .map((line) => line.split(' '));

const TABLES: Record<string, Int32Array> = { C: C_WIDTH_RANGES, 'C.UTF-8': UTF8_WIDTH_RANGES };

function blockHash(ranges: Int32Array, block: number): string {
  let hash = 2166136261;
  for (let c = block * 4096; c < (block + 1) * 4096; c++) {
    hash ^= (widthIn(ranges, c) + 1) & 0xff;
    hash = Math.imul(hash, 16777619) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

describe('wcwidth matches glibc 2.36 for every code point', () => {
  for (const locale of Object.keys(TABLES)) {
    it(locale, () => {
      const lines = recorded.filter(([name]) => name === locale);
      expect(lines.length).toBe(0x110);
      const mismatches = lines
        .filter(([, block, hash]) => blockHash(TABLES[locale]!, Number.parseInt(block!, 16)) !== hash)
        .map(([, block]) => `U+${block}000`);
      expect(mismatches).toEqual([]);
    });
  }

  it('is -1 beyond Unicode and for negative wchar_t values, as glibc', () => {
    for (const c of [0x110000, 0x7fffffff, -1, -0x80000000]) expect(widthIn(UTF8_WIDTH_RANGES, c)).toBe(-1);
  });
});
