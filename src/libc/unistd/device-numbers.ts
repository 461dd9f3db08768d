// <sys/sysmacros.h>'s functions: gnu_dev_major, gnu_dev_minor and gnu_dev_makedev, glibc's
// 64-bit dev_t encoding (major in bits 8-19 and 32-63, minor in bits 0-7 and 12-31).
import type { FunctionTable } from '../exports/binding-types.ts';
import { returnHalves } from './wide-result.ts';

/** gnu_dev_major(dev): an unsigned int. */
function major(dev: bigint): number {
  return Number(((dev >> 8n) & 0xfffn) | ((dev >> 32n) & 0xfffff000n));
}

/** gnu_dev_minor(dev): an unsigned int. */
function minor(dev: bigint): number {
  return Number((dev & 0xffn) | ((dev >> 12n) & 0xffffff00n));
}

/** gnu_dev_makedev(major, minor) as a 64-bit dev_t. */
function makedev(majorNumber: number, minorNumber: number): bigint {
  const ma = BigInt(majorNumber >>> 0);
  const mi = BigInt(minorNumber >>> 0);
  return (mi & 0xffn) | ((ma & 0xfffn) << 8n) | ((mi & ~0xffn) << 12n) | ((ma & ~0xfffn) << 32n);
}

export const DEVICE_NUMBER_FUNCTIONS: FunctionTable = {
  gnu_dev_major: (f) => major(f.u64(0)),
  gnu_dev_minor: (f) => minor(f.u64(0)),
  gnu_dev_makedev: (f) => {
    const dev = makedev(f.uint(0), f.uint(1));
    return returnHalves(f, Number(dev & 0xffffffffn) | 0, Number(dev >> 32n) | 0);
  },
};
