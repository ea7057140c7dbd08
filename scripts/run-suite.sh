#!/bin/sh
# Runs the whole test suite on a fresh machine: installs what is missing,
# builds with warnings as errors under AddressSanitizer and
# UndefinedBehaviorSanitizer, runs "make check", then "make distcheck", then
# scripts/check-package.sh (the tarball and the Debian packages).
# The last line is the summary: "N passed, N failed, N skipped".
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/install-deps.sh" --tests || exit 1

passed=0; failed=0; skipped=0
count () {
  log=$1
  p=$(sed -n 's/^# PASS: *//p' "$log" | head -n1)
  x=$(sed -n 's/^# XPASS: *//p' "$log" | head -n1)
  f=$(sed -n 's/^# FAIL: *//p' "$log" | head -n1)
  e=$(sed -n 's/^# ERROR: *//p' "$log" | head -n1)
  s=$(sed -n 's/^# SKIP: *//p' "$log" | head -n1)
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0} + ${e:-0} + ${x:-0})); skipped=$((skipped + ${s:-0}))
}

build="$top/build-check"
if ! BUILDDIR="$build" "$top/scripts/build.sh" --enable-werror --enable-sanitizers; then
  echo "the build failed"
  echo "0 passed, 1 failed"
  exit 1
fi
make -C "$build" -s check >/dev/null 2>&1
if [ -f "$build/tests/test-suite.log" ]; then
  count "$build/tests/test-suite.log"
  # show what failed, so a red run explains itself
  grep -E '^(FAIL|ERROR|XPASS):' "$build/tests/test-suite.log" | head -n 50
  grep -E '^(not ok|Bail out)' "$build"/tests/*.log "$build"/tests/fuzz/*.log 2>/dev/null | head -n 50
else
  echo "make check did not produce a test log"
  failed=$((failed + 1))
fi

# the release tarball must build and pass on its own
tarball=""
if make -C "$build" -s distcheck >"$build/distcheck.log" 2>&1; then
  passed=$((passed + 1))
  tarball="$build/mailfix-$(sed -n 's/^VERSION = //p' "$build/Makefile").tar.xz"
else
  echo "make distcheck failed; the end of its log:"
  tail -n 40 "$build/distcheck.log"
  failed=$((failed + 1))
fi

# that tarball built as on a fresh machine, the Debian packages built from
# it, checked with lintian, installed, run and purged again; each of its
# checks counts (a few minutes)
sh "$top/scripts/check-package.sh" ${tarball:+"$tarball"} >"$build/check-package.log" 2>&1
grep -E '^(FAIL:|  \| )' "$build/check-package.log" | head -n 80
# shellcheck disable=SC2046
set -- $(sed -n '$s/^\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed, \([0-9][0-9]*\) skipped$/\1 \2 \3/p' "$build/check-package.log")
if [ $# -eq 3 ]; then
  passed=$((passed + $1)); failed=$((failed + $2)); skipped=$((skipped + $3))
else
  echo "scripts/check-package.sh ended without its summary; the end of its log:"
  tail -n 20 "$build/check-package.log"
  failed=$((failed + 1))
fi

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
