// Node built-in modules that most runs never need, loaded on first use. `node:child_process`
// and `node:tty` each pull in `net` and the stream machinery (30–40 internal modules, 5–30 ms of
// start-up on this machine, measured by process.moduleLoadList and hrtime around a first
// require): a static import made every `miros run` pay that before its first instruction
// (issue 4: a static hello world under 150 ms), though only stty, mkfifo and terminal checks use
// them. `node:worker_threads` brings the streams too (28 internal modules), for the sockets that
// reach the host's network (src/kernel/fs/host-network.ts), and `node:crypto` too (18), for the
// random names of temporary files and DNS query ids. `node:os` is light (0.6 ms) but a static
// program rarely asks what only it knows (uname's release, sysinfo, the network interfaces), and a
// static hello world starts in ~130-180 ms. They come through process.getBuiltinModule
// (Node 20.16 and later), which works wherever Miros runs from (bundled as ES module or CommonJS)
// and needs no `node:module`: Node has not loaded that one when `miros run` starts, and loading it
// brings 3 more internal modules (0.6 ms).
import type * as ChildProcess from 'node:child_process';
import type * as Crypto from 'node:crypto';
import type * as Os from 'node:os';
import type * as Tty from 'node:tty';
import type * as WorkerThreads from 'node:worker_threads';

function requireBuiltin(name: string): unknown {
  const node = process as { getBuiltinModule?: (name: string) => unknown };
  if (node.getBuiltinModule === undefined)
    throw new Error(`miros: loading ${name} needs process.getBuiltinModule (Node 20.16 or later)`);
  return node.getBuiltinModule(name);
}

let childProcess: typeof ChildProcess | undefined;
let crypto: typeof Crypto | undefined;
let osModule: typeof Os | undefined;
let tty: typeof Tty | undefined;
let workerThreadsModule: typeof WorkerThreads | undefined;

/** `node:child_process`'s spawnSync. */
export const spawnSync: typeof ChildProcess.spawnSync = ((...args: Parameters<typeof ChildProcess.spawnSync>) => {
  childProcess ??= requireBuiltin('node:child_process') as typeof ChildProcess;
  return childProcess.spawnSync(...args);
}) as typeof ChildProcess.spawnSync;

/** `node:tty`'s isatty. */
export function isatty(fd: number): boolean {
  tty ??= requireBuiltin('node:tty') as typeof Tty;
  return tty.isatty(fd);
}

/** `node:os`. */
export function os(): typeof Os {
  osModule ??= requireBuiltin('node:os') as typeof Os;
  return osModule;
}

/** `node:worker_threads`. */
export function workerThreads(): typeof WorkerThreads {
  workerThreadsModule ??= requireBuiltin('node:worker_threads') as typeof WorkerThreads;
  return workerThreadsModule;
}

/** `node:crypto`'s randomInt: a uniformly random integer in [0, max). */
export function randomInt(max: number): number {
  crypto ??= requireBuiltin('node:crypto') as typeof Crypto;
  return crypto.randomInt(max);
}
