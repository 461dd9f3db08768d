// stdio input and files through Miros libc: stdin read with getchar/ungetc/fgets/getline/scanf
// (the runner feeds programs/stdio-input.stdin), the fopen family on a temporary file, fseek and
// ftell (beyond the end, SEEK_CUR with read-ahead, errors), setvbuf modes, fread/fwrite, EOF
// and error flags, errno of failing calls.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void show_errno(const char *what, int result) {
  printf("%s -> %d errno %d (%s)\n", what, result, errno, strerror(errno));
  errno = 0;
}

static void read_stdin(void) {
  int c = getchar();
  printf("first %c\n", c);
  printf("ungetc %d\n", ungetc('X', stdin));
  printf("ungetc again %d\n", ungetc('Y', stdin));
  char line[64];
  printf("fgets [%s]\n", fgets(line, sizeof line, stdin));
  char small[5];
  fgets(small, sizeof small, stdin);
  printf("fgets small [%s]\n", small);
  fgets(line, sizeof line, stdin);
  printf("rest [%s]\n", line);
  int a = 0, b = 0, n = -1;
  double d = 0;
  char word[16];
  int r = scanf("%d %d %lf %15s%n", &a, &b, &d, word, &n);
  printf("scanf %d: %d %d %g %s n=%d\n", r, a, b, d, word, n);
  r = scanf("%d", &a);
  printf("scanf mismatch %d next %c\n", r, getchar());
  r = scanf(" %x %o %c", &a, &b, word);
  printf("scanf hex/oct %d: %d %d %c\n", r, a, b, word[0]);
  char *lineptr = NULL;
  size_t cap = 0;
  ssize_t got;
  while ((got = getline(&lineptr, &cap, stdin)) != -1) printf("getline %zd cap %zu [%s]\n", got, cap, lineptr);
  printf("eof %d error %d\n", feof(stdin), ferror(stdin));
  printf("getchar at eof %d\n", getchar());
  r = scanf("%d", &a);
  printf("scanf at eof %d\n", r);
  clearerr(stdin);
  printf("after clearerr eof %d\n", feof(stdin));
  free(lineptr);
  printf("fseek stdin (pipe) %d errno %d\n", fseek(stdin, 0, SEEK_SET), errno);
  errno = 0;
}

