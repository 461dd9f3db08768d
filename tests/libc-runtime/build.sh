#!/bin/sh
# Builds the libc-runtime test programs (dynamically linked against the system glibc, run under
# Miros with Miros libc) and records their native stdout and exit status as the oracle.
# Usage: tests/libc-runtime/build.sh   (commit bin/ and expected/ afterwards)
set -e
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$here/bin" "$here/expected"
build() { # name variant flags...
  name=$1; variant=$2; shift 2
  # C++ sources (NAME.cpp) build with g++: libstdc++ and libgcc_s load as guest code.
  if [ -f "$here/programs/$name.cpp" ]; then
    g++ "$@" -o "$here/bin/$name@$variant" "$here/programs/$name.cpp"
  else
    gcc "$@" -o "$here/bin/$name@$variant" "$here/programs/$name.c"
  fi
  strip "$here/bin/$name@$variant"
  set +e
  # stdin: programs/NAME.stdin through a pipe (as the test runner feeds it), else empty.
  input=/dev/null
  [ -f "$here/programs/$name.stdin" ] && input="$here/programs/$name.stdin"
  cat "$input" | "$here/bin/$name@$variant" >"$here/expected/$name@$variant.stdout" 2>"$here/expected/$name@$variant.stderr"
  echo $? >"$here/expected/$name@$variant.status"
  set -e
}
for name in hello printf exit-order malloc-string putchar stdlib-ctype stdio-input getopt time; do
  build $name O2-pie -O2 -fpie -pie
  build $name O0-nopie -O0 -fno-pie -no-pie
done
build printf O2-fortify -O2 -D_FORTIFY_SOURCE=2 -fstack-protector-strong
build stdio-input O2-fortify -O2 -D_FORTIFY_SOURCE=2 -fstack-protector-strong
# libc-system: signals, setjmp, local time, temporary files (-O0 variants keep setjmp's frame honest).
for name in setjmp signals tempfiles; do
  build $name O2-pie -O2 -fpie -pie
  build $name O0-nopie -O0 -fno-pie -no-pie
done
# libm: calls through the PLT (no builtins folded), linked with -lm.
build libm O2-pie -O2 -fpie -pie -fno-builtin -Wl,--no-as-needed -lm
# libm-double: pow and the double families after it, through the PLT.
build libm-double O2-pie -O2 -fpie -pie -fno-builtin -Wl,--no-as-needed -lm
# libm-float: expf, exp2f, logf, log2f, powf through the PLT (bits, errno, flags, signaling NaNs).
build libm-float O2-pie -O2 -fpie -pie -fno-builtin -Wl,--no-as-needed -lm
# libm-float-inverse: atanf…exp10f, atan2f, hypotf (issue 6) through the PLT (bits, NaN payloads, errno, flags).
build libm-float-inverse O2-pie -O2 -fpie -pie -fno-builtin -Wl,--no-as-needed -lm
# libm-more: cosf, sincosf, log1p, expm1, log10, the hyperbolics and more, through the PLT (bits, errno, flags).
build libm-more O2-pie -O2 -fpie -pie -fno-builtin -Wl,--no-as-needed -lm
# libm-trig: sin, cos, sincos, tan, atan through the PLT (bits, errno, flags, NaN payloads, every range).
build libm-trig O2-pie -O2 -fpie -pie -fno-builtin -Wl,--no-as-needed -lm
# libm-ieee: nextup, fmaximum, totalorder, payloads, fromfp, nexttoward, fadd… and fenv modes through the PLT.
build libm-ieee O2-pie -O2 -fpie -pie -fno-builtin -Wl,--no-as-needed -lm
# pthreads (src/libc/pthread): gcc -pthread, PIE.
for name in pthread-sync pthread-errors; do
  build $name O2-pie -O2 -fpie -pie -pthread
done
# Thin system-call wrappers (src/libc/unistd/file-system-functions.ts, dirent-functions.ts, sysconf.ts).
build syscalls O2-pie -O2 -fpie -pie
build syscalls O2-fortify -O2 -D_FORTIFY_SOURCE=2 -fstack-protector-strong
# Environment, local time and paths (src/libc/environment, src/libc/time, src/libc/unistd/paths.ts).
build environment O2-pie -O2 -fpie -pie
# Locales, wide characters, iconv, gettext (src/libc/locale, wchar, iconv, gettext).
for name in locale wchar wchar-iconv; do
  build $name O2-pie -O2 -fpie -pie
