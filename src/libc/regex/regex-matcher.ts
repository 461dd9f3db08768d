// regexec's search over a compiled program, as glibc 2.36's posix/regexec.c decides: the leftmost
// start with a match, and for it the longest match (re_search_internal); then the subexpression
// registers by set_regs — a walk from the first node that, at each alternation or star, takes the
// first destination (in node order) from which the end of the match is still reachable at the
// match's end, the second when the first was already passed through without consuming input;
// registers updated as update_regs does (an empty pass through an optional group restores the
// previous registers). Patterns with back-references and alternation/repetition walk with glibc's
// fail stack (backtracking in the same order). Contexts for the anchors are glibc's: word bytes,
// newlines only with REG_NEWLINE, the buffer's ends with REG_NOTBOL/REG_NOTEOL.
//
// Known differences (found by generated patterns, tests/libc-runtime/programs/regex-random.c with
// other seeds: 2 x 1,500 patterns, 9 of 12,538 lines differ): glibc's DFA lets a word-boundary
// anchor inside a repeated group pass after a word byte — (\b[[:alpha:]])+ matches " abbb" at 1..5
// natively, 1..2 here; \(\<c\)\{1,2\} matches "cc" in its DFA, then set_regs fails and regexec
// says no match — and some patterns mixing empty alternatives with back-references fail natively
// where a match exists. glibc itself can take minutes on some generated patterns.
import {
  isWordByte,
  Kind,
  NEXT_ENDBUF,
  NEXT_NEWLINE,
  NEXT_NOTWORD,
  NEXT_WORD,
  PREV_BEGBUF,
  PREV_NEWLINE,
  PREV_NOTWORD,
  PREV_WORD,
  RE_DOT_NEWLINE,
  RE_DOT_NOT_NULL,
} from './regex-parser.ts';
import type { RegexProgram } from './regex-program.ts';

const CONTEXT_WORD = 1;
const CONTEXT_NEWLINE = 2;
const CONTEXT_BEGBUF = 4;
const CONTEXT_ENDBUF = 8;
/** A bound on the work a back-reference search may do before Miros gives up loudly. */
const SEARCH_LIMIT = 5_000_000;

export interface MatchOptions {
  syntax: number;
  newlineAnchor: boolean;
  notBol: boolean;
  notEol: boolean;
  /**
   * The byte after the subject when the GNU API's stop ends it before the string does: the
   * context there is that byte's (glibc's re_string_context_at looks at the whole length).
   */
  followingByte?: number;
}

/** Registers: [so, eo] per register (0 = the whole match), -1 when unset. */
export type Registers = Int32Array;

export interface SearchResult {
  registers: Registers;
  matched: boolean;
}

class Subject {
  constructor(
    readonly bytes: Uint8Array,
    private readonly options: MatchOptions,
  ) {}

  /** re_string_context_at: the context of the byte at `index` (-1: before the buffer). */
  contextAt(index: number): number {
    if (index < 0) return this.options.notBol ? CONTEXT_BEGBUF : CONTEXT_NEWLINE | CONTEXT_BEGBUF;
    const following = this.options.followingByte;
    if (index === this.bytes.length && following === undefined)
      return this.options.notEol ? CONTEXT_ENDBUF : CONTEXT_NEWLINE | CONTEXT_ENDBUF;
    const c = index === this.bytes.length ? following! : this.bytes[index]!;
    if (isWordByte(c)) return CONTEXT_WORD;
    return c === 0x0a && this.options.newlineAnchor ? CONTEXT_NEWLINE : 0;
  }

  /**
   * The PREV_* part of a constraint at `index`. At the match's start the context is the true one;
   * further on it is the one glibc's DFA enters after a byte: a newline byte gives the newline
   * context even without REG_NEWLINE (build_trtable's transition for '\n').
   */
  previousSatisfied(constraint: number, index: number, start: number): boolean {
    let previous: number;
    if (index === start) previous = this.contextAt(index - 1);
    else {
      const byte = this.bytes[index - 1]!;
      previous = isWordByte(byte) ? CONTEXT_WORD : byte === 0x0a ? CONTEXT_NEWLINE : 0;
    }
    if ((constraint & PREV_WORD) !== 0 && (previous & CONTEXT_WORD) === 0) return false;
    if ((constraint & PREV_NOTWORD) !== 0 && (previous & CONTEXT_WORD) !== 0) return false;
    if ((constraint & PREV_NEWLINE) !== 0 && (previous & CONTEXT_NEWLINE) === 0) return false;
    return !((constraint & PREV_BEGBUF) !== 0 && (previous & CONTEXT_BEGBUF) === 0);
  }

