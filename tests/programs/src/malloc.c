// Heap churn: many sizes (tiny, bin boundaries, page-sized, above the mmap threshold), calloc
// zeroing, realloc growing and shrinking with contents preserved, frees in forward, reverse and
// shuffled order, and alignment guarantees (malloc's 16 bytes, aligned_alloc/posix_memalign).
// Every block is filled with a pattern derived from its index and checked before it is freed,
// so a heap that hands out overlapping memory shows up as a corrupted block.
#define _GNU_SOURCE
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SLOTS 256

static unsigned char *blocks[SLOTS];
static size_t sizes[SLOTS];
static long corrupted, misaligned, allocations;

static uint32_t rng = 2463534242u;
static uint32_t next_random(void) {
  rng ^= rng << 13;
  rng ^= rng >> 17;
  rng ^= rng << 5;
  return rng;
}

static unsigned char pattern(size_t slot, size_t i) { return (unsigned char)(slot * 131 + i * 7 + 1); }

// Which bytes of a block carry the pattern: all of a small block; of a large one its first and last
// 16 bytes and every 127th in between (touching every byte would make this test mostly pattern work).
static size_t next_index(size_t i, size_t size) {
  if (size <= 64 || i < 16 || i + 16 >= size) return i + 1;
  size_t next = i + 127;
  return next + 16 >= size ? size - 16 : next;
}

static void fill(size_t slot) {
  for (size_t i = 0; i < sizes[slot]; i = next_index(i, sizes[slot])) blocks[slot][i] = pattern(slot, i);
}

// Checks the pattern fill() wrote into a block of `filled` bytes, over its first `upto` bytes.
static void verify(size_t slot, size_t filled, size_t upto) {
  for (size_t i = 0; i < upto; i = next_index(i, filled))
    if (blocks[slot][i] != pattern(slot, i)) {
      if (corrupted++ < 5) printf("  CORRUPT slot %zu size %zu at byte %zu\n", slot, sizes[slot], i);
      return;
    }
}

// Sizes with a heavy tail: mostly small, some around bin and page boundaries, a few large.
static size_t random_size(void) {
  uint32_t r = next_random();
  switch (r % 16) {
    case 0: return 0;
    case 1: return 1 + r % 8;
    case 2: case 3: case 4: case 5: case 6: return 1 + (r >> 8) % 128;
    case 7: case 8: return 128 + (r >> 8) % 1024;
    case 9: return 4096 - 16 + (r >> 8) % 32;
    case 10: return 1024 + (r >> 8) % 16384;
    case 11: return (size_t)1 << (4 + (r >> 8) % 12);
    case 12: return 200 * 1024 + (r >> 8) % 4096;  // above glibc's default mmap threshold (128 KiB)
    default: return 16 + (r >> 8) % 64;
  }
}

static void allocate(size_t slot) {
  sizes[slot] = random_size();
  blocks[slot] = malloc(sizes[slot]);
  allocations++;
  if (!blocks[slot] && sizes[slot]) {
    printf("  malloc(%zu) failed\n", sizes[slot]);
    exit(1);
  }
  if ((uintptr_t)blocks[slot] % 16) misaligned++;
  fill(slot);
}

static void release(size_t slot) {
  verify(slot, sizes[slot], sizes[slot]);
  free(blocks[slot]);
  blocks[slot] = NULL;
}

