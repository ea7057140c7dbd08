#!/bin/sh
# Quick start: installs what is missing, builds mailfix, and runs it on the
# bundled sample home, so you see a scan and the plan that would fix it.
# Nothing in the sample home is changed.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/install-deps.sh"
BUILDDIR="$top/build" "$top/scripts/build.sh"
mailfix="$top/build/cli/mailfix"
home="$top/data/sample-home"
echo
echo "\$ mailfix scan --home data/sample-home"
"$mailfix" scan --home "$home" --providers "$top/data/providers" || true
echo "\$ mailfix plan --home data/sample-home"
"$mailfix" plan --home "$home" --providers "$top/data/providers" || true
