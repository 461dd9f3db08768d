// A program reading a terminal line by line (issue 4: terminal state belongs to the host
// terminal). fixtures/tty-lines runs on a pseudo-terminal made by script(1), natively and under
// `miros run`; each line is typed only after the program has answered the previous one, so the
// terminal's echo (on, then turned off by the program through tcsetattr) shows in the transcript.

import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, hasTool } from './helpers.ts';

const MIROS = join(FIXTURES, '..', '..', '..', 'bin', 'miros');
const LINES = ['first', 'second line', 'secret', 'last'];

/** The transcript of script(1) running `command`, typing the next line after each answer. */
function typeLines(command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-q', '-e', '-c', command, '/dev/null'], { cwd: FIXTURES });
    let transcript = '';
    let sent = 0;
    let answered = 0;
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    const next = () => {
      if (sent < LINES.length) child.stdin.write(`${LINES[sent++]}\n`);
      else child.stdin.end();
    };
    child.stdout.on('data', (chunk: Buffer) => {
      transcript += chunk.toString('latin1');
      // The program's first lines, then one answer per line typed: "echo off" comes with the
      // second answer and is waited for too. Only whole lines count: a line typed while an
      // answer is still arriving would be echoed into the middle of it.
      const answers = (transcript.match(/^(ICANON|read \d+: \[)[^\r\n]*\r\n/gm) ?? []).length;
      const ready = answers > answered && (sent !== 2 || transcript.includes('echo off: 0\r\n'));
      if (ready) {
        answered = answers;
        next();
      }
    });
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      if (status !== 0) reject(new Error(`${command}: status ${status}\n${transcript}`));
      else resolve(transcript);
    });
  });
}

describe('a program reading a terminal', () => {
  it.skipIf(!hasTool('script'))(
    'reads line by line, with the echo the program sets, as natively',
    async () => {
      const expected = await typeLines('./tty-lines');
      const actual = await typeLines(`${MIROS} run ./tty-lines`);
      expect(expected).toContain('read 12: [second line]\r\n');
      // Echo off: the third line is not echoed, the fourth (echo still off) neither.
      expect(expected).not.toMatch(/^secret\r$/m);
      expect(actual).toBe(expected);
    },
    300_000,
  );
});
