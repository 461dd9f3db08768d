// Disassembly of an ELF file's code sections in GNU objdump 2.40's `-d -M intel` layout: section
// headings, symbol labels, address column, raw bytes (seven per line, the rest on continuation
// lines), `...` for runs of zero bytes, and `<symbol+offset>` after branch targets and rip-relative
// addresses. Used by `miros objdump` (src/cli/objdump.ts) and by the objdump comparison sweep.
//
// objdump's rules reproduced here: it decodes each stretch between two symbols (a "block") on its
// own, restarting at every symbol; it shows a run of zero bytes as `...` when the run is ≥ 8 bytes
// (then in multiples of 4 unless it reaches the block end) or reaches the block end in < 3 bytes;
// the address column drops the leading zeros the section's end address has, in groups of four.

import type { ElfFile, SectionHeader } from '../elf/index.ts';
import { DecodedInstruction, decodeInto } from './decoder.ts';
import { formatInstruction } from './format-intel.ts';

const SHF_EXECINSTR = 0x4;
const SHT_NOBITS = 8;
const STT_OBJECT = 1;
const STT_FUNC = 2;
const STT_NOTYPE = 0;
const STT_GNU_IFUNC = 10;
const STB_LOCAL = 0;
const STB_GLOBAL = 1;

const BYTES_PER_LINE = 7;
const SKIP_ZEROES = 8;
const SKIP_ZEROES_AT_END = 3;

export interface DisassemblyOptions {
  /** Show the instruction bytes (objdump's default; `--no-show-raw-insn` turns it off). */
  showRawInsn: boolean;
  /** Only addresses in [start, stop). */
  startAddress?: number;
  stopAddress?: number;
  /** Only these sections (`-j`); all code sections when absent. */
  sections?: readonly string[];
}

/** A label candidate: a symbol that names code or data at an address. */
interface Label {
  address: number;
  name: string;
  /** Section index the symbol is defined in. */
  section: number;
  rank: number;
}

/**
 * The symbols objdump labels with: .symtab when present, else the dynamic symbols; functions,
 * objects and untyped symbols that are defined, sorted by address (ties: the preferred name first:
 * global before weak before local, then functions).
 */
function labelsOf(elf: ElfFile): Label[] {
  const table = elf.symbolTable ?? elf.dynamicSymbols;
  const labels: Label[] = [];
  if (!table) return labels;
  for (let i = 1; i < table.count; i++) {
    if (!table.isDefined(i)) continue;
    const type = table.type(i);
    if (type !== STT_FUNC && type !== STT_OBJECT && type !== STT_NOTYPE && type !== STT_GNU_IFUNC) continue;
    const name = table.nameOf(i);
    if (name === '') continue;
    const binding = table.binding(i);
    const rank = (binding === STB_GLOBAL ? 0 : binding === STB_LOCAL ? 2 : 1) * 2 + (type === STT_FUNC ? 0 : 1);
    labels.push({ address: table.value(i), name, section: table.sectionIndexOf(i), rank });
  }
  labels.sort((a, b) => a.address - b.address || a.rank - b.rank || (a.name < b.name ? -1 : 1));
  return labels;
}

