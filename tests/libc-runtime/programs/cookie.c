// fopencookie (src/libc/stdio/cookie-streams.ts): streams whose reads, writes, seeks and close are
// this program's functions — the calls glibc makes (sizes follow its buffering), their results,
// errors and errno, seeks, a stream without some functions, and a read function that blocks on a
// pipe a thread fills later.
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct memory {
  char data[20000];
  size_t size;
  off64_t position;
  int fail_writes_after;
  int closes;
};

static ssize_t memory_read(void *cookie, char *buffer, size_t size) {
  struct memory *m = cookie;
  size_t left = m->position < (off64_t)m->size ? m->size - m->position : 0;
  size_t n = size < left ? size : left;
  memcpy(buffer, m->data + m->position, n);
  m->position += n;
  printf("  [read %zu -> %zu]\n", size, n);
  return n;
}

static ssize_t memory_write(void *cookie, const char *buffer, size_t size) {
  struct memory *m = cookie;
  if (m->fail_writes_after >= 0 && m->position >= m->fail_writes_after) {
    printf("  [write %zu -> -1 ENOSPC]\n", size);
    errno = ENOSPC;
    return -1;
  }
  size_t n = size;
  if (m->fail_writes_after >= 0 && m->position + n > (size_t)m->fail_writes_after) n = m->fail_writes_after - m->position;
  memcpy(m->data + m->position, buffer, n);
  m->position += n;
  if ((size_t)m->position > m->size) m->size = m->position;
  printf("  [write %zu -> %zu]\n", size, n);
  return n;
}

static int memory_seek(void *cookie, off64_t *offset, int whence) {
  struct memory *m = cookie;
  off64_t base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? m->position : (off64_t)m->size;
  off64_t target = base + *offset;
  printf("  [seek %lld %d -> %lld]\n", (long long)*offset, whence, (long long)target);
  if (target < 0 || target > (off64_t)sizeof m->data) {
    errno = EINVAL;
    return -1;
  }
  m->position = target;
  *offset = target;
  return 0;
}

static int memory_close(void *cookie) {
  struct memory *m = cookie;
  m->closes++;
  printf("  [close]\n");
  return 0;
}

static const cookie_io_functions_t all = {memory_read, memory_write, memory_seek, memory_close};

static void writes(void) {
  printf("writes:\n");
  static struct memory m = {.fail_writes_after = -1};
  FILE *f = fopencookie(&m, "w", all);
  errno = 0;
  printf("fileno %d errno %d\n", fileno(f), errno);
  fprintf(f, "hello %d\n", 42);
  printf("after fprintf: size %zu\n", m.size);
  printf("fflush %d size %zu\n", fflush(f), m.size);
  for (int i = 0; i < 1000; i++) fprintf(f, "line %04d\n", i);
  printf("after 1000 lines: size %zu\n", m.size);
  long t = ftell(f);
  printf("ftell %ld\n", t);
  printf("fclose %d closes %d size %zu\n", fclose(f), m.closes, m.size);
  printf("data starts [%.20s] ends [%.10s]\n", m.data, m.data + m.size - 10);
}

static void failing_writes(void) {
  printf("failing writes:\n");
  static struct memory m = {.fail_writes_after = 100};
  FILE *f = fopencookie(&m, "w", all);
  setvbuf(f, NULL, _IOFBF, 64);
  for (int i = 0; i < 10; i++) fputs("0123456789abcdef", f);
  errno = 0;
  int r = fflush(f);
  printf("fflush %d errno %d ferror %d size %zu\n", r, errno, ferror(f), m.size);
  clearerr(f);
  errno = 0;
  r = fputs("more", f);
  int r2 = fflush(f);
  printf("fputs %d fflush %d errno %d ferror %d\n", r, r2, errno, ferror(f));
  printf("fclose %d\n", fclose(f));
}

