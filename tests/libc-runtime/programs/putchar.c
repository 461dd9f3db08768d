// Inlined stdio: at -O2 putchar_unlocked and getc_unlocked expand to code that reads and writes
// the FILE's buffer pointers directly, calling __overflow only when the buffer is full.
#include <stdio.h>

int main(void) {
  for (int line = 0; line < 200; line++) {
    for (int i = 0; i < 60; i++) putchar_unlocked('a' + (line + i) % 26);
    putchar_unlocked('\n');
  }
  fputs("fputs line\n", stdout);
  fwrite("fwrite\n", 1, 7, stdout);
  fflush(stdout);
  fputs("after flush\n", stdout);
  return 0;
}
