// The bridge between the run's sockets and the host's network: a worker thread
// (./host-network-worker.ts) owns the host sockets and does their asynchronous I/O; the main
// thread posts it commands and takes its events synchronously (receiveMessageOnPort) whenever a
// socket call or poll looks at a host-backed socket. Nothing waits on the host here: a call
// that must wait for the network waits as for any host file (an external poll wait, looked at
// again every few milliseconds by the scheduler), so other threads and processes of the run go on.

import type { MessagePort, Worker } from 'node:worker_threads';
import { workerThreads } from '../../host/lazy-builtins.ts';
import { type HostCommand, type HostEvent, hostNetworkWorker } from './host-network-worker.ts';

/** A socket of the run with a host socket behind it. */
export interface HostPeer {
  hostEvent(event: HostEvent): void;
}

class HostNetwork {
  private readonly worker: Worker;
  private readonly events: MessagePort;
  private readonly peers = new Map<number, HostPeer>();
  private nextId = 1;
  /** Bumped by the worker after each event it posts. */
  private readonly signal = new Int32Array(new SharedArrayBuffer(4));

  constructor() {
    // Loaded here, not imported: most runs never reach the host's network (src/host/lazy-builtins.ts).
    const { MessageChannel, Worker } = workerThreads();
    const channel = new MessageChannel();
    this.events = channel.port1;
    this.worker = new Worker(`(${hostNetworkWorker.toString()})()`, {
      eval: true,
      workerData: { events: channel.port2, signal: this.signal.buffer },
      transferList: [channel.port2],
    });
    // The run ends when the guest does, whatever the host sockets are still doing.
    this.worker.unref();
    this.events.unref();
    // A worker that dies leaves the host sockets silent: say so rather than crash the run.
    this.worker.on('error', (error) => {
      process.stderr.write(`miros: the host network worker failed: ${error.message}\n`);
    });
  }

  /** A new id for `peer`'s host socket. */
  open(peer: HostPeer): number {
    const id = this.nextId++;
    this.peers.set(id, peer);
    return id;
  }

  /** Takes the events of a connection the worker accepted (its id is the worker's). */
  adopt(id: number, peer: HostPeer): void {
    this.peers.set(id, peer);
  }

  /** The socket is closed: its events no longer matter. */
  forget(id: number): void {
    this.peers.delete(id);
  }

  command(command: HostCommand): void {
    this.worker.postMessage(command);
  }

  /**
   * Blocks the host until `done` says so (checked after each of the worker's events) or
   * `timeoutMs` has passed: for the few calls that must not return before the host has acted
   * (listen: a host client may connect as soon as it returns).
   */
  waitUntil(done: () => boolean, timeoutMs: number): boolean {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const seen = Atomics.load(this.signal, 0);
      this.pump();
      if (done()) return true;
      const left = end - Date.now();
      if (left <= 0) return false;
      Atomics.wait(this.signal, 0, seen, left);
    }
  }

  /** Hands every event the worker has posted to its socket. */
  pump(): void {
    const { receiveMessageOnPort } = workerThreads();
    for (;;) {
      const received = receiveMessageOnPort(this.events);
      if (received === undefined) return;
      const event = received.message as HostEvent;
      this.peers.get(event.id)?.hostEvent(event);
    }
  }
}

let network: HostNetwork | undefined;

/** The run's bridge, started on first use. */
export function hostNetwork(): HostNetwork {
  network ??= new HostNetwork();
  return network;
}

/** Takes the host's events if the bridge runs (a socket's state may have changed). */
export function pumpHostNetwork(): void {
  network?.pump();
}
