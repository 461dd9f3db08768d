/* Records SSE/SSE2/SSE3/SSE4.1 floating-point test vectors on this machine: see common.h.
 *
 * Each record: MXCSR under test is loaded, xmm0 = a, xmm1 = b, xmm2 = c (the implicit mask of
 * blendv is xmm0: there a is the mask, b the destination and c the source), the instruction
 * runs as `op xmm1, xmm0` (Intel order: destination xmm0), then the destination (or the integer
 * result, or EFLAGS for comis/ucomis) and MXCSR are stored. Every operand is a full 16 bytes.
 */
#include "common.h"

struct __attribute__((packed)) record {
  uint8_t op;
  uint8_t imm;
  uint16_t mxcsr_in;
  uint8_t a[16], b[16], c[16], r[16];
  uint16_t mxcsr_out;
  uint8_t eflags; /* comis/ucomis: bit 0 CF, bit 2 PF, bit 6 ZF */
};

typedef void (*sse_fn)(struct record *);

/* xmm0 = a, xmm1 = b; `insn` computes into xmm0; r = xmm0. */
#define VEC_OP(name, insn)                                                                           \
  static void name(struct record *r) {                                                             \
    uint32_t in = r->mxcsr_in, out;                                                                \
    asm volatile("ldmxcsr %[in]\n\tmovdqu %[a], %%xmm0\n\tmovdqu %[b], %%xmm1\n\t" insn             \
                 "\n\tstmxcsr %[out]\n\tmovdqu %%xmm0, %[r]"                                       \
                 : [out] "=m"(out), [r] "=m"(r->r)                                                 \
                 : [in] "m"(in), [a] "m"(r->a), [b] "m"(r->b)                                      \
                 : "xmm0", "xmm1", "memory");                                                      \
    r->mxcsr_out = (uint16_t)out;                                                                  \
  }
/* Results in a general register: r = the 64-bit register. */
#define INT_OP(name, insn)                                                                           \
  static void name(struct record *r) {                                                             \
    uint32_t in = r->mxcsr_in, out;                                                                \
    uint64_t res = 0xAAAAAAAAAAAAAAAAull;                                                          \
    asm volatile("ldmxcsr %[in]\n\tmovdqu %[a], %%xmm0\n\t" insn "\n\tstmxcsr %[out]"             \
                 : [out] "=m"(out), "+r"(res)                                                      \
                 : [in] "m"(in), [a] "m"(r->a)                                                     \
                 : "xmm0", "memory");                                                              \
    memcpy(r->r, &res, 8);                                                                         \
    r->mxcsr_out = (uint16_t)out;                                                                  \
  }
/* Integer source in b (a general register), destination xmm0 = a. */
#define FROM_INT_OP(name, insn)                                                                      \
  static void name(struct record *r) {                                                             \
    uint32_t in = r->mxcsr_in, out;                                                                \
    uint64_t src;                                                                                  \
    memcpy(&src, r->b, 8);                                                                         \
    asm volatile("ldmxcsr %[in]\n\tmovdqu %[a], %%xmm0\n\t" insn                                   \
                 "\n\tstmxcsr %[out]\n\tmovdqu %%xmm0, %[r]"                                       \
                 : [out] "=m"(out), [r] "=m"(r->r)                                                 \
                 : [in] "m"(in), [a] "m"(r->a), [s] "r"(src)                                       \
                 : "xmm0", "memory");                                                              \
    r->mxcsr_out = (uint16_t)out;                                                                  \
  }
#define FLAGS_OP(name, insn)                                                                         \
  static void name(struct record *r) {                                                             \
    uint32_t in = r->mxcsr_in, out;                                                                \
    uint8_t c, z, p;                                                                               \
    asm volatile("ldmxcsr %[in]\n\tmovdqu %[a], %%xmm0\n\tmovdqu %[b], %%xmm1\n\t" insn             \
                 "\n\tstmxcsr %[out]\n\tsetc %[c]\n\tsetz %[z]\n\tsetp %[p]"                       \
                 : [out] "=m"(out), [c] "=m"(c), [z] "=m"(z), [p] "=m"(p)                          \
                 : [in] "m"(in), [a] "m"(r->a), [b] "m"(r->b)                                      \
                 : "xmm0", "xmm1", "memory", "cc");                                                \
    r->mxcsr_out = (uint16_t)out;                                                                  \
    r->eflags = (uint8_t)(c | p << 2 | z << 6);                                                    \
  }
