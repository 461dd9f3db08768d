// Walks the guest's call stack with the call frame information of the loaded objects (.eh_frame,
// found through PT_GNU_EH_FRAME's sorted table), as libgcc's unwinder does for glibc's backtrace:
// each frame's return address is looked up (minus one: it follows a call), the CFI program of its
// FDE is run up to it to learn where the canonical frame address is (a register plus an offset)
// and where the caller's registers were saved; the caller's frame is then the one whose stack
// pointer is the CFA and whose pc is the saved return address. The walk stops, as libgcc's, at a
// frame whose pc no FDE covers (that frame is still reported) or whose return address is
// undefined (_start's). Register numbers are DWARF's for x86-64: 0 rax, 1 rdx, 2 rcx, 3 rbx,
// 4 rsi, 5 rdi, 6 rbp, 7 rsp, 8-15 r8-r15, 16 the return address.
// Expressions (DW_CFA_def_cfa_expression, DW_CFA_expression…) appear in PLT entries and
// hand-written code that never holds a return address of a C call; meeting one fails loudly.
import { PT_GNU_EH_FRAME } from '../../elf/index.ts';
import type { AddressSpace } from '../../memory/address-space.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';

const RETURN_ADDRESS = 16;
const REGISTER_COUNT = 17;
const STACK_POINTER = 7;

/** How a register of the caller is recovered (DWARF register rules). */
const enum Rule {
  SameValue = 0,
  Undefined = 1,
  /** Saved at CFA + offset. */
  Offset = 2,
  /** Its value is CFA + offset. */
  ValueOffset = 3,
  /** In another register. */
  Register = 4,
}

interface RegisterRule {
  rule: Rule;
  value: number;
}

interface Row {
  cfaRegister: number;
  cfaOffset: number;
  registers: RegisterRule[];
}

interface CommonEntry {
  codeAlignment: number;
  dataAlignment: number;
  returnRegister: number;
  fdeEncoding: number;
  instructions: [number, number];
}

/** A little-endian reader over guest memory. */
class Cursor {
  constructor(
    readonly memory: AddressSpace,
    public at: number,
  ) {}

  u8(): number {
    return this.memory.read8(this.at++);
  }

  u16(): number {
    const value = this.memory.view.getUint16(this.at, true);
    this.at += 2;
    return value;
  }

  u32(): number {
    const value = this.memory.read32(this.at) >>> 0;
    this.at += 4;
    return value;
  }

  s32(): number {
    const value = this.memory.read32(this.at) | 0;
    this.at += 4;
    return value;
  }

  u64(): number {
    const low = this.memory.read32(this.at) >>> 0;
    const high = this.memory.read32(this.at + 4) | 0;
    this.at += 8;
    return high * 4294967296 + low;
  }

  uleb(): number {
    let result = 0;
    let scale = 1;
    for (;;) {
      const byte = this.u8();
      result += (byte & 0x7f) * scale;
      scale *= 128;
      if ((byte & 0x80) === 0) return result;
    }
  }

  sleb(): number {
    let result = 0;
    let scale = 1;
    let byte: number;
    do {
      byte = this.u8();
      result += (byte & 0x7f) * scale;
      scale *= 128;
    } while ((byte & 0x80) !== 0);
    if ((byte & 0x40) !== 0) result -= scale;
    return result;
  }

  cString(): string {
    let text = '';
    for (let c = this.u8(); c !== 0; c = this.u8()) text += String.fromCharCode(c);
    return text;
  }

  /** A pointer in DW_EH_PE encoding `encoding`; `dataBase` for datarel. */
  encoded(encoding: number, dataBase = 0): number {
    const start = this.at;
    let value: number;
    switch (encoding & 0x0f) {
      case 0x00:
      case 0x04:
      case 0x0c:
        value = this.u64();
        break;
      case 0x01:
        value = this.uleb();
        break;
      case 0x02:
        value = this.u16();
        break;
      case 0x03:
        value = this.u32();
        break;
      case 0x09:
        value = this.sleb();
        break;
      case 0x0a:
        value = (this.u16() << 16) >> 16;
        break;
      case 0x0b:
        value = this.s32();
        break;
      default:
        throw new Error(`backtrace: unknown pointer encoding 0x${encoding.toString(16)} in .eh_frame`);
    }
    switch (encoding & 0x70) {
      case 0x00:
        break;
      case 0x10:
        value += start;
        break;
      case 0x30:
        value += dataBase;
        break;
      default:
        throw new Error(`backtrace: unsupported pointer application 0x${encoding.toString(16)} in .eh_frame`);
    }
    if ((encoding & 0x80) !== 0) value = new Cursor(this.memory, value).u64();
    return value;
  }
}

