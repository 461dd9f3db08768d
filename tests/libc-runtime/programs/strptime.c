// strptime and strptime_l as glibc 2.36 parses: every conversion, the E and O modifiers, white
// space, partial and invalid input, the fields computed afterwards (tm_wday, tm_yday, %U/%W weeks,
// the %y/%C century rules), %z forms, %s in local time. Each case starts from a known struct tm
// and prints the return offset (or NULL) and every field, so fields left alone show too.
#define _GNU_SOURCE
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int case_number;

static void fill(struct tm *tm, int pattern) {
  memset(tm, 0, sizeof *tm);
  if (pattern == 1) {
    tm->tm_sec = 11;
    tm->tm_min = 22;
    tm->tm_hour = 13;
    tm->tm_mday = 17;
    tm->tm_mon = 5;
    tm->tm_year = 123;
    tm->tm_wday = 3;
    tm->tm_yday = 200;
    tm->tm_isdst = -7;
    tm->tm_gmtoff = -12345;
    tm->tm_zone = NULL;
  } else if (pattern == 2) {
    // Out-of-range fields: the computations afterwards read whatever is there.
    tm->tm_mon = 40;
    tm->tm_year = 2000000000;
    tm->tm_mday = -5;
    tm->tm_yday = -9;
    tm->tm_wday = 99;
  }
}

static void show(const char *format, const char *input, const struct tm *tm, const char *end) {
  printf("%d [%s] [%s] -> ", case_number++, format, input);
  if (end == NULL)
    printf("NULL");
  else
    printf("+%ld", (long)(end - input));
  printf(" sec=%d min=%d hour=%d mday=%d mon=%d year=%d wday=%d yday=%d isdst=%d gmtoff=%ld zone=%s\n",
         tm->tm_sec, tm->tm_min, tm->tm_hour, tm->tm_mday, tm->tm_mon, tm->tm_year, tm->tm_wday, tm->tm_yday,
         tm->tm_isdst, tm->tm_gmtoff, tm->tm_zone == NULL ? "(null)" : tm->tm_zone);
}

static void parse_with(const char *format, const char *input, int pattern) {
  struct tm tm;
  fill(&tm, pattern);
  const char *end = strptime(input, format, &tm);
  show(format, input, &tm, end);
}

static void parse(const char *format, const char *input) {
  parse_with(format, input, 1);
}

struct pair {
  const char *format;
  const char *input;
};

