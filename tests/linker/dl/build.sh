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
