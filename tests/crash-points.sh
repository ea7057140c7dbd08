# crash-points.sh: sourced by the crash tests (test-crash.sh,
# test-crash-keyring.sh), which run a change again and again with a fault
# at each step and record one TAP line for every point.

plan=0

# the newest backup still to be put back: none when the change put
# everything back itself after the failure
newest_backup () {
  "$MAILFIX" rollback --home "$1" --json 2>/dev/null | python3 -c '
import json, sys
backups = json.load(sys.stdin).get("backups", [])
print(backups[0]["id"] if backups and backups[0]["state"] != "rolled-back" else "")'
}

# record_point MODE STEP OK_TEXT ERR_FILE [LABEL MESSAGE]...: "ok" with
# OK_TEXT when every MESSAGE is empty; otherwise "not ok", each message
# that is not under its label, and the first lines mailfix wrote to
# ERR_FILE. Counts the points survived in $survived.
record_point () {
  mode=$1 step=$2 ok_text=$3 err_file=$4
  shift 4
  plan=$((plan + 1))
  all_empty=yes
  i=0
  for arg in "$@"; do
    i=$((i + 1))
    [ $((i % 2)) -eq 0 ] && [ -n "$arg" ] && all_empty=no
  done
  if [ "$all_empty" = yes ]; then
    survived=$((survived + 1))
    echo "ok $plan - $mode at step $step: $ok_text"
    return
  fi
  echo "not ok $plan - $mode at step $step"
  while [ $# -ge 2 ]; do
    [ -n "$2" ] && echo "# $1: $2"
    shift 2
  done
  sed 's/^/# mailfix: /' "$err_file" | head -n 5
}
