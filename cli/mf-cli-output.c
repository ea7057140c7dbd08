/* mf-cli-output.c: everything mailfix prints, as text or as JSON */
#include "config.h"

#include <stdio.h>

#include "mf-cli.h"

/* ---- JSON: the shape is documented in mailfix(1) and stays stable ---- */

JsonBuilder *
mf_cli_json_begin (const gchar *command)
{
  JsonBuilder *b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, 1);
  json_builder_set_member_name (b, "command");
  json_builder_add_string_value (b, command);
  return b;
}

void
mf_cli_json_end (JsonBuilder *b)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree gchar *text = NULL;
  gsize len = 0;

  json_builder_end_object (b);
  root = json_builder_get_root (b);
  /* the builder's tree is no longer needed: with thousands of homes it is
   * as large as the text made from it */
  g_object_unref (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  text = json_generator_to_data (gen, &len);
  g_clear_pointer (&root, json_node_unref);
  /* straight out: g_print() would format a copy of the whole document */
  fwrite (text, 1, len, stdout);
  fputc ('\n', stdout);
  fflush (stdout);
}

static void
add_string_or_null (JsonBuilder *b, const gchar *member, const gchar *value)
{
  json_builder_set_member_name (b, member);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

void
mf_cli_json_add_server (JsonBuilder *b, const gchar *member, MfServer *server)
{
  json_builder_set_member_name (b, member);
  if (server == NULL) {
    json_builder_add_null_value (b);
    return;
  }
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "protocol");
  json_builder_add_string_value (b, mf_protocol_to_string (mf_server_get_protocol (server)));
  add_string_or_null (b, "host", mf_server_get_host (server));
  json_builder_set_member_name (b, "port");
  json_builder_add_int_value (b, mf_server_get_port (server));
  json_builder_set_member_name (b, "security");
  json_builder_add_string_value (b, mf_security_to_string (mf_server_get_security (server)));
  json_builder_set_member_name (b, "auth");
  json_builder_add_string_value (b, mf_auth_to_string (mf_server_get_auth (server)));
  add_string_or_null (b, "username", mf_server_get_username (server));
  json_builder_end_object (b);
}

static void
add_notes (JsonBuilder *b, GPtrArray *notes)
{
  json_builder_set_member_name (b, "notes");
  json_builder_begin_array (b);
  for (guint i = 0; i < notes->len; i++)
    json_builder_add_string_value (b, g_ptr_array_index (notes, i));
  json_builder_end_array (b);
}

