#!/bin/sh
# Every source file with translatable strings must be listed in
# po/POTFILES.in, or its strings never reach the translators. Prints TAP.
set -u
top=${1:-.}
cd "$top" || exit 1
echo "1..2"
missing=""
for f in $( (grep -lE '(^|[^A-Za-z0-9_])(N?_|C_|g_dngettext) *\(' lib/*.c cli/*.c gui-gtk/*.c 2>/dev/null;
             grep -l 'translatable="yes"' gui-gtk/*.ui 2>/dev/null) | sort); do
  grep -qx "$f" po/POTFILES.in || missing="$missing $f"
done
if [ -n "$missing" ]; then
  echo "not ok 1 - every file with translatable strings is in po/POTFILES.in"
  echo "# missing:$missing"
  status=1
else
  echo "ok 1 - every file with translatable strings is in po/POTFILES.in"
  status=0
fi
stale=""
for f in $(grep -v '^#' po/POTFILES.in); do
  [ -f "$f" ] || stale="$stale $f"
done
if [ -n "$stale" ]; then
  echo "not ok 2 - every file in po/POTFILES.in exists"
  echo "# stale:$stale"
  status=1
else
  echo "ok 2 - every file in po/POTFILES.in exists"
fi
exit $status
