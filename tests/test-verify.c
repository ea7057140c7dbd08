/* test-verify.c: logs in to real Dovecot servers (started by
 * test-verify.sh with dovecot-session.sh) over IMAP, POP3 and submission,
 * with implicit TLS and STARTTLS, and meets each failure a user can hit:
 * a wrong password, no STARTTLS, bad certificates, outdated TLS, closed
 * ports, unknown names and servers that never answer */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "mailfix.h"
#include "mf-verify-private.h"

#define WRONG_PASSWORD "wrong-Pw-3Zk5?q"

/* every message the library logs, to prove no password is in it */
static GMutex log_lock;
static GString *log_text;

/* takes every message of the library's log domain; the debug ones (the
 * protocol dialogs) are only kept, the others also printed */
static void
capture_handler (const gchar *domain, GLogLevelFlags level, const gchar *message, gpointer user_data)
{
  g_mutex_lock (&log_lock);
  g_string_append (log_text, message);
  g_string_append_c (log_text, '\n');
  g_mutex_unlock (&log_lock);
  if ((level & G_LOG_LEVEL_DEBUG) == 0)
    g_log_default_handler (domain, level, message, user_data);
}

static const gchar *
env (const gchar *name)
{
  const gchar *value = g_getenv (name);
  if (value == NULL)
    g_error ("%s is not set: run this test through test-verify.sh", name);
  return value;
}

static guint16
port_env (const gchar *name)
{
  return (guint16) g_ascii_strtoull (env (name), NULL, 10);
}

static MfServer *
server_new (MfProtocol protocol, MfSecurity security, const gchar *host, guint16 port)
{
  MfServer *server = mf_server_new (protocol);

  mf_server_set_security (server, security);
  mf_server_set_host (server, host);
  mf_server_set_port (server, port);
  mf_server_set_auth (server, MF_AUTH_PASSWORD);
  mf_server_set_username (server, env ("MF_TEST_USER"));
  return server;
}

/* no password may reach anything the user or a log sees */
static void
assert_no_secret (const gchar *text)
{
  if (text == NULL)
    return;
  g_assert_null (strstr (text, env ("MF_TEST_PASSWORD")));
  g_assert_null (strstr (text, env ("MF_TEST_PASSWORD8")));
  g_assert_null (strstr (text, WRONG_PASSWORD));
}

static void
assert_result_clean (MfVerifyResult *result)
{
  GStrv caps = mf_verify_result_get_capabilities (result);

  assert_no_secret (mf_verify_result_get_message (result));
  assert_no_secret (mf_verify_result_get_server_reply (result));
  for (guint i = 0; caps != NULL && caps[i] != NULL; i++)
    assert_no_secret (caps[i]);
  g_assert_nonnull (mf_verify_result_get_message (result));
  g_assert_cmpstr (mf_verify_result_get_message (result), !=, "");
}

static MfVerifyResult *
verify_full (MfServer *server, const gchar *password, const gchar *ca_file, guint timeout_ms)
{
  MfVerifyOptions options = { ca_file, timeout_ms };
  MfVerifyResult *result = mf_verify_server (server, password, &options, NULL);

  assert_result_clean (result);
  g_test_message ("%s -> %s: %s", mf_server_get_host (server),
                  mf_verify_status_to_string (mf_verify_result_get_status (result)),
                  mf_verify_result_get_message (result));
  return result;
}

static MfVerifyResult *
verify (MfServer *server, const gchar *password)
{
  return verify_full (server, password, env ("MF_TEST_CA"), 5000);
}

static void
assert_status (MfVerifyResult *result, MfVerifyStatus want)
{
  g_assert_cmpstr (mf_verify_status_to_string (mf_verify_result_get_status (result)), ==,
                   mf_verify_status_to_string (want));
}

/* ---- the Dovecot log ---- */

static gchar **
log_lines (const gchar *path)
{
  g_autofree gchar *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return g_strsplit (text, "\n", -1);
}

/* waits for a line with every one of the words that was not in the log
 * before (Dovecot writes its log through its log process, a little later) */
static gchar *
wait_log_line (const gchar *path, guint skip, const gchar *const *words)
{
  for (guint tries = 0; tries < 100; tries++) {
    g_auto(GStrv) lines = log_lines (path);
    guint n = g_strv_length (lines);
    for (guint i = skip; i < n; i++) {
      gboolean all = TRUE;
      for (guint w = 0; words[w] != NULL; w++)
        all = all && strstr (lines[i], words[w]) != NULL;
      if (all)
        return g_strdup (lines[i]);
    }
    g_usleep (30 * 1000);
  }
  return NULL;
}

static guint
log_length (const gchar *path)
{
  g_auto(GStrv) lines = log_lines (path);
  return g_strv_length (lines) - 1;
}

/* ---- good logins ---- */

static void
check_ok (MfVerifyResult *result)
{
  assert_status (result, MF_VERIFY_OK);
  g_assert_true (g_str_has_prefix (mf_verify_result_get_tls_version (result), "TLSv1."));
  g_assert_cmpstr (mf_verify_result_get_cipher (result), !=, "");
  g_assert_nonnull (mf_verify_result_get_cipher (result));
  g_assert_null (mf_verify_result_get_server_reply (result));
  g_assert_nonnull (strstr (mf_verify_result_get_message (result), "taro"));
}

