// MMX instructions executed as MMX (inline asm on the mm registers: gcc lowers <mmintrin.h>
// intrinsics to SSE on x86-64), over edge inputs: every lane width's 0, -1, minimum and maximum,
// saturation boundaries, shift counts 0/1/15/16/31/32/63/64 and beyond, each binary operation
// with a register and a memory source; the SSE-era MMX forms (pavg, pmin/pmax, pextrw/pinsrw,
// pmovmskb, pmulhuw, psadbw, pshufw, maskmovq, movntq, pmuludq, movq2dq/movdq2q, the cvt*pi
// conversions) and the SSSE3 MMX forms; and the x87 side of MMX (TOP, tag word, register image
// after an MMX write, EMMS, x87 arithmetic after MMX use). Results are printed as hex.
// Runs "pending-*": an MMX instruction (and EMMS) raises a pending unmasked x87 exception (#MF,
// SIGFPE at that instruction).
// @cflags -mssse3
// @run {"name": "default"}
// @run {"name": "pending-paddb", "args": ["pending", "paddb"]}
// @run {"name": "pending-movd", "args": ["pending", "movd"]}
// @run {"name": "pending-emms", "args": ["pending", "emms"]}
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>
#include <unistd.h>

typedef uint64_t (*binary_fn)(uint64_t, uint64_t);

// op mm1 -> mm0 and op m64 -> mm0; EMMS after each so the x87 state is clean for libc.
#define BINARY(op)                                                                                   \
  static uint64_t reg_##op(uint64_t a, uint64_t b) {                                                 \
    uint64_t r;                                                                                      \
    __asm__ volatile("movq %1, %%mm0\n\tmovq %2, %%mm1\n\t" #op " %%mm1, %%mm0\n\tmovq %%mm0, %0\n\temms" \
                     : "=m"(r)                                                                       \
                     : "m"(a), "m"(b)                                                                \
                     : "mm0", "mm1");                                                                \
    return r;                                                                                        \
  }                                                                                                  \
  static uint64_t mem_##op(uint64_t a, uint64_t b) {                                                 \
    uint64_t r;                                                                                      \
    __asm__ volatile("movq %1, %%mm2\n\t" #op " %2, %%mm2\n\tmovq %%mm2, %0\n\temms"                 \
                     : "=m"(r)                                                                       \
                     : "m"(a), "m"(b)                                                                \
                     : "mm2");                                                                       \
    return r;                                                                                        \
  }

#define OPS(X)                                                                                        \
  X(paddb) X(paddw) X(paddd) X(paddq) X(psubb) X(psubw) X(psubd) X(psubq) X(paddsb) X(paddsw)         \
  X(paddusb) X(paddusw) X(psubsb) X(psubsw) X(psubusb) X(psubusw) X(pand) X(pandn) X(por) X(pxor)     \
  X(pcmpeqb) X(pcmpeqw) X(pcmpeqd) X(pcmpgtb) X(pcmpgtw) X(pcmpgtd) X(pmullw) X(pmulhw) X(pmaddwd)    \
  X(psllw) X(pslld) X(psllq) X(psrlw) X(psrld) X(psrlq) X(psraw) X(psrad) X(packsswb) X(packssdw)     \
  X(packuswb) X(punpcklbw) X(punpcklwd) X(punpckldq) X(punpckhbw) X(punpckhwd) X(punpckhdq)           \
  X(pavgb) X(pavgw) X(pminub) X(pmaxub) X(pminsw) X(pmaxsw) X(pmulhuw) X(psadbw) X(pmuludq)           \
  X(pshufb) X(phaddw) X(phaddd) X(phaddsw) X(phsubw) X(phsubd) X(phsubsw) X(pmaddubsw) X(pmulhrsw)    \
  X(psignb) X(psignw) X(psignd) X(pabsb) X(pabsw) X(pabsd)

OPS(BINARY)

struct binary {
  const char *name;
  binary_fn reg, mem;
};

#define ENTRY(op) {#op, reg_##op, mem_##op},
static const struct binary binaries[] = {OPS(ENTRY)};