/** Index of the last label at or below `address`, or -1. */
function labelAtOrBelow(labels: readonly Label[], address: number): number {
  let low = 0;
  let high = labels.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (labels[mid]!.address <= address) {
      found = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  // The preferred of several labels at that address is the first of them.
  while (found > 0 && labels[found - 1]!.address === labels[found]!.address) found--;
  return found;
}

function hex(value: number): string {
  return value.toString(16);
}

/** objdump's address column: the section end's leading zeros dropped in groups of four. */
function addressColumn(section: SectionHeader): (address: number) => string {
  const end = hex(section.address + section.size).padStart(16, '0');
  let zeros = 0;
  while (zeros < 15 && end[zeros] === '0') zeros++;
  const skip = Math.max(0, (zeros - 1) & ~3);
  const width = 16 - skip;
  return (address) => hex(address).padStart(width, ' ');
}

/** Disassembles the code sections of `elf`; `write` receives the text in pieces. */
export function disassembleElf(
  elf: ElfFile,
  fileName: string,
  options: DisassemblyOptions,
  write: (text: string) => void,
): void {
  write(`\n${fileName}:     file format elf64-x86-64\n\n`);
  const labels = labelsOf(elf);
  const start = options.startAddress ?? 0;
  const stop = options.stopAddress ?? Number.MAX_SAFE_INTEGER;
  const symbolText = (address: number): string => {
    const at = labelAtOrBelow(labels, address);
    if (at >= 0) {
      const label = labels[at]!;
      const offset = address - label.address;
      return offset === 0 ? `<${label.name}>` : `<${label.name}+0x${hex(offset)}>`;
    }
    const section = elf.sectionContaining(address);
    if (section) {
      const offset = address - section.address;
      return offset === 0 ? `<${section.name}>` : `<${section.name}+0x${hex(offset)}>`;
    }
    return '';
  };
  const formatOptions = {
    address: (address: number) => {
      const symbol = symbolText(address);
      return symbol === '' ? hex(address) : `${hex(address)} ${symbol}`;
    },
  };
  const insn = new DecodedInstruction();
  for (const section of elf.sections) {
    if (options.sections ? !options.sections.includes(section.name) : !(section.flags & SHF_EXECINSTR)) continue;
    if (!(section.flags & SHF_EXECINSTR) || section.type === SHT_NOBITS || section.size === 0) continue;
    const sectionEnd = section.address + section.size;
    const from = Math.max(start, section.address);
    const to = Math.min(stop, sectionEnd);
    if (from >= to) continue;
    write(`\nDisassembly of section ${section.name}:\n`);
    const code = elf.sectionBytes(section);
    const column = addressColumn(section);
    // Block starts: the symbols inside the section (and the range start).
    const starts: { address: number; name: string }[] = [];
    for (const label of labels) {
      if (label.address < from || label.address >= to || label.section !== section.index) continue;
      if (starts.length > 0 && starts[starts.length - 1]!.address === label.address) continue;
      starts.push({ address: label.address, name: label.name });
    }
    if (starts.length === 0 || starts[0]!.address > from) {
      const text = symbolText(from);
      starts.unshift({ address: from, name: text === '' ? section.name : text.slice(1, -1) });
    }
    for (let b = 0; b < starts.length; b++) {
      const blockStart = starts[b]!.address;
      const blockEnd = b + 1 < starts.length ? starts[b + 1]!.address : to;
      write(`\n${hex(blockStart).padStart(16, '0')} <${starts[b]!.name}>:\n`);
      let offset = blockStart - section.address;
      const endOffset = blockEnd - section.address;
      let out = '';
      while (offset < endOffset) {
        // Runs of zeros.
        let z = offset;
        while (z < endOffset && code[z] === 0) z++;
        const zeros = z - offset;
        if (zeros >= SKIP_ZEROES || (z === endOffset && zeros > 0 && zeros < SKIP_ZEROES_AT_END)) {
          out += '\t...\n';
          offset = z === endOffset ? z : offset + (zeros & ~3);
          continue;
        }
        const address = section.address + offset;
        decodeInto(insn, code, offset, code.length, address);
        const length = insn.length;
        const text = formatInstruction(insn, formatOptions);
        out += `${column(address)}:\t`;
        if (options.showRawInsn) {
          let bytes = '';
          for (let k = 0; k < BYTES_PER_LINE; k++)
            bytes += k < length && offset + k < code.length ? `${hex(code[offset + k]!).padStart(2, '0')} ` : '   ';
          out += `${bytes}\t${text}\n`;
          for (let line = BYTES_PER_LINE; line < length; line += BYTES_PER_LINE) {
            out += `${column(address + line)}:\t`;
            for (let k = line; k < Math.min(length, line + BYTES_PER_LINE); k++)
              out += `${hex(code[offset + k]!).padStart(2, '0')} `;
            out += '\n';
          }
        } else out += `${text}\n`;
        offset += length;
        if (out.length > 1 << 16) {
          write(out);
          out = '';
        }
      }
      write(out);
    }
  }
}
