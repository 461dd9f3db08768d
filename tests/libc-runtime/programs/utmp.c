// utmp/utmpx (issue 6): setutent/getutent/getutid/getutline/pututline/endutent/utmpname over a
// file of the program's own, their utmpx twins, updwtmp/updwtmpx, getutmp/getutmpx, and what
// happens with a file that does not exist (/var/run/utmp may not).
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utmp.h>
#include <utmpx.h>

static void show(const char *what, const struct utmp *u) {
  if (u == NULL) {
    printf("%s: NULL %s\n", what, errno ? strerrorname_np(errno) : "-");
    return;
  }
  printf("%s: type %d pid %d line '%.32s' id '%.4s' user '%.32s' host '%.20s' exit %d/%d session %d tv %d.%d addr %x\n",
         what, u->ut_type, u->ut_pid, u->ut_line, u->ut_id, u->ut_user, u->ut_host, u->ut_exit.e_termination,
         u->ut_exit.e_exit, u->ut_session, u->ut_tv.tv_sec, u->ut_tv.tv_usec, u->ut_addr_v6[0]);
}

static struct utmp entry(short type, int pid, const char *line, const char *id, const char *user) {
  struct utmp u;
  memset(&u, 0, sizeof u);
  u.ut_type = type;
  u.ut_pid = pid;
  strncpy(u.ut_line, line, sizeof u.ut_line);
  strncpy(u.ut_id, id, sizeof u.ut_id);
  strncpy(u.ut_user, user, sizeof u.ut_user);
  strcpy(u.ut_host, "example.org");
  u.ut_session = pid + 1;
  u.ut_tv.tv_sec = 1700000000 + pid;
  u.ut_tv.tv_usec = pid * 7;
  u.ut_addr_v6[0] = 0x0100007f;
  return u;
}

static void enumerate(const char *what) {
  setutent();
  struct utmp *u;
  int n = 0;
  errno = 0;
  while ((u = getutent()) != NULL) {
    char label[64];
    snprintf(label, sizeof label, "%s %d", what, n++);
    show(label, u);
    errno = 0;
  }
  printf("%s: end after %d, %s\n", what, n, errno ? strerrorname_np(errno) : "-");
}

