// Per-process host-side state of Miros libc, in one registry so that fork can copy all of it.
//
// Each module that keeps state for a process (what glibc keeps in its .data/.bss: getopt's
// position, the regex handles, the locale, the time zone…) declares a ProcessState with the way
// a forked child gets its copy. fork (../process/fork.ts) walks the registry: a state added
// later cannot be forgotten, and one whose values cannot be copied the declared way fails the
// fork loudly instead of letting the child share or lose it.
import type { LibcProcess } from './libc-process.ts';

/** How the child of a fork gets its value: a copy, or undefined when nothing survives (timers). */
export type ForkCopy<T> = (value: T, child: LibcProcess, parent: LibcProcess) => T | undefined;

/** How a process's value begins, at its first use (it may allocate guest memory then). */
export type CreateState<T> = (libc: LibcProcess) => T;

/** Every ProcessState, in declaration order. */
const registry: ProcessState<unknown>[] = [];

export class ProcessState<T> {
  private readonly values = new WeakMap<LibcProcess, T>();

  /**
   * `name` says whose state it is in error messages. `create`, when given, is how a process's
   * value begins: `of` calls it at the process's first use.
   */
  constructor(
    readonly name: string,
    private readonly forkCopy: ForkCopy<T>,
    private readonly create?: CreateState<T>,
  ) {
    registry.push(this as ProcessState<unknown>);
  }

  /**
   * The value of `libc`'s process, created by `create` and kept at its first use. It exists so
   * that one place, the declaration, says how a process's state begins, instead of a
   * get-or-create function beside every state. The value is made at first use, not when the
   * process starts, so that a state taking guest memory (getpass's strings, utmp's records)
   * allocates it only in programs that use it, in the order they first do.
   */
  of(libc: LibcProcess): T {
    const value = this.values.get(libc);
    if (value !== undefined) return value;
    if (this.create === undefined)
      throw new Error(`Miros libc: ${this.name} has no value for this process and no way to create one`);
    const created = this.create(libc);
    this.values.set(libc, created);
    return created;
  }

  get(libc: LibcProcess): T | undefined {
    return this.values.get(libc);
  }

  set(libc: LibcProcess, value: T): this {
    this.values.set(libc, value);
    return this;
  }

  has(libc: LibcProcess): boolean {
    return this.values.has(libc);
  }

  delete(libc: LibcProcess): boolean {
    return this.values.delete(libc);
  }

  /** Gives `child` its copy of `parent`'s value, if the parent has one. */
  copyForFork(parent: LibcProcess, child: LibcProcess): void {
    const value = this.values.get(parent);
    if (value === undefined) return;
    let copy: T | undefined;
    try {
      copy = this.forkCopy(value, child, parent);
    } catch (error) {
      throw new Error(`Miros libc: fork: cannot copy ${this.name} to the child: ${(error as Error).message}`);
    }
    if (copy !== undefined) this.values.set(child, copy);
  }
}

/** Copies every registered state of `parent` to `child` (fork). */
export function copyProcessStates(parent: LibcProcess, child: LibcProcess): void {
  for (const state of registry) state.copyForFork(parent, child);
}

/**
 * The default ForkCopy: a deep copy of the value's object graph (shared references and cycles
 * kept), class instances with their prototype, where what belongs to the process is replaced by
 * the child's own: the parent's LibcProcess, Process, memory (and its views), heap, streams, data
 * area and region by the child's; the parent's calling thread by the child's only thread. What
 * cannot be copied faithfully throws (the fork then fails loudly): closures, other threads and
 * CPUs, views of the parent's memory other than the whole, and host objects with hidden state.
 */
export function copyForChild<T>(value: T, child: LibcProcess, parent: LibcProcess): T {
  return new GraphCopy(parent, child).copy(value, 'value') as T;
}

class GraphCopy {
  private readonly copies = new Map<unknown, unknown>();
  private readonly parentBuffer: ArrayBufferLike;

  constructor(parent: LibcProcess, child: LibcProcess) {
    this.parentBuffer = parent.memory.bytes.buffer;
    const same: [unknown, unknown][] = [
      [parent, child],
      [parent.process, child.process],
      [parent.memory, child.memory],
      [parent.memory.view, child.memory.view],
      [parent.memory.bytes, child.memory.bytes],
      [parent.linkerMemory, child.linkerMemory],
      [parent.linker, child.linker],
      [parent.heap, child.heap],
      [parent.streams, child.streams],
      [parent.data, child.data],
      [parent.region, child.region],
      [parent.exitHandlers, child.exitHandlers],
      [parent.thread, child.process.mainThread],
    ];
    for (const [from, to] of same) this.copies.set(from, to);
  }

  copy(value: unknown, path: string): unknown {
    if (typeof value === 'function') throw new Error(`${path} is a function`);
    if (value === null || typeof value !== 'object') return value;
    if (this.copies.has(value)) return this.copies.get(value);
    const kind = Object.prototype.toString.call(value);
    if (ArrayBuffer.isView(value)) {
      if (value.buffer === this.parentBuffer) throw new Error(`${path} is a view of the parent's memory`);
      if (value instanceof DataView) throw new Error(`${path} is a DataView`);
      return this.remember(value, (value as Uint8Array).slice());
    }
    if (Array.isArray(value)) {
      const copy: unknown[] = this.remember(value, []);
      value.forEach((item, i) => {
        copy[i] = this.copy(item, `${path}[${i}]`);
      });
      return copy;
    }
    if (value instanceof Map) {
      const copy = this.remember(value, new Map());
      for (const [key, item] of value) copy.set(this.copy(key, `${path} key`), this.copy(item, `${path}.get(${key})`));
      return copy;
    }
    if (value instanceof Set) {
      const copy = this.remember(value, new Set());
      for (const item of value) copy.add(this.copy(item, `${path} item`));
      return copy;
    }
    if (value instanceof RegExp) return this.remember(value, new RegExp(value));
    if (kind !== '[object Object]') throw new Error(`${path} is a host object (${kind})`);
    const name = Object.getPrototypeOf(value)?.constructor?.name;
    if (name === 'Thread' || name === 'Cpu')
      throw new Error(`${path} is a ${name} of the parent other than the caller`);
    const copy = this.remember(value, Object.create(Object.getPrototypeOf(value)) as Record<string, unknown>);
    for (const key of Object.keys(value))
      copy[key] = this.copy((value as Record<string, unknown>)[key], `${path}.${key}`);
    return copy;
  }

  private remember<C>(from: unknown, copy: C): C {
    this.copies.set(from, copy);
    return copy;
  }
}

/** For states that hold only guest addresses and numbers, never changed in place. */
export function sameValue<T>(value: T): T {
  return value;
}

/**
 * A copy of the class instance `value` (same prototype, same fields) with some fields replaced:
 * for states that mix data to copy with scratch objects bound to their process.
 */
export function copyReplacing<T extends object>(value: T, replacements: Partial<T>): T {
  return Object.assign(Object.create(Object.getPrototypeOf(value)) as T, value, replacements);
}

/** For scratch states (formatting buffers and argument readers) the child makes anew on first use. */
export function recreatedInChild(): undefined {
  return undefined;
}

/** For states nothing of which survives a fork (POSIX timers). */
export function noneSurvives(): undefined {
  return undefined;
}
