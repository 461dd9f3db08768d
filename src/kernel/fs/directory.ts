// An open directory: getdents64 over a snapshot of its entries, taken at the first read and
// again after a rewind (so rewinddir sees new entries, as on Linux). The offset is the index
// of the next entry; each record's d_off is the offset after it (what telldir/seekdir use).

import type { AddressSpace } from '../../memory/address-space.ts';
import { Seek } from '../abi/flags.ts';
import { Errno, fail } from '../errno.ts';
import { checkWritable } from '../guest-memory.ts';
import type { Thread } from '../thread.ts';
import type { DirectoryEntry, Location } from './file-system.ts';
import { OpenFile } from './open-file.ts';
import { direntType, type Stat } from './stat.ts';

const HEADER = 19; // d_ino(8) d_off(8) d_reclen(2) d_type(1)

export class Directory extends OpenFile {
  private entries: DirectoryEntry[] | undefined;
  private index = 0;

  constructor(
    flags: number,
    location: Location,
    /** Reads the directory's current entries, '.' and '..' first. */
    private readonly list: () => DirectoryEntry[],
    private readonly statDirectory: () => Stat,
  ) {
    super(flags, location);
  }

  stat(): Stat {
    return this.statDirectory();
  }

  override read(): number {
    fail(Errno.EISDIR);
  }

  override write(): number {
    fail(Errno.EISDIR);
  }

  override pread(): number {
    fail(Errno.EISDIR);
  }

  override pwrite(): number {
    fail(Errno.EISDIR);
  }

  override getdents(thread: Thread, address: number, length: number): number {
    this.entries ??= this.list();
    const memory = thread.process.memory;
    checkWritable(memory, address, length);
    const written = packDirents(memory, address, length, this.entries, this.index);
    if (written.bytes === 0 && this.index < this.entries.length) fail(Errno.EINVAL);
    this.index = written.next;
    return written.bytes;
  }

  override seek(offset: number, whence: number): number {
    let target: number;
    if (whence === Seek.SET) target = offset;
    else if (whence === Seek.CUR) target = this.index + offset;
    else fail(Errno.EINVAL);
    if (target < 0) fail(Errno.EINVAL);
    if (target === 0) this.entries = undefined;
    this.index = target;
    return target;
  }
}

/** Packs struct linux_dirent64 records from entries[start…] into guest memory. */
export function packDirents(
  memory: AddressSpace,
  address: number,
  length: number,
  entries: readonly DirectoryEntry[],
  start: number,
): { bytes: number; next: number } {
  let used = 0;
  let index = start;
  const view = memory.view;
  for (; index < entries.length; index++) {
    const entry = entries[index]!;
    const nameLength = entry.name.length;
    const recordLength = (HEADER + nameLength + 1 + 7) & ~7;
    if (used + recordLength > length) break;
    const at = address + used;
    memory.bytes.fill(0, at, at + recordLength);
    view.setUint32(at, entry.ino >>> 0, true);
    view.setUint32(at + 4, Math.floor(entry.ino / 2 ** 32), true);
    view.setUint32(at + 8, index + 1, true);
    view.setUint32(at + 12, 0, true);
    view.setUint16(at + 16, recordLength, true);
    view.setUint8(at + 18, direntType(entry.type));
    for (let i = 0; i < nameLength; i++) memory.bytes[at + HEADER + i] = entry.name.charCodeAt(i);
    used += recordLength;
  }
  return { bytes: used, next: index };
}
