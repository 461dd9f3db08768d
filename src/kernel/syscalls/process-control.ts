// Process and thread identity, exit, limits, resource usage, system information, arch_prctl,
// prctl, scheduling queries, getrandom, credentials.

import { os } from '../../host/lazy-builtins.ts';
import { ArchPrctl, GetrandomFlag, Prctl, Rlimit } from '../abi/flags.ts';
import { BLOCKED } from '../blocking.ts';
import { adjustCapabilitiesForUserIds } from '../capabilities.ts';
import { Errno, fail } from '../errno.ts';
import { ProcessExit } from '../exit.ts';
import { checkWritable, fromLatin1, readI32, readString, StructBuffer, writeI64, writeU32 } from '../guest-memory.ts';
import { RLIM_INFINITY } from '../limits.ts';
import type { Credentials, Process } from '../process.ts';
import type { Thread } from '../thread.ts';
import { exitThread } from '../threads.ts';
import { utsNamesOf } from '../uts.ts';
import { sizeArgument } from './common.ts';

// ---- exit ----

export function sysExitGroup(_thread: Thread, status: number): number {
  throw new ProcessExit(status & 0xff);
}

/** exit(2) ends the calling thread; the last thread's exit ends the process with its status. */
export function sysExit(thread: Thread, status: number): number {
  exitThread(thread, status);
}

// ---- ids ----

export function sysGetpid(thread: Thread): number {
  return thread.process.pid;
}

export function sysGettid(thread: Thread): number {
  return thread.tid;
}

export function sysGetppid(thread: Thread): number {
  return thread.process.ppid;
}

export function sysGetuid(thread: Thread): number {
  return thread.process.credentials.uid;
}

export function sysGeteuid(thread: Thread): number {
  return thread.process.credentials.euid;
}

export function sysGetgid(thread: Thread): number {
  return thread.process.credentials.gid;
}

export function sysGetegid(thread: Thread): number {
  return thread.process.credentials.egid;
}

export function sysGetgroups(thread: Thread, size: number, list: number): number {
  const groups = thread.process.credentials.groups;
  const n = size | 0;
  if (n < 0) fail(Errno.EINVAL);
  if (n === 0) return groups.length;
  if (n < groups.length) fail(Errno.EINVAL);
  const s = new StructBuffer(groups.length * 4);
  for (let i = 0; i < groups.length; i++) s.u32(i * 4, groups[i]!);
  s.writeTo(thread.process.memory, list);
  return groups.length;
}

export function sysSetgroups(thread: Thread, size: number, list: number): number {
  const c = thread.process.credentials;
  const n = size | 0;
  if (n < 0 || n > 65536) fail(Errno.EINVAL);
  if (c.euid !== 0) fail(Errno.EPERM);
  const s = StructBuffer.read(thread.process.memory, list, n * 4);
  c.groups = Array.from({ length: n }, (_, i) => s.getU32(i * 4));
  return 0;
}

function writeIds(thread: Thread, a: number, b: number, c: number, values: [number, number, number]): number {
  const memory = thread.process.memory;
  writeU32(memory, a, values[0]);
  writeU32(memory, b, values[1]);
  writeU32(memory, c, values[2]);
  return 0;
}

export function sysGetresuid(thread: Thread, r: number, e: number, s: number): number {
  const c = thread.process.credentials;
  return writeIds(thread, r, e, s, [c.uid, c.euid, c.suid]);
}

export function sysGetresgid(thread: Thread, r: number, e: number, s: number): number {
  const c = thread.process.credentials;
  return writeIds(thread, r, e, s, [c.gid, c.egid, c.sgid]);
}

type IdKind = 'user' | 'group';

function ids(c: Credentials, kind: IdKind): [number, number, number] {
  return kind === 'user' ? [c.uid, c.euid, c.suid] : [c.gid, c.egid, c.sgid];
}

