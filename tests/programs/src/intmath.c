// Integer arithmetic as compiled C uses it: 8/16/32/64-bit add, sub, mul, signed and unsigned
// division and remainder (including INT_MIN / -1 avoided, negative operands), shifts by 0..63,
// rotates, 128-bit multiply and divide (libgcc's __divti3/__udivti3), overflow builtins,
// popcount/clz/ctz/bswap builtins, and conversions between widths. Inputs come through volatile
// variables so the compiler cannot fold them; each family prints a hash of its results plus a
// few readable samples, so a mismatch points at the family.
#include <limits.h>
#include <stdint.h>
#include <stdio.h>

static uint64_t hash = 14695981039346656037ull;
static void mix(uint64_t v) {
  for (int i = 0; i < 8; i++) {
    hash ^= (v >> (8 * i)) & 0xff;
    hash *= 1099511628211ull;
  }
}

static void section(const char *name) {
  printf("%-28s %016llx\n", name, (unsigned long long)hash);
  hash = 14695981039346656037ull;
}

static const uint64_t interesting[] = {0,
                                       1,
                                       2,
                                       3,
                                       7,
                                       0x7f,
                                       0x80,
                                       0xff,
                                       0x100,
                                       0x7fff,
                                       0x8000,
                                       0xffff,
                                       0x7fffffff,
                                       0x80000000,
                                       0xffffffff,
                                       0x100000000ull,
                                       0x7fffffffffffffffull,
                                       0x8000000000000000ull,
                                       0xffffffffffffffffull,
                                       0xfffffffffffffffeull,
                                       0x0123456789abcdefull,
                                       0xdeadbeefcafebabeull,
                                       12345,
                                       (uint64_t)-12345};
#define N (sizeof interesting / sizeof interesting[0])

