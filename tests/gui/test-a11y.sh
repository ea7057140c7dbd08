#!/bin/sh
# Runs tests/gui/test-a11y, the real wizard window used from the keyboard
# and as a screen reader sees it, under a private X server. Reports a skip,
# with the reason, only when Xvfb is not installed.
set -u
. "$top_srcdir/tests/gui/xvfb-session.sh"
why=$(mf_xvfb_missing)
if [ -n "$why" ]; then
  echo "1..0 # SKIP $why (scripts/install-deps.sh --tests installs it)"
  exit 0
fi
if ! mf_xvfb_start; then
  echo "Bail out! Xvfb did not start"
  exit 1
fi
"$top_builddir/tests/gui/test-a11y" "$@"
