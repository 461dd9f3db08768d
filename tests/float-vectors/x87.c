/* Records x87 test vectors on this machine: see common.h and README.md.
 *
 * Each record: every operation starts from FNINIT, loads the control word under test, pushes `b`
 * then `a` (so st0 = a, st1 = b), executes the instruction, stores the status word with FNSTSW
 * before anything else can change it, then pops st0 into r0 and st1 into r1. Conversions read their
 * memory source from `a` and write their memory destination to r0.
 */
#include "common.h"

typedef struct { uint8_t b[10]; } f80;

struct __attribute__((packed)) record {
  uint8_t op;
  uint8_t eflags; /* FCOMI/FUCOMI: bit 0 CF, bit 2 PF, bit 6 ZF (EFLAGS positions) */
  uint16_t cw;
  f80 a, b, r0, r1;
  uint16_t sw;
};

typedef void (*x87_fn)(struct record *);

/* Two-operand stack shape: st0 = a, st1 = b. */
#define STACK_OP(name, insn)                                                                         \
  static void name(struct record *r) {                                                             \
    asm volatile("fninit\n\tfldcw %[cw]\n\tfldt %[b]\n\tfldt %[a]\n\t" insn                      \
                 "\n\tfnstsw %[sw]\n\tfstpt %[r0]\n\tfstpt %[r1]\n\tfninit"                        \
                 : [sw] "=m"(r->sw), [r0] "=m"(r->r0), [r1] "=m"(r->r1)                            \
                 : [cw] "m"(r->cw), [a] "m"(r->a), [b] "m"(r->b)                                   \
                 : "memory");                                                                      \
  }

STACK_OP(op_fadd, "fadd %%st(1), %%st")
STACK_OP(op_fsub, "fsub %%st(1), %%st")
STACK_OP(op_fmul, "fmul %%st(1), %%st")
STACK_OP(op_fdiv, "fdiv %%st(1), %%st")
STACK_OP(op_fsqrt, "fsqrt")
STACK_OP(op_fprem, "fprem")
STACK_OP(op_fprem1, "fprem1")
STACK_OP(op_fscale, "fscale")
STACK_OP(op_fxtract, "fxtract") /* st0 = significand, st1 = exponent (b is pushed out of reach) */
STACK_OP(op_frndint, "frndint")
STACK_OP(op_fsin, "fsin")
STACK_OP(op_fcos, "fcos")
STACK_OP(op_fsincos, "fsincos") /* st0 = cos, st1 = sin */
STACK_OP(op_fptan, "fptan")     /* st0 = 1.0, st1 = tan */
STACK_OP(op_fpatan, "fpatan")   /* st0 = atan2(b, a) */
STACK_OP(op_f2xm1, "f2xm1")
STACK_OP(op_fyl2x, "fyl2x")     /* st0 = b * log2(a) */
STACK_OP(op_fyl2xp1, "fyl2xp1") /* st0 = b * log2(a + 1) */
STACK_OP(op_fcom, "fcom %%st(1)")
STACK_OP(op_fucom, "fucom %%st(1)")
STACK_OP(op_fxam, "fxam")
STACK_OP(op_ftst, "ftst")

#define FCOMI_OP(name, insn)                                                                         \
  static void name(struct record *r) {                                                             \
    uint8_t c, z, p;                                                                               \
    asm volatile("fninit\n\tfldcw %[cw]\n\tfldt %[b]\n\tfldt %[a]\n\t" insn                      \
                 "\n\tfnstsw %[sw]\n\tsetc %[c]\n\tsetz %[z]\n\tsetp %[p]\n\tfninit"               \
                 : [sw] "=m"(r->sw), [c] "=m"(c), [z] "=m"(z), [p] "=m"(p)                         \
                 : [cw] "m"(r->cw), [a] "m"(r->a), [b] "m"(r->b)                                   \
                 : "memory", "cc");                                                                \
    r->eflags = (uint8_t)(c | (p << 2) | (z << 6));                                                \
  }
FCOMI_OP(op_fcomi, "fcomi %%st(1), %%st")
FCOMI_OP(op_fucomi, "fucomi %%st(1), %%st")