void
mf_cli_json_add_account (JsonBuilder *b, MfSession *session, MfDiagnosis *diagnosis)
{
  MfAccount *account = mf_diagnosis_get_account (diagnosis);
  MfProvider *provider = mf_diagnosis_get_provider (diagnosis);
  MfRemedy *remedy = mf_diagnosis_get_remedy (diagnosis);
  GPtrArray *identities = mf_account_get_identities (account);
  GPtrArray *findings = mf_diagnosis_get_findings (diagnosis);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, mf_account_get_id (account));
  json_builder_set_member_name (b, "store");
  json_builder_add_string_value (b, mf_account_get_store (account));
  json_builder_set_member_name (b, "profile");
  json_builder_add_string_value (b, mf_profile_get_path (mf_account_get_profile (account)));
  add_string_or_null (b, "name", mf_account_get_name (account));
  json_builder_set_member_name (b, "kind");
  json_builder_add_string_value (b, mf_account_kind_to_string (mf_account_get_kind (account)));
  add_string_or_null (b, "address", mf_account_get_address (account));
  add_string_or_null (b, "provider", provider != NULL ? mf_provider_get_id (provider) : NULL);
  json_builder_set_member_name (b, "identities");
  json_builder_begin_array (b);
  for (guint i = 0; i < identities->len; i++) {
    MfIdentity *identity = g_ptr_array_index (identities, i);
    json_builder_begin_object (b);
    add_string_or_null (b, "name", mf_identity_get_name (identity));
    add_string_or_null (b, "address", mf_identity_get_address (identity));
    json_builder_end_object (b);
  }
  json_builder_end_array (b);
  mf_cli_json_add_server (b, "incoming", mf_account_get_incoming (account));
  mf_cli_json_add_server (b, "outgoing", mf_account_get_outgoing (account));
  json_builder_set_member_name (b, "findings");
  json_builder_begin_array (b);
  for (guint i = 0; i < findings->len; i++) {
    MfFinding *finding = g_ptr_array_index (findings, i);
    json_builder_begin_object (b);
    json_builder_set_member_name (b, "code");
    json_builder_add_string_value (b, mf_finding_get_code_string (finding));
    json_builder_set_member_name (b, "severity");
    json_builder_add_string_value (b, mf_severity_to_string (mf_finding_get_severity (finding)));
    json_builder_set_member_name (b, "role");
    json_builder_add_string_value (b, mf_finding_get_role (finding));
    json_builder_set_member_name (b, "message");
    json_builder_add_string_value (b, mf_finding_get_message (finding));
    json_builder_set_member_name (b, "message_en");
    json_builder_add_string_value (b, mf_finding_get_message_en (finding));
    json_builder_set_member_name (b, "fix");
    json_builder_add_string_value (b, mf_finding_get_fix (finding));
    json_builder_set_member_name (b, "fix_en");
    json_builder_add_string_value (b, mf_finding_get_fix_en (finding));
    json_builder_end_object (b);
  }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "remedy");
  if (remedy == NULL) {
    json_builder_add_null_value (b);
  } else {
    json_builder_begin_object (b);
    json_builder_set_member_name (b, "confirmed");
    json_builder_add_boolean_value (b, mf_remedy_get_confirmed (remedy));
    json_builder_set_member_name (b, "converts_to_imap");
    json_builder_add_boolean_value (b, mf_remedy_get_converts_to_imap (remedy));
    mf_cli_json_add_server (b, "incoming", mf_remedy_get_incoming (remedy));
    mf_cli_json_add_server (b, "outgoing", mf_remedy_get_outgoing (remedy));
    add_notes (b, mf_remedy_get_notes (remedy));
    json_builder_end_object (b);
  }
  json_builder_end_object (b);
}

static void
add_error_object (JsonBuilder *b, const GError *error)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "code");
  json_builder_add_string_value (b, error->domain == MF_ERROR ? mf_error_to_string (error->code) : "failed");
  json_builder_set_member_name (b, "message");
  json_builder_add_string_value (b, error->message);
  json_builder_end_object (b);
}

void
mf_cli_json_add_errors (JsonBuilder *b, const gchar *member, GPtrArray *errors)
{
  json_builder_set_member_name (b, member);
  json_builder_begin_array (b);
  for (guint i = 0; i < errors->len; i++)
    add_error_object (b, g_ptr_array_index (errors, i));
  json_builder_end_array (b);
}

void
mf_cli_json_add_problems (JsonBuilder *b, GPtrArray *problems)
{
  mf_cli_json_add_errors (b, "problems", problems);
}

