/* mf-verify-dialog.c: the IMAP, POP3 and SMTP dialogs of a verification,
 * from the greeting to the logout; every password sent is wiped after */
#include "config.h"

#include <string.h>

#include "mf-private.h"
#include "mf-verify-private.h"

void
mf_verify_wipe_free (gchar *secret)
{
  if (secret == NULL)
    return;
  explicit_bzero (secret, strlen (secret));
  g_free (secret);
}

static gchar *sasl_plain (const gchar *user, const gchar *password);
static gchar *base64_of (const gchar *text);

/* a GString that holds a password: wiped when it goes */
typedef GString MfWipeString;

static void
wipe_string_free (MfWipeString *s)
{
  explicit_bzero (s->str, s->allocated_len);
  g_string_free (s, TRUE);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MfWipeString, wipe_string_free)

/* ---- lines ---- */

/* @shown is what the debug log says instead of a line that holds a secret */
static gboolean
send_line (MfVerifyRun *run, const gchar *line, const gchar *shown)
{
  g_autoptr(GError) error = NULL;
  gsize len = strlen (line);
  gchar *buf = g_malloc (len + 3);
  gboolean ok;

  memcpy (buf, line, len);
  memcpy (buf + len, "\r\n", 3);
  g_debug ("%s:%u C: %s", run->host, (guint) run->port, shown != NULL ? shown : line);
  ok = mf_tls_conn_write (run->conn, buf, len + 2, &error);
  explicit_bzero (buf, len + 2);
  g_free (buf);
  if (!ok)
    return mf_verify_run_fail_io (run, error);
  return TRUE;
}

/* a server that echoes a command back in an error (some SMTP servers
 * quote the line they reject) must not put the password into a message or
 * a log: each form of it is cut out of every line read */
MF_TESTABLE gchar *
mf_verify_scrub (MfVerifyRun *run, gchar *line)
{
  static const gchar marker[] = "<hidden>";

  for (guint i = 0; run->secret_forms != NULL && run->secret_forms[i] != NULL; i++) {
    const gchar *secret = run->secret_forms[i];
    gsize from = 0;
    gchar *hit;

    /* the search goes on after the marker, not from the start: a password
     * that is part of the marker ("hidden") would be found in it forever */
    while ((hit = strstr (line + from, secret)) != NULL) {
      gsize len = strlen (line);
      gchar *clean;

      *hit = '\0';
      clean = g_strconcat (line, marker, hit + strlen (secret), NULL);
      from = (gsize) (hit - line) + strlen (marker);
      /* all of it, the password after the cut too */
      explicit_bzero (line, len);
      g_free (line);
      line = clean;
    }
  }
  return line;
}

void
mf_verify_run_set_secret (MfVerifyRun *run, const gchar *username, const gchar *password)
{
  GPtrArray *forms = g_ptr_array_new ();

  /* a very short password would cut ordinary words out of replies; it
   * would be guessed at once anyway */
  if (password != NULL && strlen (password) >= 4) {
    /* the longest first, so that a shorter form does not break it up */
    if (username != NULL)
      g_ptr_array_add (forms, sasl_plain (username, password));
    g_ptr_array_add (forms, base64_of (password));
    g_ptr_array_add (forms, g_strdup (password));
  }
  g_ptr_array_add (forms, NULL);
  run->secret_forms = (gchar **) g_ptr_array_free (forms, FALSE);
}

void
mf_verify_run_clear_secret (MfVerifyRun *run)
{
  for (guint i = 0; run->secret_forms != NULL && run->secret_forms[i] != NULL; i++)
    explicit_bzero (run->secret_forms[i], strlen (run->secret_forms[i]));
  g_clear_pointer (&run->secret_forms, g_strfreev);
}

