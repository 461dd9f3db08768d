/* Records CPU conformance vectors on this machine: for each instruction template of templates.h,
 * runs the instruction natively on edge and random inputs and prints inputs and results (all
 * registers it touches, RFLAGS' status flags and DF, xmm0/xmm1, a memory buffer).
 *
 * Build and run: tests/cpu-vectors/record.sh (writes integer.txt.gz). Output format, one template:
 *   T <name> <instruction bytes hex> <register mask> <kind> <offset of rsi into the buffer>
 *   V <inputs> : <outputs>
 * where inputs/outputs are hex words: the masked GPRs in order rax rbx rcx rdx rsi rdi, flags,
 * then xmm0 xmm1 (32 hex digits each, little-endian byte order) for XMM kinds, then the memory
 * buffer (hex bytes) for memory kinds. For K_STR, rsi/rdi are offsets into the buffer. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { K_GPR, K_MEM, K_XMM, K_XMEM, K_STR };
enum { G_BIN, G_UNARY, G_SHIFT, G_DSHIFT, G_MUL, G_DIV, G_IDIV, G_BITOFF, G_NONE, G_FLAGS, G_CMPXCHG,
       G_CMPXCHGMEM, G_STR, G_XMM, G_XMMCOUNT, G_XMMEDGE, G_PCMPSTR };

#define MEM_SIZE 160
struct state {
  uint64_t r[6];   /* rax rbx rcx rdx rsi rdi: offsets 0..40 */
  uint64_t flags;  /* 48 */
  uint64_t start, end; /* 56, 64: instruction bytes */
  uint8_t x[2][16];    /* 72, 88 */
  uint8_t pad[8];
  uint8_t mem[MEM_SIZE] __attribute__((aligned(16))); /* 112 */
};

/* Each template is a function `void run_<name>(struct state *)` in top-level assembly: it loads the
 * registers, flags and xmm0/xmm1 from the state, executes the instruction, and stores them back. */
#define HARNESS(name, insn) \
  __asm__(".text\n.globl run_" #name "\nrun_" #name ":\n" \
          "push %rbx\n push %r15\n mov %rdi, %r15\n" \
          "lea 1f(%rip), %rax\n mov %rax, 56(%r15)\n lea 2f(%rip), %rax\n mov %rax, 64(%r15)\n" \
          "movdqu 72(%r15), %xmm0\n movdqu 88(%r15), %xmm1\n" \
          "mov 0(%r15), %rax\n mov 8(%r15), %rbx\n mov 16(%r15), %rcx\n mov 24(%r15), %rdx\n" \
          "mov 32(%r15), %rsi\n mov 40(%r15), %rdi\n" \
          "pushq 48(%r15)\n popfq\n" \
          "1: " insn "\n2:\n" \
          "pushfq\n popq 48(%r15)\n cld\n" \
          "mov %rax, 0(%r15)\n mov %rbx, 8(%r15)\n mov %rcx, 16(%r15)\n mov %rdx, 24(%r15)\n" \
          "mov %rsi, 32(%r15)\n mov %rdi, 40(%r15)\n" \
          "movdqu %xmm0, 72(%r15)\n movdqu %xmm1, 88(%r15)\n" \
          "pop %r15\n pop %rbx\n ret\n");

#define X(name, mask, kind, gen, insn) HARNESS(name, insn) void run_##name(struct state *);
/* The template list: templates.h (integer/SSE2) unless the build names another (templates-sse4.h). */
#ifndef TEMPLATES_FILE
#define TEMPLATES_FILE "templates.h"
#endif
#include TEMPLATES_FILE
TEMPLATES
#undef X

struct template { const char *name; int mask, kind, gen; void (*run)(struct state *); };
#define X(name, mask, kind, gen, insn) { #name, mask, kind, gen, run_##name },
static const struct template templates[] = { TEMPLATES };
#undef X

static uint64_t rng = 0x9e3779b97f4a7c15ull;
static uint64_t rnd(void) { rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17; return rng; }