void
mf_cli_json_add_plan (JsonBuilder *b, MfPlan *plan)
{
  GPtrArray *remedies = mf_plan_get_remedies (plan);
  GPtrArray *edits = mf_plan_get_edits (plan);
  GPtrArray *skipped = mf_plan_get_skipped (plan);
  GPtrArray *files = mf_plan_get_files (plan);

  json_builder_set_member_name (b, "changes");
  json_builder_begin_array (b);
  for (guint i = 0; i < remedies->len; i++) {
    MfRemedy *remedy = g_ptr_array_index (remedies, i);
    const gchar *id = mf_account_get_id (mf_remedy_get_account (remedy));
    json_builder_begin_object (b);
    json_builder_set_member_name (b, "account");
    json_builder_add_string_value (b, id);
    json_builder_set_member_name (b, "confirmed");
    json_builder_add_boolean_value (b, mf_remedy_get_confirmed (remedy));
    json_builder_set_member_name (b, "converts_to_imap");
    json_builder_add_boolean_value (b, mf_remedy_get_converts_to_imap (remedy));
    mf_cli_json_add_server (b, "incoming", mf_remedy_get_incoming (remedy));
    mf_cli_json_add_server (b, "outgoing", mf_remedy_get_outgoing (remedy));
    add_notes (b, mf_remedy_get_notes (remedy));
    json_builder_set_member_name (b, "edits");
    json_builder_begin_array (b);
    for (guint j = 0; j < edits->len; j++) {
      MfEdit *edit = g_ptr_array_index (edits, j);
      if (g_strcmp0 (mf_edit_get_account_id (edit), id) != 0)
        continue;
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "path");
      json_builder_add_string_value (b, mf_edit_get_path (edit));
      json_builder_set_member_name (b, "key");
      json_builder_add_string_value (b, mf_edit_get_key (edit));
      add_string_or_null (b, "old", mf_edit_get_old_value (edit));
      add_string_or_null (b, "new", mf_edit_get_new_value (edit));
      json_builder_end_object (b);
    }
    json_builder_end_array (b);
    json_builder_end_object (b);
  }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "skipped");
  json_builder_begin_array (b);
  for (guint i = 0; i < skipped->len; i++) {
    MfRemedy *remedy = g_ptr_array_index (skipped, i);
    json_builder_begin_object (b);
    json_builder_set_member_name (b, "account");
    json_builder_add_string_value (b, mf_account_get_id (mf_remedy_get_account (remedy)));
    json_builder_set_member_name (b, "reason");
    json_builder_add_string_value (b, mf_plan_get_skip_reason (plan, remedy));
    json_builder_end_object (b);
  }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "files");
  json_builder_begin_array (b);
  for (guint i = 0; i < files->len; i++) {
    MfPlanFile *file = g_ptr_array_index (files, i);
    g_autofree gchar *diff = mf_plan_file_get_diff (file);
    json_builder_begin_object (b);
    json_builder_set_member_name (b, "path");
    json_builder_add_string_value (b, mf_plan_file_get_path (file));
    json_builder_set_member_name (b, "diff");
    json_builder_add_string_value (b, diff);
    json_builder_end_object (b);
  }
  json_builder_end_array (b);
}

void
mf_cli_json_add_backup (JsonBuilder *b, MfBackup *backup)
{
  GPtrArray *paths = mf_backup_get_paths (backup);
  g_autofree gchar *created = g_date_time_format_iso8601 (mf_backup_get_created (backup));

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, mf_backup_get_id (backup));
  json_builder_set_member_name (b, "state");
  json_builder_add_string_value (b, mf_backup_get_state (backup));
  json_builder_set_member_name (b, "created");
  json_builder_add_string_value (b, created);
  json_builder_set_member_name (b, "dir");
  json_builder_add_string_value (b, mf_backup_get_dir (backup));
  json_builder_set_member_name (b, "files");
  json_builder_begin_array (b);
  for (guint i = 0; i < paths->len; i++)
    json_builder_add_string_value (b, g_ptr_array_index (paths, i));
  json_builder_end_array (b);
  json_builder_end_object (b);
}

static void
add_provider_servers (JsonBuilder *b, const gchar *member, GPtrArray *servers)
{
  json_builder_set_member_name (b, member);
  json_builder_begin_array (b);
  for (guint i = 0; i < servers->len; i++) {
    const MfProviderServer *s = g_ptr_array_index (servers, i);
    json_builder_begin_object (b);
    json_builder_set_member_name (b, "protocol");
    json_builder_add_string_value (b, mf_protocol_to_string (mf_provider_server_get_protocol (s)));
    json_builder_set_member_name (b, "host");
    json_builder_add_string_value (b, mf_provider_server_get_hostname (s));
    json_builder_set_member_name (b, "port");
    json_builder_add_int_value (b, mf_provider_server_get_port (s));
    json_builder_set_member_name (b, "security");
    json_builder_add_string_value (b, mf_security_to_string (mf_provider_server_get_security (s)));
    json_builder_set_member_name (b, "confirmed");
    json_builder_add_boolean_value (b, mf_provider_server_get_confidence (s) != MF_CONFIDENCE_LOW);
    json_builder_set_member_name (b, "host_confirmed");
    json_builder_add_boolean_value (b, mf_provider_server_get_hostname_confidence (s) != MF_CONFIDENCE_LOW);
    json_builder_end_object (b);
  }
  json_builder_end_array (b);
}

