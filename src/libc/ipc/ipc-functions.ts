// System V IPC (sys/shm.h, sys/sem.h, sys/msg.h, ftok) and POSIX message queues (mqueue.h) as
// glibc 2.36 makes them on x86-64: one system call each with the arguments passed through
// (semctl's fourth argument, a union passed by value, is whatever the caller put in the
// register, as glibc reads it only for the commands that take it and the kernel ignores it for
// the others), -errno mapped to errno. The calls that can wait (semop, semtimedop, msgsnd,
// msgrcv, mq_send, mq_receive and their timed forms) are made from guest code, as read and
// write are: other threads run meanwhile and a signal interrupts them. The kernel side:
// src/kernel/ipc/.

import { Errno } from '../../kernel/errno.ts';
import type { CallFrame } from '../abi/call-frame.ts';
import type { FunctionTable } from '../exports/binding-types.ts';
import { cancellableSyscall } from '../pthread/cancel-cleanup.ts';
import { Sys } from '../runtime/kernel-call.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { tailSyscall } from '../signal/guest-code.ts';

const enum IpcSys {
  shmget = 29,
  shmat = 30,
  shmctl = 31,
  semget = 64,
  semctl = 66,
  shmdt = 67,
  msgget = 68,
  msgsnd = 69,
  msgrcv = 70,
  msgctl = 71,
  semtimedop = 220,
  mq_open = 240,
  mq_unlink = 241,
  mq_timedsend = 242,
  mq_timedreceive = 243,
  mq_notify = 244,
  mq_getsetattr = 245,
}

const O_CREAT = 0o100;
const SIGEV_THREAD = 2;
/** struct stat: st_dev at 0, st_ino at 8. */
const STAT_DEV = 0;
const STAT_INO = 8;

/** ftok: glibc's key from stat(): the inode's low 16 bits, the device's low 8, the project's low 8. */
function ftok(f: CallFrame, libc: LibcProcess): number {
  const stat = libc.scratch;
  if (libc.sysResult(libc.sys(Sys.stat, f.ptr(0), stat)) < 0) return -1;
  const view = libc.memory.view;
  const inode = view.getUint32(stat + STAT_INO, true) & 0xffff;
  const device = view.getUint32(stat + STAT_DEV, true) & 0xff;
  return inode | (device << 16) | ((f.int(1) & 0xff) << 24) | 0;
}

/** The kernel's queue name: mq_open's without its leading '/', which glibc requires (EINVAL). */
function queueName(libc: LibcProcess, name: number): number | undefined {
  if (libc.memory.bytes[name] !== 0x2f) {
    libc.errno = Errno.EINVAL;
    return undefined;
  }
  return name + 1;
}

function mqOpen(libc: LibcProcess, name: number, flags: number, mode: number, attr: number): number {
  const kernelName = queueName(libc, name);
  if (kernelName === undefined) return -1;
  // mode and attr are read only with O_CREAT (variadic arguments).
  const creating = (flags & O_CREAT) !== 0;
  return libc.sysResult(libc.sys(IpcSys.mq_open, kernelName, flags, creating ? mode : 0, creating ? attr : 0));
}