/* the log line of the login itself: the server, not only the client, says it worked */
static void
assert_logged_in (const gchar *service, const gchar *lip, guint skip)
{
  g_autofree gchar *want_lip = g_strdup_printf ("lip=%s,", lip);
  const gchar *words[] = { service, "Login: user=<taro>", want_lip, "TLS", NULL };
  g_autofree gchar *line = wait_log_line (env ("MF_TEST_DOVECOT_LOG"), skip, words);

  g_assert_nonnull (line);
}

static void
test_imaps_ok (void)
{
  guint skip = log_length (env ("MF_TEST_DOVECOT_LOG"));
  g_autoptr(MfServer) server = server_new (MF_PROTOCOL_IMAP, MF_SECURITY_TLS, "localhost",
                                           port_env ("MF_TEST_PORT_IMAPS"));
  g_autoptr(MfVerifyResult) result = verify (server, env ("MF_TEST_PASSWORD"));

  check_ok (result);
  g_assert_true (mf_verify_result_has_capability (result, "IMAP4rev1"));
  g_assert_true (mf_verify_result_has_capability (result, "auth=plain"));
  g_assert_true (g_strv_contains ((const gchar * const *) mf_verify_result_get_capabilities (result), "AUTH=PLAIN"));
  g_assert_true (mf_server_equal (mf_verify_result_get_server (result), server));
  assert_logged_in ("imap-login:", "127.0.0.1", skip);
}

static void
test_imap_starttls_ok (void)
{
  guint skip = log_length (env ("MF_TEST_DOVECOT_LOG"));
  g_autoptr(MfServer) server = server_new (MF_PROTOCOL_IMAP, MF_SECURITY_STARTTLS, "127.0.0.2",
                                           port_env ("MF_TEST_PORT_IMAP"));
  g_autoptr(MfVerifyResult) result = verify (server, env ("MF_TEST_PASSWORD"));

  check_ok (result);
  /* the list read inside TLS, not the one from before STARTTLS, which had
   * STARTTLS and LOGINDISABLED and no AUTH= */
  g_assert_true (mf_verify_result_has_capability (result, "IMAP4rev1"));
  g_assert_true (mf_verify_result_has_capability (result, "AUTH=PLAIN"));
  g_assert_false (mf_verify_result_has_capability (result, "STARTTLS"));
  g_assert_false (mf_verify_result_has_capability (result, "LOGINDISABLED"));
  assert_logged_in ("imap-login:", "127.0.0.2", skip);
}

static void
test_pop3s_ok (void)
{
  guint skip = log_length (env ("MF_TEST_DOVECOT_LOG"));
  g_autoptr(MfServer) server = server_new (MF_PROTOCOL_POP3, MF_SECURITY_TLS, "localhost",
                                           port_env ("MF_TEST_PORT_POP3S"));
  g_autoptr(MfVerifyResult) result = verify (server, env ("MF_TEST_PASSWORD"));

  check_ok (result);
  g_assert_true (mf_verify_result_has_capability (result, "USER"));
  g_assert_true (mf_verify_result_has_capability (result, "SASL PLAIN"));
  assert_logged_in ("pop3-login:", "127.0.0.1", skip);
}

static void
test_pop3_starttls_ok (void)
{
  guint skip = log_length (env ("MF_TEST_DOVECOT_LOG"));
  g_autoptr(MfServer) server = server_new (MF_PROTOCOL_POP3, MF_SECURITY_STARTTLS, "127.0.0.2",
                                           port_env ("MF_TEST_PORT_POP3"));
  g_autoptr(MfVerifyResult) result = verify (server, env ("MF_TEST_PASSWORD"));

  check_ok (result);
  g_assert_true (mf_verify_result_has_capability (result, "USER"));
  g_assert_false (mf_verify_result_has_capability (result, "STLS"));
  assert_logged_in ("pop3-login:", "127.0.0.2", skip);
}

static void
test_submission_starttls_ok (void)
{
  guint skip = log_length (env ("MF_TEST_DOVECOT_LOG"));
  g_autoptr(MfServer) server = server_new (MF_PROTOCOL_SMTP, MF_SECURITY_STARTTLS, "127.0.0.2",
                                           port_env ("MF_TEST_PORT_SUBMISSION"));
  g_autoptr(MfVerifyResult) result = verify (server, env ("MF_TEST_PASSWORD"));

  check_ok (result);
  g_assert_true (mf_verify_result_has_capability (result, "AUTH PLAIN"));
  g_assert_true (mf_verify_result_has_capability (result, "AUTH LOGIN"));
  g_assert_false (mf_verify_result_has_capability (result, "STARTTLS"));
  assert_logged_in ("submission-login:", "127.0.0.2", skip);
}

static void
test_submissions_ok (void)
{
  guint skip = log_length (env ("MF_TEST_DOVECOT_LOG"));
  g_autoptr(MfServer) server = server_new (MF_PROTOCOL_SMTP, MF_SECURITY_TLS, "localhost",
                                           port_env ("MF_TEST_PORT_SUBMISSIONS"));
  g_autoptr(MfVerifyResult) result = verify (server, env ("MF_TEST_PASSWORD"));

  check_ok (result);
  g_assert_true (mf_verify_result_has_capability (result, "AUTH PLAIN"));
  g_assert_true (mf_verify_result_has_capability (result, "PIPELINING"));
  assert_logged_in ("submission-login:", "127.0.0.1", skip);
}

/* LOGINDISABLED inside TLS: AUTHENTICATE PLAIN, here without SASL-IR,
 * so the credentials follow the server's "+" */
