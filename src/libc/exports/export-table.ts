// THE export table of Miros libc: every symbol glibc 2.36 defines in the libc family
// (./glibc-symbols.ts, generated from this machine's libraries) that Miros implements
// (./implementations.ts), with glibc's exact versions, default-or-hidden status, kind and size.
// A symbol without an implementation is not exported: the linker reports it (or binds a weak
// reference to 0), never a stub.
import type { ExportKind, LibcExport, LibcExportTable } from '../../linker/libc-provider.ts';
import { GLIBC_VERSIONS } from '../../linker/libc-provider.ts';
import type { LibcFunction, LibcObject } from './binding-types.ts';
import { GLIBC_SYMBOLS } from './glibc-symbols.ts';
import { FUNCTIONS, OBJECTS, VERSION_OVERRIDES } from './implementations.ts';

/** An export and what implements it. */
export interface BoundExport extends LibcExport {
  /** The implementation (a function or a data object's placer); shared by a name's versions. */
  implementation:
    | { kind: 'function'; fn: LibcFunction; key: string }
    | { kind: 'object'; place: LibcObject; key: string };
}

const KIND: Record<string, ExportKind> = { f: 'function', o: 'object', t: 'tls' };

function parseLibrary(library: string, text: string): Map<string, BoundExport[]> {
  const byName = new Map<string, BoundExport[]>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const [name, version, isDefault, kindCode, size] = line.split(' ') as [string, string, string, string, string];
    const kind = KIND[kindCode]!;
    const overridden = VERSION_OVERRIDES[`${name}@${version}`];
    let implementation: BoundExport['implementation'] | undefined;
    if (overridden === null) continue;
    if (kind === 'function') {
      const fn = overridden ?? FUNCTIONS[name];
      if (fn !== undefined)
        implementation = { kind: 'function', fn, key: overridden !== undefined ? `${name}@${version}` : name };
    } else if (kind === 'object') {
      const place = OBJECTS[name];
      if (place !== undefined) implementation = { kind: 'object', place, key: name };
    }
    if (implementation === undefined) continue;
    const entry: BoundExport = {
      library,
      name,
      version,
      isDefault: isDefault === '1',
      kind,
      size: Number(size),
      implementation,
    };
    let list = byName.get(name);
    if (!list) {
      list = [];
      byName.set(name, list);
    }
    list.push(entry);
  }
  return byName;
}

export class MirosExportTable implements LibcExportTable {
  private readonly libraries = new Map<string, Map<string, BoundExport[]>>();

  versionsOf(library: string): readonly string[] {
    return GLIBC_VERSIONS[library] ?? [];
  }

  /** The exports of `library`, parsed on first use. */
  exportsOf(library: string): Map<string, BoundExport[]> {
    let map = this.libraries.get(library);
    if (!map) {
      const text = GLIBC_SYMBOLS[library];
      map = text === undefined ? new Map() : parseLibrary(library, text);
      this.libraries.set(library, map);
    }
    return map;
  }

  find(library: string, name: string, version: string | undefined): BoundExport | undefined {
    const list = this.exportsOf(library).get(name);
    if (!list) return undefined;
    for (const entry of list) if (version === undefined ? entry.isDefault : entry.version === version) return entry;
    return undefined;
  }

  /** Every export of every library (counts, `miros ldd`). */
  all(): BoundExport[] {
    const out: BoundExport[] = [];
    for (const library of Object.keys(GLIBC_SYMBOLS))
      for (const list of this.exportsOf(library).values()) out.push(...list);
    return out;
  }
}
