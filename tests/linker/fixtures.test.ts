// The linker fixtures (tests/linker/fixtures: libc-free programs and libraries built by build.mjs,
// native stdout and exit status recorded in expected/) run under `bin/miros run` — the Miros
// dynamic linker, with the libc family as Miros's own objects — and must behave as they did
// natively under glibc's ld.so: symbol versioning, copy relocations, interposition, init/fini
// order across three libraries, IFUNC, TLS (LE/IE/GD/LD/TLSDESC), $ORIGIN in DT_RPATH and
// DT_RUNPATH, LD_PRELOAD, weak undefined symbols, RELR, STB_GNU_UNIQUE, -Bsymbolic, SysV hash,
// the search order (DT_RPATH, LD_LIBRARY_PATH, DT_RUNPATH, $LIB, $PLATFORM, the system
// directories), the relocation types compiled code leaves out (SIZE32/64, PC32, 32, NONE), the
// mappings' permissions after relocation (segments, PT_GNU_RELRO, PT_GNU_STACK), the order of
// IFUNC resolvers (ifunc-order, natively with LD_BIND_NOW=1 as Miros binds eagerly).
// The error fixtures check Miros's messages (glibc's wording differs by design: exit 127 both).
//
// Each program has four variants (-O0/-O2 × PIE/non-PIE). By default one variant per program runs,
// rotating through the four so that every kind is covered; MIROS_FULL=1 runs all of them.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..');
const miros = join(repo, 'bin', 'miros');
const fixtures = join(here, 'fixtures');
const CASE_TIMEOUT_MS = 120_000;

interface ManifestRun {
  program: string;
  run: string;
  args: string[];
  env: Record<string, string>;
  libraryPathToBin: boolean;
  status: number;
  variants: string[];
}

const manifestPath = join(fixtures, 'expected', 'manifest.json');
const manifest: { programs: ManifestRun[] } = existsSync(manifestPath)
  ? JSON.parse(readFileSync(manifestPath, 'utf8'))
  : { programs: [] };
const full = process.env.MIROS_FULL === '1';

/** Known differences, skipped with their reason (run them with MIROS_FULL=1 to re-check). */
const KNOWN_DIFFERENCES: Record<string, string> = {};

/**
 * Error fixtures: checked by message below, not by the native stdout/status alone. reloc-32s is
 * here because glibc 2.36 does not apply R_X86_64_32S (exit 127); readelf is its oracle. libc-absent
 * (a libc.so.6 import no libc has) is checked in diagnostics.test.ts.
 */
const ERROR_FIXTURES = new Set([
  'missing',
  'undefined',
  'reloc-unknown',
  'reloc-32s',
  'search-inherit-runpath',
  'libc-absent',
  'versions-future',
  'reloc-overflow',
]);

function nativeStatusOf(program: string): number {
  return manifest.programs.find((run) => run.program === program)!.status;
}

/** GNU readelf's output (-W) for a file, or undefined where readelf is not installed. */
function readelf(options: string[], file: string): string | undefined {
  const result = spawnSync('readelf', ['-W', ...options, file], { encoding: 'latin1' });
  return result.status === 0 ? result.stdout : undefined;
}

function runUnderMiros(binary: string, args: string[], env: Record<string, string>) {
  return spawnSync(
    miros,
    ['run', '--clear-env', ...Object.entries(env).map(([k, v]) => `--env=${k}=${v}`), binary, ...args],
    {
      cwd: dirname(binary),
      encoding: 'latin1',
      env: { ...process.env, MIROS_DEBUG: '' },
    },
  );
}

function environmentOf(run: ManifestRun, binary: string): Record<string, string> {
  return { ...run.env, ...(run.libraryPathToBin ? { LD_LIBRARY_PATH: dirname(binary) } : {}) };
}

const built = existsSync(join(repo, 'dist', 'miros.mjs'));

