// V8 flags Miros changes while it runs: the interrupt budget (./optimisation-budget.ts) and the
// code generator's TurboFan settings (src/cpu/jit/block-compiler.ts). They go through node:v8,
// whose loading compiles some 30 of Node's own modules (this Node has no code cache for them under
// Miros's flags), so a caller first checks whether Node was started with the flag already
// (bin/miros's first line). Outside Node (a browser) nothing is set and V8's own values stay.

type NodeProcess = { getBuiltinModule?: (name: string) => unknown; execArgv?: readonly string[] };
const node = (globalThis as { process?: NodeProcess }).process;

/** The flags Node was started with (`node --flag … bin/miros`); none outside Node. */
export function startupFlags(): readonly string[] {
  return node?.execArgv ?? [];
}

/** Sets V8 flags (`--name=value …`); where there is no node:v8, or V8 lacks a flag, nothing happens. */
export function setV8Flags(flags: string): void {
  type V8 = { setFlagsFromString(flags: string): void };
  try {
    const v8 = node?.getBuiltinModule?.('node:v8') as V8 | undefined;
    v8?.setFlagsFromString(flags);
  } catch {
    // Not Node, or a V8 without the flag: its own value stays.
  }
}
