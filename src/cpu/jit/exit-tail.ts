// Every exit of a generated block function through one shared tail.
//
// An exit writes the flag record and rip into the Cpu, names the member it leaves from and returns
// the instructions done: up to ten field stores. A trace has an exit at every branch, and most
// exits are rarely or never taken before TurboFan compiles the function. V8 has no type feedback
// for a store that never ran, so TurboFan compiles each such store as a deoptimisation exit
// ("insufficient type feedback for generic named access"): the first time a cold exit is taken,
// the whole function goes back to the bytecode interpreter and is compiled again later. And every
// exit's stores are nodes of their own in TurboFan's graph.
//
// Here an exit only assigns the values to locals and breaks out of a labelled statement around
// the body, to one of two tails that write them: one with the flag record, one without (the record
// already in the Cpu, or written before by a statement of its own). Each tail has its feedback from
// the first exit of its kind, so at most two cold paths per function remain; the exits themselves
// are plain local moves, which need none.
//
// The record's high words are written for every record, not only for 64-bit operations as
// `recordStatements` does: the Cpu reads them only for a 64-bit LazyOp (../flags.ts; the Mul kind
// is 64-bit only), so the values left there by a narrower one are never seen, and a test of the
// size in the tail would be one more operation without feedback.

/** The labelled statements around the body (before the try), by tail, and the exits' locals. */
export const RECORD_EXIT = 'recordExit';
export const PLAIN_EXIT = 'plainExit';
export const EXIT_LOCALS = ['xo', 'xa', 'xb', 'xr', 'xah', 'xbh', 'xrh', 'xrip', 'xd'] as const;

/** `cpu.lazyOp = …; cpu.lazyA = …; … cpu.rip = …; [cpu.exitBlock = …;] return …;` as one exit. */
const EXIT =
  /(?:cpu\.lazyOp = ([^;]+); cpu\.lazyA = ([^;]+); cpu\.lazyB = ([^;]+); cpu\.lazyR = ([^;]+);(?: cpu\.lazyAHi = ([^;]+); cpu\.lazyBHi = ([^;]+); cpu\.lazyRHi = ([^;]+);)?\s*)?cpu\.rip = ([^;]+);\s*(?:cpu\.exitBlock = ([^;]+);\s*)?return ([^;]+);/g;

/**
 * `source` (the function's body) with each exit replaced by assignments to the exit locals and a
 * `break` to its tail. A record other than the plain lazy one (inc/dec's carry, a shift's eager
 * flags) stays where it was, before the break to the tail without a record.
 */
export function exitsThroughTail(source: string): string {
  return source.replace(
    EXIT,
    (
      _all,
      op?: string,
      a?: string,
      b?: string,
      r?: string,
      ah?: string,
      bh?: string,
      rh?: string,
      rip?: string,
      member?: string,
      done?: string,
    ) => {
      const record =
        op === undefined
          ? ''
          : `xo = ${op}; xa = ${a}; xb = ${b}; xr = ${r}; ${ah === undefined ? '' : `xah = ${ah}; xbh = ${bh}; xrh = ${rh}; `}`;
      const label = op === undefined ? PLAIN_EXIT : RECORD_EXIT;
      return `${record}xrip = ${rip}; xm = ${member ?? 'null'}; xd = ${done}; break ${label};`;
    },
  );
}

/**
 * The function's end: `body` (the try statement) inside the two labelled statements, each followed
 * by its tail. `cpu.exitBlock` is written on every way out (null from the head: the run loop
 * finds it null at every call and resets it after any non-null).
 */
export function withExitTails(body: string[]): string[] {
  return [
    `${RECORD_EXIT}: {`,
    `${PLAIN_EXIT}: {`,
    ...body,
    '}',
    'cpu.rip = xrip; cpu.exitBlock = xm; return xd;',
    '}',
    'cpu.lazyOp = xo; cpu.lazyA = xa; cpu.lazyB = xb; cpu.lazyR = xr; cpu.lazyAHi = xah; cpu.lazyBHi = xbh; cpu.lazyRHi = xrh;',
    'cpu.rip = xrip; cpu.exitBlock = xm; return xd;',
  ];
}
