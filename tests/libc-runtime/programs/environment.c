/* Environment functions as glibc 2.36: getenv/setenv/unsetenv/putenv/clearenv on `environ`,
   errno for bad names, putenv keeping the caller's string, direct assignments to environ. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

static void dump(const char *what) {
  printf("%s:", what);
  if (environ == NULL) {
    printf(" (environ NULL)\n");
    return;
  }
  for (char **e = environ; *e; e++) printf(" [%s]", *e);
  printf("\n");
}

static void show(const char *name) {
  const char *v = getenv(name);
  printf("getenv(%s) = %s%s%s\n", name, v ? "\"" : "", v ? v : "NULL", v ? "\"" : "");
}

static const char *errno_name(int e) {
  return e == EINVAL ? "EINVAL" : e == ENOMEM ? "ENOMEM" : e == 0 ? "0" : "other";
}

static void result(const char *what, int r) {
  printf("%s -> %d errno=%s\n", what, r, r < 0 ? errno_name(errno) : "-");
  errno = 0;
}

int main(void) {
  /* The runner's environment is not ours to print: start from nothing. */
  clearenv();
  dump("after clearenv");
  show("PATH");
  result("setenv(A, 1, 0)", setenv("A", "1", 0));
  result("setenv(B, 2, 1)", setenv("B", "2", 1));
  result("setenv(A, 3, 0)", setenv("A", "3", 0));
  show("A");
  result("setenv(A, 4, 1)", setenv("A", "4", 1));
  show("A");
  result("setenv(NULL)", setenv(NULL, "x", 1));
  result("setenv(\"\")", setenv("", "x", 1));
  result("setenv(a=b)", setenv("a=b", "x", 1));
  result("setenv(EMPTY, \"\")", setenv("EMPTY", "", 1));
  show("EMPTY");
  show("");
  show("A=");
  dump("set");

  static char mine[] = "MINE=first";
  result("putenv(MINE=first)", putenv(mine));
  show("MINE");
  strcpy(mine, "MINE=later");
  printf("caller's string changed: ");
  show("MINE");
  printf("same pointer: %d\n", getenv("MINE") == mine + 5);
  static char mine2[] = "MINE=second";
  result("putenv(MINE=second)", putenv(mine2));
  show("MINE");
  static char remove_b[] = "B";
  result("putenv(B) (no '=')", putenv(remove_b));
  show("B");
  dump("putenv");

  result("unsetenv(NULL)", unsetenv(NULL));
  result("unsetenv(\"\")", unsetenv(""));
  result("unsetenv(x=y)", unsetenv("x=y"));
  result("unsetenv(NOPE)", unsetenv("NOPE"));
  result("unsetenv(A)", unsetenv("A"));
  show("A");
  dump("unsetenv");

  /* A program-owned array with duplicates: unsetenv removes every copy in place. */
  static char *own[] = {"X=1", "Y=2", "X=3", "Z=4", "X=5", NULL};
  environ = own;
  show("X");
  show("Z");
  result("unsetenv(X)", unsetenv("X"));
  dump("own array after unsetenv(X)");
  printf("own[0]=%s own[1]=%s own[2]=%s\n", own[0], own[1], own[2] ? own[2] : "NULL");
  result("setenv(Y, 20, 1)", setenv("Y", "20", 1));
  printf("own[0] replaced in place: %s\n", own[0]);
  result("setenv(N, new, 1)", setenv("N", "new", 1));
  printf("environ moved to a new array: %d\n", environ != own);
  dump("grown");
  for (int i = 0; i < 40; i++) {
    char name[16], value[16];
    snprintf(name, sizeof name, "V%d", i);
    snprintf(value, sizeof value, "%d", i * i);
    setenv(name, value, 1);
  }
  show("V0");
  show("V39");
  for (int i = 0; i < 40; i += 2) {
    char name[16];
    snprintf(name, sizeof name, "V%d", i);
    unsetenv(name);
  }
  int count = 0;
  for (char **e = environ; *e; e++) count++;
  printf("entries: %d\n", count);
  show("V38");
  show("V37");

  environ = NULL;
  show("Y");
  result("unsetenv(Y) with NULL environ", unsetenv("Y"));
  result("setenv(FRESH, 1, 0) with NULL environ", setenv("FRESH", "1", 0));
  dump("fresh");
  result("clearenv", clearenv());
  dump("cleared");
  show("FRESH");
  printf("secure_getenv(FRESH) after setenv: ");
  setenv("FRESH", "again", 1);
  const char *s = secure_getenv("FRESH");
  printf("%s\n", s ? s : "NULL");
  return 0;
}
