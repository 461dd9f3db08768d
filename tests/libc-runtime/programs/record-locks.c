// The static guest program's scenarios (tests/programs/src/record-locks.c), here linked dynamically against glibc
// and run on Miros libc: one source for both oracles.
#include "../../programs/src/record-locks.c"
