// The measurement behind bench/decode.mjs (bundled by it).
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { ElfFile } from '../../src/elf/elf-file.ts';
import { DecodedInstruction, decodeInto } from '../../src/x86/decoder.ts';

export function runThroughput(path: string, passes: number): void {
  const bytes = new Uint8Array(readFileSync(path));
  const elf = ElfFile.parse(bytes, path);
  const text = elf.sectionByName('.text');
  if (!text) throw new Error(`${path}: no .text section`);
  const code = elf.sectionBytes(text);
  const insn = new DecodedInstruction();
  const onePass = (): number => {
    let count = 0;
    let checksum = 0;
    for (let offset = 0; offset < code.length; ) {
      decodeInto(insn, code, offset, code.length, text.address + offset);
      checksum = (checksum + insn.code) | 0;
      offset += insn.length;
      count++;
    }
    if (checksum === 0.5) console.log('unreachable'); // keeps the loop's results alive
    return count;
  };
  let best = Number.POSITIVE_INFINITY;
  let count = 0;
  const times: number[] = [];
  for (let pass = 0; pass < passes; pass++) {
    const start = performance.now();
    count = onePass();
    const ms = performance.now() - start;
    times.push(ms);
    best = Math.min(best, ms);
  }
  console.log(`${path} .text: ${code.length} bytes, ${count} instructions`);
  console.log(`pass times (ms): ${times.map((t) => t.toFixed(0)).join(' ')}  (first pass builds the decoder's slots)`);
  console.log(
    `best: ${(((count / best) * 1000) / 1e6).toFixed(2)} M instructions/s  (load average ${loadavg()[0]!.toFixed(1)})`,
  );
}
