// Sockets of the run and the world outside it (src/kernel/fs/host-network.ts): a Node server in
// this test and the client tests/kernel/host-network/inet-host.c, then the server
// inet-host-server.c and Node clients, each program run natively (the oracle, live) and under
// Miros against the same Node side, which must print the same.
import { execFile, spawn } from 'node:child_process';
import { createSocket, type Socket as DatagramSocket } from 'node:dgram';
import { connect, createServer, type Server } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const miros = join(here, '..', '..', 'bin', 'miros');
const client = join(here, 'host-network', 'inet-host');
const guestServer = join(here, 'host-network', 'inet-host-server');
const run = promisify(execFile);

/** 8 MiB of a pattern: more than the run takes from a host connection before its reader catches up. */
const BIG = Buffer.from(Array.from({ length: 8 << 20 }, (_, i) => (i * 7 + (i >> 13)) & 0xff));

/**
 * Echoes in upper case; "close" makes it answer and close, "big" makes it send BIG and end; the
 * client's end of data gets "bye".
 */
function echoServer(): Server {
  return createServer({ allowHalfOpen: true }, (socket) => {
    socket.on('data', (data) => {
      const text = data.toString('latin1');
      if (text === 'close') socket.end('closing');
      else if (text === 'big') socket.end(BIG);
      else socket.write(text.toUpperCase());
    });
    socket.on('end', () => socket.end('bye'));
    socket.on('error', () => {});
  });
}

/** A UDP socket answering each datagram with it in upper case. */
async function udpEcho(host: string): Promise<{ socket: DatagramSocket; port: number }> {
  const socket = createSocket(host.includes(':') ? 'udp6' : 'udp4');
  socket.on('message', (data, from) => socket.send(data.toString('latin1').toUpperCase(), from.port, from.address));
  await new Promise<void>((resolve) => socket.bind(0, host, resolve));
  return { socket, port: socket.address().port };
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
      const udp = await udpEcho(host);
      const args = [String(port), String(await closedPort(host)), String(udp.port), ...extra];
      const native = await run(client, args, { timeout: 60_000 });
      const guest = await run(miros, ['run', client, ...args], { timeout: 170_000 });
      udp.socket.close();
      expect(guest.stdout).toBe(native.stdout);
      expect(native.stdout).toContain('reply [HELLO]');
      expect(native.stdout).toContain('reply [bye]');
      expect(native.stdout).toContain('Connection refused');
      expect(native.stdout).toContain('[PING] from');
      expect(native.stdout).toContain('[AGAIN]');
      expect(native.stdout).toContain('8388608 bytes');
    }, 180_000);
  }
});

/**
 * One Node client's exchange: `send`, then (unless `endAtOnce`) after the first reply line
 * "more", then end; everything received until the server's end.
 */
function exchange(port: number, host: string, send: string, endAtOnce: boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    let received = '';
    const socket = connect({ port, host, allowHalfOpen: true }, () => {
      socket.write(send);
      if (endAtOnce) socket.end();
    });
    socket.setEncoding('latin1');
    socket.on('data', (data: string) => {
      received += data;
      // The reply to the first line came: now the client's end of data.
      if (!endAtOnce && received.includes('\n') && !socket.writableEnded) socket.end('more');
    });
    socket.on('end', () => resolve(received));
    socket.on('error', reject);
  });
}

/** Runs the server program (natively or under Miros), its clients from here; its stdout and theirs. */
async function serve(command: string, args: string[], host: string) {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('latin1').on('data', (data: string) => {
    stdout += data;
  });
  const [port, udpPort] = await new Promise<[number, number]>((resolve, reject) => {
    child.stderr.setEncoding('latin1').on('data', (data: string) => {
      stderr += data;
      const match = /port (\d+) udp (\d+)/.exec(stderr);
      if (match) resolve([Number(match[1]), Number(match[2])]);
    });
    child.on('exit', () => reject(new Error(`server ended early: ${stderr}`)));
  });
  const first = await exchange(port, host, 'hello there\n', false);
  const second = await exchange(port, host, 'bye', true);
  // A datagram to the server's UDP port: the answer must come from that port.
  const udp = createSocket(host.includes(':') ? 'udp6' : 'udp4');
  const answer = await new Promise<string>((resolve) => {
    udp.on('message', (data, from) =>
      resolve(`${data.toString('latin1')} from the server's port: ${from.port === udpPort}`),
    );
    udp.send('ping', udpPort, host);
  });
  udp.close();
  const status = await new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.on('exit', (code) => resolve(code));
  });
  return { stdout, status, first, second, answer };
}

describe('a host client of a guest server', () => {
  for (const [name, host, extra] of [
    ['IPv4', '127.0.0.1', []],
    ['IPv6', '::1', ['v6']],
  ] as const) {
    it(`over ${name} loopback serves as natively`, async () => {
      const native = await serve(guestServer, [...extra], host);
      const guest = await serve(miros, ['run', guestServer, ...extra], host);
      expect(guest).toEqual(native);
      expect(native.first).toBe('HELLO THERE\nbye\n');
      expect(native.answer).toBe("PONG from the server's port: true");
      expect(native.status).toBe(0);
    }, 180_000);
  }
});
