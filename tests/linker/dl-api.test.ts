// The dl API end to end (tests/linker/dl, built by build.sh against the system glibc, native stdout
// and exit status recorded): a program that dlopens a library with constructors and destructors,
// uses it from threads (a TLS symbol found with dlsym in each thread), looks symbols up with
// dlsym/dlvsym/RTLD_DEFAULT/RTLD_NEXT, reads dladdr/dladdr1/dlinfo/dl_iterate_phdr, closes it
// (destructors, __cxa_finalize, unmapping) and reopens it RTLD_GLOBAL; dl-more (src/dl-more.c:
// initial-exec TLS through dlopen, a new module's TLS in a thread that already ran, RTLD_DEEPBIND,
// RTLD_NODELETE, __cxa_thread_atexit_impl, the exit order of atexit handlers and destructors across
// libraries); dl-fork and fork-exception (the dl functions and C++ unwinding in forked children,
// each with its own copy of the link map); and a Rust program (trait
// objects, threads, a caught panic unwinding through libgcc_s and _dl_find_object). Under
// `bin/miros run` — Miros's linker and Miros libc — each must print what it printed natively and
// exit the same way.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const miros = join(here, '..', '..', 'bin', 'miros');
const fixtures = join(here, 'dl');
const built = existsSync(join(here, '..', '..', 'dist', 'miros.mjs'));

/** Runs bin/NAME under Miros with the environment build.sh gave it natively (env -i, LD_LIBRARY_PATH=.). */
function runFixture(name: string) {
  const bin = join(fixtures, 'bin');
  return spawnSync(miros, ['run', '--clear-env', '--env=LD_LIBRARY_PATH=.', `./${name}`], {
    cwd: bin,
    encoding: 'latin1',
    env: { ...process.env, MIROS_DEBUG: '' },
    timeout: 170_000,
  });
}

function expected(name: string): { stdout: string; status: number } {
  return {
    stdout: readFileSync(join(fixtures, 'expected', `${name}.stdout`), 'latin1'),
    status: Number(readFileSync(join(fixtures, 'expected', `${name}.status`), 'utf8').trim()),
  };
}

describe.skipIf(!built)('the dl API under bin/miros run matches native runs', () => {
  it('dlopen/dlsym/dlvsym/dlclose/dladdr/dlinfo/dl_iterate_phdr with constructors, destructors and threads', () => {
    const result = runFixture('dlopen');
    const native = expected('dlopen');
    expect(result.stdout).toBe(native.stdout);
    expect(result.status, result.stderr).toBe(native.status);
  }, 180_000);

  it('surplus static TLS, TLS in an existing thread, DEEPBIND, NODELETE, __cxa_thread_atexit_impl, exit order', () => {
    // Natively the load-time libraries' atexit handlers run after their destructors (_dl_fini's
    // __cxa_finalize runs them: they were registered before __libc_start_main registered _dl_fini).
    const result = runFixture('dl-more');
    const native = expected('dl-more');
    expect(result.stdout).toBe(native.stdout);
    expect(result.status, result.stderr).toBe(native.status);
  }, 180_000);

  it('the dl functions in forked children: dlsym, dlclose, dlopen, TLS in a thread, dl_iterate_phdr', () => {
    // Each child works on its own copy of the link map: what it opens and closes, and the
    // constructors and destructors that run, are its own; the parent's view stays as it was.
    const result = runFixture('dl-fork');
    const native = expected('dl-fork');
    expect(result.stdout).toBe(native.stdout);
    expect(result.status, result.stderr).toBe(native.status);
  }, 180_000);

  it('C++ exceptions in a forked child, a thread of it and a grandchild; terminate in the child', () => {
    const result = runFixture('fork-exception');
    const native = expected('fork-exception');
    expect(result.stdout).toBe(native.stdout);
    expect(result.status, result.stderr).toBe(native.status);
  }, 180_000);

  it('a Rust program: trait objects, threads, channels, a caught panic', () => {
    // The panic unwinds through libgcc_s, which finds the frames' objects with _dl_find_object.
    const result = runFixture('rust-program');
    const native = expected('rust-program');
    expect(result.stdout).toBe(native.stdout);
    expect(result.status, result.stderr).toBe(native.status);
  }, 180_000);
});
