// Pseudo-terminals as glibc 2.36 offers them (stdlib.h's posix_openpt/grantpt/unlockpt/ptsname,
// and pty.h/utmp.h's openpty, login_tty and forkpty, in libc.so.6 since 2.34): /dev/ptmx and the master's
// ioctls (TIOCGPTN, TIOCSPTLCK, TIOCGPTPEER), which the kernel's pseudo-terminals answer
// (src/kernel/fs/pseudo-terminal.ts). grantpt only checks the descriptor: devpts gives the slave
// its owner and mode, as glibc has relied on since pt_chown went away.
import { Errno } from '../../kernel/errno.ts';
import type { CallFrame } from '../abi/call-frame.ts';
import { guestCall, type HostGenerator } from '../abi/host-region.ts';
import type { FunctionTable } from '../exports/binding-types.ts';
import { atforkHandlers } from '../process/atfork.ts';
import { forkProcess } from '../process/fork.ts';
import { checkWrite, storeBytes } from '../runtime/guest-access.ts';
import { Sys } from '../runtime/kernel-call.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { copyForChild, ProcessState } from '../runtime/process-states.ts';
import { tcsetattr } from './termios-functions.ts';

const PTMX = '/dev/ptmx';
const O_RDWR = 2;
const O_NOCTTY = 0o400;
const TIOCGPTN = 0x80045430;
const TIOCSPTLCK = 0x40045431;
const TIOCGPTPEER = 0x5441;
const TIOCSCTTY = 0x540e;
const TIOCSWINSZ = 0x5414;
const TCSAFLUSH = 2;
const SETSID = 112;
const EXIT_GROUP = 231;

/** open(2) of a host-side path string. */
function openPath(libc: LibcProcess, path: string, flags: number): number {
  const at = libc.heap.allocate(path.length + 1);
  if (at === 0) {
    libc.errno = Errno.ENOMEM;
    return -1;
  }
  storeBytes(libc.memory, at, Buffer.from(path, 'latin1'), true);
  try {
    return libc.sysResult(libc.sys(Sys.open, at, flags, 0));
  } finally {
    libc.heap.release(at);
  }
}

/** The pty number of a master, or -1 with errno (the ioctl's: ENOTTY for other files, EBADF). */
function ptyNumber(libc: LibcProcess, fd: number): number {
  const slot = libc.scratch;
  if (libc.sysResult(libc.sys(Sys.ioctl, fd, TIOCGPTN, slot)) < 0) return -1;
  return libc.memory.view.getUint32(slot, true);
}

/** grantpt/unlockpt's error: a descriptor that is not a master is EINVAL, not ENOTTY. */
function notMaster(libc: LibcProcess): number {
  if (libc.errno === Errno.ENOTTY) libc.errno = Errno.EINVAL;
  return -1;
}

function grantpt(libc: LibcProcess, fd: number): number {
  return ptyNumber(libc, fd) < 0 ? notMaster(libc) : 0;
}

function unlockpt(libc: LibcProcess, fd: number): number {
  const slot = libc.scratch;
  libc.memory.view.setInt32(slot, 0, true);
  return libc.sysResult(libc.sys(Sys.ioctl, fd, TIOCSPTLCK, slot)) < 0 ? notMaster(libc) : 0;
}

/** ptsname_r: 0, or the error number (also left in errno): EINVAL for no buffer, ERANGE when it is too small. */
function ptsnameInto(libc: LibcProcess, fd: number, buffer: number, length: number): number {
  if (buffer === 0) {
    libc.errno = Errno.EINVAL;
    return Errno.EINVAL;
  }
  const number = ptyNumber(libc, fd);
  if (number < 0) return libc.errno;
  const name = Buffer.from(`/dev/pts/${number}`, 'latin1');
  if (length < name.length + 1) {
    libc.errno = Errno.ERANGE;
    return Errno.ERANGE;
  }
  checkWrite(libc.memory, buffer, name.length + 1);
  storeBytes(libc.memory, buffer, name, true);
  return 0;
}

/** ptsname's static buffer ("/dev/pts/" and a 32-bit number). */
const PTSNAME_SIZE = 30;
const ptsnameBuffers = new ProcessState<{ address: number }>(
  'termios/pseudo-terminal-functions ptsname',
  copyForChild,
  (libc) => ({ address: libc.data.allocate(PTSNAME_SIZE, 16) }),
);

function ptsname(libc: LibcProcess, fd: number): number {
  const buffer = ptsnameBuffers.of(libc);
  return ptsnameInto(libc, fd, buffer.address, PTSNAME_SIZE) === 0 ? buffer.address : 0;
}

/**
 * openpty: a master (posix_openpt), granted and unlocked, its slave opened through TIOCGPTPEER,
 * then the settings (tcsetattr TCSAFLUSH) and size given; the slave's name copied out if asked.
 */
