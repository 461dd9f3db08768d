// printf's output path: a staging buffer in front of the sink, and the running count of code
// units printf returns (an int: past INT_MAX glibc fails with EOVERFLOW). The units are bytes for
// the narrow family and wchar_t for the wide one (the staging buffer is then a Uint32Array, and
// the ASCII bytes the number formatters write are widened as they are staged).

import type { ByteSink, FormatUnits, UnitSink } from './format-io.ts';

const STAGING_SIZE = 4096;
/** Up to this many bytes are copied in a loop: `subarray` + `set` costs an allocation per call. */
const SMALL_COPY = 64;
const INT_MAX = 0x7fffffff;

/** Thrown when the output count would pass INT_MAX; printf returns -1 with errno EOVERFLOW. */
export class OutputCountOverflow extends Error {}

export class FormatOutput {
  /** Units written so far (what %n stores and printf returns). */
  count = 0;
  private readonly staging: FormatUnits;
  private used = 0;
  private sink: ByteSink | UnitSink | null = null;

  constructor(readonly wide = false) {
    this.staging = wide ? new Uint32Array(STAGING_SIZE) : new Uint8Array(STAGING_SIZE);
  }

  reset(sink: ByteSink | UnitSink): void {
    this.sink = sink;
    this.count = 0;
    this.used = 0;
  }

  byte(value: number): void {
    if (this.count >= INT_MAX) throw new OutputCountOverflow();
    if (this.used === STAGING_SIZE) this.flush();
    this.staging[this.used++] = value;
    this.count++;
  }

  bytes(source: FormatUnits, start: number, end: number): void {
    const length = end - start;
    if (length <= 0) return;
    if (this.count + length > INT_MAX) throw new OutputCountOverflow();
    this.count += length;
    if (length > STAGING_SIZE - this.used) {
      this.flush();
      // A wide sink takes only wide units: a byte source is staged (widened) in pieces.
      if (length > STAGING_SIZE / 2 && (!this.wide || source instanceof Uint32Array)) {
        (this.sink as UnitSink).write(source, start, end);
        return;
      }
      if (length > STAGING_SIZE) {
        for (let at = start; at < end; at += STAGING_SIZE) {
          const piece = Math.min(STAGING_SIZE, end - at);
          this.staging.set(source.subarray(at, at + piece), 0);
          this.used = piece;
          this.flush();
        }
        return;
      }
    }
    const staging = this.staging;
    let used = this.used;
    if (length <= SMALL_COPY) {
      // `>>> 0`: the source may be guest memory above 2^31, where V8 needs a provable uint32 index.
      for (let i = start; i < end; i++) staging[used++] = source[i >>> 0]!;
    } else {
      staging.set(source.subarray(start, end), used);
      used += length;
    }
    this.used = used;
  }

  /** Writes `count` copies of `value` (nothing when count <= 0), as glibc's _IO_padn. */
  pad(value: number, count: number): void {
    if (count <= 0) return;
    if (this.count + count > INT_MAX) throw new OutputCountOverflow();
    this.count += count;
    while (count > 0) {
      if (this.used === STAGING_SIZE) this.flush();
      const n = Math.min(count, STAGING_SIZE - this.used);
      this.staging.fill(value, this.used, this.used + n);
      this.used += n;
      count -= n;
    }
  }

  /** Hands the staged bytes to the sink. */
  flush(): void {
    if (this.used > 0) {
      const n = this.used;
      this.used = 0;
      (this.sink as UnitSink).write(this.staging, 0, n);
    }
  }
}
