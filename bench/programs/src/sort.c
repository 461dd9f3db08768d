// Sorting: qsort of 32-bit integers (libc calling a comparison callback), a hand-written
// introsort-free quicksort of 64-bit keys and a bottom-up merge sort of records. Branchy,
// memory-bound integer work. Prints a checksum of the sorted data. Argument: scale (default 1).
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t state = 0x853c49e6748fea9bull;
static uint64_t next(void) {
  state ^= state << 13;
  state ^= state >> 7;
  state ^= state << 17;
  return state;
}

static int compare_ints(const void *a, const void *b) {
  int x = *(const int *)a, y = *(const int *)b;
  return (x > y) - (x < y);
}

static void quicksort(uint64_t *v, long lo, long hi) {
  while (lo < hi) {
    uint64_t pivot = v[lo + (hi - lo) / 2];
    long i = lo, j = hi;
    while (i <= j) {
      while (v[i] < pivot) i++;
      while (v[j] > pivot) j--;
      if (i <= j) {
        uint64_t t = v[i];
        v[i++] = v[j];
        v[j--] = t;
      }
    }
    if (j - lo < hi - i) {
      quicksort(v, lo, j);
      lo = i;
    } else {
      quicksort(v, i, hi);
      hi = j;
    }
  }
}

struct record {
  uint32_t key;
  uint32_t payload;
};

static void merge_sort(struct record *v, struct record *tmp, size_t n) {
  for (size_t width = 1; width < n; width *= 2) {
    for (size_t lo = 0; lo < n; lo += 2 * width) {
      size_t mid = lo + width < n ? lo + width : n, hi = lo + 2 * width < n ? lo + 2 * width : n;
      size_t i = lo, j = mid, k = lo;
      while (i < mid && j < hi) tmp[k++] = v[j].key < v[i].key ? v[j++] : v[i++];
      while (i < mid) tmp[k++] = v[i++];
      while (j < hi) tmp[k++] = v[j++];
    }
    memcpy(v, tmp, n * sizeof *v);
  }
}

int main(int argc, char **argv) {
  int scale = argc > 1 ? atoi(argv[1]) : 1;
  size_t n = 100000 * (size_t)scale;
  int *ints = malloc(n * sizeof *ints);
  uint64_t *keys = malloc(n * sizeof *keys);
  struct record *records = malloc(n * sizeof *records), *tmp = malloc(n * sizeof *tmp);
  for (size_t i = 0; i < n; i++) {
    ints[i] = (int)(next() >> 33) - (1 << 30);
    keys[i] = next();
    records[i].key = (uint32_t)(next() % 1000);
    records[i].payload = (uint32_t)i;
  }
  qsort(ints, n, sizeof *ints, compare_ints);
  quicksort(keys, 0, (long)n - 1);
  merge_sort(records, tmp, n);

  uint64_t checksum = 0;
  int sorted = 1;
  for (size_t i = 0; i < n; i++) {
    checksum = checksum * 31 + (uint64_t)ints[i] + keys[i] * 7 + records[i].payload;
    if (i && (ints[i - 1] > ints[i] || keys[i - 1] > keys[i] || records[i - 1].key > records[i].key)) sorted = 0;
    // merge sort is stable: equal keys keep their original order
    if (i && records[i - 1].key == records[i].key && records[i - 1].payload > records[i].payload) sorted = 0;
  }
  printf("sort checksum %016llx %s\n", (unsigned long long)checksum, sorted ? "sorted" : "NOT SORTED");
  return 0;
}
