// Miros libc's own data in guest memory: the FILE objects of stdin/stdout/stderr, the variables
// programs read directly (environ, __progname, optind…), the ctype tables. A read-write mapping
// named like the entry points ("[miros-libc]"), filled by a bump allocator: these objects live as
// long as the process.
import type { LinkerMemory } from '../../linker/memory/linker-memory.ts';
import { PROT_READ, PROT_WRITE } from '../../linker/memory/linker-memory.ts';
import { PAGE_SIZE } from '../../memory/address-space.ts';
import { LIBC_MAPPING_NAME } from '../abi/host-region.ts';

export class DataArea {
  readonly start: number;
  readonly end: number;
  private next: number;

  constructor(memory: LinkerMemory, size: number) {
    const bytes = Math.ceil(size / PAGE_SIZE) * PAGE_SIZE;
    this.start = memory.reserve(bytes, PAGE_SIZE);
    this.end = this.start + bytes;
    memory.map(this.start, bytes, PROT_READ | PROT_WRITE, {
      name: LIBC_MAPPING_NAME,
      offset: 0,
      device: 0,
      inode: 0,
    });
    this.next = this.start;
  }

  /** The same area in a forked child (whose memory holds a copy of the parent's). */
  copy(): DataArea {
    return Object.assign(Object.create(DataArea.prototype) as DataArea, this);
  }

  /** `size` zeroed bytes aligned to `align`. */
  allocate(size: number, align = 16): number {
    const address = Math.ceil(this.next / align) * align;
    if (address + size > this.end) throw new Error('Miros libc: its data area is full');
    this.next = address + size;
    return address;
  }
}
