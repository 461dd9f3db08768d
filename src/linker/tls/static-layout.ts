// The static TLS layout of x86-64 (TLS variant II), computed as glibc 2.36 computes it
// (elf/dl-tls.c _dl_determine_tlsoffset, TLS_TCB_AT_TP): module blocks go below the thread
// pointer in module-id order — the executable's block (module 1) right next to it — each at an
// offset `off` such that tp - off has the block's alignment and first-byte offset; holes left by
// alignment are reused by later, smaller blocks. A surplus follows, for libraries loaded later
// by dlopen that use initial-exec TLS. Above the thread pointer sits the thread descriptor
// (glibc's struct pthread, which begins with the TCB).
//
//      low addresses                                                     high addresses
//      [ surplus ][ module 3 ][ module 2 ][ module 1 ] TP [ TCB / thread descriptor ]
//                                          ^ tp - offset(1)
import type { TlsModule } from '../linked-object.ts';

/**
 * Surplus static TLS (glibc 2.36's default: 192 × (rtld.nns − 1) + 144 × rtld.nns + 512 with
 * rtld.nns = 4, i.e. 1664 bytes), available to dlopen'ed modules that need static TLS.
 */
export const TLS_STATIC_SURPLUS = 1664;
/** Part of the surplus that modules may take only when they must (initial-exec), not as an optimisation. */
export const TLS_STATIC_OPTIONAL = 512;
/** Unused DTV entries allocated beyond the highest module id (glibc's DTV_SURPLUS). */
export const DTV_SURPLUS = 14;
/** Minimum alignment of the static TLS area (glibc's TCB_ALIGNMENT on x86-64). */
export const TCB_ALIGNMENT = 64;

export function roundUp(value: number, align: number): number {
  return Math.ceil(value / align) * align;
}

/** The result of laying out static TLS for the initial modules. */
export interface StaticTlsLayout {
  /** Bytes used below the thread pointer by the initial modules (glibc's dl_tls_static_used). */
  used: number;
  /** The largest alignment (at least TCB_ALIGNMENT). */
  align: number;
  /** A hole left between blocks (glibc's freetop/freebottom), reusable by dlopen'ed modules. */
  holeTop: number;
  holeBottom: number;
}

/**
 * Assigns `staticOffset` to every module (in the given order, which is module-id order) and
 * returns the layout.
 */
export function layoutStaticTls(modules: readonly TlsModule[]): StaticTlsLayout {
  let offset = 0;
  let freeTop = 0;
  let freeBottom = 0;
  let maxAlign = TCB_ALIGNMENT;
  for (const module of modules) {
    const align = Math.max(module.align, 1);
    const firstByte = (align - (module.firstByteOffset % align)) % align;
    maxAlign = Math.max(maxAlign, align);
    if (freeBottom - freeTop >= module.size) {
      const off = roundUp(freeTop + module.size - firstByte, align) + firstByte;
      if (off <= freeBottom) {
        freeTop = off;
        module.staticOffset = off;
        continue;
      }
    }
    const off = roundUp(offset + module.size - firstByte, align) + firstByte;
    if (off > offset + module.size + (freeBottom - freeTop)) {
      freeTop = offset;
      freeBottom = off - module.size;
    }
    offset = off;
    module.staticOffset = off;
  }
  return { used: offset, align: maxAlign, holeTop: freeTop, holeBottom: freeBottom };
}

/** Size of the static TLS area including the surplus, without the thread descriptor. */
export function staticAreaSize(layout: StaticTlsLayout): number {
  return roundUp(layout.used + TLS_STATIC_SURPLUS, layout.align);
}

/**
 * Places a module loaded after start-up in the surplus (glibc's _dl_try_allocate_static_tls):
 * returns false when it does not fit (the caller then reports "cannot allocate memory in static
 * TLS block" for initial-exec users, or gives the module dynamic TLS). `optional` requests (an
 * optimisation, not a necessity) may not take the last TLS_STATIC_OPTIONAL bytes.
 */
export function allocateFromSurplus(layout: StaticTlsLayout, module: TlsModule, optional: boolean): boolean {
  const align = Math.max(module.align, 1);
  if (align > layout.align) return false;
  const firstByte = (align - (module.firstByteOffset % align)) % align;
  const limit = layout.used + TLS_STATIC_SURPLUS - (optional ? TLS_STATIC_OPTIONAL : 0);
  const off = roundUp(layout.used + module.size - firstByte, align) + firstByte;
  if (off > limit) return false;
  layout.used = off;
  module.staticOffset = off;
  return true;
}
