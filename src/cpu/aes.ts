// AES-NI: aesenc, aesenclast, aesdec, aesdeclast, aesimc, aeskeygenassist.
// The state is the 16 bytes of the register, byte 4c + r being row r of column c (FIPS-197 order).
// The S-boxes are derived from their definition (inverse in GF(2^8) modulo x^8 + x^4 + x^3 + x + 1,
// then the affine map), not transcribed, when the first AES instruction is bound: deriving them
// costs milliseconds of cold code that every `miros run` paid at start-up, AES or not (issue 4).

import { Code } from '../x86/codes.ts';
import { type Cpu, XMM_RESULT } from './cpu.ts';
import type { HandlerRegistry } from './registry.ts';
import { bindVector, copySlot, type VectorOp } from './vector-operands.ts';

/** Multiplication in GF(2^8) modulo the AES polynomial 0x11b. */
function gfMultiply(a: number, b: number): number {
  let result = 0;
  let x = a;
  let y = b;
  while (y !== 0) {
    if (y & 1) result ^= x;
    x = x & 0x80 ? ((x << 1) ^ 0x11b) & 0xff : x << 1;
    y >>= 1;
  }
  return result;
}

const SBOX = new Uint8Array(256);
const INVERSE_SBOX = new Uint8Array(256);
/** Products by the MixColumns coefficients, as tables: MULTIPLY[k][v] = k·v in GF(2^8). */
const MULTIPLY: Uint8Array[] = [];
let M2: Uint8Array;
let M3: Uint8Array;
let M9: Uint8Array;
let M11: Uint8Array;
let M13: Uint8Array;
let M14: Uint8Array;
let tablesBuilt = false;

/** Fills the S-boxes and the MixColumns tables, once. */
function buildTables(): void {
  if (tablesBuilt) return;
  tablesBuilt = true;
  for (let v = 0; v < 256; v++) {
    let inverse = 0;
    if (v !== 0) for (inverse = 1; gfMultiply(v, inverse) !== 1; inverse++);
    // Affine map: b ^ rotl(b,1) ^ rotl(b,2) ^ rotl(b,3) ^ rotl(b,4) ^ 0x63.
    let s = inverse;
    for (let k = 1; k <= 4; k++) s ^= ((inverse << k) | (inverse >> (8 - k))) & 0xff;
    s ^= 0x63;
    SBOX[v] = s;
    INVERSE_SBOX[s] = v;
  }
  for (const k of [1, 2, 3, 9, 11, 13, 14]) {
    const table = new Uint8Array(256);
    for (let v = 0; v < 256; v++) table[v] = gfMultiply(k, v);
    MULTIPLY[k] = table;
  }
  M2 = MULTIPLY[2]!;
  M3 = MULTIPLY[3]!;
  M9 = MULTIPLY[9]!;
  M11 = MULTIPLY[11]!;
  M13 = MULTIPLY[13]!;
  M14 = MULTIPLY[14]!;
}

/** Scratch state while a round runs. */
const state = new Uint8Array(16);

/** ShiftRows (or its inverse) then SubBytes (or inverse) of slot `from` into `state`. */
function shiftAndSubstitute(cpu: Cpu, from: number, inverse: boolean): void {
  const u = cpu.xmmU8;
  const box = inverse ? INVERSE_SBOX : SBOX;
  for (let c = 0; c < 4; c++) {
    for (let r = 0; r < 4; r++) {
      const sourceColumn = inverse ? (c - r + 4) & 3 : (c + r) & 3;
      state[4 * c + r] = box[u[from * 16 + 4 * sourceColumn + r]!]!;
    }
  }
}

/** MixColumns (circulant 2 3 1 1) or InvMixColumns (14 11 13 9) of `state`, in place. */
function mixColumns(inverse: boolean): void {
  for (let c = 0; c < 16; c += 4) {
    const a0 = state[c]!;
    const a1 = state[c + 1]!;
    const a2 = state[c + 2]!;
    const a3 = state[c + 3]!;
    if (inverse) {
      state[c] = M14[a0]! ^ M11[a1]! ^ M13[a2]! ^ M9[a3]!;
      state[c + 1] = M9[a0]! ^ M14[a1]! ^ M11[a2]! ^ M13[a3]!;
      state[c + 2] = M13[a0]! ^ M9[a1]! ^ M14[a2]! ^ M11[a3]!;
      state[c + 3] = M11[a0]! ^ M13[a1]! ^ M9[a2]! ^ M14[a3]!;
    } else {
      state[c] = M2[a0]! ^ M3[a1]! ^ a2 ^ a3;
      state[c + 1] = a0 ^ M2[a1]! ^ M3[a2]! ^ a3;
      state[c + 2] = a0 ^ a1 ^ M2[a2]! ^ M3[a3]!;
      state[c + 3] = M3[a0]! ^ a1 ^ a2 ^ M2[a3]!;
    }
  }
}

/** Writes state XOR the round key in slot `key` to slot d. */
function addRoundKey(cpu: Cpu, d: number, key: number): void {
  const u = cpu.xmmU8;
  for (let i = 0; i < 16; i++) u[XMM_RESULT * 16 + i] = state[i]! ^ u[key * 16 + i]!;
  copySlot(cpu.xmm, d, XMM_RESULT);
}

function round(decrypt: boolean, last: boolean): VectorOp {
  return (cpu, d, s) => {
    shiftAndSubstitute(cpu, d, decrypt);
    if (!last) mixColumns(decrypt);
    addRoundKey(cpu, d, s);
  };
}

/** aesimc: InvMixColumns of the source (for the equivalent inverse cipher's round keys). */
const aesimc: VectorOp = (cpu, d, s) => {
  state.set(cpu.xmmU8.subarray(s * 16, s * 16 + 16));
  mixColumns(true);
  cpu.xmmU8.set(state, d * 16);
};

function subWord(w: number): number {
  return SBOX[w & 0xff]! | (SBOX[(w >>> 8) & 0xff]! << 8) | (SBOX[(w >>> 16) & 0xff]! << 16) | (SBOX[w >>> 24]! << 24);
}

/** aeskeygenassist: SubWord and RotWord(SubWord) ^ rcon of the source's dwords 1 and 3. */
const aeskeygenassist: VectorOp = (cpu, d, s, imm) => {
  const x = cpu.xmm;
  const x1 = subWord(x[s * 4 + 1]!);
  const x3 = subWord(x[s * 4 + 3]!);
  const rotate = (w: number) => ((w >>> 8) | (w << 24)) ^ imm;
  x[d * 4] = x1;
  x[d * 4 + 1] = rotate(x1);
  x[d * 4 + 2] = x3;
  x[d * 4 + 3] = rotate(x3);
};

export function registerAes(r: HandlerRegistry): void {
  const vector = (code: number, op: VectorOp) =>
    r.define(code, (inst) => {
      buildTables();
      return bindVector(inst, op);
    });
  vector(Code.AESENC, round(false, false));
  vector(Code.AESENCLAST, round(false, true));
  vector(Code.AESDEC, round(true, false));
  vector(Code.AESDECLAST, round(true, true));
  vector(Code.AESIMC, aesimc);
  vector(Code.AESKEYGENASSIST, aeskeygenassist);
}
