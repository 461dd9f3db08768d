/* Integer workout: hashing, sorting, 64-bit multiply/divide, strings, bit tricks. */
#include "runtime.h"

static uint64_t fnv(const unsigned char *p, size_t n) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (size_t i = 0; i < n; i++) { h ^= p[i]; h *= 0x100000001b3ull; }
  return h;
}
static uint64_t rng = 88172645463325252ull;
static uint64_t next(void) { rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17; return rng; }
static void isort(int64_t *a, int n) {
  for (int i = 1; i < n; i++) { int64_t v = a[i]; int j = i - 1; while (j >= 0 && a[j] > v) { a[j + 1] = a[j]; j--; } a[j + 1] = v; }
}
static unsigned char buf[4096];
static int64_t arr[300];
int main(void) {
  for (int i = 0; i < 4096; i++) buf[i] = (unsigned char)(i * 7 + (i >> 3));
  label("fnv", fnv(buf, sizeof buf));
  for (int i = 0; i < 300; i++) arr[i] = (int64_t)next();
  isort(arr, 300);
  uint64_t h = 0; for (int i = 0; i < 300; i++) h = h * 31 + (uint64_t)arr[i];
  label("sort", h);
  uint64_t acc = 0;
  for (int i = 1; i < 2000; i++) {
    uint64_t a = next(), b = next() | 1;
    acc += a / b + a % b + (a / (b >> 40 | 1)) + (uint32_t)a / ((uint32_t)b | 1);
    int64_t sa = (int64_t)a, sb = (int64_t)(b >> 3) - 12345;
    if (sb) acc ^= (uint64_t)(sa / sb) + (uint64_t)(sa % sb);
    acc += (uint64_t)((unsigned __int128)a * b >> 64) + (uint64_t)((__int128)(int64_t)a * (int64_t)b >> 64);
    acc += __builtin_popcountll(a) + __builtin_clzll(b) + __builtin_ctzll(b) + __builtin_bswap64(a);
    acc = (acc << 7) | (acc >> 57);
  }
  label("arith", acc);
  char s[64]; for (int i = 0; i < 63; i++) s[i] = 'a' + i % 26; s[63] = 0;
  __builtin_memcpy(buf + 3, s, 64); __builtin_memset(buf + 100, 0x5a, 1000);
  label("mem", fnv(buf, 2048));
  int32_t x = -7; uint8_t c = 200; int16_t w = -300;
  label("small", (uint64_t)(x >> 1) ^ (uint64_t)(c * 3) ^ (uint64_t)(int64_t)(w * w) ^ (uint64_t)(x < 0) << 40);
  return 42;
}
