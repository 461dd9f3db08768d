/* The random() family (random_r, srandom_r, initstate_r, setstate_r, initstate, setstate over the
   global state random/rand/srandom/srand share), the drand48 family and its _r forms, div/ldiv/
   lldiv/imaxdiv, getdtablesize and CPU_ALLOC: long sequences across seeds and state sizes, state
   switching, and the error cases with errno, compared with the native run. */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

static char *randtbl;
static char first[128];
/* NULL through a volatile: the calls with a null argument stay calls (the headers say nonnull). */
static void *volatile nothing;
/* The result and errno of one call, read in that order. */
#define ERRNO_CASE(label, call)                         \
  do {                                                  \
    errno = 0;                                          \
    long result_ = (long)(call);                        \
    int errno_ = errno;                                 \
    printf("%s %ld errno %d\n", label, result_, errno_); \
  } while (0)
#define ERRNO_STATE_CASE(label, call)                           \
  do {                                                          \
    errno = 0;                                                  \
    const char *result_ = (call);                               \
    int errno_ = errno;                                         \
    printf("%s -> %s errno %d\n", label, which(result_), errno_); \
  } while (0)
static char state_a[128], state_b[64], state_c[8], state_d[256];

static const char *which(const char *p) {
  if (p == NULL) return "NULL";
  if (p == randtbl) return "randtbl";
  if (p == first) return "first";
  if (p == state_a) return "A";
  if (p == state_b) return "B";
  if (p == state_c) return "C";
  if (p == state_d) return "D";
  return "other";
}

static void print_words(const char *label, const char *state, int count) {
  const int32_t *w = (const int32_t *)state;
  printf("%s:", label);
  for (int i = 0; i < count; i++) printf(" %d", w[i]);
  printf("\n");
}

static void global_family(void) {
  /* The initial table: initstate hands back randtbl (word 0 holds the rear position and type). */
  randtbl = initstate(1, first, sizeof first);
  print_words("randtbl", randtbl, 32);
  printf("setstate back -> %s\n", which(setstate(randtbl)));
  for (int i = 0; i < 40; i++) printf("%ld%c", random(), i % 10 == 9 ? '\n' : ' ');

  static const unsigned seeds[] = {0, 1, 2, 42, 12345, 0x7fffffff, 0x80000000u, 0xdeadbeefu, 0xffffffffu};
  for (size_t s = 0; s < sizeof seeds / sizeof seeds[0]; s++) {
    srandom(seeds[s]);
    printf("srandom(%u):", seeds[s]);
    for (int i = 0; i < 30; i++) printf(" %ld", random());
    printf("\n");
    srand(seeds[s]);
    printf("srand(%u):", seeds[s]);
    for (int i = 0; i < 10; i++) printf(" %d", rand());
    printf("\n");
  }

  /* Switching: A (TYPE_3), B (TYPE_2), C (TYPE_0), D (TYPE_4), interleaved. */
  printf("initstate A -> %s\n", which(initstate(7, state_a, sizeof state_a)));
  for (int i = 0; i < 5; i++) printf(" %ld", random());
  printf("\ninitstate B -> %s\n", which(initstate(8, state_b, sizeof state_b)));
  for (int i = 0; i < 5; i++) printf(" %ld", random());
  printf("\ninitstate C -> %s\n", which(initstate(9, state_c, sizeof state_c)));
  for (int i = 0; i < 5; i++) printf(" %ld", random());
  printf("\ninitstate D -> %s\n", which(initstate(10, state_d, sizeof state_d)));
  for (int i = 0; i < 5; i++) printf(" %ld", random());
  printf("\n");
  const char *order[] = {state_a, state_c, state_b, state_d, randtbl, state_a, state_a, state_b, state_c, state_d};
  for (int round = 0; round < 40; round++) {
    const char *next = order[round % 10];
    printf("setstate %s -> %s:", which(next), which(setstate((char *)next)));
    for (int i = 0; i < 3 + round % 7; i++) printf(" %ld", random());
    printf("\n");
    if (round % 9 == 4) {
      srandom(round);
      printf(" srandom(%d): %ld\n", round, random());
    }
  }
  print_words("A", state_a, 32);
  print_words("B", state_b, 16);
  print_words("C", state_c, 2);
  print_words("D", state_d, 64);

  /* Errors: too small a state, a state whose word 0 names no type. */
  char small[7];
  ERRNO_STATE_CASE("initstate(7 bytes)", initstate(3, small, sizeof small));
  for (int i = 0; i < 3; i++) printf(" %ld", random());
  printf("\n");
  char bad[64];
  memset(bad, 0, sizeof bad);
  ((int32_t *)bad)[0] = -1;
  ERRNO_STATE_CASE("setstate(word -1)", setstate(bad));
  for (int i = 0; i < 3; i++) printf(" %ld", random());
  printf("\n");
  ERRNO_STATE_CASE("setstate(NULL)", setstate(nothing));
  printf("setstate randtbl -> %s\n", which(setstate(randtbl)));
  for (int i = 0; i < 10; i++) printf(" %ld", random());
  printf("\n");
}

