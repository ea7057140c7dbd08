#!/bin/sh
# libmailfix exports exactly the functions of its public headers, as listed
# in lib/libmailfix.sym: no private helper leaks into the ABI, and no public
# function is missing from it. Prints TAP.
set -u
lib="$top_builddir/lib/.libs/libmailfix.so"
sym="$top_srcdir/lib/libmailfix.sym"
echo "1..2"
if [ ! -f "$lib" ] || ! command -v nm >/dev/null 2>&1; then
  echo "ok 1 # SKIP no shared library or no nm"
  echo "ok 2 # SKIP no shared library or no nm"
  exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
nm -D --defined-only "$lib" | awk '$2 == "T" { print $3 }' | sed 's/@.*//' | sort > "$tmp/exported"
sed -n 's/^ *\(mf_[a-z0-9_]*\);$/\1/p' "$sym" | sort > "$tmp/listed"
# every function declared in a public header must be in the list
for h in $(sed -n '/^mailfix_public_headers = /,/^$/p' "$top_srcdir/lib/Makefile.am" | grep -o 'mf-[a-z0-9-]*\.h\|mailfix\.h'); do
  grep -o '\bmf_[a-z0-9_]* *(' "$top_srcdir/lib/$h" | tr -d ' (' 
  sed -n 's/.*G_DECLARE_[A-Z]*_TYPE *([A-Za-z]*, *\(mf_[a-z0-9_]*\),.*/\1_get_type/p' "$top_srcdir/lib/$h"
done | sort -u > "$tmp/declared"
if diff -u "$tmp/listed" "$tmp/exported" > "$tmp/d1"; then
  echo "ok 1 - the library exports exactly lib/libmailfix.sym"
else
  echo "not ok 1 - the library exports exactly lib/libmailfix.sym"; sed 's/^/# /' "$tmp/d1"; status=1
fi
if comm -23 "$tmp/declared" "$tmp/listed" > "$tmp/d2" && [ ! -s "$tmp/d2" ]; then
  echo "ok 2 - every public function is in lib/libmailfix.sym"
else
  echo "not ok 2 - every public function is in lib/libmailfix.sym"; sed 's/^/# missing: /' "$tmp/d2"; status=1
fi
exit ${status:-0}
