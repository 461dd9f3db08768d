// String and memory functions against simple byte-at-a-time references written here, over many
// lengths (around the 16/32/64-byte block sizes of the SSE2 code paths), source and destination
// alignments, and strings that end on the last byte before an unmapped page (the optimised
// paths read whole aligned blocks and must never touch the next page). Prints one summary line
// per function and the first few mismatches in detail; then fixed checks of the rest of
// <string.h> and <ctype.h>.
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <unistd.h>

// References: `volatile` keeps the compiler from recognising the loops as the very functions
// under test (gcc turns such loops into calls to strlen/memset/memcpy at -O2).
static size_t ref_strlen(const char *s) {
  const volatile char *p = s;
  size_t n = 0;
  while (p[n]) n++;
  return n;
}

static int ref_strcmp(const char *a, const char *b, size_t limit) {
  const volatile unsigned char *x = (const unsigned char *)a, *y = (const unsigned char *)b;
  for (size_t i = 0; i < limit; i++) {
    if (x[i] != y[i]) return x[i] < y[i] ? -1 : 1;
    if (!x[i]) return 0;
  }
  return 0;
}

static int ref_memcmp(const void *a, const void *b, size_t n) {
  const volatile unsigned char *x = a, *y = b;
  for (size_t i = 0; i < n; i++)
    if (x[i] != y[i]) return x[i] < y[i] ? -1 : 1;
  return 0;
}

static int sign(int v) { return (v > 0) - (v < 0); }

static const size_t lengths[] = {0,  1,  2,  3,  4,  5,  6,  7,  8,  9,  10,  11,  12,  13,  14,  15,  16,  17,
                                 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30,  31,  32,  33,  47,  48,
                                 49, 63, 64, 65, 95, 96, 97, 127, 128, 129, 255, 256, 257};
static const size_t aligns[] = {0, 1, 2, 3, 5, 7, 8, 13, 15, 16, 31, 63};
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

// Test buffers: far from page ends, with room for the longest string at the largest alignment.
static char bufa[4096 + 128], bufb[4096 + 128], bufc[4096 + 128];

static uint32_t rng_state = 12345;
static unsigned next_byte(void) {
  rng_state = rng_state * 1103515245u + 12345u;
  return (rng_state >> 16) & 0xff;
}

// Fills s[0..len) with non-zero bytes (including bytes >= 0x80, to catch signed comparisons), NUL at len.
static void fill_string(char *s, size_t len) {
  for (size_t i = 0; i < len; i++) {
    unsigned b = next_byte();
    s[i] = (char)(b ? b : 'z');
  }
  s[len] = 0;
}

struct tally {
  const char *name;
  long cases, mismatches;
};

static void mismatch(struct tally *t, const char *fmt, size_t len, size_t align, long got, long want) {
  if (t->mismatches++ < 3) {
    printf("  MISMATCH %s: len=%zu align=%zu got ", t->name, len, align);
    printf(fmt, got);
    printf(" want ");
    printf(fmt, want);
    printf("\n");
  }
}

static void report(struct tally *t) {
  if (t->mismatches)
    printf("%-8s %5ld cases, %ld MISMATCHES\n", t->name, t->cases, t->mismatches);
  else
    printf("%-8s %5ld cases, all match\n", t->name, t->cases);
}

#define CHECK(t, fmt, len, align, got, want)                                     \
  do {                                                                           \
    (t).cases++;                                                                 \
    long got_ = (long)(got), want_ = (long)(want);                               \
    if (got_ != want_) mismatch(&(t), fmt, len, align, got_, want_);             \
  } while (0)

