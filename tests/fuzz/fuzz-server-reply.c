/* fuzz-server-reply.c: fuzz target for what mailfix reads from an IMAP,
 * POP3 or SMTP server while it verifies a login
 *
 * The dialogs in mf-verify-dialog.c read their lines from a connection,
 * so the harness plays the server: it listens on 127.0.0.1, and for each
 * input accepts the connection the dialog opens, hands over the input's
 * script in one go and closes its side. What the dialog sends is never
 * read; a server that answers out of turn is exactly what is fuzzed. TLS
 * itself is not: the dialogs that run inside TLS run here in clear text.
 *
 * An input is one byte choosing the protocol and the dialog, the password
 * up to the first line feed, then the server's script.
 *
 * Built with -DMF_LIBFUZZER it is a libFuzzer target; without it, main()
 * replays the seed corpus (or the files and directories given) and prints
 * TAP, so plain `make check` runs every seed through the same checks
 */
#include "config.h"

#include "fuzz-replay.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "mf-verify-private.h"

#define USERNAME "taro@fuzz.example.jp"
#define TIMEOUT_MS 5000
/* a script beyond what the socket buffers hold is cut short; it still
 * passes the dialog's longest line (MF_TLS_MAX_LINE) */
#define MAX_SCRIPT (96 * 1024)

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

#define fail(what, detail) mf_fuzz_fail ("fuzz-server-reply", what, detail)

static int listen_fd = -1;
static guint16 listen_port;

static void
close_listener (void)
{
  if (listen_fd >= 0)
    close (listen_fd);
  listen_fd = -1;
}

static void
start_listener (void)
{
  struct sockaddr_in sin = { 0 };
  socklen_t len = sizeof sin;

  listen_fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sin.sin_family = AF_INET;
  sin.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  if (listen_fd < 0 || bind (listen_fd, (struct sockaddr *) &sin, sizeof sin) != 0 ||
      listen (listen_fd, 4) != 0 || getsockname (listen_fd, (struct sockaddr *) &sin, &len) != 0)
    fail ("cannot listen on the loopback address", g_strerror (errno));
  listen_port = ntohs (sin.sin_port);
  atexit (close_listener);
}

/* the server's side of one connection: the whole script, then the end of
 * it; the socket stays open until the dialog is done, so nothing the
 * dialog sends meets a closed port */
static int
serve (const guint8 *script, gsize len)
{
  int fd = accept (listen_fd, NULL, NULL);
  int sndbuf = 2 * MAX_SCRIPT;
  gsize done = 0;

  if (fd < 0)
    fail ("cannot accept the dialog's connection", g_strerror (errno));
  setsockopt (fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof sndbuf);
  while (done < len) {
    ssize_t n = send (fd, script + done, len - done, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n <= 0)
      break;
    done += (gsize) n;
  }
  shutdown (fd, SHUT_WR);
  return fd;
}

/* a reset rather than an orderly close: fuzzing opens hundreds of
 * thousands of connections, and none of them may linger in TIME_WAIT */
