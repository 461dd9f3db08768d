// Stage 5: IRELATIVE. The IFUNC resolutions relocate collected — R_X86_64_IRELATIVE and symbol
// references bound to STT_GNU_IFUNC definitions — are scheduled for the guest CPU in glibc's
// order (objects as they were relocated, dependencies first; each object's relocations in table
// order), now that every other relocation is in place: GOT and PLT are complete before any
// resolver can call through them. Resolvers run with the thread pointer set (stack-protector
// code in them reads %fs:0x28) and Miros's CPUID. Then each object's RELRO becomes read-only.
import { PROT_READ } from '../memory/linker-memory.ts';
import type { Stage } from '../pipeline.ts';

export const scheduleIrelative: Stage = {
  name: 'irelative',
  run(_linker, batch) {
    batch.steps.push(...batch.resolutions);
    batch.resolutions = [];
    const relocated = batch.loaded.filter((o) => o.elf !== undefined);
    for (let i = relocated.length - 1; i >= 0; i--) {
      const object = relocated[i]!;
      if (!object.relro) continue;
      batch.steps.push({
        kind: 'protect',
        object,
        start: object.relro.start,
        size: object.relro.end - object.relro.start,
        prot: PROT_READ,
      });
    }
  },
};
