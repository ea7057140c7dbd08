/* mf-cli-commands.c: one function per mailfix command; the work itself is
 * libmailfix's */
#include "config.h"

#include <stdio.h>
#include <unistd.h>

#include "mf-cli.h"

/* the providers of the search path (shipped, XDG, /etc, the user's), then
 * --providers DIR, then each --provider-file, each overriding the earlier
 * ones of the same id. A broken directory of the search path is only
 * warned about; what the user names on the command line must load. */
MfProviderDb *
mf_cli_load_providers (MfCliOptions *opts, GError **error)
{
  g_autoptr(MfProviderDb) db = mf_provider_db_new ();
  g_autoptr(GError) shipped_error = NULL;
  gboolean named = opts->providers_dir != NULL || opts->provider_files != NULL;
  GPtrArray *problems;

  if (!mf_provider_db_load_search_path (db, &shipped_error)) {
    if (!named) {
      g_propagate_error (error, g_steal_pointer (&shipped_error));
      return NULL;
    }
    mf_cli_warn (shipped_error->message);
  }
  problems = mf_provider_db_get_problems (db);
  for (guint i = 0; i < problems->len; i++)
    mf_cli_warn (((GError *) g_ptr_array_index (problems, i))->message);
  if (opts->providers_dir != NULL && !mf_provider_db_load_dir (db, opts->providers_dir, error))
    return NULL;
  for (guint i = 0; opts->provider_files != NULL && opts->provider_files[i] != NULL; i++) {
    if (!mf_provider_db_load_file (db, opts->provider_files[i], error))
      return NULL;
  }
  return g_steal_pointer (&db);
}

static MfSession *
open_session (MfCliOptions *opts, gboolean with_providers, GError **error)
{
  g_autoptr(MfSession) session = mf_session_new ();
  g_autoptr(MfProviderDb) db = with_providers ? mf_cli_load_providers (opts, error) : mf_provider_db_new ();
  gint n_users;

  if (db == NULL)
    return NULL;
  mf_session_set_provider_db (session, db);
  if (!opts->autoconfig && (opts->ispdb_url != NULL || opts->dns_server != NULL)) {
    g_set_error_literal (error, MF_ERROR, MF_ERROR_INVALID_ARGUMENT,
                         _("--ispdb-url and --dns-server set up --autoconfig: give it too"));
    return NULL;
  }
  if (opts->autoconfig) {
    g_autoptr(MfAutoconfig) autoconfig = mf_cli_make_autoconfig (opts, error);
    if (autoconfig == NULL)
      return NULL;
    mf_session_set_autoconfig (session, autoconfig);
  }
  if (opts->all_users) {
    if (geteuid () != 0) {
      g_set_error_literal (error, MF_ERROR, MF_ERROR_PERMISSION,
                           _("--all-users needs root: other users' homes cannot be read otherwise"));
      return NULL;
    }
    n_users = mf_session_add_all_users (session, error);
    if (n_users < 0)
      return NULL;
    /* with no home at all, the session would look in root's own */
    if (n_users == 0 && opts->homes == NULL) {
      g_set_error_literal (error, MF_ERROR, MF_ERROR_NOT_FOUND,
                           _("the password database names no user with a home of their own"));
      return NULL;
    }
  }
  for (guint i = 0; opts->homes != NULL && opts->homes[i] != NULL; i++)
    mf_session_add_home (session, opts->homes[i]);
  for (guint i = 0; opts->profiles != NULL && opts->profiles[i] != NULL; i++)
    mf_session_add_profile_path (session, opts->profiles[i]);
  for (guint i = 0; opts->windows_roots != NULL && opts->windows_roots[i] != NULL; i++)
    if (!mf_session_add_windows_root (session, opts->windows_roots[i], error))
      return NULL;
  return g_steal_pointer (&session);
}

MfSession *
mf_cli_scan (MfCliOptions *opts, const gchar *command, gint *status)
{
  g_autoptr(GError) error = NULL;
  /* putting files back needs no provider facts; a password is checked
   * against the provider's rules */
  gboolean with_providers = g_strcmp0 (command, "rollback") != 0;
  g_autoptr(MfSession) session = open_session (opts, with_providers, &error);

  if (session == NULL || !mf_session_scan (session, &error)) {
    *status = mf_cli_fail (opts, command, error);
    return NULL;
  }
  return g_steal_pointer (&session);
}

