// Thin system-call wrappers of glibc 2.36 and what they add: select (timeout normalised and the
// time left written back; EINVAL for a negative part), pselect (the caller's timeout untouched,
// a signal mask), sched_* policy queries, sched_setaffinity, the mlock family, times, getgroups,
// mknod (a FIFO; a device number too large for the kernel is EINVAL), readahead, close_range;
// memmem; GNU basename (string.h) and POSIX basename (libgen.h's __xpg_basename).
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/times.h>
#include <unistd.h>

extern char *__xpg_basename(char *path);

static void report(const char *what, long result) {
  printf("%s: %ld%s%s\n", what, result, result < 0 ? " errno " : "", result < 0 ? strerrorname_np(errno) : "");
}

static void selects(void) {
  int fds[2];
  if (pipe(fds) != 0) return;
  fd_set readable;
  FD_ZERO(&readable);
  FD_SET(fds[0], &readable);
  struct timeval tv = {0, 1500000};
  long r = select(fds[0] + 1, &readable, NULL, NULL, &tv);
  printf("select on an empty pipe, 1.5 s given as 0 s + 1500000 us: %ld, left %ld.%06ld, set %d\n", r, (long)tv.tv_sec,
         (long)tv.tv_usec, FD_ISSET(fds[0], &readable));
  if (write(fds[1], "x", 1) != 1) return;
  FD_SET(fds[0], &readable);
  tv.tv_sec = 5;
  tv.tv_usec = 0;
  r = select(fds[0] + 1, &readable, NULL, NULL, &tv);
  printf("select with data: %ld, some time left %d, set %d\n", r, tv.tv_sec >= 4, FD_ISSET(fds[0], &readable));
  tv.tv_sec = -1;
  report("select with a negative timeout", select(0, NULL, NULL, NULL, &tv));
  tv.tv_sec = 0;
  tv.tv_usec = 0;
  report("select with a zero timeout and no descriptors", select(0, NULL, NULL, NULL, &tv));
  struct timespec ts = {0, 20000000};
  sigset_t mask;
  sigemptyset(&mask);
  FD_ZERO(&readable);
  FD_SET(fds[1], &readable);
  report("pselect for writing", pselect(fds[1] + 1, NULL, &readable, NULL, &ts, &mask));
  FD_ZERO(&readable);
  char byte;
  if (read(fds[0], &byte, 1) != 1) return;
  FD_SET(fds[0], &readable);
  report("pselect on the drained pipe", pselect(fds[0] + 1, &readable, NULL, NULL, &ts, &mask));
  printf("pselect left its timeout alone: %ld.%09ld\n", (long)ts.tv_sec, ts.tv_nsec);
  close(fds[0]);
  close(fds[1]);
}

static void scheduling(void) {
  report("sched_get_priority_max(SCHED_FIFO)", sched_get_priority_max(SCHED_FIFO));
  report("sched_get_priority_min(SCHED_RR)", sched_get_priority_min(SCHED_RR));
  report("sched_get_priority_max(SCHED_OTHER)", sched_get_priority_max(SCHED_OTHER));
  report("sched_get_priority_max(99)", sched_get_priority_max(99));
  report("sched_getscheduler(0)", sched_getscheduler(0));
  struct sched_param param = {.sched_priority = 7};
  report("sched_getparam(0)", sched_getparam(0, &param));
  printf("priority %d\n", param.sched_priority);
  report("sched_setparam(0, 0)", sched_setparam(0, &param));
  cpu_set_t set;
  CPU_ZERO(&set);
  sched_getaffinity(0, sizeof set, &set);
  report("sched_setaffinity with the current mask", sched_setaffinity(0, sizeof set, &set));
  struct timespec slice;
  report("sched_rr_get_interval(0)", sched_rr_get_interval(0, &slice));
}

static void memory_and_groups(void) {
  char *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  report("mlock", mlock(page, 4096));
  report("munlock", munlock(page, 4096));
  report("mlockall(0)", mlockall(0));
  report("munlockall", munlockall());
  munmap(page, 4096);
  struct tms t;
  clock_t ticks = times(&t);
  printf("times: positive %d\n", ticks > 0);
  gid_t groups[64];
  int n = getgroups(64, groups);
  printf("getgroups: %d, getgroups(0) %d\n", n, getgroups(0, NULL));
  report("getgroups(1) with more groups", n > 1 ? getgroups(1, groups) : -2);
}

static void files(void) {
  char fifo[] = "/tmp/miros-resource-fifoXXXXXX";
  int fd = mkstemp(fifo);
  close(fd);
  unlink(fifo);
  report("mknod a FIFO", mknod(fifo, S_IFIFO | 0600, 0));
  struct stat st;
  stat(fifo, &st);
  printf("it is a FIFO: %d, mode %o\n", S_ISFIFO(st.st_mode), st.st_mode & 0777);
  report("mknod again", mknod(fifo, S_IFIFO | 0600, 0));
  unlink(fifo);
  report("mknod with a device number over 32 bits", mknod(fifo, S_IFCHR | 0600, (dev_t)1 << 40));
  report("mknodat a FIFO", mknodat(AT_FDCWD, fifo, S_IFIFO | 0600, 0));
  unlink(fifo);
  int file = open("/proc/self/exe", O_RDONLY);
  report("readahead", readahead(file, 0, 4096));
  report("readahead on a bad descriptor", readahead(-1, 0, 4096));
  int copy = dup(file);
  report("close_range(copy, copy)", close_range(copy, copy, 0));
  report("fcntl on it", fcntl(copy, F_GETFD));
  report("close_range with bad flags", close_range(0, 10, 0x80));
  close(file);
}

static void strings(void) {
  const char hay[] = "abcab\0cabcd";
  const char *found = memmem(hay, sizeof hay - 1, "cab", 3);
  printf("memmem past a NUL: offset %ld\n", found ? (long)(found - hay) : -1L);
  found = memmem(hay, sizeof hay - 1, "\0ca", 3);
  printf("memmem of a NUL: offset %ld\n", found ? (long)(found - hay) : -1L);
  printf("memmem empty needle: %d, longer needle: %d, absent: %d\n", memmem(hay, 3, "", 0) == hay,
         memmem(hay, 3, "abcd", 4) == NULL, memmem(hay, sizeof hay - 1, "abd", 3) == NULL);
  const char *paths[] = {"/usr/lib/libc.so.6", "/usr/lib/", "usr", "/", "//", "///", "a//", "", ".", "..", "/a/b//"};
  for (size_t i = 0; i < sizeof paths / sizeof *paths; i++) {
    char copy[64];
    strcpy(copy, paths[i]);
    char *posix = __xpg_basename(copy);
    printf("basename(\"%s\"): GNU \"%s\", POSIX \"%s\", string now \"%s\"\n", paths[i], basename(paths[i]), posix, copy);
  }
  printf("POSIX basename(NULL) \"%s\"\n", __xpg_basename(NULL));
}

int main(void) {
  selects();
  scheduling();
  memory_and_groups();
  files();
  strings();
  return 0;
}
