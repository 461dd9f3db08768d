// inotify: the events Linux sends, in order, for changes made by this program and a forked child:
// create/open/modify/close_write, access/close_nowrite, attrib, O_TRUNC, truncate, link, unlink
// (attrib, delete, delete_self, ignored), mkdir/rmdir (IN_ISDIR), rename within and across watched
// directories (moved_from/moved_to with one cookie, move_self), consecutive equal events merged,
// IN_ONESHOT, IN_ONLYDIR, IN_MASK_ADD, IN_MASK_CREATE, inotify_rm_watch's IN_IGNORED, IN_Q_OVERFLOW,
// FIONREAD, poll, a too-small read (EINVAL), O_NONBLOCK (EAGAIN), a read blocked until a child
// creates a file, directory listings, IN_EXCL_UNLINK, IN_DONT_FOLLOW on a symbolic link, epoll, and
// the errors of inotify_init1/add_watch/rm_watch.
#define _GNU_SOURCE
#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *names[] = {"ACCESS", "MODIFY", "ATTRIB", "CLOSE_WRITE", "CLOSE_NOWRITE", "OPEN", "MOVED_FROM",
                              "MOVED_TO", "CREATE", "DELETE", "DELETE_SELF", "MOVE_SELF"};
static unsigned last_cookie;

static void show_mask(unsigned mask) {
  for (int i = 0; i < 12; i++)
    if (mask & (1u << i)) printf(" %s", names[i]);
  if (mask & IN_Q_OVERFLOW) printf(" Q_OVERFLOW");
  if (mask & IN_IGNORED) printf(" IGNORED");
  if (mask & IN_ISDIR) printf(" ISDIR");
  if (mask & IN_UNMOUNT) printf(" UNMOUNT");
}

// Prints every queued event; returns how many.
static int drain(int fd, const char *what) {
  char buffer[4096] __attribute__((aligned(8)));
  int count = 0;
  printf("%s:\n", what);
  for (;;) {
    ssize_t n = read(fd, buffer, sizeof buffer);
    if (n <= 0) break;
    for (char *p = buffer; p < buffer + n;) {
      struct inotify_event *e = (struct inotify_event *)p;
      printf("  wd %d", e->wd);
      show_mask(e->mask);
      if (e->cookie) {
        printf(" cookie %s", e->cookie == last_cookie ? "same" : "new");
        last_cookie = e->cookie;
      }
      if (e->len) printf(" name '%s' (len %u)", e->name, e->len);
      printf("\n");
      p += sizeof *e + e->len;
      count++;
    }
  }
  return count;
}