static const uint64_t inputs[] = {
    0x0000000000000000ull, 0xffffffffffffffffull, 0x7f7f7f7f7f7f7f7full, 0x8080808080808080ull,
    0x7fff7fff7fff7fffull, 0x8000800080008000ull, 0x7fffffff80000000ull, 0x0001000100010001ull,
    0x00ff7f80017ffe81ull, 0x0123456789abcdefull, 0xfedcba9876543210ull, 0x8000000000000001ull,
};
#define NINPUTS (sizeof inputs / sizeof inputs[0])

static const uint64_t counts[] = {0, 1, 7, 8, 15, 16, 31, 32, 63, 64, 65, 255, 256, 0x100000000ull, 0x8000000000000000ull};
#define NCOUNTS (sizeof counts / sizeof counts[0])

// Shifts by an immediate, for the counts an imm8 can carry.
#define SHIFT_IMM(op, n)                                                                   \
  static uint64_t imm_##op##_##n(uint64_t a) {                                             \
    uint64_t r;                                                                            \
    __asm__ volatile("movq %1, %%mm3\n\t" #op " $" #n ", %%mm3\n\tmovq %%mm3, %0\n\temms" \
                     : "=m"(r)                                                             \
                     : "m"(a)                                                              \
                     : "mm3");                                                             \
    return r;                                                                              \
  }
#define SHIFT_COUNTS(X, op) X(op, 0) X(op, 1) X(op, 15) X(op, 16) X(op, 31) X(op, 32) X(op, 63) X(op, 64) X(op, 255)
#define SHIFT_OPS(X) \
  SHIFT_COUNTS(X, psllw) SHIFT_COUNTS(X, pslld) SHIFT_COUNTS(X, psllq) SHIFT_COUNTS(X, psrlw) \
  SHIFT_COUNTS(X, psrld) SHIFT_COUNTS(X, psrlq) SHIFT_COUNTS(X, psraw) SHIFT_COUNTS(X, psrad)
SHIFT_OPS(SHIFT_IMM)
struct shift_imm {
  const char *name;
  int count;
  uint64_t (*fn)(uint64_t);
};
#define SHIFT_ENTRY(op, n) {#op, n, imm_##op##_##n},
static const struct shift_imm shift_imms[] = {SHIFT_OPS(SHIFT_ENTRY)};

// Operations with an immediate and a source: pshufw and palignr.
#define WITH_IMM(op, n)                                                                                     \
  static uint64_t imm_##op##_##n(uint64_t a, uint64_t b) {                                                  \
    uint64_t r, m;                                                                                          \
    __asm__ volatile("movq %2, %%mm4\n\tmovq %3, %%mm5\n\t" #op " $" #n ", %%mm5, %%mm4\n\tmovq %%mm4, %0\n\t" \
                     "movq %2, %%mm6\n\t" #op " $" #n ", %3, %%mm6\n\tmovq %%mm6, %1\n\temms"               \
                     : "=m"(r), "=m"(m)                                                                     \
                     : "m"(a), "m"(b)                                                                       \
                     : "mm4", "mm5", "mm6");                                                                \
    return r == m ? r : 0xbadbadbadbadbadull;                                                               \
  }
#define IMM_OPS(X)                                                                                         \
  X(pshufw, 0) X(pshufw, 27) X(pshufw, 0x1b) X(pshufw, 0xe4) X(pshufw, 0xff) X(pshufw, 0x93) X(palignr, 0) \
  X(palignr, 1) X(palignr, 3) X(palignr, 7) X(palignr, 8) X(palignr, 9) X(palignr, 15) X(palignr, 16)      \
  X(palignr, 17) X(palignr, 255)
IMM_OPS(WITH_IMM)
struct with_imm {
  const char *name;
  int imm;
  binary_fn fn;
};
#define IMM_ENTRY(op, n) {#op, n, imm_##op##_##n},
static const struct with_imm with_imms[] = {IMM_OPS(IMM_ENTRY)};

static void binary_tests(void) {
  for (size_t k = 0; k < sizeof binaries / sizeof binaries[0]; k++) {
    const struct binary *op = &binaries[k];
    int memory_differs = 0;
    for (size_t i = 0; i < NINPUTS; i++) {
      printf("%-9s %016llx:", op->name, (unsigned long long)inputs[i]);
      for (size_t j = 0; j < NINPUTS; j++) {
        uint64_t r = op->reg(inputs[i], inputs[j]);
        // punpckl* read only 32 bits from memory: the same result either way.
        if (op->mem(inputs[i], inputs[j]) != r) memory_differs++;
        printf(" %016llx", (unsigned long long)r);
      }
      printf("\n");
    }
    printf("%-9s memory source differs in %d cases\n", op->name, memory_differs);
  }
}