static void reads(void) {
  printf("reads:\n");
  static struct memory m = {.fail_writes_after = -1};
  for (int i = 0; i < 1200; i++) m.size += sprintf(m.data + m.size, "row %d\n", i);
  FILE *f = fopencookie(&m, "r", all);
  char line[64];
  fgets(line, sizeof line, f);
  printf("first line %s", line);
  int c = getc(f);
  printf("getc %c\n", c);
  char block[10000];
  size_t n = fread(block, 1, sizeof block, f);
  printf("fread %zu ends [%.6s]\n", n, block + n - 6);
  int lines = 0;
  while (fgets(line, sizeof line, f)) lines++;
  printf("rest %d lines feof %d ferror %d\n", lines, feof(f), ferror(f));
  printf("fseek %d ftell %ld\n", fseek(f, 5, SEEK_SET), ftell(f));
  fgets(line, sizeof line, f);
  printf("after fseek: %s", line);
  printf("fseek(-3, END) %d\n", fseek(f, -3, SEEK_END));
  fgets(line, sizeof line, f);
  printf("tail [%s]\n", line);
  rewind(f);
  fgets(line, sizeof line, f);
  printf("after rewind: %s", line);
  errno = 0;
  int r = fseek(f, -100, SEEK_SET);
  printf("fseek(-100) %d errno %d\n", r, errno);
  errno = 0;
  r = fputc('x', f);
  printf("fputc on read-only %d errno %d\n", r, errno);
  printf("fclose %d\n", fclose(f));
}

static void read_write(void) {
  printf("read-write:\n");
  static struct memory m = {.fail_writes_after = -1};
  FILE *f = fopencookie(&m, "w+", all);
  fputs("abcdefghij", f);
  rewind(f);
  char buffer[8] = {0};
  fread(buffer, 1, 4, f);
  printf("read back [%s]\n", buffer);
  fseek(f, 0, SEEK_CUR);
  fputs("XY", f);
  fflush(f);
  printf("data [%.10s] size %zu\n", m.data, m.size);
  fpos_t pos;
  fgetpos(f, &pos);
  fseek(f, 2, SEEK_SET);
  fsetpos(f, &pos);
  printf("ftell after fsetpos %ld\n", ftell(f));
  fclose(f);
}

static void missing_functions(void) {
  printf("missing functions:\n");
  static struct memory m = {.fail_writes_after = -1};
  cookie_io_functions_t none = {NULL, NULL, NULL, NULL};
  FILE *f = fopencookie(&m, "r+", none);
  char buffer[16];
  errno = 77;
  size_t n = fread(buffer, 1, 4, f);
  printf("fread %zu ferror %d feof %d\n", n, ferror(f), feof(f));
  clearerr(f);
  errno = 0;
  int r = fputs("abc", f);
  int r2 = fflush(f);
  printf("fputs %d fflush %d ferror %d\n", r, r2, ferror(f));
  errno = 78;
  r = fseek(f, 0, SEEK_SET);
  printf("fseek %d errno %d\n", r, errno);
  printf("fclose %d\n", fclose(f));
  errno = 0;
  FILE *bad = fopencookie(&m, "x", all);
  printf("mode x: %p errno %d\n", (void *)bad, errno);
  bad = fopencookie(&m, "rb+", all);
  printf("mode rb+: %d\n", bad != NULL);
  fclose(bad);
  cookie_io_functions_t failing_close = {memory_read, memory_write, memory_seek, NULL};
  f = fopencookie(&m, "a", failing_close);
  fputs("appended", f);
  printf("fclose without close function %d\n", fclose(f));
}

static int pipefd[2];

static ssize_t pipe_read(void *cookie, char *buffer, size_t size) {
  (void)cookie;
  ssize_t n = read(pipefd[0], buffer, size);
  printf("  [pipe read %zd]\n", n);
  return n;
}

static void *feeder(void *arg) {
  (void)arg;
  const char *parts[] = {"first part\n", "second ", "part\n", "third\n"};
  for (int i = 0; i < 4; i++) {
    usleep(20000);
    write(pipefd[1], parts[i], strlen(parts[i]));
  }
  close(pipefd[1]);
  return NULL;
}

static void blocking_reads(void) {
  printf("blocking reads:\n");
  pipe(pipefd);
  cookie_io_functions_t io = {pipe_read, NULL, NULL, NULL};
  FILE *f = fopencookie(NULL, "r", io);
  pthread_t t;
  pthread_create(&t, NULL, feeder, NULL);
  char line[64];
  while (fgets(line, sizeof line, f)) printf("got %s", line);
  printf("feof %d\n", feof(f));
  pthread_join(t, NULL);
  fclose(f);
  close(pipefd[0]);
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  writes();
  failing_writes();
  reads();
  read_write();
  missing_functions();
  blocking_reads();
  return 0;
}