  /** The NEXT_* part of a constraint against the byte at `index` (glibc's check_node_accept, halting). */
  nextSatisfied(constraint: number, index: number): boolean {
    const next = this.contextAt(index);
    if ((constraint & NEXT_WORD) !== 0 && (next & CONTEXT_WORD) === 0) return false;
    if ((constraint & NEXT_NOTWORD) !== 0 && (next & CONTEXT_WORD) !== 0) return false;
    if ((constraint & NEXT_NEWLINE) !== 0 && (next & CONTEXT_NEWLINE) === 0) return false;
    return !((constraint & NEXT_ENDBUF) !== 0 && (next & CONTEXT_ENDBUF) === 0);
  }

  /**
   * The NEXT_* part as glibc's DFA transition tables apply it to a consuming node (build_trtable):
   * a newline constraint accepts a newline byte even without REG_NEWLINE, an end-of-buffer one
   * accepts nothing.
   */
  nextAcceptedByTables(constraint: number, byte: number): boolean {
    if ((constraint & NEXT_NEWLINE) !== 0 && byte !== 0x0a) return false;
    if ((constraint & NEXT_ENDBUF) !== 0) return false;
    if ((constraint & NEXT_WORD) !== 0 && !isWordByte(byte)) return false;
    return !((constraint & NEXT_NOTWORD) !== 0 && isWordByte(byte));
  }
}

/**
 * A node of the matcher's states: an NFA node and the anchor constraints gathered on the epsilon
 * path to it (glibc duplicates nodes per constraint; a key is node * 1024 + constraint).
 */
const CONSTRAINT_SPAN = 1024;
const keyOf = (node: number, constraint: number) => node * CONSTRAINT_SPAN + constraint;
const nodeOf = (key: number) => Math.floor(key / CONSTRAINT_SPAN);
const constraintOf = (key: number) => key % CONSTRAINT_SPAN;

interface FailEntry {
  index: number;
  key: number;
  regs: Int32Array;
  previous: Int32Array;
  via: Set<number>;
}

export class Matcher {
  private readonly subject: Subject;
  private steps = 0;
  /** Where the match being tried starts (the one place whose context is taken from the subject). */
  private matchStart = 0;

  constructor(
    private readonly program: RegexProgram,
    bytes: Uint8Array,
    private readonly options: MatchOptions,
  ) {
    this.subject = new Subject(bytes, options);
  }

  /** The byte test of a consuming node at `index` (constraints aside). */
  private accepts(node: number, index: number): boolean {
    const bytes = this.subject.bytes;
    if (index >= bytes.length) return false;
    const c = bytes[index]!;
    const program = this.program;
    switch (program.kinds[node]) {
      case Kind.CHARACTER:
        return program.values[node] === c;
      case Kind.SIMPLE_BRACKET:
        return program.sets[node]![c] === 1;
      case Kind.OP_PERIOD:
        if (c === 0x0a && (this.options.syntax & RE_DOT_NEWLINE) === 0) return false;
        return !(c === 0 && (this.options.syntax & RE_DOT_NOT_NULL) !== 0);
      default:
        return false;
    }
  }

  /** check_node_accept: the byte test and the constraint's NEXT part in the true context. */
  private acceptsKey(key: number, index: number): boolean {
    return this.accepts(nodeOf(key), index) && this.subject.nextSatisfied(constraintOf(key), index);
  }

  private isEpsilon(node: number): boolean {
    const kind = this.program.kinds[node];
    return (
      kind === Kind.OP_ALT ||
      kind === Kind.OP_DUP_ASTERISK ||
      kind === Kind.ANCHOR ||
      kind === Kind.OP_OPEN_SUBEXP ||
      kind === Kind.OP_CLOSE_SUBEXP
    );
  }

