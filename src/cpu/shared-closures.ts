// Closures that depend only on a few small numbers (an operation, a width, two register numbers)
// are made once and shared by every instruction of that form: binding runs ~4,500 times in a
// static hello world in V8's unoptimised start-up code, where each allocated byte costs (issue 4).
//
// A table is two levels of small arrays rather than one array indexed by a combined key: the first
// write of a high index into an empty array makes V8 grow its backing store to about 1.5 times that
// index at once (12 KB for an index near 1,000), while the used keys are few.

export class SharedClosures<T> {
  private readonly rows: ((T | undefined)[] | undefined)[];

  /** `rows` rows of 16 columns (a register number). */
  constructor(rows: number) {
    this.rows = new Array(rows);
  }

  get(row: number, column: number): T | undefined {
    const r = this.rows[row];
    return r === undefined ? undefined : r[column];
  }

  set(row: number, column: number, value: T): void {
    let r = this.rows[row];
    if (r === undefined) {
      r = new Array(16);
      this.rows[row] = r;
    }
    r[column] = value;
  }
}
