// TZif files (RFC 8536, zoneinfo's binary format) as glibc 2.36's tzfile.c reads them: for a
// version 2+ file only the second, 64-bit section and the POSIX TZ footer are used; a version 1
// file gives 32-bit transitions and no footer.

export interface LocalTimeType {
  /** Seconds east of UTC. */
  offset: number;
  isdst: 0 | 1;
  abbreviation: string;
}

export interface TzifData {
  /** Transition instants, ascending (seconds since the epoch). */
  transitions: Float64Array;
  /** The local time type in force from each transition on. */
  typeIndexes: Uint8Array;
  types: LocalTimeType[];
  leapSecondCount: number;
  /** The footer's POSIX TZ string for instants past the last transition (undefined if none or empty). */
  footer: string | undefined;
}

const HEADER_SIZE = 44;

interface Counts {
  isutcnt: number;
  isstdcnt: number;
  leapcnt: number;
  timecnt: number;
  typecnt: number;
  charcnt: number;
}

function readHeader(view: DataView, at: number): { version: number; counts: Counts } | undefined {
  if (at + HEADER_SIZE > view.byteLength) return undefined;
  if (view.getUint32(at, false) !== 0x545a6966 /* "TZif" */) return undefined;
  const count = (i: number) => view.getUint32(at + 20 + 4 * i, false);
  return {
    version: view.getUint8(at + 4),
    counts: {
      isutcnt: count(0),
      isstdcnt: count(1),
      leapcnt: count(2),
      timecnt: count(3),
      typecnt: count(4),
      charcnt: count(5),
    },
  };
}

function dataSize(c: Counts, timeSize: number): number {
  return (
    c.timecnt * timeSize + c.timecnt + c.typecnt * 6 + c.charcnt + c.leapcnt * (timeSize + 4) + c.isstdcnt + c.isutcnt
  );
}

/** Parses a TZif file; undefined when it is not one or is inconsistent (glibc then reads TZ as a POSIX string). */
export function parseTzif(bytes: Uint8Array): TzifData | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const first = readHeader(view, 0);
  if (first === undefined) return undefined;
  let header = first;
  let at = HEADER_SIZE;
  let timeSize = 4;
  // Version '2', '3', '4'…: skip the 32-bit data to the second header.
  const wide = first.version !== 0;
  if (wide) {
    const second = readHeader(view, HEADER_SIZE + dataSize(first.counts, 4));
    if (second === undefined) return undefined;
    header = second;
    at = 2 * HEADER_SIZE + dataSize(first.counts, 4);
    timeSize = 8;
  }
  const c = header.counts;
  if (c.typecnt === 0 || c.typecnt > 256 || c.charcnt === 0) return undefined;
  if (at + dataSize(c, timeSize) > bytes.length) return undefined;
  const transitions = new Float64Array(c.timecnt);
  for (let i = 0; i < c.timecnt; i++, at += timeSize) {
    transitions[i] =
      timeSize === 8 ? view.getInt32(at, false) * 4294967296 + view.getUint32(at + 4, false) : view.getInt32(at, false);
  }
  const typeIndexes = bytes.slice(at, at + c.timecnt);
  at += c.timecnt;
  for (const index of typeIndexes) if (index >= c.typecnt) return undefined;
  const raw: { offset: number; isdst: number; index: number }[] = [];
  for (let i = 0; i < c.typecnt; i++, at += 6) {
    const isdst = view.getUint8(at + 4);
    const index = view.getUint8(at + 5);
    if (isdst > 1 || index >= c.charcnt) return undefined;
    raw.push({ offset: view.getInt32(at, false), isdst, index });
  }
  const names = bytes.subarray(at, at + c.charcnt);
  at += c.charcnt;
  const types = raw.map(({ offset, isdst, index }) => {
    let end = names.indexOf(0, index);
    if (end < 0) end = names.length;
    return {
      offset,
      isdst: isdst as 0 | 1,
      abbreviation: Buffer.from(names.subarray(index, end)).toString('latin1'),
    };
  });
  at += c.leapcnt * (timeSize + 4) + c.isstdcnt + c.isutcnt;
  let footer: string | undefined;
  if (wide && bytes[at] === 0x0a) {
    const end = bytes.indexOf(0x0a, at + 1);
    const text = Buffer.from(bytes.subarray(at + 1, end < 0 ? bytes.length : end)).toString('latin1');
    if (text !== '') footer = text;
  }
  return { transitions, typeIndexes, types, leapSecondCount: c.leapcnt, footer };
}
