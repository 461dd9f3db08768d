// When a block moves up a tier, and which tier: the one table of the code generator's thresholds.
//
// A block (../block-cache.ts) starts in the interpreter (`for (i…) execs[i](cpu)` in Cpu.run).
// Generating a function for it costs, per block, a source string, a parse and a compilation by
// V8 (and later an optimisation by TurboFan on a background thread): measured on the strings
// program (tests/programs, musl-pie-O0), 792 blocks compiled at the old single threshold (32 runs)
// took 6–25 s of main-thread time at load 5–16, while 716 of them ran fewer than 10,000 times and
// executed 3.7 M of the program's 41 M instructions in all. Code generation only pays off for
// blocks that then run many times: a block compiles when its runs reach the tier's threshold, so
// the time spent interpreting it first is of the order of what compiling it costs (the rent-or-buy
// rule: never more than about twice the better choice made with hindsight).
//
// Runs count whole passes through a block, loop iterations of a compiled self-loop included.
//
// The environment overrides the defaults for a whole process:
//   MIROS_JIT=off      interpreter only (for comparisons and bisecting a suspected tier bug)
//   MIROS_JIT=always   every block compiled to the inline tier before its first run, partial runs
//                      (the run budget ending inside a block) included: runs the conformance vectors
//                      through the templates, one instruction at a time
//   MIROS_JIT=<n>      the first compilation after n runs
//   MIROS_JIT_INLINE=off    never inline templates: every instruction a closure call (bisecting)
//   MIROS_JIT_INLINE=<n>    inline templates after n runs
//   MIROS_JIT_REGION=trace  (the default) a block's function runs on into the successors it has
//                           always had (./region.ts traceOf), in a line without the region's switch
//   MIROS_JIT_REGION=off    every block's function runs that block alone
//   MIROS_JIT_REGION=on     chain a block with its hot successors in one function (./region.ts;
//                           measured slower: not the default)
//   MIROS_JIT_REGION=tree   a trace that also holds its members' other ways (./region.ts treeOf;
//                           fewer run-loop transitions, more code compiled: measured slower)

/** The tiers of a block, in order; a block only moves up. */
export const enum Tier {
  /** Cpu.run calls the block's closures one by one. */
  Interpreter = 0,
  /** A generated function calling each instruction's closure from its own call site. */
  Closures = 1,
  /** A generated function with the templates' source inlined (./templates.ts). */
  Inline = 2,
}

/**
 * Runs of a block before it is compiled to each tier (TIER_OFF: never).
 *
 * - closures 1000: a closure-call function saves only the run loop's megamorphic call per
 *   instruction (the closures stay calls unless TurboFan inlines them) and costs about as much to
 *   compile as an inline one of the same length: measured at 32 runs it was no faster than the
 *   interpreter on the program suite (strings musl-pie-O0 34 s against 29 s interpreted), so by
 *   default it is never used (its threshold is not below the inline one).
 * - inline 1000: the templates make hot integer code ~5× faster than the interpreter (cpu-micro
 *   hash 14.95 → 2.87 s CPU), but a block must then run long enough to pay for its compilation
 *   (main-thread cost measured at 8–30 ms per block at load 5–16, a fraction of that unloaded);
 *   1000 runs cut printf-float glibc-pie-O0 from 36 to 22 s CPU and strings musl-pie-O0 from 30 to
 *   28 s (single runs at load 15–18; one run at 300 took printf-float 47 s: lower thresholds bring
 *   back the compilations of lukewarm blocks). A block past both thresholds compiles once,
 *   straight to inline.
 *
 * Before this table, blocks compiled at 32 runs: strings musl-pie-O0 spent more time generating
 * and compiling than the generated code saved (last session: 37 s CPU with templates, 26 s with
 * closure calls), and five program cases timed out in CI.
 */
export const TIER_THRESHOLDS = {
  closures: 1000,
  inline: 1000,
};

export const TIER_OFF = -1;

/**
 * How a block's function takes in other blocks: 'off' (alone), 'on' (a region, ./region.ts
 * regionOf), 'trace' (a line of always-taken successors, ./region.ts traceOf, the default),
 * 'tree' (a trace with the other ways of its members, ./region.ts treeOf: session 15, measured
 * slower); MIROS_JIT_REGION.
 */
