// POSIX message queues: mq_open, mq_unlink, mq_timedsend, mq_timedreceive, mq_notify and
// mq_getsetattr (Linux's ipc/mqueue.c). A queue is a name in the run's mqueue file system and a
// descriptor per open; messages come out highest priority first, in order within a priority.
// A descriptor is readable while the queue holds a message and writable while it has room (poll,
// select, epoll); read() shows Linux's status line. A sender waits while the queue is full and
// a receiver while it is empty (O_NONBLOCK: EAGAIN), until an absolute CLOCK_REALTIME timeout
// (ETIMEDOUT); the call runs again when other threads have run. mq_notify registers one process
// for a signal (SIGEV_SIGNAL, si_code SI_MESGQ) or nothing (SIGEV_NONE) when a message arrives in
// an empty queue nobody waits on; SIGEV_THREAD needs a netlink socket, which Miros lacks.

import { OpenFlag, PollEvent } from '../abi/flags.ts';
import { NSIG } from '../abi/signals.ts';
import { BLOCKED } from '../blocking.ts';
import { monotonicNanoseconds, readClock } from '../clock.ts';
import { Errno, fail } from '../errno.ts';
import { nextChangeSerial, OpenFile } from '../fs/open-file.ts';
import { now, S_IFREG, type Stat, type Timespec } from '../fs/stat.ts';
import { readBytes, readString, StructBuffer, writeBytes } from '../guest-memory.ts';
import type { Process } from '../process.ts';
import { readTimespec } from '../syscalls/time.ts';
import type { Thread } from '../thread.ts';
import { permitted } from './ipc-namespace.ts';

/** /proc/sys/fs/mqueue on this machine (Linux's defaults). */
const MSG_DEFAULT = 10;
const MSG_MAX = 10;
const MSGSIZE_DEFAULT = 8192;
const MSGSIZE_MAX = 8192;
const QUEUES_MAX = 256;
/** What root (CAP_SYS_RESOURCE) may ask for beyond those. */
const HARD_MSGMAX = 65536;
const HARD_MSGSIZEMAX = 16 * 1024 * 1024;
const MQ_PRIO_MAX = 32768;
const NAME_MAX = 255;
const MQ_ATTR_SIZE = 64;
const SIGEV_SIGNAL = 0;
const SIGEV_NONE = 1;
const SIGEV_THREAD = 2;
const SI_MESGQ = -3;
/** st_dev of the mqueue file system. */
const MQUEUE_DEVICE = 0x13;

interface QueuedMessage {
  priority: number;
  data: Uint8Array;
}

interface Notification {
  process: Process;
  signal: number;
  notify: number;
  value: number;
}

class PosixQueue {
  readonly messages: QueuedMessage[] = [];
  bytes = 0;
  notification: Notification | undefined;
  /** Threads blocked receiving (a notification is sent only when none waits), with their wait. */
  receivers: { thread: Thread; wait: object }[] = [];
  readonly inode: number;
  readonly created: Timespec = now();
  changed = 0;

  constructor(
    readonly name: string,
    readonly maxMessages: number,
    readonly messageSize: number,
    readonly mode: number,
    readonly uid: number,
    readonly gid: number,
  ) {
    this.inode = ++lastInode;
  }

  get full(): boolean {
    return this.messages.length >= this.maxMessages;
  }

  hasWaitingReceiver(): boolean {
    this.receivers = this.receivers.filter((r) => r.thread.wait === r.wait);
    return this.receivers.length > 0;
  }
}

let lastInode = 0;

/** A descriptor of a queue (mq_open's result). */
export class MessageQueueFile extends OpenFile {
  /** read()'s place in the status line. */
  private position = 0;

  constructor(
    readonly queue: PosixQueue,
    flags: number,
  ) {
    super(flags);
  }

  override describe(): string {
    return `/${this.queue.name}`;
  }

  stat(): Stat {
    const q = this.queue;
    return {
      dev: MQUEUE_DEVICE,
      ino: q.inode,
      mode: S_IFREG | q.mode,
      nlink: 1,
      uid: q.uid,
      gid: q.gid,
      rdev: 0,
      size: statusLine(q).length,
      blksize: 4096,
      blocks: 0,
      atime: q.created,
      mtime: q.created,
      ctime: q.created,
    };
  }

  /** read() of a queue descriptor: Linux's status line, from the file position. */
  override read(_thread: Thread, target: Uint8Array, offset: number, length: number): number {
    const text = new TextEncoder().encode(statusLine(this.queue));
    const from = Math.min(this.position, text.length);
    const n = Math.min(length, text.length - from);
    target.set(text.subarray(from, from + n), offset);
    this.position += n;
    return n;
  }

  override get changeSerial(): number {
    return this.queue.changed;
  }

  override get externallyDriven(): boolean {
    return false;
  }

  override poll(events: number): number {
    let ready = 0;
    if (this.queue.messages.length > 0) ready |= events & (PollEvent.IN | PollEvent.RDNORM);
    if (!this.queue.full) ready |= events & (PollEvent.OUT | PollEvent.WRNORM);
    return ready;
  }
}

