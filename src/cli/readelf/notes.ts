// `readelf -n`: the notes, as GNU readelf 2.40 prints them (GNU build ID, ABI tag, properties with
// the x86 ISA levels and features decoded, SystemTap probes, FDO packaging; others in hex).
import {
  bitmaskProperties,
  bitNames,
  buildIdHex,
  decodeAbiTag,
  type ElfNote,
  GNU_PROPERTY_HIPROC,
  GNU_PROPERTY_LOPROC,
  GNU_PROPERTY_LOUSER,
  GNU_PROPERTY_NO_COPY_ON_PROTECTED,
  GNU_PROPERTY_STACK_SIZE,
  GNU_PROPERTY_UINT32_AND_HI,
  GNU_PROPERTY_UINT32_AND_LO,
  GNU_PROPERTY_UINT32_OR_HI,
  gnuNoteTypeNames,
  NT_GNU_ABI_TAG,
  NT_GNU_BUILD_ID,
  NT_GNU_GOLD_VERSION,
  NT_GNU_HWCAP,
  NT_GNU_PROPERTY_TYPE_0,
  readGnuProperties,
} from '../../elf/index.ts';
import { alternateHex, fullHex, hexPad, printableSectionName, printSymbol } from './format.ts';
import type { Listing } from './listing.ts';

const NT_STAPSDT = 3;
const FDO_PACKAGING_METADATA = 0xcafe1a7e;

/** Note type names for notes without a recognised owner (non-core files). */
const genericNoteTypeNames: ReadonlyMap<number, string> = new Map([
  [1, 'NT_VERSION (version)'],
  [2, 'NT_ARCH (architecture)'],
  [0x100, 'OPEN'],
  [0x101, 'func'],
  [4, 'GO BUILDID'],
  [FDO_PACKAGING_METADATA, 'FDO_PACKAGING_METADATA'],
]);

function unknownType(type: number): string {
  return `Unknown note type: (0x${hexPad(type, 8)})`;
}

function noteTypeName(note: ElfNote): string {
  if (note.nameSize !== 0 && note.name.startsWith('GNU'))
    return gnuNoteTypeNames.get(note.type) ?? unknownType(note.type);
  if (note.nameSize !== 0 && note.name.startsWith('stapsdt')) {
    return note.type === NT_STAPSDT ? 'NT_STAPSDT (SystemTap probe descriptors)' : unknownType(note.type);
  }
  return genericNoteTypeNames.get(note.type) ?? unknownType(note.type);
}

