// Synchronous, complete writes to a host file descriptor.
// Node may leave stdout/stderr pipes in non-blocking mode, where writeSync throws EAGAIN
// when the pipe is full; a runtime must neither lose output nor reorder it, so wait and retry.
import { writeSync } from 'node:fs';

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** Writes every byte of `data` to host fd `fd`. Throws the host error (e.g. EPIPE) on failure. */
export function writeAllSync(fd: number, data: Uint8Array | string): void {
  let bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  while (bytes.length > 0) {
    let written: number;
    try {
      written = writeSync(fd, bytes);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EAGAIN') {
        Atomics.wait(sleeper, 0, 0, 1);
        continue;
      }
      throw error;
    }
    bytes = bytes.subarray(written);
  }
}
