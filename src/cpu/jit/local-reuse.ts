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
// counts as live from the function's start; the fault handler reads the locals of the flag
// record of instruction k when instruction k throws, i.e. anywhere from `i = k;` up to the next
// `i = …;` line, so those locals stay live until that line.

const LOCAL = /\bt\d+\b/g;
const FAULT_INDEX_LINE = /^i = (\d+);$/;
/**
 * The end of a labelled statement of a trace (block-compiler.ts, `} // m<j>`): its start encloses
 * the body from the top, so code inside it runs at statement level as if the block were not there.
 */
const LABEL_END = /^\} \/\/ m\d+$/;

/**
 * Renames the locals of `body` (the function's statements, one or more per line) and of the fault
 * handler's `records` (flag-record statements → the fault indices they serve) so that locals whose
 * values are never live at the same time share a name. Returns the new lines and records and the
 * locals left to declare.
 */
export function reuseLocals(
  body: readonly string[],
  records: ReadonlyMap<string, readonly number[]>,
): { body: string[]; records: Map<string, number[]>; locals: string[] } {
  const first = new Map<string, number>();
  const last = new Map<string, number>();
  const faultLines: number[] = [];
  const lineOfFault = new Map<number, number>();
  let depth = 0;
  for (let line = 0; line < body.length; line++) {
    const text = body[line]!;
    const fault = FAULT_INDEX_LINE.exec(text);
    if (fault !== null) {
      faultLines.push(line);
      lineOfFault.set(Number(fault[1]), line);
    }
    for (const match of text.matchAll(LOCAL)) {
      const local = match[0];
      if (!first.has(local)) {
        // A plain definition: at the start of a statement, outside any block still open, and
        // the local's first occurrence on the line (`tN = …`, not `==`).
        const before = text.slice(0, match.index);
        const defines =
          depth === 0 &&
          (before === '' || /[;}]\s*$/.test(before)) &&
          /^ = (?!=)/.test(text.slice(match.index + local.length)) &&
          !readsItself(text.slice(match.index + local.length), local) &&
          !openBlock(before);
        first.set(local, defines ? line : 0);
      }
      last.set(local, line);
    }
    // (the end of a labelled statement around the members before one: block-compiler.ts)
    if (!LABEL_END.test(text)) depth += braceBalance(text);
  }
  // The handler's reads: live until the line after which instruction k can no longer throw.
  for (const [record, indices] of records) {
    const locals = record.match(LOCAL) ?? [];
    for (const k of indices) {
      const at = lineOfFault.get(k);
      const until = at === undefined ? body.length : (faultLines.find((line) => line > at) ?? body.length);
      for (const local of locals) {
        if (!first.has(local)) first.set(local, 0);
        last.set(local, Math.max(last.get(local) ?? 0, until));
      }
    }
  }
  // First fit by start line: a name is free again after the line of its occupant's last use.
  // The handler's locals share names only among themselves: the handler reads its names at every
  // point that may throw, so a value given one of them would stay live (in registers or spill
  // slots of the optimised code) until the name is assigned again, instead of dying at its last use.
  const handlerLocals = new Set<string>();
  for (const record of records.keys()) for (const local of record.match(LOCAL) ?? []) handlerLocals.add(local);
  const order = [...first.keys()].sort((a, b) => first.get(a)! - first.get(b)! || last.get(a)! - last.get(b)!);
  const names: string[] = [];
  const rename = new Map<string, string>();
  for (const forHandler of [true, false]) {
    const freeAfter: number[] = [];
    const base = names.length;
    for (const local of order) {
      if (handlerLocals.has(local) !== forHandler) continue;
      const start = first.get(local)!;
      let slot = freeAfter.findIndex((end) => end < start);
      if (slot < 0) {
        slot = freeAfter.push(0) - 1;
        names.push(`t${base + slot}`);
      }
      freeAfter[slot] = last.get(local)!;
      rename.set(local, `t${base + slot}`);
    }
  }
  const renamed = (text: string): string => text.replace(LOCAL, (local) => rename.get(local) ?? local);
  const renamedRecords = new Map<string, number[]>();
  for (const [record, indices] of records) {
    const key = renamed(record);
    const list = renamedRecords.get(key);
    if (list === undefined) renamedRecords.set(key, [...indices]);
    else list.push(...indices);
  }
  return {
    body: body.map(renamed),
    records: renamedRecords,
    locals: names,
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
