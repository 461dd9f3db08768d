// AF_NETLINK NETLINK_AUDIT (src/kernel/fs/netlink-socket.ts), against native runs made live: the
// program tests/kernel/netlink/netlink-audit.c natively under setpriv without CAP_AUDIT_WRITE
// and CAP_AUDIT_CONTROL (the capabilities Miros drops, so Linux answers as it answers Miros's
// processes) and under Miros; and this machine's chage and lastlog, which send audit messages.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const miros = join(here, '..', '..', 'bin', 'miros');
const program = join(here, 'netlink', 'netlink-audit');
const DROPPED = ['--bounding-set=-audit_write,-audit_control', '--inh-caps=-audit_write,-audit_control'];

function run(command: string, args: string[]) {
  const r = spawnSync(command, args, { encoding: 'latin1', timeout: 170_000 });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

describe('NETLINK_AUDIT', () => {
  it.skipIf(!existsSync('/usr/bin/setpriv') || process.getuid?.() !== 0)(
    'answers as Linux answers a process without the audit capabilities',
    () => {
      const native = run('/usr/bin/setpriv', [...DROPPED, program]);
      const guest = run(miros, ['run', program]);
      expect(guest.stdout).toBe(native.stdout);
      expect(guest.status).toBe(native.status);
      expect(native.stdout).toContain('error -1 (Operation not permitted) echoed type 1101');
    },
    180_000,
  );

  for (const command of [
    ['/usr/bin/chage', '-l', 'root'],
    ['/usr/bin/lastlog', '-u', 'root'],
  ]) {
    it.skipIf(!existsSync(command[0]!))(
      `${command.join(' ')} behaves as natively`,
      () => {
        const native = run(command[0]!, command.slice(1));
        const guest = run(miros, ['run', ...command]);
        expect(guest).toEqual(native);
      },
      180_000,
    );
  }
});
