// Which sections a segment holds — the rule binutils uses (ELF_SECTION_IN_SEGMENT_STRICT in
// include/elf/internal.h), so `readelf -l`'s section-to-segment map, objdump and the crash
// report agree with GNU tools about it.
import {
  type ProgramHeader,
  PT_DYNAMIC,
  PT_GNU_EH_FRAME,
  PT_GNU_RELRO,
  PT_GNU_SFRAME,
  PT_GNU_STACK,
  PT_LOAD,
  PT_NOTE,
  PT_PHDR,
  PT_TLS,
} from './program-headers.ts';
import { type SectionHeader, SHF_ALLOC, SHF_TLS, SHT_NOBITS } from './section-headers.ts';

const PT_GNU_MBIND_LO = 0x6474e555;
const PT_GNU_MBIND_HI = 0x6474f554;

/** x - 1 in 64-bit unsigned arithmetic (0 - 1 wraps to the largest value). */
function minusOne(x: number): number {
  return x === 0 ? Number.POSITIVE_INFINITY : x - 1;
}

/** .tbss occupies no address space outside the PT_TLS segment. */
export function isTbssOutsideTls(section: SectionHeader, segment: ProgramHeader): boolean {
  return (section.flags & SHF_TLS) !== 0 && section.type === SHT_NOBITS && segment.type !== PT_TLS;
}

/**
 * Whether `segment` holds `section`, as `readelf -l` maps them: strict (a zero-sized section at
 * a segment's end does not count), and .tbss only in PT_TLS.
 */
export function sectionInSegment(section: SectionHeader, segment: ProgramHeader): boolean {
  if (isTbssOutsideTls(section, segment)) return false;
  const tls = (section.flags & SHF_TLS) !== 0;
  const alloc = (section.flags & SHF_ALLOC) !== 0;
  const p = segment.type;
  // Only PT_LOAD, PT_GNU_RELRO and PT_TLS hold TLS sections; PT_TLS only those; PT_PHDR none.
  const typeFits = tls ? p === PT_TLS || p === PT_GNU_RELRO || p === PT_LOAD : p !== PT_TLS && p !== PT_PHDR;
  if (!typeFits) return false;
  // Loadable-style segments hold only allocated sections.
  const allocOnly =
    p === PT_LOAD ||
    p === PT_DYNAMIC ||
    p === PT_GNU_EH_FRAME ||
    p === PT_GNU_STACK ||
    p === PT_GNU_RELRO ||
    p === PT_GNU_SFRAME ||
    (p >= PT_GNU_MBIND_LO && p <= PT_GNU_MBIND_HI);
  if (!alloc && allocOnly) return false;
  const size = section.size; // isTbssOutsideTls was excluded above, so the size counts
  // A section with file contents must lie within the segment's file image.
  if (section.type !== SHT_NOBITS) {
    if (section.offset < segment.offset) return false;
    const into = section.offset - segment.offset;
    if (into > minusOne(segment.fileSize)) return false;
    if (into + size > segment.fileSize) return false;
  }
  // An allocated section must lie within the segment's memory image.
  if (alloc) {
    if (section.address < segment.virtualAddress) return false;
    const into = section.address - segment.virtualAddress;
    if (into > minusOne(segment.memorySize)) return false;
    if (into + size > segment.memorySize) return false;
  }
  // No empty sections at the start or end of PT_DYNAMIC or PT_NOTE.
  if ((p === PT_DYNAMIC || p === PT_NOTE) && size === 0 && segment.memorySize !== 0) {
    const fileInside =
      section.type === SHT_NOBITS ||
      (section.offset > segment.offset && section.offset - segment.offset < segment.fileSize);
    const memoryInside =
      !alloc ||
      (section.address > segment.virtualAddress && section.address - segment.virtualAddress < segment.memorySize);
    if (!(fileInside && memoryInside)) return false;
  }
  return true;
}
