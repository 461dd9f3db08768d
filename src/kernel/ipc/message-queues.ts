// System V message queues: msgget, msgsnd, msgrcv, msgctl (Linux's ipc/msg.c).
//
// A message is a type (a positive long) and bytes. msgrcv picks by type: the first message (0),
// the first of a type (> 0; of any other type with MSG_EXCEPT), or the first of the lowest type
// up to |type| (< 0); MSG_COPY copies the message at an index without taking it. A sender waits
// while the queue is full, a receiver while nothing matches (IPC_NOWAIT: EAGAIN, ENOMSG); the
// call runs again when other threads have run, and ends with EIDRM if the queue was removed.

import { Errno, fail } from '../errno.ts';
import { readBytes, StructBuffer, writeBytes } from '../guest-memory.ts';
import type { Process } from '../process.ts';
import type { Thread } from '../thread.ts';
import {
  blockOn,
  checkOwner,
  IPC_INFO,
  IPC_NOWAIT,
  IPC_RMID,
  IPC_SET,
  IPC_STAT,
  type IpcObject,
  ipcNamespaceOf,
  newPermissions,
  nowSeconds,
  permitted,
  retryState,
  setPermissions,
  storePermissions,
} from './ipc-namespace.ts';

/** MSGMAX, MSGMNB, MSGMNI as this machine's /proc/sys/kernel has them (Linux's defaults). */
const MSGMAX = 8192;
const MSGMNB = 16384;
const MSGMNI = 32000;
const MSGSSZ = 16;
const MSGSEG = 0xffff;
const MSGPOOL = (MSGMNI * MSGMNB) / 1024;
const MSG_NOERROR = 0o10000;
const MSG_EXCEPT = 0o20000;
const MSG_COPY = 0o40000;
const MSG_STAT = 11;
const MSG_INFO = 12;
const MSG_STAT_ANY = 13;
const MSQID_DS_SIZE = 120;
const MSGINFO_SIZE = 32;

interface Message {
  type: number;
  text: Uint8Array;
}

export interface MessageQueue extends IpcObject {
  messages: Message[];
  /** Bytes of all messages' text (msg_cbytes) and the most allowed (msg_qbytes). */
  bytes: number;
  maxBytes: number;
  stime: number;
  rtime: number;
  lspid: number;
  lrpid: number;
}

export function sysMsgget(thread: Thread, key: number, flags: number): number {
  const process = thread.process;
  return ipcNamespaceOf(process).messageQueues.get(
    process,
    key | 0,
    flags | 0,
    () => ({
      id: 0,
      perm: newPermissions(process, key | 0, flags | 0),
      ctime: nowSeconds(),
      removed: false,
      messages: [],
      bytes: 0,
      maxBytes: MSGMNB,
      stime: 0,
      rtime: 0,
      lspid: 0,
      lrpid: 0,
    }),
    () => {},
  );
}

export function sysMsgsnd(thread: Thread, id: number, buffer: number, size: number, flags: number): number {
  const process = thread.process;
  const retry = retryState(thread);
  if (size > MSGMAX || size < 0 || (id | 0) < 0) fail(Errno.EINVAL);
  const type = new StructBuffer(8);
  type.bytes.set(readBytes(process.memory, buffer, 8));
  const mtype = type.getI64(0);
  if (mtype < 1) fail(Errno.EINVAL);
  const text = readBytes(process.memory, buffer + 8, size);
  if (retry.removedWhileWaiting) fail(Errno.EIDRM);
  const queue = ipcNamespaceOf(process).messageQueues.lookup(id | 0);
  if (!permitted(process, queue.perm, 0o222)) fail(Errno.EACCES);
  if (queue.bytes + size > queue.maxBytes || queue.messages.length + 1 > queue.maxBytes) {
    if (flags & IPC_NOWAIT) fail(Errno.EAGAIN);
    return blockOn(thread, queue, Number.POSITIVE_INFINITY, Errno.EAGAIN);
  }
  queue.messages.push({ type: mtype, text: text.slice() });
  queue.bytes += size;
  queue.lspid = process.pid;
  queue.stime = nowSeconds();
  return 0;
}

/** The index of the message msgrcv takes, -1 for none. */
function pick(messages: Message[], type: number, except: boolean): number {
  if (type === 0) return messages.length > 0 ? 0 : -1;
  if (type > 0) return messages.findIndex((m) => (except ? m.type !== type : m.type === type));
  let best = -1;
  for (let i = 0; i < messages.length; i++) {
    const t = messages[i]!.type;
    if (t <= -type && (best < 0 || t < messages[best]!.type)) best = i;
  }
  return best;
}

