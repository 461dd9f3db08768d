// The largest number every V8 build keeps as a small integer (a tagged value, not a separate heap
// number): 2^30 - 1 (31-bit small integers with pointer compression, 32-bit without). Addresses
// the CPU computes arrive as doubles; below this they are turned into small integers (`x | 0`)
// where unoptimised start-up code would otherwise make a 16-byte heap number of every arithmetic
// result on them (issue 4: the decoder, the block builder, the entry point).
export const SMALL_INTEGER_MAX = 0x3fffffff;
