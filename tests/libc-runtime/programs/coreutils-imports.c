/* The libc functions that kept coreutils and similar /usr/bin programs from loading under Miros
   libc: posix_fadvise, sbrk/brk, sync/syncfs/msync, utime/utimes/futimes/lutimes,
   getpriority/setpriority/nice, the GNU (non-C99) sscanf where %as allocates, __strncat_chk
   (_FORTIFY_SOURCE), rpmatch, and the wait family (no children: ECHILD).
   Built -std=gnu89 -D_GNU_SOURCE -O2 -D_FORTIFY_SOURCE=2, as such programs are. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>
#include <utime.h>

static char path[] = "/tmp/miros-coreutilsXXXXXX";

static void show_times(const char *what) {
  struct stat st;
  int r = stat(path, &st);
  printf("%s: stat %d, atime %ld.%09ld, mtime %ld.%09ld\n", what, r, (long)st.st_atim.tv_sec,
         (long)st.st_atim.tv_nsec, (long)st.st_mtim.tv_sec, (long)st.st_mtim.tv_nsec);
}

static void advice(void) {
  int r;
  int fd = open(path, O_RDONLY);
  errno = 1234;
  r = posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  printf("posix_fadvise sequential %d, errno kept %d\n", r, errno == 1234);
  r = posix_fadvise(-1, 0, 0, 0);
  printf("posix_fadvise bad fd %d (EBADF %d), errno kept %d\n", r, EBADF, errno == 1234);
  printf("posix_fadvise bad advice %d (EINVAL %d)\n", posix_fadvise(fd, 0, 0, 99), EINVAL);
  printf("posix_fadvise64 dontneed %d\n", posix_fadvise64(fd, 0, 4096, POSIX_FADV_DONTNEED));
  sync();
  printf("sync returned, syncfs %d\n", syncfs(fd));
  r = syncfs(-1);
  printf("syncfs(-1) %d errno %d\n", r, errno);
  close(fd);
}

static void program_break(void) {
  char *start = sbrk(0);
  char *again = sbrk(0);
  char *old = sbrk(8192);
  char *now = sbrk(0);
  int i, sum = 0;
  printf("sbrk(0) stable %d, sbrk(8192) returns the old break %d, break moved by %ld\n", start == again,
         old == start, (long)(now - start));
  for (i = 0; i < 8192; i++) old[i] = (char)i;
  for (i = 0; i < 8192; i++) sum += (unsigned char)old[i];
  printf("the new memory holds what was written: sum %d\n", sum);
  i = sbrk(-8192) == now;
  printf("sbrk(-8192) returns %d, break back %d\n", i, sbrk(0) == start);
  printf("brk(current) %d\n", brk(start));
  errno = 0;
  i = sbrk((intptr_t)1 << 46) == (void *)-1;
  printf("sbrk(huge) failed %d errno %d\n", i, errno);
}

static void memory_sync(void) {
  char *map;
  map = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  int r = msync(map, 8192, MS_SYNC);
  printf("msync %d\n", r);
  r = msync(map + 1, 10, MS_SYNC);
  printf("msync unaligned %d errno %d\n", r, errno);
  r = msync(map, 4096, MS_SYNC | MS_ASYNC);
  printf("msync both flags %d errno %d\n", r, errno);
  munmap(map, 8192);
}

static void file_times(void) {
  struct utimbuf ub;
  struct timeval tv[2];
  int fd, r;
  ub.actime = 1000000000;
  ub.modtime = 1200000000;
  printf("utime %d\n", utime(path, &ub));
  show_times("after utime");
  tv[0].tv_sec = 1300000000;
  tv[0].tv_usec = 123456;
  tv[1].tv_sec = 1400000000;
  tv[1].tv_usec = 654321;
  printf("utimes %d\n", utimes(path, tv));
  show_times("after utimes");
  fd = open(path, O_RDONLY);
  tv[1].tv_sec = 1500000000;
  printf("futimes %d\n", futimes(fd, tv));
  show_times("after futimes");
  close(fd);
  tv[1].tv_sec = 1600000000;
  printf("lutimes %d\n", lutimes(path, tv));
  show_times("after lutimes");
  tv[0].tv_usec = 1000000;
  r = utimes(path, tv);
  printf("utimes with 1000000 us %d errno %d\n", r, errno);
  r = utime("/nonexistent/x", &ub);
  printf("utime of a missing file %d errno %d\n", r, errno);
}

static void priorities(void) {
  int r;
  errno = 0;
  r = getpriority(PRIO_PROCESS, 0);
  printf("getpriority %d errno %d\n", r, errno);
  printf("nice(0) %d\n", nice(0));
  printf("nice(3) %d\n", nice(3));
  printf("getpriority now %d\n", getpriority(PRIO_PROCESS, 0));
  r = setpriority(PRIO_PROCESS, 0, 5);
  printf("setpriority 5 %d, getpriority %d\n", r, getpriority(PRIO_PROCESS, 0));
  r = getpriority(7, 0);
  printf("getpriority bad which %d errno %d\n", r, errno);
}

static void gnu_scanf(void) {
  char *word = NULL, *set = NULL;
  double x = 0;
  float y = 0;
  int n = sscanf("hello abc123 0x1p3", "%as %a[a-z] %*d %lf", &word, &set, &x);
  printf("sscanf %%as %%a[: %d \"%s\" \"%s\" %g\n", n, word, set, x);
  free(word);
  free(set);
  n = sscanf("0x1.8p1", "%a", &y);
  printf("sscanf %%a as a float: %d %g\n", n, y);
}

static void fortified_strncat(void) {
  char buffer[16] = "abc";
  strncat(buffer, "defghijklmnopqrstuvwxyz", 5);
  printf("strncat (fortified) \"%s\"\n", buffer);
  strncat(buffer, "XYZ", 10);
  printf("strncat again \"%s\"\n", buffer);
}

static void answers(void) {
  const char *tries[] = {"yes", "Y", "no", "N", "maybe", "", " y"};
  size_t i;
  for (i = 0; i < sizeof tries / sizeof tries[0]; i++) printf("rpmatch(\"%s\") %d\n", tries[i], rpmatch(tries[i]));
}

static void waits(void) {
  int status = 0;
  siginfo_t info;
  int r;
  errno = 0;
  r = wait(&status);
  printf("wait %d errno %d\n", r, errno);
  errno = 0;
  r = waitpid(-1, &status, WNOHANG);
  printf("waitpid %d errno %d\n", r, errno);
  errno = 0;
  r = wait3(&status, 0, NULL);
  printf("wait3 %d errno %d\n", r, errno);
  errno = 0;
  r = wait4(12345, &status, 0, NULL);
  printf("wait4 %d errno %d\n", r, errno);
  errno = 0;
  r = waitid(P_ALL, 0, &info, WEXITED);
  printf("waitid %d errno %d\n", r, errno);
}

int main(void) {
  int fd = mkstemp(path);
  if (write(fd, "some data\n", 10) != 10) return 1;
  close(fd);
  advice();
  program_break();
  memory_sync();
  file_times();
  priorities();
  gnu_scanf();
  fortified_strncat();
  answers();
  waits();
  unlink(path);
  return 0;
}
