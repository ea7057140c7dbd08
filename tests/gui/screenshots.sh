#!/bin/sh
# "make screenshots": every page of the wizard, in Japanese and in English,
# into docs/screenshots/ (the README links them).
set -eu
. "$top_srcdir/tests/gui/xvfb-session.sh"
why=$(mf_xvfb_missing)
if [ -n "$why" ]; then
  echo "make screenshots: $why (scripts/install-deps.sh --tests installs it)" >&2
  exit 1
fi
mf_xvfb_start
out="$top_srcdir/docs/screenshots"
prog="$top_builddir/tests/gui/wizard-screenshots"
LC_ALL=ja_JP.UTF-8 LANGUAGE=ja "$prog" "$out" ja
LC_ALL=C.UTF-8 LANGUAGE= "$prog" "$out" en
