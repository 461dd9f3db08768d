// unistd.h's process identity and session calls: the user and group id setters, the process group
// and session calls, and personality. Each is one system call with glibc 2.36's x86-64 conventions
// (-1 and errno on failure), except where a comment says what glibc does around it.
//
// glibc's setuid family runs the call on every thread of the process (its setxid broadcast, since
// Linux keeps credentials per thread). Miros keeps the credentials once per process
// (Process.credentials), so one call here changes them for all threads.
import type { CallFrame } from '../abi/call-frame.ts';
import type { FunctionTable } from '../exports/binding-types.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';

/** x86-64 numbers of the calls here that runtime/kernel-call.ts's Sys table (another part's) lacks. */
const enum IdentitySys {
  setuid = 105,
  setgid = 106,
  setpgid = 109,
  setsid = 112,
  setreuid = 113,
  setregid = 114,
  setresuid = 117,
  getresuid = 118,
  setresgid = 119,
  getresgid = 120,
  getpgid = 121,
  setfsuid = 122,
  setfsgid = 123,
  getsid = 124,
  personality = 135,
}

const EINVAL = 22;
/** (uid_t)-1 / (gid_t)-1: "leave this id unchanged". */
const UNCHANGED_ID = 0xffffffff;

/** A wrapper passing `count` int arguments (ids, pids) and mapping -errno to errno. */
function call(nr: number, count: number) {
  return (f: CallFrame, libc: LibcProcess) => {
    const a = [0, 0, 0];
    for (let i = 0; i < count; i++) a[i] = f.int(i);
    return libc.sysResult(libc.sys(nr, a[0], a[1], a[2]));
  };
}

/** getresuid/getresgid: three pointers the kernel fills. */
function getIds(nr: number) {
  return (f: CallFrame, libc: LibcProcess) => libc.sysResult(libc.sys(nr, f.ptr(0), f.ptr(1), f.ptr(2)));
}

/**
 * seteuid/setegid: glibc refuses -1 itself (EINVAL, no system call), then sets only the effective
 * id through setresuid/setresgid(-1, id, -1).
 */
function setEffective(nr: number) {
  return (f: CallFrame, libc: LibcProcess) => {
    const id = f.uint(0);
    if (id === UNCHANGED_ID) {
      libc.errno = EINVAL;
      return -1;
    }
    return libc.sysResult(libc.sys(nr, UNCHANGED_ID, id, UNCHANGED_ID));
  };
}

export const IDENTITY_FUNCTIONS: FunctionTable = {
  setuid: call(IdentitySys.setuid, 1),
  setgid: call(IdentitySys.setgid, 1),
  setreuid: call(IdentitySys.setreuid, 2),
  setregid: call(IdentitySys.setregid, 2),
  setresuid: call(IdentitySys.setresuid, 3),
  setresgid: call(IdentitySys.setresgid, 3),
  getresuid: getIds(IdentitySys.getresuid),
  getresgid: getIds(IdentitySys.getresgid),
  seteuid: setEffective(IdentitySys.setresuid),
  setegid: setEffective(IdentitySys.setresgid),
  // setfsuid/setfsgid never fail: they return the previous id whether or not it changed.
  setfsuid: (f, libc) => libc.sys(IdentitySys.setfsuid, f.uint(0)),
  setfsgid: (f, libc) => libc.sys(IdentitySys.setfsgid, f.uint(0)),
  setsid: call(IdentitySys.setsid, 0),
  setpgid: call(IdentitySys.setpgid, 2),
  // setpgrp is the System V spelling of setpgid(0, 0).
  setpgrp: (_f, libc) => libc.sysResult(libc.sys(IdentitySys.setpgid, 0, 0)),
  getsid: call(IdentitySys.getsid, 1),
  getpgid: call(IdentitySys.getpgid, 1),
  __getpgid: call(IdentitySys.getpgid, 1),
  // personality: glibc passes the persona truncated to 32 bits and returns the kernel's result
  // as it is, never setting errno (the call cannot fail since Linux 2.6.29).
  personality: (f, libc) => libc.sys(IdentitySys.personality, f.uint(0)) | 0,
};