static const uint64_t edges[] = {
  0, 1, 2, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xffffffff,
  0x100000000ull, 0x7fffffffffffffffull, 0x8000000000000000ull, 0xffffffffffffffffull, 0xfffffffffffffffeull,
  0x123456789abcdef0ull, 0xffffffff80000000ull, 0x00000000ffff8000ull,
};
#define NEDGES (sizeof edges / sizeof edges[0])
static const uint64_t counts[] = { 0, 1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 255 };
#define NCOUNTS (sizeof counts / sizeof counts[0])
#define STATUS 0x8d5ull
#define DF 0x400ull
#define POISON 0x5a5a5a5a5a5a5a5aull

static uint64_t value(int i) { return i < (int)NEDGES ? edges[i] : rnd() >> (rnd() % 4 == 0 ? rnd() % 64 : 0); }
static uint64_t random_flags(void) { return (rnd() & STATUS) | 2; }

/* Bytes of the buffer an instruction can reach (the rest is neither printed nor replayed). */
static int memory_bytes(const struct template *t) {
  if (t->kind == K_STR || t->gen == G_BITOFF) return MEM_SIZE;
  return t->kind == K_XMEM ? 32 : 16;
}

static void print_state(const struct template *t, const struct state *s, uint64_t base) {
  for (int i = 0; i < 6; i++) {
    if (!(t->mask & (1 << i))) continue;
    uint64_t v = s->r[i];
    if (t->kind == K_STR && (i == 4 || i == 5)) v -= base;
    printf(" %llx", (unsigned long long)v);
  }
  printf(" %llx", (unsigned long long)(s->flags & (STATUS | DF)));
  if (t->kind == K_XMM || t->kind == K_XMEM)
    for (int k = 0; k < 2; k++) { printf(" "); for (int i = 0; i < 16; i++) printf("%02x", s->x[k][i]); }
  if (t->kind != K_GPR && t->kind != K_XMM) {
    printf(" ");
    for (int i = 0; i < memory_bytes(t); i++) printf("%02x", s->mem[i]);
  }
}

/* Whether div/idiv with these inputs completes (no #DE), for operand size `size` bytes. */
static int divides(int size, int is_signed, uint64_t rax, uint64_t rdx, uint64_t divisor) {
  if (size == 1) {
    uint16_t n = (uint16_t)rax; uint8_t d = (uint8_t)divisor;
    if (!d) return 0;
    if (is_signed) { int q = (int16_t)n / (int8_t)d; return q >= -128 && q <= 127; }
    return n / d <= 0xff;
  }
  if (size == 2) {
    uint32_t n = ((uint32_t)(uint16_t)rdx << 16) | (uint16_t)rax; uint16_t d = (uint16_t)divisor;
    if (!d) return 0;
    if (is_signed) { int64_t q = (int64_t)(int32_t)n / (int16_t)d; return q >= -32768 && q <= 32767; }
    return n / d <= 0xffff;
  }
  if (size == 4) {
    uint64_t n = ((uint64_t)(uint32_t)rdx << 32) | (uint32_t)rax; uint32_t d = (uint32_t)divisor;
    if (!d) return 0;
    if (is_signed) {
      if ((int64_t)n == INT64_MIN && (int32_t)d == -1) return 0;
      int64_t q = (int64_t)n / (int32_t)d; return q >= INT32_MIN && q <= INT32_MAX;
    }
    return n / d <= 0xffffffffull;
  }
  unsigned __int128 n = ((unsigned __int128)rdx << 64) | rax;
  if (!divisor) return 0;
  if (is_signed) {
    __int128 sn = (__int128)n; int64_t sd = (int64_t)divisor;
    if (sd == 0) return 0;
    if (sd == -1 && sn == (__int128)INT64_MIN) return 0;
    __int128 q = sn / sd; return q >= INT64_MIN && q <= INT64_MAX;
  }
  return n / divisor <= 0xffffffffffffffffull;
}

static int operand_size(const char *name) {
  const char *u = strchr(name, '_');
  if (!u) return 8;
  return u[1] == 'b' ? 1 : u[1] == 'w' ? 2 : u[1] == 'l' ? 4 : 8;
}