/* Loads from memory: source bytes in a, the loaded value in r0. */
#define LOAD_OP(name, insn)                                                                          \
  static void name(struct record *r) {                                                             \
    asm volatile("fninit\n\tfldcw %[cw]\n\t" insn " %[a]\n\tfnstsw %[sw]\n\tfstpt %[r0]\n\tfninit"  \
                 : [sw] "=m"(r->sw), [r0] "=m"(r->r0)                                              \
                 : [cw] "m"(r->cw), [a] "m"(r->a)                                                  \
                 : "memory");                                                                      \
  }
LOAD_OP(op_fld32, "flds")
LOAD_OP(op_fld64, "fldl")
LOAD_OP(op_fild16, "filds")
LOAD_OP(op_fild32, "fildl")
LOAD_OP(op_fild64, "fildll")
LOAD_OP(op_fbld, "fbld")

/* Stores to memory: st0 = a, the stored bytes in r0. The destination is pre-filled with 0xAA so a
 * store suppressed by an exception would show (it never is with exceptions masked). */
#define STORE_OP(name, insn)                                                                         \
  static void name(struct record *r) {                                                             \
    memset(&r->r0, 0xAA, sizeof r->r0);                                                            \
    asm volatile("fninit\n\tfldcw %[cw]\n\tfldt %[a]\n\t" insn " %[r0]\n\tfnstsw %[sw]\n\tfninit"  \
                 : [sw] "=m"(r->sw), [r0] "+m"(r->r0)                                              \
                 : [cw] "m"(r->cw), [a] "m"(r->a)                                                  \
                 : "memory");                                                                      \
  }
STORE_OP(op_fst32, "fstps")
STORE_OP(op_fst64, "fstpl")
STORE_OP(op_fist16, "fistps")
STORE_OP(op_fist32, "fistpl")
STORE_OP(op_fist64, "fistpll")
STORE_OP(op_fisttp16, "fisttps")
STORE_OP(op_fisttp32, "fisttpl")
STORE_OP(op_fisttp64, "fisttpll")
STORE_OP(op_fbstp, "fbstp")

/* The operation table: names are the contract with the replay test (written in the file header). */
enum shape { UNARY, BINARY, LOAD32, LOAD64, LOAD16, LOADBCD, STORE };
/* Which control-word fields matter: precision control (PC) and/or rounding control (RC). */
enum { USES_RC = 1, USES_PC = 2 };
static const struct op {
  const char *name;
  x87_fn fn;
  enum shape shape;
  int modes;
  int randoms; /* random inputs per control word */
} ops[] = {
    {"fadd", op_fadd, BINARY, USES_RC | USES_PC, 60},
    {"fsub", op_fsub, BINARY, USES_RC | USES_PC, 60},
    {"fmul", op_fmul, BINARY, USES_RC | USES_PC, 60},
    {"fdiv", op_fdiv, BINARY, USES_RC | USES_PC, 60},
    {"fsqrt", op_fsqrt, UNARY, USES_RC | USES_PC, 80},
    {"fprem", op_fprem, BINARY, 0, 600},
    {"fprem1", op_fprem1, BINARY, 0, 600},
    {"fscale", op_fscale, BINARY, USES_RC, 150},
    {"fxtract", op_fxtract, UNARY, 0, 100},
    {"frndint", op_frndint, UNARY, USES_RC, 200},
    {"fsin", op_fsin, UNARY, USES_RC, 1500},
    {"fcos", op_fcos, UNARY, USES_RC, 1500},
    {"fsincos", op_fsincos, UNARY, USES_RC, 400},
    {"fptan", op_fptan, UNARY, USES_RC, 1500},
    {"fpatan", op_fpatan, BINARY, USES_RC, 1500},
    {"f2xm1", op_f2xm1, UNARY, USES_RC, 1500},
    {"fyl2x", op_fyl2x, BINARY, USES_RC, 1500},
    {"fyl2xp1", op_fyl2xp1, BINARY, USES_RC, 1500},
    {"fcom", op_fcom, BINARY, 0, 50},
    {"fucom", op_fucom, BINARY, 0, 50},
    {"fcomi", op_fcomi, BINARY, 0, 50},
    {"fucomi", op_fucomi, BINARY, 0, 50},
    {"fxam", op_fxam, UNARY, 0, 20},
    {"ftst", op_ftst, UNARY, 0, 20},
    {"fld32", op_fld32, LOAD32, 0, 100},
    {"fld64", op_fld64, LOAD64, 0, 100},
    {"fild16", op_fild16, LOAD16, 0, 50},
    {"fild32", op_fild32, LOAD32, 0, 50},
    {"fild64", op_fild64, LOAD64, 0, 50},
    {"fbld", op_fbld, LOADBCD, 0, 200},
    {"fst32", op_fst32, STORE, USES_RC, 150},
    {"fst64", op_fst64, STORE, USES_RC, 150},
    {"fist16", op_fist16, STORE, USES_RC, 100},
    {"fist32", op_fist32, STORE, USES_RC, 100},
    {"fist64", op_fist64, STORE, USES_RC, 100},
    {"fisttp16", op_fisttp16, STORE, 0, 100},
    {"fisttp32", op_fisttp32, STORE, 0, 100},
    {"fisttp64", op_fisttp64, STORE, 0, 100},
    {"fbstp", op_fbstp, STORE, USES_RC, 200},
};
#define OP_COUNT (sizeof ops / sizeof ops[0])

