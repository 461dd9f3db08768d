// DNS in Miros libc (src/libc/resolver, src/libc/inet/dns-hosts.ts): the program
// tests/libc-runtime/dns/dns-client.c asks the Node name server of dns/dns-server.mjs (UDP and
// TCP on 127.0.0.1; A, AAAA, PTR, CNAME, NXDOMAIN, SERVFAIL, no data, a truncated reply that
// forces TCP, a dropped query that forces a retry, a reply with another id first, a reply from
// another port first) through res_query/res_search/res_querydomain/res_send, getaddrinfo,
// gethostbyname*, gethostbyaddr and getnameinfo, natively (glibc 2.36, the oracle, live) and under
// Miros; both must print the same. The program points _res at the server after res_init (glibc
// honours it); LOCALDOMAIN and RES_OPTIONS give the search list and timeouts, HOSTALIASES
// the file dns/host-aliases. A second run
// points it at a closed port: no server reached. As root, two more runs read a resolv.conf the
// test writes, bound over /etc/resolv.conf in a private mount namespace (unshare -m; -u and the
// host name "a", which gethostid looks up), with the
// servers on port 53 of ::1 and 127.0.0.1: an IPv6 server alone, then both with rotate.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain JavaScript module (the server also runs alone: node dns-server.mjs serve)
import { startDnsServer } from './dns/dns-server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const miros = join(here, '..', '..', 'bin', 'miros');
const client = join(here, 'dns', 'dns-client');
const run = promisify(execFile);
const env = {
  ...process.env,
  LOCALDOMAIN: 'test',
  RES_OPTIONS: 'timeout:1 attempts:2',
  HOSTALIASES: join(here, 'dns', 'host-aliases'),
};

/** A port nothing listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('DNS through Miros libc', () => {
  let server: { port: number; close: () => Promise<unknown> };
  beforeAll(async () => {
    server = await startDnsServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('answers every query as glibc does against the same server', async () => {
    const args = [String(server.port)];
    const native = await run(client, args, { env, timeout: 60_000 });
    const guest = await run(miros, ['run', client, ...args], { env, timeout: 170_000 });
    expect(guest.stderr).toBe('');
    expect(guest.stdout).toBe(native.stdout);
    expect(native.stdout).toContain('res_query big.test type 1: 986 bytes');
    expect(native.stdout).toContain('res_query slow.test type 1: 52 bytes');
    expect(native.stdout).toContain('canon real.test');
    expect(native.stdout).toContain('getnameinfo 2001:db8::6 flags 0: six.test');
  }, 180_000);

  it('fails as glibc does when no server answers', async () => {
    const args = [String(await closedPort()), 'unreachable'];
    const native = await run(client, args, { env, timeout: 60_000 });
    const guest = await run(miros, ['run', client, ...args], { env, timeout: 170_000 });
    expect(guest.stdout).toBe(native.stdout);
    expect(native.stdout).toContain('Temporary failure in name resolution');
  }, 180_000);

  const asRoot = process.getuid?.() === 0;
  it.skipIf(!asRoot)(
    'reads servers, search list and options from /etc/resolv.conf as glibc does',
    async () => {
      const started: { close: () => Promise<unknown> }[] = [];
      try {
        for (const host of ['::1', '127.0.0.1']) started.push(await startDnsServer(host, 53));
      } catch {
        for (const server of started) await server.close();
        return; // port 53 is taken on this machine
      }
      const dir = mkdtempSync(join(tmpdir(), 'miros-dns-'));
      try {
        const configurations = [
          "# the test's own\nsearch test example\noptions ndots:2 timeout:1 attempts:1\nnameserver ::1\n",
          '; rotate between both\nsearch test example\noptions ndots:2 timeout:1 attempts:1 rotate\nnameserver ::1\nnameserver 127.0.0.1\n',
        ];
        for (const [i, text] of configurations.entries()) {
          const file = join(dir, `resolv-${i}.conf`);
          writeFileSync(file, text);
          const inNamespace = (command: string) => [
            '-m',
            '-u',
            'sh',
            '-c',
            `mount --bind "$0" /etc/resolv.conf && hostname a && exec ${command} conf`,
            file,
          ];
          const native = await run('unshare', inNamespace(`"${client}"`), { timeout: 60_000 });
          const guest = await run('unshare', inNamespace(`"${miros}" run "${client}"`), { timeout: 170_000 });
          expect(guest.stdout).toBe(native.stdout);
          expect(native.stdout).toContain('res_query big.test type 1: 986 bytes');
          expect(native.stdout).toContain('getnameinfo 2001:db8::6 flags 0: six.test');
          expect(native.stdout).toContain('gethostid 00c00102');
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
        for (const server of started) await server.close();
      }
    },
    400_000,
  );
});
