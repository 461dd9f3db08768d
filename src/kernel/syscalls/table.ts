// THE system-call table: every x86-64 Linux system call by number, with its name, how the tracer
// prints its arguments, and its handler. A call without a handler returns -ENOSYS (and, with
// MIROS_DEBUG or --trace, says `miros: unsupported syscall 435 (clone3)`). Handlers live in the
// files of this folder, one area each; the dispatcher (src/kernel/dispatch.ts) indexes
// `syscallHandlers` by number.

import * as msg from '../ipc/message-queues.ts';
import * as mq from '../ipc/posix-message-queues.ts';
import * as sem from '../ipc/semaphores.ts';
import * as shm from '../ipc/shared-memory-segments.ts';
import type { Thread } from '../thread.ts';
import * as administration from './administration.ts';
import * as clone from './clone.ts';
import * as descriptors from './descriptors.ts';
import * as exec from './exec.ts';
import * as futex from './futex.ts';
import * as inotify from './inotify.ts';
import * as io from './io.ts';
import * as memory from './memory.ts';
import * as misc from './misc.ts';
import * as paths from './paths.ts';
import * as poll from './poll.ts';
import * as processControl from './process-control.ts';
import * as signals from './signals.ts';
import * as sockets from './sockets.ts';
import * as splice from './splice.ts';
import * as time from './time.ts';
import * as timers from './timers.ts';
import * as wait from './wait.ts';

/**
 * A handler receives the calling thread and the six argument registers (rdi, rsi, rdx, r10, r8,
 * r9) as numbers (see dispatch.ts for the exact conversion) and returns rax: the result, -errno,
 * or BLOCKED. It may also fail(errno) (SyscallError) or fault on guest memory (EFAULT).
 */
export type SyscallHandler = (
  thread: Thread,
  a0: number,
  a1: number,
  a2: number,
  a3: number,
  a4: number,
  a5: number,
) => number;

/**
 * How the tracer shows an argument. Numbers: int, uint, long, size, hex, octal, ptr.
 * openmode: an octal mode shown only when the flags before it create a file (O_CREAT, O_TMPFILE).
 * Descriptors: fd, dirfd (AT_FDCWD). Strings read from the guest: path, string. Buffers:
 * inbuf (its length is the next argument), outbuf (filled by the call: length = result),
 * outstring (a NUL-terminated result). Structures: timespec, pipefds. Flag groups: the rest,
 * named after src/kernel/abi/flags.ts.
 */
export type ArgumentKind =
  | 'int'
  | 'uint'
  | 'long'
  | 'size'
  | 'hex'
  | 'octal'
  | 'openmode'
  | 'ptr'
  | 'fd'
  | 'dirfd'
  | 'path'
  | 'string'
  | 'inbuf'
  | 'outbuf'
  | 'outstring'
  | 'timespec'
  | 'pipefds'
  | 'openflags'
  | 'atflags'
  | 'access'
  | 'prot'
  | 'mapflags'
  | 'mremapflags'
  | 'madvise'
  | 'msync'
  | 'whence'
  | 'fcntl'
  | 'ioctl'
  | 'clock'
  | 'futex'
  | 'archprctl'
  | 'prctl'
  | 'rlimit'
  | 'sighow'
  | 'signal'
  | 'renameflags'
  | 'getrandomflags';

/** How the tracer shows the result: decimal (default), hex (addresses), octal, or `?` (no return). */
export type ResultKind = 'hex' | 'octal' | 'none';

export interface SyscallDefinition {
  nr: number;
  name: string;
  args?: readonly ArgumentKind[];
  handler?: SyscallHandler;
  returns?: ResultKind;
}

