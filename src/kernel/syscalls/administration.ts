// The system-administration calls: chroot, the capability sets, the host and domain names, mounts,
// namespaces, file handles, swap, accounting, modules, reboot, vhangup and the clock's discipline.
//
// Miros honours what it can inside a run: chroot (a per-process root directory, ../fs/vfs.ts),
// capget/capset, sethostname/setdomainname (the run's UTS namespace, ../uts.ts), unshare of what a
// Miros process never shares, unshare(CLONE_NEWUTS), reading the clock's discipline. Everything
// else needs a capability a Miros process lacks (../capabilities.ts) and fails with EPERM at the
// point where Linux checks it — after the argument errors Linux finds first — with a one-time
// `miros: CALL: …` note on stderr saying why.

import { PAGE_SIZE } from '../../memory/address-space.ts';
import { AT_FDCWD, AtFlag, CloneFlag, OpenFlag } from '../abi/flags.ts';
import {
  administersRunNamespaces,
  Capability,
  type CapabilitySets,
  capable,
  DROPPED_CAPABILITIES,
  visibleSets,
} from '../capabilities.ts';
import { readClock } from '../clock.ts';
import { Errno, fail, SyscallError } from '../errno.ts';
import { S_IFDIR } from '../fs/stat.ts';
import { checkReadable, latin1, readI32, readString, readU32, StructBuffer, writeU32 } from '../guest-memory.ts';
import type { Process } from '../process.ts';
import type { Thread } from '../thread.ts';
import { UTS_NAME_LENGTH, unshareUtsNamespace, utsNamesOf } from '../uts.ts';
import { fileOf } from './common.ts';
import { resolveAt } from './paths.ts';

/** Fails with EPERM, saying once why: the capability is one a Miros process does not have. */
function lacking(thread: Thread, call: string, what: string): never {
  thread.process.warn(`${call}: ${what} is not possible in Miros (a Miros process lacks the capability)`);
  fail(Errno.EPERM);
}

// ---- chroot ----

/**
 * chroot: the directory must exist and be searchable (ENOENT, ENOTDIR, EACCES first), then the
 * caller needs CAP_SYS_CHROOT. Only the caller's root changes: its cwd and descriptors stay where
 * they are, usable even outside the new root (as on Linux).
 */
export function sysChroot(thread: Thread, pathAddress: number): number {
  const process = thread.process;
  const r = process.vfs.existing(process.cwd, readString(process.memory, pathAddress), true);
  if (r.type !== S_IFDIR) fail(Errno.ENOTDIR);
  r.location.fs.access(r.location.path, 1);
  if (!capable(process.credentials, Capability.SYS_CHROOT)) fail(Errno.EPERM);
  process.vfs = process.vfs.withRoot(r.location);
  return 0;
}

// ---- capabilities ----

const CAPABILITY_VERSION_1 = 0x19980330;
const CAPABILITY_VERSION_2 = 0x20071026;
const CAPABILITY_VERSION_3 = 0x20080522;
/** Size of one __user_cap_data_struct (effective, permitted, inheritable: 32 bits each). */
const CAPABILITY_DATA_SIZE = 12;

/**
 * The number of 32-bit words the header's version carries (1 or 2); an unknown version makes
 * Linux write the version it prefers into the header and fail with EINVAL.
 */
function capabilityWords(thread: Thread, header: number): number {
  const version = readU32(thread.process.memory, header);
  if (version === CAPABILITY_VERSION_1) return 1;
  if (version === CAPABILITY_VERSION_2 || version === CAPABILITY_VERSION_3) return 2;
  writeU32(thread.process.memory, header, CAPABILITY_VERSION_3);
  fail(Errno.EINVAL);
}

function processOfPid(thread: Thread, pid: number): Process {
  const caller = thread.process;
  if (pid === 0 || pid === caller.pid) return caller;
  const target = caller.system?.processes.find((p) => p.pid === pid);
  if (target === undefined) fail(Errno.ESRCH);
  return target;
}

