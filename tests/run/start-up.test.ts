// What `miros run` loads at start-up (issue 4: a static hello world under 150 ms): the two cached
// bundles (scripts/cached-bundles.mjs) and Node's own modules. A static program must not load the
// on-demand bundle (dynamic linker, Miros libc), a dynamic one must load it with its code cache
// accepted (V8 takes a cache only under the flags it was made with), and neither may load the
// built-in modules that bring Node's streams (node:v8, node:worker_threads, node:stream...): this
// Node compiles them from source, some 30 modules, ~10% of a static musl hello world.
//
// Node is started with bin/miros's own flags, and a preloaded script reports, at exit, the built-in
// modules loaded since it ran and every bundle the core compiled through bin/cached-bundle.cjs.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { mirosNodeFlags } = createRequire(import.meta.url)('../../bin/node-flags.cjs') as {
  mirosNodeFlags(): string[];
};

const work = mkdtempSync(join(tmpdir(), 'miros-start-up-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const preload = join(work, 'report-loads.cjs');
writeFileSync(
  preload,
  `'use strict';
const { writeFileSync } = require('node:fs');
const before = new Set(process.moduleLoadList);
const bundles = require(${JSON.stringify(join(repo, 'bin', 'cached-bundle.cjs'))});
const compiled = [];
const compileBundle = bundles.compileBundle;
bundles.compileBundle = (path) => {
  const result = compileBundle(path);
  compiled.push({ path, cacheFound: result.cacheFound, cacheRejected: result.cacheRejected });
  return result;
};
process.on('exit', () => {
  const builtins = process.moduleLoadList.filter((name) => !before.has(name) && name.startsWith('NativeModule '));
  writeFileSync(process.env.MIROS_TEST_REPORT, JSON.stringify({ builtins: builtins.map((n) => n.slice(13)), compiled }));
});
`,
);

interface LoadReport {
  status: number | null;
  builtins: string[];
  compiled: { path: string; cacheFound: boolean; cacheRejected: boolean }[];
}

function runAndReport(program: string): LoadReport {
  const report = join(work, `report-${Math.random().toString(36).slice(2)}.json`);
  const result = spawnSync(
    process.execPath,
    [...mirosNodeFlags(), '-r', preload, join(repo, 'bin', 'miros'), 'run', program],
    { encoding: 'utf8', env: { ...process.env, NODE_EXTRA_CA_CERTS: '', MIROS_TEST_REPORT: report } },
  );
  return { status: result.status, ...(JSON.parse(readFileSync(report, 'utf8')) as Omit<LoadReport, 'status'>) };
}

/** Built-in modules that bring Node's stream machinery with them. */
const STREAM_MODULES = /^(v8|worker_threads|stream|child_process|net|tty|internal\/streams\/)/;

const cached = existsSync(join(repo, 'dist', 'cached', 'current'));

describe.skipIf(!cached)('miros run start-up', () => {
  it('a static program loads neither the on-demand bundle nor the stream modules', () => {
    const report = runAndReport(join(repo, 'tests', 'programs', 'bin', 'hello.musl-static-O2'));
    expect(report.status).toBe(0);
    expect(report.compiled).toEqual([]);
    expect(report.builtins.filter((name) => STREAM_MODULES.test(name))).toEqual([]);
  });

  it("a static glibc hello world loads no built-in module but node:vm (the bundles' compiler)", () => {
    // node:os among them: 0.6 ms of a start, and only uname, sysinfo and the network ask it.
    const report = runAndReport(join(repo, 'bench', 'programs', 'bin', 'hello'));
    expect(report.status).toBe(0);
    expect(report.builtins).toEqual(['vm']);
  });

  it('a dynamically linked program loads the on-demand bundle with its code cache accepted', () => {
    const report = runAndReport(join(repo, 'tests', 'libc-runtime', 'bin', 'hello@O2-pie'));
    expect(report.status).toBe(3); // the program's own exit status
    expect(report.compiled).toHaveLength(1);
    expect(report.compiled[0]).toMatchObject({ cacheFound: true, cacheRejected: false });
    expect(report.compiled[0]?.path).toMatch(/miros-on-demand-[0-9a-f]{16}\.cjs$/);
    expect(report.builtins.filter((name) => STREAM_MODULES.test(name))).toEqual([]);
  });
});
