#!/bin/sh
# Builds the dl API fixtures (tests/linker/dl) against the system glibc and records their native
# stdout and exit status: the dlopen program with its library, and the Rust program.
# Usage: tests/linker/dl/build.sh   (commit bin/ and expected/ afterwards; needs gcc, rustc)
set -e
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$here/bin" "$here/expected"
cd "$here/bin"
record() { # name: runs bin/NAME natively with an empty environment, from bin/
  set +e
  env -i LD_LIBRARY_PATH=. "./$1" </dev/null >"$here/expected/$1.stdout" 2>/dev/null
  echo $? >"$here/expected/$1.status"
  set -e
}
gcc -O2 -fpic -shared -pthread -Wl,--version-script="$here/src/dlopen-lib.map" -Wl,-soname,libdltest.so \
  -o libdltest.so "$here/src/dlopen-lib.c"
gcc -O2 -fpic -shared -Wl,-soname,libdlbad.so -o libdlbad.so "$here/src/dlopen-bad-lib.c"
gcc -O2 -fpie -pie -pthread -o dlopen "$here/src/dlopen.c"
strip dlopen libdltest.so libdlbad.so
record dlopen
if [ "$1" != --no-rust ] && command -v rustc >/dev/null; then
  rustc -O -C strip=symbols -o rust-program "$here/src/rust-program.rs"
  record rust-program
fi
# dl-more: surplus static TLS for an initial-exec library, TLS of a new module in an existing thread,
# RTLD_DEEPBIND, RTLD_NODELETE, __cxa_thread_atexit_impl, atexit and destructors in exit order.
lib() { # output flags...: one build of src/dl-more-lib.c
  out=$1; shift
  gcc -O2 -fpic -shared -Wl,-soname,"$out" -o "$out" "$@" "$here/src/dl-more-lib.c"
  strip "$out"
}
lib libdlie.so -DKIND_IE
lib libdldeep.so -DKIND_BIND
lib libdlshallow.so -DKIND_BIND
lib libdlnodelete.so -DKIND_NODELETE
lib libdltls2.so -DKIND_TLS
lib libdlexit-a.so -DKIND_EXIT -DNAME='"exit-a"' -Dexit_touch=exit_touch_a
lib libdlexit-b.so -DKIND_EXIT -DNAME='"exit-b"' -Dexit_touch=exit_touch_b
gcc -O2 -fpie -pie -pthread -rdynamic -o dl-more "$here/src/dl-more.c" -L. -l:libdlexit-a.so -l:libdlexit-b.so
strip dl-more
record dl-more
# dl-fork: the dl API in forked children (the child's own copy of the link map), over libdltest.so;
# fork-exception: C++ exceptions unwinding in a child, a thread of it and a grandchild.
gcc -O2 -fpie -pie -pthread -o dl-fork "$here/src/dl-fork.c"
g++ -O2 -pthread -o fork-exception "$here/src/fork-exception.cc"
strip dl-fork fork-exception
record dl-fork
record fork-exception
