// More small libc gaps (issue 6 coverage): arch_prctl (ARCH_GET_FS is the thread pointer, as
// pthread_self; ARCH_GET_GS; an unknown code), closefrom, gnu_get_libc_version/release.
#define _GNU_SOURCE
#include <asm/prctl.h>
#include <errno.h>
#include <fcntl.h>
#include <gnu/libc-version.h>
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

extern int arch_prctl(int code, unsigned long *addr);

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  printf("gnu_get_libc_version %s release %s\n", gnu_get_libc_version(), gnu_get_libc_release());
  unsigned long fs = 0, gs = 1;
  int r = arch_prctl(ARCH_GET_FS, &fs);
  printf("ARCH_GET_FS = %d, is pthread_self %d\n", r, fs == (unsigned long)pthread_self());
  r = arch_prctl(ARCH_GET_GS, &gs);
  printf("ARCH_GET_GS = %d gs %lu\n", r, gs);
  errno = 0;
  r = arch_prctl(0x1234, &gs);
  printf("unknown code = %d errno %d\n", r, errno);

  for (int fd = 5; fd <= 9; fd++) dup2(1, fd);
  closefrom(7);
  for (int fd = 5; fd <= 9; fd++) printf("fd %d open %d\n", fd, fcntl(fd, F_GETFD) != -1);
  int saved = dup(1);
  closefrom(3);
  printf("after closefrom(3): stdout open %d, saved copy open %d\n", fcntl(1, F_GETFD) != -1, fcntl(saved, F_GETFD) != -1);
  return 0;
}