function storeIds(c: Credentials, kind: IdKind, [real, effective, saved]: [number, number, number]): void {
  if (kind === 'user') {
    const before = { uid: c.uid, euid: c.euid, suid: c.suid, fsuid: c.fsuid };
    c.uid = real;
    c.euid = effective;
    c.suid = saved;
    c.fsuid = effective;
    adjustCapabilitiesForUserIds(c, before);
  } else {
    c.gid = real;
    c.egid = effective;
    c.sgid = saved;
    c.fsgid = effective;
  }
}

/** setresuid/setresgid: each id may be -1 (keep); unprivileged callers may only pick current ids. */
function setResIds(thread: Thread, kind: IdKind, r: number, e: number, s: number): number {
  const c = thread.process.credentials;
  const current = ids(c, kind);
  const wanted = [r >>> 0, e >>> 0, s >>> 0].map((v, i) => (v === 0xffffffff ? current[i]! : v)) as [
    number,
    number,
    number,
  ];
  if (c.euid !== 0 && !wanted.every((v) => current.includes(v))) fail(Errno.EPERM);
  storeIds(c, kind, wanted);
  return 0;
}

export function sysSetresuid(thread: Thread, r: number, e: number, s: number): number {
  return setResIds(thread, 'user', r, e, s);
}

export function sysSetresgid(thread: Thread, r: number, e: number, s: number): number {
  return setResIds(thread, 'group', r, e, s);
}

/** setuid/setgid: privileged callers set all three ids; others only the effective id. */
function setId(thread: Thread, kind: IdKind, id: number): number {
  const c = thread.process.credentials;
  const value = id >>> 0;
  if (value === 0xffffffff) fail(Errno.EINVAL);
  const [real, , saved] = ids(c, kind);
  if (c.euid === 0) storeIds(c, kind, [value, value, value]);
  else if (value === real || value === saved) storeIds(c, kind, [real, value, saved]);
  else fail(Errno.EPERM);
  return 0;
}

export function sysSetuid(thread: Thread, uid: number): number {
  return setId(thread, 'user', uid);
}

export function sysSetgid(thread: Thread, gid: number): number {
  return setId(thread, 'group', gid);
}

/** setreuid/setregid: real and effective, -1 keeps; the saved id follows Linux's rule. */
function setReIds(thread: Thread, kind: IdKind, r: number, e: number): number {
  const c = thread.process.credentials;
  const [real, effective, saved] = ids(c, kind);
  const newReal = r >>> 0 === 0xffffffff ? real : r >>> 0;
  const newEffective = e >>> 0 === 0xffffffff ? effective : e >>> 0;
  if (c.euid !== 0) {
    if (newReal !== real && newReal !== effective) fail(Errno.EPERM);
    if (newEffective !== real && newEffective !== effective && newEffective !== saved) fail(Errno.EPERM);
  }
  const newSaved = r >>> 0 !== 0xffffffff || newEffective !== real ? newEffective : saved;
  storeIds(c, kind, [newReal, newEffective, newSaved]);
  return 0;
}

export function sysSetreuid(thread: Thread, r: number, e: number): number {
  return setReIds(thread, 'user', r, e);
}

export function sysSetregid(thread: Thread, r: number, e: number): number {
  return setReIds(thread, 'group', r, e);
}

/**
 * setfsuid/setfsgid return the previous value and change it when allowed. -1 is no valid id: Linux
 * returns the previous value unchanged (programs call setfsuid(-1) to read it).
 */
export function sysSetfsuid(thread: Thread, uid: number): number {
  const c = thread.process.credentials;
  const old = c.fsuid;
  const v = uid >>> 0;
  if (v === 0xffffffff) return old;
  if (c.euid === 0 || v === c.uid || v === c.euid || v === c.suid) {
    const before = { uid: c.uid, euid: c.euid, suid: c.suid, fsuid: c.fsuid };
    c.fsuid = v;
    adjustCapabilitiesForUserIds(c, before);
  }
  return old;
}

