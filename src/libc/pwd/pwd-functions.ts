// pwd.h and grp.h over the files database (./user-database.ts), with glibc's interfaces:
// - the reentrant lookups (getpwnam_r…) lay the strings out in the caller's buffer and return
//   ERANGE when it is too small, 0 with *result = NULL when there is no such entry, or the errno
//   that kept the file from being read;
// - the classic ones (getpwnam…) return a static struct of their own — each function has its own,
//   as in glibc, so getpwnam's result survives a getpwuid call — and NULL with errno untouched when
//   there is no such entry;
// - getpwent/getgrent enumerate a snapshot of the file taken at the first call after setpwent.
import { Errno } from '../../kernel/errno.ts';
import type { CallFrame } from '../abi/call-frame.ts';
import type { FunctionTable } from '../exports/binding-types.ts';
import { checkWrite, cString, storePointer } from '../runtime/guest-access.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { copyForChild, ProcessState } from '../runtime/process-states.ts';
import {
  type Enumeration,
  type Found,
  GROUP_FILE,
  type GroupEntry,
  groupEntries,
  nextEntry,
  PASSWD_FILE,
  type PasswdEntry,
  passwdEntries,
  readDatabase,
  reentrantLookup,
  reentrantNext,
} from './user-database.ts';

/** struct passwd (x86-64): pw_name, pw_passwd, pw_uid, pw_gid, pw_gecos, pw_dir, pw_shell. */
const PASSWD_SIZE = 48;
const PW_NAME = 0;
const PW_PASSWD = 8;
const PW_UID = 16;
const PW_GID = 20;
const PW_GECOS = 24;
const PW_DIR = 32;
const PW_SHELL = 40;
/** struct group: gr_name, gr_passwd, gr_gid, gr_mem (char **, NULL-terminated). */
const GROUP_SIZE = 32;
const GR_NAME = 0;
const GR_PASSWD = 8;
const GR_GID = 16;
const GR_MEM = 24;
const POINTER_SIZE = 8;

function findPasswd(libc: LibcProcess, matches: (entry: PasswdEntry) => boolean): Found<PasswdEntry> {
  const database = readDatabase(libc, PASSWD_FILE);
  if ('errno' in database) return database;
  return { entry: passwdEntries(database.lines).find(matches) };
}

function findGroup(libc: LibcProcess, matches: (entry: GroupEntry) => boolean): Found<GroupEntry> {
  const database = readDatabase(libc, GROUP_FILE);
  if ('errno' in database) return database;
  return { entry: groupEntries(database.lines).find(matches) };
}

/** Bytes the strings (and for a group, the aligned member pointer array) of an entry take in a buffer. */
export function passwdBufferSize(entry: PasswdEntry): number {
  return [entry.name, entry.passwd, entry.gecos, entry.dir, entry.shell].reduce((sum, s) => sum + s.length + 1, 0);
}

export function groupBufferSize(entry: GroupEntry): number {
  const strings = [entry.name, entry.passwd, ...entry.members].reduce((sum, s) => sum + s.length + 1, 0);
  return strings + (POINTER_SIZE - 1) + (entry.members.length + 1) * POINTER_SIZE;
}

/** Lays `text` out NUL-terminated at `at`; returns the address after it. */
function putString(libc: LibcProcess, at: number, text: string): number {
  const bytes = libc.memory.bytes;
  for (let i = 0; i < text.length; i++) bytes[at + i] = text.charCodeAt(i);
  bytes[at + text.length] = 0;
  return at + text.length + 1;
}

/** Fills struct passwd at `struct` with strings in [buffer, buffer+size); false if they do not fit. */
export function storePasswd(
  libc: LibcProcess,
  entry: PasswdEntry,
  struct: number,
  buffer: number,
  size: number,
): boolean {
  const needed = passwdBufferSize(entry);
  if (needed > size) return false;
  checkWrite(libc.memory, buffer, needed);
  checkWrite(libc.memory, struct, PASSWD_SIZE);
  let at = buffer;
  const field = (offset: number, text: string) => {
    storePointer(libc.memory, struct + offset, at);
    at = putString(libc, at, text);
  };
  field(PW_NAME, entry.name);
  field(PW_PASSWD, entry.passwd);
  field(PW_GECOS, entry.gecos);
  field(PW_DIR, entry.dir);
  field(PW_SHELL, entry.shell);
  libc.memory.view.setUint32(struct + PW_UID, entry.uid, true);
  libc.memory.view.setUint32(struct + PW_GID, entry.gid, true);
  return true;
}

