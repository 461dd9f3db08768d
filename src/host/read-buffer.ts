// A program file read into memory that start-up has already touched.
//
// Why: on this VM the first touch of a fresh page costs a page fault of 14-18 us, and `miros run`
// reads its program whole (a static glibc hello world: 762 KB, 186 fresh pages, ~3 ms) right after
// bin/cached-bundle.cjs read the core bundle and its code cache through a 1.1 MB buffer that
// nothing uses any more. bin/miros hands that buffer over here (donateReadBuffer, exported by the
// core bundle), and the program's read takes it when the file fits.

import * as fs from 'node:fs';

let donated: Buffer | undefined;

/** Gives `buffer` (no longer used by its owner) to the next readWholeFile that fits in it. */
export function donateReadBuffer(buffer: Buffer): void {
  donated = buffer;
}

/**
 * The whole of the file at `path`: in the donated buffer when there is one and the file is a
 * regular file that fits (the buffer is then the file's, once), else as fs.readFileSync reads it.
 * Errors are fs's (ENOENT, EACCES, EISDIR …).
 */
export function readWholeFile(path: string): Uint8Array {
  const buffer = donated;
  if (buffer === undefined) return fs.readFileSync(path);
  const fd = fs.openSync(path, 'r');
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile() || stat.size === 0 || stat.size > buffer.length) return fs.readFileSync(fd);
    donated = undefined;
    let done = 0;
    while (done < stat.size) {
      const n = fs.readSync(fd, buffer, done, stat.size - done, done);
      if (n === 0) break;
      done += n;
    }
    return buffer.subarray(0, done);
  } finally {
    fs.closeSync(fd);
  }
}
