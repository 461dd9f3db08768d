// A small x86-64 assembler for the guest code the linker writes itself: __tls_get_addr, the
// TLSDESC resolvers, _dl_fini, _dl_find_object and the start-up sequence that runs IFUNC
// resolvers and initialisers before jumping to the program's entry point.
//
// Only the forms that code needs, each encoded explicitly (the tests decode the output with
// iced-x86 and compare the text). Memory operands are [base + disp32] (SIB when the base is rsp
// or r12), fs:[disp32], or rip-relative to a label.

export const enum Reg {
  RAX = 0,
  RCX = 1,
  RDX = 2,
  RBX = 3,
  RSP = 4,
  RBP = 5,
  RSI = 6,
  RDI = 7,
  R8 = 8,
  R9 = 9,
  R10 = 10,
  R11 = 11,
  R12 = 12,
  R13 = 13,
  R14 = 14,
  R15 = 15,
}

/** Condition codes (the low nibble of Jcc). */
export const enum Cond {
  B = 0x2,
  AE = 0x3,
  E = 0x4,
  NE = 0x5,
}

export class Label {
  /** Offset in the code, once bound. */
  offset = -1;
}

interface Fixup {
  /** Where the rel32 field is. */
  at: number;
  /** The offset the displacement is relative to (end of the instruction). */
  end: number;
  label: Label;
}

const TWO_32 = 4294967296;

export class Assembler {
  private bytes: number[] = [];
  private readonly fixups: Fixup[] = [];

  get size(): number {
    return this.bytes.length;
  }

  label(): Label {
    return new Label();
  }

  bind(label: Label): void {
    label.offset = this.bytes.length;
  }

  /** The finished code, for loading at `origin` (labels resolve relative, so any origin works). */
  finish(): Uint8Array {
    for (const fixup of this.fixups) {
      if (fixup.label.offset < 0) throw new Error('assembler: unbound label');
      this.patch32(fixup.at, fixup.label.offset - fixup.end);
    }
    return Uint8Array.from(this.bytes);
  }

  // ---- raw emission ----

  private byte(...values: number[]): void {
    for (const v of values) this.bytes.push(v & 0xff);
  }

  private int32(value: number): void {
    this.byte(value, value >> 8, value >> 16, value >> 24);
  }

  private patch32(at: number, value: number): void {
    for (let i = 0; i < 4; i++) this.bytes[at + i] = (value >> (8 * i)) & 0xff;
  }

  /** Emits 8 data bytes (a 64-bit little-endian word). */
  quad(value: number): void {
    const high = Math.floor(value / TWO_32);
    this.int32((value - high * TWO_32) | 0);
    this.int32(high | 0);
  }

  /** REX prefix: W for 64-bit operands, R extends ModRM.reg, B extends ModRM.rm / base. */
  private rex(w: boolean, reg: number, rm: number, always = false): void {
    const value = 0x40 | (w ? 8 : 0) | (reg >= 8 ? 4 : 0) | (rm >= 8 ? 1 : 0);
    if (value !== 0x40 || always) this.byte(value);
  }

  /** ModRM (+ SIB) + disp32 for [base + disp]. */
  private memory(reg: number, base: number, disp: number): void {
    this.byte(0x80 | ((reg & 7) << 3) | (base & 7));
    if ((base & 7) === Reg.RSP) this.byte(0x24);
    this.int32(disp);
  }

  private registerDirect(reg: number, rm: number): void {
    this.byte(0xc0 | ((reg & 7) << 3) | (rm & 7));
  }

  // ---- instructions ----

  /** mov dst, imm (the short zero-extending form when the value fits in 32 bits unsigned). */
  movImm(dst: Reg, value: number): void {
    if (value >= 0 && value < TWO_32) {
      this.rex(false, 0, dst);
      this.byte(0xb8 + (dst & 7));
      this.int32(value | 0);
      return;
    }
    this.rex(true, 0, dst);
    this.byte(0xb8 + (dst & 7));
    this.quad(value);
  }

  /** mov dst, src (64-bit). */
  mov(dst: Reg, src: Reg): void {
    this.rex(true, src, dst);
    this.byte(0x89);
    this.registerDirect(src, dst);
  }

  /** mov dst, [base + disp] */
  load(dst: Reg, base: Reg, disp = 0): void {
    this.rex(true, dst, base);
    this.byte(0x8b);
    this.memory(dst, base, disp);
  }

  /** mov [base + disp], src */
  store(base: Reg, disp: number, src: Reg): void {
    this.rex(true, src, base);
    this.byte(0x89);
    this.memory(src, base, disp);
  }

  /** mov dst, [rip + label] */
  loadRip(dst: Reg, label: Label): void {
    this.rex(true, dst, 0);
    this.byte(0x8b, 0x05 | ((dst & 7) << 3));
    this.ripFixup(label);
  }

