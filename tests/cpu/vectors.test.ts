// CPU conformance: replays the vectors recorded natively by tests/cpu-vectors/generate.c (inputs →
// registers, RFLAGS status flags and DF, xmm0/xmm1, memory) through the decoder and interpreter,
// one instruction at a time. Every vector must match, undefined flags included.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
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

interface Template {
  name: string;
  bytes: Uint8Array;
  mask: number;
  kind: number;
  rsiOffset: number;
  vectors: string[];
}

function parse(text: string): Template[] {
  const templates: Template[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('T ')) {
      const [, name, hex, mask, kind, rsiOffset] = line.split(' ');
      templates.push({
        name: name!,
        bytes: Uint8Array.from(hex!.match(/../g)!.map((b) => Number.parseInt(b, 16))),
        mask: Number(mask),
        kind: Number(kind),
        rsiOffset: Number(rsiOffset),
        vectors: [],
      });
    } else if (line.startsWith('V ')) templates[templates.length - 1]!.vectors.push(line.slice(2));
  }
  return templates;
}

const templates = parse(
  gunzipSync(readFileSync(join(import.meta.dirname, '../cpu-vectors/integer.txt.gz'))).toString('latin1'),
);

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

/** rax…rdi in encoding order of the generator (rax rbx rcx rdx rsi rdi) → GPR numbers. */
const GPR_OF = [0, 3, 1, 2, 6, 7];

function setup(memory: AddressSpace, cpu: Cpu, t: Template, vector: string): void {
  const [input] = vector.split(' : ');
  const { regs, flags, xmm, mem } = fields(t, input!.split(' '));
  for (let r = 0; r < 16; r++) {
    cpu.gpr[2 * r] = POISON_LO + r;
    cpu.gpr[2 * r + 1] = POISON_LO;
  }
  for (let r = 0; r < 6; r++) {
    cpu.gpr[2 * GPR_OF[r]!] = POISON_LO + r;
  }
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

function check(memory: AddressSpace, cpu: Cpu, t: Template, vector: string): string | null {
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
      problems.push(
        `${['rax', 'rbx', 'rcx', 'rdx', 'rsi', 'rdi'][r]}=${reg(GPR_OF[r]!).toString(16)} want ${expected.toString(16)}`,
      );
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

describe('CPU conformance vectors (recorded on x86-64 hardware)', () => {
  it(`has the recorded families (${templates.length} instruction templates)`, () => {
    expect(templates.length).toBeGreaterThan(400);
  });

  const memory = new AddressSpace();
  memory.map(CODE, 0x1000, 7);
  memory.map(MEM, 0x1000, 3);
  const cpu = new Cpu(memory, {
    syscall() {
      throw new Error('no system calls in vectors');
    },
  });
  const families = new Map<string, Template[]>();
  for (const t of templates) {
    const family = t.name.split('_')[0]!;
    families.set(family, [...(families.get(family) ?? []), t]);
  }
  for (const [family, list] of families) {
    it(`${family}: ${list.reduce((n, t) => n + t.vectors.length, 0)} vectors match`, () => {
      const failures: string[] = [];
      let total = 0;
      for (const t of list) {
        memory.writeBytes(CODE, t.bytes);
        memory.writeBytes(CODE + t.bytes.length, new Uint8Array(16).fill(0x90));
        let shown = 0;
        for (const vector of t.vectors) {
          total++;
          setup(memory, cpu, t, vector);
          cpu.rip = CODE;
          let problem: string | null;
          try {
            cpu.run(1);
            problem = check(memory, cpu, t, vector);
          } catch (error) {
            problem = `threw ${(error as Error).message}`;
          }
          if (problem !== null) {
            if (shown++ < 3) failures.push(`${t.name} [${vector.split(' : ')[0]}]: ${problem}`);
            else if (shown === 4) failures.push(`${t.name}: …`);
          }
        }
      }
      expect(failures, `${failures.length} failing vectors of ${total}`).toEqual([]);
    });
  }
});
