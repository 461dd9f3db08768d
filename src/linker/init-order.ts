// The order of initialisers and finalisers: glibc 2.36's _dl_sort_maps (the depth-first sort,
// glibc.rtld.dynamic_sort=2, the default since 2.35).
//
// Objects are visited from the last of the given list to the first; each visit first visits the
// object's dependencies (DT_NEEDED order) and then places the object at the front of the result.
// The result lists every object before its dependencies: initialisers run from its end to its
// start (dependencies first), finalisers from its start to its end (dependents first). The main
// executable is never reached through a dependency edge.
//
// For finalisers glibc also follows relocation dependencies (objects a dlopen'ed object bound
// symbols to); when there are any, it sorts a second time along DT_NEEDED edges only, so that
// static dependencies win over them.
import type { LinkedObject } from './linked-object.ts';

export function sortDependencies(
  maps: readonly LinkedObject[],
  relocationDependencies?: (object: LinkedObject) => readonly LinkedObject[],
): LinkedObject[] {
  const included = new Set(maps);
  let usedRelocationDependencies = false;
  const pass = (order: readonly LinkedObject[], withRelocationDependencies: boolean): LinkedObject[] => {
    const visited = new Set<LinkedObject>();
    const result: LinkedObject[] = [];
    const visit = (object: LinkedObject): void => {
      if (visited.has(object)) return;
      visited.add(object);
      for (const dependency of object.needed) {
        if (included.has(dependency) && !visited.has(dependency) && dependency.kind !== 'executable') visit(dependency);
      }
      if (withRelocationDependencies && relocationDependencies) {
        for (const dependency of relocationDependencies(object)) {
          if (!included.has(dependency) || visited.has(dependency) || dependency.kind === 'executable') continue;
          usedRelocationDependencies = true;
          visit(dependency);
        }
      }
      result.push(object);
    };
    for (let i = order.length - 1; i >= 0; i--) visit(order[i]!);
    return result.reverse();
  };
  const first = pass(maps, relocationDependencies !== undefined);
  return usedRelocationDependencies ? pass(first, false) : first;
}

/** Initialisation order: dependencies first. */
export function initialisationOrder(searchList: readonly LinkedObject[]): LinkedObject[] {
  return sortDependencies(searchList).reverse();
}

/** Finalisation order: dependents first (the executable before its libraries). */
export function finalisationOrder(
  objects: readonly LinkedObject[],
  relocationDependencies: (object: LinkedObject) => readonly LinkedObject[],
): LinkedObject[] {
  return sortDependencies(objects, relocationDependencies);
}