function statusLine(q: PosixQueue): string {
  const n = q.notification;
  const notify = n === undefined ? 0 : n.notify;
  const signal = n?.notify === SIGEV_SIGNAL ? n.signal : 0;
  return `QSIZE:${String(q.bytes).padEnd(10)} NOTIFY:${String(notify).padEnd(5)} SIGNO:${String(signal).padEnd(5)} NOTIFY_PID:${String(n?.process.pid ?? 0).padEnd(6)}\n`;
}

/** The run's queues by name (the mqueue file system every process of a System sees). */
const registries = new WeakMap<object, Map<string, PosixQueue>>();

function queuesOf(process: Process): Map<string, PosixQueue> {
  const owner: object = process.system ?? process;
  let queues = registries.get(owner);
  if (queues === undefined) {
    queues = new Map();
    registries.set(owner, queues);
  }
  return queues;
}

/** The kernel's name: glibc and musl pass mq_open's name without its leading '/'. */
function readName(thread: Thread, address: number): string {
  const name = readString(thread.process.memory, address, NAME_MAX + 2);
  if (name.length > NAME_MAX) fail(Errno.ENAMETOOLONG);
  if (name === '' || name === '.' || name === '..') fail(Errno.ENOENT);
  if (name.includes('/')) fail(Errno.EACCES);
  return name;
}

const ACCESS_MODE = 3;

export function sysMqOpen(thread: Thread, nameAddress: number, flags: number, mode: number, attr: number): number {
  const process = thread.process;
  const f = flags | 0;
  const name = readName(thread, nameAddress);
  const queues = queuesOf(process);
  let queue = queues.get(name);
  const root = process.credentials.euid === 0;
  if (queue === undefined) {
    if (!(f & OpenFlag.CREAT)) fail(Errno.ENOENT);
    let maxMessages = MSG_DEFAULT;
    let messageSize = MSGSIZE_DEFAULT;
    if (attr !== 0) {
      const s = StructBuffer.read(process.memory, attr, MQ_ATTR_SIZE);
      maxMessages = s.getI64(8);
      messageSize = s.getI64(16);
      if (maxMessages <= 0 || messageSize <= 0) fail(Errno.EINVAL);
      if (maxMessages > (root ? HARD_MSGMAX : MSG_MAX) || messageSize > (root ? HARD_MSGSIZEMAX : MSGSIZE_MAX))
        fail(Errno.EINVAL);
    }
    if (queues.size >= QUEUES_MAX && !root) fail(Errno.ENOSPC);
    const c = process.credentials;
    queue = new PosixQueue(name, maxMessages, messageSize, mode & 0o777 & ~process.umask, c.euid, c.egid);
    queues.set(name, queue);
  } else {
    if (f & OpenFlag.CREAT && f & OpenFlag.EXCL) fail(Errno.EEXIST);
    const accmode = f & ACCESS_MODE;
    if (accmode === ACCESS_MODE) fail(Errno.EINVAL);
    const wanted = accmode === OpenFlag.WRONLY ? 0o222 : accmode === OpenFlag.RDWR ? 0o666 : 0o444;
    const perm = { key: 0, uid: queue.uid, gid: queue.gid, cuid: queue.uid, cgid: queue.gid, mode: queue.mode, seq: 0 };
    if (!permitted(process, perm, wanted)) fail(Errno.EACCES);
  }
  const file = new MessageQueueFile(queue, (f & (ACCESS_MODE | OpenFlag.NONBLOCK)) | OpenFlag.LARGEFILE);
  return process.fds.add(file, (f & OpenFlag.CLOEXEC) !== 0);
}

export function sysMqUnlink(thread: Thread, nameAddress: number): number {
  const name = readName(thread, nameAddress);
  const queues = queuesOf(thread.process);
  if (!queues.delete(name)) fail(Errno.ENOENT);
  return 0;
}

function queueFileOf(thread: Thread, fd: number): MessageQueueFile {
  const file = thread.process.fds.lookup(fd | 0);
  if (!(file instanceof MessageQueueFile)) fail(Errno.EBADF);
  return file;
}

/** An absolute CLOCK_REALTIME timeout as a monotonic deadline (Infinity for none), kept across retries. */
function deadlineOf(thread: Thread, timeout: number): number {
  if (thread.restart !== undefined) return thread.restart.deadline;
  if (timeout === 0) return Number.POSITIVE_INFINITY;
  const t = readTimespec(thread, timeout, false);
  const wall = readClock(0);
  return monotonicNanoseconds() + (t.sec - wall.sec) * 1e9 + (t.nsec - wall.nsec);
}

/** Waits for other threads (or the deadline: ETIMEDOUT), then the call runs again. */
function block(thread: Thread, deadline: number): number {
  if (monotonicNanoseconds() >= deadline) fail(Errno.ETIMEDOUT);
  thread.restart = { deadline };
  thread.wait = { kind: 'poll', deadline, external: false };
  return BLOCKED;
}

