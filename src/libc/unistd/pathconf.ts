// pathconf and fpathconf as glibc 2.36 answers them on Linux (sysdeps/unix/sysv/linux/pathconf.c
// over sysdeps/posix/pathconf.c): the file system's type (statfs's f_type) decides _PC_LINK_MAX,
// _PC_FILESIZEBITS, _PC_2_SYMLINKS (and _PC_CHOWN_RESTRICTED needs the statfs to work); statvfs
// gives _PC_NAME_MAX and the transfer sizes; the rest are glibc's constants. An empty path is
// ENOENT, an unknown name EINVAL, a negative descriptor EBADF; a missing file fails only for the
// names that look at it.
import { Errno } from '../../kernel/errno.ts';
import type { FunctionTable } from '../exports/binding-types.ts';
import { checkRead } from '../runtime/guest-access.ts';
import { Sys } from '../runtime/kernel-call.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';

/** The _PC_ names, in <bits/confname.h>'s order. */
const enum Name {
  LINK_MAX = 0,
  MAX_CANON = 1,
  MAX_INPUT = 2,
  NAME_MAX = 3,
  PATH_MAX = 4,
  PIPE_BUF = 5,
  CHOWN_RESTRICTED = 6,
  NO_TRUNC = 7,
  VDISABLE = 8,
  SYNC_IO = 9,
  ASYNC_IO = 10,
  PRIO_IO = 11,
  SOCK_MAXBUF = 12,
  FILESIZEBITS = 13,
  REC_INCR_XFER_SIZE = 14,
  REC_MAX_XFER_SIZE = 15,
  REC_MIN_XFER_SIZE = 16,
  REC_XFER_ALIGN = 17,
  ALLOC_SIZE_MIN = 18,
  SYMLINK_MAX = 19,
  TWO_SYMLINKS = 20,
}

/** Answers that do not depend on the file (glibc's limits.h and posix_opt.h values; -1: none). */
const CONSTANT: ReadonlyMap<number, number> = new Map([
  [Name.MAX_CANON, 255],
  [Name.MAX_INPUT, 255],
  [Name.PATH_MAX, 4096],
  [Name.PIPE_BUF, 4096],
  [Name.NO_TRUNC, 1],
  [Name.VDISABLE, 0],
  [Name.SYNC_IO, -1],
  [Name.PRIO_IO, -1],
  [Name.SOCK_MAXBUF, -1],
  [Name.REC_INCR_XFER_SIZE, -1],
  [Name.REC_MAX_XFER_SIZE, -1],
  [Name.SYMLINK_MAX, -1],
]);

/** f_type magic numbers (linux/magic.h) glibc's answers distinguish. */
const Magic = {
  EXT2: 0xef53,
  F2FS: 0xf2f52010,
  MINIX: 0x137f,
  MINIX_2: 0x138f,
  MINIX2: 0x2468,
  MINIX2_2: 0x2478,
  XENIX: 0x012ff7b4,
  SYSV4: 0x012ff7b5,
  SYSV2: 0x012ff7b6,
  COH: 0x012ff7b7,
  UFS: 0x00011954,
  UFS_CIGAM: 0x54190100,
  REISERFS: 0x52654973,
  XFS: 0x58465342,
  LUSTRE: 0x0bd00bd0,
  BTRFS: 0x9123683e,
  SMB: 0x517b,
  NTFS: 0x5346544e,
  UDF: 0x15013346,
  JFS: 0x3153464a,
  VXFS: 0xa501fcf5,
  CGROUP: 0x27e0eb,
  ADFS: 0xadf5,
  BFS: 0x1badface,
  CRAMFS: 0x28cd3d45,
  DEVPTS: 0x1cd1,
  EFS_SUPER: 0x414a53,
  EFS: 0x072959,
  MSDOS: 0x4d44,
  QNX4: 0x002f,
  ROMFS: 0x7275,
} as const;

