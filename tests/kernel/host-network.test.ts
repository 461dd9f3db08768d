// Sockets of the run reaching a server outside it (src/kernel/fs/host-network.ts): a Node server
// in this test, the client tests/kernel/host-network/inet-host.c run natively (the oracle, live)
// and under Miros against the same server, which must print the same.
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const miros = join(here, '..', '..', 'bin', 'miros');
const client = join(here, 'host-network', 'inet-host');
const run = promisify(execFile);

/** Echoes in upper case; "close" makes it answer and close; the client's end of data gets "bye". */
function echoServer(): Server {
  return createServer({ allowHalfOpen: true }, (socket) => {
    socket.on('data', (data) => {
      const text = data.toString('latin1');
      if (text === 'close') socket.end('closing');
      else socket.write(text.toUpperCase());
    });
    socket.on('end', () => socket.end('bye'));
    socket.on('error', () => {});
  });
}

async function listen(server: Server, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, resolve);
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** A port nothing listens on (bound, then closed). */
async function closedPort(host: string): Promise<number> {
  const server = createServer();
  const port = await listen(server, host);
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('a guest client of a host server', () => {
  const servers: Server[] = [];
  beforeAll(() => {});
  afterAll(async () => {
    for (const server of servers) await new Promise((resolve) => server.close(resolve));
  });

  for (const [name, host, extra] of [
    ['IPv4', '127.0.0.1', []],
    ['IPv6', '::1', ['v6']],
  ] as const) {
    it(`over ${name} loopback prints what it prints natively`, async () => {
      const server = echoServer();
      servers.push(server);
      let port: number;
      try {
        port = await listen(server, host);
      } catch {
        return; // no IPv6 loopback on this machine
      }
      const args = [String(port), String(await closedPort(host)), ...extra];
      const native = await run(client, args, { timeout: 60_000 });
      const guest = await run(miros, ['run', client, ...args], { timeout: 170_000 });
      expect(guest.stdout).toBe(native.stdout);
      expect(native.stdout).toContain('reply [HELLO]');
      expect(native.stdout).toContain('reply [bye]');
      expect(native.stdout).toContain('Connection refused');
    }, 180_000);
  }
});
