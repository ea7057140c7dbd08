#!/bin/sh
# Regenerates the build system from a git checkout; a release tarball needs none of this.
set -e
cd "$(dirname "$0")"
autoreconf --force --install --verbose
