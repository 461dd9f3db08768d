// Deterministic pseudo-random bytes for the decoder's tests (an LCG), so that a failure reproduces.

/** `count` bytes from the generator seeded with `seed`. */
export function seededBytes(count: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(count);
  let state = seed >>> 0;
  for (let i = 0; i < count; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    bytes[i] = state >>> 16;
  }
  return bytes;
}
