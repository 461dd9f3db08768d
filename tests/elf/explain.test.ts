// `miros explain` on the explain-demo and libshapes.so fixtures. The expected facts come from
// GNU binutils, not from Miros: the GOT slot of memcpy and the vtable slots are found in GNU
// readelf's listings of the fixtures (run live; the committed golden files where readelf is
// absent) and in objdump's disassembly.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { explainCommand } from '../../src/cli/explain.ts';
import { gnuObjdump, gnuReadelf, hasObjdump, hasReadelf } from './gnu-tools.ts';
import { runCommand } from './run-miros.ts';

const fixtures = 'tests/fixtures/elf';
const demo = join(fixtures, 'bin/explain-demo');
const shapes = join(fixtures, 'bin/libshapes.so');
/** GNU readelf's listing of a fixture: live when readelf is here, else its committed golden file. */
const golden = (binary: string, option: string) =>
  hasReadelf
    ? gnuReadelf(option, join(fixtures, 'bin', binary))
    : readFileSync(join(fixtures, 'golden', `${binary}.readelf${option}.txt`), 'utf8');
const explain = (...args: string[]) => runCommand(explainCommand, ...args);

interface GnuRelocation {
  offset: number;
  type: string;
  symbol: string;
  addend: number;
}

/** The relocations of a `readelf -r -W` listing (RELA sections). */
function gnuRelocations(listing: string): GnuRelocation[] {
  const found: GnuRelocation[] = [];
  for (const m of listing.matchAll(
    /^([0-9a-f]{16})\s+[0-9a-f]{16}\s+(R_X86_64_\w+)\s+(?:[0-9a-f]{16}\s+(\S+)\s+\+\s+)?([0-9a-f]+)$/gm,
  )) {
    found.push({
      offset: Number.parseInt(m[1]!, 16),
      type: m[2]!,
      symbol: m[3] ?? '',
      addend: Number.parseInt(m[4]!, 16),
    });
  }
  return found;
}

/** The RELR-relocated addresses of a `readelf -r -W` listing. */
function gnuRelrAddresses(listing: string): number[] {
  const relr = listing.split(/^Relocation section '\.relr\.dyn'.*$/m)[1] ?? '';
  return [...relr.matchAll(/^([0-9a-f]{16})$/gm)].map((m) => Number.parseInt(m[1]!, 16));
}

interface GnuSymbol {
  name: string;
  value: number;
  size: number;
  type: string;
}

/** The .symtab entries of a `readelf -s -W` listing (names without versions). */
function gnuSymbols(listing: string): GnuSymbol[] {
  const symtab = listing.split(/^Symbol table '\.symtab'.*$/m)[1] ?? listing;
  return [...symtab.matchAll(/^\s*\d+: ([0-9a-f]{16})\s+(\d+) (\w+)\s+\w+\s+\w+\s+\S+ (\S+)$/gm)].map((m) => ({
    name: m[4]!.replace(/@.*/, ''),
    value: Number.parseInt(m[1]!, 16),
    size: Number(m[2]),
    type: m[3]!,
  }));
}

const hex = (n: number) => `0x${n.toString(16)}`;

