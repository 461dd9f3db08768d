// wait4 and waitid: reaping the caller's children (../system.ts keeps them as zombies).
//
// Which children a call is about: wait4's pid (> 0 that child, -1 any, 0 the caller's process
// group, < -1 the group -pid) or waitid's idtype/id (P_ALL, P_PID, P_PGID). No such child, alive
// or ended: ECHILD. An ended one: its status, and it is reaped (waitid's WNOWAIT leaves it); one
// stopped or continued by a signal since the last report, with WUNTRACED (WSTOPPED) or
// WCONTINUED. Nothing to report yet: 0 with WNOHANG, else the call blocks until a child ends.
// The core-dump bit is never set (Miros writes no core files).
// Any thread of the parent may reap its children (__WNOTHREAD changes nothing with one parent
// thread), and every child has SIGCHLD or another exit signal alike (__WALL, __WCLONE ignored).

import { SIGCHLD } from '../abi/signals.ts';
import { BLOCKED } from '../blocking.ts';
import { Errno, fail } from '../errno.ts';
import { StructBuffer } from '../guest-memory.ts';
import { CLD_CONTINUED, CLD_EXITED, CLD_KILLED, CLD_STOPPED, type StateReport } from '../system.ts';
import type { Thread } from '../thread.ts';

const WNOHANG = 1;
const WUNTRACED = 2;
const WEXITED = 4;
const WCONTINUED = 8;
const WNOWAIT = 0x01000000;
const WNOTHREAD = 0x20000000;
const WALL = 0x40000000;
const WCLONE = 0x80000000;

const P_ALL = 0;
const P_PID = 1;
const P_PGID = 2;

/** sizeof(struct rusage): wait's resource usage is reported as zero (not measured). */
const RUSAGE_SIZE = 144;
/** The fields of siginfo_t waitid writes: si_signo, si_errno, si_code, si_pid, si_uid, si_status. */
const SIGINFO_WRITTEN = 28;

/** Which children a wait is about. */
type Selector = { kind: 'any' } | { kind: 'pid'; pid: number } | { kind: 'group'; pgid: number };

function selects(selector: Selector, child: { pid: number; pgid: number }): boolean {
  switch (selector.kind) {
    case 'any':
      return true;
    case 'pid':
      return child.pid === selector.pid;
    case 'group':
      return child.pgid === selector.pgid;
  }
}

/** What wait reports of a child: its pid, status word (wait4) and siginfo fields (waitid). */
interface Found {
  pid: number;
  uid: number;
  status: number;
  code: number;
  siStatus: number;
}

/**
 * The child event to report — an end (when `exited`), a stop (WUNTRACED/WSTOPPED), a continue
 * (WCONTINUED) — taken unless WNOWAIT; undefined when the selected children have nothing to
 * report (the caller then returns 0 or blocks); ECHILD when there is no selected child at all.
 */
function findEvent(thread: Thread, selector: Selector, options: number, exited: boolean): Found | undefined {
  const process = thread.process;
  const system = process.system;
  if (system === undefined) fail(Errno.ECHILD);
  const take = <T>(list: T[], item: T) => {
    if ((options & WNOWAIT) === 0) list.splice(list.indexOf(item), 1);
  };
  const ended = exited ? system.zombies.find((z) => z.ppid === process.pid && selects(selector, z)) : undefined;
  if (ended !== undefined) {
    take(system.zombies, ended);
    const killed = ended.signal !== undefined;
    return {
      pid: ended.pid,
      uid: ended.uid,
      status: killed ? ended.signal! & 0x7f : (ended.status! & 0xff) << 8,
      code: killed ? CLD_KILLED : CLD_EXITED,
      siStatus: killed ? ended.signal! : ended.status!,
    };
  }
  const wanted = (kind: StateReport['kind']) =>
    (kind === 'stopped' && (options & WUNTRACED) !== 0) || (kind === 'continued' && (options & WCONTINUED) !== 0);
  const report = system.stateReports.find((r) => r.ppid === process.pid && selects(selector, r) && wanted(r.kind));
  if (report !== undefined) {
    take(system.stateReports, report);
    const stopped = report.kind === 'stopped';
    return {
      pid: report.pid,
      uid: report.uid,
      // Stopped: 0x7f with the signal in the next byte; continued: 0xffff (Linux's encodings).
      status: stopped ? ((report.signal & 0xff) << 8) | 0x7f : 0xffff,
      code: stopped ? CLD_STOPPED : CLD_CONTINUED,
      siStatus: report.signal,
    };
  }
  if (!system.processes.some((p) => p.ppid === process.pid && selects(selector, p))) fail(Errno.ECHILD);
  return undefined;
}