/* what a scan has printed so far; homes come one at a time and are
 * forgotten once printed */
typedef struct {
  MfCliOptions *opts;
  MfCliJsonStream *json;
  gboolean begun;     /* nothing is printed until the scan has begun well */
  GPtrArray *problems;
  guint accounts;
  guint accounts_with;
  guint findings;
} ScanOutput;

static JsonNode *
profile_json (MfProfile *profile)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "store");
  json_builder_add_string_value (b, mf_profile_get_store (profile));
  json_builder_set_member_name (b, "path");
  json_builder_add_string_value (b, mf_profile_get_path (profile));
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, mf_profile_get_name (profile));
  json_builder_set_member_name (b, "default");
  json_builder_add_boolean_value (b, mf_profile_get_is_default (profile));
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static void
begin_output (ScanOutput *out)
{
  if (out->json != NULL && !out->begun)
    mf_cli_json_stream_begin_array (out->json, "accounts");
  out->begun = TRUE;
}

static void
print_home (MfSession *session, const gchar *home, GPtrArray *profiles, GPtrArray *diagnoses,
            GPtrArray *problems, gpointer user_data)
{
  ScanOutput *out = user_data;

  begin_output (out);
  for (guint i = 0; out->json != NULL && i < profiles->len; i++) {
    g_autoptr(JsonNode) node = profile_json (g_ptr_array_index (profiles, i));
    mf_cli_json_stream_defer (out->json, node);
  }
  for (guint i = 0; i < diagnoses->len; i++) {
    MfDiagnosis *diagnosis = g_ptr_array_index (diagnoses, i);
    guint n = mf_diagnosis_get_findings (diagnosis)->len;

    out->accounts++;
    out->findings += n;
    if (n > 0)
      out->accounts_with++;
    if (out->json != NULL) {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) node = NULL;
      mf_cli_json_add_account (b, session, diagnosis);
      node = json_builder_get_root (b);
      mf_cli_json_stream_add (out->json, node);
    } else {
      mf_cli_print_account (diagnosis);
    }
  }
  for (guint i = 0; i < problems->len; i++)
    g_ptr_array_add (out->problems, g_error_copy (g_ptr_array_index (problems, i)));
  /* a script reading the output sees each home as soon as it is read */
  fflush (stdout);
}

static void
print_scan_end (ScanOutput *out)
{
  JsonBuilder *b;

  if (out->json == NULL) {
    if (out->accounts == 0)
      g_print ("%s\n", _("No mail accounts were found."));
    mf_cli_print_problems (out->problems);
    g_print (g_dngettext (GETTEXT_PACKAGE, "%u account, ", "%u accounts, ", out->accounts), out->accounts);
    g_print (g_dngettext (GETTEXT_PACKAGE, "%u with findings", "%u with findings", out->accounts_with),
             out->accounts_with);
    g_print ("\n");
    if (out->findings > 0)
      g_print ("%s\n", _("Run \"mailfix plan\" to see the exact changes that fix them."));
    return;
  }
  begin_output (out);
  mf_cli_json_stream_end_array (out->json);
  mf_cli_json_stream_write_deferred (out->json, "profiles");
  b = json_builder_new ();
  json_builder_begin_object (b);
  mf_cli_json_add_problems (b, out->problems);
  json_builder_set_member_name (b, "summary");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "accounts");
  json_builder_add_int_value (b, out->accounts);
  json_builder_set_member_name (b, "accounts_with_findings");
  json_builder_add_int_value (b, out->accounts_with);
  json_builder_set_member_name (b, "findings");
  json_builder_add_int_value (b, out->findings);
  json_builder_end_object (b);
  mf_cli_json_stream_end (out->json, b);
}

/* scan prints each home as it is read and keeps none: a helpdesk's
 * --all-users over thousands of homes needs the memory of a few */