static f80 make(int sign, unsigned exp, uint64_t sig) {
  f80 v;
  memcpy(v.b, &sig, 8);
  uint16_t se = (uint16_t)((sign ? 0x8000 : 0) | (exp & 0x7fff));
  memcpy(v.b + 8, &se, 2);
  return v;
}
static f80 from_ld(long double x) {
  f80 v;
  memcpy(v.b, &x, 10);
  return v;
}

/* Edge values: specials, every encoding class (incl. the invalid ones), and rounding boundaries. */
static f80 edges[96];
static int edge_count;
static void add_edge(f80 v) { edges[edge_count++] = v; }
static void add_edge_pm(unsigned exp, uint64_t sig) {
  add_edge(make(0, exp, sig));
  add_edge(make(1, exp, sig));
}
static void init_edges(void) {
  const uint64_t I = 0x8000000000000000ull;
  add_edge_pm(0, 0);                         /* zero */
  add_edge_pm(0, 1);                         /* smallest denormal */
  add_edge_pm(0, 0x7fffffffffffffffull);     /* largest denormal */
  add_edge(make(0, 0, 0x4000000000000123ull)); /* denormal */
  add_edge(make(0, 0, I));                   /* pseudo-denormal */
  add_edge(make(1, 0, I | 0x1234));          /* pseudo-denormal */
  add_edge_pm(1, I);                         /* smallest normal */
  add_edge_pm(0x3fff, I);                    /* 1 */
  add_edge_pm(0x3fff, I | (I >> 1));         /* 1.5 */
  add_edge(make(0, 0x4000, I));              /* 2 */
  add_edge_pm(0x4000, I | (I >> 1));         /* 3 */
  add_edge(make(0, 0x3ffe, I));              /* 0.5 */
  add_edge(make(0, 0x3fff, I | 1));          /* 1 + ulp */
  add_edge(make(0, 0x3fff, I | (1ull << 39))); /* 1 + 2^-24: halfway at PC=24 */
  add_edge(make(1, 0x3fff, I | (3ull << 39))); /* halfway at PC=24, odd */
  add_edge(make(0, 0x3fff, I | (1ull << 10))); /* 1 + 2^-53: halfway at PC=53 */
  add_edge(make(0, 0x3fff, I | (3ull << 10))); /* halfway at PC=53, odd */
  add_edge(make(0, 0x3fff, 0xffffffffffffffffull)); /* 2 - ulp */
  add_edge_pm(0x7ffe, 0xffffffffffffffffull); /* largest finite */
  add_edge(make(0, 0x7ffe, I));
  add_edge_pm(0x7fff, I);                    /* infinity */
  add_edge(make(0, 0x7fff, 0xc000000000000000ull)); /* QNaN */
  add_edge(make(1, 0x7fff, 0xc000000000000000ull)); /* indefinite */
  add_edge(make(0, 0x7fff, 0xc000000000001234ull)); /* QNaN with payload */
  add_edge(make(1, 0x7fff, 0xe000000000000001ull)); /* QNaN with payload */
  add_edge(make(0, 0x7fff, I | 1));          /* SNaN */
  add_edge(make(1, 0x7fff, 0xa000000000005678ull)); /* SNaN with payload */
  add_edge(make(0, 0x7fff, 0x4000000000000000ull)); /* pseudo-NaN */
  add_edge(make(0, 0x7fff, 0));              /* pseudo-infinity */
  add_edge(make(0, 0x3fff, 0x4000000000000000ull)); /* unnormal */
  add_edge(make(0, 0x4000, 0xc90fdaa22168c235ull)); /* pi */
  add_edge(make(1, 0x3ffe, 0xc90fdaa22168c235ull)); /* -pi/4 */
  add_edge(make(0, 0x403e, I));              /* 2^63 */
  add_edge(make(1, 0x403e, I));              /* -2^63 */
  add_edge(make(0, 0x403d, 0xffffffffffffffffull)); /* 2^63 - 1 */
  add_edge(make(0, 0x403e, 0xffffffffffffffffull)); /* 2^64 - 1 */
  add_edge(make(0, 0x401d, 0xffffffff00000000ull)); /* 2^31 - 0.5 */
  add_edge(make(1, 0x401e, 0x8000000080000000ull)); /* -2^31 - 0.5 */
  add_edge(make(0, 0x400d, 0xffff000000000000ull)); /* 32767.5 */
  add_edge(make(1, 0x400e, 0x8000800000000000ull)); /* -32768.5 */
  add_edge(from_ld(2.5L));
  add_edge(from_ld(-0.5L));
  add_edge(from_ld(1e18L - 0.5L));           /* packed-BCD boundary */
  add_edge(from_ld(-999999999999999999.0L)); /* largest BCD magnitude */
  add_edge(make(0, 0x3c01, I));              /* smallest double normal */
  add_edge(make(0, 0x3bcd, I | 1));          /* near the smallest double denormal */
  add_edge(make(0, 0x3f81, I | 0x123456789ull)); /* near the smallest float normal */
  add_edge(make(0, 0x43fe, 0xfffffffffffff800ull)); /* largest double */
  add_edge(make(0, 0x43fe, 0xfffffffffffffc00ull)); /* halfway above the largest double */
  add_edge(make(1, 0x407e, 0xffffff0000000000ull)); /* -largest float */
  add_edge(make(0, 0x2000, I | 0x5555));     /* tiny */
  add_edge(make(0, 0x6000, I | 0xaaaa));     /* huge */
}

