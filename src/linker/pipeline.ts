// The linker's pipeline: stages over a batch of objects, in the one order they can run —
//
//   load-dependencies → map → relocate → tls → irelative → init
//
// — for the program at start-up, and again for each dlopen. A stage is one file in ./stages/
// with one job. `runPipeline` refuses a stage list out of that order, and checks before each
// stage that every object of the batch went through all the earlier ones: a stage can rely on
// its predecessors' work (relocate on addresses from map; tls on relocated TLS images; irelative
// on a fully relocated GOT) instead of hoping for it.

import type { DynamicLinker } from './dynamic-linker.ts';
import type { GuestStep } from './guest-code/guest-steps.ts';
import { type LinkedObject, STAGE_ORDER, type StageName } from './linked-object.ts';

/** Why the batch is being linked. */
export type BatchMode = 'startup' | 'dlopen' | 'inspect';

/** The objects one run of the pipeline works on. */
export interface LinkBatch {
  mode: BatchMode;
  /** What was asked for: the executable (and LD_PRELOAD objects), or the dlopen'ed object. */
  roots: LinkedObject[];
  /** The roots and all their dependencies, breadth first (glibc's l_searchlist): set by load-dependencies. */
  searchList: LinkedObject[];
  /** The objects this batch loaded (the rest of the search list was already there). */
  loaded: LinkedObject[];
  /** Guest work scheduled by the stages, in order (resolvers, protections, initialisers). */
  steps: GuestStep[];
  /** IFUNC resolutions collected by relocate, scheduled by irelative. */
  resolutions: GuestStep[];
}

export interface Stage {
  readonly name: StageName;
  run(linker: DynamicLinker, batch: LinkBatch): void;
}

export class PipelineOrderError extends Error {}

export function newBatch(mode: BatchMode, roots: LinkedObject[]): LinkBatch {
  return { mode, roots, searchList: [], loaded: [], steps: [], resolutions: [] };
}

/** Runs `stages` over `batch`, checking their order and each object's history. */
export function runPipeline(linker: DynamicLinker, batch: LinkBatch, stages: readonly Stage[]): void {
  let previous = -1;
  for (const stage of stages) {
    const position = STAGE_ORDER.indexOf(stage.name);
    if (position <= previous) {
      throw new PipelineOrderError(`linker stage '${stage.name}' cannot run after '${STAGE_ORDER[previous]}'`);
    }
    previous = position;
    const objects = stage.name === 'load-dependencies' ? batch.roots : batch.loaded;
    for (const object of objects) {
      for (const earlier of STAGE_ORDER.slice(0, position)) {
        if (!object.stagesDone.has(earlier)) {
          throw new PipelineOrderError(
            `linker stage '${stage.name}' reached ${object.displayName} before stage '${earlier}' did`,
          );
        }
      }
    }
    stage.run(linker, batch);
    for (const object of batch.loaded) object.stagesDone.add(stage.name);
  }
}