gint
mf_cli_cmd_scan (MfCliOptions *opts, gchar **args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MfSession) session = open_session (opts, TRUE, &error);
  g_autoptr(MfCliJsonStream) json = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  ScanOutput out = { opts, NULL, FALSE, problems, 0, 0, 0 };

  if (session != NULL && opts->json)
    json = mf_cli_json_stream_new ("scan", &error);
  if (session == NULL || (opts->json && json == NULL))
    return mf_cli_fail (opts, "scan", error);
  out.json = json;
  if (!mf_session_scan_each_home (session, print_home, &out, &error))
    return mf_cli_fail (opts, "scan", error);
  print_scan_end (&out);
  if (problems->len > 0)
    return MF_EXIT_ERROR;
  return out.findings > 0 ? MF_EXIT_FINDINGS : MF_EXIT_OK;
}

/* the provider a run is narrowed to: --provider, else (with --unattended)
 * the one file the ISP gave with --provider-file */
static gchar *
chosen_provider (MfCliOptions *opts, GError **error)
{
  g_autoptr(MfProviderDb) db = mf_provider_db_new ();

  if (opts->provider != NULL)
    return g_strdup (opts->provider);
  if (opts->provider_files == NULL || g_strv_length (opts->provider_files) != 1) {
    g_set_error_literal (error, MF_ERROR, MF_ERROR_INVALID_ARGUMENT,
                         _("--unattended fixes the accounts of one provider: name it with --provider or give its "
                           "file with --provider-file"));
    return NULL;
  }
  if (!mf_provider_db_load_file (db, opts->provider_files[0], error))
    return NULL;
  return g_strdup (mf_provider_get_id (g_ptr_array_index (mf_provider_db_get_providers (db), 0)));
}

gboolean
mf_cli_select_provider (MfCliOptions *opts, MfSession *session, const gchar *command, gint *status)
{
  g_autoptr(GError) error = NULL;
  g_autofree gchar *id = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  GStrvBuilder *builder;

  if (opts->provider == NULL && !opts->unattended)
    return TRUE;
  id = chosen_provider (opts, &error);
  if (id == NULL) {
    *status = mf_cli_fail (opts, command, error);
    return FALSE;
  }
  if (mf_provider_db_lookup_id (mf_session_get_provider_db (session), id) == NULL) {
    g_set_error (&error, MF_ERROR, MF_ERROR_NOT_FOUND,
                 _("no provider has the ID %s; \"mailfix providers\" lists them"), id);
    *status = mf_cli_fail (opts, command, error);
    return FALSE;
  }
  g_free (opts->provider);
  opts->provider = g_steal_pointer (&id);
  accounts = mf_session_find_accounts_by_provider (session, opts->provider);
  builder = g_strv_builder_new ();
  for (guint i = 0; i < accounts->len; i++) {
    const gchar *account_id = mf_account_get_id (g_ptr_array_index (accounts, i));
    if (opts->accounts == NULL || g_strv_contains ((const gchar * const *) opts->accounts, account_id))
      g_strv_builder_add (builder, account_id);
  }
  g_strfreev (opts->accounts);
  opts->accounts = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return TRUE;
}

static MfPlan *
make_plan (MfCliOptions *opts, MfSession *session, const gchar *command, gint *status)
{
  g_autoptr(GError) error = NULL;
  MfPlanFlags flags = opts->accept_unconfirmed ? MF_PLAN_FLAGS_INCLUDE_UNCONFIRMED : MF_PLAN_FLAGS_NONE;
  MfPlan *plan = mf_session_plan (session, (const gchar * const *) opts->accounts, flags, &error);

  if (plan == NULL)
    *status = mf_cli_fail (opts, command, error);
  return plan;
}

