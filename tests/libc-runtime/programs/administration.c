// The system-administration calls (issue 6): chroot, capget/capset, sethostname/setdomainname in a
// UTS namespace of the process's own, unshare, setns, mount/umount, file handles, swap, acct,
// reboot, vhangup and clock_adjtime. Miros's model (src/kernel/capabilities.ts): a guest
// lacks CAP_SYS_ADMIN, SYS_BOOT, SYS_MODULE, SYS_TIME... A privileged run (root, as the recording
// and CI are) checks here only what root sees alike natively and in Miros: chroot, the capability
// sets root keeps, names in a new UTS namespace (never the host's), capset, the argument errors;
// a child that becomes nobody (uid/gid 65534) then checks the EPERM of every call, which is what a
// Linux process without those capabilities gets.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <grp.h>
#include <sys/mount.h>
#include <sys/quota.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/swap.h>
#include <sys/syscall.h>
#include <sys/timex.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int capget(cap_user_header_t header, cap_user_data_t data);
int capset(cap_user_header_t header, const cap_user_data_t data);

static void report(const char *what, long result) {
  if (result < 0) printf("%s: -1 %s\n", what, strerrorname_np(errno));
  else printf("%s: %ld\n", what, result);
}

#define CHECK(call) (errno = 0, report(#call, (long)(call)))

static void capabilities(const char *when) {
  struct __user_cap_header_struct header = {_LINUX_CAPABILITY_VERSION_3, 0};
  struct __user_cap_data_struct data[2];
  if (capget(&header, data) != 0) {
    printf("%s: capget failed: %s\n", when, strerrorname_np(errno));
    return;
  }
  unsigned effective = data[0].effective, permitted = data[0].permitted;
  // Root's full sets differ between hosts and Miros (which drops what it cannot honour): only the
  // capabilities both keep are shown, with every set when it is empty.
  printf("%s: chroot eff %d prm %d, setuid eff %d, chown eff %d prm %d, inheritable %x %x, all empty %d\n", when,
         !!(effective & (1u << CAP_SYS_CHROOT)), !!(permitted & (1u << CAP_SYS_CHROOT)),
         !!(effective & (1u << CAP_SETUID)), !!(effective & (1u << CAP_CHOWN)), !!(permitted & (1u << CAP_CHOWN)),
         data[0].inheritable, data[1].inheritable,
         (data[0].effective | data[0].permitted | data[1].effective | data[1].permitted) == 0);
}

static void capability_calls(void) {
  struct __user_cap_header_struct header = {0, 0};
  struct __user_cap_data_struct data[2];
  CHECK(capget(&header, NULL));
  printf("preferred version %#x\n", header.version);
  header.version = 0x12345678;
  CHECK(capget(&header, data));
  printf("version written back %#x\n", header.version);
  header.version = _LINUX_CAPABILITY_VERSION_1;
  header.pid = 0;
  CHECK(capget(&header, data));
  header.version = _LINUX_CAPABILITY_VERSION_3;
  header.pid = -1;
  CHECK(capget(&header, data));
  header.pid = 999999;
  CHECK(capget(&header, data));
  header.pid = getppid() == 1 ? 2 : getppid();
  CHECK(capset(&header, data));
  header.pid = 0;
  capget(&header, data);
  // Drop CAP_CHOWN from the effective set only, then take it back (still permitted).
  data[0].effective &= ~(1u << CAP_CHOWN);
  CHECK(capset(&header, data));
  capabilities("without chown");
  CHECK(chown("/", 0, 0));
  data[0].effective |= 1u << CAP_CHOWN;
  CHECK(capset(&header, data));
  capabilities("chown back");
  // The effective set cannot exceed the permitted one.
  data[0].permitted &= ~(1u << CAP_CHOWN);
  CHECK(capset(&header, data));
}

