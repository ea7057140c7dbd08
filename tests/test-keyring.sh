#!/bin/sh
# Runs test-evo-keyring against a real gnome-keyring on a private D-Bus
# session bus started here, away from any real session and keyring.
# Reports a skip, with the reason, when the machine has no keyring at all.
set -u
for tool in dbus-daemon gnome-keyring-daemon secret-tool; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "1..0 # SKIP $tool is not installed (scripts/install-deps.sh --tests installs it)"
    exit 0
  fi
done
# short: sockets live under it
t=$(mktemp -d /tmp/mf-kr-XXXXXX)
export HOME="$t/home" XDG_DATA_HOME="$t/home/.local/share" XDG_CONFIG_HOME="$t/home/.config" \
       XDG_CACHE_HOME="$t/home/.cache" XDG_RUNTIME_DIR="$t/run"
mkdir -p "$HOME" "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
unset DISPLAY WAYLAND_DISPLAY
gkd=""
cleanup () {
  [ -n "$gkd" ] && kill "$gkd" 2>/dev/null && wait "$gkd" 2>/dev/null
  [ -f "$t/bus.pid" ] && kill "$(cat "$t/bus.pid")" 2>/dev/null
  rm -rf "$t"
}
trap cleanup EXIT
dbus-daemon --session --fork --nosyslog --print-address=3 --print-pid=4 3>"$t/bus.addr" 4>"$t/bus.pid"
DBUS_SESSION_BUS_ADDRESS=$(head -n 1 "$t/bus.addr")
export DBUS_SESSION_BUS_ADDRESS
# the keyring needs a non-empty unlock password to create its login collection
printf %s mailfix-test-unlock | gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null 2>&1 &
gkd=$!
for i in $(seq 1 100); do
  if dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
       org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q true; then
    break
  fi
  sleep 0.05
done
"$top_builddir/tests/test-evo-keyring"
