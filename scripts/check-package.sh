#!/bin/sh
# The release tarball and the Debian packages, made as an ISP makes them:
#  1. "make dist" (or the tarball given), unpacked in a temporary directory
#     and built out of tree with a plain "configure && make", as on a fresh
#     machine; every file of debian/ is in it, at configure.ac's version;
#  2. "dpkg-buildpackage -us -uc -b" on another copy of the unpacked tarball
#     (DEB_BUILD_OPTIONS=nocheck: run-suite.sh has run "make check"), each
#     package holding its files, and lintian reporting no error;
#  3. as root: the packages installed with apt-get, the installed programs
#     run (mailfix --version, the providers from /usr/share/mailfix, a scan
#     of the sample home, the desktop entry and AppStream file validated, a
#     program built against libmailfix-dev), then every package this script
#     installed purged again, so the machine is left as it was.
# Each check prints PASS, FAIL (with the end of its log) or SKIP; the last
# line is "N passed, N failed, N skipped". Takes a few minutes.
#
# usage: scripts/check-package.sh [mailfix-VERSION.tar.xz]
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
tarball=${1:-}
packages="libmailfix0 libmailfix-dev mailfix-data mailfix mailfix-wizard"
jobs=$(nproc 2>/dev/null || echo 1)
work=$(mktemp -d "${TMPDIR:-/tmp}/mailfix-package.XXXXXX") || exit 2
installed=""   # what this script installed, purged at the end

passed=0; failed=0; skipped=0
pass () { passed=$((passed + 1)); echo "PASS: $1"; }
skip () { skipped=$((skipped + 1)); echo "SKIP: $1"; }
# fail MESSAGE [LOG]: the end of LOG, indented, explains the failure
fail () {
  failed=$((failed + 1)); echo "FAIL: $1"
  if [ -n "${2:-}" ] && [ -s "$2" ]; then tail -n 30 "$2" | sed 's/^/  | /'; fi
}
have () { command -v "$1" >/dev/null 2>&1; }
elapsed () { echo "  ($(( $(date +%s) - $1 ))s)"; }

purge () {
  [ -n "$installed" ] || return 0
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq $installed >"$work/purge.log" 2>&1
  status=$?
  installed=""
  return $status
}
# an interrupted run still leaves the machine as it found it; the logs
# stay only when something failed
keep=no
trap 'purge; [ "$keep" = yes ] || rm -rf "$work"' EXIT
trap 'exit 2' INT TERM HUP

summary () {
  if [ "$failed" -gt 0 ]; then keep=yes; echo "  the logs are in $work"; fi
  echo "$passed passed, $failed failed, $skipped skipped"
  [ "$failed" -eq 0 ]
  exit $?
}

# ---- 1. the tarball, built as on a fresh machine ----
start=$(date +%s)
if [ -z "$tarball" ]; then
  if [ -f "$top/config.status" ]; then
    distdir=$top
  else
    if [ ! -x "$top/configure" ]; then
      (cd "$top" && ./autogen.sh) >"$work/dist.log" 2>&1 || { fail "autogen.sh" "$work/dist.log"; summary; }
    fi
    distdir=$work/dist
    mkdir -p "$distdir"
    (cd "$distdir" && "$top/configure" --quiet) >>"$work/dist.log" 2>&1 ||
      { fail "configure for make dist" "$work/dist.log"; summary; }
  fi
  version=$(sed -n 's/^VERSION = //p' "$distdir/Makefile")
  if make -C "$distdir" dist >>"$work/dist.log" 2>&1 && [ -f "$distdir/mailfix-$version.tar.xz" ]; then
    tarball=$work/mailfix-$version.tar.xz
    mv "$distdir/mailfix-$version.tar.xz" "$tarball"
    pass "make dist made mailfix-$version.tar.xz"
  else
    fail "make dist" "$work/dist.log"; summary
  fi