export function sysCapget(thread: Thread, header: number, data: number): number {
  let words: number;
  try {
    words = capabilityWords(thread, header);
  } catch (error) {
    // Asking with no data pointer is how programs learn the preferred version: not an error.
    if (data === 0 && error instanceof SyscallError && error.errno === Errno.EINVAL) return 0;
    throw error;
  }
  if (data === 0) return 0;
  const pid = readI32(thread.process.memory, header + 4);
  if (pid < 0) fail(Errno.EINVAL);
  const sets = visibleSets(processOfPid(thread, pid).credentials);
  const s = new StructBuffer(words * CAPABILITY_DATA_SIZE);
  for (let word = 0; word < words; word++) {
    const part = (set: bigint) => Number((set >> BigInt(32 * word)) & 0xffffffffn);
    s.u32(word * CAPABILITY_DATA_SIZE, part(sets.capEffective));
    s.u32(word * CAPABILITY_DATA_SIZE + 4, part(sets.capPermitted));
    s.u32(word * CAPABILITY_DATA_SIZE + 8, part(sets.capInheritable));
  }
  s.writeTo(thread.process.memory, data);
  return 0;
}

function isSubset(set: bigint, of: bigint): boolean {
  return (set & ~of) === 0n;
}

/**
 * capset on the caller (another pid: EPERM) under Linux's cap_capset rules: the new inheritable
 * set within the old inheritable and permitted sets (unless CAP_SETPCAP) and within the bounding
 * set, the new permitted set within the old one, the new effective set within the new permitted.
 */
export function sysCapset(thread: Thread, header: number, data: number): number {
  const process = thread.process;
  const words = capabilityWords(thread, header);
  const pid = readI32(process.memory, header + 4);
  if (pid !== 0 && pid !== process.pid) fail(Errno.EPERM);
  const s = StructBuffer.read(process.memory, data, words * CAPABILITY_DATA_SIZE);
  const set = (offset: number) => {
    let value = 0n;
    for (let word = 0; word < words; word++)
      value |= BigInt(s.getU32(word * CAPABILITY_DATA_SIZE + offset)) << BigInt(32 * word);
    return value;
  };
  const wanted: Omit<CapabilitySets, 'capBounding'> = {
    capEffective: set(0),
    capPermitted: set(4),
    capInheritable: set(8),
  };
  const old = process.credentials;
  const inheritableCapped = (old.capEffective & (1n << BigInt(Capability.SETPCAP))) === 0n;
  if (inheritableCapped && !isSubset(wanted.capInheritable, old.capInheritable | old.capPermitted)) fail(Errno.EPERM);
  if (!isSubset(wanted.capInheritable, old.capInheritable | old.capBounding)) fail(Errno.EPERM);
  if (!isSubset(wanted.capPermitted, old.capPermitted)) fail(Errno.EPERM);
  if (!isSubset(wanted.capEffective, wanted.capPermitted)) fail(Errno.EPERM);
  // The capabilities capget hides (DROPPED_CAPABILITIES: those over the run's own namespaces)
  // stay in a set the caller keeps non-empty, since it could not name them; an emptied set loses them.
  const kept = (next: bigint, before: bigint) => (next === 0n ? 0n : next | (before & DROPPED_CAPABILITIES));
  const permitted = kept(wanted.capPermitted, old.capPermitted);
  old.capEffective = kept(wanted.capEffective, old.capEffective) & permitted;
  old.capPermitted = permitted;
  old.capInheritable = wanted.capInheritable;
  return 0;
}

// ---- host and domain names ----

/**
 * sethostname/setdomainname: CAP_SYS_ADMIN over the run's UTS namespace first (EPERM), then the
 * length (EINVAL beyond 64 bytes), then the bytes (EFAULT). The name changes for the run only.
 */
function setUtsName(thread: Thread, address: number, length: number, field: 'hostname' | 'domainname'): number {
  const process = thread.process;
  if (!administersRunNamespaces(process.credentials)) fail(Errno.EPERM);
  const n = length | 0;
  if (n < 0 || n > UTS_NAME_LENGTH) fail(Errno.EINVAL);
  checkReadable(process.memory, address, n);
  const bytes = n === 0 ? new Uint8Array(0) : process.memory.readBytes(address, n);
  const end = bytes.indexOf(0);
  utsNamesOf(process)[field] = latin1(end < 0 ? bytes : bytes.subarray(0, end));
  return 0;
}

export function sysSethostname(thread: Thread, address: number, length: number): number {
  return setUtsName(thread, address, length, 'hostname');
}

export function sysSetdomainname(thread: Thread, address: number, length: number): number {
  return setUtsName(thread, address, length, 'domainname');
}

// ---- mounts ----

const MS_MGC_MASK = 0xffff0000;
const MS_MGC_VALUE = 0xc0ed0000;
const MS_NOUSER = 0x80000000;

/**
 * mount: the strings and the data page are copied (EFAULT), the target looked up (ENOENT,
 * ENOTDIR, ELOOP…), MS_NOUSER refused (EINVAL), then CAP_SYS_ADMIN is needed.
 */