static void shift_tests(void) {
  static const struct binary by_register[] = {
      {"psllw", reg_psllw, mem_psllw}, {"pslld", reg_pslld, mem_pslld}, {"psllq", reg_psllq, mem_psllq},
      {"psrlw", reg_psrlw, mem_psrlw}, {"psrld", reg_psrld, mem_psrld}, {"psrlq", reg_psrlq, mem_psrlq},
      {"psraw", reg_psraw, mem_psraw}, {"psrad", reg_psrad, mem_psrad},
  };
  const uint64_t value = 0x8001ff0012345678ull;
  for (size_t k = 0; k < sizeof by_register / sizeof by_register[0]; k++) {
    printf("%-6s by mm:", by_register[k].name);
    for (size_t c = 0; c < NCOUNTS; c++) {
      uint64_t r = by_register[k].reg(value, counts[c]);
      printf(" %016llx%s", (unsigned long long)r, by_register[k].mem(value, counts[c]) == r ? "" : "!");
    }
    printf("\n");
  }
  for (size_t k = 0; k < sizeof shift_imms / sizeof shift_imms[0]; k++) {
    printf("%-6s $%-3d %016llx %016llx\n", shift_imms[k].name, shift_imms[k].count,
           (unsigned long long)shift_imms[k].fn(value), (unsigned long long)shift_imms[k].fn(0x7fff80000001fffeull));
  }
}

static void imm_tests(void) {
  for (size_t k = 0; k < sizeof with_imms / sizeof with_imms[0]; k++) {
    printf("%-7s $%-3d %016llx %016llx\n", with_imms[k].name, with_imms[k].imm,
           (unsigned long long)with_imms[k].fn(0x0123456789abcdefull, 0xfedcba9876543210ull),
           (unsigned long long)with_imms[k].fn(0x1111222233334444ull, 0x5555666677778888ull));
  }
}

