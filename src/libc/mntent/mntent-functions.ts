// <mntent.h>: reading fstab/mtab-format files as glibc 2.36's misc/mntent_r.c does. setmntent
// opens the file as fopen with "ce" added to the mode (close-on-exec) and locking by the caller;
// getmntent_r reads a line with fgets into the caller's buffer, drops trailing blanks, skips empty
// and comment lines, splits four blank-separated fields (each decoded in place: \040 space, \011
// tab, \012 newline, \134 and \\ backslash; a missing field is "") and reads freq and passno as
// sscanf(" %d %d ") would (0 when absent). A line longer than the buffer is cut and the rest of it
// read and dropped. hasmntopt finds an option as a whole comma-separated word.
import type { FunctionTable } from '../exports/binding-types.ts';
import { checkWrite, cStringLength, cStringView, loadPointer, storePointer } from '../runtime/guest-access.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { copyForChild, ProcessState } from '../runtime/process-states.ts';
import { fclose, fopen } from '../stdio/file-functions.ts';
import { FileFlag } from '../stdio/file-layout.ts';
import { runNow } from '../stdio/stream-io.ts';
import { IntegerParse, parseInteger } from '../stdlib/number-parsing/strtol.ts';

const MNT_FSNAME = 0;
const MNT_DIR = 8;
const MNT_TYPE = 16;
const MNT_OPTS = 24;
const MNT_FREQ = 32;
const MNT_PASSNO = 36;
const MNTENT_SIZE = 40;
/** getmntent's static line buffer (glibc: BUFSIZ). */
const BUFSIZ = 8192;
const NEWLINE = 0x0a;
const SPACE = 0x20;
const TAB = 0x09;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const EQUALS = 0x3d;

/** Per-process static storage: getmntent's struct and buffer, and the "" of missing fields. */
interface MntentStatics {
  entry: number;
  buffer: number;
  empty: number;
}

const statics = new ProcessState<MntentStatics>('mntent/mntent-functions statics', copyForChild, (libc) => ({
  entry: libc.data.allocate(MNTENT_SIZE, 8),
  buffer: libc.data.allocate(BUFSIZ, 16),
  empty: libc.data.allocate(1, 1),
}));

function setmntent(libc: LibcProcess, file: number, mode: number): number {
  const length = cStringLength(libc.memory, mode);
  const extended = libc.scratch;
  checkWrite(libc.memory, extended, length + 3);
  libc.memory.bytes.copyWithin(extended, mode, mode + length);
  libc.memory.bytes.set([0x63, 0x65, 0], extended + length);
  const stream = fopen(libc, file, extended);
  // __fsetlocking(FSETLOCKING_BYCALLER): glibc's mntent functions lock the stream themselves.
  if (stream !== 0) libc.streams.setFlags(stream, libc.streams.flags(stream) | FileFlag.USER_LOCK);
  return stream;
}

const isBlank = (c: number) => c === SPACE || c === TAB;

/** Decodes the field bytes[from, to) in place (it only shrinks); returns its new end. */
function decodeField(bytes: Uint8Array, from: number, to: number): number {
  let write = from;
  for (let read = from; read < to; read++) {
    const c = bytes[read]!;
    if (c === BACKSLASH) {
      const a = bytes[read + 1];
      const b = bytes[read + 2];
      const d = bytes[read + 3];
      if (a === 0x30 && b === 0x34 && d === 0x30) {
        bytes[write++] = SPACE;
        read += 3;
        continue;
      }
      if (a === 0x30 && b === 0x31 && d === 0x31) {
        bytes[write++] = TAB;
        read += 3;
        continue;
      }
      if (a === 0x30 && b === 0x31 && d === 0x32) {
        bytes[write++] = NEWLINE;
        read += 3;
        continue;
      }
      if (a === BACKSLASH) {
        bytes[write++] = BACKSLASH;
        read += 1;
        continue;
      }
      if (a === 0x31 && b === 0x33 && d === 0x34) {
        bytes[write++] = BACKSLASH;
        read += 3;
        continue;
      }
    }
    bytes[write++] = c;
  }
  return write;
}

/** sscanf's %d reading freq and passno (strtol's parse, the long cut to an int); reused. */
const numberParse = new IntegerParse();

/** Reads one line into buffer (at most size - 1 bytes, NUL-terminated); false at end of file. */
function readLine(libc: LibcProcess, fp: number, buffer: number, size: number): boolean {
  if (size <= 1) return false;
  const stored = runNow(libc, libc.streams.readLine(fp, buffer, size - 1, NEWLINE));
  if (stored === 0) return false;
  libc.memory.bytes[buffer + stored] = 0;
  return true;
}

