#!/bin/sh
# Runs tests/gui/test-wizard, the real wizard window, under a private X
# server.
set -u
. "$top_srcdir/tests/gui/xvfb-session.sh"
mf_xvfb_run_test "$top_builddir/tests/gui/test-wizard" "$@"
