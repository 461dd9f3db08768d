// regexec's search over a compiled program, as glibc 2.36's posix/regexec.c decides: the leftmost
// start with a match, and for it the longest match (re_search_internal); then the subexpression
// registers by set_regs — a walk from the first node that, at each alternation or star, takes the
// first destination (in node order) from which the end of the match is still reachable at the
// match's end, the second when the first was already passed through without consuming input;
// registers updated as update_regs does (an empty pass through an optional group restores the
// previous registers). Patterns with back-references and alternation/repetition walk with glibc's
// fail stack (backtracking in the same order). Contexts for the anchors are glibc's: word bytes,
// newlines only with REG_NEWLINE, the buffer's ends with REG_NOTBOL/REG_NOTEOL.
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
    if (index === this.bytes.length) return this.options.notEol ? CONTEXT_ENDBUF : CONTEXT_NEWLINE | CONTEXT_ENDBUF;
    const c = this.bytes[index]!;
    if (isWordByte(c)) return CONTEXT_WORD;
    return c === 0x0a && this.options.newlineAnchor ? CONTEXT_NEWLINE : 0;
  }

  /** Whether an anchor's constraint holds at position `index` (between index-1 and index). */
  satisfies(constraint: number, index: number): boolean {
    const previous = this.contextAt(index - 1);
    const next = this.contextAt(index);
    if ((constraint & PREV_WORD) !== 0 && (previous & CONTEXT_WORD) === 0) return false;
    if ((constraint & PREV_NOTWORD) !== 0 && (previous & CONTEXT_WORD) !== 0) return false;
    if ((constraint & PREV_NEWLINE) !== 0 && (previous & CONTEXT_NEWLINE) === 0) return false;
    if ((constraint & PREV_BEGBUF) !== 0 && (previous & CONTEXT_BEGBUF) === 0) return false;
    if ((constraint & NEXT_WORD) !== 0 && (next & CONTEXT_WORD) === 0) return false;
    if ((constraint & NEXT_NOTWORD) !== 0 && (next & CONTEXT_WORD) !== 0) return false;
    if ((constraint & NEXT_NEWLINE) !== 0 && (next & CONTEXT_NEWLINE) === 0) return false;
    if ((constraint & NEXT_ENDBUF) !== 0 && (next & CONTEXT_ENDBUF) === 0) return false;
    return true;
  }
}

export class Matcher {
  private readonly subject: Subject;
  private steps = 0;

  constructor(
    private readonly program: RegexProgram,
    bytes: Uint8Array,
    private readonly options: MatchOptions,
  ) {
    this.subject = new Subject(bytes, options);
  }

  /** check_node_accept for a consuming node at `index`. */
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

  /** The epsilon destinations usable at `index` (an anchor's only where its constraint holds). */
  private destinations(node: number, index: number): number[] {
    const program = this.program;
    if (program.kinds[node] === Kind.ANCHOR && !this.subject.satisfies(program.values[node]!, index)) return [];
    return program.epsilonDestinations[node]!;
  }

  /** The nodes reachable from `seeds` at `index` through epsilon moves. */
  private closure(seeds: Iterable<number>, index: number): Set<number> {
    const reached = new Set<number>();
    const work: number[] = [];
    for (const seed of seeds) {
      if (!reached.has(seed)) {
        reached.add(seed);
        work.push(seed);
      }
    }
    while (work.length > 0) {
      const node = work.pop()!;
      if (!this.isEpsilon(node)) continue;
      for (const destination of this.destinations(node, index)) {
        if (!reached.has(destination)) {
          reached.add(destination);
          work.push(destination);
        }
      }
    }
    return reached;
  }

  /**
   * Searches from `first` to the end for the leftmost-longest match. Undefined when there is none;
   * otherwise the registers regexec writes (nmatch less the entries past re_nsub+1, which are
   * -1) and whether the match stands: when glibc's set_regs fails (a back-reference to a register
   * beyond nmatch), regexec reports no match yet has written the registers as the walk left them,
   * relative to the match's start.
   */
  search(first: number, nmatch: number): SearchResult | undefined {
    const length = this.subject.bytes.length;
    for (let start = first; start <= length; start++) {
      const states: Set<number>[] = [];
      const end = this.program.hasBackReferences
        ? this.longestWithBackReferences(start, states)
        : this.longestMatch(start, states);
      if (end < 0) continue;
      return this.registersFor(start, end, states, nmatch);
    }
    return undefined;
  }

  /** The forward simulation from `start`: the last position where the end node is reached, or -1. */
  private longestMatch(start: number, states: Set<number>[]): number {
    const program = this.program;
    const length = this.subject.bytes.length;
    let current = this.closure([program.start], start);
    let last = -1;
    for (let index = start; ; index++) {
      states[index] = current;
      if (current.has(program.end)) last = index;
      if (index === length) break;
      const seeds: number[] = [];
      for (const node of current)
        if (!this.isEpsilon(node) && this.accepts(node, index)) seeds.push(program.nexts[node]!);
      if (seeds.length === 0) break;
      current = this.closure(seeds, index + 1);
    }
    return last;
  }

