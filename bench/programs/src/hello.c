// Static hello world: the end-to-end start-up cost (load, libc init, one write, exit).
#include <stdio.h>

int main(void) {
  puts("Hello, world!");
  return 0;
}
