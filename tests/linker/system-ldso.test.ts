// `miros run --system-ldso`: dynamically linked programs of this machine run with their own
// PT_INTERP (the system's ld.so, then glibc, libstdc++…) as guest code, and behave as natively:
// the same stdout and exit status. The oracle is the native run of the same binary.
//
// Cases: a C hello world and a C++ iostream program compiled here (skipped without gcc/g++),
// /usr/bin/true and /usr/bin/false, `ls -la` of a directory made here (LC_ALL=C, TZ=UTC), and a
// linker fixture (tests/linker/fixtures) whose native output is committed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..');
const miros = join(repo, 'bin', 'miros');
const fixtures = join(here, 'fixtures');
const SYSTEM_LDSO = '/lib64/ld-linux-x86-64.so.2';
const CASE_TIMEOUT_MS = 300_000;

function has(tool: string): boolean {
  return spawnSync(tool, ['--version'], { stdio: 'ignore' }).status === 0;
}

interface Outcome {
  stdout: string;
  status: number | null;
  stderr: string;
}

/** Runs `argv` natively and under `miros run --system-ldso` with the same environment and directory. */
function both(argv: string[], cwd: string, env: Record<string, string> = {}): { native: Outcome; miros: Outcome } {
  const environment = { PATH: '/usr/bin:/bin', ...env };
  const native = spawnSync(argv[0]!, argv.slice(1), { cwd, env: environment, encoding: 'latin1' });
  const underMiros = spawnSync(
    miros,
    ['run', '--system-ldso', '--clear-env', ...Object.entries(environment).map(([k, v]) => `--env=${k}=${v}`), ...argv],
    { cwd, encoding: 'latin1', env: { ...process.env, MIROS_DEBUG: '' } },
  );
  return {
    native: { stdout: native.stdout, status: native.status, stderr: native.stderr },
    miros: { stdout: underMiros.stdout, status: underMiros.status, stderr: underMiros.stderr },
  };
}

const available = existsSync(SYSTEM_LDSO) && existsSync(join(repo, 'dist', 'miros.mjs'));
const work = mkdtempSync(join(tmpdir(), 'miros-system-ldso-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.skipIf(!available)(`miros run --system-ldso (${SYSTEM_LDSO} as guest code)`, () => {
  it.skipIf(!has('gcc'))(
    'a C hello world (printf, exit status 3)',
    () => {
      writeFileSync(
        join(work, 'hello.c'),
        '#include <stdio.h>\nint main(int c, char **v) { printf("hello, %s %d\\n", v[0], c); return 3; }\n',
      );
      expect(spawnSync('gcc', ['-O2', '-o', 'hello', 'hello.c'], { cwd: work }).status).toBe(0);
      const { native, miros: run } = both(['./hello'], work);
      expect(native.stdout).toBe('hello, ./hello 1\n');
      expect(run.stdout).toBe(native.stdout);
      expect(run.status).toBe(native.status);
    },
    CASE_TIMEOUT_MS,
  );

  it.skipIf(!has('g++'))(
    'a C++ program with iostreams, std::string, containers and virtual calls (libstdc++, libm, libgcc_s)',
    () => {
      writeFileSync(
        join(work, 'iostream.cc'),
        [
          '#include <iostream>',
          '#include <map>',
          '#include <memory>',
          '#include <string>',
          '#include <vector>',
          'struct Shape { virtual ~Shape() = default; virtual double area() const = 0; };',
          'struct Square : Shape { double s; explicit Square(double v) : s(v) {} double area() const override { return s * s; } };',
          'int main() {',
          '  std::vector<std::unique_ptr<Shape>> shapes;',
          '  for (int i = 1; i <= 3; i++) shapes.push_back(std::make_unique<Square>(i + 0.5));',
          '  std::map<std::string, double> areas;',
          '  for (auto &s : shapes) areas["square " + std::to_string(areas.size())] = s->area();',
          '  for (auto &[name, area] : areas) std::cout << name << " = " << area << std::endl;',
          '  std::cerr << "to stderr" << std::endl;',
          '  return static_cast<int>(areas.size());',
          '}',
          '',
        ].join('\n'),
      );
      expect(spawnSync('g++', ['-O2', '-o', 'iostream', 'iostream.cc'], { cwd: work }).status).toBe(0);
      const { native, miros: run } = both(['./iostream'], work);
      expect(native.stdout).toContain('square 2 = 12.25');
      expect(run.stdout).toBe(native.stdout);
      expect(run.stderr).toBe(native.stderr);
      expect(run.status).toBe(native.status);
    },
    CASE_TIMEOUT_MS,
  );

  it(
    '/usr/bin/true and /usr/bin/false',
    () => {
      for (const program of ['/usr/bin/true', '/usr/bin/false']) {
        const { native, miros: run } = both([program], work);
        expect(run.stdout).toBe('');
        expect(run.status).toBe(native.status);
      }
    },
    CASE_TIMEOUT_MS,
  );

  it(
    '/usr/bin/ls -la of a directory (LC_ALL=C, TZ=UTC)',
    () => {
      const directory = join(work, 'listing');
      mkdirSync(join(directory, 'sub'), { recursive: true });
      writeFileSync(join(directory, 'a.txt'), 'alpha\n');
      writeFileSync(join(directory, 'b.bin'), Buffer.alloc(1234));
      const when = new Date('2024-02-29T12:34:56Z');
      for (const name of ['a.txt', 'b.bin', 'sub', '.']) utimesSync(join(directory, name), when, when);
      const { native, miros: run } = both(['/usr/bin/ls', '-la', 'listing'], work, { LC_ALL: 'C', TZ: 'UTC' });
      expect(native.stdout).toContain('a.txt');
      expect(run.stdout).toBe(native.stdout);
      expect(run.status).toBe(native.status);
    },
    CASE_TIMEOUT_MS,
  );

  it(
    'a linker fixture (TLS: LE/IE/GD/LD/TLSDESC, TCB fields) matches its native output',
    () => {
      const binary = join(fixtures, 'bin', 'O2', 'tls-pie');
      const expected = readFileSync(join(fixtures, 'expected', 'tls.default.out'), 'latin1');
      const run = spawnSync(miros, ['run', '--system-ldso', binary], { cwd: dirname(binary), encoding: 'latin1' });
      expect(run.stdout).toBe(expected);
      expect(run.status).toBe(0);
    },
    CASE_TIMEOUT_MS,
  );
});
