// Replays tests/libc/data/scanf-cases.expected (glibc 2.36 fscanf results for scanf-cases.txt,
// recorded natively by generators/scanf-cases.mjs) through the Miros scanf engine: return value,
// input consumed (pushback), every byte of every argument buffer, %m allocations.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { C_LOCALE } from '../../src/libc/stdio/format/c-locales.ts';
import { formatScanf, type ScanEnvironment, type ScanInput } from '../../src/libc/stdio/format/scanf.ts';
import { type Argument, bytesToHex, hexToBytes, SysVArgs } from './support/format-harness.ts';

const lines = readFileSync(join(import.meta.dirname, 'data', 'scanf-cases.expected'), 'utf8')
  .split('\n')
  .filter((l) => l !== '' && !l.startsWith('#'));

class BytesInput implements ScanInput {
  position = 0;
  constructor(private readonly bytes: Uint8Array) {}
  read(): number {
    return this.position < this.bytes.length ? this.bytes[this.position++] : -1;
  }
  unread(): void {
    this.position--;
  }
}

function replay(line: string): { expected: string; actual: string; label: string } {
  const [formatHex, inputHex, kinds, ret, pos, buffers = ''] = line.split('\t');
  const memory = new Map<number, Uint8Array>();
  const heap = new Map<number, Uint8Array>();
  let nextHeap = 0x900000;
  const args: Argument[] = [];
  const addresses: number[] = [];
  [...kinds].forEach((_, i) => {
    const address = 0x10000 + i * 0x1000;
    memory.set(address, new Uint8Array(64).fill(0xaa));
    addresses.push(address);
    args.push({ kind: 'integer', low: address, high: 0 });
  });
  const write = (address: number, bytes: Uint8Array) => {
    for (const [base, block] of [...memory, ...heap]) {
      if (address >= base && address + bytes.length <= base + block.length) {
        block.set(bytes, address - base);
        return;
      }
    }
    throw new Error(`write outside test memory at ${address.toString(16)}`);
  };
  const env: ScanEnvironment = {
    locale: C_LOCALE,
    writeMemory: write,
    allocate: (size) => {
      const address = nextHeap;
      nextHeap += 0x1000;
      heap.set(address, new Uint8Array(size));
      return address;
    },
    reallocate: () => 0,
    free: (address) => {
      heap.delete(address);
    },
    roundingMode: () => 0,
    setErrno: () => {},
  };
  const input = new BytesInput(hexToBytes(inputHex));
  const result = formatScanf(hexToBytes(`${formatHex}00`), 0, new SysVArgs(args, 2), env, input);
  const dumps = [...kinds].map((k, i) => {
    const block = memory.get(addresses[i])!;
    if (k !== 'm') return bytesToHex(block);
    const pointer = new DataView(block.buffer).getUint32(0, true);
    if (pointer === 0 || pointer === 0xaaaaaaaa) return 'null';
    const text = heap.get(pointer)!;
    return `m${bytesToHex(text.subarray(0, text.indexOf(0)))}`;
  });
  const label = `sscanf(${JSON.stringify(new TextDecoder().decode(hexToBytes(inputHex)))}, ${JSON.stringify(new TextDecoder().decode(hexToBytes(formatHex)))})`;
  return {
    label,
    expected: `${ret} consumed=${pos} ${buffers.trim()}`,
    actual: `${result} consumed=${input.position} ${dumps.join(' ')}`,
  };
}

describe('scanf engine against glibc 2.36 (scanf-cases.txt)', () => {
  it(`matches all ${lines.length} recorded cases`, () => {
    const failures: string[] = [];
    for (const line of lines) {
      const { label, expected, actual } = replay(line);
      if (expected !== actual) failures.push(`${label}\n  glibc: ${expected}\n  miros: ${actual}`);
    }
    expect(failures.join('\n')).toBe('');
  });
});
