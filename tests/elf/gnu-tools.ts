// The outside oracles of the ELF tests: GNU readelf and objdump 2.40, run on the same files.
// Tests that need them skip with a visible reason when they are absent.
import { execFileSync, spawnSync } from 'node:child_process';

function toolVersion(tool: string): string | undefined {
  const result = spawnSync(tool, ['--version'], { encoding: 'utf8' });
  if (result.status !== 0) return undefined;
  return result.stdout.split('\n')[0];
}

export const readelfVersion = toolVersion('readelf');
export const objdumpVersion = toolVersion('objdump');
export const hasReadelf = readelfVersion !== undefined;
export const hasObjdump = objdumpVersion !== undefined;

if (!hasReadelf) console.warn('tests/elf: GNU readelf not found; live comparisons skipped (golden files still run)');
else if (!readelfVersion?.includes(' 2.40')) {
  console.warn(`tests/elf: comparing against ${readelfVersion}; the goldens were made with 2.40`);
}

/** GNU readelf's stdout for `args` (its warnings on stderr are ignored). */
export function gnuReadelf(...args: string[]): string {
  return execFileSync('readelf', args, { encoding: 'utf8', maxBuffer: 256 << 20, stdio: ['ignore', 'pipe', 'ignore'] });
}

export function gnuObjdump(...args: string[]): string {
  return execFileSync('objdump', args, { encoding: 'utf8', maxBuffer: 256 << 20, stdio: ['ignore', 'pipe', 'ignore'] });
}

/** Lines with runs of blanks folded to one space and trailing blanks dropped: the comparison the issue asks for. */
export function foldBlanks(text: string): string[] {
  return text.split('\n').map((line) => line.replace(/[ \t]+/g, ' ').trimEnd());
}