function getmntentR(libc: LibcProcess, fp: number, entry: number, buffer: number, size: number): number {
  const bytes = libc.memory.bytes;
  let head: number;
  let end: number;
  for (;;) {
    if (!readLine(libc, fp, buffer, size)) return 0;
    end = buffer + cStringLength(libc.memory, buffer);
    const newline = bytes.subarray(buffer, end).indexOf(NEWLINE);
    if (newline >= 0) {
      end = buffer + newline;
      while (end !== buffer && isBlank(bytes[end - 1]!)) end--;
      bytes[end] = 0;
    } else {
      // The line did not fit: read the rest of it and drop it.
      while (readLine(libc, fp, libc.scratch, 512)) {
        if (bytes.subarray(libc.scratch, libc.scratch + 512).indexOf(NEWLINE) >= 0) break;
      }
    }
    head = buffer;
    while (head < end && isBlank(bytes[head]!)) head++;
    if (head < end && bytes[head] !== 0x23) break;
  }
  checkWrite(libc.memory, entry, MNTENT_SIZE);
  const empty = statics.of(libc).empty;
  libc.memory.bytes[empty] = 0;
  // head === -1: strsep found no more delimiters (glibc's head == NULL).
  let cursor = head;
  for (const field of [MNT_FSNAME, MNT_DIR, MNT_TYPE, MNT_OPTS]) {
    if (cursor < 0) {
      storePointer(libc.memory, entry + field, empty);
      continue;
    }
    let stop = cursor;
    while (stop < end && !isBlank(bytes[stop]!)) stop++;
    const next = stop < end ? stop + 1 : -1;
    const decodedEnd = decodeField(bytes, cursor, stop);
    bytes[decodedEnd] = 0;
    storePointer(libc.memory, entry + field, cursor);
    cursor = next;
    if (cursor >= 0) while (cursor < end && isBlank(bytes[cursor]!)) cursor++;
  }
  let freq = 0;
  let passno = 0;
  if (cursor >= 0) {
    // The line ends in a NUL at `end`, where the parse stops at the latest.
    parseInteger(bytes, cursor, 10, true, numberParse);
    if (numberParse.end !== cursor) {
      freq = numberParse.low | 0;
      const second = numberParse.end;
      parseInteger(bytes, second, 10, true, numberParse);
      if (numberParse.end !== second) passno = numberParse.low | 0;
    }
  }
  libc.memory.view.setInt32(entry + MNT_FREQ, freq, true);
  libc.memory.view.setInt32(entry + MNT_PASSNO, passno, true);
  return entry;
}

function hasmntopt(libc: LibcProcess, entry: number, option: number): number {
  const memory = libc.memory;
  const opts = loadPointer(memory, entry + MNT_OPTS);
  const text = cStringView(memory, opts);
  const wanted = cStringView(memory, option);
  const haystack = Buffer.from(text.buffer, text.byteOffset, text.length);
  let rest = 0;
  for (;;) {
    const found = haystack.indexOf(wanted, rest);
    if (found < 0) return 0;
    const after = found + wanted.length;
    if (
      (found === rest || text[found - 1] === COMMA) &&
      (after === text.length || text[after] === EQUALS || text[after] === COMMA)
    )
      return opts + found;
    const comma = text.indexOf(COMMA, found);
    if (comma < 0) return 0;
    rest = comma + 1;
  }
}

export const MNTENT_FUNCTIONS: FunctionTable = {
  setmntent: (f, libc) => setmntent(libc, f.ptr(0), f.ptr(1)),
  __setmntent: (f, libc) => setmntent(libc, f.ptr(0), f.ptr(1)),
  endmntent: (f, libc) => {
    if (f.ptr(0) !== 0) runNow(libc, fclose(libc, f.ptr(0)));
    return 1;
  },
  __endmntent: (f, libc) => {
    if (f.ptr(0) !== 0) runNow(libc, fclose(libc, f.ptr(0)));
    return 1;
  },
  getmntent: (f, libc) => {
    const s = statics.of(libc);
    return getmntentR(libc, f.ptr(0), s.entry, s.buffer, BUFSIZ);
  },
  getmntent_r: (f, libc) => getmntentR(libc, f.ptr(0), f.ptr(1), f.ptr(2), f.int(3)),
  __getmntent_r: (f, libc) => getmntentR(libc, f.ptr(0), f.ptr(1), f.ptr(2), f.int(3)),
  hasmntopt: (f, libc) => hasmntopt(libc, f.ptr(0), f.ptr(1)),
};