export function sysSetfsgid(thread: Thread, gid: number): number {
  const c = thread.process.credentials;
  const old = c.fsgid;
  const v = gid >>> 0;
  if (v === 0xffffffff) return old;
  if (c.euid === 0 || v === c.gid || v === c.egid || v === c.sgid) c.fsgid = v;
  return old;
}

function checkSelf(thread: Thread, pid: number): void {
  const p = pid | 0;
  if (p < 0) fail(Errno.EINVAL);
  if (p !== 0 && p !== thread.process.pid && !thread.process.threads.some((t) => t.tid === p)) fail(Errno.ESRCH);
}

export function sysGetpgrp(thread: Thread): number {
  return thread.process.pgid;
}

/**
 * getpgid/getsid/setpgid name a process by pid: 0 is the caller, else a process of the system
 * (a thread id names its process, as Linux's find_task_by_vpid does); Linux finds no process for
 * any other pid outside Miros (a negative one included) and answers ESRCH.
 */
function processNamed(thread: Thread, pid: number): Process {
  const p = pid | 0;
  const process = thread.process;
  if (p === 0 || p === process.pid || process.threads.some((t) => t.tid === p)) return process;
  const other = process.system?.processes.find((q) => q.pid === p || q.threads.some((t) => t.tid === p));
  if (other === undefined) fail(Errno.ESRCH);
  return other;
}

export function sysGetpgid(thread: Thread, pid: number): number {
  return processNamed(thread, pid).pgid;
}

/**
 * setpgid in Linux's order: the defaults (pid 0 is the caller, pgid 0 the target's pid), a negative
 * group EINVAL, a target that is neither the caller nor its child ESRCH, a thread that is not the
 * leader EINVAL, a target that is a session leader or in another session EPERM, and a group other
 * than the target's own pid must exist in the caller's session (EPERM). The groups Miros knows
 * are those of the system's processes (the first one's is the host's).
 */
export function sysSetpgid(thread: Thread, pid: number, pgid: number): number {
  const process = thread.process;
  const targetPid = (pid | 0) === 0 ? process.pid : pid | 0;
  const group = (pgid | 0) === 0 ? targetPid : pgid | 0;
  if (group < 0) fail(Errno.EINVAL);
  const target = processNamed(thread, targetPid);
  if (target !== process && target.ppid !== process.pid) fail(Errno.ESRCH);
  if (target.pid !== targetPid) fail(Errno.EINVAL);
  if (target.sid === target.pid || target.sid !== process.sid) fail(Errno.EPERM);
  const processes = process.system?.processes ?? [process];
  if (group !== target.pid && !processes.some((q) => q.pgid === group && q.sid === process.sid)) fail(Errno.EPERM);
  target.pgid = group;
  return 0;
}

export function sysGetsid(thread: Thread, pid: number): number {
  return processNamed(thread, pid).sid;
}

export function sysSetsid(thread: Thread): number {
  const process = thread.process;
  if (process.pgid === process.pid) fail(Errno.EPERM);
  process.sid = process.pid;
  process.pgid = process.pid;
  return process.sid;
}

// ---- thread setup ----

export function sysSetTidAddress(thread: Thread, address: number): number {
  thread.clearChildTid = address;
  return thread.tid;
}

const ROBUST_LIST_HEAD_SIZE = 24;

export function sysSetRobustList(thread: Thread, head: number, length: number): number {
  if (length !== ROBUST_LIST_HEAD_SIZE) fail(Errno.EINVAL);
  thread.robustList = head;
  thread.robustListLength = length;
  return 0;
}

export function sysGetRobustList(thread: Thread, pid: number, headPointer: number, lengthPointer: number): number {
  checkSelf(thread, pid);
  writeI64(thread.process.memory, headPointer, thread.robustList);
  writeI64(thread.process.memory, lengthPointer, ROBUST_LIST_HEAD_SIZE);
  return 0;
}

