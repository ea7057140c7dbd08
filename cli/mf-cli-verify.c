/* mf-cli-verify.c: "mailfix verify", and the check "apply" makes before it
 * writes: a real login over TLS on every server an account will use */
#include "config.h"

#include "mf-cli.h"

static void
print_result (MfVerifyResult *result)
{
  MfServer *server = mf_verify_result_get_server (result);
  g_autofree gchar *desc = mf_cli_describe_server (server);
  const gchar *reply = mf_verify_result_get_server_reply (result);

  if (mf_verify_result_get_status (result) == MF_VERIFY_OK) {
    g_print ("  %s %s (%s, %s)\n", _("ok:"), desc,
             mf_verify_result_get_tls_version (result) != NULL ? mf_verify_result_get_tls_version (result) : "",
             mf_verify_result_get_cipher (result) != NULL ? mf_verify_result_get_cipher (result) : "");
    return;
  }
  g_print ("  %s %s\n", _("failed:"), desc);
  g_print ("      %s\n", mf_verify_result_get_message (result));
  if (reply != NULL)
    g_print ("      %s %s\n", _("server said:"), reply);
}

static void
add_result (JsonBuilder *b, const gchar *account_id, MfVerifyResult *result)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "account");
  json_builder_add_string_value (b, account_id);
  mf_cli_json_add_server (b, "server", mf_verify_result_get_server (result));
  json_builder_set_member_name (b, "status");
  json_builder_add_string_value (b, mf_verify_status_to_string (mf_verify_result_get_status (result)));
  json_builder_set_member_name (b, "message");
  json_builder_add_string_value (b, mf_verify_result_get_message (result) != NULL ? mf_verify_result_get_message (result) : "");
  json_builder_set_member_name (b, "server_reply");
  if (mf_verify_result_get_server_reply (result) != NULL)
    json_builder_add_string_value (b, mf_verify_result_get_server_reply (result));
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "tls_version");
  if (mf_verify_result_get_tls_version (result) != NULL)
    json_builder_add_string_value (b, mf_verify_result_get_tls_version (result));
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "elapsed_ms");
  json_builder_add_int_value (b, mf_verify_result_get_elapsed_ms (result));
  json_builder_end_object (b);
}

gboolean
mf_cli_verify_accounts (MfCliOptions *opts, MfSession *session, GPtrArray *accounts,
                        const gchar *password, JsonBuilder *json)
{
  MfPlanFlags flags = opts->accept_unconfirmed ? MF_PLAN_FLAGS_INCLUDE_UNCONFIRMED : MF_PLAN_FLAGS_NONE;
  g_autoptr(GPtrArray) servers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) owners = g_ptr_array_new ();
  g_autoptr(GPtrArray) passwords = g_ptr_array_new ();
  g_autoptr(GPtrArray) results = NULL;
  MfVerifyOptions options = { opts->ca_file, opts->timeout > 0 ? (guint) opts->timeout * 1000 : 0 };
  gboolean all_ok = TRUE;
  const gchar *last = NULL;

  for (guint i = 0; i < accounts->len; i++) {
    MfAccount *account = g_ptr_array_index (accounts, i);
    g_autoptr(GPtrArray) mine = mf_session_servers_to_verify (session, account, flags);
    for (guint j = 0; j < mine->len; j++) {
      g_ptr_array_add (servers, g_object_ref (g_ptr_array_index (mine, j)));
      g_ptr_array_add (owners, account);
      g_ptr_array_add (passwords, (gpointer) password);
    }
  }
  g_ptr_array_add (passwords, NULL);
  /* all at once: twenty accounts take about as long as the slowest one */
  results = mf_verify_servers (servers, (const gchar * const *) passwords->pdata, &options, NULL);
  for (guint i = 0; i < results->len; i++) {
    MfVerifyResult *result = g_ptr_array_index (results, i);
    const gchar *id = mf_account_get_id (g_ptr_array_index (owners, i));
    all_ok = all_ok && mf_verify_result_get_status (result) == MF_VERIFY_OK;
    if (json != NULL) {
      add_result (json, id, result);
      continue;
    }
    if (g_strcmp0 (last, id) != 0)
      g_print ("%s\n", id);
    last = id;
    print_result (result);
  }
  return all_ok;
}

/* each account's stored password on the servers it uses now: a refusal
 * means the password is the old one (OLD_PASSWORD) */
