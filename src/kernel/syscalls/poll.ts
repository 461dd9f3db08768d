// poll, ppoll, select, pselect6 and epoll: readiness of descriptors now, or a wait (through the
// scheduler) until one is ready or the timeout passes.

import { OpenFlag, PollEvent } from '../abi/flags.ts';
import { BLOCKED } from '../blocking.ts';
import { monotonicNanoseconds } from '../clock.ts';
import { Errno, fail } from '../errno.ts';
import { EpollEvent, EpollFile } from '../fs/epoll.ts';
import type { OpenFile } from '../fs/open-file.ts';
import { S_IFDIR, S_IFMT, S_IFREG } from '../fs/stat.ts';
import { StructBuffer } from '../guest-memory.ts';
import { MessageQueueFile } from '../ipc/posix-message-queues.ts';
import type { Thread } from '../thread.ts';
import { fileOf } from './common.ts';
import { withWaitMask } from './signals.ts';
import { readTimespec } from './time.ts';

/** Events poll always reports, whether asked or not. */
const ALWAYS = PollEvent.ERR | PollEvent.HUP | PollEvent.NVAL;
const FD_SETSIZE_BITS = 1024;

/**
 * A wait's deadline (monotonic ns) from a timeout in milliseconds (negative: none), or the one a
 * retry of the blocked call keeps (thread.restart).
 */
function deadlineAfterMilliseconds(thread: Thread, timeout: number): number {
  const ms = timeout | 0;
  return thread.restart?.deadline ?? (ms < 0 ? Number.POSITIVE_INFINITY : monotonicNanoseconds() + ms * 1e6);
}

/** The same from a relative struct timespec at `timeout` (NULL: none). */
function deadlineAfterTimespec(thread: Thread, timeout: number): number {
  const kept = thread.restart?.deadline;
  if (kept !== undefined) return kept;
  if (timeout === 0) return Number.POSITIVE_INFINITY;
  const t = readTimespec(thread, timeout, true);
  return monotonicNanoseconds() + t.sec * 1e9 + t.nsec;
}

/** Blocks until `deadline` unless something was ready; returns BLOCKED or the result. */
function waitOrReturn(
  thread: Thread,
  ready: number,
  deadline: number,
  files: OpenFile[],
  finish: () => number,
): number {
  if (ready > 0 || monotonicNanoseconds() >= deadline) return finish();
  thread.restart = { deadline };
  // The call runs again at its timeout, or sooner when a file becomes ready by itself (a timerfd).
  let wake = deadline;
  for (const file of files) wake = Math.min(wake, file.readyAt);
  thread.wait = { kind: 'poll', deadline: wake, external: files.some((f) => f.externallyDriven) };
  return BLOCKED;
}

function pollCommon(thread: Thread, fdsAddress: number, count: number, deadline: number): number {
  const process = thread.process;
  const n = count >>> 0;
  if (n > process.fds.limit) fail(Errno.EINVAL);
  const s = StructBuffer.read(process.memory, fdsAddress, n * 8);
  let ready = 0;
  const files: OpenFile[] = [];
  for (let i = 0; i < n; i++) {
    const fd = s.getI32(i * 8);
    const events = s.getU16(i * 8 + 4);
    let revents = 0;
    if (fd >= 0) {
      const file = process.fds.lookup(fd);
      if (!file) revents = PollEvent.NVAL;
      else {
        files.push(file);
        revents = file.poll(events | PollEvent.ERR | PollEvent.HUP) & (events | ALWAYS);
      }
    }
    s.u16(i * 8 + 6, revents);
    if (revents !== 0) ready++;
  }
  return waitOrReturn(thread, ready, deadline, files, () => {
    s.writeTo(process.memory, fdsAddress);
    return ready;
  });
}

export function sysPoll(thread: Thread, fds: number, count: number, timeout: number): number {
  const deadline = deadlineAfterMilliseconds(thread, timeout);
  return pollCommon(thread, fds, count, deadline);
}

export function sysPpoll(
  thread: Thread,
  fds: number,
  count: number,
  timeout: number,
  mask: number,
  setSize: number,
): number {
  if (mask !== 0 && setSize !== 8) fail(Errno.EINVAL);
  const until = deadlineAfterTimespec(thread, timeout);
  return withWaitMask(thread, mask, () => pollCommon(thread, fds, count, until));
}

