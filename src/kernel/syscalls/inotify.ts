// inotify_init, inotify_init1, inotify_add_watch, inotify_rm_watch (fs/notify/inotify/inotify_user.c);
// the events themselves: ../fs/inotify.ts.

import { OpenFlag } from '../abi/flags.ts';
import { Errno, fail } from '../errno.ts';
import { checkWatchMask, IN_DONT_FOLLOW, IN_ONLYDIR, InotifyFile, inodeKey, watchFileSystem } from '../fs/inotify.ts';
import { S_IFDIR, S_IFMT } from '../fs/stat.ts';
import { PATH_MAX, readString } from '../guest-memory.ts';
import type { Thread } from '../thread.ts';
import { baseFor } from './common.ts';

/** /proc/sys/fs/inotify/max_user_instances. */
const MAX_USER_INSTANCES = 128;
let openInstances = 0;

export function sysInotifyInit1(thread: Thread, flags: number): number {
  const f = flags | 0;
  if (f & ~(OpenFlag.NONBLOCK | OpenFlag.CLOEXEC)) fail(Errno.EINVAL);
  if (openInstances >= MAX_USER_INSTANCES) fail(Errno.EMFILE);
  const file = new InotifyFile(f & OpenFlag.NONBLOCK);
  openInstances++;
  file.onRelease(() => openInstances--);
  return thread.process.fds.add(file, (f & OpenFlag.CLOEXEC) !== 0);
}

export function sysInotifyInit(thread: Thread): number {
  return sysInotifyInit1(thread, 0);
}

function inotifyOf(thread: Thread, fd: number): InotifyFile {
  const file = thread.process.fds.lookup(fd | 0);
  if (file === undefined) fail(Errno.EBADF);
  if (!(file instanceof InotifyFile)) fail(Errno.EINVAL);
  return file;
}

export function sysInotifyAddWatch(thread: Thread, fd: number, pathAddress: number, mask: number): number {
  const m = mask >>> 0;
  checkWatchMask(m);
  const instance = inotifyOf(thread, fd);
  const process = thread.process;
  const p = readString(process.memory, pathAddress, PATH_MAX);
  if (p === '') fail(Errno.ENOENT);
  const r = process.vfs.existing(baseFor(thread, -100, p), p, !(m & IN_DONT_FOLLOW));
  const location = r.location;
  const stat = location.fs.lstat(location.path);
  if (m & IN_ONLYDIR && (stat.mode & S_IFMT) !== S_IFDIR) fail(Errno.ENOTDIR);
  // Linux wants read permission on the watched inode.
  location.fs.access(location.path, 4);
  watchFileSystem(location.fs, process.system?.processes ?? [process]);
  return instance.addWatch(inodeKey(location.fs, stat), m);
}

export function sysInotifyRmWatch(thread: Thread, fd: number, wd: number): number {
  inotifyOf(thread, fd).removeWatch(wd | 0);
  return 0;
}