static void test_searching(void) {
  struct tally t_strlen = {"strlen"}, t_strnlen = {"strnlen"}, t_strchr = {"strchr"}, t_strrchr = {"strrchr"},
               t_memchr = {"memchr"}, t_memrchr = {"memrchr"}, t_strchrnul = {"strchrnul"}, t_strspn = {"strspn"},
               t_strcspn = {"strcspn"}, t_strpbrk = {"strpbrk"};
  for (size_t li = 0; li < COUNT(lengths); li++) {
    for (size_t ai = 0; ai < COUNT(aligns); ai++) {
      size_t len = lengths[li], al = aligns[ai];
      char *s = bufa + al;
      fill_string(s, len);
      CHECK(t_strlen, "%ld", len, al, strlen(s), ref_strlen(s));
      CHECK(t_strnlen, "%ld", len, al, strnlen(s, len / 2), len / 2);
      CHECK(t_strnlen, "%ld", len, al, strnlen(s, len + 3), len);
      // A character at the start, middle and end, one absent, and the terminator.
      size_t positions[3] = {0, len / 2, len ? len - 1 : 0};
      for (int pi = 0; pi < 3 && len; pi++) {
        size_t p = positions[pi];
        char saved = s[p];
        s[p] = 1;  // fill_string never writes 1 except by chance: make the first/last occurrence known
        long first = -1, last = -1;
        for (size_t i = 0; i < len; i++)
          if (s[i] == 1) {
            if (first < 0) first = (long)i;
            last = (long)i;
          }
        char *r = strchr(s, 1);
        CHECK(t_strchr, "%ld", len, al, r ? r - s : -1, first);
        r = strrchr(s, 1);
        CHECK(t_strrchr, "%ld", len, al, r ? r - s : -1, last);
        r = memchr(s, 1, len);
        CHECK(t_memchr, "%ld", len, al, r ? r - s : -1, first);
        r = memchr(s, 1, p);  // the byte just past the range must not count
        CHECK(t_memchr, "%ld", len, al, r ? r - s : -1, first < (long)p ? first : -1);
        r = memrchr(s, 1, len);
        CHECK(t_memrchr, "%ld", len, al, r ? r - s : -1, last);
        r = strchrnul(s, 1);
        CHECK(t_strchrnul, "%ld", len, al, r - s, first);
        s[p] = saved;
      }
      char *end = strchr(s, 0);
      CHECK(t_strchr, "%ld", len, al, end - s, len);
      end = strrchr(s, 0);
      CHECK(t_strrchr, "%ld", len, al, end - s, len);
      // strspn/strcspn/strpbrk with a set that matches about half of all bytes.
      char set[129];
      for (int i = 0; i < 128; i++) set[i] = (char)(2 * i + 1);
      set[128] = 0;
      size_t want_spn = 0, want_cspn = 0;
      while (want_spn < len && ((unsigned char)s[want_spn] & 1)) want_spn++;
      while (want_cspn < len && !((unsigned char)s[want_cspn] & 1)) want_cspn++;
      CHECK(t_strspn, "%ld", len, al, strspn(s, set), want_spn);
      CHECK(t_strcspn, "%ld", len, al, strcspn(s, set), want_cspn);
      char *pb = strpbrk(s, set);
      CHECK(t_strpbrk, "%ld", len, al, pb ? pb - s : -1, want_cspn < len ? (long)want_cspn : -1);
    }
  }
  report(&t_strlen);
  report(&t_strnlen);
  report(&t_strchr);
  report(&t_strrchr);
  report(&t_memchr);
  report(&t_memrchr);
  report(&t_strchrnul);
  report(&t_strspn);
  report(&t_strcspn);
  report(&t_strpbrk);
}