static const struct pair pairs[] = {
  // Names: full, abbreviated, any case, prefixes, trailing text, the longest match.
  {"%a", "Sun"}, {"%a", "sunday"}, {"%A", "MONDAY"}, {"%a", "Tues"}, {"%A", "Tuesday!"}, {"%a", "Wed"},
  {"%a", "thursDay"}, {"%a", "Fri"}, {"%a", "Saturday"}, {"%a", "Su"}, {"%a", "Xyz"}, {"%a", ""},
  {"%a", " Sun"}, {"%a", "SunSat"}, {"%a", "MonMon"}, {"%a", "Sundays"}, {"%A %a", "Mon Tue"},
  {"%b", "Jan"}, {"%b", "january"}, {"%B", "FEBRUARY"}, {"%h", "Mar"}, {"%b", "Apr"}, {"%B", "May"},
  {"%b", "June"}, {"%b", "Jul"}, {"%B", "August"}, {"%b", "Sept"}, {"%b", "September"}, {"%b", "Oct"},
  {"%b", "Nov"}, {"%B", "december"}, {"%b", "Ja"}, {"%b", "Foo"}, {"%b", ""}, {"%Ob", "Mar"}, {"%OB", "April"},
  {"%Oh", "Dec"}, {"%b %d", "Jan 31"}, {"%b %d %Y", "Feb 29 2024"}, {"%b %d %Y", "Feb 29 2023"},
  // Numbers: ranges, widths, leading white space, signs.
  {"%d", "1"}, {"%d", "01"}, {"%d", "31"}, {"%d", "32"}, {"%d", "0"}, {"%d", "00"}, {"%d", "123"},
  {"%d", " 7"}, {"%d", "\t\n 9x"}, {"%d", "+5"}, {"%d", "-5"}, {"%d", ""}, {"%e", " 3"}, {"%e", "3"},
  {"%H", "0"}, {"%H", "23"}, {"%H", "24"}, {"%H", "7"}, {"%H", "007"}, {"%k", " 9"}, {"%I", "12"},
  {"%I", "0"}, {"%I", "13"}, {"%I", "1"}, {"%l", "11"}, {"%j", "1"}, {"%j", "366"}, {"%j", "367"},
  {"%j", "0"}, {"%j", "045"}, {"%j", "1234"}, {"%m", "1"}, {"%m", "12"}, {"%m", "13"}, {"%m", "0"},
  {"%M", "59"}, {"%M", "60"}, {"%M", "5"}, {"%S", "60"}, {"%S", "61"}, {"%S", "62"}, {"%S", "0"},
  {"%u", "1"}, {"%u", "7"}, {"%u", "0"}, {"%u", "8"}, {"%w", "0"}, {"%w", "6"}, {"%w", "7"}, {"%w", "65"},
  {"%y", "0"}, {"%y", "68"}, {"%y", "69"}, {"%y", "99"}, {"%y", "100"}, {"%y", "5"}, {"%Y", "0"},
  {"%Y", "1970"}, {"%Y", "9999"}, {"%Y", "10000"}, {"%Y", "12345"}, {"%Y", "-1"}, {"%Y", "2024x"},
  {"%C", "19"}, {"%C", "20"}, {"%C", "0"}, {"%C", "99"}, {"%C", "100"}, {"%C%y", "2024"}, {"%C %y", "19 69"},
  {"%y %C", "05 21"}, {"%C %Y", "18 2024"}, {"%Y %C", "2024 18"}, {"%C", "7"},
  {"%g", "24"}, {"%g", "100"}, {"%G", "2024"}, {"%G", "x"}, {"%G", "123456789"}, {"%V", "53"}, {"%V", "54"},
  {"%G-W%V-%u", "2024-W01-1"},
  // Composite conversions.
  {"%D", "12/31/99"}, {"%D", "1/2/3"}, {"%D", "12/31"}, {"%F", "2024-02-29"}, {"%F", "1999-12-31"},
  {"%F", "2024-2-3"}, {"%F", "2024/02/29"}, {"%T", "23:59:60"}, {"%T", "1:2:3"}, {"%T", "12:34"},
  {"%R", "08:30"}, {"%R", "8:5"}, {"%r", "12:00:00 AM"}, {"%r", "12:00:00 pm"}, {"%r", "01:02:03 PM"},
  {"%r", "01:02:03"}, {"%x", "07/04/76"}, {"%X", "10:11:12"}, {"%c", "Thu Jan  1 00:00:00 1970"},
  {"%c", "Mon Feb 29 12:00:00 2024"}, {"%c", "Mon Feb 29 12:00:00"}, {"%c", "Xyz Feb 29 12:00:00 2024"},
  // AM/PM.
  {"%I %p", "12 AM"}, {"%I %p", "12 PM"}, {"%I %p", "1 am"}, {"%I %p", "11 pm"}, {"%I%p", "5PM"},
  {"%p %I", "PM 3"}, {"%H %p", "15 PM"}, {"%p", "XM"}, {"%I %p %H", "3 PM 4"}, {"%H %I %p", "4 3 PM"},
  // White space, literals, %n, %t, %%.
  {"%Y %m", "2024     07"}, {"%Y%m", "2024 07"}, {"%Y %m", "202407"}, {" %Y", "   2024"}, {"%Y ", "2024   x"},
  {"%Y-%m", "2024 - 07"}, {"%Y-%m", "2024-07"}, {"%Y-%m", "2024/07"}, {"%n%Y", "\n\t 2024"}, {"%t%Y", "2024"},
  {"%%", "%"}, {"%%", "x"}, {"%%%Y", "%2024"}, {"x", "x"}, {"x", "X"}, {"abc", "abcd"}, {"", "anything"},
  {"%Y\n%m", "2024 07"}, {"%d%m%Y", "01022024"}, {"%d.%m.%Y", "1.2.2024"},
  // Flags and widths from strftime are skipped.
  {"%-d/%_m/%0Y", "5/ 6/2024"}, {"%^a %#b", "MON JAN"}, {"%10Y", "2024"}, {"%4Y%2m", "202407"},
  // Unknown conversions and modifiers.
  {"%q", "1"}, {"%P", "am"}, {"%Ea", "Mon"}, {"%Oa", "Mon"}, {"%E", "1"}, {"%O", "1"}, {"%", ""}, {"%Q", ""},
  // E and O modifiers in the C locale.
  {"%Ec", "Thu Jan  1 00:00:00 1970"}, {"%EC", "20"}, {"%EC%y", "2024"}, {"%Ex", "07/04/76"},
  {"%EX", "10:11:12"}, {"%Ey", "24"}, {"%Ey", "2024"}, {"%Ey %y", "2024 24"}, {"%EY", "2024"},
  {"%EY", "x"}, {"%Od", "15"}, {"%Oe", " 5"}, {"%OH", "13"}, {"%OI", "1"}, {"%Om", "11"}, {"%OM", "45"},
  {"%OS", "30"}, {"%OU", "10"}, {"%OW", "10"}, {"%OV", "10"}, {"%Ow", "3"}, {"%Oy", "24"}, {"%Oy", "70"},
  {"%OH:%OM", "10:20"}, {"%Od %H", "15 10"}, {"%Od %a", "15 Mon"}, {"%Od %Ey", "15 24"}, {"%OY", "2024"},
  {"%Ey %EC", "24 20"}, {"%EC %Ey", "20 24"}, {"%EY %Ey", "2024 24"}, {"%Ox", "1"}, {"%Oy %C", "24 19"},
  {"%Ey %Ey", "2024 24 24"},
  // After an era conversion decides "raw": glibc's own names only (an abbreviated weekday alone
  // matches nothing), and %O reads plain digits again.
  {"%EY %a", "2024 Sun"}, {"%EY %a", "2024 Sunday"}, {"%EY %A", "2024 Wed x"}, {"%EY %a %d", "2024 Mon 05"},
  {"%EC %b", "20 Jan"}, {"%EC %B", "20 January"}, {"%EY %p", "2024 PM"}, {"%EY %I %p", "2024 3 pm"},
  {"%EY %OH:%OM", "2024 10:20"}, {"%EY %c", "2024 Thu Jan  1 00:00:00 1970"}, {"%EY %x", "2024 07/04/76"},
  {"%EY %Ey", "2024 99"}, {"%EY %EC", "2024 19"}, {"%Od %Ec", "15 Thu Jan  1 00:00:00 1970"},
  {"%Od %EX", "15 10:11:12"}, {"%Od %EY", "15 2024"}, {"%Od %EC", "15 20"}, {"%Od %b", "15 Mar"},
  // Dates: tm_wday and tm_yday computed from them.
  {"%Y-%m-%d", "1970-01-01"}, {"%Y-%m-%d", "2000-02-29"}, {"%Y-%m-%d", "1900-03-01"}, {"%Y-%m-%d", "2100-12-31"},
  {"%Y-%m-%d", "0001-01-01"}, {"%Y-%m-%d", "0000-01-01"}, {"%Y-%m-%d", "9999-12-31"}, {"%Y-%m-%d", "2023-02-31"},
  {"%Y-%m-%d", "1600-02-29"}, {"%Y-%m-%d", "1752-09-14"}, {"%m-%d", "12-25"}, {"%d", "15"}, {"%m", "3"},
  {"%Y", "2024"}, {"%y", "24"}, {"%Y-%m-%d %a", "2024-01-01 Fri"}, {"%a %Y-%m-%d", "Fri 2024-01-01"},
  {"%Y %j", "2024 60"}, {"%Y %j", "2023 60"}, {"%Y %j", "2024 366"}, {"%Y %j", "2023 365"},
  {"%Y %j", "2023 366"}, {"%j %Y", "100 2021"}, {"%j", "32"}, {"%Y %m %j", "2024 5 60"}, {"%Y %d %j", "2024 9 60"},
  {"%Y %m %d %j", "2024 5 9 60"}, {"%Y %j %a", "2024 60 Mon"},
  // Weeks: %U (Sunday first) and %W (Monday first) with a weekday.
  {"%Y %U %w", "2024 00 0"}, {"%Y %U %w", "2024 00 1"}, {"%Y %U %w", "2024 01 0"}, {"%Y %U %w", "2024 52 6"},
  {"%Y %U %w", "2024 53 6"}, {"%Y %W %w", "2024 00 0"}, {"%Y %W %w", "2024 01 1"}, {"%Y %W %u", "2024 52 7"},
  {"%Y %W %w", "2023 00 0"}, {"%Y %U %w", "2023 00 0"}, {"%Y %U %w", "2023 00 6"}, {"%Y %W %a", "2021 10 Wed"},
  {"%Y %U %a", "2021 10 Wed"}, {"%Y %U", "2024 10"}, {"%U %w", "05 3"}, {"%Y %U %w %m", "2024 10 3 1"},
  {"%Y %U %w %d", "2024 10 3 1"}, {"%Y %U %w %j", "2024 10 3 1"}, {"%Y %W %w", "2022 53 6"},
  {"%Y %U %w", "2021 53 6"}, {"%Y %U %w", "2023 53 6"}, {"%Y %U %w", "2020 53 6"}, {"%Y %W %w", "1970 01 4"},
  // %z forms.
  {"%z", "+01"}, {"%z", "-01"}, {"%z", "+0130"}, {"%z", "-0130"}, {"%z", "+01:30"}, {"%z", "-12:45"},
  {"%z", "Z"}, {"%z", "z"}, {"%z", "+1"}, {"%z", "+123"}, {"%z", "+12345"}, {"%z", "+0160"}, {"%z", "+01:"},
  {"%z", "+01:3"}, {"%z", "+1:30"}, {"%z", "0100"}, {"%z", " +0200"}, {"%z", "+9959"}, {"%z", "+01:30:00"},
  {"%z", "+0130x"}, {"%z", ""}, {"%z", "+"}, {"%z", "+99"}, {"%z", "-00"}, {"%z%Y", "+01302024"},
  {"%FT%T%z", "2024-06-01T12:30:00+02:00"}, {"%FT%T%z", "2024-06-01T12:30:00Z"},
  // %Z: any non-space word, no conversion.
  {"%Z", "UTC"}, {"%Z", "  CEST rest"}, {"%Z", ""}, {"%Z%Y", "GMT2024"}, {"%H %Z %M", "10 XYZ 20"},
  // %s in local time.
  {"%s", "0"}, {"%s", "1700000000"}, {"%s", "-1"}, {"%s", " 5"}, {"%s", ""}, {"%s", "x"}, {"%s", "12345678901234"},
  {"%s", "99999999999999999999999"}, {"%s %Y", "86400 1999"}, {"%Y %s", "1999 86400"}, {"%s%%", "951782400%"},
  {"%s", "67767976233316800"}, {"%s", "67767976233316799"}, {"%s", "-5"}, {"%s", "18446744073709551615"},
  {"%s", "9223372036854775807"}, {"%s", "9223372036854775808"}, {"%s", "1234567890123456789"},
  // Partial input and a failure part way: fields set before the failure stay.
  {"%Y-%m-%d %H:%M:%S", "2024-07-15 10:20"}, {"%Y-%m-%d %H:%M:%S", "2024-07-15 10:20:30 tail"},
  {"%Y-%m-%d", "2024-07-"}, {"%Y-%m-%d", "2024-13-01"}, {"%H:%M:%S", "10:61:00"}, {"%d %b %Y %T", "06 Nov 1994 08:49:37"},
  {"%a, %d %b %Y %H:%M:%S %z", "Sun, 06 Nov 1994 08:49:37 -0500"}, {"%A, %d-%b-%y %T %Z", "Sunday, 06-Nov-94 08:49:37 GMT"},
  {"%a %b %e %T %Y", "Sun Nov  6 08:49:37 1994"}, {"%Y%m%d%H%M%S", "20240715102030"}, {"%Y%m%d", "2024715"},
};

