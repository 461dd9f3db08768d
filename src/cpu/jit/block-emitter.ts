// The state of one block's code generation: the generated statements, the values the generated
// function closes over, its locals, and where the flags are (../flag-source.ts). The instruction
// templates (./templates.ts) emit through this class; the block compiler (./block-compiler.ts)
// frames the result (prologue, loop, exits, fault handler).
//
// Conventions of the generated code: `cpu` is the Cpu, `g` its `gpr` (Int32Array halves: register
// r at g[2r], g[2r+1]), `x` its `xmm` (four int32 words per register), `m` the AddressSpace, `v`
// its DataView, `b` its bytes and `f` its page-flag bytes. Loads and stores check the page flags inline and fall back to the AddressSpace's methods
// (the same checks as ../memory-access.ts), so a fault raises the same MemoryFault; effective
// addresses use the same fast check and slow path (exactAddress) as ../address.ts.

import { PAGE_CODE, PAGE_MASK, PAGE_READ, PAGE_SHIFT, PAGE_SIZE, PAGE_WRITE } from '../../memory/address-space.ts';
import { AccessKind } from '../../memory/fault.ts';
import {
  type Instruction,
  MEM_BASE_RIP,
  MEM_NONE,
  type Operand,
  OperandKind,
  RegisterClass,
  Segment,
} from '../../x86/instruction.ts';
import { bindAddress, exactAddress } from '../address.ts';
import { CONDITIONS, carryFlag, LazyKind, sizeIndex } from '../flags.ts';
import { checkAligned16 } from '../memory-access.ts';
import { exactStackAddress } from '../stack-address.ts';
import { carryExpression, conditionExpression, type FlagSource, recordStatements } from './flag-source.ts';

const TWO32 = 4294967296;

/** A 64-bit value in generated code: JS expressions of its low and high int32 words. */
export interface Value64 {
  lo: string;
  hi: string;
}

export class BlockEmitter {
  /** Names and values the generated function closes over (factory parameters). */
  readonly parameterNames: string[] = [];
  readonly parameterValues: unknown[] = [];
  /** Locals of the generated function (declared at its top so the fault handler sees them). */
  readonly locals: string[] = [];
  /** Statements of the current instruction. */
  lines: string[] = [];
  /** The instruction being emitted and its index in the block. */
  inst!: Instruction;
  index = 0;
  /** The current instruction may throw (a memory access or a call): it publishes its index first. */
  mayThrow = false;
  /** The current instruction may have written guest memory (code invalidation is checked after it). */
  mayStore = false;
  /**
   * The flags as locals: set after an inlined writer, null when the Cpu's record holds them (after
   * a call to an interpreter closure, at block entry).
   */
  source: FlagSource | null = null;
  /** An inlined writer whose record is not yet written to the Cpu (null: the Cpu's record is exact). */
  pending: FlagSource | null = null;
  /** An inlined writer has set the flags since the member started (`enter`). */
  ownFlags = false;
  /**
   * Something read the flags the member started with (a condition or carry from the Cpu's
   * record, or a closure call, before the member's first inlined writer): a self-loop must then
   * write the record before going round again (see block-compiler.ts).
   */
  entryFlagsRead = false;
  /** How the current instruction leaves the block, when it is a control transfer (set by its template). */
  exit: BlockExit | null = null;
  private readonly constants = new Map<unknown, string>();
  private localCount = 0;
  /**
   * General-register words whose value a local (or the literal 0) holds right now: word index in
   * `g` → that expression. Registers stay written through to `g` at every write (a fault, an exit
   * or a closure call finds them there), so this only saves loads: a register read again, an
   * address's base, rsp at the next push. Forgotten at member entry (also the loop's head) and
   * after a closure call; an emitted statement assigning `g[n]` forgets word n (`emit`).
   */
  private readonly registerWords = new Map<number, string>();
  /** Locals known to hold an int32: storing one in `g` leaves its value unchanged. */
  private readonly int32Locals = new Set<string>();

  /** Starts instruction `index`. */
  begin(inst: Instruction, index: number): void {
    this.inst = inst;
    this.index = index;
    this.lines = [];
    this.mayThrow = false;
    this.mayStore = false;
    this.exit = null;
  }

