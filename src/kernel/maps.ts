// /proc/self/maps, in Linux's format (fs/proc/task_mmu.c show_map_vma): one line per mapping,
// `start-end perms offset major:minor inode`, then the name padded to column 73.

import type { Mapping } from '../memory/address-space.ts';
import { major, minor } from './fs/stat.ts';

const NAME_COLUMN = 73;

function hex(value: number, width: number): string {
  return value.toString(16).padStart(width, '0');
}

export function formatMapping(m: Mapping): string {
  const perms = `${m.prot & 1 ? 'r' : '-'}${m.prot & 2 ? 'w' : '-'}${m.prot & 4 ? 'x' : '-'}${m.shared ? 's' : 'p'}`;
  const prefix = `${hex(m.start, 8)}-${hex(m.end, 8)} ${perms} ${hex(m.offset, 8)} ${hex(major(m.device), 2)}:${hex(minor(m.device), 2)} ${m.inode} `;
  if (m.name === '') return prefix;
  return `${prefix.padEnd(NAME_COLUMN - 1, ' ')} ${m.name}`;
}

export function formatMaps(mappings: readonly Mapping[]): string {
  let text = '';
  for (const m of mappings) text += `${formatMapping(m)}\n`;
  return text;
}
