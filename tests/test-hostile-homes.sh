#!/bin/sh
# mailfix as root over every home of the password database, some of them
# hostile: each tries to make root read or write outside its home (links
# to a secret file, to another directory, to a device; a fifo; a hard
# link; a 2 GB prefs.js; a link where the backups go). Nothing outside the
# homes may change or be shown, and the ordinary home is still fixed, its
# files kept its owner's with their mode.
#
# The users are real entries of a password database: a private mount
# namespace puts this test's passwd and login.defs over /etc's, so
# getpwent() reads them as it would on a shared machine. Needs root.
set -u
if [ "$(id -u)" != 0 ] || ! command -v unshare >/dev/null 2>&1 || ! unshare --mount true 2>/dev/null; then
  echo "1..0 # SKIP needs root and mount namespaces (unshare --mount), as in CI"
  exit 0
fi
MAILFIX=${MAILFIX:-$top_builddir/cli/mailfix}
work=$(mktemp -d "${TMPDIR:-/tmp}/mailfix-hostile-XXXXXX")
[ -n "${KEEP:-}" ] || trap 'rm -rf "$work"' EXIT
sample="$top_srcdir/data/sample-home"
profile=.thunderbird/k3x9a2bd.default-esr
outside="$work/outside"
homes="$work/home"
mkdir -p "$outside" "$homes"
n=0
ok () { n=$((n + 1)); echo "ok $n - $1"; }
not_ok () { n=$((n + 1)); echo "not ok $n - $1"; shift; for line in "$@"; do echo "# $line"; done; }
check () { what=$1; shift; if "$@"; then ok "$what"; else not_ok "$what"; fi; }

# what lies outside every home: a secret, and profiles root must not touch
printf '[General]\nStartWithLastProfile=1\n[Profile0]\nName=TOP-SECRET-MARKER\nIsRelative=1\nPath=x\n' >"$outside/secret"
chmod 600 "$outside/secret"
mkdir -p "$outside/tb" "$outside/state"
cp -R "$sample/.thunderbird/." "$outside/tb/"
sed 's/taro@dream.jp/outside-marker@dream.jp/' "$sample/$profile/prefs.js" >"$outside/prefs.js"
cp "$outside/prefs.js" "$outside/hardlinked-prefs.js"
sums () { (cd "$outside" && find . -type f -exec sha256sum {} + | sort -k2; find . | sort) ; }
sums >"$work/outside-before"

# one user per home; uid 4001 upwards, inside login.defs' range below
: >"$work/passwd"
uid=4000
user () {
  uid=$((uid + 1))
  name=$1
  home="$homes/$name"
  mkdir -p "$home"
  echo "$name:x:$uid:$uid::$home:/bin/sh" >>"$work/passwd"
}
own () { chown -R -h "$uid:$uid" "$home"; }
tb () {
  cp -R "$sample/.thunderbird" "$home/"
  chmod 600 "$home/$profile/prefs.js"
}

user good; tb; own
good_uid=$uid
user shadow; mkdir -p "$home/.thunderbird"; ln -s "$outside/secret" "$home/.thunderbird/profiles.ini"; own
user prefslink; tb; rm "$home/$profile/prefs.js"; ln -s "$outside/prefs.js" "$home/$profile/prefs.js"; own
user direscape; ln -s "$outside/tb" "$home/.thunderbird"; own
user profilelink; tb; rm -r "${home:?}/$profile"; ln -s "$outside/tb/${profile#.thunderbird/}" "$home/$profile"; own
user fifo; tb; rm "$home/$profile/prefs.js"; mkfifo "$home/$profile/prefs.js"; own
user device; tb; rm "$home/$profile/prefs.js"; mknod "$home/$profile/prefs.js" c 1 5; own
user hardlink; tb; own; rm "$home/$profile/prefs.js"; ln "$outside/hardlinked-prefs.js" "$home/$profile/prefs.js"
user huge; tb; truncate -s 2G "$home/$profile/prefs.js"; own
user statelink; tb; mkdir -p "$home/.local"; ln -s "$outside/state" "$home/.local/state"; own
statelink_prefs=$(sha256sum <"$homes/statelink/$profile/prefs.js")
good_mode_before=$(stat -c %a "$homes/good/$profile/prefs.js")