static gchar *
read_line (MfVerifyRun *run)
{
  g_autoptr(GError) error = NULL;
  gchar *line = mf_tls_conn_read_line (run->conn, &error);

  if (line == NULL) {
    mf_verify_run_fail_io (run, error);
    return NULL;
  }
  line = mf_verify_scrub (run, line);
  /* a server may answer in Latin-1 or worse, and its words go into the
   * user's message; after the scrub, which needs the bytes as sent */
  if (!g_utf8_validate (line, -1, NULL)) {
    gchar *valid = g_utf8_make_valid (line, -1);
    mf_verify_wipe_free (line);
    line = valid;
  }
  g_debug ("%s:%u S: %s", run->host, (guint) run->port, line);
  return line;
}

static void
set_caps (MfVerifyRun *run, GPtrArray *caps)
{
  if (run->logged_in)
    return;
  g_clear_pointer (&run->caps, g_ptr_array_unref);
  run->caps = g_ptr_array_ref (caps);
}

gboolean
mf_verify_caps_have (gchar **caps, guint n, const gchar *word)
{
  const gchar *space = strchr (word, ' ');

  for (guint i = 0; i < n; i++) {
    const gchar *cap = caps[i];
    gsize klen;
    g_auto(GStrv) params = NULL;

    if (g_ascii_strcasecmp (cap, word) == 0)
      return TRUE;
    if (space == NULL)
      continue;
    klen = (gsize) (space - word);
    if (g_ascii_strncasecmp (cap, word, klen) != 0 || (cap[klen] != ' ' && cap[klen] != '='))
      continue;
    params = g_strsplit (cap + klen + 1, " ", -1);
    for (guint j = 0; params[j] != NULL; j++)
      if (g_ascii_strcasecmp (params[j], space + 1) == 0)
        return TRUE;
  }
  return FALSE;
}

static gboolean
has_cap (MfVerifyRun *run, const gchar *word)
{
  if (run->caps == NULL)
    return FALSE;
  return mf_verify_caps_have ((gchar **) run->caps->pdata, run->caps->len, word);
}

/* "\0user\0password" in base64 (RFC 4616) */
static gchar *
sasl_plain (const gchar *user, const gchar *password)
{
  gsize ulen = strlen (user), plen = strlen (password);
  gsize len = ulen + plen + 2;
  guchar *raw = g_malloc (len);
  gchar *b64;

  raw[0] = '\0';
  memcpy (raw + 1, user, ulen);
  raw[ulen + 1] = '\0';
  memcpy (raw + ulen + 2, password, plen);
  b64 = g_base64_encode (raw, len);
  explicit_bzero (raw, len);
  g_free (raw);
  return b64;
}

static gchar *
base64_of (const gchar *text)
{
  return g_base64_encode ((const guchar *) text, strlen (text));
}

/* ---- IMAP (RFC 3501) ---- */

static GPtrArray *
split_caps (const gchar *text, gsize len)
{
  g_autofree gchar *copy = g_strndup (text, len);
  g_auto(GStrv) words = g_strsplit (copy, " ", -1);
  GPtrArray *caps = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; words[i] != NULL; i++)
    if (words[i][0] != '\0')
      g_ptr_array_add (caps, g_strdup (words[i]));
  return caps;
}

/* takes the capabilities out of "[CAPABILITY ...]" in a status response */
static void
imap_caps_from_code (MfVerifyRun *run, const gchar *text)
{
  const gchar *start, *end;
  g_autoptr(GPtrArray) caps = NULL;

  if (g_ascii_strncasecmp (text, "[CAPABILITY ", 12) != 0)
    return;
  start = text + 12;
  end = strchr (start, ']');
  if (end == NULL)
    return;
  caps = split_caps (start, (gsize) (end - start));
  set_caps (run, caps);
}

/* after "a1 OK ": the response text, with a leading status word skipped */
static const gchar *
skip_word (const gchar *s)
{
  const gchar *space = strchr (s, ' ');
  return space != NULL ? space + 1 : s + strlen (s);
}