/** select's three fd_set bitmaps, checked against `nfds` descriptors. */
function selectCommon(
  thread: Thread,
  nfds: number,
  readSet: number,
  writeSet: number,
  exceptSet: number,
  deadline: number,
  storeRemaining: (remainingNs: number) => void,
): number {
  const process = thread.process;
  const n = nfds | 0;
  if (n < 0 || n > Math.max(process.fds.limit, FD_SETSIZE_BITS)) fail(Errno.EINVAL);
  const bytes = Math.ceil(n / 64) * 8;
  const memory = process.memory;
  const load = (address: number) => (address === 0 ? undefined : StructBuffer.read(memory, address, bytes));
  const sets = [load(readSet), load(writeSet), load(exceptSet)];
  const results = sets.map((set) => (set ? new StructBuffer(bytes) : undefined));
  const wanted = [
    PollEvent.IN | PollEvent.RDNORM | PollEvent.HUP | PollEvent.ERR,
    PollEvent.OUT | PollEvent.WRNORM | PollEvent.ERR,
    PollEvent.PRI,
  ];
  let ready = 0;
  const files: OpenFile[] = [];
  for (let fd = 0; fd < n; fd++) {
    const byte = fd >> 3;
    const bit = 1 << (fd & 7);
    const asked = sets.map((set) => set !== undefined && (set.bytes[byte]! & bit) !== 0);
    if (!asked.some(Boolean)) continue;
    const file = process.fds.lookup(fd);
    if (!file) fail(Errno.EBADF);
    files.push(file);
    const events = file.poll(PollEvent.IN | PollEvent.OUT | PollEvent.PRI | PollEvent.RDNORM | PollEvent.WRNORM);
    for (let k = 0; k < 3; k++) {
      if (asked[k] && events & wanted[k]!) {
        results[k]!.bytes[byte]! |= bit;
        ready++;
      }
    }
  }
  return waitOrReturn(thread, ready, deadline, files, () => {
    const addresses = [readSet, writeSet, exceptSet];
    for (let k = 0; k < 3; k++) results[k]?.writeTo(memory, addresses[k]!);
    if (deadline !== Number.POSITIVE_INFINITY) storeRemaining(Math.max(0, deadline - monotonicNanoseconds()));
    return ready;
  });
}

export function sysSelect(
  thread: Thread,
  nfds: number,
  readSet: number,
  writeSet: number,
  exceptSet: number,
  timeout: number,
): number {
  const memory = thread.process.memory;
  let deadline = thread.restart?.deadline;
  if (deadline === undefined) {
    if (timeout === 0) deadline = Number.POSITIVE_INFINITY;
    else {
      const t = StructBuffer.read(memory, timeout, 16);
      const sec = t.getI64(0);
      const usec = t.getI64(8);
      if (sec < 0 || usec < 0 || usec >= 1e6) fail(Errno.EINVAL);
      deadline = monotonicNanoseconds() + sec * 1e9 + usec * 1000;
    }
  }
  // Linux's select writes the time left back into the timeval.
  return selectCommon(thread, nfds, readSet, writeSet, exceptSet, deadline, (remaining) => {
    const sec = Math.floor(remaining / 1e9);
    new StructBuffer(16)
      .u64(0, sec)
      .u64(8, Math.floor((remaining - sec * 1e9) / 1000))
      .writeTo(memory, timeout);
  });
}

export function sysPselect6(
  thread: Thread,
  nfds: number,
  readSet: number,
  writeSet: number,
  exceptSet: number,
  timeout: number,
  maskArgument: number,
): number {
  const memory = thread.process.memory;
  let mask = 0;
  if (maskArgument !== 0) {
    // { const sigset_t *ss; size_t ss_len; }
    const m = StructBuffer.read(memory, maskArgument, 16);
    if (m.getI64(0) !== 0 && m.getI64(8) !== 8) fail(Errno.EINVAL);
    mask = m.getI64(0);
  }
  const until = deadlineAfterTimespec(thread, timeout);
  return withWaitMask(thread, mask, () =>
    selectCommon(thread, nfds, readSet, writeSet, exceptSet, until, (remaining) => {
      const sec = Math.floor(remaining / 1e9);
      new StructBuffer(16)
        .u64(0, sec)
        .u64(8, remaining - sec * 1e9)
        .writeTo(memory, timeout);
    }),
  );
}

// epoll (the interest list and its readiness: ../fs/epoll.ts).

const EPOLL_CLOEXEC = OpenFlag.CLOEXEC;
const EPOLL_CTL_ADD = 1;
const EPOLL_CTL_DEL = 2;
const EPOLL_CTL_MOD = 3;
/** struct epoll_event is packed on x86-64: events (u32), then data (u64) at offset 4. */
const EPOLL_EVENT_SIZE = 12;
/** EP_MAX_EVENTS: INT_MAX / sizeof (struct epoll_event). */
const EPOLL_MAX_EVENTS = Math.floor(0x7fffffff / EPOLL_EVENT_SIZE);
/** The events EPOLLEXCLUSIVE may come with (EPOLLEXCLUSIVE_OK_BITS). */
const EXCLUSIVE_OK =
  EpollEvent.IN |
  EpollEvent.OUT |
  EpollEvent.ERR |
  EpollEvent.HUP |
  EpollEvent.WAKEUP |
  EpollEvent.ET |
  EpollEvent.EXCLUSIVE;

