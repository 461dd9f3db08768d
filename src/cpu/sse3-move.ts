// SSE3 data movement (the non-arithmetic part of SSE3; haddps/addsubps & co. are in sse-float.ts):
// lddqu, movddup, movshdup, movsldup.

import { Code } from '../x86/codes.ts';
import type { Cpu } from './cpu.ts';
import type { HandlerRegistry } from './registry.ts';
import { bindVector, SourceMemory } from './vector-operands.ts';

/** Sets slot d to words [a, b, c, e] of slot s (read before writing: s may be d). */
function pickWords(cpu: Cpu, d: number, s: number, a: number, b: number, c: number, e: number): void {
  const x = cpu.xmm;
  const o = s * 4;
  const w0 = x[o + a]!;
  const w1 = x[o + b]!;
  const w2 = x[o + c]!;
  const w3 = x[o + e]!;
  const t = d * 4;
  x[t] = w0;
  x[t + 1] = w1;
  x[t + 2] = w2;
  x[t + 3] = w3;
}

export function registerSse3Moves(r: HandlerRegistry): void {
  // lddqu: an unaligned 16-byte load (memory source only).
  r.define(Code.LDDQU, (inst) =>
    bindVector(inst, (cpu, d, s) => pickWords(cpu, d, s, 0, 1, 2, 3), SourceMemory.Unaligned128),
  );
  r.define(Code.MOVDDUP, (inst) =>
    bindVector(inst, (cpu, d, s) => pickWords(cpu, d, s, 0, 1, 0, 1), SourceMemory.Low64),
  );
  r.define(Code.MOVSHDUP, (inst) => bindVector(inst, (cpu, d, s) => pickWords(cpu, d, s, 1, 1, 3, 3)));
  r.define(Code.MOVSLDUP, (inst) => bindVector(inst, (cpu, d, s) => pickWords(cpu, d, s, 0, 0, 2, 2)));
}