export function sysMount(
  thread: Thread,
  source: number,
  target: number,
  type: number,
  flags: number,
  data: number,
): number {
  const process = thread.process;
  if (type !== 0) readString(process.memory, type, PAGE_SIZE);
  if (source !== 0) readString(process.memory, source, PAGE_SIZE);
  if (data !== 0) checkReadable(process.memory, data, 1);
  process.vfs.existing(process.cwd, readString(process.memory, target), true);
  let f = flags >>> 0;
  if ((f & MS_MGC_MASK) >>> 0 === MS_MGC_VALUE) f &= ~MS_MGC_MASK;
  if ((f & MS_NOUSER) !== 0) fail(Errno.EINVAL);
  lacking(thread, 'mount', 'mounting a file system');
}

const MNT_FORCE = 1;
const MNT_DETACH = 2;
const MNT_EXPIRE = 4;
const UMOUNT_NOFOLLOW = 8;

/** umount2: unknown flags (EINVAL), the target's lookup, then CAP_SYS_ADMIN. */
export function sysUmount2(thread: Thread, target: number, flags: number): number {
  const process = thread.process;
  const f = flags | 0;
  if ((f & ~(MNT_FORCE | MNT_DETACH | MNT_EXPIRE | UMOUNT_NOFOLLOW)) !== 0) fail(Errno.EINVAL);
  process.vfs.existing(process.cwd, readString(process.memory, target), (f & UMOUNT_NOFOLLOW) === 0);
  lacking(thread, 'umount', 'unmounting a file system');
}

// ---- the mount API (open_tree, move_mount, fsopen, fsconfig, fsmount, fspick, mount_setattr) ----

const OPEN_TREE_CLONE = 1;

/**
 * open_tree: flag errors (EINVAL), a detached copy of the tree needs CAP_SYS_ADMIN (EPERM);
 * without OPEN_TREE_CLONE it is an O_PATH descriptor of the path, which Miros gives.
 */
export function sysOpenTree(thread: Thread, dirfd: number, pathAddress: number, flagsArgument: number): number {
  const process = thread.process;
  const flags = flagsArgument >>> 0;
  const known = AtFlag.EMPTY_PATH | AtFlag.NO_AUTOMOUNT | AtFlag.RECURSIVE | AtFlag.SYMLINK_NOFOLLOW;
  if ((flags & ~(known | OPEN_TREE_CLONE | OpenFlag.CLOEXEC)) !== 0) fail(Errno.EINVAL);
  if ((flags & (AtFlag.RECURSIVE | OPEN_TREE_CLONE)) === AtFlag.RECURSIVE) fail(Errno.EINVAL);
  if (flags & OPEN_TREE_CLONE) lacking(thread, 'open_tree', 'a detached mount tree');
  const target = resolveAt(thread, dirfd, pathAddress, flags, (flags & AtFlag.SYMLINK_NOFOLLOW) === 0);
  const location = target.location ?? target.file?.location;
  if (location === undefined) fail(Errno.EINVAL);
  const file = location.fs.open(location, OpenFlag.PATH, 0);
  file.flags = OpenFlag.PATH;
  try {
    return process.fds.add(file, (flags & OpenFlag.CLOEXEC) !== 0);
  } catch (error) {
    file.retain().drop();
    throw error;
  }
}

/** move_mount, fsmount, fspick: CAP_SYS_ADMIN is their first check. */
export function sysMoveMount(thread: Thread): number {
  lacking(thread, 'move_mount', 'moving a mount');
}

export function sysFsmount(thread: Thread): number {
  lacking(thread, 'fsmount', 'mounting a file system');
}

export function sysFspick(thread: Thread): number {
  lacking(thread, 'fspick', 'reconfiguring a mounted file system');
}

export function sysFsopen(thread: Thread): number {
  lacking(thread, 'fsopen', 'creating a file system context');
}

const enum FsconfigCommand {
  SET_FLAG = 0,
  SET_STRING = 1,
  SET_BINARY = 2,
  SET_PATH = 3,
  SET_PATH_EMPTY = 4,
  SET_FD = 5,
  CMD_CREATE = 6,
  CMD_RECONFIGURE = 7,
  CMD_CREATE_EXCL = 8,
}

/**
 * fsconfig: Linux's argument checks per command (EINVAL, EOPNOTSUPP for unknown commands), then
 * the descriptor (EBADF); no Miros descriptor is a file system context (fsopen needs
 * CAP_SYS_ADMIN), so any open one is EINVAL.
 */
