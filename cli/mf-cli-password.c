/* mf-cli-password.c: "mailfix password": reads a password without it ever
 * being in argv, the environment or the output, and wipes it after use */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <termios.h>
#include <unistd.h>

#include "mf-cli.h"

/* the longest password read; app passwords are a few dozen characters */
#define MF_CLI_MAX_PASSWORD 1024

void
mf_cli_wipe_free (gchar *secret)
{
  if (secret == NULL)
    return;
  explicit_bzero (secret, strlen (secret));
  g_free (secret);
}

static gchar *
read_line_fd (gint fd, GError **error)
{
  gchar *buf = g_malloc0 (MF_CLI_MAX_PASSWORD + 1);
  gsize len = 0;

  while (len < MF_CLI_MAX_PASSWORD) {
    gchar c;
    gssize n = read (fd, &c, 1);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0 || c == '\n')
      break;
    buf[len++] = c;
  }
  if (len > 0 && buf[len - 1] == '\r')
    buf[--len] = '\0';
  if (len == 0) {
    mf_cli_wipe_free (buf);
    g_set_error_literal (error, MF_ERROR, MF_ERROR_INVALID_ARGUMENT, _("no password was given"));
    return NULL;
  }
  if (!g_utf8_validate (buf, -1, NULL)) {
    mf_cli_wipe_free (buf);
    g_set_error_literal (error, MF_ERROR, MF_ERROR_INVALID_ARGUMENT, _("the password is not valid UTF-8 text"));
    return NULL;
  }
  return buf;
}

static gchar *
prompt_no_echo (const gchar *question, GError **error)
{
  struct termios old, quiet;
  gchar *answer;

  g_print ("%s ", question);
  fflush (stdout);
  if (tcgetattr (STDIN_FILENO, &old) != 0) {
    g_set_error_literal (error, MF_ERROR, MF_ERROR_IO, _("cannot switch off echo on this terminal"));
    return NULL;
  }
  quiet = old;
  quiet.c_lflag &= ~(tcflag_t) ECHO;
  tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet);
  answer = read_line_fd (STDIN_FILENO, error);
  tcsetattr (STDIN_FILENO, TCSAFLUSH, &old);
  g_print ("\n");
  return answer;
}

gchar *
mf_cli_read_password (MfCliOptions *opts, GError **error)
{
  g_autoptr(gchar) first = NULL;
  g_autoptr(gchar) again = NULL;

  /* a process holding a password leaves no core file and cannot be
   * attached to by other processes of the same user */
  prctl (PR_SET_DUMPABLE, 0, 0, 0, 0);

  if (opts->password_fd >= 0)
    return read_line_fd (opts->password_fd, error);
  if (opts->password_stdin || !isatty (STDIN_FILENO))
    return read_line_fd (STDIN_FILENO, error);
  first = prompt_no_echo (_("New password:"), error);
  if (first == NULL)
    return NULL;
  again = prompt_no_echo (_("The same password again:"), error);
  if (again == NULL)
    return NULL;
  if (strcmp (first, again) != 0) {
    g_set_error_literal (error, MF_ERROR, MF_ERROR_INVALID_ARGUMENT, _("the two passwords differ; nothing was changed"));
    return NULL;
  }
  return g_steal_pointer (&first);
}

/* the accounts the options name: one by --account, or all of --address */
static GPtrArray *
chosen_accounts (MfCliOptions *opts, MfSession *session, GError **error)
{
  g_autoptr(GPtrArray) accounts = NULL;

  if ((opts->address == NULL) == (opts->accounts == NULL || opts->accounts[0] == NULL) ||
      (opts->accounts != NULL && opts->accounts[0] != NULL && opts->accounts[1] != NULL)) {
    g_set_error_literal (error, MF_ERROR, MF_ERROR_INVALID_ARGUMENT,
                         _("name one account with --account ID, or every account of an address with --address"));
    return NULL;
  }
  if (opts->address != NULL) {
    accounts = mf_session_find_accounts_by_address (session, opts->address);
    if (accounts->len == 0) {
      g_set_error (error, MF_ERROR, MF_ERROR_NOT_FOUND, _("no account sends as %s"), opts->address);
      return NULL;
    }
    return g_steal_pointer (&accounts);
  }
  accounts = g_ptr_array_new ();
  if (mf_session_find_account (session, opts->accounts[0]) == NULL) {
    g_set_error (error, MF_ERROR, MF_ERROR_NOT_FOUND,
                 _("there is no account %s; \"mailfix scan\" lists the account IDs"), opts->accounts[0]);
    return NULL;
  }
  g_ptr_array_add (accounts, mf_session_find_account (session, opts->accounts[0]));
  return g_steal_pointer (&accounts);
}

