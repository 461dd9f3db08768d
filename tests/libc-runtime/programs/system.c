// system(3) on Miros libc (src/libc/process/system.ts): system(NULL), output through the inherited stdout,
// exit statuses, a shell killed by a signal, a command not found (127), a pipeline; SIGINT's action and
// the mask restored afterwards.
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>
static void show(const char *cmd) {
  fflush(stdout);
  int status = system(cmd);
  if (status == -1) printf("system(%s): -1\n", cmd);
  else if (WIFEXITED(status)) printf("system(%s): exited %d\n", cmd, WEXITSTATUS(status));
  else if (WIFSIGNALED(status)) printf("system(%s): signal %d\n", cmd, WTERMSIG(status));
}
int main(void) {
  printf("system(NULL) = %d\n", system(NULL) != 0);
  show("echo hello from sh; echo $0");
  show("exit 42");
  show("kill -TERM $$");
  show("/nonexistent/command 2>/dev/null");
  show("echo piped | tr a-z A-Z");
  struct sigaction old;
  sigaction(SIGINT, NULL, &old);
  printf("SIGINT handler restored: %d\n", old.sa_handler == SIG_DFL);
  sigset_t mask;
  sigprocmask(SIG_BLOCK, NULL, &mask);
  printf("SIGCHLD blocked after: %d\n", sigismember(&mask, SIGCHLD));
  return 0;
}
