// Miros libc's pthreads: every function of the parts, as one table for the export table.
import type { FunctionTable } from '../exports/binding-types.ts';
import { ATTRIBUTE_FUNCTIONS } from './attributes.ts';
import { CANCEL_CLEANUP_FUNCTIONS } from './cancel-cleanup.ts';
import { CONDITION_FUNCTIONS } from './condition.ts';
import { LIFECYCLE_FUNCTIONS } from './lifecycle.ts';
import { MUTEX_FUNCTIONS } from './mutex.ts';
import { SCHEDULING_FUNCTIONS } from './scheduling.ts';
import { SYNCHRONISATION_FUNCTIONS } from './synchronisation.ts';

export const PTHREAD_FUNCTIONS: FunctionTable = {
  ...LIFECYCLE_FUNCTIONS,
  ...ATTRIBUTE_FUNCTIONS,
  ...MUTEX_FUNCTIONS,
  ...CONDITION_FUNCTIONS,
  ...SYNCHRONISATION_FUNCTIONS,
  // pthread_exit and pthread_testcancel unwind through pthread_cleanup_push buffers (./cancel-cleanup.ts).
  ...CANCEL_CLEANUP_FUNCTIONS,
  ...SCHEDULING_FUNCTIONS,
};
