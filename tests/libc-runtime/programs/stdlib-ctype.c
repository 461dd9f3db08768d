// stdlib and ctype through Miros libc: qsort/bsearch calling back into the program, strtol and
// strtod edge cases with errno, glibc's rand() sequence, the ctype tables the macros index,
// unistd file I/O and errno/strerror/perror.
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int by_string(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }
static int by_int(const void *a, const void *b) { return *(const int *)a - *(const int *)b; }

int main(void) {
  const char *words[] = {"pear", "apple", "fig", "banana", "cherry", "apple", "date"};
  qsort(words, 7, sizeof words[0], by_string);
  for (int i = 0; i < 7; i++) printf("%s%c", words[i], i == 6 ? '\n' : ' ');
  int numbers[50];
  for (int i = 0; i < 50; i++) numbers[i] = (i * 37) % 101 - 50;
  qsort(numbers, 50, sizeof(int), by_int);
  printf("min %d max %d\n", numbers[0], numbers[49]);
  int key = numbers[17];
  int *found = bsearch(&key, numbers, 50, sizeof(int), by_int);
  printf("bsearch index %ld\n", found ? (long)(found - numbers) : -1L);
  key = 1000;
  printf("bsearch missing %p\n", bsearch(&key, numbers, 50, sizeof(int), by_int));

  char *end;
  errno = 0;
  long v = strtol("  -0x1fZ", &end, 0);
  printf("strtol %ld rest [%s] errno %d\n", v, end, errno);
  errno = 0;
  v = strtol("99999999999999999999", &end, 10);
  printf("strtol overflow %ld errno %d\n", v, errno);
  unsigned long long u = strtoull("18446744073709551615", NULL, 10);
  printf("strtoull %llu atoi %d atol %ld\n", u, atoi("  42abc"), atol("-7"));
  double d = strtod("3.5e2xyz", &end);
  printf("strtod %g rest [%s]\n", d, end);
  errno = 0;
  d = strtod("1e999", NULL);
  printf("strtod overflow %g errno %d atof %g\n", d, errno, atof("0.125"));
  printf("strtof %g\n", (double)strtof("0.1", NULL));

  srand(42);
  for (int i = 0; i < 5; i++) printf("%d ", rand());
  printf("\n");
  srandom(1);
  printf("random %ld %ld\n", random(), random());

  const char *text = "Hello, World 42!\t";
  int alpha = 0, digit = 0, space = 0, punct = 0, upper = 0;
  for (const char *p = text; *p; p++) {
    alpha += isalpha((unsigned char)*p) != 0;
    digit += isdigit((unsigned char)*p) != 0;
    space += isspace((unsigned char)*p) != 0;
    punct += ispunct((unsigned char)*p) != 0;
    upper += isupper((unsigned char)*p) != 0;
  }
  printf("alpha %d digit %d space %d punct %d upper %d\n", alpha, digit, space, punct, upper);
  for (const char *p = text; *p; p++) putchar(toupper((unsigned char)*p));
  putchar('\n');

  const char *path = "/tmp/miros-libc-runtime-test.txt";
  int fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0600);
  printf("open ok %d write %zd\n", fd >= 0, write(fd, "file data\n", 10));
  close(fd);
  fd = open(path, O_RDONLY);
  char buffer[32] = {0};
  printf("read %zd [%s]\n", read(fd, buffer, sizeof buffer - 1), buffer);
  close(fd);
  unlink(path);
  errno = 0;
  fd = open("/nonexistent/file", O_RDONLY);
  printf("open missing %d errno %d %s\n", fd, errno, strerror(errno));
  perror("perror says");
  int closed = close(-1);
  printf("close bad %d errno %d\n", closed, errno);
  return abs(-5);
}
