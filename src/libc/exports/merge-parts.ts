// The libc parts' tables become one table of names. Spreading them into one object would let a
// name defined by two parts silently keep only the later definition (it happened: time() was
// defined in unistd and time); merging through here makes that a load-time error naming both.

/** Merges `parts` (part name → its table); throws when two parts define the same name. */
export function mergeParts<T>(parts: Readonly<Record<string, Readonly<Record<string, T>>>>): Record<string, T> {
  const merged: Record<string, T> = {};
  const owners = new Map<string, string>();
  for (const [part, table] of Object.entries(parts)) {
    for (const [name, entry] of Object.entries(table)) {
      const owner = owners.get(name);
      if (owner !== undefined) throw new Error(`Miros libc: ${name} is defined by both ${owner} and ${part}`);
      owners.set(name, part);
      merged[name] = entry;
    }
  }
  return merged;
}
