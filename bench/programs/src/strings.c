// String work: building lines with snprintf, parsing them back with strtol/strtod, tokenising
// with strtok_r, counting word frequencies in a hash table keyed by strings (strcmp, strlen,
// memcpy), and searching with strstr/strchr. Exercises libc's string and stdio formatting paths.
// Prints a checksum. Argument: scale (default 1).
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *words[] = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel",
                              "india", "juliet", "kilo", "lima", "mike", "november", "oscar", "papa"};

#define BUCKETS 1024
struct entry {
  char word[32];
  long count;
  struct entry *next;
};
static struct entry *buckets[BUCKETS];

static unsigned hash_string(const char *s) {
  unsigned h = 5381;
  while (*s) h = h * 33 + (unsigned char)*s++;
  return h;
}

static void count_word(const char *w) {
  unsigned b = hash_string(w) % BUCKETS;
  for (struct entry *e = buckets[b]; e; e = e->next)
    if (strcmp(e->word, w) == 0) {
      e->count++;
      return;
    }
  struct entry *e = calloc(1, sizeof *e);
  size_t len = strlen(w);
  memcpy(e->word, w, len < 31 ? len : 31);
  e->count = 1;
  e->next = buckets[b];
  buckets[b] = e;
}

int main(int argc, char **argv) {
  int scale = argc > 1 ? atoi(argv[1]) : 1;
  char line[256];
  uint64_t checksum = 0;
  uint32_t r = 12345;
  for (int i = 0; i < 30000 * scale; i++) {
    r = r * 1103515245u + 12345u;
    int n = snprintf(line, sizeof line, "%s-%u %s %d %.3f %s%s", words[r % 16], r % 1000, words[(r >> 8) % 16],
                     (int)(r % 100000) - 50000, (double)(r % 10000) / 7.0, words[(r >> 16) % 16], words[(r >> 4) % 16]);
    checksum += (uint64_t)n;
    char *save = NULL;
    for (char *tok = strtok_r(line, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
      char *end;
      long v = strtol(tok, &end, 10);
      if (*end == 0) {
        checksum += (uint64_t)v;
      } else if (strchr(tok, '.')) {
        checksum += (uint64_t)(strtod(tok, NULL) * 1000);
      } else {
        char *dash = strchr(tok, '-');
        if (dash) *dash = 0;
        count_word(tok);
        if (strstr(tok, "ovem") || strstr(tok, "liet")) checksum += 3;
      }
    }
  }
  long distinct = 0, total = 0;
  for (int b = 0; b < BUCKETS; b++)
    for (struct entry *e = buckets[b]; e; e = e->next) {
      distinct++;
      total += e->count;
      checksum = checksum * 131 + (uint64_t)e->count;
    }
  printf("strings checksum %016llx words %ld distinct %ld\n", (unsigned long long)checksum, total, distinct);
  return 0;
}
