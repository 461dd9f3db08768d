// Dynamically linked programs (built by ./build.sh against the system glibc, committed with
// their native stdout and exit status) run under `bin/miros run`, i.e. with Miros's linker and
// Miros libc, and must print exactly what they printed natively and exit the same way.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const miros = join(here, '..', '..', 'bin', 'miros');
/** The sample run by default (each run costs seconds on a loaded machine); MIROS_FULL=1 runs every binary. */
const SAMPLE = new Set([
  'hello@O2-pie',
  'printf@O2-fortify',
  'exit-order@O0-nopie',
  'malloc-string@O2-pie',
  'putchar@O2-pie',
  'stdlib-ctype@O2-pie',
  'stdio-input@O2-fortify',
  'getopt@O0-nopie',
  'time@O2-pie',
  'setjmp@O0-nopie',
  'signals@O2-pie',
  'tempfiles@O2-pie',
  'libm@O2-pie',
  'libm-double@O2-pie',
  'libm-float@O2-pie',
  'libm-float-inverse@O2-pie',
  'libm-more@O2-pie',
  'libm-trig@O2-pie',
  'libm-ieee@O2-pie',
  'pthread-errors@O2-pie',
  'pthread-sync@O2-pie',
  'syscalls@O2-pie',
  'syscalls@O2-fortify',
  'locale@O2-pie',
  'wchar@O2-pie',
  'wchar-iconv@O2-pie',
  'environment@O2-pie',
  'localtime@O2-pie',
  'paths@O2-pie',
  'cxx-features@O2-pie',
  'cxx-features@O0-nopie',
  'libstdcxx-imports@O2-pie',
  'string-tokens@O2-pie',
  'users@O2-pie',
  'err-error@O2-pie',
  'err-exit@O0-nopie',
  'termios@O2-pie',
  'linux-calls@O2-fortify',
  'wcwidth@O2-pie',
  'fnmatch@O2-pie',
  'obstack@O2-pie',
  'obstack@O2-fortify',
  'callbacks@O2-pie',
  'ftw@O2-pie',
  'search-tables@O2-pie',
  'glob@O2-pie',
  'strverscmp@O2-pie',
  'mntent@O2-pie',
  'strerror@O2-pie',
  'random-families@O2-pie',
  'stream-orientation@O2-pie',
  'stream-seek@O2-pie',
  'tempnam@O2-pie',
  'coreutils-imports@O2-fortify',
  'pathconf@O2-pie',
  'exec@O2-pie',
  'resource-calls@O2-pie',
  'division-traps@O2-pie',
  'memory-streams@O2-pie',
  'bsd-signals-wcstok@O2-pie',
  'identity@O2-pie',
  'identity@O2-fortify',
  'strptime@O2-pie',
  'inet@O2-pie',
  'sockets@O0-nopie',
  'getaddrinfo@O2-pie',
  'hosts@O2-pie',
  'timers@O2-pie',
  'dirname@O2-pie',
  'eventfd@O2-pie',
  'timerfd@O2-pie',
  'epoll@O2-pie',
  'signalfd@O2-pie',
  'wait-masks@O2-pie',
  'interfaces@O0-nopie',
  'strptime-random@O2-pie',
  'rand-mallinfo@O2-pie',
  'syslog@O2-pie',
  'syslog@O2-fortify',
  'regex@O2-pie',
  'c11-threads@O2-pie',
  'regex-random@O2-pie',
  'fork@O2-pie',
  'system@O2-pie',
  'spawn@O2-pie',
  'popen@O2-pie',
  'sysv-ipc@O2-pie',
  'posix-mqueue@O2-pie',
  'splice@O2-pie',
  'inotify@O2-pie',
  'libc-misc@O2-pie',
  'backtrace@O2-dynamic',
  'backtrace@O0-nopie',
  'catalogs@O2-pie',
  'ucontext@O2-pie',
  'ucontext@O0-nopie',
  'fts@O2-pie',
  'cookie@O2-pie',
  'hostid@O2-pie',
  'small-gaps@O2-pie',
  'more-gaps@O2-pie',
  'host-entries@O2-pie',
  'ntp-time@O2-pie',
  'administration@O2-pie',
  'utmp@O2-pie',
  'shadow@O2-pie',
  'pty@O2-pie',
  'user-streams@O2-pie',
  'resolver@O2-pie',
  'interface-addresses@O2-pie',
  'entries@O2-pie',
  'record-locks@O2-pie',
  'flock@O2-pie',
  'cancellation@O2-pie',
  'argp@O2-pie',
  'regex-gnu@O2-pie',
  'wanted-imports@O2-pie',
  'more-wanted@O2-pie',
  'last-gaps@O2-pie',
  'long-double-rounding@O2-pie',
  'attr-affinity@O2-pie',
  'inet-sockets@O2-pie',
  'wide-printf@O2-pie',
  'wide-printf@O2-fortify',
  'wide-scanf@O2-pie',
]);
const binaries = readdirSync(join(here, 'bin'))
  .filter((name) => process.env.MIROS_FULL === '1' || SAMPLE.has(name))
  .sort();

describe('dynamically linked programs under Miros libc match their native runs', () => {
  for (const name of binaries) {
    it(name, () => {
      // stdin: programs/NAME.stdin when the program has one (build.sh pipes the same bytes).
      const stdinFile = join(here, 'programs', `${name.split('@')[0]}.stdin`);
      const result = spawnSync(miros, ['run', join(here, 'bin', name)], {
        input: existsSync(stdinFile) ? readFileSync(stdinFile) : '',
        encoding: 'latin1',
        maxBuffer: 64 * 1024 * 1024,
        // Generous: a threaded program takes ~11 s of CPU, and CI machines are shared.
        timeout: 170_000,
      });
      const expectedStdout = readFileSync(join(here, 'expected', `${name}.stdout`), 'latin1');
      const expectedStatus = Number(readFileSync(join(here, 'expected', `${name}.status`), 'utf8').trim());
      expect(result.stdout).toBe(expectedStdout);
      expect(result.status, result.stderr).toBe(expectedStatus);
    }, 180_000);
  }
});
