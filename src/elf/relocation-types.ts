// Every x86-64 relocation type: its number, GNU's name, the field it writes and how the value is
// computed (System V x86-64 psABI, table 4.9 and the TLS and TLSDESC supplements). The readelf
// listing, `explain`, the dynamic linker and the crash report all use this one table.
//
// Formula letters (psABI): A addend, B load base, G offset of the symbol's GOT entry in the GOT,
// GOT address of the GOT, L address of the symbol's PLT entry, P address of the place relocated,
// S value of the symbol, Z size of the symbol.

/** The field a relocation writes. */
export type RelocationField = 'none' | 'word8' | 'word16' | 'word32' | 'word32s' | 'word64' | 'tlsdesc';

export interface RelocationType {
  type: number;
  /** GNU name, e.g. "R_X86_64_JUMP_SLOT". */
  name: string;
  field: RelocationField;
  /** The psABI formula ("S + A - P"), or what the dynamic linker does. */
  computes: string;
  /** Whether the type appears in linked objects, for the dynamic linker to apply. */
  runtime: boolean;
}

export const R_X86_64_NONE = 0;
export const R_X86_64_64 = 1;
export const R_X86_64_PC32 = 2;
export const R_X86_64_GOT32 = 3;
export const R_X86_64_PLT32 = 4;
export const R_X86_64_COPY = 5;
export const R_X86_64_GLOB_DAT = 6;
export const R_X86_64_JUMP_SLOT = 7;
export const R_X86_64_RELATIVE = 8;
export const R_X86_64_GOTPCREL = 9;
export const R_X86_64_32 = 10;
export const R_X86_64_32S = 11;
export const R_X86_64_16 = 12;
export const R_X86_64_PC16 = 13;
export const R_X86_64_8 = 14;
export const R_X86_64_PC8 = 15;
export const R_X86_64_DTPMOD64 = 16;
export const R_X86_64_DTPOFF64 = 17;
export const R_X86_64_TPOFF64 = 18;
export const R_X86_64_TLSGD = 19;
export const R_X86_64_TLSLD = 20;
export const R_X86_64_DTPOFF32 = 21;
export const R_X86_64_GOTTPOFF = 22;
export const R_X86_64_TPOFF32 = 23;
export const R_X86_64_PC64 = 24;
export const R_X86_64_GOTOFF64 = 25;
export const R_X86_64_GOTPC32 = 26;
export const R_X86_64_GOT64 = 27;
export const R_X86_64_GOTPCREL64 = 28;
export const R_X86_64_GOTPC64 = 29;
export const R_X86_64_GOTPLT64 = 30;
export const R_X86_64_PLTOFF64 = 31;
export const R_X86_64_SIZE32 = 32;
export const R_X86_64_SIZE64 = 33;
export const R_X86_64_GOTPC32_TLSDESC = 34;
export const R_X86_64_TLSDESC_CALL = 35;
export const R_X86_64_TLSDESC = 36;
export const R_X86_64_IRELATIVE = 37;
export const R_X86_64_RELATIVE64 = 38;
export const R_X86_64_PC32_BND = 39;
export const R_X86_64_PLT32_BND = 40;
export const R_X86_64_GOTPCRELX = 41;
export const R_X86_64_REX_GOTPCRELX = 42;
export const R_X86_64_GNU_VTINHERIT = 250;
export const R_X86_64_GNU_VTENTRY = 251;

let typesByNumber: ReadonlyMap<number, RelocationType> | undefined;

/**
 * Every relocation type by number, made at the first call: readelf, `explain` and the linker's
 * messages need it, a static program's run does not (its table was ~27 KB of fresh memory at every
 * start of `miros run`, issue 4).
 */