export function regionMode(): 'off' | 'on' | 'trace' | 'tree' {
  const value = environment().MIROS_JIT_REGION;
  return value === 'on' || value === 'off' || value === 'tree' ? value : 'trace';
}

/**
 * Runs a block needs to join another block's region or trace (./region.ts) when that block
 * compiles to the inline tier; Infinity: every block compiles alone (MIROS_JIT_REGION=off).
 * Regions (MIROS_JIT_REGION=on) were measured 2026-11-27 at load 15-20 (in-process cpu-micro, CPU
 * time, single runs, noise +-50%): regions of up to 8 blocks/160 instructions made strings 5-18 s
 * against 6-8 s alone (the large functions are likely past TurboFan's size limit for optimisation),
 * and regions of 4 blocks/48 instructions still left sort slower (8.0-11.4 s alone, 10.8-18.0 s
 * chained). Otherwise: half the inline threshold, so the blocks of a loop that became hot together
 * join, and 0 (any decoded block) under MIROS_JIT=always or MIROS_JIT_INLINE=always.
 */
export function regionMemberRuns(inline: number): number {
  const mode = regionMode();
  if (mode === 'off') return Number.POSITIVE_INFINITY;
  return inline <= TIER_ALWAYS ? 0 : Math.ceil(inline / 2);
}
export const TIER_ALWAYS = 0;

/** Runs before the first compilation: TIER_THRESHOLDS.closures by default (kept for callers). */
export const DEFAULT_THRESHOLD = TIER_THRESHOLDS.closures;

type Environment = Record<string, string | undefined>;

function environment(): Environment {
  return (globalThis as { process?: { env?: Environment } }).process?.env ?? {};
}

function parseRuns(name: string, setting: string | undefined, fallback: number): number {
  if (setting === undefined || setting === '') return fallback;
  if (setting === 'off') return TIER_OFF;
  if (setting === 'always') return TIER_ALWAYS;
  const n = Number(setting);
  if (Number.isInteger(n) && n >= 0) return n;
  throw new Error(`miros: ${name} must be off, always or a run count, not '${setting}'`);
}

/** Runs before a block's first compilation, from MIROS_JIT or the default. */
export function thresholdFromEnvironment(): number {
  return parseRuns('MIROS_JIT', environment().MIROS_JIT, TIER_THRESHOLDS.closures);
}

/** Runs before a block's inline compilation, from MIROS_JIT_INLINE or the default. */
export function inlineThresholdFromEnvironment(): number {
  return parseRuns('MIROS_JIT_INLINE', environment().MIROS_JIT_INLINE, TIER_THRESHOLDS.inline);
}

/**
 * The tier a block compiles to once it has run `runs` times, or Tier.Interpreter to leave it as it
 * is; `first` and `inline` are the two thresholds (TIER_OFF, TIER_ALWAYS or a run count).
 */
export function tierFor(runs: number, current: Tier, first: number, inline: number): Tier {
  if (first < 0) return Tier.Interpreter;
  if (first === TIER_ALWAYS) return inline === TIER_OFF ? Tier.Closures : Tier.Inline;
  if (inline >= 0 && runs >= Math.max(first, inline) && current < Tier.Inline) return Tier.Inline;
  if (runs >= first && current < Tier.Closures) return Tier.Closures;
  return Tier.Interpreter;
}

/**
 * `Block.nextCheck` of a block that never needs another look. Not Infinity: the largest small
 * integer (V8 Smi), so that the field stays a tagged integer in every Block. A double-valued field
 * is a separate heap box per Block: one more dependent load, likely a cache miss, at every run-loop
 * transition. A block reaching this many runs is looked at once more, finds nothing to do, and
 * gets the same value again.
 */
export const NEVER_CHECK = 0x3fffffff;

/**
 * The run count at which a block in tier `current` should be looked at again (NEVER_CHECK: never):
 * the run loop compares one number per block run.
 */
export function nextCheck(current: Tier, first: number, inline: number): number {
  if (first < 0) return NEVER_CHECK;
  if (current === Tier.Interpreter) return first;
  if (current === Tier.Closures && inline >= 0) return Math.max(first, inline);
  return NEVER_CHECK;
}