function openptyInto(
  libc: LibcProcess,
  masterOut: number,
  slaveOut: number,
  nameOut: number,
  settings: number,
  size: number,
): number {
  const master = openPath(libc, PTMX, O_RDWR | O_NOCTTY);
  if (master < 0) return -1;
  const fail = (slave: number) => {
    const saved = libc.errno;
    if (slave >= 0) libc.sys(Sys.close, slave);
    libc.sys(Sys.close, master);
    libc.errno = saved;
    return -1;
  };
  if (grantpt(libc, master) < 0 || unlockpt(libc, master) < 0) return fail(-1);
  const slave = libc.sysResult(libc.sys(Sys.ioctl, master, TIOCGPTPEER, O_RDWR | O_NOCTTY));
  if (slave < 0) return fail(-1);
  if (settings !== 0 && tcsetattr(libc, slave, TCSAFLUSH, settings) < 0) return fail(slave);
  if (size !== 0 && libc.sysResult(libc.sys(Sys.ioctl, slave, TIOCSWINSZ, size)) < 0) return fail(slave);
  if (nameOut !== 0 && ptsnameInto(libc, master, nameOut, 4096) !== 0) return fail(slave);
  checkWrite(libc.memory, masterOut, 4);
  checkWrite(libc.memory, slaveOut, 4);
  libc.memory.view.setInt32(masterOut, master, true);
  libc.memory.view.setInt32(slaveOut, slave, true);
  return 0;
}

/**
 * login_tty: a new session (setsid's failure ignored), the terminal made its controlling one
 * (TIOCSCTTY, -1 when refused), then standard input, output and error, and fd closed if above 2.
 */
function loginTty(libc: LibcProcess, fd: number): number {
  libc.sys(SETSID);
  if (libc.sysResult(libc.sys(Sys.ioctl, fd, TIOCSCTTY, 0)) < 0) return -1;
  for (let target = 0; target <= 2; target++) libc.sys(Sys.dup2, fd, target);
  if (fd > 2) libc.sys(Sys.close, fd);
  return 0;
}

/**
 * forkpty: openpty, then fork (pthread_atfork handlers included); the child closes the master and
 * takes the slave as its terminal (login_tty; _exit(1) when that fails) and returns 0, the parent
 * closes the slave, stores the master and returns the child's pid.
 */
function* forkpty(f: CallFrame, libc: LibcProcess): HostGenerator {
  const [masterOut, nameOut, settings, size] = [f.ptr(0), f.ptr(1), f.ptr(2), f.ptr(3)];
  const pair = libc.heap.allocate(8);
  if (pair === 0) {
    libc.errno = Errno.ENOMEM;
    return -1;
  }
  let master: number;
  let slave: number;
  try {
    const opened = openptyInto(libc, pair, pair + 4, nameOut, settings, size);
    master = libc.memory.view.getInt32(pair, true);
    slave = libc.memory.view.getInt32(pair + 4, true);
    if (opened < 0) return -1;
  } finally {
    libc.heap.release(pair);
  }
  const handlers = [...atforkHandlers(libc)];
  const pid = yield* forkProcess(libc, {
    runHandlers: true,
    waitForChild: false,
    *child(child: LibcProcess): HostGenerator {
      for (const handler of handlers)
        if (handler.child !== 0) yield guestCall(handler.child, [], 'pthread_atfork child handler');
      child.sys(Sys.close, master);
      if (loginTty(child, slave) !== 0) child.sys(EXIT_GROUP, 1);
      return 0;
    },
  });
  if (pid === undefined || pid < 0) {
    const saved = libc.errno;
    libc.sys(Sys.close, master);
    libc.sys(Sys.close, slave);
    libc.errno = saved;
    return -1;
  }
  checkWrite(libc.memory, masterOut, 4);
  libc.memory.view.setInt32(masterOut, master, true);
  libc.sys(Sys.close, slave);
  return pid;
}

export const PSEUDO_TERMINAL_FUNCTIONS: FunctionTable = {
  posix_openpt: (f, libc) => openPath(libc, PTMX, f.int(0)),
  getpt: (_f, libc) => openPath(libc, PTMX, O_RDWR | O_NOCTTY),
  grantpt: (f, libc) => grantpt(libc, f.int(0)),
  unlockpt: (f, libc) => unlockpt(libc, f.int(0)),
  ptsname: (f, libc) => ptsname(libc, f.int(0)),
  ptsname_r: (f, libc) => ptsnameInto(libc, f.int(0), f.ptr(1), f.ulong(2)),
  // The fortified form: __chk_fail when the length passed exceeds the buffer's real size.
  __ptsname_r_chk: (f, libc) =>
    f.ulong(2) > f.ulong(3)
      ? libc.fatal('*** buffer overflow detected ***: terminated\n')
      : ptsnameInto(libc, f.int(0), f.ptr(1), f.ulong(2)),
  openpty: (f, libc) => openptyInto(libc, f.ptr(0), f.ptr(1), f.ptr(2), f.ptr(3), f.ptr(4)),
  forkpty: (f, libc) => forkpty(f, libc),
  login_tty: (f, libc) => loginTty(libc, f.int(0)),
};