  /** A direct jump to `target` when `condition` (a JS boolean expression) holds ('true': always). */
  branch(condition: string, target: number): void {
    this.exit = { condition: this.let(condition), target, rip: null };
  }

  /** An indirect jump: rip becomes the JS expression `rip`. */
  jumpIndirect(rip: string): void {
    this.exit = { condition: 'true', target: 0, rip: this.let(rip) };
  }

  emit(statement: string): void {
    this.lines.push(statement);
    if (statement.includes('g['))
      for (const match of statement.matchAll(REGISTER_ASSIGNMENT)) this.registerWords.delete(Number(match[1]));
  }

  /** A new local of the generated function. */
  local(): string {
    const name = `t${this.localCount++}`;
    this.locals.push(name);
    return name;
  }

  /** Assigns `expression` to a new local and returns the local's name. */
  let(expression: string): string {
    const name = this.local();
    this.emit(`${name} = ${expression};`);
    if (isInt32Expression(expression, this.int32Locals)) this.int32Locals.add(name);
    return name;
  }

  /** A value the generated code refers to by name (a function, an instruction object). */
  constant(value: unknown, prefix: string): string {
    let name = this.constants.get(value);
    if (name === undefined) {
      name = `${prefix}${this.parameterNames.length}`;
      this.parameterNames.push(name);
      this.parameterValues.push(value);
      this.constants.set(value, name);
    }
    return name;
  }

  // ---- flags ----

  /** Starts a member: its flags are in the Cpu's record, as after the run loop. */
  enter(): void {
    this.forgetRegisters();
    this.flagsInCpu();
    this.ownFlags = false;
    this.entryFlagsRead = false;
  }

  /** The Cpu's record is about to be read (a closure call, a predicate): note entry-flag reads. */
  readsCpuFlags(): void {
    if (!this.ownFlags) this.entryFlagsRead = true;
  }

  /** Writes the pending record to the Cpu (before anything that reads the Cpu's flags). */
  materialize(): void {
    if (this.pending === null) return;
    this.emit(recordStatements(this.pending));
    this.pending = null;
  }

  /** The instruction wrote all status flags: they are in the given locals from now on. */
  setFlags(kind: LazyKind, size: number, a: string, b: string, r: string, high?: Value64Triple): void {
    const source: FlagSource = {
      op: kind * 4 + sizeIndex(size),
      kind,
      size,
      a,
      b,
      r,
      ah: high?.a ?? '0',
      bh: high?.b ?? '0',
      rh: high?.r ?? '0',
      carry: 'false',
    };
    if (kind === LazyKind.Inc || kind === LazyKind.Dec) source.carry = this.carry();
    this.source = source;
    this.pending = source;
    this.ownFlags = true;
  }

  /**
   * An eager flag writer (a shift): `record` sets the Cpu's flags as the interpreter does; the
   * result is in `r` (`rh` for 64 bits) and CF is the JS boolean expression `carry`.
   */
  setEagerFlags(record: string, size: number, r: string, rh: string, carry: string): void {
    const source: FlagSource = {
      op: 0,
      kind: LazyKind.None,
      size,
      a: '0',
      b: '0',
      r,
      ah: '0',
      bh: '0',
      rh,
      carry,
      record,
    };
    this.source = source;
    this.pending = source;
    this.ownFlags = true;
  }

  /** The flags may have been changed by an interpreter closure: the Cpu's record is the truth. */
  flagsInCpu(): void {
    this.pending = null;
    this.source = null;
  }

  /** CF as a JS boolean expression, valid until the next flag writer. */
  private carry(): string {
    if (this.source !== null) {
      const e = carryExpression(this.source);
      if (e !== null) return e;
    }
    this.materialize();
    this.readsCpuFlags();
    return this.let(`${this.constant(carryFlag, 'carryFlag')}(cpu) !== 0`);
  }

  /** Condition code `cc` as a JS boolean expression. */
  condition(cc: number): string {
    if (this.source !== null) {
      const e = conditionExpression(this.source, cc);
      if (e !== null) return e;
    }
    this.materialize();
    this.readsCpuFlags();
    return `${this.constant(CONDITIONS[cc], `cc${cc}_`)}(cpu)`;
  }

  // ---- registers ----