/* Runs one vector natively and prints it; skips inputs that would fault natively (#DE). */
static void emit(const struct template *t, struct state *in) {
  if (t->gen == G_DIV || t->gen == G_IDIV) {
    uint64_t divisor = in->r[1];
    if (t->kind == K_MEM) memcpy(&divisor, in->mem, 8);
    if (!divides(operand_size(t->name), t->gen == G_IDIV, in->r[0], in->r[3], divisor)) return;
  }
  struct state out = *in;
  for (int i = 0; i < 6; i++) if (!(t->mask & (1 << i))) out.r[i] = POISON + i;
  if (t->kind == K_MEM || t->kind == K_XMEM) out.r[4] = (uint64_t)(uintptr_t)out.mem;
  if (t->kind == K_MEM && t->gen == G_BITOFF) out.r[4] = (uint64_t)(uintptr_t)out.mem + 64;
  if (t->kind == K_STR) {
    out.r[4] = (uint64_t)(uintptr_t)out.mem + in->r[4];
    out.r[5] = (uint64_t)(uintptr_t)out.mem + in->r[5];
  }
  struct state before = out;
  t->run(&out);
  for (int i = 0; i < 6; i++) {
    int implicitRsi = (i == 4 && (t->kind == K_MEM || t->kind == K_XMEM));
    if (!(t->mask & (1 << i)) && out.r[i] != before.r[i]) {
      fprintf(stderr, "%s: register %d changed but is not in the mask\n", t->name, i);
      exit(1);
    }
    (void)implicitRsi;
  }
  printf("V");
  print_state(t, &before, (uint64_t)(uintptr_t)out.mem);
  printf(" :");
  print_state(t, &out, (uint64_t)(uintptr_t)out.mem);
  printf("\n");
}

static void fill_random(uint8_t *p, int n) { for (int i = 0; i < n; i++) p[i] = (uint8_t)rnd(); }

/* Lane edge values for the SSE4-era integer ops: sign/saturation boundaries of every lane width. */
static const uint32_t lane_edges[] = { 0, 1, 0xffffffff, 0x80000000, 0x7fffffff, 0x8000, 0x7fff, 0xffff, 0x80,
                                       0x7f, 0xff00ff00, 0x807f0180, 0x00010000, 0xfffe0001 };
#define NLANE_EDGES (sizeof lane_edges / sizeof lane_edges[0])

static void xmm_edges(struct state *s, int k) {
  switch (k % 8) {
    case 1: memcpy(s->x[1], s->x[0], 16); break;
    case 2: for (int i = 0; i < 16; i++) s->x[1][i] = (uint8_t)~s->x[0][i]; break;
    case 3: memset(s->x[0], 0, 16); break;
    case 4:
      for (int k2 = 0; k2 < 2; k2++)
        for (int i = 0; i < 4; i++) {
          uint32_t v = lane_edges[rnd() % NLANE_EDGES];
          memcpy(s->x[k2] + 4 * i, &v, 4);
        }
      break;
    case 5: {
      static const uint8_t bytes[] = { 0x80, 0x7f, 0x00, 0xff, 0x01, 0x81 };
      for (int r = 0; r < 2; r++) for (int i = 0; i < 16; i++) s->x[r][i] = bytes[rnd() % 6];
      break;
    }
    case 6: memset(s->x[1], 0, 16); break;
    case 7: memcpy(s->x[1], s->x[0], 8); memset(s->x[0] + 8 + k % 8, 0xff, 8 - k % 8); break;
    default: break;
  }
  memcpy(s->mem, s->x[1], 16);
  memcpy(s->mem + 16, s->x[0], 16);
  s->r[1] = k < 14 ? lane_edges[k] : rnd();
}

/* pcmpXstrY inputs: short-alphabet strings (so that matches, ranges and substrings occur), nulls
 * at chosen places, explicit lengths around and beyond the element counts (negative, 64-bit). */
