#!/usr/bin/env bash
# Builds bench/alloc.c with -O2 against src/mem/heap.c (and mimalloc when its
# header is installed) and runs it. Arguments are passed on: live heap sizes
# in MB (default 1 16 128 1024).
#   BUILD=dir  where the binary goes (default: build)
#   CC=cc      the compiler
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
out="${BUILD:-$root/build}/bench"
mkdir -p "$out"
cc=${CC:-cc}
flags="-std=c11 -D_GNU_SOURCE -O2 -Wall -Wextra -Werror -Wno-unused-parameter -fno-strict-aliasing"
flags="$flags -I$root/include -I$root/src"
libs=""
if [ -f /usr/include/mimalloc.h ]; then
  # Loaded at run time with dlopen (see alloc.c): linking -lmimalloc would
  # interpose malloc/free and turn the glibc column into mimalloc.
  flags="$flags -DHAVE_MIMALLOC"
  libs="-ldl"
else
  echo "(mimalloc not installed: apt-get install libmimalloc-dev to compare with it)"
fi
# heap.c is its own translation unit, as in the interpreter: no cross-file inlining.
$cc $flags -c "$root/src/mem/heap.c" -o "$out/heap.o"
$cc $flags -o "$out/alloc" "$root/bench/alloc.c" "$out/heap.o" $libs -lm
exec "$out/alloc" "$@"