gint
mf_cli_cmd_plan (MfCliOptions *opts, gchar **args)
{
  gint status = MF_EXIT_OK;
  g_autoptr(MfSession) session = mf_cli_scan (opts, "plan", &status);
  g_autoptr(MfPlan) plan = NULL;

  if (session == NULL || !mf_cli_select_provider (opts, session, "plan", &status))
    return status;
  plan = make_plan (opts, session, "plan", &status);
  if (plan == NULL)
    return status;
  if (opts->json) {
    JsonBuilder *b = mf_cli_json_begin ("plan");
    mf_cli_json_add_plan (b, plan);
    mf_cli_json_add_problems (b, mf_session_get_problems (session));
    mf_cli_json_end (b);
  } else {
    mf_cli_print_plan (plan, TRUE);
    mf_cli_print_problems (mf_session_get_problems (session));
  }
  if (!mf_plan_is_empty (plan) || mf_plan_get_skipped (plan)->len > 0)
    return MF_EXIT_FINDINGS;
  return mf_session_get_problems (session)->len > 0 ? MF_EXIT_ERROR : MF_EXIT_OK;
}

/* the --home and --profile options of this run, for commands we suggest */
gchar *
mf_cli_where_options (MfCliOptions *opts)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; opts->homes != NULL && opts->homes[i] != NULL; i++) {
    g_autofree gchar *quoted = g_shell_quote (opts->homes[i]);
    g_string_append_printf (out, " --home %s", quoted);
  }
  for (guint i = 0; opts->profiles != NULL && opts->profiles[i] != NULL; i++) {
    g_autofree gchar *quoted = g_shell_quote (opts->profiles[i]);
    g_string_append_printf (out, " --profile %s", quoted);
  }
  for (guint i = 0; opts->windows_roots != NULL && opts->windows_roots[i] != NULL; i++) {
    g_autofree gchar *quoted = g_shell_quote (opts->windows_roots[i]);
    g_string_append_printf (out, " --windows-root %s", quoted);
  }
  return g_string_free (out, FALSE);
}

/* a yes/no question on the terminal; anything but yes is no */
static gboolean
confirm (const gchar *question)
{
  gchar answer[64] = { 0 };
  /* TRANSLATORS: the single-letter answer that means yes at the prompt */
  const gchar *yes = C_("prompt answer", "y");

  g_print ("%s [%s/%s] ", question, yes, C_("prompt answer", "N"));
  fflush (stdout);
  if (fgets (answer, sizeof answer, stdin) == NULL)
    return FALSE;
  g_strstrip (answer);
  return g_ascii_strcasecmp (answer, yes) == 0 || g_ascii_strcasecmp (answer, "y") == 0 ||
         g_ascii_strcasecmp (answer, "yes") == 0;
}

static gint
status_for_error (const GError *error)
{
  return g_error_matches (error, MF_ERROR, MF_ERROR_BUSY) ? MF_EXIT_BUSY : MF_EXIT_ERROR;
}

/* the accounts a plan changes */
static GPtrArray *
plan_accounts (MfPlan *plan)
{
  GPtrArray *accounts = g_ptr_array_new ();
  GPtrArray *remedies = mf_plan_get_remedies (plan);

  for (guint i = 0; i < remedies->len; i++) {
    MfAccount *account = mf_remedy_get_account (g_ptr_array_index (remedies, i));
    if (!g_ptr_array_find (accounts, account, NULL))
      g_ptr_array_add (accounts, account);
  }
  return accounts;
}

/* after the settings are written, the password goes to every account of
 * the same addresses, found again since apply may have added accounts */
static gboolean
store_password (MfCliOptions *opts, GPtrArray *accounts, const gchar *password, GPtrArray *notes)
{
  g_autoptr(MfSession) fresh = mf_cli_scan (opts, "apply", &(gint){ 0 });
  g_autoptr(GPtrArray) done = g_ptr_array_new ();
  gboolean all = TRUE;

  if (fresh == NULL)
    return FALSE;
  for (guint i = 0; i < accounts->len; i++) {
    const gchar *address = mf_account_get_address (g_ptr_array_index (accounts, i));
    /* each address once: two of its accounts may both have been fixed */
    if (address == NULL || g_ptr_array_find_with_equal_func (done, address, g_str_equal, NULL))
      continue;
    g_ptr_array_add (done, (gpointer) address);
    if (!mf_session_set_password_for_address (fresh, address, password, NULL, notes))
      all = FALSE;
  }
  return all;
}

