// The functions exit() runs: atexit, on_exit and __cxa_atexit registrations in one list, run in
// reverse order of registration (glibc's __exit_funcs). __cxa_finalize(d) runs, early, those
// registered with DSO handle d (a library being unloaded); each handler runs at most once.
export const enum HandlerKind {
  /** void fn(void) — atexit. */
  Atexit = 0,
  /** void fn(int status, void *arg) — on_exit. */
  OnExit = 1,
  /** void fn(void *arg) — __cxa_atexit. */
  Cxa = 2,
}

export interface ExitHandler {
  kind: HandlerKind;
  fn: number;
  arg: number;
  dso: number;
  done: boolean;
}

export class ExitHandlers {
  readonly list: ExitHandler[] = [];

  /** A forked child's handlers: the parent's, done or not as they were. */
  copy(): ExitHandlers {
    const copy = new ExitHandlers();
    for (const handler of this.list) copy.list.push({ ...handler });
    return copy;
  }

  add(kind: HandlerKind, fn: number, arg: number, dso: number): void {
    this.list.push({ kind, fn, arg, dso, done: false });
  }

  /** The next handler to run (latest registered first), marked done; undefined when none is left. */
  next(dso?: number): ExitHandler | undefined {
    for (let i = this.list.length - 1; i >= 0; i--) {
      const handler = this.list[i]!;
      if (handler.done || (dso !== undefined && handler.dso !== dso)) continue;
      handler.done = true;
      return handler;
    }
    return undefined;
  }
}
