// posix_spawn and posix_spawnp on Miros libc (src/libc/process/spawn.ts): a plain spawn and its
// status, posix_spawnp's PATH search, the errors the parent gets (ENOENT, EACCES, ENOEXEC
// without a shell fallback, a failing file action), file actions (open onto stdout, dup2,
// close, chdir, the close-on-exec flag cleared by dup2 onto itself), attributes (flags, pgroup,
// sigmask, sigdefault, schedpolicy, validation errors) read back, SETPGROUP and SETSIGMASK seen
// by the child.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static void run(const char *what, int use_path, const char *file, char *const argv[],
                const posix_spawn_file_actions_t *actions, const posix_spawnattr_t *attributes) {
  fflush(stdout);
  pid_t pid = -1;
  int result = use_path ? posix_spawnp(&pid, file, actions, attributes, argv, environ)
                        : posix_spawn(&pid, file, actions, attributes, argv, environ);
  if (result != 0) {
    printf("%s: error %s\n", what, strerrorname_np(result));
    return;
  }
  int status;
  if (waitpid(pid, &status, 0) != pid) {
    printf("%s: waitpid failed\n", what);
    return;
  }
  if (WIFEXITED(status)) printf("%s: exited %d\n", what, WEXITSTATUS(status));
  else printf("%s: signal %d\n", what, WTERMSIG(status));
}

int main(void) {
  char *echo[] = {"echo", "spawned echo", NULL};
  run("posix_spawn /bin/echo", 0, "/bin/echo", echo, NULL, NULL);
  run("posix_spawnp echo", 1, "echo", echo, NULL, NULL);
  char *fails[] = {"sh", "-c", "exit 9", NULL};
  run("sh exit 9", 1, "sh", fails, NULL, NULL);
  run("missing file", 0, "/nonexistent/program", echo, NULL, NULL);
  run("missing in PATH", 1, "no-such-program-here", echo, NULL, NULL);
  run("a directory", 0, "/tmp", echo, NULL, NULL);

  char script[] = "/tmp/miros-spawn-XXXXXX";
  int fd = mkstemp(script);
  if (write(fd, "echo from a script\n", 19) != 19) return 1;
  close(fd);
  chmod(script, 0755);
  run("a script without #!", 0, script, echo, NULL, NULL);
  unlink(script);

  // File actions: stdout to a file, then cat it back.
  char out[] = "/tmp/miros-spawn-outXXXXXX";
  close(mkstemp(out));
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, out, O_WRONLY | O_TRUNC, 0644);
  char *to_file[] = {"echo", "into the file", NULL};
  run("echo > file", 1, "echo", to_file, &actions, NULL);
  posix_spawn_file_actions_destroy(&actions);
  char *cat[] = {"cat", out, NULL};
  run("cat file", 1, "cat", cat, NULL, NULL);
  unlink(out);

  // dup2 stderr onto stdout, close stdin, chdir.
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  posix_spawn_file_actions_addclose(&actions, 0);
  posix_spawn_file_actions_addchdir_np(&actions, "/usr");
  char *sh_checks[] = {"sh", "-c", "echo to stderr >&2; pwd; cat <&0 2>/dev/null || echo stdin closed", NULL};
  run("dup2 close chdir", 1, "sh", sh_checks, &actions, NULL);
  posix_spawn_file_actions_destroy(&actions);

  // A close-on-exec descriptor kept by dup2 onto itself, another one closed by exec.
  int keep = open("/dev/null", O_RDONLY | O_CLOEXEC);
  int lose = open("/dev/null", O_RDONLY | O_CLOEXEC);
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, keep, keep);
  char check[128];
  snprintf(check, sizeof check, "test -e /proc/self/fd/%d && echo kept; test -e /proc/self/fd/%d || echo lost", keep, lose);
  char *sh_fds[] = {"sh", "-c", check, NULL};
  run("cloexec", 1, "sh", sh_fds, &actions, NULL);
  posix_spawn_file_actions_destroy(&actions);
  close(keep);
  close(lose);

  // A failing file action: the parent gets its errno, the child is reaped.
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 3, "/nonexistent/dir/file", O_RDONLY, 0);
  run("failing open action", 1, "echo", echo, &actions, NULL);
  posix_spawn_file_actions_destroy(&actions);
  if (waitpid(-1, NULL, WNOHANG) == -1 && errno == ECHILD) printf("no child left behind\n");
  printf("addclose -1: %s\n", strerrorname_np(posix_spawn_file_actions_addclose(&actions, -1)));
  printf("adddup2 bad: %s\n", strerrorname_np(posix_spawn_file_actions_adddup2(&actions, 1, 1 << 30)));

  // Attributes.
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  short flags = -1;
  posix_spawnattr_getflags(&attributes, &flags);
  printf("initial flags %d\n", flags);
  printf("setflags 0x100: %s\n", strerrorname_np(posix_spawnattr_setflags(&attributes, 0x100)));
  printf("setschedpolicy 7: %s\n", strerrorname_np(posix_spawnattr_setschedpolicy(&attributes, 7)));
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  posix_spawnattr_setpgroup(&attributes, 0);
  sigset_t mask;
  sigemptyset(&mask);
  sigaddset(&mask, SIGUSR1);
  posix_spawnattr_setsigmask(&attributes, &mask);
  sigset_t defaults;
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGINT);
  posix_spawnattr_setsigdefault(&attributes, &defaults);
  signal(SIGINT, SIG_IGN);
  posix_spawnattr_getflags(&attributes, &flags);
  pid_t group = -1;
  posix_spawnattr_getpgroup(&attributes, &group);
  sigset_t back;
  posix_spawnattr_getsigmask(&attributes, &back);
  printf("flags %d pgroup %d sigmask has USR1 %d\n", flags, group, sigismember(&back, SIGUSR1));
  // The child's group, mask and SIGINT's action, from its /proc/self files (cat writes them to a file).
  char report[] = "/tmp/miros-spawn-procXXXXXX";
  close(mkstemp(report));
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, report, O_WRONLY | O_TRUNC, 0644);
  char *show[] = {"cat", "/proc/self/stat", "/proc/self/status", NULL};
  run("attributes", 1, "cat", show, &actions, &attributes);
  posix_spawn_file_actions_destroy(&actions);
  FILE *in = fopen(report, "r");
  char line[1024];
  int self = -1, pgrp = -2;
  if (fgets(line, sizeof line, in) && sscanf(line, "%d (%*[^)]) %*c %*d %d", &self, &pgrp) == 2)
    printf("the child leads its own group: %d\n", self == pgrp);
  while (fgets(line, sizeof line, in)) {
    if (strncmp(line, "SigBlk:", 7) == 0) printf("%s", line);
    unsigned long long ignored;
    if (sscanf(line, "SigIgn: %llx", &ignored) == 1) printf("SIGINT ignored in the child: %d\n", (int)(ignored >> 1 & 1));
  }
  fclose(in);
  unlink(report);
  posix_spawnattr_destroy(&attributes);
  return 0;
}