static void
test_imap_logindisabled_ok (void)
{
  guint skip = log_length (env ("MF_TEST_DOVECOT_LOG"));
  g_autoptr(MfServer) server = server_new (MF_PROTOCOL_IMAP, MF_SECURITY_TLS, "127.0.0.6",
                                           port_env ("MF_TEST_PORT_IMAPS"));
  g_autoptr(MfVerifyResult) result = verify (server, env ("MF_TEST_PASSWORD"));

  check_ok (result);
  g_assert_true (mf_verify_result_has_capability (result, "LOGINDISABLED"));
  g_assert_false (mf_verify_result_has_capability (result, "SASL-IR"));
  assert_logged_in ("imap-login:", "127.0.0.6", skip);
}

static void
test_imap_logindisabled_rejected (void)
{
  g_autoptr(MfServer) server = server_new (MF_PROTOCOL_IMAP, MF_SECURITY_TLS, "127.0.0.6",
                                           port_env ("MF_TEST_PORT_IMAPS"));
  g_autoptr(MfVerifyResult) result = verify (server, WRONG_PASSWORD);

  assert_status (result, MF_VERIFY_AUTH_REJECTED);
  g_assert_cmpstr (mf_verify_result_get_server_reply (result), ==, "NO [AUTHENTICATIONFAILED] Authentication failed.");
}

/* a password that is not ASCII, over each protocol; IMAP sends it as a
 * literal, with LITERAL+ at once or, at 127.0.0.7, after the server's "+" */
static void
check_password8 (MfProtocol protocol, const gchar *host, const gchar *port_name, const gchar *service)
{
  guint skip = log_length (env ("MF_TEST_DOVECOT_LOG"));
  g_autoptr(MfServer) server = server_new (protocol, MF_SECURITY_TLS, host, port_env (port_name));
  g_autoptr(MfVerifyResult) result = NULL;
  g_autofree gchar *want_lip = g_strdup_printf ("lip=%s,", g_str_equal (host, "localhost") ? "127.0.0.1" : host);
  const gchar *words[] = { service, "Login: user=<hanako>", want_lip, NULL };
  g_autofree gchar *line = NULL;

  mf_server_set_username (server, env ("MF_TEST_USER8"));
  result = verify (server, env ("MF_TEST_PASSWORD8"));
  assert_status (result, MF_VERIFY_OK);
  line = wait_log_line (env ("MF_TEST_DOVECOT_LOG"), skip, words);
  g_assert_nonnull (line);
}

static void
test_password8_imap_literal_plus (void)
{
  check_password8 (MF_PROTOCOL_IMAP, "localhost", "MF_TEST_PORT_IMAPS", "imap-login:");
}

static void
test_password8_imap_sync_literal (void)
{
  check_password8 (MF_PROTOCOL_IMAP, "127.0.0.7", "MF_TEST_PORT_IMAPS", "imap-login:");
}

static void
test_password8_pop3 (void)
{
  check_password8 (MF_PROTOCOL_POP3, "localhost", "MF_TEST_PORT_POP3S", "pop3-login:");
}

static void
test_password8_smtp (void)
{
  check_password8 (MF_PROTOCOL_SMTP, "localhost", "MF_TEST_PORT_SUBMISSIONS", "submission-login:");
}

/* ---- the password is wrong ---- */

static void
check_rejected (MfProtocol protocol, const gchar *port_name, const gchar *want_reply)
{
  g_autoptr(MfServer) server = server_new (protocol, MF_SECURITY_TLS, "localhost", port_env (port_name));
  g_autoptr(MfVerifyResult) result = verify (server, WRONG_PASSWORD);

  assert_status (result, MF_VERIFY_AUTH_REJECTED);
  g_assert_cmpstr (mf_verify_result_get_server_reply (result), ==, want_reply);
  /* the user reads the server's own words, and what to do */
  g_assert_nonnull (strstr (mf_verify_result_get_message (result), want_reply));
  g_assert_nonnull (strstr (mf_verify_result_get_message (result), "app password"));
  g_assert_nonnull (mf_verify_result_get_tls_version (result));
}

static void
test_rejected_imap (void)
{
  check_rejected (MF_PROTOCOL_IMAP, "MF_TEST_PORT_IMAPS", "NO [AUTHENTICATIONFAILED] Authentication failed.");
}

static void
test_rejected_pop3 (void)
{
  check_rejected (MF_PROTOCOL_POP3, "MF_TEST_PORT_POP3S", "-ERR [AUTH] Authentication failed.");
}

static void
test_rejected_smtp (void)
{
  check_rejected (MF_PROTOCOL_SMTP, "MF_TEST_PORT_SUBMISSIONS", "535 5.7.8 Authentication failed.");
}

/* ---- no STARTTLS: no password is sent ---- */

static void
check_no_starttls (MfProtocol protocol, const gchar *port_name, const gchar *service)
{
  const gchar *log = env ("MF_TEST_DOVECOT_LOG");
  guint skip = log_length (log);
  g_autoptr(MfServer) server = server_new (protocol, MF_SECURITY_STARTTLS, "127.0.0.5", port_env (port_name));
  g_autoptr(MfVerifyResult) result = verify (server, env ("MF_TEST_PASSWORD"));
  const gchar *words[] = { service, "Disconnected", "lip=127.0.0.5,", NULL };
  g_autofree gchar *line = NULL;

  assert_status (result, MF_VERIFY_NO_STARTTLS);
  g_assert_null (mf_verify_result_get_tls_version (result));
  g_assert_nonnull (strstr (mf_verify_result_get_message (result), "STARTTLS"));
  /* the server saw the session end with no login attempt at all; it
   * would have accepted the password in clear text here */
  line = wait_log_line (log, skip, words);
  g_assert_nonnull (line);
  g_assert_true (strstr (line, "(no auth attempts") != NULL || strstr (line, "(disconnected before auth was ready") != NULL);
  g_assert_null (strstr (line, "user=<taro>"));
}

