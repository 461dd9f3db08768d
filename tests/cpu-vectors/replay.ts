// Replays natively recorded CPU conformance vectors (format of generate.c) through the decoder and
// interpreter, one instruction at a time. Used by the vector tests of this folder.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { Cpu } from '../../src/cpu/cpu.ts';
import { AddressSpace } from '../../src/memory/address-space.ts';

const CODE = 0x10000;
const MEM = 0x20000;
const POISON_LO = 0x5a5a5a5a;
const K_GPR = 0;
const K_MEM = 1;
const K_XMM = 2;
const K_XMEM = 3;
const K_STR = 4;
const MEM_SIZE = 160;

export interface Template {
  name: string;
  bytes: Uint8Array;
  mask: number;
  kind: number;
  rsiOffset: number;
  vectors: string[];
}

/** Reads a gzipped vector file: templates with their vector lines. */
export function readTemplates(path: string): Template[] {
  const text = gunzipSync(readFileSync(path)).toString('latin1');
  const templates: Template[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('T ')) {
      const [, name, hex, mask, kind, rsiOffset] = line.split(' ');
      templates.push({
        name: name!,
        bytes: hexBytes(hex!),
        mask: Number(mask),
        kind: Number(kind),
        rsiOffset: Number(rsiOffset),
        vectors: [],
      });
    } else if (line.startsWith('V ')) templates[templates.length - 1]!.vectors.push(line.slice(2));
  }
  return templates;
}

/** Templates grouped by family (the name up to its first underscore). */
export function byFamily(templates: Template[]): Map<string, Template[]> {
  const families = new Map<string, Template[]>();
  for (const t of templates) {
    const family = t.name.split('_')[0]!;
    const list = families.get(family) ?? [];
    list.push(t);
    families.set(family, list);
  }
  return families;
}

function memoryBytes(t: Template): number {
  if (t.kind === K_STR || t.rsiOffset !== 0) return MEM_SIZE;
  return t.kind === K_XMEM ? 32 : 16;
}

function hexBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Parses one side of a vector into its fields, in the generator's order. */
function fields(t: Template, words: string[]) {
  let i = 0;
  const regs = new Map<number, bigint>();
  for (let r = 0; r < 6; r++) if (t.mask & (1 << r)) regs.set(r, BigInt(`0x${words[i++]}`));
  const flags = Number.parseInt(words[i++]!, 16);
  let xmm: Uint8Array[] = [];
  if (t.kind === K_XMM || t.kind === K_XMEM) xmm = [hexBytes(words[i++]!), hexBytes(words[i++]!)];
  const mem = t.kind !== K_GPR && t.kind !== K_XMM ? hexBytes(words[i++]!) : null;
  return { regs, flags, xmm, mem };
}

/** rax…rdi in the generator's order (rax rbx rcx rdx rsi rdi) → GPR numbers. */
const GPR_OF = [0, 3, 1, 2, 6, 7];

/** A CPU over a small address space (code page, data page) that replays vectors. */
export class VectorReplayer {
  private readonly memory = new AddressSpace();
  private readonly cpu: Cpu;

  constructor() {
    this.memory.map(CODE, 0x1000, 7);
    this.memory.map(MEM, 0x1000, 3);
    this.cpu = new Cpu(this.memory, {
      syscall() {
        throw new Error('no system calls in vectors');
      },
    });
  }

  /** Replays every vector of `t`; returns descriptions of the mismatches (at most `limit`) and their count. */
  replay(t: Template, limit = 3): { failures: string[]; failed: number } {
    this.memory.writeBytes(CODE, t.bytes);
    this.memory.writeBytes(CODE + t.bytes.length, new Uint8Array(16).fill(0x90));
    const failures: string[] = [];
    let failed = 0;
    for (const vector of t.vectors) {
      this.setup(t, vector);
      this.cpu.rip = CODE;
      let problem: string | null;
      try {
        this.cpu.run(1);
        problem = this.check(t, vector);
      } catch (error) {
        problem = `threw ${(error as Error).message}`;
      }
      if (problem !== null) {
        if (failed++ < limit) failures.push(`${t.name} [${vector.split(' : ')[0]}]: ${problem}`);
      }
    }
    return { failures, failed };
  }

  private setup(t: Template, vector: string): void {
    const { cpu, memory } = this;
    const [input] = vector.split(' : ');
    const { regs, flags, xmm, mem } = fields(t, input!.split(' '));
    for (let r = 0; r < 16; r++) {
      cpu.gpr[2 * r] = POISON_LO + r;
      cpu.gpr[2 * r + 1] = POISON_LO;
    }
    for (let r = 0; r < 6; r++) cpu.gpr[2 * GPR_OF[r]!] = POISON_LO + r;
    if (t.kind === K_MEM || t.kind === K_XMEM) cpu.setRegister(6, MEM + t.rsiOffset);
    for (const [r, v] of regs) {
      let value = v;
      if (t.kind === K_STR && (r === 4 || r === 5)) value += BigInt(MEM);
      cpu.gpr[2 * GPR_OF[r]!] = Number(value & 0xffffffffn) | 0;
      cpu.gpr[2 * GPR_OF[r]! + 1] = Number((value >> 32n) & 0xffffffffn) | 0;
    }
    cpu.rflags = flags;
    cpu.xmm.fill(0);
    for (const [k, bytes] of xmm.entries()) cpu.xmmU8.set(bytes, k * 16);
    if (mem) memory.writeBytes(MEM, mem);
  }

  private check(t: Template, vector: string): string | null {
    const { cpu, memory } = this;
    const [, output] = vector.split(' : ');
    const { regs, flags, xmm, mem } = fields(t, output!.split(' '));
    const problems: string[] = [];
    const reg = (r: number) => (BigInt(cpu.gpr[2 * r + 1]! >>> 0) << 32n) | BigInt(cpu.gpr[2 * r]! >>> 0);
    for (let r = 0; r < 6; r++) {
      let expected: bigint;
      if (regs.has(r)) {
        expected = regs.get(r)!;
        if (t.kind === K_STR && (r === 4 || r === 5)) expected += BigInt(MEM);
      } else if (r === 4 && (t.kind === K_MEM || t.kind === K_XMEM)) expected = BigInt(MEM + t.rsiOffset);
      else expected = (BigInt(POISON_LO) << 32n) | BigInt(POISON_LO + r);
      if (reg(GPR_OF[r]!) !== expected) {
        const name = ['rax', 'rbx', 'rcx', 'rdx', 'rsi', 'rdi'][r];
        problems.push(`${name}=${reg(GPR_OF[r]!).toString(16)} want ${expected.toString(16)}`);
      }
    }
    const got = cpu.rflags & 0xcd5;
    if (got !== flags) problems.push(`flags=${got.toString(16)} want ${flags.toString(16)}`);
    xmm.forEach((bytes, k) => {
      const have = toHex(cpu.xmmU8.subarray(k * 16, k * 16 + 16));
      if (have !== toHex(bytes)) problems.push(`xmm${k}=${have} want ${toHex(bytes)}`);
    });
    if (mem) {
      const have = toHex(memory.readBytes(MEM, memoryBytes(t)));
      if (have !== toHex(mem)) problems.push(`mem=${have} want ${toHex(mem)}`);
    }
    if (cpu.rip !== CODE + t.bytes.length) problems.push(`rip=${cpu.rip.toString(16)}`);
    return problems.length === 0 ? null : problems.join(', ');
  }
}
