// strptime over random formats and inputs read from standard input (one "format<TAB>input" a
// line; programs/strptime-random.stdin was made by a seeded generator: conversions, modifiers,
// flags and literals in random order against fragments of names, numbers, zones and dates, and
// date formats with random field values). The struct tm starts from values that vary with the
// line, out-of-range ones included, so the fields computed afterwards read different leftovers.
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
int main(void) {
  setenv("TZ", "UTC", 1);
  tzset();
  char line[4096];
  int n = 0;
  while (fgets(line, sizeof line, stdin)) {
    line[strcspn(line, "\n")] = 0;
    char *tab = strchr(line, '\t');
    if (!tab) continue;
    *tab = 0;
    const char *fmt = line, *in = tab + 1;
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    tm.tm_year = (n % 3 == 0) ? 123 : (n % 3 == 1 ? -5 : 70000);
    tm.tm_mon = (n % 5) * 3 - 1;
    tm.tm_mday = n % 40 - 3;
    tm.tm_yday = n % 400 - 20;
    tm.tm_wday = n % 9;
    const char *end = strptime(in, fmt, &tm);
    printf("%d %ld %d %d %d %d %d %d %d %d %d %ld\n", n++, end ? (long)(end - in) : -1L, tm.tm_sec, tm.tm_min, tm.tm_hour,
           tm.tm_mday, tm.tm_mon, tm.tm_year, tm.tm_wday, tm.tm_yday, tm.tm_isdst, tm.tm_gmtoff);
  }
  return 0;
}