static void
test_no_starttls_imap (void)
{
  check_no_starttls (MF_PROTOCOL_IMAP, "MF_TEST_PORT_IMAP", "imap-login:");
}

static void
test_no_starttls_pop3 (void)
{
  check_no_starttls (MF_PROTOCOL_POP3, "MF_TEST_PORT_POP3", "pop3-login:");
}

static void
test_no_starttls_smtp (void)
{
  check_no_starttls (MF_PROTOCOL_SMTP, "MF_TEST_PORT_SUBMISSION", "submission-login:");
}

/* a listening socket that never accepts: the kernel completes the TCP
 * handshake, and then nothing is ever said */
static gint
silent_server (guint16 *port)
{
  struct sockaddr_in sin = { 0 };
  socklen_t len = sizeof sin;
  gint fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

  g_assert_cmpint (fd, >=, 0);
  sin.sin_family = AF_INET;
  sin.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  g_assert_cmpint (bind (fd, (struct sockaddr *) &sin, sizeof sin), ==, 0);
  g_assert_cmpint (listen (fd, 128), ==, 0);
  g_assert_cmpint (getsockname (fd, (struct sockaddr *) &sin, &len), ==, 0);
  *port = ntohs (sin.sin_port);
  return fd;
}

static void
test_security_none (void)
{
  guint16 port = 0;
  gint fd = silent_server (&port);
  g_autoptr(MfServer) server = server_new (MF_PROTOCOL_IMAP, MF_SECURITY_NONE, "127.0.0.1", port);
  g_autoptr(MfVerifyResult) result = verify (server, env ("MF_TEST_PASSWORD"));
  gint conn;

  assert_status (result, MF_VERIFY_NO_STARTTLS);
  g_assert_nonnull (strstr (mf_verify_result_get_message (result), "993"));
  /* mailfix did not even connect */
  g_assert_cmpint (fcntl (fd, F_SETFL, O_NONBLOCK), ==, 0);
  conn = accept (fd, NULL, NULL);
  g_assert_cmpint (conn, ==, -1);
  g_assert_cmpint (errno, ==, EAGAIN);
  close (fd);
}

/* ---- certificates ---- */

static void
test_cert_expired (void)
{
  g_autoptr(MfServer) server = server_new (MF_PROTOCOL_IMAP, MF_SECURITY_TLS, "127.0.0.3",
                                           port_env ("MF_TEST_PORT_IMAPS"));
  g_autoptr(MfVerifyResult) result = verify (server, env ("MF_TEST_PASSWORD"));

  assert_status (result, MF_VERIFY_CERT_EXPIRED);
  g_assert_nonnull (strstr (mf_verify_result_get_message (result), "2021-01-01"));
}

static void
test_cert_expired_starttls (void)
{
  g_autoptr(MfServer) server = server_new (MF_PROTOCOL_SMTP, MF_SECURITY_STARTTLS, "127.0.0.3",
                                           port_env ("MF_TEST_PORT_SUBMISSION"));
  g_autoptr(MfVerifyResult) result = verify (server, env ("MF_TEST_PASSWORD"));

  assert_status (result, MF_VERIFY_CERT_EXPIRED);
}

static void
test_cert_wrong_host_ip (void)
{
  g_autoptr(MfServer) server = server_new (MF_PROTOCOL_IMAP, MF_SECURITY_TLS, "127.0.0.4",
                                           port_env ("MF_TEST_PORT_IMAPS"));
  g_autoptr(MfVerifyResult) result = verify (server, env ("MF_TEST_PASSWORD"));

  assert_status (result, MF_VERIFY_CERT_WRONG_HOST);
  g_assert_nonnull (strstr (mf_verify_result_get_message (result), "wrong.example.net"));
}

static void
test_cert_wrong_host_starttls (void)
{
  g_autoptr(MfServer) server = server_new (MF_PROTOCOL_POP3, MF_SECURITY_STARTTLS, "127.0.0.4",
                                           port_env ("MF_TEST_PORT_POP3"));
  g_autoptr(MfVerifyResult) result = verify (server, env ("MF_TEST_PASSWORD"));

  assert_status (result, MF_VERIFY_CERT_WRONG_HOST);
}

/* a DNS name that reaches the good server but is not in its certificate:
 * this machine's own name, where it resolves to loopback */
static void
test_cert_wrong_host_name (void)
{
  const gchar *name = g_get_host_name ();
  g_autoptr(GResolver) resolver = g_resolver_get_default ();
  g_autolist(GInetAddress) addrs = NULL;
  g_autoptr(MfServer) server = NULL;
  g_autoptr(MfVerifyResult) result = NULL;
  gboolean loopback_v4 = FALSE;

  if (g_ascii_strcasecmp (name, "localhost") == 0) {
    g_test_skip ("this machine's name is localhost");
    return;
  }
  addrs = g_resolver_lookup_by_name (resolver, name, NULL, NULL);
  for (GList *l = addrs; l != NULL; l = l->next) {
    g_autofree gchar *s = g_inet_address_to_string (l->data);
    if (g_strcmp0 (s, "127.0.0.1") == 0)
      loopback_v4 = TRUE;
  }
  if (!loopback_v4 || g_list_length (addrs) != 1) {
    g_test_skip ("this machine's name does not resolve to 127.0.0.1 alone");
    return;
  }
  server = server_new (MF_PROTOCOL_IMAP, MF_SECURITY_TLS, name, port_env ("MF_TEST_PORT_IMAPS"));
  result = verify (server, env ("MF_TEST_PASSWORD"));
  assert_status (result, MF_VERIFY_CERT_WRONG_HOST);
  g_assert_nonnull (strstr (mf_verify_result_get_message (result), "localhost"));
}

