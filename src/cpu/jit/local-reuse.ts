// Reuse of a generated function's locals once their values are dead.
//
// Why: the templates give every value a fresh local (`t0`, `t1`, …): the largest function of the
// strings benchmark had 187 of them. TurboFan's bytecode graph builder copies its environment
// (every register of the function, i.e. every local) at each branch and merge, and a block
// function has several branches per instruction (the memory fast path, the address check): its
// zone memory for that function was 17.6 MB, a quarter of all TurboFan zone memory of the run
// went to graph building, and Ignition/Sparkplug initialise every local at each call until
// TurboFan is done. Locals whose lifetimes do not overlap can share one name.
//
// The body of a function that never goes round (no `for (;;)`, block-compiler.ts) is straight-line
// code with forward exits only: between a local's first definition and its last use (in text
// order) nothing jumps back, so two locals whose line intervals do not overlap never hold a value
// at the same time. Conservative cases: a local whose first occurrence is not a plain
// definition at statement level (a use of its initial 0, a conditional or nested assignment)
// counts as live from the function's start. (A fault handler reading locals at every throwing
// point would keep them live everywhere; there is none since session 13: a slow path writes the
// flag record itself, on its own line, block-compiler.ts.)

const LOCAL = /\bt\d+\b/g;

/**
 * Renames the locals of `body` (the function's statements, one or more per line) so that locals
 * whose values are never live at the same time share a name. Returns the new lines and the locals
 * left to declare.
 */
export function reuseLocals(body: readonly string[]): { body: string[]; locals: string[] } {
  const first = new Map<string, number>();
  const last = new Map<string, number>();
  let depth = 0;
  for (let line = 0; line < body.length; line++) {
    const text = body[line]!;
    for (const match of text.matchAll(LOCAL)) {
      const local = match[0];
      if (!first.has(local)) {
        // A plain definition: at the start of a statement, outside any block still open, and
        // the local's first occurrence on the line (`tN = …`, not `==`), not reading itself.
        const before = text.slice(0, match.index);
        const rest = text.slice(match.index + local.length);
        const defines =
          depth === 0 &&
          (before === '' || /[;}]\s*$/.test(before)) &&
          /^ = (?!=)/.test(rest) &&
          !readsItself(rest, local) &&
          !openBlock(before);
        first.set(local, defines ? line : 0);
      }
      last.set(local, line);
    }
    depth += braceBalance(text);
  }
  // First fit by start line: a name is free again after the line of its occupant's last use.
  const order = [...first.keys()].sort((a, b) => first.get(a)! - first.get(b)! || last.get(a)! - last.get(b)!);
  const freeAfter: number[] = [];
  const rename = new Map<string, string>();
  for (const local of order) {
    const start = first.get(local)!;
    let slot = freeAfter.findIndex((end) => end < start);
    if (slot < 0) slot = freeAfter.push(0) - 1;
    freeAfter[slot] = last.get(local)!;
    rename.set(local, `t${slot}`);
  }
  return {
    body: body.map((text) => text.replace(LOCAL, (local) => rename.get(local) ?? local)),
    locals: freeAfter.map((_, slot) => `t${slot}`),
  };
}

/** `{` minus `}` on a line (generated statements hold no braces inside strings). */
function braceBalance(text: string): number {
  let balance = 0;
  for (const c of text) {
    if (c === '{') balance++;
    else if (c === '}') balance--;
  }
  return balance;
}

/** Whether `prefix` (a line up to some point) leaves a `{` open: the point is inside a block. */
function openBlock(prefix: string): boolean {
  return braceBalance(prefix) > 0;
}

/** Whether the statement after a definition's `tN` (` = …;`) reads tN itself (its initial value). */
function readsItself(rest: string, local: string): boolean {
  const end = rest.indexOf(';');
  const statement = end < 0 ? rest : rest.slice(0, end);
  return new RegExp(`\\b${local}\\b`).test(statement);
}