MF_TESTABLE gchar *
mf_verify_imap_quote (const gchar *value)
{
  GString *out = g_string_new ("\"");

  for (const gchar *p = value; *p != '\0'; p++) {
    guchar c = (guchar) *p;
    if (c == '\r' || c == '\n' || c >= 0x80) {
      mf_verify_wipe_free (g_string_free (out, FALSE));
      return NULL;
    }
    if (c == '"' || c == '\\')
      g_string_append_c (out, '\\');
    g_string_append_c (out, (gchar) c);
  }
  g_string_append_c (out, '"');
  return g_string_free (out, FALSE);
}

/* reads to the tagged response of @tag or to a continuation request ("+");
 * untagged CAPABILITY lines are taken in on the way */
static gchar *
imap_response (MfVerifyRun *run, const gchar *tag)
{
  gsize tlen = strlen (tag);

  for (;;) {
    g_autofree gchar *line = read_line (run);

    if (line == NULL)
      return NULL;
    if (g_str_has_prefix (line, "+")) {
      return g_steal_pointer (&line);
    } else if (g_ascii_strncasecmp (line, "* CAPABILITY ", 13) == 0) {
      g_autoptr(GPtrArray) caps = split_caps (line + 13, strlen (line + 13));
      set_caps (run, caps);
    } else if (g_ascii_strncasecmp (line, "* BYE", 5) == 0 && run->step != MF_VERIFY_STEP_LOGOUT) {
      /* the server is closing; its tagged answer will not come */
      mf_verify_run_fail (run, MF_VERIFY_PROTOCOL_ERROR, line + 2, _("the server ended the session"));
      return NULL;
    } else if (strncmp (line, tag, tlen) == 0 && line[tlen] == ' ') {
      return g_steal_pointer (&line);
    } else if (!g_str_has_prefix (line, "* ")) {
      mf_verify_run_fail (run, MF_VERIFY_PROTOCOL_ERROR, line, _("an answer that is not IMAP"));
      return NULL;
    }
  }
}

static gchar *
imap_next_tag (MfVerifyRun *run)
{
  return g_strdup_printf ("a%u", ++run->tag);
}

/* a tagged response: "a1 OK ...", "a1 NO ..."; returns the text after the tag */
static const gchar *
imap_status (const gchar *line, const gchar *tag)
{
  return line + strlen (tag) + 1;
}

static gboolean
imap_is_ok (const gchar *status)
{
  return g_ascii_strncasecmp (status, "OK", 2) == 0 && (status[2] == ' ' || status[2] == '\0');
}

/* a simple command whose tagged answer must be OK; *status_out gets the
 * tagged response text when it is not */
static gboolean
imap_simple (MfVerifyRun *run, const gchar *command, gchar **status_out)
{
  g_autofree gchar *tag = imap_next_tag (run);
  g_autofree gchar *line = g_strdup_printf ("%s %s", tag, command);
  g_autofree gchar *resp = NULL;
  const gchar *status;

  if (!send_line (run, line, NULL))
    return FALSE;
  resp = imap_response (run, tag);
  if (resp == NULL)
    return FALSE;
  if (resp[0] == '+') {
    mf_verify_run_fail (run, MF_VERIFY_PROTOCOL_ERROR, resp, _("an unexpected continuation request"));
    return FALSE;
  }
  status = imap_status (resp, tag);
  if (imap_is_ok (status)) {
    imap_caps_from_code (run, skip_word (status));
    return TRUE;
  }
  *status_out = g_strdup (status);
  return FALSE;
}

static gboolean
imap_greeting (MfVerifyRun *run)
{
  g_autofree gchar *line = NULL;

  run->step = MF_VERIFY_STEP_GREETING;
  line = read_line (run);
  if (line == NULL)
    return FALSE;
  if (g_ascii_strncasecmp (line, "* OK", 4) != 0) {
    /* "* BYE" (too busy, blocked) or not IMAP at all; "* PREAUTH" would
     * mean a session with no login to check */
    mf_verify_run_fail (run, MF_VERIFY_PROTOCOL_ERROR, line, _("the greeting is not that of an IMAP server"));
    return FALSE;
  }
  imap_caps_from_code (run, skip_word (line + 2));
  return TRUE;
}

