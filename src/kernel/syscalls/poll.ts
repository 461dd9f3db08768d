// poll, ppoll, select, pselect6: readiness of descriptors now, or a wait (through the
// scheduler) until one is ready or the timeout passes.

import { PollEvent } from '../abi/flags.ts';
import { BLOCKED } from '../blocking.ts';
import { monotonicNanoseconds } from '../clock.ts';
import { Errno, fail } from '../errno.ts';
import type { OpenFile } from '../fs/open-file.ts';
import { StructBuffer } from '../guest-memory.ts';
import type { Thread } from '../thread.ts';
import { readTimespec } from './time.ts';

/** Events poll always reports, whether asked or not. */
const ALWAYS = PollEvent.ERR | PollEvent.HUP | PollEvent.NVAL;
const FD_SETSIZE_BITS = 1024;

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
  const ms = timeout | 0;
  const deadline = thread.restart?.deadline ?? (ms < 0 ? Number.POSITIVE_INFINITY : monotonicNanoseconds() + ms * 1e6);
  return pollCommon(thread, fds, count, deadline);
}

export function sysPpoll(
  thread: Thread,
  fds: number,
  count: number,
  timeout: number,
  _mask: number,
  setSize: number,
): number {
  if (_mask !== 0 && setSize !== 8) fail(Errno.EINVAL);
  let deadline = thread.restart?.deadline;
  if (deadline === undefined) {
    if (timeout === 0) deadline = Number.POSITIVE_INFINITY;
    else {
      const t = readTimespec(thread, timeout, true);
      deadline = monotonicNanoseconds() + t.sec * 1e9 + t.nsec;
    }
  }
  return pollCommon(thread, fds, count, deadline);
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
  if (maskArgument !== 0) {
    // { const sigset_t *ss; size_t ss_len; }
    const m = StructBuffer.read(memory, maskArgument, 16);
    if (m.getI64(0) !== 0 && m.getI64(8) !== 8) fail(Errno.EINVAL);
  }
  let deadline = thread.restart?.deadline;
  if (deadline === undefined) {
    if (timeout === 0) deadline = Number.POSITIVE_INFINITY;
    else {
      const t = readTimespec(thread, timeout, true);
      deadline = monotonicNanoseconds() + t.sec * 1e9 + t.nsec;
    }
  }
  return selectCommon(thread, nfds, readSet, writeSet, exceptSet, deadline, (remaining) => {
    const sec = Math.floor(remaining / 1e9);
    new StructBuffer(16)
      .u64(0, sec)
      .u64(8, remaining - sec * 1e9)
      .writeTo(memory, timeout);
  });
}