static void names(void) {
  CHECK(unshare(CLONE_NEWUTS));
  CHECK(sethostname("miros-test-host", 15));
  CHECK(setdomainname("example.org", 11));
  char long_name[80] = "x";
  CHECK(sethostname(long_name, 65));
  CHECK(syscall(SYS_sethostname, "y", -1));
  struct utsname u;
  uname(&u);
  printf("uname: %s %s\n", u.nodename, u.domainname);
  char buffer[80];
  CHECK(gethostname(buffer, sizeof buffer));
  printf("gethostname: %s\n", buffer);
  CHECK(getdomainname(buffer, sizeof buffer));
  printf("getdomainname: %s\n", buffer);
  CHECK(sethostname("with\0nul", 8));
  uname(&u);
  printf("after a NUL: %s\n", u.nodename);
  CHECK(sethostname("miros-child", 11));
  pid_t child = fork();
  if (child == 0) {
    uname(&u);
    printf("child sees %s\n", u.nodename);
    sethostname("changed-by-child", 16);
    _exit(0);
  }
  waitpid(child, NULL, 0);
  uname(&u);
  printf("parent sees %s\n", u.nodename);
}

/** glibc's getcwd fails with ENOENT for a cwd the root directory cannot reach. */
static void show_getcwd(const char *what) {
  char cwd[256];
  errno = 0;
  const char *result = getcwd(cwd, sizeof cwd);
  printf("%s: %s %s\n", what, result ? result : "NULL", errno ? strerrorname_np(errno) : "-");
}

static void chroot_calls(void) {
  char dir[] = "/tmp/miros-chroot-XXXXXX";
  if (!mkdtemp(dir)) return perror("mkdtemp");
  char path[64];
  snprintf(path, sizeof path, "%s/sub", dir);
  mkdir(path, 0755);
  snprintf(path, sizeof path, "%s/file", dir);
  FILE *f = fopen(path, "w");
  fputs("inside\n", f);
  fclose(f);
  int outside = open("/", O_RDONLY | O_DIRECTORY);
  CHECK(chroot("/nonexistent-miros"));
  CHECK(chroot(path));
  CHECK(chroot(dir));
  char cwd[256];
  show_getcwd("getcwd outside the root");
  long length = syscall(SYS_getcwd, cwd, sizeof cwd);
  printf("syscall getcwd outside the root: %s\n",
         length > 0 && strncmp(cwd, "(unreachable)/", 14) == 0 ? "(unreachable)/..." : cwd);
  CHECK(chdir("/"));
  printf("getcwd: %s\n", getcwd(cwd, sizeof cwd));
  CHECK(chdir("/../../.."));
  printf("getcwd after ..: %s\n", getcwd(cwd, sizeof cwd));
  char text[32] = {0};
  int fd = open("/../file", O_RDONLY);
  CHECK(fd);
  CHECK(read(fd, text, sizeof text - 1));
  printf("read: %s", text);
  close(fd);
  CHECK(access("/sub", F_OK));
  CHECK(access(dir, F_OK));
  CHECK(symlink("/../../sub", "/link"));
  CHECK(access("/link/.", F_OK));
  struct stat st;
  CHECK(stat("/", &st));
  printf("root is a directory: %d\n", S_ISDIR(st.st_mode));
  // A descriptor from outside the root still reaches outside.
  CHECK(faccessat(outside, dir + 1, F_OK, 0));
  CHECK(fchdir(outside));
  show_getcwd("getcwd after fchdir outside");
  CHECK(access(dir + 1, F_OK));
  CHECK(chdir(".."));
  CHECK(access(dir + 1, F_OK));
  pid_t child = fork();
  if (child == 0) {
    // A forked child keeps the root directory (and the cwd).
    CHECK(access("/file", F_OK));
    CHECK(access(dir + 1, F_OK));
    _exit(0);
  }
  waitpid(child, NULL, 0);
  char name[80];
  snprintf(name, sizeof name, "%s/file", dir + 1);
  unlinkat(outside, name, 0);
  snprintf(name, sizeof name, "%s/link", dir + 1);
  unlinkat(outside, name, 0);
  snprintf(name, sizeof name, "%s/sub", dir + 1);
  unlinkat(outside, name, AT_REMOVEDIR);
  CHECK(unlinkat(outside, dir + 1, AT_REMOVEDIR));
  close(outside);
}

