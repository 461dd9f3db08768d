// Node built-in modules that most runs never need, loaded on first use. `node:child_process`
// and `node:tty` each pull in `net` and the stream machinery (30–40 internal modules, 5–30 ms of
// start-up on this machine, measured by process.moduleLoadList and hrtime around a first
// require): a static import made every `miros run` pay that before its first instruction
// (issue 4: a static hello world under 150 ms), though only stty, mkfifo and terminal checks use
// them. `node:module` itself is already loaded by Node, and `createRequire` of an absolute path
// resolves `node:` names wherever Miros runs from (bundled as ES module or CommonJS).
import type * as ChildProcess from 'node:child_process';
import { createRequire } from 'node:module';
import type * as Tty from 'node:tty';

const requireBuiltin = createRequire('/');

let childProcess: typeof ChildProcess | undefined;
let tty: typeof Tty | undefined;

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
