// time.h in UTC through Miros libc: gmtime_r/gmtime over many instants (negative, leap days,
// far years, overflow), timegm normalisation, strftime's conversions, flags and widths (incl. ISO
// weeks around new year and too-small buffers), clock_gettime/gettimeofday/time consistency.
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

static void show(time_t t) {
  struct tm tm;
  if (!gmtime_r(&t, &tm)) {
    printf("%lld: gmtime_r NULL errno %d\n", (long long)t, errno);
    errno = 0;
    return;
  }
  char buf[256];
  size_t n = strftime(buf, sizeof buf,
                      "%a %A %b %B %C %d %D %e %F %g %G %H %I %j %k %l %m %M %p %P %r %R %S %T %u %U %V %w %W %x %X %y "
                      "%Y %z %Z %%",
                      &tm);
  printf("%lld: %zu [%s] wday %d yday %d\n", (long long)t, n, buf, tm.tm_wday, tm.tm_yday);
}

int main(void) {
  time_t samples[] = {0,           1,           -1,         86399,         86400,        951782400,   951868800,
                      1234567890,  2147483647,  -2147483648LL, 4102444800LL, -62135596800LL, 253402300799LL,
                      1704067199,  1704067200,  1735603200,  1609459200,   1230768000,  -86400 * 365LL * 3000};
  for (unsigned i = 0; i < sizeof samples / sizeof samples[0]; i++) show(samples[i]);
  time_t huge = 67768036191676800LL;
  show(huge);
  // ISO weeks across a year boundary.
  for (time_t t = 1703462400; t < 1703462400 + 20 * 86400; t += 86400) {
    struct tm tm;
    gmtime_r(&t, &tm);
    char b[64];
    strftime(b, sizeof b, "%F %a %G-W%V-%u %U %W", &tm);
    printf("%s\n", b);
  }
  struct tm tm;
  time_t t = 1234567890;
  gmtime_r(&t, &tm);
  char b[128];
  const char *formats[] = {"%_d|%-d|%0e|%-e|%10A|%-10A|%^a|%#b|%^B|%#Z|%5%|%_5H|%-j|%03u|%Ey|%Od|%q|%",
                           "%c", "%+Y|%_Y|%010Y|%5C|%_3m", "%n%t|", "plain text"};
  for (unsigned i = 0; i < sizeof formats / sizeof formats[0]; i++) {
    size_t n = strftime(b, sizeof b, formats[i], &tm);
    printf("%zu [%s]\n", n, b);
  }
  printf("too small %zu\n", strftime(b, 5, "%Y-%m", &tm));
  printf("exact fit %zu\n", strftime(b, 8, "%Y-%m", &tm));
  printf("empty %zu\n", strftime(b, sizeof b, "", &tm));
  struct tm odd = {.tm_year = 124, .tm_mon = 13, .tm_mday = 31, .tm_hour = 25, .tm_min = 61, .tm_sec = -5};
  time_t g = timegm(&odd);
  strftime(b, sizeof b, "%F %T %a %j %Z", &odd);
  printf("timegm %lld [%s] isdst %d gmtoff %ld\n", (long long)g, b, odd.tm_isdst, odd.tm_gmtoff);
  struct tm *st = gmtime(&t);
  printf("gmtime static %d-%d-%d %s\n", st->tm_year, st->tm_mon, st->tm_mday, st->tm_zone);
  struct timespec ts;
  struct timeval tv;
  time_t now = time(NULL);
  printf("clock_gettime %d gettimeofday %d\n", clock_gettime(CLOCK_REALTIME, &ts), gettimeofday(&tv, NULL));
  long long d1 = (long long)ts.tv_sec - now, d2 = (long long)tv.tv_sec - now;
  printf("consistent %d %d nsec ok %d\n", d1 >= 0 && d1 < 5, d2 >= 0 && d2 < 5, ts.tv_nsec >= 0 && ts.tv_nsec < 1000000000);
  printf("bad clock %d errno %d\n", clock_gettime(12345, &ts), errno);
  printf("difftime %.1f\n", difftime(100, 250));
  clock_t c = clock();
  printf("clock ok %d\n", c >= 0);
  return 0;
}
