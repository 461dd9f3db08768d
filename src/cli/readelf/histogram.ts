// `readelf -I`: histograms of the hash tables' bucket chain lengths, as GNU readelf 2.40 prints them.
import { DT_GNU_HASH, DT_HASH } from '../../elf/index.ts';
import { fixed1, plural } from './format.ts';
import type { Listing } from './listing.ts';

function histogram(lengths: number[], symbolCount: number, header: string): string {
  const buckets = lengths.length;
  let text = `\n${header} (total of ${buckets} ${plural(buckets, 'bucket', 'buckets')}):\n`;
  text += ' Length  Number     % of total  Coverage\n';
  if (buckets === 0) return text;
  const maxLength = Math.max(0, ...lengths);
  const counts = new Array<number>(maxLength + 1).fill(0);
  for (const length of lengths) counts[length]!++;
  text += `      0  ${String(counts[0]).padEnd(10)} (${fixed1((counts[0]! * 100) / buckets).padStart(5)}%)\n`;
  let covered = 0;
  for (let i = 1; i <= maxLength; i++) {
    covered += counts[i]! * i;
    text += `${String(i).padStart(7)}  ${String(counts[i]).padEnd(10)} (${fixed1((counts[i]! * 100) / buckets).padStart(5)}%)    ${fixed1((covered * 100) / symbolCount).padStart(5)}%\n`;
  }
  return text;
}

export function listHistogram(listing: Listing): void {
  const { elf } = listing;
  const dynamic = elf.dynamic;
  if (!dynamic) return;
  if (dynamic.has(DT_HASH)) {
    const table = elf.sysvHashTable;
    // readelf reads no table with no buckets or no chains.
    if (table && table.bucketCount !== 0 && table.chainCount !== 0) {
      const lengths: number[] = [];
      let symbols = 0;
      for (let b = 0; b < table.bucketCount; b++) {
        let length = 0;
        const visited = new Set<number>();
        for (let i = table.bucket(b); i > 0; i = table.chain(i)) {
          symbols++;
          length++;
          if (i >= table.chainCount || visited.has(i)) break;
          visited.add(i);
        }
        lengths.push(length);
      }
      listing.write(histogram(lengths, symbols, 'Histogram for bucket list length'));
    }
  }
  if (dynamic.has(DT_GNU_HASH)) {
    const table = elf.gnuHashTable;
    // readelf reads no table whose buckets are all empty (no exported symbols) or point below symoffset.
    const buckets = table ? Array.from({ length: table.bucketCount }, (_, b) => table.bucket(b)) : [];
    if (table && buckets.some((b) => b !== 0) && !buckets.some((b) => b !== 0 && b < table.symbolOffset)) {
      const lengths: number[] = [];
      let symbols = 0;
      for (let b = 0; b < table.bucketCount; b++) {
        const start = table.bucket(b);
        if (start === 0) {
          lengths.push(0);
          continue;
        }
        let length = 1;
        for (let i = start; i < table.symbolCount && (table.chainWord(i) & 1) === 0; i++) length++;
        lengths.push(length);
        symbols += length;
      }
      listing.write(histogram(lengths, symbols, "Histogram for `.gnu.hash' bucket list length"));
    }
  }
}
