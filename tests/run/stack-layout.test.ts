// The initial stack (argc, argv, envp, auxv, strings, AT_RANDOM, AT_PLATFORM, alignment) as
// Linux builds it. The oracle is fixtures/stack-layout run natively with randomisation off
// (setarch -R); it prints positions relative to the top of the stack. Differences by design:
// no vDSO (AT_SYSINFO_EHDR, 33) and no rseq (AT_RSEQ_FEATURE_SIZE/ALIGN, 27 and 28).
// One test reads the layout straight from the loader (no CPU involved), one runs the program.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startProcess } from '../../src/kernel/start.ts';
import { FIXTURES, hasTool, miros, native } from './helpers.ts';

const ABSENT_BY_DESIGN = new Set(['33', '27', '28']);

function withoutAbsentAuxv(text: string): string {
  return text.replace(/^auxv types:(.*)$/m, (_, types: string) => {
    const kept = types
      .trim()
      .split(' ')
      .filter((t) => !ABSENT_BY_DESIGN.has(t));
    return `auxv types: ${kept.join(' ')}`;
  });
}

/** The native layout (live when setarch is there, else the recorded one). */
function nativeLayout(program: string, golden: string): string {
  if (!hasTool('setarch')) {
    console.warn('setarch not installed: comparing with the recorded native layout');
    return readFileSync(join(FIXTURES, golden), 'latin1');
  }
  const result = native('setarch', ['-R', program, 'x', 'yy'], { env: { A: '1', B: '22' } });
  expect(result.status).toBe(0);
  return result.stdout;
}

/** What stack-layout.c prints, computed from the memory of a process Miros has just loaded. */
async function layoutFromLoader(program: string): Promise<string> {
  const proc = await startProcess({ program, argv: [program, 'x', 'yy'], env: ['A=1', 'B=22'] });
  const memory = proc.memory;
  const u64 = (a: number) => memory.view.getUint32(a, true) + memory.view.getUint32(a + 4, true) * 2 ** 32;
  const str = (a: number) => Buffer.from(memory.readCString(a)).toString('latin1');
  const sp = proc.mainThread.cpu.gpr[8]! >>> 0;
  const argc = u64(sp);
  const argv = Array.from({ length: argc }, (_, i) => u64(sp + 8 + i * 8));
  const envBase = sp + 8 + (argc + 1) * 8;
  const envp: number[] = [];
  while (u64(envBase + envp.length * 8) !== 0) envp.push(u64(envBase + envp.length * 8));
  const auxBase = envBase + (envp.length + 1) * 8;
  const aux: [number, number][] = [];
  for (let a = auxBase; u64(a) !== 0; a += 16) aux.push([u64(a), u64(a + 8)]);
  const value = (type: number) => aux.find(([t]) => t === type)?.[1] ?? 0;
  const execfn = value(31);
  const random = value(25);
  const platform = value(15);
  const top = execfn + str(execfn).length + 1 + 8;
  const hex = (n: number) => `top-0x${(top - n).toString(16)}`;
  const lines = [
    `top page aligned: ${top % 4096 === 0 ? 1 : 0}`,
    `argc: ${argc} (main's ${argc})`,
    `sp: 16-byte aligned ${sp % 16 === 0 ? 1 : 0}`,
    ...argv.map((a, i) => `argv[${i}]: ${hex(a)} "${str(a)}"`),
    ...envp.map((e, i) => `envp[${i}]: ${hex(e)} "${str(e)}"`),
    'environ is envp: 1',
    `execfn: ${hex(execfn)} "${str(execfn)}"`,
    `platform: ${hex(platform)} "${str(platform)}"`,
    `random: ${hex(random)}`,
  ];
  const items = argc + 1 + envp.length + 1 + 1;
  const expectedSp = Math.floor((random - (aux.length + 1) * 16 - items * 8) / 16) * 16;
  const auxEnd = auxBase + (aux.length + 1) * 16;
  lines.push(`sp where Linux puts it: ${sp === expectedSp ? 1 : 0}`);
  lines.push(`auxv ends below random by less than 16: ${random >= auxEnd && random - auxEnd < 16 ? 1 : 0}`);
  lines.push(`auxv types: ${aux.map(([t]) => t).join(' ')}`);
  for (const [type, v] of aux) {
    if ([6, 17, 4, 7, 8, 23].includes(type)) lines.push(`auxv ${type} = ${v}`);
    const ids: Record<number, [string, number]> = {
      11: ['AT_UID is getuid', proc.credentials.uid],
      12: ['AT_EUID is geteuid', proc.credentials.euid],
      13: ['AT_GID is getgid', proc.credentials.gid],
      14: ['AT_EGID is getegid', proc.credentials.egid],
    };
    if (ids[type]) lines.push(`${ids[type]![0]}: ${v === ids[type]![1] ? 1 : 0}`);
  }
  const elf = proc.image!.elf;
  const bias = proc.image!.loadBias;
  lines.push(`AT_PHDR is the program headers: ${value(3) === bias + 0 + elfHeaderPhdr(elf) ? 1 : 0}`);
  lines.push(`AT_PHNUM is e_phnum: ${value(5) === elf.header.programHeaderCount ? 1 : 0}`);
  lines.push(`AT_ENTRY is _start: ${value(9) === bias + elf.header.entry ? 1 : 0}`);
  return `${lines.join('\n')}\n`;
}

/** Address of the program headers in the file's own address terms (first PT_LOAD maps the ELF header). */
function elfHeaderPhdr(elf: {
  header: { programHeaderOffset: number };
  programHeaders: readonly { type: number; offset: number; virtualAddress: number }[];
}): number {
  const first = elf.programHeaders.find((p) => p.type === 1 && p.offset === 0)!;
  return first.virtualAddress + elf.header.programHeaderOffset;
}

describe('the initial stack', () => {
  for (const [name, golden] of [
    ['stack-layout', 'stack-layout.expected'],
    ['stack-layout-pie', 'stack-layout-pie.expected'],
  ] as const) {
    it(`${name}: the loader lays it out as Linux does`, async () => {
      const expected = withoutAbsentAuxv(nativeLayout(`./${name}`, golden));
      const cwd = process.cwd();
      process.chdir(FIXTURES);
      try {
        expect(await layoutFromLoader(`./${name}`)).toBe(expected);
      } finally {
        process.chdir(cwd);
      }
    });

    it(`${name}: the program sees the same layout under miros run`, () => {
      const expected = withoutAbsentAuxv(nativeLayout(`./${name}`, golden));
      const result = miros(['run', '--clear-env', '--env', 'A=1', '--env', 'B=22', `./${name}`, 'x', 'yy']);
      expect(result.stderr).toBe('');
      expect(result.stdout).toBe(expected);
      expect(result.status).toBe(0);
    });
  }
});
