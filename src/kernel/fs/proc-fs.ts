// /proc, emulated for the guest processes: self, thread-self and /proc/<pid> (exe, cwd, root,
// fd/, fdinfo/, maps, cmdline, environ, auxv, comm, stat, status, limits, loginuid, task/) of every
// live process of the run (self is the process that looks), plus a few system-wide files read
// from the host's /proc (meminfo, uptime, loadavg, version, stat, filesystems, sys/). Nothing here
// leads outside the namespace: magic links resolve to objects the processes already hold, and
// the host's other processes' directories do not exist.

import * as fs from 'node:fs';
import { Rlimit } from '../abi/flags.ts';
import { capabilityHex, visibleSets } from '../capabilities.ts';
import { Errno, fail } from '../errno.ts';
import { sysvipcMsgText } from '../ipc/message-queues.ts';
import { sysvipcSemText } from '../ipc/semaphores.ts';
import { sysvipcShmText } from '../ipc/shared-memory-segments.ts';
import { formatMaps } from '../maps.ts';
import type { Process } from '../process.ts';
import { SIG_DFL, SIG_IGN } from '../signals/signal-state.ts';
import type { FileSystem, Location, StatFs } from './file-system.ts';
import { HostFile } from './host-file.ts';
import type { OpenFile } from './open-file.ts';
import { PipeEnd } from './pipe.ts';
import { procNetTcp, procNetUdp, procNetUnix } from './proc-net.ts';
import { S_IFMT, type Stat } from './stat.ts';
import { directory, SyntheticFileSystem, type SyntheticNode } from './synthetic-fs.ts';

const PROC_SUPER_MAGIC = 0x9fa0;
/** procfs's device number (an anonymous device). */
const PROC_DEVICE = 0x16;

/** System-wide /proc files read from the host. */
const HOST_FILES = ['meminfo', 'uptime', 'loadavg', 'version', 'stat', 'filesystems', 'swaps'];

/** The processes /proc shows: the one that looks (self), and all of them (one per pid). */
export interface ProcessView {
  current(): Process;
  all(): readonly Process[];
}

/** /proc for one process alone, or for every process of a system (src/kernel/system.ts). */
export function createProcFs(source: Process | ProcessView): SyntheticFileSystem {
  const view: ProcessView = 'all' in source ? source : { current: () => source, all: () => [source] };
  // A process's directory is made once (execve makes a new Process: a new directory).
  const directories = new WeakMap<Process, SyntheticNode>();
  const directoryOf = (process: Process) => {
    let node = directories.get(process);
    if (node === undefined) {
      node = processNode(process);
      directories.set(process, node);
    }
    return node;
  };
  const fixed: Record<string, SyntheticNode> = {
    self: { kind: 'symlink', target: () => `${view.current().pid}` },
    'thread-self': {
      kind: 'symlink',
      target: () => {
        const process = view.current();
        return `${process.pid}/task/${process.current.tid}`;
      },
    },
    sys: hostDirectory('/proc/sys'),
    // The run's sockets, as /proc/self/net (one network namespace for the whole run).
    net: { kind: 'symlink', target: () => 'self/net' },
    // The run's fcntl record locks (./record-locks.ts), in Linux's lines.
    locks: text(() => view.current().recordLocks.procLines()),
    // The run's System V IPC objects (src/kernel/ipc/), in Linux's columns.
    sysvipc: directory(
      {
        msg: text(() => sysvipcMsgText(view.current())),
        sem: text(() => sysvipcSemText(view.current())),
        shm: text(() => sysvipcShmText(view.current())),
      },
      0o555,
    ),
  };
  for (const name of HOST_FILES) fixed[name] = hostFile(`/proc/${name}`);
  const names = Object.keys(fixed);
  const root: SyntheticNode = {
    kind: 'directory',
    names: () => [...names.slice(0, 2), ...view.all().map((p) => `${p.pid}`), ...names.slice(2)],
    lookup: (name) => {
      if (Object.hasOwn(fixed, name)) return fixed[name];
      const process = view.all().find((p) => `${p.pid}` === name);
      return process === undefined ? undefined : directoryOf(process);
    },
    mode: 0o555,
  };
  return new SyntheticFileSystem('proc', root, PROC_DEVICE, PROC_SUPER_MAGIC);
}