/** What root sees alike: the errors found before any capability is checked. */
static void argument_errors(void) {
  CHECK(mount(NULL, "/nonexistent-miros", "tmpfs", 0, NULL));
  CHECK(mount("none", "/tmp", "tmpfs", MS_NOUSER, NULL));
  CHECK(umount2("/tmp", 0x100));
  CHECK(swapon("/nonexistent-miros", 0x100000));
  CHECK(clock_adjtime(12345, &(struct timex){0}));
  CHECK(clock_adjtime(CLOCK_MONOTONIC, &(struct timex){0}));
  struct file_handle *handle = malloc(sizeof *handle + 128);
  int mount_id;
  handle->handle_bytes = 128;
  CHECK(name_to_handle_at(AT_FDCWD, "/", handle, &mount_id, 0x4));
  CHECK(name_to_handle_at(AT_FDCWD, "/nonexistent-miros", handle, &mount_id, 0));
  CHECK(name_to_handle_at(AT_FDCWD, "/proc/self/status", handle, &mount_id, 0));
  CHECK(open_by_handle_at(-1, handle, O_RDONLY));
  handle->handle_bytes = 0;
  CHECK(open_by_handle_at(AT_FDCWD, handle, O_RDONLY));
  handle->handle_bytes = 129;
  CHECK(open_by_handle_at(AT_FDCWD, handle, O_RDONLY));
  free(handle);
  CHECK(setns(-1, 0));
  int pipes[2];
  pipe(pipes);
  CHECK(setns(pipes[0], 0));
  CHECK(unshare(0));
  CHECK(unshare(CLONE_FILES | CLONE_FS));
  CHECK(unshare(0x1));
}

