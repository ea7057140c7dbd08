#!/bin/sh
# Runs test-verify (or the program named in $1: make bench runs
# bench-verify) against real Dovecot servers on loopback, started and
# stopped here by dovecot-session.sh. Reports a skip, with the reason, when
# Dovecot or the openssl command is not installed.
set -u
prog=${1:-test-verify}
. "$top_srcdir/tests/dovecot-session.sh"
why=$(mf_dovecot_missing)
if [ -n "$why" ]; then
  echo "1..0 # SKIP $why (scripts/install-deps.sh --tests installs it)"
  exit 0
fi
if ! mf_dovecot_start; then
  echo "Bail out! the test Dovecot did not start"
  exit 1
fi
"$top_builddir/tests/$prog"