static void
test_cert_untrusted (void)
{
  g_autoptr(MfServer) server = server_new (MF_PROTOCOL_IMAP, MF_SECURITY_TLS, "localhost",
                                           port_env ("MF_TEST_PORT_IMAPS"));
  /* no CA file: the system's trust store, which does not know the test CA */
  g_autoptr(MfVerifyResult) result = verify_full (server, env ("MF_TEST_PASSWORD"), NULL, 5000);

  assert_status (result, MF_VERIFY_CERT_UNTRUSTED);
  g_assert_null (mf_verify_result_get_tls_version (result));
}

/* ---- outdated TLS ---- */

static void
check_legacy (MfProtocol protocol, MfSecurity security, const gchar *host, const gchar *port_name,
              const gchar *service)
{
  const gchar *log = env ("MF_TEST_LEGACY_LOG");
  guint skip = log_length (log);
  g_autoptr(MfServer) server = server_new (protocol, security, host, port_env (port_name));
  g_autoptr(MfVerifyResult) result = verify (server, env ("MF_TEST_PASSWORD"));
  g_autofree gchar *want_lip = g_strdup_printf ("lip=%s,", host);
  /* the line of a session that got through the TLS handshake ... */
  const gchar *words_tls[] = { service, "Disconnected", want_lip, ", TLS, session=", NULL };
  /* ... and the one the default-level attempt left */
  const gchar *words_refused[] = { service, "Disconnected", want_lip, "TLS handshaking: SSL_accept()", NULL };
  g_autofree gchar *line = NULL;
  g_autofree gchar *refused = NULL;
  g_auto(GStrv) lines = NULL;

  assert_status (result, MF_VERIFY_TLS_LEGACY);
  g_assert_cmpstr (mf_verify_result_get_tls_version (result), ==, "TLSv1");
  g_assert_nonnull (strstr (mf_verify_result_get_message (result), "TLSv1"));
  g_assert_null (mf_verify_result_get_server_reply (result));
  g_assert_null (mf_verify_result_get_capabilities (result));
  /* the server refused the first handshake; the diagnosis connection
   * reached TLS 1.0 and left without a login */
  refused = wait_log_line (log, skip, words_refused);
  g_assert_nonnull (refused);
  line = wait_log_line (log, skip, words_tls);
  g_assert_nonnull (line);
  g_assert_true (strstr (line, "(no auth attempts") != NULL || strstr (line, "(disconnected before auth was ready") != NULL);
  lines = log_lines (log);
  for (guint i = skip; i < g_strv_length (lines); i++) {
    g_assert_null (strstr (lines[i], "Login:"));
    g_assert_null (strstr (lines[i], "auth failed"));
    g_assert_null (strstr (lines[i], "user=<taro>"));
  }
}

static void
test_legacy_imaps (void)
{
  check_legacy (MF_PROTOCOL_IMAP, MF_SECURITY_TLS, "127.0.0.1", "MF_TEST_LEGACY_PORT_IMAPS", "imap-login:");
}

static void
test_legacy_pop3_starttls (void)
{
  check_legacy (MF_PROTOCOL_POP3, MF_SECURITY_STARTTLS, "127.0.0.2", "MF_TEST_LEGACY_PORT_POP3", "pop3-login:");
}

static void
test_legacy_submissions (void)
{
  check_legacy (MF_PROTOCOL_SMTP, MF_SECURITY_TLS, "127.0.0.1", "MF_TEST_LEGACY_PORT_SUBMISSIONS",
                "submission-login:");
}

/* TLS on a port that expects STARTTLS: the server's clear-text greeting
 * comes back, and the message says which setting to change */
static void
test_tls_on_starttls_port (void)
{
  g_autoptr(MfServer) server = server_new (MF_PROTOCOL_IMAP, MF_SECURITY_TLS, "127.0.0.2",
                                           port_env ("MF_TEST_PORT_IMAP"));
  g_autoptr(MfVerifyResult) result = verify (server, env ("MF_TEST_PASSWORD"));

  assert_status (result, MF_VERIFY_TLS_FAILED);
  g_assert_nonnull (strstr (mf_verify_result_get_message (result), "STARTTLS"));
  g_assert_nonnull (strstr (mf_verify_result_get_message (result), "* OK"));
}

/* ---- the network ---- */

static void
test_refused (void)
{
  g_autoptr(MfServer) server = server_new (MF_PROTOCOL_IMAP, MF_SECURITY_TLS, "127.0.0.1",
                                           port_env ("MF_TEST_PORT_CLOSED"));
  g_autoptr(MfVerifyResult) result = verify (server, env ("MF_TEST_PASSWORD"));

  assert_status (result, MF_VERIFY_CONNECTION_REFUSED);
}

static void
test_host_not_found (void)
{
  g_autoptr(MfServer) server = server_new (MF_PROTOCOL_IMAP, MF_SECURITY_TLS, "nonexistent.invalid", 993);
  g_autoptr(MfVerifyResult) result = verify (server, env ("MF_TEST_PASSWORD"));

  assert_status (result, MF_VERIFY_HOST_NOT_FOUND);
  g_assert_nonnull (strstr (mf_verify_result_get_message (result), "nonexistent.invalid"));
}

