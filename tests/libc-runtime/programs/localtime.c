/* Local time as glibc 2.36: TZif files (committed under tests/libc-runtime/zoneinfo, found from
   argv[0] so the system's tzdata does not matter), POSIX TZ strings, tzset's variables, localtime
   across DST changes (both hemispheres), before 1901 and after 2038 (the files' footer rules),
   mktime's normalisation and tm_isdst handling in gaps and overlaps, ctime/asctime, strftime's
   %Z %z %s. */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static char zonedir[4096];

static void show_tm(const struct tm *tm) {
  char buf[128];
  strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S %a yday=%j [%Z] [%z]", tm);
  printf("%s isdst=%d gmtoff=%ld", buf, tm->tm_isdst, tm->tm_gmtoff);
}

static void show_vars(void) {
  printf("  tzname=[%s][%s] timezone=%ld daylight=%d\n", tzname[0], tzname[1], timezone, daylight);
}

static void show_local(time_t t) {
  struct tm tm;
  errno = 0;
  struct tm *r = localtime_r(&t, &tm);
  printf("  %lld: ", (long long)t);
  if (r == NULL) {
    printf("NULL errno=%d\n", errno);
    return;
  }
  show_tm(&tm);
  printf("\n");
}

/* Every change of offset within [from, to): found five days at a time, then to the second by bisection. */
static void transitions(time_t from, time_t to) {
  struct tm a, b;
  time_t t = from;
  localtime_r(&t, &a);
  long off = a.tm_gmtoff;
  int dst = a.tm_isdst;
  int shown = 0;
  for (; t < to; t += 5 * 86400) {
    time_t next = t + 5 * 86400;
    localtime_r(&next, &b);
    if (b.tm_gmtoff == off && b.tm_isdst == dst) continue;
    time_t lo = t, hi = next;
    while (hi - lo > 1) {
      time_t mid = lo + (hi - lo) / 2;
      localtime_r(&mid, &b);
      if (b.tm_gmtoff == off && b.tm_isdst == dst) lo = mid;
      else hi = mid;
    }
    if (shown++ < 6) {
      show_local(hi - 1);
      show_local(hi);
    }
    localtime_r(&hi, &b);
    off = b.tm_gmtoff;
    dst = b.tm_isdst;
  }
  printf("  changes: %d\n", shown);
}

static void try_mktime(const char *what, int year, int mon, int mday, int hour, int min, int sec, int isdst) {
  struct tm tm = {0};
  tm.tm_year = year - 1900;
  tm.tm_mon = mon;
  tm.tm_mday = mday;
  tm.tm_hour = hour;
  tm.tm_min = min;
  tm.tm_sec = sec;
  tm.tm_isdst = isdst;
  tm.tm_wday = 99;
  errno = 0;
  time_t t = mktime(&tm);
  printf("  mktime %s isdst=%d -> %lld errno=%d: ", what, isdst, (long long)t, errno);
  show_tm(&tm);
  printf("\n");
}

