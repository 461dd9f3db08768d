// Programs of this machine that fork, run with `miros run --system-ldso` (the system's ld.so and
// glibc as guest code, which call fork, vfork/clone, wait4, pipe, execve, kill as system calls)
// and compared with their native runs: stdout and exit status. Shell pipelines, command
// substitution, subshells, background jobs and wait, traps, find -exec, xargs, tar through gzip.
// Programs not installed are skipped. (Programs on Miros libc cannot fork yet: src/kernel/README.md.)
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const MIROS = join(here, '..', '..', 'bin', 'miros');
/** Both runs work in tests/programs (its src/ is what find and tar look at). */
const CWD = join(here, '..', 'programs');
const ENV = { PATH: '/usr/bin:/bin' };

const CASES: readonly (readonly string[])[] = [
  ['/bin/sh', '-c', 'seq 1 1000 | sort -r | head -3'],
  ['/bin/sh', '-c', 'echo a b c | xargs -n1 echo x; x=$(echo sub); echo "got $x"; (exit 4); echo "st $?"; exit 3'],
  ['/bin/sh', '-c', 'sleep 0.1 & echo started; wait; echo "waited $?"; false | true; echo "pipeline $?"'],
  [
    '/bin/bash',
    '-c',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: bash's ${PIPESTATUS[@]}, not a template
    'trap "echo got USR1" USR1; kill -USR1 $$; for i in 1 2 3; do echo $i; done | tac; echo ${PIPESTATUS[@]}',
  ],
  ['/usr/bin/find', 'src', '-name', 'f*.c', '-exec', 'echo', 'found', '{}', ';'],
  ['/bin/sh', '-c', 'tar -czf - src | tar -tzf - | sort'],
];

function run(command: string, args: readonly string[]) {
  const r = spawnSync(command, args, { cwd: CWD, env: ENV, encoding: 'latin1', timeout: 300_000 });
  return { stdout: r.stdout, status: r.status };
}

describe.skipIf(!existsSync(join(here, '..', '..', 'dist', 'miros.mjs')))(
  'forking programs of this machine under --system-ldso run as natively',
  () => {
    for (const command of CASES) {
      const [program, ...args] = command;
      const title = command.join(' ');
      it.skipIf(!existsSync(program!))(
        title,
        () => {
          const expected = run(program!, args);
          const actual = run(MIROS, [
            'run',
            '--system-ldso',
            '--clear-env',
            `--env=PATH=${ENV.PATH}`,
            program!,
            ...args,
          ]);
          expect(actual.stdout, title).toBe(expected.stdout);
          expect(actual.status, title).toBe(expected.status);
        },
        300_000,
      );
    }
  },
);