export function sysMsgrcv(
  thread: Thread,
  id: number,
  buffer: number,
  size: number,
  type: number,
  flags: number,
): number {
  const process = thread.process;
  const retry = retryState(thread);
  const f = flags | 0;
  if ((id | 0) < 0 || size < 0) fail(Errno.EINVAL);
  if (f & MSG_COPY && (f & MSG_EXCEPT || !(f & IPC_NOWAIT))) fail(Errno.EINVAL);
  if (retry.removedWhileWaiting) fail(Errno.EIDRM);
  const queue = ipcNamespaceOf(process).messageQueues.lookup(id | 0);
  if (!permitted(process, queue.perm, 0o444)) fail(Errno.EACCES);
  const index =
    f & MSG_COPY
      ? type >= 0 && type < queue.messages.length
        ? type
        : -1
      : pick(queue.messages, type, (f & MSG_EXCEPT) !== 0);
  if (index < 0) {
    if (f & IPC_NOWAIT) fail(Errno.ENOMSG);
    return blockOn(thread, queue, Number.POSITIVE_INFINITY, Errno.ENOMSG);
  }
  const message = queue.messages[index]!;
  if (message.text.length > size && !(f & MSG_NOERROR)) fail(Errno.E2BIG);
  const length = Math.min(size, message.text.length);
  const out = new StructBuffer(8 + length);
  out.u64(0, message.type).bytesAt(8, message.text.subarray(0, length));
  writeBytes(process.memory, buffer, out.bytes);
  if (!(f & MSG_COPY)) {
    queue.messages.splice(index, 1);
    queue.bytes -= message.text.length;
    queue.lrpid = process.pid;
    queue.rtime = nowSeconds();
  }
  return length;
}

function storeQueue(process: Process, queue: MessageQueue, buffer: number): void {
  const s = new StructBuffer(MSQID_DS_SIZE);
  storePermissions(s, 0, queue.perm);
  s.u64(48, queue.stime)
    .u64(56, queue.rtime)
    .u64(64, queue.ctime)
    .u64(72, queue.bytes)
    .u64(80, queue.messages.length)
    .u64(88, queue.maxBytes)
    .u32(96, queue.lspid)
    .u32(100, queue.lrpid);
  s.writeTo(process.memory, buffer);
}

export function sysMsgctl(thread: Thread, id: number, command: number, buffer: number): number {
  const process = thread.process;
  const ids = ipcNamespaceOf(process).messageQueues;
  const cmd = command | 0;
  switch (cmd) {
    case IPC_INFO:
    case MSG_INFO: {
      const all = ids.all();
      const s = new StructBuffer(MSGINFO_SIZE);
      const info = cmd === MSG_INFO;
      s.u32(0, info ? all.length : MSGPOOL)
        .u32(4, info ? all.reduce((n, q) => n + q.messages.length, 0) : MSGMNB)
        .u32(8, MSGMAX)
        .u32(12, MSGMNB)
        .u32(16, MSGMNI)
        .u32(20, MSGSSZ)
        .u32(24, info ? all.reduce((n, q) => n + q.bytes, 0) : MSGMNB)
        .u16(28, MSGSEG);
      s.writeTo(process.memory, buffer);
      return Math.max(ids.highestIndex, 0);
    }
    case MSG_STAT:
    case MSG_STAT_ANY: {
      const queue = ids.atIndex(id | 0);
      if (queue === undefined) fail(Errno.EINVAL);
      if (cmd === MSG_STAT && !permitted(process, queue.perm, 0o444)) fail(Errno.EACCES);
      storeQueue(process, queue, buffer);
      return queue.id;
    }
  }
  const queue = ids.lookup(id | 0);
  switch (cmd) {
    case IPC_STAT:
      if (!permitted(process, queue.perm, 0o444)) fail(Errno.EACCES);
      storeQueue(process, queue, buffer);
      return 0;
    case IPC_SET: {
      const s = StructBuffer.read(process.memory, buffer, MSQID_DS_SIZE);
      checkOwner(process, queue.perm);
      const maxBytes = s.getI64(88);
      // Above MSGMNB needs CAP_SYS_RESOURCE.
      if (maxBytes > MSGMNB && process.credentials.euid !== 0) fail(Errno.EPERM);
      setPermissions(queue.perm, s);
      queue.maxBytes = maxBytes;
      queue.ctime = nowSeconds();
      return 0;
    }
    case IPC_RMID:
      checkOwner(process, queue.perm);
      ids.remove(queue);
      return 0;
    default:
      fail(Errno.EINVAL);
  }
}

/** /proc/sysvipc/msg's lines. */
export function sysvipcMsgText(process: Process): string {
  let text =
    '       key      msqid perms      cbytes       qnum lspid lrpid   uid   gid  cuid  cgid      stime      rtime      ctime\n';
  for (const q of ipcNamespaceOf(process).messageQueues.all()) {
    const p = q.perm;
    text += `${String(p.key | 0).padStart(10)} ${String(q.id).padStart(10)} ${(p.mode & 0o777).toString(8).padStart(5)} ${String(q.bytes).padStart(11)} ${String(q.messages.length).padStart(10)} ${String(q.lspid).padStart(5)} ${String(q.lrpid).padStart(5)} ${String(p.uid).padStart(5)} ${String(p.gid).padStart(5)} ${String(p.cuid).padStart(5)} ${String(p.cgid).padStart(5)} ${String(q.stime).padStart(10)} ${String(q.rtime).padStart(10)} ${String(q.ctime).padStart(10)}\n`;
  }
  return text;
}