function text(content: () => string, mode = 0o444): SyntheticNode {
  return { kind: 'file', content, mode };
}

function hostFile(path: string): SyntheticNode {
  return { kind: 'file', content: () => readHost(path) };
}

function readHost(path: string): Uint8Array {
  try {
    return fs.readFileSync(path);
  } catch {
    fail(Errno.ENOENT);
  }
}

/** A read-only view of a host /proc directory tree (kernel parameters under /proc/sys). */
function hostDirectory(path: string): SyntheticNode {
  return {
    kind: 'directory',
    names: () => {
      try {
        return fs.readdirSync(path);
      } catch {
        return [];
      }
    },
    lookup: (name) => {
      const child = `${path}/${name}`;
      const st = fs.lstatSync(child, { throwIfNoEntry: false });
      if (!st) return undefined;
      if (st.isDirectory()) return hostDirectory(child);
      return { kind: 'file', content: () => readHost(child), mode: st.mode & 0o444 };
    },
  };
}

function processNode(process: Process): SyntheticNode {
  const children: Record<string, SyntheticNode> = {
    exe: { kind: 'symlink', target: () => process.executable.nsPath, magic: () => process.executable.location },
    cwd: {
      kind: 'symlink',
      target: () => process.vfs.pathFromRoot(process.cwd.nsPath) ?? process.cwd.nsPath,
      magic: () => process.cwd,
    },
    root: { kind: 'symlink', target: () => '/', magic: () => process.vfs.root },
    fd: fdDirectory(process),
    net: directory(
      {
        tcp: text(() => procNetTcp(false)),
        tcp6: text(() => procNetTcp(true)),
        udp: text(() => procNetUdp(false)),
        udp6: text(() => procNetUdp(true)),
        unix: text(procNetUnix),
      },
      0o555,
    ),
    fdinfo: fdInfoDirectory(process),
    maps: text(() => formatMaps(process.memory.mappingList)),
    cmdline: {
      kind: 'file',
      content: () => guestRange(process, process.argumentArea.argStart, process.argumentArea.argEnd),
    },
    environ: {
      kind: 'file',
      content: () => guestRange(process, process.argumentArea.envStart, process.argumentArea.envEnd),
      mode: 0o400,
    },
    auxv: { kind: 'file', content: () => process.argumentArea.auxv, mode: 0o400 },
    comm: text(() => `${process.mainThread.name}\n`, 0o644),
    stat: text(() => statLine(process)),
    statm: text(() => statmLine(process)),
    status: text(() => statusText(process)),
    limits: text(() => limitsText(process)),
    // The audit login uid is inherited from the process that started Miros (4294967295 when
    // unset): getlogin reads it.
    loginuid: text(hostLoginUid, 0o644),
  };
  children.task = {
    kind: 'directory',
    names: () => process.threads.map((t) => `${t.tid}`),
    lookup: (name) => (process.threads.some((t) => `${t.tid}` === name) ? directory(children, 0o555) : undefined),
  };
  return directory(children, 0o555);
}

let loginUid: string | undefined;

/** The host process's /proc/self/loginuid, or the unset value where the host has none. */
function hostLoginUid(): string {
  if (loginUid === undefined) {
    try {
      loginUid = fs.readFileSync('/proc/self/loginuid', 'latin1');
    } catch {
      loginUid = '4294967295';
    }
  }
  return loginUid;
}

function guestRange(process: Process, start: number, end: number): Uint8Array {
  if (end <= start) return new Uint8Array(0);
  try {
    return process.memory.readBytes(start, end - start);
  } catch {
    return new Uint8Array(0);
  }
}

function fdDirectory(process: Process): SyntheticNode {
  return {
    kind: 'directory',
    mode: 0o500,
    names: () => process.fds.openDescriptors().map(String),
    lookup: (name) => {
      const fd = Number(name);
      if (!/^\d+$/.test(name) || !process.fds.isOpen(fd)) return undefined;
      const file = process.fds.get(fd);
      const access = file.flags & 3;
      return {
        kind: 'symlink',
        mode: 0o700 & (access === 0 ? 0o500 : access === 1 ? 0o300 : 0o700),
        target: () => {
          const described = file.describe();
          return described.startsWith('/') ? (process.vfs.pathFromRoot(described) ?? described) : described;
        },
        magic: () => file.location ?? reopenLocation(file),
      };
    },
  };
}

