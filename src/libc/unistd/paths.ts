// realpath and canonicalize_file_name as glibc 2.36's canonicalize.c: components resolved one by
// one with readlink (so no lstat), "." and ".." handled lexically after each link is expanded,
// at most 40 links (ELOOP), a trailing slash or "/." requiring a directory (ENOTDIR), and on
// failure the caller's buffer holding the prefix resolved so far (up to the failing component)
// when that component is missing or inaccessible.
import { Errno } from '../../kernel/errno.ts';
import type { FunctionTable } from '../exports/binding-types.ts';
import { checkWrite, cString } from '../runtime/guest-access.ts';
import { Sys } from '../runtime/kernel-call.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';

const PATH_MAX = 4096;
/** Links followed before ELOOP (glibc's __eloop_threshold on Linux: MAXSYMLINKS). */
const MAX_LINKS = 40;

/** A scratch area on the guest heap for system-call arguments: a path and a link buffer. */
class PathCalls {
  readonly path: number;
  readonly link: number;
  constructor(private readonly libc: LibcProcess) {
    this.path = libc.heap.allocate(2 * PATH_MAX + 2);
    this.link = this.path + PATH_MAX + 1;
  }

  private put(text: string): boolean {
    if (text.length > PATH_MAX) return false;
    const bytes = Buffer.from(text, 'latin1');
    this.libc.memory.bytes.set(bytes, this.path);
    this.libc.memory.bytes[this.path + bytes.length] = 0;
    return true;
  }

  /** readlink(path): the target, or -errno. */
  readlink(path: string): string | number {
    if (!this.put(path)) return -Errno.ENAMETOOLONG;
    const n = this.libc.sys(Sys.readlink, this.path, this.link, PATH_MAX);
    if (n < 0) return n;
    return Buffer.from(this.libc.memory.bytes.subarray(this.link, this.link + n)).toString('latin1');
  }

  /** access(path/, F_OK) as glibc's dir_check: 0 or -errno. */
  isDirectory(path: string): number {
    if (!this.put(`${path}/`)) return -Errno.ENAMETOOLONG;
    return this.libc.sys(Sys.access, this.path, 0);
  }

  getcwd(): string | number {
    const n = this.libc.sys(Sys.getcwd, this.link, PATH_MAX);
    if (n < 0) return n;
    return cString(this.libc.memory, this.link);
  }

  release(): void {
    this.libc.heap.release(this.path);
  }
}

/** A suffix of only slashes and "." or ".." components: the component before it must be a directory. */
function suffixRequiresDirectory(rest: string): boolean {
  let sawSlash = false;
  let i = 0;
  while (i < rest.length) {
    if (rest[i] === '/') {
      sawSlash = true;
      i++;
      continue;
    }
    if (!sawSlash) return false;
    if (rest.startsWith('..', i) && (i + 2 === rest.length || rest[i + 2] === '/')) return true;
    if (rest[i] === '.' && (i + 1 === rest.length || rest[i + 1] === '/')) return true;
    return false;
  }
  return sawSlash;
}

/** The canonical path, or { error, partial } with the prefix resolved so far. */
function canonicalize(calls: PathCalls, name: string): { path: string } | { error: number; partial: string } {
  let resolved: string;
  let rest = name;
  if (name[0] !== '/') {
    const cwd = calls.getcwd();
    if (typeof cwd === 'number') return { error: -cwd, partial: '' };
    resolved = cwd;
  } else {
    resolved = '/';
  }
  let links = 0;
  for (;;) {
    while (rest[0] === '/') rest = rest.slice(1);
    if (rest === '') break;
    const slash = rest.indexOf('/');
    const component = slash < 0 ? rest : rest.slice(0, slash);
    rest = slash < 0 ? '' : rest.slice(slash);
    if (component === '.') continue;
    if (component === '..') {
      if (resolved.length > 1) resolved = resolved.slice(0, resolved.lastIndexOf('/')) || '/';
      continue;
    }
    const candidate = resolved === '/' ? `/${component}` : `${resolved}/${component}`;
    if (candidate.length >= PATH_MAX) return { error: Errno.ENAMETOOLONG, partial: resolved };
    const target = calls.readlink(candidate);
    if (typeof target === 'string') {
      if (++links > MAX_LINKS) return { error: Errno.ELOOP, partial: candidate };
      rest = target + rest;
      if (target[0] === '/') resolved = '/';
      continue;
    }
    // Not a link (EINVAL) is fine, unless what follows needs a directory; anything else fails.
    if (suffixRequiresDirectory(rest)) {
      const checked = calls.isDirectory(candidate);
      if (checked < 0) return { error: -checked, partial: candidate };
    } else if (target !== -Errno.EINVAL) return { error: -target, partial: candidate };
    resolved = candidate;
  }
  return { path: resolved };
}

/** realpath(name, resolved): NULL resolved means a malloc'ed result. */
export function realpath(libc: LibcProcess, name: number, resolvedBuffer: number): number {
  if (name === 0) {
    libc.errno = Errno.EINVAL;
    return 0;
  }
  const text = cString(libc.memory, name);
  if (text === '') {
    libc.errno = Errno.ENOENT;
    return 0;
  }
  const calls = new PathCalls(libc);
  if (calls.path === 0) {
    libc.errno = Errno.ENOMEM;
    return 0;
  }
  let result: ReturnType<typeof canonicalize>;
  try {
    result = canonicalize(calls, text);
  } finally {
    calls.release();
  }
  const out = 'path' in result ? result.path : result.partial;
  const bytes = Buffer.from(out, 'latin1');
  // The caller's buffer gets the result, or the partial one when the failure was a missing or
  // inaccessible component (glibc copies nothing for ENOTDIR, ELOOP…).
  const copyOut = 'path' in result || result.error === Errno.ENOENT || result.error === Errno.EACCES;
  if (resolvedBuffer !== 0 && copyOut) {
    if (bytes.length + 1 > PATH_MAX) {
      libc.errno = 'path' in result ? Errno.ENAMETOOLONG : result.error;
      return 0;
    }
    checkWrite(libc.memory, resolvedBuffer, bytes.length + 1);
    libc.memory.bytes.set(bytes, resolvedBuffer);
    libc.memory.bytes[resolvedBuffer + bytes.length] = 0;
  }
  if (!('path' in result)) {
    libc.errno = result.error;
    return 0;
  }
  if (resolvedBuffer !== 0) return resolvedBuffer;
  const copy = libc.heap.allocate(bytes.length + 1);
  if (copy === 0) {
    libc.errno = Errno.ENOMEM;
    return 0;
  }
  libc.memory.bytes.set(bytes, copy);
  libc.memory.bytes[copy + bytes.length] = 0;
  return copy;
}

export const PATH_FUNCTIONS: FunctionTable = {
  realpath: (f, libc) => realpath(libc, f.ptr(0), f.ptr(1)),
  canonicalize_file_name: (f, libc) => realpath(libc, f.ptr(0), 0),
  __realpath_chk: (f, libc) => {
    // _FORTIFY_SOURCE: the caller's buffer must hold PATH_MAX bytes.
    if (f.ulong(2) < PATH_MAX) libc.fatal('*** buffer overflow detected ***: terminated\n');
    return realpath(libc, f.ptr(0), f.ptr(1));
  },
};