static void parse_l(locale_t locale, const char *format, const char *input) {
  struct tm tm;
  fill(&tm, 1);
  const char *end = strptime_l(input, format, &tm, locale);
  show(format, input, &tm, end);
}

int main(void) {
  setenv("TZ", "UTC", 1);
  tzset();
  for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
    parse(pairs[i].format, pairs[i].input);

  // From a zeroed tm and from out-of-range fields.
  static const struct pair zeroed[] = {
    {"%m-%d", "12-25"}, {"%d", "15"}, {"%j", "100"}, {"%U %w", "05 3"}, {"%W %w", "00 0"}, {"%Y", "2024"},
    {"%H:%M", "10:20"}, {"%b", "Feb"}, {"%y", "24"}, {"%C", "20"}, {"%Y %U %w", "2023 00 0"},
  };
  for (int pattern = 0; pattern <= 2; pattern += 2)
    for (size_t i = 0; i < sizeof zeroed / sizeof zeroed[0]; i++)
      parse_with(zeroed[i].format, zeroed[i].input, pattern);

  // A grid: every day of a leap and a common year's month ends, as %Y-%m-%d, each checked against
  // the tm_wday/tm_yday the parser computes.
  static const char *const years[] = {"1969", "1970", "2000", "2023", "2024", "2100", "1900", "0400"};
  char input[64];
  for (size_t y = 0; y < sizeof years / sizeof years[0]; y++)
    for (int month = 1; month <= 12; month += 1)
      for (int day = 1; day <= 31; day += 29) {
        snprintf(input, sizeof input, "%s-%02d-%02d", years[y], month, day);
        parse("%Y-%m-%d", input);
      }
  // Every week number and weekday of one year, both week conventions.
  for (int week = 0; week <= 53; week += 13)
    for (int wday = 0; wday <= 6; wday++) {
      snprintf(input, sizeof input, "2025 %d %d", week, wday);
      parse("%Y %U %w", input);
      parse("%Y %W %w", input);
    }

  // %s in other zones (POSIX TZ strings): tm_isdst, tm_gmtoff and tm_zone come from localtime.
  static const char *const zones[] = {"EST5EDT,M3.2.0,M11.1.0", "JST-9", "<+0530>-5:30", "CET-1CEST,M3.5.0,M10.5.0/3"};
  for (size_t z = 0; z < sizeof zones / sizeof zones[0]; z++) {
    setenv("TZ", zones[z], 1);
    tzset();
    parse("%s", "0");
    parse("%s", "1720000000");
    parse("%s", "1700000000");
    parse("%Y-%m-%d %z", "2024-07-01 +0200");
  }
  setenv("TZ", "UTC", 1);
  tzset();

  // strptime_l in C, POSIX and C.UTF-8, and strptime under setlocale(C.UTF-8).
  static const char *const locales[] = {"C", "POSIX", "C.UTF-8"};
  for (size_t l = 0; l < sizeof locales / sizeof locales[0]; l++) {
    locale_t locale = newlocale(LC_ALL_MASK, locales[l], (locale_t)0);
    if (locale == (locale_t)0) {
      printf("newlocale %s failed\n", locales[l]);
      continue;
    }
    parse_l(locale, "%c", "Thu Jan  1 00:00:00 1970");
    parse_l(locale, "%A %B %d %Y %r", "Friday March 01 2024 11:59:59 PM");
    parse_l(locale, "%x %X", "02/29/24 23:59:59");
    parse_l(locale, "%Ey %OH", "24 10");
    freelocale(locale);
  }
  if (setlocale(LC_ALL, "C.UTF-8") != NULL) {
    parse("%c", "Sat Dec 31 23:59:59 2022");
    parse("%a %d \xc3\xa9", "Mon 05 \xc3\xa9");
    parse("%d\xc2\xa0%m", "05\xc2\xa0" "06");
  }
  return 0;
}
