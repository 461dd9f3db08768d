// daemon (glibc 2.36's misc/daemon.c): fork (with the pthread_atfork handlers, as glibc's __fork);
// the parent _exit(0)s at once, the child becomes a session leader (setsid; its failure is
// daemon's -1), goes to / unless `nochdir`, and unless `noclose` puts /dev/null on descriptors 0,
// 1 and 2 — after checking that /dev/null is the character device it should be (ENODEV and -1
// otherwise; -1 with open's or fstat's errno when it cannot be opened). The child returns 0.
import { Errno } from '../../kernel/errno.ts';
import { guestCall, type HostGenerator } from '../abi/host-region.ts';
import type { FunctionTable } from '../exports/binding-types.ts';
import { Sys } from '../runtime/kernel-call.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { atforkHandlers } from './atfork.ts';
import { forkProcess } from './fork.ts';

const O_RDWR = 2;
/** setsid's system-call number (not in the Sys table). */
const SYS_SETSID = 112;
const STAT_SIZE = 144;
const ST_MODE = 24;
const ST_RDEV = 40;
const S_IFMT = 0o170000;
const S_IFCHR = 0o020000;
/** /dev/null is character device 1:3 (makedev(1, 3) in Linux's encoding). */
const DEV_NULL = (1 << 8) | 3;

function* daemonChild(child: LibcProcess, nochdir: boolean, noclose: boolean): HostGenerator {
  for (const handler of atforkHandlers(child))
    if (handler.child !== 0) yield guestCall(handler.child, [], 'pthread_atfork child handler');
  if (child.sysResult(child.sys(SYS_SETSID)) === -1) return -1;
  const scratch = child.heap.allocate(STAT_SIZE + 16);
  const path = scratch + STAT_SIZE;
  try {
    if (!nochdir) {
      child.memory.bytes.set([0x2f, 0], path);
      child.sys(Sys.chdir, path);
    }
    if (noclose) return 0;
    child.memory.bytes.set(Buffer.from('/dev/null\0', 'latin1'), path);
    const fd = child.sysResult(child.sys(Sys.open, path, O_RDWR, 0));
    if (fd === -1) return -1;
    if (child.sysResult(child.sys(Sys.fstat, fd, scratch)) === -1) {
      const errno = child.errno;
      child.sys(Sys.close, fd);
      child.errno = errno;
      return -1;
    }
    const view = child.memory.view;
    const isNull =
      (view.getUint32(scratch + ST_MODE, true) & S_IFMT) === S_IFCHR &&
      view.getBigUint64(scratch + ST_RDEV, true) === BigInt(DEV_NULL);
    if (!isNull) {
      child.sys(Sys.close, fd);
      child.errno = Errno.ENODEV;
      return -1;
    }
    for (let target = 0; target <= 2; target++) child.sys(Sys.dup2, fd, target);
    if (fd > 2) child.sys(Sys.close, fd);
    return 0;
  } finally {
    child.heap.release(scratch);
  }
}

function* daemon(libc: LibcProcess, nochdir: boolean, noclose: boolean): HostGenerator {
  const pid = yield* forkProcess(libc, {
    runHandlers: true,
    waitForChild: false,
    child: (child) => daemonChild(child, nochdir, noclose),
  });
  if (pid === -1) return -1;
  libc.sys(Sys.exit_group, 0);
  throw new Error('exit_group returned');
}

export const DAEMON_FUNCTIONS: FunctionTable = {
  daemon: (f, libc) => daemon(libc, f.int(0) !== 0, f.int(1) !== 0),
};
