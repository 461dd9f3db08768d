// When the hot-block tier (./block-compiler.ts) compiles a block.
//
// A block is compiled once it has run `threshold` times: compiling costs a parse and a
// compilation by V8 (tens of microseconds), which only pays off for code that runs repeatedly.
// The environment variable MIROS_JIT overrides the default for a whole process:
//   MIROS_JIT=off     interpreter only (for comparisons and bisecting a suspected tier bug)
//   MIROS_JIT=always  every block compiled before its first run, also partial runs of a block
//                     (the run budget ending inside it): runs the conformance vectors through the
//                     tier, which executes them one instruction at a time
//   MIROS_JIT=<n>     compile after n runs

/** Runs before a block is compiled; `TIER_OFF` disables the tier, 0 compiles every run. */
export const DEFAULT_THRESHOLD = 32;
export const TIER_OFF = -1;
export const TIER_ALWAYS = 0;

/** The threshold from MIROS_JIT, or the default. */
export function thresholdFromEnvironment(): number {
  const setting = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.MIROS_JIT;
  if (setting === undefined || setting === '') return DEFAULT_THRESHOLD;
  if (setting === 'off') return TIER_OFF;
  if (setting === 'always') return TIER_ALWAYS;
  const n = Number(setting);
  if (Number.isInteger(n) && n >= 0) return n;
  throw new Error(`miros: MIROS_JIT must be off, always or a run count, not '${setting}'`);
}
