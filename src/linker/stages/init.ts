// Stage 6: init. Initialisers are scheduled in glibc's order (./init-order.ts: dependencies
// before the objects that need them): first the executable's DT_PREINIT_ARRAY, then for each
// object DT_INIT followed by DT_INIT_ARRAY, each called with (argc, argv, envp). As in glibc 2.34
// and later, the executable's own DT_INIT and DT_INIT_ARRAY are left to __libc_start_main (Miros
// libc gets them from DynamicLinker.programInitializers), and Miros's own objects initialise on
// the host. Each object is initialised once, however many times it is loaded. The finaliser
// table _dl_fini reads is brought up to date.
import { DT_INIT, DT_INIT_ARRAY, DT_INIT_ARRAYSZ, DT_PREINIT_ARRAY, DT_PREINIT_ARRAYSZ } from '../../elf/index.ts';
import type { GuestStep } from '../guest-code/guest-steps.ts';
import { initialisationOrder } from '../init-order.ts';
import type { LinkedObject } from '../linked-object.ts';
import type { Stage } from '../pipeline.ts';

/** The calls of one object's array of function pointers (DT_INIT_ARRAY, DT_PREINIT_ARRAY). */
function arraySteps(object: LinkedObject, addressTag: number, sizeTag: number, name: string): GuestStep[] {
  const dynamic = object.elf?.dynamic;
  const address = dynamic?.get(addressTag);
  const size = dynamic?.get(sizeTag) ?? 0;
  if (address === undefined || size === 0) return [];
  const steps: GuestStep[] = [];
  for (let i = 0; i < Math.floor(size / 8); i++) {
    steps.push({
      kind: 'call',
      object,
      function: undefined,
      slot: object.base + address + i * 8,
      what: `${name}[${i}]`,
    });
  }
  return steps;
}

/** An object's initialisers, in the order glibc's call_init runs them. */
export function initialiserSteps(object: LinkedObject): GuestStep[] {
  const steps: GuestStep[] = [];
  const init = object.elf?.dynamic?.get(DT_INIT);
  if (init !== undefined)
    steps.push({ kind: 'call', object, function: object.base + init, slot: undefined, what: 'DT_INIT' });
  steps.push(...arraySteps(object, DT_INIT_ARRAY, DT_INIT_ARRAYSZ, 'DT_INIT_ARRAY'));
  return steps;
}

export const scheduleInit: Stage = {
  name: 'init',
  run(linker, batch) {
    if (batch.mode === 'inspect') return;
    if (batch.mode === 'startup' && linker.main) {
      batch.steps.push(...arraySteps(linker.main, DT_PREINIT_ARRAY, DT_PREINIT_ARRAYSZ, 'DT_PREINIT_ARRAY'));
    }
    for (const object of initialisationOrder(batch.searchList)) {
      if (object.initStarted) continue;
      object.initStarted = true;
      if (object.kind !== 'library') continue;
      const steps = initialiserSteps(object);
      if (steps.length > 0) linker.trace.line('libs', `calling init: ${object.displayName}`);
      for (const step of steps) {
        if (step.kind === 'call') linker.trace.line('init', `init: ${object.displayName} ${step.what}`);
      }
      batch.steps.push(...steps);
    }
    linker.updateFiniTable();
  },
};
