// ProcessState.of: a process's value is made by the state's declared `create` at its first use
// and kept; a fork copy is what `of` then returns in the child. The processes are bare keys
// (the registry keys by identity and `create` here never looks inside them).

import { describe, expect, it } from 'vitest';
import type { LibcProcess } from '../../src/libc/runtime/libc-process.ts';
import { ProcessState, recreatedInChild } from '../../src/libc/runtime/process-states.ts';

function processKey(): LibcProcess {
  return {} as LibcProcess;
}

describe('ProcessState.of', () => {
  it('creates the value at the first use only, for each process its own', () => {
    const made: LibcProcess[] = [];
    const state = new ProcessState<{ owner: LibcProcess }>(
      'test created',
      (value) => value,
      (libc) => {
        made.push(libc);
        return { owner: libc };
      },
    );
    const first = processKey();
    const second = processKey();
    expect(made).toEqual([]);
    const value = state.of(first);
    expect(value.owner).toBe(first);
    expect(state.of(first)).toBe(value);
    expect(state.get(first)).toBe(value);
    expect(state.of(second)).not.toBe(value);
    expect(made).toEqual([first, second]);
  });

  it('returns a value set before without creating one', () => {
    let creations = 0;
    const state = new ProcessState<{ next: number }>(
      'test set',
      (value) => value,
      () => {
        creations++;
        return { next: 0 };
      },
    );
    const libc = processKey();
    const value = { next: 7 };
    state.set(libc, value);
    expect(state.of(libc)).toBe(value);
    expect(creations).toBe(0);
  });

  it('fails loudly, naming the state, when there is no value and no create', () => {
    const state = new ProcessState<{ next: number }>('test without create', (value) => value);
    expect(() => state.of(processKey())).toThrow(/test without create has no value for this process/);
  });

  it("gives a forked child the parent's copy, or a new value when the copy is dropped", () => {
    const copied = new ProcessState<{ next: number }>(
      'test copied',
      (value) => ({ ...value }),
      () => ({ next: 0 }),
    );
    const recreated = new ProcessState<{ next: number }>('test recreated', recreatedInChild, () => ({ next: 0 }));
    const parent = processKey();
    const child = processKey();
    copied.of(parent).next = 5;
    recreated.of(parent).next = 5;
    copied.copyForFork(parent, child);
    recreated.copyForFork(parent, child);
    expect(copied.of(child)).not.toBe(copied.of(parent));
    expect(copied.of(child).next).toBe(5);
    expect(recreated.of(child).next).toBe(0);
  });
});