export function sysEpollCreate1(thread: Thread, flags: number): number {
  const f = flags | 0;
  if (f & ~EPOLL_CLOEXEC) fail(Errno.EINVAL);
  return thread.process.fds.add(new EpollFile(0), (f & EPOLL_CLOEXEC) !== 0);
}

export function sysEpollCreate(thread: Thread, size: number): number {
  if ((size | 0) <= 0) fail(Errno.EINVAL);
  return sysEpollCreate1(thread, 0);
}

export function sysEpollCtl(thread: Thread, epfd: number, op: number, fd: number, event: number): number {
  // Linux's order of checks (fs/eventpoll.c): the event is copied in first, then the two
  // descriptors are looked up, then what they are is checked.
  const withEvent = op === EPOLL_CTL_ADD || op === EPOLL_CTL_MOD;
  let events = 0;
  let dataLow = 0;
  let dataHigh = 0;
  if (withEvent) {
    const s = StructBuffer.read(thread.process.memory, event, EPOLL_EVENT_SIZE);
    events = s.getU32(0);
    dataLow = s.getU32(4);
    dataHigh = s.getU32(8);
  }
  const epoll = fileOf(thread, epfd);
  const file = fileOf(thread, fd);
  // Files that cannot be polled (regular files, directories) cannot be watched; a POSIX message
  // queue is a regular file of the mqueue file system that can.
  const type = file.stat().mode & S_IFMT;
  if ((type === S_IFREG || type === S_IFDIR) && !(file instanceof MessageQueueFile)) fail(Errno.EPERM);
  if (file === epoll || !(epoll instanceof EpollFile)) fail(Errno.EINVAL);
  if (withEvent && events & EpollEvent.EXCLUSIVE) {
    if (op === EPOLL_CTL_MOD || file instanceof EpollFile || events & ~EXCLUSIVE_OK) fail(Errno.EINVAL);
  }
  const member = epoll.find(fd | 0, file);
  switch (op | 0) {
    case EPOLL_CTL_ADD:
      if (member !== undefined) fail(Errno.EEXIST);
      epoll.add({ fd: fd | 0, file, events, dataLow, dataHigh, disabled: false, wasReady: false, reportedChange: 0 });
      return 0;
    case EPOLL_CTL_MOD:
      if (member === undefined) fail(Errno.ENOENT);
      // A member added with EPOLLEXCLUSIVE cannot be modified.
      if (member.events & EpollEvent.EXCLUSIVE) fail(Errno.EINVAL);
      member.events = events;
      member.dataLow = dataLow;
      member.dataHigh = dataHigh;
      member.disabled = false;
      member.wasReady = false;
      return 0;
    case EPOLL_CTL_DEL:
      if (member === undefined) fail(Errno.ENOENT);
      epoll.remove(member);
      return 0;
    default:
      fail(Errno.EINVAL);
  }
}

function epollWaitCommon(thread: Thread, epfd: number, events: number, max: number, deadline: number): number {
  const m = max | 0;
  if (m <= 0 || m > EPOLL_MAX_EVENTS) fail(Errno.EINVAL);
  const epoll = fileOf(thread, epfd);
  if (!(epoll instanceof EpollFile)) fail(Errno.EINVAL);
  const reported = epoll.collect(m);
  return waitOrReturn(thread, reported.length, deadline, epoll.files(), () => {
    const s = new StructBuffer(reported.length * EPOLL_EVENT_SIZE);
    reported.forEach(({ member, events: ready }, i) => {
      s.u32(i * EPOLL_EVENT_SIZE, ready);
      s.u32(i * EPOLL_EVENT_SIZE + 4, member.dataLow);
      s.u32(i * EPOLL_EVENT_SIZE + 8, member.dataHigh);
    });
    if (reported.length > 0) s.writeTo(thread.process.memory, events);
    return reported.length;
  });
}

export function sysEpollWait(thread: Thread, epfd: number, events: number, max: number, timeout: number): number {
  const deadline = deadlineAfterMilliseconds(thread, timeout);
  return epollWaitCommon(thread, epfd, events, max, deadline);
}

/** epoll_pwait: epoll_wait with the signal mask at `mask` for the wait (as ppoll). */
export function sysEpollPwait(
  thread: Thread,
  epfd: number,
  events: number,
  max: number,
  timeout: number,
  mask: number,
  setSize: number,
): number {
  if (mask !== 0 && setSize !== 8) fail(Errno.EINVAL);
  return withWaitMask(thread, mask, () => sysEpollWait(thread, epfd, events, max, timeout));
}

export function sysEpollPwait2(
  thread: Thread,
  epfd: number,
  events: number,
  max: number,
  timeout: number,
  mask: number,
  setSize: number,
): number {
  if (mask !== 0 && setSize !== 8) fail(Errno.EINVAL);
  const until = deadlineAfterTimespec(thread, timeout);
  return withWaitMask(thread, mask, () => epollWaitCommon(thread, epfd, events, max, until));
}
