/* Process identity, session and small file calls (issue 6): the set*id family, process groups and
   sessions, personality, fallocate/posix_fallocate, mincore, renameat2, stpncpy, ttyname and
   getlogin. Runs as root (as the tests do): the id calls keep root until the last one, which
   drops to a non-root user. Prints results and errno; pids are printed as relations only. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/fsuid.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/stat.h>
#include <unistd.h>

static void show(const char *what, long result) {
  printf("%s = %ld errno=%d\n", what, result, result < 0 ? errno : 0);
  errno = 0;
}

static void ids(void) {
  uid_t r, e, s;
  gid_t gr, ge, gs;
  show("getresuid", getresuid(&r, &e, &s));
  show("getresgid", getresgid(&gr, &ge, &gs));
  printf("  uids %u %u %u gids %u %u %u\n", r, e, s, gr, ge, gs);
}

static void identity(void) {
  ids();
  show("setresuid(-1,-1,-1)", setresuid(-1, -1, -1));
  show("setresgid(-1,-1,-1)", setresgid(-1, -1, -1));
  show("setreuid(0,0)", setreuid(0, 0));
  show("setregid(0,0)", setregid(0, 0));
  show("setreuid(-1,-1)", setreuid(-1, -1));
  show("seteuid(-1)", seteuid(-1));
  show("setegid(-1)", setegid(-1));
  show("seteuid(0)", seteuid(0));
  show("setegid(0)", setegid(0));
  show("setuid(-1)", setuid(-1));
  show("setgid(-1)", setgid(-1));
  show("setfsuid(-1)", setfsuid(-1));
  show("setfsgid(-1)", setfsgid(-1));
  show("setfsuid(0)", setfsuid(0));
  show("setfsgid(0)", setfsgid(0));
  show("setresgid(0,0,0)", setresgid(0, 0, 0));
  show("setgid(0)", setgid(0));
  show("getresgid(NULL…)", getresgid(NULL, NULL, NULL));
  ids();
  /* Last: drop to user and group 65534 through the saved ids, then fail to come back. */
  show("setresgid(65534,65534,0)", setresgid(65534, 65534, 0));
  show("setegid(0) via saved", setegid(0));
  show("setegid(65534)", setegid(65534));
  show("setreuid(65534,-1)", setreuid(65534, -1));
  ids();
  show("setuid(65534)", setuid(65534));
  ids();
  show("setuid(0) after drop", setuid(0));
  show("seteuid(0) after drop", seteuid(0));
  show("setreuid(0,0) after drop", setreuid(0, 0));
  show("setresuid(0,-1,-1) after drop", setresuid(0, -1, -1));
  show("setfsuid(0) after drop", setfsuid(0));
  show("setfsuid(-1) after drop", setfsuid(-1));
  show("setgid(1) after drop", setgid(1));
  show("setregid(-1,-1) after drop", setregid(-1, -1));
  ids();
}

static void sessions(void) {
  pid_t pgrp = getpgrp();
  printf("getpgid(0)==getpgrp: %d\n", getpgid(0) == pgrp);
  printf("getpgid(getpid)==getpgrp: %d\n", getpgid(getpid()) == pgrp);
  printf("getsid(0)==getsid(getpid): %d\n", getsid(0) == getsid(getpid()));
  show("getpgid(999999999)", getpgid(999999999));
  show("getsid(999999999)", getsid(999999999));
  show("getpgid(-1)", getpgid(-1));
  show("getsid(-1)", getsid(-1));
  show("setpgid(-1,0)", setpgid(-1, 0));
  show("setpgid(999999999,-5)", setpgid(999999999, -5));
  show("setpgid(0,999999999)", setpgid(0, 999999999));
  show("setpgid(0,getpgrp())", setpgid(0, getpgrp()));
  show("setpgid(0,-1)", setpgid(0, -1));
  show("setpgid(999999999,0)", setpgid(999999999, 0));
  pid_t sid = setsid();
  printf("setsid()==getpid: %d errno=%d\n", sid == getpid(), sid < 0 ? errno : 0);
  errno = 0;
  printf("getsid(0)==getpid: %d getpgrp==getpid: %d\n", getsid(0) == getpid(), getpgrp() == getpid());
  show("setsid() again", setsid());
  show("setpgrp() as session leader", setpgrp());
  show("setpgid(0,0) as session leader", setpgid(0, 0));
  show("personality(0xffffffff)", personality(0xffffffff));
  show("personality(ADDR_NO_RANDOMIZE)", personality(ADDR_NO_RANDOMIZE));
  printf("personality(0xffffffff) = %#x\n", personality(0xffffffff));
  show("personality(PER_LINUX)", personality(PER_LINUX));
  printf("personality(0xffffffff) = %#x\n", personality(0xffffffff));
}

