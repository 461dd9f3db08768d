// Files without a name in any file system (Linux's anon_inode): eventfd, timerfd. What fstat
// shows of them (one inode of the anon_inode file system per file here, mode 0600 with no file
// type bits, size 0) and that only the program's own actions make them ready.

import { OpenFlag } from '../abi/flags.ts';
import { OpenFile } from './open-file.ts';
import { now, type Stat, type Timespec } from './stat.ts';

/** st_mode of an anonymous inode: read and write for the owner, no file type. */
const ANON_INODE_MODE = 0o600;
/** st_dev of the anon_inode file system. */
const ANON_INODE_DEVICE = 0xe;

let nextInode = 1;

export abstract class AnonInodeFile extends OpenFile {
  private readonly inode = nextInode++;
  private readonly created: Timespec = now();

  /** `kind` names it in /proc/self/fd (`anon_inode:[eventfd]`); `flags` may hold O_NONBLOCK. */
  constructor(
    private readonly kind: string,
    flags: number,
  ) {
    super(OpenFlag.RDWR | (flags & OpenFlag.NONBLOCK));
  }

  override describe(): string {
    return `anon_inode:[${this.kind}]`;
  }

  stat(): Stat {
    return {
      dev: ANON_INODE_DEVICE,
      ino: this.inode,
      mode: ANON_INODE_MODE,
      nlink: 1,
      uid: process.getuid?.() ?? 0,
      gid: process.getgid?.() ?? 0,
      rdev: 0,
      size: 0,
      blksize: 4096,
      blocks: 0,
      atime: this.created,
      mtime: this.created,
      ctime: this.created,
    };
  }

  override get externallyDriven(): boolean {
    return false;
  }
}
