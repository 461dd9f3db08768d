// glibc 2.36's random()/srandom()/initstate()/setstate() and their _r forms: the additive feedback
// generators of BSD random (TYPE_0, the linear congruential one, to TYPE_4, degree 63) over a
// struct random_data and a state array, both in guest memory. The global state that random(),
// rand(), srandom(), srand(), initstate() and setstate() share is glibc's: a struct random_data and
// a 32-word table (randtbl) in Miros libc's data area, so a pointer initstate/setstate returns is
// the table itself, and handing it back to setstate restores it as natively.
import { Errno } from '../../kernel/errno.ts';
import type { FunctionTable } from '../exports/binding-types.ts';
import { loadPointer, storePointer } from '../runtime/guest-access.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';

// struct random_data (x86-64): int32_t *fptr, *rptr, *state; int rand_type, rand_deg, rand_sep;
// int32_t *end_ptr.
const FPTR = 0;
const RPTR = 8;
const STATE = 16;
const RAND_TYPE = 24;
const RAND_DEG = 28;
const RAND_SEP = 32;
const END_PTR = 40;
const RANDOM_DATA_SIZE = 48;

const TYPE_0 = 0;
const TYPE_3 = 3;
const MAX_TYPES = 5;
/** Per type: the trinomial's degree and the separation of its two lower coefficients. */
const DEGREES = [0, 7, 15, 31, 63] as const;
const SEPARATIONS = [0, 3, 1, 3, 1] as const;
/** The state sizes in bytes from which each type is chosen (BREAK_0 … BREAK_4). */
const BREAKS = [8, 32, 64, 128, 256] as const;

/** One step of the generator described by `buffer`; the 31-bit result. */
function randomStep(libc: LibcProcess, buffer: number): number {
  const memory = libc.memory;
  const state = loadPointer(memory, buffer + STATE);
  if (memory.read32(buffer + RAND_TYPE) === TYPE_0) {
    const value = (Math.imul(memory.read32(state), 1103515245) + 12345) & 0x7fffffff;
    memory.write32(state, value);
    return value;
  }
  let front = loadPointer(memory, buffer + FPTR);
  let rear = loadPointer(memory, buffer + RPTR);
  const end = loadPointer(memory, buffer + END_PTR);
  const sum = (memory.read32(front) + memory.read32(rear)) | 0;
  memory.write32(front, sum);
  // The front and rear pointers cannot both wrap in one step; glibc tests the rear only when the
  // front did not wrap, and so must this (a corrupt state would otherwise diverge).
  front += 4;
  if (front >= end) {
    front = state;
    rear += 4;
  } else {
    rear += 4;
    if (rear >= end) rear = state;
  }
  storePointer(memory, buffer + FPTR, front);
  storePointer(memory, buffer + RPTR, rear);
  return sum >>> 1;
}

function randomR(libc: LibcProcess, buffer: number, result: number): number {
  if (buffer === 0 || result === 0) {
    libc.errno = Errno.EINVAL;
    return -1;
  }
  const value = randomStep(libc, buffer);
  libc.memory.write32(result, value);
  return 0;
}

/** srandom_r: fails (-1, errno untouched, as glibc) for a null buffer or an unknown type. */
function srandomR(libc: LibcProcess, seed: number, buffer: number): number {
  if (buffer === 0) return -1;
  const memory = libc.memory;
  const type = memory.read32(buffer + RAND_TYPE);
  if (type >>> 0 >= MAX_TYPES) return -1;
  const state = loadPointer(memory, buffer + STATE);
  const start = seed >>> 0 === 0 ? 1 : seed >>> 0;
  memory.write32(state, start | 0);
  if (type === TYPE_0) return 0;
  // glibc keeps the seed in an int32_t: seeds from 2^31 up start negative, and the division below
  // truncates toward zero as C's does.
  let word = start | 0;
  const degree = memory.read32(buffer + RAND_DEG);
  for (let i = 1; i < degree; i++) {
    // 16807 * word mod (2^31 - 1) without overflow (Schrage's method), as glibc computes it.
    const high = Math.trunc(word / 127773);
    const low = word % 127773;
    word = (16807 * low - 2836 * high) | 0;
    if (word < 0) word = (word + 2147483647) | 0;
    memory.write32(state + 4 * i, word);
  }
  storePointer(memory, buffer + FPTR, state + 4 * memory.read32(buffer + RAND_SEP));
  storePointer(memory, buffer + RPTR, state);
  for (let k = 10 * degree; k > 0; k--) randomStep(libc, buffer);
  return 0;
}

/** Saves the rear pointer's position and the type in word -1 of the buffer's current state. */
function saveState(libc: LibcProcess, buffer: number, oldState: number): void {
  const memory = libc.memory;
  const type = memory.read32(buffer + RAND_TYPE);
  if (type === TYPE_0) memory.write32(oldState - 4, TYPE_0);
  else {
    const rear = (loadPointer(memory, buffer + RPTR) - oldState) / 4;
    memory.write32(oldState - 4, (MAX_TYPES * rear + type) | 0);
  }
}

function initstateR(libc: LibcProcess, seed: number, argState: number, size: number, buffer: number): number {
  if (buffer === 0) return fail(libc);
  const memory = libc.memory;
  const oldState = loadPointer(memory, buffer + STATE);
  if (oldState !== 0) saveState(libc, buffer, oldState);
  if (size < BREAKS[0]) return fail(libc);
  let type = 0;
  while (type < 4 && size >= BREAKS[type + 1]!) type++;
  const degree = DEGREES[type]!;
  memory.write32(buffer + RAND_TYPE, type);
  memory.write32(buffer + RAND_SEP, SEPARATIONS[type]!);
  memory.write32(buffer + RAND_DEG, degree);
  const state = argState + 4;
  storePointer(memory, buffer + END_PTR, state + 4 * degree);
  storePointer(memory, buffer + STATE, state);
  srandomR(libc, seed, buffer);
  if (type === TYPE_0) memory.write32(state - 4, TYPE_0);
  else memory.write32(state - 4, (((loadPointer(memory, buffer + RPTR) - state) / 4) * MAX_TYPES + type) | 0);
  return 0;
}

