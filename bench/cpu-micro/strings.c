/* String work: byte-wise length, copy, compare and search over many generated strings. */
#include "runtime.h"
static char pool[1 << 16];
static char dst[1 << 16];
static size_t slen(const char *s) { const char *p = s; while (*p) p++; return (size_t)(p - s); }
static int scmp(const char *a, const char *b) { while (*a && *a == *b) { a++; b++; } return (unsigned char)*a - (unsigned char)*b; }
static const char *sstr(const char *h, const char *n) {
  for (; *h; h++) { const char *a = h, *b = n; while (*a && *a == *b) { a++; b++; } if (!*b) return h; }
  return 0;
}
int main(void) {
  uint32_t x = 12345;
  for (size_t i = 0; i < sizeof pool - 1; i++) { x = x * 1103515245 + 12345; pool[i] = (i % 61 == 60) ? 0 : 'a' + (x >> 16) % 8; }
  uint64_t acc = 0;
  for (int round = 0; round < 20; round++) {
    for (size_t i = 0; i < sizeof pool - 64; i += 61) {
      size_t n = slen(pool + i); acc += n;
      __builtin_memcpy(dst + i, pool + i, n + 1);
      acc += (uint64_t)(scmp(dst + i, pool + i + 61) + 256);
      const char *f = sstr(pool + i, "abc"); acc += f ? (uint64_t)(f - pool) : 7;
    }
  }
  label("strings", acc);
  return 0;
}
