// AF_NETLINK (src/kernel/fs/netlink-socket.ts) and the interface ioctls
// (src/kernel/fs/interface-ioctl.ts), against native runs made live: the programs
// tests/kernel/netlink/netlink-audit.c, netlink-route.c and interface-ioctl.c natively under setpriv without the
// capabilities Miros drops (CAP_AUDIT_WRITE, CAP_AUDIT_CONTROL, CAP_NET_ADMIN: Linux then
// answers as it answers Miros's processes) and under Miros; and this machine's chage and
// lastlog, which send audit messages.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const miros = join(here, '..', '..', 'bin', 'miros');
const program = join(here, 'netlink', 'netlink-audit');
const routeProgram = join(here, 'netlink', 'netlink-route');
const ioctlProgram = join(here, 'netlink', 'interface-ioctl');
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

  it.skipIf(!existsSync('/usr/bin/setpriv') || process.getuid?.() !== 0)(
    "NETLINK_ROUTE's link and address dumps, and getifaddrs, getaddrinfo and if_nameindex over them",
    () => {
      const native = run('/usr/bin/setpriv', ['--bounding-set=-net_admin', '--inh-caps=-net_admin', routeProgram]);
      // Miros libc's own functions, and glibc's (over Miros's netlink) with --system-ldso.
      const guest = run(miros, ['run', routeProgram]);
      const glibc = run(miros, ['run', '--system-ldso', routeProgram]);
      expect(guest.stdout).toBe(native.stdout);
      expect(glibc.stdout).toBe(native.stdout);
      expect(native.stdout).toContain('name lo');
    },
    180_000,
  );

  it.skipIf(!existsSync('/usr/bin/setpriv') || process.getuid?.() !== 0)(
    'the interface ioctls on AF_INET, AF_INET6 and AF_UNIX sockets, and if_nametoindex/if_indextoname',
    () => {
      const native = run('/usr/bin/setpriv', ['--bounding-set=-net_admin', '--inh-caps=-net_admin', ioctlProgram]);
      const guest = run(miros, ['run', ioctlProgram]);
      const glibc = run(miros, ['run', '--system-ldso', ioctlProgram]);
      expect(guest.stdout).toBe(native.stdout);
      expect(glibc.stdout).toBe(native.stdout);
      expect(native.stdout).toContain('  index 1');
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
