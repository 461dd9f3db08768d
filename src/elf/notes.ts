// ELF notes (SHT_NOTE sections, PT_NOTE segments): a sequence of (name, type, descriptor)
// records. The GNU ones Miros cares about are decoded here: the build ID, the ABI tag (minimum
// kernel version) and the property note (x86 ISA level and CET features a program needs).
import type { ByteReader } from './byte-reader.ts';

export const NT_GNU_ABI_TAG = 1;
export const NT_GNU_HWCAP = 2;
export const NT_GNU_BUILD_ID = 3;
export const NT_GNU_GOLD_VERSION = 4;
export const NT_GNU_PROPERTY_TYPE_0 = 5;
export const NT_GNU_BUILD_ATTRIBUTE_OPEN = 0x100;
export const NT_GNU_BUILD_ATTRIBUTE_FUNC = 0x101;

/** What GNU readelf calls each GNU note type. */
export const gnuNoteTypeNames: ReadonlyMap<number, string> = new Map([
  [NT_GNU_ABI_TAG, 'NT_GNU_ABI_TAG (ABI version tag)'],
  [NT_GNU_HWCAP, 'NT_GNU_HWCAP (DSO-supplied software HWCAP info)'],
  [NT_GNU_BUILD_ID, 'NT_GNU_BUILD_ID (unique build ID bitstring)'],
  [NT_GNU_GOLD_VERSION, 'NT_GNU_GOLD_VERSION (gold version)'],
  [NT_GNU_PROPERTY_TYPE_0, 'NT_GNU_PROPERTY_TYPE_0'],
  [NT_GNU_BUILD_ATTRIBUTE_OPEN, 'NT_GNU_BUILD_ATTRIBUTE_OPEN'],
  [NT_GNU_BUILD_ATTRIBUTE_FUNC, 'NT_GNU_BUILD_ATTRIBUTE_FUNC'],
  [0x2323, 'NT_GNU_INFINITY (Infinity function)'],
]);

/** The operating systems of NT_GNU_ABI_TAG's first word. */
export const gnuAbiTagOsNames: readonly string[] = [
  'Linux',
  'Hurd',
  'Solaris',
  'FreeBSD',
  'NetBSD',
  'Syllable',
  'NaCl',
];

export interface ElfNote {
  /** File offset of the note's header. */
  offset: number;
  /** namesz as stored (includes the terminating NUL). */
  nameSize: number;
  /** The name, up to its first NUL ("GNU", "stapsdt", "Go"…). */
  name: string;
  type: number;
  /** File offset of the descriptor. */
  descriptorOffset: number;
  /** The descriptor bytes (a view into the file). */
  descriptor: Uint8Array;
}

const NOTE_HEADER_SIZE = 12;

function alignUp(value: number, align: number): number {
  return Math.ceil(value / align) * align;
}

/**
 * Reads the notes in [offset, offset + length). `align` is the section's or segment's alignment:
 * 8 for notes laid out as the gABI says for ELF64 (the GNU property note), else 4, the Linux
 * convention (values below 4 mean 4, as GNU readelf reads them).
 */
export function readNotes(
  reader: ByteReader,
  offset: number,
  length: number,
  align: number,
  structure: string,
): ElfNote[] {
  reader.requireRange(structure, offset, length);
  const step = Math.max(align, 4);
  if (step !== 4 && step !== 8) throw reader.error(structure, offset, `note alignment ${align} is neither 4 nor 8`);
  const notes: ElfNote[] = [];
  const end = offset + length;
  let at = offset;
  while (at < end) {
    if (end - at < NOTE_HEADER_SIZE) {
      throw reader.error(structure, at, `only ${end - at} bytes remain, not enough for a note header`);
    }
    const nameSize = reader.u32(at);
    const descriptorSize = reader.u32(at + 4);
    const type = reader.u32(at + 8);
    const nameAt = at + NOTE_HEADER_SIZE;
    const descriptorAt = at + alignUp(NOTE_HEADER_SIZE + nameSize, step);
    const next = descriptorAt + alignUp(descriptorSize, step);
    if (descriptorAt + descriptorSize > end || nameAt + nameSize > end) {
      throw reader.error(
        structure,
        at,
        `note with name size 0x${nameSize.toString(16)} and descriptor size 0x${descriptorSize.toString(16)} overruns the notes' end`,
      );
    }
    let nameEnd = nameAt;
    while (nameEnd < nameAt + nameSize && reader.bytes[nameEnd] !== 0) nameEnd++;
    notes.push({
      offset: at,
      nameSize,
      name: Buffer.from(reader.bytes.buffer, reader.bytes.byteOffset + nameAt, nameEnd - nameAt).toString('latin1'),
      type,
      descriptorOffset: descriptorAt,
      descriptor: reader.bytes.subarray(descriptorAt, descriptorAt + descriptorSize),
    });
    at = Math.min(next, end);
  }
  return notes;
}

/** The ABI tag: the OS and the minimum kernel version the object was built for. */
export interface AbiTag {
  os: number;
  osName: string;
  major: number;
  minor: number;
  subminor: number;
}

/** Decodes an NT_GNU_ABI_TAG descriptor, or undefined when it is shorter than 16 bytes. */
export function decodeAbiTag(descriptor: Uint8Array): AbiTag | undefined {
  if (descriptor.length < 16) return undefined;
  const view = new DataView(descriptor.buffer, descriptor.byteOffset, descriptor.byteLength);
  const os = view.getUint32(0, true);
  return {
    os,
    osName: gnuAbiTagOsNames[os] ?? 'Unknown',
    major: view.getUint32(4, true),
    minor: view.getUint32(8, true),
    subminor: view.getUint32(12, true),
  };
}

/** The build ID as lowercase hex. */
export function buildIdHex(descriptor: Uint8Array): string {
  let text = '';
  for (const byte of descriptor) text += byte.toString(16).padStart(2, '0');
  return text;
}