void
mf_cli_json_add_provider (JsonBuilder *b, MfProvider *provider)
{
  GPtrArray *domains = mf_provider_get_domains (provider);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, mf_provider_get_id (provider));
  add_string_or_null (b, "name", mf_provider_get_display_name (provider));
  json_builder_set_member_name (b, "domains");
  json_builder_begin_array (b);
  for (guint i = 0; i < domains->len; i++)
    json_builder_add_string_value (b, g_ptr_array_index (domains, i));
  json_builder_end_array (b);
  add_provider_servers (b, "incoming", mf_provider_get_incoming (provider));
  add_provider_servers (b, "outgoing", mf_provider_get_outgoing (provider));
  add_string_or_null (b, "file", mf_provider_get_filename (provider));
  json_builder_set_member_name (b, "origin");
  json_builder_add_string_value (b, mf_provider_origin_to_string (mf_provider_get_origin (provider)));
  add_string_or_null (b, "origin_url", mf_provider_get_origin_url (provider));
  json_builder_set_member_name (b, "confidence");
  json_builder_add_string_value (b, mf_confidence_to_string (mf_provider_get_confidence (provider)));
  json_builder_end_object (b);
}

gint
mf_cli_fail (MfCliOptions *opts, const gchar *command, const GError *error)
{
  if (opts->json) {
    JsonBuilder *b = mf_cli_json_begin (command);
    json_builder_set_member_name (b, "error");
    add_error_object (b, error);
    mf_cli_json_end (b);
  } else {
    g_printerr ("mailfix %s: %s\n", command, error->message);
  }
  return g_error_matches (error, MF_ERROR, MF_ERROR_BUSY) ? MF_EXIT_BUSY : MF_EXIT_ERROR;
}

/* on stderr, so that --json output stays one document */
void
mf_cli_warn (const gchar *message)
{
  g_printerr (_("mailfix: warning: %s"), message);
  g_printerr ("\n");
}

/* ---- text ---- */

/* labels line up by the columns they take on screen, not by bytes: a
 * Japanese character takes two columns */
#define LABEL_COLUMNS 14

static guint
display_width (const gchar *text)
{
  guint width = 0;

  for (const gchar *p = text; *p != '\0'; p = g_utf8_next_char (p)) {
    gunichar c = g_utf8_get_char (p);
    if (g_unichar_iszerowidth (c))
      continue;
    width += g_unichar_iswide (c) ? 2 : 1;
  }
  return width;
}

static void
print_field (const gchar *label, const gchar *value)
{
  guint width = display_width (label);

  g_print ("  %s%*s %s\n", label, width < LABEL_COLUMNS ? (int) (LABEL_COLUMNS - width) : 0, "", value);
}

static const gchar *
security_label (MfSecurity security)
{
  switch (security) {
  case MF_SECURITY_TLS:      return _("SSL/TLS");
  case MF_SECURITY_STARTTLS: return _("STARTTLS");
  default:                   return _("no encryption");
  }
}

static const gchar *
auth_label (MfAuth auth)
{
  switch (auth) {
  case MF_AUTH_NONE:               return _("no sign-in");
  case MF_AUTH_PASSWORD:           return _("normal password");
  case MF_AUTH_PASSWORD_ENCRYPTED: return _("encrypted password");
  case MF_AUTH_OAUTH2:             return _("OAuth2");
  case MF_AUTH_GSSAPI:             return _("Kerberos");
  case MF_AUTH_NTLM:               return _("NTLM");
  case MF_AUTH_EXTERNAL:           return _("TLS certificate");
  case MF_AUTH_ANY:                return _("any method");
  default:                         return _("unknown");
  }
}

gchar *
mf_cli_describe_server (MfServer *server)
{
  const gchar *user = mf_server_get_username (server);
  g_autofree gchar *protocol = g_ascii_strup (mf_protocol_to_string (mf_server_get_protocol (server)), -1);

  return g_strdup_printf ("%s %s:%u, %s, %s%s%s",
                          protocol,
                          mf_server_get_host (server) != NULL ? mf_server_get_host (server) : "?",
                          mf_server_get_port (server),
                          security_label (mf_server_get_security (server)),
                          auth_label (mf_server_get_auth (server)),
                          user != NULL ? ", " : "", user != NULL ? user : "");
}

