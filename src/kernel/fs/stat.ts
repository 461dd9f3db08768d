// File metadata as the kernel reports it, and the guest structures that carry it:
// struct stat (x86-64, 144 bytes) and struct statx (256 bytes).

import type { BigIntStats } from 'node:fs';
import type { AddressSpace } from '../../memory/address-space.ts';
import { StructBuffer } from '../guest-memory.ts';

export const S_IFMT = 0o170000;
export const S_IFSOCK = 0o140000;
export const S_IFLNK = 0o120000;
export const S_IFREG = 0o100000;
export const S_IFBLK = 0o060000;
export const S_IFDIR = 0o040000;
export const S_IFCHR = 0o020000;
export const S_IFIFO = 0o010000;

/** d_type values of getdents64, by file type. */
export function direntType(mode: number): number {
  return ((mode & S_IFMT) >>> 12) & 0xf;
}

export interface Timespec {
  sec: number;
  nsec: number;
}

export interface Stat {
  dev: number;
  ino: number;
  mode: number;
  nlink: number;
  uid: number;
  gid: number;
  rdev: number;
  size: number;
  blksize: number;
  blocks: number;
  atime: Timespec;
  mtime: Timespec;
  ctime: Timespec;
  /** Creation time, when the file system knows it. */
  btime?: Timespec;
}

export const isDirectory = (st: Stat): boolean => (st.mode & S_IFMT) === S_IFDIR;
export const isSymlink = (st: Stat): boolean => (st.mode & S_IFMT) === S_IFLNK;
export const isRegular = (st: Stat): boolean => (st.mode & S_IFMT) === S_IFREG;

const NS_PER_S = 1_000_000_000n;

function timespecOf(ns: bigint): Timespec {
  let sec = ns / NS_PER_S;
  let nsec = ns % NS_PER_S;
  if (nsec < 0n) {
    nsec += NS_PER_S;
    sec -= 1n;
  }
  return { sec: Number(sec), nsec: Number(nsec) };
}

/** A Stat from Node's bigint stats (the only form with nanosecond times). */
export function statFromHost(s: BigIntStats): Stat {
  return {
    dev: Number(s.dev),
    ino: Number(s.ino),
    mode: Number(s.mode),
    nlink: Number(s.nlink),
    uid: Number(s.uid),
    gid: Number(s.gid),
    rdev: Number(s.rdev),
    size: Number(s.size),
    blksize: Number(s.blksize),
    blocks: Number(s.blocks),
    atime: timespecOf(s.atimeNs),
    mtime: timespecOf(s.mtimeNs),
    ctime: timespecOf(s.ctimeNs),
    ...(s.birthtimeNs > 0n ? { btime: timespecOf(s.birthtimeNs) } : {}),
  };
}

/** dev_t → major, minor (glibc's gnu_dev_major/minor; the kernel's new_encode_dev for 32-bit values). */
export function major(dev: number): number {
  return ((dev >>> 8) & 0xfff) | (Math.floor(dev / 2 ** 32) & ~0xfff);
}

export function minor(dev: number): number {
  return (dev & 0xff) | ((dev >>> 12) & ~0xff);
}

export function makedev(major: number, minor: number): number {
  return ((major & 0xfff) << 8) | (minor & 0xff) | ((minor & ~0xff) << 12);
}

/** Writes struct stat (asm/stat.h, x86-64). */
export function writeStat(memory: AddressSpace, address: number, st: Stat): void {
  new StructBuffer(144)
    .u64(0, st.dev)
    .u64(8, st.ino)
    .u64(16, st.nlink)
    .u32(24, st.mode)
    .u32(28, st.uid)
    .u32(32, st.gid)
    .u64(40, st.rdev)
    .u64(48, st.size)
    .u64(56, st.blksize)
    .u64(64, st.blocks)
    .u64(72, st.atime.sec)
    .u64(80, st.atime.nsec)
    .u64(88, st.mtime.sec)
    .u64(96, st.mtime.nsec)
    .u64(104, st.ctime.sec)
    .u64(112, st.ctime.nsec)
    .writeTo(memory, address);
}

/** statx mask bits. */
export const STATX_TYPE = 0x1;
export const STATX_MODE = 0x2;
export const STATX_NLINK = 0x4;
export const STATX_UID = 0x8;
export const STATX_GID = 0x10;
export const STATX_ATIME = 0x20;
export const STATX_MTIME = 0x40;
export const STATX_CTIME = 0x80;
export const STATX_INO = 0x100;
export const STATX_SIZE = 0x200;
export const STATX_BLOCKS = 0x400;
export const STATX_BASIC_STATS = 0x7ff;
export const STATX_BTIME = 0x800;
export const STATX__RESERVED = 0x80000000;

/** Writes struct statx (linux/stat.h). Reports the basic fields, and btime when known. */
export function writeStatx(memory: AddressSpace, address: number, st: Stat): void {
  const s = new StructBuffer(256);
  const mask = STATX_BASIC_STATS | (st.btime ? STATX_BTIME : 0);
  s.u32(0, mask)
    .u32(4, st.blksize)
    .u64(8, 0)
    .u32(16, st.nlink)
    .u32(20, st.uid)
    .u32(24, st.gid)
    .u16(28, st.mode)
    .u64(32, st.ino)
    .u64(40, st.size)
    .u64(48, st.blocks)
    .u64(56, 0);
  const time = (offset: number, t: Timespec) => s.u64(offset, t.sec).u32(offset + 8, t.nsec);
  time(64, st.atime);
  if (st.btime) time(80, st.btime);
  time(96, st.ctime);
  time(112, st.mtime);
  s.u32(128, major(st.rdev)).u32(132, minor(st.rdev)).u32(136, major(st.dev)).u32(140, minor(st.dev));
  s.writeTo(memory, address);
}

/** Current time as a Timespec (for in-memory files). */
export function now(): Timespec {
  const ms = Date.now();
  const [, ns] = process.hrtime();
  return { sec: Math.floor(ms / 1000), nsec: (ms % 1000) * 1_000_000 + (ns % 1_000_000) };
}
