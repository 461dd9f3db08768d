// rand_r's exact sequences (glibc's three-step LCG) and mallinfo/mallinfo2 invariants that hold
// for any heap (Miros's heap is not glibc's, so the numbers themselves differ from native ones):
// arena = uordblks + fordblks, a malloc raises uordblks by at least its size and a free of a block
// too big for glibc's tcache lowers it again, a block past the mmap threshold shows in hblks and
// hblkhd, mallinfo is mallinfo2 cut to int.
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures;
/** Where blocks are published so the compiler cannot drop a malloc/free pair. */
void *volatile published;

static void check(const char *what, int ok) {
  printf("%-48s %s\n", what, ok ? "ok" : "FAIL");
  if (!ok) failures++;
}

static void rand_r_sequences(void) {
  static const unsigned seeds[] = {0, 1, 2, 42, 12345, 0x7fffffffu, 0x80000000u, 0xffffffffu, 3141592653u};
  for (size_t i = 0; i < sizeof seeds / sizeof seeds[0]; i++) {
    unsigned seed = seeds[i];
    printf("rand_r seed %u:", seed);
    for (int n = 0; n < 12; n++) printf(" %d", rand_r(&seed));
    printf(" -> seed %u\n", seed);
  }
  // A long run: the sum and the last value and seed.
  unsigned seed = 7;
  long long sum = 0;
  int last = 0;
  for (int n = 0; n < 100000; n++) sum += last = rand_r(&seed);
  printf("rand_r 100000 from 7: sum %lld last %d seed %u\n", sum, last, seed);
}

static void mallinfo_invariants(void) {
  struct mallinfo2 before = mallinfo2();
  check("arena == uordblks + fordblks (start)", before.arena == before.uordblks + before.fordblks);
  check("usmblks == 0", before.usmblks == 0);
  check("keepcost <= fordblks", before.keepcost <= before.fordblks);

  char *block = malloc(5000);
  memset(block, 1, 5000);
  published = block;
  char *guard = malloc(100); // keeps block away from the top chunk
  struct mallinfo2 allocated = mallinfo2();
  check("malloc(5000): uordblks grows by >= 5000", allocated.uordblks >= before.uordblks + 5000);
  check("arena == uordblks + fordblks (after malloc)", allocated.arena == allocated.uordblks + allocated.fordblks);
  check("ordblks >= 1", allocated.ordblks >= 1);

  free(block);
  struct mallinfo2 released = mallinfo2();
  check("free(5000): uordblks shrinks by >= 5000", released.uordblks + 5000 <= allocated.uordblks);
  check("free(5000): fordblks grows by >= 5000", released.fordblks >= allocated.fordblks + 5000);
  check("arena == uordblks + fordblks (after free)", released.arena == released.uordblks + released.fordblks);

  char *big = malloc(1 << 20);
  big[0] = 1;
  published = big;
  struct mallinfo2 mapped = mallinfo2();
  check("malloc(1 MiB): hblks + 1", mapped.hblks == released.hblks + 1);
  check("malloc(1 MiB): hblkhd grows by >= 1 MiB", mapped.hblkhd >= released.hblkhd + (1 << 20));
  check("malloc(1 MiB): arena unchanged", mapped.arena == released.arena);
  free(big);
  struct mallinfo2 unmapped = mallinfo2();
  check("free(1 MiB): hblks back", unmapped.hblks == released.hblks);
  check("free(1 MiB): hblkhd back", unmapped.hblkhd == released.hblkhd);

  struct mallinfo2 wide = mallinfo2();
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
  struct mallinfo narrow = mallinfo();
#pragma GCC diagnostic pop
  check("mallinfo == (int) mallinfo2",
        narrow.arena == (int)wide.arena && narrow.ordblks == (int)wide.ordblks &&
            narrow.hblks == (int)wide.hblks && narrow.hblkhd == (int)wide.hblkhd &&
            narrow.uordblks == (int)wide.uordblks && narrow.fordblks == (int)wide.fordblks &&
            narrow.keepcost == (int)wide.keepcost);
  free(guard);
}

int main(void) {
  rand_r_sequences();
  mallinfo_invariants();
  printf("%d failures\n", failures);
  return failures != 0;
}