static void move_tests(void) {
  uint64_t a = 0x89abcdef01234567ull;
  uint32_t r32 = 0, m32 = 0xdeadbeef;
  uint64_t via_r32, via_m32, via_r64, movq_r64;
  __asm__ volatile(
      "movq %5, %%mm0\n\t"
      "movd %%mm0, %0\n\t"        // r/m32 <- mm (low half)
      "movq %%mm0, %%rax\n\t"     // r64 <- mm
      "movq %%rax, %1\n\t"
      "movd %6, %%mm1\n\t"        // mm <- m32, zero-extended
      "movq %%mm1, %2\n\t"
      "movl $0x87654321, %%ecx\n\t"
      "movd %%ecx, %%mm2\n\t"     // mm <- r32, zero-extended
      "movq %%mm2, %3\n\t"
      "movq $-2, %%rdx\n\t"
      "movq %%rdx, %%mm3\n\t"     // mm <- r64
      "movq %%mm3, %4\n\t"
      "emms"
      : "=m"(r32), "=m"(movq_r64), "=m"(via_m32), "=m"(via_r32), "=m"(via_r64)
      : "m"(a), "m"(m32)
      : "rax", "rcx", "rdx", "mm0", "mm1", "mm2", "mm3");
  printf("movd r32<-mm %08x movq r64<-mm %016llx\n", r32, (unsigned long long)movq_r64);
  printf("movd mm<-m32 %016llx mm<-r32 %016llx movq mm<-r64 %016llx\n", (unsigned long long)via_m32,
         (unsigned long long)via_r32, (unsigned long long)via_r64);

  uint64_t to_xmm[2] = {0, 0}, back = 0, nt = 0;
  __asm__ volatile(
      "pcmpeqd %%xmm0, %%xmm0\n\t"
      "movq %3, %%mm0\n\t"
      "movq2dq %%mm0, %%xmm0\n\t"
      "movdqu %%xmm0, %0\n\t"
      "pcmpeqd %%xmm1, %%xmm1\n\t"
      "psrldq $4, %%xmm1\n\t"
      "movdq2q %%xmm1, %%mm1\n\t"
      "movq %%mm1, %1\n\t"
      "movntq %%mm0, %2\n\t"
      "emms"
      : "=m"(to_xmm), "=m"(back), "=m"(nt)
      : "m"(a)
      : "xmm0", "xmm1", "mm0", "mm1");
  printf("movq2dq %016llx %016llx movdq2q %016llx movntq %016llx\n", (unsigned long long)to_xmm[1],
         (unsigned long long)to_xmm[0], (unsigned long long)back, (unsigned long long)nt);

  for (size_t i = 0; i < NINPUTS; i++) {
    uint32_t mask, w0, w1, w2, w3;
    uint64_t inserted, inserted_mem;
    uint16_t word = 0xa55a;
    __asm__ volatile(
        "movq %7, %%mm0\n\t"
        "pmovmskb %%mm0, %0\n\t"
        "pextrw $0, %%mm0, %1\n\t"
        "pextrw $1, %%mm0, %2\n\t"
        "pextrw $2, %%mm0, %3\n\t"
        "pextrw $7, %%mm0, %4\n\t"
        "movl $0x12345678, %%eax\n\t"
        "pinsrw $2, %%eax, %%mm0\n\t"
        "movq %%mm0, %5\n\t"
        "pinsrw $5, %8, %%mm0\n\t"
        "movq %%mm0, %6\n\t"
        "emms"
        : "=r"(mask), "=r"(w0), "=r"(w1), "=r"(w2), "=r"(w3), "=m"(inserted), "=m"(inserted_mem)
        : "m"(inputs[i]), "m"(word)
        : "rax", "mm0");
    printf("pmovmskb %02x pextrw %04x %04x %04x %04x pinsrw %016llx %016llx\n", mask, w0, w1, w2, w3,
           (unsigned long long)inserted, (unsigned long long)inserted_mem);
  }

  unsigned char buffer[8];
  memset(buffer, 0x2e, sizeof buffer);
  uint64_t data = 0x4847464544434241ull, selector = 0x80007f00ff0180feull;
  __asm__ volatile(
      "movq %1, %%mm0\n\t"
      "movq %2, %%mm1\n\t"
      "maskmovq %%mm1, %%mm0\n\t"
      "emms"
      :
      : "D"(buffer), "m"(data), "m"(selector)
      : "mm0", "mm1", "memory");
  printf("maskmovq %.8s\n", (const char *)buffer);

  // Its SSE2 sibling shares the implicit [rdi] destination.
  unsigned char wide[16];
  memset(wide, 0x2e, sizeof wide);
  const uint64_t data128[2] = {0x4847464544434241ull, 0x504f4e4d4c4b4a49ull};
  const uint64_t selector128[2] = {0x80007f00ff0180feull, 0xff00000000000080ull};
  __asm__ volatile(
      "movdqu %1, %%xmm0\n\t"
      "movdqu %2, %%xmm1\n\t"
      "maskmovdqu %%xmm1, %%xmm0"
      :
      : "D"(wide), "m"(data128), "m"(selector128)
      : "xmm0", "xmm1", "memory");
  printf("maskmovdqu %.16s\n", (const char *)wide);
}

