// Enumerations of the user, group and hosts databases through their reentrant forms (getpwent_r,
// getgrent_r, gethostent_r: the end, a buffer too small, rewinding), memccpy/rawmemchr/stpcpy edge
// cases, lockf within one process, the reentrant lookups' ERANGE and the shadow enumerations
// (src/libc/pwd, src/libc/inet/host-lookups.ts, src/libc/string,
// src/libc/unistd/file-system-functions.ts). Output as glibc's.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <gshadow.h>
#include <shadow.h>
#include <netdb.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <arpa/inet.h>
#include <string.h>
#include <unistd.h>

static void passwd_entries(void) {
  struct passwd pw, *result;
  char buffer[1024], tiny[8];
  int count = 0, status;
  setpwent();
  errno = 0;
  status = getpwent_r(&pw, tiny, sizeof tiny, &result);
  printf("getpwent_r tiny buffer: %d (%s) result %s\n", status, strerror(status), result ? "set" : "NULL");
  while ((status = getpwent_r(&pw, buffer, sizeof buffer, &result)) == 0) {
    if (count++ == 0) printf("  first: %s uid %u gid %u home %s\n", pw.pw_name, pw.pw_uid, pw.pw_gid, pw.pw_dir);
  }
  int saved = errno;
  int classic = 0;
  setpwent();
  while (getpwent() != NULL) classic++;
  endpwent();
  printf("getpwent_r: as many entries as getpwent: %s, then %d (%s), errno %s, result %s\n", count == classic ? "yes" : "no", status, strerror(status), strerrorname_np(saved) ? strerrorname_np(saved) : "0", result ? "set" : "NULL");
  setpwent();
  for (int i = 0; i < count; i++) getpwent_r(&pw, buffer, sizeof buffer, &result);
  status = getpwent_r(&pw, buffer, sizeof buffer, &result);
  printf("again at the end: %d\n", status);
  endpwent();
  status = getpwent_r(&pw, buffer, sizeof buffer, &result);
  printf("after endpwent: %d %s\n", status, status == 0 ? pw.pw_name : "-");
  endpwent();
}

static void group_entries(void) {
  struct group gr, *result;
  char buffer[4096], tiny[4];
  int count = 0, status;
  setgrent();
  status = getgrent_r(&gr, tiny, sizeof tiny, &result);
  printf("getgrent_r tiny buffer: %d (%s)\n", status, strerror(status));
  while ((status = getgrent_r(&gr, buffer, sizeof buffer, &result)) == 0) {
    if (count++ == 0) printf("  first: %s gid %u\n", gr.gr_name, gr.gr_gid);
  }
  int classic = 0;
  setgrent();
  while (getgrent() != NULL) classic++;
  printf("getgrent_r: as many entries as getgrent: %s, then %d (%s), result %s\n", count == classic ? "yes" : "no", status, strerror(status), result ? "set" : "NULL");
  endgrent();
}

static void host_entries(void) {
  struct hostent he, *result;
  char buffer[2048], tiny[8];
  char names[64][64];
  int families[64], classic = 0, herr = -1, count = 0, differ = 0, status;
  sethostent(0);
  for (struct hostent *h; classic < 64 && (h = gethostent()) != NULL; classic++) {
    snprintf(names[classic], sizeof names[classic], "%s", h->h_name);
    families[classic] = h->h_addrtype;
  }
  sethostent(0);
  status = gethostent_r(&he, tiny, sizeof tiny, &result, &herr);
  printf("gethostent_r tiny buffer: %d (%s) h_errno %d\n", status, strerror(status), herr);
  herr = -1;
  while ((status = gethostent_r(&he, buffer, sizeof buffer, &result, &herr)) == 0) {
    if (count >= classic || strcmp(names[count], he.h_name) != 0 || families[count] != he.h_addrtype) differ++;
    count++;
  }
  printf("gethostent_r: same entries as gethostent: %s, then %d (%s), h_errno %d, result %s\n",
         count == classic && differ == 0 ? "yes" : "no", status, strerror(status), herr, result ? "set" : "NULL");
  endhostent();
}

