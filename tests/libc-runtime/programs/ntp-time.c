// ntp_gettimex and ntp_gettime (src/libc/time/ntp-time.ts): the clock state adjtimex reports and
// the fields copied from it (compared with adjtimex's own answer, so independent of the clock).
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <sys/timex.h>

extern int ntp_gettime(struct ntptimeval *);

int main(void) {
  struct timex t;
  memset(&t, 0, sizeof t);
  int state = adjtimex(&t);
  struct ntptimeval v;
  memset(&v, 0x55, sizeof v);
  int r = ntp_gettimex(&v);
  printf("ntp_gettimex = adjtimex's state: %d\n", r == state);
  printf("maxerror %d esterror %d tai %d reserved zero %d\n", v.maxerror == t.maxerror, v.esterror == t.esterror,
         v.tai == t.tai, v.__glibc_reserved1 == 0 && v.__glibc_reserved4 == 0);
  struct timeval now;
  gettimeofday(&now, NULL);
  printf("time within a minute of now %d\n", v.time.tv_sec >= now.tv_sec - 60 && v.time.tv_sec <= now.tv_sec + 1);
  struct ntptimeval old;
  memset(&old, 0x55, sizeof old);
  r = ntp_gettime(&old);
  printf("ntp_gettime = state %d, tai untouched %d\n", r == state, old.tai == 0x5555555555555555L);
  return 0;
}