static void
check_timeout (MfSecurity security)
{
  guint16 port = 0;
  gint fd = silent_server (&port);
  g_autoptr(MfServer) server = server_new (MF_PROTOCOL_IMAP, security, "127.0.0.1", port);
  g_autoptr(MfVerifyResult) result = NULL;
  gint64 start = g_get_monotonic_time ();
  gint64 ms;

  result = verify_full (server, env ("MF_TEST_PASSWORD"), env ("MF_TEST_CA"), 500);
  ms = (g_get_monotonic_time () - start) / 1000;
  assert_status (result, MF_VERIFY_TIMEOUT);
  g_assert_cmpint (ms, >=, 450);
  g_assert_cmpint (ms, <, 1500);
  g_assert_cmpuint (mf_verify_result_get_elapsed_ms (result), >=, 450);
  close (fd);
}

static void
test_timeout_greeting (void)
{
  check_timeout (MF_SECURITY_STARTTLS);
}

static void
test_timeout_handshake (void)
{
  check_timeout (MF_SECURITY_TLS);
}

static gpointer
cancel_later (gpointer data)
{
  g_usleep (150 * 1000);
  g_cancellable_cancel (data);
  return NULL;
}

static void
test_cancel (void)
{
  guint16 port = 0;
  gint fd = silent_server (&port);
  g_autoptr(MfServer) server = server_new (MF_PROTOCOL_IMAP, MF_SECURITY_TLS, "127.0.0.1", port);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  MfVerifyOptions options = { env ("MF_TEST_CA"), 5000 };
  g_autoptr(MfVerifyResult) result = NULL;
  GThread *thread = g_thread_new ("cancel", cancel_later, cancellable);
  gint64 start = g_get_monotonic_time ();

  result = mf_verify_server (server, env ("MF_TEST_PASSWORD"), &options, cancellable);
  g_thread_join (thread);
  assert_status (result, MF_VERIFY_CANCELLED);
  /* well before the 5 s time limit */
  g_assert_cmpint ((g_get_monotonic_time () - start) / 1000, <, 1500);
  close (fd);
}

/* ---- many at once ---- */

static void
test_concurrent_silent (void)
{
  guint16 port = 0;
  gint fd = silent_server (&port);
  g_autoptr(GPtrArray) servers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) results = NULL;
  const gchar *passwords[20];
  MfVerifyOptions options = { env ("MF_TEST_CA"), 500 };
  gint64 start, ms;

  for (guint i = 0; i < 20; i++) {
    g_ptr_array_add (servers, server_new (MF_PROTOCOL_IMAP, MF_SECURITY_STARTTLS, "127.0.0.1", port));
    passwords[i] = env ("MF_TEST_PASSWORD");
  }
  start = g_get_monotonic_time ();
  results = mf_verify_servers (servers, passwords, &options, NULL);
  ms = (g_get_monotonic_time () - start) / 1000;
  g_test_message ("20 silent servers at once: %" G_GINT64_FORMAT " ms", ms);
  g_assert_cmpuint (results->len, ==, 20);
  for (guint i = 0; i < results->len; i++)
    assert_status (g_ptr_array_index (results, i), MF_VERIFY_TIMEOUT);
  /* one alone takes 500 ms; twenty in turn would take 10 s */
  g_assert_cmpint (ms, >=, 450);
  g_assert_cmpint (ms, <, 1500);
  close (fd);
}

/* a mixed batch keeps its order */
static void
test_concurrent_mixed (void)
{
  g_autoptr(GPtrArray) servers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) results = NULL;
  const gchar *passwords[] = { env ("MF_TEST_PASSWORD"), WRONG_PASSWORD, env ("MF_TEST_PASSWORD"),
                               env ("MF_TEST_PASSWORD"), env ("MF_TEST_PASSWORD") };
  MfVerifyStatus want[] = { MF_VERIFY_OK, MF_VERIFY_AUTH_REJECTED, MF_VERIFY_CERT_EXPIRED,
                            MF_VERIFY_CONNECTION_REFUSED, MF_VERIFY_OK };
  MfVerifyOptions options = { env ("MF_TEST_CA"), 5000 };

  g_ptr_array_add (servers, server_new (MF_PROTOCOL_IMAP, MF_SECURITY_TLS, "localhost", port_env ("MF_TEST_PORT_IMAPS")));
  g_ptr_array_add (servers, server_new (MF_PROTOCOL_POP3, MF_SECURITY_TLS, "localhost", port_env ("MF_TEST_PORT_POP3S")));
  g_ptr_array_add (servers, server_new (MF_PROTOCOL_SMTP, MF_SECURITY_TLS, "127.0.0.3", port_env ("MF_TEST_PORT_SUBMISSIONS")));
  g_ptr_array_add (servers, server_new (MF_PROTOCOL_IMAP, MF_SECURITY_TLS, "127.0.0.1", port_env ("MF_TEST_PORT_CLOSED")));
  g_ptr_array_add (servers, server_new (MF_PROTOCOL_SMTP, MF_SECURITY_STARTTLS, "127.0.0.2", port_env ("MF_TEST_PORT_SUBMISSION")));
  results = mf_verify_servers (servers, passwords, &options, NULL);
  g_assert_cmpuint (results->len, ==, servers->len);
  for (guint i = 0; i < results->len; i++) {
    MfVerifyResult *result = g_ptr_array_index (results, i);
    assert_result_clean (result);
    assert_status (result, want[i]);
    g_assert_true (mf_server_equal (mf_verify_result_get_server (result), g_ptr_array_index (servers, i)));
  }
}

