/* test-export.c: a provider's settings exported for other mail programs.
 * Every format is read back by a real reader of that format: xmllint with
 * the provider schema and mailfix's provider loader (autoconfig), Python's
 * plistlib (mobileconfig), GLib's key-file reader and the Outlook store
 * (PRF), hivexregedit, hivexget and the Outlook store (.reg). The command
 * is run as users run it. */
#include "config.h"

#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "mailfix.h"
#include "mf-reg.h"
#include "mf-test-hive.h"
#include "mf-test-utils.h"

#define DOCOMO_LOGIN "d1234567a"
#define OE_ACCOUNTS "\\Software\\Microsoft\\Internet Account Manager\\Accounts"

static MfProviderDb *db;

static MfProvider *
provider (const gchar *id)
{
  MfProvider *p = mf_provider_db_lookup_id (db, id);

  g_assert_nonnull (p);
  return p;
}

static GBytes *
export (const gchar *id, MfExportFormat format, const gchar *address, const gchar *login)
{
  g_autoptr(GError) error = NULL;
  GBytes *bytes = mf_provider_export (provider (id), format, address, login, &error);

  g_assert_no_error (error);
  g_assert_nonnull (bytes);
  return bytes;
}

/* the export written to dir/name, as a user saves it */
static gchar *
export_file (const gchar *dir, const gchar *name, const gchar *id, MfExportFormat format, const gchar *address,
             const gchar *login)
{
  g_autoptr(GBytes) bytes = export (id, format, address, login);
  g_autoptr(GError) error = NULL;
  gchar *path = g_build_filename (dir, name, NULL);
  gsize len = 0;
  const gchar *data = g_bytes_get_data (bytes, &len);

  g_assert_true (g_file_set_contents (path, data, (gssize) len, &error));
  g_assert_no_error (error);
  return path;
}

static void
assert_export_fails (const gchar *id, MfExportFormat format, const gchar *address, const gchar *login,
                     const gchar *says)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = mf_provider_export (provider (id), format, address, login, &error);

  g_assert_null (bytes);
  g_assert_error (error, MF_ERROR, MF_ERROR_INVALID_ARGUMENT);
  if (strstr (error->message, says) == NULL)
    g_error ("\"%s\" does not say \"%s\"", error->message, says);
}

static void
test_format_names (void)
{
  static const struct {
    const gchar *name;
    MfExportFormat format;
    const gchar *extension;
  } cases[] = {
    { "autoconfig", MF_EXPORT_AUTOCONFIG, "xml" },
    { "mobileconfig", MF_EXPORT_MOBILECONFIG, "mobileconfig" },
    { "prf", MF_EXPORT_PRF, "prf" },
    { "reg", MF_EXPORT_REG, "reg" },
  };
  MfExportFormat format = MF_EXPORT_REG;

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_assert_true (mf_export_format_from_string (cases[i].name, &format));
    g_assert_cmpint (format, ==, cases[i].format);
    g_assert_cmpstr (mf_export_format_get_extension (format), ==, cases[i].extension);
  }
  g_assert_true (mf_export_format_from_string ("PRF", &format));
  g_assert_cmpint (format, ==, MF_EXPORT_PRF);
  g_assert_false (mf_export_format_from_string ("ispdb", &format));
  g_assert_false (mf_export_format_from_string ("", &format));
  g_assert_false (mf_export_format_from_string (NULL, &format));
  g_assert_cmpint (format, ==, MF_EXPORT_PRF);
}

/* ---- autoconfig ---- */

