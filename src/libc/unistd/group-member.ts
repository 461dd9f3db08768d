// group_member (glibc's <unistd.h> GNU extension): whether GID is one of the process's
// supplementary groups (getgroups' list; the effective group is not looked at, as in glibc).
import type { FunctionTable } from '../exports/binding-types.ts';
import { Sys } from '../runtime/kernel-call.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';

function groupMember(libc: LibcProcess, gid: number): number {
  const count = libc.sys(Sys.getgroups, 0, 0);
  if (count <= 0) return 0;
  const list = libc.heap.allocate(4 * count);
  const n = libc.sys(Sys.getgroups, count, list);
  let found = 0;
  for (let i = 0; i < n; i++) if (libc.memory.view.getUint32(list + 4 * i, true) === gid) found = 1;
  libc.heap.release(list, 'free');
  return found;
}

export const GROUP_MEMBER_FUNCTIONS: FunctionTable = {
  group_member: (f, libc) => groupMember(libc, f.uint(0)),
};