static long file_size(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  printf("sizes %zu %zu\n", sizeof(struct utmp), sizeof(struct utmpx));

  // A file that does not exist: every reader ends at once with the open's error.
  printf("utmpname: %d\n", utmpname("/nonexistent-miros/utmp"));
  errno = 0;
  show("getutent", getutent());
  struct utmp key = entry(USER_PROCESS, 1, "pts/9", "ts/9", "nobody");
  errno = 0;
  show("getutline", getutline(&key));
  errno = 0;
  show("getutid", getutid(&key));
  errno = 0;
  show("pututline", pututline(&key));
  struct utmp buffer, *result = &buffer;
  errno = 0;
  int status = getutent_r(&buffer, &result);
  printf("getutent_r: %d %s %d\n", status, errno ? strerrorname_np(errno) : "-", result == NULL);
  endutent();

  char path[] = "/tmp/miros-utmp-XXXXXX";
  int fd = mkstemp(path);
  close(fd);
  printf("utmpname: %d\n", utmpname(path));
  enumerate("empty");

  struct utmp boot = entry(BOOT_TIME, 0, "~", "~~", "reboot");
  struct utmp login = entry(LOGIN_PROCESS, 100, "tty1", "tty1", "LOGIN");
  struct utmp user = entry(USER_PROCESS, 200, "pts/0", "ts/0", "alice");
  struct utmp other = entry(USER_PROCESS, 300, "pts/1", "ts/1", "bob");
  setutent();
  show("put boot", pututline(&boot));
  show("put login", pututline(&login));
  show("put user", pututline(&user));
  show("put other", pututline(&other));
  printf("file size %ld\n", file_size(path));
  enumerate("four");

  // getutid: by type for BOOT_TIME, by ut_id for the process types; getutline by ut_line.
  setutent();
  errno = 0;
  show("getutid boot", getutid(&(struct utmp){.ut_type = BOOT_TIME}));
  setutent();
  struct utmp find = entry(DEAD_PROCESS, 0, "", "ts/1", "");
  errno = 0;
  show("getutid ts/1", getutid(&find));
  errno = 0;
  show("getutid ts/1 again", getutid(&find));
  setutent();
  errno = 0;
  show("getutline pts/0", getutline(&(struct utmp){.ut_line = "pts/0"}));
  errno = 0;
  show("getutline tty1", getutline(&(struct utmp){.ut_line = "tty1"}));
  errno = 0;
  show("getutline missing", getutline(&(struct utmp){.ut_line = "pts/7"}));
  setutent();
  errno = 0;
  show("getutid empty type", getutid(&(struct utmp){.ut_type = EMPTY}));
  errno = 0;
  show("getutid bad type", getutid(&(struct utmp){.ut_type = 42}));

  // Replacing an entry: the user logs out (same id, DEAD_PROCESS), found from anywhere.
  struct utmp gone = entry(DEAD_PROCESS, 200, "pts/0", "ts/0", "");
  setutent();
  getutent();
  getutent();
  getutent();
  getutent();
  show("put dead", pututline(&gone));
  printf("file size %ld\n", file_size(path));
  struct utmp fresh = entry(USER_PROCESS, 400, "pts/2", "ts/2", "carol");
  show("put new", pututline(&fresh));
  printf("file size %ld\n", file_size(path));
  enumerate("after");

  // getutent_r / getutid_r / getutline_r.
  setutent();
  errno = 0;
  printf("getutent_r: %d\n", getutent_r(&buffer, &result));
  show("getutent_r result", result);
  errno = 0;
  printf("getutline_r: %d\n", getutline_r(&(struct utmp){.ut_line = "pts/2"}, &buffer, &result));
  show("getutline_r result", result);
  setutent();
  errno = 0;
  printf("getutid_r: %d\n", getutid_r(&(struct utmp){.ut_type = LOGIN_PROCESS, .ut_id = "tty1"}, &buffer, &result));
  show("getutid_r result", result);
  endutent();

  // The utmpx names.
  printf("utmpxname: %d\n", utmpxname(path));
  setutxent();
  struct utmpx *x;
  int n = 0;
  while ((x = getutxent()) != NULL) n++;
  printf("getutxent: %d entries\n", n);
  setutxent();
  errno = 0;
  x = getutxline(&(struct utmpx){.ut_line = "pts/1"});
  printf("getutxline: %s\n", x ? x->ut_user : "NULL");
  setutxent();
  x = getutxid(&(struct utmpx){.ut_type = USER_PROCESS, .ut_id = "ts/2"});
  printf("getutxid: %s\n", x ? x->ut_user : "NULL");
  struct utmpx changed;
  memset(&changed, 0, sizeof changed);
  changed.ut_type = USER_PROCESS;
  strcpy(changed.ut_id, "ts/2");
  strcpy(changed.ut_line, "pts/2");
  strcpy(changed.ut_user, "dave");
  x = pututxline(&changed);
  printf("pututxline: %s\n", x ? x->ut_user : "NULL");
  endutxent();
  struct utmp converted;
  getutmp(&changed, &converted);
  show("getutmp", &converted);
  struct utmpx back;
  getutmpx(&converted, &back);
  printf("getutmpx: %s %s\n", back.ut_user, back.ut_line);
  enumerate("final");
  endutent();

  // updwtmp appends to a file that exists, and does nothing (silently) to one that does not.
  char wtmp[] = "/tmp/miros-wtmp-XXXXXX";
  fd = mkstemp(wtmp);
  write(fd, "partial", 7);
  close(fd);
  updwtmp(wtmp, &user);
  printf("wtmp size %ld\n", file_size(wtmp));
  updwtmpx(wtmp, &changed);
  printf("wtmp size %ld\n", file_size(wtmp));
  errno = 0;
  updwtmp("/nonexistent-miros/wtmp", &user);
  printf("updwtmp missing: %s\n", errno ? strerrorname_np(errno) : "-");
  utmpname(wtmp);
  enumerate("wtmp");
  endutent();
  unlink(wtmp);
  unlink(path);
  printf("utmpname default: %d\n", utmpname(_PATH_UTMP));
  return 0;
}
