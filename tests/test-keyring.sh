#!/bin/sh
# Runs test-evo-keyring against a real gnome-keyring on a private D-Bus
# session bus started here, away from any real session and keyring.
# Reports a skip, with the reason, when the machine has no keyring at all.
set -u
for tool in dbus-daemon dbus-send gnome-keyring-daemon secret-tool; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "1..0 # SKIP $tool is not installed (scripts/install-deps.sh --tests installs it)"
    exit 0
  fi
done
. "$top_srcdir/tests/private-session.sh"
mf_session_start
# the keyring needs a non-empty unlock password to create its login collection
printf %s mailfix-test-unlock | gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null 2>&1 &
mf_session_pids="$!"
mf_session_wait_for org.freedesktop.secrets
"$top_builddir/tests/test-evo-keyring"
