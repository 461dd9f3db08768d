// eventfd: counting and semaphore modes, the initial value, EAGAIN on an empty or full non-blocking
// counter, EINVAL for short buffers, the value 2^64-1 and bad flags, poll readiness in and out,
// a reader thread blocked on an empty counter woken by a write, eventfd_read/eventfd_write,
// and fcntl/close-on-exec flags.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/syscall.h>
#include <unistd.h>

static void show_read(int fd, const char *what) {
  uint64_t value = 0;
  errno = 0;
  ssize_t n = read(fd, &value, sizeof value);
  printf("%s: read %zd, value %llu, %s\n", what, n, (unsigned long long)value, n < 0 ? strerror(errno) : "ok");
}

static void show_write(int fd, uint64_t value, const char *what) {
  errno = 0;
  ssize_t n = write(fd, &value, sizeof value);
  printf("%s: write %zd, %s\n", what, n, n < 0 ? strerror(errno) : "ok");
}

static short poll_events(int fd) {
  struct pollfd p = {fd, POLLIN | POLLOUT, 0};
  poll(&p, 1, 0);
  return p.revents;
}

static void *reader(void *arg) {
  int fd = *(int *)arg;
  uint64_t value = 0;
  ssize_t n = read(fd, &value, sizeof value);
  printf("thread: read %zd, value %llu\n", n, (unsigned long long)value);
  return NULL;
}

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  int fd = eventfd(5, EFD_NONBLOCK);
  printf("poll with 5: %s%s\n", poll_events(fd) & POLLIN ? "IN " : "", poll_events(fd) & POLLOUT ? "OUT" : "");
  show_write(fd, 3, "add 3");
  show_read(fd, "counter");
  show_read(fd, "empty");
  printf("poll with 0: %s%s\n", poll_events(fd) & POLLIN ? "IN " : "", poll_events(fd) & POLLOUT ? "OUT" : "");
  show_write(fd, 0xfffffffffffffffeULL, "fill to the maximum");
  printf("poll when full: %s%s\n", poll_events(fd) & POLLIN ? "IN " : "", poll_events(fd) & POLLOUT ? "OUT" : "");
  show_write(fd, 1, "one more");
  show_write(fd, 0xffffffffffffffffULL, "2^64-1");
  show_read(fd, "the maximum");
  uint32_t small = 1;
  errno = 0;
  ssize_t n = write(fd, &small, sizeof small);
  printf("4-byte write: %zd %s\n", n, strerror(errno));
  errno = 0;
  n = read(fd, &small, sizeof small);
  printf("4-byte read: %zd %s\n", n, strerror(errno));
  char big[16] = {0};
  uint64_t seven = 7;
  memcpy(big, &seven, 8);
  errno = 0;
  n = write(fd, big, sizeof big);
  printf("16-byte write: %zd %s\n", n, strerror(errno));
  errno = 0;
  n = read(fd, big, sizeof big);
  memcpy(&seven, big, 8);
  printf("16-byte read: %zd %s, value %llu\n", n, strerror(errno), (unsigned long long)seven);
  printf("flags: O_NONBLOCK %s, FD_CLOEXEC %s, O_RDWR %s\n", fcntl(fd, F_GETFL) & O_NONBLOCK ? "yes" : "no",
         fcntl(fd, F_GETFD) & FD_CLOEXEC ? "yes" : "no", (fcntl(fd, F_GETFL) & O_ACCMODE) == O_RDWR ? "yes" : "no");
  close(fd);

  int sem = eventfd(2, EFD_SEMAPHORE | EFD_NONBLOCK | EFD_CLOEXEC);
  show_read(sem, "semaphore 1");
  show_read(sem, "semaphore 2");
  show_read(sem, "semaphore 3");
  printf("semaphore FD_CLOEXEC %s\n", fcntl(sem, F_GETFD) & FD_CLOEXEC ? "yes" : "no");
  close(sem);

  errno = 0;
  long r = syscall(SYS_eventfd2, 0, 0x4);
  printf("bad flags: %ld %s\n", r, strerror(errno));

  int blocking = eventfd(0, 0);
  pthread_t t;
  pthread_create(&t, NULL, reader, &blocking);
  usleep(20000);
  eventfd_write(blocking, 41);
  pthread_join(t, NULL);
  eventfd_t got = 0;
  eventfd_write(blocking, 9);
  int rr = eventfd_read(blocking, &got);
  printf("eventfd_read: %d, %llu\n", rr, (unsigned long long)got);
  close(blocking);
  return 0;
}
