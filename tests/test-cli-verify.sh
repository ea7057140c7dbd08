#!/bin/sh
# mailfix verify and the login apply makes before writing, end to end,
# against the real Dovecot servers dovecot-session.sh starts on loopback.
# A provider file made here points at those servers.
set -u
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
work=$(mktemp -d /tmp/mf-cv-XXXXXX)
trap 'rm -rf "$work"; mf_dovecot_cleanup' EXIT
n=0
ok () { n=$((n + 1)); echo "ok $n - $1"; }
not_ok () { n=$((n + 1)); echo "not ok $n - $1"; failed=1; }
failed=0
echo "1..15"

# a provider whose servers are the test Dovecot: IMAPS and submission over TLS
mkdir -p "$work/providers" "$work/profile" "$work/state"
cat > "$work/providers/loopback.test.xml" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1" xmlns:mf="urn:mailfix:provider:1">
  <emailProvider id="loopback.test">
    <domain>loopback.test</domain>
    <displayName>Loopback test ISP</displayName>
    <incomingServer type="imap">
      <hostname>127.0.0.1</hostname><port>$MF_TEST_PORT_IMAPS</port><socketType>SSL</socketType>
      <username>%EMAILLOCALPART%</username><authentication>password-cleartext</authentication>
    </incomingServer>
    <outgoingServer type="smtp">
      <hostname>127.0.0.1</hostname><port>$MF_TEST_PORT_SUBMISSIONS</port><socketType>SSL</socketType>
      <username>%EMAILLOCALPART%</username><authentication>password-cleartext</authentication>
    </outgoingServer>
  </emailProvider>
</clientConfig>
XML
# a Thunderbird profile of that provider still sending without signing in
cat > "$work/profile/prefs.js" <<PREFS
user_pref("mail.account.account1.identities", "id1");
user_pref("mail.account.account1.server", "server1");
user_pref("mail.accountmanager.accounts", "account1");
user_pref("mail.identity.id1.smtpServer", "smtp1");
user_pref("mail.identity.id1.useremail", "$MF_TEST_USER@loopback.test");
user_pref("mail.server.server1.hostname", "127.0.0.1");
user_pref("mail.server.server1.port", $MF_TEST_PORT_IMAPS);
user_pref("mail.server.server1.socketType", 3);
user_pref("mail.server.server1.type", "imap");
user_pref("mail.server.server1.userName", "$MF_TEST_USER");
user_pref("mail.smtpserver.smtp1.authMethod", 1);
user_pref("mail.smtpserver.smtp1.hostname", "127.0.0.1");
user_pref("mail.smtpserver.smtp1.port", 25);
PREFS
cp "$work/profile/prefs.js" "$work/prefs.before"
export XDG_STATE_HOME="$work/state"
mf () { "$MAILFIX" "$@" --profile "$work/profile" --providers "$work/providers" --ca-file "$MF_TEST_CA" --timeout 10; }

# verify with the right password logs in on both planned servers
out=$(printf '%s\n' "$MF_TEST_PASSWORD" | mf verify --json --password-stdin 2>&1); st=$?
if [ $st -eq 0 ] && [ "$(printf '%s' "$out" | grep -c '"status" : "ok"')" -eq 2 ]; then ok "verify: both servers log in"; else not_ok "verify: both servers log in (exit $st)"; printf '%s\n' "$out" | sed 's/^/# /'; fi

# a wrong password: refused, with the server's words, and never echoed
out=$(printf '%s\n' "wrong-Pw-123" | mf verify --json --password-stdin 2>&1); st=$?
if [ $st -eq 1 ] && printf '%s' "$out" | grep -q '"status" : "auth-rejected"' && printf '%s' "$out" | grep -q '"server_reply" : "'; then ok "verify: a wrong password is refused with the server's reply"; else not_ok "verify: wrong password (exit $st)"; fi
if printf '%s' "$out" | grep -q 'wrong-Pw-123'; then not_ok "verify: the password is not in the output"; else ok "verify: the password is not in the output"; fi

# apply with a wrong password writes nothing
out=$(printf '%s\n' "wrong-Pw-123" | mf apply --yes --password-stdin 2>&1); st=$?
if [ $st -eq 5 ] && cmp -s "$work/prefs.before" "$work/profile/prefs.js"; then ok "apply: a failed login writes nothing"; else not_ok "apply: a failed login writes nothing (exit $st)"; fi

# apply with the right password verifies, then writes
out=$(printf '%s\n' "$MF_TEST_PASSWORD" | mf apply --yes --password-stdin 2>&1); st=$?
if [ $st -eq 0 ] && grep -q "smtp1.port\", $MF_TEST_PORT_SUBMISSIONS" "$work/profile/prefs.js" && grep -q 'smtp1.authMethod", 3' "$work/profile/prefs.js"; then ok "apply: verified, then written"; else not_ok "apply: verified, then written (exit $st)"; printf '%s\n' "$out" | sed 's/^/# /'; fi
if printf '%s' "$out" | grep -qF "$MF_TEST_PASSWORD"; then not_ok "apply: the password is not in the output"; else ok "apply: the password is not in the output"; fi