static void string_operands(struct state *s, int k) {
  static const uint8_t alphabet[] = { 'a', 'b', 'c', 'a', 'b', 0x80, 0xff, 0x7f };
  static const uint64_t lengths[] = { 0, 1, 2, 3, 5, 7, 8, 9, 15, 16, 17, 100, (uint64_t)-1, (uint64_t)-7,
                                      (uint64_t)-8, (uint64_t)-16, (uint64_t)-17, 0x80000000ull, 0x7fffffffull,
                                      0x100000003ull, 0xffffffff00000005ull, 0xfffffffffffffff9ull };
  for (int r = 0; r < 2; r++) for (int i = 0; i < 16; i++) s->x[r][i] = alphabet[rnd() % 8];
  if (k % 4 == 1) memcpy(s->x[1] + k % 7, s->x[0], 6); /* a substring of the needle in the haystack */
  if (k % 4 == 2) { /* ranges: ordered pairs in the first operand */
    static const uint8_t ranges[] = { 'a', 'b', 0x80, 0xff, 0x00, 0x7f, 'c', 'c' };
    for (int i = 0; i < 16; i++) s->x[0][i] = ranges[(i + k) % 8];
  }
  for (int r = 0; r < 2; r++) {
    int mode = (int)(rnd() % 4);
    if (mode == 0) continue; /* no terminator */
    int at = (int)(rnd() % 16) & ~(mode == 1 ? 1 : 0);
    s->x[r][at] = 0;
    if (mode == 1) s->x[r][at + 1] = 0; /* a null word */
  }
  s->r[0] = k < 22 ? lengths[k] : lengths[rnd() % 22];
  s->r[3] = lengths[rnd() % 22];
  memcpy(s->mem, s->x[1], 16);
  memcpy(s->mem + 3, s->x[1], 16);
}

