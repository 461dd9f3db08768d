// The stage lists the linker runs, each in the pipeline's order (./pipeline.ts checks it).
import type { Stage } from '../pipeline.ts';
import { scheduleInit } from './init.ts';
import { scheduleIrelative } from './irelative.ts';
import { loadDependencies } from './load-dependencies.ts';
import { mapObjects } from './map.ts';
import { relocateObjects } from './relocate.ts';
import { setUpTls } from './tls.ts';

/** A program at start-up, and a library opened with dlopen: the whole pipeline. */
export const STARTUP_STAGES: readonly Stage[] = [
  loadDependencies,
  mapObjects,
  relocateObjects,
  setUpTls,
  scheduleIrelative,
  scheduleInit,
];

export const DLOPEN_STAGES = STARTUP_STAGES;

/** `miros ldd`: find and map, nothing that would run or change code. */
export const INSPECT_STAGES: readonly Stage[] = [loadDependencies, mapObjects];
