// The last single-symbol gaps of /usr/bin programs (issue 6): sigset (vim), argz_create_sep
// (locale), sched_getcpu (node), __profile_frequency (sprof), group_member (wget).
#define _GNU_SOURCE
#include <argz.h>
#include <stddef.h>
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern int __profile_frequency(void);
// glibc's private scratch buffers (pldd calls __libc_scratch_buffer_grow).
struct scratch_buffer {
  void *data;
  size_t length;
  union { max_align_t align; char c[1024]; } space;
};
extern _Bool __libc_scratch_buffer_grow(struct scratch_buffer *);
extern _Bool __libc_scratch_buffer_grow_preserve(struct scratch_buffer *);
static volatile int caught;
static void handler(int sig) { caught = sig; }
static const char *name(void (*h)(int)) {
  return h == SIG_DFL ? "SIG_DFL" : h == SIG_IGN ? "SIG_IGN" : h == SIG_HOLD ? "SIG_HOLD" : h == SIG_ERR ? "SIG_ERR" : h == handler ? "handler" : "?";
}

static void split(const char *s, int delim) {
  char *argz = (char *)1;
  size_t len = 99;
  int r = argz_create_sep(s, delim, &argz, &len);
  printf("argz \"%s\" '%c' -> %d len %zu:", s, delim, r, len);
  for (size_t i = 0; argz != NULL && i < len; i++) putchar(argz[i] ? argz[i] : '|');
  printf("%s\n", argz == NULL ? " (null)" : "");
  free(argz);
}

int main(void) {
  printf("sigset handler: %s\n", name(sigset(SIGUSR1, handler)));
  raise(SIGUSR1);
  printf("caught %d\n", caught);
  printf("sigset hold: %s\n", name(sigset(SIGUSR1, SIG_HOLD)));
  caught = 0;
  raise(SIGUSR1);
  printf("held: caught %d\n", caught);
  printf("hold again: %s\n", name(sigset(SIGUSR1, SIG_HOLD)));
  printf("sigset handler while held: %s caught %d\n", name(sigset(SIGUSR1, handler)), caught);
  printf("sigset ignore: %s\n", name(sigset(SIGUSR1, SIG_IGN)));
  printf("sigset default: %s\n", name(sigset(SIGUSR1, SIG_DFL)));
  errno = 0;
  void (*r)(int) = sigset(SIGKILL, handler);
  printf("SIGKILL: %s %s\n", name(r), strerror(errno));
  errno = 0;
  r = sigset(0, handler);
  printf("signal 0: %s %s\n", name(r), strerror(errno));
  errno = 0;
  r = sigset(32, handler);
  printf("signal 32: %s %s\n", name(r), strerror(errno));

  split("a:b::c", ':');
  split(":a:", ':');
  split("", ':');
  split(":::", ':');
  split("no-separator", ':');
  split("x\xff" "y", -1);
  split("x\xff" "y", 0xff);

  int cpu = sched_getcpu();
  printf("sched_getcpu %s\n", cpu >= 0 && cpu < CPU_SETSIZE ? "ok" : "bad");
  printf("__profile_frequency %d sysconf(_SC_CLK_TCK) %ld\n", __profile_frequency(), sysconf(_SC_CLK_TCK));
  gid_t groups[64];
  int n = getgroups(64, groups);
  int all = 1;
  for (int i = 0; i < n; i++) all &= group_member(groups[i]);
  printf("group_member of every supplementary group %d, of 54321 %d\n", all, group_member(54321));
  struct scratch_buffer buffer;
  buffer.data = buffer.space.c;
  buffer.length = sizeof buffer.space;
  memcpy(buffer.data, "kept", 5);
  int ok = __libc_scratch_buffer_grow_preserve(&buffer);
  printf("grow_preserve %d length %zu on heap %d [%s]\n", ok, buffer.length, buffer.data != buffer.space.c, (char *)buffer.data);
  ok = __libc_scratch_buffer_grow_preserve(&buffer);
  printf("grow_preserve %d length %zu [%s]\n", ok, buffer.length, (char *)buffer.data);
  ok = __libc_scratch_buffer_grow(&buffer);
  printf("grow %d length %zu on heap %d\n", ok, buffer.length, buffer.data != buffer.space.c);
  free(buffer.data);
  return 0;
}