/* ---- settings that are refused before any connection ---- */

static void
test_no_username (void)
{
  g_autoptr(MfServer) server = server_new (MF_PROTOCOL_IMAP, MF_SECURITY_TLS, "localhost",
                                           port_env ("MF_TEST_PORT_IMAPS"));
  g_autoptr(MfVerifyResult) result = NULL;

  mf_server_set_username (server, NULL);
  result = verify (server, env ("MF_TEST_PASSWORD"));
  assert_status (result, MF_VERIFY_AUTH_REJECTED);
  g_assert_null (mf_verify_result_get_server_reply (result));
}

static void
test_status_names (void)
{
  g_assert_cmpstr (mf_verify_status_to_string (MF_VERIFY_OK), ==, "ok");
  g_assert_cmpstr (mf_verify_status_to_string (MF_VERIFY_HOST_NOT_FOUND), ==, "host-not-found");
  g_assert_cmpstr (mf_verify_status_to_string (MF_VERIFY_CONNECTION_REFUSED), ==, "connection-refused");
  g_assert_cmpstr (mf_verify_status_to_string (MF_VERIFY_TIMEOUT), ==, "timeout");
  g_assert_cmpstr (mf_verify_status_to_string (MF_VERIFY_CERT_UNTRUSTED), ==, "cert-untrusted");
  g_assert_cmpstr (mf_verify_status_to_string (MF_VERIFY_CERT_EXPIRED), ==, "cert-expired");
  g_assert_cmpstr (mf_verify_status_to_string (MF_VERIFY_CERT_WRONG_HOST), ==, "cert-wrong-host");
  g_assert_cmpstr (mf_verify_status_to_string (MF_VERIFY_NO_STARTTLS), ==, "no-starttls");
  g_assert_cmpstr (mf_verify_status_to_string (MF_VERIFY_TLS_FAILED), ==, "tls-failed");
  g_assert_cmpstr (mf_verify_status_to_string (MF_VERIFY_TLS_LEGACY), ==, "tls-legacy");
  g_assert_cmpstr (mf_verify_status_to_string (MF_VERIFY_AUTH_REJECTED), ==, "auth-rejected");
  g_assert_cmpstr (mf_verify_status_to_string (MF_VERIFY_PROTOCOL_ERROR), ==, "protocol-error");
  g_assert_cmpstr (mf_verify_status_to_string (MF_VERIFY_NETWORK_ERROR), ==, "network-error");
  g_assert_cmpstr (mf_verify_status_to_string (MF_VERIFY_CANCELLED), ==, "cancelled");
}

/* ---- the small parsers ---- */

static void
test_smtp_reply_line (void)
{
  guint code = 0;
  gboolean last = FALSE;

  g_assert_true (mf_verify_smtp_reply_line ("250-AUTH PLAIN", &code, &last));
  g_assert_cmpuint (code, ==, 250);
  g_assert_false (last);
  g_assert_true (mf_verify_smtp_reply_line ("235 2.7.0 Logged in.", &code, &last));
  g_assert_cmpuint (code, ==, 235);
  g_assert_true (last);
  g_assert_true (mf_verify_smtp_reply_line ("220", &code, &last));
  g_assert_true (last);
  g_assert_false (mf_verify_smtp_reply_line ("* OK IMAP ready", &code, &last));
  g_assert_false (mf_verify_smtp_reply_line ("+OK", &code, &last));
  g_assert_false (mf_verify_smtp_reply_line ("25", &code, &last));
  g_assert_false (mf_verify_smtp_reply_line ("2500", &code, &last));
  g_assert_false (mf_verify_smtp_reply_line ("650 what", &code, &last));
}

/* a server that quotes the rejected line back: the password is cut out */
static void
test_scrub (void)
{
  MfVerifyRun run = { 0 };
  g_autofree gchar *b64 = g_base64_encode ((const guchar *) "\0taro\0s3cret-pw", 15);
  gchar *line = g_strdup_printf ("500 5.5.2 unrecognized: AUTH PLAIN %s (s3cret-pw)", b64);

  mf_verify_run_set_secret (&run, "taro", "s3cret-pw");
  line = mf_verify_scrub (&run, line);
  g_assert_cmpstr (line, ==, "500 5.5.2 unrecognized: AUTH PLAIN <hidden> (<hidden>)");
  g_free (line);
  mf_verify_run_clear_secret (&run);
  g_assert_null (run.secret_forms);
}

static void
test_imap_quote (void)
{
  g_autofree gchar *plain = mf_verify_imap_quote ("taro");
  g_autofree gchar *special = mf_verify_imap_quote ("a\"b\\c");
  g_autofree gchar *eight_bit = mf_verify_imap_quote ("パスワード");
  g_autofree gchar *newline = mf_verify_imap_quote ("a\r\nb");

  g_assert_cmpstr (plain, ==, "\"taro\"");
  g_assert_cmpstr (special, ==, "\"a\\\"b\\\\c\"");
  g_assert_null (eight_bit);
  g_assert_null (newline);
}