static void mktime_cases(void) {
  for (int isdst = -1; isdst <= 1; isdst++) {
    try_mktime("2024-01-15 12:00", 2024, 0, 15, 12, 0, 0, isdst);
    try_mktime("2024-07-15 12:00", 2024, 6, 15, 12, 0, 0, isdst);
    try_mktime("Berlin gap 2024-03-31 02:30", 2024, 2, 31, 2, 30, 0, isdst);
    try_mktime("Berlin overlap 2024-10-27 02:30", 2024, 9, 27, 2, 30, 0, isdst);
    try_mktime("NY gap 2024-03-10 02:30", 2024, 2, 10, 2, 30, 0, isdst);
    try_mktime("NY overlap 2024-11-03 01:30", 2024, 10, 3, 1, 30, 0, isdst);
    try_mktime("Sydney gap 2024-10-06 02:30", 2024, 9, 6, 2, 30, 0, isdst);
    try_mktime("Sydney overlap 2024-04-07 02:30", 2024, 3, 7, 2, 30, 0, isdst);
  }
  try_mktime("normalise 2023-14-(-5) 30:-70:-100", 2023, 13, -5, 30, -70, -100, -1);
  try_mktime("normalise month -13", 2024, -13, 1, 0, 0, 0, -1);
  try_mktime("second 60", 2024, 5, 30, 23, 59, 60, -1);
  try_mktime("1901-12-13", 1901, 11, 13, 20, 45, 52, -1);
  try_mktime("1850-06-01", 1850, 5, 1, 12, 0, 0, -1);
  try_mktime("1969-12-31 23:59:59", 1969, 11, 31, 23, 59, 59, -1);
  try_mktime("2038-01-19 03:14:08", 2038, 0, 19, 3, 14, 8, -1);
  try_mktime("2040-07-01", 2040, 6, 1, 0, 0, 0, -1);
  try_mktime("2100-03-28 02:30", 2100, 2, 28, 2, 30, 0, -1);
  try_mktime("9999-12-31", 9999, 11, 31, 23, 59, 59, -1);
  try_mktime("year 300000", 300000, 11, 31, 23, 59, 59, -1);
  show_vars();
}

static void zone(const char *tz) {
  char value[4200];
  if (tz[0] == '@') snprintf(value, sizeof value, ":%s/%s", zonedir, tz + 1);
  else snprintf(value, sizeof value, "%s", tz);
  if (tz[0] == '#') unsetenv("TZ");
  else setenv("TZ", value, 1);
  tzset();
  printf("TZ=%s\n", tz);
  show_vars();
  static const time_t samples[] = {
    INT_MIN, (time_t)INT_MIN - 1, -2208988800LL, -1000000000, -1, 0, 1, 1000000000, INT_MAX, (time_t)INT_MAX + 1,
    1711846799, 1711846800, 1729990799, 1729990800, 2147483648LL * 2, 4102444800LL, 253402300799LL,
    -62167219200LL, LLONG_MAX, LLONG_MIN,
  };
  for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) show_local(samples[i]);
  show_vars();
  static const int years[] = {1916, 2024, 2040};
  for (size_t i = 0; i < sizeof years / sizeof years[0]; i++) {
    struct tm jan = {.tm_year = years[i] - 1900, .tm_mday = 1};
    time_t start = timegm(&jan);
    printf(" year %d:\n", years[i]);
    transitions(start, start + 366 * 86400);
  }
  show_vars();
}