/** A process without any capability: every privileged call fails with EPERM where Linux checks. */
static void unprivileged(void) {
  capabilities("nobody");
  CHECK(chroot("/"));
  CHECK(chroot("/nonexistent-miros"));
  CHECK(mount("none", "/tmp", "tmpfs", 0, NULL));
  CHECK(mount(NULL, "/nonexistent-miros", "tmpfs", 0, NULL));
  CHECK(umount("/tmp"));
  CHECK(umount2("/tmp", MNT_DETACH));
  CHECK(umount2("/tmp", 0x100));
  CHECK(swapon("/nonexistent-miros", 0));
  CHECK(swapoff("/nonexistent-miros"));
  CHECK(acct(NULL));
  CHECK(reboot(RB_AUTOBOOT));
  CHECK(sethostname("x", 1));
  char long_name[120] = "x";
  CHECK(sethostname(long_name, 100));
  CHECK(setdomainname("x", 1));
  CHECK(unshare(CLONE_NEWUTS));
  CHECK(unshare(CLONE_NEWNS));
  CHECK(unshare(CLONE_NEWIPC));
  CHECK(unshare(0));
  CHECK(vhangup());
  struct timex tx = {.modes = ADJ_FREQUENCY};
  CHECK(adjtimex(&tx));
  tx.modes = ADJ_OFFSET_SINGLESHOT;
  CHECK(adjtimex(&tx));
  tx.modes = 0;
  printf("adjtimex read: %d\n", adjtimex(&tx) >= 0);
  tx.modes = ADJ_OFFSET_SS_READ;
  printf("adjtime read: %d\n", adjtimex(&tx) >= 0);
  struct file_handle *handle = calloc(1, sizeof *handle + 128);
  handle->handle_bytes = 8;
  CHECK(open_by_handle_at(AT_FDCWD, handle, O_RDONLY));
  free(handle);
  // The new mount API and quotactl: argument errors first, then EPERM.
  CHECK(open_tree(AT_FDCWD, "/tmp", OPEN_TREE_CLONE));
  int tree = open_tree(AT_FDCWD, "/tmp", OPEN_TREE_CLOEXEC);
  struct stat st;
  printf("open_tree: %d, a directory %d, O_PATH %d, cloexec %d\n", tree >= 0, fstat(tree, &st) == 0 && S_ISDIR(st.st_mode),
         (fcntl(tree, F_GETFL) & O_PATH) != 0, fcntl(tree, F_GETFD) == FD_CLOEXEC);
  char buffer[8];
  CHECK(read(tree, buffer, sizeof buffer));
  close(tree);
  CHECK(open_tree(AT_FDCWD, "/nonexistent-miros", 0));
  CHECK(open_tree(AT_FDCWD, "/tmp", AT_RECURSIVE));
  CHECK(open_tree(AT_FDCWD, "/tmp", 0x4));
  CHECK(move_mount(AT_FDCWD, "/tmp", AT_FDCWD, "/mnt", 0));
  CHECK(fsopen("tmpfs", 0));
  CHECK(fsmount(-1, 0, 0));
  CHECK(fspick(AT_FDCWD, "/", 0));
  CHECK(fsconfig(-1, FSCONFIG_CMD_CREATE, NULL, NULL, 0));
  CHECK(fsconfig(99, FSCONFIG_CMD_CREATE, NULL, NULL, 0));
  CHECK(fsconfig(0, FSCONFIG_CMD_CREATE, NULL, NULL, 0));
  CHECK(fsconfig(0, FSCONFIG_SET_FLAG, NULL, NULL, 0));
  CHECK(fsconfig(0, 99, NULL, NULL, 0));
  struct mount_attr attributes = {0};
  CHECK(mount_setattr(AT_FDCWD, "/", 0x1, &attributes, sizeof attributes));
  CHECK(mount_setattr(AT_FDCWD, "/", 0, &attributes, 8));
  CHECK(mount_setattr(AT_FDCWD, "/", 0, &attributes, 8192));
  CHECK(mount_setattr(AT_FDCWD, "/", 0, &attributes, sizeof attributes));
  CHECK(quotactl(QCMD(Q_SYNC, USRQUOTA), NULL, 0, NULL));
  CHECK(quotactl(QCMD(Q_GETQUOTA, USRQUOTA), NULL, 0, NULL));
  CHECK(quotactl(QCMD(Q_GETQUOTA, 5), "/tmp", 0, NULL));
  CHECK(quotactl(QCMD(Q_GETQUOTA, USRQUOTA), "/nonexistent-miros", 0, NULL));
  CHECK(quotactl(QCMD(Q_GETQUOTA, USRQUOTA), "/tmp", 0, NULL));
  struct __user_cap_header_struct header = {_LINUX_CAPABILITY_VERSION_3, 0};
  struct __user_cap_data_struct data[2] = {{1u << CAP_CHOWN, 1u << CAP_CHOWN, 0}, {0, 0, 0}};
  CHECK(capset(&header, data));
  data[0].effective = data[0].permitted = 0;
  data[0].inheritable = 1u << CAP_KILL;
  CHECK(capset(&header, data));
}

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  if (geteuid() != 0) {
    printf("this program expects to start as root\n");
    return 1;
  }
  capabilities("root");
  capability_calls();
  argument_errors();
  pid_t child = fork();
  if (child == 0) {
    names();
    _exit(0);
  }
  waitpid(child, NULL, 0);
  child = fork();
  if (child == 0) {
    chroot_calls();
    _exit(0);
  }
  waitpid(child, NULL, 0);
  child = fork();
  if (child == 0) {
    if (setgroups(0, NULL) || setresgid(65534, 65534, 65534) || setresuid(65534, 65534, 65534)) perror("drop");
    unprivileged();
    _exit(0);
  }
  int status;
  waitpid(child, &status, 0);
  printf("done %d\n", status);
  return 0;
}