static const gchar *
kind_label (MfAccountKind kind)
{
  switch (kind) {
  case MF_ACCOUNT_KIND_OAUTH2:  return _("signs in with OAuth2; left as it is");
  case MF_ACCOUNT_KIND_ARCHIVE: return _("kept for its old mail only; left as it is");
  case MF_ACCOUNT_KIND_OTHER:   return _("not a POP3 or IMAP account mailfix repairs; left as it is");
  default:                      return NULL;
  }
}

static const gchar *
severity_mark (MfSeverity severity)
{
  switch (severity) {
  case MF_SEVERITY_ERROR:   return _("error");
  case MF_SEVERITY_WARNING: return _("warning");
  default:                  return _("note");
  }
}

void
mf_cli_print_account (MfDiagnosis *diagnosis)
{
  MfAccount *account = mf_diagnosis_get_account (diagnosis);
  MfProvider *provider = mf_diagnosis_get_provider (diagnosis);
  MfRemedy *remedy = mf_diagnosis_get_remedy (diagnosis);
  GPtrArray *findings = mf_diagnosis_get_findings (diagnosis);
  const gchar *kind = kind_label (mf_account_get_kind (account));

  g_print ("%s  %s\n", mf_account_get_id (account), mf_account_get_name (account) != NULL ? mf_account_get_name (account) : "");
  print_field (_("profile:"), mf_profile_get_path (mf_account_get_profile (account)));
  if (mf_account_get_address (account) != NULL)
    print_field (_("address:"), mf_account_get_address (account));
  if (provider != NULL)
    print_field (_("provider:"), mf_provider_get_display_name (provider));
  if (provider != NULL && mf_provider_get_origin (provider) != MF_PROVIDER_ORIGIN_FILE)
    print_field (_("found at:"), mf_provider_get_origin_url (provider));
  if (mf_account_get_incoming (account) != NULL) {
    g_autofree gchar *desc = mf_cli_describe_server (mf_account_get_incoming (account));
    print_field (_("incoming:"), desc);
  }
  if (mf_account_get_outgoing (account) != NULL) {
    g_autofree gchar *desc = mf_cli_describe_server (mf_account_get_outgoing (account));
    print_field (_("outgoing:"), desc);
  }
  if (kind != NULL)
    g_print ("  %s\n", kind);
  else if (findings->len == 0)
    g_print ("  %s\n", _("Nothing to fix."));
  for (guint i = 0; i < findings->len; i++) {
    MfFinding *finding = g_ptr_array_index (findings, i);
    g_print ("  [%s] %s: %s\n", severity_mark (mf_finding_get_severity (finding)),
             mf_finding_get_code_string (finding), mf_finding_get_message (finding));
    g_print ("      %s %s\n", _("fix:"), mf_finding_get_fix (finding));
  }
  if (remedy != NULL && !mf_remedy_get_confirmed (remedy))
    g_print ("  %s\n", _("The fix is unconfirmed: it is applied only with --accept-unconfirmed."));
  g_print ("\n");
}

void
mf_cli_print_problems (GPtrArray *problems)
{
  for (guint i = 0; i < problems->len; i++) {
    const GError *error = g_ptr_array_index (problems, i);
    /* each message says what it concerns: a profile not read (its
     * accounts are not listed), or a change that was cut short */
    g_printerr (_("mailfix: %s"), error->message);
    g_printerr ("\n");
  }
}

static void
print_change (MfPlan *plan, MfRemedy *remedy)
{
  MfAccount *account = mf_remedy_get_account (remedy);
  GPtrArray *notes = mf_remedy_get_notes (remedy);

  g_print ("%s  %s\n", mf_account_get_id (account), mf_account_get_name (account) != NULL ? mf_account_get_name (account) : "");
  if (mf_remedy_get_incoming (remedy) != NULL) {
    g_autofree gchar *from = mf_cli_describe_server (mf_account_get_incoming (account));
    g_autofree gchar *to = mf_cli_describe_server (mf_remedy_get_incoming (remedy));
    g_autofree gchar *arrow = g_strconcat ("-> ", to, NULL);
    print_field (_("incoming:"), from);
    print_field ("", arrow);
    if (mf_remedy_get_converts_to_imap (remedy))
      g_print ("  %s\n", _("A new IMAP account is added; the POP3 account stays, switched off, with all its mail."));
  }
  if (mf_remedy_get_outgoing (remedy) != NULL) {
    g_autofree gchar *from = mf_cli_describe_server (mf_account_get_outgoing (account));
    g_autofree gchar *to = mf_cli_describe_server (mf_remedy_get_outgoing (remedy));
    g_autofree gchar *arrow = g_strconcat ("-> ", to, NULL);
    print_field (_("outgoing:"), from);
    print_field ("", arrow);
  }
  for (guint i = 0; i < notes->len; i++)
    g_print ("  %s %s\n", _("note:"), (const gchar *) g_ptr_array_index (notes, i));
  g_print ("\n");
}