gint
mf_cli_cmd_apply (MfCliOptions *opts, gchar **args)
{
  gint status = MF_EXIT_OK;
  g_autoptr(MfSession) session = NULL;
  g_autoptr(MfPlan) plan = NULL;
  g_autoptr(GPtrArray) backups = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(gchar) password = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) failures = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  /* over several homes, one that cannot be changed holds no other back */
  gboolean each_home = opts->all_users || (opts->homes != NULL && g_strv_length (opts->homes) > 1);
  gint failed_status = MF_EXIT_OK;
  gboolean applied = FALSE;
  gboolean stored = TRUE;
  gboolean storing;
  gboolean rotate;

  /* a setup package has no one to ask and reads the report */
  if (opts->unattended)
    opts->yes = opts->json = TRUE;
  session = mf_cli_scan (opts, "apply", &status);

  if (session == NULL || !mf_cli_select_provider (opts, session, "apply", &status))
    return status;
  plan = make_plan (opts, session, "apply", &status);
  if (plan == NULL)
    return status;
  accounts = plan_accounts (plan);
  /* a provider's new password is for all its accounts, also those whose
   * settings are already right */
  for (guint i = 0; opts->provider != NULL && opts->accounts[i] != NULL; i++) {
    MfAccount *account = mf_session_find_account (session, opts->accounts[i]);
    if (!g_ptr_array_find (accounts, account, NULL))
      g_ptr_array_add (accounts, account);
  }
  rotate = opts->provider != NULL && accounts->len > 0 && (opts->password_stdin || opts->password_fd >= 0);

  if (!opts->json)
    mf_cli_print_plan (plan, opts->verbose || opts->dry_run);
  /* the new settings must log in before anything is written */
  if ((!mf_plan_is_empty (plan) || rotate) && !opts->dry_run && !opts->no_verify) {
    if (opts->password_fd < 0 && !opts->password_stdin && (opts->json || !isatty (STDIN_FILENO))) {
      g_set_error_literal (&error, MF_ERROR, MF_ERROR_INVALID_ARGUMENT,
                           _("apply first logs in to the new servers with the password: give it with --password-stdin or --password-fd, or add --no-verify"));
      return mf_cli_fail (opts, "apply", error);
    }
    password = mf_cli_read_password (opts, &error);
    if (password == NULL)
      return mf_cli_fail (opts, "apply", error);
    for (guint i = 0; i < accounts->len; i++) {
      if (!mf_session_check_password (session, g_ptr_array_index (accounts, i), password, &error))
        return mf_cli_fail (opts, "apply", error);
    }
    if (!mf_cli_verify_accounts (opts, session, accounts, password, NULL)) {
      g_set_error_literal (&error, MF_ERROR, MF_ERROR_FAILED,
                           _("the new settings did not log in (see above); nothing was changed"));
      mf_cli_fail (opts, "apply", error);
      return MF_EXIT_REFUSED;
    }
  }
  if (!mf_plan_is_empty (plan) && !opts->dry_run) {
    if (!opts->yes) {
      if (opts->json || !isatty (STDIN_FILENO)) {
        g_set_error_literal (&error, MF_ERROR, MF_ERROR_INVALID_ARGUMENT,
                             _("mailfix asks before it writes, but there is no terminal to ask on; add --yes"));
        return mf_cli_fail (opts, "apply", error);
      }
      if (!confirm (_("Apply these changes?"))) {
        g_print ("%s\n", _("Nothing was changed."));
        return MF_EXIT_DECLINED;
      }
    }
    if (each_home) {
      if (!mf_session_apply_each_home (session, plan, backups, failures, &error)) {
        failed_status = status_for_error (error);
        if (backups->len == 0) {
          mf_cli_fail (opts, "apply", error);
          return failed_status;
        }
        for (guint i = 0; !opts->json && i < failures->len; i++)
          g_printerr ("mailfix apply: %s\n", ((GError *) g_ptr_array_index (failures, i))->message);
      }
    } else if (!mf_session_apply (session, plan, backups, &error)) {
      mf_cli_fail (opts, "apply", error);
      return status_for_error (error);
    }
    applied = TRUE;
    for (guint i = 0; i < mf_session_get_apply_notes (session)->len; i++)
      g_ptr_array_add (notes, g_strdup (g_ptr_array_index (mf_session_get_apply_notes (session), i)));
  }
  /* only after a write, or for a provider's new password alone */
  storing = password != NULL && (applied || rotate) && !opts->dry_run;
  if (storing)
    stored = store_password (opts, accounts, password, notes);
  if (opts->json) {
    JsonBuilder *b = mf_cli_json_begin ("apply");
    mf_cli_json_add_plan (b, plan);
    json_builder_set_member_name (b, "dry_run");
    json_builder_add_boolean_value (b, opts->dry_run);
    json_builder_set_member_name (b, "applied");
    json_builder_add_boolean_value (b, applied);
    json_builder_set_member_name (b, "backups");
    json_builder_begin_array (b);
    for (guint i = 0; i < backups->len; i++)
      json_builder_add_string_value (b, g_ptr_array_index (backups, i));
    json_builder_end_array (b);
    json_builder_set_member_name (b, "notes");
    json_builder_begin_array (b);
    for (guint i = 0; i < notes->len; i++)
      json_builder_add_string_value (b, g_ptr_array_index (notes, i));
    json_builder_end_array (b);
    mf_cli_json_add_errors (b, "failures", failures);
    if (opts->provider != NULL) {
      json_builder_set_member_name (b, "provider");
      json_builder_add_string_value (b, opts->provider);
      json_builder_set_member_name (b, "accounts");
      json_builder_begin_array (b);
      for (guint i = 0; opts->accounts[i] != NULL; i++)
        json_builder_add_string_value (b, opts->accounts[i]);
      json_builder_end_array (b);
    }
    json_builder_set_member_name (b, "password_stored");
    if (storing)
      json_builder_add_boolean_value (b, stored);
    else
      json_builder_add_null_value (b);
    mf_cli_json_add_problems (b, mf_session_get_problems (session));
    mf_cli_json_end (b);
  } else if (applied) {
    g_autofree gchar *where = mf_cli_where_options (opts);
    g_print ("%s\n", _("The changes were made."));
    for (guint i = 0; i < notes->len; i++)
      g_print ("%s\n", (const gchar *) g_ptr_array_index (notes, i));
    for (guint i = 0; i < backups->len; i++) {
      g_autofree gchar *command = g_strdup_printf ("mailfix rollback%s %s", where,
                                                   (const gchar *) g_ptr_array_index (backups, i));
      g_print (_("Backup %s: \"%s\" puts the old files back."),
               (const gchar *) g_ptr_array_index (backups, i), command);
      g_print ("\n");
    }
  } else if (opts->dry_run && !mf_plan_is_empty (plan)) {
    g_print ("%s\n", _("Dry run: nothing was written."));
  }
  if (failed_status != MF_EXIT_OK)
    return failed_status;
  if (mf_plan_get_skipped (plan)->len > 0 || (opts->dry_run && !mf_plan_is_empty (plan)) || !stored)
    return MF_EXIT_FINDINGS;
  return MF_EXIT_OK;
}