/* Random finite values in ranges that matter: near 1, anywhere, near the ends of the range. */
static f80 random_value(void) {
  uint64_t sig = rnd64() | 0x8000000000000000ull;
  int kind = rnd_below(16);
  if (kind == 0) sig &= ~0ull << (rnd_below(64)); /* short significand: exact results */
  int sign = rnd_below(2);
  unsigned exp;
  int choice = rnd_below(10);
  if (choice < 5) exp = 0x3fff - 20 + rnd_below(41);
  else if (choice < 7) exp = 0x3fff - 70 + rnd_below(141);
  else if (choice < 8) exp = 1 + rnd_below(0x7ffe);
  else if (choice < 9) exp = rnd_below(80); /* near underflow; 0 gives a denormal */
  else exp = 0x7ffe - rnd_below(80);
  if (exp == 0) sig &= 0x7fffffffffffffffull;
  return make(sign, exp, sig);
}
/* A second operand related to the first (close exponent: cancellation, quotients near 1). */
static f80 related_value(f80 a) {
  uint16_t se;
  memcpy(&se, a.b + 8, 2);
  int exp = se & 0x7fff;
  int delta = rnd_below(9) - 4;
  if (rnd_below(4) == 0) delta = rnd_below(140) - 70;
  exp += delta;
  if (exp < 1) exp = 1;
  if (exp > 0x7ffe) exp = 0x7ffe;
  uint64_t sig = rnd64() | 0x8000000000000000ull;
  if (rnd_below(3) == 0) { /* share leading bits with a */
    uint64_t asig;
    memcpy(&asig, a.b, 8);
    int keep = rnd_below(64);
    uint64_t mask = keep ? ~0ull << (64 - keep) : 0;
    sig = (asig & mask) | (sig & ~mask) | 0x8000000000000000ull;
  }
  return make(rnd_below(2), (unsigned)exp, sig);
}