export function sysArchPrctl(thread: Thread, code: number, address: number): number {
  const cpu = thread.cpu;
  const memory = thread.process.memory;
  switch (code | 0) {
    case ArchPrctl.SET_FS:
    case ArchPrctl.SET_GS:
      // Linux refuses bases beyond the user address range (TASK_SIZE_MAX, 2^47 - 4096).
      if (address < 0 || address >= 2 ** 47 - 4096) fail(Errno.EPERM);
      if ((code | 0) === ArchPrctl.SET_FS) cpu.fsBase = address;
      else cpu.gsBase = address;
      return 0;
    case ArchPrctl.GET_FS:
      writeI64(memory, address, cpu.fsBase);
      return 0;
    case ArchPrctl.GET_GS:
      writeI64(memory, address, cpu.gsBase);
      return 0;
    case ArchPrctl.GET_CPUID:
      return 1;
    case ArchPrctl.SET_CPUID:
      // CPUID faulting is not available (as on most hardware).
      fail(Errno.ENODEV);
      return 0;
    case ArchPrctl.GET_XCOMP_SUPP:
    case ArchPrctl.GET_XCOMP_PERM:
    case ArchPrctl.GET_XCOMP_GUEST_PERM:
      // The x87 and SSE state components.
      writeI64(memory, address, 3);
      return 0;
    default:
      fail(Errno.EINVAL);
  }
}

// ---- limits ----

function writeLimit(thread: Thread, address: number, resource: number): void {
  const limit = thread.process.limits[resource]!;
  const s = new StructBuffer(16);
  s.u64(0, limit.soft === RLIM_INFINITY ? -1 : limit.soft);
  s.u64(8, limit.hard === RLIM_INFINITY ? -1 : limit.hard);
  s.writeTo(thread.process.memory, address);
}

function readLimit(thread: Thread, address: number): { soft: number; hard: number } {
  const s = StructBuffer.read(thread.process.memory, address, 16);
  const value = (offset: number) => {
    const hi = s.getU32(offset + 4);
    if (hi === 0xffffffff && s.getU32(offset) === 0xffffffff) return RLIM_INFINITY;
    return hi * 4294967296 + s.getU32(offset);
  };
  return { soft: value(0), hard: value(8) };
}

function setLimit(thread: Thread, resource: number, wanted: { soft: number; hard: number }): void {
  const process = thread.process;
  if (wanted.soft > wanted.hard) fail(Errno.EINVAL);
  const current = process.limits[resource]!;
  if (wanted.hard > current.hard && process.credentials.euid !== 0) fail(Errno.EPERM);
  if (resource === Rlimit.NOFILE && wanted.soft > 1_048_576) fail(Errno.EPERM);
  process.limits[resource] = wanted;
  if (resource === Rlimit.NOFILE) process.fds.limit = wanted.soft;
  if (resource === Rlimit.STACK) process.mm.stackLimit = wanted.soft;
}

export function sysPrlimit64(
  thread: Thread,
  pid: number,
  resource: number,
  newLimit: number,
  oldLimit: number,
): number {
  checkSelf(thread, pid);
  const r = resource >>> 0;
  if (r >= 16) fail(Errno.EINVAL);
  const wanted = newLimit !== 0 ? readLimit(thread, newLimit) : undefined;
  if (oldLimit !== 0) writeLimit(thread, oldLimit, r);
  if (wanted) setLimit(thread, r, wanted);
  return 0;
}

export function sysGetrlimit(thread: Thread, resource: number, address: number): number {
  const r = resource >>> 0;
  if (r >= 16) fail(Errno.EINVAL);
  writeLimit(thread, address, r);
  return 0;
}

export function sysSetrlimit(thread: Thread, resource: number, address: number): number {
  const r = resource >>> 0;
  if (r >= 16) fail(Errno.EINVAL);
  setLimit(thread, r, readLimit(thread, address));
  return 0;
}

// ---- usage, system information ----

const RUSAGE_SELF = 0;
const RUSAGE_CHILDREN = -1;
const RUSAGE_THREAD = 1;