describe('miros explain', () => {
  const relocations = gnuRelocations(golden('explain-demo', '-rW'));
  const symbols = gnuSymbols(golden('explain-demo', '-sW'));

  it("names memcpy's GOT slot and its R_X86_64_GLOB_DAT relocation", async () => {
    const slot = relocations.find((r) => r.type === 'R_X86_64_GLOB_DAT' && r.symbol.startsWith('memcpy@'));
    expect(slot).toBeDefined();
    const result = await explain(demo, hex(slot!.offset));
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`relocation: R_X86_64_GLOB_DAT ${slot!.symbol}`);
    expect(result.stdout).toContain('expected from libc.so.6');
    expect(result.stdout).toMatch(/section: +\[\d+\] \.got /);
  });

  it.skipIf(!hasObjdump)('finds the same slot that objdump shows the code loading memcpy from', async () => {
    const disassembly = gnuObjdump('-d', '--no-show-raw-insn', demo);
    const function_ = disassembly.split(/^[0-9a-f]+ <_ZL16copy_through_gotPcPKc>:$/m)[1]!;
    const slot = Number.parseInt(/# ([0-9a-f]+) <memcpy@GLIBC_2\.14>/.exec(function_)![1]!, 16);
    const base = 0x555555554000;
    const result = await explain(demo, hex(base + slot + 3), '--base', hex(base));
    expect(result.stdout).toContain(`${hex(base + slot + 3)} = load base ${hex(base)} + ${hex(slot + 3)}`);
    expect(result.stdout).toContain('relocation: R_X86_64_GLOB_DAT memcpy@GLIBC_2.14');
  });

  it('names the method each vtable slot points at (R_X86_64_RELATIVE)', async () => {
    for (const vtable of ['_ZTV3Dog', '_ZTV4Bird']) {
      const { value, size } = symbols.find((s) => s.name === vtable)!;
      const slots = relocations.filter(
        (r) => r.type === 'R_X86_64_RELATIVE' && r.offset >= value && r.offset < value + size,
      );
      // The type_info pointer, then the destructors and the virtual methods.
      expect(slots.length).toBeGreaterThanOrEqual(4);
      for (const slot of slots) {
        // Aliases share an address (the D1/D2 destructors): any of their names will do.
        const targets = symbols.filter((s) => s.value === slot.addend && s.size > 0).map((s) => s.name);
        expect(targets.length).toBeGreaterThan(0);
        const result = await explain(demo, hex(slot.offset));
        const named = new RegExp(`relocation: R_X86_64_RELATIVE ${hex(slot.addend)} → (\\S+)`).exec(result.stdout);
        expect(targets).toContain(named?.[1]);
        expect(result.stdout).toContain(`symbol:     ${vtable}+${hex(slot.offset - value)} (OBJECT`);
      }
    }
  });

  it('explains RELR-packed vtable slots of a shared library', async () => {
    const relr = gnuRelrAddresses(golden('libshapes.so', '-rW'));
    const { value } = gnuSymbols(golden('libshapes.so', '-sW')).find((s) => s.name === '_ZTV6Square')!;
    const slot = value + 16; // past offset-to-top and the type_info pointer: the first virtual function
    expect(relr).toContain(slot);
    const result = await explain(shapes, hex(slot));
    // The destructor: what the slot holds, read from the file, is the function's address.
    expect(result.stdout).toMatch(/relocation: R_X86_64_RELATIVE \(packed in RELR\) 0x[0-9a-f]+ → _ZN6SquareD[12]Ev/);
    expect(result.stdout).toContain('symbol:     _ZTV6Square+0x10 (OBJECT');
  });

  it('says when no relocation writes an address', async () => {
    const main = symbols.find((s) => s.name === 'main')!;
    const result = await explain(demo, hex(main.value + 1));
    expect(result.stdout).toContain('symbol:     main+0x1 (FUNC');
    expect(result.stdout).toContain('relocation: none writes this address');
  });

  it('refuses a relocatable object, a non-ELF file and a bad address', async () => {
    const object = await explain(join(fixtures, 'bin/shapes.o'), '0x10');
    expect(object.status).toBe(1);
    expect(object.stderr).toMatch(/^miros: .*shapes\.o: .*relocatable object/);
    const text = await explain('package.json', '0x10');
    expect(text.status).toBe(1);
    expect(text.stderr).toMatch(/not an ELF file/);
    const address = await explain(demo, 'nowhere');
    expect(address.status).toBe(2);
    expect(address.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('works as bin/miros explain, with --help and usage errors', () => {
    const miros = (...args: string[]) => spawnSync('bin/miros', args, { encoding: 'utf8' });
    expect(miros('explain', '--help').stdout).toContain('--base');
    const unknown = miros('explain', '--frobnicate', demo, '0x10');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
  });
});