  /** Register word `w` (index in `g`) as an expression: the local holding it, else `g[w]`. */
  word(w: number): string {
    return this.registerWords.get(w) ?? `g[${w}]`;
  }

  /** Register word `w` in a local (or the literal 0), loaded from `g` unless one holds it. */
  private wordLocal(w: number): string {
    const known = this.registerWords.get(w);
    if (known !== undefined) return known;
    const name = this.let(`g[${w}]`);
    this.registerWords.set(w, name);
    return name;
  }

  /** Notes that `g[w]` was just assigned `value` (kept when it is an int32 local or literal). */
  private wrote(w: number, value: string): void {
    if (this.int32Locals.has(value) || isWordLiteral(value)) this.registerWords.set(w, value);
  }

  /**
   * `value` as a local or a literal: an int32 expression (`(t0 >> 31)`, `(t3 | 0)`) goes into a
   * new local first, so that the register word written from it can be held (`wrote`).
   */
  private settled(value: string): string {
    if (isWordLiteral(value) || /^t\d+$/.test(value)) return value;
    return isInt32Expression(value, this.int32Locals) ? this.let(value) : value;
  }

  /** Notes that `local` holds an int32 (a load's result) and returns it. */
  private int32(local: string): string {
    this.int32Locals.add(local);
    return local;
  }

  /** Forgets every register word held in locals (an interpreter closure may have written any). */
  forgetRegisters(): void {
    this.registerWords.clear();
  }

  /** Reads a general register operand of `size` bytes into locals (zero-extended below 4 bytes). */
  readRegister(op: Operand, size: number): Value64 {
    const w = op.reg * 2;
    if (op.regClass === RegisterClass.GPRHigh8) return { lo: this.let(`(${this.word(w)} >> 8) & 0xff`), hi: '0' };
    if (size === 1) return { lo: this.let(`${this.word(w)} & 0xff`), hi: '0' };
    if (size === 2) return { lo: this.let(`${this.word(w)} & 0xffff`), hi: '0' };
    if (size === 4) return { lo: this.wordLocal(w), hi: '0' };
    return { lo: this.wordLocal(w), hi: this.wordLocal(w + 1) };
  }

  /** Writes a general register operand as x86-64 does (8/16 merge, 32 zero-extends). */
  writeRegister(op: Operand, size: number, value: Value64): void {
    const w = op.reg * 2;
    if (op.regClass === RegisterClass.GPRHigh8)
      this.emit(`g[${w}] = (${this.word(w)} & ~0xff00) | ((${value.lo} & 0xff) << 8);`);
    else if (size === 1) this.emit(`g[${w}] = (${this.word(w)} & ~0xff) | (${value.lo} & 0xff);`);
    else if (size === 2) this.emit(`g[${w}] = (${this.word(w)} & ~0xffff) | (${value.lo} & 0xffff);`);
    else if (size === 4) {
      const lo = this.settled(value.lo);
      this.emit(`g[${w}] = ${lo}; g[${w + 1}] = 0;`);
      this.wrote(w, lo);
      this.wrote(w + 1, '0');
    } else {
      const lo = this.settled(value.lo);
      const hi = this.settled(value.hi);
      this.emit(`g[${w}] = ${lo}; g[${w + 1}] = ${hi};`);
      this.wrote(w, lo);
      this.wrote(w + 1, hi);
    }
  }

  // ---- memory ----