static gint
verify_stored (MfCliOptions *opts, MfSession *session, GPtrArray *accounts)
{
  g_autoptr(GPtrArray) servers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) owners = g_ptr_array_new ();
  g_autoptr(GPtrArray) passwords = g_ptr_array_new_with_free_func ((GDestroyNotify) mf_cli_wipe_free);
  g_autoptr(GPtrArray) results = NULL;
  MfVerifyOptions options = { opts->ca_file, opts->timeout > 0 ? (guint) opts->timeout * 1000 : 0 };
  JsonBuilder *b = opts->json ? mf_cli_json_begin ("verify") : NULL;
  guint old = 0, missing = 0;

  if (b != NULL) {
    json_builder_set_member_name (b, "results");
    json_builder_begin_array (b);
  }
  for (guint i = 0; i < accounts->len; i++) {
    MfAccount *account = g_ptr_array_index (accounts, i);
    g_autoptr(GError) error = NULL;
    gchar *password = mf_session_get_stored_password (session, account, &error);
    MfServer *sides[] = { mf_account_get_incoming (account), mf_account_get_outgoing (account) };

    if (password == NULL) {
      missing++;
      if (b == NULL) {
        g_print ("%s\n  %s\n", mf_account_get_id (account),
                 error != NULL ? error->message : _("no password is stored"));
      }
      continue;
    }
    for (gsize j = 0; j < G_N_ELEMENTS (sides); j++) {
      if (sides[j] == NULL)
        continue;
      g_ptr_array_add (servers, g_object_ref (sides[j]));
      g_ptr_array_add (owners, account);
      g_ptr_array_add (passwords, g_strdup (password));
    }
    mf_cli_wipe_free (password);
  }
  g_ptr_array_add (passwords, NULL);
  results = mf_verify_servers (servers, (const gchar * const *) passwords->pdata, &options, NULL);
  for (guint i = 0; i < results->len; i++) {
    MfVerifyResult *result = g_ptr_array_index (results, i);
    const gchar *id = mf_account_get_id (g_ptr_array_index (owners, i));
    gboolean refused = mf_verify_result_get_status (result) == MF_VERIFY_AUTH_REJECTED;

    old += refused ? 1 : 0;
    if (b != NULL) {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "account");
      json_builder_add_string_value (b, id);
      mf_cli_json_add_server (b, "server", mf_verify_result_get_server (result));
      json_builder_set_member_name (b, "status");
      json_builder_add_string_value (b, mf_verify_status_to_string (mf_verify_result_get_status (result)));
      json_builder_set_member_name (b, "finding");
      if (refused)
        json_builder_add_string_value (b, "OLD_PASSWORD");
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "message");
      json_builder_add_string_value (b, mf_verify_result_get_message (result) != NULL ? mf_verify_result_get_message (result) : "");
      json_builder_end_object (b);
      continue;
    }
    g_print ("%s\n", id);
    if (refused)
      g_print ("  [%s] OLD_PASSWORD: %s\n", _("error"), _("the server refused the stored password: it is the old one; store the new password with \"mailfix password\""));
    {
      g_autofree gchar *desc = mf_cli_describe_server (mf_verify_result_get_server (result));
      g_print ("  %s %s\n      %s\n", mf_verify_result_get_status (result) == MF_VERIFY_OK ? _("ok:") : _("failed:"),
               desc, mf_verify_result_get_message (result));
    }
  }
  if (b != NULL) {
    json_builder_end_array (b);
    mf_cli_json_end (b);
  }
  for (guint i = 0; i < results->len; i++) {
    if (mf_verify_result_get_status (g_ptr_array_index (results, i)) != MF_VERIFY_OK)
      return MF_EXIT_FINDINGS;
  }
  return old > 0 || missing > 0 ? MF_EXIT_FINDINGS : MF_EXIT_OK;
}

gint
mf_cli_cmd_verify (MfCliOptions *opts, gchar **args)
{
  gint status = MF_EXIT_OK;
  g_autoptr(MfSession) session = mf_cli_scan (opts, "verify", &status);
  g_autoptr(GPtrArray) accounts = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(gchar) password = NULL;
  JsonBuilder *b = NULL;
  gboolean ok;

  if (session == NULL)
    return status;
  for (guint i = 0; i < mf_session_get_accounts (session)->len; i++) {
    MfAccount *account = g_ptr_array_index (mf_session_get_accounts (session), i);
    if (opts->accounts != NULL ? g_strv_contains ((const gchar * const *) opts->accounts, mf_account_get_id (account))
                               : mf_account_get_kind (account) == MF_ACCOUNT_KIND_MAIL)
      g_ptr_array_add (accounts, account);
  }
  if (accounts->len == 0) {
    g_set_error_literal (&error, MF_ERROR, MF_ERROR_NOT_FOUND, _("there is no account to verify"));
    return mf_cli_fail (opts, "verify", error);
  }
  if (opts->stored)
    return verify_stored (opts, session, accounts);
  password = mf_cli_read_password (opts, &error);
  if (password == NULL)
    return mf_cli_fail (opts, "verify", error);
  for (guint i = 0; i < accounts->len; i++) {
    if (!mf_session_check_password (session, g_ptr_array_index (accounts, i), password, &error))
      return mf_cli_fail (opts, "verify", error);
  }
  if (opts->json) {
    b = mf_cli_json_begin ("verify");
    json_builder_set_member_name (b, "results");
    json_builder_begin_array (b);
  }
  ok = mf_cli_verify_accounts (opts, session, accounts, password, b);
  if (b != NULL) {
    json_builder_end_array (b);
    json_builder_set_member_name (b, "ok");
    json_builder_add_boolean_value (b, ok);
    mf_cli_json_end (b);
  }
  return ok ? MF_EXIT_OK : MF_EXIT_FINDINGS;
}