export const IPC_FUNCTIONS: FunctionTable = {
  ftok,
  shmget: (f, libc) => libc.sysResult(libc.sys(IpcSys.shmget, f.int(0), f.ulong(1), f.int(2))),
  shmat: (f, libc) => libc.sysResult(libc.sys(IpcSys.shmat, f.int(0), f.ptr(1), f.int(2))),
  shmdt: (f, libc) => libc.sysResult(libc.sys(IpcSys.shmdt, f.ptr(0))),
  shmctl: (f, libc) => libc.sysResult(libc.sys(IpcSys.shmctl, f.int(0), f.int(1), f.ptr(2))),
  semget: (f, libc) => libc.sysResult(libc.sys(IpcSys.semget, f.int(0), f.int(1), f.int(2))),
  semctl: (f, libc) => libc.sysResult(libc.sys(IpcSys.semctl, f.int(0), f.int(1), f.int(2), f.long(3))),
  // glibc's semop is semtimedop without a timeout.
  semop: (f, libc) => tailSyscall(f, libc, IpcSys.semtimedop, f.int(0), f.ptr(1), f.ulong(2), 0),
  semtimedop: (f, libc) => tailSyscall(f, libc, IpcSys.semtimedop, f.int(0), f.ptr(1), f.ulong(2), f.ptr(3)),
  msgget: (f, libc) => libc.sysResult(libc.sys(IpcSys.msgget, f.int(0), f.int(1))),
  msgsnd: (f, libc) => cancellableSyscall(f, libc, IpcSys.msgsnd, f.int(0), f.ptr(1), f.ulong(2), f.int(3)),
  msgrcv: (f, libc) => cancellableSyscall(f, libc, IpcSys.msgrcv, f.int(0), f.ptr(1), f.ulong(2), f.long(3), f.int(4)),
  msgctl: (f, libc) => libc.sysResult(libc.sys(IpcSys.msgctl, f.int(0), f.int(1), f.ptr(2))),

  mq_open: (f, libc) => mqOpen(libc, f.ptr(0), f.int(1), f.int(2), f.ptr(3)),
  // The fortified mq_open for calls without a mode: O_CREAT there is a program bug.
  __mq_open_2: (f, libc) => {
    if (f.int(1) & O_CREAT) libc.fatal('*** invalid mq_open call: O_CREAT without mode and attr ***: terminated\n');
    return mqOpen(libc, f.ptr(0), f.int(1), 0, 0);
  },
  mq_close: (f, libc) => libc.sysResult(libc.sys(Sys.close, f.int(0))),
  mq_unlink: (f, libc) => {
    const kernelName = queueName(libc, f.ptr(0));
    if (kernelName === undefined) return -1;
    const result = libc.sys(IpcSys.mq_unlink, kernelName);
    // glibc: unlink may say EPERM or EACCES, mq_unlink only EACCES.
    return libc.sysResult(result === -Errno.EPERM ? -Errno.EACCES : result);
  },
  mq_getattr: (f, libc) => libc.sysResult(libc.sys(IpcSys.mq_getsetattr, f.int(0), 0, f.ptr(1))),
  mq_setattr: (f, libc) => libc.sysResult(libc.sys(IpcSys.mq_getsetattr, f.int(0), f.ptr(1), f.ptr(2))),
  mq_send: (f, libc) => cancellableSyscall(f, libc, IpcSys.mq_timedsend, f.int(0), f.ptr(1), f.ulong(2), f.uint(3), 0),
  mq_timedsend: (f, libc) =>
    cancellableSyscall(f, libc, IpcSys.mq_timedsend, f.int(0), f.ptr(1), f.ulong(2), f.uint(3), f.ptr(4)),
  mq_receive: (f, libc) =>
    cancellableSyscall(f, libc, IpcSys.mq_timedreceive, f.int(0), f.ptr(1), f.ulong(2), f.ptr(3), 0),
  mq_timedreceive: (f, libc) =>
    cancellableSyscall(f, libc, IpcSys.mq_timedreceive, f.int(0), f.ptr(1), f.ulong(2), f.ptr(3), f.ptr(4)),
  mq_notify: (f, libc) => {
    const event = f.ptr(1);
    // glibc runs SIGEV_THREAD notifications on a helper thread fed by a netlink socket.
    if (event !== 0 && libc.memory.view.getInt32(event + 12, true) === SIGEV_THREAD) {
      throw new Error('mq_notify: SIGEV_THREAD is not implemented (glibc delivers it through a netlink socket)');
    }
    return libc.sysResult(libc.sys(IpcSys.mq_notify, f.int(0), event));
  },
};