  /** The checked effective address of the instruction's memory operand, in a local. */
  address(): string {
    const inst = this.inst;
    this.mayThrow = true;
    if (inst.addressSize !== 8 || inst.segment === Segment.FS || inst.segment === Segment.GS) {
      // Rare forms (0x67, fs:/gs:): the interpreter's bound address function.
      return this.let(`${this.constant(bindAddress(inst), 'address')}(cpu) >>> 0`);
    }
    const base = inst.memBase;
    const index = inst.memIndex;
    const scale = inst.memScale;
    const disp = inst.memDisp;
    if (base === MEM_BASE_RIP) {
      const target = inst.address + inst.length + (disp >>> 0) + inst.memDispHigh * TWO32;
      if (target >>> 0 === target) return String(target);
      return this.let(`${this.constant(bindAddress(inst), 'address')}(cpu) >>> 0`);
    }
    let expression: string;
    if (index === MEM_NONE) {
      if (base === MEM_NONE) return this.let(`${this.constant(bindAddress(inst), 'address')}(cpu) >>> 0`);
      expression = `${this.word(base * 2 + 1)} * ${TWO32} + (${this.word(base * 2)} >>> 0) + ${disp}`;
    } else if (base === MEM_NONE) {
      expression = `(${this.word(index * 2 + 1)} * ${TWO32} + (${this.word(index * 2)} >>> 0)) * ${scale} + ${disp}`;
    } else {
      expression =
        `(${this.word(base * 2 + 1)} + ${this.word(index * 2 + 1)} * ${scale}) * ${TWO32} + ` +
        `((${this.word(base * 2)} >>> 0) + (${this.word(index * 2)} >>> 0) * ${scale} + ${disp})`;
    }
    const ea = this.let(expression);
    // The slow path throws for an address outside the space, so `ea` is then a uint32; saying so
    // (`>>> 0`) gives V8 an index it knows to be Unsigned32: `b[ea]` with a plain number index
    // above 2^31 takes a generic keyed-load path (heap number key) instead of the typed-array load.
    this.emit(
      `if (${ea} >>> 0 !== ${ea}) ${ea} = ${this.constant(exactAddress, 'exactAddress')}(cpu, ${this.constant(inst, 'inst')}); ${ea} >>>= 0;`,
    );
    return ea;
  }

  /**
   * Loads `size` bytes at `ea` into locals (8/16-bit zero-extended, 32-bit int32).
   *
   * The page-permission check is inline (`f`, the page-flag bytes): a readable page and an access
   * that stays inside it read the DataView directly, everything else (a page crossing, a fault)
   * goes through the AddressSpace's own method, which checks again and throws the same
   * MemoryFault as the interpreter. Why inline: a call to `m.read32(ea)` that TurboFan does not
   * inline passes `ea` (a double above 2^30) boxed, a heap allocation per access.
   */
  load(size: number, ea: string): Value64 {
    this.mayThrow = true;
    const readable = `(f[${ea} >>> ${PAGE_SHIFT}] & ${PAGE_READ}) !== 0`;
    // (8- and 16-bit loads give 0..255 and 0..65535 both ways: int32s a register word may hold)
    if (size === 1) return { lo: this.int32(this.let(`${readable} ? b[${ea}] : m.read8(${ea})`)), hi: '0' };
    const inPage = `(${ea} & ${PAGE_MASK}) <= ${PAGE_SIZE - size}`;
    if (size === 2) {
      const lo = this.let(`${readable} && ${inPage} ? v.getUint16(${ea}, true) : m.read16(${ea})`);
      return { lo: this.int32(lo), hi: '0' };
    }
    if (size === 4) {
      // (both ways give an int32: AddressSpace.read32 is getInt32 too)
      const lo = this.let(`${readable} && ${inPage} ? v.getInt32(${ea}, true) : m.read32(${ea})`);
      return { lo: this.int32(lo), hi: '0' };
    }
    this.emit(`if (!(${readable} && ${inPage}) && !m.readable(${ea}, 8)) m.fault(${ea}, 8, ${AccessKind.Read});`);
    return { lo: this.let(`v.getInt32(${ea}, true)`), hi: this.let(`v.getInt32(${ea} + 4, true)`) };
  }