static void test_comparing(void) {
  struct tally t_strcmp = {"strcmp"}, t_strncmp = {"strncmp"}, t_memcmp = {"memcmp"}, t_strcasecmp = {"strcasecmp"};
  for (size_t li = 0; li < COUNT(lengths); li++) {
    for (size_t ai = 0; ai < COUNT(aligns); ai++) {
      size_t len = lengths[li], al = aligns[ai], bl = (al * 7 + 3) % 64;
      char *a = bufa + al, *b = bufb + bl;
      fill_string(a, len);
      memcpy(b, a, len + 1);
      CHECK(t_strcmp, "%ld", len, al, sign(strcmp(a, b)), 0);
      CHECK(t_memcmp, "%ld", len, al, sign(memcmp(a, b, len)), 0);
      CHECK(t_strncmp, "%ld", len, al, sign(strncmp(a, b, len + 10)), 0);
      if (!len) continue;
      size_t positions[3] = {0, len / 2, len - 1};
      for (int pi = 0; pi < 3; pi++) {
        size_t p = positions[pi];
        char saved = b[p];
        b[p] = (char)((unsigned char)b[p] ^ 0x80 ? (unsigned char)b[p] ^ 0x80 : 1);
        CHECK(t_strcmp, "%ld", len, al, sign(strcmp(a, b)), ref_strcmp(a, b, (size_t)-1));
        CHECK(t_strcmp, "%ld", len, al, sign(strcmp(b, a)), ref_strcmp(b, a, (size_t)-1));
        CHECK(t_memcmp, "%ld", len, al, sign(memcmp(a, b, len)), ref_memcmp(a, b, len));
        CHECK(t_memcmp, "%ld", len, al, sign(memcmp(a, b, p)), 0);
        CHECK(t_strncmp, "%ld", len, al, sign(strncmp(a, b, p)), 0);
        CHECK(t_strncmp, "%ld", len, al, sign(strncmp(a, b, p + 1)), ref_strcmp(a, b, p + 1));
        b[p] = 0;  // b is now a prefix of a
        CHECK(t_strcmp, "%ld", len, al, sign(strcmp(a, b)), 1);
        CHECK(t_strncmp, "%ld", len, al, sign(strncmp(b, a, len)), -1);
        b[p] = saved;
      }
      // Case-insensitive: b is a with the case of every letter flipped.
      for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)('a' + next_byte() % 26);
        a[i] = (char)ch;
        b[i] = (char)(i & 1 ? toupper(ch) : ch);
      }
      a[len] = b[len] = 0;
      CHECK(t_strcasecmp, "%ld", len, al, sign(strcasecmp(a, b)), 0);
      CHECK(t_strcasecmp, "%ld", len, al, sign(strncasecmp(a, b, len)), 0);
      b[len - 1] = 'z' + 1;  // '{' sorts after every letter
      CHECK(t_strcasecmp, "%ld", len, al, sign(strcasecmp(a, b)), -1);
    }
  }
  report(&t_strcmp);
  report(&t_strncmp);
  report(&t_memcmp);
  report(&t_strcasecmp);
}

// Checks dst[0..n) == want[0..n) and that the 16 guard bytes after it are untouched.
static long first_difference(const char *dst, const char *want, size_t n, const char *guard) {
  for (size_t i = 0; i < n; i++)
    if (dst[i] != want[i]) return (long)i;
  for (size_t i = 0; i < 16; i++)
    if (dst[n + i] != guard[i]) return (long)(n + i);
  return -1;
}

