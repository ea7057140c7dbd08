/* mf-cli-password.c: "mailfix password": reads a password without it ever
 * being in argv, the environment or the output, and wipes it after use */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "mf-cli.h"

/* the longest password read; app passwords are a few dozen characters */
#define MF_CLI_MAX_PASSWORD 1024

static void
wipe_free (gchar *secret)
{
  if (secret == NULL)
    return;
  explicit_bzero (secret, strlen (secret));
  g_free (secret);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (gchar, wipe_free)

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
    wipe_free (buf);
    g_set_error_literal (error, MF_ERROR, MF_ERROR_INVALID_ARGUMENT, _("no password was given"));
    return NULL;
  }
  if (!g_utf8_validate (buf, -1, NULL)) {
    wipe_free (buf);
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

static gchar *
read_password (MfCliOptions *opts, GError **error)
{
  g_autoptr(gchar) first = NULL;
  g_autoptr(gchar) again = NULL;

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

gint
mf_cli_cmd_password (MfCliOptions *opts, gchar **args)
{
  gint status = MF_EXIT_OK;
  g_autoptr(MfSession) session = mf_cli_scan (opts, "password", &status);
  g_autoptr(GError) error = NULL;
  g_autoptr(gchar) password = NULL;
  g_autofree gchar *backup = NULL;

  if (session == NULL)
    return status;
  if (opts->accounts == NULL || opts->accounts[0] == NULL || opts->accounts[1] != NULL) {
    g_set_error_literal (&error, MF_ERROR, MF_ERROR_INVALID_ARGUMENT,
                         _("name exactly one account with --account ID (\"mailfix scan\" lists them)"));
    return mf_cli_fail (opts, "password", error);
  }
  if (!opts->remove) {
    password = read_password (opts, &error);
    if (password == NULL)
      return mf_cli_fail (opts, "password", error);
  }
  if (!mf_session_set_password (session, opts->accounts[0], password, &backup, &error))
    return mf_cli_fail (opts, "password", error);
  if (opts->json) {
    JsonBuilder *b = mf_cli_json_begin ("password");
    json_builder_set_member_name (b, "account");
    json_builder_add_string_value (b, opts->accounts[0]);
    json_builder_set_member_name (b, "removed");
    json_builder_add_boolean_value (b, opts->remove);
    json_builder_set_member_name (b, "backup");
    json_builder_add_string_value (b, backup);
    mf_cli_json_end (b);
  } else {
    g_print (opts->remove ? _("The stored password of %s was removed.") : _("The password of %s was stored for receiving and sending."),
             opts->accounts[0]);
    g_print ("\n");
    g_print (_("\"mailfix rollback %s\" puts the previous password back."), backup);
    g_print ("\n");
  }
  return MF_EXIT_OK;
}