static void conversion_tests(void) {
  static const float singles[][2] = {{1.5f, -1.5f},        {2.5f, -2.5f}, {0.0f, -0.0f}, {2147483520.0f, -2147483648.0f},
                                     {2147483648.0f, 1e20f}, {1e-30f, 0.49999997f}, {__builtin_nanf(""), __builtin_inff()}};
  for (size_t i = 0; i < sizeof singles / sizeof singles[0]; i++) {
    uint64_t rounded, truncated, rounded_mem, truncated_mem;
    __asm__ volatile(
        "movq %4, %%xmm0\n\t"
        "cvtps2pi %%xmm0, %%mm0\n\t"
        "cvttps2pi %%xmm0, %%mm1\n\t"
        "movq %%mm0, %0\n\t"
        "movq %%mm1, %1\n\t"
        "cvtps2pi %4, %%mm2\n\t"
        "cvttps2pi %4, %%mm3\n\t"
        "movq %%mm2, %2\n\t"
        "movq %%mm3, %3\n\t"
        "emms"
        : "=m"(rounded), "=m"(truncated), "=m"(rounded_mem), "=m"(truncated_mem)
        : "m"(singles[i])
        : "xmm0", "mm0", "mm1", "mm2", "mm3");
    printf("cvtps2pi %a %a -> %016llx cvttps2pi %016llx%s\n", (double)singles[i][0], (double)singles[i][1],
           (unsigned long long)rounded, (unsigned long long)truncated,
           rounded == rounded_mem && truncated == truncated_mem ? "" : " (memory differs)");
  }
  static const double doubles[][2] __attribute__((aligned(16))) = {
      {1.5, -1.5}, {2.5, -3.5}, {2147483647.49, -2147483648.5}, {2147483647.5, -2147483649.0}, {1e300, -0.0}, {__builtin_nan(""), 0.5}};
  for (size_t i = 0; i < sizeof doubles / sizeof doubles[0]; i++) {
    uint64_t rounded, truncated, rounded_mem;
    __asm__ volatile(
        "movupd %3, %%xmm0\n\t"
        "cvtpd2pi %%xmm0, %%mm0\n\t"
        "cvttpd2pi %%xmm0, %%mm1\n\t"
        "cvtpd2pi %3, %%mm2\n\t"
        "movq %%mm0, %0\n\t"
        "movq %%mm1, %1\n\t"
        "movq %%mm2, %2\n\t"
        "emms"
        : "=m"(rounded), "=m"(truncated), "=m"(rounded_mem)
        : "m"(doubles[i])
        : "xmm0", "mm0", "mm1", "mm2");
    printf("cvtpd2pi %a %a -> %016llx cvttpd2pi %016llx%s\n", doubles[i][0], doubles[i][1], (unsigned long long)rounded,
           (unsigned long long)truncated, rounded == rounded_mem ? "" : " (memory differs)");
  }
  for (size_t i = 0; i < NINPUTS; i++) {
    float ps[4], ps_mem[4];
    double pd[2], pd_mem[2];
    const float keep[4] = {9.0f, 9.0f, 7.0f, 8.0f};
    __asm__ volatile(
        "movups %5, %%xmm0\n\t"
        "movq %4, %%mm0\n\t"
        "cvtpi2ps %%mm0, %%xmm0\n\t"
        "movups %%xmm0, %0\n\t"
        "movups %5, %%xmm1\n\t"
        "cvtpi2ps %4, %%xmm1\n\t"
        "movups %%xmm1, %1\n\t"
        "cvtpi2pd %%mm0, %%xmm2\n\t"
        "movupd %%xmm2, %2\n\t"
        "cvtpi2pd %4, %%xmm3\n\t"
        "movupd %%xmm3, %3\n\t"
        "emms"
        : "=m"(ps), "=m"(ps_mem), "=m"(pd), "=m"(pd_mem)
        : "m"(inputs[i]), "m"(keep)
        : "xmm0", "xmm1", "xmm2", "xmm3", "mm0");
    printf("cvtpi2ps %a %a %a %a cvtpi2pd %a %a%s\n", (double)ps[3], (double)ps[2], (double)ps[1], (double)ps[0], pd[1],
           pd[0], memcmp(ps, ps_mem, sizeof ps) == 0 && memcmp(pd, pd_mem, sizeof pd) == 0 ? "" : " (memory differs)");
  }
  unsigned mxcsr;
  __asm__ volatile("stmxcsr %0" : "=m"(mxcsr));
  printf("mxcsr after the conversions %08x\n", mxcsr);

  // The four MXCSR rounding modes (flags cleared before each).
  static const float halves[2] = {2.5f, -1.5f};
  static const double halves_d[2] __attribute__((aligned(16))) = {-2.5, 3.5};
  static const uint64_t big = 0x800000017fffffffull;  // lanes 0x7fffffff and -0x7fffffff: inexact in float
  for (unsigned mode = 0; mode < 4; mode++) {
    unsigned control = 0x1f80 | (mode << 13), after;
    uint64_t from_ps, from_pd;
    float ps[4];
    __asm__ volatile(
        "ldmxcsr %5\n\t"
        "cvtps2pi %3, %%mm0\n\t"
        "cvtpd2pi %4, %%mm1\n\t"
        "movq %%mm0, %0\n\t"
        "movq %%mm1, %1\n\t"
        "xorps %%xmm0, %%xmm0\n\t"
        "cvtpi2ps %7, %%xmm0\n\t"
        "movups %%xmm0, %2\n\t"
        "stmxcsr %6\n\t"
        "ldmxcsr %8\n\t"
        "emms"
        : "=m"(from_ps), "=m"(from_pd), "=m"(ps)
        : "m"(halves), "m"(halves_d), "m"(control), "m"(after), "m"(big), "m"(mxcsr)
        : "xmm0", "mm0", "mm1", "memory");
    printf("rounding %u: cvtps2pi %016llx cvtpd2pi %016llx cvtpi2ps %a %a mxcsr %04x\n", mode,
           (unsigned long long)from_ps, (unsigned long long)from_pd, (double)ps[1], (double)ps[0], after);
  }
}

