// Issue 6's acceptance points that no other program showed (tests/linker/acceptance, built by
// build.sh against the system glibc, each run's native stdout and exit status recorded): the TCB's
// stack and pointer guards against AT_RANDOM, the start-up and exit symbols (names, getauxval,
// __libc_single_threaded, errno per thread, stdio buffering, abort, assert, stack smashing, _exit;
// -O0 non-PIE with the stack protector and -O2 PIE with _FORTIFY_SOURCE=2), TLS of every model from
// several threads with a TLSDESC library and a constructor given argc/argv/envp, C++ thread_local
// destructors, pthread attributes read back with pthread_getattr_np, libc callbacks (qsort,
// bsearch, pthread_once, dl_iterate_phdr) that wait for another thread, the libc family as Miros
// libc (ldd, MIROS_DEBUG=libs). Under `bin/miros run` (Miros's linker and Miros libc) each run must print what it
// printed natively and exit the same way.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..');
const miros = join(repo, 'bin', 'miros');
const acceptance = join(here, 'acceptance');
const expectedDir = join(acceptance, 'expected');
const built = existsSync(join(repo, 'dist', 'miros.mjs'));

/** Every recorded run: NAME@VARIANT.RUN, from the .status files build.sh wrote. */
const runs = existsSync(expectedDir)
  ? readdirSync(expectedDir)
      .filter((file) => file.endsWith('.status'))
      .map((file) => file.slice(0, -'.status'.length))
      .sort()
  : [];

function lines(file: string): string[] {
  const text = readFileSync(file, 'latin1');
  return text === '' ? [] : text.replace(/\n$/, '').split('\n');
}

describe.skipIf(!built || runs.length === 0)('issue 6 acceptance programs under bin/miros run', () => {
  for (const run of runs) {
    it(run, () => {
      const binary = run.slice(0, run.lastIndexOf('.'));
      const args = lines(join(expectedDir, `${run}.args`));
      const result = spawnSync(
        miros,
        ['run', '--clear-env', '--env=A=1', '--env=LD_LIBRARY_PATH=.', `./${binary}`, ...args],
        { cwd: join(acceptance, 'bin'), encoding: 'latin1', input: '', env: { ...process.env, MIROS_DEBUG: '' } },
      );
      expect(result.stdout).toBe(readFileSync(join(expectedDir, `${run}.stdout`), 'latin1'));
      expect(result.status, result.stderr).toBe(Number(readFileSync(join(expectedDir, `${run}.status`), 'utf8')));
    }, 120_000);
  }

  it.skipIf(spawnSync('ldd', ['--version']).status !== 0)(
    'the libc family (libc, libm, libdl, librt, libutil, libpthread, ld.so) is Miros libc, never a file',
    () => {
      const cwd = join(acceptance, 'bin');
      const program = './thread-attributes@O2-family';
      const names = (text: string) =>
        text
          .split('\n')
          .filter((line) => line.includes('=>'))
          .map((line) => line.trim().split(' ')[0]!);
      const native = names(spawnSync('ldd', [program], { cwd, encoding: 'latin1' }).stdout);
      expect(native).toEqual(['libm.so.6', 'libdl.so.2', 'librt.so.1', 'libutil.so.1', 'libpthread.so.0', 'libc.so.6']);
      const ours = spawnSync(miros, ['ldd', program], { cwd, encoding: 'latin1' }).stdout;
      expect(names(ours)).toEqual([...native, 'ld-linux-x86-64.so.2']);
      expect(ours.split('\n').filter((line) => line.includes('=>') && !line.includes('(built in)'))).toEqual([]);
      const traced = spawnSync(miros, ['run', '--clear-env', program], {
        cwd,
        encoding: 'latin1',
        env: { ...process.env, MIROS_DEBUG: 'libs' },
      });
      expect(traced.status).toBe(0);
      expect(traced.stderr).not.toMatch(/trying file=|generating link map.*lib(c|m|dl|rt|util|pthread)\.so/);
    },
    120_000,
  );

  it.skipIf(spawnSync('readelf', ['--version']).status !== 0)(
    'the non-PIE build takes stdin, stdout, stderr and environ through copy relocations (readelf)',
    () => {
      const relocations = spawnSync('readelf', ['-rW', join(acceptance, 'bin', 'startup@O0-nopie-ssp')], {
        encoding: 'latin1',
      }).stdout;
      for (const symbol of ['stdin', 'stdout', 'stderr', '__environ', '__progname', '__libc_single_threaded']) {
        expect(relocations).toMatch(new RegExp(`R_X86_64_COPY .* ${symbol}@GLIBC_`));
      }
    },
  );
});
