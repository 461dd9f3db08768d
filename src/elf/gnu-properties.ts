// The GNU property note (NT_GNU_PROPERTY_TYPE_0, .note.gnu.property, PT_GNU_PROPERTY): typed
// records saying which x86-64 ISA level and features (CET: IBT, SHSTK) an object uses or needs.
// One table names every property type and its bits; readelf and the loader read it from here.

export const GNU_PROPERTY_STACK_SIZE = 1;
export const GNU_PROPERTY_NO_COPY_ON_PROTECTED = 2;
export const GNU_PROPERTY_UINT32_AND_LO = 0xb0000000;
export const GNU_PROPERTY_UINT32_AND_HI = 0xb0007fff;
export const GNU_PROPERTY_UINT32_OR_LO = 0xb0008000;
export const GNU_PROPERTY_UINT32_OR_HI = 0xb000ffff;
export const GNU_PROPERTY_1_NEEDED = 0xb0008000;
export const GNU_PROPERTY_LOPROC = 0xc0000000;
export const GNU_PROPERTY_HIPROC = 0xdfffffff;
export const GNU_PROPERTY_LOUSER = 0xe0000000;

export const GNU_PROPERTY_X86_COMPAT_ISA_1_USED = 0xc0000000;
export const GNU_PROPERTY_X86_COMPAT_ISA_1_NEEDED = 0xc0000001;
export const GNU_PROPERTY_X86_FEATURE_1_AND = 0xc0000002;
export const GNU_PROPERTY_X86_COMPAT_2_ISA_1_NEEDED = 0xc0008000;
export const GNU_PROPERTY_X86_FEATURE_2_NEEDED = 0xc0008001;
export const GNU_PROPERTY_X86_ISA_1_NEEDED = 0xc0008002;
export const GNU_PROPERTY_X86_COMPAT_2_ISA_1_USED = 0xc0010000;
export const GNU_PROPERTY_X86_FEATURE_2_USED = 0xc0010001;
export const GNU_PROPERTY_X86_ISA_1_USED = 0xc0010002;

/** Bits of GNU_PROPERTY_X86_ISA_1_*: the x86-64 micro-architecture levels. */
export const X86_ISA_1_BASELINE = 1;
export const X86_ISA_1_V2 = 2;
export const X86_ISA_1_V3 = 4;
export const X86_ISA_1_V4 = 8;
/** Bits of GNU_PROPERTY_X86_FEATURE_1_AND. */
export const X86_FEATURE_1_IBT = 1;
export const X86_FEATURE_1_SHSTK = 2;

/** Bit i of the mask is named names[i]. */
type BitNames = readonly string[];

const x86IsaBits: BitNames = ['x86-64-baseline', 'x86-64-v2', 'x86-64-v3', 'x86-64-v4'];
const x86Feature1Bits: BitNames = ['IBT', 'SHSTK', 'LAM_U48', 'LAM_U57'];
const x86Feature2Bits: BitNames = [
  'x86',
  'x87',
  'MMX',
  'XMM',
  'YMM',
  'ZMM',
  'FXSR',
  'XSAVE',
  'XSAVEOPT',
  'XSAVEC',
  'TMM',
  'MASK',
];
const x86CompatIsaBits: BitNames = [
  'i486',
  '586',
  '686',
  'SSE',
  'SSE2',
  'SSE3',
  'SSSE3',
  'SSE4_1',
  'SSE4_2',
  'AVX',
  'AVX2',
  'AVX512F',
  'AVX512CD',
  'AVX512ER',
  'AVX512PF',
  'AVX512VL',
  'AVX512DQ',
  'AVX512BW',
];
const x86Compat2IsaBits: BitNames = [
  'CMOV',
  'SSE',
  'SSE2',
  'SSE3',
  'SSSE3',
  'SSE4_1',
  'SSE4_2',
  'AVX',
  'AVX2',
  'FMA',
  'AVX512F',
  'AVX512CD',
  'AVX512ER',
  'AVX512PF',
  'AVX512VL',
  'AVX512DQ',
  'AVX512BW',
  'AVX512_4FMAPS',
  'AVX512_4VNNIW',
  'AVX512_BITALG',
  'AVX512_IFMA',
  'AVX512_VBMI',
  'AVX512_VBMI2',
  'AVX512_VNNI',
  'AVX512_BF16',
];
const oneNeededBits: BitNames = ['indirect external access'];