function fdInfoDirectory(process: Process): SyntheticNode {
  return {
    kind: 'directory',
    mode: 0o500,
    names: () => process.fds.openDescriptors().map(String),
    lookup: (name) => {
      const fd = Number(name);
      if (!/^\d+$/.test(name) || !process.fds.isOpen(fd)) return undefined;
      const file = process.fds.get(fd);
      return text(() => {
        let position = 0;
        try {
          position = file.seek(0, 1);
        } catch {
          position = 0;
        }
        const flags = file.flags | (process.fds.closeOnExec(fd) ? 0o2000000 : 0);
        return `pos:\t${position}\nflags:\t0${flags.toString(8)}\nmnt_id:\t0\nino:\t${file.stat().ino}\n`;
      });
    },
  };
}

/**
 * Where a magic link to a file without a path (a pipe, an inherited descriptor) leads: opening
 * it opens the same object again, as Linux does for /proc/self/fd/N.
 */
function reopenLocation(file: OpenFile): Location {
  const reopen: FileSystem = {
    name: 'reopen',
    kind: () => file.stat().mode & S_IFMT,
    lstat: (): Stat => file.stat(),
    readlink: () => fail(Errno.EINVAL),
    open: (location, flags) => {
      if (file instanceof PipeEnd) return new PipeEnd(file.pipe, flags & ~0o300);
      if (file instanceof HostFile) {
        try {
          const hostFd = fs.openSync(`/proc/self/fd/${file.hostFd}`, flags & ~0o2000000);
          const type = fs.fstatSync(hostFd).mode & S_IFMT;
          return new HostFile(hostFd, flags, location, type === 0o100000);
        } catch {
          fail(Errno.ENXIO);
        }
      }
      fail(Errno.ENXIO);
    },
    mkdir: () => fail(Errno.ENOTDIR),
    rmdir: () => fail(Errno.ENOTDIR),
    unlink: () => fail(Errno.ENOTDIR),
    rename: () => fail(Errno.EXDEV),
    link: () => fail(Errno.EXDEV),
    symlink: () => fail(Errno.ENOTDIR),
    mknod: () => fail(Errno.ENOTDIR),
    chmod: () => fail(Errno.EPERM),
    chown: () => fail(Errno.EPERM),
    truncate: () => fail(Errno.EINVAL),
    utimes: () => fail(Errno.EPERM),
    access: () => {},
    readdir: () => fail(Errno.ENOTDIR),
    statfs: (): StatFs => fail(Errno.ENOSYS),
  };
  return { fs: reopen, path: [], nsPath: file.describe() };
}

function clockTicks(milliseconds: number): number {
  return Math.floor(milliseconds / 10);
}

/** The Cap* lines: the sets the guest has (./capabilities.ts: without what Miros cannot honour). */
function capabilityLines(process: Process): string[] {
  const sets = visibleSets(process.credentials);
  return [
    `CapInh:\t${capabilityHex(sets.capInheritable)}`,
    `CapPrm:\t${capabilityHex(sets.capPermitted)}`,
    `CapEff:\t${capabilityHex(sets.capEffective)}`,
    `CapBnd:\t${capabilityHex(sets.capBounding)}`,
    `CapAmb:\t${capabilityHex(0n)}`,
  ];
}

function signalMask(process: Process, wanted: (handler: number) => boolean): string {
  let lo = 0;
  let hi = 0;
  for (let signal = 1; signal <= 64; signal++) {
    if (!wanted(process.signalActions.get(signal).handler)) continue;
    if (signal <= 32) lo = (lo | (1 << (signal - 1))) >>> 0;
    else hi = (hi | (1 << (signal - 33))) >>> 0;
  }
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
}

function vmSize(process: Process): number {
  let size = 0;
  for (const m of process.memory.mappingList) size += m.end - m.start;
  return size;
}