static void reentrant_family(void) {
  static const unsigned seeds[] = {0, 1, 3, 99, 65536, 0x7fffffff, 0x80000000u, 0x80000001u, 0xcafef00du, 0xffffffffu};
  static const size_t sizes[] = {8, 9, 31, 32, 33, 63, 64, 65, 100, 127, 128, 129, 200, 255, 256, 257, 1000};
  static char buffer[1024 + 8];
  for (size_t s = 0; s < sizeof seeds / sizeof seeds[0]; s++) {
    for (size_t z = 0; z < sizeof sizes / sizeof sizes[0]; z++) {
      struct random_data data;
      memset(&data, 0, sizeof data);
      memset(buffer, 0, sizeof buffer);
      int ret = initstate_r(seeds[s], buffer, sizes[z], &data);
      printf("seed %u size %zu: %d type %d deg %d sep %d w0 %d:", seeds[s], sizes[z], ret, data.rand_type,
             data.rand_deg, data.rand_sep, ((int32_t *)buffer)[0]);
      for (int i = 0; i < 40; i++) {
        int32_t value;
        random_r(&data, &value);
        printf(" %d", value);
      }
      printf("\n");
    }
  }

  /* Two _r states switched with setstate_r, then reseeded with srandom_r. */
  static char one[128], two[32];
  struct random_data data;
  memset(&data, 0, sizeof data);
  int ret = initstate_r(5, one, sizeof one, &data);
  printf("initstate_r one %d\n", ret);
  int32_t value;
  for (int i = 0; i < 7; i++) {
    random_r(&data, &value);
    printf(" %d", value);
  }
  ret = initstate_r(6, two, sizeof two, &data);
  printf("\ninitstate_r two %d\n", ret);
  for (int i = 0; i < 7; i++) {
    random_r(&data, &value);
    printf(" %d", value);
  }
  printf("\n");
  for (int round = 0; round < 20; round++) {
    char *next = round % 2 ? one : two;
    ret = setstate_r(next, &data);
    printf("setstate_r %d -> %d:", round % 2, ret);
    for (int i = 0; i < 2 + round % 5; i++) {
      random_r(&data, &value);
      printf(" %d", value);
    }
    printf(" w0 %d %d\n", ((int32_t *)one)[0], ((int32_t *)two)[0]);
  }
  ret = srandom_r(0xabcdef, &data);
  printf("srandom_r %d:", ret);
  for (int i = 0; i < 10; i++) {
    random_r(&data, &value);
    printf(" %d", value);
  }
  printf("\n");

  /* Errors and their errno. */
  ERRNO_CASE("random_r(NULL)", random_r(nothing, &value));
  ERRNO_CASE("random_r(result NULL)", random_r(&data, nothing));
  ERRNO_CASE("srandom_r(NULL)", srandom_r(1, nothing));
  struct random_data odd = data;
  odd.rand_type = 7;
  ERRNO_CASE("srandom_r(type 7)", srandom_r(1, &odd));
  ERRNO_CASE("initstate_r(NULL)", initstate_r(1, one, sizeof one, nothing));
  ERRNO_CASE("initstate_r(7 bytes)", initstate_r(1, one, 7, &data));
  printf("type after %d\n", data.rand_type);
  ERRNO_CASE("setstate_r(NULL)", setstate_r(nothing, &data));
  ERRNO_CASE("setstate_r(one)", setstate_r(one, &data));
  for (int i = 0; i < 5; i++) {
    random_r(&data, &value);
    printf(" %d", value);
  }
  printf("\n");
  ((int32_t *)two)[0] = -4;
  ERRNO_CASE("setstate_r(word -4)", setstate_r(two, &data));
}

