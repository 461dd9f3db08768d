// The TCB words compiled code and glibc read, against the auxiliary vector (an outside fact): the
// stack guard at %fs:0x28 is AT_RANDOM's first eight bytes with the low byte cleared, the pointer
// guard at %fs:0x30 is its next eight; both are the same in every thread; %fs:0x10 holds the
// thread pointer itself; setjmp stores the stack pointer mangled with the pointer guard as glibc
// does (xor, rotate left 17), so programs that inspect a jmp_buf see what they see natively.
#include <pthread.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>

static uint64_t fs_word(long offset) {
  uint64_t value;
  __asm__ volatile("movq %%fs:(%1), %0" : "=r"(value) : "r"(offset));
  return value;
}

static uint64_t main_stack_guard, main_pointer_guard;

static void *thread(void *unused) {
  (void)unused;
  printf("thread: stack guard as main's %d, pointer guard as main's %d, %%fs:0x10 is %%fs:0 %d\n",
         fs_word(0x28) == main_stack_guard, fs_word(0x30) == main_pointer_guard, fs_word(0x10) == fs_word(0));
  return NULL;
}

int main(void) {
  uint64_t random_words[2];
  memcpy(random_words, (const void *)getauxval(AT_RANDOM), sizeof random_words);
  main_stack_guard = fs_word(0x28);
  main_pointer_guard = fs_word(0x30);
  printf("stack guard is AT_RANDOM[0..8) with the low byte cleared: %d\n",
         main_stack_guard == (random_words[0] & ~(uint64_t)0xff));
  printf("pointer guard is AT_RANDOM[8..16): %d\n", main_pointer_guard == random_words[1]);
  printf("%%fs:0 is the thread pointer, %%fs:0x10 the same: %d\n", fs_word(0x10) == fs_word(0));

  jmp_buf buffer;
  if (setjmp(buffer) == 0) {
    // glibc's jmp_buf: rbx, rbp, r12, r13, r14, r15, rsp, pc; rbp, rsp and pc mangled.
    uint64_t mangled = ((uint64_t *)buffer)[6];
    uint64_t rsp = ((mangled >> 17) | (mangled << 47)) ^ main_pointer_guard;
    uint64_t here = (uint64_t)(uintptr_t)&buffer;
    printf("setjmp's saved rsp demangles to within 4 KiB of the frame: %d\n", rsp <= here && here - rsp < 4096);
  }
  pthread_t id;
  pthread_create(&id, NULL, thread, NULL);
  pthread_join(id, NULL);
  return 0;
}