  /** lea dst, [rip + label] */
  leaRip(dst: Reg, label: Label): void {
    this.rex(true, dst, 0);
    this.byte(0x8d, 0x05 | ((dst & 7) << 3));
    this.ripFixup(label);
  }

  private ripFixup(label: Label): void {
    const at = this.bytes.length;
    this.int32(0);
    this.fixups.push({ at, end: this.bytes.length, label });
  }

  /** mov dst, fs:[disp] */
  loadFs(dst: Reg, disp: number): void {
    this.byte(0x64);
    this.rex(true, dst, 0);
    this.byte(0x8b, 0x04 | ((dst & 7) << 3), 0x25);
    this.int32(disp);
  }

  /** sub dst, fs:[disp] */
  subFs(dst: Reg, disp: number): void {
    this.byte(0x64);
    this.rex(true, dst, 0);
    this.byte(0x2b, 0x04 | ((dst & 7) << 3), 0x25);
    this.int32(disp);
  }

  /** add dst, [base + disp] */
  addLoad(dst: Reg, base: Reg, disp = 0): void {
    this.rex(true, dst, base);
    this.byte(0x03);
    this.memory(dst, base, disp);
  }

  /** add dst, src */
  add(dst: Reg, src: Reg): void {
    this.rex(true, src, dst);
    this.byte(0x01);
    this.registerDirect(src, dst);
  }

  /** add dst, imm32 (sign-extended) */
  addImm(dst: Reg, value: number): void {
    this.rex(true, 0, dst);
    this.byte(0x81);
    this.registerDirect(0, dst);
    this.int32(value);
  }

  /** sub dst, imm32 (sign-extended) */
  subImm(dst: Reg, value: number): void {
    this.rex(true, 0, dst);
    this.byte(0x81);
    this.registerDirect(5, dst);
    this.int32(value);
  }

  /** and dst, imm32 (sign-extended) */
  andImm(dst: Reg, value: number): void {
    this.rex(true, 0, dst);
    this.byte(0x81);
    this.registerDirect(4, dst);
    this.int32(value);
  }

  /** shl dst, count */
  shlImm(dst: Reg, count: number): void {
    this.rex(true, 0, dst);
    this.byte(0xc1);
    this.registerDirect(4, dst);
    this.byte(count);
  }

  /** dec dst (64-bit) */
  dec(dst: Reg): void {
    this.rex(true, 0, dst);
    this.byte(0xff);
    this.registerDirect(1, dst);
  }

  /** test a, b (64-bit) */
  test(a: Reg, b: Reg): void {
    this.rex(true, b, a);
    this.byte(0x85);
    this.registerDirect(b, a);
  }

  /** cmp reg, [base + disp] (flags of reg - memory) */
  cmpLoad(reg: Reg, base: Reg, disp = 0): void {
    this.rex(true, reg, base);
    this.byte(0x3b);
    this.memory(reg, base, disp);
  }

  /** xor dst32, dst32: zeroes the whole register. */
  zero(dst: Reg): void {
    this.rex(false, dst, dst);
    this.byte(0x31);
    this.registerDirect(dst, dst);
  }

  /** call reg */
  call(target: Reg): void {
    this.rex(false, 0, target);
    this.byte(0xff);
    this.registerDirect(2, target);
  }

  /** call [base + disp] */
  callMemory(base: Reg, disp = 0): void {
    this.rex(false, 0, base);
    this.byte(0xff);
    this.memory(2, base, disp);
  }

  /** jmp reg */
  jmp(target: Reg): void {
    this.rex(false, 0, target);
    this.byte(0xff);
    this.registerDirect(4, target);
  }

  /** jmp [rip + label]: to the address stored at the label. */
  jmpIndirectRip(label: Label): void {
    this.byte(0xff, 0x25);
    this.ripFixup(label);
  }

  /** jmp label (rel32) */
  jmpLabel(label: Label): void {
    this.byte(0xe9);
    this.ripFixup(label);
  }

  /** jcc label (rel32) */
  jcc(cond: Cond, label: Label): void {
    this.byte(0x0f, 0x80 | cond);
    this.ripFixup(label);
  }

  push(reg: Reg): void {
    this.rex(false, 0, reg);
    this.byte(0x50 + (reg & 7));
  }

  pop(reg: Reg): void {
    this.rex(false, 0, reg);
    this.byte(0x58 + (reg & 7));
  }

  ret(): void {
    this.byte(0xc3);
  }

  syscall(): void {
    this.byte(0x0f, 0x05);
  }

  hlt(): void {
    this.byte(0xf4);
  }

  /** Pads with int3 up to a multiple of `alignment`. */
  align(alignment: number): void {
    while (this.bytes.length % alignment !== 0) this.byte(0xcc);
  }
}