describe.skipIf(!built || manifest.programs.length === 0)('linker fixtures under bin/miros run', () => {
  manifest.programs.forEach((run, index) => {
    if (ERROR_FIXTURES.has(run.program)) return;
    const variants = full ? run.variants : [run.variants[index % run.variants.length]!];
    for (const variant of variants) {
      const known = full ? undefined : KNOWN_DIFFERENCES[run.program];
      it.skipIf(known !== undefined)(
        `${run.program}/${run.run}@${variant}${known ? ` (known: ${known})` : ''}`,
        () => {
          const binary = join(fixtures, 'bin', variant);
          const expected = readFileSync(join(fixtures, 'expected', `${run.program}.${run.run}.out`), 'latin1');
          const result = runUnderMiros(binary, run.args, environmentOf(run, binary));
          expect(result.stderr).toBe('');
          expect(result.stdout).toBe(expected);
          expect(result.status).toBe(run.status);
        },
        CASE_TIMEOUT_MS,
      );
    }
  });

  it(
    'a library that cannot be found: glibc-style one-line error, exit 127',
    () => {
      const binary = join(fixtures, 'bin', 'O2', 'missing-pie');
      const result = runUnderMiros(binary, [], {});
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe(`miros: ${binary}: libmissing.so.1: not found (needed by ${binary})\n`);
      expect(result.status).toBe(127);
    },
    CASE_TIMEOUT_MS,
  );

  it(
    'an undefined strong symbol: names the object, relocation, type and symbol; exit 127',
    () => {
      const binary = join(fixtures, 'bin', 'O0', 'undefined-nopie');
      const result = runUnderMiros(binary, [], {});
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/^miros: .*undefined symbol: \w+.* \(R_X86_64_\w+ at 0x[0-9a-f]+\)\n$/);
      expect(result.status).toBe(127);
    },
    CASE_TIMEOUT_MS,
  );

  it(
    'a symbol version the installed library lacks: names the version, the library and its user; exit 1 as glibc',
    () => {
      const binary = join(fixtures, 'bin', 'O0', 'versions-future-pie');
      const result = runUnderMiros(binary, [], {});
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe(
        `miros: ${binary}: ${join(dirname(binary), 'libver.so.1')}: version 'VER_3' not found (required by ${binary})\n`,
      );
      expect(result.status).toBe(nativeStatusOf('versions-future'));
    },
    CASE_TIMEOUT_MS,
  );

  it(
    "an R_X86_64_PC32 that overflows: glibc's warning naming the symbol, then the program runs as natively",
    () => {
      const binary = join(fixtures, 'bin', 'O2', 'reloc-overflow-pie');
      const result = runUnderMiros(binary, [], {});
      expect(result.stderr).toBe(
        `miros: ${binary}: Symbol \`reloc_data' causes overflow in R_X86_64_PC32 relocation\n`,
      );
      expect(result.stdout).toBe(readFileSync(join(fixtures, 'expected', 'reloc-overflow.default.out'), 'latin1'));
      expect(result.status).toBe(nativeStatusOf('reloc-overflow'));
    },
    CASE_TIMEOUT_MS,
  );

  it(
    'an unknown relocation type: names the object, offset, type and symbol as readelf shows them; exit 127 as glibc',
    () => {
      const binary = join(fixtures, 'bin', 'O2', 'reloc-unknown-pie');
      const library = join(fixtures, 'bin', 'O2', 'libreloc-unknown.so.1');
      const result = runUnderMiros(binary, [], {});
      expect(result.stdout).toBe('');
      expect(result.status).toBe(nativeStatusOf('reloc-unknown'));
      const listing = readelf(['-r'], library);
      const entry = listing?.split('\n').find((line) => line.includes('R_X86_64_GOTPCRELX'));
      const [offset, , type, , symbol] = (entry ?? '0 - R_X86_64_GOTPCRELX - reloc_small').trim().split(/\s+/);
      expect(result.stderr).toBe(
        `miros: ${binary}: ${library}: has a relocation type Miros does not apply: ${type} (41) against symbol ${symbol} (${type} at 0x${BigInt(`0x${offset}`).toString(16)})\n`,
      );
    },
    CASE_TIMEOUT_MS,
  );

  it.skipIf(readelf(['-h'], '/bin/true') === undefined)(
    'R_X86_64_32S (which glibc 2.36 does not apply) writes the symbol value readelf shows, four bytes only',
    () => {
      const directory = join(fixtures, 'bin', 'O0');
      const symbols = readelf(['--dyn-syms'], join(directory, 'libreloc-values.so.1'))!;
      const value = BigInt(`0x${/^\s*\d+: ([0-9a-f]{16}) .* reloc_negative$/m.exec(symbols)![1]}`);
      const library = join(directory, 'libreloc-32s.so.1');
      const offset = Number(`0x${/^([0-9a-f]+) .* R_X86_64_32S /m.exec(readelf(['-r'], library)!)![1]}`);
      const data = /\] \.data\s+PROGBITS\s+([0-9a-f]+) ([0-9a-f]+)/.exec(readelf(['-S'], library)!)!;
      const fileOffset = offset - Number(`0x${data[1]}`) + Number(`0x${data[2]}`);
      const linkedHighHalf = readFileSync(library).readInt32LE(fileOffset + 4);
      const result = runUnderMiros(join(directory, 'reloc-32s-nopie'), [], {});
      expect(result.stderr).toBe('');
      expect(result.stdout).toBe(
        `R_X86_64_32S of reloc_negative (low half) ${BigInt.asIntN(32, value)}\n` +
          `R_X86_64_32S leaves the high half ${linkedHighHalf}\n`,
      );
      expect(result.status).toBe(0);
    },
    CASE_TIMEOUT_MS,
  );

  it(
    "DT_RUNPATH does not apply to a dependency's dependencies: not found, exit 127 as glibc",
    () => {
      const binary = join(fixtures, 'bin', 'O2', 'search-inherit-runpath-nopie');
      const result = runUnderMiros(binary, [], {});
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe(
        `miros: ${binary}: libsearch-leaf.so.1: not found (needed by ${join(dirname(binary), 'search-deep', 'libsearch-mid.so.1')})\n`,
      );
      expect(result.status).toBe(nativeStatusOf('search-inherit-runpath'));
    },
    CASE_TIMEOUT_MS,
  );
});