/** wait4(pid, wstatus, options, rusage). */
export function sysWait4(thread: Thread, pid: number, status: number, options: number, rusage: number): number {
  const o = options >>> 0;
  if ((o & ~(WNOHANG | WUNTRACED | WCONTINUED | WNOTHREAD | WALL | WCLONE)) !== 0) fail(Errno.EINVAL);
  const p = pid | 0;
  // INT_MIN has no group to negate to (Linux: ESRCH).
  if (p === -0x80000000) fail(Errno.ESRCH);
  const selector: Selector =
    p > 0
      ? { kind: 'pid', pid: p }
      : p === -1
        ? { kind: 'any' }
        : { kind: 'group', pgid: p === 0 ? thread.process.pgid : -p };
  const found = findEvent(thread, selector, o, true);
  if (found === undefined) {
    if ((o & WNOHANG) !== 0) return 0;
    thread.wait = { kind: 'child' };
    return BLOCKED;
  }
  const memory = thread.process.memory;
  if (status !== 0) new StructBuffer(4).u32(0, found.status).writeTo(memory, status);
  if (rusage !== 0) new StructBuffer(RUSAGE_SIZE).writeTo(memory, rusage);
  return found.pid;
}

/** waitid(idtype, id, infop, options, rusage): the child's siginfo_t at infop. */
export function sysWaitid(
  thread: Thread,
  idType: number,
  id: number,
  info: number,
  options: number,
  rusage: number,
): number {
  const o = options >>> 0;
  if ((o & ~(WNOHANG | WNOWAIT | WEXITED | WUNTRACED | WCONTINUED | WNOTHREAD | WALL | WCLONE)) !== 0)
    fail(Errno.EINVAL);
  if ((o & (WEXITED | WUNTRACED | WCONTINUED)) === 0) fail(Errno.EINVAL);
  let selector: Selector;
  switch (idType | 0) {
    case P_ALL:
      selector = { kind: 'any' };
      break;
    case P_PID:
      if ((id | 0) <= 0) fail(Errno.EINVAL);
      selector = { kind: 'pid', pid: id | 0 };
      break;
    case P_PGID:
      if ((id | 0) < 0) fail(Errno.EINVAL);
      selector = { kind: 'group', pgid: (id | 0) === 0 ? thread.process.pgid : id | 0 };
      break;
    default:
      // P_PIDFD needs pidfd_open, which Miros does not have.
      fail(Errno.EINVAL);
  }
  const ended = findEvent(thread, selector, o, (o & WEXITED) !== 0);
  if (ended === undefined && (o & WNOHANG) === 0) {
    thread.wait = { kind: 'child' };
    return BLOCKED;
  }
  const memory = thread.process.memory;
  if (info !== 0) {
    // Linux writes signo, errno, code, pid, uid and status — all zero when nothing was found.
    const s = new StructBuffer(SIGINFO_WRITTEN);
    if (ended !== undefined) {
      s.u32(0, SIGCHLD).u32(8, ended.code).u32(16, ended.pid).u32(20, ended.uid).u32(24, ended.siStatus);
    }
    s.writeTo(memory, info);
  }
  if (rusage !== 0) new StructBuffer(RUSAGE_SIZE).writeTo(memory, rusage);
  return 0;
}
