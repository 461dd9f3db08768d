// The residual list of the x87 transcendental vectors (x87-transcendental-residuals.txt): record
// numbers where Miros differs from the hardware in the last bit only. Written and checked by
// x87-transcendental-vectors.test.ts; the CPU-handler replay skips these records.
import { readFileSync } from 'node:fs';

export const RESIDUALS_URL = new URL('./x87-transcendental-residuals.txt', import.meta.url);

/** Residual record numbers (positions in x87.bin.gz) by operation name. */
export function readResiduals(): Map<string, Set<number>> {
  const out = new Map<string, Set<number>>();
  for (const line of readFileSync(RESIDUALS_URL, 'latin1').split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const [name, ...numbers] = line.trim().split(/\s+/);
    const set = out.get(name!) ?? new Set<number>();
    for (const n of numbers) set.add(Number(n));
    out.set(name!, set);
  }
  return out;
}
