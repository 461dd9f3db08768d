// splice, tee, vmsplice and sync_file_range: file to pipe and pipe to file with and without
// offsets (the offset updated, the file position untouched), pipe to pipe, tee leaving the data
// in its input, vmsplice into and out of a pipe, end of file, a splice blocked until a forked
// child writes, and the errors: ESPIPE (offset on a pipe), EINVAL (no pipe, the same pipe,
// O_APPEND output, bad flags), EBADF, EAGAIN (SPLICE_F_NONBLOCK), EPIPE; sync_file_range's
// EINVAL and ESPIPE; mkfifo and mkfifoat, and splice through a FIFO.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

static void result(const char *what, long value) {
  if (value < 0)
    printf("%s: -1 %s\n", what, strerror(errno));
  else
    printf("%s: %ld\n", what, value);
}

static void drain(int fd, const char *what) {
  char buffer[256];
  ssize_t n = read(fd, buffer, sizeof buffer);
  printf("%s: %zd '%.*s'\n", what, n, n > 0 ? (int)n : 0, buffer);
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  signal(SIGPIPE, SIG_IGN);
  char dir[] = "/tmp/miros-splice-XXXXXX";
  if (!mkdtemp(dir)) return 1;
  char path[64];
  snprintf(path, sizeof path, "%s/data", dir);
  int file = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
  write(file, "0123456789abcdefghij", 20);
  lseek(file, 0, SEEK_SET);
  int p[2], q[2];
  pipe(p);
  pipe(q);

  result("file to pipe", splice(file, NULL, p[1], NULL, 5, 0));
  printf("file position %ld\n", (long)lseek(file, 0, SEEK_CUR));
  drain(p[0], "pipe holds");
  loff_t offset = 10;
  result("file at offset to pipe", splice(file, &offset, p[1], NULL, 4, 0));
  printf("offset %ld, file position %ld\n", (long)offset, (long)lseek(file, 0, SEEK_CUR));
  drain(p[0], "pipe holds");
  offset = 18;
  result("to pipe past the end", splice(file, &offset, p[1], NULL, 100, 0));
  result("at end of file", splice(file, &offset, p[1], NULL, 100, 0));
  drain(p[0], "pipe holds");

  write(p[1], "spliced", 7);
  offset = 2;
  result("pipe to file at offset", splice(p[0], NULL, file, &offset, 100, 0));
  printf("offset %ld\n", (long)offset);
  char contents[32] = {0};
  pread(file, contents, 20, 0);
  printf("file now '%s'\n", contents);
  write(p[1], "XY", 2);
  result("pipe to file at position", splice(p[0], NULL, file, NULL, 1, 0));
  printf("file position %ld\n", (long)lseek(file, 0, SEEK_CUR));
  drain(p[0], "left in pipe");

  write(p[1], "through", 7);
  result("pipe to pipe", splice(p[0], NULL, q[1], NULL, 4, 0));
  drain(q[0], "second pipe");
  drain(p[0], "first pipe");

  write(p[1], "teed", 4);
  result("tee", tee(p[0], q[1], 100, 0));
  drain(q[0], "copy");
  drain(p[0], "original");

  char a[] = "vm", b[] = "splice";
  struct iovec out[2] = {{a, 2}, {b, 6}};
  result("vmsplice in", vmsplice(p[1], out, 2, 0));
  char c[4] = {0}, d[8] = {0};
  struct iovec in[2] = {{c, 3}, {d, 7}};
  result("vmsplice out", vmsplice(p[0], in, 2, 0));
  printf("got '%s' '%s'\n", c, d);

  result("offset on a pipe", splice(p[0], &offset, file, NULL, 1, 0));
  result("no pipe", splice(file, NULL, file, NULL, 1, 0));
  result("same pipe", splice(p[0], NULL, p[1], NULL, 1, 0));
  result("length 0", splice(file, NULL, file, NULL, 0, 0));
  result("bad flags", splice(p[0], NULL, file, NULL, 1, 0x100));
  result("closed descriptor", splice(99, NULL, p[1], NULL, 1, 0));
  result("write end as input", splice(p[1], NULL, file, NULL, 1, 0));
  result("empty, SPLICE_F_NONBLOCK", splice(p[0], NULL, file, NULL, 1, SPLICE_F_NONBLOCK));
  result("tee empty, SPLICE_F_NONBLOCK", tee(p[0], q[1], 1, SPLICE_F_NONBLOCK));
  result("tee to a file", tee(p[0], file, 1, 0));
  result("vmsplice to a file", vmsplice(file, out, 1, 0));
  int appended = open(path, O_WRONLY | O_APPEND);
  write(p[1], "z", 1);
  result("to O_APPEND", splice(p[0], NULL, appended, NULL, 1, 0));
  drain(p[0], "still there");
  close(appended);

  int r[2];
  pipe(r);
  close(r[0]);
  result("to a pipe without reader", splice(file, NULL, r[1], NULL, 1, 0));
  close(r[1]);

  // A splice that waits for a child's write.
  pid_t child = fork();
  if (child == 0) {
    usleep(20000);
    write(p[1], "late", 4);
    _exit(0);
  }
  offset = 0;
  result("blocked splice", splice(p[0], NULL, file, &offset, 100, 0));
  waitpid(child, NULL, 0);
  pread(file, contents, 4, 0);
  contents[4] = 0;
  printf("file starts '%s'\n", contents);
  close(p[1]);
  result("writer gone", splice(p[0], NULL, file, NULL, 100, 0));

  result("sync_file_range", sync_file_range(file, 0, 0, SYNC_FILE_RANGE_WRITE));
  result("sync_file_range bad flags", sync_file_range(file, 0, 0, 8));
  result("sync_file_range negative", sync_file_range(file, -1, 0, 0));
  result("sync_file_range pipe", sync_file_range(q[0], 0, 0, 0));
  result("sync_file_range closed", sync_file_range(99, 0, 0, 0));
  close(file);
  unlink(path);

  // mkfifo and mkfifoat.
  char fifo[80];
  snprintf(fifo, sizeof fifo, "%s/fifo", dir);
  result("mkfifo", mkfifo(fifo, 0600));
  result("mkfifo again", mkfifo(fifo, 0600));
  int directory = open(dir, O_RDONLY | O_DIRECTORY);
  result("mkfifoat", mkfifoat(directory, "fifo2", 0640));
  struct stat st;
  stat(fifo, &st);
  printf("fifo: fifo %d mode %o\n", S_ISFIFO(st.st_mode), st.st_mode & 0777);
  fstatat(directory, "fifo2", &st, 0);
  printf("fifo2: fifo %d mode %o\n", S_ISFIFO(st.st_mode), st.st_mode & 0777);
  result("mkfifoat missing directory", mkfifoat(directory, "none/fifo", 0600));
  // splice through a named FIFO.
  char path2[80];
  snprintf(path2, sizeof path2, "%s/data2", dir);
  int source = open(path2, O_RDWR | O_CREAT | O_TRUNC, 0600);
  write(source, "fifo bytes", 10);
  lseek(source, 0, SEEK_SET);
  int fifo_fd = open(fifo, O_RDWR);
  result("file to fifo", splice(source, NULL, fifo_fd, NULL, 4, 0));
  printf("file position %ld\n", (long)lseek(source, 0, SEEK_CUR));
  result("fifo to pipe", splice(fifo_fd, NULL, q[1], NULL, 100, 0));
  drain(q[0], "pipe from fifo");
  result("empty fifo, SPLICE_F_NONBLOCK", splice(fifo_fd, NULL, q[1], NULL, 100, SPLICE_F_NONBLOCK));
  loff_t at = 4;
  result("offset on a fifo", splice(source, &at, fifo_fd, &at, 2, 0));
  close(fifo_fd);
  close(source);
  unlink(path2);
  unlinkat(directory, "fifo2", 0);
  unlink(fifo);
  close(directory);
  rmdir(dir);
  return 0;
}