  /** An epsilon key's destinations at `index`: an anchor adds its constraint, and needs its PREV part. */
  private destinations(key: number, index: number): number[] {
    const program = this.program;
    const node = nodeOf(key);
    let constraint = constraintOf(key);
    if (program.kinds[node] === Kind.ANCHOR) {
      const anchor = program.values[node]!;
      if (!this.subject.previousSatisfied(anchor, index, this.matchStart)) return [];
      constraint |= anchor;
    }
    return program.epsilonDestinations[node]!.map((destination) => keyOf(destination, constraint));
  }

  /** Whether an end key halts at `index` (check_halt_node_context). */
  private halts(key: number, index: number): boolean {
    return nodeOf(key) === this.program.end && this.subject.nextSatisfied(constraintOf(key), index);
  }

  /**
   * The keys reachable from `seeds` at `index` through epsilon moves. `origins` gets, for keys
   * behind anchors, the node number of the first anchor on the way (the lowest over the paths):
   * glibc creates a constrained copy of a node while expanding the first anchor before it, anchors
   * in node order, so that number orders the copies of the end node.
   */
  private closure(seeds: Iterable<number>, index: number, origins?: Map<number, number>): Set<number> {
    const reached = new Set<number>();
    const work: number[] = [];
    for (const seed of seeds) {
      if (!reached.has(seed)) {
        reached.add(seed);
        work.push(seed);
      }
    }
    while (work.length > 0) {
      const key = work.pop()!;
      const node = nodeOf(key);
      if (!this.isEpsilon(node)) continue;
      const origin = origins?.get(key) ?? (this.program.kinds[node] === Kind.ANCHOR ? node : undefined);
      for (const destination of this.destinations(key, index)) {
        let improved = false;
        if (origins !== undefined && origin !== undefined) {
          const known = origins.get(destination);
          if (known === undefined || origin < known) {
            origins.set(destination, origin);
            improved = reached.has(destination);
          }
        }
        if (!reached.has(destination) || improved) {
          reached.add(destination);
          work.push(destination);
        }
      }
    }
    return reached;
  }

  /**
   * The end key glibc's halt check picks at `index`: the first end node in node order — the
   * unconstrained one, else the copy made while expanding the lowest-numbered anchor.
   */
  private haltingKey(keys: Iterable<number>, index: number, origins?: Map<number, number>): number | undefined {
    let found: number | undefined;
    let foundRank = Number.POSITIVE_INFINITY;
    for (const key of keys) {
      if (!this.halts(key, index)) continue;
      const rank = constraintOf(key) === 0 ? -1 : (origins?.get(key) ?? key);
      if (found === undefined || rank < foundRank || (rank === foundRank && key < found)) {
        found = key;
        foundRank = rank;
      }
    }
    return found;
  }

  /**
   * Searches from `first` to the end for the leftmost-longest match. Undefined when there is none;
   * otherwise the registers regexec writes (nmatch less the entries past re_nsub+1, which are
   * -1) and whether the match stands: when glibc's set_regs fails, regexec reports no match yet
   * has written the registers as the walk left them, relative to the match's start.
   */
  search(first: number, nmatch: number): SearchResult | undefined {
    const length = this.subject.bytes.length;
    if (first > length) return undefined;
    return this.searchBetween(first, length, nmatch)?.result;
  }

  /**
   * re_search_internal's loop: the starts from `first` to `last` (backwards when `last` is
   * before `first`), the first with a match; its start and search result.
   */
  searchBetween(first: number, last: number, nmatch: number): { start: number; result: SearchResult } | undefined {
    const step = last < first ? -1 : 1;
    for (let start = first; step > 0 ? start <= last : start >= last; start += step) {
      const result = this.matchAt(start, nmatch);
      if (result !== undefined) return { start, result };
    }
    return undefined;
  }

