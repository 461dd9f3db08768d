// Thin system-call wrappers of Miros libc (src/libc/unistd/file-system-functions.ts,
// dirent-functions.ts, sysconf.ts) against glibc: results and errno names only (no inode
// numbers, times or pids), so the native run is the oracle wherever it is recorded.
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysinfo.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <unistd.h>

static const char *errname(int e) {
  switch (e) {
  case 0: return "0";
  case EPERM: return "EPERM";
  case ENOENT: return "ENOENT";
  case EBADF: return "EBADF";
  case EAGAIN: return "EAGAIN";
  case ENOMEM: return "ENOMEM";
  case EACCES: return "EACCES";
  case EFAULT: return "EFAULT";
  case EEXIST: return "EEXIST";
  case ENOTDIR: return "ENOTDIR";
  case EISDIR: return "EISDIR";
  case EINVAL: return "EINVAL";
  case ENOTTY: return "ENOTTY";
  case ENAMETOOLONG: return "ENAMETOOLONG";
  case ENOTEMPTY: return "ENOTEMPTY";
  case ELOOP: return "ELOOP";
  case ESPIPE: return "ESPIPE";
  case ENOSYS: return "ENOSYS";
  default: return "other";
  }
}

/** Prints a call's result and errno (reset to 0 before the call). */
#define SHOW(expr)                                                                   \
  do {                                                                               \
    errno = 0;                                                                       \
    long result_ = (long)(expr);                                                     \
    int errno_ = errno;                                                              \
    printf("%-48s = %ld %s\n", #expr, result_, errname(errno_));                     \
  } while (0)

static void show_stat(const char *what, const struct stat *st) {
  printf("%s: size=%ld mode=%o type=%s nlink=%ld\n", what, (long)st->st_size, st->st_mode & 07777,
         S_ISREG(st->st_mode)   ? "reg"
         : S_ISDIR(st->st_mode) ? "dir"
         : S_ISLNK(st->st_mode) ? "lnk"
                                : "other",
         (long)st->st_nlink);
}

/** Room for any ioctl result (struct termios is 60 bytes). */
static char ioctl_room[256];

/** A failed opendir/fdopendir's result and errno (evaluated in that order). */
static void show_directory_result(const char *what, DIR *dir) {
  int error = errno;
  printf("%s: %s %s\n", what, dir ? "ok" : "NULL", errname(error));
}

static int compare_names(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void stat_family(void) {
  struct stat st;
  int fd = open("file", O_CREAT | O_RDWR | O_TRUNC, 0644);
  SHOW(write(fd, "hello, world\n", 13));
  SHOW(fstat(fd, &st));
  show_stat("fstat file", &st);
  SHOW(fchmod(fd, 0600));
  SHOW(stat("file", &st));
  show_stat("stat file", &st);
  SHOW(chmod("file", 0640));
  SHOW(symlink("file", "link"));
  SHOW(symlink("file", "link"));
  SHOW(lstat("link", &st));
  show_stat("lstat link", &st);
  SHOW(stat("link", &st));
  show_stat("stat link", &st);
  SHOW(fstatat(AT_FDCWD, "link", &st, AT_SYMLINK_NOFOLLOW));
  show_stat("fstatat link nofollow", &st);
  SHOW(link("file", "hard"));
  SHOW(link("file", "hard"));
  SHOW(stat("hard", &st));
  show_stat("stat hard", &st);
  SHOW(stat("missing", &st));
  SHOW(stat("file/x", &st));
  SHOW(stat("", &st));
  SHOW(fstat(-1, &st));
  SHOW(fstat(999, &st));
  SHOW(fstatat(-1, "file", &st, 0));
  SHOW(fstatat(AT_FDCWD, "file", &st, 0x12345));
  SHOW(fchown(fd, getuid(), getgid()));
  SHOW(chown("file", getuid(), getgid()));
  SHOW(lchown("link", getuid(), getgid()));
  SHOW(chown("missing", getuid(), getgid()));
  SHOW(fchmod(-1, 0600));
  SHOW(lseek64(fd, 0, SEEK_END));
  SHOW(lseek64(fd, -1, SEEK_SET));
  char buffer[64] = {0};
  SHOW(pread(fd, buffer, 5, 7));
  printf("pread: %s\n", buffer);
  SHOW(pwrite(fd, "WORLD", 5, 7));
  SHOW(pread64(fd, buffer, 13, 0));
  printf("pread64: %.13s", buffer);
  SHOW(pwrite64(fd, "!", 1, 20));
  SHOW(pread(fd, buffer, 1, -1));
  SHOW(fstat(fd, &st));
  show_stat("after pwrite64 at 20", &st);
  struct iovec vectors[2] = {{"ab", 2}, {"cdef", 4}};
  SHOW(lseek(fd, 0, SEEK_SET));
  SHOW(writev(fd, vectors, 2));
  char first[3] = {0}, second[5] = {0};
  struct iovec into[2] = {{first, 2}, {second, 4}};
  SHOW(lseek(fd, 0, SEEK_SET));
  SHOW(readv(fd, into, 2));
  printf("readv: %s %s\n", first, second);
  SHOW(readv(fd, into, -1));
  SHOW(truncate("file", 3));
  SHOW(fstat(fd, &st));
  show_stat("truncated", &st);
  SHOW(truncate("missing", 3));
  SHOW(truncate("file", -1));
  char target[64] = {0};
  SHOW(readlinkat(AT_FDCWD, "link", target, sizeof target));
  printf("readlinkat: %s\n", target);
  SHOW(readlinkat(AT_FDCWD, "file", target, sizeof target));
  close(fd);
}

static void fcntl_family(void) {
  int fd = open("file", O_RDONLY);
  SHOW(fcntl(fd, F_GETFD));
  SHOW(fcntl(fd, F_SETFD, FD_CLOEXEC));
  SHOW(fcntl(fd, F_GETFD));
  SHOW(fcntl(fd, F_GETFL) & (O_ACCMODE | O_NONBLOCK | O_APPEND));
  SHOW(fcntl(fd, F_SETFL, O_NONBLOCK | O_APPEND));
  SHOW(fcntl(fd, F_GETFL) & (O_ACCMODE | O_NONBLOCK | O_APPEND));
  int duplicate = fcntl(fd, F_DUPFD, 20);
  printf("F_DUPFD 20 >= 20: %d\n", duplicate >= 20);
  SHOW(fcntl(duplicate, F_GETFD));
  close(duplicate);
  duplicate = fcntl(fd, F_DUPFD_CLOEXEC, 30);
  printf("F_DUPFD_CLOEXEC 30 >= 30: %d\n", duplicate >= 30);
  SHOW(fcntl(duplicate, F_GETFD));
  close(duplicate);
  SHOW(fcntl(-1, F_GETFD));
  SHOW(fcntl(fd, 12345));
  SHOW(ioctl(fd, TCGETS, ioctl_room));
  SHOW(ioctl(-1, FIONREAD, ioctl_room));
  int pipes[2];
  SHOW(pipe2(pipes, O_CLOEXEC | O_NONBLOCK));
  SHOW(fcntl(pipes[0], F_GETFD));
  SHOW(fcntl(pipes[0], F_GETFL) & O_NONBLOCK);
  char byte;
  SHOW(read(pipes[0], &byte, 1));
  SHOW(write(pipes[1], "12345", 5));
  int available = -1;
  SHOW(ioctl(pipes[0], FIONREAD, &available));
  printf("FIONREAD: %d\n", available);
  struct pollfd polls[2] = {{pipes[0], POLLIN, 0}, {pipes[1], POLLOUT, 0}};
  SHOW(poll(polls, 2, 0));
  printf("revents: %x %x\n", polls[0].revents, polls[1].revents);
  char drain[8];
  SHOW(read(pipes[0], drain, sizeof drain));
  polls[1].events = 0;
  SHOW(poll(polls, 2, 0));
  SHOW(poll(polls, 2, 10));
  struct timespec timeout = {0, 1000000};
  sigset_t mask;
  sigemptyset(&mask);
  SHOW(ppoll(polls, 1, &timeout, &mask));
  printf("ppoll left the timeout alone: %ld %ld\n", (long)timeout.tv_sec, timeout.tv_nsec);
  timeout.tv_nsec = -1;
  SHOW(ppoll(polls, 1, &timeout, NULL));
  SHOW(poll(NULL, 0, 0));
  SHOW(pipe2(pipes, 0x12345));
  SHOW(lseek64(pipes[0], 0, SEEK_SET));
  SHOW(dup3(fd, 40, O_CLOEXEC));
  SHOW(fcntl(40, F_GETFD));
  SHOW(dup3(40, 40, 0));
  SHOW(dup3(fd, 41, O_NONBLOCK));
  SHOW(dup3(-1, 41, 0));
  close(40);
  close(pipes[0]);
  close(pipes[1]);
  close(fd);
}

static void memory_family(void) {
  long page = sysconf(_SC_PAGESIZE);
  char *area = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  printf("mmap anonymous: %s, aligned %d\n", area == MAP_FAILED ? "MAP_FAILED" : "ok", ((long)area & (page - 1)) == 0);
  area[0] = 'x';
  area[page] = 'y';
  SHOW(madvise(area, page, MADV_DONTNEED));
  printf("after MADV_DONTNEED: %d %c\n", area[0], area[page]);
  SHOW(madvise(area + 1, page, MADV_DONTNEED));
  SHOW(mprotect(area, page, PROT_READ));
  SHOW(mprotect(area + 1, page, PROT_READ));
  SHOW(munmap(area, 2 * page));
  SHOW(munmap(area + 1, page));
  SHOW(munmap(area, 0));
  errno = 0;
  void *failed = mmap(NULL, page, PROT_READ, MAP_PRIVATE, -1, 0);
  printf("mmap fd -1 without MAP_ANONYMOUS: %s %s\n", failed == MAP_FAILED ? "MAP_FAILED" : "ok", errname(errno));
  errno = 0;
  failed = mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  printf("mmap length 0: %s %s\n", failed == MAP_FAILED ? "MAP_FAILED" : "ok", errname(errno));
  int fd = open("file", O_RDONLY);
  errno = 0;
  failed = mmap(NULL, page, PROT_READ, MAP_PRIVATE, fd, 1);
  printf("mmap unaligned offset: %s %s\n", failed == MAP_FAILED ? "MAP_FAILED" : "ok", errname(errno));
  char *mapped = mmap(NULL, page, PROT_READ, MAP_PRIVATE, fd, 0);
  printf("mmap file: %s %.3s\n", mapped == MAP_FAILED ? "MAP_FAILED" : "ok", mapped);
  munmap(mapped, page);
  close(fd);
}

static void directory_family(void) {
  SHOW(mkdir("dir", 0755));
  int dirfd_ = open("dir", O_RDONLY | O_DIRECTORY);
  SHOW(mkdirat(dirfd_, "sub", 0700));
  SHOW(mkdirat(dirfd_, "sub", 0700));
  int fd = openat(dirfd_, "a", O_CREAT | O_WRONLY | O_EXCL, 0600);
  printf("openat create: %d\n", fd >= 0);
  close(fd);
  SHOW(openat(dirfd_, "a", O_CREAT | O_WRONLY | O_EXCL, 0600));
  SHOW(openat(dirfd_, "missing", O_RDONLY));
  SHOW(openat(-1, "a", O_RDONLY));
  close(openat(dirfd_, "b", O_CREAT | O_WRONLY, 0600));
  SHOW(symlink("a", "dir/c"));
  struct stat st;
  SHOW(fstatat(dirfd_, "a", &st, 0));
  show_stat("fstatat dir/a", &st);
  SHOW(unlinkat(dirfd_, "sub", 0));
  SHOW(unlinkat(AT_FDCWD, "dir", AT_REMOVEDIR));
  SHOW(unlinkat(dirfd_, "missing", 0));

  DIR *dir = opendir("dir");
  printf("opendir: %s\n", dir ? "ok" : "NULL");
  printf("dirfd is a descriptor: %d\n", dirfd(dir) > 2);
  char *names[16];
  int count = 0;
  long after_first = -1;
  char first_name[256] = "";
  char next_after_first[256] = "";
  struct dirent *entry;
  errno = 0;
  while ((entry = readdir(dir)) != NULL) {
    if (count == 0) {
      after_first = telldir(dir);
      strcpy(first_name, entry->d_name);
    } else if (count == 1) {
      strcpy(next_after_first, entry->d_name);
    }
    char type = entry->d_type == DT_DIR ? 'd' : entry->d_type == DT_REG ? 'f' : entry->d_type == DT_LNK ? 'l' : '?';
    names[count] = malloc(300);
    snprintf(names[count], 300, "%s %c", entry->d_name, type);
    count++;
  }
  printf("end of directory errno: %s\n", errname(errno));
  qsort(names, count, sizeof names[0], compare_names);
  for (int i = 0; i < count; i++) {
    printf("entry: %s\n", names[i]);
    free(names[i]);
  }
  seekdir(dir, after_first);
  entry = readdir(dir);
  printf("seekdir back: %d\n", entry != NULL && strcmp(entry->d_name, next_after_first) == 0);
  rewinddir(dir);
  int again = 0;
  while (readdir64(dir) != NULL) again++;
  printf("after rewinddir: %d entries\n", again);
  entry = readdir(dir);
  printf("readdir at end again: %s\n", entry ? "entry" : "NULL");
  SHOW(closedir(dir));
  SHOW(closedir(NULL));
  errno = 0;
  show_directory_result("opendir missing", opendir("missing"));
  errno = 0;
  show_directory_result("opendir file", opendir("file"));
  errno = 0;
  show_directory_result("opendir empty", opendir(""));
  int file = open("file", O_RDONLY);
  errno = 0;
  show_directory_result("fdopendir file", fdopendir(file));
  close(file);
  errno = 0;
  show_directory_result("fdopendir -1", fdopendir(-1));
  DIR *from_fd = fdopendir(dirfd_);
  int from_fd_count = 0;
  while (readdir(from_fd) != NULL) from_fd_count++;
  printf("fdopendir entries: %d, dirfd same: %d\n", from_fd_count, dirfd(from_fd) == dirfd_);
  char cwd[512];
  getcwd(cwd, sizeof cwd);
  SHOW(fchdir(dirfd_));
  printf("access after fchdir: %d\n", access("a", F_OK));
  SHOW(fchdir(-1));
  SHOW(fchdir(open("/dev/null", O_RDONLY)));
  chdir(cwd);
  closedir(from_fd);
  SHOW(unlinkat(AT_FDCWD, "dir/sub", AT_REMOVEDIR));
  SHOW(unlinkat(AT_FDCWD, "dir/sub", AT_REMOVEDIR));
  unlink("dir/a");
  unlink("dir/b");
  unlink("dir/c");
  SHOW(unlinkat(AT_FDCWD, "dir", AT_REMOVEDIR));
}

/** Calls whose flags are not compile-time constants (fortified builds go through __open_2 and friends). */
static volatile int runtime_flags = O_RDONLY;
/** A length the compiler cannot see (fortified builds check it at run time in the _chk functions). */
static volatile size_t runtime_length = 4;

static void at_family(void) {
  int fd = creat("created", 0600);
  printf("creat: %d\n", fd >= 0);
  SHOW(fdatasync(fd));
  SHOW(fdatasync(-1));
  close(fd);
  SHOW(renameat(AT_FDCWD, "created", AT_FDCWD, "renamed"));
  SHOW(renameat(AT_FDCWD, "created", AT_FDCWD, "renamed"));
  SHOW(linkat(AT_FDCWD, "renamed", AT_FDCWD, "linked", 0));
  SHOW(linkat(AT_FDCWD, "renamed", AT_FDCWD, "linked", 0x12345));
  SHOW(symlinkat("renamed", AT_FDCWD, "symlinked"));
  SHOW(fchownat(AT_FDCWD, "symlinked", getuid(), getgid(), AT_SYMLINK_NOFOLLOW));
  SHOW(fchownat(AT_FDCWD, "missing", getuid(), getgid(), 0));
  struct statfs fs;
  SHOW(statfs(".", &fs));
  SHOW(statfs("missing", &fs));
  fd = open("renamed", runtime_flags);
  SHOW(fstatfs(fd, &fs));
  SHOW(fstatfs(-1, &fs));
  SHOW(openat(AT_FDCWD, "renamed", runtime_flags) >= 0);
  char small[4];
  SHOW(read(fd, small, runtime_length));
  SHOW(pread(fd, small, runtime_length, 0));
  char target[16];
  SHOW(readlink("symlinked", target, runtime_length));
  SHOW(readlinkat(AT_FDCWD, "symlinked", target, runtime_length));
  struct pollfd one = {fd, POLLIN, 0};
  SHOW(poll(&one, runtime_length / 4, 0));
  struct timespec zero = {0, 0};
  SHOW(ppoll(&one, runtime_length / 4, &zero, NULL));
  close(fd);
  struct sysinfo info;
  SHOW(sysinfo(&info));
  printf("sysinfo: mem_unit >= 1 %d, totalram > freeram %d\n", info.mem_unit >= 1, info.totalram > info.freeram);
  unlink("renamed");
  unlink("linked");
  unlink("symlinked");
}

static void system_family(void) {
  SHOW(sysconf(_SC_PAGESIZE));
  SHOW(getpagesize());
  SHOW(sysconf(_SC_CLK_TCK));
  SHOW(sysconf(_SC_LINE_MAX));
  SHOW(sysconf(_SC_HOST_NAME_MAX));
  SHOW(sysconf(_SC_IOV_MAX));
  SHOW(sysconf(_SC_NGROUPS_MAX));
  SHOW(sysconf(_SC_VERSION));
  SHOW(sysconf(_SC_SYMLOOP_MAX));
  SHOW(sysconf(-1));
  SHOW(sysconf(100000));
  long online = sysconf(_SC_NPROCESSORS_ONLN), configured = sysconf(_SC_NPROCESSORS_CONF);
  printf("processors: online>=1 %d, online<=configured %d\n", online >= 1, online <= configured);
  printf("phys pages > avphys pages > 0: %d\n", sysconf(_SC_PHYS_PAGES) > sysconf(_SC_AVPHYS_PAGES) && sysconf(_SC_AVPHYS_PAGES) > 0);
  struct rlimit limit;
  SHOW(getrlimit(RLIMIT_NOFILE, &limit));
  printf("open max is RLIMIT_NOFILE: %d\n", sysconf(_SC_OPEN_MAX) == (long)limit.rlim_cur);
  limit.rlim_cur = 200;
  SHOW(setrlimit(RLIMIT_NOFILE, &limit));
  SHOW(sysconf(_SC_OPEN_MAX));
  limit.rlim_cur = limit.rlim_max + 1;
  if (limit.rlim_max != RLIM_INFINITY) SHOW(setrlimit(RLIMIT_NOFILE, &limit));
  else printf("setrlimit(RLIMIT_NOFILE, &limit) = -1 EINVAL\n");
  SHOW(getrlimit(12345, &limit));
  struct rlimit stack;
  getrlimit(RLIMIT_STACK, &stack);
  long arg_max = stack.rlim_cur / 4 > 131072 ? (long)(stack.rlim_cur / 4) : 131072;
  printf("arg max: %d\n", sysconf(_SC_ARG_MAX) == arg_max);
  stack.rlim_cur = 100000;
  SHOW(setrlimit(RLIMIT_STACK, &stack));
  SHOW(sysconf(_SC_ARG_MAX));
  stack.rlim_cur = 4 * 1048576;
  SHOW(setrlimit(RLIMIT_STACK, &stack));
  SHOW(sysconf(_SC_ARG_MAX));
  struct rlimit child;
  getrlimit(RLIMIT_NPROC, &child);
  printf("child max is RLIMIT_NPROC: %d\n", sysconf(_SC_CHILD_MAX) == (long)child.rlim_cur);
  struct rusage usage;
  SHOW(getrusage(RUSAGE_SELF, &usage));
  SHOW(getrusage(12345, &usage));
  struct utsname uts;
  SHOW(uname(&uts));
  printf("uname: %s %s\n", uts.sysname, uts.machine);
  char host[256];
  SHOW(gethostname(host, sizeof host));
  printf("gethostname is the nodename: %d\n", strcmp(host, uts.nodename) == 0);
  memset(host, '#', sizeof host);
  size_t length = strlen(uts.nodename);
  SHOW(gethostname(host, length));
  printf("truncated copy: %d, byte after untouched: %d\n", memcmp(host, uts.nodename, length) == 0, host[length] == '#');
  cpu_set_t set;
  SHOW(sched_getaffinity(0, sizeof set, &set));
  printf("CPU_COUNT >= 1: %d\n", CPU_COUNT(&set) >= 1);
  SHOW(sched_getaffinity(0, 0, &set));
  SHOW(syscall(SYS_getpid) == getpid());
  SHOW(syscall(SYS_close, -1));
  SHOW(syscall(SYS_lseek, 0x7fffffff, 0L, SEEK_SET));
  fflush(stdout);
  SHOW(syscall(SYS_write, 1, "written by syscall()\n", 21));
  SHOW(syscall(100000));
}

int main(void) {
  char template[] = "/tmp/miros-syscalls-XXXXXX";
  if (mkdtemp(template) == NULL || chdir(template) != 0) {
    perror("mkdtemp");
    return 1;
  }
  stat_family();
  fcntl_family();
  memory_family();
  directory_family();
  at_family();
  system_family();
  unlink("file");
  unlink("link");
  unlink("hard");
  chdir("/");
  SHOW(rmdir(template));
  return 0;
}