int main(void) {
  volatile uint64_t in[N];
  for (size_t i = 0; i < N; i++) in[i] = interesting[i];

  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < N; j++) {
      uint64_t a = in[i], b = in[j];
      mix(a + b), mix(a - b), mix(a * b), mix(a & b), mix(a | b), mix(a ^ b), mix(~a), mix(-a);
      mix((uint32_t)a + (uint32_t)b), mix((uint32_t)a * (uint32_t)b), mix((uint16_t)a * (uint16_t)b);
      mix((uint8_t)a + (uint8_t)b), mix((int8_t)a * (int8_t)b), mix((int16_t)a - (int16_t)b);
      mix(a < b), mix((int64_t)a < (int64_t)b), mix((int32_t)a < (int32_t)b), mix((uint32_t)a <= (uint32_t)b);
    }
  section("add/sub/mul/logic/compare");

  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < N; j++) {
      uint64_t a = in[i], b = in[j];
      if (b) mix(a / b), mix(a % b);
      int64_t sa = (int64_t)a, sb = (int64_t)b;
      if (sb && !(sa == INT64_MIN && sb == -1)) mix((uint64_t)(sa / sb)), mix((uint64_t)(sa % sb));
      uint32_t ua = (uint32_t)a, ub = (uint32_t)b;
      if (ub) mix(ua / ub), mix(ua % ub);
      int32_t ia = (int32_t)a, ib = (int32_t)b;
      if (ib && !(ia == INT32_MIN && ib == -1)) mix((uint64_t)(int64_t)(ia / ib)), mix((uint64_t)(int64_t)(ia % ib));
      uint16_t wa = (uint16_t)a, wb = (uint16_t)b;
      if (wb) mix(wa / wb), mix(wa % wb);
      int8_t ca = (int8_t)a, cb = (int8_t)b;
      if (cb) mix((uint64_t)(ca / cb)), mix((uint64_t)(ca % cb));
    }
  section("div/rem (all widths)");
  volatile int64_t seven = 7, minus_two = -2;
  printf("  -7 / 2 = %lld, -7 %% 2 = %lld, 7 / -2 = %lld, 7 %% -2 = %lld\n", (long long)(-seven / 2),
         (long long)(-seven % 2), (long long)(seven / minus_two), (long long)(seven % minus_two));

  for (size_t i = 0; i < N; i++)
    for (unsigned s = 0; s < 64; s++) {
      volatile unsigned shift = s;
      uint64_t a = in[i];
      mix(a << shift), mix(a >> shift), mix((uint64_t)((int64_t)a >> shift));
      mix((a << shift) | (a >> ((64 - shift) & 63)));
      unsigned s32 = shift & 31;
      uint32_t w = (uint32_t)a;
      mix(w << s32), mix(w >> s32), mix((uint64_t)(int64_t)((int32_t)w >> s32));
      mix((uint16_t)((uint16_t)a << (shift & 15))), mix((int8_t)a >> (shift & 7));
    }
  section("shifts and rotates");

  for (size_t i = 0; i < N; i++) {
    uint64_t a = in[i];
    mix((uint64_t)__builtin_popcountll(a)), mix(__builtin_parityll(a));
    if (a) mix((uint64_t)__builtin_clzll(a)), mix((uint64_t)__builtin_ctzll(a));
    if ((uint32_t)a) mix((uint64_t)__builtin_clz((uint32_t)a)), mix((uint64_t)__builtin_ctz((uint32_t)a));
    mix(__builtin_bswap64(a)), mix(__builtin_bswap32((uint32_t)a)), mix(__builtin_bswap16((uint16_t)a));
    mix((uint64_t)__builtin_ffsll((long long)a)), mix((uint64_t)__builtin_clrsbll((long long)a));
  }
  section("bit counting and bswap");
  printf("  popcount(0xdeadbeefcafebabe) = %d, clz(1) = %d, ctz(0x80) = %d\n",
         __builtin_popcountll(in[21]), __builtin_clzll(in[1]), __builtin_ctzll(in[6]));

  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < N; j++) {
      uint64_t a = in[i], b = in[j];
      unsigned __int128 p = (unsigned __int128)a * b;
      __int128 sp = (__int128)(int64_t)a * (int64_t)b;
      mix((uint64_t)p), mix((uint64_t)(p >> 64)), mix((uint64_t)sp), mix((uint64_t)(sp >> 64));
      if (b) {
        unsigned __int128 big = ((unsigned __int128)a << 64) | b;
        mix((uint64_t)(big / b)), mix((uint64_t)((big / b) >> 64)), mix((uint64_t)(big % b));
        __int128 sbig = (__int128)big;
        mix((uint64_t)(sbig / (int64_t)b)), mix((uint64_t)(sbig % (int64_t)b));
      }
    }
  section("128-bit mul/div");
  unsigned __int128 f = 1;
  for (int k = 1; k <= 30; k++) f *= (unsigned)k;
  printf("  30! = %016llx%016llx\n", (unsigned long long)(f >> 64), (unsigned long long)f);

  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < N; j++) {
      int64_t a = (int64_t)in[i], b = (int64_t)in[j], r;
      mix((uint64_t)__builtin_add_overflow(a, b, &r)), mix((uint64_t)r);
      mix((uint64_t)__builtin_sub_overflow(a, b, &r)), mix((uint64_t)r);
      mix((uint64_t)__builtin_mul_overflow(a, b, &r)), mix((uint64_t)r);
      uint32_t u;
      mix((uint64_t)__builtin_add_overflow((uint32_t)a, (uint32_t)b, &u)), mix(u);
      mix((uint64_t)__builtin_mul_overflow((uint32_t)a, (uint32_t)b, &u)), mix(u);
      int32_t s32;
      mix((uint64_t)__builtin_mul_overflow((int32_t)a, (int32_t)b, &s32)), mix((uint64_t)(uint32_t)s32);
    }
  section("overflow builtins");

  for (size_t i = 0; i < N; i++) {
    uint64_t a = in[i];
    mix((uint64_t)(int64_t)(int8_t)a), mix((uint64_t)(int64_t)(int16_t)a), mix((uint64_t)(int64_t)(int32_t)a);
    mix((uint64_t)(uint8_t)a), mix((uint64_t)(uint16_t)a), mix((uint64_t)(uint32_t)a);
    mix((uint64_t)((int64_t)a < 0 ? -(int64_t)a : (int64_t)a));
    int64_t sa = (int64_t)a;
    mix((uint64_t)(sa > 0) - (uint64_t)(sa < 0));
    mix(a ? a : 99), mix((int32_t)a > 5 ? 1 : 2);
  }
  section("extensions and selects");

  // A small multiply-xorshift generator: loops with carried dependencies.
  uint64_t x = in[20];
  uint32_t y = (uint32_t)in[21];
  for (int k = 0; k < 20000; k++) {
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    x *= 0x2545F4914F6CDD1Dull;
    y = y * 1664525u + 1013904223u;
    y ^= (uint32_t)(x >> 32);
  }
  printf("xorshift64* after 20000 steps: %016llx, lcg: %08x\n", (unsigned long long)x, y);
  return 0;
}