static gboolean
imap_capability (MfVerifyRun *run)
{
  g_autofree gchar *status = NULL;

  run->step = MF_VERIFY_STEP_CAPABILITIES;
  g_clear_pointer (&run->caps, g_ptr_array_unref);
  if (imap_simple (run, "CAPABILITY", &status) && run->caps != NULL)
    return TRUE;
  if (run->status == MF_VERIFY_OK)
    mf_verify_run_fail (run, MF_VERIFY_PROTOCOL_ERROR, status, _("the server did not list its capabilities"));
  return FALSE;
}

static gboolean
imap_starttls (MfVerifyRun *run)
{
  g_autofree gchar *status = NULL;

  if (!imap_greeting (run))
    return FALSE;
  if (run->caps == NULL && !imap_capability (run))
    return FALSE;
  run->step = MF_VERIFY_STEP_STARTTLS;
  if (!has_cap (run, "STARTTLS"))
    return mf_verify_run_fail (run, MF_VERIFY_NO_STARTTLS, NULL, NULL);
  if (imap_simple (run, "STARTTLS", &status))
    return TRUE;
  if (run->status == MF_VERIFY_OK)
    mf_verify_run_fail (run, MF_VERIFY_NO_STARTTLS, status, NULL);
  return FALSE;
}

/* the tagged answer to a login: OK, or why not */
static gboolean
imap_login_answer (MfVerifyRun *run, const gchar *tag, const gchar *resp)
{
  const gchar *status = imap_status (resp, tag);

  if (imap_is_ok (status)) {
    run->logged_in = TRUE;
    return TRUE;
  }
  if (g_ascii_strncasecmp (status, "NO", 2) == 0)
    return mf_verify_run_fail (run, MF_VERIFY_AUTH_REJECTED, status, NULL);
  return mf_verify_run_fail (run, MF_VERIFY_PROTOCOL_ERROR, status, _("the server did not accept the login command"));
}

static gboolean
imap_authenticate_plain (MfVerifyRun *run)
{
  g_autofree gchar *tag = imap_next_tag (run);
  g_autofree gchar *resp = NULL;
  g_autofree gchar *shown = g_strdup_printf ("%s AUTHENTICATE PLAIN <credentials hidden>", tag);
  gchar *b64 = sasl_plain (run->username, run->password);
  gchar *line;
  gboolean ok;

  if (has_cap (run, "SASL-IR")) {
    line = g_strdup_printf ("%s AUTHENTICATE PLAIN %s", tag, b64);
    ok = send_line (run, line, shown);
    mf_verify_wipe_free (line);
  } else {
    line = g_strdup_printf ("%s AUTHENTICATE PLAIN", tag);
    ok = send_line (run, line, NULL);
    g_free (line);
    if (ok) {
      resp = imap_response (run, tag);
      if (resp != NULL && resp[0] != '+') {
        /* a tagged answer before the credentials is the login's answer;
         * an OK goes on to the logout like any other */
        mf_verify_wipe_free (b64);
        return imap_login_answer (run, tag, resp);
      }
      ok = resp != NULL && send_line (run, b64, "<credentials hidden>");
      g_clear_pointer (&resp, g_free);
    }
  }
  mf_verify_wipe_free (b64);
  if (!ok)
    return FALSE;
  resp = imap_response (run, tag);
  if (resp == NULL)
    return FALSE;
  if (resp[0] == '+') {
    /* a challenge after the response: PLAIN has none; cancel the exchange */
    send_line (run, "*", NULL);
    return mf_verify_run_fail (run, MF_VERIFY_PROTOCOL_ERROR, resp, _("an unexpected challenge"));
  }
  return imap_login_answer (run, tag, resp);
}

/* LOGIN with each argument as a quoted string, or as a literal when it
 * cannot be quoted (8-bit or line breaks); a synchronising literal waits
 * for the server's "+" before its bytes are sent */