export function relocationTypes(): ReadonlyMap<number, RelocationType> {
  if (typesByNumber === undefined) {
    const rows: readonly (readonly [number, string, RelocationField, string, boolean])[] = [
      [R_X86_64_NONE, 'R_X86_64_NONE', 'none', 'nothing', true],
      [R_X86_64_64, 'R_X86_64_64', 'word64', 'S + A', true],
      [R_X86_64_PC32, 'R_X86_64_PC32', 'word32s', 'S + A - P', true],
      [R_X86_64_GOT32, 'R_X86_64_GOT32', 'word32', 'G + A', false],
      [R_X86_64_PLT32, 'R_X86_64_PLT32', 'word32s', 'L + A - P', false],
      [R_X86_64_COPY, 'R_X86_64_COPY', 'none', "copy S's bytes from the defining object", true],
      [R_X86_64_GLOB_DAT, 'R_X86_64_GLOB_DAT', 'word64', 'S', true],
      [R_X86_64_JUMP_SLOT, 'R_X86_64_JUMP_SLOT', 'word64', 'S', true],
      [R_X86_64_RELATIVE, 'R_X86_64_RELATIVE', 'word64', 'B + A', true],
      [R_X86_64_GOTPCREL, 'R_X86_64_GOTPCREL', 'word32s', 'G + GOT + A - P', false],
      [R_X86_64_32, 'R_X86_64_32', 'word32', 'S + A', true],
      [R_X86_64_32S, 'R_X86_64_32S', 'word32s', 'S + A', false],
      [R_X86_64_16, 'R_X86_64_16', 'word16', 'S + A', false],
      [R_X86_64_PC16, 'R_X86_64_PC16', 'word16', 'S + A - P', false],
      [R_X86_64_8, 'R_X86_64_8', 'word8', 'S + A', false],
      [R_X86_64_PC8, 'R_X86_64_PC8', 'word8', 'S + A - P', false],
      [R_X86_64_DTPMOD64, 'R_X86_64_DTPMOD64', 'word64', "ID of S's module (TLS)", true],
      [R_X86_64_DTPOFF64, 'R_X86_64_DTPOFF64', 'word64', "offset of S + A in its module's TLS block", true],
      [R_X86_64_TPOFF64, 'R_X86_64_TPOFF64', 'word64', 'offset of S + A from the thread pointer', true],
      [R_X86_64_TLSGD, 'R_X86_64_TLSGD', 'word32s', "PC-relative offset of S's GD GOT entry pair", false],
      [R_X86_64_TLSLD, 'R_X86_64_TLSLD', 'word32s', "PC-relative offset of the module's LD GOT entry pair", false],
      [R_X86_64_DTPOFF32, 'R_X86_64_DTPOFF32', 'word32s', "offset of S + A in its module's TLS block", false],
      [R_X86_64_GOTTPOFF, 'R_X86_64_GOTTPOFF', 'word32s', "PC-relative offset of S's IE GOT entry", false],
      [R_X86_64_TPOFF32, 'R_X86_64_TPOFF32', 'word32s', 'offset of S + A from the thread pointer', true],
      [R_X86_64_PC64, 'R_X86_64_PC64', 'word64', 'S + A - P', true],
      [R_X86_64_GOTOFF64, 'R_X86_64_GOTOFF64', 'word64', 'S + A - GOT', false],
      [R_X86_64_GOTPC32, 'R_X86_64_GOTPC32', 'word32s', 'GOT + A - P', false],
      [R_X86_64_GOT64, 'R_X86_64_GOT64', 'word64', 'G + A', false],
      [R_X86_64_GOTPCREL64, 'R_X86_64_GOTPCREL64', 'word64', 'G + GOT - P + A', false],
      [R_X86_64_GOTPC64, 'R_X86_64_GOTPC64', 'word64', 'GOT - P + A', false],
      [R_X86_64_GOTPLT64, 'R_X86_64_GOTPLT64', 'word64', 'G + A', false],
      [R_X86_64_PLTOFF64, 'R_X86_64_PLTOFF64', 'word64', 'L - GOT + A', false],
      [R_X86_64_SIZE32, 'R_X86_64_SIZE32', 'word32', 'Z + A', true],
      [R_X86_64_SIZE64, 'R_X86_64_SIZE64', 'word64', 'Z + A', true],
      [
        R_X86_64_GOTPC32_TLSDESC,
        'R_X86_64_GOTPC32_TLSDESC',
        'word32s',
        "PC-relative offset of S's TLS descriptor in the GOT",
        false,
      ],
      [R_X86_64_TLSDESC_CALL, 'R_X86_64_TLSDESC_CALL', 'none', 'marks the call through a TLS descriptor', false],
      [R_X86_64_TLSDESC, 'R_X86_64_TLSDESC', 'tlsdesc', 'TLS descriptor for S + A (resolver, argument)', true],
      [R_X86_64_IRELATIVE, 'R_X86_64_IRELATIVE', 'word64', 'the result of calling the resolver at B + A', true],
      [R_X86_64_RELATIVE64, 'R_X86_64_RELATIVE64', 'word64', 'B + A', true],
      [R_X86_64_PC32_BND, 'R_X86_64_PC32_BND', 'word32s', 'S + A - P', false],
      [R_X86_64_PLT32_BND, 'R_X86_64_PLT32_BND', 'word32s', 'L + A - P', false],
      [R_X86_64_GOTPCRELX, 'R_X86_64_GOTPCRELX', 'word32s', 'G + GOT + A - P (relaxable)', false],
      [R_X86_64_REX_GOTPCRELX, 'R_X86_64_REX_GOTPCRELX', 'word32s', 'G + GOT + A - P (relaxable, REX)', false],
      [R_X86_64_GNU_VTINHERIT, 'R_X86_64_GNU_VTINHERIT', 'none', 'C++ vtable inheritance (link-time GC)', false],
      [R_X86_64_GNU_VTENTRY, 'R_X86_64_GNU_VTENTRY', 'none', 'C++ vtable entry use (link-time GC)', false],
    ];
    typesByNumber = new Map(
      rows.map(([type, name, field, computes, runtime]) => [type, { type, name, field, computes, runtime }]),
    );
  }
  return typesByNumber;
}

/** The type's name; GNU readelf's "unrecognized: 2a" style for unknown numbers. */
export function relocationTypeName(type: number): string {
  return relocationTypes().get(type)?.name ?? `unrecognized: ${type.toString(16)}`;
}
