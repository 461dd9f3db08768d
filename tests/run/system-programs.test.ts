// Programs of this machine's /usr/bin (coreutils), dynamically linked against glibc, run under
// `miros run` on Miros libc and compared with their native runs: stdout, stderr and exit status.
// Some exec another program (env, nice), which exercises execve in place and the exec family's
// PATH search; some fork (sh, timeout, flock, xargs); the rest read files of tests/run/fixtures
// (the working directory of both runs).
// Programs not installed are skipped.

import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { miros, native } from './helpers.ts';

/** Each case: the command line, run natively and under Miros with an empty environment plus PATH. */
const CASES: readonly (readonly string[])[] = [
  ['/usr/bin/env', '-i', 'A=1', 'B=two', '/usr/bin/printenv'],
  ['/usr/bin/env', '-i', 'printenv'],
  ['/usr/bin/env', '-i', '/nonexistent/program'],
  ['/usr/bin/env', 'no-such-program-miros'],
  ['/usr/bin/nice', '-n', '7', '/usr/bin/nice'],
  ['/usr/bin/nice', '-n', '3', '/usr/bin/env', '-i', 'X=y', '/usr/bin/printenv', 'X'],
  ['/usr/bin/basename', '/usr/lib/x86_64-linux-gnu/libc.so.6', '.6'],
  ['/usr/bin/dirname', '/a/b/c', 'd/e', 'f'],
  ['/usr/bin/seq', '-s', ',', '-w', '8', '3', '21'],
  ['/usr/bin/printf', '%05.1f|%-4s|%x\\n', '3.14159', 'ab', '255'],
  ['/usr/bin/cat', 'syscall-semantics.c'],
  ['/usr/bin/head', '-n', '5', 'syscall-semantics.c'],
  ['/usr/bin/tac', 'stack-layout.c'],
  ['/usr/bin/wc', 'syscall-semantics.c', 'stack-layout.c'],
  ['/usr/bin/cut', '-c', '3-12', 'stack-layout.c'],
  ['/usr/bin/uniq', '-c', 'syscall-semantics.c'],
  ['/usr/bin/sha256sum', 'syscall-semantics.c', 'stack-layout.c'],
  ['/usr/bin/md5sum', 'syscall-semantics.c'],
  ['/usr/bin/base64', '-w', '60', 'stack-layout.c'],
  ['/usr/bin/od', '-A', 'x', '-t', 'x1z', '-N', '64', 'stack-layout.c'],
  ['/usr/bin/date', '-u', '-d', '@1234567890', '+%Y-%m-%d %H:%M:%S %A %j'],
  ['/usr/bin/head', '-c', '10', '/nonexistent'],
  ['/usr/bin/echo', '-e', 'a\\tb\\x41'],
  ['/usr/bin/true'],
  ['/usr/bin/false'],
  // Programs that fork on Miros libc (src/libc/process/fork.ts): dash's pipelines, command
  // substitution and subshells; timeout, flock and xargs run their command in a child.
  [
    '/bin/sh',
    '-c',
    'echo a | /usr/bin/cat; x=$(echo sub); echo $x; (exit 3); echo st $?; /usr/bin/false || echo failed $?',
  ],
  ['/usr/bin/timeout', '5', '/usr/bin/echo', 'hi'],
  ['/usr/bin/timeout', '5', '/bin/sh', '-c', 'exit 4'],
  ['/usr/bin/flock', '/dev/null', '/usr/bin/echo', 'locked'],
  ['/usr/bin/xargs', '-a', 'stack-layout.c', '-d', '\\n', '-n', '20', '/usr/bin/echo'],
  // popen (src/libc/process/popen.ts): ed's r !command reads a command's output (more than a pipe
  // buffer), w !command writes the buffer into one; a command's exit status is not ed's.
  [
    '/bin/sh',
    '-c',
    "printf 'r !seq 1 30000\\n$p\\nw !wc -c\\n1,3p\\nr !echo one; exit 3\\n$p\\n.w !tr a-z A-Z\\nQ\\n' | /usr/bin/ed -s",
  ],
  // The privilege model and pseudo-terminals (src/kernel/syscalls/administration.ts,
  // fs/pseudo-terminal.ts): chroot then exec inside, a UTS namespace of its own, and script(1)
  // running a command on a pty of its own (openpty, a forked child on the slave, the master relayed).
  ['/usr/sbin/chroot', '/', '/usr/bin/echo', 'inside'],
  ['/usr/bin/unshare', '-u', '/usr/bin/uname', '-n'],
  ['/usr/bin/script', '-q', '-c', 'echo from-script', '/dev/null'],
];

const ENV = { PATH: '/usr/bin:/bin' };

describe('coreutils programs of this machine run under Miros libc as natively', () => {
  for (const command of CASES) {
    const [program, ...args] = command;
    const title = command.join(' ');
    it.skipIf(!existsSync(program!))(title, () => {
      const expected = native(program!, args, { env: ENV });
      const actual = miros(['run', '--clear-env', '--env=PATH=/usr/bin:/bin', program!, ...args]);
      expect(actual.stdout, title).toBe(expected.stdout);
      expect(actual.stderr, title).toBe(expected.stderr);
      expect(actual.status, title).toBe(expected.status);
    });
  }
});
