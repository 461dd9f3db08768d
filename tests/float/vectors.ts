// Loads the natively recorded float test vectors (tests/float-vectors/data, recorded by
// tests/float-vectors/record.sh): a text header naming the operations, then fixed-size records.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

export interface VectorFile {
  /** Operation names by id. */
  ops: string[];
  recordSize: number;
  /** The records, back to back. */
  data: Buffer;
  count: number;
}

export function loadVectors(name: string): VectorFile {
  const raw = gunzipSync(readFileSync(new URL(`../float-vectors/data/${name}`, import.meta.url)));
  const firstNewline = raw.indexOf(10);
  const secondNewline = raw.indexOf(10, firstNewline + 1);
  const header = raw.subarray(0, firstNewline).toString('latin1').split(' ');
  const recordSize = Number(header[2]);
  const ops = raw
    .subarray(firstNewline + 1, secondNewline)
    .toString('latin1')
    .split(' ');
  const data = raw.subarray(secondNewline + 1);
  if (data.length % recordSize !== 0) throw new Error(`${name}: truncated vector file`);
  return { ops, recordSize, data, count: data.length / recordSize };
}

export function hex(data: Uint8Array, offset: number, size: number): string {
  let s = '';
  for (let i = offset + size - 1; i >= offset; i--) s += data[i]!.toString(16).padStart(2, '0');
  return s;
}
