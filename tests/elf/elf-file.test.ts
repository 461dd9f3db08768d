// The ELF reader's core against GNU readelf on files from this machine: header fields, segments,
// the interpreter, and hash-table lookup of every defined dynamic symbol.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ElfFile, PT_LOAD } from '../../src/elf/index.ts';
import { gnuReadelf, hasReadelf } from './gnu-tools.ts';

const machineFiles = [
  '/usr/lib/x86_64-linux-gnu/libc.so.6',
  '/usr/lib/x86_64-linux-gnu/libstdc++.so.6',
  '/lib64/ld-linux-x86-64.so.2',
  '/bin/bash',
].filter((path) => existsSync(path));

const load = (path: string) => ElfFile.parse(readFileSync(path), path);

describe.skipIf(!hasReadelf)('ElfFile against GNU readelf', () => {
  it.each(machineFiles)('reads the header and segments of %s', (path) => {
    const elf = load(path);
    const header = gnuReadelf('-h', '-l', '-W', path);
    const field = (label: string) => header.match(new RegExp(`${label}:\\s+(\\S+)`))?.[1];
    expect(`0x${elf.header.entry.toString(16)}`).toBe(field('Entry point address'));
    expect(String(elf.programHeaderCount)).toBe(field('Number of program headers'));
    expect(String(elf.sectionCount)).toBe(field('Number of section headers'));
    const loads = [...header.matchAll(/^\s+LOAD\s+(0x\S+)\s+(0x\S+)/gm)].map((m) => [
      Number.parseInt(m[1]!, 16),
      Number.parseInt(m[2]!, 16),
    ]);
    expect(elf.programHeaders.filter((p) => p.type === PT_LOAD).map((p) => [p.offset, p.virtualAddress])).toEqual(
      loads,
    );
    const interpreter = header.match(/Requesting program interpreter: (.*)\]/)?.[1];
    expect(elf.interpreter).toBe(interpreter);
  });

  it.each(machineFiles)('finds every defined dynamic symbol of %s through its hash tables', (path) => {
    const elf = load(path);
    const symbols = elf.dynamicSymbols!;
    // The oracle: readelf's list of dynamic symbols with a section index (defined ones).
    const listing = gnuReadelf('--dyn-syms', '-W', path);
    const defined = [...listing.matchAll(/^\s*(\d+): [0-9a-f]+\s+\d+ \S+\s+\S+\s+\S+\s+(\d+|ABS) (\S+)/gm)].map(
      (m) => ({
        index: Number(m[1]),
        name: m[3]!.replace(/@.*/, ''),
      }),
    );
    expect(defined.length).toBeGreaterThan(10);
    const tables = [elf.gnuHashTable, elf.sysvHashTable].filter((t) => t !== undefined);
    expect(tables.length).toBeGreaterThan(0);
    for (const table of tables) {
      // Several versions of one name exist (memcpy@GLIBC_2.2.5, memcpy@@GLIBC_2.14): ask for this one.
      const missed = defined.filter(({ index, name }) => table.lookup(symbols, name, (i) => i === index) !== index);
      expect(missed).toEqual([]);
      expect(table.lookup(symbols, 'miros_no_such_symbol')).toBe(-1);
      expect(table.lookup(symbols, `${defined[0]!.name}_`)).toBe(-1);
    }
  });
});
