// Records how glibc's files parser reads passwd and group lines (fgetpwent/fgetgrent use the
// parser nss_files uses for /etc/passwd and /etc/group) for tests/libc/user-database.test.ts.
// Build and run: gcc -O2 -o /tmp/user-database generators/user-database.c &&
//   /tmp/user-database data/user-database.passwd data/user-database.group > data/user-database.expected
#include <grp.h>
#include <pwd.h>
#include <stdio.h>

int main(int argc, char **argv) {
  if (argc != 3) return 2;
  FILE *passwd = fopen(argv[1], "r");
  FILE *group = fopen(argv[2], "r");
  if (passwd == NULL || group == NULL) return 1;
  struct passwd *p;
  while ((p = fgetpwent(passwd)) != NULL)
    printf("passwd|%s|%s|%u|%u|%s|%s|%s\n", p->pw_name, p->pw_passwd, (unsigned)p->pw_uid, (unsigned)p->pw_gid,
           p->pw_gecos, p->pw_dir, p->pw_shell);
  struct group *g;
  while ((g = fgetgrent(group)) != NULL) {
    printf("group|%s|%s|%u|", g->gr_name, g->gr_passwd, (unsigned)g->gr_gid);
    for (char **m = g->gr_mem; *m != NULL; m++) printf("%s%s", m == g->gr_mem ? "" : ",", *m);
    printf("\n");
  }
  return 0;
}