  /**
   * Stores `size` bytes of `value` at `ea`. As for loads, the check is inline: a page that is
   * writable and holds no decoded code (PAGE_CODE: the write must invalidate blocks) is written
   * directly, anything else goes through the AddressSpace (fault, page crossing, code write) and
   * sets the function's local `cw`: only then can the store have invalidated the running block,
   * so the compiler's `valid` check after the instruction is `cw !== 0 && …` (block-compiler.ts).
   * Why: on the fast path `cw` stays 0, and TurboFan, which turns the never-taken slow path into a
   * deoptimisation, folds the whole check away — no load of `valid` and no exit per store.
   */
  store(size: number, ea: string, value: Value64): void {
    this.mayThrow = true;
    this.mayStore = true;
    const plain = `(f[${ea} >>> ${PAGE_SHIFT}] & ${PAGE_WRITE | PAGE_CODE}) === ${PAGE_WRITE}`;
    const inPage = `(${ea} & ${PAGE_MASK}) <= ${PAGE_SIZE - size}`;
    if (size === 1) {
      const byte = this.let(`${value.lo} & 0xff`);
      this.emit(`if (${plain}) b[${ea}] = ${byte}; else { m.write8(${ea}, ${byte}); cw = 1; }`);
    } else if (size === 2) {
      const half = this.let(`${value.lo} & 0xffff`);
      this.emit(
        `if (${plain} && ${inPage}) v.setUint16(${ea}, ${half}, true); else { m.write16(${ea}, ${half}); cw = 1; }`,
      );
    } else if (size === 4) {
      this.emit(
        `if (${plain} && ${inPage}) v.setInt32(${ea}, ${value.lo}, true); else { m.write32(${ea}, ${value.lo}); cw = 1; }`,
      );
    } else {
      this.emit(`if (!(${plain} && ${inPage})) { m.slowWriteCheck(${ea}, 8); cw = 1; }`);
      this.emit(`v.setInt32(${ea}, ${value.lo}, true); v.setInt32(${ea} + 4, ${value.hi}, true);`);
    }
  }

  /**
   * Loads 16 bytes at `ea` into four int32 locals (an XMM value, low word first), as the
   * interpreter's loadWords128 (../memory-access.ts): #GP first when `aligned` and `ea` is not
   * 16-byte aligned, then the page check inline, the AddressSpace's fault otherwise.
   */
  load128(ea: string, aligned: boolean): string[] {
    this.mayThrow = true;
    if (aligned) this.emit(`if ((${ea} & 15) !== 0) ${this.constant(checkAligned16, 'checkAligned16')}(${ea});`);
    const readable = `(f[${ea} >>> ${PAGE_SHIFT}] & ${PAGE_READ}) !== 0`;
    const inPage = `(${ea} & ${PAGE_MASK}) <= ${PAGE_SIZE - 16}`;
    this.emit(`if (!(${readable} && ${inPage}) && !m.readable(${ea}, 16)) m.fault(${ea}, 16, ${AccessKind.Read});`);
    return [0, 4, 8, 12].map((k) => this.let(`v.getInt32(${ea} + ${k}, true)`));
  }

  /** Stores four int32 words (an XMM value) to 16 bytes at `ea`, as storeWords128. */
  store128(ea: string, words: readonly string[], aligned: boolean): void {
    this.mayThrow = true;
    this.mayStore = true;
    if (aligned) this.emit(`if ((${ea} & 15) !== 0) ${this.constant(checkAligned16, 'checkAligned16')}(${ea});`);
    const plain = `(f[${ea} >>> ${PAGE_SHIFT}] & ${PAGE_WRITE | PAGE_CODE}) === ${PAGE_WRITE}`;
    const inPage = `(${ea} & ${PAGE_MASK}) <= ${PAGE_SIZE - 16}`;
    this.emit(`if (!(${plain} && ${inPage})) { m.slowWriteCheck(${ea}, 16); cw = 1; }`);
    this.emit(words.map((w, k) => `v.setInt32(${ea} + ${k * 4}, ${w}, true);`).join(' '));
  }

  /** rsp + delta as a checked address, in a local (as ../stack.ts's stackAddress). */
  stackAddress(delta: number): string {
    this.mayThrow = true;
    const top = this.let(`${this.word(9)} * ${TWO32} + (${this.word(8)} >>> 0) + ${delta}`);
    this.emit(
      `if (${top} >>> 0 !== ${top}) ${top} = ${this.constant(exactStackAddress, 'exactStackAddress')}(cpu, ${delta}); ${top} >>>= 0;`,
    );
    return top;
  }

  /** Pushes a 64-bit value (store first: a fault leaves rsp unchanged). */
  push(value: Value64): void {
    const top = this.stackAddress(-8);
    this.store(8, top, value);
    const low = this.let(`${top} | 0`);
    this.emit(`g[8] = ${low}; g[9] = 0;`);
    this.wrote(8, low);
    this.wrote(9, '0');
  }

