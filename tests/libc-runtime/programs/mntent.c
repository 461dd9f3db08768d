// <mntent.h> under Miros libc over a fixture written by the program: comments, blank lines,
// escapes (\040 \011 \012 \134 \\), missing fields and numbers, trailing blanks, a line longer
// than getmntent_r's buffer; hasmntopt on whole and partial option words; setmntent errors.
#include <errno.h>
#include <fcntl.h>
#include <mntent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char fixture[] =
    "# /etc/fstab: static file system information.\n"
    "\n"
    "   \t  \n"
    "UUID=1234-abcd / ext4 errors=remount-ro 0 1\n"
    "  /dev/sda2\t/home   ext4 defaults,noatime,user_xattr   0   2   \n"
    "//server/share\\040name /mnt/my\\040share cifs credentials=/root/.c,uid=1000,gid=1000,ro 0 0\n"
    "tab\\011in\\012name back\\134slash\\\\two odd\\x41 opts=a,b\n"
    "proc /proc proc\n"
    "onlyname\n"
    "tmpfs /tmp tmpfs mode=1777,nosuid 7\n"
    "sys /sys sysfs rw x y\n"
    "neg /neg none - -3 +4\n"
    "   # indented comment\n"
    "long /very/long/mount/point/that/does/not/fit/in/a/small/buffer/at/all/because/it/is/long ext4 defaults 0 0\n"
    "after /after ext2 ro,noexec,exec=no 1 1";

static void show(const struct mntent *m) {
  printf("[%s] [%s] [%s] [%s] %d %d", m->mnt_fsname, m->mnt_dir, m->mnt_type, m->mnt_opts, m->mnt_freq,
         m->mnt_passno);
  const char *opts[] = {"ro", "rw", "noatime", "exec", "uid", "gid", "user", "defaults", "no", ""};
  printf(" has:");
  for (unsigned i = 0; i < sizeof opts / sizeof *opts; i++) {
    char *at = hasmntopt(m, opts[i]);
    printf(" %s=%ld", opts[i], at == NULL ? -1L : (long)(at - m->mnt_opts));
  }
  printf("\n");
}

int main(void) {
  char path[] = "/tmp/miros-mntent-XXXXXX";
  int fd = mkstemp(path);
  write(fd, fixture, sizeof fixture - 1);
  close(fd);

  FILE *f = setmntent(path, "r");
  printf("setmntent: %s, cloexec=%d\n", f ? "ok" : "NULL", f ? fcntl(fileno(f), F_GETFD) : -1);
  struct mntent *m;
  while ((m = getmntent(f)) != NULL) show(m);
  printf("getmntent at end: %p\n", (void *)getmntent(f));
  printf("endmntent: %d\n", endmntent(f));

  f = setmntent(path, "r");
  struct mntent entry;
  char small[64];
  while (getmntent_r(f, &entry, small, sizeof small) != NULL) show(&entry);
  endmntent(f);

  errno = 0;
  f = setmntent("/nonexistent/fstab", "r");
  printf("missing file: %p errno=%d\n", (void *)f, errno);
  printf("endmntent(NULL): %d\n", endmntent(NULL));
  unlink(path);
  return 0;
}
