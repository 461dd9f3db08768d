// The dynamic linker with Miros libc as its libc family, as `miros run` hands it to process start.
// A module of its own so that `run` imports it dynamically, only for a program with PT_INTERP.
import type { DynamicLinking } from '../kernel/start.ts';
import { installMirosLibc } from '../libc/provider.ts';
import { prepareDynamicProgram } from '../linker/start-program.ts';
import { prepareSystemInterpreter } from '../linker/system-interpreter.ts';

export function mirosDynamicLinking(): DynamicLinking {
  installMirosLibc();
  return { prepareDynamicProgram, prepareSystemInterpreter };
}