export function sysGetrusage(thread: Thread, who: number, address: number): number {
  const w = who | 0;
  if (w !== RUSAGE_SELF && w !== RUSAGE_CHILDREN && w !== RUSAGE_THREAD) fail(Errno.EINVAL);
  const s = new StructBuffer(144);
  if (w !== RUSAGE_CHILDREN) {
    const u = process.resourceUsage();
    s.u64(0, Math.floor(u.userCPUTime / 1e6))
      .u64(8, u.userCPUTime % 1e6)
      .u64(16, Math.floor(u.systemCPUTime / 1e6))
      .u64(24, u.systemCPUTime % 1e6)
      .u64(32, u.maxRSS)
      .u64(64, u.minorPageFault)
      .u64(72, u.majorPageFault)
      .u64(88, u.fsRead)
      .u64(96, u.fsWrite)
      .u64(128, u.voluntaryContextSwitches)
      .u64(136, u.involuntaryContextSwitches);
  }
  s.writeTo(thread.process.memory, address);
  return 0;
}

export function sysSysinfo(thread: Thread, address: number): number {
  const loads = os()
    .loadavg()
    .map((l) => Math.round(l * 65536));
  new StructBuffer(112)
    .u64(0, Math.floor(os().uptime()))
    .u64(8, loads[0]!)
    .u64(16, loads[1]!)
    .u64(24, loads[2]!)
    .u64(32, os().totalmem())
    .u64(40, os().freemem())
    .u16(80, 1)
    .u32(104, 1)
    .writeTo(thread.process.memory, address);
  return 0;
}

/** Clock ticks per second (AT_CLKTCK, USER_HZ). */
export const CLOCK_TICKS = 100;

export function sysTimes(thread: Thread, address: number): number {
  if (address !== 0) {
    const u = process.cpuUsage();
    new StructBuffer(32)
      .u64(0, Math.floor((u.user / 1e6) * CLOCK_TICKS))
      .u64(8, Math.floor((u.system / 1e6) * CLOCK_TICKS))
      .writeTo(thread.process.memory, address);
  }
  return Math.floor(os().uptime() * CLOCK_TICKS);
}

const UTS_FIELD = 65;

export function sysUname(thread: Thread, address: number): number {
  const names = utsNamesOf(thread.process);
  const fields = ['Linux', names.hostname, os().release(), os().version(), 'x86_64', names.domainname];
  const s = new StructBuffer(UTS_FIELD * 6);
  for (let i = 0; i < fields.length; i++) s.bytesAt(i * UTS_FIELD, fromLatin1(fields[i]!).subarray(0, UTS_FIELD - 1));
  s.writeTo(thread.process.memory, address);
  return 0;
}

// ---- scheduling ----

/**
 * sched_yield: with other threads (of any process), the caller's slice ends here (the call completes with 0 when
 * its turn comes again, after every other thread that can run has had one).
 */
export function sysSchedYield(thread: Thread): number {
  if (!thread.process.othersCanRun()) return 0;
  thread.wakeResult = 0;
  thread.wait = { kind: 'sleep', deadline: 0 };
  return BLOCKED;
}

export function sysSchedGetaffinity(thread: Thread, pid: number, size: number, mask: number): number {
  checkSelf(thread, pid);
  const cpus = thread.process.cpuCount;
  const length = size >>> 0;
  // The kernel's cpumask is whole longs: 8 bytes for up to 64 CPUs.
  const maskBytes = Math.ceil(cpus / 64) * 8;
  if (length * 8 < cpus || length % 8 !== 0) fail(Errno.EINVAL);
  const s = new StructBuffer(maskBytes);
  for (let cpu = 0; cpu < cpus; cpu++) s.bytes[cpu >> 3]! |= 1 << (cpu & 7);
  s.writeTo(thread.process.memory, mask);
  return maskBytes;
}