# and a second run finds nothing more to do
out=$("$MAILFIX" plan --profile "$work/profile" --providers "$work/providers" 2>&1); st=$?
if [ $st -eq 0 ]; then ok "plan: nothing more to do"; else not_ok "plan: nothing more to do (exit $st)"; printf '%s\n' "$out" | sed 's/^/# /'; fi
# apply stored the password in the profile (logins.json through NSS), and
# verify --stored logs in with it
out=$(mf verify --stored --json 2>&1); st=$?
if [ $st -eq 0 ] && [ "$(printf '%s' "$out" | grep -c '"status" : "ok"')" -eq 2 ]; then ok "verify --stored: the stored password logs in"; else not_ok "verify --stored: the stored password logs in (exit $st)"; printf '%s\n' "$out" | sed 's/^/# /'; fi

# an old password stored: the server refuses it, and that is OLD_PASSWORD
printf '%s\n' "an-old-Pw-2018" | "$MAILFIX" password --profile "$work/profile" --providers "$work/providers" \
  --account "thunderbird:profile:account1" --password-stdin >/dev/null 2>&1
out=$(mf verify --stored 2>&1); st=$?
if [ $st -eq 1 ] && printf '%s' "$out" | grep -q 'OLD_PASSWORD'; then ok "verify --stored: an old password is OLD_PASSWORD"; else not_ok "verify --stored: old password (exit $st)"; printf '%s\n' "$out" | sed 's/^/# /'; fi
if printf '%s' "$out" | grep -qF "an-old-Pw-2018"; then not_ok "verify --stored: no password in the output"; else ok "verify --stored: no password in the output"; fi
# an ISP's setup package: one command, the provider file, the password on
# stdin, a JSON report and the exit status; no prompt
cp "$work/prefs.before" "$work/profile/prefs.js"
rm -f "$work/profile/logins.json"
mfu () { "$MAILFIX" apply --unattended --provider-file "$work/providers/loopback.test.xml" --profile "$work/profile" \
  --ca-file "$MF_TEST_CA" --timeout 10 --password-stdin "$@"; }
out=$(printf '%s\n' "wrong-Pw-123" | mfu 2>&1); st=$?
if [ $st -eq 5 ] && cmp -s "$work/prefs.before" "$work/profile/prefs.js" && printf '%s' "$out" | grep -q '"error"'; then
  ok "unattended: a refused password exits 5 and writes nothing"
else not_ok "unattended: refused password (exit $st)"; printf '%s\n' "$out" | sed 's/^/# /'; fi
out=$(printf '%s\n' "$MF_TEST_PASSWORD" | mfu 2>/dev/null); st=$?
if [ $st -eq 0 ] && printf '%s' "$out" | grep -q '"applied" : true' && printf '%s' "$out" | grep -q '"provider" : "loopback.test"' \
   && printf '%s' "$out" | grep -q '"password_stored" : true' && grep -q 'smtp1.authMethod", 3' "$work/profile/prefs.js"; then
  ok "unattended: fixed, password stored, reported in JSON"
else not_ok "unattended: fix (exit $st)"; printf '%s\n' "$out" | sed 's/^/# /'; fi
if printf '%s' "$out" | grep -qF "$MF_TEST_PASSWORD"; then not_ok "unattended: the password is not in the report"; else ok "unattended: the password is not in the report"; fi
# a new password on settings that are already right: checked, then stored
printf '%s\n' "an-old-Pw-2018" | "$MAILFIX" password --profile "$work/profile" --providers "$work/providers" \
  --account "thunderbird:profile:account1" --password-stdin >/dev/null 2>&1
out=$(printf '%s\n' "$MF_TEST_PASSWORD" | mfu 2>/dev/null); st=$?
out2=$(mf verify --stored 2>&1); st2=$?
if [ $st -eq 0 ] && printf '%s' "$out" | grep -q '"applied" : false' && printf '%s' "$out" | grep -q '"password_stored" : true' && [ $st2 -eq 0 ]; then
  ok "unattended: a new password alone reaches every account"
else not_ok "unattended: password rotation (exit $st, verify $st2)"; printf '%s\n' "$out" "$out2" | sed 's/^/# /'; fi
out=$("$MAILFIX" apply --unattended --profile "$work/profile" --providers "$work/providers" </dev/null 2>&1); st=$?
if [ $st -eq 2 ] && printf '%s' "$out" | grep -q -- '--provider'; then ok "unattended: without a provider, a usage error"; else not_ok "unattended: no provider (exit $st)"; printf '%s\n' "$out" | sed 's/^/# /'; fi
exit $failed
