// `miros run` options: argv[0], the environment (--env, --unset-env, --clear-env), the working
// directory, --root, exit status, --stats, --trace=syscalls (compared with strace).

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, hasTool, miros, native } from './helpers.ts';

const program = join(FIXTURES, 'show-process');

describe('miros run', () => {
  it('passes arguments, environment and working directory as a native run does', () => {
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', ONE: '1', EMPTY: '', SPACED: 'a b  c' };
    const expected = native(program, ['a', '', 'b c'], { env });
    const actual = miros(['run', program, 'a', '', 'b c'], { env });
    expect(actual.stdout).toBe(expected.stdout);
    expect(actual.status).toBe(7);
    expect(expected.status).toBe(7);
  });

  it('hands the guest NODE_EXTRA_CA_CERTS as given, in place, though bin/miros starts Node without it', () => {
    // bin/miros's first line empties the variable for Node's start-up and passes the value on.
    for (const certificates of ['/etc/ssl/certs/ca-certificates.crt', 'a b', undefined]) {
      const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', BEFORE: '1' };
      if (certificates !== undefined) env.NODE_EXTRA_CA_CERTS = certificates;
      env.AFTER = '2';
      const expected = native(program, [], { env });
      const actual = miros(['run', program], { env });
      expect(actual.stdout).toBe(expected.stdout);
      expect(actual.stdout).not.toContain('MIROS_SAVED');
    }
  });

  it('--argv0, --env, --unset-env, --clear-env', () => {
    const result = miros(
      ['run', '--argv0', 'renamed', '--unset-env', 'DROP', '--env', 'NEW=x=y', '--env', 'KEEP=changed', program],
      { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', DROP: 'gone', KEEP: 'old' } },
    );
    expect(result.stdout).toContain('argv[0]=renamed\n');
    expect(result.stdout).not.toContain('DROP=');
    expect(result.stdout).toContain('env NEW=x=y\n');
    expect(result.stdout).toContain('env KEEP=changed\n');
    const clear = miros(['run', '--clear-env', '--env', 'ONLY=1', program]);
    expect(clear.stdout.split('\n').filter((l) => l.startsWith('env '))).toEqual(['env ONLY=1']);
    expect(miros(['run', '--env', 'NOEQUALS', program]).status).toBe(2);
  });

  it('--root confines the program to a directory, with the program itself outside it', () => {
    const root = mkdtempSync(join(tmpdir(), 'miros-run-root-'));
    mkdirSync(join(root, 'data'));
    writeFileSync(join(root, 'data', 'inside.txt'), 'hello from inside\n');
    const result = miros(
      ['run', '--root', root, program, '--', '/data/inside.txt', '/etc/hostname', '../../data/inside.txt'],
      {
        cwd: root,
      },
    );
    expect(result.stdout).toContain('cwd /\n');
    expect(result.stdout).toContain('/data/inside.txt: hello from inside\n');
    expect(result.stdout).toContain('/etc/hostname: cannot open\n');
    expect(result.stdout).toContain('../../data/inside.txt: hello from inside\n');
  });

  it('--stats prints exactly one parsable line at exit', () => {
    const result = miros(['run', '--stats', program]);
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^miros: stats: instructions=\d+ seconds=\d+\.\d{3} mips=\d+\.\d{2}$/);
    expect(Number(/instructions=(\d+)/.exec(lines[0]!)![1])).toBeGreaterThan(1000);
  });

  it('--trace=syscalls prints the calls as strace does', () => {
    const result = miros(['run', '--trace=syscalls', './trace-me']);
    expect(result.status).toBe(3);
    const ours = result.stderr.trimEnd().split('\n').slice(-6);
    if (!hasTool('strace')) {
      console.warn('strace not installed: comparing with the recorded strace lines');
    }
    const theirs = hasTool('strace')
      ? native('strace', ['./trace-me']).stderr.trimEnd().split('\n').slice(-6)
      : [
          'openat(AT_FDCWD, "/nonexistent/file", O_RDONLY) = -1 ENOENT (No such file or directory)',
          'write(1, "hi\\n\\t\\"quoted\\\\\\" \\1\\377 and a long line"..., 60) = 60',
          'close(99)                               = -1 EBADF (Bad file descriptor)',
          'lseek(1, 0, 0x7 /* SEEK_??? */)         = -1 EINVAL (Invalid argument)',
          'exit_group(3)                           = ?',
          '+++ exited with 3 +++',
        ];
    expect(ours).toEqual(theirs);
  });

  it('MIROS_DEBUG reports unsupported system calls by name', () => {
    const result = miros(['run', './syscall-semantics', mkdtempSync(join(tmpdir(), 'miros-dbg-'))], {
      env: { ...process.env, MIROS_DEBUG: 'syscalls' },
    });
    expect(result.stderr).toContain('miros: unsupported syscall 1000 (syscall_0x3e8)');
  });
});
