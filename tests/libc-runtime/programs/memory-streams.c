// fmemopen and open_memstream as glibc 2.36 behaves: fmemopen's read limit (the size for "r",
// what was written for "w+"), the NUL it adds after a write when there is room, ENOSPC when the
// buffer is full (after the stdio buffer is flushed), seeking within [0, size] (EINVAL beyond),
// "a" starting at the first NUL, a NULL buffer allocated by the stream; open_memstream's buffer
// and size published on fflush and fclose (the size is the position), growth past BUFSIZ,
// seeking back and forth.
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void show(const char *what, const char *buffer, size_t size) {
  printf("%s: [", what);
  for (size_t i = 0; i < size; i++) {
    unsigned char c = buffer[i];
    if (c >= 32 && c < 127) putchar(c);
    else printf("\\%o", c);
  }
  printf("]\n");
}

static void fmemopen_cases(void) {
  char buffer[16];
  memset(buffer, 'x', sizeof buffer);
  FILE *f = fmemopen(buffer, sizeof buffer, "w");
  printf("fileno %d errno %d\n", fileno(f), errno);
  fputs("hello", f);
  show("w before fflush", buffer, sizeof buffer);
  fflush(f);
  show("w after fflush", buffer, sizeof buffer);
  printf("ftell %ld\n", ftell(f));
  fputs(" world, this is too long", f);
  int r = fflush(f);
  printf("overfull fflush %d errno %d ferror %d\n", r, errno, ferror(f));
  show("w full", buffer, sizeof buffer);
  r = fclose(f);
  printf("fclose %d\n", r);
  show("after fclose", buffer, sizeof buffer);

  strcpy(buffer, "line one\nline2");
  f = fmemopen(buffer, strlen(buffer), "r");
  char line[32];
  while (fgets(line, sizeof line, f)) printf("read line [%s]\n", strtok(line, "\n"));
  printf("feof %d\n", feof(f));
  printf("fseek 3 %d, getc %c\n", fseek(f, 3, SEEK_SET), getc(f));
  errno = 0;
  printf("fseek past the end %d errno %d\n", fseek(f, 100, SEEK_SET), errno);
  printf("fseek to the end %d, ftell %ld\n", fseek(f, 0, SEEK_END), ftell(f));
  fclose(f);

  memset(buffer, 0, sizeof buffer);
  strcpy(buffer, "abc");
  f = fmemopen(buffer, sizeof buffer, "a+");
  printf("a+ ftell %ld\n", ftell(f));
  fputs("de", f);
  fflush(f);
  show("a+ after fputs", buffer, 8);
  rewind(f);
  printf("a+ read back: %s\n", fgets(line, sizeof line, f));
  fclose(f);

  memset(buffer, 'y', sizeof buffer);
  f = fmemopen(buffer, sizeof buffer, "w+");
  show("w+ truncates", buffer, 4);
  fprintf(f, "%d-%d", 12, 34);
  rewind(f);
  printf("w+ read back: [%s]\n", fgets(line, sizeof line, f));
  fclose(f);

  f = fmemopen(NULL, 10, "w+");
  fputs("0123456789abc", f);
  fflush(f);
  rewind(f);
  memset(line, 0, sizeof line);
  size_t n = fread(line, 1, sizeof line, f);
  printf("NULL buffer: read %zu [%s]\n", n, line);
  fclose(f);
  errno = 0;
  f = fmemopen(buffer, 0, "r");
  printf("size 0: %s errno %d\n", f ? "stream" : "NULL", errno);
  if (f) fclose(f);
  errno = 0;
  f = fmemopen(buffer, 4, "z");
  printf("bad mode: %s errno %d\n", f ? "stream" : "NULL", errno);
}

static void memstream_cases(void) {
  char *data = (char *)1;
  size_t size = 99;
  FILE *f = open_memstream(&data, &size);
  printf("open_memstream: data %s, size %zu\n", data == NULL ? "NULL" : data == (char *)1 ? "untouched" : "set", size);
  fprintf(f, "hello %d", 42);
  printf("before fflush: size %zu\n", size);
  fflush(f);
  printf("after fflush: [%s] size %zu\n", data, size);
  fseek(f, 2, SEEK_SET);
  fflush(f);
  printf("after fseek 2: [%s] size %zu\n", data, size);
  fputs("LL", f);
  fflush(f);
  printf("after overwrite: [%s] size %zu\n", data, size);
  fseek(f, 0, SEEK_END);
  for (int i = 0; i < 3000; i++) fprintf(f, "%04d", i);
  fflush(f);
  printf("grown: size %zu, tail [%s], strlen %zu\n", size, data + size - 8, strlen(data));
  fseek(f, 20, SEEK_END);
  fputc('!', f);
  fclose(f);
  printf("after fclose past the end: size %zu, byte before %d, last [%s]\n", size, data[size - 2], data + size - 1);
  free(data);
  f = open_memstream(&data, &size);
  fclose(f);
  printf("empty: [%s] size %zu\n", data, size);
  free(data);
}

int main(void) {
  fmemopen_cases();
  memstream_cases();
  return 0;
}
