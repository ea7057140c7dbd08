#!/bin/sh
# Runs tests/gui/test-a11y, the real wizard window used from the keyboard
# and as a screen reader sees it, under a private X server.
set -u
. "$top_srcdir/tests/gui/xvfb-session.sh"
mf_xvfb_run_test "$top_builddir/tests/gui/test-a11y" "$@"