gint
mf_cli_cmd_rollback (MfCliOptions *opts, gchar **args)
{
  gint status = MF_EXIT_OK;
  g_autoptr(MfSession) session = mf_cli_scan (opts, "rollback", &status);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) backups = NULL;
  const gchar *id = args != NULL ? args[0] : NULL;

  if (session == NULL)
    return status;
  if (id == NULL) {
    backups = mf_session_list_backups (session, &error);
    if (backups == NULL)
      return mf_cli_fail (opts, "rollback", error);
    if (opts->json) {
      JsonBuilder *b = mf_cli_json_begin ("rollback");
      json_builder_set_member_name (b, "backups");
      json_builder_begin_array (b);
      for (guint i = 0; i < backups->len; i++)
        mf_cli_json_add_backup (b, g_ptr_array_index (backups, i));
      json_builder_end_array (b);
      mf_cli_json_end (b);
    } else if (backups->len == 0) {
      g_print ("%s\n", _("There are no backups."));
    } else {
      for (guint i = 0; i < backups->len; i++)
        mf_cli_print_backup (g_ptr_array_index (backups, i));
      g_print ("%s\n", _("Run \"mailfix rollback BACKUP-ID\" to put back the files of one."));
    }
    return MF_EXIT_OK;
  }
  if (!opts->yes) {
    g_autofree gchar *question = g_strdup_printf (_("Put back the files of backup %s?"), id);
    if (opts->json || !isatty (STDIN_FILENO)) {
      g_set_error_literal (&error, MF_ERROR, MF_ERROR_INVALID_ARGUMENT,
                           _("mailfix asks before it writes, but there is no terminal to ask on; add --yes"));
      return mf_cli_fail (opts, "rollback", error);
    }
    if (!confirm (question)) {
      g_print ("%s\n", _("Nothing was changed."));
      return MF_EXIT_DECLINED;
    }
  }
  if (!mf_session_rollback (session, id, opts->force, &error)) {
    mf_cli_fail (opts, "rollback", error);
    return status_for_error (error);
  }
  if (opts->json) {
    JsonBuilder *b = mf_cli_json_begin ("rollback");
    json_builder_set_member_name (b, "restored");
    json_builder_add_string_value (b, id);
    mf_cli_json_end (b);
  } else {
    g_print (_("The files of backup %s were put back."), id);
    g_print ("\n");
  }
  return MF_EXIT_OK;
}