/** sched_setaffinity: Linux keeps the mask's CPUs that exist; none left is EINVAL (CPUs past the machine's count included). */
export function sysSchedSetaffinity(thread: Thread, pid: number, size: number, mask: number): number {
  checkSelf(thread, pid);
  const bytes = StructBuffer.read(thread.process.memory, mask, Math.min(size >>> 0, 128)).bytes;
  const cpus = thread.process.cpuCount;
  let any = false;
  for (let cpu = 0; cpu < cpus && cpu < 8 * bytes.length; cpu++) if ((bytes[cpu >> 3]! >> (cpu & 7)) & 1) any = true;
  if (!any) fail(Errno.EINVAL);
  return 0;
}

export function sysSchedGetscheduler(thread: Thread, pid: number): number {
  checkSelf(thread, pid);
  return 0; // SCHED_OTHER
}

export function sysSchedGetparam(thread: Thread, pid: number, address: number): number {
  checkSelf(thread, pid);
  writeU32(thread.process.memory, address, 0);
  return 0;
}

/**
 * sched_setparam: every Miros thread runs under SCHED_OTHER, whose only valid priority is 0
 * (EINVAL otherwise, and for a NULL param).
 */
export function sysSchedSetparam(thread: Thread, pid: number, address: number): number {
  if (address === 0 || (pid | 0) < 0) fail(Errno.EINVAL);
  checkSelf(thread, pid);
  if (readI32(thread.process.memory, address) !== 0) fail(Errno.EINVAL);
  return 0;
}

/**
 * sched_setscheduler as Linux checks it: a NULL param or negative pid is EINVAL; an unknown
 * policy is EINVAL; the priority must be 0 for OTHER, BATCH and IDLE and 1-99 for FIFO and RR
 * (EINVAL otherwise); FIFO and RR then need privileges Miros does not grant (EPERM).
 */
export function sysSchedSetscheduler(thread: Thread, pid: number, policy: number, address: number): number {
  if (address === 0 || (pid | 0) < 0) fail(Errno.EINVAL);
  // Linux copies the parameter before it looks the thread up (EFAULT before ESRCH).
  const priority = readI32(thread.process.memory, address);
  checkSelf(thread, pid);
  const p = (policy | 0) & ~0x40000000; // SCHED_RESET_ON_FORK
  if (p === 0 || p === 3 || p === 5) {
    if (priority !== 0) fail(Errno.EINVAL);
    return 0; // OTHER, BATCH, IDLE
  }
  if (p === 1 || p === 2) {
    if (priority < 1 || priority > 99) fail(Errno.EINVAL);
    fail(Errno.EPERM); // FIFO, RR need privileges
  }
  fail(Errno.EINVAL);
}

export function sysSchedGetPriorityMax(_thread: Thread, policy: number): number {
  const p = policy | 0;
  if (p === 1 || p === 2) return 99;
  if (p === 0 || p === 3 || p === 5 || p === 6) return 0;
  fail(Errno.EINVAL);
}

export function sysSchedGetPriorityMin(_thread: Thread, policy: number): number {
  const p = policy | 0;
  if (p === 1 || p === 2) return 1;
  if (p === 0 || p === 3 || p === 5 || p === 6) return 0;
  fail(Errno.EINVAL);
}

export function sysSchedRrGetInterval(thread: Thread, pid: number, address: number): number {
  checkSelf(thread, pid);
  new StructBuffer(16).u64(0, 0).u64(8, 100_000_000).writeTo(thread.process.memory, address);
  return 0;
}

export function sysGetpriority(thread: Thread, which: number, who: number): number {
  if ((which | 0) < 0 || (which | 0) > 2) fail(Errno.EINVAL);
  if ((which | 0) === 0) checkSelf(thread, who);
  // The kernel returns 20 - nice so that the result is never negative.
  return 20 - thread.process.nice;
}

