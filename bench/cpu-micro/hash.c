/* Integer hashing: FNV-1a and a multiply-xorshift mix over a 64 KiB buffer, many rounds. */
#include "runtime.h"
static unsigned char buf[65536];
int main(void) {
  uint64_t x = 0x9e3779b97f4a7c15ull;
  for (size_t i = 0; i < sizeof buf; i++) { x ^= x << 13; x ^= x >> 7; x ^= x << 17; buf[i] = (unsigned char)x; }
  uint64_t h = 0xcbf29ce484222325ull, m = 0;
  for (int round = 0; round < 100; round++) {
    for (size_t i = 0; i < sizeof buf; i++) { h ^= buf[i]; h *= 0x100000001b3ull; }
    for (size_t i = 0; i < sizeof buf; i += 8) {
      uint64_t v; __builtin_memcpy(&v, buf + i, 8);
      v ^= v >> 33; v *= 0xff51afd7ed558ccdull; v ^= v >> 33; m += v;
    }
  }
  label("hash", h ^ m);
  return 0;
}
