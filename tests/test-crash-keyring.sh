#!/bin/sh
# Crash safety of the keyring: "mailfix password" gives an Evolution
# account (its receiving and its sending source) a new password in a real
# gnome-keyring on a private D-Bus, again and again, and each time the Nth
# step of the change (a keyring backup, store or removal, a journal file
# written) kills mailfix or fails (MAILFIX_FAULT, see lib/mf-fault.h).
# After every run each keyring item must hold the old password or the new
# one, never none, and "mailfix rollback" must give back the old one. The
# last lines say how many injection points there were and how many were
# survived. Passwords are compared here and never printed.
set -u
for tool in dbus-daemon dbus-send gnome-keyring-daemon secret-tool python3; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "1..0 # SKIP $tool is not installed (scripts/install-deps.sh --tests installs it)"
    exit 0
  fi
done
MAILFIX=${MAILFIX:-$top_builddir/cli/mailfix}
. "$top_srcdir/tests/private-session.sh"
. "$top_srcdir/tests/crash-points.sh"
mf_session_start
printf %s mailfix-test-unlock | gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null 2>&1 &
mf_session_pids="$!"
if ! mf_session_wait_for org.freedesktop.secrets; then
  echo "Bail out! gnome-keyring did not start on the private bus"
  exit 1
fi

work="$mf_session_dir/crash"
orig="$work/orig"
mkdir -p "$orig"
cp -R "$top_srcdir/tests/fixtures/evolution/home/." "$orig/"
chmod -R u+w "$orig"
account=1700000001.1000.1@pc01
transport=1700000001.1000.3@pc01
old=OldPass123
new=NewPass456

# the keyring as Evolution left it: the old password on both sources, and
# no backup of mailfix's
reset_keyring () {
  for uid in $account $transport; do
    secret-tool clear e-source-uid "$uid"
    printf %s "$old" | secret-tool store --label="Evolution $uid" xdg:schema org.gnome.Evolution.Data.Source \
      e-source-uid "$uid" eds-origin evolution-data-server
  done
  secret-tool clear xdg:schema org.mailfix.Mailfix.Backup
}

# names the items that hold neither the old nor the new password ($1: or
# only the old, with $1 = old)
items_not () {
  for uid in $account $transport; do
    got=$(secret-tool lookup e-source-uid "$uid" 2>/dev/null)
    n=$(secret-tool search --all e-source-uid "$uid" 2>&1 | grep -c '^\[')
    if [ "$n" -ne 1 ]; then echo "$uid has $n items"; continue; fi
    if [ "$1" = old ]; then
      [ "$got" = "$old" ] || echo "$uid: not the old password"
    else
      [ "$got" = "$old" ] || [ "$got" = "$new" ] || echo "$uid: neither the old nor the new password"
    fi
  done
}

# the change without faults, to be sure there is one to break
home="$work/home"
cp -R "$orig" "$home"
reset_keyring
printf '%s\n' "$new" | "$MAILFIX" password --home "$home" --account "evolution:$account" --password-stdin \
  >"$work/out" 2>&1
if [ $? -ne 0 ] || [ "$(secret-tool lookup e-source-uid $transport)" != "$new" ]; then
  echo "Bail out! the password change without faults failed"
  sed 's/^/# /' "$work/out"
  exit 1
fi

report=""
for mode in kill fail; do
  step=0
  points=0
  survived=0
  while :; do
    step=$((step + 1))
    rm -rf "$home"
    cp -R "$orig" "$home"
    reset_keyring
    # in a subshell, whose report of the kill goes nowhere
    (printf '%s\n' "$new" | MAILFIX_FAULT="$mode:$step" "$MAILFIX" password --home "$home" \
      --account "evolution:$account" --password-stdin --json >"$work/out" 2>"$work/err") 2>/dev/null
    status=$?
    # past the last step the change completes (0); killed, the shell sees
    # 128 + 9; failed, 1 or 2
    if [ "$mode" = kill ] && [ "$status" -ne 137 ]; then break; fi
    if [ "$mode" = fail ] && [ "$status" -eq 0 ]; then break; fi
    points=$((points + 1))
    torn=$(items_not old-or-new | tr '\n' ' ')
    id=$(newest_backup "$home")
    rolled=""
    if [ -n "$id" ]; then
      "$MAILFIX" rollback --home "$home" --yes "$id" >"$work/rollback" 2>&1 ||
        rolled="rollback of $id failed: $(tr '\n' ' ' <"$work/rollback")"
    fi
    left=$(items_not old | tr '\n' ' ')
    record_point "$mode" "$step" "each item old or new; rollback ${id:-(none made)} gives back the old" \
      "$work/err" "after the fault" "$torn" "rollback" "$rolled" "after the rollback" "$left"
    if [ "$step" -gt 200 ]; then
      echo "Bail out! more than 200 steps: the fault is never reached"
      exit 1
    fi
  done
  report="$report$mode: survived $survived of $points injection points; "
done
echo "1..$plan"
echo "# keyring crash safety: $report"
