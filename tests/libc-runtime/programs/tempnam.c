// Temporary names as glibc 2.36 makes them: tmpnam (static buffer or the caller's, L_tmpnam),
// tmpnam_r, tempnam (TMPDIR when it names a directory, else the dir argument when it does, else
// P_tmpdir; a prefix of at most 5 bytes, "file" when none; a malloc'd result). The six random
// characters are shown as XXXXXX after checking they are letters or digits; no file is created.
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void show(const char *what, const char *name) {
  if (name == NULL) {
    printf("%s: NULL errno %d\n", what, errno);
    return;
  }
  char copy[4096];
  snprintf(copy, sizeof copy, "%s", name);
  size_t length = strlen(copy);
  int random_ok = length >= 6;
  for (size_t i = length - 6; random_ok && i < length; i++) random_ok = isalnum((unsigned char)copy[i]) != 0;
  if (random_ok) memcpy(copy + length - 6, "XXXXXX", 6);
  printf("%s: \"%s\" random part %s, exists %d\n", what, copy, random_ok ? "ok" : "BAD", access(name, F_OK) == 0);
}

int main(void) {
  char mine[L_tmpnam];
  printf("L_tmpnam %d, P_tmpdir %s, TMP_MAX %d\n", L_tmpnam, P_tmpdir, TMP_MAX);
  char *a = tmpnam(NULL);
  char *b = tmpnam(NULL);
  show("tmpnam(NULL)", a);
  printf("tmpnam(NULL) twice gives the same buffer: %d\n", a == b);
  printf("tmpnam(buffer) returns buffer: %d\n", tmpnam(mine) == mine);
  show("tmpnam(buffer)", mine);
  errno = 0;
  printf("tmpnam_r(NULL) = %p\n", (void *)tmpnam_r(NULL));
  show("tmpnam_r(buffer)", tmpnam_r(mine));

  unsetenv("TMPDIR");
  char *t;
  show("tempnam(NULL, NULL)", t = tempnam(NULL, NULL)); free(t);
  show("tempnam(\"/usr\", \"abc\")", t = tempnam("/usr", "abc")); free(t);
  show("tempnam(\"/usr/\", \"longprefix\")", t = tempnam("/usr/", "longprefix")); free(t);
  show("tempnam(\"/usr//\", \"\")", t = tempnam("/usr//", "")); free(t);
  show("tempnam(\"/\", \"p\")", t = tempnam("/", "p")); free(t);
  show("tempnam(\"/nonexistent\", \"q\")", t = tempnam("/nonexistent", "q")); free(t);
  show("tempnam(\"/etc/passwd\", \"q\")", t = tempnam("/etc/passwd", "q")); free(t);
  setenv("TMPDIR", "/var", 1);
  show("TMPDIR=/var tempnam(\"/usr\", \"x\")", t = tempnam("/usr", "x")); free(t);
  show("TMPDIR=/var tmpnam", tmpnam(NULL));
  setenv("TMPDIR", "/nonexistent", 1);
  show("TMPDIR=/nonexistent tempnam(\"/usr\", \"x\")", t = tempnam("/usr", "x")); free(t);
  setenv("TMPDIR", "", 1);
  show("TMPDIR= tempnam(NULL, \"x\")", t = tempnam(NULL, "x")); free(t);
  return 0;
}
