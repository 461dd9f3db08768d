// <search.h> tables: the tsearch red-black tree (shape printed through twalk depths after seeded
// random insertions and deletions), tfind, tdelete's results, twalk_r, tdestroy; hcreate/hsearch
// and the _r forms (slot of each entry, capacity, errno).
#define _GNU_SOURCE
#include <errno.h>
#include <search.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int comparisons;

static int compare(const void *a, const void *b) {
  comparisons++;
  int x = *(const int *)a, y = *(const int *)b;
  return (x > y) - (x < y);
}

static unsigned checksum;
static int nodes;

static void action(const void *node, VISIT visit, int depth) {
  int value = **(int *const *)node;
  checksum = checksum * 31 + (unsigned)value * 7 + (unsigned)visit * 3 + (unsigned)depth;
  if (visit == leaf || visit == postorder) nodes++;
}

static void print_action(const void *node, VISIT visit, int depth) {
  static const char *names[] = {"pre", "post", "end", "leaf"};
  printf(" %d:%s:%d", **(int *const *)node, names[visit], depth);
}

static void closure_action(const void *node, VISIT visit, void *closure) {
  if (visit == leaf || visit == postorder) *(long *)closure += **(int *const *)node;
}

static int freed;
static void free_key(void *key) {
  freed++;
  free(key);
}

static unsigned long state = 12345;
static int next_random(int limit) {
  state = state * 6364136223846793005UL + 1442695040888963407UL;
  return (int)((state >> 33) % (unsigned long)limit);
}

int main(void) {
  void *root = NULL;
  static int small[] = {50, 30, 70, 20, 40, 60, 80, 10, 25, 35, 45, 5, 1};
  for (size_t i = 0; i < sizeof small / sizeof *small; i++) {
    void *node = tsearch(&small[i], &root, compare);
    printf("insert %d -> %s\n", small[i], node && *(int **)node == &small[i] ? "new" : "?");
  }
  printf("walk:");
  twalk(root, print_action);
  printf("\n");
  int again = 40;
  void *found = tsearch(&again, &root, compare);
  printf("tsearch existing 40 -> key %s\n", *(int **)found == &small[4] ? "original" : "copy");
  int missing = 41;
  printf("tfind 41 -> %p, tfind 45 -> %d\n", tfind(&missing, &root, compare),
         **(int **)tfind(&small[10], &root, compare));
  int deletions[] = {30, 50, 1, 99, 70, 5};
  for (size_t i = 0; i < sizeof deletions / sizeof *deletions; i++) {
    void *parent = tdelete(&deletions[i], &root, compare);
    printf("delete %d -> %s", deletions[i], parent == NULL ? "NULL" : "parent");
    if (parent != NULL && deletions[i] != 50) printf(" %d", **(int **)parent);
    printf("; walk:");
    twalk(root, print_action);
    printf("\n");
  }
  printf("tsearch/tfind with NULL rootp: %p %p, tdelete empty: %p\n", tsearch(&again, NULL, compare),
         tfind(&again, NULL, compare), (void *)0);
  twalk(NULL, print_action);
  long sum = 0;
  twalk_r(root, closure_action, &sum);
  printf("twalk_r sum %ld\n", sum);

  // Seeded random insertions and deletions: the tree's shape through a checksum of every visit.
  void *big = NULL;
  int inserted = 0;
  for (int round = 0; round < 4000; round++) {
    int *key = malloc(sizeof *key);
    *key = next_random(3000);
    int **node = tsearch(key, &big, compare);
    if (*node != key) free(key);
    else inserted++;
    if (round % 3 == 2) {
      int victim = next_random(3000);
      int **hit = tfind(&victim, &big, compare);
      if (hit != NULL) {
        int *stored = *hit;
        tdelete(&victim, &big, compare);
        free(stored);
        inserted--;
      }
    }
    if (round % 500 == 499) {
      checksum = 0;
      nodes = 0;
      twalk(big, action);
      printf("round %d: nodes %d (expected %d) checksum %08x comparisons %d\n", round + 1, nodes, inserted, checksum,
             comparisons);
    }
  }
  tdestroy(big, free_key);
  printf("tdestroy freed %d\n", freed);
  tdestroy(NULL, free_key);

  // hsearch_r: where each key lands, until the table is full.
  struct hsearch_data table;
  memset(&table, 0, sizeof table);
  int created = hcreate_r(8, &table);
  printf("hcreate_r(8) %d size %u\n", created, table.size);
  printf("hcreate_r again %d\n", hcreate_r(8, &table));
  static const char *words[] = {"alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa",
                                "lambda", "mu", "\xe9t\xe9", ""};
  for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
    ENTRY item = {(char *)words[i], (void *)(long)i}, *result;
    errno = 0;
    int ok = hsearch_r(item, ENTER, &result, &table);
    printf("enter '%s': %d slot %ld errno %d\n", words[i], ok, result ? (long)((char *)result - (char *)table.table) / 24 : -1L,
           errno);
  }
  ENTRY probe = {"gamma", NULL}, *result;
  int ok = hsearch_r(probe, FIND, &result, &table);
  printf("find gamma: %d data %ld\n", ok, result ? (long)result->data : -1L);
  probe.key = "omega";
  errno = 0;
  ok = hsearch_r(probe, FIND, &result, &table);
  printf("find omega: %d errno %d result %p\n", ok, errno, (void *)result);
  printf("filled %u\n", table.filled);
  hdestroy_r(&table);
  printf("after hdestroy_r table %p\n", (void *)table.table);
  errno = 0;
  created = hcreate_r(3, NULL);
  printf("hcreate_r(NULL) %d errno %d\n", created, errno);
  for (size_t n = 0; n < 40; n += 7) {
    memset(&table, 0, sizeof table);
    hcreate_r(n, &table);
    printf("hcreate_r(%zu) size %u\n", n, table.size);
    hdestroy_r(&table);
  }

  // hcreate/hsearch/hdestroy.
  printf("hcreate %d\n", hcreate(20));
  printf("hcreate again %d\n", hcreate(20));
  char names[30][8];
  for (int i = 0; i < 30; i++) {
    snprintf(names[i], sizeof names[i], "k%d", i * 13);
    ENTRY item = {names[i], (void *)(long)(i * 100)};
    errno = 0;
    ENTRY *entered = hsearch(item, ENTER);
    if (entered == NULL) printf("enter %s failed errno %d\n", names[i], errno);
  }
  ENTRY query = {"k26", NULL};
  ENTRY *hit = hsearch(query, FIND);
  printf("find k26 -> %ld\n", hit ? (long)hit->data : -1L);
  query.key = "k27";
  errno = 0;
  hit = hsearch(query, FIND);
  printf("find k27 -> %p errno %d\n", (void *)hit, errno);
  hdestroy();
  printf("hcreate after hdestroy %d\n", hcreate(5));
  hdestroy();
  return 0;
}