/* Random inputs shaped for particular operations. */
static f80 random_for(const char *name) {
  if (!strcmp(name, "fsin") || !strcmp(name, "fcos") || !strcmp(name, "fsincos") || !strcmp(name, "fptan")) {
    int r = rnd_below(8);
    if (r < 4) return make(rnd_below(2), 0x3fff - 8 + rnd_below(9), rnd64() | (1ull << 63)); /* |x| < 2 */
    if (r < 7) return make(rnd_below(2), 0x3fff + rnd_below(24), rnd64() | (1ull << 63));
    return make(rnd_below(2), 0x3fff + rnd_below(64), rnd64() | (1ull << 63)); /* up to 2^63 */
  }
  if (!strcmp(name, "f2xm1")) return make(rnd_below(2), 0x3fff - 1 - rnd_below(30), rnd64() | (1ull << 63));
  if (!strcmp(name, "fyl2xp1")) return make(rnd_below(2), 0x3fff - 2 - rnd_below(30), rnd64() | (1ull << 63));
  if (!strcmp(name, "fyl2x")) return make(0, 0x3fff - 40 + rnd_below(81), rnd64() | (1ull << 63));
  if (!strcmp(name, "fpatan")) return make(rnd_below(2), 0x3fff - 20 + rnd_below(41), rnd64() | (1ull << 63));
  if (!strcmp(name, "frndint") || !strncmp(name, "fist", 4) || !strcmp(name, "fbstp")) {
    int bits = rnd_below(70);
    uint64_t sig = rnd64() | (1ull << 63);
    if (rnd_below(4) == 0) sig = (sig & ~0ull << 62) | (sig & ((1ull << 62) >> bits)) ; /* near .5 */
    return make(rnd_below(2), 0x3fff - 2 + bits, sig);
  }
  if (!strcmp(name, "fscale")) return random_value();
  return random_value();
}
static f80 random_second_for(const char *name, f80 a) {
  if (!strcmp(name, "fscale")) { /* scale factors around the exponent range */
    int64_t n = (int64_t)rnd_below(40000) - 20000;
    if (rnd_below(3) == 0) n = rnd_below(200) - 100;
    long double x = (long double)n + (rnd_below(2) ? 0.0L : 0.25L * rnd_below(4));
    return from_ld(x);
  }
  if (!strcmp(name, "fyl2x") || !strcmp(name, "fyl2xp1")) return make(rnd_below(2), 0x3fff - 4 + rnd_below(9), rnd64() | (1ull << 63));
  if (!strcmp(name, "fpatan")) return make(rnd_below(2), 0x3fff - 20 + rnd_below(41), rnd64() | (1ull << 63));
  if (!strcmp(name, "fprem") || !strcmp(name, "fprem1")) {
    uint16_t se;
    memcpy(&se, a.b + 8, 2);
    int exp = (se & 0x7fff) - rnd_below(130); /* differences above 63 give partial remainders */
    if (exp < 1) exp = 1;
    return make(rnd_below(2), (unsigned)exp, rnd64() | (1ull << 63));
  }
  return related_value(a);
}

