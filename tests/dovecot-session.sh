# dovecot-session.sh: sourced by the tests that log in to real servers.
# mf_dovecot_start makes a test PKI with the openssl command and starts two
# Dovecot 2.3 instances on loopback, on free ports chosen now:
#
#   main instance, one set of ports (IMAP, IMAPS, POP3, POP3S, submission,
#   submissions) on five addresses that differ only in TLS:
#     127.0.0.1  good certificate (a client on 127.0.0.1 counts as "secured")
#     127.0.0.2  good certificate, "not secured": STARTTLS behaves as on a LAN
#     127.0.0.3  an expired certificate
#     127.0.0.4  a certificate for another host (wrong.example.net)
#     127.0.0.5  TLS switched off: no STARTTLS offered
#     127.0.0.6  IMAP with LOGINDISABLED and no SASL-IR, even inside TLS
#     127.0.0.7  IMAP with no LITERAL+ (synchronising literals)
#   legacy instance (127.0.0.1 and .2): speaks TLS 1.0 only
#
# Everything lives under one short directory in /tmp (Dovecot's sockets
# must fit in sun_path) and is removed on exit; both instances are stopped
# by their pids. The test program learns ports and paths from MF_TEST_*
# variables. See shared/reference/test-servers.md for the facts behind it.

mf_dovecot_dir=""
mf_dovecot_pids=""
mf_dovecot_used_ports=""

# stops both instances together: each takes about a second to go
mf_dovecot_cleanup_pids () {
  for pid in $mf_dovecot_pids; do
    kill "$pid" 2>/dev/null
  done
  for pid in $mf_dovecot_pids; do
    wait "$pid" 2>/dev/null
  done
  mf_dovecot_pids=""
}

mf_dovecot_cleanup () {
  mf_dovecot_cleanup_pids
  [ -n "$mf_dovecot_dir" ] && rm -rf "$mf_dovecot_dir"
}

# the dovecot binary, also where PATH lacks the sbin directories
mf_dovecot_binary () {
  command -v dovecot 2>/dev/null && return 0
  for d in /usr/sbin /usr/local/sbin /sbin; do
    [ -x "$d/dovecot" ] && { echo "$d/dovecot"; return 0; }
  done
  return 1
}

# prints why the servers cannot run here, or nothing
mf_dovecot_missing () {
  mf_dovecot_binary >/dev/null || { echo "dovecot is not installed"; return; }
  command -v openssl >/dev/null 2>&1 || { echo "the openssl command is not installed"; return; }
  libexec=$(dirname "$(mf_dovecot_binary)")/../lib/dovecot
  for svc in imap-login pop3-login submission-login; do
    [ -x "$libexec/$svc" ] || { echo "dovecot's $svc is not installed"; return; }
  done
  [ -r /proc/net/tcp ] || { echo "no /proc/net/tcp to find free ports"; return; }
  if [ "$(id -u)" -eq 0 ]; then
    for u in dovecot dovenull nobody; do
      getent passwd "$u" >/dev/null 2>&1 || { echo "the user $u does not exist"; return; }
    done
  fi
}

# a TCP port nothing uses now, and that this session has not handed out
mf_dovecot_free_port () {
  while :; do
    n=$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')
    port=$((20000 + n % 40000))
    hex=$(printf '%04X' "$port")
    case " $mf_dovecot_used_ports " in *" $port "*) continue ;; esac
    if ! cat /proc/net/tcp /proc/net/tcp6 2>/dev/null | awk '{ print $2 }' | grep -q ":$hex\$"; then
      mf_dovecot_used_ports="$mf_dovecot_used_ports $port"
      echo "$port"
      return 0
    fi
  done
}

# is every port given listening?
mf_dovecot_listening () {
  for port in "$@"; do
    hex=$(printf '%04X' "$port")
    cat /proc/net/tcp /proc/net/tcp6 2>/dev/null | awk '$4 == "0A" { print $2 }' | grep -q ":$hex\$" || return 1
  done
  return 0
}

