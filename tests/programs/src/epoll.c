// epoll: level-triggered members reported at every wait, edge-triggered ones once until drained,
// EPOLLONESHOT until EPOLL_CTL_MOD, DEL, the 64-bit data given back, several ready members and
// maxevents, timeouts, a wait woken by another thread's write, an epoll descriptor polled itself,
// a member closed everywhere leaving the list, and the errors (EEXIST, ENOENT, EPERM for a
// regular file, EINVAL for itself or a bad op or maxevents, EBADF).
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

static int ep;

static void show_wait(const char *what, int max, int timeout) {
  struct epoll_event events[8];
  memset(events, 0, sizeof events);
  int n = epoll_wait(ep, events, max, timeout);
  printf("%s: %d", what, n);
  for (int i = 0; i < n; i++)
    printf(" [data %llu events 0x%x]", (unsigned long long)events[i].data.u64, events[i].events);
  printf("\n");
}

static int add(int fd, uint32_t events, uint64_t data) {
  struct epoll_event e = {.events = events, .data.u64 = data};
  return epoll_ctl(ep, EPOLL_CTL_ADD, fd, &e);
}

static int writer_fd;

static void *late_writer(void *arg) {
  (void)arg;
  usleep(20000);
  write(writer_fd, "x", 1);
  return NULL;
}

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  ep = epoll_create1(EPOLL_CLOEXEC);
  printf("epoll_create1: %s, FD_CLOEXEC %s\n", ep >= 0 ? "ok" : "failed", fcntl(ep, F_GETFD) & FD_CLOEXEC ? "yes" : "no");
  int a[2], b[2], c[2];
  pipe(a);
  pipe(b);
  pipe(c);
  add(a[0], EPOLLIN, 0x100000001ULL);
  add(b[0], EPOLLIN | EPOLLET, 2);
  add(c[0], EPOLLIN | EPOLLONESHOT, 3);
  show_wait("nothing ready, timeout 0", 8, 0);
  show_wait("nothing ready, timeout 10 ms", 8, 10);
  write(c[1], "c", 1);
  write(a[1], "a", 1);
  write(b[1], "b", 1);
  show_wait("three ready", 8, 0);
  show_wait("again: level-triggered only", 8, 0);
  write(b[1], "b", 1);
  show_wait("edge member not drained, more written", 8, 0);
  char buf[16];
  read(b[0], buf, sizeof buf);
  write(b[1], "b", 1);
  show_wait("edge member drained, then written", 8, 0);
  struct epoll_event mod = {.events = EPOLLIN, .data.u64 = 33};
  epoll_ctl(ep, EPOLL_CTL_MOD, c[0], &mod);
  show_wait("oneshot re-armed by MOD (now level)", 8, 0);
  show_wait("maxevents 1", 1, 0);
  show_wait("maxevents 1 again", 1, 0);
  epoll_ctl(ep, EPOLL_CTL_DEL, c[0], NULL);
  read(a[0], buf, sizeof buf);
  show_wait("after DEL of c and reading a", 8, 0);
  struct epoll_event out = {.events = EPOLLOUT, .data.u64 = 4};
  epoll_ctl(ep, EPOLL_CTL_ADD, a[1], &out);
  show_wait("a write end", 8, 0);
  epoll_ctl(ep, EPOLL_CTL_DEL, a[1], NULL);
  close(a[1]);
  show_wait("a's write end closed: HUP", 8, 0);
  epoll_ctl(ep, EPOLL_CTL_DEL, a[0], NULL);

  struct pollfd p = {ep, POLLIN, 0};
  printf("poll on the epoll fd while b is ready (edge, reported): %d\n", poll(&p, 1, 0));
  read(b[0], buf, sizeof buf);
  int d[2];
  pipe(d);
  writer_fd = d[1];
  add(d[0], EPOLLIN, 5);
  pthread_t t;
  pthread_create(&t, NULL, late_writer, NULL);
  show_wait("blocking wait woken by a thread", 8, 2000);
  pthread_join(t, NULL);
  int dup_d = dup(d[0]);
  close(d[0]);
  show_wait("member's descriptor closed, a dup left", 8, 0);
  close(dup_d);
  show_wait("closed everywhere", 8, 0);

  int r;
  errno = 0;
  r = add(b[0], EPOLLIN, 9);
  printf("ADD twice: %d %s\n", r, strerror(errno));
  struct epoll_event e = {.events = EPOLLIN};
  errno = 0;
  r = epoll_ctl(ep, EPOLL_CTL_MOD, c[1], &e);
  printf("MOD missing: %d %s\n", r, strerror(errno));
  errno = 0;
  r = epoll_ctl(ep, EPOLL_CTL_DEL, c[1], NULL);
  printf("DEL missing: %d %s\n", r, strerror(errno));
  int file = open("/proc/self/exe", O_RDONLY);
  errno = 0;
  r = add(file, EPOLLIN, 0);
  printf("regular file: %d %s\n", r, strerror(errno));
  errno = 0;
  r = add(ep, EPOLLIN, 0);
  printf("itself: %d %s\n", r, strerror(errno));
  errno = 0;
  r = epoll_ctl(ep, 7, c[0], &e);
  printf("bad op: %d %s\n", r, strerror(errno));
  errno = 0;
  r = add(999, EPOLLIN, 0);
  printf("bad fd: %d %s\n", r, strerror(errno));
  errno = 0;
  r = epoll_ctl(c[0], EPOLL_CTL_ADD, b[0], &e);
  printf("not an epoll fd: %d %s\n", r, strerror(errno));
  struct epoll_event events[1];
  errno = 0;
  r = epoll_wait(ep, events, 0, 0);
  printf("maxevents 0: %d %s\n", r, strerror(errno));
  errno = 0;
  r = epoll_wait(c[0], events, 1, 0);
  printf("wait on a pipe: %d %s\n", r, strerror(errno));
  errno = 0;
  r = epoll_create(0);
  printf("epoll_create(0): %d %s\n", r, strerror(errno));
  errno = 0;
  r = epoll_create1(1);
  printf("epoll_create1(bad flags): %d %s\n", r, strerror(errno));
  return 0;
}