// gcc cannot see that len stays small in the memmove checks below and warns about huge sizes.
#pragma GCC diagnostic ignored "-Warray-bounds"
static void test_copying(void) {
  struct tally t_strcpy = {"strcpy"}, t_stpcpy = {"stpcpy"}, t_strncpy = {"strncpy"}, t_strcat = {"strcat"},
               t_memcpy = {"memcpy"}, t_memmove = {"memmove"}, t_memset = {"memset"}, t_mempcpy = {"mempcpy"};
  char guard[16];
  memset(guard, 0xAA, sizeof guard);
  for (size_t li = 0; li < COUNT(lengths); li++) {
    for (size_t ai = 0; ai < COUNT(aligns); ai++) {
      size_t len = lengths[li], al = aligns[ai], dl = (al * 5 + 1) % 64;
      char *src = bufa + al, *dst = bufb + dl;
      fill_string(src, len);
      memset(dst, 0xAA, len + 48);
      char *r = strcpy(dst, src);
      CHECK(t_strcpy, "%ld", len, al, first_difference(dst, src, len + 1, guard), -1);
      CHECK(t_strcpy, "%ld", len, al, r - dst, 0);
      memset(dst, 0xAA, len + 48);
      r = stpcpy(dst, src);
      CHECK(t_stpcpy, "%ld", len, al, first_difference(dst, src, len + 1, guard), -1);
      CHECK(t_stpcpy, "%ld", len, al, r - dst, len);
      // strncpy pads with NULs up to n, and does not terminate when the source is longer.
      memset(dst, 0xAA, len + 48);
      memset(bufc, 0, len + 8);
      memcpy(bufc, src, len);
      strncpy(dst, src, len + 8);
      CHECK(t_strncpy, "%ld", len, al, first_difference(dst, bufc, len + 8, guard), -1);
      memset(dst, 0xAA, len + 48);
      strncpy(dst, src, len / 2);
      CHECK(t_strncpy, "%ld", len, al, first_difference(dst, src, len / 2, guard), -1);
      // strcat onto a prefix of 0..15 bytes.
      size_t prefix = al % 16;
      memset(dst, 0xAA, len + 48);
      memset(dst, 'p', prefix);
      dst[prefix] = 0;
      memset(bufc, 'p', prefix);
      memcpy(bufc + prefix, src, len + 1);
      strcat(dst, src);
      CHECK(t_strcat, "%ld", len, al, first_difference(dst, bufc, prefix + len + 1, guard), -1);
      // memcpy / mempcpy of arbitrary bytes (zeros included).
      for (size_t i = 0; i < len; i++) src[i] = (char)next_byte();
      memset(dst, 0xAA, len + 48);
      r = memcpy(dst, src, len);
      CHECK(t_memcpy, "%ld", len, al, first_difference(dst, src, len, guard), -1);
      CHECK(t_memcpy, "%ld", len, al, r - dst, 0);
      memset(dst, 0xAA, len + 48);
      r = mempcpy(dst, src, len);
      CHECK(t_mempcpy, "%ld", len, al, first_difference(dst, src, len, guard), -1);
      CHECK(t_mempcpy, "%ld", len, al, r - dst, len);
      // memset with values whose low byte is what counts.
      static const int values[] = {0, 0x5A, 0xFF, 0x1234};
      for (int vi = 0; vi < 4; vi++) {
        memset(dst, 0xAA, len + 48);
        memset(bufc, values[vi] & 0xff, len);
        memset(dst, values[vi], len);
        CHECK(t_memset, "%ld", len, al, first_difference(dst, bufc, len, guard), -1);
      }
      // memmove within one buffer, overlapping in both directions.
      static const int shifts[] = {-33, -1, 1, 17};
      for (int si = 0; si < 4; si++) {
        char *base = bufc + 64 + al;
        for (size_t i = 0; i < len + 66; i++) base[i - 33] = (char)(i * 31 + 7 + si);
        memcpy(bufa + 2048, base, len);  // what must arrive
        memmove(base + shifts[si], base, len);
        CHECK(t_memmove, "%ld", len, al, ref_memcmp(base + shifts[si], bufa + 2048, len), 0);
      }
    }
  }
  report(&t_strcpy);
  report(&t_stpcpy);
  report(&t_strncpy);
  report(&t_strcat);
  report(&t_memcpy);
  report(&t_mempcpy);
  report(&t_memset);
  report(&t_memmove);
}

static void test_substrings(void) {
  struct tally t_strstr = {"strstr"}, t_memmem = {"memmem"};
  static const size_t needle_lengths[] = {1, 2, 3, 7, 16, 33};
  for (size_t li = 0; li < COUNT(lengths); li++) {
    size_t len = lengths[li], al = li % 17;
    char *hay = bufa + al;
    // A small alphabet makes partial matches (the hard case for two-way search) frequent.
    for (size_t i = 0; i < len; i++) hay[i] = (char)('a' + next_byte() % 3);
    hay[len] = 0;
    for (size_t ni = 0; ni < COUNT(needle_lengths); ni++) {
      size_t nl = needle_lengths[ni];
      if (nl > len) continue;
      size_t at = (len - nl) * ni / COUNT(needle_lengths);
      char *needle = bufb + ni;
      memcpy(needle, hay + at, nl);
      needle[nl] = 0;
      long want = -1;
      for (size_t i = 0; i + nl <= len && want < 0; i++)
        if (ref_memcmp(hay + i, needle, nl) == 0) want = (long)i;
      char *r = strstr(hay, needle);
      CHECK(t_strstr, "%ld", len, al, r ? r - hay : -1, want);
      r = memmem(hay, len, needle, nl);
      CHECK(t_memmem, "%ld", len, al, r ? r - hay : -1, want);
      needle[nl - 1] = 'd';  // never in the haystack
      r = strstr(hay, needle);
      CHECK(t_strstr, "%ld", len, al, r ? r - hay : -1, -1);
    }
  }
  char abc[] = "abc";
  CHECK(t_strstr, "%ld", 0, 0, strstr(abc, "") - abc, 0);
  report(&t_strstr);
  report(&t_memmem);
}

