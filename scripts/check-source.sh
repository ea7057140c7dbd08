#!/bin/sh
# House rules a compiler does not check (see HACKING.md). Prints TAP; exits
# non-zero on a violation. Usage: check-source.sh TOP_SRCDIR
set -u
top=${1:-.}
n=0; bad=0
check () {
  # $1 description, $2 extended regex, $3.. directories
  desc=$1; re=$2; shift 2
  n=$((n + 1))
  hits=$(cd "$top" && grep -nE "$re" $(find "$@" -name '*.[ch]' 2>/dev/null | sort) 2>/dev/null)
  if [ -n "$hits" ]; then
    echo "not ok $n - $desc"
    echo "$hits" | sed 's/^/# /'
    bad=1
  else
    echo "ok $n - $desc"
  fi
}
echo "1..7"
check "no banned string or number functions" '(^|[^_a-z])(strcpy|strcat|sprintf|vsprintf|gets|atoi|atol|system|strtok) *\(' lib cli gui-gtk
check "no C++ comments" '^[[:space:]]*//|[;{)][[:space:]]*//' lib cli gui-gtk
check "no goto" '(^|[^_a-z])goto [a-z_]+;' lib cli gui-gtk
check "no g_error() in the library or the CLI" 'g_error *\(' lib cli
check "error messages start lower-case" 'g_set_error(_literal)? *\([^,]+, *MF_ERROR, *[A-Z_]+, *_\("[A-Z][a-z]' lib cli gui-gtk
check "error messages have no trailing full stop" 'g_set_error(_literal)? *\(.*_\("[^"]*\.\"\)' lib cli gui-gtk
check "front ends include only the public header" '#include "mf-(private|store|prefs-js|tb-|transaction|atomic|confine|diff|provider-private|export-private|autoconfig-private)' cli gui-gtk
exit $bad