  /**
   * With back-references: every path explored (registers carried), the farthest end reached, and in
   * `alive` the nodes at each position on some path that ends there (the sifted states).
   */
  private longestWithBackReferences(start: number, alive: Set<number>[]): number {
    const program = this.program;
    const bytes = this.subject.bytes;
    const groups = program.groups;
    interface State {
      node: number;
      index: number;
      regs: Int32Array;
      predecessors: State[];
      good: boolean;
    }
    const states = new Map<string, State>();
    const ends: State[] = [];
    const visit = (node: number, index: number, regs: Int32Array, from: State | undefined): void => {
      const key = `${node},${index},${regs.join(',')}`;
      let state = states.get(key);
      if (state === undefined) {
        state = { node, index, regs, predecessors: [], good: false };
        states.set(key, state);
        work.push(state);
      }
      if (from !== undefined) state.predecessors.push(from);
    };
    const work: State[] = [];
    visit(program.start, start, new Int32Array(2 * groups).fill(-1), undefined);
    while (work.length > 0) {
      if (++this.steps > SEARCH_LIMIT) throw new Error('miros regexec: back-reference search too large');
      const state = work.pop()!;
      const { node, index, regs } = state;
      const kind = program.kinds[node];
      if (kind === Kind.END_OF_RE) {
        ends.push(state);
        continue;
      }
      if (kind === Kind.OP_OPEN_SUBEXP || kind === Kind.OP_CLOSE_SUBEXP) {
        const copy = regs.slice();
        const group = program.values[node]!;
        if (kind === Kind.OP_OPEN_SUBEXP) {
          copy[2 * group] = index;
          copy[2 * group + 1] = -1;
        } else copy[2 * group + 1] = index;
        visit(program.epsilonDestinations[node]![0]!, index, copy, state);
      } else if (kind === Kind.OP_BACK_REF) {
        const group = program.values[node]!;
        const so = regs[2 * group]!;
        const eo = regs[2 * group + 1]!;
        if (so < 0 || eo < 0) continue;
        const count = eo - so;
        if (index + count > bytes.length) continue;
        let same = true;
        for (let i = 0; i < count && same; i++) same = bytes[so + i] === bytes[index + i];
        if (same) visit(program.nexts[node]!, index + count, regs, state);
      } else if (this.isEpsilon(node)) {
        for (const destination of this.destinations(node, index)) visit(destination, index, regs, state);
      } else if (this.accepts(node, index)) visit(program.nexts[node]!, index + 1, regs, state);
    }
    let best = -1;
    for (const state of ends) best = Math.max(best, state.index);
    if (best < 0) return -1;
    const good = ends.filter((state) => state.index === best);
    for (const state of good) state.good = true;
    while (good.length > 0) {
      const state = good.pop()!;
      let live = alive[state.index];
      if (live === undefined) {
        live = new Set();
        alive[state.index] = live;
      }
      live.add(state.node);
      for (const predecessor of state.predecessors) {
        if (!predecessor.good) {
          predecessor.good = true;
          good.push(predecessor);
        }
      }
    }
    for (let index = start; index <= best; index++) if (alive[index] === undefined) alive[index] = new Set();
    return best;
  }

  /**
   * The nodes at each position from which the end is reached exactly at `end` (glibc's sifted
   * states), among those the forward simulation reached.
   */
  private siftStates(start: number, end: number, states: Set<number>[]): Set<number>[] {
    const program = this.program;
    const alive: Set<number>[] = [];
    for (let index = end; index >= start; index--) {
      const live = new Set<number>();
      const reached = states[index]!;
      for (const node of reached) {
        if (node === program.end) {
          if (index === end) live.add(node);
        } else if (!this.isEpsilon(node)) {
          if (index < end && this.accepts(node, index) && alive[index + 1]!.has(program.nexts[node]!)) live.add(node);
        }
      }
      for (let changed = true; changed; ) {
        changed = false;
        for (const node of reached) {
          if (live.has(node) || !this.isEpsilon(node)) continue;
          if (this.destinations(node, index).some((destination) => live.has(destination))) {
            live.add(node);
            changed = true;
          }
        }
      }
      alive[index] = live;
    }
    return alive;
  }

