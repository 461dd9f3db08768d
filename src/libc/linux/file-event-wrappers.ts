// inotify (sys/inotify.h), splice/tee/vmsplice and sync_file_range (fcntl.h), mkfifo and mkfifoat
// (sys/stat.h) as glibc 2.36 makes them: one system call each, -errno mapped to
// errno. splice, tee and vmsplice can wait on a pipe: they are made from guest code, as read
// and write are (other threads run meanwhile, a signal interrupts them).
import { AT_FDCWD } from '../../kernel/abi/flags.ts';
import type { FunctionTable } from '../exports/binding-types.ts';
import { Sys } from '../runtime/kernel-call.ts';
import { tailSyscall } from '../signal/guest-code.ts';

const enum FileEventSys {
  inotify_add_watch = 254,
  inotify_rm_watch = 255,
  splice = 275,
  tee = 276,
  sync_file_range = 277,
  vmsplice = 278,
  inotify_init1 = 294,
}

const S_IFIFO = 0o010000;
const S_IFMT = 0o170000;

export const FILE_EVENT_FUNCTIONS: FunctionTable = {
  // glibc's inotify_init is inotify_init1 without flags.
  inotify_init: (_f, libc) => libc.sysResult(libc.sys(FileEventSys.inotify_init1, 0)),
  inotify_init1: (f, libc) => libc.sysResult(libc.sys(FileEventSys.inotify_init1, f.int(0))),
  inotify_add_watch: (f, libc) =>
    libc.sysResult(libc.sys(FileEventSys.inotify_add_watch, f.int(0), f.ptr(1), f.uint(2))),
  inotify_rm_watch: (f, libc) => libc.sysResult(libc.sys(FileEventSys.inotify_rm_watch, f.int(0), f.int(1))),
  splice: (f, libc) =>
    tailSyscall(f, libc, FileEventSys.splice, f.int(0), f.ptr(1), f.int(2), f.ptr(3), f.ulong(4), f.uint(5)),
  tee: (f, libc) => tailSyscall(f, libc, FileEventSys.tee, f.int(0), f.int(1), f.ulong(2), f.uint(3)),
  vmsplice: (f, libc) => tailSyscall(f, libc, FileEventSys.vmsplice, f.int(0), f.ptr(1), f.ulong(2), f.uint(3)),
  sync_file_range: (f, libc) =>
    libc.sysResult(libc.sys(FileEventSys.sync_file_range, f.int(0), f.long(1), f.long(2), f.uint(3))),
  // mkfifo and mkfifoat: mknodat of a FIFO, as glibc.
  mkfifo: (f, libc) => libc.sysResult(libc.sys(Sys.mknodat, AT_FDCWD, f.ptr(0), (f.uint(1) & ~S_IFMT) | S_IFIFO, 0)),
  mkfifoat: (f, libc) => libc.sysResult(libc.sys(Sys.mknodat, f.int(0), f.ptr(1), (f.uint(2) & ~S_IFMT) | S_IFIFO, 0)),
};
