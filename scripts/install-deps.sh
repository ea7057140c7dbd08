#!/bin/sh
# Installs the Debian packages mailfix needs to build (and, with --tests, to
# run its test suite; with --fuzz, to run make fuzz; with --bench, to run
# make bench). Safe to run again: it installs only what is missing.
set -eu

build_pkgs="gcc make autoconf automake libtool autopoint gettext pkg-config xz-utils
libglib2.0-dev libxml2-dev libiniparser-dev libjson-glib-dev libssl-dev libsecret-1-dev libnss3 libhivex-dev
libcurl4-openssl-dev libpsl-dev
libgtk-4-dev libadwaita-1-dev"
test_pkgs="libxml2-utils locales dbus-daemon gnome-keyring libsecret-tools libglib2.0-bin evolution-data-server libnss3-tools dovecot-core dovecot-imapd dovecot-pop3d dovecot-submissiond openssl libhivex-bin libwin-hivex-perl python3 dnsmasq-base
xvfb xauth desktop-file-utils appstream fonts-noto-cjk librsvg2-common
build-essential dpkg-dev debhelper lintian"

# make bench only (tests/bench-scan.py): the check of the files a scan
# reads, and the peak memory of the scan alone
bench_pkgs="strace time python3"

# make fuzz only (tests/fuzz/run-fuzz.sh): clang with libFuzzer and the
# sanitizer runtimes, which Debian 12 ships apart from the compiler
fuzz_pkgs="clang libclang-rt-14-dev"

pkgs=$build_pkgs
if [ "${1:-}" = "--tests" ]; then
  pkgs="$pkgs $test_pkgs"
elif [ "${1:-}" = "--fuzz" ]; then
  pkgs="$pkgs $fuzz_pkgs"
elif [ "${1:-}" = "--bench" ]; then
  pkgs="$pkgs $bench_pkgs"
fi

missing=""
for p in $pkgs; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done

if [ -n "$missing" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "mailfix needs these Debian packages:$missing" >&2
    echo "run this script as root (sudo $0 $*) to install them" >&2
    exit 1
  fi
  echo "installing:$missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

# the Japanese tests need the ja_JP.UTF-8 locale itself, not only its package
if [ "${1:-}" = "--tests" ] && ! locale -a 2>/dev/null | grep -qi '^ja_JP\.utf-\?8$'; then
  if [ "$(id -u)" -eq 0 ]; then
    sed -i 's/^# *\(ja_JP.UTF-8 UTF-8\)/\1/' /etc/locale.gen
    grep -q '^ja_JP.UTF-8 UTF-8' /etc/locale.gen || echo 'ja_JP.UTF-8 UTF-8' >> /etc/locale.gen
    locale-gen >/dev/null
  else
    echo "the ja_JP.UTF-8 locale is missing; the Japanese tests will be skipped" >&2
  fi
fi