/* last: everything the library logged while the tests above ran */
static void
test_no_password_in_log (void)
{
  g_autofree gchar *text = NULL;
  g_autofree gchar *good = NULL;
  g_autofree gchar *wrong = NULL;
  g_autofree gchar *raw_good = g_strdup_printf ("%c%s%c%s", 1, env ("MF_TEST_USER"), 1, env ("MF_TEST_PASSWORD"));
  g_autofree gchar *raw_wrong = g_strdup_printf ("%c%s%c%s", 1, env ("MF_TEST_USER"), 1, WRONG_PASSWORD);

  /* SASL PLAIN as it went over the wire: "\0taro\0password" in base64 */
  g_strdelimit (raw_good, "\001", '\0');
  g_strdelimit (raw_wrong, "\001", '\0');
  good = g_base64_encode ((const guchar *) raw_good, strlen (env ("MF_TEST_USER")) + strlen (env ("MF_TEST_PASSWORD")) + 2);
  wrong = g_base64_encode ((const guchar *) raw_wrong, strlen (env ("MF_TEST_USER")) + strlen (WRONG_PASSWORD) + 2);

  g_mutex_lock (&log_lock);
  text = g_strdup (log_text->str);
  g_mutex_unlock (&log_lock);
  /* the log did record the dialogs, logins included */
  g_assert_nonnull (strstr (text, "C: a1 STARTTLS"));
  g_assert_nonnull (strstr (text, "C: QUIT"));
  g_assert_nonnull (strstr (text, "LOGIN <credentials hidden>"));
  g_assert_nonnull (strstr (text, "AUTHENTICATE PLAIN\n"));
  g_assert_nonnull (strstr (text, "C: <credentials hidden>"));
  g_assert_nonnull (strstr (text, "AUTH PLAIN <credentials hidden>"));
  g_assert_nonnull (strstr (text, "PASS <password hidden>"));
  g_assert_nonnull (strstr (text, "S: 235 2.7.0 Logged in."));
  assert_no_secret (text);
  g_assert_null (strstr (text, good));
  g_assert_null (strstr (text, wrong));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  log_text = g_string_new (NULL);
  g_log_set_handler ("mailfix", G_LOG_LEVEL_MASK | G_LOG_FLAG_FATAL | G_LOG_FLAG_RECURSION,
                     capture_handler, NULL);

  g_test_add_func ("/verify/status-names", test_status_names);
  g_test_add_func ("/verify/smtp-reply-line", test_smtp_reply_line);
  g_test_add_func ("/verify/imap-quote", test_imap_quote);
  g_test_add_func ("/verify/scrub", test_scrub);
  g_test_add_func ("/verify/ok/imaps", test_imaps_ok);
  g_test_add_func ("/verify/ok/imap-starttls", test_imap_starttls_ok);
  g_test_add_func ("/verify/ok/pop3s", test_pop3s_ok);
  g_test_add_func ("/verify/ok/pop3-starttls", test_pop3_starttls_ok);
  g_test_add_func ("/verify/ok/submission-starttls", test_submission_starttls_ok);
  g_test_add_func ("/verify/ok/submissions", test_submissions_ok);
  g_test_add_func ("/verify/ok/imap-logindisabled", test_imap_logindisabled_ok);
  g_test_add_func ("/verify/ok/password8-imap-literal-plus", test_password8_imap_literal_plus);
  g_test_add_func ("/verify/ok/password8-imap-sync-literal", test_password8_imap_sync_literal);
  g_test_add_func ("/verify/ok/password8-pop3", test_password8_pop3);
  g_test_add_func ("/verify/ok/password8-smtp", test_password8_smtp);
  g_test_add_func ("/verify/auth-rejected/imap", test_rejected_imap);
  g_test_add_func ("/verify/auth-rejected/pop3", test_rejected_pop3);
  g_test_add_func ("/verify/auth-rejected/smtp", test_rejected_smtp);
  g_test_add_func ("/verify/auth-rejected/imap-authenticate", test_imap_logindisabled_rejected);
  g_test_add_func ("/verify/no-starttls/imap", test_no_starttls_imap);
  g_test_add_func ("/verify/no-starttls/pop3", test_no_starttls_pop3);
  g_test_add_func ("/verify/no-starttls/smtp", test_no_starttls_smtp);
  g_test_add_func ("/verify/no-starttls/security-none", test_security_none);
  g_test_add_func ("/verify/cert/expired", test_cert_expired);
  g_test_add_func ("/verify/cert/expired-starttls", test_cert_expired_starttls);
  g_test_add_func ("/verify/cert/wrong-host-ip", test_cert_wrong_host_ip);
  g_test_add_func ("/verify/cert/wrong-host-starttls", test_cert_wrong_host_starttls);
  g_test_add_func ("/verify/cert/wrong-host-name", test_cert_wrong_host_name);
  g_test_add_func ("/verify/cert/untrusted", test_cert_untrusted);
  g_test_add_func ("/verify/tls/legacy-imaps", test_legacy_imaps);
  g_test_add_func ("/verify/tls/legacy-pop3-starttls", test_legacy_pop3_starttls);
  g_test_add_func ("/verify/tls/legacy-submissions", test_legacy_submissions);
  g_test_add_func ("/verify/tls/on-starttls-port", test_tls_on_starttls_port);
  g_test_add_func ("/verify/net/refused", test_refused);
  g_test_add_func ("/verify/net/host-not-found", test_host_not_found);
  g_test_add_func ("/verify/net/timeout-greeting", test_timeout_greeting);
  g_test_add_func ("/verify/net/timeout-handshake", test_timeout_handshake);
  g_test_add_func ("/verify/net/cancel", test_cancel);
  g_test_add_func ("/verify/concurrent/silent", test_concurrent_silent);
  g_test_add_func ("/verify/concurrent/mixed", test_concurrent_mixed);
  g_test_add_func ("/verify/settings/no-username", test_no_username);
  /* last, for it reads what all the others logged */
  g_test_add_func ("/verify/log/no-password", test_no_password_in_log);

  return g_test_run ();
}