static void
reset (int fd)
{
  struct linger lg = { 1, 0 };

  setsockopt (fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
  close (fd);
}

static gchar *
sasl_plain_form (const gchar *user, const gchar *password)
{
  g_autoptr(GByteArray) raw = g_byte_array_new ();

  g_byte_array_append (raw, (const guint8 *) "", 1);
  g_byte_array_append (raw, (const guint8 *) user, (guint) strlen (user));
  g_byte_array_append (raw, (const guint8 *) "", 1);
  g_byte_array_append (raw, (const guint8 *) password, (guint) strlen (password));
  return g_base64_encode (raw->data, raw->len);
}

/* the server's words may end up in a message: no form of the password,
 * and text a label can show. A form may run into the marker that stands
 * for a cut one ("<hidden>x" holds "en>x"); that shows nothing the server
 * did not say, so the markers become line feeds, which no form holds */
static void
check_text (const gchar *text, gchar **forms, const gchar *what)
{
  g_autoptr(GString) cut = NULL;

  if (text == NULL)
    return;
  if (!g_utf8_validate (text, -1, NULL))
    fail ("server text that is not UTF-8", what);
  cut = g_string_new (text);
  g_string_replace (cut, "<hidden>", "\n", 0);
  for (guint i = 0; forms[i] != NULL; i++) {
    if (strstr (cut->str, forms[i]) != NULL)
      fail ("the password shows in what the server said", what);
  }
}

static void
check_run (MfVerifyRun *run, gboolean ok, const gchar *password)
{
  g_autoptr(GPtrArray) forms = g_ptr_array_new_with_free_func (g_free);

  /* the forms mf_verify_run_set_secret() hides: shorter passwords are
   * not hidden, by design */
  if (strlen (password) >= 4) {
    g_ptr_array_add (forms, g_strdup (password));
    g_ptr_array_add (forms, g_base64_encode ((const guchar *) password, strlen (password)));
    g_ptr_array_add (forms, sasl_plain_form (USERNAME, password));
  }
  g_ptr_array_add (forms, NULL);
  if (ok && run->status != MF_VERIFY_OK)
    fail ("a dialog that went well recorded a failure", run->detail);
  if (!ok && run->status == MF_VERIFY_OK && !run->logged_in)
    fail ("a dialog that failed recorded no failure", NULL);
  if (run->status != MF_VERIFY_OK && run->logged_in)
    fail ("a failure recorded after the login", run->detail);
  check_text (run->server_reply, (gchar **) forms->pdata, "server_reply");
  /* the detail is mailfix's own words, which may well hold a password
   * that is an ordinary word */
  if (run->detail != NULL && !g_utf8_validate (run->detail, -1, NULL))
    fail ("a detail that is not UTF-8", NULL);
  for (guint i = 0; run->caps != NULL && i < run->caps->len; i++)
    check_text (g_ptr_array_index (run->caps, i), (gchar **) forms->pdata, "capability");
}

/* the quoted form of a string reads back as the string */
static void
check_quote (const gchar *value)
{
  g_autofree gchar *quoted = mf_verify_imap_quote (value);
  g_autoptr(GString) back = g_string_new (NULL);
  gsize len;

  if (quoted == NULL)
    return;
  len = strlen (quoted);
  if (len < 2 || quoted[0] != '"' || quoted[len - 1] != '"')
    fail ("a quoted string without its quotes", quoted);
  for (gsize i = 1; i < len - 1; i++) {
    if (quoted[i] == '"' || quoted[i] == '\r' || quoted[i] == '\n' || (guchar) quoted[i] >= 0x80)
      fail ("a quoted string with a bare special character", quoted);
    if (quoted[i] == '\\') {
      i++;
      if (i >= len - 1 || (quoted[i] != '\\' && quoted[i] != '"'))
        fail ("a quoted string with a broken escape", quoted);
    }
    g_string_append_c (back, quoted[i]);
  }
  if (strcmp (back->str, value) != 0)
    fail ("a quoted string does not read back", quoted);
}

/* every reply line the SMTP reader takes has a code it can stand behind */
static void
check_smtp_lines (const gchar *script, gsize len)
{
  g_autofree gchar *copy = g_strndup (script, len);
  g_auto(GStrv) lines = g_strsplit (copy, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++) {
    const gchar *line = lines[i];
    guint code = 0;
    gboolean last = FALSE;

    if (!mf_verify_smtp_reply_line (line, &code, &last))
      continue;
    if (code < 200 || code > 599 || (guint) g_ascii_digit_value (line[0]) != code / 100)
      fail ("an SMTP reply code out of range", line);
    if (last != (line[3] != '-'))
      fail ("an SMTP continuation misread", line);
  }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  static const MfProtocol protocols[] = { MF_PROTOCOL_IMAP, MF_PROTOCOL_POP3, MF_PROTOCOL_SMTP };
  MfVerifyRun run = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree gchar *password = NULL;
  const gchar *rest;
  const gchar *nl;
  gsize rest_len;
  gboolean implicit_tls;
  gboolean ok;
  int server;

  if (listen_fd < 0) {
    /* a critical means a broken contract, which the fuzzer must see */
    g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
    start_listener ();
  }
  if (size < 1)
    return 0;
  run.protocol = protocols[data[0] % G_N_ELEMENTS (protocols)];
  implicit_tls = (data[0] / G_N_ELEMENTS (protocols)) % 2 == 1;
  rest = (const gchar *) data + 1;
  rest_len = size - 1;
  nl = memchr (rest, '\n', rest_len);
  /* a password is text: it stops at a NUL, as a C string does */
  password = g_strndup (rest, nl != NULL ? (gsize) (nl - rest) : rest_len);
  if (nl != NULL) {
    rest_len -= (gsize) (nl - rest) + 1;
    rest = nl + 1;
  } else {
    rest_len = 0;
  }
  check_quote (password);
  check_smtp_lines (rest, rest_len);

  run.security = implicit_tls ? MF_SECURITY_TLS : MF_SECURITY_STARTTLS;
  run.host = "127.0.0.1";
  run.port = listen_port;
  run.username = USERNAME;
  run.password = password;
  mf_verify_run_set_secret (&run, run.username, run.password);
  run.conn = mf_tls_conn_open (run.host, run.port, TIMEOUT_MS, NULL, &error);
  if (run.conn == NULL)
    fail ("cannot connect to the harness", error->message);
  server = serve ((const guint8 *) rest, MIN (rest_len, MAX_SCRIPT));

  if (implicit_tls) {
    ok = mf_verify_dialog_greeting (&run) && mf_verify_dialog_login (&run);
  } else {
    ok = mf_verify_dialog_starttls (&run);
    /* the session goes on as it would inside TLS, with the capabilities
     * of before dropped as the handshake drops them */
    if (ok) {
      g_clear_pointer (&run.caps, g_ptr_array_unref);
      ok = mf_verify_dialog_login (&run);
    }
  }
  if (ok != run.logged_in)
    fail ("the dialog's answer and its login disagree", NULL);
  check_run (&run, ok, password);

  reset (server);
  g_clear_pointer (&run.conn, mf_tls_conn_free);
  g_clear_pointer (&run.detail, g_free);
  g_clear_pointer (&run.server_reply, g_free);
  g_clear_pointer (&run.caps, g_ptr_array_unref);
  mf_verify_run_clear_secret (&run);
  return 0;
}

#ifndef MF_LIBFUZZER

int
main (int argc, char **argv)
{
  return mf_fuzz_replay_main (argc, argv, "server-reply", LLVMFuzzerTestOneInput);
}

#endif /* MF_LIBFUZZER */
