// The static guest program's POSIX-timer scenarios (tests/programs/src/timers.c), here linked
// dynamically against glibc and run on Miros libc: one source for both oracles.
#include "../../programs/src/timers.c"
