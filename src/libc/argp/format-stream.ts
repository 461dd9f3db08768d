// argp's word-wrapping output stream (glibc 2.36 argp/argp-fmtstream.c and the inline functions
// of argp-fmtstream.h): text goes into a buffer of 200 bytes at first; lines longer than the
// right margin are broken at the last blank before it (or after an over-long word) and continued
// at the wrap margin; each line starts at the left margin. The buffer is modelled byte for byte,
// stale bytes included, because glibc's scan looks one byte past the text (at fs->p) when a line
// ends exactly at the margin, and when the buffer has no room the spaces of a margin go straight
// to the stream, before the text still in the buffer: the output must come out the same.
// Output is collected in `pending` (in order) for the caller to write to the FILE.

/** glibc's INIT_BUF_SIZE and PRINTF_SIZE_GUESS. */
const INITIAL_SIZE = 200;
const PRINTF_SIZE_GUESS = 150;
const NEWLINE = 0x0a;
const SPACE = 0x20;

function isBlank(byte: number | undefined): boolean {
  return byte === SPACE || byte === 0x09;
}

export class FormatStream {
  private buffer = new Uint8Array(INITIAL_SIZE);
  /** fs->p: the end of the text in the buffer. */
  private end = 0;
  /** fs->point_offs: how far update() has scanned. */
  private pointOffset = 0;
  /** fs->point_col: the output column at pointOffset (-1: after a wrap with no wrap margin). */
  private pointColumn = 0;
  /** Bytes to write to the stream, in order. */
  readonly pending: Uint8Array[] = [];

  constructor(
    private leftMargin: number,
    private rightMargin: number,
    private wrapMargin: number,
  ) {}

  private emit(bytes: Uint8Array): void {
    if (bytes.length > 0) this.pending.push(bytes.slice());
  }

  private emitSpaces(count: number): void {
    if (count > 0) this.pending.push(new Uint8Array(count).fill(SPACE));
  }

  /** The bytes pending so far, removed from the queue. */
  takePending(): Uint8Array[] {
    return this.pending.splice(0, this.pending.length);
  }

  /** __argp_fmtstream_update: wraps the text from pointOffset to the end. */
  private update(): void {
    const buf = this.buffer;
    const capacity = buf.length;
    let start = this.pointOffset;
    while (start < this.end) {
      if (this.pointColumn === 0 && this.leftMargin !== 0) {
        const pad = this.leftMargin;
        if (this.end + pad < capacity) {
          buf.copyWithin(start + pad, start, this.end);
          this.end += pad;
          buf.fill(SPACE, start, start + pad);
          start += pad;
        } else this.emitSpaces(pad);
        this.pointColumn = pad;
      }
      let length = this.end - start;
      let newline = buf.subarray(start, this.end).indexOf(NEWLINE);
      if (newline >= 0) newline += start;
      if (this.pointColumn < 0) this.pointColumn = 0;
      if (newline < 0) {
        if (this.pointColumn + length < this.rightMargin) {
          this.pointColumn += length;
          break;
        }
        newline = this.end;
      } else if (this.pointColumn + (newline - start) < this.rightMargin) {
        this.pointColumn = 0;
        start = newline + 1;
        continue;
      }
      // The line is too long.
      const r = this.rightMargin - 1;
      if (this.wrapMargin < 0) {
        // Truncation: what passes the margin is dropped up to the newline.
        if (newline < this.end) {
          const to = start + (r - this.pointColumn);
          buf.copyWithin(to, newline, this.end);
          this.end -= newline - to;
          this.pointColumn = 0;
          start += r + 1;
        } else {
          this.pointColumn += length;
          this.end -= this.pointColumn - r;
          break;
        }
        continue;
      }
      let p = start + (r + 1 - this.pointColumn);
      while (p >= start && !isBlank(buf[p])) p--;
      let nextLine = p + 1;
      if (nextLine > start) {
        // Swallow the blanks before the break.
        if (p >= start)
          do p--;
          while (p >= start && isBlank(buf[p]));
        newline = p + 1;
      } else {
        // One word longer than the line: it stays whole on an over-long line.
        p = start + (r + 1 - this.pointColumn);
        do p++;
        while (p < newline && !isBlank(buf[p]));
        if (p === newline) {
          this.pointColumn = 0;
          start = newline + 1;
          continue;
        }
        newline = p;
        do p++;
        while (isBlank(buf[p]));
        nextLine = p;
      }
      const wrap = this.wrapMargin;
      const atEnd = nextLine === start + length + 1;
      if ((atEnd ? capacity - newline < wrap + 1 : nextLine - (newline + 1) < wrap) && this.end > nextLine) {
        if (capacity - this.end > wrap + 1) {
          const moved = this.end - nextLine;
          buf.copyWithin(newline + 1 + wrap, nextLine, this.end);
          nextLine = newline + 1 + wrap;
          length = nextLine + moved - start;
          buf[newline++] = NEWLINE;
        } else {
          // No room: the first line goes out now.
          this.emit(buf.subarray(0, newline));
          this.emit(Uint8Array.of(NEWLINE));
          length += start;
          newline = start = 0;
        }
      } else buf[newline++] = NEWLINE;
      if (nextLine - newline >= wrap || (nextLine === start + length + 1 && capacity - nextLine >= wrap)) {
        buf.fill(SPACE, newline, newline + Math.max(wrap, 0));
        newline += Math.max(wrap, 0);
      } else this.emitSpaces(wrap);
      if (newline < nextLine) buf.copyWithin(newline, nextLine, start + length);
      length -= nextLine - start;
      start = newline;
      this.end = newline + length;
      this.pointColumn = wrap !== 0 ? wrap : -1;
    }
    this.pointOffset = this.end;
  }

