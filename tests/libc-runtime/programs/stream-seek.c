// fseek inside the read buffer, as glibc 2.36's _IO_new_file_seekoff does it: once the stream
// knows where the descriptor stands (after an fseek; not after fopen or fflush), a target inside
// the bytes already read moves the read pointer and keeps the buffer, so a change made to the file
// behind the stream's back is not seen; a target outside it, or an unknown position, rereads.
// Writing right after reading (no fseek between, which glibc allows) lands at the read position.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char path[] = "/tmp/miros-seekXXXXXX";

/** Overwrites the file's first bytes through a separate descriptor. */
static void change_behind(const char *bytes) {
  FILE *other = fopen(path, "r+");
  fputs(bytes, other);
  fclose(other);
}

static void show(FILE *f, const char *what) {
  char line[16] = {0};
  size_t n = fread(line, 1, 5, f);
  printf("%s: read %zu \"%s\", ftell %ld, eof %d\n", what, n, line, ftell(f), feof(f) != 0);
}

int main(void) {
  int fd = mkstemp(path);
  write(fd, "abcdefghij", 10);
  close(fd);

  FILE *f = fopen(path, "r");
  show(f, "first read after fopen");
  change_behind("ABC");
  fseek(f, 0, SEEK_SET);
  show(f, "fseek 0, position was unknown");

  change_behind("xyz");
  fseek(f, 1, SEEK_SET);
  show(f, "fseek 1 inside the buffer");
  fseek(f, -3, SEEK_CUR);
  show(f, "fseek -3 from here");
  fseek(f, 0, SEEK_END);
  printf("at the end: getc %d, feof %d\n", getc(f), feof(f) != 0);
  fseek(f, 2, SEEK_SET);
  show(f, "fseek 2 after end of file");

  fflush(f);
  change_behind("123");
  fseek(f, 0, SEEK_SET);
  show(f, "fseek 0 after fflush");
  rewind(f);
  show(f, "rewind");
  fclose(f);

  FILE *rw = fopen(path, "r+");
  fseek(rw, 0, SEEK_SET);
  show(rw, "read-write stream");
  fseek(rw, 1, SEEK_SET);
  fputs("--", rw);
  fseek(rw, 0, SEEK_SET);
  show(rw, "after writing at 1");
  fclose(rw);

  FILE *mixed = fopen(path, "r+");
  show(mixed, "read-write stream, no fseek");
  fputs("==", mixed);
  fclose(mixed);
  mixed = fopen(path, "r");
  char all[16] = {0};
  fread(all, 1, sizeof all - 1, mixed);
  printf("written after reading 5: \"%s\"\n", all);
  fclose(mixed);
  unlink(path);
  return 0;
}
