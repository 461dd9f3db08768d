// The system-administration wrappers glibc exports: chroot, mount/umount/umount2, the namespace
// calls (unshare, setns), file handles (name_to_handle_at, open_by_handle_at), capget/capset,
// sethostname/setdomainname, swapon/swapoff, acct, reboot, init_module/delete_module, vhangup and
// the clock's discipline (clock_adjtime, adjtimex, ntp_adjtime), the new mount API (open_tree,
// move_mount, fsopen, fsconfig, fsmount, fspick, mount_setattr), quotactl, and getdomainname, their reading
// side. Each is one system call with
// glibc 2.36's x86-64 conventions (-1 and errno on failure); what a Miros process may do is the
// kernel's decision (src/kernel/syscalls/administration.ts, src/kernel/capabilities.ts).
import type { CallFrame } from '../abi/call-frame.ts';
import type { FunctionTable } from '../exports/binding-types.ts';
import { checkWrite, cStringLength } from '../runtime/guest-access.ts';
import { Sys } from '../runtime/kernel-call.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';

const enum AdministrationSys {
  capget = 125,
  capset = 126,
  vhangup = 153,
  chroot = 161,
  acct = 163,
  mount = 165,
  umount2 = 166,
  swapon = 167,
  swapoff = 168,
  reboot = 169,
  sethostname = 170,
  setdomainname = 171,
  init_module = 175,
  delete_module = 176,
  unshare = 272,
  name_to_handle_at = 303,
  open_by_handle_at = 304,
  clock_adjtime = 305,
  setns = 308,
  quotactl = 179,
  open_tree = 428,
  move_mount = 429,
  fsopen = 430,
  fsconfig = 431,
  fsmount = 432,
  fspick = 433,
  mount_setattr = 442,
}

/** reboot(2)'s magic numbers, which glibc's reboot(howto) passes before the command. */
const LINUX_REBOOT_MAGIC1 = 0xfee1dead;
const LINUX_REBOOT_MAGIC2 = 672274793;
const CLOCK_REALTIME = 0;

/** A wrapper passing its first `count` arguments as they are (pointers, sizes, flags). */
function call(nr: number, count: number) {
  return (f: CallFrame, libc: LibcProcess) => {
    const a = [0, 0, 0, 0, 0];
    for (let i = 0; i < count; i++) a[i] = f.ulong(i);
    return libc.sysResult(libc.sys(nr, a[0], a[1], a[2], a[3], a[4]));
  };
}

/** adjtimex and ntp_adjtime are clock_adjtime(CLOCK_REALTIME, buf): the clock state, or -1. */
const adjustRealtimeClock = (f: CallFrame, libc: LibcProcess) =>
  libc.sysResult(libc.sys(AdministrationSys.clock_adjtime, CLOCK_REALTIME, f.ptr(0)));

/** Offset of struct utsname's domainname (the sixth 65-byte field). */
const UTSNAME_DOMAINNAME = 5 * 65;

/**
 * getdomainname as glibc 2.36's (over uname): the name and its NUL, cut to `length` bytes without
 * an error when it does not fit (unlike gethostname's ENAMETOOLONG).
 */
function getdomainname(libc: LibcProcess, name: number, length: number): number {
  const uts = libc.scratch;
  if (libc.sysResult(libc.sys(Sys.uname, uts)) < 0) return -1;
  const domain = uts + UTSNAME_DOMAINNAME;
  const copied = Math.min(length, cStringLength(libc.memory, domain) + 1);
  checkWrite(libc.memory, name, copied);
  libc.memory.bytes.copyWithin(name, domain, domain + copied);
  return 0;
}

export const ADMINISTRATION_FUNCTIONS: FunctionTable = {
  chroot: call(AdministrationSys.chroot, 1),
  mount: call(AdministrationSys.mount, 5),
  umount2: call(AdministrationSys.umount2, 2),
  // umount is umount2 without flags in glibc.
  umount: (f, libc) => libc.sysResult(libc.sys(AdministrationSys.umount2, f.ptr(0), 0)),
  unshare: call(AdministrationSys.unshare, 1),
  setns: call(AdministrationSys.setns, 2),
  name_to_handle_at: call(AdministrationSys.name_to_handle_at, 5),
  open_by_handle_at: call(AdministrationSys.open_by_handle_at, 3),
  capget: call(AdministrationSys.capget, 2),
  capset: call(AdministrationSys.capset, 2),
  sethostname: call(AdministrationSys.sethostname, 2),
  setdomainname: call(AdministrationSys.setdomainname, 2),
  swapon: call(AdministrationSys.swapon, 2),
  swapoff: call(AdministrationSys.swapoff, 1),
  acct: call(AdministrationSys.acct, 1),
  reboot: (f, libc) =>
    libc.sysResult(libc.sys(AdministrationSys.reboot, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2, f.int(0) >>> 0, 0)),
  init_module: call(AdministrationSys.init_module, 3),
  delete_module: call(AdministrationSys.delete_module, 2),
  vhangup: call(AdministrationSys.vhangup, 0),
  clock_adjtime: (f, libc) => libc.sysResult(libc.sys(AdministrationSys.clock_adjtime, f.int(0), f.ptr(1))),
  adjtimex: adjustRealtimeClock,
  __adjtimex: adjustRealtimeClock,
  ntp_adjtime: adjustRealtimeClock,
  quotactl: call(AdministrationSys.quotactl, 4),
  open_tree: call(AdministrationSys.open_tree, 3),
  move_mount: call(AdministrationSys.move_mount, 5),
  fsopen: call(AdministrationSys.fsopen, 2),
  fsconfig: call(AdministrationSys.fsconfig, 5),
  fsmount: call(AdministrationSys.fsmount, 3),
  fspick: call(AdministrationSys.fspick, 3),
  mount_setattr: call(AdministrationSys.mount_setattr, 5),
  getdomainname: (f, libc) => getdomainname(libc, f.ptr(0), f.ulong(1)),
  // The fortified form: __chk_fail when the length passed exceeds the buffer's real size.
  __getdomainname_chk: (f, libc) =>
    f.ulong(1) > f.ulong(2)
      ? libc.fatal('*** buffer overflow detected ***: terminated\n')
      : getdomainname(libc, f.ptr(0), f.ulong(1)),
};