done
build localtime O2-pie -O2 -fpie -pie
build paths O2-pie -O2 -fpie -pie
# C++ on Miros libc: iostreams, containers, virtual calls, exceptions through several frames.
build cxx-features O2-pie -O2 -fpie -pie
build cxx-features O0-nopie -O0 -fno-pie -no-pie
# frexpl and wcsftime(_l), which libstdc++ imports (-fno-builtin: calls go through the PLT).
build libstdcxx-imports O2-pie -O2 -fpie -pie -fno-builtin -Wl,--no-as-needed -lm
# strtok, strtok_r, strsep (src/libc/string).
build string-tokens O2-pie -O2 -fpie -pie -fno-builtin
# pwd.h/grp.h over /etc/passwd and /etc/group (src/libc/pwd).
build users O2-pie -O2 -fpie -pie
# err.h/error.h (src/libc/err; stderr is a copy of stdout in these programs, so the recorded
# stdout shows both streams in order), termios (src/libc/termios), Linux wrappers, stdio_ext,
# stream locks and fortify checks (src/libc/linux, stdio-ext, fortify, process).
build err-error O2-pie -O2 -fpie -pie
build err-exit O0-nopie -O0 -fno-pie -no-pie
build termios O2-pie -O2 -fpie -pie
build linux-calls O2-fortify -O2 -D_FORTIFY_SOURCE=2 -fstack-protector-strong -pthread
# wcwidth/wcswidth (src/libc/wchar/wcwidth-functions.ts) in C and C.UTF-8.
build wcwidth O2-pie -O2 -fpie -pie
# fnmatch (src/libc/fnmatch) in C and C.UTF-8: a grid of patterns × strings × flag sets.
build fnmatch O2-pie -O2 -fpie -pie
# strverscmp and versionsort (src/libc/strverscmp).
build strverscmp O2-pie -O2 -fpie -pie
# mntent.h (src/libc/mntent) over a fixture the program writes.
build mntent O2-pie -O2 -fpie -pie

# strerror/strerror_r (GNU and XSI)/perror edges (src/libc/string, src/libc/stdio).
build strerror O2-pie -O2 -fpie -pie

# random()/random_r/initstate/setstate, drand48 and the _r forms, div/ldiv/lldiv/imaxdiv,
# getdtablesize and CPU_ALLOC (src/libc/stdlib), through the PLT.
build random-families O2-pie -O2 -fpie -pie -fno-builtin