// Strings whose terminator is the last byte of a page followed by an inaccessible page.
static void test_page_ends(void) {
  long page = sysconf(_SC_PAGESIZE);
  char *area = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (area == MAP_FAILED || mprotect(area + page, page, PROT_NONE) != 0) {
    printf("page-end tests: mmap/mprotect failed\n");
    return;
  }
  char *page_end = area + page;
  struct tally t = {"page-end"};
  for (size_t len = 0; len < 100; len++) {
    char *s = page_end - len - 1;
    fill_string(s, len);
    char *copy = bufb + (len % 16);
    CHECK(t, "%ld", len, 0, strlen(s), len);
    CHECK(t, "%ld", len, 0, strnlen(s, len + 100), len);
    CHECK(t, "%ld", len, 0, strchr(s, 0) - s, len);
    CHECK(t, "%ld", len, 0, strrchr(s, 1) == NULL || *strrchr(s, 1) == 1, 1);
    CHECK(t, "%ld", len, 0, strchrnul(s, 2) - s, strchr(s, 2) ? strchr(s, 2) - s : (long)len);
    CHECK(t, "%ld", len, 0, (char *)memchr(s, 0, len + 1) - s, len);
    strcpy(copy, s);
    CHECK(t, "%ld", len, 0, strcmp(copy, s), 0);
    CHECK(t, "%ld", len, 0, strcmp(s, copy), 0);
    CHECK(t, "%ld", len, 0, strncmp(s, copy, len + 50), 0);
    CHECK(t, "%ld", len, 0, memcmp(s, copy, len + 1), 0);
    CHECK(t, "%ld", len, 0, strcasecmp(s, copy), 0);
    CHECK(t, "%ld", len, 0, strspn(s, "\x01") <= len, 1);
    CHECK(t, "%ld", len, 0, strcspn(s, ""), len);
    CHECK(t, "%ld", len, 0, strstr(s, "\x01\x02\x03") == NULL || len >= 3, 1);
    CHECK(t, "%ld", len, 0, stpcpy(bufc, s) - bufc, len);
    // Copies whose destination ends at the page end.
    memset(page_end - len - 1, 0x55, len + 1);
    CHECK(t, "%ld", len, 0, strcpy(page_end - len - 1, copy) == page_end - len - 1, 1);
    CHECK(t, "%ld", len, 0, memcmp(page_end - len - 1, copy, len + 1), 0);
    memset(page_end - len, 0x33, len);
    CHECK(t, "%ld", len, 0, ((unsigned char *)page_end)[-1] == (len ? 0x33 : 0), 1);
    memcpy(page_end - len, copy, len);
    CHECK(t, "%ld", len, 0, memcmp(page_end - len, copy, len), 0);
  }
  report(&t);
  munmap(area, 2 * page);
}

static void test_long_strings(void) {
  struct tally t = {"long"};
  static char big1[70000], big2[70000];
  for (size_t len = 4095; len < 70000; len = len * 4 + 3) {
    for (size_t al = 0; al < 2; al++) {
      char *a = big1 + al, *b = big2 + (al * 13) % 64;
      memset(a, 'x', len);
      a[len] = 0;
      CHECK(t, "%ld", len, al, strlen(a), len);
      memcpy(b, a, len + 1);
      CHECK(t, "%ld", len, al, strcmp(a, b), 0);
      b[len - 1] = 'y';
      CHECK(t, "%ld", len, al, sign(strcmp(a, b)), -1);
      CHECK(t, "%ld", len, al, sign(memcmp(a, b, len)), -1);
      CHECK(t, "%ld", len, al, strchr(a, 'y') == NULL, 1);
      CHECK(t, "%ld", len, al, strchr(b, 'y') - b, len - 1);
      memmove(a + 1, a, len - 1);
      CHECK(t, "%ld", len, al, strlen(a), len);
    }
  }
  report(&t);
}