struct environment {
  uint16_t control, pad0, status, pad1, tags, pad2;
  uint32_t rest[4];
};

static void show_environment(const char *when, const struct environment *env) {
  printf("%-28s status %04x (TOP %d) tags %04x\n", when, env->status, (env->status >> 11) & 7, env->tags);
}

// Each asm block leaves the x87 stack empty (FNINIT, FNSAVE or EMMS): the ABI requires it at calls.
static void x87_tests(void) {
  uint64_t value = 0x0123456789abcdefull;
  struct environment env[4];
  __asm__ volatile(
      "fninit\n\tfnstenv %0\n\t"
      "fld1\n\tfldpi\n\tfnstenv %1\n\t"
      "movq %4, %%mm0\n\tfnstenv %2\n\t"
      "emms\n\tfnstenv %3\n\t"
      "fninit"
      : "=m"(env[0]), "=m"(env[1]), "=m"(env[2]), "=m"(env[3])
      : "m"(value)
      : "mm0", "st", "st(1)");
  show_environment("after fninit", &env[0]);
  show_environment("two values pushed", &env[1]);
  show_environment("after movq to mm0", &env[2]);
  show_environment("after emms", &env[3]);

  // The register image after MMX writes: FNSAVE stores R0..R7 as ST(0)..ST(7), TOP being 0.
  unsigned char image[108];
  uint64_t minus_one = ~0ull;
  __asm__ volatile("fninit\n\tfld1\n\tmovq %1, %%mm0\n\tmovq %2, %%mm3\n\tpaddb %%mm0, %%mm3\n\tfnsave %0"
                   : "=m"(image)
                   : "m"(value), "m"(minus_one)
                   : "mm0", "mm3", "st");
  printf("fnsave tags %02x%02x status %02x%02x\n", image[9], image[8], image[5], image[4]);
  for (int r = 0; r < 8; r++) {
    printf("R%d", r);
    for (int b = 9; b >= 0; b--) printf(" %02x", image[28 + r * 10 + b]);
    printf("\n");
  }

  // MMX reads set TOP and the tags too.
  uint32_t low;
  __asm__ volatile("fninit\n\tfldz\n\tmovd %%mm5, %0\n\tfnstenv %1\n\tfninit"
                   : "=r"(low), "=m"(env[0])
                   :
                   : "mm5", "st");
  show_environment("after movd from mm5", &env[0]);
  (void)low;

  // x87 arithmetic after MMX use and EMMS; and a push onto the full stack MMX left (no EMMS).
  double sum, pushed;
  const double x = 0.1, y = 0.2;
  uint16_t status;
  __asm__ volatile("movq %1, %%mm2\n\temms\n\tfldl %2\n\tfaddl %3\n\tfstpl %0\n\tfninit"
                   : "=m"(sum)
                   : "m"(value), "m"(x), "m"(y)
                   : "mm2", "st");
  __asm__ volatile("fninit\n\tmovq %3, %%mm1\n\tfldl %2\n\tfstpl %0\n\tfnstsw %1\n\tfninit"
                   : "=m"(pushed), "=m"(status)
                   : "m"(x), "m"(value)
                   : "mm1", "st");
  printf("after emms: %a; pushed onto the MMX stack: %a, status %04x\n", sum, pushed, status);
}

static volatile uintptr_t mmx_instruction;