  /** The leftmost-longest match starting at `start`, if any. */
  private matchAt(start: number, nmatch: number): SearchResult | undefined {
    const program = this.program;
    const count = nmatch > program.groups ? program.groups + 1 : nmatch;
    this.matchStart = start;
    const states: Set<number>[] = [];
    let alive: Set<number>[];
    let end: number;
    let lastKey: number;
    if (program.hasBackReferences) {
      alive = [];
      const found = this.longestWithBackReferences(start, alive);
      if (found === undefined) return undefined;
      [end, lastKey] = found;
    } else {
      const found = this.longestMatch(start, states);
      if (found === undefined) return undefined;
      [end, lastKey] = found;
      alive = states;
      // prune_impossible_nodes runs only when registers are wanted and there is a choice to make.
      if (count > 1 && program.hasPluralMatch) {
        alive = this.siftStates(start, end, states, lastKey);
        if (alive[start]!.size === 0) return undefined;
      }
    }
    return this.registersFor(start, end, lastKey, alive, nmatch, count);
  }

  /** The forward simulation from `start` (glibc's DFA): the last halting position and its end key. */
  private longestMatch(start: number, states: Set<number>[]): [number, number] | undefined {
    const program = this.program;
    const bytes = this.subject.bytes;
    let origins = new Map<number, number>();
    let current = this.closure([keyOf(program.start, 0)], start, origins);
    let found: [number, number] | undefined;
    for (let index = start; ; index++) {
      states[index] = current;
      const halting = this.haltingKey(current, index, origins);
      if (halting !== undefined) found = [index, halting];
      if (index === bytes.length) break;
      const seeds: number[] = [];
      for (const key of current) {
        const node = nodeOf(key);
        if (this.isEpsilon(node) || !this.accepts(node, index)) continue;
        if (this.subject.nextAcceptedByTables(constraintOf(key), bytes[index]!))
          seeds.push(keyOf(program.nexts[node]!, 0));
      }
      if (seeds.length === 0) break;
      origins = new Map();
      current = this.closure(seeds, index + 1, origins);
    }
    return found;
  }

  /**
   * With back-references: every path explored (registers carried), the farthest end reached and
   * its end key, and in `alive` the keys at each position on some path that ends there.
   */
  private longestWithBackReferences(start: number, alive: Set<number>[]): [number, number] | undefined {
    const program = this.program;
    const bytes = this.subject.bytes;
    interface State {
      key: number;
      index: number;
      regs: Int32Array;
      predecessors: State[];
      good: boolean;
    }
    const states = new Map<string, State>();
    const work: State[] = [];
    const ends: State[] = [];
    const visit = (key: number, index: number, regs: Int32Array, from: State | undefined): void => {
      const id = `${key},${index},${regs.join(',')}`;
      let state = states.get(id);
      if (state === undefined) {
        state = { key, index, regs, predecessors: [], good: false };
        states.set(id, state);
        work.push(state);
      }
      if (from !== undefined) state.predecessors.push(from);
    };
    visit(keyOf(program.start, 0), start, new Int32Array(2 * program.groups).fill(-1), undefined);
    while (work.length > 0) {
      if (++this.steps > SEARCH_LIMIT) throw new Error('miros regexec: back-reference search too large');
      const state = work.pop()!;
      const { key, index, regs } = state;
      const node = nodeOf(key);
      const kind = program.kinds[node];
      if (kind === Kind.END_OF_RE) {
        if (this.halts(key, index)) ends.push(state);
        continue;
      }
      if (kind === Kind.OP_OPEN_SUBEXP || kind === Kind.OP_CLOSE_SUBEXP) {
        const copy = regs.slice();
        const group = program.values[node]!;
        if (kind === Kind.OP_OPEN_SUBEXP) {
          copy[2 * group] = index;
          copy[2 * group + 1] = -1;
        } else copy[2 * group + 1] = index;
        for (const destination of this.destinations(key, index)) visit(destination, index, copy, state);
      } else if (kind === Kind.OP_BACK_REF) {
        const group = program.values[node]!;
        const so = regs[2 * group]!;
        const eo = regs[2 * group + 1]!;
        if (so < 0 || eo < 0) continue;
        const length = eo - so;
        if (index + length > bytes.length) continue;
        let same = true;
        for (let i = 0; i < length && same; i++) same = bytes[so + i] === bytes[index + i];
        if (same) visit(keyOf(program.nexts[node]!, length === 0 ? constraintOf(key) : 0), index + length, regs, state);
      } else if (this.isEpsilon(node)) {
        for (const destination of this.destinations(key, index)) visit(destination, index, regs, state);
      } else if (this.acceptsKey(key, index)) visit(keyOf(program.nexts[node]!, 0), index + 1, regs, state);
    }
    let best = -1;
    for (const state of ends) best = Math.max(best, state.index);
    if (best < 0) return undefined;
    const lastKey = this.haltingKey(
      ends.filter((state) => state.index === best).map((state) => state.key),
      best,
    )!;
    const good = ends.filter((state) => state.index === best && state.key === lastKey);
    for (const state of good) state.good = true;
    for (let index = start; index <= best; index++) alive[index] = new Set();
    while (good.length > 0) {
      const state = good.pop()!;
      alive[state.index]!.add(state.key);
      for (const predecessor of state.predecessors) {
        if (!predecessor.good) {
          predecessor.good = true;
          good.push(predecessor);
        }
      }
    }
    return [best, lastKey];
  }