static long size_of(int fd) {
  struct stat st;
  return fstat(fd, &st) == 0 ? (long)st.st_size : -1;
}

static void file_space(const char *dir) {
  char path[256], other[256];
  snprintf(path, sizeof path, "%s/space", dir);
  snprintf(other, sizeof other, "%s/space2", dir);
  int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
  show("fallocate(0,0,4096)", fallocate(fd, 0, 0, 4096));
  printf("  size %ld\n", size_of(fd));
  show("fallocate(KEEP_SIZE,0,8192)", fallocate(fd, FALLOC_FL_KEEP_SIZE, 0, 8192));
  printf("  size %ld\n", size_of(fd));
  show("fallocate64(0,4096,100)", fallocate64(fd, 0, 4096, 100));
  printf("  size %ld\n", size_of(fd));
  show("fallocate(offset -1)", fallocate(fd, 0, -1, 10));
  show("fallocate(len 0)", fallocate(fd, 0, 0, 0));
  show("fallocate(PUNCH_HOLE alone)", fallocate(fd, FALLOC_FL_PUNCH_HOLE, 0, 10));
  show("fallocate(-1)", fallocate(-1, 0, 0, 10));
  errno = 1234;
  printf("posix_fallocate(0,10000) = %d\n", posix_fallocate(fd, 0, 10000));
  printf("  size %ld\n", size_of(fd));
  printf("posix_fallocate64(20000,5) = %d\n", posix_fallocate64(fd, 20000, 5));
  printf("  size %ld\n", size_of(fd));
  printf("posix_fallocate(-1 offset) = %d\n", posix_fallocate(fd, -1, 5));
  printf("posix_fallocate(len 0) = %d\n", posix_fallocate(fd, 0, 0));
  printf("posix_fallocate(bad fd) = %d errno still %d\n", posix_fallocate(-1, 0, 5), errno);
  int ro = open(path, O_RDONLY);
  printf("posix_fallocate(read-only) = %d\n", posix_fallocate(ro, 0, 5));
  show("fallocate(read-only)", fallocate(ro, 0, 0, 5));
  close(ro);
  int pipefd[2];
  if (pipe(pipefd) == 0) {
    printf("posix_fallocate(pipe) = %d\n", posix_fallocate(pipefd[1], 0, 5));
    close(pipefd[0]);
    close(pipefd[1]);
  }
  errno = 0;
  close(fd);

  /* renameat2 */
  int fd2 = open(other, O_RDWR | O_CREAT | O_TRUNC, 0600);
  close(fd2);
  show("renameat2(NOREPLACE onto existing)", renameat2(AT_FDCWD, path, AT_FDCWD, other, RENAME_NOREPLACE));
  show("renameat2(flags 0)", renameat2(AT_FDCWD, path, AT_FDCWD, other, 0));
  printf("  old exists %d new exists %d\n", access(path, F_OK) == 0, access(other, F_OK) == 0);
  show("renameat2(missing)", renameat2(AT_FDCWD, path, AT_FDCWD, other, 0));
  show("renameat2(NOREPLACE to new)", renameat2(AT_FDCWD, other, AT_FDCWD, path, RENAME_NOREPLACE));
  show("renameat2(bad flags)", renameat2(AT_FDCWD, path, AT_FDCWD, other, 0x100));
  show("renameat2(NOREPLACE|EXCHANGE)", renameat2(AT_FDCWD, path, AT_FDCWD, other, RENAME_NOREPLACE | RENAME_EXCHANGE));
  unlink(path);
  unlink(other);
}

