// `readelf -d`: the dynamic section, as GNU readelf 2.40 prints it.
import {
  DT_NEEDED,
  DT_RPATH,
  DT_RUNPATH,
  DT_SONAME,
  DT_USED,
  decodeFlags,
  dynamicFlagNames,
  dynamicFlags1Names,
  dynamicTagName,
  dynamicTags,
  ElfError,
  type FlagNames,
  featureFlagNames,
  gnuFlags1Names,
  positionalFlagNames,
  type StringTable,
} from '../../elf/index.ts';
import { fullHex, hex, plural, prefixHex } from './format.ts';
import type { Listing } from './listing.ts';

/** Tags printed as "Label: [name]", or just the raw value when the name is unreadable. */
const nameOrValueTags: ReadonlySet<number> = new Set([DT_NEEDED, DT_SONAME, DT_RPATH, DT_RUNPATH]);

/** The dynamic string table, or undefined when the dynamic section points nowhere readable. */
export function dynamicStringsOrNothing(listing: Listing): StringTable | undefined {
  try {
    return listing.elf.dynamicStrings;
  } catch (error) {
    if (error instanceof ElfError) return undefined;
    throw error;
  }
}

/** DT_FLAGS_1 and friends: "Flags: NOW PIE", " None" for zero, leftover bits in hex. */
function flagsWord(value: number, names: FlagNames): string {
  if (value === 0) return 'Flags: None';
  const { names: set, unknown } = decodeFlags(value, names);
  return `Flags:${set.map((n) => ` ${n}`).join('')}${unknown !== 0 ? ` ${hex(unknown)}` : ''}`;
}

/** DT_FLAGS: names separated by spaces, "unknown" for each unnamed bit. */
function dynamicFlags(value: number): string {
  const words: string[] = [];
  for (let rest = value >>> 0; rest !== 0; rest = (rest & (rest - 1)) >>> 0) {
    const bit = (rest & -rest) >>> 0;
    words.push(dynamicFlagNames.find(([b]) => b === bit)?.[1] ?? 'unknown');
  }
  return words.join(' ');
}

function gmtime(seconds: number): string {
  const d = new Date(seconds * 1000);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${String(d.getUTCFullYear()).padStart(4, '0')}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}T${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

export function listDynamicSection(listing: Listing): void {
  const { elf } = listing;
  const dynamic = elf.dynamic;
  if (!dynamic) {
    listing.line('\nThere is no dynamic section in this file.');
    return;
  }
  const strings = dynamicStringsOrNothing(listing);
  const interpreter = elf.interpreter;
  const count = dynamic.entries.length;
  listing.line(
    `\nDynamic section at offset 0x${dynamic.offset.toString(16)} contains ${count} ${plural(count, 'entry', 'entries')}:`,
  );
  listing.line('  Tag        Type                         Name/Value');
  for (const entry of dynamic.entries) {
    const name = dynamicTagName(entry.tag, elf.reader.hex64(entry.offset));
    const pad = ' '.repeat(Math.max(19 - name.length, 1));
    const value = entry.value;
    const info = dynamicTags().get(entry.tag);
    const stringAt = (offset: number) => (strings?.has(offset) ? strings.lookup(offset) : undefined);
    let text: string;
    switch (info?.kind) {
      case 'flags':
        text = dynamicFlags(value);
        break;
      case 'flags1':
        text = flagsWord(value, dynamicFlags1Names);
        break;
      case 'posflag1':
        text = flagsWord(value, positionalFlagNames);
        break;
      case 'feature':
        text = flagsWord(value, featureFlagNames);
        break;
      case 'gnuFlags1':
        text = flagsWord(value, gnuFlags1Names);
        break;
      case 'tag':
        text = dynamicTagName(value);
        break;
      case 'size':
        text = `${value} (bytes)`;
        break;
      case 'count':
        text = String(value);
        break;
      case 'ignored':
        text = '';
        break;
      case 'time':
        text = gmtime(value);
        break;
      case 'string': {
        const found = stringAt(value);
        if (entry.tag === DT_USED) text = found ? `${info.label}: [${found}]` : prefixHex(value);
        else if (nameOrValueTags.has(entry.tag)) {
          text = found !== undefined ? `${info.label}: [${found}]` : prefixHex(value);
          if (entry.tag === DT_NEEDED && found !== undefined && found === interpreter) text += ' program interpreter';
        } else {
          // AUXILIARY, FILTER, CONFIG, DEPAUDIT, AUDIT.
          text = `${info.label}: ${found !== undefined ? `[${found}]` : prefixHex(value)}`;
        }
        break;
      }
      default:
        text = prefixHex(value);
    }
    listing.line(` ${fullHex(entry.tag)} (${name})${pad}${text}`);
  }
}
