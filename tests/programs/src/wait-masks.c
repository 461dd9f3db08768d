// ppoll, pselect and epoll_pwait with a signal mask: a blocked signal the mask lets through
// interrupts the wait (EINTR, the handler runs) and is blocked again afterwards; a wait that
// finds a descriptor ready returns it and leaves a pending signal pending (the mask is back before
// anything is delivered).
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <unistd.h>

static volatile sig_atomic_t handled;

static void on_usr1(int sig) {
  (void)sig;
  handled++;
}

static void *send_later(void *arg) {
  (void)arg;
  usleep(20000);
  kill(getpid(), SIGUSR1);
  return NULL;
}

static const char *blocked_now(void) {
  sigset_t now;
  sigprocmask(SIG_BLOCK, NULL, &now);
  return sigismember(&now, SIGUSR1) ? "blocked" : "unblocked";
}

static const char *pending_now(void) {
  sigset_t p;
  sigpending(&p);
  return sigismember(&p, SIGUSR1) ? "pending" : "not pending";
}

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  signal(SIGUSR1, on_usr1);
  sigset_t usr1, empty;
  sigemptyset(&usr1);
  sigaddset(&usr1, SIGUSR1);
  sigemptyset(&empty);
  sigprocmask(SIG_BLOCK, &usr1, NULL);
  int idle[2], ready[2];
  pipe(idle);
  pipe(ready);
  write(ready[1], "x", 1);
  struct timespec two = {2, 0};
  pthread_t t;

  pthread_create(&t, NULL, send_later, NULL);
  struct pollfd p = {idle[0], POLLIN, 0};
  errno = 0;
  int r = ppoll(&p, 1, &two, &empty);
  int e = errno;
  pthread_join(t, NULL);
  printf("ppoll: %d %s, handled %d, SIGUSR1 %s\n", r, strerror(e), (int)handled, blocked_now());

  pthread_create(&t, NULL, send_later, NULL);
  fd_set set;
  FD_ZERO(&set);
  FD_SET(idle[0], &set);
  errno = 0;
  r = pselect(idle[0] + 1, &set, NULL, NULL, &two, &empty);
  e = errno;
  pthread_join(t, NULL);
  printf("pselect: %d %s, handled %d, SIGUSR1 %s\n", r, strerror(e), (int)handled, blocked_now());

  int ep = epoll_create1(0);
  struct epoll_event ev = {.events = EPOLLIN};
  epoll_ctl(ep, EPOLL_CTL_ADD, idle[0], &ev);
  pthread_create(&t, NULL, send_later, NULL);
  struct epoll_event out[1];
  errno = 0;
  r = epoll_pwait(ep, out, 1, 2000, &empty);
  e = errno;
  pthread_join(t, NULL);
  printf("epoll_pwait: %d %s, handled %d, SIGUSR1 %s\n", r, strerror(e), (int)handled, blocked_now());

  kill(getpid(), SIGUSR1);
  struct pollfd q = {ready[0], POLLIN, 0};
  r = ppoll(&q, 1, &two, &empty);
  printf("ppoll on a ready pipe with SIGUSR1 pending: %d, handled %d, SIGUSR1 %s and %s\n", r, (int)handled,
         blocked_now(), pending_now());
  sigprocmask(SIG_UNBLOCK, &usr1, NULL);
  printf("after unblocking: handled %d\n", (int)handled);
  return 0;
}
