// Reading stdin line by line: fgets into a small buffer (long lines arrive in pieces), getline
// (grows its buffer), a last line without a newline, empty lines, and counts like wc. Each line
// is echoed with its number, length and reversed, so a lost or duplicated byte is visible.
// @run {"name": "text", "stdin": "first line\n\nthird line has some more words in it\n   leading spaces\ntabs\there\ta line that is long enough to need several fgets calls with a sixteen byte buffer, and then some more\nlast line without newline"}
// @run {"name": "empty", "stdin": ""}
// @run {"name": "one-newline", "stdin": "\n"}
#define _GNU_SOURCE
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void) {
  char *all = NULL;
  size_t all_len = 0;
  char piece[16];
  int pieces = 0;
  // Pass 1: fgets with a 16-byte buffer, collecting everything.
  while (fgets(piece, sizeof piece, stdin)) {
    size_t n = strlen(piece);
    all = realloc(all, all_len + n + 1);
    memcpy(all + all_len, piece, n + 1);
    all_len += n;
    pieces++;
  }
  printf("fgets: %d pieces, %zu bytes, feof %d, ferror %d\n", pieces, all_len, feof(stdin) != 0, ferror(stdin) != 0);
  if (!all) {
    printf("no input\n");
    return 0;
  }

  // Pass 2: getline over the same bytes through fmemopen.
  FILE *mem = fmemopen(all, all_len, "r");
  char *line = NULL;
  size_t capacity = 0;
  ssize_t len;
  int number = 0;
  long words = 0, chars = 0;
  while ((len = getline(&line, &capacity, mem)) != -1) {
    number++;
    chars += len;
    int in_word = 0;
    for (ssize_t i = 0; i < len; i++) {
      if (isspace((unsigned char)line[i])) {
        in_word = 0;
      } else if (!in_word) {
        in_word = 1;
        words++;
      }
    }
    int has_newline = len > 0 && line[len - 1] == '\n';
    if (has_newline) line[--len] = 0;
    char reversed[256];
    ssize_t r = len < 255 ? len : 255;
    for (ssize_t i = 0; i < r; i++) reversed[i] = line[len - 1 - i];
    reversed[r] = 0;
    printf("%2d (%3zd%s) [%s] reversed [%s]\n", number, len, has_newline ? "" : ", no newline", line, reversed);
  }
  fclose(mem);
  free(line);
  printf("lines %d, words %ld, chars %ld\n", number, words, chars);
  free(all);
  return 0;
}