static gboolean
imap_login (MfVerifyRun *run)
{
  g_autofree gchar *tag = imap_next_tag (run);
  g_autofree gchar *shown = g_strdup_printf ("%s LOGIN <credentials hidden>", tag);
  g_autoptr(MfWipeString) cmd = g_string_new (NULL);
  g_autofree gchar *resp = NULL;
  const gchar *args[] = { run->username, run->password };
  gboolean literal_plus = has_cap (run, "LITERAL+");

  g_string_printf (cmd, "%s LOGIN", tag);
  for (guint i = 0; i < G_N_ELEMENTS (args); i++) {
    gchar *quoted = mf_verify_imap_quote (args[i]);

    g_string_append_c (cmd, ' ');
    if (quoted != NULL) {
      g_string_append (cmd, quoted);
      mf_verify_wipe_free (quoted);
      continue;
    }
    g_string_append_printf (cmd, "{%" G_GSIZE_FORMAT "%s}", strlen (args[i]), literal_plus ? "+" : "");
    if (!send_line (run, cmd->str, shown))
      return FALSE;
    g_string_truncate (cmd, 0);
    if (!literal_plus) {
      resp = imap_response (run, tag);
      if (resp == NULL)
        return FALSE;
      if (resp[0] != '+')
        return imap_login_answer (run, tag, resp);
      g_clear_pointer (&resp, g_free);
    }
    g_string_append (cmd, args[i]);
  }
  if (!send_line (run, cmd->str, shown))
    return FALSE;
  resp = imap_response (run, tag);
  if (resp == NULL)
    return FALSE;
  if (resp[0] == '+')
    return mf_verify_run_fail (run, MF_VERIFY_PROTOCOL_ERROR, resp, _("an unexpected continuation request"));
  return imap_login_answer (run, tag, resp);
}

static gboolean
imap_session (MfVerifyRun *run)
{
  g_autofree gchar *status = NULL;
  gboolean ok;

  /* capabilities seen before STARTTLS are void once TLS is up (RFC 3501
   * 6.2.1); a greeting read inside TLS may already carry them */
  if (run->caps == NULL && !imap_capability (run))
    return FALSE;
  run->step = MF_VERIFY_STEP_LOGIN;
  if (has_cap (run, "LOGINDISABLED")) {
    if (!has_cap (run, "AUTH=PLAIN"))
      return mf_verify_run_fail (run, MF_VERIFY_PROTOCOL_ERROR, NULL,
                                 _("the server disables LOGIN and offers no AUTHENTICATE PLAIN"));
    ok = imap_authenticate_plain (run);
  } else {
    ok = imap_login (run);
  }
  if (!ok)
    return FALSE;
  run->step = MF_VERIFY_STEP_LOGOUT;
  imap_simple (run, "LOGOUT", &status);
  return TRUE;
}

/* ---- POP3 (RFC 1939, 2449, 2595, 5034) ---- */

static gboolean
pop3_ok (const gchar *line)
{
  return g_str_has_prefix (line, "+OK") && (line[3] == ' ' || line[3] == '\0');
}

/* a command with a one-line answer; NULL once a failure is recorded */
static gchar *
pop3_command (MfVerifyRun *run, const gchar *line, const gchar *shown)
{
  g_autofree gchar *resp = NULL;

  if (!send_line (run, line, shown))
    return NULL;
  resp = read_line (run);
  if (resp == NULL)
    return NULL;
  if (!pop3_ok (resp) && !g_str_has_prefix (resp, "-ERR")) {
    mf_verify_run_fail (run, MF_VERIFY_PROTOCOL_ERROR, resp, _("an answer that is not POP3"));
    return NULL;
  }
  return g_steal_pointer (&resp);
}

static gboolean
pop3_greeting (MfVerifyRun *run)
{
  g_autofree gchar *line = NULL;

  run->step = MF_VERIFY_STEP_GREETING;
  line = read_line (run);
  if (line == NULL)
    return FALSE;
  if (!pop3_ok (line))
    return mf_verify_run_fail (run, MF_VERIFY_PROTOCOL_ERROR, line,
                               _("the greeting is not that of a POP3 server"));
  return TRUE;
}