  private registersFor(start: number, end: number, states: Set<number>[], nmatch: number): SearchResult {
    const program = this.program;
    const groups = program.groups;
    const extra = nmatch > groups ? nmatch - (groups + 1) : 0;
    const count = nmatch - extra;
    const regs = new Int32Array(2 * Math.max(nmatch, 0)).fill(-1);
    if (nmatch === 0) return { registers: regs, matched: true };
    regs[0] = start;
    regs[1] = end;
    if (count > 1) {
      // Without back-references the forward states are sifted here; with them the search did it.
      const alive = program.hasBackReferences ? states : this.siftStates(start, end, states);
      const walk = this.setRegisters(start, end, alive, count);
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

  /** set_regs: registers 0..count-1 (register 0 already the match), or undefined when the walk fails. */
  private setRegisters(
    start: number,
    end: number,
    alive: Set<number>[],
    count: number,
  ): { regs: Int32Array; matched: boolean } {
    const program = this.program;
    const useFailStack = program.hasPluralMatch && program.hasBackReferences;
    const isAlive = (node: number, index: number) => index <= end && alive[index]!.has(node);
    let regs: Int32Array = new Int32Array(2 * count).fill(-1);
    regs[0] = start;
    regs[1] = end;
    let previous: Int32Array = regs.slice();
    let viaEpsilon = new Set<number>();
    const failStack: { index: number; node: number; regs: Int32Array; previous: Int32Array; via: Set<number> }[] = [];
    let node = program.start;
    let index = start;
    const pop = (): number => {
      const entry = failStack.pop();
      if (entry === undefined) return -1;
      index = entry.index;
      regs = entry.regs;
      previous = entry.previous;
      viaEpsilon = entry.via;
      return entry.node;
    };
    while (index <= end) {
      if (++this.steps > SEARCH_LIMIT) throw new Error('miros regexec: subexpression search too large');
      this.updateRegisters(regs, previous, node, index, count);
      if ((index === end && node === program.end) || (useFailStack && viaEpsilon.has(node))) {
        let next = -1;
        if (useFailStack) {
          for (let r = 0; r < count; r++) {
            if (regs[2 * r]! > -1 && regs[2 * r + 1] === -1) {
              next = pop();
              break;
            }
          }
        }
        if (next < 0) return { regs, matched: true };
        node = next;
      }
      let next = this.proceed(node, regs, isAlive, count, viaEpsilon, useFailStack, failStack, index, previous);
      if (next.node < 0) {
        next = { node: pop(), index };
        if (next.node < 0) return { regs, matched: false };
        node = next.node;
        continue;
      }
      if (next.index !== index) viaEpsilon = new Set();
      node = next.node;
      index = next.index;
    }
    return { regs, matched: false };
  }

  /** proceed_next_node: the next node and position, or node -1 when none. */
  private proceed(
    node: number,
    regs: Int32Array,
    isAlive: (node: number, index: number) => boolean,
    count: number,
    viaEpsilon: Set<number>,
    useFailStack: boolean,
    failStack: { index: number; node: number; regs: Int32Array; previous: Int32Array; via: Set<number> }[],
    index: number,
    previous: Int32Array,
  ): { node: number; index: number } {
    const program = this.program;
    if (this.isEpsilon(node)) {
      viaEpsilon.add(node);
      let chosen = -1;
      for (const candidate of this.destinations(node, index)) {
        if (!isAlive(candidate, index)) continue;
        if (chosen === -1) {
          chosen = candidate;
          continue;
        }
        // Avoid looping on "(a*)*": the second destination when the first was passed already.
        if (viaEpsilon.has(chosen)) return { node: candidate, index };
        if (useFailStack)
          failStack.push({
            index,
            node: candidate,
            regs: regs.slice(),
            previous: previous.slice(),
            via: new Set(viaEpsilon),
          });
        break;
      }
      return { node: chosen, index };
    }
    const bytes = this.subject.bytes;
    let accepted = 0;
    if (program.kinds[node] === Kind.OP_BACK_REF) {
      const register = program.values[node]! + 1;
      if (register < count) accepted = regs[2 * register + 1]! - regs[2 * register]!;
      if (useFailStack) {
        if (register >= count || regs[2 * register] === -1 || regs[2 * register + 1] === -1) return { node: -1, index };
        if (accepted > 0) {
          const so = regs[2 * register]!;
          if (bytes.length - index < accepted) return { node: -1, index };
          for (let i = 0; i < accepted; i++) if (bytes[so + i] !== bytes[index + i]) return { node: -1, index };
        }
      }
      if (accepted === 0) {
        viaEpsilon.add(node);
        const destination = program.epsilonDestinations[node]![0]!;
        if (isAlive(destination, index)) return { node: destination, index };
      }
    }
    if (accepted !== 0 || this.accepts(node, index)) {
      const destination = program.nexts[node]!;
      const next = accepted === 0 ? index + 1 : index + accepted;
      if (useFailStack && (next > regs[1]! || !isAlive(destination, next))) return { node: -1, index };
      return { node: destination, index: next };
    }
    return { node: -1, index };
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