  /** __argp_fmtstream_ensure: room for `amount` more bytes (flushing, then growing). */
  private ensure(amount: number): void {
    if (this.buffer.length - this.end >= amount) return;
    this.update();
    this.emit(this.buffer.subarray(0, this.end));
    this.end = 0;
    this.pointOffset = 0;
    if (this.buffer.length < amount) {
      const grown = new Uint8Array(this.buffer.length + amount);
      grown.set(this.buffer);
      this.buffer = grown;
    }
  }

  /** __argp_fmtstream_write. */
  write(bytes: Uint8Array): void {
    if (this.end + bytes.length > this.buffer.length) this.ensure(bytes.length);
    this.buffer.set(bytes, this.end);
    this.end += bytes.length;
  }

  /** __argp_fmtstream_puts of Latin-1 text. */
  puts(text: string): void {
    if (text.length > 0) this.write(Buffer.from(text, 'latin1'));
  }

  /** __argp_fmtstream_putc. */
  putc(ch: string): void {
    if (this.end >= this.buffer.length) this.ensure(1);
    this.buffer[this.end++] = ch.charCodeAt(0);
  }

  /**
   * __argp_fmtstream_printf of already formatted text: vsnprintf into what is left of the buffer
   * (a too-short attempt leaves its truncated bytes behind), then the text and its NUL.
   */
  printf(text: string): void {
    const bytes = Buffer.from(text, 'latin1');
    let guess = PRINTF_SIZE_GUESS;
    for (;;) {
      this.ensure(guess);
      const available = this.buffer.length - this.end;
      if (bytes.length < available) break;
      this.buffer.set(bytes.subarray(0, available - 1), this.end);
      this.buffer[this.buffer.length - 1] = 0;
      guess = bytes.length + 1;
    }
    this.buffer.set(bytes, this.end);
    this.buffer[this.end + bytes.length] = 0;
    this.end += bytes.length;
  }

  private updated(): void {
    if (this.end > this.pointOffset) this.update();
  }

  /** __argp_fmtstream_set_lmargin: returns the old margin. */
  setLeftMargin(margin: number): number {
    this.updated();
    const old = this.leftMargin;
    this.leftMargin = margin;
    return old;
  }

  /** __argp_fmtstream_set_wmargin: returns the old margin. */
  setWrapMargin(margin: number): number {
    this.updated();
    const old = this.wrapMargin;
    this.wrapMargin = margin;
    return old;
  }

  get leftMarginValue(): number {
    return this.leftMargin;
  }

  get wrapMarginValue(): number {
    return this.wrapMargin;
  }

  get rightMarginValue(): number {
    return this.rightMargin;
  }

  /** __argp_fmtstream_point: the current output column. */
  point(): number {
    this.updated();
    return this.pointColumn >= 0 ? this.pointColumn : 0;
  }

  /** __argp_fmtstream_free (the flushing part). */
  finish(): void {
    this.update();
    if (this.end > 0) this.emit(this.buffer.subarray(0, this.end));
    this.end = 0;
  }
}