/* CAPA: TRUE with the list, or TRUE with no list from a server that has
 * no CAPA; FALSE once a failure is recorded */
static gboolean
pop3_capa (MfVerifyRun *run)
{
  g_autofree gchar *resp = NULL;
  g_autoptr(GPtrArray) caps = g_ptr_array_new_with_free_func (g_free);

  run->step = MF_VERIFY_STEP_CAPABILITIES;
  g_clear_pointer (&run->caps, g_ptr_array_unref);
  resp = pop3_command (run, "CAPA", NULL);
  if (resp == NULL)
    return FALSE;
  if (!pop3_ok (resp))
    return TRUE;
  for (;;) {
    g_autofree gchar *line = read_line (run);
    if (line == NULL)
      return FALSE;
    if (strcmp (line, ".") == 0)
      break;
    /* dot-stuffing (RFC 1939 3) */
    g_ptr_array_add (caps, g_strdup (line[0] == '.' ? line + 1 : line));
  }
  set_caps (run, caps);
  return TRUE;
}

static gboolean
pop3_starttls (MfVerifyRun *run)
{
  g_autofree gchar *resp = NULL;

  if (!pop3_greeting (run) || !pop3_capa (run))
    return FALSE;
  run->step = MF_VERIFY_STEP_STARTTLS;
  /* a server with no CAPA may still know STLS; asking costs nothing */
  if (run->caps != NULL && !has_cap (run, "STLS"))
    return mf_verify_run_fail (run, MF_VERIFY_NO_STARTTLS, NULL, NULL);
  resp = pop3_command (run, "STLS", NULL);
  if (resp == NULL)
    return FALSE;
  if (!pop3_ok (resp))
    return mf_verify_run_fail (run, MF_VERIFY_NO_STARTTLS, resp, NULL);
  return TRUE;
}

static gboolean
pop3_session (MfVerifyRun *run)
{
  g_autofree gchar *resp = NULL;

  if (!pop3_capa (run))
    return FALSE;
  run->step = MF_VERIFY_STEP_LOGIN;
  if (run->caps != NULL && !has_cap (run, "USER") && has_cap (run, "SASL PLAIN")) {
    gchar *b64 = sasl_plain (run->username, run->password);
    gchar *line = g_strconcat ("AUTH PLAIN ", b64, NULL);
    resp = pop3_command (run, line, "AUTH PLAIN <credentials hidden>");
    mf_verify_wipe_free (line);
    mf_verify_wipe_free (b64);
  } else {
    g_autofree gchar *user = g_strconcat ("USER ", run->username, NULL);
    gchar *pass;

    resp = pop3_command (run, user, NULL);
    if (resp == NULL)
      return FALSE;
    if (!pop3_ok (resp))
      return mf_verify_run_fail (run, MF_VERIFY_AUTH_REJECTED, resp, NULL);
    g_clear_pointer (&resp, g_free);
    pass = g_strconcat ("PASS ", run->password, NULL);
    resp = pop3_command (run, pass, "PASS <password hidden>");
    mf_verify_wipe_free (pass);
  }
  if (resp == NULL)
    return FALSE;
  if (!pop3_ok (resp))
    return mf_verify_run_fail (run, MF_VERIFY_AUTH_REJECTED, resp, NULL);
  run->logged_in = TRUE;
  run->step = MF_VERIFY_STEP_LOGOUT;
  g_free (pop3_command (run, "QUIT", NULL));
  return TRUE;
}

/* ---- SMTP submission (RFC 5321, 3207, 4954, 8314) ---- */

