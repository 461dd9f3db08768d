// Issue 5 instruction families beyond simd.c, through their intrinsics: AES-NI (a FIPS-197 AES-128
// key expansion with aeskeygenassist, encryption and decryption with aesenc/aesdec/aesimc),
// PCLMULQDQ (GF(2^128) multiplication as GCM's GHASH does it), SSSE3 (pshufb byte reversal,
// palignr, pmaddubsw, pmulhrsw, psign, pabs, phadd), SSE4.1 (mpsadbw, phminposuw, pmovzx/sx,
// blendv, ptest, insert/extract, pmuldq/pmulld, packusdw, min/max) and CRC32 over a buffer at every
// width. First it reports the CPU features glibc's x86-64-v2 level needs (as __builtin_cpu_supports
// sees them), which must all be present.
// @set x86-64-v2
// @cflags -msse4.2 -maes -mpclmul -mpopcnt
#include <nmmintrin.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <wmmintrin.h>

static void show(const char *name, __m128i v) {
  uint8_t b[16];
  _mm_storeu_si128((__m128i *)b, v);
  printf("%-14s", name);
  for (int i = 0; i < 16; i++) printf("%02x", b[i]);
  printf("\n");
}

#define EXPAND(k, rcon) expand_step(k, _mm_aeskeygenassist_si128(k, rcon))
static __m128i expand_step(__m128i key, __m128i assist) {
  assist = _mm_shuffle_epi32(assist, 0xff);
  key = _mm_xor_si128(key, _mm_slli_si128(key, 4));
  key = _mm_xor_si128(key, _mm_slli_si128(key, 4));
  key = _mm_xor_si128(key, _mm_slli_si128(key, 4));
  return _mm_xor_si128(key, assist);
}

static void aes(void) {
  static const uint8_t key_bytes[16] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
  static const uint8_t plain_bytes[16] = {0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
                                          0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff};
  __m128i k[11];
  k[0] = _mm_loadu_si128((const __m128i *)key_bytes);
  k[1] = EXPAND(k[0], 0x01);
  k[2] = EXPAND(k[1], 0x02);
  k[3] = EXPAND(k[2], 0x04);
  k[4] = EXPAND(k[3], 0x08);
  k[5] = EXPAND(k[4], 0x10);
  k[6] = EXPAND(k[5], 0x20);
  k[7] = EXPAND(k[6], 0x40);
  k[8] = EXPAND(k[7], 0x80);
  k[9] = EXPAND(k[8], 0x1b);
  k[10] = EXPAND(k[9], 0x36);
  show("round key 10", k[10]);
  __m128i block = _mm_xor_si128(_mm_loadu_si128((const __m128i *)plain_bytes), k[0]);
  for (int r = 1; r < 10; r++) block = _mm_aesenc_si128(block, k[r]);
  block = _mm_aesenclast_si128(block, k[10]);
  show("ciphertext", block);
  /* Equivalent inverse cipher: round keys through aesimc. */
  __m128i back = _mm_xor_si128(block, k[10]);
  for (int r = 9; r > 0; r--) back = _mm_aesdec_si128(back, _mm_aesimc_si128(k[r]));
  back = _mm_aesdeclast_si128(back, k[0]);
  show("decrypted", back);
  /* Many blocks (CTR-like): a checksum of the outputs. */
  __m128i sum = _mm_setzero_si128();
  for (uint32_t n = 0; n < 2000; n++) {
    __m128i b = _mm_xor_si128(_mm_set_epi32(0, 0, 0, (int)n), k[0]);
    for (int r = 1; r < 10; r++) b = _mm_aesenc_si128(b, k[r]);
    sum = _mm_xor_si128(sum, _mm_aesenclast_si128(b, k[10]));
  }
  show("ctr checksum", sum);
}

/* GHASH multiplication in GF(2^128) (Intel's carry-less multiplication white paper, algorithm 1 with
 * the bit-reflected reduction), on byte-reversed blocks. */
