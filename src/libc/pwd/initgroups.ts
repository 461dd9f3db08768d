// initgroups (glibc 2.36's grp/initgroups.c): the supplementary groups of `user` — `group` first,
// then every group of /etc/group that lists the user (getgrouplist's list) — set with setgroups;
// while the kernel refuses the list as too long (EINVAL), one group fewer is tried, as glibc does.
// -1 and errno from setgroups (EPERM without the privilege).
import { Errno } from '../../kernel/errno.ts';
import type { FunctionTable } from '../exports/binding-types.ts';
import { cString } from '../runtime/guest-access.ts';
import { Sys } from '../runtime/kernel-call.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { groupListOf } from './pwd-functions.ts';

function initgroups(libc: LibcProcess, user: number, group: number): number {
  const list = groupListOf(libc, cString(libc.memory, user), group);
  const groups = libc.heap.allocate(4 * list.length);
  if (groups === 0) {
    libc.errno = Errno.ENOMEM;
    return -1;
  }
  for (let i = 0; i < list.length; i++) libc.memory.view.setUint32(groups + 4 * i, list[i]!, true);
  let count = list.length;
  let result: number;
  do result = libc.sys(Sys.setgroups, count, groups);
  while (result === -Errno.EINVAL && --count > 0);
  libc.heap.release(groups);
  return libc.sysResult(result);
}

export const INITGROUPS_FUNCTIONS: FunctionTable = {
  initgroups: (f, libc) => initgroups(libc, f.ptr(0), f.uint(1)),
};
