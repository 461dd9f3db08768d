// /dev, emulated: null, zero, full, random, urandom, tty (the host's controlling terminal),
// ptmx and pts/ (the host pseudo-terminals Miros was started on, and the run's own: ./pseudo-terminal.ts), the stdin/stdout/stderr/fd links into /proc/self/fd, and shm (an in-memory file system is
// mounted there by the VFS setup).

import * as fs from 'node:fs';
import { fail, hostErrno } from '../errno.ts';
import { DEVTMPFS_DEVICE, DevFull, DevNull, DevRandom, DevZero, deviceStat } from './devices.ts';
import type { Location } from './file-system.ts';
import { HostFile } from './host-file.ts';
import type { OpenFile } from './open-file.ts';
import { openSlave, PseudoTerminalMaster, PseudoTerminals } from './pseudo-terminal.ts';
import { makedev, type Stat, statFromHost } from './stat.ts';
import { directory, SyntheticFileSystem, type SyntheticNode } from './synthetic-fs.ts';

const TMPFS_MAGIC = 0x01021994;

function device(stat: () => Stat, open: (flags: number, location: Location) => OpenFile): SyntheticNode {
  return { kind: 'device', stat, open };
}

function link(target: string): SyntheticNode {
  return { kind: 'symlink', target: () => target };
}

/** A host terminal device opened for real (/dev/tty: ENXIO when there is no controlling terminal). */
function openHostTerminal(path: string, flags: number, location: Location): OpenFile {
  let hostFd: number;
  try {
    hostFd = fs.openSync(path, flags & ~0o2000000);
  } catch (error) {
    fail(hostErrno(error));
  }
  return new HostFile(hostFd, flags, location, false);
}

/** /dev/tty: the host's controlling terminal. */
function openTty(flags: number, location: Location): OpenFile {
  return openHostTerminal('/dev/tty', flags, location);
}

/**
 * The pseudo-terminals Miros was started on: the /dev/pts numbers of the host's descriptors 0-2.
 * A guest's standard input on a terminal reads /proc/self/fd/0 as /dev/pts/N; that node must exist
 * (with the host's stat) for ttyname to name it. Other host terminals stay hidden.
 */
function inheritedTerminals(): string[] {
  const names: string[] = [];
  for (const fd of [0, 1, 2]) {
    let target: string;
    try {
      target = fs.readlinkSync(`/proc/self/fd/${fd}`);
    } catch {
      continue;
    }
    const match = /^\/dev\/pts\/(\d+)$/.exec(target);
    if (match !== null && !names.includes(match[1]!)) names.push(match[1]!);
  }
  return names;
}

function hostTerminal(name: string): SyntheticNode {
  const path = `/dev/pts/${name}`;
  return device(
    () => {
      try {
        return statFromHost(fs.statSync(path, { bigint: true }));
      } catch (error) {
        fail(hostErrno(error));
      }
    },
    (flags, location) => openHostTerminal(path, flags, location),
  );
}

/**
 * /dev/pts: the host terminals the run was started on, and the run's own pseudo-terminals
 * (./pseudo-terminal.ts), numbered around them. ptmx there is the multiplexer too, as in devpts.
 */
function ptsDirectory(terminals: PseudoTerminals, ptmx: SyntheticNode): SyntheticNode {
  return {
    kind: 'directory',
    names: () => [...inheritedTerminals(), ...terminals.names(), 'ptmx'],
    lookup: (name) => {
      if (name === 'ptmx') return ptmx;
      if (inheritedTerminals().includes(name)) return hostTerminal(name);
      const terminal = /^\d+$/.test(name) ? terminals.get(Number(name)) : undefined;
      if (terminal === undefined) return undefined;
      return device(
        () => terminal.slaveStat(),
        (flags, location) => openSlave(terminal, terminals, flags, location),
      );
    },
    mode: 0o755,
  };
}

/**
 * /dev/tty's stat: the host's node when there is one, since an open /dev/tty is the host's and
 * fstat describes it; the two must agree for ttyname to recognise the terminal by stat.
 */
function ttyStat(): Stat {
  try {
    return statFromHost(fs.statSync('/dev/tty', { bigint: true }));
  } catch {
    return deviceStat(11, makedev(5, 0));
  }
}

export function createDevFs(): SyntheticFileSystem {
  const terminals = new PseudoTerminals(inheritedTerminals);
  // Slaves opened from their master (TIOCGPTPEER) get the location open() would give them.
  let devFs: SyntheticFileSystem | undefined;
  const slaveLocation = (index: number): Location => ({
    fs: devFs!,
    path: ['pts', String(index)],
    nsPath: `/dev/pts/${index}`,
  });
  const ptmx = device(
    () => deviceStat(2, makedev(5, 2)),
    (flags, location) => new PseudoTerminalMaster(terminals.allocate(), terminals, slaveLocation, flags, location),
  );
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
    ptmx,
    pts: ptsDirectory(terminals, ptmx),
    stdin: link('/proc/self/fd/0'),
    stdout: link('/proc/self/fd/1'),
    stderr: link('/proc/self/fd/2'),
    fd: link('/proc/self/fd'),
    shm: directory({}, 0o1777),
  });
  devFs = new SyntheticFileSystem('dev', root, DEVTMPFS_DEVICE, TMPFS_MAGIC);
  return devFs;
}