/** _PC_LINK_MAX by file system (glibc's linux_fsinfo.h *_LINK_MAX); LINUX_LINK_MAX otherwise. */
const LINK_MAX: ReadonlyMap<number, number> = new Map([
  [Magic.F2FS, 32000],
  [Magic.MINIX, 250],
  [Magic.MINIX_2, 250],
  [Magic.MINIX2, 65530],
  [Magic.MINIX2_2, 65530],
  [Magic.XENIX, 126],
  [Magic.SYSV4, 126],
  [Magic.SYSV2, 126],
  [Magic.COH, 10000],
  [Magic.UFS, 32000],
  [Magic.UFS_CIGAM, 32000],
  [Magic.REISERFS, 64535],
  [Magic.XFS, 2147483647],
  [Magic.LUSTRE, 65000],
]);
const LINUX_LINK_MAX = 127;
const EXT2_LINK_MAX = 32000;
const EXT4_LINK_MAX = 65000;
/** _PC_FILESIZEBITS: 64-bit sizes on these, 256 on F2FS, 255 on btrfs, 32 elsewhere. */
const FILESIZE_64 = new Set<number>([
  Magic.EXT2,
  Magic.UFS,
  Magic.UFS_CIGAM,
  Magic.REISERFS,
  Magic.XFS,
  Magic.SMB,
  Magic.NTFS,
  Magic.UDF,
  Magic.JFS,
  Magic.VXFS,
  Magic.CGROUP,
  Magic.LUSTRE,
]);
/** File systems without symbolic links (_PC_2_SYMLINKS 0). */
const NO_SYMLINKS = new Set<number>([
  Magic.ADFS,
  Magic.BFS,
  Magic.CRAMFS,
  Magic.DEVPTS,
  Magic.EFS_SUPER,
  Magic.EFS,
  Magic.MSDOS,
  Magic.NTFS,
  Magic.QNX4,
  Magic.ROMFS,
]);

// struct statfs (x86-64): f_type at 0, f_bsize at 8, f_namelen at 64, f_frsize at 72.
const STATFS_SIZE = 120;
const ST_MODE = 24;
const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFBLK = 0o060000;

/** Where the question is about: a path (guest address) or a descriptor. */
type Subject = { path: number } | { fd: number };

/** statfs or fstatfs of the subject into libc's scratch; the result (0 or -errno). */
function statfsOf(libc: LibcProcess, subject: Subject): number {
  return 'path' in subject
    ? libc.sys(Sys.statfs, subject.path, libc.scratch)
    : libc.sys(Sys.fstatfs, subject.fd, libc.scratch);
}

/**
 * glibc's distinguish_extX: ext4 has a larger link limit than ext2/3 but the same magic; the
 * device's /sys/fs/ext4 entry (found through /sys/dev/block/MAJ:MIN) says which it is.
 */
function extLinkMax(libc: LibcProcess, subject: Subject): number {
  const stat = libc.scratch + STATFS_SIZE;
  const result = 'path' in subject ? libc.sys(Sys.stat, subject.path, stat) : libc.sys(Sys.fstat, subject.fd, stat);
  if (result < 0) return EXT2_LINK_MAX;
  const dev = libc.memory.view.getBigUint64(stat, true);
  const major = Number(((dev >> 8n) & 0xfffn) | ((dev >> 32n) & ~0xfffn));
  const minor = Number((dev & 0xffn) | ((dev >> 12n) & ~0xffn));
  const link = readLinkText(libc, `/sys/dev/block/${major}:${minor}`);
  if (link === undefined) return EXT2_LINK_MAX;
  const base = link.slice(link.lastIndexOf('/') + 1);
  return exists(libc, `/sys/fs/ext4/${base}`) ? EXT4_LINK_MAX : EXT2_LINK_MAX;
}

function putPath(libc: LibcProcess, text: string): number {
  const bytes = Buffer.from(text, 'latin1');
  const at = libc.scratch + STATFS_SIZE + 144;
  libc.memory.bytes.set(bytes, at);
  libc.memory.bytes[at + bytes.length] = 0;
  return at;
}

function readLinkText(libc: LibcProcess, path: string): string | undefined {
  const target = libc.scratch;
  const n = libc.sys(Sys.readlink, putPath(libc, path), target, STATFS_SIZE);
  if (n < 0 || n >= STATFS_SIZE) return undefined;
  return Buffer.from(libc.memory.bytes.subarray(target, target + n)).toString('latin1');
}

function exists(libc: LibcProcess, path: string): boolean {
  return libc.sys(Sys.access, putPath(libc, path), 0) === 0;
}

