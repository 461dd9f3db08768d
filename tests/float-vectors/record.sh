#!/usr/bin/env bash
# Re-records the float test vectors on this machine (x86-64 with SSE4.1) and regenerates the
# RCPSS/RSQRTSS tables. Run from anywhere; writes data/*.bin.gz and src/float/sse-approx-tables.ts.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
gcc -O1 -Wall -o "$out/x87" "$here/x87.c"
gcc -O1 -Wall -msse4.1 -o "$out/sse" "$here/sse.c"
gcc -O2 -Wall -msse2 -o "$out/approx" "$here/approx-tables.c"
"$out/x87" | gzip -9n >"$here/data/x87.bin.gz"
"$out/sse" | gzip -9n >"$here/data/sse.bin.gz"
"$out/approx" >"$here/../../src/float/sse-approx-tables.ts"
ls -l "$here/data"
npx --no-install biome format --write "$here/../../src/float/sse-approx-tables.ts" >/dev/null
