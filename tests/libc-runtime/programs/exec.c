// execve and the exec family: the errors a caller sees (ENOENT, EACCES for a directory or a file
// without execute permission, ENOEXEC, execvp's PATH search, fexecve's EINVAL); then a real exec
// of this program: same pid, descriptors kept unless close-on-exec, ignored signals stay ignored
// while handled ones return to default, the mask is kept, buffered stdio output is lost, the new
// environment is the one passed; then a "#!" script whose interpreter is this program, and the
// exit status of the last program is the process's.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void handler(int signal) { (void)signal; }

static void show_error(const char *what, int result) { printf("%s: %d errno %s\n", what, result, strerrorname_np(errno)); }

static char self[4096];

static void errors(void) {
  char *argv[] = {"x", NULL};
  show_error("execve missing file", execve("/nonexistent/prog", argv, environ));
  show_error("execve a directory", execve("/tmp", argv, environ));
  char text[] = "/tmp/miros-exec-textXXXXXX";
  int fd = mkstemp(text);
  if (write(fd, "echo hi\n", 8) != 8) return;
  close(fd);
  show_error("execve a file without execute permission", execve(text, argv, environ));
  chmod(text, 0755);
  setenv("PATH", "/nonexistent", 1);
  show_error("execv an executable text file (no #!): ENOEXEC, and execvp would hand it to /bin/sh",
             execv(text, argv));
  unlink(text);
  show_error("execvp a name not on PATH", execvp("no-such-program-miros", argv));
  setenv("PATH", "/nonexistent:/tmp", 1);
  show_error("execlp a name not on PATH", execlp("no-such-program-miros", "x", (char *)NULL));
  show_error("execvp empty name", execvp("", argv));
  show_error("fexecve(-1)", fexecve(-1, argv, environ));
  show_error("execve with a NULL-named path", execve("", argv, environ));
}

static int child(int argc, char **argv) {
  printf("child: argc %d, argv[1] %s\n", argc, argv[1]);
  printf("child: same pid %d\n", atoi(argv[2]) == getpid());
  int kept = atoi(argv[3]), closed = atoi(argv[4]);
  int kept_open = fcntl(kept, F_GETFD) >= 0;
  int closed_open = fcntl(closed, F_GETFD) >= 0;
  printf("child: descriptor without close-on-exec open %d, with it open %d (errno %s)\n", kept_open, closed_open,
         strerrorname_np(errno));
  printf("child: environment MIROS_EXEC_TEST=%s, HOME %s\n", getenv("MIROS_EXEC_TEST"),
         getenv("HOME") ? "set" : "unset");
  struct sigaction sa;
  sigaction(SIGUSR1, NULL, &sa);
  printf("child: SIGUSR1 ignored %d\n", sa.sa_handler == SIG_IGN);
  sigaction(SIGUSR2, NULL, &sa);
  printf("child: SIGUSR2 back to default %d\n", sa.sa_handler == SIG_DFL);
  sigset_t mask;
  sigprocmask(SIG_SETMASK, NULL, &mask);
  printf("child: SIGHUP still blocked %d, SIGINT blocked %d\n", sigismember(&mask, SIGHUP), sigismember(&mask, SIGINT));
  fflush(stdout);

  char script[] = "/tmp/miros-exec-scriptXXXXXX";
  int fd = mkstemp(script);
  dprintf(fd, "#!%s  script-mode  \n", self);
  close(fd);
  chmod(script, 0755);
  char *script_argv[] = {"name-of-the-script", "last", NULL};
  char *script_env[] = {"SCRIPT=yes", NULL};
  execve(script, script_argv, script_env);
  printf("child: execve of the script failed: %s\n", strerrorname_np(errno));
  return 1;
}

static int script_mode(int argc, char **argv) {
  printf("script: argc %d, argv[1] \"%s\", argv[2] is the script %d, argv[3] %s, SCRIPT=%s\n", argc, argv[1],
         strncmp(argv[2], "/tmp/miros-exec-script", 22) == 0, argv[3], getenv("SCRIPT"));
  unlink(argv[2]);
  return 7;
}

int main(int argc, char **argv) {
  ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
  if (n <= 0) return 2;
  self[n] = 0;
  if (argc > 1 && strcmp(argv[1], "child") == 0) return child(argc, argv);
  if (argc > 1 && strcmp(argv[1], "script-mode") == 0) return script_mode(argc, argv);

  errors();
  signal(SIGUSR1, SIG_IGN);
  signal(SIGUSR2, handler);
  sigset_t block;
  sigemptyset(&block);
  sigaddset(&block, SIGHUP);
  sigprocmask(SIG_BLOCK, &block, NULL);
  int kept = open("/proc/self/exe", O_RDONLY);
  int closed = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
  char pid[16], kept_text[16], closed_text[16];
  snprintf(pid, sizeof pid, "%d", getpid());
  snprintf(kept_text, sizeof kept_text, "%d", kept);
  snprintf(closed_text, sizeof closed_text, "%d", closed);
  clearenv();
  setenv("MIROS_EXEC_TEST", "passed", 1);
  printf("parent: about to exec\n");
  fflush(stdout);
  printf("this buffered line is lost by the exec");
  execl(self, "exec", "child", pid, kept_text, closed_text, (char *)NULL);
  return 3;
}