int main(int argc, char **argv) {
  (void)argc;
  const char *slash = strrchr(argv[0], '/');
  int n = slash ? (int)(slash - argv[0]) : 1;
  snprintf(zonedir, sizeof zonedir, "%.*s/../zoneinfo", n, slash ? argv[0] : ".");

  printf("before tzset: tzname=[%s][%s] timezone=%ld daylight=%d\n", tzname[0], tzname[1], timezone, daylight);
  static const char *const zones[] = {
    "@Europe/Berlin", "@America/New_York", "@Australia/Sydney", "@Asia/Kolkata",
    "EST5EDT,M3.2.0,M11.1.0", "<+03>-3", "UTC0", "CET-1CEST,M3.5.0,M10.5.0/3",
    "AEST-10AEDT,M10.1.0,M4.1.0/3", "IST-5:30", "NZST-12NZDT,J60/2:30,300/-1", "XYZ3:15:40ABC-1,100,200/26",
    "<-0230>2:30<-0130>,M3.5.0/-2,M10.5.0/-1", "Foo", ":/nonexistent/zone", "ab1", "",
  };
  for (size_t i = 0; i < sizeof zones / sizeof zones[0]; i++) zone(zones[i]);

  setenv("TZ", "CET-1CEST,M3.5.0,M10.5.0/3", 1);
  printf("mktime with CET rules:\n");
  mktime_cases();
  char path[4200];
  snprintf(path, sizeof path, ":%s/Europe/Berlin", zonedir);
  setenv("TZ", path, 1);
  printf("mktime with the Berlin file:\n");
  mktime_cases();
  snprintf(path, sizeof path, ":%s/America/New_York", zonedir);
  setenv("TZ", path, 1);
  printf("mktime with the New York file:\n");
  mktime_cases();
  snprintf(path, sizeof path, ":%s/Australia/Sydney", zonedir);
  setenv("TZ", path, 1);
  printf("mktime with the Sydney file:\n");
  mktime_cases();

  /* TZDIR and a relative zone name. */
  setenv("TZDIR", zonedir, 1);
  setenv("TZ", "America/New_York", 1);
  tzset();
  printf("TZDIR + America/New_York:\n");
  show_vars();
  show_local(1700000000);

  /* localtime re-reads TZ, localtime_r does not. */
  setenv("TZ", "UTC0", 1);
  time_t t = 1700000000;
  struct tm tm;
  localtime_r(&t, &tm);
  printf("localtime_r after setenv without tzset: %d:%02d %s\n", tm.tm_hour, tm.tm_min, tm.tm_zone);
  struct tm *lt = localtime(&t);
  printf("localtime after setenv: %d:%02d %s\n", lt->tm_hour, lt->tm_min, lt->tm_zone);
  printf("gmtime shares localtime's buffer: %d\n", gmtime(&t) == lt);

  /* ctime, asctime and their limits. */
  setenv("TZ", "EST5EDT,M3.2.0,M11.1.0", 1);
  time_t times[] = {0, 1700000000, -5000000000LL, 253402300799LL + 86400, LLONG_MAX};
  for (size_t i = 0; i < sizeof times / sizeof times[0]; i++) {
    char buf[26];
    errno = 0;
    char *c = ctime(&times[i]);
    printf("ctime(%lld) = %s", (long long)times[i], c ? c : "NULL\n");
    printf("  errno=%d\n", errno);
    errno = 0;
    memset(buf, 'x', sizeof buf);
    char *r = ctime_r(&times[i], buf);
    printf("  ctime_r = %s errno=%d buf=%.25s\n", r ? "buf" : "NULL", errno, buf);
  }
  struct tm odd = {.tm_sec = -5, .tm_min = 75, .tm_hour = -1, .tm_mday = 123, .tm_mon = 13, .tm_year = 100, .tm_wday = 7};
  errno = 0;
  printf("asctime(odd) = %s", asctime(&odd));
  char small[26];
  errno = 0;
  char *r = asctime_r(&odd, small);
  printf("asctime_r(odd) = %s errno=%d\n", r ? "ok" : "NULL", errno);
  odd.tm_year = INT_MAX;
  errno = 0;
  r = asctime(&odd);
  printf("asctime(year INT_MAX) = %s errno=%d\n", r ? r : "NULL", errno);
  errno = 0;
  r = asctime(NULL);
  printf("asctime(NULL) = %s errno=%d\n", r ? r : "NULL", errno);

  /* strftime: %s is mktime of the fields, %Z falls back to tzname[tm_isdst], %z needs tm_isdst >= 0. */
  struct tm f = {.tm_year = 124, .tm_mon = 6, .tm_mday = 4, .tm_hour = 12};
  char out[128];
  for (int isdst = -1; isdst <= 2; isdst++) {
    f.tm_isdst = isdst;
    f.tm_zone = NULL;
    f.tm_gmtoff = -14400;
    strftime(out, sizeof out, "%s [%Z] [%z] %c", &f);
    printf("strftime isdst=%d: %s\n", isdst, out);
  }
  f.tm_zone = "ZZZ";
  strftime(out, sizeof out, "%s [%Z] [%#Z] [%^Z] [%z]", &f);
  printf("strftime with tm_zone: %s\n", out);
  printf("timelocal: %lld\n", (long long)timelocal(&f));
  return 0;
}