static void on_fpe(int sig, siginfo_t *info, void *context) {
  (void)context;
  char line[128];
  int n = snprintf(line, sizeof line, "signal %d si_code %d at %s\n", sig, info->si_code,
                   (uintptr_t)info->si_addr == mmx_instruction ? "the MMX instruction" : "another address");
  write(1, line, (size_t)n);
  _exit(0);
}

// fsqrt(-1) with the invalid-operation exception unmasked leaves it pending; the next MMX
// instruction (or EMMS) reports it.
#define PENDING(instruction)                                                                        \
  __asm__ volatile("leaq 1f(%%rip), %%rax\n\tmovq %%rax, %0\n\t"                                   \
                   "fninit\n\tfldcw %1\n\tfld1\n\tfchs\n\tfsqrt\n"                                   \
                   "1:\t" instruction "\n\t"                                                         \
                   "fninit"                                                                          \
                   : "=m"(mmx_instruction)                                                            \
                   : "m"(control)                                                                     \
                   : "rax", "rdx", "mm0", "st")

static int pending(const char *which) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_fpe;
  sa.sa_flags = SA_SIGINFO;
  sigaction(SIGFPE, &sa, NULL);
  const uint16_t control = 0x037e;  // all masked but invalid operation
  if (strcmp(which, "paddb") == 0) PENDING("paddb %%mm0, %%mm0");
  else if (strcmp(which, "movd") == 0) PENDING("movd %%mm0, %%edx");
  else PENDING("emms");
  printf("no signal\n");
  return 1;
}

static volatile uint16_t handler_tags;
static unsigned char frame_state[48];

// What a signal handler sees: a fresh x87 state of its own, and the interrupted MMX state in the
// signal frame (the FXSAVE image: FSW at 2, abridged tags at 4, ST(0) = R0 at 32).
static void on_usr1(int sig, siginfo_t *info, void *context) {
  (void)sig;
  (void)info;
  struct environment env;
  __asm__ volatile("fnstenv %0\n\tfldcw %0" : "=m"(env));
  handler_tags = env.tags;
  const ucontext_t *uc = context;
  memcpy(frame_state, (const void *)uc->uc_mcontext.fpregs, sizeof frame_state);
}

static void fxsave_and_signal_tests(void) {
  static unsigned char area[512] __attribute__((aligned(16)));
  uint64_t value = 0xfedcba9876543210ull;
  __asm__ volatile("fninit\n\tfld1\n\tmovq %1, %%mm0\n\tfxsave %0\n\tfninit" : "=m"(area) : "m"(value) : "mm0", "st");
  printf("fxsave fsw %02x%02x ftw %02x R0", area[3], area[2], area[4]);
  for (int b = 9; b >= 0; b--) printf(" %02x", area[32 + b]);
  printf(" R7");
  for (int b = 9; b >= 0; b--) printf(" %02x", area[32 + 7 * 16 + b]);
  printf("\n");

  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_usr1;
  sa.sa_flags = SA_SIGINFO;
  sigaction(SIGUSR1, &sa, NULL);
  uint64_t after;
  struct environment env;
  __asm__ volatile(
      "fninit\n\t"
      "movq %2, %%mm0\n\t"
      "movl $39, %%eax\n\tsyscall\n\t"  // getpid
      "movl %%eax, %%edi\n\tmovl $10, %%esi\n\tmovl $62, %%eax\n\tsyscall\n\t"  // kill(pid, SIGUSR1)
      "movq %%mm0, %0\n\t"
      "fnstenv %1\n\t"
      "fninit"
      : "=m"(after), "=m"(env)
      : "m"(value)
      : "rax", "rcx", "rdx", "rsi", "rdi", "r11", "mm0", "memory");
  printf("signal: handler tags %04x; frame fsw %02x%02x ftw %02x R0", handler_tags, frame_state[3], frame_state[2],
         frame_state[4]);
  for (int b = 9; b >= 0; b--) printf(" %02x", frame_state[32 + b]);
  printf("; after return mm0 %016llx status %04x tags %04x\n", (unsigned long long)after, env.status, env.tags);
}

int main(int argc, char **argv) {
  if (argc > 2 && strcmp(argv[1], "pending") == 0) return pending(argv[2]);
  binary_tests();
  shift_tests();
  imm_tests();
  move_tests();
  conversion_tests();
  x87_tests();
  fxsave_and_signal_tests();
  return 0;
}
