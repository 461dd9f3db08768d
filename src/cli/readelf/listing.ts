// What every readelf listing gets: the file, the display options, and the output being built.
// Output is collected as text and written by the command, so a damaged file that stops a
// listing half-way still gets everything printed before the error.
import type { ElfFile } from '../../elf/index.ts';

export interface ListingOptions {
  /** -W: no truncation, one line per entry. */
  wide: boolean;
  /** -h was given too: some listings then skip their own summary line. */
  fileHeader: boolean;
}

export class Listing {
  private readonly chunks: string[] = [];

  constructor(
    readonly elf: ElfFile,
    readonly options: ListingOptions,
  ) {}

  /** Appends text as is. */
  write(text: string): void {
    this.chunks.push(text);
  }

  /** Appends a line. */
  line(text = ''): void {
    this.chunks.push(text, '\n');
  }

  /** Everything written so far (and forgets it). */
  take(): string {
    const text = this.chunks.join('');
    this.chunks.length = 0;
    return text;
  }
}
