// The kernel's privilege model, chroot and pseudo-terminals through glibc's and musl's own
// wrappers (src/kernel/capabilities.ts, syscalls/administration.ts, fs/pseudo-terminal.ts).
// Started as root (recording and CI are): root's part checks only what root sees alike natively
// and in Miros (chroot, a UTS namespace of its own, capability bits both keep, argument errors);
// a child that becomes nobody then checks the EPERM of the calls Miros cannot honour. The pty
// part runs the line discipline case by case and a child's controlling terminal.
// @run {"name": "admin", "args": ["admin"]}
// @run {"name": "pty", "args": ["pty"]}
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pty.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

static const char *errno_name(int e) {
  switch (e) {
    case 0: return "-";
    case EPERM: return "EPERM";
    case ENOENT: return "ENOENT";
    case ESRCH: return "ESRCH";
    case EINTR: return "EINTR";
    case EIO: return "EIO";
    case EBADF: return "EBADF";
    case EAGAIN: return "EAGAIN";
    case EACCES: return "EACCES";
    case ENOTBLK: return "ENOTBLK";
    case ENOTDIR: return "ENOTDIR";
    case EINVAL: return "EINVAL";
    case ENOTTY: return "ENOTTY";
    case ERANGE: return "ERANGE";
    case EOPNOTSUPP: return "EOPNOTSUPP";
    default: return "other";
  }
}

static void report(const char *what, long result) {
  if (result < 0) printf("%s: -1 %s\n", what, errno_name(errno));
  else printf("%s: %ld\n", what, result);
}

#define CHECK(call) (errno = 0, report(#call, (long)(call)))
#define SYS(...) syscall(__VA_ARGS__)

/** capget through the system call (musl has no wrapper): the effective and permitted words. */
static void capabilities(const char *when) {
  unsigned header[2] = {0x20080522, 0};
  unsigned data[6] = {0};
  if (SYS(SYS_capget, header, data) != 0) {
    printf("%s: capget %s\n", when, errno_name(errno));
    return;
  }
  printf("%s: chroot %u setuid %u kill %u, all empty %d\n", when, (data[0] >> 18) & 1, (data[0] >> 7) & 1,
         (data[0] >> 5) & 1, (data[0] | data[1] | data[3] | data[4]) == 0);
}

static void admin(void) {
  capabilities("root");
  pid_t child = fork();
  if (child == 0) {
    CHECK(unshare(CLONE_NEWUTS));
    CHECK(sethostname("miros-static", 12));
    struct utsname u;
    uname(&u);
    printf("nodename %s\n", u.nodename);
    char dir[] = "/tmp/miros-static-XXXXXX";
    if (!mkdtemp(dir)) _exit(1);
    char path[64];
    snprintf(path, sizeof path, "%s/inside", dir);
    close(open(path, O_CREAT | O_WRONLY, 0644));
    int outside = open("/", O_RDONLY | O_DIRECTORY);
    CHECK(chroot(dir));
    char cwd[128] = "";
    errno = 0;
    long length = SYS(SYS_getcwd, cwd, sizeof cwd);
    printf("getcwd: %d unreachable %d\n", length > 0, strncmp(cwd, "(unreachable)/", 14) == 0);
    CHECK(chdir("/.."));
    CHECK(access("/inside", F_OK));
    CHECK(access(dir, F_OK));
    CHECK(faccessat(outside, dir + 1, F_OK, 0));
    snprintf(path, sizeof path, "%s/inside", dir + 1);
    unlinkat(outside, path, 0);
    CHECK(unlinkat(outside, dir + 1, AT_REMOVEDIR));
    _exit(0);
  }
  waitpid(child, NULL, 0);
  CHECK(mount(NULL, "/nonexistent-miros", "tmpfs", 0, NULL));
  CHECK(umount2("/tmp", 0x100));
  CHECK(SYS(SYS_setns, -1, 0));
  CHECK(unshare(0));
  child = fork();
  if (child == 0) {
    if (setgroups(0, NULL) || setresgid(65534, 65534, 65534) || setresuid(65534, 65534, 65534)) _exit(1);
    capabilities("nobody");
    CHECK(chroot("/"));
    CHECK(mount("none", "/tmp", "tmpfs", 0, NULL));
    CHECK(umount2("/tmp", 0));
    CHECK(sethostname("x", 1));
    CHECK(unshare(CLONE_NEWNS));
    CHECK(SYS(SYS_swapoff, "/nonexistent-miros"));
    CHECK(SYS(SYS_acct, NULL));
    CHECK(SYS(SYS_reboot, 0xfee1dead, 672274793, 0x1234567, NULL));
    CHECK(SYS(SYS_quotactl, (int)(0x800007u << 8), "/tmp", 0, NULL));
    _exit(0);
  }
  int status;
  waitpid(child, &status, 0);
  printf("nobody's status %d\n", status);
}

