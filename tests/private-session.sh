# private-session.sh: sourced by the tests that need a desktop session of
# their own: a temporary home, XDG directories and a private D-Bus session
# bus, away from any real session. Call mf_session_start, then add pids to
# stop in mf_session_pids; everything is removed on exit.

mf_session_pids=""

mf_session_cleanup () {
  for pid in $mf_session_pids; do
    kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  done
  [ -f "$mf_session_dir/bus.pid" ] && kill "$(cat "$mf_session_dir/bus.pid")" 2>/dev/null
  rm -rf "$mf_session_dir"
}

mf_session_start () {
  # short: sockets live under it
  mf_session_dir=$(mktemp -d /tmp/mf-sess-XXXXXX)
  export HOME="$mf_session_dir/home" XDG_DATA_HOME="$mf_session_dir/home/.local/share" \
         XDG_CONFIG_HOME="$mf_session_dir/home/.config" XDG_CACHE_HOME="$mf_session_dir/home/.cache" \
         XDG_RUNTIME_DIR="$mf_session_dir/run" GSETTINGS_BACKEND=memory
  mkdir -p "$HOME" "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
  unset DISPLAY WAYLAND_DISPLAY
  trap mf_session_cleanup EXIT
  dbus-daemon --session --fork --nosyslog --print-address=3 --print-pid=4 \
    3>"$mf_session_dir/bus.addr" 4>"$mf_session_dir/bus.pid"
  DBUS_SESSION_BUS_ADDRESS=$(head -n 1 "$mf_session_dir/bus.addr")
  export DBUS_SESSION_BUS_ADDRESS
}

# waits up to 10 s until a bus name starting with $1 has an owner
mf_session_wait_for () {
  for i in $(seq 1 200); do
    if dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
         org.freedesktop.DBus.ListNames 2>/dev/null | grep -q "\"$1"; then
      return 0
    fi
    sleep 0.05
  done
  return 1
}
