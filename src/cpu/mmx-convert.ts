// The conversions between MMX registers and packed floats: cvtpi2ps, cvtpi2pd (two int32 from
// mm/m64), cvtps2pi, cvttps2pi (two float32 from xmm/m64), cvtpd2pi, cvttpd2pi (two float64 from
// xmm/m128, aligned). They round and raise exceptions under MXCSR like their SSE relatives
// (src/float/sse-math.ts). An MMX register operand makes them MMX instructions (x87 TOP = 0, all
// tags valid: ./mmx.ts); cvtpi2ps/cvtpi2pd from memory touch no x87 state.

import { floatToInt, int32ToFloat } from '../float/sse-math.ts';
import { Code } from '../x86/codes.ts';
import { type Instruction, OperandKind } from '../x86/instruction.ts';
import { bindAddress } from './address.ts';
import { type Cpu, XMM_RESULT, XMM_SOURCE } from './cpu.ts';
import { checkAligned16, load64, loadWords128 } from './memory-access.ts';
import { enterMmx, writeMmx } from './mmx.ts';
import type { Exec, HandlerRegistry } from './registry.ts';

/** cvtpi2ps / cvtpi2pd xmm, mm/m64: the two int32 into the low two lanes (cvtpi2ps keeps lanes 2–3). */
function bindIntsToFloats(inst: Instruction, double: boolean): Exec {
  const d = inst.operands[0]!.reg;
  const src = inst.operands[1]!;
  const convert = (cpu: Cpu, a: number, b: number) => {
    // Both lanes are computed before the destination changes (an unmasked exception traps first).
    if (double) {
      int32ToFloat(cpu, XMM_RESULT * 2, a, true);
      int32ToFloat(cpu, XMM_RESULT * 2 + 1, b, true);
      cpu.xmmF64[d * 2] = cpu.xmmF64[XMM_RESULT * 2]!;
      cpu.xmmF64[d * 2 + 1] = cpu.xmmF64[XMM_RESULT * 2 + 1]!;
    } else {
      int32ToFloat(cpu, XMM_RESULT * 4, a, false);
      int32ToFloat(cpu, XMM_RESULT * 4 + 1, b, false);
      cpu.xmm[d * 4] = cpu.xmm[XMM_RESULT * 4]!;
      cpu.xmm[d * 4 + 1] = cpu.xmm[XMM_RESULT * 4 + 1]!;
    }
  };
  if (src.kind === OperandKind.Register) {
    const s = src.reg;
    return (cpu) => {
      enterMmx(cpu);
      convert(cpu, cpu.x87.lo[s]! | 0, cpu.x87.hi[s]! | 0);
    };
  }
  const address = bindAddress(inst);
  return (cpu) => {
    const lo = load64(cpu, address(cpu));
    convert(cpu, lo, cpu.hi);
  };
}

/** cvt(t)ps2pi / cvt(t)pd2pi mm, xmm/mem: the low two floats to int32 (0x80000000 when out of range). */
function bindFloatsToInts(inst: Instruction, double: boolean, truncate: boolean): Exec {
  const d = inst.operands[0]!.reg;
  const src = inst.operands[1]!;
  const convert = (cpu: Cpu, s: number) => {
    const lane = double ? s * 2 : s * 4;
    const a = floatToInt(cpu, lane, double, 32, truncate);
    const b = floatToInt(cpu, lane + 1, double, 32, truncate);
    enterMmx(cpu);
    writeMmx(cpu, d, a, b);
  };
  if (src.kind === OperandKind.Register) {
    const s = src.reg;
    return (cpu) => convert(cpu, s);
  }
  const address = bindAddress(inst);
  return (cpu) => {
    const ea = address(cpu);
    const x = cpu.xmm;
    const o = XMM_SOURCE * 4;
    if (double) {
      checkAligned16(ea);
      loadWords128(cpu, ea, x, o);
    } else {
      x[o] = load64(cpu, ea);
      x[o + 1] = cpu.hi;
    }
    convert(cpu, XMM_SOURCE);
  };
}

export function registerMmxConversions(r: HandlerRegistry): void {
  r.define(Code.CVTPI2PS, (inst) => bindIntsToFloats(inst, false));
  r.define(Code.CVTPI2PD, (inst) => bindIntsToFloats(inst, true));
  r.define(Code.CVTPS2PI, (inst) => bindFloatsToInts(inst, false, false));
  r.define(Code.CVTTPS2PI, (inst) => bindFloatsToInts(inst, false, true));
  r.define(Code.CVTPD2PI, (inst) => bindFloatsToInts(inst, true, false));
  r.define(Code.CVTTPD2PI, (inst) => bindFloatsToInts(inst, true, true));
}