static void string_functions(void) {
  char source[] = "key=value\0after";
  char destination[32];
  memset(destination, '#', sizeof destination);
  char *end = memccpy(destination, source, '=', sizeof source);
  printf("memccpy '=': %ld bytes, next '%c'\n", (long)(end - destination), end[0]);
  end = memccpy(destination, source, '!', 5);
  printf("memccpy absent: %s, copied '%.5s' then '%c'\n", end ? "set" : "NULL", destination, destination[5]);
  end = memccpy(destination, source, 'a', sizeof source);
  printf("memccpy 'a': %ld\n", (long)(end - destination));
  end = memccpy(destination, source, 'f', sizeof source);
  printf("memccpy past a NUL 'f': %ld\n", (long)(end - destination));
  printf("memccpy n=0: %s\n", memccpy(destination, source, 'k', 0) ? "set" : "NULL");
  printf("rawmemchr past NUL: %ld\n", (long)((char *)rawmemchr(source, 't') - source));
  printf("rawmemchr NUL: %ld\n", (long)((char *)rawmemchr(source, 0) - source));
  char copy[32];
  char *tail = stpcpy(copy, "abc");
  printf("stpcpy: %ld '%s'\n", (long)(tail - copy), copy);
}

static void record_locks(void) {
  char path[] = "/tmp/miros-lockf-XXXXXX";
  int fd = mkstemp(path);
  if (write(fd, "0123456789", 10) != 10) return;
  lseek(fd, 2, SEEK_SET);
  printf("lockf F_TLOCK 4: %d\n", lockf(fd, F_TLOCK, 4));
  printf("lockf F_TEST (own lock): %d\n", lockf(fd, F_TEST, 4));
  printf("lockf F_ULOCK: %d\n", lockf(fd, F_ULOCK, 4));
  errno = 0;
  int bad = lockf(fd, 42, 0);
  printf("lockf bad command: %d %s\n", bad, strerrorname_np(errno));
  errno = 0;
  bad = lockf(99, F_LOCK, 0);
  printf("lockf bad fd: %d %s\n", bad, strerrorname_np(errno));
  printf("lockf64 F_LOCK: %d\n", lockf64(fd, F_LOCK, 0));
  close(fd);
  unlink(path);
}

/* The reentrant lookups' ERANGE (errno too), a missing name, and the shadow enumerations' end and
   rewind after ERANGE (as root: /etc/shadow and /etc/gshadow are readable). */
static void reentrant_lookups(void) {
  char tiny[4], buffer[4096];
  struct passwd pw, *p;
  struct group gr, *g;
  struct spwd sp, *s;
  struct sgrp sg, *sgp;
  errno = 0;
  int r = getpwnam_r("root", &pw, tiny, sizeof tiny, &p);
  printf("getpwnam_r tiny %d errno %d\n", r, errno);
  errno = 0;
  r = getgrnam_r("root", &gr, tiny, sizeof tiny, &g);
  printf("getgrnam_r tiny %d errno %d\n", r, errno);
  errno = 0;
  r = getspnam_r("root", &sp, tiny, sizeof tiny, &s);
  printf("getspnam_r tiny %d errno %d\n", r, errno);
  errno = 0;
  r = getsgnam_r("root", &sg, tiny, sizeof tiny, &sgp);
  printf("getsgnam_r tiny %d errno %d\n", r, errno);
  errno = 0;
  r = getpwnam_r("nosuchuser", &pw, buffer, sizeof buffer, &p);
  printf("getpwnam_r none %d errno %d %s\n", r, errno, p ? "set" : "NULL");
  errno = 0;
  r = getspnam_r("nosuchuser", &sp, buffer, sizeof buffer, &s);
  printf("getspnam_r none %d errno %d %s\n", r, errno, s ? "set" : "NULL");
  setspent();
  errno = 0;
  r = getspent_r(&sp, tiny, sizeof tiny, &s);
  printf("getspent_r tiny %d errno %d\n", r, errno);
  errno = 0;
  r = getspent_r(&sp, buffer, sizeof buffer, &s);
  printf("getspent_r after tiny: %d first %s\n", r, r == 0 ? sp.sp_namp : "-");
  while ((r = getspent_r(&sp, buffer, sizeof buffer, &s)) == 0) continue;
  printf("getspent_r end %d errno %d %s\n", r, errno, s ? "set" : "NULL");
  endspent();
  setsgent();
  errno = 0;
  r = getsgent_r(&sg, tiny, sizeof tiny, &sgp);
  printf("getsgent_r tiny %d errno %d\n", r, errno);
  r = getsgent_r(&sg, buffer, sizeof buffer, &sgp);
  printf("getsgent_r after tiny: %d first %s\n", r, r == 0 ? sg.sg_namp : "-");
  while ((r = getsgent_r(&sg, buffer, sizeof buffer, &sgp)) == 0) continue;
  printf("getsgent_r end %d errno %d %s\n", r, errno, sgp ? "set" : "NULL");
  endsgent();
}

int main(void) {
  passwd_entries();
  group_entries();
  host_entries();
  string_functions();
  record_locks();
  reentrant_lookups();
  return 0;
}
