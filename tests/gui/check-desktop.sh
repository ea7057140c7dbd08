#!/bin/sh
# The wizard's desktop entry and AppStream file pass the freedesktop.org
# checkers, and the icon is a well-formed SVG. Prints TAP; a checker that
# is not installed makes its test a skip.
set -u
desktop="$top_builddir/data/jp.mailfix.Wizard.desktop"
metainfo="$top_srcdir/data/jp.mailfix.Wizard.metainfo.xml"
icon="$top_srcdir/data/icons/hicolor/scalable/apps/jp.mailfix.Wizard.svg"
status=0
echo "1..3"
if ! command -v desktop-file-validate >/dev/null 2>&1; then
  echo "ok 1 # SKIP desktop-file-validate is not installed (package desktop-file-utils)"
elif out=$(desktop-file-validate "$desktop" 2>&1) && [ -z "$out" ]; then
  echo "ok 1 - desktop-file-validate accepts jp.mailfix.Wizard.desktop"
else
  echo "not ok 1 - desktop-file-validate accepts jp.mailfix.Wizard.desktop"
  echo "$out" | sed 's/^/# /'
  status=1
fi
if ! command -v appstreamcli >/dev/null 2>&1; then
  echo "ok 2 # SKIP appstreamcli is not installed (package appstream)"
elif out=$(appstreamcli validate --no-net --explain "$metainfo" 2>&1); then
  echo "ok 2 - appstreamcli validates jp.mailfix.Wizard.metainfo.xml"
else
  echo "not ok 2 - appstreamcli validates jp.mailfix.Wizard.metainfo.xml"
  echo "$out" | sed 's/^/# /'
  status=1
fi
if ! command -v xmllint >/dev/null 2>&1; then
  echo "ok 3 # SKIP xmllint is not installed (package libxml2-utils)"
elif out=$(xmllint --noout "$icon" 2>&1); then
  echo "ok 3 - the icon is well-formed SVG"
else
  echo "not ok 3 - the icon is well-formed SVG"
  echo "$out" | sed 's/^/# /'
  status=1
fi
exit $status
