// timerfd: a one-shot and a periodic timer read back (the expiration count, a blocking read that
// waits for the next expiry), poll until one is due, timerfd_gettime's time left and interval,
// TFD_TIMER_ABSTIME (also a time already past), disarming, EAGAIN on a non-blocking read with
// nothing due, and the errors (bad clock, bad flags, a short read, settime on a non-timerfd).
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

static struct itimerspec ms(long first, long every) {
  struct itimerspec its;
  memset(&its, 0, sizeof its);
  its.it_value.tv_sec = first / 1000;
  its.it_value.tv_nsec = (first % 1000) * 1000000L;
  its.it_interval.tv_sec = every / 1000;
  its.it_interval.tv_nsec = (every % 1000) * 1000000L;
  return its;
}

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  int fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
  printf("created: %s, FD_CLOEXEC %s\n", fd >= 0 ? "yes" : "no", fcntl(fd, F_GETFD) & FD_CLOEXEC ? "yes" : "no");
  struct itimerspec one = ms(20, 0);
  timerfd_settime(fd, 0, &one, NULL);
  uint64_t ticks = 0;
  ssize_t n = read(fd, &ticks, sizeof ticks);
  printf("one-shot: read %zd, %llu expiration(s)\n", n, (unsigned long long)ticks);

  struct itimerspec periodic = ms(10, 10), cur;
  timerfd_settime(fd, 0, &periodic, NULL);
  timerfd_gettime(fd, &cur);
  printf("gettime: value <= 10 ms: %s, interval %ld.%09ld\n",
         cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec <= 10000000L ? "yes" : "no", (long)cur.it_interval.tv_sec,
         cur.it_interval.tv_nsec);
  struct timespec pause_for = {0, 55 * 1000000L};
  nanosleep(&pause_for, NULL);
  n = read(fd, &ticks, sizeof ticks);
  printf("periodic after 55 ms: read %zd, at least 4 expirations: %s\n", n, ticks >= 4 ? "yes" : "no");
  struct pollfd p = {fd, POLLIN, 0};
  int r = poll(&p, 1, 1000);
  printf("poll: %d, POLLIN %s\n", r, p.revents & POLLIN ? "yes" : "no");
  n = read(fd, &ticks, sizeof ticks);
  printf("read after poll: %zd, ticks >= 1: %s\n", n, ticks >= 1 ? "yes" : "no");

  struct itimerspec off = ms(0, 0), old;
  timerfd_settime(fd, 0, &off, &old);
  printf("disarm: old interval %ld.%09ld\n", (long)old.it_interval.tv_sec, old.it_interval.tv_nsec);
  timerfd_gettime(fd, &cur);
  printf("disarmed: %ld.%09ld\n", (long)cur.it_value.tv_sec, cur.it_value.tv_nsec);
  p.revents = 0;
  printf("poll disarmed (10 ms): %d\n", poll(&p, 1, 10));
  close(fd);

  int nb = timerfd_create(CLOCK_REALTIME, TFD_NONBLOCK);
  errno = 0;
  n = read(nb, &ticks, sizeof ticks);
  printf("non-blocking, nothing due: %zd %s\n", n, strerror(errno));
  struct timespec now;
  clock_gettime(CLOCK_REALTIME, &now);
  struct itimerspec abs;
  memset(&abs, 0, sizeof abs);
  abs.it_value = now;
  abs.it_value.tv_nsec += 15 * 1000000L;
  if (abs.it_value.tv_nsec >= 1000000000L) {
    abs.it_value.tv_nsec -= 1000000000L;
    abs.it_value.tv_sec++;
  }
  timerfd_settime(nb, TFD_TIMER_ABSTIME, &abs, NULL);
  p.fd = nb;
  p.revents = 0;
  r = poll(&p, 1, 2000);
  n = read(nb, &ticks, sizeof ticks);
  printf("absolute +15 ms: poll %d, read %zd, ticks %llu\n", r, n, (unsigned long long)ticks);
  abs.it_value.tv_sec -= 10;
  timerfd_settime(nb, TFD_TIMER_ABSTIME, &abs, NULL);
  n = read(nb, &ticks, sizeof ticks);
  printf("absolute in the past: read %zd, ticks %llu\n", n, (unsigned long long)ticks);
  uint32_t small;
  errno = 0;
  n = read(nb, &small, sizeof small);
  printf("4-byte read: %zd %s\n", n, strerror(errno));
  errno = 0;
  n = write(nb, &ticks, sizeof ticks);
  printf("write: %zd %s\n", n, strerror(errno));
  close(nb);

  errno = 0;
  r = timerfd_create(CLOCK_PROCESS_CPUTIME_ID, 0);
  printf("CPU clock: %d %s\n", r, strerror(errno));
  errno = 0;
  r = timerfd_create(CLOCK_MONOTONIC, 0x10);
  printf("bad flags: %d %s\n", r, strerror(errno));
  int pipefd[2];
  pipe(pipefd);
  errno = 0;
  r = timerfd_settime(pipefd[0], 0, &one, NULL);
  printf("settime on a pipe: %d %s\n", r, strerror(errno));
  fd = timerfd_create(CLOCK_MONOTONIC, 0);
  errno = 0;
  r = timerfd_settime(fd, 0x8, &one, NULL);
  printf("settime bad flags: %d %s\n", r, strerror(errno));
  return 0;
}
