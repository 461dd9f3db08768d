// When V8 may optimise Miros's own functions with TurboFan: later during start-up, sooner than
// V8's default once the guest has shown it runs long.
//
// V8 optimises a function once it has run about its interrupt budget of bytecode (66 KB by
// default in Node 20's V8 11.3). A short guest makes that the wrong trade: a static glibc hello
// world decodes 4,500 guest instructions and runs 32,600, and at the default budget V8 optimised
// the decoder, the block builder and the run loop for it — 0.35 of the run's 0.86 G host
// instructions were TurboFan (callgrind with --single-threaded), and its CPU time after loading
// fell from 230 to 110 ms with a budget of 600 KB. A long run wants the default back: its hot
// code, and the blocks the code generator makes, need TurboFan early (the sort benchmark was 10%
// slower with the large budget kept). So start-up runs with the large budget, and a small one
// follows once the code generator has compiled COMPILED_BLOCKS_BEFORE_LONG_RUN blocks: a guest
// with that many blocks past the code generator's threshold (1,000 runs each) is a long one.
// Smaller than V8's default, because a block function that V8 has not optimised yet runs in its
// baseline code, ~6 times slower than Miros's own interpreter (src/cpu/jit/README.md, session 14),
// and a program with hundreds of hot blocks spends much of its warm-up there: with 16 KB the
// strings benchmark (strings 2) took 5.51-6.16 s of CPU against 6.10-6.24 s with the default in
// the quiet rounds of 2026-11-28 06:41-06:44 (faster in 7 of 8 alternating pairs), while hash
// (a few tight loops, 0.9-1.2 s) took ~7 % longer and sort ~3 %: V8 optimises more of Miros's
// own functions sooner. Every benchmark is then further from the 15x-of-qemu goal's edge.
//
// Through node:v8 where it exists (elsewhere nothing happens), and only when the budget changes:
// loading node:v8 compiles some 30 of Node's own modules (it brings in the streams; this Node has no
// code cache for them), about 10% of a static musl hello world's host instructions. bin/miros
// starts Node with the start-up budget on its command line, so a short guest never needs node:v8
// here. V8 stamps a code cache with a hash of its flags: scripts/train-code-cache.mjs puts
// bin/miros's flags back before it makes the caches.

import { setV8Flags, startupFlags } from './v8-flags.ts';

/** V8's default interrupt budget (Node 20, V8 11.3: 66 KB of bytecode). */
export const V8_DEFAULT_INTERRUPT_BUDGET = 67_584;
/** The budget once the guest runs long (see above). */
const LONG_RUN_INTERRUPT_BUDGET = 16_384;
/** The budget during start-up (bin/miros's first line gives it to Node too). */
const START_UP_INTERRUPT_BUDGET = 614_400;
/** Compiled blocks after which the guest counts as long-running (a static hello compiles few). */
const COMPILED_BLOCKS_BEFORE_LONG_RUN = 5;
/**
 * Also set for a long run: the code generator's main function (src/cpu/jit/block-compiler.ts
 * jitSource) stays out of TurboFan, which spent more compiling it than it saves (figures there).
 * Here rather than on bin/miros's first line, which has no room left: until the switch it has run
 * at most COMPILED_BLOCKS_BEFORE_LONG_RUN - 1 times, far from the start-up budget.
 */
const LONG_RUN_FLAGS = '--turbo-filter=-jitSource';

let compiledBlocks = 0;
let delayed = false;

/** The budget V8 runs with now: the process's --interrupt-budget (the last one given) or V8's default. */
let currentBudget = V8_DEFAULT_INTERRUPT_BUDGET;
for (const argument of startupFlags()) {
  const match = /^--interrupt-budget=(\d+)$/.exec(argument);
  if (match) currentBudget = Number(match[1]);
}

function setInterruptBudget(bytes: number, otherFlags = ''): void {
  if (bytes === currentBudget && otherFlags === '') return;
  currentBudget = bytes;
  setV8Flags(`--interrupt-budget=${bytes} ${otherFlags}`);
}

/** At the start of a run: V8 optimises later until the guest proves long-running. */
export function delayOptimisation(): void {
  if (delayed) return;
  delayed = true;
  compiledBlocks = 0;
  setInterruptBudget(START_UP_INTERRUPT_BUDGET);
}

/** Called by the code generator for each block it compiles. */
export function noteCompiledBlock(): void {
  if (!delayed) return;
  if (++compiledBlocks < COMPILED_BLOCKS_BEFORE_LONG_RUN) return;
  delayed = false;
  setInterruptBudget(LONG_RUN_INTERRUPT_BUDGET, LONG_RUN_FLAGS);
}
