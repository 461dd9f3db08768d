// shadow.h (issue 6): sgetspent(_r) over lines that exercise glibc's parser (old and new forms,
// empty and bad numbers, the +/- compat entries), getspnam(_r) and getspent over /etc/shadow
// (only what every system has: root), lckpwdf/ulckpwdf. Run as root (the recording and CI are).
#define _GNU_SOURCE
#include <errno.h>
#include <shadow.h>
#include <stdio.h>
#include <string.h>

static void show(const char *what, const struct spwd *s) {
  if (s == NULL) {
    printf("%s: NULL %s\n", what, errno ? strerrorname_np(errno) : "-");
    return;
  }
  printf("%s: '%s' '%s' %ld %ld %ld %ld %ld %ld %#lx\n", what, s->sp_namp, s->sp_pwdp ? s->sp_pwdp : "(null)",
         s->sp_lstchg, s->sp_min, s->sp_max, s->sp_warn, s->sp_inact, s->sp_expire, s->sp_flag);
}

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  static const char *const lines[] = {
      "alice:$6$salt$hash:19000:0:99999:7:::",
      "bob:!:19000:0:99999:7:30:20000:5",
      "old:pw:1:2:3",
      "old-spaces:pw:1:2:3   ",
      "short:pw:1:2",
      "short2:pw:1:2:",
      "neg:pw:-1:-5:4294967296:7:::",
      "ws:pw: 12 :0:0:0:0:0:0",
      "ws2:pw: 12:0:0:0:0:0:0",
      "+plus",
      "-minus",
      "+plus:x:1:2:3",
      "bad:pw:abc:0:0",
      "empty:::::::",
      "flag:pw:1:2:3:4:5:6:",
      "flag2:pw:1:2:3:4:5:6:7",
      "trail:pw:1:2:3:4:5:6:7:8",
      "newline:pw:1:2:3\n",
      "big:pw:99999999999:0:0:0:0:0:0",
      "plus-sign:pw:+7:0:0:0:0:0:0",
      "noname",
      ":pw:1:2:3",
      "",
  };
  for (size_t i = 0; i < sizeof lines / sizeof *lines; i++) {
    errno = 0;
    show(lines[i][0] ? lines[i] : "(empty)", sgetspent(lines[i]));
  }
  struct spwd entry, *result = &entry;
  char small[16];
  errno = 0;
  int status = sgetspent_r("someone:password:1:2:3:4:5:6:7", &entry, small, sizeof small, &result);
  printf("sgetspent_r small: %s %d\n", strerrorname_np(status), result == NULL);
  char buffer[1024];
  status = sgetspent_r("someone:password:1:2:3:4:5:6:7", &entry, buffer, sizeof buffer, &result);
  printf("sgetspent_r: %d\n", status);
  show("sgetspent_r result", result);

  errno = 0;
  struct spwd *root = getspnam("root");
  printf("getspnam root: %s\n", root ? root->sp_namp : "NULL");
  errno = 0;
  show("getspnam missing", getspnam("no-such-user-miros"));
  status = getspnam_r("root", &entry, small, 4, &result);
  printf("getspnam_r tiny: %s %d\n", strerrorname_np(status), result == NULL);
  status = getspnam_r("root", &entry, buffer, sizeof buffer, &result);
  printf("getspnam_r root: %d %s\n", status, result ? result->sp_namp : "NULL");
  status = getspnam_r("no-such-user-miros", &entry, buffer, sizeof buffer, &result);
  printf("getspnam_r missing: %d %d\n", status, result == NULL);

  setspent();
  int seen_root = 0, entries = 0;
  struct spwd *s;
  while ((s = getspent()) != NULL) {
    entries++;
    if (strcmp(s->sp_namp, "root") == 0) seen_root = 1;
  }
  printf("getspent: root seen %d, some entries %d\n", seen_root, entries > 0);
  // (errno is not shown: the nsswitch.conf sources after files, such as systemd, set their own.)
  printf("getspent at the end: %d\n", getspent() == NULL);
  setspent();
  s = getspent();
  printf("getspent after setspent: %d\n", s != NULL);
  status = getspent_r(&entry, buffer, sizeof buffer, &result);
  printf("getspent_r: %d %d\n", status, result != NULL);
  endspent();

  printf("lckpwdf: %d\n", lckpwdf());
  printf("ulckpwdf: %d\n", ulckpwdf());
  printf("ulckpwdf again: %d\n", ulckpwdf());
  return 0;
}
