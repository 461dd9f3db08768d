// A program that dies from a signal: same exit status as natively (128 + N), its output first,
// then the report: signal and code, fault address, rip as symbol+offset, the instruction, the
// registers and the memory map. The expected facts come from the fixture's own symbols and
// instructions as GNU objdump sees them.

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, hasTool, miros, native, shellStatus } from './helpers.ts';

const program = join(FIXTURES, 'crash');

/** objdump's text of the instruction at the start of `symbol`+offset, when objdump is there. */
function objdumpInstruction(address: number): string | undefined {
  if (!hasTool('objdump')) return undefined;
  const out = spawnSync(
    'objdump',
    [
      '-d',
      '-M',
      'intel',
      `--start-address=0x${address.toString(16)}`,
      // A stop address inside the instruction makes objdump print `.byte`: give it the longest one.
      `--stop-address=0x${(address + 15).toString(16)}`,
      program,
    ],
    { encoding: 'utf8' },
  ).stdout;
  const line = out.split('\n').find((l) => l.trimStart().startsWith(`${address.toString(16)}:`));
  return line?.split('\t')[2]?.trim();
}

describe('crash reports', () => {
  const cases: [string, number, RegExp[]][] = [
    [
      'segv',
      139,
      [
        /was killed by SIGSEGV \(Segmentation fault\)/,
        /code: +SEGV_MAPERR \(address not mapped to object\)/,
        /address: +0x0 \(write at 0x0/,
        /rip: +0x[0-9a-f]+ <write_through_null\+0x[0-9a-f]+>/,
        /instruction: +[0-9a-f ]+ +mov +DWORD PTR \[rax\],0x2a/,
      ],
    ],
    ['abort', 134, [/killed by SIGABRT \(Aborted\)/, /code: +SI_TKILL/]],
    [
      'jump0',
      139,
      [
        /address: +0x0 \(execute at 0x0/,
        /rip: +0x0 \(not in any mapping\)/,
        /jumped here: unmapped address; \[rsp\] = 0x[0-9a-f]+ <main\+0x[0-9a-f]+>/,
      ],
    ],
    [
      'div0',
      136,
      [/killed by SIGFPE/, /code: +FPE_INTDIV \(integer divide by zero\)/, /rip: .*<divide\+0x[0-9a-f]+>/, /idiv/],
    ],
    ['trap', 132, [/killed by SIGILL/, /code: +ILL_ILLOPN/, /instruction: +0f 0b +ud2/]],
    // Addresses at or above 2^31 print as unsigned hex (they once printed as 0x-…).
    [
      'high',
      139,
      [
        /address: +0x90000010 \(write at 0x90000010: not mapped\)/,
        /rip: +0x[0-9a-f]+ <main\+0x[0-9a-f]+>/,
        /instruction: +[0-9a-f ]+ +mov +DWORD PTR /,
      ],
    ],
    [
      'jumphigh',
      139,
      [
        /address: +0xc0001234 \(execute at 0xc0001234/,
        /rip: +0xc0001234 \(not in any mapping\)/,
        /jumped here: unmapped address; \[rsp\] = 0x[0-9a-f]+ <main\+0x[0-9a-f]+>/,
        /rip 0x00000000c0001234 /,
      ],
    ],
    [
      'overflow',
      139,
      [
        // The stack grows to its 8 MiB limit below 0xffffe000, then the next page faults.
        /address: +0xff[0-9a-f]{6} \((read|write) at 0xff[0-9a-f]{6}: not mapped\)/,
        /rip: +0x[0-9a-f]+ <(recurse|memset)\+0x[0-9a-f]+>/,
        /rsp 0x00000000ff[0-9a-f]{6}/,
      ],
    ],
  ];
  for (const [mode, status, patterns] of cases) {
    it(`${mode}: exit ${status} as natively, output first, then the report`, () => {
      expect(shellStatus(native(program, [mode]))).toBe(status);
      const result = miros(['run', program, mode]);
      expect(result.status).toBe(status);
      expect(result.stdout).toBe(`about to crash: ${mode}\n`);
      for (const pattern of patterns) expect(result.stderr).toMatch(pattern);
      expect(result.stderr).toMatch(/registers:\n +rax 0x[0-9a-f]{16} +rbx/);
      expect(result.stderr).toMatch(
        /memory map:\n +00400000-[0-9a-f]{8} r--p 00000000 [0-9a-f]{2}:[0-9a-f]{2} \d+ +\/.*crash\n/,
      );
      expect(result.stderr).toMatch(/ffffe000 rw-p 00000000 00:00 0 +\[stack\]/);
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(result.stderr).not.toMatch(/0x-/);
    });
  }

  it('the faulting instruction is disassembled as objdump shows it', () => {
    const result = miros(['run', program, 'segv']);
    const rip = Number.parseInt(/rip: +0x([0-9a-f]+)/.exec(result.stderr)![1]!, 16);
    const expected = objdumpInstruction(rip);
    if (expected === undefined) {
      console.warn('objdump not installed: instruction text not compared');
      return;
    }
    const shown = /instruction: +(?:[0-9a-f]{2} )+ *(.*)$/m.exec(result.stderr)![1]!;
    expect(shown.replace(/\s+/g, ' ')).toBe(expected.replace(/\s+/g, ' '));
  });
});