static void random_bytes(void *p, size_t n) {
  uint8_t *b = p;
  for (size_t i = 0; i < n; i++) b[i] = (uint8_t)rnd32();
}
/* Integer and float sources for the loads. */
static void load_source(const struct op *op, uint8_t *dst, int index, int random) {
  memset(dst, 0, 10);
  if (op->shape == LOAD16) {
    static const int16_t e[] = {0, 1, -1, 32767, -32768, 12345};
    int16_t v = random ? (int16_t)rnd32() : e[index % 6];
    memcpy(dst, &v, 2);
  } else if (op->shape == LOAD32 && !strcmp(op->name, "fild32")) {
    static const int32_t e[] = {0, 1, -1, 2147483647, -2147483647 - 1, 123456789};
    int32_t v = random ? (int32_t)rnd32() : e[index % 6];
    memcpy(dst, &v, 4);
  } else if (op->shape == LOAD64 && !strcmp(op->name, "fild64")) {
    static const int64_t e[] = {0, 1, -1, 9223372036854775807ll, -9223372036854775807ll - 1, 0x123456789abcdefll};
    int64_t v = random ? (int64_t)rnd64() >> rnd_below(64) : e[index % 6];
    memcpy(dst, &v, 8);
  } else if (op->shape == LOAD32) {
    static const uint32_t e[] = {0, 0x80000000, 1, 0x807fffff, 0x00800000, 0x3f800000, 0x7f7fffff,
                                 0x7f800000, 0xff800000, 0x7fc00000, 0xffc01234, 0x7f800001, 0xffa00000};
    uint32_t v = random ? rnd32() : e[index % 13];
    memcpy(dst, &v, 4);
  } else if (op->shape == LOAD64) {
    static const uint64_t e[] = {0, 0x8000000000000000ull, 1, 0x800fffffffffffffull, 0x0010000000000000ull,
                                 0x3ff0000000000000ull, 0x7fefffffffffffffull, 0x7ff0000000000000ull,
                                 0xfff0000000000000ull, 0x7ff8000000000000ull, 0xfff8000000001234ull,
                                 0x7ff0000000000001ull, 0xfff4000000000000ull};
    uint64_t v = random ? rnd64() : e[index % 13];
    memcpy(dst, &v, 8);
  } else { /* LOADBCD: valid digits, plus some invalid nibbles (A–F) and odd sign bytes */
    for (int i = 0; i < 9; i++) {
      int lo = rnd_below(10), hi = rnd_below(10);
      if (random && rnd_below(40) == 0) lo = 10 + rnd_below(6);
      dst[i] = (uint8_t)(lo | hi << 4);
    }
    if (!random) memset(dst, index % 2 ? 0x99 : 0, 9);
    dst[9] = rnd_below(2) ? 0x80 : 0;
    if (random && rnd_below(10) == 0) dst[9] = (uint8_t)rnd32();
  }
}

static uint16_t control_word(int rc, int pc) { return (uint16_t)(0x037f & ~0x0f00) | (uint16_t)(pc << 8 | rc << 10) | 0x40; }

int main(void) {
  init_edges();
  /* Header: magic, record size, then the operation names in id order. */
  printf("miros-x87-vectors 1 %zu\n", sizeof(struct record));
  for (size_t i = 0; i < OP_COUNT; i++) printf("%s%c", ops[i].name, i + 1 < OP_COUNT ? ' ' : '\n');

  for (size_t id = 0; id < OP_COUNT; id++) {
    const struct op *op = &ops[id];
    int rcs = op->modes & USES_RC ? 4 : 1;
    int pcs = op->modes & USES_PC ? 3 : 1;
    static const int pc_codes[] = {3, 2, 0}; /* 64, 53, 24 bits */
    for (int rc = 0; rc < rcs; rc++) {
      for (int p = 0; p < pcs; p++) {
        struct record r = {0};
        r.op = (uint8_t)id;
        r.cw = control_word(rc, pc_codes[p]);
        int loads = op->shape == LOAD16 || op->shape == LOAD32 || op->shape == LOAD64 || op->shape == LOADBCD;
        if (loads) {
          for (int i = 0; i < 13 + op->randoms; i++) {
            load_source(op, r.a.b, i, i >= 13);
            memset(&r.r0, 0, 10);
            op->fn(&r);
            emit(&r, sizeof r);
          }
          continue;
        }
        /* Edges: all of them for unary operations, all pairs for binary ones in the first
         * precision (every rounding mode), a sample of pairs in the other precisions. */
        for (int i = 0; i < edge_count; i++) {
          if (op->shape != BINARY) {
            r.a = edges[i];
            r.b = make(0, 0x3fff, 1ull << 63);
            op->fn(&r);
            emit(&r, sizeof r);
            continue;
          }
          for (int j = 0; j < edge_count; j++) {
            /* every pair in the default mode; in the other modes a sample (one pair in six) */
            if ((rc > 0 || p > 0) && (i * 7 + j + rc + p) % 6) continue;
            r.a = edges[i];
            r.b = edges[j];
            op->fn(&r);
            emit(&r, sizeof r);
          }
        }
        int randoms = rc > 0 || p > 0 ? op->randoms / 5 : op->randoms;
        for (int i = 0; i < randoms; i++) {
          r.a = random_for(op->name);
          r.b = op->shape == BINARY ? random_second_for(op->name, r.a) : make(0, 0x3fff, 1ull << 63);
          op->fn(&r);
          emit(&r, sizeof r);
        }
      }
    }
  }
  (void)random_bytes;
  return 0;
}
