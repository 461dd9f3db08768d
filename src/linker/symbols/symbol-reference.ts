// A symbol being looked up: its name (as bytes, with both hashes computed once for the whole scope
// walk) and the version the reference wants.
import { gnuHash, sysvHash } from '../../elf/index.ts';

const utf8 = new TextEncoder();

/** A version a reference asks for (from the referencing object's verneed or verdef). */
export interface WantedVersion {
  name: string;
  /** The ELF hash of the name (vna_hash / vd_hash). */
  hash: number;
  /** The reference may not bind to a default version of another name (vna_other's hidden bit). */
  hidden: boolean;
  /** The library the version is expected from (verneed's file), if any. */
  file: string | undefined;
  /** VER_FLG_WEAK: a missing version is no error. */
  weak: boolean;
}

export class SymbolReference {
  readonly bytes: Uint8Array;
  readonly gnuHash: number;
  private sysv = -1;

  constructor(
    readonly name: string,
    readonly version: WantedVersion | undefined,
  ) {
    this.bytes = utf8.encode(name);
    this.gnuHash = gnuHash(this.bytes);
  }

  get sysvHash(): number {
    if (this.sysv < 0) this.sysv = sysvHash(this.bytes);
    return this.sysv;
  }

  /** `name@VERSION` (or just the name), as traces and `ldd --missing` show a reference. */
  get display(): string {
    return this.version ? `${this.name}@${this.version.name}` : this.name;
  }
}

/** The ELF hash of a version name (vd_hash / vna_hash), for versions Miros names itself. */
export function versionHash(name: string): number {
  return sysvHash(utf8.encode(name));
}