export function sysFsconfig(
  thread: Thread,
  fd: number,
  command: number,
  key: number,
  value: number,
  aux: number,
): number {
  if ((fd | 0) < 0) fail(Errno.EINVAL);
  const a = aux | 0;
  switch (command >>> 0) {
    case FsconfigCommand.SET_FLAG:
      if (key === 0 || value !== 0 || a !== 0) fail(Errno.EINVAL);
      break;
    case FsconfigCommand.SET_STRING:
      if (key === 0 || value === 0 || a !== 0) fail(Errno.EINVAL);
      break;
    case FsconfigCommand.SET_BINARY:
      if (key === 0 || value === 0 || a <= 0 || a > 1024 * 1024) fail(Errno.EINVAL);
      break;
    case FsconfigCommand.SET_PATH:
    case FsconfigCommand.SET_PATH_EMPTY:
      if (key === 0 || value === 0 || (a !== AT_FDCWD && a < 0)) fail(Errno.EINVAL);
      break;
    case FsconfigCommand.SET_FD:
      if (key === 0 || value !== 0 || a < 0) fail(Errno.EINVAL);
      break;
    case FsconfigCommand.CMD_CREATE:
    case FsconfigCommand.CMD_RECONFIGURE:
    case FsconfigCommand.CMD_CREATE_EXCL:
      if (key !== 0 || value !== 0 || a !== 0) fail(Errno.EINVAL);
      break;
    default:
      fail(Errno.EOPNOTSUPP);
  }
  fileOf(thread, fd);
  fail(Errno.EINVAL);
}

const MOUNT_ATTR_SIZE_VER0 = 32;

/** mount_setattr: unknown flags (EINVAL), the attribute size (E2BIG above a page, EINVAL below 32), then CAP_SYS_ADMIN. */
export function sysMountSetattr(
  thread: Thread,
  _dirfd: number,
  _pathAddress: number,
  flags: number,
  _attributes: number,
  size: number,
): number {
  const known = AtFlag.EMPTY_PATH | AtFlag.RECURSIVE | AtFlag.SYMLINK_NOFOLLOW | AtFlag.NO_AUTOMOUNT;
  if (((flags >>> 0) & ~known) !== 0) fail(Errno.EINVAL);
  if (size > PAGE_SIZE) fail(Errno.E2BIG);
  if (size < MOUNT_ATTR_SIZE_VER0) fail(Errno.EINVAL);
  lacking(thread, 'mount_setattr', 'changing mount attributes');
}

// ---- quotas ----

const SUBCOMMAND_SHIFT = 8;
const MAXQUOTAS = 3;
const Q_SYNC = 0x800001;

/**
 * quotactl: a quota type beyond the three (EINVAL); without a device only Q_SYNC (nothing to
 * sync: 0), else ENODEV; with one, the path's lookup, then ENOTBLK: Miros has no block devices.
 */
export function sysQuotactl(thread: Thread, command: number, special: number): number {
  const process = thread.process;
  const type = (command >>> 0) & 0xff;
  const subcommand = (command >>> 0) >>> SUBCOMMAND_SHIFT;
  if (type >= MAXQUOTAS) fail(Errno.EINVAL);
  if (special === 0) {
    if (subcommand === Q_SYNC) return 0;
    fail(Errno.ENODEV);
  }
  process.vfs.existing(process.cwd, readString(process.memory, special), true);
  fail(Errno.ENOTBLK);
}

// ---- namespaces ----

const NAMESPACE_FLAGS =
  CloneFlag.NEWNS |
  CloneFlag.NEWUTS |
  CloneFlag.NEWIPC |
  CloneFlag.NEWNET |
  CloneFlag.NEWPID |
  CloneFlag.NEWCGROUP |
  CloneFlag.NEWTIME |
  CloneFlag.NEWUSER;
const UNSHARE_FLAGS =
  NAMESPACE_FLAGS |
  CloneFlag.THREAD |
  CloneFlag.FS |
  CloneFlag.SIGHAND |
  CloneFlag.VM |
  CloneFlag.FILES |
  CloneFlag.SYSVSEM;

/**
 * unshare: Linux's implied flags and checks (EINVAL for unknown flags, and for THREAD, SIGHAND or
 * VM while other threads exist). A Miros process never shares its descriptors, cwd, handlers or
 * (unless it is a CLONE_VM child) memory with another process, so unsharing them is done already.
 * A UTS namespace of its own the caller gets when it administers the run's (CAP_SYS_ADMIN); the
 * other namespaces need a host kernel: EPERM.
 */