static void drain(const char *what, int master) {
  fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK);
  char buffer[128];
  ssize_t n = read(master, buffer, sizeof buffer);
  int error = errno;
  fcntl(master, F_SETFL, fcntl(master, F_GETFL) & ~O_NONBLOCK);
  printf("%s:", what);
  if (n < 0) printf(" -1 %s", errno_name(error));
  for (ssize_t i = 0; i < n; i++) printf(" %02x", (unsigned char)buffer[i]);
  printf("\n");
}

static void slave_read(const char *what, int slave) {
  char buffer[128];
  ssize_t n = read(slave, buffer, sizeof buffer);
  printf("%s: %zd", what, n);
  for (ssize_t i = 0; i < n; i++) printf(" %02x", (unsigned char)buffer[i]);
  printf("\n");
}

static volatile sig_atomic_t interrupted;
static void on_signal(int signal) { interrupted = signal; }

static void pty(void) {
  int master = posix_openpt(O_RDWR | O_NOCTTY);
  printf("master %d tty %d\n", master >= 0, isatty(master));
  char name[64];
  CHECK(ptsname_r(master, name, sizeof name));
  printf("named /dev/pts/N %d\n", strncmp(name, "/dev/pts/", 9) == 0);
  CHECK(open(name, O_RDWR | O_NOCTTY));
  CHECK(grantpt(master));
  CHECK(unlockpt(master));
  int slave = open(name, O_RDWR | O_NOCTTY);
  struct termios t;
  tcgetattr(slave, &t);
  printf("termios %o %o %o %o\n", t.c_iflag, t.c_oflag, t.c_cflag, t.c_lflag);
  write(master, "hi\r", 3);
  slave_read("line", slave);
  drain("echo", master);
  write(master, "ab\x7f" "c\x15" "d\n", 7);
  slave_read("edited", slave);
  drain("edit echo", master);
  write(slave, "a\nb", 3);
  drain("output", master);
  struct winsize w = {.ws_row = 10, .ws_col = 20};
  CHECK(ioctl(master, TIOCSWINSZ, &w));
  memset(&w, 0, sizeof w);
  ioctl(slave, TIOCGWINSZ, &w);
  printf("window %d %d\n", w.ws_row, w.ws_col);
  int ready[2];
  pipe(ready);
  pid_t child = fork();
  if (child == 0) {
    setsid();
    CHECK(ioctl(slave, TIOCSCTTY, 0));
    struct sigaction action = {.sa_handler = on_signal};
    sigaction(SIGINT, &action, NULL);
    write(ready[1], "r", 1);
    char buffer[32];
    ssize_t n = read(slave, buffer, sizeof buffer);
    printf("child read %zd %s signal %d\n", n, errno_name(n < 0 ? errno : 0), interrupted);
    n = read(slave, buffer, sizeof buffer);
    printf("child then %zd\n", n);
    _exit(0);
  }
  char byte;
  read(ready[0], &byte, 1);
  usleep(100000);
  write(master, "x\x03", 2);
  usleep(100000);
  write(master, "yz\n", 3);
  waitpid(child, NULL, 0);
  drain("child echo", master);
  close(slave);
  drain("slave closed", master);
  close(master);
  int amaster, aslave;
  CHECK(openpty(&amaster, &aslave, NULL, NULL, NULL));
  close(amaster);
  errno = 0;
  ssize_t n = write(aslave, "x", 1);
  printf("write after hang-up %zd %s\n", n, errno_name(errno));
}

int main(int argc, char **argv) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  if (argc < 2 || geteuid() != 0) {
    printf("usage: privileges admin|pty (as root)\n");
    return 2;
  }
  if (strcmp(argv[1], "admin") == 0) admin();
  else pty();
  return 0;
}
