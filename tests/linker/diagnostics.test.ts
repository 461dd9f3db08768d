// The linker's diagnostics against outside oracles: `miros ldd` against the system's ldd,
// MIROS_DEBUG's glibc categories against LD_DEBUG of the same linker fixture run natively
// (tests/linker/fixtures: libc-free, so the lines about the fixture's own objects are comparable;
// lines about the libc family differ by design, Miros libc being no ELF object), the tls category
// against readelf's PT_TLS segments, `ldd --missing` against readelf's dynamic symbols, and a
// libc-family symbol Miros libc lacks as a load-time error naming it, and `ldd --sysroot`/`run
// --root` against glibc's ld.so --list inside a chroot of the same tree (as root only).
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..');
const miros = join(repo, 'bin', 'miros');
const bin = join(here, 'fixtures', 'bin', 'O2');
const CASE_TIMEOUT_MS = 120_000;
const LIBC_FAMILY = /\b(libc\.so\.6|ld-linux-x86-64\.so\.2|linux-vdso\.so\.1)\b/;

function has(tool: string, probe: string[]): boolean {
  return spawnSync(tool, probe, { stdio: 'ignore' }).status === 0;
}
const tools = has('ldd', ['--version']) && has('readelf', ['--version']);
const built = existsSync(join(repo, 'dist', 'miros.mjs'));

/** stderr of a native run with LD_DEBUG=category, and of a Miros run with MIROS_DEBUG=category. */
function traces(program: string, category: string): { native: string[]; miros: string[] } {
  const native = spawnSync(`./${program}`, [], { cwd: bin, env: { LD_DEBUG: category }, encoding: 'latin1' });
  const underMiros = spawnSync(miros, ['run', '--clear-env', `./${program}`], {
    cwd: bin,
    env: { ...process.env, MIROS_DEBUG: category },
    encoding: 'latin1',
  });
  // Each line starts with the process id and a tab.
  const lines = (text: string) => text.split('\n').map((line) => line.replace(/^\s*\d+:\t/, ''));
  return { native: lines(native.stderr), miros: lines(underMiros.stderr) };
}

