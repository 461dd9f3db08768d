// An open regular file whose bytes live in memory: files of the in-memory file system, and the
// snapshots /proc files are read from (taken at open, as Linux's seq_file shows one generation).

import { Ioctl, OpenFlag, Seek } from '../abi/flags.ts';
import { Errno, fail } from '../errno.ts';
import { StructBuffer } from '../guest-memory.ts';
import type { Thread } from '../thread.ts';
import type { Location } from './file-system.ts';
import { type MemoryRegular, resize, statOf } from './memory-fs.ts';
import { OpenFile } from './open-file.ts';
import type { Stat } from './stat.ts';

export class MemoryFile extends OpenFile {
  position = 0;

  constructor(
    readonly node: MemoryRegular,
    flags: number,
    location?: Location,
    /** Stat to report instead of the node's (procfs files report size 0, as Linux does). */
    private readonly statOverride?: () => Stat,
    /**
     * Produces the contents at the first read or seek (procfs: Linux generates a file's text
     * when it is first read, not when it is opened).
     */
    private generate?: () => Uint8Array,
  ) {
    super(flags, location);
  }

  /** Fills a generated file on first use. */
  private ready(): MemoryRegular {
    if (this.generate) {
      const data = this.generate();
      this.generate = undefined;
      this.node.data = data;
      this.node.size = data.length;
    }
    return this.node;
  }

  stat(): Stat {
    return this.statOverride?.() ?? statOf(this.node);
  }

  override read(thread: Thread, target: Uint8Array, offset: number, length: number): number {
    const n = this.pread(thread, target, offset, length, this.position);
    this.position += n;
    return n;
  }

  override pread(_thread: Thread, target: Uint8Array, offset: number, length: number, position: number): number {
    const node = this.ready();
    if (position >= node.size) return 0;
    const n = Math.min(length, node.size - position);
    target.set(node.data.subarray(position, position + n), offset);
    return n;
  }

  override write(thread: Thread, source: Uint8Array, offset: number, length: number): number {
    if (this.flags & OpenFlag.APPEND) this.position = this.node.size;
    const n = this.pwrite(thread, source, offset, length, this.position);
    this.position += n;
    return n;
  }

  override pwrite(_thread: Thread, source: Uint8Array, offset: number, length: number, position: number): number {
    const node = this.node;
    const end = position + length;
    if (end > node.size) resize(node, end);
    node.data.set(source.subarray(offset, offset + length), position);
    return length;
  }

  override seek(offset: number, whence: number): number {
    this.ready();
    let target: number;
    if (whence === Seek.SET) target = offset;
    else if (whence === Seek.CUR) target = this.position + offset;
    else if (whence === Seek.END) target = this.node.size + offset;
    else if (whence === Seek.DATA || whence === Seek.HOLE) {
      if (offset < 0 || offset >= this.node.size) fail(Errno.ENXIO);
      target = whence === Seek.DATA ? offset : this.node.size;
    } else fail(Errno.EINVAL);
    if (target < 0) fail(Errno.EINVAL);
    this.position = target;
    return target;
  }

  override ioctl(thread: Thread, request: number, argument: number): number {
    if (request === Ioctl.FIONREAD) {
      this.ready();
      new StructBuffer(4).u32(0, Math.max(0, this.node.size - this.position)).writeTo(thread.process.memory, argument);
      return 0;
    }
    fail(Errno.ENOTTY);
  }

  override truncate(length: number): void {
    resize(this.node, length);
  }

  override readForMapping(position: number, length: number): Uint8Array {
    this.ready();
    const data = new Uint8Array(length);
    if (position < this.node.size)
      data.set(this.node.data.subarray(position, Math.min(this.node.size, position + length)));
    return data;
  }

  override writeFromMapping(position: number, data: Uint8Array): void {
    const end = Math.min(this.node.size, position + data.length);
    if (end > position) this.node.data.set(data.subarray(0, end - position), position);
  }
}
