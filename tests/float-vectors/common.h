/* Shared helpers of the Miros float test-vector generators (x87.c, sse.c).
 *
 * The generators run natively on x86-64 and record, for each operation, the inputs, the control
 * word (x87 CW / MXCSR) in force, and what the hardware produced: results and the status word /
 * MXCSR / EFLAGS. Records are fixed-size little-endian structs written to stdout; record.sh gzips
 * them into data/. The TypeScript replay tests (tests/float) read the same layout.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A deterministic generator (xorshift64*) so that re-recording gives the same inputs. */
static uint64_t rng_state = 0x9E3779B97F4A7C15ull;
static uint64_t rnd64(void) {
  rng_state ^= rng_state >> 12;
  rng_state ^= rng_state << 25;
  rng_state ^= rng_state >> 27;
  return rng_state * 0x2545F4914F6CDD1Dull;
}
static uint32_t rnd32(void) { return (uint32_t)(rnd64() >> 32); }
static int rnd_below(int n) { return (int)(rnd64() % (uint64_t)n); }

static void emit(const void *record, size_t size) {
  if (fwrite(record, size, 1, stdout) != 1) {
    perror("fwrite");
    exit(1);
  }
}