  /** Pops a 64-bit value into locals. */
  pop(): Value64 {
    const top = this.stackAddress(0);
    const value = this.load(8, top);
    this.emit(`g[8] = (${top} + 8) | 0; g[9] = ${top} + 8 >= ${TWO32} ? 1 : 0;`);
    return value;
  }

  // ---- operands ----

  /**
   * Reads operand `index` of `size` bytes (register, memory at `ea`, immediate); null for other
   * kinds (segment registers, …), which the template leaves to the interpreter's closure.
   */
  readOperand(index: number, size: number, ea: string | null): Value64 | null {
    const op = this.inst.operands[index]!;
    switch (op.kind) {
      case OperandKind.Register:
        if (op.regClass !== RegisterClass.GPR && op.regClass !== RegisterClass.GPRHigh8) return null;
        return this.readRegister(op, size);
      case OperandKind.Memory:
        return this.load(size, ea ?? this.address());
      case OperandKind.Immediate:
      case OperandKind.Constant: {
        const v = op.kind === OperandKind.Constant ? op.reg : this.inst.imm;
        const lo = size === 1 ? v & 0xff : size === 2 ? v & 0xffff : v | 0;
        const hi = size === 8 && op.kind === OperandKind.Immediate ? this.inst.immHigh : 0;
        return { lo: String(lo), hi: String(hi) };
      }
      default:
        return null;
    }
  }
}

/** A control transfer ending the block: a direct target (rip null) or an indirect rip local. */
export interface BlockExit {
  condition: string;
  target: number;
  rip: string | null;
}

/** The high words of a 64-bit flag record (operands a, b and result r). */
export interface Value64Triple {
  a: string;
  b: string;
  r: string;
}

/** True when operand `op` is a general register (not a segment, vector, … register). */
export function isGeneralRegister(op: Operand): boolean {
  return (
    op.kind === OperandKind.Register && (op.regClass === RegisterClass.GPR || op.regClass === RegisterClass.GPRHigh8)
  );
}

/**
 * A literal a register word may be held as: a non-negative int32 in decimal (a negative one could
 * make `-${x}` in a template read `--5`).
 */
function isWordLiteral(value: string): boolean {
  return /^\d{1,10}$/.test(value) && Number(value) <= 0x7fffffff;
}

/** `g[n] = …` (not `===`): a statement assigning register word n. */
const REGISTER_ASSIGNMENT = /g\[(\d+)\] =(?!=)/g;

/**
 * Whether the generated JS `expression` surely yields an int32: a read of `g` (an Int32Array), a
 * getInt32, a known int32 local, or an expression whose outermost operator is a bitwise one
 * (`|`, `^`, `&`, `<<`, `>>`). Anything else (arithmetic, `>>>`, comparisons, `?:`) is not
 * claimed; a false "no" only costs a load later.
 */
export function isInt32Expression(expression: string, int32Locals: ReadonlySet<string>): boolean {
  let text = expression.trim();
  if (/^g\[\d+\]$/.test(text) || int32Locals.has(text)) return true;
  if (/^v\.getInt32\([^?]*\)$/.test(text)) return true;
  while (text.startsWith('(') && closingParenthesis(text, 0) === text.length - 1) text = text.slice(1, -1).trim();
  let bitwise = false;
  let shift = false;
  let depth = 0;
  for (let k = 0; k < text.length; k++) {
    const c = text[k]!;
    if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    if (depth !== 0 || c === '(' || c === ')' || c === '[' || c === ']') continue;
    const two = text.slice(k, k + 2);
    const three = text.slice(k, k + 3);
    if (c === '?' || c === ',' || two === '&&' || two === '||' || two === '??') return false;
    if (three === '>>>') return false;
    if (two === '==' || two === '!=' || two === '<=' || two === '>=') return false;
    if (two === '<<' || two === '>>') {
      shift = true;
      k++;
      continue;
    }
    if (c === '<' || c === '>' || c === '=') return false;
    if (c === '|' || c === '^' || c === '&') bitwise = true;
  }
  return bitwise || shift;
}

/** Index of the parenthesis closing the one at `open` in `text` (-1: none). */
function closingParenthesis(text: string, open: number): number {
  let depth = 0;
  for (let k = open; k < text.length; k++) {
    if (text[k] === '(') depth++;
    else if (text[k] === ')' && --depth === 0) return k;
  }
  return -1;
}