function setstateR(libc: LibcProcess, argState: number, buffer: number): number {
  if (argState === 0 || buffer === 0) return fail(libc);
  const memory = libc.memory;
  saveState(libc, buffer, loadPointer(memory, buffer + STATE));
  const newState = argState + 4;
  const word = memory.read32(argState);
  // C's % and / truncate toward zero: a negative word gives a negative type, which fails.
  const type = word % MAX_TYPES;
  if (type < 0 || type >= MAX_TYPES) return fail(libc);
  const degree = DEGREES[type]!;
  const separation = SEPARATIONS[type]!;
  memory.write32(buffer + RAND_DEG, degree);
  memory.write32(buffer + RAND_SEP, separation);
  memory.write32(buffer + RAND_TYPE, type);
  if (type !== TYPE_0) {
    const rear = Math.trunc(word / MAX_TYPES);
    storePointer(memory, buffer + RPTR, newState + 4 * rear);
    storePointer(memory, buffer + FPTR, newState + 4 * ((rear + separation) % degree));
  }
  storePointer(memory, buffer + STATE, newState);
  storePointer(memory, buffer + END_PTR, newState + 4 * degree);
  return 0;
}

function fail(libc: LibcProcess): number {
  libc.errno = Errno.EINVAL;
  return -1;
}

/**
 * glibc's unsafe_state: the struct random_data random() uses, over randtbl (TYPE_3, degree 31).
 * randtbl's initial contents in glibc are the state srandom(1) leaves, which is how they are made
 * here; word 0 then holds TYPE_3 (the rear pointer is back at 0 after 310 steps).
 */
function globalRandom(libc: LibcProcess): number {
  return libc.objectAddress('miros random state', (process) => {
    const table = process.data.allocate(4 * (DEGREES[TYPE_3] + 1), 16);
    const buffer = process.data.allocate(RANDOM_DATA_SIZE, 16);
    const memory = process.memory;
    const state = table + 4;
    memory.write32(buffer + RAND_TYPE, TYPE_3);
    memory.write32(buffer + RAND_DEG, DEGREES[TYPE_3]);
    memory.write32(buffer + RAND_SEP, SEPARATIONS[TYPE_3]);
    storePointer(memory, buffer + STATE, state);
    storePointer(memory, buffer + END_PTR, state + 4 * DEGREES[TYPE_3]);
    srandomR(process, 1, buffer);
    memory.write32(table, TYPE_3);
    return buffer;
  });
}

/** random()/rand(): one step of the global generator. */
function random(libc: LibcProcess): number {
  return randomStep(libc, globalRandom(libc));
}

function srandom(libc: LibcProcess, seed: number): undefined {
  srandomR(libc, seed, globalRandom(libc));
  return undefined;
}

/** initstate/setstate return the previous state array (its word -1), or NULL on failure. */
function initstate(libc: LibcProcess, seed: number, argState: number, size: number): number {
  const buffer = globalRandom(libc);
  const previous = loadPointer(libc.memory, buffer + STATE) - 4;
  return initstateR(libc, seed, argState, size, buffer) === -1 ? 0 : previous;
}

function setstate(libc: LibcProcess, argState: number): number {
  const buffer = globalRandom(libc);
  const previous = loadPointer(libc.memory, buffer + STATE) - 4;
  return setstateR(libc, argState, buffer) < 0 ? 0 : previous;
}

/**
 * rand_r: three steps of the classic LCG (next = next * 1103515245 + 12345 mod 2^32) on the
 * caller's unsigned seed, as glibc's stdlib/rand_r.c: 11 bits of the first step's bits 16..26,
 * then 10 bits each of the next two, giving a 31-bit result; the seed keeps the last state.
 */
function randR(libc: LibcProcess, seedAt: number): number {
  let next = libc.memory.read32(seedAt) >>> 0;
  const step = (): number => {
    next = (Math.imul(next, 1103515245) + 12345) >>> 0;
    return next >>> 16;
  };
  let result = step() % 2048;
  result = (result << 10) ^ (step() % 1024);
  result = (result << 10) ^ (step() % 1024);
  libc.memory.write32(seedAt, next | 0);
  return result;
}

export const RANDOM_FUNCTIONS: FunctionTable = {
  rand_r: (f, libc) => randR(libc, f.ptr(0)),
  random: (_f, libc) => random(libc),
  rand: (_f, libc) => random(libc),
  srandom: (f, libc) => srandom(libc, f.uint(0)),
  srand: (f, libc) => srandom(libc, f.uint(0)),
  initstate: (f, libc) => initstate(libc, f.uint(0), f.ptr(1), f.ulong(2)),
  setstate: (f, libc) => setstate(libc, f.ptr(0)),
  random_r: (f, libc) => randomR(libc, f.ptr(0), f.ptr(1)),
  srandom_r: (f, libc) => srandomR(libc, f.uint(0), f.ptr(1)),
  initstate_r: (f, libc) => initstateR(libc, f.uint(0), f.ptr(1), f.ulong(2), f.ptr(3)),
  setstate_r: (f, libc) => setstateR(libc, f.ptr(0), f.ptr(1)),
};