export function storeGroup(
  libc: LibcProcess,
  entry: GroupEntry,
  struct: number,
  buffer: number,
  size: number,
): boolean {
  const needed = groupBufferSize(entry);
  // The pointer array goes first, aligned (its slack counted in `needed`), then the strings.
  const list = buffer + ((POINTER_SIZE - (buffer % POINTER_SIZE)) % POINTER_SIZE);
  if (needed > size) return false;
  checkWrite(libc.memory, buffer, needed);
  checkWrite(libc.memory, struct, GROUP_SIZE);
  let at = list + (entry.members.length + 1) * POINTER_SIZE;
  storePointer(libc.memory, struct + GR_NAME, at);
  at = putString(libc, at, entry.name);
  storePointer(libc.memory, struct + GR_PASSWD, at);
  at = putString(libc, at, entry.passwd);
  libc.memory.view.setUint32(struct + GR_GID, entry.gid, true);
  storePointer(libc.memory, struct + GR_MEM, list);
  entry.members.forEach((member, i) => {
    storePointer(libc.memory, list + i * POINTER_SIZE, at);
    at = putString(libc, at, member);
  });
  storePointer(libc.memory, list + entry.members.length * POINTER_SIZE, 0);
  return true;
}

/** A classic function's own static struct and its buffer (grown on the heap as entries need). */
export class StaticResult {
  private struct = 0;
  private buffer = 0;
  private capacity = 0;

  constructor(private readonly structSize: number) {}

  /** Stores an entry with `store`; returns the struct's address, or 0 with errno ENOMEM. */
  hold<T>(
    libc: LibcProcess,
    entry: T,
    size: number,
    store: (libc: LibcProcess, entry: T, struct: number, buffer: number, size: number) => boolean,
  ): number {
    if (this.struct === 0) this.struct = libc.data.allocate(this.structSize, 16);
    if (size > this.capacity) {
      if (this.buffer !== 0) libc.heap.release(this.buffer);
      this.buffer = libc.heap.allocate(size);
      this.capacity = this.buffer === 0 ? 0 : size;
      if (this.buffer === 0) {
        libc.errno = Errno.ENOMEM;
        return 0;
      }
    }
    // The buffer was sized for the entry: the store cannot run out of room.
    if (!store(libc, entry, this.struct, this.buffer, this.capacity))
      throw new Error('user database: buffer too small');
    return this.struct;
  }
}

class UserDatabaseState {
  readonly getpwnam = new StaticResult(PASSWD_SIZE);
  readonly getpwuid = new StaticResult(PASSWD_SIZE);
  readonly getpwent = new StaticResult(PASSWD_SIZE);
  readonly getgrnam = new StaticResult(GROUP_SIZE);
  readonly getgrgid = new StaticResult(GROUP_SIZE);
  readonly getgrent = new StaticResult(GROUP_SIZE);
  readonly passwdEnumeration: Enumeration<PasswdEntry> = { entries: undefined, next: 0 };
  readonly groupEnumeration: Enumeration<GroupEntry> = { entries: undefined, next: 0 };
}

const states = new ProcessState<UserDatabaseState>(
  'pwd/pwd-functions states',
  copyForChild,
  () => new UserDatabaseState(),
);

/** getpwnam/getpwuid: the entry in the function's static struct, or NULL (errno only on a read failure). */
function classicPasswd(libc: LibcProcess, slot: StaticResult, found: Found<PasswdEntry>): number {
  if ('errno' in found) {
    libc.errno = found.errno;
    return 0;
  }
  if (found.entry === undefined) return 0;
  return slot.hold(libc, found.entry, passwdBufferSize(found.entry), storePasswd);
}

function classicGroup(libc: LibcProcess, slot: StaticResult, found: Found<GroupEntry>): number {
  if ('errno' in found) {
    libc.errno = found.errno;
    return 0;
  }
  if (found.entry === undefined) return 0;
  return slot.hold(libc, found.entry, groupBufferSize(found.entry), storeGroup);
}

/** getpwnam_r and friends: (key, struct, buffer, size, result) → 0 or an error number. */
function reentrantPasswd(f: CallFrame, libc: LibcProcess, found: Found<PasswdEntry>): number {
  return reentrantLookup(libc, found, storePasswd, f.ptr(1), f.ptr(2), f.ulong(3), f.ptr(4));
}

function reentrantGroup(f: CallFrame, libc: LibcProcess, found: Found<GroupEntry>): number {
  return reentrantLookup(libc, found, storeGroup, f.ptr(1), f.ptr(2), f.ulong(3), f.ptr(4));
}

function byName<T extends { name: string }>(libc: LibcProcess, address: number): (entry: T) => boolean {
  const name = cString(libc.memory, address);
  return (entry) => entry.name === name;
}