/* blendv: xmm0 = mask (a), xmm1 = destination (b), xmm2 = source (c). */
#define BLEND_OP(name, insn)                                                                         \
  static void name(struct record *r) {                                                             \
    uint32_t in = r->mxcsr_in, out;                                                                \
    asm volatile("ldmxcsr %[in]\n\tmovdqu %[a], %%xmm0\n\tmovdqu %[b], %%xmm1\n\tmovdqu %[c], %%xmm2\n\t" \
                 insn "\n\tstmxcsr %[out]\n\tmovdqu %%xmm1, %[r]"                                  \
                 : [out] "=m"(out), [r] "=m"(r->r)                                                 \
                 : [in] "m"(in), [a] "m"(r->a), [b] "m"(r->b), [c] "m"(r->c)                       \
                 : "xmm0", "xmm1", "xmm2", "memory");                                              \
    r->mxcsr_out = (uint16_t)out;                                                                  \
  }

VEC_OP(op_addss, "addss %%xmm1, %%xmm0")
VEC_OP(op_addsd, "addsd %%xmm1, %%xmm0")
VEC_OP(op_subss, "subss %%xmm1, %%xmm0")
VEC_OP(op_subsd, "subsd %%xmm1, %%xmm0")
VEC_OP(op_mulss, "mulss %%xmm1, %%xmm0")
VEC_OP(op_mulsd, "mulsd %%xmm1, %%xmm0")
VEC_OP(op_divss, "divss %%xmm1, %%xmm0")
VEC_OP(op_divsd, "divsd %%xmm1, %%xmm0")
VEC_OP(op_sqrtss, "sqrtss %%xmm1, %%xmm0")
VEC_OP(op_sqrtsd, "sqrtsd %%xmm1, %%xmm0")
VEC_OP(op_minss, "minss %%xmm1, %%xmm0")
VEC_OP(op_minsd, "minsd %%xmm1, %%xmm0")
VEC_OP(op_maxss, "maxss %%xmm1, %%xmm0")
VEC_OP(op_maxsd, "maxsd %%xmm1, %%xmm0")
#define CMP8(w)                                                                                      \
  VEC_OP(op_cmp##w##0, "cmp" #w " $0, %%xmm1, %%xmm0")                                               \
  VEC_OP(op_cmp##w##1, "cmp" #w " $1, %%xmm1, %%xmm0")                                               \
  VEC_OP(op_cmp##w##2, "cmp" #w " $2, %%xmm1, %%xmm0")                                               \
  VEC_OP(op_cmp##w##3, "cmp" #w " $3, %%xmm1, %%xmm0")                                               \
  VEC_OP(op_cmp##w##4, "cmp" #w " $4, %%xmm1, %%xmm0")                                               \
  VEC_OP(op_cmp##w##5, "cmp" #w " $5, %%xmm1, %%xmm0")                                               \
  VEC_OP(op_cmp##w##6, "cmp" #w " $6, %%xmm1, %%xmm0")                                               \
  VEC_OP(op_cmp##w##7, "cmp" #w " $7, %%xmm1, %%xmm0")
CMP8(ss)
CMP8(sd)
FLAGS_OP(op_comiss, "comiss %%xmm1, %%xmm0")
FLAGS_OP(op_ucomiss, "ucomiss %%xmm1, %%xmm0")
FLAGS_OP(op_comisd, "comisd %%xmm1, %%xmm0")
FLAGS_OP(op_ucomisd, "ucomisd %%xmm1, %%xmm0")
FROM_INT_OP(op_cvtsi2ss32, "cvtsi2ss %k[s], %%xmm0")
FROM_INT_OP(op_cvtsi2ss64, "cvtsi2ss %q[s], %%xmm0")
FROM_INT_OP(op_cvtsi2sd32, "cvtsi2sd %k[s], %%xmm0")
FROM_INT_OP(op_cvtsi2sd64, "cvtsi2sd %q[s], %%xmm0")
INT_OP(op_cvtss2si32, "cvtss2si %%xmm0, %k1")
INT_OP(op_cvtss2si64, "cvtss2si %%xmm0, %q1")
INT_OP(op_cvttss2si32, "cvttss2si %%xmm0, %k1")
INT_OP(op_cvttss2si64, "cvttss2si %%xmm0, %q1")
INT_OP(op_cvtsd2si32, "cvtsd2si %%xmm0, %k1")
INT_OP(op_cvtsd2si64, "cvtsd2si %%xmm0, %q1")
INT_OP(op_cvttsd2si32, "cvttsd2si %%xmm0, %k1")
INT_OP(op_cvttsd2si64, "cvttsd2si %%xmm0, %q1")
VEC_OP(op_cvtss2sd, "cvtss2sd %%xmm1, %%xmm0")
VEC_OP(op_cvtsd2ss, "cvtsd2ss %%xmm1, %%xmm0")
VEC_OP(op_cvtdq2ps, "cvtdq2ps %%xmm1, %%xmm0")
VEC_OP(op_cvtps2dq, "cvtps2dq %%xmm1, %%xmm0")
VEC_OP(op_cvttps2dq, "cvttps2dq %%xmm1, %%xmm0")
VEC_OP(op_cvtdq2pd, "cvtdq2pd %%xmm1, %%xmm0")
VEC_OP(op_cvtpd2dq, "cvtpd2dq %%xmm1, %%xmm0")
VEC_OP(op_cvttpd2dq, "cvttpd2dq %%xmm1, %%xmm0")
VEC_OP(op_cvtps2pd, "cvtps2pd %%xmm1, %%xmm0")
VEC_OP(op_cvtpd2ps, "cvtpd2ps %%xmm1, %%xmm0")
VEC_OP(op_rcpss, "rcpss %%xmm1, %%xmm0")
VEC_OP(op_rsqrtss, "rsqrtss %%xmm1, %%xmm0")
VEC_OP(op_rcpps, "rcpps %%xmm1, %%xmm0")
VEC_OP(op_rsqrtps, "rsqrtps %%xmm1, %%xmm0")
VEC_OP(op_addps, "addps %%xmm1, %%xmm0")
VEC_OP(op_addpd, "addpd %%xmm1, %%xmm0")
VEC_OP(op_mulps, "mulps %%xmm1, %%xmm0")
VEC_OP(op_divpd, "divpd %%xmm1, %%xmm0")
VEC_OP(op_sqrtps, "sqrtps %%xmm1, %%xmm0")
VEC_OP(op_minps, "minps %%xmm1, %%xmm0")
VEC_OP(op_maxpd, "maxpd %%xmm1, %%xmm0")
VEC_OP(op_cmpps3, "cmpps $3, %%xmm1, %%xmm0")
VEC_OP(op_cmppd1, "cmppd $1, %%xmm1, %%xmm0")
VEC_OP(op_haddps, "haddps %%xmm1, %%xmm0")
VEC_OP(op_haddpd, "haddpd %%xmm1, %%xmm0")
VEC_OP(op_hsubps, "hsubps %%xmm1, %%xmm0")
VEC_OP(op_hsubpd, "hsubpd %%xmm1, %%xmm0")
VEC_OP(op_addsubps, "addsubps %%xmm1, %%xmm0")
VEC_OP(op_addsubpd, "addsubpd %%xmm1, %%xmm0")
#define DP(w, imm) VEC_OP(op_dp##w##_##imm, "dp" #w " $" #imm ", %%xmm1, %%xmm0")
DP(ps, 0xff) DP(ps, 0xf1) DP(ps, 0x71) DP(ps, 0x3f) DP(ps, 0xa5) DP(ps, 0x5a) DP(ps, 0x0f) DP(ps, 0xd3)
DP(pd, 0x33) DP(pd, 0x31) DP(pd, 0x12) DP(pd, 0x23) DP(pd, 0x03)
#define ROUND16(w)                                                                                   \
  VEC_OP(op_round##w##0, "round" #w " $0, %%xmm1, %%xmm0") VEC_OP(op_round##w##1, "round" #w " $1, %%xmm1, %%xmm0") \
  VEC_OP(op_round##w##2, "round" #w " $2, %%xmm1, %%xmm0") VEC_OP(op_round##w##3, "round" #w " $3, %%xmm1, %%xmm0") \
  VEC_OP(op_round##w##4, "round" #w " $4, %%xmm1, %%xmm0") VEC_OP(op_round##w##8, "round" #w " $8, %%xmm1, %%xmm0") \
  VEC_OP(op_round##w##9, "round" #w " $9, %%xmm1, %%xmm0") VEC_OP(op_round##w##10, "round" #w " $10, %%xmm1, %%xmm0") \
  VEC_OP(op_round##w##11, "round" #w " $11, %%xmm1, %%xmm0") VEC_OP(op_round##w##12, "round" #w " $12, %%xmm1, %%xmm0")
ROUND16(ss)
ROUND16(sd)
ROUND16(ps)
ROUND16(pd)
BLEND_OP(op_blendvps, "blendvps %%xmm0, %%xmm2, %%xmm1")
BLEND_OP(op_blendvpd, "blendvpd %%xmm0, %%xmm2, %%xmm1")

/* Element type of the inputs, to choose edge values. */
enum elem { F32, F64, I32, I64 };
/* Shapes: SCALAR tests lane 0 with edge pairs; PACKED fills every lane from the edge/random pools. */
enum shape { SCALAR, PACKED, FROM_INT };
enum { USES_RC = 1, USES_DAZ_FTZ = 2 };
struct op {
  const char *name;
  sse_fn fn;
  uint8_t imm;
  enum elem in; /* a/b element type; FROM_INT: b is an integer of this type, a float of `out` */
  enum shape shape;
  int modes;
  int randoms;
  int unary; /* only b is an input (a only supplies the upper lanes) */
};
#define R USES_RC
#define D USES_DAZ_FTZ
#define CMP_ENTRIES(w, e)                                                                            \
  {"cmp" #w "/0", op_cmp##w##0, 0, e, SCALAR, D, 60, 0}, {"cmp" #w "/1", op_cmp##w##1, 1, e, SCALAR, D, 60, 0},       \
  {"cmp" #w "/2", op_cmp##w##2, 2, e, SCALAR, D, 60, 0}, {"cmp" #w "/3", op_cmp##w##3, 3, e, SCALAR, D, 60, 0},       \
  {"cmp" #w "/4", op_cmp##w##4, 4, e, SCALAR, D, 60, 0}, {"cmp" #w "/5", op_cmp##w##5, 5, e, SCALAR, D, 60, 0},       \
  {"cmp" #w "/6", op_cmp##w##6, 6, e, SCALAR, D, 60, 0}, {"cmp" #w "/7", op_cmp##w##7, 7, e, SCALAR, D, 60, 0}
#define ROUND_ENTRIES(w, e, s)                                                                       \
  {"round" #w "/0", op_round##w##0, 0, e, s, 0, 100, 1}, {"round" #w "/1", op_round##w##1, 1, e, s, 0, 100, 1},       \
  {"round" #w "/2", op_round##w##2, 2, e, s, 0, 100, 1}, {"round" #w "/3", op_round##w##3, 3, e, s, 0, 100, 1},       \
  {"round" #w "/4", op_round##w##4, 4, e, s, R | D, 100, 1}, {"round" #w "/8", op_round##w##8, 8, e, s, 0, 100, 1},   \
  {"round" #w "/9", op_round##w##9, 9, e, s, 0, 100, 1}, {"round" #w "/10", op_round##w##10, 10, e, s, 0, 100, 1},    \
  {"round" #w "/11", op_round##w##11, 11, e, s, 0, 100, 1}, {"round" #w "/12", op_round##w##12, 12, e, s, R, 100, 1}
static const struct op ops[] = {
    {"addss", op_addss, 0, F32, SCALAR, R | D, 300, 0},
    {"addsd", op_addsd, 0, F64, SCALAR, R | D, 300, 0},
    {"subss", op_subss, 0, F32, SCALAR, R | D, 300, 0},
    {"subsd", op_subsd, 0, F64, SCALAR, R | D, 300, 0},
    {"mulss", op_mulss, 0, F32, SCALAR, R | D, 300, 0},
    {"mulsd", op_mulsd, 0, F64, SCALAR, R | D, 300, 0},
    {"divss", op_divss, 0, F32, SCALAR, R | D, 300, 0},
    {"divsd", op_divsd, 0, F64, SCALAR, R | D, 300, 0},
    {"sqrtss", op_sqrtss, 0, F32, SCALAR, R | D, 300, 1},
    {"sqrtsd", op_sqrtsd, 0, F64, SCALAR, R | D, 300, 1},
    {"minss", op_minss, 0, F32, SCALAR, D, 60, 0},
    {"minsd", op_minsd, 0, F64, SCALAR, D, 60, 0},
    {"maxss", op_maxss, 0, F32, SCALAR, D, 60, 0},
    {"maxsd", op_maxsd, 0, F64, SCALAR, D, 60, 0},
    CMP_ENTRIES(ss, F32),
    CMP_ENTRIES(sd, F64),
    {"comiss", op_comiss, 0, F32, SCALAR, D, 60, 0},
    {"ucomiss", op_ucomiss, 0, F32, SCALAR, D, 60, 0},
    {"comisd", op_comisd, 0, F64, SCALAR, D, 60, 0},
    {"ucomisd", op_ucomisd, 0, F64, SCALAR, D, 60, 0},
    {"cvtsi2ss32", op_cvtsi2ss32, 0, I32, FROM_INT, R, 200, 1},
    {"cvtsi2ss64", op_cvtsi2ss64, 0, I64, FROM_INT, R, 200, 1},
    {"cvtsi2sd32", op_cvtsi2sd32, 0, I32, FROM_INT, R, 50, 1},
    {"cvtsi2sd64", op_cvtsi2sd64, 0, I64, FROM_INT, R, 200, 1},
    {"cvtss2si32", op_cvtss2si32, 0, F32, SCALAR, R | D, 200, 2},
    {"cvtss2si64", op_cvtss2si64, 0, F32, SCALAR, R | D, 200, 2},
    {"cvttss2si32", op_cvttss2si32, 0, F32, SCALAR, D, 200, 2},
    {"cvttss2si64", op_cvttss2si64, 0, F32, SCALAR, D, 200, 2},
    {"cvtsd2si32", op_cvtsd2si32, 0, F64, SCALAR, R | D, 200, 2},
    {"cvtsd2si64", op_cvtsd2si64, 0, F64, SCALAR, R | D, 200, 2},
    {"cvttsd2si32", op_cvttsd2si32, 0, F64, SCALAR, D, 200, 2},
    {"cvttsd2si64", op_cvttsd2si64, 0, F64, SCALAR, D, 200, 2},
    {"cvtss2sd", op_cvtss2sd, 0, F32, SCALAR, D, 100, 1},
    {"cvtsd2ss", op_cvtsd2ss, 0, F64, SCALAR, R | D, 300, 1},
    {"cvtdq2ps", op_cvtdq2ps, 0, I32, PACKED, R, 100, 1},
    {"cvtps2dq", op_cvtps2dq, 0, F32, PACKED, R | D, 100, 1},
    {"cvttps2dq", op_cvttps2dq, 0, F32, PACKED, D, 100, 1},
    {"cvtdq2pd", op_cvtdq2pd, 0, I32, PACKED, 0, 30, 1},
    {"cvtpd2dq", op_cvtpd2dq, 0, F64, PACKED, R | D, 100, 1},
    {"cvttpd2dq", op_cvttpd2dq, 0, F64, PACKED, D, 100, 1},
    {"cvtps2pd", op_cvtps2pd, 0, F32, PACKED, D, 100, 1},
    {"cvtpd2ps", op_cvtpd2ps, 0, F64, PACKED, R | D, 100, 1},
    {"rcpss", op_rcpss, 0, F32, SCALAR, D, 2000, 1},
    {"rsqrtss", op_rsqrtss, 0, F32, SCALAR, D, 2000, 1},
    {"rcpps", op_rcpps, 0, F32, PACKED, 0, 200, 1},
    {"rsqrtps", op_rsqrtps, 0, F32, PACKED, 0, 200, 1},
    {"addps", op_addps, 0, F32, PACKED, R | D, 100, 0},
    {"addpd", op_addpd, 0, F64, PACKED, R | D, 100, 0},
    {"mulps", op_mulps, 0, F32, PACKED, R | D, 100, 0},
    {"divpd", op_divpd, 0, F64, PACKED, R | D, 100, 0},
    {"sqrtps", op_sqrtps, 0, F32, PACKED, R | D, 100, 1},
    {"minps", op_minps, 0, F32, PACKED, D, 100, 0},
    {"maxpd", op_maxpd, 0, F64, PACKED, D, 100, 0},
    {"cmpps/3", op_cmpps3, 3, F32, PACKED, D, 100, 0},
    {"cmppd/1", op_cmppd1, 1, F64, PACKED, D, 100, 0},
    {"haddps", op_haddps, 0, F32, PACKED, R | D, 200, 0},
    {"haddpd", op_haddpd, 0, F64, PACKED, R | D, 200, 0},
    {"hsubps", op_hsubps, 0, F32, PACKED, R | D, 200, 0},
    {"hsubpd", op_hsubpd, 0, F64, PACKED, R | D, 200, 0},
    {"addsubps", op_addsubps, 0, F32, PACKED, R | D, 200, 0},
    {"addsubpd", op_addsubpd, 0, F64, PACKED, R | D, 200, 0},
    {"dpps/0xff", op_dpps_0xff, 0xff, F32, PACKED, R | D, 200, 0},
    {"dpps/0xf1", op_dpps_0xf1, 0xf1, F32, PACKED, R | D, 100, 0},
    {"dpps/0x71", op_dpps_0x71, 0x71, F32, PACKED, R, 100, 0},
    {"dpps/0x3f", op_dpps_0x3f, 0x3f, F32, PACKED, R, 100, 0},
    {"dpps/0xa5", op_dpps_0xa5, 0xa5, F32, PACKED, R, 100, 0},
    {"dpps/0x5a", op_dpps_0x5a, 0x5a, F32, PACKED, R, 100, 0},
    {"dpps/0x0f", op_dpps_0x0f, 0x0f, F32, PACKED, 0, 100, 0},
    {"dpps/0xd3", op_dpps_0xd3, 0xd3, F32, PACKED, R, 100, 0},
    {"dppd/0x33", op_dppd_0x33, 0x33, F64, PACKED, R | D, 200, 0},
    {"dppd/0x31", op_dppd_0x31, 0x31, F64, PACKED, R, 100, 0},
    {"dppd/0x12", op_dppd_0x12, 0x12, F64, PACKED, R, 100, 0},
    {"dppd/0x23", op_dppd_0x23, 0x23, F64, PACKED, R, 100, 0},
    {"dppd/0x03", op_dppd_0x03, 0x03, F64, PACKED, 0, 100, 0},
    ROUND_ENTRIES(ss, F32, SCALAR),
    ROUND_ENTRIES(sd, F64, SCALAR),
    ROUND_ENTRIES(ps, F32, PACKED),
    ROUND_ENTRIES(pd, F64, PACKED),
    {"blendvps", op_blendvps, 0, F32, PACKED, 0, 100, 0},
    {"blendvpd", op_blendvpd, 0, F64, PACKED, 0, 100, 0},
};
#define OP_COUNT (sizeof ops / sizeof ops[0])

static const uint32_t edges32[] = {
    0x00000000, 0x80000000, 0x00000001, 0x80000001, 0x007fffff, 0x00400000, 0x00800000, 0x80800000,
    0x3f800000, 0xbf800000, 0x3fc00000, 0x40000000, 0xc0400000, 0x3f000000, 0x3f800001, 0x7f7fffff,
    0xff7fffff, 0x7f800000, 0xff800000, 0x7fc00000, 0xffc00000, 0x7fc01234, 0x7f800001, 0xffa05678,
    0x4effffff, 0x4f000000, 0xcf000000, 0xcf000001, 0x5effffff, 0x5f000000, 0xdf000000, 0x3fe00000,
    0x40200000, 0xc0200000, 0x4b000001, 0x1f800000, 0x5f800000, 0x0d800000, 0x34000000, 0x3e800000,
};
static const uint64_t edges64[] = {
    0x0000000000000000ull, 0x8000000000000000ull, 0x0000000000000001ull, 0x8000000000000001ull,
    0x000fffffffffffffull, 0x0008000000000000ull, 0x0010000000000000ull, 0x8010000000000000ull,
    0x3ff0000000000000ull, 0xbff0000000000000ull, 0x3ff8000000000000ull, 0x4000000000000000ull,
    0xc008000000000000ull, 0x3fe0000000000000ull, 0x3ff0000000000001ull, 0x7fefffffffffffffull,
    0xffefffffffffffffull, 0x7ff0000000000000ull, 0xfff0000000000000ull, 0x7ff8000000000000ull,
    0xfff8000000000000ull, 0x7ff8000000001234ull, 0x7ff0000000000001ull, 0xfff4000000005678ull,
    0x41dfffffffe00000ull, 0x41e0000000000000ull, 0xc1e0000000000000ull, 0xc1e0000000100000ull,
    0x43dfffffffffffffull, 0x43e0000000000000ull, 0xc3e0000000000000ull, 0x3ffc000000000000ull,
    0x4004000000000000ull, 0xc004000000000000ull, 0x4330000000000001ull, 0x1ff0000000000000ull,
    0x5ff0000000000000ull, 0x36a0000000000000ull, 0x3810000000000000ull, 0x47efffffe0000000ull,
    0x47effffff0000000ull, 0x3690000000000000ull, 0x41dfffffffc00000ull, 0xc1e0000000200000ull,
};
#define N32 (sizeof edges32 / sizeof edges32[0])
#define N64 (sizeof edges64 / sizeof edges64[0])
static const int32_t edges_i32[] = {0, 1, -1, 2147483647, -2147483647 - 1, 16777217, -16777217, 16777216, 0x7fffffc0, 0x7fffff80, 12345};
static const int64_t edges_i64[] = {0, 1, -1, 9223372036854775807ll, -9223372036854775807ll - 1, 9007199254740993ll,
                                    -9007199254740993ll, 0x7ffffffffffffc00ll, 0x7ffffffffffffe00ll, 0x20000010000001ll, 16777217};
#define NI32 (sizeof edges_i32 / sizeof edges_i32[0])
#define NI64 (sizeof edges_i64 / sizeof edges_i64[0])

static uint32_t random32f(void) {
  uint32_t sig = rnd32() & 0x7fffff;
  if (rnd_below(8) == 0) sig &= ~0u << rnd_below(24);
  int choice = rnd_below(10);
  uint32_t exp;
  if (choice < 6) exp = 127 - 12 + rnd_below(25);
  else if (choice < 8) exp = (uint32_t)rnd_below(255);
  else if (choice < 9) exp = (uint32_t)rnd_below(30);
  else exp = 254 - rnd_below(30);
  return (uint32_t)rnd_below(2) << 31 | exp << 23 | sig;
}
static uint64_t random64f(void) {
  uint64_t sig = rnd64() & 0xfffffffffffffull;
  if (rnd_below(8) == 0) sig &= ~0ull << rnd_below(53);
  int choice = rnd_below(10);
  uint64_t exp;
  if (choice < 6) exp = 1023 - 30 + rnd_below(61);
  else if (choice < 8) exp = (uint64_t)rnd_below(2047);
  else if (choice < 9) exp = (uint64_t)rnd_below(60);
  else exp = 2046 - rnd_below(60);
  return (uint64_t)rnd_below(2) << 63 | exp << 52 | sig;
}
/* b close to a: cancellation in sums, quotients near 1. */
static uint32_t related32(uint32_t a) {
  int exp = (int)(a >> 23 & 0xff) + rnd_below(7) - 3;
  if (exp < 0) exp = 0;
  if (exp > 254) exp = 254;
  uint32_t sig = rnd_below(2) ? (a & 0x7fffff) ^ (rnd32() >> (9 + rnd_below(23))) : rnd32() & 0x7fffff;
  return (uint32_t)rnd_below(2) << 31 | (uint32_t)exp << 23 | sig;
}
static uint64_t related64(uint64_t a) {
  int exp = (int)(a >> 52 & 0x7ff) + rnd_below(7) - 3;
  if (exp < 0) exp = 0;
  if (exp > 2046) exp = 2046;
  uint64_t sig = rnd_below(2) ? (a & 0xfffffffffffffull) ^ (rnd64() >> (12 + rnd_below(52))) : rnd64() & 0xfffffffffffffull;
  return (uint64_t)rnd_below(2) << 63 | (uint64_t)exp << 52 | sig;
}
/* Floats near integer boundaries, for conversions and roundss. */
static uint32_t random32_intish(void) {
  float f = (float)((int64_t)rnd64() >> rnd_below(64)) + 0.5f * (float)rnd_below(4);
  uint32_t u;
  memcpy(&u, &f, 4);
  return rnd_below(3) ? u : random32f();
}
static uint64_t random64_intish(void) {
  double f = (double)((int64_t)rnd64() >> rnd_below(64)) + 0.25 * (double)rnd_below(4);
  uint64_t u;
  memcpy(&u, &f, 8);
  return rnd_below(3) ? u : random64f();
}

static void put_lane(uint8_t *v, enum elem e, int lane, uint64_t bits) {
  if (e == F32 || e == I32) {
    uint32_t w = (uint32_t)bits;
    memcpy(v + 4 * lane, &w, 4);
  } else memcpy(v + 8 * lane, &bits, 8);
}
static uint64_t edge_of(enum elem e, int i) {
  switch (e) {
  case F32: return edges32[i % N32];
  case F64: return edges64[i % N64];
  case I32: return (uint32_t)edges_i32[i % NI32];
  default: return (uint64_t)edges_i64[i % NI64];
  }
}
static int edge_count_of(enum elem e) { return e == F32 ? N32 : e == F64 ? N64 : e == I32 ? NI32 : NI64; }
static uint64_t random_of(enum elem e, int intish) {
  switch (e) {
  case F32: return intish ? random32_intish() : random32f();
  case F64: return intish ? random64_intish() : random64f();
  case I32: return rnd32() >> rnd_below(32);
  default: return (uint64_t)((int64_t)rnd64() >> rnd_below(64));
  }
}

/* The MXCSR values tested: all exceptions masked, flags clear, rounding x DAZ/FTZ. */
static uint16_t mxcsr_of(int rc, int dazftz) { return (uint16_t)(0x1f80 | rc << 13 | (dazftz & 1 ? 0x40 : 0) | (dazftz & 2 ? 0x8000 : 0)); }

int main(void) {
  printf("miros-sse-vectors 1 %zu\n", sizeof(struct record));
  for (size_t i = 0; i < OP_COUNT; i++) printf("%s%c", ops[i].name, i + 1 < OP_COUNT ? ' ' : '\n');
  for (size_t id = 0; id < OP_COUNT; id++) {
    const struct op *op = &ops[id];
    int lanes = op->in == F32 || op->in == I32 ? 4 : 2;
    int intish = op->unary == 2 || !strncmp(op->name, "round", 5) || !strncmp(op->name, "cvtp", 4) || !strncmp(op->name, "cvttp", 5);
    for (int mode = 0; mode < 16; mode++) {
      int rc = mode & 3, dz = mode >> 2;
      if (rc && !(op->modes & USES_RC)) continue;
      if (dz && !(op->modes & USES_DAZ_FTZ)) continue;
      int first = mode == 0;
      struct record r = {0};
      r.op = (uint8_t)id;
      r.imm = op->imm;
      r.mxcsr_in = mxcsr_of(rc, dz);
      int n = edge_count_of(op->in);
      if (op->shape == FROM_INT) {
        for (int i = 0; i < n + op->randoms; i++) {
          memset(&r, 0, sizeof r);
          r.op = (uint8_t)id, r.mxcsr_in = mxcsr_of(rc, dz);
          for (int l = 0; l < 4; l++) put_lane(r.a, I32, l, rnd32());
          uint64_t v = i < n ? edge_of(op->in, i) : random_of(op->in, 0);
          if (op->in == I32) v = (uint32_t)v | (uint64_t)rnd32() << 32; /* upper half must be ignored */
          memcpy(r.b, &v, 8);
          op->fn(&r);
          emit(&r, sizeof r);
        }
        continue;
      }
      /* Edge pairs (every pair in the default mode, a sample otherwise), then random values. */
      /* compares and min/max don't round: pairs of the first 24 edges (the specials) are enough */
      int rounds = !(op->name[0] == 'c' && op->name[1] == 'm') && strncmp(op->name, "min", 3) &&
                   strncmp(op->name, "max", 3) && !strstr(op->name, "comis");
      if (!rounds && op->shape == SCALAR) n = 24;
      int pairs = op->unary ? n : n * n;
      /* packed operations: each lane takes its own pair, a third of all pairs in all */
      int records = op->shape == PACKED ? pairs / (op->unary ? lanes : 3 * lanes) + 1 : pairs;
      for (int k = 0; k < records; k++) {
        if (!first && k % 12 != mode % 12) continue;
        int i = op->unary ? k : k / n, j = op->unary ? k : k % n;
        memset(r.a, 0, 16), memset(r.b, 0, 16), memset(r.c, 0, 16);
        for (int l = 0; l < lanes; l++) {
          /* lane 0 carries the pair; other lanes other pairs (packed ops) or fixed upper lanes */
          int p = op->unary ? (k * lanes + l) % pairs : (k * lanes + l) * 3 % pairs;
          int li = op->shape == PACKED ? (op->unary ? p : p / n) : i, lj = op->shape == PACKED ? (op->unary ? p : p % n) : j;
          /* upper lanes of scalar operations: fixed patterns, they must pass through unchanged */
          put_lane(r.a, op->in, l, l == 0 || op->shape == PACKED ? edge_of(op->in, li) : 0x1111111111111111ull * (l + 1));
          put_lane(r.b, op->in, l, l == 0 || op->shape == PACKED ? edge_of(op->in, lj) : 0x5555555555555555ull * l);
          if (strstr(op->name, "blendv")) put_lane(r.c, op->in, l, random_of(op->in, 0));
        }
        op->fn(&r);
        emit(&r, sizeof r);
      }
      int randoms = first ? op->randoms : op->randoms / 6;
      for (int k = 0; k < randoms; k++) {
        for (int l = 0; l < lanes; l++) {
          if (l > 0 && op->shape == SCALAR) break; /* upper lanes keep the patterns above */
          uint64_t a = random_of(op->in, intish);
          uint64_t b = rnd_below(2) && !intish ? (op->in == F32 ? related32((uint32_t)a) : op->in == F64 ? related64(a) : random_of(op->in, 0))
                                               : random_of(op->in, intish);
          put_lane(r.a, op->in, l, a);
          put_lane(r.b, op->in, l, b);
          if (strstr(op->name, "blendv")) put_lane(r.c, op->in, l, random_of(op->in, 0));
        }
        op->fn(&r);
        emit(&r, sizeof r);
      }
    }
  }
  return 0;
}
