#!/bin/sh
# Runs test-evo-registry with a real Evolution source registry, started on
# a private D-Bus session bus and watching a test home made here.
# Reports a skip, with the reason, when the registry is not installed.
set -u
registry=""
for r in /usr/libexec/evolution-source-registry /usr/lib/evolution/evolution-source-registry; do
  [ -x "$r" ] && registry=$r && break
done
if [ -z "$registry" ] || ! command -v dbus-daemon >/dev/null 2>&1 || ! command -v gdbus >/dev/null 2>&1; then
  echo "1..0 # SKIP the Evolution source registry, dbus-daemon or gdbus is not installed (scripts/install-deps.sh --tests installs them)"
  exit 0
fi
. "$top_srcdir/tests/private-session.sh"
mf_session_start
cp -R "$top_srcdir/tests/fixtures/evolution/home/." "$HOME/"
chmod -R u+w "$HOME"
"$registry" >"$mf_session_dir/registry.log" 2>&1 &
mf_session_pids="$!"
mf_session_wait_for org.gnome.evolution.dataserver.Sources
"$top_builddir/tests/test-evo-registry"