/** Replaces every path by its last component ("./x" and "/dir/x" are the same object). */
function byBaseName(line: string): string {
  return line.replace(/[^\s=[\]`']*\/([^\s/=[\]`']+)/g, '$1');
}

/** The names in the dynamic symbol tables of the given fixture files (readelf --dyn-syms). */
function dynamicNames(files: string[]): Set<string> {
  const names = new Set<string>();
  for (const file of files) {
    const listing = spawnSync('readelf', ['-W', '--dyn-syms', join(bin, file)], { encoding: 'latin1' }).stdout;
    for (const match of listing.matchAll(/^\s*\d+: [0-9a-f]+\s+\d+ \w+\s+\w+\s+\w+\s+\w+ ([^\s@]+)/gm)) {
      names.add(match[1]!);
    }
  }
  return names;
}

describe.skipIf(!tools || !built)('linker diagnostics against ldd, LD_DEBUG and readelf', () => {
  it(
    'miros ldd lists the libraries native ldd lists, in its order, from the same files',
    () => {
      for (const program of ['initfini-pie', 'search-inherit-rpath-nopie', 'search-system-pie', 'tls-nopie']) {
        const parse = (text: string) =>
          text
            .split('\n')
            .filter((line) => line.includes('=>'))
            .map((line) => /^\s*(\S+) => (.*?)(?: \(0x[0-9a-f]+\))?$/.exec(line)!)
            .map(([, name, where]) => ({ name, where }));
        const native = parse(spawnSync('ldd', [`./${program}`], { cwd: bin, encoding: 'latin1' }).stdout);
        const ours = parse(spawnSync(miros, ['ldd', `./${program}`], { cwd: bin, encoding: 'latin1' }).stdout);
        // ld-linux-x86-64.so.2 has no "=>" line natively (ldd prints it as the interpreter).
        expect(ours.filter((entry) => entry.name !== 'ld-linux-x86-64.so.2').map((entry) => entry.name)).toEqual(
          native.map((entry) => entry.name),
        );
        for (const [index, entry] of native.entries()) {
          if (LIBC_FAMILY.test(entry.name!)) expect(ours[index]!.where).toMatch(/built in/);
          else expect(realpathSync(resolve(bin, ours[index]!.where!))).toBe(realpathSync(resolve(bin, entry.where!)));
        }
      }
    },
    CASE_TIMEOUT_MS,
  );

  it(
    'bindings: the fixture objects bind to each other as LD_DEBUG=bindings shows (interposition, versions)',
    () => {
      for (const program of ['interpose-pie', 'versions-nopie', 'copyreloc-pie']) {
        const { native, miros: ours } = traces(program, 'bindings');
        const between = (lines: string[]) =>
          lines
            .filter((line) => line.startsWith('binding file ') && !LIBC_FAMILY.test(line))
            .map(byBaseName)
            .sort();
        expect(between(native).length).toBeGreaterThan(0);
        expect(between(ours)).toEqual(between(native));
      }
    },
    CASE_TIMEOUT_MS,
  );

  it(
    'symbols: each lookup of a fixture symbol searches the objects LD_DEBUG=symbols shows',
    () => {
      const { native, miros: ours } = traces('interpose-nopie', 'symbols');
      const names = dynamicNames(['interpose-nopie', 'libinterpose.so.1']);
      const lookups = (lines: string[]) =>
        lines
          .filter((line) => /^symbol=([^;]+);/.test(line) && names.has(/^symbol=([^;]+);/.exec(line)![1]!))
          .filter((line) => !LIBC_FAMILY.test(line))
          .map(byBaseName)
          .sort();
      expect(lookups(native).length).toBeGreaterThan(0);
      expect(lookups(ours)).toEqual(lookups(native));
    },
    CASE_TIMEOUT_MS,
  );

  it(
    'versions and reloc: the version checks and the relocation order of LD_DEBUG',
    () => {
      const versions = traces('versions-pie', 'versions');
      const checks = (lines: string[]) =>
        lines.filter((line) => line.startsWith('checking for version') && !LIBC_FAMILY.test(line)).map(byBaseName);
      expect(checks(versions.native).length).toBe(2);
      expect(checks(versions.miros)).toEqual(checks(versions.native));
      const reloc = traces('initfini-nopie', 'reloc');
      const processed = (lines: string[]) =>
        lines
          .filter((line) => line.startsWith('relocation processing: ') && !LIBC_FAMILY.test(line))
          .map((line) => byBaseName(line.replace(/ \(lazy\)$/, '')));
      expect(processed(reloc.native).length).toBe(4);
      expect(processed(reloc.miros)).toEqual(processed(reloc.native));
    },
    CASE_TIMEOUT_MS,
  );

  it(
    'libs: the searches, the initialisers and the finalisers, in the order of LD_DEBUG=libs',
    () => {
      const { native, miros: ours } = traces('initfini-pie', 'libs');
      const steps = (lines: string[]) =>
        lines
          .filter((line) => /^(find library=|calling init: |calling fini: )/.test(line) && !LIBC_FAMILY.test(line))
          .map(byBaseName);
      expect(steps(native).filter((line) => line.startsWith('calling fini: ')).length).toBe(4);
      expect(steps(ours)).toEqual(steps(native));
    },
    CASE_TIMEOUT_MS,
  );

  it(
    'tls: one module per PT_TLS segment readelf shows, with its size and alignment; init: each initialiser',
    () => {
      const { miros: ours } = traces('tls-pie', 'tls,init');
      for (const file of ['tls-pie', 'libtls.so.1', 'libtlsdesc.so.1']) {
        const header = spawnSync('readelf', ['-W', '-l', join(bin, file)], { encoding: 'latin1' }).stdout;
        const [, , , , , memorySize, , align] = /^\s*TLS\s.*$/m.exec(header)![0].trim().split(/\s+/);
        const module = ours.find((line) => / module \d+: /.test(` ${line}`) && line.includes(`/${file} `));
        expect(module, file).toBeDefined();
        expect(module).toContain(`size 0x${Number(memorySize).toString(16)} align 0x${Number(align).toString(16)}`);
      }
      expect(ours.some((line) => line.startsWith('main thread: tp '))).toBe(true);
      const initialisers = traces('initfini-pie', 'init').miros.filter((line) => line.startsWith('init: '));
      // readelf: each library's DT_INIT and its two DT_INIT_ARRAY entries.
      expect(initialisers.map(byBaseName)).toEqual(
        ['libinit-c.so', 'libinit-b.so', 'libinit-a.so'].flatMap((name) => [
          `init: ${name} DT_INIT`,
          `init: ${name} DT_INIT_ARRAY[0]`,
          `init: ${name} DT_INIT_ARRAY[1]`,
        ]),
      );
    },
    CASE_TIMEOUT_MS,
  );

  it.skipIf(process.getuid?.() !== 0 || !has('chroot', ['--version']))(
    'ldd --sysroot and run --root search the system directories inside the tree, as ld.so --list in a chroot',
    () => {
      // A tree with glibc, its ld.so and zlib in usr/lib only (the host has it in /lib too).
      const root = mkdtempSync(join(tmpdir(), 'miros-sysroot-'));
      try {
        const place = (from: string, to: string) => {
          mkdirSync(dirname(join(root, to)), { recursive: true });
          copyFileSync(realpathSync(from), join(root, to));
        };
        place('/lib64/ld-linux-x86-64.so.2', 'lib64/ld-linux-x86-64.so.2');
        place('/lib/x86_64-linux-gnu/libc.so.6', 'lib/x86_64-linux-gnu/libc.so.6');
        place('/lib/x86_64-linux-gnu/libz.so.1', 'usr/lib/x86_64-linux-gnu/libz.so.1');
        place(join(bin, 'search-system-pie'), 'prog');
        const native = spawnSync('chroot', [root, '/lib64/ld-linux-x86-64.so.2', '--list', '/prog'], {
          encoding: 'latin1',
        });
        const nativeZlib = /libz\.so\.1 => (\S+)/.exec(native.stdout)![1];
        expect(nativeZlib).toBe('/usr/lib/x86_64-linux-gnu/libz.so.1');
        const ours = spawnSync(miros, ['ldd', `--sysroot=${root}`, join(root, 'prog')], { encoding: 'latin1' });
        expect(/libz\.so\.1 => (\S+)/.exec(ours.stdout)![1]).toBe(nativeZlib);
        const nativeRun = spawnSync('chroot', [root, '/prog'], {
          encoding: 'latin1',
          env: { PATH: process.env.PATH ?? '/usr/sbin:/usr/bin' },
        });
        const run = spawnSync(miros, ['run', '--clear-env', `--root=${root}`, join(root, 'prog')], {
          encoding: 'latin1',
        });
        expect(run.stdout).toBe(nativeRun.stdout);
        expect(run.status).toBe(nativeRun.status);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    },
    CASE_TIMEOUT_MS,
  );

  it(
    'MIROS_DEBUG=all prints exactly the lines of every category together',
    () => {
      const categories = ['libs', 'reloc', 'symbols', 'bindings', 'versions', 'tls', 'init'];
      // stderr holds only the trace (the fixture writes to stdout); blank trace lines dropped.
      const traced = (words: string) => traces('tls-nopie', words).miros.filter((line) => line !== '');
      const all = traced('all').sort();
      const union = categories.flatMap((category) => traced(category)).sort();
      expect(all.length).toBeGreaterThan(20);
      expect(all).toEqual(union);
    },
    CASE_TIMEOUT_MS,
  );

  it(
    'ldd --missing lists exactly the libc-family imports Miros lacks; running the program names the first',
    () => {
      const program = join(bin, 'libc-absent-pie');
      const listing = spawnSync(miros, ['ldd', '--missing', program], { encoding: 'latin1' });
      const imports = dynamicNames(['libc-absent-pie']);
      expect(imports.has('miros_absent_function')).toBe(true);
      expect(imports.has('miros_absent_weak')).toBe(true);
      // (The program's own imports carry no "needed by"; its libraries' would.)
      expect(listing.stdout).toBe('\tmiros_absent_function (libc.so.6)\n\tmiros_absent_weak (libc.so.6) [weak]\n');
      const run = spawnSync(miros, ['run', '--clear-env', program], { encoding: 'latin1', cwd: bin });
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(
        new RegExp(
          `^miros: ${program}: ${program}: undefined symbol: miros_absent_function .*\\(R_X86_64_\\w+ at 0x[0-9a-f]+\\)\\n$`,
        ),
      );
      expect(run.status).toBe(127);
    },
    CASE_TIMEOUT_MS,
  );
});