static void test_fixed(void) {
  printf("== fixed checks ==\n");
  char text[] = "  alpha, beta,,gamma ;delta  ";
  printf("strtok:");
  for (char *tok = strtok(text, " ,;"); tok; tok = strtok(NULL, " ,;")) printf(" [%s]", tok);
  printf("\n");
  char text2[] = "a=1&b=2&&c";
  char *save = NULL;
  printf("strtok_r:");
  for (char *tok = strtok_r(text2, "&", &save); tok; tok = strtok_r(NULL, "&", &save)) printf(" [%s]", tok);
  printf("\n");
  char text3[] = "x::y:z";
  char *cursor = text3;
  printf("strsep:");
  for (char *tok; (tok = strsep(&cursor, ":")) != NULL;) printf(" [%s]", tok);
  printf("\n");
  char *dup = strdup("duplicate me");
  char *ndup = strndup("duplicate me", 9);
  printf("strdup [%s] strndup [%s] (%zu)\n", dup, ndup, strlen(ndup));
  free(dup);
  free(ndup);
  char cc[16];
  char *after = memccpy(cc, "copy until X here", 'X', sizeof cc);
  printf("memccpy stopped after %ld bytes\n", after ? (long)(after - cc) : -1L);
  char ncat[16] = "abc";
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wstringop-truncation"
  strncat(ncat, "defghijkl", 4);  // truncating is the point
#pragma GCC diagnostic pop
  printf("strncat [%s]\n", ncat);
  printf("strcoll(\"abc\",\"abd\") sign %d, strxfrm length %zu\n", sign(strcoll("abc", "abd")),
         strxfrm(NULL, "hello", 0));
  printf("strerror(ENOENT) = [%s]\n", strerror(ENOENT));
  printf("ffs(0x80) = %d, ffsl(1L<<40) = %d\n", ffs(0x80), ffsl(1L << 40));
  char bz[8] = "1234567";
  bzero(bz + 2, 3);
  printf("bzero: %d %d %d %d %c\n", bz[1], bz[2], bz[4], bz[5], bz[6]);

  printf("== ctype in the C locale ==\n");
  static const struct {
    const char *name;
    int (*fn)(int);
  } classes[] = {{"alnum", isalnum}, {"alpha", isalpha}, {"blank", isblank}, {"cntrl", iscntrl},
                 {"digit", isdigit}, {"graph", isgraph}, {"lower", islower}, {"print", isprint},
                 {"punct", ispunct}, {"space", isspace}, {"upper", isupper}, {"xdigit", isxdigit}};
  for (size_t k = 0; k < COUNT(classes); k++) {
    int count = 0, high = 0;
    char members[129];
    int m = 0;
    for (int ch = 0; ch < 256; ch++) {
      if (!classes[k].fn(ch)) continue;
      count++;
      if (ch >= 128) high++;
      if (ch >= 33 && ch < 127) members[m++] = (char)ch;
    }
    members[m] = 0;
    printf("%-6s %3d members (%d above 127), printable: %s\n", classes[k].name, count, high, members);
  }
  printf("EOF: isalpha=%d toupper=%d\n", isalpha(EOF) != 0, toupper(EOF));
  char up[27], low[27];
  for (int i = 0; i < 26; i++) {
    up[i] = (char)toupper('a' + i);
    low[i] = (char)tolower('A' + i);
  }
  up[26] = low[26] = 0;
  printf("toupper: %s tolower: %s toupper(0xe9)=%d\n", up, low, toupper(0xe9));
}

int main(void) {
  printf("== searching ==\n");
  test_searching();
  printf("== comparing ==\n");
  test_comparing();
  printf("== copying and filling ==\n");
  test_copying();
  printf("== substrings ==\n");
  test_substrings();
  printf("== strings ending at an unmapped page ==\n");
  test_page_ends();
  printf("== long strings ==\n");
  test_long_strings();
  test_fixed();
  return 0;
}
