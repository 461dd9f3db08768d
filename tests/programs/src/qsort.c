// qsort over integers (random, sorted, reversed, all equal, few distinct values), strings and
// structures with a multi-key comparison; bsearch for present and absent keys. The comparison
// callbacks are guest functions libc calls back into. Results are checked and summarised with a
// checksum of the sorted order so a wrong permutation shows even when the result is "sorted".
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static long comparisons;

static int compare_ints(const void *a, const void *b) {
  comparisons++;
  int x = *(const int *)a, y = *(const int *)b;
  return (x > y) - (x < y);
}

static int compare_strings(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

struct record {
  int group;
  double score;
  char name[12];
};

// By group ascending, then score descending, then name: a total order, so the result is unique.
static int compare_records(const void *a, const void *b) {
  const struct record *x = a, *y = b;
  if (x->group != y->group) return x->group < y->group ? -1 : 1;
  if (x->score != y->score) return x->score > y->score ? -1 : 1;
  return strcmp(x->name, y->name);
}

static uint32_t rng = 88172645u;
static uint32_t next_random(void) {
  rng ^= rng << 13;
  rng ^= rng >> 17;
  rng ^= rng << 5;
  return rng;
}

static void check_ints(const char *what, int *v, size_t n) {
  size_t unsorted = 0;
  uint64_t hash = 1469598103934665603ull;
  for (size_t i = 0; i < n; i++) {
    if (i && v[i - 1] > v[i]) unsorted++;
    hash = (hash ^ (uint32_t)v[i]) * 1099511628211ull;
  }
  printf("%-22s n=%5zu: %s, first %d, last %d, hash %016llx\n", what, n,
         unsorted ? "NOT SORTED" : "sorted", n ? v[0] : 0, n ? v[n - 1] : 0, (unsigned long long)hash);
}

int main(void) {
  static int v[20000];
  static const size_t counts[] = {0, 1, 2, 3, 7, 8, 9, 16, 17, 100, 1000, 20000};
  printf("== integers ==\n");
  for (size_t k = 0; k < sizeof counts / sizeof counts[0]; k++) {
    size_t n = counts[k];
    for (size_t i = 0; i < n; i++) v[i] = (int)(next_random() % 2000001) - 1000000;
    qsort(v, n, sizeof v[0], compare_ints);
    check_ints("random", v, n);
  }
  size_t n = 5000;
  for (size_t i = 0; i < n; i++) v[i] = (int)i;
  qsort(v, n, sizeof v[0], compare_ints);
  check_ints("already sorted", v, n);
  for (size_t i = 0; i < n; i++) v[i] = (int)(n - i);
  qsort(v, n, sizeof v[0], compare_ints);
  check_ints("reversed", v, n);
  for (size_t i = 0; i < n; i++) v[i] = 7;
  qsort(v, n, sizeof v[0], compare_ints);
  check_ints("all equal", v, n);
  for (size_t i = 0; i < n; i++) v[i] = (int)(next_random() % 4);
  qsort(v, n, sizeof v[0], compare_ints);
  check_ints("four distinct values", v, n);
  v[0] = -2147483647 - 1;
  v[1] = 2147483647;
  v[2] = 0;
  v[3] = -1;
  qsort(v, 4, sizeof v[0], compare_ints);
  check_ints("extremes", v, 4);
  printf("comparisons made: %s\n", comparisons > 0 ? "some" : "none (wrong)");

  printf("== bsearch ==\n");
  for (size_t i = 0; i < 1000; i++) v[i] = (int)(i * 3);
  int found = 0, absent_found = 0;
  for (int key = -3; key < 3003; key++) {
    int *hit = bsearch(&key, v, 1000, sizeof v[0], compare_ints);
    if (key % 3 == 0 && key >= 0 && key < 3000) {
      if (hit && *hit == key && hit - v == key / 3) found++;
    } else if (hit) {
      absent_found++;
    }
  }
  printf("found %d of 1000 present keys, %d false hits\n", found, absent_found);
  int key = 5;
  printf("bsearch in an empty array: %s\n", bsearch(&key, v, 0, sizeof v[0], compare_ints) ? "hit" : "NULL");

  printf("== strings ==\n");
  const char *words[] = {"pear", "apple", "fig", "banana", "Cherry", "apple", "date", "", "Apple", "zucchini",
                         "elderberry", "grape", "kiwi", "lemon", "mango", "nectarine", "orange", "banana"};
  size_t nw = sizeof words / sizeof words[0];
  qsort(words, nw, sizeof words[0], compare_strings);
  for (size_t i = 0; i < nw; i++) printf("%s[%s]", i ? " " : "", words[i]);
  printf("\n");

  printf("== records (multi-key, elements of %zu bytes) ==\n", sizeof(struct record));
  static struct record records[300];
  for (size_t i = 0; i < 300; i++) {
    records[i].group = (int)(next_random() % 5);
    records[i].score = (double)(next_random() % 1000) / 8.0;
    snprintf(records[i].name, sizeof records[i].name, "r%03zu", i);
  }
  qsort(records, 300, sizeof records[0], compare_records);
  size_t wrong = 0;
  for (size_t i = 1; i < 300; i++) wrong += compare_records(&records[i - 1], &records[i]) > 0;
  printf("out of order pairs: %zu\n", wrong);
  for (size_t i = 0; i < 300; i += 37)
    printf("  #%3zu group %d score %7.3f %s\n", i, records[i].group, records[i].score, records[i].name);
  return 0;
}