static __m128i gf_multiply(__m128i a, __m128i b) {
  __m128i lo = _mm_clmulepi64_si128(a, b, 0x00);
  __m128i mid1 = _mm_clmulepi64_si128(a, b, 0x10);
  __m128i mid2 = _mm_clmulepi64_si128(a, b, 0x01);
  __m128i hi = _mm_clmulepi64_si128(a, b, 0x11);
  __m128i mid = _mm_xor_si128(mid1, mid2);
  lo = _mm_xor_si128(lo, _mm_slli_si128(mid, 8));
  hi = _mm_xor_si128(hi, _mm_srli_si128(mid, 8));
  /* Shift the 256-bit product left by one. */
  __m128i carry_lo = _mm_srli_epi32(lo, 31), carry_hi = _mm_srli_epi32(hi, 31);
  lo = _mm_slli_epi32(lo, 1);
  hi = _mm_slli_epi32(hi, 1);
  __m128i spill = _mm_srli_si128(carry_lo, 12);
  carry_hi = _mm_slli_si128(carry_hi, 4);
  carry_lo = _mm_slli_si128(carry_lo, 4);
  lo = _mm_or_si128(lo, carry_lo);
  hi = _mm_or_si128(_mm_or_si128(hi, carry_hi), spill);
  /* Reduce modulo x^128 + x^7 + x^2 + x + 1. */
  __m128i a1 = _mm_slli_epi32(lo, 31), a2 = _mm_slli_epi32(lo, 30), a3 = _mm_slli_epi32(lo, 25);
  a1 = _mm_xor_si128(_mm_xor_si128(a1, a2), a3);
  __m128i a4 = _mm_srli_si128(a1, 4);
  a1 = _mm_slli_si128(a1, 12);
  lo = _mm_xor_si128(lo, a1);
  __m128i b1 = _mm_srli_epi32(lo, 1), b2 = _mm_srli_epi32(lo, 2), b3 = _mm_srli_epi32(lo, 7);
  b1 = _mm_xor_si128(_mm_xor_si128(b1, b2), b3);
  b1 = _mm_xor_si128(b1, a4);
  lo = _mm_xor_si128(lo, b1);
  return _mm_xor_si128(hi, lo);
}

static void ghash(void) {
  const __m128i reverse = _mm_set_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
  __m128i h = _mm_shuffle_epi8(_mm_set_epi32(0x66e94bd4, (int)0xef8a2c3b, (int)0x884cfa59, (int)0xca342b2e), reverse);
  __m128i x = _mm_setzero_si128();
  for (int i = 0; i < 64; i++) {
    __m128i block = _mm_set_epi32(i * 0x01010101, ~i, i << 16, 0x5a5a0000 + i);
    x = gf_multiply(_mm_xor_si128(x, _mm_shuffle_epi8(block, reverse)), h);
  }
  show("ghash", _mm_shuffle_epi8(x, reverse));
  show("clmul 00", _mm_clmulepi64_si128(_mm_set_epi64x(-1, -1), _mm_set_epi64x(-1, -1), 0x00));
  show("clmul 11", _mm_clmulepi64_si128(_mm_set_epi64x(0x8000000000000001ll, 3), _mm_set_epi64x(0x7fffffffffffffffll, 5), 0x11));
}

