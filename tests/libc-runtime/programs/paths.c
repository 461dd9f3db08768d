/* realpath/canonicalize_file_name as glibc 2.36 (symlinks, "..", ENOENT/ENOTDIR/ELOOP, the
   partial result left in the caller's buffer, NULL buffer -> malloc) and small system functions
   (getentropy, arc4random*, statvfs/fstatvfs, fchmodat, utimensat/futimens, sendfile, get_nprocs). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/sysinfo.h>
#include <unistd.h>

static char base[PATH_MAX];

/* Paths are printed relative to the scratch directory (its own name varies). */
static const char *rel(const char *p) {
  size_t n = strlen(base);
  return strncmp(p, base, n) == 0 ? p + n : p;
}

static void rp(const char *path) {
  char buf[PATH_MAX];
  memset(buf, 0, sizeof buf);
  errno = 0;
  char *r = realpath(path, buf);
  int e = errno;
  char *m = canonicalize_file_name(path);
  printf("realpath(%s) = %s errno=%d buf=[%s] canonicalize=%s\n", rel(path), r ? rel(r) : "NULL", r ? 0 : e,
         rel(buf), m ? rel(m) : "NULL");
  free(m);
}

int main(void) {
  char tmpl[] = "/tmp/miros-paths-XXXXXX";
  if (!mkdtemp(tmpl)) return 1;
  char *real = realpath(tmpl, NULL);
  snprintf(base, sizeof base, "%s", real);
  free(real);
  if (chdir(base) != 0) return 2;
  mkdir("d", 0755);
  mkdir("d/e", 0755);
  close(open("d/file", O_CREAT | O_WRONLY, 0644));
  symlink("d/e", "rel-link");
  symlink(base, "abs-link");
  symlink("../d/file", "d/e/up-link");
  symlink("loop-b", "loop-a");
  symlink("loop-a", "loop-b");
  symlink("missing", "dangling");
  symlink("d/file/", "file-slash");
  symlink("rel-link/../..", "dotdot-link");

  static const char *const cases[] = {
    ".", "./", "d", "d/", "d/./e/..", "d/e/../../d/file", "rel-link", "rel-link/", "rel-link/up-link",
    "rel-link/..", "abs-link/d/e", "abs-link/abs-link/rel-link", "dotdot-link", "d/file", "d/file/",
    "d/file/.", "d/file/..", "d/file/x", "d/missing", "d/missing/x", "dangling", "loop-a", "loop-a/x",
    "file-slash", "/", "//", "///tmp/../", "/..", "", "/proc/self/cwd/d",
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char path[PATH_MAX];
    if (cases[i][0] == '/' || cases[i][0] == '\0') snprintf(path, sizeof path, "%s", cases[i]);
    else snprintf(path, sizeof path, "%s", cases[i]);
    rp(path);
  }
  char abs[PATH_MAX + 8];
  snprintf(abs, sizeof abs, "%s/d/e/up-link", base);
  rp(abs);
  errno = 0;
  char *null_result = realpath(NULL, NULL);
  printf("realpath(NULL) = %p errno=%d\n", (void *)null_result, errno);

  /* Small functions. */
  unsigned char bytes[300];
  int e256 = getentropy(bytes, 256);
  errno = 0;
  int e257 = getentropy(bytes, 257);
  printf("getentropy(256) = %d, getentropy(257) = %d errno=%d\n", e256, e257, errno);
  unsigned seen = 0;
  for (int i = 0; i < 200; i++) seen |= 1u << arc4random_uniform(5);
  printf("arc4random_uniform(5) covers 0..4: %d, uniform(1)=%u uniform(0)=%u\n", seen == 31, arc4random_uniform(1),
         arc4random_uniform(0));
  memset(bytes, 0, sizeof bytes);
  arc4random_buf(bytes, sizeof bytes);
  int nonzero = 0;
  for (size_t i = 0; i < sizeof bytes; i++) nonzero += bytes[i] != 0;
  printf("arc4random_buf filled: %d, arc4random differs: %d\n", nonzero > 250, arc4random() != arc4random());
  printf("get_nprocs >= 1: %d, conf >= nprocs: %d\n", get_nprocs() >= 1, get_nprocs_conf() >= get_nprocs());

  struct statvfs a, b;
  int fd = open("d/file", O_RDWR);
  int sa = statvfs("d", &a), sb = fstatvfs(fd, &b);
  printf("statvfs=%d fstatvfs=%d same: %d frsize>0: %d namemax=%lu\n", sa, sb,
         a.f_blocks == b.f_blocks && a.f_bsize == b.f_bsize && a.f_fsid == b.f_fsid && a.f_flag == b.f_flag,
         a.f_frsize > 0, a.f_namemax);
  errno = 0;
  sa = statvfs("d/missing", &a);
  printf("statvfs(missing)=%d errno=%d\n", sa, errno);

  struct stat st;
  printf("fchmodat=%d", fchmodat(AT_FDCWD, "d/file", 0600, 0));
  stat("d/file", &st);
  printf(" mode=%o", st.st_mode & 07777);
  errno = 0;
  int r1 = fchmodat(AT_FDCWD, "dangling", 0600, AT_SYMLINK_NOFOLLOW);
  printf(" nofollow on link=%d errno=%d", r1, errno);
  printf(" nofollow on file=%d", fchmodat(AT_FDCWD, "d/file", 0640, AT_SYMLINK_NOFOLLOW));
  errno = 0;
  r1 = fchmodat(AT_FDCWD, "d/file", 0600, 0x200);
  printf(" bad flag=%d errno=%d\n", r1, errno);

  /* Whole seconds: Miros's kernel keeps only seconds of utimensat times for now (reported). */
  struct timespec times[2] = {{1000000000, 0}, {1200000000, 0}};
  printf("utimensat=%d", utimensat(AT_FDCWD, "d/file", times, 0));
  stat("d/file", &st);
  printf(" atime=%ld.%ld mtime=%ld.%ld", (long)st.st_atim.tv_sec, st.st_atim.tv_nsec, (long)st.st_mtim.tv_sec,
         st.st_mtim.tv_nsec);
  times[1].tv_sec = 1300000000;
  printf(" futimens=%d", futimens(fd, times));
  fstat(fd, &st);
  printf(" mtime=%ld", (long)st.st_mtim.tv_sec);
  errno = 0;
  r1 = futimens(-1, times);
  printf(" futimens(-1)=%d errno=%d\n", r1, errno);

  write(fd, "hello, sendfile\n", 16);
  int in = open("d/file", O_RDONLY);
  off_t off = 7;
  fflush(stdout);
  ssize_t sent = sendfile(1, in, &off, 9);
  printf("sendfile=%zd offset now %ld\n", sent, (long)off);
  errno = 0;
  sent = sendfile(1, -1, NULL, 4);
  printf("sendfile(bad fd)=%zd errno=%d\n", sent, errno);
  close(in);
  close(fd);

  const char *rm[] = {"d/e/up-link", "rel-link", "abs-link", "loop-a", "loop-b", "dangling", "file-slash", "dotdot-link", "d/file"};
  for (size_t i = 0; i < sizeof rm / sizeof rm[0]; i++) unlink(rm[i]);
  rmdir("d/e");
  rmdir("d");
  chdir("/");
  printf("cleanup: %d\n", rmdir(base));
  return 0;
}
