// Linux capabilities of a Miros process, and the model of privilege Miros follows.
//
// Miros is a user-space runtime: it cannot mount file systems, load modules, set the host's clock
// or reboot anything. A guest is therefore a process that lacks the capabilities Miros cannot
// honour, as a process in a container started with those capabilities dropped: its sets are the
// host process's (/proc/self/status of Node) as Linux computes them across set*id and execve, and
// capget, /proc/self/status and every permission check see them without DROPPED_CAPABILITIES. The
// calls those capabilities guard fail with EPERM where Linux checks them (syscalls/administration.ts).
//
// The sets are kept as Linux would keep them (with the dropped ones still in) so that what the run
// itself owns can be granted as Linux grants it to a container's root: the run's UTS namespace
// (sethostname, setdomainname) belongs to a namespace in which the guest keeps CAP_SYS_ADMIN.

import type { Credentials } from './process.ts';

export const enum Capability {
  CHOWN = 0,
  DAC_OVERRIDE = 1,
  DAC_READ_SEARCH = 2,
  FOWNER = 3,
  FSETID = 4,
  KILL = 5,
  SETGID = 6,
  SETUID = 7,
  SETPCAP = 8,
  LINUX_IMMUTABLE = 9,
  NET_BIND_SERVICE = 10,
  NET_BROADCAST = 11,
  NET_ADMIN = 12,
  NET_RAW = 13,
  IPC_LOCK = 14,
  IPC_OWNER = 15,
  SYS_MODULE = 16,
  SYS_RAWIO = 17,
  SYS_CHROOT = 18,
  SYS_PTRACE = 19,
  SYS_PACCT = 20,
  SYS_ADMIN = 21,
  SYS_BOOT = 22,
  SYS_NICE = 23,
  SYS_RESOURCE = 24,
  SYS_TIME = 25,
  SYS_TTY_CONFIG = 26,
  MKNOD = 27,
  LEASE = 28,
  AUDIT_WRITE = 29,
  AUDIT_CONTROL = 30,
  SETFCAP = 31,
  MAC_OVERRIDE = 32,
  MAC_ADMIN = 33,
  SYSLOG = 34,
  WAKE_ALARM = 35,
  BLOCK_SUSPEND = 36,
  AUDIT_READ = 37,
  PERFMON = 38,
  BPF = 39,
  CHECKPOINT_RESTORE = 40,
}

/** CAP_LAST_CAP of Linux 6.x: bits above it are not capabilities. */
const LAST_CAPABILITY = Capability.CHECKPOINT_RESTORE;
export const VALID_CAPABILITIES = (1n << BigInt(LAST_CAPABILITY + 1)) - 1n;

function bit(capability: Capability): bigint {
  return 1n << BigInt(capability);
}

/**
 * What Miros cannot honour: mounts and namespaces (SYS_ADMIN), the host's clock (SYS_TIME), modules,
 * reboot, raw I/O, tracing, process accounting, terminal configuration (vhangup), the network
 * (Miros has no network stack), audit, MAC policy, the kernel log, BPF and perf, suspend blocking,
 * checkpoint/restore and immutable files. Kept: the file, id, signal, IPC, chroot, nice, resource,
 * mknod, lease, file-capability and wake-alarm capabilities, which Miros checks or needs no host help for.
 */
export const DROPPED_CAPABILITIES = [
  Capability.LINUX_IMMUTABLE,
  Capability.NET_BIND_SERVICE,
  Capability.NET_BROADCAST,
  Capability.NET_ADMIN,
  Capability.NET_RAW,
  Capability.SYS_MODULE,
  Capability.SYS_RAWIO,
  Capability.SYS_PTRACE,
  Capability.SYS_PACCT,
  Capability.SYS_ADMIN,
  Capability.SYS_BOOT,
  Capability.SYS_TIME,
  Capability.SYS_TTY_CONFIG,
  Capability.AUDIT_WRITE,
  Capability.AUDIT_CONTROL,
  Capability.MAC_OVERRIDE,
  Capability.MAC_ADMIN,
  Capability.SYSLOG,
  Capability.BLOCK_SUSPEND,
  Capability.AUDIT_READ,
  Capability.PERFMON,
  Capability.BPF,
  Capability.CHECKPOINT_RESTORE,
].reduce((mask, capability) => mask | bit(capability), 0n);

/** Linux's CAP_FS_MASK: what an fsuid change to or from 0 adds or removes. */
const FILE_SYSTEM_CAPABILITIES = [
  Capability.CHOWN,
  Capability.DAC_OVERRIDE,
  Capability.DAC_READ_SEARCH,
  Capability.FOWNER,
  Capability.FSETID,
  Capability.LINUX_IMMUTABLE,
  Capability.MAC_OVERRIDE,
].reduce((mask, capability) => mask | bit(capability), 0n);

