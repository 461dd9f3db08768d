#!/bin/sh
# Builds the issue-6 acceptance programs (tests/linker/acceptance: dynamically linked against the
# system glibc, run under Miros with Miros libc) and records each run's native stdout and exit
# status. A run: bin/NAME@VARIANT with the arguments in expected/NAME@VARIANT.RUN.args (one per
# line), from bin/, environment exactly A=1 LD_LIBRARY_PATH=. and stdin empty.
# Usage: tests/linker/acceptance/build.sh   (commit bin/ and expected/ afterwards; needs gcc, g++)
set -e
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$here/bin" "$here/expected"
mkdir -p "$here/bin" "$here/expected"
cd "$here/bin"
build() { # name variant flags... (libraries to link after the source: $LIBS)
  name=$1; variant=$2; shift 2
  if [ -f "$here/src/$name.cpp" ]; then g++ "$@" -o "$name@$variant" "$here/src/$name.cpp" $LIBS
  else gcc "$@" -o "$name@$variant" "$here/src/$name.c" $LIBS; fi
  strip "$name@$variant"
}
record() { # name@variant run args...
  binary=$1; run=$2; shift 2
  : >"$here/expected/$binary.$run.args"
  for arg in "$@"; do printf '%s\n' "$arg" >>"$here/expected/$binary.$run.args"; done
  set +e
  env -i A=1 LD_LIBRARY_PATH=. "./$binary" "$@" </dev/null >"$here/expected/$binary.$run.stdout" 2>/dev/null
  echo $? >"$here/expected/$binary.$run.status"
  set -e
}
# TCB words against AT_RANDOM, in threads; setjmp's pointer mangling.
build guards O2-pie -O2 -fpie -pie -pthread
build guards O0-nopie -O0 -fno-pie -no-pie -pthread
record guards@O2-pie default
record guards@O0-nopie default
# Start-up and exit symbols, stdio buffering, abort/assert/stack smashing/_exit.
build startup O2-fortify -O2 -fpie -pie -D_FORTIFY_SOURCE=2 -fstack-protector-strong -pthread
build startup O0-nopie-ssp -O0 -fno-pie -no-pie -fstack-protector-strong -pthread
for binary in startup@O2-fortify startup@O0-nopie-ssp; do
  for run in names threads buffering memory abort assert double-free interior-free _exit; do record $binary $run $run; done
  record $binary smash smash 0123456789abcdefghijklmnopqrstuvwxyz0123456789
done
# TLS from several threads: LE/IE in the executable, GD/LD/IE in a library, TLSDESC in another.
lib() { # output name function address flags...
  out=$1; function=$2; address=$3; shift 3
  gcc -O2 -fpic -shared -DLIBRARY="\"$out\"" -DLIBRARY_FUNCTION=$function -DLIBRARY_ADDRESS=$address \
    -Wl,-soname,$out -o $out "$@" "$here/src/tls-threads-lib.c"
  strip $out
}
lib libtlsthreads.so classic_add classic_address
lib libtlsthreads-desc.so desc_add desc_address -mtls-dialect=gnu2
LIBS="-L. -l:libtlsthreads.so -l:libtlsthreads-desc.so"
build tls-threads O2-pie -O2 -fpie -pie -pthread
build tls-threads O0-nopie -O0 -fno-pie -no-pie -pthread
LIBS=
record tls-threads@O2-pie default first-argument
record tls-threads@O0-nopie default first-argument
# C++ thread_local destructors (__cxa_thread_atexit_impl).
build thread-local O2-pie -O2 -fpie -pie
build thread-local O0-nopie -O0 -fno-pie -no-pie
record thread-local@O2-pie default
record thread-local@O0-nopie default
# pthread attributes back through pthread_getattr_np; callbacks that wait for another thread.
# O2-family also needs every libc-family library (their DT_NEEDED entries: Miros provides them).
build thread-attributes O0-nopie -O0 -fno-pie -no-pie -pthread
LIBS="-Wl,--no-as-needed -lm -l:libdl.so.2 -l:librt.so.1 -l:libutil.so.1 -l:libpthread.so.0"
build thread-attributes O2-family -O2 -fpie -pie -pthread
LIBS=
record thread-attributes@O0-nopie default
record thread-attributes@O2-family default