/** `group`, then every group of /etc/group listing `user` as a member, each gid once (getgrouplist, initgroups). */
export function groupListOf(libc: LibcProcess, user: string, group: number): number[] {
  const list = [group];
  const database = readDatabase(libc, GROUP_FILE);
  if (!('errno' in database)) {
    for (const entry of groupEntries(database.lines)) {
      if (entry.members.includes(user) && !list.includes(entry.gid)) list.push(entry.gid);
    }
  }
  return list;
}

/**
 * getgrouplist: `group` first, then every group listing `user` as a member (each gid once). When
 * *ngroups is too small, as many as fit are stored, *ngroups says how many there are, and -1 is returned.
 */
function getgrouplist(f: CallFrame, libc: LibcProcess): number {
  const user = cString(libc.memory, f.ptr(0));
  const group = f.uint(1);
  const groups = f.ptr(2);
  const countAddress = f.ptr(3);
  checkWrite(libc.memory, countAddress, 4);
  const capacity = libc.memory.view.getInt32(countAddress, true);
  const list = groupListOf(libc, user, group);
  const stored = Math.min(list.length, Math.max(capacity, 0));
  if (stored > 0) checkWrite(libc.memory, groups, stored * 4);
  for (let i = 0; i < stored; i++) libc.memory.view.setUint32(groups + i * 4, list[i]!, true);
  libc.memory.view.setInt32(countAddress, list.length, true);
  return list.length > capacity ? -1 : list.length;
}

export const PWD_FUNCTIONS: FunctionTable = {
  getpwnam: (f, libc) => classicPasswd(libc, states.of(libc).getpwnam, findPasswd(libc, byName(libc, f.ptr(0)))),
  getpwuid: (f, libc) => {
    const uid = f.uint(0);
    return classicPasswd(
      libc,
      states.of(libc).getpwuid,
      findPasswd(libc, (entry) => entry.uid === uid),
    );
  },
  getpwnam_r: (f, libc) => reentrantPasswd(f, libc, findPasswd(libc, byName(libc, f.ptr(0)))),
  getpwuid_r: (f, libc) => {
    const uid = f.uint(0);
    return reentrantPasswd(
      f,
      libc,
      findPasswd(libc, (entry) => entry.uid === uid),
    );
  },
  getpwent: (_f, libc) => {
    const state = states.of(libc);
    return classicPasswd(libc, state.getpwent, nextEntry(libc, state.passwdEnumeration, PASSWD_FILE, passwdEntries));
  },
  getpwent_r: (f, libc) =>
    reentrantNext(
      libc,
      states.of(libc).passwdEnumeration,
      PASSWD_FILE,
      passwdEntries,
      storePasswd,
      f.ptr(0),
      f.ptr(1),
      f.ulong(2),
      f.ptr(3),
    ),
  setpwent: (_f, libc) => {
    states.of(libc).passwdEnumeration.entries = undefined;
    return 0;
  },
  endpwent: (_f, libc) => {
    states.of(libc).passwdEnumeration.entries = undefined;
    return 0;
  },
  getgrnam: (f, libc) => classicGroup(libc, states.of(libc).getgrnam, findGroup(libc, byName(libc, f.ptr(0)))),
  getgrgid: (f, libc) => {
    const gid = f.uint(0);
    return classicGroup(
      libc,
      states.of(libc).getgrgid,
      findGroup(libc, (entry) => entry.gid === gid),
    );
  },
  getgrnam_r: (f, libc) => reentrantGroup(f, libc, findGroup(libc, byName(libc, f.ptr(0)))),
  getgrgid_r: (f, libc) => {
    const gid = f.uint(0);
    return reentrantGroup(
      f,
      libc,
      findGroup(libc, (entry) => entry.gid === gid),
    );
  },
  getgrent: (_f, libc) => {
    const state = states.of(libc);
    return classicGroup(libc, state.getgrent, nextEntry(libc, state.groupEnumeration, GROUP_FILE, groupEntries));
  },
  getgrent_r: (f, libc) =>
    reentrantNext(
      libc,
      states.of(libc).groupEnumeration,
      GROUP_FILE,
      groupEntries,
      storeGroup,
      f.ptr(0),
      f.ptr(1),
      f.ulong(2),
      f.ptr(3),
    ),
  setgrent: (_f, libc) => {
    states.of(libc).groupEnumeration.entries = undefined;
    return 0;
  },
  endgrent: (_f, libc) => {
    states.of(libc).groupEnumeration.entries = undefined;
    return 0;
  },
  getgrouplist,
};
