// /dev, emulated: null, zero, full, random, urandom, tty (the host's controlling terminal),
// the stdin/stdout/stderr/fd links into /proc/self/fd, and shm (an in-memory file system is
// mounted there by the VFS setup).

import * as fs from 'node:fs';
import { fail, hostErrno } from '../errno.ts';
import { DEVTMPFS_DEVICE, DevFull, DevNull, DevRandom, DevZero, deviceStat } from './devices.ts';
import type { Location } from './file-system.ts';
import { HostFile } from './host-file.ts';
import type { OpenFile } from './open-file.ts';
import { makedev, type Stat } from './stat.ts';
import { directory, SyntheticFileSystem, type SyntheticNode } from './synthetic-fs.ts';

const TMPFS_MAGIC = 0x01021994;

function device(stat: () => Stat, open: (flags: number, location: Location) => OpenFile): SyntheticNode {
  return { kind: 'device', stat, open };
}

function link(target: string): SyntheticNode {
  return { kind: 'symlink', target: () => target };
}

/** /dev/tty: the host's controlling terminal, opened for real (ENXIO when there is none). */
function openTty(flags: number, location: Location): OpenFile {
  let hostFd: number;
  try {
    hostFd = fs.openSync('/dev/tty', flags & ~0o2000000);
  } catch (error) {
    fail(hostErrno(error));
  }
  return new HostFile(hostFd, flags, location, false);
}

function ttyStat(): Stat {
  return deviceStat(11, makedev(5, 0));
}

export function createDevFs(): SyntheticFileSystem {
  const root = directory({
    null: device(
      () => deviceStat(4, makedev(1, 3)),
      (flags, location) => new DevNull(flags, location),
    ),
    zero: device(
      () => deviceStat(5, makedev(1, 5)),
      (flags, location) => new DevZero(flags, location),
    ),
    full: device(
      () => deviceStat(7, makedev(1, 7)),
      (flags, location) => new DevFull(flags, location),
    ),
    random: device(
      () => deviceStat(8, makedev(1, 8)),
      (flags, location) => new DevRandom(flags, location, 8),
    ),
    urandom: device(
      () => deviceStat(9, makedev(1, 9)),
      (flags, location) => new DevRandom(flags, location, 9),
    ),
    tty: device(ttyStat, openTty),
    stdin: link('/proc/self/fd/0'),
    stdout: link('/proc/self/fd/1'),
    stderr: link('/proc/self/fd/2'),
    fd: link('/proc/self/fd'),
    shm: directory({}, 0o1777),
  });
  return new SyntheticFileSystem('dev', root, DEVTMPFS_DEVICE, TMPFS_MAGIC);
}