export function sysSetpriority(thread: Thread, which: number, who: number, priority: number): number {
  if ((which | 0) < 0 || (which | 0) > 2) fail(Errno.EINVAL);
  if ((which | 0) === 0) checkSelf(thread, who);
  const nice = Math.max(-20, Math.min(19, priority | 0));
  if (nice < thread.process.nice && thread.process.credentials.euid !== 0) fail(Errno.EACCES);
  thread.process.nice = nice;
  return 0;
}

export function sysGetcpu(thread: Thread, cpu: number, node: number): number {
  if (cpu !== 0) writeU32(thread.process.memory, cpu, 0);
  if (node !== 0) writeU32(thread.process.memory, node, 0);
  return 0;
}

// ---- prctl, personality ----

export function sysPrctl(thread: Thread, option: number, arg2: number): number {
  const memory = thread.process.memory;
  switch (option | 0) {
    case Prctl.SET_NAME:
      thread.name = readString(memory, arg2, 16 + 1).slice(0, 15);
      return 0;
    case Prctl.GET_NAME: {
      const name = fromLatin1(thread.name);
      new StructBuffer(16).bytesAt(0, name.subarray(0, 15)).writeTo(memory, arg2);
      return 0;
    }
    case Prctl.GET_DUMPABLE:
      return 1;
    case Prctl.SET_DUMPABLE:
      if (arg2 !== 0 && arg2 !== 1) fail(Errno.EINVAL);
      return 0;
    case Prctl.SET_PDEATHSIG:
      if (arg2 < 0 || arg2 > 64) fail(Errno.EINVAL);
      thread.process.parentDeathSignal = arg2;
      return 0;
    case Prctl.GET_PDEATHSIG:
      writeU32(memory, arg2, thread.process.parentDeathSignal);
      return 0;
    case Prctl.SET_NO_NEW_PRIVS:
      if (arg2 !== 1) fail(Errno.EINVAL);
      return 0;
    case Prctl.GET_CHILD_SUBREAPER:
      writeU32(memory, arg2, thread.process.childSubreaper ? 1 : 0);
      return 0;
    case Prctl.SET_CHILD_SUBREAPER:
      thread.process.childSubreaper = arg2 !== 0;
      return 0;
    case Prctl.GET_NO_NEW_PRIVS:
    case Prctl.GET_SECCOMP:
    case Prctl.GET_KEEPCAPS:
    case Prctl.GET_THP_DISABLE:
      return 0;
    case Prctl.SET_KEEPCAPS:
    case Prctl.SET_THP_DISABLE:
      return 0;
    case Prctl.CAPBSET_READ:
      if (arg2 < 0 || arg2 > 40) fail(Errno.EINVAL);
      return 1;
    case Prctl.GET_TIMERSLACK:
      return 50_000;
    case Prctl.SET_TIMERSLACK:
      return 0;
    case Prctl.GET_TID_ADDRESS:
      writeI64(memory, arg2, thread.clearChildTid);
      return 0;
    default:
      // Including PR_SET_VMA (anonymous mapping names): as a kernel built without it.
      fail(Errno.EINVAL);
  }
}

export function sysPersonality(thread: Thread, persona: number): number {
  const old = thread.process.personality;
  if (persona >>> 0 !== 0xffffffff) thread.process.personality = persona >>> 0;
  return old;
}

// ---- randomness ----

/** Linux returns at most this much per getrandom call. */
const GETRANDOM_MAX = 33_554_431;

export function sysGetrandom(thread: Thread, buffer: number, count: number, flags: number): number {
  const f = flags >>> 0;
  if (f & ~(GetrandomFlag.NONBLOCK | GetrandomFlag.RANDOM | GetrandomFlag.INSECURE)) fail(Errno.EINVAL);
  if (f & GetrandomFlag.RANDOM && f & GetrandomFlag.INSECURE) fail(Errno.EINVAL);
  const length = Math.min(sizeArgument(count), GETRANDOM_MAX);
  const memory = thread.process.memory;
  checkWritable(memory, buffer, length);
  thread.process.random(memory.bytes, buffer, length);
  return length;
}