/** A 32-bit bitmask property: how GNU readelf labels it and names its bits. */
export interface BitmaskPropertyInfo {
  label: string;
  bits: BitNames;
  /** What an empty mask prints as ("<None>"), or '' when it prints nothing. */
  empty: string;
}

export const bitmaskProperties: ReadonlyMap<number, BitmaskPropertyInfo> = new Map([
  [GNU_PROPERTY_X86_ISA_1_USED, { label: 'x86 ISA used', bits: x86IsaBits, empty: '' }],
  [GNU_PROPERTY_X86_ISA_1_NEEDED, { label: 'x86 ISA needed', bits: x86IsaBits, empty: '' }],
  [GNU_PROPERTY_X86_FEATURE_1_AND, { label: 'x86 feature', bits: x86Feature1Bits, empty: '<None>' }],
  [GNU_PROPERTY_X86_FEATURE_2_USED, { label: 'x86 feature used', bits: x86Feature2Bits, empty: '<None>' }],
  [GNU_PROPERTY_X86_FEATURE_2_NEEDED, { label: 'x86 feature needed', bits: x86Feature2Bits, empty: '<None>' }],
  [GNU_PROPERTY_X86_COMPAT_ISA_1_USED, { label: 'x86 ISA used', bits: x86CompatIsaBits, empty: '' }],
  [GNU_PROPERTY_X86_COMPAT_ISA_1_NEEDED, { label: 'x86 ISA needed', bits: x86CompatIsaBits, empty: '' }],
  [GNU_PROPERTY_X86_COMPAT_2_ISA_1_USED, { label: 'x86 ISA used', bits: x86Compat2IsaBits, empty: '<None>' }],
  [GNU_PROPERTY_X86_COMPAT_2_ISA_1_NEEDED, { label: 'x86 ISA needed', bits: x86Compat2IsaBits, empty: '<None>' }],
  [GNU_PROPERTY_1_NEEDED, { label: '1_needed', bits: oneNeededBits, empty: '' }],
]);

/** Names of the set bits of `mask`, lowest first; unnamed bits as "<unknown: 40>". */
export function bitNames(mask: number, bits: BitNames): string[] {
  const names: string[] = [];
  for (let i = 0; i < 32; i++) {
    if ((mask >>> i) & 1) names.push(bits[i] ?? `<unknown: ${(2 ** i).toString(16)}>`);
  }
  return names;
}

export interface GnuProperty {
  type: number;
  /** File offset of the property's data. */
  dataOffset: number;
  /** pr_data (a view into the file). */
  data: Uint8Array;
}

/**
 * Splits a property note's descriptor into properties; each is padded to 8 bytes. Returns
 * undefined with a reason when the descriptor is malformed, as readelf shows such notes.
 */
export function readGnuProperties(
  descriptor: Uint8Array,
  descriptorOffset: number,
): { properties: GnuProperty[]; problem: string | undefined } {
  const properties: GnuProperty[] = [];
  const view = new DataView(descriptor.buffer, descriptor.byteOffset, descriptor.byteLength);
  let at = 0;
  while (at < descriptor.length) {
    if (descriptor.length - at < 8) return { properties, problem: 'truncated property header' };
    const type = view.getUint32(at, true);
    const size = view.getUint32(at + 4, true);
    at += 8;
    if (size > descriptor.length - at)
      return { properties, problem: `property 0x${type.toString(16)} overruns the note` };
    properties.push({ type, dataOffset: descriptorOffset + at, data: descriptor.subarray(at, at + size) });
    at += Math.ceil(size / 8) * 8;
  }
  return { properties, problem: undefined };
}
