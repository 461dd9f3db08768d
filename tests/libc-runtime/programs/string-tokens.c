// strtok, strtok_r and strsep against glibc: leading, trailing and repeated delimiters, empty
// strings, a delimiter set that changes between calls, and where the save pointer is left.
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>

static void show_tokens(const char *input, const char *delimiters) {
  char buffer[128];
  strcpy(buffer, input);
  printf("strtok(\"%s\", \"%s\"):", input, delimiters);
  for (char *t = strtok(buffer, delimiters); t; t = strtok(NULL, delimiters)) printf(" [%s]", t);
  printf("\n");
  strcpy(buffer, input);
  char *save = NULL;
  printf("strtok_r:");
  for (char *t = strtok_r(buffer, delimiters, &save); t; t = strtok_r(NULL, delimiters, &save))
    printf(" [%s]@%td", t, t - buffer);
  printf(" save@%td (*save=%d)\n", save - buffer, *save);
  strcpy(buffer, input);
  char *cursor = buffer;
  printf("strsep:");
  for (char *t; (t = strsep(&cursor, delimiters)) != NULL;) printf(" [%s]", t);
  printf(" cursor %s\n", cursor == NULL ? "NULL" : "not NULL");
}

int main(void) {
  show_tokens("alpha beta  gamma", " ");
  show_tokens("  leading and trailing  ", " ");
  show_tokens("a,b;;c,", ",;");
  show_tokens("", ",");
  show_tokens(",,,", ",");
  show_tokens("no-delimiters-here", ",");
  show_tokens("x", "");
  char line[] = "key=value; other = thing";
  char *save;
  char *key = strtok_r(line, "=", &save);
  char *value = strtok_r(NULL, ";", &save);
  char *rest = strtok_r(NULL, "", &save);
  printf("changing sets: [%s] [%s] [%s]\n", key, value, rest);
  printf("after the end: %p\n", (void *)strtok_r(NULL, ";", &save));
  char *null_cursor = NULL;
  printf("strsep(NULL cursor): %p\n", (void *)strsep(&null_cursor, ","));
  return 0;
}
