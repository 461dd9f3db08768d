// An O_PATH descriptor: a place in the namespace that can be fstat'ed, fchdir'ed to, and used as
// the directory of *at() calls, but not read or written (EBADF, as Linux says for O_PATH).

import { Errno, fail } from '../errno.ts';
import type { Location } from './file-system.ts';
import { OpenFile } from './open-file.ts';
import type { Stat } from './stat.ts';

export class PathFile extends OpenFile {
  constructor(
    flags: number,
    location: Location,
    private readonly statNow: () => Stat,
    private readonly statAtOpen: Stat,
  ) {
    super(flags, location);
  }

  stat(): Stat {
    try {
      return this.statNow();
    } catch {
      return this.statAtOpen;
    }
  }

  override read(): number {
    fail(Errno.EBADF);
  }

  override write(): number {
    fail(Errno.EBADF);
  }

  override getdents(): number {
    fail(Errno.EBADF);
  }

  override ioctl(): number {
    fail(Errno.EBADF);
  }
}
