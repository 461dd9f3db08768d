// signalfd: blocked signals read as signalfd_siginfo (raise, kill with si_pid, sigqueue's value,
// a POSIX timer's SI_TIMER), lowest number first and several per read, poll readiness, EAGAIN on
// a non-blocking descriptor with nothing pending, a blocking read woken by another thread's kill,
// changing the mask of an existing descriptor, and the errors (EINVAL for a short buffer, bad
// flags or a descriptor that is not a signalfd).
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static void show(struct signalfd_siginfo *si, const char *what) {
  printf("%s: signo %u code %d pid-is-self %s int %d\n", what, si->ssi_signo, si->ssi_code,
         si->ssi_pid == (uint32_t)getpid() ? "yes" : "no", si->ssi_int);
}

static void *killer(void *arg) {
  (void)arg;
  usleep(20000);
  kill(getpid(), SIGUSR2);
  return NULL;
}

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  sigset_t mask;
  sigemptyset(&mask);
  sigaddset(&mask, SIGUSR1);
  sigaddset(&mask, SIGUSR2);
  sigaddset(&mask, SIGRTMIN);
  sigaddset(&mask, SIGALRM);
  sigprocmask(SIG_BLOCK, &mask, NULL);
  int fd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
  printf("signalfd: %s, FD_CLOEXEC %s\n", fd >= 0 ? "ok" : "failed", fcntl(fd, F_GETFD) & FD_CLOEXEC ? "yes" : "no");
  struct signalfd_siginfo si[4];
  errno = 0;
  ssize_t n = read(fd, si, sizeof si);
  printf("nothing pending: %zd %s\n", n, strerror(errno));
  struct pollfd p = {fd, POLLIN, 0};
  printf("poll with nothing pending: %d\n", poll(&p, 1, 0));
  raise(SIGUSR2);
  kill(getpid(), SIGUSR1);
  union sigval v = {.sival_int = 77};
  sigqueue(getpid(), SIGRTMIN, v);
  printf("poll with three pending: %d revents 0x%x\n", poll(&p, 1, 0), p.revents);
  n = read(fd, si, sizeof si);
  printf("read: %zd bytes = %zd structs\n", n, n / (ssize_t)sizeof si[0]);
  for (int i = 0; i < n / (ssize_t)sizeof si[0]; i++) show(&si[i], "  got");
  errno = 0;
  n = read(fd, si, 64);
  printf("short buffer: %zd %s\n", n, strerror(errno));

  timer_t timer;
  struct sigevent sev;
  memset(&sev, 0, sizeof sev);
  sev.sigev_notify = SIGEV_SIGNAL;
  sev.sigev_signo = SIGALRM;
  sev.sigev_value.sival_int = 5;
  timer_create(CLOCK_MONOTONIC, &sev, &timer);
  struct itimerspec its = {{0, 0}, {0, 10 * 1000000L}};
  timer_settime(timer, 0, &its, NULL);
  p.revents = 0;
  poll(&p, 1, 2000);
  n = read(fd, si, sizeof si);
  printf("timer: %zd bytes, signo %u code %s int %d\n", n, si[0].ssi_signo, si[0].ssi_code == SI_TIMER ? "SI_TIMER" : "other",
         si[0].ssi_int);
  timer_delete(timer);

  int blocking = signalfd(-1, &mask, 0);
  pthread_t t;
  pthread_create(&t, NULL, killer, NULL);
  n = read(blocking, si, sizeof si[0]);
  pthread_join(t, NULL);
  printf("blocking read woken: %zd, signo %u\n", n, si[0].ssi_signo);

  sigset_t only_usr1;
  sigemptyset(&only_usr1);
  sigaddset(&only_usr1, SIGUSR1);
  int same = signalfd(fd, &only_usr1, 0);
  printf("new mask on the same descriptor: %s\n", same == fd ? "same fd" : "other");
  raise(SIGUSR2);
  errno = 0;
  n = read(fd, si, sizeof si);
  printf("SIGUSR2 pending, mask only SIGUSR1: %zd %s\n", n, strerror(errno));
  raise(SIGUSR1);
  n = read(fd, si, sizeof si);
  printf("then SIGUSR1: %zd, signo %u\n", n, si[0].ssi_signo);
  n = read(blocking, si, sizeof si);
  printf("the other descriptor takes SIGUSR2: %zd, signo %u\n", n, si[0].ssi_signo);

  errno = 0;
  int r = signalfd(-1, &mask, 0x4);
  printf("bad flags: %d %s\n", r, strerror(errno));
  int pipefd[2];
  pipe(pipefd);
  errno = 0;
  r = signalfd(pipefd[0], &mask, 0);
  printf("a pipe: %d %s\n", r, strerror(errno));
  errno = 0;
  r = (int)syscall(SYS_signalfd4, -1, &mask, 4, 0);
  printf("mask size 4: %d %s\n", r, strerror(errno));
  return 0;
}