mf_dovecot_pki () (
  pki=$1
  mkdir -p "$pki" && cd "$pki" || exit 1
  openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 3650 \
    -subj "/CN=mailfix Test CA" -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null || return 1
  openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj "/CN=localhost" 2>/dev/null || return 1
  cat > ext.cnf <<EOF
[good]
subjectAltName = DNS:localhost,IP:127.0.0.1,IP:127.0.0.2,IP:127.0.0.6,IP:127.0.0.7
basicConstraints = CA:FALSE
keyUsage = digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
[expired]
subjectAltName = DNS:localhost,IP:127.0.0.3
basicConstraints = CA:FALSE
keyUsage = digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
[wrong]
subjectAltName = DNS:wrong.example.net
basicConstraints = CA:FALSE
keyUsage = digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
EOF
  openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem \
    -days 825 -extfile ext.cnf -extensions good 2>/dev/null || return 1
  openssl req -newkey rsa:2048 -nodes -keyout wrong.key -out wrong.csr -subj "/CN=wrong.example.net" 2>/dev/null || return 1
  openssl x509 -req -in wrong.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out wrong.pem \
    -days 825 -extfile ext.cnf -extensions wrong 2>/dev/null || return 1
  # x509 -req cannot set notBefore; "openssl ca" takes both dates
  mkdir -p newcerts && : > index.txt
  cat > ca.cnf <<EOF
[ca]
default_ca = test_ca
[test_ca]
dir = $pki
database = $pki/index.txt
new_certs_dir = $pki/newcerts
certificate = $pki/ca.pem
private_key = $pki/ca.key
rand_serial = yes
default_md = sha256
policy = policy_cn
copy_extensions = none
[policy_cn]
commonName = supplied
EOF
  cat ext.cnf >> ca.cnf
  openssl ca -batch -config ca.cnf -in server.csr -out expired.pem -notext \
    -startdate 20200101000000Z -enddate 20210101000000Z -extensions expired 2>/dev/null || return 1
  chmod 644 ./*.pem ./*.key
)

# mf_dovecot_write_conf FILE DIR LISTEN EXTRA IMAP IMAPS POP3 POP3S SUB SUBS
mf_dovecot_write_conf () {
  conf=$1 d=$2 listen=$3 extra=$4
  if [ "$(id -u)" -eq 0 ]; then
    iuser=dovecot igroup=dovecot luser=dovenull muid=65534 mgid=65534
  else
    iuser=$(id -un) igroup=$(id -gn) luser=$(id -un) muid=$(id -u) mgid=$(id -g)
  fi
  mkdir -p "$d/run" "$d/state" "$d/home"
  cat > "$conf" <<EOF
base_dir = $d/run
state_dir = $d/state
log_path = $d/dovecot.log
protocols = imap pop3 submission
listen = $listen
default_internal_user = $iuser
default_internal_group = $igroup
default_login_user = $luser
first_valid_uid = 1
ssl = required
ssl_cert = <$mf_dovecot_dir/pki/server.pem
ssl_key = <$mf_dovecot_dir/pki/server.key
disable_plaintext_auth = yes
auth_mechanisms = plain login
# a failed login answers at once, and anvil adds no penalty per address
auth_failure_delay = 0
# twenty logins at once from one address, for the concurrency checks
mail_max_userip_connections = 100
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $mf_dovecot_dir/users
}
userdb {
  driver = static
  args = uid=$muid gid=$mgid home=$d/home/%u
}
mail_location = maildir:~/Maildir
hostname = localhost
submission_relay_host = 127.0.0.1
submission_relay_port = $MF_TEST_PORT_CLOSED
service imap-login {
  chroot =
  # login processes that serve many clients, started ahead: forking one
  # per connection costs more CPU than the logins themselves here
  service_count = 0
  process_min_avail = 2
  inet_listener imap {
    port = $5
  }
  inet_listener imaps {
    port = $6
    ssl = yes
  }
}
service pop3-login {
  chroot =
  service_count = 0
  process_min_avail = 2
  inet_listener pop3 {
    port = $7
  }
  inet_listener pop3s {
    port = $8
    ssl = yes
  }
}
service submission-login {
  chroot =
  service_count = 0
  process_min_avail = 2
  inet_listener submission {
    port = $9
  }
  inet_listener submissions {
    port = ${10}
    ssl = yes
  }
}
service anvil {
  chroot =
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
service ipc {
  chroot =
}
service old-stats {
  chroot =
}
service aggregator {
  chroot =
}
service imap-urlauth-login {
  chroot =
}
service director {
  chroot =
}
$extra
EOF
  if [ "$(id -u)" -eq 0 ]; then
    chown -R nobody:nogroup "$d/home"
  fi
}

# starts one instance; waits until all its ports listen
mf_dovecot_run () {
  conf=$1 log=$2; shift 2
  "$(mf_dovecot_binary)" -F -c "$conf" 2>>"$log" &
  pid=$!
  mf_dovecot_pids="$mf_dovecot_pids $pid"
  i=0
  while [ $i -lt 200 ]; do
    mf_dovecot_listening "$@" && return 0
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.05
    i=$((i + 1))
  done
  return 1
}

mf_dovecot_start () {
  mf_dovecot_dir=$(mktemp -d /tmp/mf-dc-XXXXXX) || return 1
  chmod 755 "$mf_dovecot_dir"
  trap mf_dovecot_cleanup EXIT
  trap 'exit 130' INT TERM
  mf_dovecot_pki "$mf_dovecot_dir/pki" || { echo "# cannot make the test PKI" >&2; return 1; }

  MF_TEST_USER=taro
  # a quote, a backslash and a space: IMAP must escape them in a quoted string
  MF_TEST_PASSWORD='mf-Test "Pw\7Qx9!k'
  # a second user whose password is not ASCII: IMAP must send it as a literal
  MF_TEST_USER8=hanako
  MF_TEST_PASSWORD8='秘密-Pässwort "42"'
  printf '%s:{PLAIN}%s\n' "$MF_TEST_USER" "$MF_TEST_PASSWORD" "$MF_TEST_USER8" "$MF_TEST_PASSWORD8" \
    > "$mf_dovecot_dir/users"
  chmod 644 "$mf_dovecot_dir/users"

  attempt=0
  while :; do
    attempt=$((attempt + 1))
    MF_TEST_PORT_CLOSED=$(mf_dovecot_free_port)
    MF_TEST_PORT_IMAP=$(mf_dovecot_free_port)
    MF_TEST_PORT_IMAPS=$(mf_dovecot_free_port)
    MF_TEST_PORT_POP3=$(mf_dovecot_free_port)
    MF_TEST_PORT_POP3S=$(mf_dovecot_free_port)
    MF_TEST_PORT_SUBMISSION=$(mf_dovecot_free_port)
    MF_TEST_PORT_SUBMISSIONS=$(mf_dovecot_free_port)
    MF_TEST_LEGACY_PORT_IMAP=$(mf_dovecot_free_port)
    MF_TEST_LEGACY_PORT_IMAPS=$(mf_dovecot_free_port)
    MF_TEST_LEGACY_PORT_POP3=$(mf_dovecot_free_port)
    MF_TEST_LEGACY_PORT_POP3S=$(mf_dovecot_free_port)
    MF_TEST_LEGACY_PORT_SUBMISSION=$(mf_dovecot_free_port)
    MF_TEST_LEGACY_PORT_SUBMISSIONS=$(mf_dovecot_free_port)

    main=$mf_dovecot_dir/main legacy=$mf_dovecot_dir/legacy
    rm -rf "$main" "$legacy"
    mkdir -p "$main" "$legacy"
    mf_dovecot_write_conf "$main/dovecot.conf" "$main" \
      "127.0.0.1, 127.0.0.2, 127.0.0.3, 127.0.0.4, 127.0.0.5, 127.0.0.6, 127.0.0.7" "
local 127.0.0.3 {
  ssl_cert = <$mf_dovecot_dir/pki/expired.pem
  ssl_key = <$mf_dovecot_dir/pki/server.key
}
local 127.0.0.4 {
  ssl_cert = <$mf_dovecot_dir/pki/wrong.pem
  ssl_key = <$mf_dovecot_dir/pki/wrong.key
}
local 127.0.0.5 {
  ssl = no
  disable_plaintext_auth = no
}
local 127.0.0.6 {
  imap_capability = IMAP4rev1 LITERAL+ ID LOGINDISABLED
}
local 127.0.0.7 {
  imap_capability = IMAP4rev1 ID
}" "$MF_TEST_PORT_IMAP" "$MF_TEST_PORT_IMAPS" "$MF_TEST_PORT_POP3" "$MF_TEST_PORT_POP3S" \
      "$MF_TEST_PORT_SUBMISSION" "$MF_TEST_PORT_SUBMISSIONS"
    # Dovecot 2.3 has no ssl_max_protocol: OpenSSL's own configuration caps
    # the legacy instance at TLS 1.0 (the master clears its children's
    # environment, hence import_environment)
    cat > "$legacy/openssl-tls10.cnf" <<EOF
openssl_conf = openssl_init
[openssl_init]
ssl_conf = ssl_sect
[ssl_sect]
system_default = system_default_sect
[system_default_sect]
MinProtocol = TLSv1
MaxProtocol = TLSv1
CipherString = DEFAULT:@SECLEVEL=0
EOF
    mf_dovecot_write_conf "$legacy/dovecot.conf" "$legacy" "127.0.0.1, 127.0.0.2" "
ssl_min_protocol = TLSv1
ssl_cipher_list = DEFAULT:@SECLEVEL=0
import_environment = TZ OPENSSL_CONF=$legacy/openssl-tls10.cnf" \
      "$MF_TEST_LEGACY_PORT_IMAP" "$MF_TEST_LEGACY_PORT_IMAPS" "$MF_TEST_LEGACY_PORT_POP3" \
      "$MF_TEST_LEGACY_PORT_POP3S" "$MF_TEST_LEGACY_PORT_SUBMISSION" "$MF_TEST_LEGACY_PORT_SUBMISSIONS"

    if mf_dovecot_run "$main/dovecot.conf" "$main/dovecot.log" \
         "$MF_TEST_PORT_IMAP" "$MF_TEST_PORT_IMAPS" "$MF_TEST_PORT_POP3" "$MF_TEST_PORT_POP3S" \
         "$MF_TEST_PORT_SUBMISSION" "$MF_TEST_PORT_SUBMISSIONS" &&
       mf_dovecot_run "$legacy/dovecot.conf" "$legacy/dovecot.log" \
         "$MF_TEST_LEGACY_PORT_IMAP" "$MF_TEST_LEGACY_PORT_IMAPS" "$MF_TEST_LEGACY_PORT_POP3" \
         "$MF_TEST_LEGACY_PORT_POP3S" "$MF_TEST_LEGACY_PORT_SUBMISSION" "$MF_TEST_LEGACY_PORT_SUBMISSIONS"; then
      break
    fi
    # a port taken between the choice and the bind: stop and choose again
    echo "# dovecot did not start (attempt $attempt):" >&2
    cat "$main/dovecot.log" "$legacy/dovecot.log" 2>/dev/null | sed 's/^/#   /' >&2
    mf_dovecot_cleanup_pids
    [ $attempt -lt 3 ] || return 1
  done

  # some bad settings fail only now, not at startup (reference, pitfall 4)
  if grep -E 'Fatal:|Error:' "$main/dovecot.log" "$legacy/dovecot.log" >&2; then
    echo "# dovecot logged errors at startup" >&2
    return 1
  fi

  export MF_TEST_CA="$mf_dovecot_dir/pki/ca.pem"
  export MF_TEST_DOVECOT_LOG="$main/dovecot.log" MF_TEST_LEGACY_LOG="$legacy/dovecot.log"
  export MF_TEST_USER MF_TEST_PASSWORD MF_TEST_USER8 MF_TEST_PASSWORD8 MF_TEST_PORT_CLOSED
  export MF_TEST_PORT_IMAP MF_TEST_PORT_IMAPS MF_TEST_PORT_POP3 MF_TEST_PORT_POP3S
  export MF_TEST_PORT_SUBMISSION MF_TEST_PORT_SUBMISSIONS
  export MF_TEST_LEGACY_PORT_IMAP MF_TEST_LEGACY_PORT_IMAPS MF_TEST_LEGACY_PORT_POP3
  export MF_TEST_LEGACY_PORT_POP3S MF_TEST_LEGACY_PORT_SUBMISSION MF_TEST_LEGACY_PORT_SUBMISSIONS
  return 0
}