function readCommonEntry(memory: AddressSpace, at: number): CommonEntry {
  const cursor = new Cursor(memory, at);
  const length = cursor.u32();
  if (length === 0xffffffff) throw new Error('backtrace: 64-bit .eh_frame entries are not supported');
  const end = cursor.at + length;
  cursor.u32(); // CIE id (0)
  const version = cursor.u8();
  const augmentation = cursor.cString();
  if (augmentation.includes('eh')) cursor.u64();
  const codeAlignment = cursor.uleb();
  const dataAlignment = cursor.sleb();
  const returnRegister = version === 1 ? cursor.u8() : cursor.uleb();
  let fdeEncoding = 0;
  if (augmentation.startsWith('z')) {
    const dataLength = cursor.uleb();
    const dataEnd = cursor.at + dataLength;
    for (const letter of augmentation.slice(1)) {
      if (letter === 'R') fdeEncoding = cursor.u8();
      else if (letter === 'P') cursor.encoded(cursor.u8());
      else if (letter === 'L') cursor.u8();
    }
    cursor.at = dataEnd;
  }
  return { codeAlignment, dataAlignment, returnRegister, fdeEncoding, instructions: [cursor.at, end] };
}

/** The FDE covering `pc` in the object holding it: its CIE, the start of its range and its instructions. */
function findFrameEntry(
  libc: LibcProcess,
  pc: number,
): { cie: CommonEntry; start: number; instructions: [number, number] } | undefined {
  const object = libc.linker.objects.find((o) => o.linkMap !== 0 && o.mapEnd > o.mapStart && o.contains(pc));
  const header = object?.elf?.segmentOfType(PT_GNU_EH_FRAME);
  if (object === undefined || header === undefined) return undefined;
  const memory = libc.memory;
  const hdr = object.base + header.virtualAddress;
  const cursor = new Cursor(memory, hdr);
  cursor.u8(); // version
  const framePointerEncoding = cursor.u8();
  const countEncoding = cursor.u8();
  const tableEncoding = cursor.u8();
  cursor.encoded(framePointerEncoding, hdr);
  if (countEncoding === 0xff || tableEncoding !== 0x3b) return undefined;
  const count = cursor.encoded(countEncoding, hdr);
  const table = cursor.at;
  // The last entry whose initial location is at or below pc (each entry: two datarel sdata4).
  let low = 0;
  let high = count - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const location = hdr + (memory.read32(table + 8 * middle) | 0);
    if (location <= pc) {
      found = middle;
      low = middle + 1;
    } else high = middle - 1;
  }
  if (found < 0) return undefined;
  const fde = hdr + (memory.read32(table + 8 * found + 4) | 0);
  const entry = new Cursor(memory, fde);
  const length = entry.u32();
  const end = entry.at + length;
  const ciePointerAt = entry.at;
  const cie = readCommonEntry(memory, ciePointerAt - entry.u32());
  const start = entry.encoded(cie.fdeEncoding);
  const range = entry.encoded(cie.fdeEncoding & 0x0f);
  if (pc < start || pc >= start + range) return undefined;
  entry.at += entry.uleb(); // augmentation data (the LSDA pointer)
  return { cie, start, instructions: [entry.at, end] };
}

function initialRow(): Row {
  const registers: RegisterRule[] = [];
  for (let r = 0; r < REGISTER_COUNT; r++) registers.push({ rule: Rule.SameValue, value: 0 });
  return { cfaRegister: STACK_POINTER, cfaOffset: 8, registers };
}

function copyRow(row: Row): Row {
  return { cfaRegister: row.cfaRegister, cfaOffset: row.cfaOffset, registers: row.registers.map((r) => ({ ...r })) };
}

/**
 * Runs CFI instructions [from, to) over `row` while the location stays at or below `pc`; the
 * CIE's initial instructions run with pc = Infinity. `initial` is the row after them (DW_CFA_restore).
 */