/* every problem of each file, as an ISP fixing its file wants them */
static gint
validate_provider_files (MfCliOptions *opts, gchar **args)
{
  g_autoptr(JsonBuilder) b = NULL;
  gboolean all_good = TRUE;

  if (args == NULL || args[0] == NULL) {
    g_autoptr(GError) error = g_error_new_literal (MF_ERROR, MF_ERROR_INVALID_ARGUMENT,
                                                   _("--validate needs the provider files to check"));
    return mf_cli_fail (opts, "providers", error);
  }
  if (opts->json) {
    b = mf_cli_json_begin ("providers");
    json_builder_set_member_name (b, "files");
    json_builder_begin_array (b);
  }
  for (guint i = 0; args[i] != NULL; i++) {
    g_autoptr(GPtrArray) problems = mf_provider_validate_file (args[i]);
    g_autofree gchar *display = g_filename_display_name (args[i]);

    all_good = all_good && problems->len == 0;
    if (b != NULL) {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "path");
      json_builder_add_string_value (b, display);
      json_builder_set_member_name (b, "valid");
      json_builder_add_boolean_value (b, problems->len == 0);
      json_builder_set_member_name (b, "problems");
      json_builder_begin_array (b);
      for (guint j = 0; j < problems->len; j++)
        json_builder_add_string_value (b, g_ptr_array_index (problems, j));
      json_builder_end_array (b);
      json_builder_end_object (b);
      continue;
    }
    if (problems->len == 0)
      g_print (_("%s: good"), display);
    for (guint j = 0; j < problems->len; j++)
      g_print ("%s%s", j > 0 ? "\n" : "", (const gchar *) g_ptr_array_index (problems, j));
    g_print ("\n");
  }
  if (b != NULL) {
    json_builder_end_array (b);
    mf_cli_json_end (g_steal_pointer (&b));
  }
  return all_good ? MF_EXIT_OK : MF_EXIT_FINDINGS;
}

gint
mf_cli_cmd_providers (MfCliOptions *opts, gchar **args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MfProviderDb) db = NULL;
  GPtrArray *providers;

  if (opts->validate)
    return validate_provider_files (opts, args);
  db = mf_cli_load_providers (opts, &error);
  if (db == NULL)
    return mf_cli_fail (opts, "providers", error);
  providers = mf_provider_db_get_providers (db);
  if (opts->json) {
    JsonBuilder *b = mf_cli_json_begin ("providers");
    json_builder_set_member_name (b, "providers");
    json_builder_begin_array (b);
    for (guint i = 0; i < providers->len; i++)
      mf_cli_json_add_provider (b, g_ptr_array_index (providers, i));
    json_builder_end_array (b);
    mf_cli_json_end (b);
  } else {
    for (guint i = 0; i < providers->len; i++)
      mf_cli_print_provider (g_ptr_array_index (providers, i));
  }
  return MF_EXIT_OK;
}