gint
mf_cli_cmd_password (MfCliOptions *opts, gchar **args)
{
  gint status = MF_EXIT_OK;
  g_autoptr(MfSession) session = mf_cli_scan (opts, "password", &status);
  g_autoptr(GError) error = NULL;
  g_autoptr(gchar) password = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  JsonBuilder *b = NULL;
  guint stored = 0, unsupported = 0, failed = 0, left = 0;

  if (session == NULL)
    return status;
  accounts = chosen_accounts (opts, session, &error);
  if (accounts == NULL)
    return mf_cli_fail (opts, "password", error);
  if (!opts->remove) {
    password = mf_cli_read_password (opts, &error);
    if (password == NULL)
      return mf_cli_fail (opts, "password", error);
    /* every account's rules first: a mistyped password changes nothing */
    for (guint i = 0; i < accounts->len; i++) {
      if (!mf_session_check_password (session, g_ptr_array_index (accounts, i), password, &error))
        return mf_cli_fail (opts, "password", error);
    }
  }
  if (opts->json) {
    b = mf_cli_json_begin ("password");
    json_builder_set_member_name (b, "removed");
    json_builder_add_boolean_value (b, opts->remove);
    json_builder_set_member_name (b, "results");
    json_builder_begin_array (b);
  }
  for (guint i = 0; i < accounts->len; i++) {
    const gchar *id = mf_account_get_id (g_ptr_array_index (accounts, i));
    g_autofree gchar *backup = NULL;
    g_autoptr(GError) error_local = NULL;
    /* Outlook and Windows Mail: only the old password can go */
    gboolean reachable = opts->remove || mf_session_can_store_password (session, id);
    gboolean ok = mf_session_set_password (session, id, password, &backup, &error_local);

    if (ok && !reachable)
      left++;
    else if (ok)
      stored++;
    else if (g_error_matches (error_local, MF_ERROR, MF_ERROR_UNSUPPORTED))
      unsupported++;
    else
      failed++;
    if (b != NULL) {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "account");
      json_builder_add_string_value (b, id);
      json_builder_set_member_name (b, "stored");
      json_builder_add_boolean_value (b, ok && reachable);
      json_builder_set_member_name (b, "old_removed");
      json_builder_add_boolean_value (b, ok && !reachable);
      json_builder_set_member_name (b, "backup");
      if (backup != NULL)
        json_builder_add_string_value (b, backup);
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "error");
      if (error_local != NULL)
        json_builder_add_string_value (b, error_local->message);
      else
        json_builder_add_null_value (b);
      json_builder_end_object (b);
    } else if (ok) {
      g_autofree gchar *where = mf_cli_where_options (opts);
      g_autofree gchar *command = g_strdup_printf ("mailfix rollback%s %s", where, backup);
      if (!reachable)
        g_print (_("mailfix cannot store the password of %s: its mail program keeps passwords encrypted for the "
                   "Windows user. The old one was removed, so the program asks for the new one at its next start."),
                 id);
      else
        g_print (opts->remove ? _("The stored password of %s was removed.")
                              : _("The password of %s was stored for receiving and sending."), id);
      g_print ("\n  ");
      g_print (_("\"%s\" puts the previous password back."), command);
      g_print ("\n");
    } else {
      g_printerr ("mailfix password: %s: %s\n", id, error_local->message);
    }
  }
  if (b != NULL) {
    json_builder_end_array (b);
    json_builder_set_member_name (b, "notes");
    json_builder_begin_array (b);
    for (guint i = 0; i < mf_session_get_apply_notes (session)->len; i++)
      json_builder_add_string_value (b, g_ptr_array_index (mf_session_get_apply_notes (session), i));
    json_builder_end_array (b);
    mf_cli_json_end (b);
  } else {
    for (guint i = 0; i < mf_session_get_apply_notes (session)->len; i++)
      g_print ("%s\n", (const gchar *) g_ptr_array_index (mf_session_get_apply_notes (session), i));
  }
  if (failed > 0)
    return MF_EXIT_ERROR;
  /* a password the user still has to type in the program is left to do */
  return unsupported > 0 || left > 0 ? MF_EXIT_FINDINGS : MF_EXIT_OK;
}