/** A process's capability sets (ambient capabilities are not kept: always empty). */
export interface CapabilitySets {
  capEffective: bigint;
  capPermitted: bigint;
  capInheritable: bigint;
  capBounding: bigint;
}

/**
 * The host process's sets from the text of its /proc/self/status (`status`, read by the caller;
 * undefined without /proc): without it, all for root, none otherwise.
 */
export function hostCapabilities(euid: number, status: string | undefined): CapabilitySets {
  try {
    if (status === undefined) throw new Error('no /proc/self/status');
    const field = (name: string) => {
      const match = new RegExp(`^${name}:\\s*([0-9a-f]+)$`, 'm').exec(status);
      if (!match) throw new Error(`no ${name}`);
      return BigInt(`0x${match[1]}`) & VALID_CAPABILITIES;
    };
    return {
      capEffective: field('CapEff'),
      capPermitted: field('CapPrm'),
      capInheritable: field('CapInh'),
      capBounding: field('CapBnd'),
    };
  } catch {
    const all = euid === 0 ? VALID_CAPABILITIES : 0n;
    return { capEffective: all, capPermitted: all, capInheritable: 0n, capBounding: VALID_CAPABILITIES };
  }
}

/** The sets as the guest sees them (capget, /proc/self/status): without the dropped capabilities. */
export function visibleSets(c: CapabilitySets): CapabilitySets {
  return {
    capEffective: c.capEffective & ~DROPPED_CAPABILITIES,
    capPermitted: c.capPermitted & ~DROPPED_CAPABILITIES,
    capInheritable: c.capInheritable & ~DROPPED_CAPABILITIES,
    capBounding: c.capBounding & ~DROPPED_CAPABILITIES,
  };
}

/** Linux's capable(): the capability is in the effective set and Miros can honour it. */
export function capable(c: CapabilitySets, capability: Capability): boolean {
  return (visibleSets(c).capEffective & bit(capability)) !== 0n;
}

/**
 * Whether the caller administers the run's own namespaces (its UTS namespace): CAP_SYS_ADMIN in
 * the effective set as Linux would have it, the drop aside (a container's root over its own
 * namespace).
 */
export function administersRunNamespaces(c: CapabilitySets): boolean {
  return (c.capEffective & bit(Capability.SYS_ADMIN)) !== 0n;
}

/**
 * Linux's cap_emulate_setxuid and the fsuid rule: after a change of user ids, losing every 0 id
 * clears the permitted and effective sets, leaving euid 0 clears the effective set, regaining euid
 * 0 restores it from the permitted set; fsuid to or from 0 removes or restores the file-system
 * capabilities. (PR_SET_KEEPCAPS is not kept: the sets are always cleared.)
 */
export function adjustCapabilitiesForUserIds(
  c: Credentials,
  before: { uid: number; euid: number; suid: number; fsuid: number },
): void {
  const hadRoot = before.uid === 0 || before.euid === 0 || before.suid === 0;
  const hasRoot = c.uid === 0 || c.euid === 0 || c.suid === 0;
  if (hadRoot && !hasRoot) {
    c.capPermitted = 0n;
    c.capEffective = 0n;
  }
  if (before.euid === 0 && c.euid !== 0) c.capEffective = 0n;
  if (before.euid !== 0 && c.euid === 0) c.capEffective = c.capPermitted;
  if (before.fsuid === 0 && c.fsuid !== 0) c.capEffective &= ~FILE_SYSTEM_CAPABILITIES;
  if (before.fsuid !== 0 && c.fsuid === 0) c.capEffective |= c.capPermitted & FILE_SYSTEM_CAPABILITIES;
}

/**
 * execve's transformation for a program without file capabilities (Miros runs no set-user-id
 * programs): root (real or effective) gets the bounding set (and its inheritable set) as permitted,
 * effective when its euid is 0; anyone else ends with empty permitted and effective sets.
 */
export function applyExecCapabilities(c: Credentials): void {
  if (c.uid === 0 || c.euid === 0) {
    c.capPermitted = c.capBounding | c.capInheritable;
    c.capEffective = c.euid === 0 ? c.capPermitted : 0n;
  } else {
    c.capPermitted = 0n;
    c.capEffective = 0n;
  }
}

/** A set as /proc/self/status prints it: 16 hex digits. */
export function capabilityHex(set: bigint): string {
  return set.toString(16).padStart(16, '0');
}