  /**
   * sift_states_backward: the keys at each position from which the chosen end key is reached
   * exactly at `end`, among those the forward simulation reached, in the true contexts.
   */
  private siftStates(start: number, end: number, states: Set<number>[], lastKey: number): Set<number>[] {
    const program = this.program;
    const alive: Set<number>[] = [];
    for (let index = end; index >= start; index--) {
      const live = new Set<number>();
      const reached = states[index]!;
      for (const key of reached) {
        const node = nodeOf(key);
        if (node === program.end) {
          if (index === end && key === lastKey) live.add(key);
        } else if (!this.isEpsilon(node)) {
          if (index < end && this.acceptsKey(key, index) && alive[index + 1]!.has(keyOf(program.nexts[node]!, 0)))
            live.add(key);
        }
      }
      for (let changed = true; changed; ) {
        changed = false;
        for (const key of reached) {
          if (live.has(key) || !this.isEpsilon(nodeOf(key))) continue;
          if (this.destinations(key, index).some((destination) => live.has(destination))) {
            live.add(key);
            changed = true;
          }
        }
      }
      alive[index] = live;
    }
    return alive;
  }

  private registersFor(
    start: number,
    end: number,
    lastKey: number,
    alive: Set<number>[],
    nmatch: number,
    count: number,
  ): SearchResult {
    const program = this.program;
    const regs = new Int32Array(2 * Math.max(nmatch, 0)).fill(-1);
    if (nmatch === 0) return { registers: regs, matched: true };
    regs[0] = start;
    regs[1] = end;
    if (count > 1) {
      const walk = this.setRegisters(start, end, lastKey, alive, count);
      if (!walk.matched) {
        const relative = walk.regs.map((value) => (value === -1 ? -1 : value - start));
        return { registers: relative.subarray(0, 2 * count), matched: false };
      }
      regs.set(walk.regs.subarray(0, 2 * count));
    }
    if (program.groupMap !== undefined) {
      for (let group = 0; group + 1 < count; group++) {
        const source = program.groupMap[group]!;
        if (source !== group) {
          regs[2 * (group + 1)] = regs[2 * (source + 1)]!;
          regs[2 * (group + 1) + 1] = regs[2 * (source + 1) + 1]!;
        }
      }
    }
    return { registers: regs, matched: true };
  }