fi
[ -f "$tarball" ] || { fail "no tarball $tarball"; summary; }
tarball=$(cd "$(dirname "$tarball")" && pwd)/$(basename "$tarball")
name=$(basename "$tarball" .tar.xz)
version=${name#mailfix-}
echo "  $(basename "$tarball"): $(du -k "$tarball" | cut -f1) KiB"

mkdir -p "$work/fresh/build"
if tar -xJf "$tarball" -C "$work/fresh" >"$work/fresh.log" 2>&1 &&
   (cd "$work/fresh/build" && "../$name/configure" --quiet && make -s -j"$jobs") >>"$work/fresh.log" 2>&1; then
  pass "the tarball builds out of tree with configure && make"
else
  fail "the tarball builds out of tree with configure && make" "$work/fresh.log"
fi
elapsed "$start"

# the packaging in the tarball is complete and at the tarball's version
src=$work/fresh/$name
missing=""
if [ -d "$top/.git" ] && have git; then
  for f in $(git -C "$top" ls-files -co --exclude-standard debian); do
    [ -f "$src/$f" ] || missing="$missing $f"
  done
fi
debversion=$(dpkg-parsechangelog -l "$src/debian/changelog" -S Version 2>/dev/null)
if [ -n "$missing" ]; then
  fail "files of debian/ missing from the tarball (add them to debian_files in Makefile.am):$missing"
elif [ "${debversion%-*}" != "$version" ]; then
  fail "debian/changelog is at ${debversion:-no version}, the tarball at $version"
else
  pass "debian/ is complete in the tarball, debian/changelog at $debversion"
fi

# ---- 2. the Debian packages ----
if ! have dpkg-buildpackage || ! have dh; then
  skip "dpkg-buildpackage or debhelper is not installed (scripts/install-deps.sh --tests installs them)"
  summary
fi
start=$(date +%s)
mkdir -p "$work/deb"
tar -xJf "$tarball" -C "$work/deb"
arch=$(dpkg --print-architecture)
if (cd "$work/deb/$name" &&
    DEB_BUILD_OPTIONS="nocheck parallel=$jobs" dpkg-buildpackage -us -uc -b) >"$work/deb.log" 2>&1; then
  pass "dpkg-buildpackage -us -uc -b"
else
  fail "dpkg-buildpackage -us -uc -b" "$work/deb.log"; summary
fi
elapsed "$start"

debs=""; absent=""
for p in $packages; do
  for f in "$work/deb/${p}_${debversion}_"*.deb; do break; done
  if [ -f "$f" ]; then
    debs="$debs $f"; echo "  $(basename "$f"): $(du -k "$f" | cut -f1) KiB"
  else
    absent="$absent $p"
  fi
done
# a few files each package must hold (dh_missing already fails the build
# on an installed file that no package takes)
contents () {
  dpkg-deb -c "$work/deb/${1}_${debversion}_"*.deb 2>/dev/null | sed 's/ -> .*//' | awk '{ print $NF }' | sed 's|^\./|/|'
}
wrong=""
check_holds () {
  pkg=$1; shift
  list=$(contents "$pkg")
  for pattern in "$@"; do
    echo "$list" | grep -qx "$pattern" || wrong="$wrong $pkg:$pattern"
  done
}
check_holds libmailfix0 '/usr/lib/[^/]*/libmailfix\.so\.0\.[0-9.]*'
check_holds libmailfix-dev '/usr/include/mailfix/mailfix\.h' '/usr/lib/[^/]*/pkgconfig/mailfix\.pc' '/usr/lib/[^/]*/libmailfix\.so'
check_holds mailfix-data '/usr/share/mailfix/providers/docomo\.ne\.jp\.xml' '/usr/share/mailfix/providers\.rng' \
  '/usr/share/locale/ja/LC_MESSAGES/mailfix\.mo'
check_holds mailfix '/usr/bin/mailfix' '/usr/share/man/man1/mailfix\.1\.gz'
check_holds mailfix-wizard '/usr/bin/mailfix-wizard' '/usr/share/man/man1/mailfix-wizard\.1\.gz' \
  '/usr/share/applications/jp\.mailfix\.Wizard\.desktop' '/usr/share/metainfo/jp\.mailfix\.Wizard\.metainfo\.xml' \
  '/usr/share/icons/hicolor/scalable/apps/jp\.mailfix\.Wizard\.svg'
if [ -n "$absent" ]; then
  fail "packages not built:$absent"
elif [ -n "$wrong" ]; then
  fail "files missing from the packages:$wrong"
else
  pass "the five packages hold their files"
fi

changes=$work/deb/mailfix_${debversion}_${arch}.changes
if ! have lintian; then
  skip "lintian is not installed (scripts/install-deps.sh --tests installs it)"
else
  start=$(date +%s)
  lintian --fail-on error --display-info --tag-display-limit 0 "$changes" >"$work/lintian.log" 2>&1
  status=$?
  # every tag is shown, so a warning is seen before it becomes an error
  grep -E '^[EWIPX]: ' "$work/lintian.log" | sed 's/^/  /'
  if [ "$status" -eq 0 ]; then
    pass "lintian reports no error"
  else
    fail "lintian reports errors" "$work/lintian.log"
  fi
  elapsed "$start"
fi

# ---- 3. installed, run and purged ----
if [ "$(id -u)" -ne 0 ] || ! have apt-get; then
  skip "installing the packages needs root and apt-get"
  summary
fi
present=""
for p in $packages; do
  if dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then present="$present $p"; fi
done
if [ -n "$present" ]; then
  skip "mailfix packages are already installed here and are left alone:$present"
  summary
fi

start=$(date +%s)
# what apt-get would install: ours and anything they need that is missing;
# exactly those are purged at the end. Upgrading a package already there
# could not be undone, so that is refused.
# shellcheck disable=SC2086
apt-get install -s --no-install-recommends $debs >"$work/simulate.log" 2>&1
upgrades=$(sed -n 's/^Inst \([^ ]*\) \[.*/\1/p' "$work/simulate.log" | tr '\n' ' ' | sed 's/ $//')
new=$(sed -n 's/^Inst \([^ ]*\) (.*/\1/p' "$work/simulate.log" | tr '\n' ' ' | sed 's/ $//')
if [ -n "$upgrades" ]; then
  fail "installing the packages would upgrade $upgrades; not installed" "$work/simulate.log"
  summary
fi
if [ -z "$new" ]; then
  fail "apt-get cannot install the packages" "$work/simulate.log"
  summary
fi
installed=$new
# shellcheck disable=SC2086
if DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $debs >"$work/install.log" 2>&1; then
  pass "apt-get installs the packages ($(echo "$new" | wc -w) packages: $new)"
else
  fail "apt-get install" "$work/install.log"
  purge || fail "apt-get purge" "$work/purge.log"
  summary
fi

# the installed programs, in an empty home, with nothing pointing them at
# the source tree
mkdir -p "$work/home"
run () {
  env -u MAILFIX_PROVIDERS_DIR -u MAILFIX_LOCALEDIR -u MAILFIX HOME="$work/home" \
    XDG_DATA_HOME="$work/home/.local/share" XDG_CONFIG_HOME="$work/home/.config" \
    XDG_STATE_HOME="$work/home/.local/state" XDG_CACHE_HOME="$work/home/.cache" LANG=C.UTF-8 "$@"
}

if out=$(run /usr/bin/mailfix --version 2>&1) && [ "$out" = "mailfix $version" ]; then
  pass "mailfix --version prints \"mailfix $version\""
else
  fail "mailfix --version printed: $out"
fi

run /usr/bin/mailfix providers --json >"$work/providers.json" 2>"$work/providers.err"
if grep -Eq '"file" *: *"/usr/share/mailfix/providers/docomo\.ne\.jp\.xml"' "$work/providers.json" &&
   [ ! -s "$work/providers.err" ]; then
  pass "mailfix providers lists docomo.ne.jp from /usr/share/mailfix/providers"
else
  cat "$work/providers.err" >>"$work/providers.json"
  fail "mailfix providers lists docomo.ne.jp from /usr/share/mailfix/providers" "$work/providers.json"
fi

# the sample home has something to fix (exit status 1) and is not changed
cp -a "$src/data/sample-home" "$work/sample-home"
run /usr/bin/mailfix scan --home "$work/sample-home" --json >"$work/scan.json" 2>&1
status=$?
if [ "$status" -le 1 ] && grep -q '"POP_BEFORE_SMTP"' "$work/scan.json" &&
   diff -r "$src/data/sample-home" "$work/sample-home" >>"$work/scan.json" 2>&1; then
  pass "mailfix scan --home data/sample-home finds the DTI account's POP-before-SMTP"
else
  fail "mailfix scan --home data/sample-home (exit status $status)" "$work/scan.json"
fi

desktop=/usr/share/applications/jp.mailfix.Wizard.desktop
if ! have desktop-file-validate; then
  skip "desktop-file-validate is not installed (package desktop-file-utils)"
elif out=$(desktop-file-validate "$desktop" 2>&1) && [ -z "$out" ]; then
  pass "desktop-file-validate accepts the installed $desktop"
else
  fail "desktop-file-validate $desktop: $out"
fi
metainfo=/usr/share/metainfo/jp.mailfix.Wizard.metainfo.xml
if ! have appstreamcli; then
  skip "appstreamcli is not installed (package appstream)"
elif appstreamcli validate --no-net "$metainfo" >"$work/appstream.log" 2>&1; then
  pass "appstreamcli validates the installed $metainfo"
else
  fail "appstreamcli validate $metainfo" "$work/appstream.log"
fi

if ldd /usr/bin/mailfix-wizard >"$work/ldd.log" 2>&1 && ! grep -q 'not found' "$work/ldd.log" &&
   grep -q '/libmailfix\.so\.0 ' "$work/ldd.log" &&
   out=$(run /usr/bin/mailfix-wizard --version 2>&1) && [ "$out" = "mailfix-wizard $version" ]; then
  pass "mailfix-wizard finds its libraries and prints its version"
else
  echo "mailfix-wizard --version: $out" >>"$work/ldd.log"
  fail "mailfix-wizard finds its libraries and prints its version" "$work/ldd.log"
fi

# libmailfix-dev: a program built with pkg-config against the installed headers
cat >"$work/dev.c" <<'EOF'
#include <mailfix.h>
#include <stdio.h>
int
main (void)
{
  printf ("%s %s\n", MF_VERSION_STRING, g_quark_to_string (MF_ERROR));
  return 0;
}
EOF
# shellcheck disable=SC2046
if (cd "$work" && cc -o dev dev.c $(pkg-config --cflags --libs mailfix) && ./dev) >"$work/dev.log" 2>&1 &&
   grep -qx "$version mf-error-quark" "$work/dev.log"; then
  pass "a program builds against libmailfix-dev and runs"
else
  fail "a program builds against libmailfix-dev and runs" "$work/dev.log"
fi
elapsed "$start"

# ---- the machine as it was ----
if purge; then
  left=""
  for p in $new; do
    if dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then left="$left $p"; fi
  done
  if [ -z "$left" ] && [ ! -e /usr/share/mailfix ] && [ ! -e /usr/bin/mailfix ]; then
    pass "apt-get purge removes every package installed here"
  else
    fail "still installed after apt-get purge:$left"
  fi
else
  fail "apt-get purge" "$work/purge.log"
fi
summary