export const syscallTable: readonly SyscallDefinition[] = [
  { nr: 0, name: 'read', args: ['fd', 'outbuf', 'size'], handler: io.sysRead },
  { nr: 1, name: 'write', args: ['fd', 'inbuf', 'size'], handler: io.sysWrite },
  { nr: 2, name: 'open', args: ['path', 'openflags', 'openmode'], handler: paths.sysOpen },
  { nr: 3, name: 'close', args: ['fd'], handler: descriptors.sysClose },
  { nr: 4, name: 'stat', args: ['path', 'ptr'], handler: paths.sysStat },
  { nr: 5, name: 'fstat', args: ['fd', 'ptr'], handler: paths.sysFstat },
  { nr: 6, name: 'lstat', args: ['path', 'ptr'], handler: paths.sysLstat },
  { nr: 7, name: 'poll', args: ['ptr', 'uint', 'int'], handler: poll.sysPoll },
  { nr: 8, name: 'lseek', args: ['fd', 'long', 'whence'], handler: io.sysLseek },
  {
    nr: 9,
    name: 'mmap',
    args: ['ptr', 'size', 'prot', 'mapflags', 'fd', 'hex'],
    handler: memory.sysMmap,
    returns: 'hex',
  },
  { nr: 10, name: 'mprotect', args: ['ptr', 'size', 'prot'], handler: memory.sysMprotect },
  { nr: 11, name: 'munmap', args: ['ptr', 'size'], handler: memory.sysMunmap },
  { nr: 12, name: 'brk', args: ['ptr'], handler: memory.sysBrk, returns: 'hex' },
  { nr: 13, name: 'rt_sigaction', args: ['signal', 'ptr', 'ptr', 'size'], handler: signals.sysRtSigaction },
  { nr: 14, name: 'rt_sigprocmask', args: ['sighow', 'ptr', 'ptr', 'size'], handler: signals.sysRtSigprocmask },
  { nr: 15, name: 'rt_sigreturn', args: [], handler: signals.sysRtSigreturn },
  { nr: 16, name: 'ioctl', args: ['fd', 'ioctl', 'hex'], handler: descriptors.sysIoctl },
  { nr: 17, name: 'pread64', args: ['fd', 'outbuf', 'size', 'long'], handler: io.sysPread64 },
  { nr: 18, name: 'pwrite64', args: ['fd', 'inbuf', 'size', 'long'], handler: io.sysPwrite64 },
  { nr: 19, name: 'readv', args: ['fd', 'ptr', 'int'], handler: io.sysReadv },
  { nr: 20, name: 'writev', args: ['fd', 'ptr', 'int'], handler: io.sysWritev },
  { nr: 21, name: 'access', args: ['path', 'access'], handler: paths.sysAccess },
  { nr: 22, name: 'pipe', args: ['pipefds'], handler: descriptors.sysPipe },
  { nr: 23, name: 'select', args: ['int', 'ptr', 'ptr', 'ptr', 'ptr'], handler: poll.sysSelect },
  { nr: 24, name: 'sched_yield', args: [], handler: processControl.sysSchedYield },
  {
    nr: 25,
    name: 'mremap',
    args: ['ptr', 'size', 'size', 'mremapflags', 'ptr'],
    handler: memory.sysMremap,
    returns: 'hex',
  },
  { nr: 26, name: 'msync', args: ['ptr', 'size', 'msync'], handler: memory.sysMsync },
  { nr: 27, name: 'mincore', args: ['ptr', 'size', 'ptr'], handler: memory.sysMincore },
  { nr: 28, name: 'madvise', args: ['ptr', 'size', 'madvise'], handler: memory.sysMadvise },
  { nr: 29, name: 'shmget', args: ['hex', 'size', 'octal'], handler: shm.sysShmget },
  { nr: 30, name: 'shmat', args: ['int', 'ptr', 'hex'], handler: shm.sysShmat },
  { nr: 31, name: 'shmctl', args: ['int', 'int', 'ptr'], handler: shm.sysShmctl },
  { nr: 32, name: 'dup', args: ['fd'], handler: descriptors.sysDup },
  { nr: 33, name: 'dup2', args: ['fd', 'fd'], handler: descriptors.sysDup2 },
  { nr: 34, name: 'pause', args: [], handler: signals.sysPause },
  { nr: 35, name: 'nanosleep', args: ['timespec', 'ptr'], handler: time.sysNanosleep },
  { nr: 36, name: 'getitimer', args: ['int', 'ptr'], handler: signals.sysGetitimer },
  { nr: 37, name: 'alarm', args: ['uint'], handler: signals.sysAlarm },
  { nr: 38, name: 'setitimer', args: ['int', 'ptr', 'ptr'], handler: signals.sysSetitimer },
  { nr: 39, name: 'getpid', args: [], handler: processControl.sysGetpid },
  { nr: 40, name: 'sendfile', args: ['fd', 'fd', 'ptr', 'size'], handler: io.sysSendfile },
  { nr: 41, name: 'socket', args: ['int', 'hex', 'int'], handler: sockets.sysSocket },
  { nr: 42, name: 'connect', args: ['fd', 'ptr', 'int'], handler: sockets.sysConnect },
  { nr: 43, name: 'accept', args: ['fd', 'ptr', 'ptr'], handler: sockets.sysAccept },
  { nr: 44, name: 'sendto', args: ['fd', 'inbuf', 'size', 'hex', 'ptr', 'int'], handler: sockets.sysSendto },
  { nr: 45, name: 'recvfrom', args: ['fd', 'outbuf', 'size', 'hex', 'ptr', 'ptr'], handler: sockets.sysRecvfrom },
  { nr: 46, name: 'sendmsg', args: ['fd', 'ptr', 'hex'], handler: sockets.sysSendmsg },
  { nr: 47, name: 'recvmsg', args: ['fd', 'ptr', 'hex'], handler: sockets.sysRecvmsg },
  { nr: 48, name: 'shutdown', args: ['fd', 'int'], handler: sockets.sysShutdown },
  { nr: 49, name: 'bind', args: ['fd', 'ptr', 'int'], handler: sockets.sysBind },
  { nr: 50, name: 'listen', args: ['fd', 'int'], handler: sockets.sysListen },
  { nr: 51, name: 'getsockname', args: ['fd', 'ptr', 'ptr'], handler: sockets.sysGetsockname },
  { nr: 52, name: 'getpeername', args: ['fd', 'ptr', 'ptr'], handler: sockets.sysGetpeername },
  { nr: 53, name: 'socketpair', args: ['int', 'hex', 'int', 'ptr'], handler: sockets.sysSocketpair },
  { nr: 54, name: 'setsockopt', args: ['fd', 'int', 'int', 'ptr', 'int'], handler: sockets.sysSetsockopt },
  { nr: 55, name: 'getsockopt', args: ['fd', 'int', 'int', 'ptr', 'ptr'], handler: sockets.sysGetsockopt },
  { nr: 56, name: 'clone', args: ['hex', 'ptr', 'ptr', 'ptr', 'ptr'], handler: clone.sysClone },
  { nr: 57, name: 'fork', args: [], handler: clone.sysFork },
  { nr: 58, name: 'vfork', args: [], handler: clone.sysVfork },
  { nr: 59, name: 'execve', args: ['path', 'ptr', 'ptr'], handler: exec.sysExecve },
  { nr: 60, name: 'exit', args: ['int'], handler: processControl.sysExit, returns: 'none' },
  { nr: 61, name: 'wait4', args: ['int', 'ptr', 'hex', 'ptr'], handler: wait.sysWait4 },
  { nr: 62, name: 'kill', args: ['int', 'signal'], handler: signals.sysKill },
  { nr: 63, name: 'uname', args: ['ptr'], handler: processControl.sysUname },
  { nr: 64, name: 'semget', args: ['hex', 'int', 'octal'], handler: sem.sysSemget },
  { nr: 65, name: 'semop', args: ['int', 'ptr', 'uint'], handler: sem.sysSemop },
  { nr: 66, name: 'semctl', args: ['int', 'int', 'int', 'hex'], handler: sem.sysSemctl },
  { nr: 67, name: 'shmdt', args: ['ptr'], handler: shm.sysShmdt },
  { nr: 68, name: 'msgget', args: ['hex', 'octal'], handler: msg.sysMsgget },
  { nr: 69, name: 'msgsnd', args: ['int', 'ptr', 'size', 'hex'], handler: msg.sysMsgsnd },
  { nr: 70, name: 'msgrcv', args: ['int', 'ptr', 'size', 'long', 'hex'], handler: msg.sysMsgrcv },
  { nr: 71, name: 'msgctl', args: ['int', 'int', 'ptr'], handler: msg.sysMsgctl },
  { nr: 72, name: 'fcntl', args: ['fd', 'fcntl', 'hex'], handler: descriptors.sysFcntl },
  { nr: 73, name: 'flock', args: ['fd', 'int'], handler: descriptors.sysFlock },
  { nr: 74, name: 'fsync', args: ['fd'], handler: paths.sysFsync },
  { nr: 75, name: 'fdatasync', args: ['fd'], handler: paths.sysFsync },
  { nr: 76, name: 'truncate', args: ['path', 'long'], handler: paths.sysTruncate },
  { nr: 77, name: 'ftruncate', args: ['fd', 'long'], handler: paths.sysFtruncate },
  { nr: 78, name: 'getdents' },
  { nr: 79, name: 'getcwd', args: ['outstring', 'size'], handler: paths.sysGetcwd },
  { nr: 80, name: 'chdir', args: ['path'], handler: paths.sysChdir },
  { nr: 81, name: 'fchdir', args: ['fd'], handler: paths.sysFchdir },
  { nr: 82, name: 'rename', args: ['path', 'path'], handler: paths.sysRename },
  { nr: 83, name: 'mkdir', args: ['path', 'octal'], handler: paths.sysMkdir },
  { nr: 84, name: 'rmdir', args: ['path'], handler: paths.sysRmdir },
  { nr: 85, name: 'creat', args: ['path', 'octal'], handler: paths.sysCreat },
  { nr: 86, name: 'link', args: ['path', 'path'], handler: paths.sysLink },
  { nr: 87, name: 'unlink', args: ['path'], handler: paths.sysUnlink },
  { nr: 88, name: 'symlink', args: ['path', 'path'], handler: paths.sysSymlink },
  { nr: 89, name: 'readlink', args: ['path', 'outbuf', 'size'], handler: paths.sysReadlink },
  { nr: 90, name: 'chmod', args: ['path', 'octal'], handler: paths.sysChmod },
  { nr: 91, name: 'fchmod', args: ['fd', 'octal'], handler: paths.sysFchmod },
  { nr: 92, name: 'chown', args: ['path', 'int', 'int'], handler: paths.sysChown },
  { nr: 93, name: 'fchown', args: ['fd', 'int', 'int'], handler: paths.sysFchown },
  { nr: 94, name: 'lchown', args: ['path', 'int', 'int'], handler: paths.sysLchown },
  { nr: 95, name: 'umask', args: ['octal'], handler: paths.sysUmask, returns: 'octal' },
  { nr: 96, name: 'gettimeofday', args: ['ptr', 'ptr'], handler: time.sysGettimeofday },
  { nr: 97, name: 'getrlimit', args: ['rlimit', 'ptr'], handler: processControl.sysGetrlimit },
  { nr: 98, name: 'getrusage', args: ['int', 'ptr'], handler: processControl.sysGetrusage },
  { nr: 99, name: 'sysinfo', args: ['ptr'], handler: processControl.sysSysinfo },
  { nr: 100, name: 'times', args: ['ptr'], handler: processControl.sysTimes },
  { nr: 101, name: 'ptrace' },
  { nr: 102, name: 'getuid', args: [], handler: processControl.sysGetuid },
  { nr: 103, name: 'syslog' },
  { nr: 104, name: 'getgid', args: [], handler: processControl.sysGetgid },
  { nr: 105, name: 'setuid', args: ['int'], handler: processControl.sysSetuid },
  { nr: 106, name: 'setgid', args: ['int'], handler: processControl.sysSetgid },
  { nr: 107, name: 'geteuid', args: [], handler: processControl.sysGeteuid },
  { nr: 108, name: 'getegid', args: [], handler: processControl.sysGetegid },
  { nr: 109, name: 'setpgid', args: ['int', 'int'], handler: processControl.sysSetpgid },
  { nr: 110, name: 'getppid', args: [], handler: processControl.sysGetppid },
  { nr: 111, name: 'getpgrp', args: [], handler: processControl.sysGetpgrp },
  { nr: 112, name: 'setsid', args: [], handler: processControl.sysSetsid },
  { nr: 113, name: 'setreuid', args: ['int', 'int'], handler: processControl.sysSetreuid },
  { nr: 114, name: 'setregid', args: ['int', 'int'], handler: processControl.sysSetregid },
  { nr: 115, name: 'getgroups', args: ['int', 'ptr'], handler: processControl.sysGetgroups },
  { nr: 116, name: 'setgroups', args: ['int', 'ptr'], handler: processControl.sysSetgroups },
  { nr: 117, name: 'setresuid', args: ['int', 'int', 'int'], handler: processControl.sysSetresuid },
  { nr: 118, name: 'getresuid', args: ['ptr', 'ptr', 'ptr'], handler: processControl.sysGetresuid },
  { nr: 119, name: 'setresgid', args: ['int', 'int', 'int'], handler: processControl.sysSetresgid },
  { nr: 120, name: 'getresgid', args: ['ptr', 'ptr', 'ptr'], handler: processControl.sysGetresgid },
  { nr: 121, name: 'getpgid', args: ['int'], handler: processControl.sysGetpgid },
  { nr: 122, name: 'setfsuid', args: ['int'], handler: processControl.sysSetfsuid },
  { nr: 123, name: 'setfsgid', args: ['int'], handler: processControl.sysSetfsgid },
  { nr: 124, name: 'getsid', args: ['int'], handler: processControl.sysGetsid },
  { nr: 125, name: 'capget', args: ['ptr', 'ptr'], handler: administration.sysCapget },
  { nr: 126, name: 'capset', args: ['ptr', 'ptr'], handler: administration.sysCapset },
  { nr: 127, name: 'rt_sigpending', args: ['ptr', 'size'], handler: signals.sysRtSigpending },
  {
    nr: 128,
    name: 'rt_sigtimedwait',
    args: ['ptr', 'ptr', 'timespec', 'size'],
    handler: signals.sysRtSigtimedwait,
  },
  { nr: 129, name: 'rt_sigqueueinfo', args: ['int', 'signal', 'ptr'], handler: signals.sysRtSigqueueinfo },
  { nr: 130, name: 'rt_sigsuspend', args: ['ptr', 'size'], handler: signals.sysRtSigsuspend },
  { nr: 131, name: 'sigaltstack', args: ['ptr', 'ptr'], handler: signals.sysSigaltstack },
  { nr: 132, name: 'utime', args: ['path', 'ptr'], handler: paths.sysUtime },
  { nr: 133, name: 'mknod', args: ['path', 'octal', 'hex'], handler: paths.sysMknod },
  { nr: 134, name: 'uselib' },
  { nr: 135, name: 'personality', args: ['hex'], handler: processControl.sysPersonality, returns: 'hex' },
  { nr: 136, name: 'ustat' },
  { nr: 137, name: 'statfs', args: ['path', 'ptr'], handler: paths.sysStatfs },
  { nr: 138, name: 'fstatfs', args: ['fd', 'ptr'], handler: paths.sysFstatfs },
  { nr: 139, name: 'sysfs' },
  { nr: 140, name: 'getpriority', args: ['int', 'int'], handler: processControl.sysGetpriority },
  { nr: 141, name: 'setpriority', args: ['int', 'int', 'int'], handler: processControl.sysSetpriority },
  { nr: 142, name: 'sched_setparam', args: ['int', 'ptr'], handler: processControl.sysSchedSetparam },
  { nr: 143, name: 'sched_getparam', args: ['int', 'ptr'], handler: processControl.sysSchedGetparam },
  { nr: 144, name: 'sched_setscheduler', args: ['int', 'int', 'ptr'], handler: processControl.sysSchedSetscheduler },
  { nr: 145, name: 'sched_getscheduler', args: ['int'], handler: processControl.sysSchedGetscheduler },
  { nr: 146, name: 'sched_get_priority_max', args: ['int'], handler: processControl.sysSchedGetPriorityMax },
  { nr: 147, name: 'sched_get_priority_min', args: ['int'], handler: processControl.sysSchedGetPriorityMin },
  { nr: 148, name: 'sched_rr_get_interval', args: ['int', 'ptr'], handler: processControl.sysSchedRrGetInterval },
  { nr: 149, name: 'mlock', args: ['ptr', 'size'], handler: memory.sysMlock },
  { nr: 150, name: 'munlock', args: ['ptr', 'size'], handler: memory.sysMlock },
  { nr: 151, name: 'mlockall', args: ['hex'], handler: memory.sysMlockall },
  { nr: 152, name: 'munlockall', args: [], handler: memory.sysMunlockall },
  { nr: 153, name: 'vhangup', args: [], handler: administration.sysVhangup },
  { nr: 154, name: 'modify_ldt' },
  { nr: 155, name: 'pivot_root' },
  { nr: 156, name: '_sysctl' },
  { nr: 157, name: 'prctl', args: ['prctl', 'hex', 'hex', 'hex', 'hex'], handler: processControl.sysPrctl },
  { nr: 158, name: 'arch_prctl', args: ['archprctl', 'hex'], handler: processControl.sysArchPrctl },
  { nr: 159, name: 'adjtimex', args: ['ptr'], handler: administration.sysAdjtimex },
  { nr: 160, name: 'setrlimit', args: ['rlimit', 'ptr'], handler: processControl.sysSetrlimit },
  { nr: 161, name: 'chroot', args: ['path'], handler: administration.sysChroot },
  { nr: 162, name: 'sync', args: [], handler: misc.sysSync },
  { nr: 163, name: 'acct', args: ['path'], handler: administration.sysAcct },
  { nr: 164, name: 'settimeofday', args: ['ptr', 'ptr'], handler: time.sysSettimeofday },
  { nr: 165, name: 'mount', args: ['ptr', 'path', 'ptr', 'hex', 'ptr'], handler: administration.sysMount },
  { nr: 166, name: 'umount2', args: ['path', 'hex'], handler: administration.sysUmount2 },
  { nr: 167, name: 'swapon', args: ['path', 'hex'], handler: administration.sysSwapon },
  { nr: 168, name: 'swapoff', args: ['path'], handler: administration.sysSwapoff },
  { nr: 169, name: 'reboot', args: ['hex', 'hex', 'hex', 'ptr'], handler: administration.sysReboot },
  { nr: 170, name: 'sethostname', args: ['ptr', 'int'], handler: administration.sysSethostname },
  { nr: 171, name: 'setdomainname', args: ['ptr', 'int'], handler: administration.sysSetdomainname },
  { nr: 172, name: 'iopl' },
  { nr: 173, name: 'ioperm' },
  { nr: 174, name: 'create_module' },
  { nr: 175, name: 'init_module', args: ['ptr', 'size', 'string'], handler: administration.sysInitModule },
  { nr: 176, name: 'delete_module', args: ['string', 'hex'], handler: administration.sysDeleteModule },
  { nr: 177, name: 'get_kernel_syms' },
  { nr: 178, name: 'query_module' },
  { nr: 179, name: 'quotactl', args: ['hex', 'path', 'int', 'ptr'], handler: administration.sysQuotactl },
  { nr: 180, name: 'nfsservctl' },
  { nr: 181, name: 'getpmsg' },
  { nr: 182, name: 'putpmsg' },
  { nr: 183, name: 'afs_syscall' },
  { nr: 184, name: 'tuxcall' },
  { nr: 185, name: 'security' },
  { nr: 186, name: 'gettid', args: [], handler: processControl.sysGettid },
  { nr: 187, name: 'readahead', args: ['fd', 'long', 'size'], handler: misc.sysReadahead },
  { nr: 188, name: 'setxattr', args: ['path', 'string', 'ptr', 'size', 'int'], handler: misc.sysSetxattr },
  { nr: 189, name: 'lsetxattr', args: ['path', 'string', 'ptr', 'size', 'int'], handler: misc.sysSetxattr },
  { nr: 190, name: 'fsetxattr', args: ['fd', 'string', 'ptr', 'size', 'int'], handler: misc.sysSetxattr },
  { nr: 191, name: 'getxattr', args: ['path', 'string', 'ptr', 'size'], handler: misc.sysGetxattr },
  { nr: 192, name: 'lgetxattr', args: ['path', 'string', 'ptr', 'size'], handler: misc.sysGetxattr },
  { nr: 193, name: 'fgetxattr', args: ['fd', 'string', 'ptr', 'size'], handler: misc.sysGetxattr },
  { nr: 194, name: 'listxattr', args: ['path', 'ptr', 'size'], handler: misc.sysListxattr },
  { nr: 195, name: 'llistxattr', args: ['path', 'ptr', 'size'], handler: misc.sysListxattr },
  { nr: 196, name: 'flistxattr', args: ['fd', 'ptr', 'size'], handler: misc.sysListxattr },
  { nr: 197, name: 'removexattr', args: ['path', 'string'], handler: misc.sysGetxattr },
  { nr: 198, name: 'lremovexattr', args: ['path', 'string'], handler: misc.sysGetxattr },
  { nr: 199, name: 'fremovexattr', args: ['fd', 'string'], handler: misc.sysGetxattr },
  { nr: 200, name: 'tkill', args: ['int', 'signal'], handler: signals.sysTkill },
  { nr: 201, name: 'time', args: ['ptr'], handler: time.sysTime },
  { nr: 202, name: 'futex', args: ['ptr', 'futex', 'int', 'ptr', 'ptr', 'hex'], handler: futex.sysFutex },
  { nr: 203, name: 'sched_setaffinity', args: ['int', 'size', 'ptr'], handler: processControl.sysSchedSetaffinity },
  { nr: 204, name: 'sched_getaffinity', args: ['int', 'size', 'ptr'], handler: processControl.sysSchedGetaffinity },
  { nr: 205, name: 'set_thread_area' },
  { nr: 206, name: 'io_setup' },
  { nr: 207, name: 'io_destroy' },
  { nr: 208, name: 'io_getevents' },
  { nr: 209, name: 'io_submit' },
  { nr: 210, name: 'io_cancel' },
  { nr: 211, name: 'get_thread_area' },
  { nr: 212, name: 'lookup_dcookie' },
  { nr: 213, name: 'epoll_create', args: ['int'], handler: poll.sysEpollCreate },
  { nr: 214, name: 'epoll_ctl_old' },
  { nr: 215, name: 'epoll_wait_old' },
  { nr: 216, name: 'remap_file_pages' },
  { nr: 217, name: 'getdents64', args: ['fd', 'ptr', 'size'], handler: paths.sysGetdents64 },
  { nr: 218, name: 'set_tid_address', args: ['ptr'], handler: processControl.sysSetTidAddress },
  { nr: 219, name: 'restart_syscall' },
  { nr: 220, name: 'semtimedop', args: ['int', 'ptr', 'uint', 'timespec'], handler: sem.sysSemtimedop },
  { nr: 221, name: 'fadvise64', args: ['fd', 'long', 'long', 'int'], handler: misc.sysFadvise64 },
  { nr: 222, name: 'timer_create', args: ['clock', 'ptr', 'ptr'], handler: timers.sysTimerCreate },
  { nr: 223, name: 'timer_settime', args: ['int', 'hex', 'ptr', 'ptr'], handler: timers.sysTimerSettime },
  { nr: 224, name: 'timer_gettime', args: ['int', 'ptr'], handler: timers.sysTimerGettime },
  { nr: 225, name: 'timer_getoverrun', args: ['int'], handler: timers.sysTimerGetoverrun },
  { nr: 226, name: 'timer_delete', args: ['int'], handler: timers.sysTimerDelete },
  { nr: 227, name: 'clock_settime', args: ['clock', 'ptr'], handler: time.sysClockSettime },
  { nr: 228, name: 'clock_gettime', args: ['clock', 'ptr'], handler: time.sysClockGettime },
  { nr: 229, name: 'clock_getres', args: ['clock', 'ptr'], handler: time.sysClockGetres },
  { nr: 230, name: 'clock_nanosleep', args: ['clock', 'hex', 'timespec', 'ptr'], handler: time.sysClockNanosleep },
  { nr: 231, name: 'exit_group', args: ['int'], handler: processControl.sysExitGroup, returns: 'none' },
  { nr: 232, name: 'epoll_wait', args: ['fd', 'ptr', 'int', 'int'], handler: poll.sysEpollWait },
  { nr: 233, name: 'epoll_ctl', args: ['fd', 'int', 'fd', 'ptr'], handler: poll.sysEpollCtl },
  { nr: 234, name: 'tgkill', args: ['int', 'int', 'signal'], handler: signals.sysTgkill },
  { nr: 235, name: 'utimes', args: ['path', 'ptr'], handler: paths.sysUtimes },
  { nr: 236, name: 'vserver' },
  { nr: 237, name: 'mbind' },
  { nr: 238, name: 'set_mempolicy' },
  { nr: 239, name: 'get_mempolicy' },
  { nr: 240, name: 'mq_open', args: ['string', 'openflags', 'octal', 'ptr'], handler: mq.sysMqOpen },
  { nr: 241, name: 'mq_unlink', args: ['string'], handler: mq.sysMqUnlink },
  { nr: 242, name: 'mq_timedsend', args: ['fd', 'inbuf', 'size', 'uint', 'ptr'], handler: mq.sysMqTimedsend },
  { nr: 243, name: 'mq_timedreceive', args: ['fd', 'ptr', 'size', 'ptr', 'ptr'], handler: mq.sysMqTimedreceive },
  { nr: 244, name: 'mq_notify', args: ['fd', 'ptr'], handler: mq.sysMqNotify },
  { nr: 245, name: 'mq_getsetattr', args: ['fd', 'ptr', 'ptr'], handler: mq.sysMqGetsetattr },
  { nr: 246, name: 'kexec_load' },
  { nr: 247, name: 'waitid', args: ['int', 'int', 'ptr', 'hex', 'ptr'], handler: wait.sysWaitid },
  { nr: 248, name: 'add_key' },
  { nr: 249, name: 'request_key' },
  { nr: 250, name: 'keyctl' },
  { nr: 251, name: 'ioprio_set' },
  { nr: 252, name: 'ioprio_get' },
  { nr: 253, name: 'inotify_init', args: [], handler: inotify.sysInotifyInit },
  { nr: 254, name: 'inotify_add_watch', args: ['fd', 'path', 'hex'], handler: inotify.sysInotifyAddWatch },
  { nr: 255, name: 'inotify_rm_watch', args: ['fd', 'int'], handler: inotify.sysInotifyRmWatch },
  { nr: 256, name: 'migrate_pages' },
  { nr: 257, name: 'openat', args: ['dirfd', 'path', 'openflags', 'openmode'], handler: paths.sysOpenat },
  { nr: 258, name: 'mkdirat', args: ['dirfd', 'path', 'octal'], handler: paths.sysMkdirat },
  { nr: 259, name: 'mknodat', args: ['dirfd', 'path', 'octal', 'hex'], handler: paths.sysMknodat },
  { nr: 260, name: 'fchownat', args: ['dirfd', 'path', 'int', 'int', 'atflags'], handler: paths.sysFchownat },
  { nr: 261, name: 'futimesat', args: ['dirfd', 'path', 'ptr'], handler: paths.sysFutimesat },
  { nr: 262, name: 'newfstatat', args: ['dirfd', 'path', 'ptr', 'atflags'], handler: paths.sysNewfstatat },
  { nr: 263, name: 'unlinkat', args: ['dirfd', 'path', 'atflags'], handler: paths.sysUnlinkat },
  { nr: 264, name: 'renameat', args: ['dirfd', 'path', 'dirfd', 'path'], handler: paths.sysRenameat },
  { nr: 265, name: 'linkat', args: ['dirfd', 'path', 'dirfd', 'path', 'atflags'], handler: paths.sysLinkat },
  { nr: 266, name: 'symlinkat', args: ['path', 'dirfd', 'path'], handler: paths.sysSymlinkat },
  { nr: 267, name: 'readlinkat', args: ['dirfd', 'path', 'outbuf', 'size'], handler: paths.sysReadlinkat },
  { nr: 268, name: 'fchmodat', args: ['dirfd', 'path', 'octal'], handler: paths.sysFchmodat },
  { nr: 269, name: 'faccessat', args: ['dirfd', 'path', 'access'], handler: paths.sysFaccessat },
  { nr: 270, name: 'pselect6', args: ['int', 'ptr', 'ptr', 'ptr', 'ptr', 'ptr'], handler: poll.sysPselect6 },
  { nr: 271, name: 'ppoll', args: ['ptr', 'uint', 'ptr', 'ptr', 'size'], handler: poll.sysPpoll },
  { nr: 272, name: 'unshare', args: ['hex'], handler: administration.sysUnshare },
  { nr: 273, name: 'set_robust_list', args: ['ptr', 'size'], handler: processControl.sysSetRobustList },
  { nr: 274, name: 'get_robust_list', args: ['int', 'ptr', 'ptr'], handler: processControl.sysGetRobustList },
  { nr: 275, name: 'splice', args: ['fd', 'ptr', 'fd', 'ptr', 'size', 'hex'], handler: splice.sysSplice },
  { nr: 276, name: 'tee', args: ['fd', 'fd', 'size', 'hex'], handler: splice.sysTee },
  { nr: 277, name: 'sync_file_range', args: ['fd', 'long', 'long', 'hex'], handler: splice.sysSyncFileRange },
  { nr: 278, name: 'vmsplice', args: ['fd', 'ptr', 'uint', 'hex'], handler: splice.sysVmsplice },
  { nr: 279, name: 'move_pages' },
  { nr: 280, name: 'utimensat', args: ['dirfd', 'path', 'ptr', 'atflags'], handler: paths.sysUtimensat },
  { nr: 281, name: 'epoll_pwait', args: ['fd', 'ptr', 'int', 'int', 'ptr', 'size'], handler: poll.sysEpollPwait },
  { nr: 282, name: 'signalfd', args: ['fd', 'ptr', 'size'], handler: signals.sysSignalfd },
  { nr: 283, name: 'timerfd_create', args: ['clock', 'hex'], handler: timers.sysTimerfdCreate },
  { nr: 284, name: 'eventfd', args: ['uint'], handler: descriptors.sysEventfd },
  { nr: 285, name: 'fallocate', args: ['fd', 'int', 'long', 'long'], handler: misc.sysFallocate },
  { nr: 286, name: 'timerfd_settime', args: ['fd', 'hex', 'ptr', 'ptr'], handler: timers.sysTimerfdSettime },
  { nr: 287, name: 'timerfd_gettime', args: ['fd', 'ptr'], handler: timers.sysTimerfdGettime },
  { nr: 288, name: 'accept4', args: ['fd', 'ptr', 'ptr', 'hex'], handler: sockets.sysAccept4 },
  { nr: 289, name: 'signalfd4', args: ['fd', 'ptr', 'size', 'hex'], handler: signals.sysSignalfd4 },
  { nr: 290, name: 'eventfd2', args: ['uint', 'hex'], handler: descriptors.sysEventfd2 },
  { nr: 291, name: 'epoll_create1', args: ['hex'], handler: poll.sysEpollCreate1 },
  { nr: 292, name: 'dup3', args: ['fd', 'fd', 'openflags'], handler: descriptors.sysDup3 },
  { nr: 293, name: 'pipe2', args: ['pipefds', 'openflags'], handler: descriptors.sysPipe2 },
  { nr: 294, name: 'inotify_init1', args: ['hex'], handler: inotify.sysInotifyInit1 },
  { nr: 295, name: 'preadv', args: ['fd', 'ptr', 'int', 'long'], handler: io.sysPreadv },
  { nr: 296, name: 'pwritev', args: ['fd', 'ptr', 'int', 'long'], handler: io.sysPwritev },
  { nr: 297, name: 'rt_tgsigqueueinfo' },
  { nr: 298, name: 'perf_event_open' },
  { nr: 299, name: 'recvmmsg', args: ['fd', 'ptr', 'uint', 'hex', 'timespec'], handler: sockets.sysRecvmmsg },
  { nr: 300, name: 'fanotify_init' },
  { nr: 301, name: 'fanotify_mark' },
  { nr: 302, name: 'prlimit64', args: ['int', 'rlimit', 'ptr', 'ptr'], handler: processControl.sysPrlimit64 },
  {
    nr: 303,
    name: 'name_to_handle_at',
    args: ['dirfd', 'path', 'ptr', 'ptr', 'atflags'],
    handler: administration.sysNameToHandleAt,
  },
  { nr: 304, name: 'open_by_handle_at', args: ['fd', 'ptr', 'openflags'], handler: administration.sysOpenByHandleAt },
  { nr: 305, name: 'clock_adjtime', args: ['clock', 'ptr'], handler: administration.sysClockAdjtime },
  { nr: 306, name: 'syncfs', args: ['fd'], handler: misc.sysSyncfs },
  { nr: 307, name: 'sendmmsg', args: ['fd', 'ptr', 'uint', 'hex'], handler: sockets.sysSendmmsg },
  { nr: 308, name: 'setns', args: ['fd', 'hex'], handler: administration.sysSetns },
  { nr: 309, name: 'getcpu', args: ['ptr', 'ptr', 'ptr'], handler: processControl.sysGetcpu },
  { nr: 310, name: 'process_vm_readv' },
  { nr: 311, name: 'process_vm_writev' },
  { nr: 312, name: 'kcmp' },
  { nr: 313, name: 'finit_module', args: ['fd', 'string', 'hex'], handler: administration.sysInitModule },
  { nr: 314, name: 'sched_setattr' },
  { nr: 315, name: 'sched_getattr' },
  { nr: 316, name: 'renameat2', args: ['dirfd', 'path', 'dirfd', 'path', 'renameflags'], handler: paths.sysRenameat2 },
  { nr: 317, name: 'seccomp' },
  { nr: 318, name: 'getrandom', args: ['outbuf', 'size', 'getrandomflags'], handler: processControl.sysGetrandom },
  { nr: 319, name: 'memfd_create', args: ['string', 'hex'], handler: misc.sysMemfdCreate },
  { nr: 320, name: 'kexec_file_load' },
  { nr: 321, name: 'bpf' },
  { nr: 322, name: 'execveat', args: ['dirfd', 'path', 'ptr', 'ptr', 'atflags'], handler: exec.sysExecveat },
  { nr: 323, name: 'userfaultfd' },
  { nr: 324, name: 'membarrier' },
  { nr: 325, name: 'mlock2', args: ['ptr', 'size', 'hex'], handler: memory.sysMlock2 },
  { nr: 326, name: 'copy_file_range', args: ['fd', 'ptr', 'fd', 'ptr', 'size', 'hex'], handler: io.sysCopyFileRange },
  { nr: 327, name: 'preadv2', args: ['fd', 'ptr', 'int', 'long', 'long', 'hex'], handler: io.sysPreadv2 },
  { nr: 328, name: 'pwritev2', args: ['fd', 'ptr', 'int', 'long', 'long', 'hex'], handler: io.sysPwritev2 },
  { nr: 329, name: 'pkey_mprotect' },
  { nr: 330, name: 'pkey_alloc' },
  { nr: 331, name: 'pkey_free' },
  { nr: 332, name: 'statx', args: ['dirfd', 'path', 'atflags', 'hex', 'ptr'], handler: paths.sysStatx },
  { nr: 333, name: 'io_pgetevents' },
  { nr: 334, name: 'rseq' },
  { nr: 424, name: 'pidfd_send_signal' },
  { nr: 425, name: 'io_uring_setup' },
  { nr: 426, name: 'io_uring_enter' },
  { nr: 427, name: 'io_uring_register' },
  { nr: 428, name: 'open_tree', args: ['dirfd', 'path', 'hex'], handler: administration.sysOpenTree },
  {
    nr: 429,
    name: 'move_mount',
    args: ['dirfd', 'path', 'dirfd', 'path', 'hex'],
    handler: administration.sysMoveMount,
  },
  { nr: 430, name: 'fsopen', args: ['string', 'hex'], handler: administration.sysFsopen },
  { nr: 431, name: 'fsconfig', args: ['fd', 'int', 'ptr', 'ptr', 'int'], handler: administration.sysFsconfig },
  { nr: 432, name: 'fsmount', args: ['fd', 'hex', 'hex'], handler: administration.sysFsmount },
  { nr: 433, name: 'fspick', args: ['dirfd', 'path', 'hex'], handler: administration.sysFspick },
  { nr: 434, name: 'pidfd_open' },
  { nr: 435, name: 'clone3', args: ['ptr', 'size'], handler: clone.sysClone3 },
  { nr: 436, name: 'close_range', args: ['uint', 'uint', 'hex'], handler: descriptors.sysCloseRange },
  { nr: 437, name: 'openat2' },
  { nr: 438, name: 'pidfd_getfd' },
  { nr: 439, name: 'faccessat2', args: ['dirfd', 'path', 'access', 'atflags'], handler: paths.sysFaccessat2 },
  { nr: 440, name: 'process_madvise' },
  { nr: 441, name: 'epoll_pwait2', args: ['fd', 'ptr', 'int', 'ptr', 'ptr', 'size'], handler: poll.sysEpollPwait2 },
  {
    nr: 442,
    name: 'mount_setattr',
    args: ['dirfd', 'path', 'atflags', 'ptr', 'size'],
    handler: administration.sysMountSetattr,
  },
  { nr: 443, name: 'quotactl_fd' },
  { nr: 444, name: 'landlock_create_ruleset' },
  { nr: 445, name: 'landlock_add_rule' },
  { nr: 446, name: 'landlock_restrict_self' },
  { nr: 447, name: 'memfd_secret' },
  { nr: 448, name: 'process_mrelease' },
  { nr: 449, name: 'futex_waitv' },
  { nr: 450, name: 'set_mempolicy_home_node' },
  { nr: 451, name: 'cachestat' },
  { nr: 452, name: 'fchmodat2' },
  { nr: 453, name: 'map_shadow_stack' },
  { nr: 454, name: 'futex_wake' },
  { nr: 455, name: 'futex_wait' },
  { nr: 456, name: 'futex_requeue' },
  { nr: 457, name: 'statmount' },
  { nr: 458, name: 'listmount' },
  { nr: 459, name: 'lsm_get_self_attr' },
  { nr: 460, name: 'lsm_set_self_attr' },
  { nr: 461, name: 'lsm_list_modules' },
  { nr: 462, name: 'mseal' },
];

