// `miros readelf`: GNU readelf's listings (-h -l -S -s --dyn-syms -r -d -n -V -a -W), line for
// line as binutils 2.40 prints them, from Miros's own ELF reader. Each listing lives in
// src/cli/readelf/; this file parses options and runs them in readelf's order.
import { readFileSync } from 'node:fs';
import { ElfFile } from '../elf/index.ts';
import type { Command, CommandIO } from './command.ts';
import { type ParsedArgs, UsageError } from './options.ts';
import { listDynamicSection } from './readelf/dynamic-section.ts';
import { listFileHeader } from './readelf/file-header.ts';
import { listHistogram } from './readelf/histogram.ts';
import { Listing, type ListingOptions } from './readelf/listing.ts';
import { listNotes } from './readelf/notes.ts';
import { listProgramHeaders } from './readelf/program-headers.ts';
import { listRelocations } from './readelf/relocations.ts';
import { listSectionGroups } from './readelf/section-groups.ts';
import { listSectionHeaders } from './readelf/section-headers.ts';
import { listSymbols } from './readelf/symbols.ts';
import { listVersions } from './readelf/versions.ts';
import { describeError, isBrokenPipe } from './report-error.ts';

/** What to list, in the order GNU readelf lists it. */
interface Selection {
  header: boolean;
  sections: boolean;
  groups: boolean;
  segments: boolean;
  dynamic: boolean;
  relocs: boolean;
  unwind: boolean;
  symbols: boolean;
  dynamicSymbols: boolean;
  histogram: boolean;
  versions: boolean;
  notes: boolean;
}

function selection(args: ParsedArgs): Selection {
  const on = (key: string) => args.options.get(key) === true;
  const all = on('all');
  const headers = on('headers');
  return {
    header: all || headers || on('file-header'),
    sections: all || headers || on('section-headers'),
    groups: all || on('section-groups'),
    segments: all || headers || on('program-headers'),
    dynamic: all || on('dynamic'),
    relocs: all || on('relocs'),
    unwind: all || on('unwind'),
    symbols: all || on('symbols'),
    dynamicSymbols: on('dyn-syms'),
    histogram: all || on('histogram'),
    versions: all || on('version-info'),
    notes: all || on('notes'),
  };
}

function list(what: Selection, listing: Listing): void {
  if (what.header) listFileHeader(listing);
  if (what.sections) listSectionHeaders(listing);
  if (what.groups) listSectionGroups(listing);
  if (what.segments) listProgramHeaders(listing);
  if (what.dynamic) listDynamicSection(listing);
  if (what.relocs) listRelocations(listing);
  // x86-64 unwinds through .eh_frame (DWARF CFI), which GNU readelf shows with --debug-dump=frames.
  if (what.unwind) listing.line('No processor specific unwind information to decode');
  if (what.symbols || what.dynamicSymbols || what.histogram) {
    listSymbols(listing, { all: what.symbols, dynamicOnly: what.dynamicSymbols && !what.symbols });
    if (what.histogram) listHistogram(listing);
  }
  if (what.versions) listVersions(listing);
  if (what.notes) listNotes(listing);
}

export const readelfCommand: Command = {
  name: 'readelf',
  usage: 'Usage: miros readelf <option(s)> elf-file(s)',
  options: [
    { key: 'all', short: 'a', long: 'all', help: 'Equivalent to: -h -l -S -s -r -d -V -n -I -g -u' },
    { key: 'file-header', short: 'h', long: 'file-header', help: 'Display the ELF file header' },
    { key: 'program-headers', short: 'l', long: 'program-headers', help: 'Display the program headers' },
    { key: 'program-headers', long: 'segments', help: 'An alias for --program-headers' },
    { key: 'section-headers', short: 'S', long: 'section-headers', help: "Display the sections' header" },
    { key: 'section-headers', long: 'sections', help: 'An alias for --section-headers' },
    { key: 'section-groups', short: 'g', long: 'section-groups', help: 'Display the section groups' },
    { key: 'headers', short: 'e', long: 'headers', help: 'Equivalent to: -h -l -S' },
    { key: 'symbols', short: 's', long: 'symbols', help: 'Display the symbol table' },
    { key: 'symbols', long: 'syms', help: 'An alias for --symbols' },
    { key: 'dyn-syms', long: 'dyn-syms', help: 'Display the dynamic symbol table' },
    { key: 'notes', short: 'n', long: 'notes', help: 'Display the core notes (if present)' },
    { key: 'relocs', short: 'r', long: 'relocs', help: 'Display the relocations (if present)' },
    { key: 'unwind', short: 'u', long: 'unwind', help: 'Display the unwind info (if present)' },
    { key: 'dynamic', short: 'd', long: 'dynamic', help: 'Display the dynamic section (if present)' },
    { key: 'version-info', short: 'V', long: 'version-info', help: 'Display the version sections (if present)' },
    { key: 'histogram', short: 'I', long: 'histogram', help: 'Display histogram of bucket list lengths' },
    { key: 'wide', short: 'W', long: 'wide', help: 'Allow output width to exceed 80 characters' },
  ],
  run(args: ParsedArgs, io: CommandIO): number {
    const what = selection(args);
    if (!Object.values(what).some(Boolean))
      throw new UsageError('nothing to do: give at least one of -h -l -S -s -r -d -n -V -a');
    if (args.positionals.length === 0) throw new UsageError('no ELF file given');
    const wide = args.options.get('wide') === true;
    const showName = args.positionals.length > 1;
    let status = 0;
    for (const path of args.positionals) {
      let listing: Listing | undefined;
      try {
        const elf = ElfFile.parse(readFileSync(path), path);
        const options: ListingOptions = { wide, fileHeader: what.header };
        listing = new Listing(elf, options);
        if (showName) listing.line(`\nFile: ${path}`);
        list(what, listing);
        io.stdout(listing.take());
      } catch (error) {
        // Print what was listed before the damage, then the one-line reason; go on with the next file.
        if (listing) io.stdout(listing.take());
        // A closed stdout (`| head`) ends the command quietly: main() turns EPIPE into a clean exit.
        if (isBrokenPipe(error)) throw error;
        io.stderr(`${describeError(error)}\n`);
        status = 1;
      }
    }
    return status;
  },
};