static void files(void) {
  char path[64];
  snprintf(path, sizeof path, "/tmp/miros-stdio-%d", (int)getpid());
  int fd;
  FILE *f = fopen(path, "w");
  printf("fopen w %s\n", f ? "ok" : "fail");
  for (int i = 0; i < 1000; i++) fprintf(f, "line %04d\n", i);
  printf("ftell after writes %ld\n", ftell(f));
  printf("fputc to w read %d\n", fgetc(f));
  printf("ferror %d errno %d\n", ferror(f), errno);
  clearerr(f);
  errno = 0;
  printf("fclose %d\n", fclose(f));

  f = fopen(path, "r");
  char buf[32];
  printf("fgets [%s]", fgets(buf, sizeof buf, f));
  printf("ftell %ld\n", ftell(f));
  printf("fseek cur +20 %d ftell %ld\n", fseek(f, 20, SEEK_CUR), ftell(f));
  printf("fgets [%s]", fgets(buf, sizeof buf, f));
  printf("fseek end %d ftell %ld\n", fseek(f, 0, SEEK_END), ftell(f));
  printf("getc at end %d eof %d\n", getc(f), feof(f));
  printf("fseek beyond %d ftell %ld eof %d\n", fseek(f, 100, SEEK_END), ftell(f), feof(f));
  printf("fseek negative %d errno %d\n", fseek(f, -1, SEEK_SET), errno);
  errno = 0;
  printf("fseek bad whence %d errno %d\n", fseek(f, 0, 7), errno);
  errno = 0;
  rewind(f);
  size_t items = fread(buf, 10, 3, f);
  printf("fread %zu [%.30s]\n", items, buf);
  printf("ungetc %c ftell %ld\n", ungetc('Z', f), ftell(f));
  printf("getc %c\n", getc(f));
  fseek(f, -15, SEEK_END);
  items = fread(buf, 10, 3, f);
  printf("fread short %zu eof %d\n", items, feof(f));
  char big[20000];
  rewind(f);
  items = fread(big, 1, sizeof big, f);
  printf("fread big %zu [%.9s]\n", items, big + 12340);
  printf("fputs to r %d errno %d\n", fputs("x", f), errno);
  errno = 0;
  fclose(f);

  f = fopen(path, "r+");
  fseek(f, 5, SEEK_SET);
  fputs("ABCD", f);
  fseek(f, 0, SEEK_SET);
  printf("r+ [%s]", fgets(buf, sizeof buf, f));
  fseek(f, 0, SEEK_CUR);
  fputs("++", f);
  fflush(f);
  rewind(f);
  fgets(buf, sizeof buf, f);
  fgets(buf, sizeof buf, f);
  printf("r+ second [%s]", buf);
  fclose(f);

  f = fopen(path, "a");
  printf("append ftell %ld\n", ftell(f));
  fputs("tail\n", f);
  printf("append ftell after %ld\n", ftell(f));
  fclose(f);
  f = fopen(path, "a+");
  printf("a+ ftell %ld\n", ftell(f));
  fgets(buf, sizeof buf, f);
  printf("a+ read [%s]", buf);
  fclose(f);

  errno = 0;
  f = fopen("/nonexistent/dir/file", "r");
  show_errno("fopen missing", f == NULL);
  f = fopen(path, "q");
  show_errno("fopen bad mode", f == NULL);
  f = fopen(path, "wx");
  show_errno("fopen wx existing", f == NULL);

  fd = open(path, O_RDONLY);
  f = fdopen(fd, "w");
  show_errno("fdopen w on rdonly", f == NULL);
  f = fdopen(fd, "r");
  printf("fdopen r fileno ok %d\n", fileno(f) == fd);
  fgets(buf, sizeof buf, f);
  printf("fdopen read [%s]", buf);
  fclose(f);
  printf("fd closed by fclose %d\n", close(fd));
  errno = 0;

  f = fopen(path, "w+");
  setvbuf(f, NULL, _IONBF, 0);
  fputs("unbuffered", f);
  printf("unbuffered written size %ld\n", (long)lseek(fileno(f), 0, SEEK_END));
  fclose(f);
  static char userbuf[64];
  f = fopen(path, "w");
  printf("setvbuf full %d\n", setvbuf(f, userbuf, _IOFBF, sizeof userbuf));
  fputs("0123456789", f);
  printf("buffered in user buffer [%.10s] file size %ld\n", userbuf, (long)lseek(fileno(f), 0, SEEK_END));
  printf("setvbuf bad mode %d\n", setvbuf(f, NULL, 5, 0));
  fclose(f);
  f = fopen(path, "w");
  setlinebuf(f);
  fputs("abc", f);
  long before = (long)lseek(fileno(f), 0, SEEK_END);
  fputs("def\nghi", f);
  printf("line buffered sizes %ld %ld\n", before, (long)lseek(fileno(f), 0, SEEK_END));
  fclose(f);

  f = freopen(path, "r", stdin);
  printf("freopen stdin %d fileno %d\n", f == stdin, fileno(stdin));
  fgets(buf, sizeof buf, stdin);
  printf("freopened read [%s]\n", buf);
  fpos_t pos;
  printf("fgetpos %d\n", fgetpos(stdin, &pos));
  getchar();
  fsetpos(stdin, &pos);
  printf("after fsetpos ftell %ld\n", ftell(stdin));
  remove(path);
}

int main(void) {
  read_stdin();
  files();
  // Output buffering: stdout is a pipe or file (full), stderr unbuffered; the order on each
  // descriptor is what matters.
  fprintf(stderr, "to stderr\n");
  printf("done\n");
  return 0;
}