const byNumber: (SyscallDefinition | undefined)[] = [];
for (const definition of syscallTable) byNumber[definition.nr] = definition;

/** Handlers indexed by system-call number (undefined: not supported). */
export const syscallHandlers: readonly (SyscallHandler | undefined)[] = Array.from(
  { length: byNumber.length },
  (_, nr) => byNumber[nr]?.handler,
);

export function syscallDefinition(nr: number): SyscallDefinition | undefined {
  return nr >= 0 ? byNumber[nr] : undefined;
}

/**
 * Calls that an interrupting handler always ends with EINTR, even with SA_RESTART (Linux's
 * -ERESTARTNOHAND and -ERESTART_RESTARTBLOCK calls, and those returning -EINTR outright):
 * pause, nanosleep, select, rt_sigtimedwait, rt_sigsuspend, clock_nanosleep, epoll_wait,
 * pselect6, ppoll, epoll_pwait, poll; and the System V IPC waits: semop, semtimedop, msgsnd, msgrcv.
 */
const NEVER_RESTARTED = new Set([34, 35, 23, 128, 130, 230, 232, 270, 271, 281, 7, 441, 65, 220, 69, 70]);

/** Whether a blocked call interrupted by a SA_RESTART handler runs again after it (-ERESTARTSYS). */
export function restartsWithSaRestart(nr: number): boolean {
  return !NEVER_RESTARTED.has(nr);
}

/** The call's name, as strace prints unknown ones (`syscall_0x1b3`) when it has none. */
export function syscallName(nr: number): string {
  return syscallDefinition(nr)?.name ?? `syscall_0x${nr >= 0 ? nr.toString(16) : 'ffffffffffffffff'}`;
}