export function sysUnshare(thread: Thread, flagsArgument: number): number {
  const process = thread.process;
  let flags = flagsArgument >>> 0;
  if (flags & CloneFlag.NEWUSER) flags |= CloneFlag.THREAD | CloneFlag.FS;
  if (flags & CloneFlag.VM) flags |= CloneFlag.SIGHAND;
  if (flags & CloneFlag.SIGHAND) flags |= CloneFlag.THREAD;
  if (flags & CloneFlag.NEWNS) flags |= CloneFlag.FS;
  if ((flags & ~UNSHARE_FLAGS) >>> 0 !== 0) fail(Errno.EINVAL);
  if (flags & (CloneFlag.THREAD | CloneFlag.SIGHAND | CloneFlag.VM) && process.threads.length > 1) fail(Errno.EINVAL);
  if (flags & CloneFlag.VM && process.memoryUsers.length > 1) fail(Errno.EINVAL);
  if (flags & CloneFlag.NEWIPC) flags |= CloneFlag.SYSVSEM;
  if (flags & CloneFlag.NEWUSER) lacking(thread, 'unshare', 'a user namespace');
  const namespaces = flags & NAMESPACE_FLAGS & ~CloneFlag.NEWUSER;
  if (namespaces !== 0) {
    if (!administersRunNamespaces(process.credentials)) fail(Errno.EPERM);
    if (namespaces !== CloneFlag.NEWUTS) lacking(thread, 'unshare', 'a namespace other than UTS');
  }
  if (flags & CloneFlag.SYSVSEM) {
    process.warn('unshare: CLONE_SYSVSEM (ending the System V semaphore adjustments now) is not supported yet');
    fail(Errno.EINVAL);
  }
  if (namespaces === CloneFlag.NEWUTS) unshareUtsNamespace(process);
  return 0;
}

/**
 * setns: the descriptor must be open (EBADF); Miros has no namespace files (/proc/PID/ns) nor
 * pidfds, and any other file is not one setns accepts (EINVAL).
 */
export function sysSetns(thread: Thread, fd: number): number {
  fileOf(thread, fd);
  thread.process.warn('setns: Miros has no namespace files (/proc/PID/ns) or pidfds to join');
  fail(Errno.EINVAL);
}

// ---- file handles ----

const AT_HANDLE_MNT_ID_UNIQUE = 0x001;
const AT_HANDLE_CONNECTABLE = 0x002;
const AT_HANDLE_FID = 0x200;
const MAX_HANDLE_SIZE = 128;

/**
 * name_to_handle_at: unknown or conflicting flags (EINVAL), the path's lookup, then EOPNOTSUPP,
 * what Linux answers for a file system that cannot encode handles: Miros's file systems cannot.
 */
export function sysNameToHandleAt(
  thread: Thread,
  dirfd: number,
  pathAddress: number,
  _handle: number,
  _mountId: number,
  flagsArgument: number,
): number {
  const flags = flagsArgument | 0;
  const known =
    AtFlag.SYMLINK_FOLLOW | AtFlag.EMPTY_PATH | AT_HANDLE_FID | AT_HANDLE_MNT_ID_UNIQUE | AT_HANDLE_CONNECTABLE;
  if ((flags & ~known) !== 0) fail(Errno.EINVAL);
  if (flags & AT_HANDLE_CONNECTABLE && flags & AT_HANDLE_FID) fail(Errno.EINVAL);
  resolveAt(thread, dirfd, pathAddress, flags, (flags & AtFlag.SYMLINK_FOLLOW) !== 0);
  thread.process.warn('name_to_handle_at: Miros file systems have no file handles');
  fail(Errno.EOPNOTSUPP);
}

/**
 * open_by_handle_at: the mount descriptor (EBADF), the caller's CAP_DAC_READ_SEARCH (EPERM), the
 * handle's header (EFAULT, EINVAL for a size of 0 or above 128 or a negative type); no handle was
 * ever handed out, so any handle is stale (ESTALE).
 */
export function sysOpenByHandleAt(thread: Thread, mountFd: number, handle: number): number {
  const process = thread.process;
  if ((mountFd | 0) !== AT_FDCWD) fileOf(thread, mountFd);
  if (!capable(process.credentials, Capability.DAC_READ_SEARCH)) fail(Errno.EPERM);
  const bytes = readU32(process.memory, handle);
  const type = readI32(process.memory, handle + 4);
  if (bytes === 0 || bytes > MAX_HANDLE_SIZE || type < 0) fail(Errno.EINVAL);
  fail(Errno.ESTALE);
}

