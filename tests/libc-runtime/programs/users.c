// pwd.h and grp.h: the files database (/etc/passwd, /etc/group) as glibc's nss_files reads it.
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

static void show_passwd(const char *label, const struct passwd *p) {
  if (p == NULL) {
    printf("%s: NULL errno=%d\n", label, errno);
    return;
  }
  printf("%s: name=%s passwd=%s uid=%u gid=%u gecos=%s dir=%s shell=%s\n", label, p->pw_name, p->pw_passwd,
         (unsigned)p->pw_uid, (unsigned)p->pw_gid, p->pw_gecos, p->pw_dir, p->pw_shell);
}

static void show_group(const char *label, const struct group *g) {
  if (g == NULL) {
    printf("%s: NULL errno=%d\n", label, errno);
    return;
  }
  printf("%s: name=%s passwd=%s gid=%u members=", label, g->gr_name, g->gr_passwd, (unsigned)g->gr_gid);
  for (char **m = g->gr_mem; *m != NULL; m++) printf("%s%s", m == g->gr_mem ? "" : ",", *m);
  printf("\n");
}

int main(void) {
  errno = 0;
  show_passwd("getpwnam root", getpwnam("root"));
  struct passwd *first = getpwnam("root");
  struct passwd *second = getpwuid(65534);
  printf("static buffer shared: %d\n", first == second);
  show_passwd("getpwuid 65534", second);
  errno = 0;
  show_passwd("getpwnam nosuchuser", getpwnam("nosuchuser-miros"));
  errno = 0;
  show_passwd("getpwuid 4000000", getpwuid(4000000));
  errno = 0;
  show_passwd("getpwnam empty", getpwnam(""));

  struct passwd pw, *result = (struct passwd *)1;
  char small[8];
  int rc = getpwnam_r("root", &pw, small, sizeof small, &result);
  printf("getpwnam_r small: rc=%d result=%s\n", rc, result == NULL ? "NULL" : "set");
  char big[1024];
  rc = getpwuid_r(0, &pw, big, sizeof big, &result);
  printf("getpwuid_r 0: rc=%d same=%d in-buffer=%d\n", rc, result == &pw,
         pw.pw_name >= big && pw.pw_name < big + sizeof big);
  show_passwd("  entry", result);
  result = (struct passwd *)1;
  rc = getpwnam_r("nosuchuser-miros", &pw, big, sizeof big, &result);
  printf("getpwnam_r missing: rc=%d result=%s\n", rc, result == NULL ? "NULL" : "set");

  errno = 0;
  show_group("getgrnam root", getgrnam("root"));
  show_group("getgrgid 65534", getgrgid(65534));
  errno = 0;
  show_group("getgrnam nosuchgroup", getgrnam("nosuchgroup-miros"));
  errno = 0;
  show_group("getgrgid 4000000", getgrgid(4000000));
  struct group gr, *gresult = (struct group *)1;
  rc = getgrnam_r("root", &gr, small, 4, &gresult);
  printf("getgrnam_r small: rc=%d result=%s\n", rc, gresult == NULL ? "NULL" : "set");
  rc = getgrgid_r(0, &gr, big, sizeof big, &gresult);
  printf("getgrgid_r 0: rc=%d\n", rc);
  show_group("  entry", gresult);

  gid_t groups[64];
  int count = 64;
  rc = getgrouplist("root", 0, groups, &count);
  printf("getgrouplist root: rc=%d count=%d first=%u\n", rc, count, (unsigned)groups[0]);
  count = 0;
  rc = getgrouplist("root", 12345, groups, &count);
  printf("getgrouplist root count 0: rc=%d count=%d\n", rc, count);
  count = 64;
  rc = getgrouplist("nosuchuser-miros", 777, groups, &count);
  printf("getgrouplist missing user: rc=%d count=%d first=%u\n", rc, count, (unsigned)groups[0]);

  // Enumeration: count entries and check that uid 0 comes first, as in /etc/passwd.
  setpwent();
  int users = 0, sawRoot = 0;
  struct passwd *e;
  while ((e = getpwent()) != NULL) {
    if (users == 0) sawRoot = e->pw_uid == 0;
    users++;
  }
  endpwent();
  printf("getpwent: root first=%d at least 10=%d\n", sawRoot, users >= 10);
  setgrent();
  int groupsSeen = 0;
  struct group *ge;
  while ((ge = getgrent()) != NULL) groupsSeen++;
  endgrent();
  printf("getgrent: at least 10=%d\n", groupsSeen >= 10);
  return 0;
}
