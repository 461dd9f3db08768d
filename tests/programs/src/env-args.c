// Arguments and environment as the process receives them: argc, each argv[i] with its length
// (empty, spaces, UTF-8), argv[argc] == NULL, envp equal to environ, getenv of present, empty and
// absent names, setenv/unsetenv/putenv and their effect on environ, and the auxiliary vector
// values that are deterministic (page size, AT_SECURE, AT_ENTRY present, AT_RANDOM present).
// argv[0] is not printed: it is the binary's path, which differs between runs.
// @run {"name": "no-args", "env": {"HOME": "/home/guest", "MIROS_TEST": "value with spaces"}}
// @run {"name": "args", "args": ["one", "", "two words", "ünïcödé", "--flag=x", "-"], "env": {"EMPTY": "", "A": "1", "B": "2=3"}}
// @run {"name": "clear-env", "args": ["x"], "env": {}}
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>

extern char **environ;

static int compare_strings(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static void print_environment(const char *when) {
  int n = 0;
  while (environ[n]) n++;
  char **sorted = malloc((size_t)(n + 1) * sizeof *sorted);
  memcpy(sorted, environ, (size_t)n * sizeof *sorted);
  qsort(sorted, (size_t)n, sizeof *sorted, compare_strings);
  printf("environment %s: %d entries\n", when, n);
  for (int i = 0; i < n; i++) printf("  [%s]\n", sorted[i]);
  free(sorted);
}

int main(int argc, char **argv, char **envp) {
  printf("argc = %d\n", argc);
  printf("argv[0] is non-empty: %s\n", argv[0] && argv[0][0] ? "yes" : "no");
  for (int i = 1; i < argc; i++) printf("argv[%d] = [%s] (%zu bytes)\n", i, argv[i], strlen(argv[i]));
  printf("argv[argc] is NULL: %s\n", argv[argc] == NULL ? "yes" : "no");
  printf("envp == environ: %s\n", envp == environ ? "yes" : "no");
  printf("envp follows argv: %s\n", envp == argv + argc + 1 ? "yes" : "no");
  print_environment("at start");

  printf("getenv(\"HOME\") = %s\n", getenv("HOME") ? getenv("HOME") : "(null)");
  printf("getenv(\"EMPTY\") = %s\n", getenv("EMPTY") ? "(empty string)" : "(null)");
  printf("getenv(\"B\") = %s\n", getenv("B") ? getenv("B") : "(null)");
  printf("getenv(\"NOT_SET_ANYWHERE\") = %s\n", getenv("NOT_SET_ANYWHERE") ? "set (wrong)" : "(null)");

  setenv("ADDED", "new", 0);
  setenv("ADDED", "not replaced", 0);
  setenv("A", "replaced", 1);
  unsetenv("B");
  static char put[] = "PUT=by putenv";
  putenv(put);
  printf("setenv with an '=' in the name fails: %s\n", setenv("X=Y", "1", 1) != 0 ? "yes" : "no");
  print_environment("after changes");
  clearenv();
  printf("after clearenv: getenv(\"A\") = %s\n", getenv("A") ? getenv("A") : "(null)");

  printf("== auxiliary vector ==\n");
  printf("AT_PAGESZ = %lu\n", getauxval(AT_PAGESZ));
  printf("sysconf(_SC_PAGESIZE) = %ld\n", sysconf(_SC_PAGESIZE));
  printf("AT_SECURE = %lu\n", getauxval(AT_SECURE));
  printf("AT_ENTRY set: %s\n", getauxval(AT_ENTRY) ? "yes" : "no");
  printf("AT_PHDR set: %s, AT_PHENT = %lu\n", getauxval(AT_PHDR) ? "yes" : "no", getauxval(AT_PHENT));
  printf("AT_RANDOM set: %s\n", getauxval(AT_RANDOM) ? "yes" : "no");
  printf("AT_UID == getuid(): %s\n", getauxval(AT_UID) == getuid() ? "yes" : "no");
  const char *execfn = (const char *)getauxval(AT_EXECFN);
  printf("AT_EXECFN matches argv[0]'s file: %s\n",
         execfn && strrchr(execfn, '/') && strrchr(argv[0], '/') &&
                 !strcmp(strrchr(execfn, '/'), strrchr(argv[0], '/'))
             ? "yes"
             : "no");
  return 0;
}