static void result(const char *what, long value) {
  if (value < 0)
    printf("%s: -1 %s\n", what, strerror(errno));
  else
    printf("%s: %ld\n", what, value);
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  char dir[] = "/tmp/miros-inotify-XXXXXX";
  if (!mkdtemp(dir)) return 1;
  if (chdir(dir) != 0) return 1;
  mkdir("sub", 0755);
  mkdir("other", 0755);

  result("init1 bad flags", inotify_init1(0x10));
  int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  printf("cloexec %d\n", (fcntl(fd, F_GETFD) & FD_CLOEXEC) != 0);
  result("watch .", inotify_add_watch(fd, ".", IN_ALL_EVENTS));
  result("empty mask", inotify_add_watch(fd, ".", 0));
  result("missing path", inotify_add_watch(fd, "nothing", IN_ALL_EVENTS));
  result("not inotify", inotify_add_watch(0, ".", IN_ALL_EVENTS));
  result("closed fd", inotify_add_watch(99, ".", IN_ALL_EVENTS));
  result("add and create", inotify_add_watch(fd, ".", IN_MASK_ADD | IN_MASK_CREATE | IN_CREATE));
  result("mask create again", inotify_add_watch(fd, ".", IN_MASK_CREATE | IN_CREATE));
  result("empty queue", read(fd, (char[64]){0}, 64));

  int f = open("a", O_WRONLY | O_CREAT, 0644);
  write(f, "hello", 5);
  write(f, "again", 5);
  close(f);
  drain(fd, "create, write twice, close");

  f = open("a", O_RDONLY);
  char buffer[16];
  read(f, buffer, sizeof buffer);
  read(f, buffer, sizeof buffer);
  close(f);
  chmod("a", 0600);
  truncate("a", 2);
  f = open("a", O_WRONLY | O_TRUNC);
  close(f);
  drain(fd, "read, chmod, truncate, O_TRUNC");

  int self = inotify_add_watch(fd, "a", IN_ALL_EVENTS);
  result("watch a", self);
  link("a", "b");
  unlink("b");
  f = open("a", O_WRONLY | O_APPEND);
  write(f, "x", 1);
  close(f);
  unlink("a");
  drain(fd, "link, unlink, write, unlink last");

  mkdir("d", 0755);
  rmdir("d");
  close(open("c", O_WRONLY | O_CREAT, 0644));
  rename("c", "e");
  int sub = inotify_add_watch(fd, "sub", IN_MOVED_TO | IN_MOVED_FROM | IN_ONLYDIR);
  result("watch sub", sub);
  rename("e", "sub/f");
  rename("sub/f", "other/g");
  rename("sub", "moved");
  drain(fd, "mkdir, rmdir, renames");

  result("onlydir on a file", inotify_add_watch(fd, "other/g", IN_ALL_EVENTS | IN_ONLYDIR));
  int oneshot = inotify_add_watch(fd, "other", IN_CREATE | IN_ONESHOT);
  close(open("other/h", O_WRONLY | O_CREAT, 0644));
  close(open("other/i", O_WRONLY | O_CREAT, 0644));
  drain(fd, "oneshot (two creates)");
  result("rm_watch gone oneshot", inotify_rm_watch(fd, oneshot));
  int other = inotify_add_watch(fd, "other", IN_DELETE);
  result("mask add", inotify_add_watch(fd, "other", IN_CREATE | IN_MASK_ADD) == other);
  close(open("other/j", O_WRONLY | O_CREAT, 0644));
  unlink("other/j");
  result("replace mask", inotify_add_watch(fd, "other", IN_ATTRIB) == other);
  close(open("other/k", O_WRONLY | O_CREAT, 0644));
  chmod("other/k", 0600);
  result("rm_watch", inotify_rm_watch(fd, other));
  result("rm_watch again", inotify_rm_watch(fd, other));
  drain(fd, "mask add, replace, rm_watch");

  close(open("z", O_WRONLY | O_CREAT, 0644));
  int queued = 0;
  ioctl(fd, FIONREAD, &queued);
  printf("FIONREAD %d\n", queued);
  struct pollfd p = {fd, POLLIN, 0};
  int ready = poll(&p, 1, 0);
  printf("poll %d revents %d\n", ready, p.revents);
  result("read 10 bytes", read(fd, buffer, 10));
  drain(fd, "create z");
  p.revents = 0;
  printf("poll empty %d\n", poll(&p, 1, 0));

  // A blocking read on a second instance, woken by a child's create.
  int blocking = inotify_init();
  inotify_add_watch(blocking, ".", IN_CREATE);
  pid_t child = fork();
  if (child == 0) {
    usleep(20000);
    close(open("from-child", O_WRONLY | O_CREAT, 0644));
    _exit(0);
  }
  char event[64] __attribute__((aligned(8)));
  ssize_t n = read(blocking, event, sizeof event);
  struct inotify_event *e = (struct inotify_event *)event;
  printf("blocking read %zd: name '%s'\n", n, e->name);
  waitpid(child, NULL, 0);
  close(blocking);
  drain(fd, "the child's create");

  // A directory listed: seen from the directory itself and from its parent.
  mkdir("listed", 0755);
  int listed = inotify_add_watch(fd, "listed", IN_OPEN | IN_ACCESS | IN_CLOSE_NOWRITE);
  result("watch listed", listed);
  DIR *list = opendir("listed");
  while (readdir(list)) {
  }
  closedir(list);
  rmdir("listed");
  drain(fd, "listing a directory, removing it");

  // IN_EXCL_UNLINK: no more events for a child once it is unlinked (another instance has it).
  int exclusive = inotify_init1(IN_NONBLOCK);
  inotify_add_watch(exclusive, ".", IN_MODIFY | IN_CLOSE_WRITE | IN_EXCL_UNLINK);
  int u = open("unlinked", O_WRONLY | O_CREAT, 0644);
  write(u, "a", 1);
  unlink("unlinked");
  write(u, "b", 1);
  close(u);
  drain(exclusive, "IN_EXCL_UNLINK");
  close(exclusive);
  drain(fd, "the same without IN_EXCL_UNLINK");

  // A symbolic link watched itself (IN_DONT_FOLLOW) and through it.
  close(open("target", O_WRONLY | O_CREAT, 0644));
  symlink("target", "link");
  drain(fd, "target and link made");
  int on_link = inotify_add_watch(fd, "link", IN_ATTRIB | IN_DONT_FOLLOW);
  int on_target = inotify_add_watch(fd, "link", IN_ATTRIB);
  printf("link and target watches differ %d\n", on_link != on_target);
  struct timespec times[2] = {{0, UTIME_NOW}, {0, UTIME_NOW}};
  utimensat(AT_FDCWD, "link", times, AT_SYMLINK_NOFOLLOW);
  chmod("link", 0600);
  drain(fd, "utimensat on the link, chmod through it");
  unlink("link");
  unlink("target");
  drain(fd, "link and target removed");

  // epoll on an inotify descriptor.
  int ep = epoll_create1(0);
  struct epoll_event ev = {.events = EPOLLIN, .data.u32 = 7};
  epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
  struct epoll_event got = {0};
  printf("epoll before: %d\n", epoll_wait(ep, &got, 1, 0));
  close(open("epolled", O_WRONLY | O_CREAT, 0644));
  int ready_events = epoll_wait(ep, &got, 1, 0);
  printf("epoll after: %d data %u events %u\n", ready_events, got.data.u32, got.events);
  close(ep);
  unlink("epolled");
  drain(fd, "epoll");

  // A directory's own watch: moved, then removed.
  int moved = inotify_add_watch(fd, "moved", IN_MOVE_SELF | IN_DELETE_SELF | IN_ATTRIB);
  result("watch moved", moved);
  rename("moved", "moved2");
  chmod("moved2", 0700);
  rmdir("moved2");
  drain(fd, "directory moved, chmod, removed");

  // Overflow: alternating attribute changes are never merged (with "." unwatched meanwhile).
  result("rm_watch .", inotify_rm_watch(fd, 1));
  drain(fd, "unwatched");
  int overflow = inotify_init1(IN_NONBLOCK);
  inotify_add_watch(overflow, ".", IN_ATTRIB);
  for (int i = 0; i < 8300; i++) {
    chmod("z", 0600);
    chmod("from-child", 0600);
  }
  int events = 0, overflows = 0;
  char big[65536] __attribute__((aligned(8)));
  while ((n = read(overflow, big, sizeof big)) > 0) {
    for (char *q = big; q < big + n;) {
      struct inotify_event *o = (struct inotify_event *)q;
      if (o->mask & IN_Q_OVERFLOW) overflows++, printf("overflow event: wd %d len %u\n", o->wd, o->len);
      events++;
      q += sizeof *o + o->len;
    }
  }
  printf("events %d, overflows %d\n", events, overflows);
  close(overflow);
  result("watch . again", inotify_add_watch(fd, ".", IN_DELETE | IN_DELETE_SELF));

  unlink("z");
  unlink("from-child");
  unlink("other/g");
  unlink("other/h");
  unlink("other/i");
  unlink("other/k");
  rmdir("other");
  drain(fd, "cleanup");
  chdir("/");
  rmdir(dir);
  drain(fd, "directory removed");
  close(fd);
  return 0;
}