static void
assert_schema_valid (const gchar *path)
{
  g_autofree gchar *xmllint = g_find_program_in_path ("xmllint");
  g_autofree gchar *rng = g_test_build_filename (G_TEST_DIST, "..", "data", "providers.rng", NULL);
  g_autofree gchar *out = NULL;
  g_autofree gchar *err = NULL;
  g_autoptr(GError) error = NULL;
  gint status = 0;
  const gchar *argv[] = { xmllint, "--noout", "--nonet", "--relaxng", rng, path, NULL };

  if (xmllint == NULL) {
    g_test_message ("xmllint is not installed: %s not checked against the schema", path);
    return;
  }
  g_assert_true (g_spawn_sync (NULL, (gchar **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status,
                               &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("xmllint refuses %s: %s", path, err);
}

/* the document loaded by mailfix's provider loader, into a database of its own */
static MfProvider *
load_back (MfProviderDb *back, const gchar *path, const gchar *id)
{
  g_autoptr(GError) error = NULL;
  MfProvider *p;

  g_assert_true (mf_provider_db_load_file (back, path, &error));
  g_assert_no_error (error);
  p = mf_provider_db_lookup_id (back, id);
  g_assert_nonnull (p);
  return p;
}

static void
assert_server (const MfProviderServer *s, MfProtocol protocol, const gchar *host, guint16 port,
               MfSecurity security, const gchar *username)
{
  g_assert_cmpint (mf_provider_server_get_protocol (s), ==, protocol);
  g_assert_cmpstr (mf_provider_server_get_hostname (s), ==, host);
  g_assert_cmpuint (mf_provider_server_get_port (s), ==, port);
  g_assert_cmpint (mf_provider_server_get_security (s), ==, security);
  g_assert_cmpint (mf_provider_server_get_auth (s), ==, MF_AUTH_PASSWORD);
  g_assert_cmpstr (mf_provider_server_get_username_template (s), ==, username);
}

static void
assert_same_servers (GPtrArray *got, GPtrArray *want)
{
  g_assert_cmpuint (got->len, ==, want->len);
  for (guint i = 0; i < want->len; i++) {
    const MfProviderServer *w = g_ptr_array_index (want, i);
    assert_server (g_ptr_array_index (got, i), mf_provider_server_get_protocol (w),
                   mf_provider_server_get_hostname (w), mf_provider_server_get_port (w),
                   mf_provider_server_get_security (w), mf_provider_server_get_username_template (w));
  }
}

static void
assert_domains (MfProvider *p, const gchar * const *expected)
{
  GPtrArray *domains = mf_provider_get_domains (p);

  g_assert_cmpuint (domains->len, ==, g_strv_length ((gchar **) expected));
  for (guint i = 0; i < domains->len; i++)
    g_assert_cmpstr (g_ptr_array_index (domains, i), ==, expected[i]);
}

static void
assert_no_extension (const gchar *path)
{
  g_autofree gchar *text = mf_test_read_file (path, NULL);

  g_assert_true (g_str_has_prefix (text, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<clientConfig version=\"1.1\">"));
  g_assert_null (strstr (text, "urn:mailfix"));
  g_assert_null (strstr (text, "mf:"));
}

static void
test_autoconfig_templates (void)
{
  g_autofree gchar *dir = mf_test_make_tempdir ("export");
  g_autofree gchar *docomo_path = export_file (dir, "docomo.xml", "docomo.ne.jp", MF_EXPORT_AUTOCONFIG, NULL, NULL);
  g_autofree gchar *dream_path = export_file (dir, "dream.xml", "dream.jp", MF_EXPORT_AUTOCONFIG, NULL, NULL);
  g_autofree gchar *text = mf_test_read_file (docomo_path, NULL);
  g_autoptr(MfProviderDb) back = mf_provider_db_new ();
  MfProvider *docomo, *dream;

  assert_schema_valid (docomo_path);
  assert_schema_valid (dream_path);
  assert_no_extension (docomo_path);
  assert_no_extension (dream_path);
  /* what another program shows and links to: names, docomo's page about
   * the IMAP password, and what to ask for the d ACCOUNT ID */
  g_assert_nonnull (strstr (text, "<displayName>ドコモメール (NTT docomo)</displayName>"));
  g_assert_nonnull (strstr (text, "<documentation url=\"https://www.nttdocomo.co.jp/service/docomo_mail/security/index.html\">"));
  g_assert_nonnull (strstr (text, "<inputField key=\"DACCOUNTID\" label=\"dアカウントID\"/>"));

  docomo = load_back (back, docomo_path, "docomo.ne.jp");
  assert_same_servers (mf_provider_get_incoming (docomo), mf_provider_get_incoming (provider ("docomo.ne.jp")));
  assert_same_servers (mf_provider_get_outgoing (docomo), mf_provider_get_outgoing (provider ("docomo.ne.jp")));
  assert_server (g_ptr_array_index (mf_provider_get_incoming (docomo), 0), MF_PROTOCOL_IMAP, "imap.spmode.ne.jp", 993,
                 MF_SECURITY_TLS, "%DACCOUNTID%");
  assert_domains (docomo, (const gchar *[]) { "docomo.ne.jp", NULL });
  g_assert_cmpstr (mf_provider_get_short_name (docomo), ==, "docomo");

  /* the *.dti.ne.jp pattern would be taken literally elsewhere: left out */
  dream = load_back (back, dream_path, "dream.jp");
  assert_same_servers (mf_provider_get_incoming (dream), mf_provider_get_incoming (provider ("dream.jp")));
  assert_same_servers (mf_provider_get_outgoing (dream), mf_provider_get_outgoing (provider ("dream.jp")));
  assert_server (g_ptr_array_index (mf_provider_get_incoming (dream), 0), MF_PROTOCOL_POP3, "pop.%EMAILDOMAIN%", 995,
                 MF_SECURITY_TLS, "%MAILACCOUNT%");
  assert_domains (dream, (const gchar *[]) { "dream.jp", NULL });
  mf_test_rmtree (dir);
}

static void
test_autoconfig_for_address (void)
{
  g_autofree gchar *dir = mf_test_make_tempdir ("export");
  g_autofree gchar *dream_path = export_file (dir, "dream.xml", "dream.jp", MF_EXPORT_AUTOCONFIG,
                                              "taro@abc.dti.ne.jp", "taro01");
  g_autofree gchar *docomo_path = export_file (dir, "docomo.xml", "docomo.ne.jp", MF_EXPORT_AUTOCONFIG,
                                               "hanako@docomo.ne.jp", NULL);
  g_autofree gchar *dream_text = mf_test_read_file (dream_path, NULL);
  g_autoptr(MfProviderDb) back = mf_provider_db_new ();
  MfProvider *dream, *docomo;

  assert_schema_valid (dream_path);
  assert_schema_valid (docomo_path);
  assert_no_extension (dream_path);
  dream = load_back (back, dream_path, "dream.jp");
  /* filled in for the address, which names the domain the pattern covered */
  assert_server (g_ptr_array_index (mf_provider_get_incoming (dream), 0), MF_PROTOCOL_POP3, "pop.abc.dti.ne.jp", 995,
                 MF_SECURITY_TLS, "taro01");
  assert_server (g_ptr_array_index (mf_provider_get_outgoing (dream), 0), MF_PROTOCOL_SMTP, "smtp.abc.dti.ne.jp", 587,
                 MF_SECURITY_STARTTLS, "taro01");
  assert_domains (dream, (const gchar *[]) { "dream.jp", "abc.dti.ne.jp", NULL });
  /* nothing is left to ask for */
  g_assert_null (strstr (dream_text, "inputField"));

  /* without the login, the d ACCOUNT ID stays for the user to fill in */
  docomo = load_back (back, docomo_path, "docomo.ne.jp");
  assert_server (g_ptr_array_index (mf_provider_get_outgoing (docomo), 0), MF_PROTOCOL_SMTP, "smtp.spmode.ne.jp", 465,
                 MF_SECURITY_TLS, "%DACCOUNTID%");
  mf_test_rmtree (dir);
}

/* ---- mobileconfig ---- */

/* plistlib is the reader of record for property lists here; without
 * Python the mobileconfig tests have nothing to read back with */
static gboolean
have_python (void)
{
  g_autofree gchar *python = g_find_program_in_path ("python3");

  if (python == NULL)
    g_test_skip ("python3 is not installed");
  return python != NULL;
}

/* the profile as Python's plistlib reads it, handed over as JSON, which
 * keeps integers, booleans and strings apart */
static JsonObject *
read_plist (JsonParser *parser, const gchar *path)
{
  const gchar *script = "import json, plistlib, sys\n"
                        "with open(sys.argv[1], 'rb') as f:\n"
                        "    print(json.dumps(plistlib.load(f, fmt=plistlib.FMT_XML)))\n";
  const gchar *argv[] = { "python3", "-c", script, path, NULL };
  g_autofree gchar *out = NULL;
  g_autofree gchar *err = NULL;
  g_autoptr(GError) error = NULL;
  gint status = 0;

  g_assert_true (g_spawn_sync (NULL, (gchar **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status,
                               &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("plistlib refuses %s: %s", path, err);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  return json_node_get_object (json_parser_get_root (parser));
}

static void
assert_string (JsonObject *dict, const gchar *key, const gchar *expected)
{
  JsonNode *node = json_object_get_member (dict, key);

  if (node == NULL)
    g_error ("no key %s", key);
  g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_STRING);
  g_assert_cmpstr (json_node_get_string (node), ==, expected);
}

static void
assert_integer (JsonObject *dict, const gchar *key, gint64 expected)
{
  JsonNode *node = json_object_get_member (dict, key);

  if (node == NULL)
    g_error ("no key %s", key);
  g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_INT64);
  g_assert_cmpint (json_node_get_int (node), ==, expected);
}

static void
assert_bool (JsonObject *dict, const gchar *key, gboolean expected)
{
  JsonNode *node = json_object_get_member (dict, key);

  if (node == NULL)
    g_error ("no key %s", key);
  g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_BOOLEAN);
  g_assert_cmpint (json_node_get_boolean (node), ==, expected);
}

/* no password, and no key a device would take as one */
static void
assert_no_password (JsonObject *dict)
{
  g_autoptr(GList) keys = json_object_get_members (dict);

  for (GList *l = keys; l != NULL; l = l->next) {
    if (strstr (l->data, "Password") != NULL)
      g_assert_cmpstr (l->data, ==, "OutgoingPasswordSameAsIncomingPassword");
  }
}

/* the one mail payload, after the outer profile's own keys are checked */
static JsonObject *
mail_payload (JsonObject *profile, const gchar *id_prefix)
{
  JsonArray *content = json_object_get_array_member (profile, "PayloadContent");
  const gchar *id = json_object_get_string_member (profile, "PayloadIdentifier");
  g_autofree gchar *mail_id = g_strconcat (id, ".mail", NULL);
  JsonObject *mail;

  assert_string (profile, "PayloadType", "Configuration");
  assert_integer (profile, "PayloadVersion", 1);
  assert_bool (profile, "PayloadRemovalDisallowed", FALSE);
  g_assert_true (g_str_has_prefix (id, id_prefix));
  g_assert_true (g_uuid_string_is_valid (json_object_get_string_member (profile, "PayloadUUID")));
  assert_no_password (profile);
  g_assert_cmpuint (json_array_get_length (content), ==, 1);
  mail = json_array_get_object_element (content, 0);
  assert_string (mail, "PayloadType", "com.apple.mail.managed");
  assert_integer (mail, "PayloadVersion", 1);
  assert_string (mail, "PayloadIdentifier", mail_id);
  g_assert_true (g_uuid_string_is_valid (json_object_get_string_member (mail, "PayloadUUID")));
  g_assert_cmpstr (json_object_get_string_member (mail, "PayloadUUID"), !=,
                   json_object_get_string_member (profile, "PayloadUUID"));
  assert_no_password (mail);
  return mail;
}

static void
check_mobileconfig (void)
{
  g_autofree gchar *dir = mf_test_make_tempdir ("export");
  g_autofree gchar *hanako = export_file (dir, "hanako.mobileconfig", "docomo.ne.jp", MF_EXPORT_MOBILECONFIG,
                                          "hanako@docomo.ne.jp", DOCOMO_LOGIN);
  g_autofree gchar *again = export_file (dir, "again.mobileconfig", "docomo.ne.jp", MF_EXPORT_MOBILECONFIG,
                                         "hanako@docomo.ne.jp", DOCOMO_LOGIN);
  g_autofree gchar *jiro = export_file (dir, "jiro.mobileconfig", "docomo.ne.jp", MF_EXPORT_MOBILECONFIG,
                                        "jiro@docomo.ne.jp", "d7654321b");
  g_autofree gchar *text = mf_test_read_file (hanako, NULL);
  g_autoptr(JsonParser) p1 = json_parser_new ();
  g_autoptr(JsonParser) p2 = json_parser_new ();
  g_autoptr(JsonParser) p3 = json_parser_new ();
  JsonObject *profile = read_plist (p1, hanako);
  JsonObject *profile_again = read_plist (p2, again);
  JsonObject *profile_jiro = read_plist (p3, jiro);
  JsonObject *mail = mail_payload (profile, "jp.mailfix.export.docomo.ne.jp.");

  g_assert_nonnull (strstr (text, "<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" "
                                  "\"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">"));
  assert_string (profile, "PayloadDisplayName", "ドコモメール (NTT docomo): hanako@docomo.ne.jp");
  assert_string (mail, "EmailAccountType", "EmailTypeIMAP");
  assert_string (mail, "EmailAddress", "hanako@docomo.ne.jp");
  assert_string (mail, "EmailAccountDescription", "docomo");
  assert_string (mail, "IncomingMailServerHostName", "imap.spmode.ne.jp");
  assert_integer (mail, "IncomingMailServerPortNumber", 993);
  assert_bool (mail, "IncomingMailServerUseSSL", TRUE);
  assert_string (mail, "IncomingMailServerAuthentication", "EmailAuthPassword");
  assert_string (mail, "IncomingMailServerUsername", DOCOMO_LOGIN);
  assert_string (mail, "OutgoingMailServerHostName", "smtp.spmode.ne.jp");
  assert_integer (mail, "OutgoingMailServerPortNumber", 465);
  assert_bool (mail, "OutgoingMailServerUseSSL", TRUE);
  assert_string (mail, "OutgoingMailServerAuthentication", "EmailAuthPassword");
  assert_string (mail, "OutgoingMailServerUsername", DOCOMO_LOGIN);
  assert_bool (mail, "OutgoingPasswordSameAsIncomingPassword", TRUE);

  /* the same account again: the same identifier, so the device replaces
   * the profile, but fresh UUIDs */
  mail_payload (profile_again, "jp.mailfix.export.docomo.ne.jp.");
  g_assert_cmpstr (json_object_get_string_member (profile_again, "PayloadIdentifier"), ==,
                   json_object_get_string_member (profile, "PayloadIdentifier"));
  g_assert_cmpstr (json_object_get_string_member (profile_again, "PayloadUUID"), !=,
                   json_object_get_string_member (profile, "PayloadUUID"));
  /* another address installs next to it */
  mail_payload (profile_jiro, "jp.mailfix.export.docomo.ne.jp.");
  g_assert_cmpstr (json_object_get_string_member (profile_jiro, "PayloadIdentifier"), !=,
                   json_object_get_string_member (profile, "PayloadIdentifier"));
  mf_test_rmtree (dir);
}

static void
test_mobileconfig (void)
{
  if (have_python ())
    check_mobileconfig ();
}

static void
check_mobileconfig_pop_and_asked_login (void)
{
  g_autofree gchar *dir = mf_test_make_tempdir ("export");
  g_autofree gchar *docomo = export_file (dir, "docomo.mobileconfig", "docomo.ne.jp", MF_EXPORT_MOBILECONFIG,
                                          "hanako@docomo.ne.jp", NULL);
  g_autofree gchar *dream = export_file (dir, "dream.mobileconfig", "dream.jp", MF_EXPORT_MOBILECONFIG,
                                         "taro@dream.jp", NULL);
  g_autoptr(JsonParser) p1 = json_parser_new ();
  g_autoptr(JsonParser) p2 = json_parser_new ();
  JsonObject *mail = mail_payload (read_plist (p1, docomo), "jp.mailfix.export.docomo.ne.jp.");

  /* nobody gave the d ACCOUNT ID: the device asks for it */
  g_assert_false (json_object_has_member (mail, "IncomingMailServerUsername"));
  g_assert_false (json_object_has_member (mail, "OutgoingMailServerUsername"));
  assert_string (mail, "IncomingMailServerHostName", "imap.spmode.ne.jp");

  /* POP3, and STARTTLS on 587 is "use SSL" to the device too */
  mail = mail_payload (read_plist (p2, dream), "jp.mailfix.export.dream.jp.");
  assert_string (mail, "EmailAccountType", "EmailTypePOP");
  assert_string (mail, "IncomingMailServerHostName", "pop.dream.jp");
  assert_integer (mail, "IncomingMailServerPortNumber", 995);
  assert_bool (mail, "IncomingMailServerUseSSL", TRUE);
  assert_string (mail, "OutgoingMailServerHostName", "smtp.dream.jp");
  assert_integer (mail, "OutgoingMailServerPortNumber", 587);
  assert_bool (mail, "OutgoingMailServerUseSSL", TRUE);
  g_assert_false (json_object_has_member (mail, "IncomingMailServerUsername"));
  mf_test_rmtree (dir);
}

static void
test_mobileconfig_pop_and_asked_login (void)
{
  if (have_python ())
    check_mobileconfig_pop_and_asked_login ();
}

/* ---- Outlook: PRF and .reg ---- */

static MfSession *
scan_file (const gchar *path)
{
  g_autoptr(GError) error = NULL;
  MfSession *session = mf_session_new ();

  mf_session_set_provider_db (session, db);
  mf_session_add_profile_path (session, path);
  g_assert_true (mf_session_scan (session, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (mf_session_get_problems (session)->len, ==, 0);
  return session;
}

static void
assert_account_server (MfServer *server, MfProtocol protocol, const gchar *host, guint16 port, MfSecurity security,
                       const gchar *username)
{
  g_assert_nonnull (server);
  g_assert_cmpint (mf_server_get_protocol (server), ==, protocol);
  g_assert_cmpstr (mf_server_get_host (server), ==, host);
  g_assert_cmpuint (mf_server_get_port (server), ==, port);
  g_assert_cmpint (mf_server_get_security (server), ==, security);
  g_assert_cmpint (mf_server_get_auth (server), ==, MF_AUTH_PASSWORD);
  g_assert_cmpstr (mf_server_get_username (server), ==, username);
}

/* what mailfix itself makes of the account: already right, nothing to do */
static MfAccount *
assert_already_right (MfSession *session, const gchar *provider_id, const gchar *address)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MfPlan) plan = NULL;
  GPtrArray *accounts = mf_session_get_accounts (session);
  MfAccount *account;
  MfDiagnosis *diagnosis;

  g_assert_cmpuint (accounts->len, ==, 1);
  account = g_ptr_array_index (accounts, 0);
  diagnosis = mf_session_get_diagnosis (session, account);
  g_assert_cmpint (mf_account_get_kind (account), ==, MF_ACCOUNT_KIND_MAIL);
  g_assert_cmpstr (mf_account_get_address (account), ==, address);
  g_assert_cmpstr (mf_account_get_name (account), ==, address);
  g_assert_cmpstr (mf_provider_get_id (mf_diagnosis_get_provider (diagnosis)), ==, provider_id);
  g_assert_cmpuint (mf_diagnosis_get_findings (diagnosis)->len, ==, 0);
  plan = mf_session_plan (session, NULL, MF_PLAN_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_true (mf_plan_is_empty (plan));
  return account;
}

static void
assert_keyfile (GKeyFile *file, const gchar *group, const gchar *key, const gchar *expected)
{
  g_autofree gchar *value = g_key_file_get_value (file, group, key, NULL);
  g_assert_cmpstr (value, ==, expected);
}

static void
test_prf (void)
{
  g_autofree gchar *dir = mf_test_make_tempdir ("export");
  g_autofree gchar *path = export_file (dir, "docomo.prf", "docomo.ne.jp", MF_EXPORT_PRF, "hanako@docomo.ne.jp",
                                        DOCOMO_LOGIN);
  gsize len = 0;
  g_autofree gchar *raw = mf_test_read_file (path, &len);
  g_autoptr(GKeyFile) prf = NULL;
  g_auto(GStrv) keys = NULL;
  g_autoptr(MfSession) session = NULL;
  MfAccount *account;

  /* the encoding mailfix's other PRFs have: plain text, no byte-order mark */
  g_assert_true (g_utf8_validate (raw, (gssize) len, NULL));
  g_assert_true (g_str_has_prefix (raw, "[General]\r\n"));
  prf = mf_test_load_prf (path);
  /* added to the default profile, which keeps its other accounts */
  assert_keyfile (prf, "General", "Custom", "1");
  assert_keyfile (prf, "General", "OverwriteProfile", "Append");
  assert_keyfile (prf, "General", "DefaultProfile", "Yes");
  assert_keyfile (prf, "General", "ModifyDefaultProfileIfPresent", "TRUE");
  assert_keyfile (prf, "Internet Account List", "Account1", "IMAP_I_Mail");
  assert_keyfile (prf, "Account1", "AccountName", "hanako@docomo.ne.jp");
  assert_keyfile (prf, "Account1", "EmailAddress", "hanako@docomo.ne.jp");
  assert_keyfile (prf, "Account1", "IMAPServer", "imap.spmode.ne.jp");
  assert_keyfile (prf, "Account1", "IMAPPort", "993");
  assert_keyfile (prf, "Account1", "IMAPUseSSL", "1");
  assert_keyfile (prf, "Account1", "IMAPUserName", DOCOMO_LOGIN);
  assert_keyfile (prf, "Account1", "SMTPServer", "smtp.spmode.ne.jp");
  assert_keyfile (prf, "Account1", "SMTPPort", "465");
  assert_keyfile (prf, "Account1", "SMTPSecureConnection", "1");
  assert_keyfile (prf, "Account1", "SMTPUseAuth", "1");
  assert_keyfile (prf, "Account1", "SMTPAuthMethod", "0");
  assert_keyfile (prf, "IMAP_I_Mail", "AccountType", "IMAP");
  assert_keyfile (prf, "IMAP_I_Mail", "IMAPServer", "PT_UNICODE,0x0100");
  keys = g_key_file_get_keys (prf, "Account1", NULL, NULL);
  for (guint i = 0; keys[i] != NULL; i++)
    g_assert_null (strstr (keys[i], "Password"));

  /* and read by mailfix's Outlook store */
  session = scan_file (path);
  account = assert_already_right (session, "docomo.ne.jp", "hanako@docomo.ne.jp");
  g_assert_cmpstr (mf_account_get_id (account), ==, "outlook:docomo.prf:Account1");
  assert_account_server (mf_account_get_incoming (account), MF_PROTOCOL_IMAP, "imap.spmode.ne.jp", 993,
                         MF_SECURITY_TLS, DOCOMO_LOGIN);
  assert_account_server (mf_account_get_outgoing (account), MF_PROTOCOL_SMTP, "smtp.spmode.ne.jp", 465,
                         MF_SECURITY_TLS, DOCOMO_LOGIN);
  mf_test_rmtree (dir);
}

static void
test_prf_pop3 (void)
{
  g_autofree gchar *dir = mf_test_make_tempdir ("export");
  g_autofree gchar *path = export_file (dir, "dream.prf", "dream.jp", MF_EXPORT_PRF, "taro@dream.jp", "taro01");
  g_autoptr(GKeyFile) prf = mf_test_load_prf (path);
  g_autoptr(MfSession) session = scan_file (path);
  MfAccount *account = g_ptr_array_index (mf_session_get_accounts (session), 0);

  assert_keyfile (prf, "Internet Account List", "Account1", "I_Mail");
  assert_keyfile (prf, "Account1", "POP3Server", "pop.dream.jp");
  assert_keyfile (prf, "Account1", "POP3Port", "995");
  assert_keyfile (prf, "Account1", "POP3UseSSL", "1");
  assert_keyfile (prf, "Account1", "POP3UserName", "taro01");
  assert_keyfile (prf, "Account1", "SMTPPort", "587");
  assert_keyfile (prf, "Account1", "SMTPSecureConnection", "2");
  assert_keyfile (prf, "I_Mail", "AccountType", "POP3");
  assert_account_server (mf_account_get_incoming (account), MF_PROTOCOL_POP3, "pop.dream.jp", 995, MF_SECURITY_TLS,
                         "taro01");
  assert_account_server (mf_account_get_outgoing (account), MF_PROTOCOL_SMTP, "smtp.dream.jp", 587,
                         MF_SECURITY_STARTTLS, "taro01");
  mf_test_rmtree (dir);
}

/* the number of the account key the .reg file makes, as mailfix reads it */
static const gchar *
oe_key_number (MfAccount *account, const gchar *file)
{
  g_autofree gchar *prefix = g_strdup_printf ("outlook:%s:oe:user:", file);
  const gchar *id = mf_account_get_id (account);
  const gchar *number = id + strlen (prefix);

  g_assert_true (g_str_has_prefix (id, prefix));
  g_assert_cmpuint (strlen (number), ==, 8);
  for (const gchar *p = number; *p != '\0'; p++)
    g_assert_true (g_ascii_isdigit (*p));
  return number;
}

static void
test_reg (void)
{
  g_autofree gchar *dir = mf_test_make_tempdir ("export");
  g_autofree gchar *path = export_file (dir, "docomo.reg", "docomo.ne.jp", MF_EXPORT_REG, "hanako@docomo.ne.jp",
                                        DOCOMO_LOGIN);
  g_autofree gchar *other = export_file (dir, "jiro.reg", "docomo.ne.jp", MF_EXPORT_REG, "jiro@docomo.ne.jp",
                                         DOCOMO_LOGIN);
  g_autoptr(GBytes) first = export ("docomo.ne.jp", MF_EXPORT_REG, "hanako@docomo.ne.jp", DOCOMO_LOGIN);
  g_autoptr(GBytes) second = export ("docomo.ne.jp", MF_EXPORT_REG, "hanako@docomo.ne.jp", DOCOMO_LOGIN);
  g_autoptr(MfSession) session = scan_file (path);
  g_autoptr(MfSession) other_session = scan_file (other);
  MfAccount *account = assert_already_right (session, "docomo.ne.jp", "hanako@docomo.ne.jp");
  const gchar *number = oe_key_number (account, "docomo.reg");

  assert_account_server (mf_account_get_incoming (account), MF_PROTOCOL_IMAP, "imap.spmode.ne.jp", 993,
                         MF_SECURITY_TLS, DOCOMO_LOGIN);
  assert_account_server (mf_account_get_outgoing (account), MF_PROTOCOL_SMTP, "smtp.spmode.ne.jp", 465,
                         MF_SECURITY_TLS, DOCOMO_LOGIN);
  /* importing it again updates the same account; another address gets
   * an account of its own */
  g_assert_true (g_bytes_equal (first, second));
  g_assert_cmpstr (oe_key_number (g_ptr_array_index (mf_session_get_accounts (other_session), 0), "jiro.reg"), !=,
                   number);

  if (mf_test_have_hivex_tools ()) {
    /* regedit makes the keys above the account; hivexregedit wants them */
    static const MfTestHiveEntry base[] = { { OE_ACCOUNTS + 1, NULL, 0 } };
    g_autofree gchar *hive = mf_test_merge_patch (path, dir, base, G_N_ELEMENTS (base));
    g_autofree gchar *key = g_strconcat (OE_ACCOUNTS "\\", number, NULL);

    mf_test_assert_hivexget (hive, key, "Account Name", "hanako@docomo.ne.jp");
    mf_test_assert_hivexget (hive, key, "SMTP Email Address", "hanako@docomo.ne.jp");
    mf_test_assert_hivexget (hive, key, "SMTP Display Name", "hanako@docomo.ne.jp");
    mf_test_assert_hivexget (hive, key, "IMAP Server", "imap.spmode.ne.jp");
    mf_test_assert_hivexget (hive, key, "IMAP Port", "993");
    mf_test_assert_hivexget (hive, key, "IMAP Secure Connection", "1");
    mf_test_assert_hivexget (hive, key, "IMAP User Name", DOCOMO_LOGIN);
    mf_test_assert_hivexget (hive, key, "SMTP Server", "smtp.spmode.ne.jp");
    mf_test_assert_hivexget (hive, key, "SMTP Port", "465");
    mf_test_assert_hivexget (hive, key, "SMTP Secure Connection", "1");
    /* SMTP AUTH with the incoming login */
    mf_test_assert_hivexget (hive, key, "SMTP Use Sicily", "2");
    mf_test_assert_hivexget (hive, key, "IMAP Password2", NULL);
    mf_test_assert_hivexget (hive, key, "SMTP Password2", NULL);
    g_unlink (hive);
  } else {
    g_test_message ("hivexregedit or hivexget is not installed: the .reg file was not merged into a hive");
  }
  mf_test_rmtree (dir);
}

static void
test_reg_pop3 (void)
{
  g_autofree gchar *dir = mf_test_make_tempdir ("export");
  g_autofree gchar *path = export_file (dir, "dream.reg", "dream.jp", MF_EXPORT_REG, "taro@dream.jp", "taro01");
  g_autoptr(MfSession) session = scan_file (path);
  MfAccount *account = g_ptr_array_index (mf_session_get_accounts (session), 0);
  const gchar *number = oe_key_number (account, "dream.reg");

  /* STARTTLS on 587 reads back as STARTTLS: the flag means TLS only on 465 */
  assert_account_server (mf_account_get_incoming (account), MF_PROTOCOL_POP3, "pop.dream.jp", 995, MF_SECURITY_TLS,
                         "taro01");
  assert_account_server (mf_account_get_outgoing (account), MF_PROTOCOL_SMTP, "smtp.dream.jp", 587,
                         MF_SECURITY_STARTTLS, "taro01");
  if (mf_test_have_hivex_tools ()) {
    static const MfTestHiveEntry base[] = { { OE_ACCOUNTS + 1, NULL, 0 } };
    g_autofree gchar *hive = mf_test_merge_patch (path, dir, base, G_N_ELEMENTS (base));
    g_autofree gchar *key = g_strconcat (OE_ACCOUNTS "\\", number, NULL);

    mf_test_assert_hivexget (hive, key, "POP3 Server", "pop.dream.jp");
    mf_test_assert_hivexget (hive, key, "POP3 Port", "995");
    mf_test_assert_hivexget (hive, key, "POP3 User Name", "taro01");
    mf_test_assert_hivexget (hive, key, "SMTP Port", "587");
    mf_test_assert_hivexget (hive, key, "SMTP Secure Connection", "1");
    g_unlink (hive);
  }
  mf_test_rmtree (dir);
}

/* ---- what the caller must give ---- */

static void
test_external_login (void)
{
  g_autoptr(GBytes) prf = NULL;
  g_autoptr(GBytes) reg = NULL;
  g_autofree gchar *reg_text = NULL;
  gsize len = 0;
  const guint8 *data;

  /* Outlook would take the account without a login and fail to sign in */
  assert_export_fails ("docomo.ne.jp", MF_EXPORT_PRF, "hanako@docomo.ne.jp", NULL, "d ACCOUNT ID");
  assert_export_fails ("docomo.ne.jp", MF_EXPORT_PRF, "hanako@docomo.ne.jp", NULL, "--login");
  assert_export_fails ("docomo.ne.jp", MF_EXPORT_REG, "hanako@docomo.ne.jp", NULL, "d ACCOUNT ID");
  assert_export_fails ("dream.jp", MF_EXPORT_REG, "taro@dream.jp", NULL, "mail account name");

  prf = export ("docomo.ne.jp", MF_EXPORT_PRF, "hanako@docomo.ne.jp", DOCOMO_LOGIN);
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (prf, NULL), (gssize) g_bytes_get_size (prf),
                                  "IMAPUserName=" DOCOMO_LOGIN "\r\n"));
  reg = export ("docomo.ne.jp", MF_EXPORT_REG, "hanako@docomo.ne.jp", DOCOMO_LOGIN);
  data = g_bytes_get_data (reg, &len);
  g_assert_cmpuint (len, >, 2);
  reg_text = g_convert ((const gchar *) data + 2, (gssize) len - 2, "UTF-8", "UTF-16LE", NULL, NULL, NULL);
  g_assert_nonnull (reg_text);
  g_assert_nonnull (strstr (reg_text, "\"IMAP User Name\"=\"" DOCOMO_LOGIN "\"\r\n"));
}

static void
test_bad_arguments (void)
{
  /* one account needs one address */
  assert_export_fails ("docomo.ne.jp", MF_EXPORT_MOBILECONFIG, NULL, DOCOMO_LOGIN, "--address");
  assert_export_fails ("docomo.ne.jp", MF_EXPORT_PRF, NULL, DOCOMO_LOGIN, "--address");
  assert_export_fails ("docomo.ne.jp", MF_EXPORT_REG, NULL, DOCOMO_LOGIN, "--address");
  assert_export_fails ("docomo.ne.jp", MF_EXPORT_AUTOCONFIG, "hanako", NULL, "not an e-mail address");
  assert_export_fails ("docomo.ne.jp", MF_EXPORT_MOBILECONFIG, "hanako@", NULL, "not an e-mail address");
  assert_export_fails ("docomo.ne.jp", MF_EXPORT_REG, "hanako@docomo.ne.jp\r\n[HKEY_LOCAL_MACHINE]", DOCOMO_LOGIN,
                       "not an e-mail address");
  /* a line break would start a line of its own in a PRF or a .reg file */
  assert_export_fails ("docomo.ne.jp", MF_EXPORT_PRF, "hanako@docomo.ne.jp", "d1\r\nSMTPServer=evil", "login");
  assert_export_fails ("docomo.ne.jp", MF_EXPORT_REG, "hanako@docomo.ne.jp", "", "login");
}

static void
test_to_file (void)
{
  g_autofree gchar *dir = mf_test_make_tempdir ("export");
  g_autofree gchar *path = g_build_filename (dir, "taro.reg", NULL);
  g_autofree gchar *missing = g_build_filename (dir, "no-such-dir", "taro.reg", NULL);
  g_autoptr(GBytes) expected = export ("dream.jp", MF_EXPORT_REG, "taro@dream.jp", "taro01");
  g_autoptr(GError) error = NULL;
  g_autofree gchar *data = NULL;
  gsize len = 0;
  GStatBuf st;

  g_assert_true (mf_provider_export_to_file (provider ("dream.jp"), MF_EXPORT_REG, "taro@dream.jp", "taro01", path,
                                             &error));
  g_assert_no_error (error);
  data = mf_test_read_file (path, &len);
  g_assert_cmpmem (data, len, g_bytes_get_data (expected, NULL), g_bytes_get_size (expected));
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0644);

  /* a file the user made private stays private */
  g_assert_cmpint (g_chmod (path, 0600), ==, 0);
  g_assert_true (mf_provider_export_to_file (provider ("docomo.ne.jp"), MF_EXPORT_AUTOCONFIG, NULL, NULL, path,
                                             &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* a failed export leaves the file as it was */
  g_assert_false (mf_provider_export_to_file (provider ("docomo.ne.jp"), MF_EXPORT_PRF, "hanako@docomo.ne.jp", NULL,
                                              path, &error));
  g_assert_error (error, MF_ERROR, MF_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_clear_pointer (&data, g_free);
  data = mf_test_read_file (path, NULL);
  g_assert_true (g_str_has_prefix (data, "<?xml"));

  g_assert_false (mf_provider_export_to_file (provider ("docomo.ne.jp"), MF_EXPORT_AUTOCONFIG, NULL, NULL, missing,
                                              &error));
  g_assert_nonnull (error);
  mf_test_rmtree (dir);
}

/* ---- the command ---- */

typedef struct {
  gint status;
  GBytes *out;
  gchar *err;
} Result;

static void
result_clear (Result *r)
{
  g_clear_pointer (&r->out, g_bytes_unref);
  g_clear_pointer (&r->err, g_free);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Result, result_clear)

/* empty output is bytes without data, not an empty string */
static gchar *
bytes_text (GBytes *bytes)
{
  gsize len = 0;
  const gchar *data = g_bytes_get_data (bytes, &len);

  return len > 0 ? g_strndup (data, len) : g_strdup ("");
}

/* mailfix ARGS... in the C locale, with the test environment's providers */
static void
run (Result *r, const gchar *first, ...)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GBytes) err = NULL;
  g_autoptr(GError) error = NULL;
  va_list ap;

  g_assert_nonnull (g_getenv ("MAILFIX"));
  g_ptr_array_add (argv, (gpointer) g_getenv ("MAILFIX"));
  va_start (ap, first);
  for (const gchar *arg = first; arg != NULL; arg = va_arg (ap, const gchar *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "LANGUAGE");
  child = g_subprocess_launcher_spawnv (launcher, (const gchar * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate (child, NULL, NULL, &r->out, &err, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (child));
  r->status = g_subprocess_get_exit_status (child);
  r->err = bytes_text (err);
}

static gchar *
out_text (Result *r)
{
  return bytes_text (r->out);
}

static void
check_cli_mobileconfig (void)
{
  g_autofree gchar *dir = mf_test_make_tempdir ("export");
  g_autofree gchar *path = g_build_filename (dir, "hanako.mobileconfig", NULL);
  g_auto(Result) r = { 0 };
  g_autofree gchar *text = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *mail;

  run (&r, "export", "--format=mobileconfig", "--address", "hanako@docomo.ne.jp", "docomo.ne.jp", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.err, ==, "");
  text = out_text (&r);
  g_assert_true (g_str_has_prefix (text, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE plist"));
  mf_test_write_file (path, text);
  mail = mail_payload (read_plist (parser, path), "jp.mailfix.export.docomo.ne.jp.");
  assert_string (mail, "EmailAddress", "hanako@docomo.ne.jp");
  assert_string (mail, "IncomingMailServerHostName", "imap.spmode.ne.jp");
  g_assert_false (json_object_has_member (mail, "IncomingMailServerUsername"));
  mf_test_rmtree (dir);
}

static void
test_cli_mobileconfig (void)
{
  if (have_python ())
    check_cli_mobileconfig ();
}

static void
test_cli_output_and_json (void)
{
  g_autofree gchar *dir = mf_test_make_tempdir ("export");
  g_autofree gchar *path = g_build_filename (dir, "taro.reg", NULL);
  g_autofree gchar *json_path = g_build_filename (dir, "taro.xml", NULL);
  g_autoptr(GBytes) expected = export ("dream.jp", MF_EXPORT_REG, "taro@dream.jp", "taro01");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_auto(Result) r = { 0 };
  g_auto(Result) json = { 0 };
  g_auto(Result) json_stdout = { 0 };
  g_autofree gchar *data = NULL;
  g_autofree gchar *text = NULL;
  g_autofree gchar *wrote = NULL;
  JsonObject *root;
  gsize len = 0;

  /* the provider named by the address; the file is the library's, byte
   * for byte */
  run (&r, "export", "--format=reg", "--login", "taro01", "--output", path, "taro@dream.jp", NULL);
  g_assert_cmpint (r.status, ==, 0);
  data = mf_test_read_file (path, &len);
  g_assert_cmpmem (data, len, g_bytes_get_data (expected, NULL), g_bytes_get_size (expected));
  text = out_text (&r);
  wrote = g_strdup_printf ("Wrote %s.\n", path);
  g_assert_cmpstr (text, ==, wrote);

  run (&json, "export", "--format=autoconfig", "--json", "-o", json_path, "dream.jp", NULL);
  g_assert_cmpint (json.status, ==, 0);
  g_clear_pointer (&text, g_free);
  text = out_text (&json);
  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "command"), ==, "export");
  g_assert_cmpstr (json_object_get_string_member (root, "provider"), ==, "dream.jp");
  g_assert_cmpstr (json_object_get_string_member (root, "format"), ==, "autoconfig");
  g_assert_cmpstr (json_object_get_string_member (root, "file"), ==, json_path);
  assert_schema_valid (json_path);

  /* the file and the JSON document cannot share standard output */
  run (&json_stdout, "export", "--format=autoconfig", "--json", "dream.jp", NULL);
  g_assert_cmpint (json_stdout.status, ==, 2);
  mf_test_rmtree (dir);
}

static void
test_cli_errors (void)
{
  g_auto(Result) unknown = { 0 };
  g_auto(Result) no_login = { 0 };
  g_auto(Result) no_format = { 0 };
  g_auto(Result) bad_format = { 0 };
  g_auto(Result) two = { 0 };

  run (&unknown, "export", "--format=reg", "--address", "taro@example.invalid", "example.invalid", NULL);
  g_assert_cmpint (unknown.status, ==, 2);
  g_assert_cmpuint (g_bytes_get_size (unknown.out), ==, 0);
  g_assert_nonnull (strstr (unknown.err, "no provider is known for \"example.invalid\""));
  g_assert_nonnull (strstr (unknown.err, "mailfix providers"));

  run (&no_login, "export", "--format=prf", "hanako@docomo.ne.jp", NULL);
  g_assert_cmpint (no_login.status, ==, 2);
  g_assert_cmpuint (g_bytes_get_size (no_login.out), ==, 0);
  g_assert_nonnull (strstr (no_login.err, "d ACCOUNT ID"));
  g_assert_nonnull (strstr (no_login.err, "--login"));

  run (&no_format, "export", "docomo.ne.jp", NULL);
  g_assert_cmpint (no_format.status, ==, 2);
  g_assert_nonnull (strstr (no_format.err, "--format"));
  run (&bad_format, "export", "--format=ispdb", "docomo.ne.jp", NULL);
  g_assert_cmpint (bad_format.status, ==, 2);
  g_assert_nonnull (strstr (bad_format.err, "\"ispdb\""));
  run (&two, "export", "--format=autoconfig", "docomo.ne.jp", "dream.jp", NULL);
  g_assert_cmpint (two.status, ==, 2);
}

static void
test_cli_help (void)
{
  g_auto(Result) help = { 0 };
  g_auto(Result) export_help = { 0 };
  g_autofree gchar *text = NULL;
  g_autofree gchar *export_text = NULL;

  run (&help, "--help", NULL);
  g_assert_cmpint (help.status, ==, 0);
  text = out_text (&help);
  g_assert_nonnull (strstr (text, "\n  export "));
  run (&export_help, "export", "--help", NULL);
  g_assert_cmpint (export_help.status, ==, 0);
  export_text = out_text (&export_help);
  g_assert_nonnull (strstr (export_text, "export PROVIDER"));
  for (guint i = 0; i < 4; i++) {
    const gchar *options[] = { "--format=FORMAT", "--address=ADDRESS", "--login=ID", "--output=FILE" };
    if (strstr (export_text, options[i]) == NULL)
      g_error ("export --help does not list %s:\n%s", options[i], export_text);
  }
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  db = mf_test_provider_db ();
  g_test_add_func ("/export/format-names", test_format_names);
  g_test_add_func ("/export/autoconfig/templates", test_autoconfig_templates);
  g_test_add_func ("/export/autoconfig/for-address", test_autoconfig_for_address);
  g_test_add_func ("/export/mobileconfig/docomo", test_mobileconfig);
  g_test_add_func ("/export/mobileconfig/pop-and-asked-login", test_mobileconfig_pop_and_asked_login);
  g_test_add_func ("/export/prf/imap", test_prf);
  g_test_add_func ("/export/prf/pop3", test_prf_pop3);
  g_test_add_func ("/export/reg/imap", test_reg);
  g_test_add_func ("/export/reg/pop3", test_reg_pop3);
  g_test_add_func ("/export/external-login", test_external_login);
  g_test_add_func ("/export/bad-arguments", test_bad_arguments);
  g_test_add_func ("/export/to-file", test_to_file);
  g_test_add_func ("/export/cli/mobileconfig", test_cli_mobileconfig);
  g_test_add_func ("/export/cli/output-and-json", test_cli_output_and_json);
  g_test_add_func ("/export/cli/errors", test_cli_errors);
  g_test_add_func ("/export/cli/help", test_cli_help);
  status = g_test_run ();
  g_object_unref (db);
  return status;
}