function u32(bytes: Uint8Array, at: number): number {
  return (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0;
}

function u64(bytes: Uint8Array, at: number): number {
  return u32(bytes, at + 4) * 2 ** 32 + u32(bytes, at);
}

function hexBytes(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += `${hexPad(byte, 2)} `;
  return text;
}

/** The "Properties:" line of an NT_GNU_PROPERTY_TYPE_0 note. */
function properties(note: ElfNote, wide: boolean): string {
  const d = note.descriptor;
  let text = '      Properties: ';
  if (d.length < 8 || d.length % 8 !== 0)
    return `${text}<corrupt GNU_PROPERTY_TYPE, size = ${alternateHex(d.length)}>\n`;
  const { properties: list, problem } = readGnuProperties(d, note.descriptorOffset);
  const parts: string[] = [];
  for (const property of list) {
    const { type, data } = property;
    const size = data.length;
    let part: string | undefined;
    const bitmask = bitmaskProperties.get(type);
    if (bitmask && (type >= GNU_PROPERTY_LOPROC || type <= GNU_PROPERTY_UINT32_OR_HI)) {
      if (size !== 4) part = `${bitmask.label}: <corrupt length: ${alternateHex(size)}> `;
      else {
        const mask = u32(data, 0);
        part = `${bitmask.label}: ${mask === 0 ? bitmask.empty : bitNames(mask, bitmask.bits).join(', ')}`;
      }
    } else if (type === GNU_PROPERTY_STACK_SIZE) {
      part = `stack size: ${size !== 8 ? `<corrupt length: ${alternateHex(size)}> ` : alternateHex(u64(data, 0))}`;
    } else if (type === GNU_PROPERTY_NO_COPY_ON_PROTECTED) {
      part = `no copy on protected ${size !== 0 ? `<corrupt length: ${alternateHex(size)}> ` : ''}`;
    } else if (type >= GNU_PROPERTY_UINT32_AND_LO && type <= GNU_PROPERTY_UINT32_OR_HI) {
      const kind = type <= GNU_PROPERTY_UINT32_AND_HI ? 'UINT32_AND' : 'UINT32_OR';
      part = `${kind} (${alternateHex(type)}): ${size !== 4 ? `<corrupt length: ${alternateHex(size)}> ` : alternateHex(u32(data, 0))}`;
    }
    if (part === undefined) {
      const kind =
        type < GNU_PROPERTY_LOPROC
          ? 'unknown'
          : type < GNU_PROPERTY_LOUSER
            ? 'processor-specific'
            : 'application-specific';
      part = `<${kind} type ${alternateHex(type)} data: ${hexBytes(data)}>`;
    }
    parts.push(part);
  }
  text += parts.join(wide ? ', ' : '\n\t');
  if (problem) {
    if (parts.length > 0) text += wide ? ', ' : '\n\t';
    text += `<corrupt descsz: ${alternateHex(d.length)}>`;
  }
  void GNU_PROPERTY_HIPROC;
  return `${text}\n`;
}

function gnuNote(note: ElfNote, wide: boolean): string {
  const d = note.descriptor;
  switch (note.type) {
    case NT_GNU_BUILD_ID:
      return `    Build ID: ${buildIdHex(d)}\n`;
    case NT_GNU_ABI_TAG: {
      const tag = decodeAbiTag(d);
      if (!tag) return '    <corrupt GNU_ABI_TAG>\n';
      return `    OS: ${tag.osName}, ABI: ${tag.major}.${tag.minor}.${tag.subminor}\n`;
    }
    case NT_GNU_GOLD_VERSION: {
      let end = d.indexOf(0);
      if (end < 0) end = d.length;
      return `    Version: ${Buffer.from(d.subarray(0, end)).toString('latin1')}\n`;
    }
    case NT_GNU_HWCAP:
      if (d.length < 8) return '      Hardware Capabilities: ';
      return `      Hardware Capabilities: num entries: ${u32(d, 0)}, enabled mask: ${u32(d, 4).toString(16)}\n`;
    case NT_GNU_PROPERTY_TYPE_0:
      return properties(note, wide);
    default:
      return `    Description data: ${hexBytes(d)}\n`;
  }
}

/** A NUL-terminated string inside `bytes` from `at`, or undefined when it runs off the end. */
function cString(bytes: Uint8Array, at: number): { text: string; next: number } | undefined {
  if (at >= bytes.length) return undefined;
  const end = bytes.indexOf(0, at);
  if (end < 0) return undefined;
  return { text: Buffer.from(bytes.subarray(at, end)).toString('latin1'), next: end + 1 };
}

function stapsdtNote(note: ElfNote): string {
  const d = note.descriptor;
  const corrupt = '  <corrupt - note is too small>\n';
  if (d.length < 24) return corrupt;
  const provider = cString(d, 24);
  const probe = provider && cString(d, provider.next);
  const args = probe && cString(d, probe.next);
  if (!provider || !probe || !args) return corrupt;
  return (
    `    Provider: ${provider.text}\n    Name: ${probe.text}\n` +
    `    Location: ${fullHex(u64(d, 0))}, Base: ${fullHex(u64(d, 8))}, Semaphore: ${fullHex(u64(d, 16))}\n` +
    `    Arguments: ${args.text}\n`
  );
}

function noteContents(note: ElfNote, wide: boolean): string {
  if (note.nameSize !== 0) {
    if (note.name.startsWith('GNU')) return gnuNote(note, wide);
    if (note.name.startsWith('stapsdt')) return stapsdtNote(note);
    if (note.name.startsWith('FDO') && note.type === FDO_PACKAGING_METADATA && note.descriptor.length > 0) {
      let end = note.descriptor.indexOf(0);
      if (end < 0) end = note.descriptor.length;
      return `    Packaging Metadata: ${Buffer.from(note.descriptor.subarray(0, end)).toString('latin1')}\n`;
    }
  }
  let text = '';
  if (note.descriptor.length > 0) text += `   description data: ${hexBytes(note.descriptor)}${wide ? '' : '\n'}`;
  if (wide) text += '\n';
  return text;
}

export function listNotes(listing: Listing): void {
  const { elf, options } = listing;
  for (const group of elf.noteGroups()) {
    if (group.section) listing.line(`\nDisplaying notes found in: ${printableSectionName(group.section.name)}`);
    else {
      listing.line(
        `\nDisplaying notes found at file offset 0x${hexPad(group.offset, 8)} with length 0x${hexPad(group.size, 8)}:`,
      );
    }
    listing.line('  Owner                Data size \tDescription');
    for (const note of group.notes) {
      const owner = printSymbol(-20, note.nameSize === 0 ? '(NONE)' : note.name, options.wide);
      listing.write(
        `  ${owner} 0x${hexPad(note.descriptor.length, 8)}\t${noteTypeName(note)}${options.wide ? '\t' : '\n'}`,
      );
      listing.write(noteContents(note, options.wide));
    }
  }
}