static void generate(const struct template *t) {
  struct state s;
  memset(&s, 0, sizeof s);
  s.r[0] = 0; s.r[1] = 1; s.r[3] = 0; s.flags = 2;
  s.r[4] = s.r[5] = (uint64_t)(uintptr_t)s.mem + 64;
  memset(s.mem, 1, MEM_SIZE);
  t->run(&s); /* learn the instruction bytes */
  printf("T %s ", t->name);
  for (const uint8_t *p = (const uint8_t *)(uintptr_t)s.start; p < (const uint8_t *)(uintptr_t)s.end; p++) printf("%02x", *p);
  printf(" %d %d %d\n", t->mask, t->kind, t->gen == G_BITOFF ? 64 : 0);
  int n = 0;
  switch (t->gen) {
    case G_BIN: case G_CMPXCHG: n = 150; break;
    case G_SHIFT: case G_DSHIFT: n = 180; break;
    case G_FLAGS: n = 64; break;
    case G_STR: n = 60; break;
    case G_XMM: case G_XMMCOUNT: n = 48; break;
    case G_XMMEDGE: n = 96; break;
    case G_PCMPSTR: n = 48; break;
    default: n = 60; break;
  }
  for (int k = 0; k < n; k++) {
    memset(&s, 0, sizeof s);
    for (int i = 0; i < 6; i++) s.r[i] = rnd();
    s.flags = random_flags();
    fill_random(s.mem, 32);
    /* Low-entropy filler where whole-buffer instructions look (string ops, bit strings). */
    for (int i = 32; i < MEM_SIZE; i++) s.mem[i] = (uint8_t)(i * 37 >> 2);
    if (t->kind == K_STR) for (int i = 0; i < 32; i++) s.mem[i] = (uint8_t)(i * 11);
    fill_random(s.x[0], 32);
    switch (t->gen) {
      case G_BIN:
        if (k < 130) { s.r[0] = edges[k % 14]; s.r[1] = edges[(k / 14) % 14 + (k % 3 == 0 ? 8 : 0)]; }
        else { s.r[0] = value(99); s.r[1] = value(99); }
        if (k % 5 == 0) s.r[1] = s.r[0];
        memcpy(s.mem, &s.r[1], 8);
        if (k % 7 == 0) memcpy(s.mem, &s.r[0], 8);
        break;
      case G_UNARY:
        s.r[0] = value(k);
        memcpy(s.mem, &s.r[0], 8);
        break;
      case G_SHIFT:
        s.r[0] = value(k / NCOUNTS % 12 == 11 ? 99 : k / NCOUNTS);
        s.r[2] = counts[k % NCOUNTS] | (k & 0x100 ? 0x100 : 0);
        memcpy(s.mem, &s.r[0], 8);
        break;
      case G_DSHIFT:
        s.r[0] = value(k / NCOUNTS % 8 == 7 ? 99 : k / NCOUNTS);
        s.r[1] = value(99);
        s.r[2] = counts[k % NCOUNTS];
        break;
      case G_MUL:
        s.r[0] = value(k % 30); s.r[1] = value((k / 30) % 30 + (k % 2 ? 0 : 3));
        s.r[3] = rnd();
        memcpy(s.mem, &s.r[1], 8);
        break;
      case G_DIV: case G_IDIV: {
        s.r[0] = value(k % 25); s.r[3] = (k % 3 == 0) ? 0 : (k % 3 == 1 ? rnd() >> (rnd() % 64) : ~0ull);
        s.r[1] = value((k / 3) % 25) | 1;
        if (k % 4 == 0) s.r[1] = rnd() | 1;
        memcpy(s.mem, &s.r[1], 8);
        break;
      }
      case G_BITOFF:
        s.r[1] = (uint64_t)(int64_t)((int)(rnd() % 1200) - 500);
        break;
      case G_FLAGS:
        s.flags = ((k & 1) ? 1 : 0) | ((k & 2) ? 0x40 : 0) | ((k & 4) ? 0x80 : 0) | ((k & 8) ? 0x800 : 0) |
                  ((k & 16) ? 0x4 : 0) | ((k & 32) ? 0x10 : 0) | 2;
        break;
      case G_CMPXCHG:
        s.r[0] = value(k % 20); s.r[1] = value(99);
        s.r[2] = (k % 2) ? s.r[0] : value((k / 20) % 20);
        if (k % 6 == 1) s.r[2] = (s.r[0] & 0xff) | (rnd() << 8); /* equal in the low byte only */
        break;
      case G_CMPXCHGMEM:
        s.r[0] = rnd(); s.r[3] = rnd();
        if (k % 2) { memcpy(s.mem, &s.r[0], 8); memcpy(s.mem + 8, &s.r[3], 8); }
        if (k % 4 == 1) { uint32_t a = (uint32_t)s.r[0], d = (uint32_t)s.r[3]; memcpy(s.mem, &a, 4); memcpy(s.mem + 4, &d, 4); }
        break;
      case G_STR: {
        int down = k % 3 == 2;
        s.flags |= down ? DF : 0;
        s.r[4] = 56 + (k % 4);
        s.r[5] = 112 + (k % 5);
        s.r[2] = (k % 6) | ((k % 11 == 0) ? 0xffffffff00000000ull : 0);
        if ((s.r[2] & 0xffffffff) == 0) s.r[2] = 0;
        s.r[2] &= 0xff;
        memcpy(s.mem + 112, s.mem + 56, 24); /* equal runs for cmps */
        if (k % 3 == 0) s.mem[112 + 2 + k % 4] ^= 1;
        if (k % 2) { memcpy(&s.r[0], s.mem + 112 + 1, 8); }
        break;
      }
      case G_XMMCOUNT: {
        uint64_t c = k < 40 ? (uint64_t)(k * 3) : rnd();
        memcpy(s.x[1], &c, 8);
        break;
      }
      case G_XMM:
        if (k % 4 == 0) { memset(s.x[0] + (k % 8), 0x80, 4); memset(s.x[1] + (k % 5), 0x7f, 6); }
        if (k % 6 == 1) memcpy(s.x[1], s.x[0], 16);
        if (k % 5 == 2) memset(s.x[1], 0xff, 8);
        break;
      case G_XMMEDGE:
        xmm_edges(&s, k);
        break;
      case G_PCMPSTR:
        string_operands(&s, k);
        break;
      default:
        break;
    }
    emit(t, &s);
  }
}

int main(void) {
  for (size_t i = 0; i < sizeof templates / sizeof templates[0]; i++) {
    const struct template *t = &templates[i];
    /* Division: skip inputs that fault natively (they are tested separately). */
    generate(t);
  }
  return 0;
}
