// SIMD intrinsics from SSE2 to SSE4.2: integer and floating-point lanes, shuffles, packs,
// saturating arithmetic, horizontal operations (SSE3/SSSE3), blends, rounding, dot products and
// min/max/extract/insert (SSE4.1), the string instructions PCMPESTRI/PCMPESTRM/PCMPISTRI/
// PCMPISTRM and CRC32 (SSE4.2), and POPCNT. Each result is printed as hex lanes.
// @set x86-64-v2
// @cflags -msse4.2 -mpopcnt
#include <nmmintrin.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static void show(const char *name, __m128i v) {
  uint32_t lanes[4];
  _mm_storeu_si128((__m128i *)lanes, v);
  printf("%-22s %08x %08x %08x %08x\n", name, lanes[3], lanes[2], lanes[1], lanes[0]);
}

static void showd(const char *name, __m128d v) {
  double lanes[2];
  _mm_storeu_pd(lanes, v);
  printf("%-22s %a %a\n", name, lanes[1], lanes[0]);
}

static void shows(const char *name, __m128 v) {
  float lanes[4];
  _mm_storeu_ps(lanes, v);
  printf("%-22s %a %a %a %a\n", name, (double)lanes[3], (double)lanes[2], (double)lanes[1], (double)lanes[0]);
}