# Stream orientation: narrow output orients, and fails on a wide stream (src/libc/stdio).
build stream-orientation O2-pie -O2 -fpie -pie
build stream-seek O2-pie -O2 -fpie -pie
build tempnam O2-pie -O2 -fpie -pie -Wno-deprecated-declarations
build coreutils-imports O2-fortify -std=gnu89 -D_GNU_SOURCE -O2 -D_FORTIFY_SOURCE=2 -fpie -pie -Wno-stringop-truncation
build pathconf O2-pie -O2 -fpie -pie
build exec O2-pie -O2 -fpie -pie
build resource-calls O2-pie -O2 -fpie -pie
# Process identity, sessions, fallocate, mincore, renameat2, stpncpy, ttyname, getlogin (runs as root; drops to 65534 last).
build identity O2-pie -O2 -fpie -pie -Wno-stringop-truncation
build identity O2-fortify -O2 -D_FORTIFY_SOURCE=2 -fstack-protector-strong -Wno-stringop-truncation
build division-traps O2-pie -O2 -fpie -pie -fno-builtin
build memory-streams O2-pie -O2 -fpie -pie
# strptime/strptime_l (src/libc/time/strptime.ts): every conversion, E/O, fields computed afterwards, %z, %s.
build strptime O2-pie -O2 -fpie -pie
build strptime-random O2-pie -O2 -fpie -pie
# Obstacks (src/libc/obstack): chunks, free, memory used, obstack_printf (__obstack_printf_chk when fortified), the failure handler.
build obstack O2-pie -O2 -fpie -pie
build obstack O2-fortify -O2 -D_FORTIFY_SOURCE=2 -fstack-protector-strong
# Functions calling back into the program (src/libc/unistd/scandir.ts, src/libc/search): scandir family over a tree made under /tmp, lfind/lsearch.
build callbacks O2-pie -O2 -fpie -pie
# Network functions without sockets (src/libc/inet): inet_pton/ntop/aton/network, ether_*, gai_strerror/herror/h_errno, /etc/services and /etc/protocols lookups.
build inet O2-pie -O2 -fpie -pie -pthread
# ftw/nftw (src/libc/ftw) over trees made under /tmp: flags, descriptor limits, symbolic links, callback return values.
build ftw O2-pie -O2 -fpie -pie
# <search.h> tables (src/libc/search): tsearch tree shapes after seeded insertions and deletions, hsearch slots and capacity.
build search-tables O2-pie -O2 -fpie -pie
build inet O0-nopie -O0 -fno-pie -no-pie -pthread
# /etc/networks comes from the installer, not a package: inet-networks is not in the default sample.
build inet-networks O2-pie -O2 -fpie -pie
# glob/globfree (src/libc/glob) over a tree made under /tmp: flags, metacharacters in directories, NOCHECK/NOMAGIC, the error function.
build glob O2-pie -O2 -fpie -pie
build bsd-signals-wcstok O2-pie -O2 -fpie -pie
# sys/socket.h wrappers (src/libc/inet/socket-functions.ts): a server thread, SCM_RIGHTS and CMSG_NXTHDR (__cmsg_nxthdr at -O0), EINTR, SO_RCVTIMEO, errno.
build sockets O2-pie -O2 -fpie -pie -pthread
build sockets O0-nopie -O0 -fno-pie -no-pie -pthread
# AF_INET/AF_INET6 sockets inside the run (src/kernel/fs/inet-socket.ts): TCP and UDP on 127.0.0.1 and ::1 between threads, dual stack, non-blocking connect, resets, errno.
build inet-sockets O2-pie -O2 -fpie -pie -pthread
# getaddrinfo/getnameinfo over numeric addresses, /etc/hosts (localhost) and /etc/services (src/libc/inet/address-info.ts); no name reaches DNS.
build getaddrinfo O2-pie -O2 -fpie -pie
# gethostbyname/gethostbyname2/gethostbyaddr and _r forms over numeric names and /etc/hosts' localhost (src/libc/inet/host-lookups.ts).
build hosts O2-pie -O2 -fpie -pie
# if_nametoindex/if_indextoname/if_nameindex and in6addr_any/in6addr_loopback through copy relocations (src/libc/inet/interfaces.ts).
build interfaces O0-nopie -O0 -fno-pie -no-pie
# rand_r's sequences and mallinfo/mallinfo2 invariants (src/libc/stdlib): the heap's numbers are Miros's own, the program checks relations.
build rand-mallinfo O2-pie -O2 -fpie -pie
# syslog family without a system logger (src/libc/syslog): LOG_PERROR's stderr through a pipe, %m, setlogmask, errno, idents; fortified: __syslog_chk/__vsyslog_chk.
build syslog O2-pie -O2 -fpie -pie
build syslog O2-fortify -O2 -D_FORTIFY_SOURCE=2 -fstack-protector-strong
# POSIX regex (src/libc/regex): a corpus of ERE/BRE patterns, flags and subjects with every regmatch_t, REG_STARTEND, regerror.
build regex O2-pie -O2 -fpie -pie
# timers: POSIX timers through Miros libc (SIGEV_THREAD on its helper thread), setitimer CPU timers.
build timers O2-pie -O2 -fpie -pie -pthread
# C11 threads over pthreads (src/libc/pthread/c11-threads.ts): thrd/mtx/cnd/tss/call_once, results, timeouts, thrd_busy.
build c11-threads O2-pie -O2 -fpie -pie -pthread
# dirname (libgen.h).
build dirname O2-pie -O2 -fpie -pie
# eventfd with eventfd_read/eventfd_write (the static program's source).
build eventfd O2-pie -O2 -fpie -pie -pthread
# timerfd (the static program's source).
build timerfd O2-pie -O2 -fpie -pie
# POSIX regex on generated patterns (src/libc/regex): 700 random ERE/BRE patterns x 4 subjects, flags, NOTBOL, every register.
build regex-random O2-pie -O2 -fpie -pie
# epoll (the static program's source).
build epoll O2-pie -O2 -fpie -pie -pthread
# signalfd (the static program's source).
build signalfd O2-pie -O2 -fpie -pie -pthread
# fork on Miros libc (src/libc/process/fork.ts): wait statuses, pipes, stdio buffers copied by fork, atfork order, malloc, a threaded parent, exec, vfork, _Fork.
build fork O2-pie -O2 -fpie -pie -pthread
# ppoll/pselect/epoll_pwait signal masks (the static program's source).
build wait-masks O2-pie -O2 -fpie -pie -pthread
# system(3) (src/libc/process/system.ts): statuses, signals, 127, pipelines, signal state restored.
build system O2-pie -O2 -fpie -pie
# posix_spawn/posix_spawnp (src/libc/process/spawn.ts): PATH search, errors returned to the parent, file actions, attributes.
build spawn O2-pie -O2 -fpie -pie
# popen/pclose (src/libc/process/popen.ts) and stdio that waits on a pipe for another process (src/libc/stdio/stream-io.ts).
build popen O2-pie -O2 -fpie -pie -pthread
# System V IPC and POSIX message queues (src/libc/ipc, src/kernel/ipc), splice/tee/vmsplice/sync_file_range and inotify (src/libc/linux/file-event-wrappers.ts): the static programs' sources.
for name in sysv-ipc posix-mqueue splice inotify; do
  build $name O2-pie -O2 -fpie -pie
