// What ld-linux-x86-64.so.2 exports under Miros: the linker's own symbols, living in its guest
// runtime (./guest-code/runtime-code.ts). glibc's ld.so exports more, all GLIBC_PRIVATE and used
// only by glibc's own libraries, which Miros replaces. (_dl_find_object is libc.so.6's in glibc
// 2.36, not ld.so's: libgcc_s asks libc.so.6 for it, so Miros libc exports it — src/libc/dl/.)
import type { RuntimeAddresses } from './guest-code/runtime-code.ts';

/** What ld-linux-x86-64.so.2 exports, and where each lives in the runtime. */
export interface OwnExport {
  name: string;
  version: string;
  kind: 'function' | 'object';
  size: number;
  address: (runtime: RuntimeAddresses) => number;
}

export const DYNAMIC_LINKER_EXPORTS: readonly OwnExport[] = [
  { name: '__tls_get_addr', version: 'GLIBC_2.3', kind: 'function', size: 0, address: (r) => r.tlsGetAddr },
  { name: '_dl_mcount', version: 'GLIBC_2.2.5', kind: 'function', size: 0, address: (r) => r.dlMcount },
  { name: '__libc_stack_end', version: 'GLIBC_2.2.5', kind: 'object', size: 8, address: (r) => r.libcStackEnd },
  { name: '_r_debug', version: 'GLIBC_2.2.5', kind: 'object', size: 40, address: (r) => r.rDebug },
  { name: '__libc_enable_secure', version: 'GLIBC_2.2.5', kind: 'object', size: 4, address: (r) => r.libcEnableSecure },
  { name: '__rseq_offset', version: 'GLIBC_2.35', kind: 'object', size: 8, address: (r) => r.rseqOffset },
  { name: '__rseq_size', version: 'GLIBC_2.35', kind: 'object', size: 4, address: (r) => r.rseqSize },
  { name: '__rseq_flags', version: 'GLIBC_2.35', kind: 'object', size: 4, address: (r) => r.rseqFlags },
];