void
mf_cli_print_plan (MfPlan *plan, gboolean with_diff)
{
  GPtrArray *remedies = mf_plan_get_remedies (plan);
  GPtrArray *skipped = mf_plan_get_skipped (plan);

  if (mf_plan_is_empty (plan) && skipped->len == 0) {
    g_print ("%s\n", _("Nothing to change: every account is already set up correctly."));
    return;
  }
  for (guint i = 0; i < remedies->len; i++)
    print_change (plan, g_ptr_array_index (remedies, i));
  for (guint i = 0; i < skipped->len; i++) {
    MfRemedy *remedy = g_ptr_array_index (skipped, i);
    g_print (_("Left out, %s:"), mf_plan_get_skip_reason (plan, remedy));
    g_print ("\n");
    print_change (plan, remedy);
  }
  if (skipped->len > 0)
    g_print ("%s\n", _("Once you know the provider's settings are right, --accept-unconfirmed makes the changes left out."));
  if (with_diff && !mf_plan_is_empty (plan)) {
    g_autofree gchar *diff = mf_plan_to_diff (plan);
    g_print ("%s", diff);
  }
}

void
mf_cli_print_backup (MfBackup *backup)
{
  g_autofree gchar *created = g_date_time_format (mf_backup_get_created (backup), "%Y-%m-%d %H:%M:%S");
  GPtrArray *paths = mf_backup_get_paths (backup);

  g_print ("%s  %s  %s\n", mf_backup_get_id (backup), created, mf_backup_get_state (backup));
  for (guint i = 0; i < paths->len; i++)
    g_print ("    %s\n", (const gchar *) g_ptr_array_index (paths, i));
}

void
mf_cli_print_provider (MfProvider *provider)
{
  GPtrArray *domains = mf_provider_get_domains (provider);
  GPtrArray *in = mf_provider_get_incoming (provider);
  GPtrArray *out = mf_provider_get_outgoing (provider);

  g_print ("%s  %s\n", mf_provider_get_id (provider), mf_provider_get_display_name (provider));
  if (mf_provider_get_origin (provider) != MF_PROVIDER_ORIGIN_FILE) {
    print_field (_("found by:"), mf_provider_origin_describe (mf_provider_get_origin (provider)));
    print_field (_("found at:"), mf_provider_get_origin_url (provider));
    print_field (_("confidence:"), mf_provider_get_confidence (provider) == MF_CONFIDENCE_LOW
                 ? _("low: a hint only; mailfix uses it only with --accept-unconfirmed")
                 : _("medium: not a provider file; mailfix uses it and says to check it"));
  }
  g_ptr_array_add (domains, NULL);
  {
    g_autofree gchar *list = g_strjoinv (" ", (gchar **) domains->pdata);
    g_ptr_array_remove_index (domains, domains->len - 1);
    print_field (_("domains:"), list);
  }
  for (guint i = 0; i < in->len + out->len; i++) {
    const MfProviderServer *s = i < in->len ? g_ptr_array_index (in, i) : g_ptr_array_index (out, i - in->len);
    g_autofree gchar *value = g_strdup_printf ("%s %s:%u %s%s",
             mf_protocol_to_string (mf_provider_server_get_protocol (s)),
             mf_provider_server_get_hostname (s), mf_provider_server_get_port (s),
             security_label (mf_provider_server_get_security (s)),
             mf_provider_server_get_confidence (s) == MF_CONFIDENCE_LOW ||
             mf_provider_server_get_hostname_confidence (s) == MF_CONFIDENCE_LOW ? _(" (unconfirmed)") : "");
    print_field (i < in->len ? _("incoming:") : _("outgoing:"), value);
  }
  g_print ("\n");
}