/** A statfs-based answer: -1 with errno when statfs fails (ENOSYS: glibc's default instead). */
function fromStatfs(libc: LibcProcess, subject: Subject, answer: (type: number) => number, ifNoStatfs: number): number {
  const result = statfsOf(libc, subject);
  if (result === -Errno.ENOSYS) return ifNoStatfs;
  if (result < 0) return libc.sysResult(result);
  return answer(libc.memory.view.getUint32(libc.scratch, true));
}

/** A statvfs field (via statfs): f_namemax, f_bsize or f_frsize. */
function fromStatvfs(libc: LibcProcess, subject: Subject, field: 'namemax' | 'bsize' | 'frsize'): number {
  const saved = libc.errno;
  const result = statfsOf(libc, subject);
  if (result < 0) {
    if (result === -Errno.ENOSYS && field === 'namemax') {
      libc.errno = saved;
      return 255;
    }
    // fpathconf's _PC_NAME_MAX reports a device without a file system (ENODEV) as EINVAL.
    libc.errno = result === -Errno.ENODEV && field === 'namemax' && 'fd' in subject ? Errno.EINVAL : -result;
    return -1;
  }
  const view = libc.memory.view;
  const bsize = Number(view.getBigUint64(libc.scratch + 8, true));
  if (field === 'namemax') return Number(view.getBigUint64(libc.scratch + 64, true));
  if (field === 'bsize') return bsize;
  const frsize = Number(view.getBigUint64(libc.scratch + 72, true));
  return frsize !== 0 ? frsize : bsize;
}

function answer(libc: LibcProcess, subject: Subject, name: number): number {
  const constant = CONSTANT.get(name);
  if (constant !== undefined) return constant;
  switch (name) {
    case Name.LINK_MAX:
      return fromStatfs(
        libc,
        subject,
        (type) => (type === Magic.EXT2 ? extLinkMax(libc, subject) : (LINK_MAX.get(type) ?? LINUX_LINK_MAX)),
        LINUX_LINK_MAX,
      );
    case Name.FILESIZEBITS:
      return fromStatfs(
        libc,
        subject,
        (type) => (type === Magic.F2FS ? 256 : type === Magic.BTRFS ? 255 : FILESIZE_64.has(type) ? 64 : 32),
        32,
      );
    case Name.TWO_SYMLINKS:
      return fromStatfs(libc, subject, (type) => (NO_SYMLINKS.has(type) ? 0 : 1), 1);
    case Name.CHOWN_RESTRICTED:
      return fromStatfs(libc, subject, () => 1, 1);
    case Name.NAME_MAX:
      return fromStatvfs(libc, subject, 'namemax');
    case Name.REC_MIN_XFER_SIZE:
      return fromStatvfs(libc, subject, 'bsize');
    case Name.REC_XFER_ALIGN:
    case Name.ALLOC_SIZE_MIN:
      return fromStatvfs(libc, subject, 'frsize');
    case Name.ASYNC_IO: {
      // Asynchronous I/O only on regular files and block devices; -1 (errno untouched) otherwise.
      const stat = libc.scratch;
      const result = 'path' in subject ? libc.sys(Sys.stat, subject.path, stat) : libc.sys(Sys.fstat, subject.fd, stat);
      if (result < 0) return libc.sysResult(result);
      const type = libc.memory.view.getUint32(stat + ST_MODE, true) & S_IFMT;
      return type === S_IFREG || type === S_IFBLK ? 1 : -1;
    }
    default:
      libc.errno = Errno.EINVAL;
      return -1;
  }
}

function pathconf(libc: LibcProcess, path: number, name: number): number {
  checkRead(libc.memory, path, 1);
  if (libc.memory.bytes[path] === 0) {
    libc.errno = Errno.ENOENT;
    return -1;
  }
  return answer(libc, { path }, name);
}

function fpathconf(libc: LibcProcess, fd: number, name: number): number {
  if (fd < 0) {
    libc.errno = Errno.EBADF;
    return -1;
  }
  return answer(libc, { fd }, name);
}

export const PATHCONF_FUNCTIONS: FunctionTable = {
  pathconf: (f, libc) => pathconf(libc, f.ptr(0), f.int(1)),
  fpathconf: (f, libc) => fpathconf(libc, f.int(0), f.int(1)),
};
