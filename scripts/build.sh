#!/bin/sh
# Configures and builds mailfix in BUILDDIR (default: build/) from a git
# checkout; extra arguments go to configure.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
builddir=${BUILDDIR:-$top/build}
cd "$top"
if [ ! -x configure ] || [ configure.ac -nt configure ]; then
  ./autogen.sh >/dev/null 2>&1 || ./autogen.sh
fi
mkdir -p "$builddir"
cd "$builddir"
if [ ! -f Makefile ] || [ "$top/configure" -nt Makefile ]; then
  "$top/configure" --quiet "$@"
fi
make -s -j"$(nproc)" >/dev/null
