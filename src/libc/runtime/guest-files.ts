// Files Miros libc reads for itself (time zone files, /etc/passwd, /etc/group): through the
// calling thread's system calls, so the guest's view of the file system applies (`--root`,
// its current directory, its descriptors' limits), exactly as glibc's own open/read would.
import { AT_FDCWD } from '../../kernel/abi/flags.ts';
import { Errno } from '../../kernel/errno.ts';
import { Sys } from './kernel-call.ts';
import type { LibcProcess } from './libc-process.ts';

const O_RDONLY_CLOEXEC = 0o2000000;
/** st_size in the kernel's struct stat (x86-64). */
const ST_SIZE = 48;

/** Runs `use` with `text` as a NUL-terminated string in guest memory (on the heap, freed after). */
export function withGuestString<T>(libc: LibcProcess, text: string, use: (address: number) => T): T | undefined {
  const bytes = Buffer.from(text, 'latin1');
  const at = libc.heap.allocate(bytes.length + 1);
  if (at === 0) return undefined;
  libc.memory.bytes.set(bytes, at);
  libc.memory.bytes[at + bytes.length] = 0;
  try {
    return use(at);
  } finally {
    libc.heap.release(at);
  }
}

/** What reading a whole file gave: its bytes, or the errno of the open/stat/read that failed. */
export type FileContents = { bytes: Uint8Array } | { errno: number };

/**
 * The whole of the file named by the guest string at `path`, read through the guest's system
 * calls. A file larger than `maxSize` is refused with EFBIG (callers read small text files and
 * must not be made to copy a disk image).
 */
export function readGuestFile(libc: LibcProcess, path: number, maxSize: number): FileContents {
  const fd = libc.sys(Sys.openat, AT_FDCWD, path, O_RDONLY_CLOEXEC, 0);
  if (fd < 0) return { errno: -fd };
  try {
    const stat = libc.sys(Sys.fstat, fd, libc.scratch);
    if (stat < 0) return { errno: -stat };
    const view = libc.memory.view;
    const size =
      view.getUint32(libc.scratch + ST_SIZE, true) + view.getUint32(libc.scratch + ST_SIZE + 4, true) * 2 ** 32;
    if (size > maxSize) return { errno: Errno.EFBIG };
    const buffer = libc.heap.allocate(size + 1);
    if (buffer === 0) return { errno: Errno.ENOMEM };
    try {
      let done = 0;
      while (done < size) {
        const n = libc.sys(Sys.read, fd, buffer + done, size - done);
        if (n < 0) return { errno: -n };
        if (n === 0) break;
        done += n;
      }
      return { bytes: libc.memory.bytes.slice(buffer, buffer + done) };
    } finally {
      libc.heap.release(buffer);
    }
  } finally {
    libc.sys(Sys.close, fd);
  }
}