static void print_x(const char *label, const unsigned short x[3]) {
  printf("%s %04x %04x %04x\n", label, x[0], x[1], x[2]);
}

static void drand48_family(void) {
  /* The global generator before any seeding (its parameters appear on first use). */
  printf("unseeded:");
  for (int i = 0; i < 5; i++) printf(" %a", drand48());
  printf("\n");
  static const long seeds[] = {0, 1, 42, -1, 0x123456789L, LONG_MIN, 0x7fffffffL};
  for (size_t s = 0; s < sizeof seeds / sizeof seeds[0]; s++) {
    srand48(seeds[s]);
    printf("srand48(%ld) drand48:", seeds[s]);
    for (int i = 0; i < 60; i++) printf(" %a", drand48());
    printf("\nlrand48:");
    for (int i = 0; i < 60; i++) printf(" %ld", lrand48());
    printf("\nmrand48:");
    for (int i = 0; i < 60; i++) printf(" %ld", mrand48());
    printf("\n");
  }
  unsigned short xsubi[3] = {0x1234, 0xabcd, 0xffff};
  printf("erand48:");
  for (int i = 0; i < 40; i++) printf(" %.17g", erand48(xsubi));
  printf("\nnrand48:");
  for (int i = 0; i < 40; i++) printf(" %ld", nrand48(xsubi));
  printf("\njrand48:");
  for (int i = 0; i < 40; i++) printf(" %ld", jrand48(xsubi));
  printf("\n");
  print_x("xsubi", xsubi);

  unsigned short seed16v[3] = {0x0001, 0x0203, 0x0405};
  unsigned short *old = seed48(seed16v);
  print_x("seed48 old", old);
  printf("after seed48:");
  for (int i = 0; i < 20; i++) printf(" %ld", lrand48());
  printf("\n");
  unsigned short again[3] = {0xffff, 0xffff, 0xffff};
  unsigned short *old2 = seed48(again);
  printf("seed48 same buffer %d\n", old2 == old);
  print_x("seed48 old", old2);
  for (int i = 0; i < 20; i++) printf(" %ld", mrand48());
  printf("\n");

  unsigned short param[7] = {0x1111, 0x2222, 0x3333, 0x0005, 0x0000, 0x0000, 0x0007};
  lcong48(param);
  printf("lcong48 drand48:");
  for (int i = 0; i < 30; i++) printf(" %a", drand48());
  printf("\nerand48 with lcong48's a and c:");
  unsigned short mine[3] = {1, 2, 3};
  for (int i = 0; i < 20; i++) printf(" %a", erand48(mine));
  printf("\n");
  unsigned short param2[7] = {0xdead, 0xbeef, 0xcafe, 0xe66d, 0xdeec, 0x0005, 0xffff};
  lcong48(param2);
  for (int i = 0; i < 30; i++) printf(" %ld", jrand48(mine));
  printf("\n");
  srand48(5);
  printf("srand48 restores a and c:");
  for (int i = 0; i < 10; i++) printf(" %ld", lrand48());
  printf("\n");

  /* The _r forms over the caller's struct, including a zeroed (never seeded) one. */
  struct drand48_data data;
  memset(&data, 0, sizeof data);
  double d;
  long l;
  printf("zeroed drand48_r:");
  for (int i = 0; i < 10; i++) {
    drand48_r(&data, &d);
    printf(" %a", d);
  }
  printf("\n");
  for (int s = 0; s < 4; s++) {
    int ret = srand48_r(s * 1000003L, &data);
    printf("srand48_r(%d) %d:", s * 1000003, ret);
    for (int i = 0; i < 20; i++) {
      int status = lrand48_r(&data, &l);
      printf(" %d:%ld", status, l);
      mrand48_r(&data, &l);
      printf("/%ld", l);
      drand48_r(&data, &d);
      printf("/%a", d);
    }
    printf("\n");
  }
  unsigned short sx[3] = {7, 8, 9};
  int seeded = seed48_r(sx, &data);
  printf("seed48_r %d\n", seeded);
  for (int i = 0; i < 20; i++) {
    erand48_r(xsubi, &data, &d);
    nrand48_r(xsubi, &data, &l);
    printf(" %a:%ld", d, l);
    jrand48_r(xsubi, &data, &l);
    printf(":%ld", l);
  }
  printf("\n");
  unsigned short p3[7] = {1, 0, 0, 3, 0, 0, 1};
  int set = lcong48_r(p3, &data);
  printf("lcong48_r %d:", set);
  for (int i = 0; i < 20; i++) {
    lrand48_r(&data, &l);
    printf(" %ld", l);
  }
  printf("\n");
  ERRNO_CASE("lrand48_r(NULL)", lrand48_r(nothing, &l));
  ERRNO_CASE("mrand48_r(NULL)", mrand48_r(nothing, &l));
}