// ---- swap, accounting, modules, reboot, terminal hangup ----

const SWAP_FLAGS_VALID = 0x7ffff;

export function sysSwapon(thread: Thread, _path: number, flags: number): number {
  if ((flags & ~SWAP_FLAGS_VALID) !== 0) fail(Errno.EINVAL);
  lacking(thread, 'swapon', 'enabling swap');
}

export function sysSwapoff(thread: Thread): number {
  lacking(thread, 'swapoff', 'disabling swap');
}

export function sysAcct(thread: Thread): number {
  lacking(thread, 'acct', 'process accounting');
}

export function sysReboot(thread: Thread): number {
  lacking(thread, 'reboot', 'rebooting');
}

export function sysInitModule(thread: Thread): number {
  lacking(thread, 'init_module', 'loading a kernel module');
}

export function sysDeleteModule(thread: Thread): number {
  lacking(thread, 'delete_module', 'unloading a kernel module');
}

export function sysVhangup(thread: Thread): number {
  lacking(thread, 'vhangup', 'hanging up the terminal');
}

// ---- the clock's discipline (adjtimex, clock_adjtime) ----

const CLOCK_REALTIME = 0;
/** The kernel's mode bits: ADJ_ADJTIME marks adjtime(3)'s requests (glibc's 0x8001 and 0xa001). */
const ADJ_OFFSET_SINGLESHOT = 0x0001;
const ADJ_OFFSET_READONLY = 0x2000;
const ADJ_ADJTIME = 0x8000;
const STA_UNSYNC = 0x0040;
const TIME_ERROR = 5;
const TIMEX_SIZE = 208;
/** NTP_PHASE_LIMIT in microseconds: the error bound of a clock no one synchronises. */
const NTP_PHASE_LIMIT = 16_000_000;
/** MAXFREQ_SCALED / PPM_SCALE: 500 ppm in the 16.16 format. */
const NTP_TOLERANCE = 32_768_000;
/** USER_HZ's tick in microseconds. */
const TICK_MICROSECONDS = 10_000;

/**
 * clock_adjtime: unknown clocks EINVAL, clocks that cannot be adjusted EOPNOTSUPP; for
 * CLOCK_REALTIME the timex is read (EFAULT), any change needs CAP_SYS_TIME, and reading reports
 * the discipline of a clock nothing synchronises (the run's clock follows the host's and is not
 * disciplined from inside): STA_UNSYNC, the maximal error bounds, and TIME_ERROR.
 */
export function sysClockAdjtime(thread: Thread, clock: number, timex: number): number {
  const c = clock | 0;
  readClock(c);
  if (c !== CLOCK_REALTIME) fail(Errno.EOPNOTSUPP);
  return adjustRealtime(thread, timex);
}

export function sysAdjtimex(thread: Thread, timex: number): number {
  return adjustRealtime(thread, timex);
}

function adjustRealtime(thread: Thread, timex: number): number {
  const process = thread.process;
  const modes = StructBuffer.read(process.memory, timex, TIMEX_SIZE).getU32(0);
  if (modes & ADJ_ADJTIME) {
    if ((modes & ADJ_OFFSET_SINGLESHOT) === 0) fail(Errno.EINVAL);
    if ((modes & ADJ_OFFSET_READONLY) === 0) lacking(thread, 'adjtime', 'adjusting the clock');
  } else if (modes !== 0) {
    lacking(thread, 'clock_adjtime', 'adjusting the clock');
  }
  const now = readClock(CLOCK_REALTIME);
  const s = StructBuffer.read(process.memory, timex, TIMEX_SIZE);
  s.u64(8, 0) // offset
    .u64(16, 0) // freq
    .u64(24, NTP_PHASE_LIMIT) // maxerror
    .u64(32, NTP_PHASE_LIMIT) // esterror
    .u32(40, STA_UNSYNC) // status
    .u64(48, 2) // constant
    .u64(56, 1) // precision
    .u64(64, NTP_TOLERANCE) // tolerance
    .u64(72, now.sec)
    .u64(80, Math.floor(now.nsec / 1000))
    .u64(88, TICK_MICROSECONDS);
  for (let offset = 96; offset < 160; offset += 8) s.u64(offset, 0); // pps fields, shift
  s.u32(160, 0); // tai
  s.writeTo(process.memory, timex);
  return TIME_ERROR;
}
