// The file descriptor table: small integers → open file descriptions, with the close-on-exec
// flag per descriptor. New descriptors take the lowest free number, as POSIX requires.

import { Errno, fail } from '../errno.ts';
import type { OpenFile } from './open-file.ts';

interface Slot {
  file: OpenFile;
  closeOnExec: boolean;
}

export class FdTable {
  private slots: (Slot | undefined)[] = [];
  /**
   * Called as a descriptor closes, before its reference to the file is dropped (close, dup2 over it, close_range, the end): record
   * locks are released on closes (./record-locks.ts).
   */
  onClose: ((file: OpenFile) => void) | undefined;

  constructor(
    /** RLIMIT_NOFILE: descriptors must be below it (EMFILE). */
    public limit: number,
  ) {}

  get(fd: number): OpenFile {
    const slot = fd >= 0 ? this.slots[fd] : undefined;
    if (!slot) fail(Errno.EBADF);
    return slot.file;
  }

  /** The file at `fd`, or undefined (for poll's POLLNVAL). */
  lookup(fd: number): OpenFile | undefined {
    return fd >= 0 ? this.slots[fd]?.file : undefined;
  }

  isOpen(fd: number): boolean {
    return fd >= 0 && this.slots[fd] !== undefined;
  }

  closeOnExec(fd: number): boolean {
    this.get(fd);
    return this.slots[fd]!.closeOnExec;
  }

  setCloseOnExec(fd: number, value: boolean): void {
    this.get(fd);
    this.slots[fd]!.closeOnExec = value;
  }

  /** Installs `file` at the lowest free descriptor >= `minimum`. */
  add(file: OpenFile, closeOnExec = false, minimum = 0): number {
    let fd = minimum;
    while (this.slots[fd] !== undefined) fd++;
    if (fd >= this.limit) fail(Errno.EMFILE);
    this.slots[fd] = { file: file.retain(), closeOnExec };
    return fd;
  }

  /** dup2/dup3: installs `file` at exactly `fd`, closing what was there. */
  replace(fd: number, file: OpenFile, closeOnExec: boolean): void {
    if (fd < 0 || fd >= this.limit) fail(Errno.EBADF);
    const old = this.slots[fd];
    this.slots[fd] = { file: file.retain(), closeOnExec };
    if (old === undefined) return;
    this.onClose?.(old.file);
    old.file.drop();
  }

  close(fd: number): void {
    const slot = fd >= 0 ? this.slots[fd] : undefined;
    if (!slot) fail(Errno.EBADF);
    this.slots[fd] = undefined;
    this.onClose?.(slot.file);
    slot.file.drop();
  }

  /** close_range: closes (or marks close-on-exec) every open descriptor in [first, last]. */
  closeRange(first: number, last: number, onlyMarkCloseOnExec: boolean): void {
    const end = Math.min(last, this.slots.length - 1);
    for (let fd = first; fd <= end; fd++) {
      const slot = this.slots[fd];
      if (!slot) continue;
      if (onlyMarkCloseOnExec) slot.closeOnExec = true;
      else this.close(fd);
    }
  }

  /** Open descriptors, in increasing order. */
  openDescriptors(): number[] {
    const fds: number[] = [];
    for (let fd = 0; fd < this.slots.length; fd++) if (this.slots[fd]) fds.push(fd);
    return fds;
  }

  closeAll(): void {
    for (const fd of this.openDescriptors()) this.close(fd);
  }
}
