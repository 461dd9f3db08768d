// obstacks: growing objects across chunks, freeing back, memory used, allocated_p, printf into an
// obstack, an allocator taking an extra argument, and the default failure handler's message and
// exit status. Addresses are printed relative to their chunk so the output is machine-independent.
#define _GNU_SOURCE
#include <obstack.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define obstack_chunk_alloc malloc
#define obstack_chunk_free free

// glibc exports it without declaring it in <obstack.h>.
extern int _obstack_allocated_p(struct obstack *h, void *obj);

static int allocations, frees;
static long tag = 42;

static void *counting_alloc(void *arg, size_t size) {
  allocations++;
  printf("  alloc(%ld, %zu)\n", *(long *)arg, size);
  return malloc(size);
}

static void counting_free(void *arg, void *chunk) {
  frees++;
  printf("  free(%ld)\n", *(long *)arg);
  free(chunk);
}

static int fail_after;
static void *failing_alloc(long size) {
  if (fail_after-- <= 0) return NULL;
  return malloc(size);
}

// With alignment beyond malloc's 16 bytes, where the object starts in its chunk depends on the
// chunk's address: only whether it is aligned is printed then.
static void show(const char *what, struct obstack *h) {
  printf("%s: chunk_size=%lu mask=%u free-base=%ld limit-chunk=%ld used=%zu maybe_empty=%u", what,
         (unsigned long)h->chunk_size, (unsigned)h->alignment_mask, (long)(h->next_free - h->object_base),
         (long)(h->chunk_limit - (char *)h->chunk), (size_t)obstack_memory_used(h), h->maybe_empty_object);
  if (h->alignment_mask <= 15)
    printf(" base-chunk=%ld room=%zu\n", (long)(h->object_base - (char *)h->chunk), (size_t)obstack_room(h));
  else
    printf(" base aligned=%d\n", ((unsigned long)h->object_base & h->alignment_mask) == 0);
}

int main(void) {
  struct obstack h;
  obstack_init(&h);
  show("init", &h);
  char *first = obstack_copy0(&h, "hello", 5);
  printf("first=%s allocated_p=%d\n", first, _obstack_allocated_p(&h, first));
  show("after copy0", &h);
  for (int i = 0; i < 3000; i++) obstack_1grow(&h, 'a' + i % 26);
  show("grown 3000", &h);
  for (int i = 0; i < 3000; i++) obstack_1grow(&h, 'A' + i % 26);
  show("grown 6000", &h);
  obstack_1grow(&h, 0);
  char *big = obstack_finish(&h);
  printf("big len=%zu head=%.30s tail=%s first still=%s\n", strlen(big), big, big + 5990, first);
  show("finished", &h);
  int n = obstack_printf(&h, "[%d|%s|%5.2f|%x]", 123, "xyz", 3.14159, 0xbeef);
  printf("printf returned %d, object size %d\n", n, obstack_object_size(&h));
  char long_text[9000];
  memset(long_text, 'z', sizeof long_text - 1);
  long_text[sizeof long_text - 1] = 0;
  n = obstack_printf(&h, "%s<%d>", long_text, 7);
  printf("long printf returned %d, object size %d\n", n, obstack_object_size(&h));
  obstack_1grow(&h, 0);
  char *printed = obstack_finish(&h);
  printf("printed head=%.40s tail=%s\n", printed, printed + strlen(printed) - 12);
  show("after printf", &h);
  printf("allocated_p(first)=%d allocated_p(big)=%d allocated_p(stack)=%d\n", _obstack_allocated_p(&h, first),
         _obstack_allocated_p(&h, big), _obstack_allocated_p(&h, &n));
  obstack_free(&h, big);
  show("freed to big", &h);
  printf("allocated_p(first)=%d\n", _obstack_allocated_p(&h, first));
  obstack_free(&h, first);
  show("freed to first", &h);
  void *blank = obstack_alloc(&h, 5000);
  printf("alloc 5000 -> %s\n", blank != NULL ? "ok" : "null");
  show("alloc 5000", &h);
  obstack_free(&h, NULL);
  printf("freed all\n");

  // An allocator with an extra argument, a small chunk size and 64-byte alignment.
  struct obstack g;
  obstack_specify_allocation_with_arg(&g, 200, 64, counting_alloc, counting_free, &tag);
  show("g init", &g);
  for (int round = 0; round < 5; round++) {
    void *p = obstack_alloc(&g, 90 + round * 40);
    printf("round %d aligned=%d\n", round, ((unsigned long)p & 63) == 0);
  }
  show("g after rounds", &g);
  obstack_blank(&g, 1000);
  show("g blank 1000", &g);
  obstack_free(&g, NULL);
  printf("allocations=%d frees=%d\n", allocations, frees);

  // obstack_vprintf on an obstack whose chunk is exactly full (no room, empty object).
  struct obstack e;
  obstack_specify_allocation(&e, 100, 16, malloc, free);
  obstack_blank(&e, 84);
  obstack_finish(&e);
  show("e full", &e);
  n = obstack_printf(&e, "%s=%d", "value", 12345);
  printf("printf on full returned %d, object size %d\n", n, obstack_object_size(&e));
  show("e printed", &e);
  obstack_free(&e, NULL);

  // Default alignment and size, then the default handler: a chunk allocator that fails.
  struct obstack f;
  fail_after = 1;
  obstack_exit_failure = 3;
  _obstack_begin(&f, 0, 0, failing_alloc, free);
  show("f init", &f);
  fflush(stdout);
  obstack_blank(&f, 10000);
  printf("not reached\n");
  return 0;
}
