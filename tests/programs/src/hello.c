// The smallest useful guest: one line to stdout, exit status 0.
#include <stdio.h>

int main(void) {
  puts("Hello, world!");
  return 0;
}
