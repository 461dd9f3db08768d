// MIROS_DEBUG=libs,reloc,symbols,bindings,versions,tls,init (or `all`): what the linker does, as
// glibc's LD_DEBUG shows it, one line at a time on stderr, each prefixed with the process id
// (right-aligned in ten columns, as _dl_debug_vdprintf writes it):
//
//          12345:	file=libfoo.so.1 [1];  needed by ./prog [0]
//          12345:	binding file ./prog [0] to libfoo.so.1 [1]: normal symbol `foo' [FOO_2]
//
// `tls` (the static TLS layout, thread blocks) and `init` (each initialiser and finaliser
// scheduled) are Miros's own additions; LD_DEBUG prints init calls under `libs`, and so does Miros.

export const TRACE_CATEGORIES = ['libs', 'reloc', 'symbols', 'bindings', 'versions', 'tls', 'init'] as const;
export type TraceCategory = (typeof TRACE_CATEGORIES)[number];

export class LinkerTrace {
  private readonly enabledCategories = new Set<TraceCategory>();

  constructor(
    words: Iterable<string>,
    private readonly write: (line: string) => void,
    private readonly pid: number,
  ) {
    this.addWords(words);
  }

  private addWords(words: Iterable<string>): void {
    for (const word of words) {
      if (word === 'all') for (const category of TRACE_CATEGORIES) this.enabledCategories.add(category);
      else if ((TRACE_CATEGORIES as readonly string[]).includes(word))
        this.enabledCategories.add(word as TraceCategory);
    }
  }

  /** A trace that prints nothing. */
  static silent(): LinkerTrace {
    return new LinkerTrace([], () => {}, 0);
  }

  enabled(category: TraceCategory): boolean {
    return this.enabledCategories.has(category);
  }

  get any(): boolean {
    return this.enabledCategories.size > 0;
  }

  /** Prints `text` when `category` is on (build expensive text only after checking `enabled`). */
  line(category: TraceCategory, text: string): void {
    if (this.enabledCategories.has(category)) this.write(this.format(text));
  }

  /** `text` as a line shows it, without the newline (for lines the guest writes itself). */
  format(text: string): string {
    return `${String(this.pid).padStart(10)}:\t${text}`;
  }

  /** The same trace for a forked child: its lines carry the child's pid. */
  forProcess(pid: number): LinkerTrace {
    const trace = new LinkerTrace([], this.write, pid);
    trace.addWords(this.enabledCategories);
    return trace;
  }
}

export function hex(value: number): string {
  return `0x${value.toString(16).padStart(16, '0')}`;
}