static void divisions(void) {
  static const int ints[] = {0, 1, -1, 2, -2, 7, -7, 100, -100, 12345, INT_MAX, INT_MIN, INT_MAX - 1, INT_MIN + 1};
  static const int divisors[] = {1, -1, 2, -2, 3, -3, 7, -7, 10, 1000, INT_MAX, INT_MIN};
  for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++) {
    for (size_t j = 0; j < sizeof divisors / sizeof divisors[0]; j++) {
      if (ints[i] == INT_MIN && divisors[j] == -1) continue;
      div_t r = div(ints[i], divisors[j]);
      printf("div(%d, %d) = %d r %d\n", ints[i], divisors[j], r.quot, r.rem);
    }
  }
  static const long longs[] = {0, 5, -5, 1L << 40, -(1L << 40), LONG_MAX, LONG_MIN, LONG_MIN + 1, 0x123456789abcdefL, -0x123456789abcdefL, 9007199254740993L};
  static const long ldivisors[] = {1, -1, 3, -3, 1L << 33, -(1L << 33), LONG_MAX, LONG_MIN, 1000000007L, 9007199254740993L};
  for (size_t i = 0; i < sizeof longs / sizeof longs[0]; i++) {
    for (size_t j = 0; j < sizeof ldivisors / sizeof ldivisors[0]; j++) {
      if (longs[i] == LONG_MIN && ldivisors[j] == -1) continue;
      ldiv_t r = ldiv(longs[i], ldivisors[j]);
      lldiv_t s = lldiv(longs[i], ldivisors[j]);
      imaxdiv_t t = imaxdiv(longs[i], ldivisors[j]);
      printf("ldiv(%ld, %ld) = %ld r %ld | %lld r %lld | %jd r %jd\n", longs[i], ldivisors[j], r.quot, r.rem, s.quot,
             s.rem, t.quot, t.rem);
    }
  }
}

static void descriptors_and_cpus(void) {
  struct rlimit limit;
  getrlimit(RLIMIT_NOFILE, &limit);
  int size = getdtablesize();
  printf("getdtablesize matches RLIMIT_NOFILE's soft limit: %d, positive: %d\n", size == (int)limit.rlim_cur, size > 0);
  limit.rlim_cur = 200;
  if (setrlimit(RLIMIT_NOFILE, &limit) == 0) printf("after setrlimit(200): %d\n", getdtablesize());
  for (int count = 1; count <= 1100; count += 137) {
    cpu_set_t *set = CPU_ALLOC(count);
    size_t bytes = CPU_ALLOC_SIZE(count);
    CPU_ZERO_S(bytes, set);
    for (int cpu = 0; cpu < count; cpu += 3) CPU_SET_S(cpu, bytes, set);
    printf("CPU_ALLOC(%d): %zu bytes, %d set, cpu 3 %d, cpu 4 %d\n", count, bytes, CPU_COUNT_S(bytes, set),
           CPU_ISSET_S(3, bytes, set) != 0, CPU_ISSET_S(4, bytes, set) != 0);
    CPU_FREE(set);
  }
}

int main(void) {
  global_family();
  reentrant_family();
  drand48_family();
  divisions();
  descriptors_and_cpus();
  return 0;
}