MF_TESTABLE gboolean
mf_verify_smtp_reply_line (const gchar *line, guint *code, gboolean *last)
{
  if (!g_ascii_isdigit (line[0]) || !g_ascii_isdigit (line[1]) || !g_ascii_isdigit (line[2]) ||
      line[0] < '2' || line[0] > '5' || (line[3] != '\0' && line[3] != ' ' && line[3] != '-'))
    return FALSE;
  *code = (guint) ((line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0'));
  *last = line[3] != '-';
  return TRUE;
}

/* reads a whole reply; returns its code (0 once a failure is recorded),
 * with its lines in *lines_out if wanted */
static guint
smtp_reply (MfVerifyRun *run, GPtrArray **lines_out)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  guint first = 0;

  for (;;) {
    g_autofree gchar *line = read_line (run);
    guint code = 0;
    gboolean last = TRUE;

    if (line == NULL)
      return 0;
    if (!mf_verify_smtp_reply_line (line, &code, &last) || (first != 0 && code != first)) {
      mf_verify_run_fail (run, MF_VERIFY_PROTOCOL_ERROR, line, _("an answer that is not SMTP"));
      return 0;
    }
    first = code;
    g_ptr_array_add (lines, g_steal_pointer (&line));
    if (last)
      break;
  }
  if (lines_out != NULL)
    *lines_out = g_steal_pointer (&lines);
  return first;
}

static gchar *
join_lines (GPtrArray *lines)
{
  g_ptr_array_add (lines, NULL);
  return g_strjoinv ("\n", (gchar **) lines->pdata);
}

static guint
smtp_command (MfVerifyRun *run, const gchar *line, const gchar *shown, gchar **reply_out)
{
  g_autoptr(GPtrArray) lines = NULL;
  guint code;

  if (!send_line (run, line, shown))
    return 0;
  code = smtp_reply (run, &lines);
  if (code != 0 && reply_out != NULL)
    *reply_out = join_lines (lines);
  return code;
}

static gboolean
smtp_greeting (MfVerifyRun *run)
{
  g_autoptr(GPtrArray) lines = NULL;
  g_autofree gchar *text = NULL;
  guint code;

  run->step = MF_VERIFY_STEP_GREETING;
  code = smtp_reply (run, &lines);
  if (code == 0)
    return FALSE;
  if (code != 220) {
    text = join_lines (lines);
    return mf_verify_run_fail (run, MF_VERIFY_PROTOCOL_ERROR, text, _("the server does not accept mail programs now"));
  }
  return TRUE;
}

static gboolean
smtp_ehlo (MfVerifyRun *run)
{
  g_autofree gchar *literal = mf_tls_conn_get_local_literal (run->conn);
  g_autofree gchar *line = g_strconcat ("EHLO ", literal, NULL);
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GPtrArray) caps = g_ptr_array_new_with_free_func (g_free);
  guint code;

  run->step = MF_VERIFY_STEP_CAPABILITIES;
  g_clear_pointer (&run->caps, g_ptr_array_unref);
  if (!send_line (run, line, NULL))
    return FALSE;
  code = smtp_reply (run, &lines);
  if (code == 0)
    return FALSE;
  if (code != 250) {
    g_autofree gchar *text = join_lines (lines);
    return mf_verify_run_fail (run, MF_VERIFY_PROTOCOL_ERROR, text, _("the server refused EHLO"));
  }
  /* the first line names the server; each further one is a keyword with
   * its parameters */
  for (guint i = 1; i < lines->len; i++) {
    const gchar *l = g_ptr_array_index (lines, i);
    if (strlen (l) > 4)
      g_ptr_array_add (caps, g_strdup (l + 4));
  }
  set_caps (run, caps);
  return TRUE;
}

static gboolean
smtp_starttls (MfVerifyRun *run)
{
  g_autofree gchar *reply = NULL;
  guint code;

  if (!smtp_greeting (run) || !smtp_ehlo (run))
    return FALSE;
  run->step = MF_VERIFY_STEP_STARTTLS;
  if (!has_cap (run, "STARTTLS"))
    return mf_verify_run_fail (run, MF_VERIFY_NO_STARTTLS, NULL, NULL);
  code = smtp_command (run, "STARTTLS", NULL, &reply);
  if (code == 0)
    return FALSE;
  if (code != 220)
    return mf_verify_run_fail (run, MF_VERIFY_NO_STARTTLS, reply, NULL);
  return TRUE;
}