export function sysMqTimedsend(
  thread: Thread,
  fd: number,
  buffer: number,
  length: number,
  priority: number,
  timeout: number,
): number {
  const deadline = deadlineOf(thread, timeout);
  if (priority < 0 || priority >= MQ_PRIO_MAX) fail(Errno.EINVAL);
  const file = queueFileOf(thread, fd);
  if ((file.flags & ACCESS_MODE) === 0) fail(Errno.EBADF);
  const queue = file.queue;
  if (length < 0 || length > queue.messageSize) fail(Errno.EMSGSIZE);
  const data = readBytes(thread.process.memory, buffer, length).slice();
  if (queue.full) {
    if (file.flags & OpenFlag.NONBLOCK) fail(Errno.EAGAIN);
    return block(thread, deadline);
  }
  const wasEmpty = queue.messages.length === 0;
  let at = queue.messages.length;
  while (at > 0 && queue.messages[at - 1]!.priority < priority) at--;
  queue.messages.splice(at, 0, { priority, data });
  queue.bytes += length;
  queue.changed = nextChangeSerial();
  const n = queue.notification;
  if (wasEmpty && n !== undefined && !queue.hasWaitingReceiver()) {
    queue.notification = undefined;
    if (n.notify === SIGEV_SIGNAL) {
      n.process.signalProcess(n.signal, SI_MESGQ, {
        pid: thread.process.pid,
        uid: thread.process.credentials.uid,
        value: n.value,
        detail: `a message arrived in /${queue.name}`,
      });
    }
  }
  return 0;
}

export function sysMqTimedreceive(
  thread: Thread,
  fd: number,
  buffer: number,
  length: number,
  priorityAddress: number,
  timeout: number,
): number {
  const deadline = deadlineOf(thread, timeout);
  const file = queueFileOf(thread, fd);
  if ((file.flags & ACCESS_MODE) === OpenFlag.WRONLY) fail(Errno.EBADF);
  const queue = file.queue;
  if (length < queue.messageSize) fail(Errno.EMSGSIZE);
  if (queue.messages.length === 0) {
    if (file.flags & OpenFlag.NONBLOCK) fail(Errno.EAGAIN);
    const result = block(thread, deadline);
    queue.receivers = queue.receivers.filter((r) => r.thread !== thread && r.thread.wait === r.wait);
    queue.receivers.push({ thread, wait: thread.wait! });
    return result;
  }
  const message = queue.messages[0]!;
  const memory = thread.process.memory;
  writeBytes(memory, buffer, message.data);
  if (priorityAddress !== 0) new StructBuffer(4).u32(0, message.priority).writeTo(memory, priorityAddress);
  queue.messages.shift();
  queue.bytes -= message.data.length;
  queue.changed = nextChangeSerial();
  return message.data.length;
}

export function sysMqNotify(thread: Thread, fd: number, event: number): number {
  const process = thread.process;
  let notification: Notification | undefined;
  if (event !== 0) {
    const s = StructBuffer.read(process.memory, event, 16);
    const notify = s.getI32(12);
    const signal = s.getI32(8);
    if (notify === SIGEV_THREAD) {
      process.warn('mq_notify: SIGEV_THREAD needs a netlink socket, which Miros does not have');
      fail(Errno.ENOSYS);
    }
    if (notify !== SIGEV_SIGNAL && notify !== SIGEV_NONE) fail(Errno.EINVAL);
    if (notify === SIGEV_SIGNAL && (signal < 1 || signal >= NSIG)) fail(Errno.EINVAL);
    notification = { process, signal, notify, value: s.getI64(0) };
  }
  const queue = queueFileOf(thread, fd).queue;
  const current = queue.notification;
  if (notification === undefined) {
    // Only the registered process may remove its registration.
    if (current?.process === process) queue.notification = undefined;
    return 0;
  }
  // A registration lasts until it fires, is removed, or its process ends (Linux drops it when
  // the owner closes the queue, which an ending process does).
  if (current !== undefined && (current.process.system?.processes.includes(current.process) ?? true)) {
    fail(Errno.EBUSY);
  }
  queue.notification = notification;
  return 0;
}

export function sysMqGetsetattr(thread: Thread, fd: number, newAttr: number, oldAttr: number): number {
  const process = thread.process;
  let nonBlocking: boolean | undefined;
  if (newAttr !== 0) {
    const s = StructBuffer.read(process.memory, newAttr, MQ_ATTR_SIZE);
    const flags = s.getI64(0);
    if (flags & ~OpenFlag.NONBLOCK) fail(Errno.EINVAL);
    nonBlocking = (flags & OpenFlag.NONBLOCK) !== 0;
  }
  const file = queueFileOf(thread, fd);
  const queue = file.queue;
  if (oldAttr !== 0) {
    const s = new StructBuffer(MQ_ATTR_SIZE);
    s.u64(0, file.flags & OpenFlag.NONBLOCK)
      .u64(8, queue.maxMessages)
      .u64(16, queue.messageSize)
      .u64(24, queue.messages.length);
    s.writeTo(process.memory, oldAttr);
  }
  if (nonBlocking !== undefined) {
    file.flags = nonBlocking ? file.flags | OpenFlag.NONBLOCK : file.flags & ~OpenFlag.NONBLOCK;
  }
  return 0;
}