function statLine(process: Process): string {
  const t = process.mainThread;
  const usage = globalThis.process.cpuUsage();
  const fields = [
    process.pid,
    `(${t.name})`,
    'R',
    process.ppid,
    process.pgid,
    process.sid,
    0,
    -1,
    4194304,
    0,
    0,
    0,
    0,
    clockTicks(usage.user / 1000),
    clockTicks(usage.system / 1000),
    0,
    0,
    20,
    0,
    process.threads.length,
    0,
    clockTicks(process.startTime),
    vmSize(process),
    0,
    '18446744073709551615',
    0,
    0,
    process.mm.stackStart,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    17,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    process.mm.brkStart,
    process.argumentArea.argStart,
    process.argumentArea.argEnd,
    process.argumentArea.envStart,
    process.argumentArea.envEnd,
    0,
  ];
  return `${fields.join(' ')}\n`;
}

function statmLine(process: Process): string {
  const pages = Math.floor(vmSize(process) / 4096);
  return `${pages} 0 0 0 0 0 0\n`;
}

function statusText(process: Process): string {
  const kb = (bytes: number) => `${Math.floor(bytes / 1024)} kB`.padStart(11);
  const thread = process.mainThread;
  const lines = [
    `Name:\t${thread.name}`,
    `Umask:\t${process.umask.toString(8).padStart(4, '0')}`,
    'State:\tR (running)',
    `Tgid:\t${process.pid}`,
    'Ngid:\t0',
    `Pid:\t${thread.tid}`,
    `PPid:\t${process.ppid}`,
    'TracerPid:\t0',
    `Uid:\t${process.credentials.uid}\t${process.credentials.euid}\t${process.credentials.suid}\t${process.credentials.fsuid}`,
    `Gid:\t${process.credentials.gid}\t${process.credentials.egid}\t${process.credentials.sgid}\t${process.credentials.fsgid}`,
    `FDSize:\t${Math.max(64, 2 ** Math.ceil(Math.log2(process.fds.openDescriptors().length + 1)))}`,
    'Groups:\t',
    `VmPeak:\t${kb(vmSize(process))}`,
    `VmSize:\t${kb(vmSize(process))}`,
    `VmStk:\t${kb(0xffffe000 - process.mm.stackStart)}`,
    `Threads:\t${process.threads.length}`,
    `SigQ:\t0/${process.limits[Rlimit.SIGPENDING]!.soft}`,
    `SigPnd:\t${'0'.repeat(16)}`,
    `ShdPnd:\t${'0'.repeat(16)}`,
    `SigBlk:\t${thread.blocked.hi.toString(16).padStart(8, '0')}${thread.blocked.lo.toString(16).padStart(8, '0')}`,
    `SigIgn:\t${signalMask(process, (h) => h === SIG_IGN)}`,
    `SigCgt:\t${signalMask(process, (h) => h !== SIG_IGN && h !== SIG_DFL)}`,
    ...capabilityLines(process),
    'NoNewPrivs:\t0',
    'Seccomp:\t0',
    `Cpus_allowed_list:\t0-${process.cpuCount - 1}`,
    'voluntary_ctxt_switches:\t0',
    'nonvoluntary_ctxt_switches:\t0',
  ];
  return `${lines.join('\n')}\n`;
}

const LIMIT_NAMES: [string, string][] = [
  ['Max cpu time', 'seconds'],
  ['Max file size', 'bytes'],
  ['Max data size', 'bytes'],
  ['Max stack size', 'bytes'],
  ['Max core file size', 'bytes'],
  ['Max resident set', 'bytes'],
  ['Max processes', 'processes'],
  ['Max open files', 'files'],
  ['Max locked memory', 'bytes'],
  ['Max address space', 'bytes'],
  ['Max file locks', 'locks'],
  ['Max pending signals', 'signals'],
  ['Max msgqueue size', 'bytes'],
  ['Max nice priority', ''],
  ['Max realtime priority', ''],
  ['Max realtime timeout', 'us'],
];

function limitsText(process: Process): string {
  const value = (v: number) => (v === Number.POSITIVE_INFINITY ? 'unlimited' : `${v}`);
  let out = `${'Limit'.padEnd(26)}${'Soft Limit'.padEnd(21)}${'Hard Limit'.padEnd(21)}${'Units'.padEnd(10)}\n`;
  LIMIT_NAMES.forEach(([name, units], i) => {
    const limit = process.limits[i]!;
    out += `${name.padEnd(26)}${value(limit.soft).padEnd(21)}${value(limit.hard).padEnd(21)}${units.padEnd(10)}\n`;
  });
  return out;
}