static gboolean
smtp_auth_answer (MfVerifyRun *run, guint code, const gchar *reply)
{
  if (code == 235) {
    run->logged_in = TRUE;
    return TRUE;
  }
  if (code == 334) {
    /* the server wants more than the mechanism has: cancel (RFC 4954 4) */
    send_line (run, "*", NULL);
    return mf_verify_run_fail (run, MF_VERIFY_PROTOCOL_ERROR, reply, _("an unexpected challenge"));
  }
  return mf_verify_run_fail (run, MF_VERIFY_AUTH_REJECTED, reply, NULL);
}

static gboolean
smtp_session (MfVerifyRun *run)
{
  g_autofree gchar *reply = NULL;
  guint code;

  if (!smtp_ehlo (run))
    return FALSE;
  run->step = MF_VERIFY_STEP_LOGIN;
  if (has_cap (run, "AUTH PLAIN")) {
    gchar *b64 = sasl_plain (run->username, run->password);
    gchar *line = g_strconcat ("AUTH PLAIN ", b64, NULL);
    code = smtp_command (run, line, "AUTH PLAIN <credentials hidden>", &reply);
    mf_verify_wipe_free (line);
    mf_verify_wipe_free (b64);
  } else if (has_cap (run, "AUTH LOGIN")) {
    code = smtp_command (run, "AUTH LOGIN", NULL, &reply);
    if (code == 334) {
      gchar *user = base64_of (run->username);
      g_clear_pointer (&reply, g_free);
      code = smtp_command (run, user, "<user name hidden>", &reply);
      g_free (user);
    }
    if (code == 334) {
      gchar *pass = base64_of (run->password);
      g_clear_pointer (&reply, g_free);
      code = smtp_command (run, pass, "<password hidden>", &reply);
      mf_verify_wipe_free (pass);
    }
  } else {
    return mf_verify_run_fail (run, MF_VERIFY_PROTOCOL_ERROR, NULL,
                               _("the server offers no password login (SMTP AUTH PLAIN or LOGIN) here"));
  }
  if (code == 0)
    return FALSE;
  if (!smtp_auth_answer (run, code, reply))
    return FALSE;
  /* Dovecot may close with a 421 right after the 235 when its relay is
   * down: the login itself worked, so the answer to QUIT does not matter */
  run->step = MF_VERIFY_STEP_LOGOUT;
  smtp_command (run, "QUIT", NULL, NULL);
  return TRUE;
}

/* ---- by protocol ---- */

gboolean
mf_verify_dialog_starttls (MfVerifyRun *run)
{
  switch (run->protocol) {
  case MF_PROTOCOL_IMAP: return imap_starttls (run);
  case MF_PROTOCOL_POP3: return pop3_starttls (run);
  case MF_PROTOCOL_SMTP: return smtp_starttls (run);
  default: return mf_verify_run_fail (run, MF_VERIFY_PROTOCOL_ERROR, NULL, _("unknown protocol"));
  }
}

gboolean
mf_verify_dialog_greeting (MfVerifyRun *run)
{
  switch (run->protocol) {
  case MF_PROTOCOL_IMAP: return imap_greeting (run);
  case MF_PROTOCOL_POP3: return pop3_greeting (run);
  case MF_PROTOCOL_SMTP: return smtp_greeting (run);
  default: return mf_verify_run_fail (run, MF_VERIFY_PROTOCOL_ERROR, NULL, _("unknown protocol"));
  }
}

gboolean
mf_verify_dialog_login (MfVerifyRun *run)
{
  switch (run->protocol) {
  case MF_PROTOCOL_IMAP: return imap_session (run);
  case MF_PROTOCOL_POP3: return pop3_session (run);
  case MF_PROTOCOL_SMTP: return smtp_session (run);
  default: return mf_verify_run_fail (run, MF_VERIFY_PROTOCOL_ERROR, NULL, _("unknown protocol"));
  }
}