done
# Small libc functions (issue 6): strcasestr, strerror_l, wcsto*, ldexpl (-lm: fenv), get_current_dir_name, parse_printf_format, initgroups, daemon, pthread scheduling/affinity, pthread_cleanup_push through pthread_exit/testcancel.
build libc-misc O2-pie -O2 -fpie -pie -pthread -fno-builtin -Wl,--no-as-needed -lm
# backtrace/backtrace_symbols(_fd) (src/libc/backtrace) through this program's frames, -rdynamic and not; futimesat, confstr, getloadavg.
build backtrace O2-dynamic -O2 -fpie -pie -rdynamic
build backtrace O0-nopie -O0 -fno-pie -no-pie
# X/Open message catalogs (src/libc/locale/message-catalogs.ts) over a gencat catalog the program writes; ctermid; mremap.
build catalogs O2-pie -O2 -fpie -pie
# getcontext/setcontext/swapcontext/makecontext (src/libc/setjmp/user-contexts.ts): coroutines, arguments, uc_link, exit through a NULL link.
build ucontext O2-pie -O2 -fpie -pie -lm
build ucontext O0-nopie -O0 -fno-pie -no-pie -lm
# fts (src/libc/fts) over a tree made under /tmp: options, order, links, cycles, fts_set/fts_children.
build fts O2-pie -O2 -fpie -pie
# fopencookie (src/libc/stdio/cookie-streams.ts): the calls glibc makes to the program's functions, errors, seeks, a read function that blocks.
build cookie O2-pie -O2 -fpie -pie -pthread
# gethostid (src/libc/inet/host-identifier.ts) against gethostbyname of the host name.
build hostid O2-pie -O2 -fpie -pie
# lchmod, __gmtime_r, _IO_putc (small libc gaps, issue 6).
build small-gaps O2-pie -O2 -fpie -pie
# arch_prctl, closefrom, gnu_get_libc_version/release (small libc gaps, issue 6).
build more-gaps O2-pie -O2 -fpie -pie
# sethostent/gethostent/endhostent (src/libc/inet/host-lookups.ts) against the program's own reading of /etc/hosts.
build host-entries O2-pie -O2 -fpie -pie
# ntp_gettimex/ntp_gettime (src/libc/time/ntp-time.ts) against adjtimex's own answer.
build ntp-time O2-pie -O2 -fpie -pie
# The system-administration calls (src/kernel/syscalls/administration.ts, src/libc/unistd/administration-functions.ts): chroot, capabilities, a UTS namespace, and EPERM as nobody.
build administration O2-pie -O2 -fpie -pie
# utmp/utmpx over files of the program's own (src/libc/login/utmp-functions.ts): glibc's search, overwrite and append rules, updwtmp.
build utmp O2-pie -O2 -fpie -pie
# shadow.h (src/libc/pwd/shadow-functions.ts): glibc's shadow line parser through sgetspent, /etc/shadow lookups (root only), lckpwdf.
build shadow O2-pie -O2 -fpie -pie
# Pseudo-terminals (src/kernel/fs/pseudo-terminal.ts, src/libc/termios/pseudo-terminal-functions.ts): the line discipline, a child's controlling terminal and ^C, openpty, login_tty, hang-ups.
build pty O2-pie -O2 -fpie -pie
# The account databases on streams and gshadow (src/libc/pwd/database-streams.ts, gshadow-functions.ts): put*ent/fget*ent round trips, sgetsgent, getsgnam(_r).
build user-streams O2-pie -O2 -fpie -pie
# getpwent_r/getgrent_r/gethostent_r against the classic enumerations; memccpy, rawmemchr, __stpcpy; lockf in one process.
build entries O2-pie -O2 -fpie -pie
# The resolver API without a network (src/libc/resolver): dn_comp/dn_expand with a compression table, malformed names, ns_name_*, res_*ok, res_mkquery (id masked), ns_initparse/ns_parserr from libresolv.so.2, res_ninit against the program's own reading of /etc/resolv.conf.
build resolver O2-pie -O2 -fpie -pie -lresolv
# getifaddrs/freeifaddrs against if_nameindex and the list's own structure (src/libc/inet/interface-addresses.ts): AF_PACKET entries by index, then AF_INET, then AF_INET6.
build interface-addresses O2-pie -O2 -fpie -pie
# fcntl record locks between processes and lockf (src/kernel/fs/record-locks.ts; F_SETLKW and lockf's F_LOCK wait from guest code): the static program's source.
build record-locks O2-pie -O2 -fpie -pie
# argp (src/libc/argp): help and usage output with glibc's formatting, ARGP_HELP_FMT, a help filter, argp_parse over many argument vectors, argp_error/argp_failure, --help/--usage/--version/-? in children.
build argp O2-pie -O2 -fpie -pie
# The GNU regex API (src/libc/regex/gnu-regex.ts): re_compile_pattern under GNU syntaxes, re_search/re_match/_2 forms, registers, translate, fastmap, re_comp/re_exec.
build regex-gnu O2-pie -O2 -fpie -pie
# Wanted imports (issue 6): getpass without a terminal and on a pty, gnu_dev_*, the wide _chk functions, _nl_msg_cat_cntr, clock_nanosleep.
build wanted-imports O2-pie -O2 -fpie -pie
# pthread_cancel at cancellation points (src/libc/pthread/cancel-cleanup.ts): a request reaching a thread blocked in read, accept, poll, select, sleeps, waitpid, msgrcv, epoll_wait, recv, pause, condition/semaphore/join waits, with cleanup handlers; disabled, pending, asynchronous.
build cancellation O2-pie -O2 -fpie -pie -pthread
# More wanted imports (issue 6): preadv/pwritev and v2 forms, pthread_getcpuclockid, ffs*, getusershell, readdir_r.
build more-wanted O2-pie -O2 -fpie -pie
# flock(2) between processes (src/kernel/fs/record-locks.ts): the static program's source.
build flock O2-pie -O2 -fpie -pie
# The last single-symbol gaps (issue 6): sigset, argz_create_sep, sched_getcpu, __profile_frequency, group_member.
build last-gaps O2-pie -O2 -fpie -pie
# The wide printf family (src/libc/stdio/wide-printf-functions.ts, the printf engine in wide mode): swprintf/vswprintf truncation, fwprintf/vfwprintf/wprintf/vwprintf on wide streams, the _chk forms (fortified build), %s/%ls/%c/%lc, %n, positional arguments in C and C.UTF-8.
build wide-printf O2-pie -O2 -fpie -pie
build wide-printf O2-fortify -O2 -fpie -pie -D_FORTIFY_SOURCE=2 -fstack-protector-strong
# The wide scanf family (src/libc/stdio/wide-scanf-functions.ts, the scanf engine in wide mode): swscanf/fwscanf/wscanf and v forms, __isoc99_* and the plain GNU names, %s/%c/%[ stored as multibyte, %ls/%lc/%l[ as wide, EILSEQ, streams in C and C.UTF-8, stdin from programs/wide-scanf.stdin.
build wide-scanf O2-pie -O2 -fpie -pie
build wide-scanf O0-nopie -O0 -fno-pie -no-pie
# floorl, ceill, truncl, nearbyintl, rintl (src/libc/math/long-double-rounding.ts): 20 values x 4 rounding modes, results and flags.
build long-double-rounding O2-pie -O2 -fpie -pie -fno-builtin -Wl,--no-as-needed -lm
# pthread_attr_setaffinity_np/pthread_attr_getaffinity_np (src/libc/pthread/attribute-affinity.ts) and pthread_create with them.
build attr-affinity O2-pie -O2 -fpie -pie
