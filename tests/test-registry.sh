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
t=$(mktemp -d /tmp/mf-reg-XXXXXX)
export HOME="$t/home" XDG_DATA_HOME="$t/home/.local/share" XDG_CONFIG_HOME="$t/home/.config" \
       XDG_CACHE_HOME="$t/home/.cache" XDG_RUNTIME_DIR="$t/run" GSETTINGS_BACKEND=memory
mkdir -p "$HOME" "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
cp -R "$top_srcdir/tests/fixtures/evolution/home/." "$HOME/"
chmod -R u+w "$HOME"
unset DISPLAY WAYLAND_DISPLAY
reg=""
cleanup () {
  [ -n "$reg" ] && kill "$reg" 2>/dev/null && wait "$reg" 2>/dev/null
  [ -f "$t/bus.pid" ] && kill "$(cat "$t/bus.pid")" 2>/dev/null
  rm -rf "$t"
}
trap cleanup EXIT
dbus-daemon --session --fork --nosyslog --print-address=3 --print-pid=4 3>"$t/bus.addr" 4>"$t/bus.pid"
DBUS_SESSION_BUS_ADDRESS=$(head -n 1 "$t/bus.addr")
export DBUS_SESSION_BUS_ADDRESS
"$registry" >"$t/registry.log" 2>&1 &
reg=$!
for i in $(seq 1 200); do
  if gdbus call --session -d org.freedesktop.DBus -o /org/freedesktop/DBus \
       -m org.freedesktop.DBus.ListNames 2>/dev/null | grep -q "org.gnome.evolution.dataserver.Sources"; then
    break
  fi
  sleep 0.05
done
"$top_builddir/tests/test-evo-registry"
