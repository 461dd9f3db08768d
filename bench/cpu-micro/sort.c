/* Sorting: quicksort of 300k pseudo-random 32-bit integers, then a checksum. */
#include "runtime.h"
static int32_t a[300000];
static void qs(int32_t *v, long lo, long hi) {
  while (lo < hi) {
    int32_t p = v[(lo + hi) >> 1]; long i = lo, j = hi;
    while (i <= j) { while (v[i] < p) i++; while (v[j] > p) j--; if (i <= j) { int32_t t = v[i]; v[i] = v[j]; v[j] = t; i++; j--; } }
    if (j - lo < hi - i) { qs(v, lo, j); lo = i; } else { qs(v, i, hi); hi = j; }
  }
}
int main(void) {
  uint32_t x = 2463534242u;
  for (int i = 0; i < 300000; i++) { x ^= x << 13; x ^= x >> 17; x ^= x << 5; a[i] = (int32_t)x; }
  qs(a, 0, 299999);
  uint64_t h = 0; for (int i = 0; i < 300000; i += 7) h = h * 1000003 + (uint32_t)a[i];
  for (int i = 1; i < 300000; i++) if (a[i - 1] > a[i]) return 1;
  label("sort", h);
  return 0;
}
