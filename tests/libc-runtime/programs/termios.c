// <termios.h> under Miros libc: the speed functions and cfmakeraw on the user struct (glibc's
// layout and IBAUD0 bit), tcsetattr's argument check, and the ioctl-backed calls on descriptors
// that are not terminals (a pipe, /dev/null, a closed descriptor): -1 with ENOTTY or EBADF.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

static void show(const char *what, const struct termios *t) {
  printf("%-22s i=%#o o=%#o c=%#o l=%#o line=%d ispeed=%#o ospeed=%#o cc:", what, t->c_iflag, t->c_oflag, t->c_cflag,
         t->c_lflag, t->c_line, t->c_ispeed, t->c_ospeed);
  for (int i = 0; i < NCCS; i++) printf(" %d", t->c_cc[i]);
  printf(" | get i=%#o o=%#o\n", cfgetispeed(t), cfgetospeed(t));
}

static void result(const char *what, int r) {
  printf("%-34s -> %d", what, r);
  if (r < 0) printf(" errno=%d (%s)", errno, strerror(errno));
  printf("\n");
  errno = 0;
}

int main(void) {
  struct termios t;
  memset(&t, 0x55, sizeof t);
  show("pattern", &t);
  result("cfsetospeed(B9600)", cfsetospeed(&t, B9600));
  show("after ospeed", &t);
  result("cfsetispeed(0)", cfsetispeed(&t, 0));
  show("after ispeed 0", &t);
  result("cfsetispeed(B115200)", cfsetispeed(&t, B115200));
  show("after ispeed 115200", &t);
  result("cfsetospeed(9600) (not a B value)", cfsetospeed(&t, 9600));
  result("cfsetospeed(B4000000 + 1)", cfsetospeed(&t, B4000000 + 1));
  result("cfsetispeed(CBAUDEX)", cfsetispeed(&t, CBAUDEX));
  result("cfsetspeed(38400)", cfsetspeed(&t, 38400));
  show("after cfsetspeed 38400", &t);
  result("cfsetspeed(B57600)", cfsetspeed(&t, B57600));
  show("after cfsetspeed B57600", &t);
  result("cfsetspeed(921600)", cfsetspeed(&t, 921600));
  result("cfsetspeed(12345)", cfsetspeed(&t, 12345));
  cfmakeraw(&t);
  show("cfmakeraw", &t);
  memset(&t, 0xff, sizeof t);
  cfmakeraw(&t);
  show("cfmakeraw of ones", &t);

  result("tcsetattr(0, 3, ...)", tcsetattr(0, 3, &t));
  result("tcsetattr(0, -1, ...)", tcsetattr(0, -1, &t));
  result("tcgetattr(stdin pipe)", tcgetattr(0, &t));
  result("tcsetattr(stdin pipe, TCSANOW)", tcsetattr(0, TCSANOW, &t));
  int null = open("/dev/null", O_RDWR);
  result("tcgetattr(/dev/null)", tcgetattr(null, &t));
  result("tcsetattr(/dev/null, TCSADRAIN)", tcsetattr(null, TCSADRAIN, &t));
  result("tcflush(/dev/null, TCIOFLUSH)", tcflush(null, TCIOFLUSH));
  result("tcdrain(/dev/null)", tcdrain(null));
  result("tcflow(/dev/null, TCOON)", tcflow(null, TCOON));
  result("tcsendbreak(/dev/null, 0)", tcsendbreak(null, 0));
  result("tcgetpgrp(/dev/null)", tcgetpgrp(null));
  result("tcsetpgrp(/dev/null, getpgrp())", tcsetpgrp(null, getpgrp()));
  result("tcgetsid(/dev/null)", tcgetsid(null));
  close(null);
  result("tcgetattr(closed fd)", tcgetattr(null, &t));
  result("tcgetpgrp(closed fd)", tcgetpgrp(null));
  result("tcdrain(-1)", tcdrain(-1));
  int fds[2];
  pipe(fds);
  result("tcgetattr(pipe write end)", tcgetattr(fds[1], &t));
  result("tcflush(pipe, TCIFLUSH)", tcflush(fds[0], TCIFLUSH));
  return 0;
}
