// Stage 4: TLS. After relocation (TLS initialisation images may themselves hold relocated
// pointers), every thread gets the new modules' blocks: at start-up the main thread's whole TLS
// area is built — TCB, stack and pointer guards from AT_RANDOM, DTV, static blocks — and the
// thread pointer (%fs) is set; after dlopen the new modules' blocks are added to every thread
// that exists, so their TLS reaches threads already running.
import type { Stage } from '../pipeline.ts';

export const setUpTls: Stage = {
  name: 'tls',
  run(linker, batch) {
    if (batch.mode === 'inspect') return;
    if (batch.mode === 'startup') {
      linker.createMainThreadTls();
      return;
    }
    for (const object of batch.loaded) if (object.tls) linker.tls.addModuleToThreads(object.tls);
  },
};