printf 'UID_MIN 4001\nUID_MAX 4999\n' >"$work/login.defs"
run () {
  unshare --mount sh -c '
    mount --bind "$1" /etc/passwd && mount --bind "$2" /etc/login.defs || exit 99
    shift 2
    exec timeout 120 "$@"' sh "$work/passwd" "$work/login.defs" "$MAILFIX" "$@"
}

echo "1..18"
run scan --all-users --json >"$work/scan.json" 2>"$work/scan.err"
status=$?
check "scan --all-users finishes over every hostile home, saying some files could not be read (exit $status)" test "$status" = 2
check "the scan's JSON parses" python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$work/scan.json"
homes_seen=$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
print(len({a["profile"].split("/home/")[1].split("/")[0] for a in d["accounts"] if "/home/" in a.get("profile", "")}))
' "$work/scan.json" 2>/dev/null)
check "the good home's accounts are found (homes with accounts: $homes_seen)" test "${homes_seen:-0}" -ge 1
check "the good home's DTI account is diagnosed" grep -q 'taro@dream.jp' "$work/scan.json"
check "nothing from outside the homes is shown" sh -c '! grep -q -e TOP-SECRET-MARKER -e outside-marker "$1" "$2"' sh "$work/scan.json" "$work/scan.err"
check "the link to a secret file is refused, naming it" grep -q "shadow/.thunderbird/profiles.ini" "$work/scan.json"
check "a profile directory that is a link out of the home is refused" grep -q "profilelink/$profile/prefs.js leads out of" "$work/scan.json"
check "the fifo is refused" grep -q "fifo/$profile/prefs.js is not a regular file" "$work/scan.json"
check "the device is refused" grep -q "device/$profile/prefs.js is not a regular file" "$work/scan.json"
check "the hard link to a file outside is refused" grep -q -E "hardlink/$profile/prefs.js (has other hard links|does not belong to the owner of its home)" "$work/scan.json"
check "the 2 GB prefs.js is refused" grep -q "huge/$profile/prefs.js is larger than" "$work/scan.json"

run apply --all-users --yes --no-verify --json >"$work/apply.json" 2>"$work/apply.err"
status=$?
check "apply --all-users fixes what it can and says a home could not be changed (exit $status)" test "$status" = 2
check "the home whose backups would leave it is named as a failure" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["applied"] and len(d["failures"]) == 1 and "statelink/.local/state" in d["failures"][0]["message"], d.get("failures")
' "$work/apply.json"
sums >"$work/outside-after"
check "nothing outside the homes changed or appeared" cmp -s "$work/outside-before" "$work/outside-after"
check "the good home is fixed: no port 25 left" sh -c '! grep -q "smtp1.port\", 25" "$1"' sh "$homes/good/$profile/prefs.js"
check "its prefs.js keeps its owner and mode" test "$(stat -c %u:%a "$homes/good/$profile/prefs.js")" = "$good_uid:$good_mode_before"
bad_owner=$(find "$homes/good" ! -uid "$good_uid" | head -n 3)
check "every file mailfix made in the good home is its owner's${bad_owner:+ (not: $bad_owner)}" test -z "$bad_owner"
check "the home whose backups would leave it is left unchanged" test "$(sha256sum <"$homes/statelink/$profile/prefs.js")" = "$statelink_prefs"
if [ -n "${VERBOSE:-}" ]; then
  for f in scan.json scan.err apply.json apply.err; do sed "s/^/# $f: /" "$work/$f"; done
fi
