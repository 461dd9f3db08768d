// Time: clocks that must move forward (CLOCK_MONOTONIC, CLOCK_REALTIME, gettimeofday, time,
// clock) without printing their raw values; clock_getres; nanosleep/clock_nanosleep of a short
// interval measured on the monotonic clock; and the pure functions on fixed times — gmtime,
// timegm, mktime and localtime under TZ=UTC, strftime with many conversions, asctime, difftime.
// @run {"env": {"TZ": "UTC"}}
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

static double seconds_between(struct timespec a, struct timespec b) {
  return (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
}

int main(void) {
  printf("== clocks ==\n");
  struct timespec m1, m2, r1, res;
  clock_gettime(CLOCK_MONOTONIC, &m1);
  clock_gettime(CLOCK_REALTIME, &r1);
  printf("CLOCK_REALTIME after 2020: %s\n", r1.tv_sec > 1577836800 ? "yes" : "no");
  printf("tv_nsec in range: %s\n", m1.tv_nsec >= 0 && m1.tv_nsec < 1000000000 && r1.tv_nsec >= 0 ? "yes" : "no");
  time_t t = time(NULL);
  // Upper bounds are generous: a loaded machine can stall a process for seconds between two calls.
  printf("time() within 60 s after CLOCK_REALTIME: %s\n", t - r1.tv_sec <= 60 && t >= r1.tv_sec ? "yes" : "no");
  struct timeval tv;
  gettimeofday(&tv, NULL);
  printf("gettimeofday within 60 s: %s, tv_usec in range: %s\n", tv.tv_sec - r1.tv_sec <= 60 ? "yes" : "no",
         tv.tv_usec >= 0 && tv.tv_usec < 1000000 ? "yes" : "no");
  int getres = clock_getres(CLOCK_MONOTONIC, &res);
  printf("clock_getres(CLOCK_MONOTONIC) returns %d, resolution in (0, 1 ms]: %s\n", getres,
         res.tv_sec == 0 && res.tv_nsec > 0 && res.tv_nsec <= 1000000 ? "yes" : "no");
  printf("clock_gettime of an invalid clock fails: %s\n", clock_gettime((clockid_t)12345, &res) != 0 ? "yes" : "no");

  // Busy work, then the monotonic clock must not have gone backwards.
  volatile unsigned long spin = 0;
  for (int i = 0; i < 100000; i++) spin += (unsigned long)i;
  clock_gettime(CLOCK_MONOTONIC, &m2);
  printf("monotonic clock did not go backwards: %s\n", seconds_between(m1, m2) >= 0 ? "yes" : "no");
  clock_t c = clock();
  printf("clock() is non-negative: %s\n", c >= 0 ? "yes" : "no");

  struct timespec before, after, nap = {0, 20 * 1000 * 1000};
  clock_gettime(CLOCK_MONOTONIC, &before);
  int r = nanosleep(&nap, NULL);
  clock_gettime(CLOCK_MONOTONIC, &after);
  double slept = seconds_between(before, after);
  printf("nanosleep(20 ms) returns %d and sleeps at least 20 ms: %s, at most 60 s: %s\n", r,
         slept >= 0.020 ? "yes" : "no", slept < 60.0 ? "yes" : "no");
  clock_gettime(CLOCK_MONOTONIC, &before);
  r = clock_nanosleep(CLOCK_MONOTONIC, 0, &nap, NULL);
  clock_gettime(CLOCK_MONOTONIC, &after);
  printf("clock_nanosleep(20 ms) returns %d and sleeps at least 20 ms: %s\n", r,
         seconds_between(before, after) >= 0.020 ? "yes" : "no");
  struct timespec bad = {0, 1000000000};
  printf("nanosleep with tv_nsec = 1e9 fails: %s\n", nanosleep(&bad, NULL) != 0 ? "yes" : "no");

  printf("== fixed times ==\n");
  static const time_t moments[] = {0, 951782400 /* 2000-02-29 */, 1234567890, 2147483647, 2147483648LL,
                                   -86400, 4102444799LL /* 2099-12-31 23:59:59 */};
  char text[256];
  for (size_t i = 0; i < sizeof moments / sizeof moments[0]; i++) {
    time_t when = moments[i];
    struct tm tm;
    gmtime_r(&when, &tm);
    strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S %a %A %b %B wday=%w yday=%j week=%U/%W/%V iso=%G %C %y %e %I %p",
             &tm);
    printf("%11lld: %s\n", (long long)when, text);
    time_t back = timegm(&tm);
    printf("             timegm round trip: %s, isdst %d\n", back == when ? "yes" : "no", tm.tm_isdst);
  }
  struct tm tm;
  time_t when = 1234567890;
  gmtime_r(&when, &tm);
  strftime(text, sizeof text, "%c | %x | %X | %D | %T | %R | %F | %h | %n%t| %% | %s | %u", &tm);
  printf("more conversions: %s\n", text);
  printf("asctime: %s", asctime(&tm));
  localtime_r(&when, &tm);
  strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S %Z %z", &tm);
  printf("localtime under TZ=UTC: %s\n", text);
  printf("mktime round trip: %s\n", mktime(&tm) == when ? "yes" : "no");
  // mktime normalises out-of-range fields: 2021-01-31 + 1 month = March 3rd.
  struct tm norm = {.tm_year = 121, .tm_mon = 1, .tm_mday = 31, .tm_hour = 25, .tm_min = 61, .tm_sec = 61};
  time_t normalised = mktime(&norm);
  strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S", &norm);
  printf("mktime normalises 2021-02-31 25:61:61 to %s (%lld), wday %d yday %d\n", text, (long long)normalised,
         norm.tm_wday, norm.tm_yday);
  printf("difftime(100, 40) = %g\n", difftime(100, 40));
  printf("strftime into a too-small buffer returns %zu\n", strftime(text, 5, "%Y-%m-%d", &tm));
  return 0;
}
