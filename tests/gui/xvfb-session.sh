# xvfb-session.sh: sourced by the wizard's tests and "make screenshots": a
# private X server for this run, on a display it picks itself, stopped on
# exit, and the environment GTK needs to run the same under it everywhere.

# prints why the X server cannot be started, or nothing
mf_xvfb_missing () {
  command -v Xvfb >/dev/null 2>&1 || echo "Xvfb is not installed"
}

mf_xvfb_stop () {
  if [ -n "${MF_XVFB_PID:-}" ]; then
    kill "$MF_XVFB_PID" 2>/dev/null
    wait "$MF_XVFB_PID" 2>/dev/null
  fi
  [ -n "${MF_XVFB_DIR:-}" ] && rm -rf "$MF_XVFB_DIR"
}

mf_xvfb_start () {
  MF_XVFB_DIR=$(mktemp -d "${TMPDIR:-/tmp}/mailfix-xvfb.XXXXXX") || return 1
  trap mf_xvfb_stop EXIT
  trap 'exit 1' INT TERM
  # -displayfd: the server takes a free display and writes its number
  # there once it accepts clients, so parallel runs never collide
  Xvfb -displayfd 3 -screen 0 1280x1024x24 -nolisten tcp 3>"$MF_XVFB_DIR/display" 2>"$MF_XVFB_DIR/log" &
  MF_XVFB_PID=$!
  i=0
  while [ ! -s "$MF_XVFB_DIR/display" ]; do
    i=$((i + 1))
    if [ "$i" -gt 100 ] || ! kill -0 "$MF_XVFB_PID" 2>/dev/null; then
      sed 's/^/# Xvfb: /' "$MF_XVFB_DIR/log"
      return 1
    fi
    sleep 0.1
  done
  DISPLAY=:$(head -n1 "$MF_XVFB_DIR/display")
  export DISPLAY
  # X11 and software drawing: the same pictures on every machine, and no
  # GL driver for the sanitizers to trip over
  GDK_BACKEND=x11 GSK_RENDERER=cairo LIBGL_ALWAYS_SOFTWARE=1
  # no accessibility bus, no desktop settings daemon, no GVfs: none runs here
  GTK_A11Y=none NO_AT_BRIDGE=1 GSETTINGS_BACKEND=memory GIO_USE_VFS=local
  export GDK_BACKEND GSK_RENDERER LIBGL_ALWAYS_SOFTWARE GTK_A11Y NO_AT_BRIDGE GSETTINGS_BACKEND GIO_USE_VFS
  # GL stays off: the cairo renderer draws, and Mesa keeps no shader cache
  GDK_DEBUG=gl-disable
  export GDK_DEBUG
  # a home of its own: nothing of the user's desktop settings, caches or
  # recent files leaks in or out; the system's data directories (icons,
  # schemas, fonts) stay
  HOME="$MF_XVFB_DIR/home"
  XDG_CONFIG_HOME="$HOME/.config" XDG_CACHE_HOME="$HOME/.cache" XDG_DATA_HOME="$HOME/.local/share"
  XDG_STATE_HOME="$HOME/.local/state" XDG_RUNTIME_DIR="$MF_XVFB_DIR/runtime"
  mkdir -p "$HOME"
  mkdir -m 0700 "$XDG_RUNTIME_DIR"
  export HOME XDG_CONFIG_HOME XDG_CACHE_HOME XDG_DATA_HOME XDG_STATE_HOME XDG_RUNTIME_DIR
  # no session bus: a socket that is not there fails at once, where an
  # unset address would make GLib try to start one
  DBUS_SESSION_BUS_ADDRESS="unix:path=$MF_XVFB_DIR/no-bus"
  export DBUS_SESSION_BUS_ADDRESS
  unset WAYLAND_DISPLAY
}

# runs a test program under a private X server; the test is skipped, with
# the reason, only when Xvfb is not installed
mf_xvfb_run_test () {
  why=$(mf_xvfb_missing)
  if [ -n "$why" ]; then
    echo "1..0 # SKIP $why (scripts/install-deps.sh --tests installs it)"
    exit 0
  fi
  if ! mf_xvfb_start; then
    echo "Bail out! Xvfb did not start"
    exit 1
  fi
  "$@"
}
