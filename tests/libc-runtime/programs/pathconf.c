// pathconf and fpathconf as glibc 2.36 answers them on Linux: the file system's type (statfs's
// f_type) decides _PC_LINK_MAX, _PC_FILESIZEBITS and _PC_2_SYMLINKS; statvfs gives _PC_NAME_MAX
// and the transfer sizes; the rest are constants. Errors: an empty path is ENOENT, an unknown name
// EINVAL, a negative descriptor EBADF; a missing file fails only for the names that look at it.
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <stdio.h>
#include <unistd.h>

static const char *names[] = {"LINK_MAX",  "MAX_CANON",  "MAX_INPUT",        "NAME_MAX",        "PATH_MAX",
                              "PIPE_BUF",  "CHOWN_RESTRICTED", "NO_TRUNC", "VDISABLE",        "SYNC_IO",
                              "ASYNC_IO",  "PRIO_IO",    "SOCK_MAXBUF",      "FILESIZEBITS",    "REC_INCR_XFER_SIZE",
                              "REC_MAX_XFER_SIZE", "REC_MIN_XFER_SIZE", "REC_XFER_ALIGN", "ALLOC_SIZE_MIN",
                              "SYMLINK_MAX", "2_SYMLINKS"};

/** The names whose answer depends on the file system's type or statfs. */
static int depends_on_fs(int name) {
  return name == 0 || name == 3 || name == 13 || name == 16 || name == 17 || name == 18 || name == 20;
}

static int mask_fs;

static void path_row(const char *label, const char *path) {
  printf("pathconf(%s):", label);
  for (int name = 0; name <= 21; name++) {
    errno = 0;
    long value = pathconf(path, name);
    if (value > 0 && mask_fs && depends_on_fs(name)) printf(" %s=fs", names[name]);
    else if (value == -1 && errno != 0) printf(" %s=E%d", name <= 20 ? names[name] : "bad", errno);
    else printf(" %s=%ld", name <= 20 ? names[name] : "bad", value);
  }
  printf("\n");
}

static void fd_row(const char *what, int fd) {
  printf("fpathconf(%s):", what);
  for (int name = 0; name <= 21; name++) {
    errno = 0;
    long value = fpathconf(fd, name);
    if (value > 0 && mask_fs && depends_on_fs(name)) printf(" %s=fs", names[name]);
    else if (value == -1 && errno != 0) printf(" %s=E%d", name <= 20 ? names[name] : "bad", errno);
    else printf(" %s=%ld", name <= 20 ? names[name] : "bad", value);
  }
  printf("\n");
}

int main(void) {
  char file[] = "/tmp/miros-pathconfXXXXXX";
  int fd = mkstemp(file);
  mask_fs = 1;
  path_row("a /tmp file", file);
  path_row("\"/tmp\"", "/tmp");
  mask_fs = 0;
  path_row("\"/proc/self\"", "/proc/self");
  path_row("\"/nonexistent/x\"", "/nonexistent/x");
  path_row("\"\"", "");
  mask_fs = 1;
  fd_row("a /tmp file", fd);
  mask_fs = 0;
  int proc = open("/proc/self/status", O_RDONLY);
  fd_row("/proc/self/status", proc);
  fd_row("-1", -1);
  fd_row("a closed descriptor", 99);
  unlink(file);
  return 0;
}
