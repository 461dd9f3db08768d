// The "@VERSION" / "@@VERSION" suffix GNU readelf prints after dynamic symbol names (in -s, --dyn-syms
// and -r), with readelf's exact rules: hidden versions get one @, the default version of a
// defined symbol two, and a version needed from another object one @ plus " (index)" in -s.
import {
  DT_VERDEF,
  DT_VERNEED,
  DT_VERSYM,
  ElfError,
  VER_FLG_BASE,
  type VersionDefinition,
  type VersionNeed,
} from '../../elf/index.ts';
import type { Listing } from './listing.ts';

export interface VersionSuffix {
  name: string;
  /** public: `@@name`; hidden: `@name`; needed: `@name` (and ` (index)` in symbol listings). */
  kind: 'public' | 'hidden' | 'needed';
  /** For needed versions: the vna_other index. */
  index: number;
}

interface VersionTables {
  definitions: VersionDefinition[] | undefined;
  needs: VersionNeed[] | undefined;
}

const cache = new WeakMap<Listing, VersionTables | null>();

function tables(listing: Listing): VersionTables | undefined {
  let found = cache.get(listing);
  if (found === undefined) {
    const { elf } = listing;
    const dynamic = elf.dynamic;
    if (!dynamic?.has(DT_VERSYM)) found = null;
    else {
      const read = <T>(get: () => T): T | undefined => {
        try {
          return get();
        } catch (error) {
          if (error instanceof ElfError) return undefined;
          throw error;
        }
      };
      found = {
        definitions: dynamic.has(DT_VERDEF) ? read(() => elf.versionDefinitions) : undefined,
        needs: dynamic.has(DT_VERNEED) ? read(() => elf.versionNeeds) : undefined,
      };
    }
    cache.set(listing, found);
  }
  return found ?? undefined;
}

/**
 * The version suffix of dynamic symbol `index` (whose st_name is `nameOffset` and st_shndx
 * `sectionIndex`), or undefined when readelf prints none.
 */
export function versionSuffix(
  listing: Listing,
  index: number,
  nameOffset: number,
  sectionIndex: number,
): VersionSuffix | undefined {
  const versions = tables(listing);
  if (!versions) return undefined;
  const raw = listing.elf.versionIndexOf(index);
  if (raw === undefined || raw === 0) return undefined;
  const version = raw & 0x7fff;
  const kind = (raw & 0x8000) !== 0 ? 'hidden' : 'public';
  let highestDefined = 0;
  if (sectionIndex !== 0 && raw !== 0x8001 && versions.definitions) {
    let match: VersionDefinition | undefined;
    for (const definition of versions.definitions) {
      highestDefined = Math.max(highestDefined, definition.index & 0x7fff);
      if (definition.index === version) {
        match = definition;
        break;
      }
    }
    if (match) {
      if (match.index === 1 && match.flags === VER_FLG_BASE) return undefined;
      const first = match.names[0];
      // A symbol named after its own version (the version's marker symbol) shows no suffix here.
      if (first && first.nameOffset !== nameOffset) return { name: first.name ?? '<corrupt>', kind, index: 0 };
    }
  }
  if (versions.needs) {
    for (const need of versions.needs) {
      for (const entry of need.entries) {
        if (entry.index === raw) return { name: entry.name ?? '<corrupt>', kind: 'needed', index: entry.index };
      }
    }
    if ((highestDefined !== 0 || version !== 1) && version > highestDefined)
      return { name: '<corrupt>', kind, index: 0 };
  }
  return undefined;
}

/** The suffix as -r prints it: "@@V" for public versions, "@V" otherwise. */
export function relocationSuffixText(suffix: VersionSuffix | undefined): string {
  if (!suffix) return '';
  return suffix.kind === 'public' ? `@@${suffix.name}` : `@${suffix.name}`;
}
