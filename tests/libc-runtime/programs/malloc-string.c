// The malloc family and string.h: results printed so the native run is the oracle.
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int main(void) {
  char *a = malloc(10);
  strcpy(a, "hello");
  strcat(a, "!");
  printf("%s %zu aligned16=%d\n", a, strlen(a), (int)((uintptr_t)a % 16 == 0));
  a = realloc(a, 1000);
  strcat(a, " grown");
  printf("%s\n", a);
  int *zeros = calloc(100, sizeof(int));
  int sum = 0;
  for (int i = 0; i < 100; i++) sum += zeros[i];
  printf("calloc sum %d\n", sum);
  void *p = NULL;
  int r = posix_memalign(&p, 4096, 100);
  printf("posix_memalign %d aligned=%d\n", r, (int)((uintptr_t)p % 4096 == 0));
  printf("posix_memalign bad %d\n", posix_memalign(&p, 3, 100));
  void *q = aligned_alloc(64, 128);
  printf("aligned_alloc %d usable>=128 %d\n", (int)((uintptr_t)q % 64 == 0), (int)(malloc_usable_size(q) >= 128));
  free(q);
  free(zeros);
  free(a);
  char *big = malloc(1 << 20);
  memset(big, 'x', 1 << 20);
  big[(1 << 20) - 1] = 0;
  printf("big %zu\n", strlen(big));
  free(big);
  printf("strcmp %d %d %d\n", strcmp("abc", "abd") < 0, strcmp("b", "a") > 0, strcmp("same", "same"));
  printf("strncmp %d strcasecmp %d\n", strncmp("abcdef", "abcxyz", 3), strcasecmp("HeLLo", "hello"));
  printf("strchr %s strrchr %s\n", strchr("a/b/c", '/'), strrchr("a/b/c", '/'));
  printf("strstr %s %p\n", strstr("haystack needle", "needle"), (void *)strstr("abc", "xyz"));
  printf("strspn %zu strcspn %zu\n", strspn("aaabbc", "ab"), strcspn("hello, world", ", "));
  char buffer[32];
  memset(buffer, 0, sizeof buffer);
  strncpy(buffer, "truncate me", 8);
  printf("strncpy [%s]\n", buffer);
  memmove(buffer + 2, buffer, 8);
  printf("memmove [%s]\n", buffer);
  printf("memcmp %d memchr %s\n", memcmp("abc", "abd", 3) < 0, (char *)memchr("find-x-here", 'x', 11));
  char *d = strdup("duplicate");
  char *nd = strndup("duplicate", 3);
  printf("%s %s\n", d, nd);
  free(d);
  free(nd);
  printf("strerror %s\n", strerror(2));
  return 0;
}
