// What the linker needs the guest CPU to do, in order, once the host-side stages are done: call
// IFUNC resolvers and store their results, make RELRO read-only, call initialisers. Stages append
// steps; at start-up the steps become straight-line guest code (./startup-code.ts) that ends by
// jumping to the program's entry point; after dlopen they are performed one guest call at a time
// by whoever drives the dl API (Miros libc's host-call bridge), so threads keep being scheduled.
import type { LinkedObject } from '../linked-object.ts';

/** Call an IFUNC resolver (no arguments) and store its result plus `addend` at `slot`. */
export interface ResolveStep {
  kind: 'resolve';
  object: LinkedObject;
  resolver: number;
  slot: number;
  addend: number;
  /** What is being resolved, for traces ("R_X86_64_IRELATIVE at 0x4018", "memcpy"). */
  what: string;
}

/** mprotect(start, size, prot): RELRO becomes read-only once the resolvers have written into it. */
export interface ProtectStep {
  kind: 'protect';
  object: LinkedObject;
  start: number;
  size: number;
  prot: number;
}

/** Call an initialiser with (argc, argv, envp). The function is at `function`, or read from `slot`. */
export interface CallStep {
  kind: 'call';
  object: LinkedObject;
  function: number | undefined;
  slot: number | undefined;
  /** "DT_INIT", "DT_INIT_ARRAY[2]", "DT_PREINIT_ARRAY[0]". */
  what: string;
}

export type GuestStep = ResolveStep | ProtectStep | CallStep;

/** A guest function call the dl API asks its driver to make; the driver sends back rax. */
export interface GuestCall {
  function: number;
  args: readonly number[];
  /** For traces and crash reports. */
  what: string;
}