int main(void) {
  // Inputs pass through volatile variables so the compiler cannot fold the intrinsics away.
  volatile int seed = 1;
  volatile double one = 1.0;
  volatile float onef = 1.0f;
  __m128i a = _mm_set_epi32(0x80000000, 0x7fffffff, (int)0xdeadbeef, 0x01020304 * seed);
  __m128i b = _mm_set_epi32(0x00000001, (int)0xffffffff, 0x12345678, (int)0xfedcba98 * seed);
  __m128i bytes = _mm_setr_epi8(0, 1, 2, 3, 4, 5, 6, 7, (char)0x80, (char)0x81, 127, (char)0xff, 16, 32, 64, (char)128);

  printf("== SSE2 integer ==\n");
  show("paddb", _mm_add_epi8(a, b));
  show("paddw", _mm_add_epi16(a, b));
  show("paddd", _mm_add_epi32(a, b));
  show("paddq", _mm_add_epi64(a, b));
  show("psubsb", _mm_subs_epi8(a, b));
  show("paddusb", _mm_adds_epu8(a, b));
  show("paddsw", _mm_adds_epi16(a, b));
  show("psubusw", _mm_subs_epu16(a, b));
  show("pmullw", _mm_mullo_epi16(a, b));
  show("pmulhw", _mm_mulhi_epi16(a, b));
  show("pmulhuw", _mm_mulhi_epu16(a, b));
  show("pmuludq", _mm_mul_epu32(a, b));
  show("pmaddwd", _mm_madd_epi16(a, b));
  show("psadbw", _mm_sad_epu8(a, b));
  show("pavgb", _mm_avg_epu8(a, b));
  show("pcmpeqb", _mm_cmpeq_epi8(a, bytes));
  show("pcmpgtd", _mm_cmpgt_epi32(a, b));
  show("pminub/pmaxsw", _mm_xor_si128(_mm_min_epu8(a, b), _mm_max_epi16(a, b)));
  show("pand/pandn/por/pxor", _mm_xor_si128(_mm_andnot_si128(a, b), _mm_or_si128(a, _mm_and_si128(a, b))));
  show("psllw 3", _mm_slli_epi16(a, 3));
  show("psrad 31", _mm_srai_epi32(a, 31));
  show("psrlq 63", _mm_srli_epi64(a, 63));
  show("psllq by xmm 65", _mm_sll_epi64(a, _mm_cvtsi32_si128(65)));
  show("pslldq 5", _mm_slli_si128(a, 5));
  show("psrldq 11", _mm_srli_si128(a, 11));
  show("pshufd 1b", _mm_shuffle_epi32(a, 0x1b));
  show("pshuflw/hw", _mm_shufflehi_epi16(_mm_shufflelo_epi16(a, 0x39), 0x93));
  show("punpcklbw", _mm_unpacklo_epi8(a, b));
  show("punpckhqdq", _mm_unpackhi_epi64(a, b));
  show("packsswb", _mm_packs_epi16(a, b));
  show("packuswb", _mm_packus_epi16(a, b));
  show("packssdw", _mm_packs_epi32(a, b));
  printf("%-22s %08x\n", "pmovmskb", _mm_movemask_epi8(bytes));
  printf("%-22s %d\n", "pextrw 5", _mm_extract_epi16(a, 5));
  show("pinsrw 2", _mm_insert_epi16(a, 0xabcd, 2));

  printf("== SSE/SSE2 floating point ==\n");
  __m128d x = _mm_set_pd(one / 3.0, -2.5 * one), y = _mm_set_pd(0.1 * one, 1e300 * one);
  showd("addpd", _mm_add_pd(x, y));
  showd("mulpd", _mm_mul_pd(x, y));
  showd("divpd", _mm_div_pd(x, y));
  showd("sqrtpd", _mm_sqrt_pd(_mm_set_pd(2.0 * one, -one)));
  showd("minpd/maxpd", _mm_add_pd(_mm_min_pd(x, y), _mm_max_pd(x, y)));
  showd("shufpd 1", _mm_shuffle_pd(x, y, 1));
  showd("cvtps2pd", _mm_cvtps_pd(_mm_set_ps(0, 0, 1.5f * onef, -0.1f * onef)));
  show("cmppd lt", _mm_castpd_si128(_mm_cmplt_pd(x, y)));
  show("cvttpd2dq", _mm_cvttpd_epi32(_mm_set_pd(-2.7 * one, 3e10 * one)));
  show("cvtpd2dq", _mm_cvtpd_epi32(_mm_set_pd(-2.5 * one, 3.5 * one)));
  __m128 p = _mm_set_ps(onef, -0.0f * onef, 3.5f * onef, 1e-40f * onef),
         q = _mm_set_ps(3.0f * onef, 2.0f * onef, -onef, 0.5f * onef);
  shows("addps", _mm_add_ps(p, q));
  shows("divps", _mm_div_ps(p, q));
  shows("sqrtps", _mm_sqrt_ps(q));
  shows("rcpps(approx)", _mm_set1_ps(_mm_cvtss_f32(_mm_rcp_ss(_mm_set_ss(4.0f * onef))) > 0.2f ? 1.0f : 0.0f));
  shows("unpcklps", _mm_unpacklo_ps(p, q));
  shows("movhlps", _mm_movehl_ps(p, q));
  show("cvtps2dq", _mm_cvtps_epi32(_mm_set_ps(2.5f * onef, -2.5f * onef, 1e10f * onef, 0.49999997f * onef)));
  printf("%-22s %d\n", "movmskps", _mm_movemask_ps(p));
  printf("%-22s %d %d\n", "comisd/ucomisd", _mm_comilt_sd(x, y), _mm_ucomieq_sd(x, x));

  printf("== SSE3 ==\n");
  showd("haddpd", _mm_hadd_pd(x, y));
  shows("hsubps", _mm_hsub_ps(p, q));
  shows("addsubps", _mm_addsub_ps(p, q));
  shows("movshdup", _mm_movehdup_ps(p));
  showd("movddup", _mm_movedup_pd(x));

  printf("== SSSE3 ==\n");
  show("pshufb", _mm_shuffle_epi8(a, bytes));
  show("pabsb", _mm_abs_epi8(a));
  show("pabsd", _mm_abs_epi32(a));
  show("phaddw", _mm_hadd_epi16(a, b));
  show("phsubd", _mm_hsub_epi32(a, b));
  show("phaddsw", _mm_hadds_epi16(a, b));
  show("pmaddubsw", _mm_maddubs_epi16(a, b));
  show("pmulhrsw", _mm_mulhrs_epi16(a, b));
  show("psignb", _mm_sign_epi8(a, b));
  show("palignr 7", _mm_alignr_epi8(a, b, 7));

  printf("== SSE4.1 ==\n");
  show("pblendw 0x5a", _mm_blend_epi16(a, b, 0x5a));
  show("pblendvb", _mm_blendv_epi8(a, b, bytes));
  shows("blendps 5", _mm_blend_ps(p, q, 5));
  showd("blendvpd", _mm_blendv_pd(x, y, _mm_set_pd(-one, one)));
  show("pminsd/pmaxud", _mm_xor_si128(_mm_min_epi32(a, b), _mm_max_epu32(a, b)));
  show("pminuw/pmaxsb", _mm_xor_si128(_mm_min_epu16(a, b), _mm_max_epi8(a, b)));
  show("pmulld", _mm_mullo_epi32(a, b));
  show("pmuldq", _mm_mul_epi32(a, b));
  show("pcmpeqq", _mm_cmpeq_epi64(a, a));
  show("packusdw", _mm_packus_epi32(a, b));
  show("pmovsxbw", _mm_cvtepi8_epi16(bytes));
  show("pmovzxbd", _mm_cvtepu8_epi32(_mm_srli_si128(bytes, 8)));
  show("pmovsxdq", _mm_cvtepi32_epi64(a));
  printf("%-22s %d %d %lld\n", "pextrb/d/q", _mm_extract_epi8(bytes, 9), _mm_extract_epi32(a, 2),
         (long long)_mm_extract_epi64(a, 1));
  show("pinsrb/d", _mm_insert_epi32(_mm_insert_epi8(a, 0x5a, 15), 77, 1));
  show("phminposuw", _mm_minpos_epu16(b));
  show("mpsadbw 5", _mm_mpsadbw_epu8(a, bytes, 5));
  printf("%-22s %d %d %d\n", "ptest z/c/nzc", _mm_testz_si128(a, b), _mm_testc_si128(a, a), _mm_testnzc_si128(a, b));
  showd("roundpd floor/ceil", _mm_add_pd(_mm_floor_pd(x), _mm_ceil_pd(y)));
  shows("roundps nearest", _mm_round_ps(_mm_set_ps(2.5f * onef, -2.5f * onef, 1.5f * onef, -0.5f * onef), _MM_FROUND_TO_NEAREST_INT));
  showd("roundsd trunc", _mm_round_sd(x, _mm_set_pd(0, -7.9 * one), _MM_FROUND_TO_ZERO));
  shows("dpps 0xf1", _mm_dp_ps(p, q, 0xf1));
  showd("dppd 0x31", _mm_dp_pd(x, y, 0x31));
  shows("insertps 0x9c", _mm_insert_ps(p, q, 0x9c));
  printf("%-22s %08x\n", "extractps 2", _mm_extract_ps(p, 2));

  printf("== SSE4.2 string instructions ==\n");
  const char *hay = "The quick brown fox jumps over the lazy dog";
  __m128i h0 = _mm_loadu_si128((const __m128i *)hay), h1 = _mm_loadu_si128((const __m128i *)(hay + 16));
  __m128i vowels = _mm_setr_epi8('a', 'e', 'i', 'o', 'u', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  __m128i range = _mm_setr_epi8('a', 'z', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  __m128i word = _mm_setr_epi8('f', 'o', 'x', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  int modes[] = {_SIDD_UBYTE_OPS | _SIDD_CMP_EQUAL_ANY, _SIDD_UBYTE_OPS | _SIDD_CMP_RANGES,
                 _SIDD_UBYTE_OPS | _SIDD_CMP_EQUAL_EACH, _SIDD_UBYTE_OPS | _SIDD_CMP_EQUAL_ORDERED,
                 _SIDD_UBYTE_OPS | _SIDD_CMP_EQUAL_ANY | _SIDD_NEGATIVE_POLARITY,
                 _SIDD_UBYTE_OPS | _SIDD_CMP_RANGES | _SIDD_MOST_SIGNIFICANT,
                 _SIDD_UWORD_OPS | _SIDD_CMP_EQUAL_ANY, _SIDD_SBYTE_OPS | _SIDD_CMP_RANGES | _SIDD_MASKED_NEGATIVE_POLARITY};
  __m128i needles[] = {vowels, range, h0, word, vowels, range, vowels, range};
  for (int m = 0; m < 8; m++) {
    __m128i n = needles[m];
    int mode = modes[m];
    // The immediate must be a constant: spell out each mode.
#define STR(IMM)                                                                                              \
  printf("mode %02x: pcmpistri %2d %2d pcmpestri %2d (len 3,12) flags c%d z%d s%d o%d a%d\n", IMM,             \
         _mm_cmpistri(n, h0, IMM), _mm_cmpistri(n, h1, IMM), _mm_cmpestri(n, 3, h1, 12, IMM),                 \
         _mm_cmpistrc(n, h0, IMM), _mm_cmpistrz(n, h1, IMM), _mm_cmpistrs(n, h0, IMM), _mm_cmpistro(n, h0, IMM), \
         _mm_cmpistra(n, h0, IMM));                                                                           \
  show("  pcmpistrm bitmask", _mm_cmpistrm(n, h0, IMM));                                                      \
  show("  pcmpestrm bytemask", _mm_cmpestrm(n, 5, h1, 9, (IMM) | _SIDD_UNIT_MASK));
    switch (m) {
      case 0: STR(0x00); break;
      case 1: STR(0x04); break;
      case 2: STR(0x08); break;
      case 3: STR(0x0c); break;
      case 4: STR(0x10); break;
      case 5: STR(0x44); break;
      case 6: STR(0x01); break;
      case 7: STR(0x36); break;
    }
    (void)mode;
  }

  printf("== CRC32C and POPCNT ==\n");
  uint32_t crc = 0xffffffff;
  for (size_t i = 0; i < strlen(hay); i++) crc = _mm_crc32_u8(crc, (uint8_t)hay[i]);
  printf("crc32c bytes: %08x\n", crc ^ 0xffffffff);
  uint64_t crc64 = 0;
  crc64 = _mm_crc32_u64(crc64, 0x0123456789abcdefull);
  crc = _mm_crc32_u32((uint32_t)crc64, 0xdeadbeef);
  crc = _mm_crc32_u16(crc, 0xbeef);
  printf("crc32c u64/u32/u16: %08llx %08x\n", (unsigned long long)crc64, crc);
  volatile uint64_t pc = 0xf0f0f0f0f0f0f0f1ull;
  printf("popcnt: %d %d\n", (int)_mm_popcnt_u64(pc), _mm_popcnt_u32((uint32_t)pc));
  return 0;
}
