// The worker thread that does the host's network I/O for the run's sockets (./host-network.ts).
// Node has no synchronous sockets, and Miros's system calls are synchronous: the worker owns the
// host sockets and runs their asynchronous I/O on its own event loop, takes commands posted by
// the main thread, and posts back what happened (connected, data, end of data, errors, bytes
// written, datagrams), bumping a shared counter so a waiting main thread can tell something came.
//
// This function runs in the worker as source text (Worker's `eval`), so it must stand alone:
// nothing from outside its body (a bundler's helpers included), modules through
// process.getBuiltinModule.

/** Commands from the main thread. */
export type HostCommand =
  | { op: 'connect'; id: number; host: string; port: number; family: 4 | 6 }
  | { op: 'listen'; id: number; host: string; port: number; backlog: number; ipv6Only: boolean }
  | { op: 'write'; id: number; data: Uint8Array }
  | { op: 'end'; id: number }
  /** The guest has read `count` bytes of a connection's data: the worker may take more. */
  | { op: 'read'; id: number; count: number }
  | { op: 'close'; id: number; reset: boolean }
  /** A host UDP socket, bound to `host` and `port` when given (else anywhere). */
  | { op: 'udp-open'; id: number; family: 4 | 6; host?: string; port?: number; ipv6Only?: boolean }
  | { op: 'udp-send'; id: number; data: Uint8Array; host: string; port: number };

/** What happened, for the main thread. */
export type HostEvent =
  | { id: number; event: 'connected'; localAddress: string; localPort: number }
  | { id: number; event: 'listening' }
  | {
      id: number;
      event: 'accepted';
      /** The new connection's id (chosen by the worker, above the main thread's). */
      connection: number;
      localAddress: string;
      localPort: number;
      remoteAddress: string;
      remotePort: number;
    }
  | { id: number; event: 'data'; data: Uint8Array }
  | { id: number; event: 'end' }
  | { id: number; event: 'error'; code: string }
  | { id: number; event: 'written'; count: number }
  | { id: number; event: 'bound'; localAddress: string; localPort: number }
  /** A UDP socket is closed (its port free again on the host). */
  | { id: number; event: 'closed' }
  | { id: number; event: 'message'; data: Uint8Array; address: string; port: number };

export function hostNetworkWorker(): void {
  const load = (process as unknown as { getBuiltinModule(id: string): unknown }).getBuiltinModule;
  const { parentPort, workerData } = load('node:worker_threads') as typeof import('node:worker_threads');
  const net = load('node:net') as typeof import('node:net');
  const dgram = load('node:dgram') as typeof import('node:dgram');
  if (!parentPort) return;
  const events = workerData.events;
  const signal = new Int32Array(workerData.signal);
  const streams = new Map<number, import('node:net').Socket>();
  /** Bytes of each connection posted to the main thread and not yet read by the guest. */
  const unread = new Map<number, number>();
  /** Past this much unread data a connection stops reading (TCP's window closes), below half it reads again. */
  const UNREAD_LIMIT = 4 << 20;
  const servers = new Map<number, import('node:net').Server>();
  /** Ids of accepted connections: above those the main thread gives out. */
  let nextConnection = 2 ** 30;
  const datagrams = new Map<number, import('node:dgram').Socket>();
  const post = (message: unknown) => {
    events.postMessage(message);
    Atomics.add(signal, 0, 1);
    Atomics.notify(signal, 0);
  };
  const bytes = (buffer: Buffer) => new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.length).slice();
  /** A connected socket's events, posted under its id. */
  const watch = (id: number, socket: import('node:net').Socket) => {
    streams.set(id, socket);
    socket.setNoDelay(true);
    socket.on('data', (data: Buffer) => {
      post({ id, event: 'data', data: bytes(data) });
      const total = (unread.get(id) ?? 0) + data.length;
      unread.set(id, total);
      if (total > UNREAD_LIMIT) socket.pause();
    });
    socket.on('end', () => post({ id, event: 'end' }));
    socket.on('error', (error: { code?: string }) => post({ id, event: 'error', code: error.code ?? 'EIO' }));
    socket.on('close', () => {
      streams.delete(id);
      unread.delete(id);
    });
  };
  parentPort.on('message', (command: HostCommand) => {
    const id = command.id;
    switch (command.op) {
      case 'connect': {
        // allowHalfOpen: the peer's end of data leaves this side open, as TCP's FIN does.
        const socket = net.connect({
          host: command.host,
          port: command.port,
          family: command.family,
          allowHalfOpen: true,
        });
        socket.on('connect', () =>
          post({ id, event: 'connected', localAddress: socket.localAddress, localPort: socket.localPort }),
        );
        watch(id, socket);
        break;
      }
      case 'listen': {
        const server = net.createServer({ allowHalfOpen: true }, (socket) => {
          const connection = nextConnection++;
          post({
            id,
            event: 'accepted',
            connection,
            localAddress: socket.localAddress ?? '',
            localPort: socket.localPort ?? 0,
            remoteAddress: socket.remoteAddress ?? '',
            remotePort: socket.remotePort ?? 0,
          });
          watch(connection, socket);
        });
        servers.set(id, server);
        server.on('error', (error: { code?: string }) => post({ id, event: 'error', code: error.code ?? 'EIO' }));
        server.listen(
          { host: command.host, port: command.port, backlog: command.backlog, ipv6Only: command.ipv6Only },
          () => post({ id, event: 'listening' }),
        );
        break;
      }
      case 'write': {
        const socket = streams.get(id);
        const count = command.data.length;
        socket?.write(command.data, () => post({ id, event: 'written', count }));
        break;
      }
      case 'end':
        streams.get(id)?.end();
        break;
      case 'read': {
        const left = (unread.get(id) ?? 0) - command.count;
        unread.set(id, left);
        const socket = streams.get(id);
        if (socket?.isPaused() && left < UNREAD_LIMIT / 2) socket.resume();
        break;
      }
      case 'close': {
        const socket = streams.get(id);
        if (socket) {
          if (command.reset) socket.resetAndDestroy();
          else socket.end(() => socket.destroy());
          streams.delete(id);
        }
        servers.get(id)?.close();
        servers.delete(id);
        const udp = datagrams.get(id);
        if (udp) {
          datagrams.delete(id);
          try {
            udp.close(() => post({ id, event: 'closed' }));
          } catch {
            // Never bound (its bind failed): nothing holds a port.
            post({ id, event: 'closed' });
          }
        }
        break;
      }
      case 'udp-open': {
        const udp = dgram.createSocket({ type: command.family === 6 ? 'udp6' : 'udp4', ipv6Only: command.ipv6Only });
        datagrams.set(id, udp);
        udp.on('message', (data: Buffer, from: { address: string; port: number }) =>
          post({ id, event: 'message', data: bytes(data), address: from.address, port: from.port }),
        );
        udp.on('error', (error: { code?: string }) => post({ id, event: 'error', code: error.code ?? 'EIO' }));
        udp.bind({ port: command.port ?? 0, address: command.host, exclusive: true }, () => {
          const address = udp.address();
          post({ id, event: 'bound', localAddress: address.address, localPort: address.port });
        });
        break;
      }
      case 'udp-send':
        datagrams.get(id)?.send(command.data, command.port, command.host);
        break;
    }
  });
}