  /** set_regs: registers 0..count-1 (register 0 already the match), and whether the walk got through. */
  private setRegisters(
    start: number,
    end: number,
    lastKey: number,
    alive: Set<number>[],
    count: number,
  ): { regs: Int32Array; matched: boolean } {
    const program = this.program;
    const useFailStack = program.hasPluralMatch && program.hasBackReferences;
    let regs: Int32Array = new Int32Array(2 * count).fill(-1);
    regs[0] = start;
    regs[1] = end;
    let previous: Int32Array = regs.slice();
    let via = new Set<number>();
    const failStack: FailEntry[] = [];
    let key = keyOf(program.start, 0);
    let index = start;
    const pop = (): number => {
      const entry = failStack.pop();
      if (entry === undefined) return -1;
      index = entry.index;
      regs = entry.regs;
      previous = entry.previous;
      via = entry.via;
      return entry.key;
    };
    while (index <= end) {
      if (++this.steps > SEARCH_LIMIT) throw new Error('miros regexec: subexpression search too large');
      this.updateRegisters(regs, previous, nodeOf(key), index, count);
      if ((index === end && key === lastKey) || (useFailStack && via.has(key))) {
        let resumed = -1;
        if (useFailStack) {
          for (let r = 0; r < count; r++) {
            if (regs[2 * r]! > -1 && regs[2 * r + 1] === -1) {
              resumed = pop();
              break;
            }
          }
        }
        if (resumed < 0) return { regs, matched: true };
        key = resumed;
      }
      const next = this.proceed(key, index, end, regs, previous, alive, count, via, useFailStack, failStack);
      if (next < 0) {
        const resumed = pop();
        if (resumed < 0) return { regs, matched: false };
        key = resumed;
        continue;
      }
      // Consuming input starts a new epsilon walk.
      if (this.consumed !== 0) via = new Set();
      index += this.consumed;
      key = next;
    }
    return { regs, matched: false };
  }

  /** How many bytes the last proceed() consumed. */
  private consumed = 0;

  /** proceed_next_node: the next key (-1 when none); this.consumed says how far the position moves. */
  private proceed(
    key: number,
    index: number,
    end: number,
    regs: Int32Array,
    previous: Int32Array,
    alive: Set<number>[],
    count: number,
    via: Set<number>,
    useFailStack: boolean,
    failStack: FailEntry[],
  ): number {
    const program = this.program;
    const node = nodeOf(key);
    this.consumed = 0;
    const isAlive = (candidate: number, at: number) => at <= end && alive[at]!.has(candidate);
    if (this.isEpsilon(node)) {
      via.add(key);
      let chosen = -1;
      for (const candidate of this.destinations(key, index)) {
        if (!isAlive(candidate, index)) continue;
        if (chosen === -1) {
          chosen = candidate;
          continue;
        }
        // Avoid looping on "(a*)*": the second destination when the first was passed already.
        if (via.has(chosen)) return candidate;
        if (useFailStack)
          failStack.push({ index, key: candidate, regs: regs.slice(), previous: previous.slice(), via: new Set(via) });
        break;
      }
      return chosen;
    }
    const bytes = this.subject.bytes;
    let accepted = 0;
    if (program.kinds[node] === Kind.OP_BACK_REF) {
      const register = program.values[node]! + 1;
      if (register < count) accepted = regs[2 * register + 1]! - regs[2 * register]!;
      if (useFailStack) {
        if (register >= count || regs[2 * register] === -1 || regs[2 * register + 1] === -1) return -1;
        if (accepted > 0) {
          const so = regs[2 * register]!;
          if (bytes.length - index < accepted) return -1;
          for (let i = 0; i < accepted; i++) if (bytes[so + i] !== bytes[index + i]) return -1;
        }
      }
      if (accepted === 0) {
        via.add(key);
        const destination = keyOf(program.epsilonDestinations[node]![0]!, constraintOf(key));
        if (isAlive(destination, index)) return destination;
      }
    }
    if (accepted !== 0 || this.acceptsKey(key, index)) {
      const destination = keyOf(program.nexts[node]!, 0);
      const step = accepted === 0 ? 1 : accepted;
      if (useFailStack && (index + step > end || !isAlive(destination, index + step))) return -1;
      this.consumed = step;
      return destination;
    }
    return -1;
  }

  /** update_regs. */
  private updateRegisters(regs: Int32Array, previous: Int32Array, node: number, index: number, count: number): void {
    const program = this.program;
    const kind = program.kinds[node];
    if (kind === Kind.OP_OPEN_SUBEXP) {
      const register = program.values[node]! + 1;
      if (register < count) {
        regs[2 * register] = index;
        regs[2 * register + 1] = -1;
      }
    } else if (kind === Kind.OP_CLOSE_SUBEXP) {
      const register = program.values[node]! + 1;
      if (register >= count) return;
      if (regs[2 * register]! < index) {
        regs[2 * register + 1] = index;
        previous.set(regs);
      } else if (program.optSubexp[node] && previous[2 * register] !== -1) {
        regs.set(previous);
      } else regs[2 * register + 1] = index;
    }
  }
}
