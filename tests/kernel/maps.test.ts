// /proc/self/maps format: lines of the host's own /proc/self/maps (the oracle: Linux's
// show_map_vma) parsed and formatted again by Miros's formatter must come out identical.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { makedev } from '../../src/kernel/fs/stat.ts';
import { formatMapping } from '../../src/kernel/maps.ts';
import type { Mapping } from '../../src/memory/address-space.ts';
import { TestGuest } from './harness.ts';

function parse(line: string): Mapping {
  const m = /^([0-9a-f]+)-([0-9a-f]+) ([r-])([w-])([x-])([ps]) ([0-9a-f]+) ([0-9a-f]+):([0-9a-f]+) (\d+) *(.*)$/.exec(
    line,
  );
  if (!m) throw new Error(`unparsable maps line: ${line}`);
  return {
    start: Number.parseInt(m[1]!, 16),
    end: Number.parseInt(m[2]!, 16),
    prot: (m[3] === 'r' ? 1 : 0) | (m[4] === 'w' ? 2 : 0) | (m[5] === 'x' ? 4 : 0),
    shared: m[6] === 's',
    offset: Number.parseInt(m[7]!, 16),
    device: makedev(Number.parseInt(m[8]!, 16), Number.parseInt(m[9]!, 16)),
    inode: Number(m[10]),
    name: m[11]!,
  };
}

describe('/proc/self/maps', () => {
  it('formats every line of the host kernel exactly as it does', () => {
    const lines = readFileSync('/proc/self/maps', 'latin1').trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(10);
    for (const line of lines) expect(formatMapping(parse(line))).toBe(line);
  });

  it('lists the guest mappings with 8-digit addresses, [heap] and [stack] names', () => {
    const guest = new TestGuest();
    guest.process.mm.setBrkStart(0x08000000);
    guest.call('brk', 0x08002000);
    const fd = guest.call('open', guest.string('/proc/self/maps'), 0);
    const buffer = guest.alloc(4096);
    const n = guest.call('read', fd, buffer, 4096);
    const text = guest.text(buffer, n);
    expect(text).toContain('08000000-08002000 rw-p 00000000 00:00 0                                  [heap]\n');
    expect(text).toMatch(/^10000000-10100000 rw-p 00000000 00:00 0 {34}\[scratch\]$/m);
  });
});