static void memory_residency(void) {
  long page = sysconf(_SC_PAGESIZE);
  unsigned char vec[4] = {9, 9, 9, 9};
  char *p = mmap(NULL, 3 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  p[0] = 1;
  p[2 * page] = 1;
  show("mincore(3 pages)", mincore(p, 3 * page, vec));
  printf("  vec %d %d %d %d\n", vec[0] & 1, vec[1] == 9, vec[2] & 1, vec[3]);
  show("mincore(unaligned)", mincore(p + 1, page, vec));
  munmap(p + page, page);
  show("mincore(hole)", mincore(p, 3 * page, vec));
  munmap(p, 3 * page);
}

static void strings(void) {
  char buf[16];
  memset(buf, 'x', sizeof buf);
  char *end = stpncpy(buf, "abc", 8);
  printf("stpncpy short: end-buf=%ld bytes", (long)(end - buf));
  for (int i = 0; i < 10; i++) printf(" %02x", (unsigned char)buf[i]);
  printf("\n");
  memset(buf, 'x', sizeof buf);
  end = stpncpy(buf, "abcdefghij", 4);
  printf("stpncpy long: end-buf=%ld bytes", (long)(end - buf));
  for (int i = 0; i < 6; i++) printf(" %02x", (unsigned char)buf[i]);
  printf("\n");
  memset(buf, 'x', sizeof buf);
  end = stpncpy(buf, "abcd", 4);
  printf("stpncpy exact: end-buf=%ld\n", (long)(end - buf));
  end = stpncpy(buf, "", 0);
  printf("stpncpy zero: end-buf=%ld\n", (long)(end - buf));
  volatile size_t n = 5;
  end = stpncpy(buf + 10, "hi", n);
  printf("stpncpy runtime n: end-buf=%ld %02x\n", (long)(end - buf), (unsigned char)buf[14]);
}

static void terminals(void) {
  char name[64];
  errno = 0;
  char *t = ttyname(0);
  printf("ttyname(0) = %s errno=%d\n", t ? "name" : "NULL", errno);
  errno = 0;
  t = ttyname(-1);
  printf("ttyname(-1) = %s errno=%d\n", t ? "name" : "NULL", errno);
  errno = 0;
  t = ttyname(1);
  printf("ttyname(1) = %s errno=%d\n", t ? "name" : "NULL", errno);
  errno = 0;
  printf("ttyname_r(0, 64) = %d errno=%d\n", ttyname_r(0, name, sizeof name), errno);
  errno = 0;
  printf("ttyname_r(0, 5) = %d errno=%d\n", ttyname_r(0, name, 5), errno);
  errno = 0;
  printf("ttyname_r(99, 64) = %d errno=%d\n", ttyname_r(99, name, sizeof name), errno);
  errno = 0;
  volatile size_t size = 64;
  printf("ttyname_r(1, runtime size) = %d errno=%d\n", ttyname_r(1, name, size), errno);
  errno = 0;
  char *login = getlogin();
  printf("getlogin() = %s errno=%d\n", login ? login : "NULL", errno);
  errno = 0;
  printf("getlogin_r(64) = %d errno=%d\n", getlogin_r(name, sizeof name), errno);
  errno = 0;
  printf("getlogin_r(runtime size) = %d errno=%d\n", getlogin_r(name, size), errno);
}

int main(void) {
  char dir[] = "/tmp/miros-identity-XXXXXX";
  if (!mkdtemp(dir)) return 1;
  strings();
  memory_residency();
  file_space(dir);
  terminals();
  sessions();
  identity();
  rmdir(dir);
  return 0;
}