int main(void) {
  printf("== random churn: allocate, reallocate, free ==\n");
  for (size_t s = 0; s < SLOTS; s++) allocate(s);
  long reallocs = 0, frees = 0;
  for (int round = 0; round < 2000; round++) {
    size_t slot = next_random() % SLOTS;
    uint32_t action = next_random() % 4;
    if (action == 0) {
      release(slot);
      frees++;
      allocate(slot);
    } else if (action == 1) {
      size_t old = sizes[slot], size = random_size();
      verify(slot, old, old);
      unsigned char *p = realloc(blocks[slot], size);
      reallocs++;
      if (!p && size) {
        printf("  realloc failed\n");
        return 1;
      }
      blocks[slot] = p;
      sizes[slot] = size;
      verify(slot, old, old < size ? old : size);  // realloc keeps the common prefix
      if ((uintptr_t)p % 16) misaligned++;
      fill(slot);
    } else {
      verify(slot, sizes[slot], sizes[slot]);
    }
  }
  printf("allocations %ld, reallocs %ld, frees %ld\n", allocations, reallocs, frees);
  printf("freeing in shuffled order\n");
  size_t order[SLOTS];
  for (size_t i = 0; i < SLOTS; i++) order[i] = i;
  for (size_t i = SLOTS - 1; i > 0; i--) {
    size_t j = next_random() % (i + 1), t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  for (size_t i = 0; i < SLOTS; i++) release(order[i]);

  printf("== ordered patterns ==\n");
  for (int pass = 0; pass < 2; pass++) {
    for (size_t s = 0; s < SLOTS; s++) {
      sizes[s] = 8 + s * 40;
      blocks[s] = malloc(sizes[s]);
      fill(s);
    }
    if (pass == 0)
      for (size_t s = 0; s < SLOTS; s++) release(s);
    else
      for (size_t s = SLOTS; s-- > 0;) release(s);
    printf("pass %d: %d blocks of 8..%d bytes freed in %s order\n", pass, SLOTS, 8 + (SLOTS - 1) * 40,
           pass ? "reverse" : "allocation");
  }

  printf("== realloc growing one block byte by byte, then shrinking ==\n");
  unsigned char *grow = NULL;
  for (size_t n = 1; n <= 2000; n++) {
    grow = realloc(grow, n);
    grow[n - 1] = (unsigned char)(n * 13);
  }
  long bad = 0;
  for (size_t n = 1; n <= 2000; n++) bad += grow[n - 1] != (unsigned char)(n * 13);
  grow = realloc(grow, 300 * 1024);
  for (size_t n = 1; n <= 2000; n++) bad += grow[n - 1] != (unsigned char)(n * 13);
  for (size_t n = 2000; n > 10; n /= 2) {
    grow = realloc(grow, n);
    for (size_t i = 1; i <= n; i++) bad += grow[i - 1] != (unsigned char)(i * 13);
  }
  free(grow);
  printf("bytes lost while growing and shrinking: %ld\n", bad);

  printf("== calloc zeroes, even for reused memory ==\n");
  long nonzero = 0;
  for (int i = 0; i < 100; i++) {
    size_t n = 1 + (size_t)i * 37;
    unsigned char *p = malloc(n);
    memset(p, 0xff, n);
    free(p);
    p = calloc(n, 1);
    for (size_t k = 0; k < n; k++) nonzero += p[k] != 0;
    free(p);
  }
  unsigned char *big = calloc(1000, 1000);
  for (size_t k = 0; k < 1000000; k += 4093) nonzero += big[k] != 0;
  free(big);
  printf("non-zero bytes from calloc: %ld\n", nonzero);
  // These two requests are meant to be impossible; gcc sees that too and warns.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Walloc-size-larger-than="
  void *overflow = calloc(SIZE_MAX / 2, 4);
  printf("calloc(SIZE_MAX/2, 4) = %s\n", overflow ? "non-NULL (wrong)" : "NULL");
  void *huge = malloc(SIZE_MAX - 4096);
  printf("malloc(SIZE_MAX - 4096) = %s\n", huge ? "non-NULL (wrong)" : "NULL");
#pragma GCC diagnostic pop

  printf("== alignment ==\n");
  long align_bad = 0;
  for (size_t a = 16; a <= 65536; a *= 2) {
    void *p = aligned_alloc(a, a * 3);
    void *q = NULL;
    int r = posix_memalign(&q, a, 100);
    void *m = memalign(a, 17);
    align_bad += (uintptr_t)p % a != 0 || r != 0 || (uintptr_t)q % a != 0 || (uintptr_t)m % a != 0;
    free(p);
    free(q);
    free(m);
  }
  void *q = NULL;
  printf("posix_memalign with alignment 24: %s\n", posix_memalign(&q, 24, 8) ? "EINVAL" : "accepted (wrong)");
  printf("misaligned malloc results: %ld, bad aligned allocations: %ld\n", misaligned, align_bad);
  printf("corrupted blocks: %ld\n", corrupted);
  return corrupted || misaligned || align_bad ? 1 : 0;
}
