// One object of the link: the executable, a library loaded from disk, or a member of the libc
// family that Miros provides itself. The stages (./stages/) fill it in as they run: where it is
// mapped, its TLS module, its place in the dependency graph, which stages it has been through.
import type { ElfFile } from '../elf/index.ts';

/**
 * `miros`: a libc-family member Miros provides itself; `missing`: a library that could not be
 * found, kept as a placeholder only when the linker merely inspects (`miros ldd`).
 */
export type ObjectKind = 'executable' | 'library' | 'miros' | 'missing';

/** The stages, in the only order they may run (./pipeline.ts checks it). */
export const STAGE_ORDER = ['load-dependencies', 'map', 'relocate', 'tls', 'irelative', 'init'] as const;
export type StageName = (typeof STAGE_ORDER)[number];

/** A PT_LOAD segment as mapped. */
export interface MappedSegment {
  start: number;
  /** End of the segment's memory image (not page aligned). */
  end: number;
  /** PROT_* bits. */
  prot: number;
}

/** An object's thread-local storage: its PT_TLS block, one per thread. */
export interface TlsModule {
  /** The DTV index of the module (1 = the executable when it has TLS). */
  moduleId: number;
  /** Block size (p_memsz) and alignment (p_align, at least 1). */
  size: number;
  align: number;
  /** p_vaddr modulo the alignment: where the block's first byte sits relative to an aligned start. */
  firstByteOffset: number;
  /** Guest address of the (relocated) initialisation image, or -1 when `image` holds it. */
  imageAddress: number;
  imageSize: number;
  /** The image for objects that have no guest copy of it (Miros libc). */
  image: Uint8Array | undefined;
  /** Offset of the block below the thread pointer when it lives in static TLS (tp - block). */
  staticOffset: number | undefined;
}

export interface ObjectFlags {
  /** Symbols join the global scope (the initial objects, RTLD_GLOBAL). */
  global: boolean;
  /** Never unloaded (initial objects, RTLD_NODELETE, DF_1_NODELETE). */
  nodelete: boolean;
  /** DT_SYMBOLIC / DF_SYMBOLIC: the object's own definitions come first for its references. */
  symbolic: boolean;
  /** RTLD_DEEPBIND: the object's local scope comes before the global scope. */
  deepbind: boolean;
}

let nextSerial = 0;

export class LinkedObject {
  /** Serial number (stable across the process and its forked children; shown as [n] in traces). */
  readonly serial: number;
  readonly stagesDone = new Set<StageName>();
  /** Load bias (l_addr): added to the file's addresses. */
  base = 0;
  /** Extent of the mapping (page aligned). */
  mapStart = 0;
  mapEnd = 0;
  segments: MappedSegment[] = [];
  /** PT_GNU_RELRO, page aligned as glibc protects it (empty when start === end). */
  relro: { start: number; end: number } | undefined;
  /** Address of the dynamic section in memory (l_ld). */
  dynamicAddress = 0;
  /** Address of the program headers in memory (dlpi_phdr), and their count. */
  programHeaders = 0;
  programHeaderCount = 0;
  tls: TlsModule | undefined;
  /** Direct dependencies (DT_NEEDED), resolved, in order. */
  needed: LinkedObject[] = [];
  /** The object whose dependency brought this one in (glibc's l_loader): RPATH chains follow it. */
  loader: LinkedObject | undefined;
  /** Directory of the object's file, for $ORIGIN. */
  origin = '';
  /** The guest's struct link_map for this object. */
  linkMap = 0;
  /** dlopen reference count (initial objects hold one that is never dropped). */
  openCount = 0;
  flags: ObjectFlags = { global: false, nodelete: false, symbolic: false, deepbind: false };
  /** Initialisers have been scheduled (each object's run exactly once). */
  initStarted = false;
  /** Finalisers have run (by _dl_fini or dlclose). */
  finalized = false;
  /** The dlopen'ed object whose local scope this object was loaded for (its own search list). */
  localScope: LinkedObject[] | undefined;

  constructor(
    readonly kind: ObjectKind,
    /**
     * The path it was loaded from as the guest sees it (`/lib/x86_64-linux-gnu/libz.so.1`), the
     * program path for the executable, the soname for Miros's own objects.
     */
    readonly path: string,
    /** The name that asked for it first (DT_NEEDED entry, LD_PRELOAD or dlopen argument). */
    readonly requestedName: string,
    readonly elf: ElfFile | undefined,
    /** SONAME (DT_SONAME), or the family name for Miros objects. */
    readonly soname: string | undefined,
    /** Host identity of the file (device, inode), to notice the same file under two names. */
    readonly identity: { device: number; inode: number } | undefined,
    serial?: number,
  ) {
    this.serial = serial ?? nextSerial++;
  }

  /**
   * A forked child's copy: the same file, mapping, TLS module (`tlsCopy`, the child's copy of
   * it) and state. References to other objects are the parent's until `linkCopies` maps them.
   */
  copyForChild(tlsCopy: TlsModule | undefined): LinkedObject {
    const copy = new LinkedObject(
      this.kind,
      this.path,
      this.requestedName,
      this.elf,
      this.soname,
      this.identity,
      this.serial,
    );
    for (const stage of this.stagesDone) copy.stagesDone.add(stage);
    copy.base = this.base;
    copy.mapStart = this.mapStart;
    copy.mapEnd = this.mapEnd;
    copy.segments = this.segments.map((segment) => ({ ...segment }));
    copy.relro = this.relro && { ...this.relro };
    copy.dynamicAddress = this.dynamicAddress;
    copy.programHeaders = this.programHeaders;
    copy.programHeaderCount = this.programHeaderCount;
    copy.tls = tlsCopy;
    copy.needed = this.needed;
    copy.loader = this.loader;
    copy.origin = this.origin;
    copy.linkMap = this.linkMap;
    copy.openCount = this.openCount;
    copy.flags = { ...this.flags };
    copy.initStarted = this.initStarted;
    copy.finalized = this.finalized;
    copy.localScope = this.localScope;
    return copy;
  }

  /**
   * Points a copy's references to other objects at their copies (the second step of
   * copyForChild); `copyList` keeps lists that several objects share (a dlopen's search list) shared.
   */
  linkCopies(copyOf: (object: LinkedObject) => LinkedObject, copyList: (list: LinkedObject[]) => LinkedObject[]): void {
    this.needed = this.needed.map(copyOf);
    if (this.loader) this.loader = copyOf(this.loader);
    if (this.localScope) this.localScope = copyList(this.localScope);
  }

  /** The name glibc puts in l_name: the path, except '' for the executable. */
  get linkMapName(): string {
    return this.kind === 'executable' ? '' : this.path;
  }

  /** How traces and errors name the object. */
  get displayName(): string {
    return this.path;
  }

  /** Whether `address` lies in this object's mapping. */
  contains(address: number): boolean {
    return address >= this.mapStart && address < this.mapEnd;
  }

  /** Whether this object answers to `name` (a DT_NEEDED entry): its soname or the path it came from. */
  answersTo(name: string): boolean {
    return name === this.soname || name === this.path || name === this.requestedName;
  }
}
