// The account databases on streams (issue 6): putpwent, putgrent, putspent, putsgent write
// entries glibc's way (invalid fields, gecos rewriting, compat entries, empty shadow fields), and
// fgetpwent, fgetgrent, fgetspent, fgetsgent read them back (comments, blank and unparsable lines
// skipped, ENOENT at the end); gshadow's sgetsgent parser and getsgnam(_r) of root.
#define _GNU_SOURCE
#include <errno.h>
#include <grp.h>
#include <gshadow.h>
#include <pwd.h>
#include <shadow.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void result(const char *what, int value) {
  printf("%s: %d %s\n", what, value, value < 0 ? strerrorname_np(errno) : "-");
}

#define CHECK(call) (errno = 0, result(#call, (call)))

static void dump(FILE *f) {
  rewind(f);
  char line[256];
  while (fgets(line, sizeof line, f)) printf("  | %s", line);
  rewind(f);
}

static void list(const char *what, char **items) {
  printf(" %s[", what);
  if (items == NULL) printf("NULL");
  else
    for (int i = 0; items[i]; i++) printf("%s'%s'", i ? "," : "", items[i]);
  printf("]");
}

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  FILE *f = tmpfile();

  struct passwd pw = {"alice", "x", 1000, 1000, "Alice: the\nfirst", "/home/alice", "/bin/sh"};
  CHECK(putpwent(&pw, f));
  struct passwd compat = {"+nis", "", 5, 6, NULL, NULL, NULL};
  CHECK(putpwent(&compat, f));
  struct passwd bad = {"bo:b", "x", 1, 1, "", "/", "/bin/sh"};
  CHECK(putpwent(&bad, f));
  struct passwd bad_shell = {"bob", "x", 1, 1, "", "/", "/bin/\nsh"};
  CHECK(putpwent(&bad_shell, f));
  CHECK(putpwent(NULL, f));
  fputs("# a comment\n\n   carol:x:1002:1002::/home/carol:/bin/bash\nbroken:x:notanumber:1::/:/bin/sh\n", f);
  dump(f);
  struct passwd *p;
  while ((p = fgetpwent(f)) != NULL)
    printf("fgetpwent: '%s' '%s' %u %u '%s' '%s' '%s'\n", p->pw_name, p->pw_passwd, p->pw_uid, p->pw_gid, p->pw_gecos,
           p->pw_dir, p->pw_shell);
  printf("fgetpwent end: %s\n", strerrorname_np(errno));
  fclose(f);

  f = tmpfile();
  char *members[] = {"alice", "bob", NULL};
  struct group gr = {"staff", "x", 50, members};
  CHECK(putgrent(&gr, f));
  struct group empty = {"empty", NULL, 51, NULL};
  CHECK(putgrent(&empty, f));
  struct group compat_group = {"-nis", "", 52, members};
  CHECK(putgrent(&compat_group, f));
  char *bad_members[] = {"a,b", NULL};
  struct group bad_group = {"bad", "x", 53, bad_members};
  CHECK(putgrent(&bad_group, f));
  fputs("spaced:x:54: dave ,, eve\n", f);
  dump(f);
  struct group *g;
  while ((g = fgetgrent(f)) != NULL) {
    printf("fgetgrent: '%s' '%s' %u", g->gr_name, g->gr_passwd, g->gr_gid);
    list("members", g->gr_mem);
    printf("\n");
  }
  printf("fgetgrent end: %s\n", strerrorname_np(errno));
  fclose(f);

  f = tmpfile();
  struct spwd sp = {"alice", "$6$hash", 19000, 0, 99999, 7, -1, -1, ~0ul};
  CHECK(putspent(&sp, f));
  struct spwd full = {"bob", "!", 1, 2, 3, 4, 5, 6, 7};
  CHECK(putspent(&full, f));
  struct spwd negative_flag = {"carol", NULL, -1, -1, -1, -1, -1, -1, (unsigned long)-5};
  CHECK(putspent(&negative_flag, f));
  struct spwd bad_sp = {"x:y", "", 1, 1, 1, 1, 1, 1, 1};
  CHECK(putspent(&bad_sp, f));
  dump(f);
  struct spwd *s;
  while ((s = fgetspent(f)) != NULL)
    printf("fgetspent: '%s' '%s' %ld %ld %ld %ld %ld %ld %#lx\n", s->sp_namp, s->sp_pwdp, s->sp_lstchg, s->sp_min,
           s->sp_max, s->sp_warn, s->sp_inact, s->sp_expire, s->sp_flag);
  printf("fgetspent end: %s\n", strerrorname_np(errno));
  fclose(f);

  f = tmpfile();
  char *admins[] = {"root", NULL};
  struct sgrp sg = {"staff", "!", admins, members};
  CHECK(putsgent(&sg, f));
  struct sgrp sg_empty = {"empty", NULL, NULL, NULL};
  CHECK(putsgent(&sg_empty, f));
  struct sgrp sg_bad = {"bad", "x", bad_members, NULL};
  CHECK(putsgent(&sg_bad, f));
  fputs("lonely\n+compat\nspaced:: a, ,b : c,d\n", f);
  dump(f);
  struct sgrp *e;
  while ((e = fgetsgent(f)) != NULL) {
    printf("fgetsgent: '%s' '%s'", e->sg_namp, e->sg_passwd ? e->sg_passwd : "(null)");
    list("adm", e->sg_adm);
    list("mem", e->sg_mem);
    printf("\n");
  }
  printf("fgetsgent end: %s\n", strerrorname_np(errno));
  fclose(f);

  e = sgetsgent("wheel:*:root,admin:alice");
  printf("sgetsgent: '%s' '%s'", e->sg_namp, e->sg_passwd);
  list("adm", e->sg_adm);
  list("mem", e->sg_mem);
  printf("\n");
  e = getsgnam("root");
  printf("getsgnam root: %s\n", e ? e->sg_namp : "NULL");
  struct sgrp entry, *found;
  char buffer[1024];
  int status = getsgnam_r("root", &entry, buffer, sizeof buffer, &found);
  printf("getsgnam_r root: %d %s\n", status, found ? found->sg_namp : "NULL");
  status = getsgnam_r("root", &entry, buffer, 4, &found);
  printf("getsgnam_r tiny: %s %d\n", strerrorname_np(status), found == NULL);
  status = getsgnam_r("no-such-group-miros", &entry, buffer, sizeof buffer, &found);
  printf("getsgnam_r missing: %d %d\n", status, found == NULL);
  return 0;
}