static void ssse3_sse41(void) {
  const __m128i a = _mm_set_epi8(-128, 127, -1, 0, 1, 2, 3, 100, -100, 50, -50, 7, 8, 9, 10, -11);
  const __m128i b = _mm_set_epi8(15, 14, 13, 12, 11, 10, 9, 8, -7, 6, -5, 4, 3, -2, 1, 0);
  show("pshufb", _mm_shuffle_epi8(a, b));
  show("palignr 5", _mm_alignr_epi8(a, b, 5));
  show("palignr 20", _mm_alignr_epi8(a, b, 20));
  show("pmaddubsw", _mm_maddubs_epi16(a, b));
  show("pmulhrsw", _mm_mulhrs_epi16(a, b));
  show("psignb", _mm_sign_epi8(a, b));
  show("psignw", _mm_sign_epi16(a, b));
  show("pabsb", _mm_abs_epi8(a));
  show("pabsd", _mm_abs_epi32(a));
  show("phaddw", _mm_hadd_epi16(a, b));
  show("phaddsw", _mm_hadds_epi16(a, b));
  show("phsubd", _mm_hsub_epi32(a, b));
  show("mpsadbw 5", _mm_mpsadbw_epu8(a, b, 5));
  show("phminposuw", _mm_minpos_epu16(a));
  show("pmovzxbw", _mm_cvtepu8_epi16(a));
  show("pmovsxbd", _mm_cvtepi8_epi32(a));
  show("pmovsxwq", _mm_cvtepi16_epi64(a));
  show("pmovzxdq", _mm_cvtepu32_epi64(a));
  show("pblendvb", _mm_blendv_epi8(a, b, _mm_set_epi32(-1, 0, (int)0x80808080, 0x00ff00ff)));
  show("pblendw", _mm_blend_epi16(a, b, 0x5a));
  show("pmuldq", _mm_mul_epi32(a, b));
  show("pmulld", _mm_mullo_epi32(a, b));
  show("packusdw", _mm_packus_epi32(a, b));
  show("pminsb", _mm_min_epi8(a, b));
  show("pmaxud", _mm_max_epu32(a, b));
  show("pcmpeqq", _mm_cmpeq_epi64(a, _mm_unpacklo_epi64(a, b)));
  show("pcmpgtq", _mm_cmpgt_epi64(a, b));
  show("pinsrb", _mm_insert_epi8(a, 0x42, 13));
  show("pinsrq", _mm_insert_epi64(a, 0x1122334455667788ll, 1));
  printf("pextrb %d pextrd %d pextrq %llx\n", _mm_extract_epi8(a, 15), _mm_extract_epi32(a, 2),
         (unsigned long long)_mm_extract_epi64(b, 1));
  printf("ptest z=%d c=%d nzc=%d\n", _mm_testz_si128(a, b), _mm_testc_si128(a, b), _mm_testnzc_si128(a, b));
  printf("ptest zero z=%d c=%d\n", _mm_testz_si128(a, _mm_setzero_si128()), _mm_testc_si128(a, a));
  __m128 f = _mm_set_ps(1.5f, -2.25f, 3.0f, 4.75f);
  __m128 g = _mm_insert_ps(f, _mm_set_ps(9.0f, 8.0f, 7.0f, 6.0f), 0x9a);
  float lanes[4];
  _mm_storeu_ps(lanes, g);
  printf("insertps %g %g %g %g extractps %x\n", lanes[0], lanes[1], lanes[2], lanes[3], _mm_extract_ps(f, 2));
}

static void crc(void) {
  unsigned char buffer[1000];
  for (int i = 0; i < 1000; i++) buffer[i] = (unsigned char)(i * 7 + (i >> 3));
  uint32_t c8 = ~0u, c16 = ~0u, c32 = ~0u;
  uint64_t c64 = ~0ull;
  for (int i = 0; i < 1000; i++) c8 = _mm_crc32_u8(c8, buffer[i]);
  for (int i = 0; i < 1000; i += 2) {
    uint16_t v;
    memcpy(&v, buffer + i, 2);
    c16 = _mm_crc32_u16(c16, v);
  }
  for (int i = 0; i < 1000; i += 4) {
    uint32_t v;
    memcpy(&v, buffer + i, 4);
    c32 = _mm_crc32_u32(c32, v);
  }
  for (int i = 0; i < 1000; i += 8) {
    uint64_t v;
    memcpy(&v, buffer + i, 8);
    c64 = _mm_crc32_u64(c64, v);
  }
  printf("crc32c %08x %08x %08x %08llx (all equal: %d)\n", ~c8, ~c16, ~c32, (unsigned long long)~c64 & 0xffffffffu,
         c8 == c16 && c16 == c32 && c32 == (uint32_t)c64);
  /* "123456789" → e3069283, the CRC-32C check value. */
  uint32_t check = ~0u;
  for (const char *p = "123456789"; *p; p++) check = _mm_crc32_u8(check, (unsigned char)*p);
  printf("crc32c check %08x\n", ~check);
}

int main(void) {
  __builtin_cpu_init();
  printf("x86-64-v2 %d sse3 %d ssse3 %d sse4.1 %d sse4.2 %d popcnt %d aes %d pclmul %d\n",
         !!__builtin_cpu_supports("x86-64-v2"), !!__builtin_cpu_supports("sse3"), !!__builtin_cpu_supports("ssse3"),
         !!__builtin_cpu_supports("sse4.1"), !!__builtin_cpu_supports("sse4.2"), !!__builtin_cpu_supports("popcnt"),
         !!__builtin_cpu_supports("aes"), !!__builtin_cpu_supports("pclmul"));
  aes();
  ghash();
  ssse3_sse41();
  crc();
  return 0;
}