function runInstructions(
  memory: AddressSpace,
  cie: CommonEntry,
  [from, to]: [number, number],
  row: Row,
  startLocation: number,
  pc: number,
  initial: Row | undefined,
): Row {
  const cursor = new Cursor(memory, from);
  const stack: Row[] = [];
  let location = startLocation;
  const set = (register: number, rule: Rule, value = 0): void => {
    if (register < REGISTER_COUNT) row.registers[register] = { rule, value };
  };
  const restore = (register: number): void => {
    if (register < REGISTER_COUNT)
      row.registers[register] = initial ? { ...initial.registers[register]! } : { rule: Rule.SameValue, value: 0 };
  };
  while (cursor.at < to) {
    const op = cursor.u8();
    const high = op & 0xc0;
    const low = op & 0x3f;
    if (high === 0x40) location += low * cie.codeAlignment;
    else if (high === 0x80) set(low, Rule.Offset, cursor.uleb() * cie.dataAlignment);
    else if (high === 0xc0) restore(low);
    else {
      switch (op) {
        case 0x00:
          break;
        case 0x01:
          location = cursor.encoded(cie.fdeEncoding);
          break;
        case 0x02:
          location += cursor.u8() * cie.codeAlignment;
          break;
        case 0x03:
          location += cursor.u16() * cie.codeAlignment;
          break;
        case 0x04:
          location += cursor.u32() * cie.codeAlignment;
          break;
        case 0x05: {
          const register = cursor.uleb();
          set(register, Rule.Offset, cursor.uleb() * cie.dataAlignment);
          break;
        }
        case 0x06:
          restore(cursor.uleb());
          break;
        case 0x07:
          set(cursor.uleb(), Rule.Undefined);
          break;
        case 0x08:
          set(cursor.uleb(), Rule.SameValue);
          break;
        case 0x09: {
          const register = cursor.uleb();
          set(register, Rule.Register, cursor.uleb());
          break;
        }
        case 0x0a:
          stack.push(copyRow(row));
          break;
        case 0x0b: {
          const saved = stack.pop();
          if (saved === undefined) throw new Error('backtrace: DW_CFA_restore_state without a remembered state');
          // The CFA rule is part of the remembered state too (DWARF 5 §6.4.2.4).
          row.cfaRegister = saved.cfaRegister;
          row.cfaOffset = saved.cfaOffset;
          row.registers = saved.registers;
          break;
        }
        case 0x0c:
          row.cfaRegister = cursor.uleb();
          row.cfaOffset = cursor.uleb();
          break;
        case 0x0d:
          row.cfaRegister = cursor.uleb();
          break;
        case 0x0e:
          row.cfaOffset = cursor.uleb();
          break;
        case 0x11: {
          const register = cursor.uleb();
          set(register, Rule.Offset, cursor.sleb() * cie.dataAlignment);
          break;
        }
        case 0x12:
          row.cfaRegister = cursor.uleb();
          row.cfaOffset = cursor.sleb() * cie.dataAlignment;
          break;
        case 0x13:
          row.cfaOffset = cursor.sleb() * cie.dataAlignment;
          break;
        case 0x14: {
          const register = cursor.uleb();
          set(register, Rule.ValueOffset, cursor.uleb() * cie.dataAlignment);
          break;
        }
        case 0x15: {
          const register = cursor.uleb();
          set(register, Rule.ValueOffset, cursor.sleb() * cie.dataAlignment);
          break;
        }
        case 0x2e:
          cursor.uleb(); // DW_CFA_GNU_args_size: nothing to do for a walk
          break;
        case 0x2f: {
          const register = cursor.uleb();
          set(register, Rule.Offset, -cursor.uleb() * cie.dataAlignment);
          break;
        }
        default:
          throw new Error(
            `backtrace: call frame instruction 0x${op.toString(16)} (a DWARF expression) is not supported at pc 0x${pc.toString(16)}`,
          );
      }
    }
    if (location > pc) break;
  }
  return row;
}

/**
 * The return addresses of the guest's frames, starting with the caller of the function whose
 * entry has the stack pointer `sp` (pointing at its return address); `registers` holds the
 * caller's callee-saved values by DWARF number (they are still in the CPU: the function is a
 * host function). At most `limit` addresses.
 */
export function walkFrames(libc: LibcProcess, sp: number, registers: number[], limit: number): number[] {
  const memory = libc.memory;
  const values = [...registers];
  values[STACK_POINTER] = sp + 8;
  let pc = new Cursor(memory, sp).u64();
  const frames: number[] = [];
  while (frames.length < limit && pc !== 0) {
    frames.push(pc);
    // A return address follows its call: the call's own row is the one for pc - 1.
    const lookup = pc - 1;
    const entry = findFrameEntry(libc, lookup);
    if (entry === undefined) break;
    const initial = runInstructions(
      memory,
      entry.cie,
      entry.cie.instructions,
      initialRow(),
      0,
      Number.POSITIVE_INFINITY,
      undefined,
    );
    const row = runInstructions(memory, entry.cie, entry.instructions, copyRow(initial), entry.start, lookup, initial);
    const returnRule = row.registers[entry.cie.returnRegister]!;
    if (returnRule.rule === Rule.Undefined) break;
    const base = values[row.cfaRegister];
    if (base === undefined) throw new Error(`backtrace: the CFA is based on unknown register ${row.cfaRegister}`);
    const cfa = base + row.cfaOffset;
    const next = [...values];
    for (let r = 0; r < REGISTER_COUNT; r++) {
      const rule = row.registers[r]!;
      if (rule.rule === Rule.Offset) next[r] = new Cursor(memory, cfa + rule.value).u64();
      else if (rule.rule === Rule.ValueOffset) next[r] = cfa + rule.value;
      else if (rule.rule === Rule.Register) next[r] = values[rule.value]!;
    }
    next[STACK_POINTER] = cfa;
    pc = next[entry.cie.returnRegister]!;
    values.splice(0, values.length, ...next);
    values[RETURN_ADDRESS] = 0;
  }
  return frames;
}
