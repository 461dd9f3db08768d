// The static guest program's epoll scenarios (tests/programs/src/epoll.c), here linked
// dynamically against glibc and run on Miros libc: one source for both oracles.
#include "../../programs/src/epoll.c"
