/* test-provider-db.c: the provider database, its shipped data and its
 * refusal of bad files */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "mf-error.h"
#include "mf-provider-db.h"
#include "mf-provider-private.h"
#include "mf-test-utils.h"

/* ------------------------------------------------------------------ */
/* helpers                                                             */

/* the shipped data/providers: $MAILFIX_PROVIDERS_DIR when make check sets
 * it, else next to the test sources */
static gchar *
shipped_dir (void)
{
  const gchar *env = g_getenv ("MAILFIX_PROVIDERS_DIR");

  if (env != NULL && env[0] != '\0')
    return g_strdup (env);
  return g_test_build_filename (G_TEST_DIST, "..", "data", "providers", NULL);
}

static gchar *
fixture (const gchar *rel)
{
  return g_test_build_filename (G_TEST_DIST, "fixtures", "providers", rel, NULL);
}

static MfProviderDb *
load_shipped (void)
{
  g_autoptr(MfProviderDb) db = mf_provider_db_new ();
  g_autoptr(GError) error = NULL;
  g_autofree gchar *dir = shipped_dir ();

  g_assert_true (mf_provider_db_load_dir (db, dir, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&db);
}

static MfProviderDb *
load_fixture_dir (const gchar *rel)
{
  g_autoptr(MfProviderDb) db = mf_provider_db_new ();
  g_autoptr(GError) error = NULL;
  g_autofree gchar *dir = fixture (rel);

  g_assert_true (mf_provider_db_load_dir (db, dir, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&db);
}

static MfProvider *
load_one (const gchar *rel)
{
  g_autoptr(GError) error = NULL;
  g_autofree gchar *path = fixture (rel);
  MfProvider *provider = mf_provider_new_from_file (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (provider);
  return provider;
}

/* sets $LANGUAGE, which g_get_language_names() reads first; NULL unsets it */
static void
with_language (const gchar *language)
{
  if (language != NULL)
    g_setenv ("LANGUAGE", language, TRUE);
  else
    g_unsetenv ("LANGUAGE");
}

/* ------------------------------------------------------------------ */
/* shipped data                                                        */

static void
test_shipped_load (void)
{
  g_autoptr(MfProviderDb) db = load_shipped ();
  g_autofree gchar *dir = shipped_dir ();
  g_autoptr(GDir) gdir = g_dir_open (dir, 0, NULL);
  GPtrArray *providers = mf_provider_db_get_providers (db);
  const gchar *name;
  guint n_files = 0;

  g_assert_nonnull (gdir);
  while ((name = g_dir_read_name (gdir)) != NULL) {
    if (g_str_has_suffix (name, ".xml"))
      n_files++;
  }
  g_assert_cmpuint (n_files, >=, 2);
  g_assert_cmpuint (providers->len, ==, n_files);
  for (guint i = 1; i < providers->len; i++) {
    const gchar *a = mf_provider_get_id (g_ptr_array_index (providers, i - 1));
    const gchar *b = mf_provider_get_id (g_ptr_array_index (providers, i));
    g_assert_cmpint (g_ascii_strcasecmp (a, b), <, 0);
  }
  g_assert_nonnull (mf_provider_db_lookup_id (db, "docomo.ne.jp"));
  g_assert_nonnull (mf_provider_db_lookup_id (db, "dream.jp"));
}

static void
test_shipped_docomo_servers (void)
{
  g_autoptr(MfProviderDb) db = load_shipped ();
  MfProvider *docomo = mf_provider_db_lookup_address (db, "taro@docomo.ne.jp");
  const MfProviderServer *imap;
  const MfProviderServer *smtp;

  g_assert_nonnull (docomo);
  g_assert_cmpstr (mf_provider_get_id (docomo), ==, "docomo.ne.jp");
  g_assert_cmpstr (mf_provider_get_short_name (docomo), ==, "docomo");
  g_assert_cmpuint (mf_provider_get_incoming (docomo)->len, ==, 1);
  g_assert_null (mf_provider_find_incoming (docomo, MF_PROTOCOL_POP3));

  imap = mf_provider_find_incoming (docomo, MF_PROTOCOL_IMAP);
  g_assert_nonnull (imap);
  g_assert_cmpstr (mf_provider_server_get_hostname (imap), ==, "imap.spmode.ne.jp");
  g_assert_cmpuint (mf_provider_server_get_port (imap), ==, 993);
  g_assert_cmpint (mf_provider_server_get_security (imap), ==, MF_SECURITY_TLS);
  g_assert_cmpint (mf_provider_server_get_auth (imap), ==, MF_AUTH_PASSWORD);
  g_assert_cmpint (mf_provider_server_get_confidence (imap), ==, MF_CONFIDENCE_HIGH);

  smtp = mf_provider_get_submission (docomo);
  g_assert_nonnull (smtp);
  g_assert_cmpint (mf_provider_server_get_protocol (smtp), ==, MF_PROTOCOL_SMTP);
  g_assert_cmpstr (mf_provider_server_get_hostname (smtp), ==, "smtp.spmode.ne.jp");
  g_assert_cmpuint (mf_provider_server_get_port (smtp), ==, 465);
  g_assert_cmpint (mf_provider_server_get_security (smtp), ==, MF_SECURITY_TLS);
  g_assert_cmpint (mf_provider_server_get_auth (smtp), ==, MF_AUTH_PASSWORD);
  g_assert_cmpuint (mf_provider_get_preferred_port (docomo), ==, 465);

  g_assert_cmpint (mf_provider_get_confidence (docomo), ==, MF_CONFIDENCE_HIGH);
  g_assert_null (mf_provider_get_pop_before_smtp_ended (docomo));
  g_assert_true (mf_provider_matches_host (docomo, "imap.spmode.ne.jp"));
  g_assert_true (mf_provider_matches_host (docomo, "mail.spmode.ne.jp"));
  g_assert_false (mf_provider_matches_host (docomo, "spmode.ne.jp"));
  g_assert_true (mf_provider_db_lookup_host (db, "smtp.spmode.ne.jp") == docomo);
}

static void
test_shipped_docomo_login (void)
{
  g_autoptr(MfProviderDb) db = load_shipped ();
  MfProvider *docomo = mf_provider_db_lookup_domain (db, "docomo.ne.jp");
  GPtrArray *lists[2];

  g_assert_nonnull (docomo);
  g_assert_cmpint (mf_provider_get_login_kind (docomo), ==, MF_LOGIN_EXTERNAL);
  g_assert_cmpstr (mf_provider_get_login_label_for_language (docomo, "ja"), ==, "dアカウントID");
  g_assert_cmpstr (mf_provider_get_login_label_for_language (docomo, "en"), ==, "d ACCOUNT ID");

  /* no server may derive the d ACCOUNT ID from the address */
  lists[0] = mf_provider_get_incoming (docomo);
  lists[1] = mf_provider_get_outgoing (docomo);
  for (gsize l = 0; l < G_N_ELEMENTS (lists); l++) {
    for (guint i = 0; i < lists[l]->len; i++) {
      g_autofree gchar *user = mf_provider_server_expand_username (g_ptr_array_index (lists[l], i),
                                                                   "taro@docomo.ne.jp");
      g_assert_null (user);
    }
  }
}

static void
test_shipped_docomo_app_password (void)
{
  g_autoptr(MfProviderDb) db = load_shipped ();
  MfProvider *docomo = mf_provider_db_lookup_domain (db, "docomo.ne.jp");
  guint min_len = 0;
  guint max_len = 0;
  gboolean letters = FALSE;
  gboolean digits = FALSE;
  gboolean symbols = FALSE;
  gboolean case_sensitive = FALSE;
  const gchar *ja;
  const gchar *en;
  MfConfidence confidence = MF_CONFIDENCE_LOW;

  g_assert_true (mf_provider_get_app_password_policy (docomo, &min_len, &max_len, &letters,
                                                      &digits, &symbols, &case_sensitive));
  g_assert_cmpuint (min_len, ==, 10);
  g_assert_cmpuint (max_len, ==, 10);
  g_assert_true (letters);
  g_assert_true (digits);
  g_assert_true (symbols);
  g_assert_true (case_sensitive);
  g_assert_cmpstr (mf_provider_get_app_password_required_from (docomo), ==, "2019-11-26");
  g_assert_cmpstr (mf_provider_get_app_password_abroad_from (docomo), ==, "2019-07-23");
  g_assert_true (g_str_has_prefix (mf_provider_get_app_password_url (docomo),
                                   "https://www.nttdocomo.co.jp/"));
  /* the policy comes from a secondary source */
  g_assert_cmpint (mf_provider_get_app_password_confidence (docomo), ==, MF_CONFIDENCE_MEDIUM);

  ja = mf_provider_get_instructions_for_language (docomo, "ja_JP.UTF-8");
  en = mf_provider_get_instructions_for_language (docomo, "en_GB");
  g_assert_nonnull (strstr (ja, "Wi-Fi"));
  g_assert_nonnull (strstr (ja, "My docomo"));
  g_assert_nonnull (strstr (ja, "メール設定"));
  g_assert_nonnull (strstr (ja, "IMAP専用ID・パスワードの確認"));
  g_assert_nonnull (strstr (en, "Wi-Fi"));
  g_assert_nonnull (strstr (en, "IMAP専用ID・パスワードの確認"));

  g_assert_cmpuint (mf_provider_get_n_sources (docomo), ==, 3);
  g_assert_true (g_str_has_prefix (mf_provider_get_source (docomo, 0, NULL, &confidence),
                                   "https://www.nttdocomo.co.jp/"));
  g_assert_cmpint (confidence, ==, MF_CONFIDENCE_HIGH);
  mf_provider_get_source (docomo, 2, NULL, &confidence);
  g_assert_cmpint (confidence, ==, MF_CONFIDENCE_MEDIUM);
}

static void
test_shipped_dti (void)
{
  g_autoptr(MfProviderDb) db = load_shipped ();
  MfProvider *dti = mf_provider_db_lookup_address (db, "user@dream.jp");
  const MfProviderServer *pop;
  const MfProviderServer *smtp;
  g_autofree gchar *pop_host = NULL;
  g_autofree gchar *smtp_host = NULL;
  g_autofree gchar *user = NULL;

  g_assert_nonnull (dti);
  g_assert_cmpstr (mf_provider_get_id (dti), ==, "dream.jp");
  g_assert_cmpstr (mf_provider_get_pop_before_smtp_ended (dti), ==, "2007-10-16");
  g_assert_true (mf_provider_get_pop_before_smtp_gradual (dti));
  g_assert_cmpstr (mf_provider_get_cutover (dti, "submission-port"), ==, "2005-02-01");

  /* POP3 only: mailfix must not move DTI users to IMAP */
  g_assert_null (mf_provider_find_incoming (dti, MF_PROTOCOL_IMAP));
  pop = mf_provider_find_incoming (dti, MF_PROTOCOL_POP3);
  g_assert_nonnull (pop);
  g_assert_cmpuint (mf_provider_get_incoming (dti)->len, ==, 1);
  g_assert_cmpint (mf_provider_server_get_confidence (pop), ==, MF_CONFIDENCE_LOW);
  pop_host = mf_provider_server_expand_hostname (pop, "user@dream.jp");
  g_assert_cmpstr (pop_host, ==, "pop.dream.jp");

  /* submission on 587 with SMTP AUTH; STARTTLS is medium, the name low */
  g_assert_cmpuint (mf_provider_get_preferred_port (dti), ==, 587);
  smtp = mf_provider_get_submission (dti);
  g_assert_cmpuint (mf_provider_server_get_port (smtp), ==, 587);
  g_assert_cmpint (mf_provider_server_get_security (smtp), ==, MF_SECURITY_STARTTLS);
  g_assert_cmpint (mf_provider_server_get_auth (smtp), ==, MF_AUTH_PASSWORD);
  g_assert_cmpint (mf_provider_server_get_confidence (smtp), ==, MF_CONFIDENCE_MEDIUM);
  g_assert_cmpint (mf_provider_server_get_hostname_confidence (smtp), ==, MF_CONFIDENCE_LOW);
  g_assert_cmpint (mf_provider_get_confidence (dti), ==, MF_CONFIDENCE_LOW);
  smtp_host = mf_provider_server_expand_hostname (smtp, "taro@ceres.dti.ne.jp");
  g_assert_cmpstr (smtp_host, ==, "smtp.ceres.dti.ne.jp");

  /* the account name is kept from the user's settings, not guessed */
  g_assert_cmpint (mf_provider_get_login_kind (dti), ==, MF_LOGIN_EXTERNAL);
  user = mf_provider_server_expand_username (smtp, "user@dream.jp");
  g_assert_null (user);
  g_assert_false (mf_provider_get_app_password_policy (dti, NULL, NULL, NULL, NULL, NULL, NULL));

  g_assert_true (mf_provider_db_lookup_host (db, "smtp.ceres.dti.ne.jp") == dti);
  g_assert_true (mf_provider_db_lookup_domain (db, "ceres.dti.ne.jp") == dti);
  for (guint i = 0; i < mf_provider_get_n_sources (dti); i++) {
    MfConfidence confidence = MF_CONFIDENCE_LOW;
    mf_provider_get_source (dti, i, NULL, &confidence);
    g_assert_cmpint (confidence, ==, MF_CONFIDENCE_HIGH);
  }
}

/* the shipped files and the fixtures that claim to be valid against the
 * RELAX NG schema; xmllint runs from argv, never through a shell */
static gboolean
run_xmllint (const gchar *xmllint, const gchar *rng, GPtrArray *files, gchar **output)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree gchar *out = NULL;
  g_autofree gchar *err = NULL;
  gint status = 0;

  g_ptr_array_add (argv, (gpointer) xmllint);
  g_ptr_array_add (argv, (gpointer) "--noout");
  g_ptr_array_add (argv, (gpointer) "--nonet");
  g_ptr_array_add (argv, (gpointer) "--relaxng");
  g_ptr_array_add (argv, (gpointer) rng);
  for (guint i = 0; i < files->len; i++)
    g_ptr_array_add (argv, g_ptr_array_index (files, i));
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (gchar **) argv->pdata, NULL, G_SPAWN_DEFAULT,
                               NULL, NULL, &out, &err, &status, &error));
  g_assert_no_error (error);
  *output = g_strconcat (out, err, NULL);
  return g_spawn_check_wait_status (status, NULL);
}

static void
test_shipped_schema (void)
{
  g_autofree gchar *xmllint = g_find_program_in_path ("xmllint");
  g_autofree gchar *dir = shipped_dir ();
  g_autofree gchar *rng = g_build_filename (dir, "..", "providers.rng", NULL);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) gdir = NULL;
  const gchar *good_fixtures[] = {
    "good/example.ne.jp.xml", "good/localpart.example.jp.xml", "ispdb/example.com.xml",
    "override/docomo.ne.jp.xml", "wide/wide.example.xml",
  };
  const gchar *bad_fixtures[] = {
    "bad/bad-port.xml", "bad/unknown-socket-type.xml", "bad/unknown-mf-element.xml",
    "bad/missing-domain.xml", "bad/external-no-label.xml", "bad/bad-date.xml",
  };
  const gchar *name;
  g_autofree gchar *output = NULL;

  if (xmllint == NULL) {
    g_test_skip ("xmllint is not installed");
    return;
  }
  if (!g_file_test (rng, G_FILE_TEST_EXISTS)) {
    g_test_skip ("data/providers.rng is not next to the provider directory");
    return;
  }
  gdir = g_dir_open (dir, 0, NULL);
  g_assert_nonnull (gdir);
  while ((name = g_dir_read_name (gdir)) != NULL) {
    if (g_str_has_suffix (name, ".xml"))
      g_ptr_array_add (files, g_build_filename (dir, name, NULL));
  }
  for (gsize i = 0; i < G_N_ELEMENTS (good_fixtures); i++)
    g_ptr_array_add (files, fixture (good_fixtures[i]));
  if (!run_xmllint (xmllint, rng, files, &output))
    g_error ("xmllint rejected a provider file:\n%s", output);

  /* and the schema is not so loose that it takes anything */
  for (gsize i = 0; i < G_N_ELEMENTS (bad_fixtures); i++) {
    g_autoptr(GPtrArray) one = g_ptr_array_new_with_free_func (g_free);
    g_autofree gchar *bad_output = NULL;
    g_ptr_array_add (one, fixture (bad_fixtures[i]));
    if (run_xmllint (xmllint, rng, one, &bad_output))
      g_error ("the schema accepted %s", bad_fixtures[i]);
  }
}

/* ------------------------------------------------------------------ */
/* lookups                                                             */

static void
test_lookup_domain (void)
{
  g_autoptr(MfProviderDb) db = load_fixture_dir ("good");
  MfProvider *example = mf_provider_db_lookup_id (db, "example.ne.jp");
  MfProvider *localpart = mf_provider_db_lookup_id (db, "localpart.example.jp");

  g_assert_nonnull (example);
  g_assert_nonnull (localpart);
  g_assert_true (mf_provider_db_lookup_domain (db, "example.ne.jp") == example);
  /* listed as "LocalPart2.Example.JP." in the file */
  g_assert_true (mf_provider_db_lookup_domain (db, "localpart2.example.jp") == localpart);
  g_assert_cmpstr (g_ptr_array_index (mf_provider_get_domains (localpart), 1), ==,
                   "localpart2.example.jp");
  g_assert_null (mf_provider_db_lookup_domain (db, "unknown.example"));
  g_assert_null (mf_provider_db_lookup_domain (db, ""));
  g_assert_null (mf_provider_db_lookup_address (db, "no-at-sign.example.ne.jp"));
  g_assert_null (mf_provider_db_lookup_address (db, "taro@"));
}

static void
test_lookup_domain_pattern (void)
{
  g_autoptr(MfProviderDb) db = load_fixture_dir ("good");
  MfProvider *example = mf_provider_db_lookup_id (db, "example.ne.jp");

  g_assert_true (mf_provider_db_lookup_domain (db, "aa1.example.ne.jp") == example);
  g_assert_true (mf_provider_db_lookup_address (db, "taro@bb2.example.ne.jp") == example);
  g_assert_true (mf_provider_matches_domain (example, "cc3.example.ne.jp"));
  /* "*" stands for exactly one label */
  g_assert_null (mf_provider_db_lookup_domain (db, "a.b.example.ne.jp"));
  g_assert_null (mf_provider_db_lookup_domain (db, "xexample.ne.jp"));
  g_assert_null (mf_provider_db_lookup_domain (db, ".example.ne.jp"));
}

static void
test_lookup_host (void)
{
  g_autoptr(MfProviderDb) db = load_fixture_dir ("good");
  MfProvider *example = mf_provider_db_lookup_id (db, "example.ne.jp");

  /* a server host name */
  g_assert_true (mf_provider_db_lookup_host (db, "imap.example.ne.jp") == example);
  g_assert_true (mf_provider_db_lookup_host (db, "smtp.example.ne.jp") == example);
  /* an mf:hostPattern */
  g_assert_true (mf_provider_db_lookup_host (db, "mx1.mail.example.ne.jp") == example);
  g_assert_null (mf_provider_db_lookup_host (db, "mail2.example.org"));
  /* a retired host */
  g_assert_true (mf_provider_db_lookup_host (db, "pop3.example.ne.jp") == example);
  g_assert_cmpstr (mf_provider_get_retired_replacement (example, "pop3.example.ne.jp"), ==,
                   "pop.example.ne.jp");
  g_assert_cmpstr (mf_provider_get_retired_since (example, "pop3.example.ne.jp"), ==, "2020-04-01");
  g_assert_cmpstr (mf_provider_get_retired_replacement (example, "mail.example.ne.jp"), ==,
                   "imap.example.ne.jp");
  g_assert_null (mf_provider_get_retired_since (example, "mail.example.ne.jp"));
  g_assert_null (mf_provider_get_retired_replacement (example, "imap.example.ne.jp"));
  /* a host name with placeholders names no host; only patterns find it */
  g_assert_null (mf_provider_db_lookup_host (db, "pop.localpart.example.jp"));
}

static void
test_lookup_case_insensitive (void)
{
  g_autoptr(MfProviderDb) db = load_fixture_dir ("good");
  MfProvider *example = mf_provider_db_lookup_id (db, "EXAMPLE.NE.JP");

  g_assert_nonnull (example);
  g_assert_true (mf_provider_db_lookup_domain (db, "Example.NE.jp") == example);
  g_assert_true (mf_provider_db_lookup_domain (db, "example.ne.jp.") == example);
  g_assert_true (mf_provider_db_lookup_address (db, "Taro@AA1.Example.NE.JP") == example);
  g_assert_true (mf_provider_db_lookup_host (db, "IMAP.Example.ne.jp.") == example);
  g_assert_true (mf_provider_db_lookup_host (db, "MX1.MAIL.EXAMPLE.NE.JP") == example);
  g_assert_true (mf_provider_matches_host (example, "POP3.EXAMPLE.NE.JP"));
  g_assert_cmpstr (mf_provider_get_retired_replacement (example, "Pop3.Example.Ne.Jp"), ==,
                   "pop.example.ne.jp");
  /* the file writes this one in capitals */
  g_assert_cmpstr (mf_provider_server_get_hostname (mf_provider_get_submission (example)), ==,
                   "smtp.example.ne.jp");
}

static void
test_lookup_specificity (void)
{
  g_autoptr(MfProviderDb) db = load_fixture_dir ("good");
  g_autoptr(GError) error = NULL;
  g_autofree gchar *wide_dir = fixture ("wide");
  MfProvider *example;
  MfProvider *wide;

  g_assert_true (mf_provider_db_load_dir (db, wide_dir, &error));
  g_assert_no_error (error);
  example = mf_provider_db_lookup_id (db, "example.ne.jp");
  wide = mf_provider_db_lookup_id (db, "wide.example");
  g_assert_nonnull (wide);

  /* both claim aa1.example.ne.jp; the narrower pattern wins */
  g_assert_true (mf_provider_db_lookup_domain (db, "aa1.example.ne.jp") == example);
  g_assert_true (mf_provider_db_lookup_domain (db, "foo.bar.ne.jp") == wide);
  g_assert_true (mf_provider_db_lookup_host (db, "x.mail.example.ne.jp") == example);
  g_assert_true (mf_provider_db_lookup_host (db, "x.other.example.ne.jp") == wide);
  /* an exact domain beats every pattern */
  g_assert_true (mf_provider_db_lookup_domain (db, "example.ne.jp") == example);
}

/* ------------------------------------------------------------------ */
/* servers                                                             */

static void
test_expand_username (void)
{
  g_autoptr(MfProviderDb) db = load_fixture_dir ("good");
  MfProvider *example = mf_provider_db_lookup_id (db, "example.ne.jp");
  MfProvider *localpart = mf_provider_db_lookup_id (db, "localpart.example.jp");
  g_autoptr(MfProvider) external = load_one ("override/docomo.ne.jp.xml");
  const MfProviderServer *imap = mf_provider_find_incoming (example, MF_PROTOCOL_IMAP);
  const MfProviderServer *pop = mf_provider_find_incoming (localpart, MF_PROTOCOL_POP3);
  const MfProviderServer *ext = mf_provider_find_incoming (external, MF_PROTOCOL_IMAP);
  g_autofree gchar *address = mf_provider_server_expand_username (imap, "taro@example.ne.jp");
  g_autofree gchar *local = mf_provider_server_expand_username (pop, "hanako@localpart.example.jp");
  g_autofree gchar *none = mf_provider_server_expand_username (pop, "hanako");
  g_autofree gchar *ext_user = mf_provider_server_expand_username (ext, "taro@docomo.ne.jp");

  g_assert_cmpint (mf_provider_get_login_kind (example), ==, MF_LOGIN_ADDRESS);
  g_assert_cmpint (mf_provider_get_login_kind (localpart), ==, MF_LOGIN_LOCALPART);
  g_assert_cmpint (mf_provider_get_login_kind (external), ==, MF_LOGIN_EXTERNAL);
  g_assert_cmpstr (mf_provider_server_get_username_template (imap), ==, "%EMAILADDRESS%");
  g_assert_cmpstr (address, ==, "taro@example.ne.jp");
  g_assert_cmpstr (local, ==, "hanako");
  g_assert_null (none);
  g_assert_cmpstr (mf_provider_server_get_username_template (ext), ==, "%LOGINID%");
  g_assert_null (ext_user);
}

static void
test_expand_hostname (void)
{
  g_autoptr(MfProvider) localpart = load_one ("good/localpart.example.jp.xml");
  const MfProviderServer *pop = mf_provider_find_incoming (localpart, MF_PROTOCOL_POP3);
  g_autofree gchar *host = mf_provider_server_expand_hostname (pop, "hanako@LocalPart2.Example.JP");
  g_autofree gchar *no_at = mf_provider_server_expand_hostname (pop, "hanako");
  g_autofree gchar *bad = mf_provider_server_expand_hostname (pop, "hanako@bad domain");

  g_assert_cmpstr (mf_provider_server_get_hostname (pop), ==, "pop.%EMAILDOMAIN%");
  g_assert_cmpstr (host, ==, "pop.localpart2.example.jp");
  g_assert_null (no_at);
  g_assert_null (bad);
}

static void
test_submission_preferred (void)
{
  g_autoptr(MfProviderDb) db = load_fixture_dir ("good");
  MfProvider *example = mf_provider_db_lookup_id (db, "example.ne.jp");
  MfProvider *localpart = mf_provider_db_lookup_id (db, "localpart.example.jp");
  GPtrArray *outgoing = mf_provider_get_outgoing (example);

  /* 587 is listed first, but the provider prefers 465 */
  g_assert_cmpuint (outgoing->len, ==, 2);
  g_assert_cmpuint (mf_provider_server_get_port (g_ptr_array_index (outgoing, 0)), ==, 587);
  g_assert_cmpuint (mf_provider_get_preferred_port (example), ==, 465);
  g_assert_cmpuint (mf_provider_server_get_port (mf_provider_get_submission (example)), ==, 465);
  g_assert_cmpint (mf_provider_server_get_security (mf_provider_get_submission (example)), ==,
                   MF_SECURITY_TLS);
  /* without a preference the first one is the submission server */
  g_assert_cmpuint (mf_provider_get_preferred_port (localpart), ==, 0);
  g_assert_cmpuint (mf_provider_server_get_port (mf_provider_get_submission (localpart)), ==, 587);
}

static void
test_server_confidence (void)
{
  g_autoptr(MfProvider) localpart = load_one ("good/localpart.example.jp.xml");
  g_autoptr(MfProvider) example = load_one ("good/example.ne.jp.xml");
  const MfProviderServer *smtp = mf_provider_get_submission (localpart);
  const MfProviderServer *pop = mf_provider_find_incoming (localpart, MF_PROTOCOL_POP3);

  g_assert_cmpint (mf_provider_server_get_confidence (pop), ==, MF_CONFIDENCE_HIGH);
  g_assert_cmpint (mf_provider_server_get_hostname_confidence (pop), ==, MF_CONFIDENCE_HIGH);
  /* the server is medium, its host name low; the name's doubt is its own */
  g_assert_cmpint (mf_provider_server_get_confidence (smtp), ==, MF_CONFIDENCE_MEDIUM);
  g_assert_cmpint (mf_provider_server_get_hostname_confidence (smtp), ==, MF_CONFIDENCE_LOW);
  g_assert_cmpint (mf_provider_get_confidence (localpart), ==, MF_CONFIDENCE_LOW);
  g_assert_cmpint (mf_provider_get_confidence (example), ==, MF_CONFIDENCE_HIGH);
  g_assert_cmpstr (mf_confidence_to_string (MF_CONFIDENCE_MEDIUM), ==, "medium");
  g_assert_cmpstr (mf_login_kind_to_string (MF_LOGIN_EXTERNAL), ==, "external");
}

static void
test_server_boxed (void)
{
  g_autoptr(MfProvider) example = load_one ("good/example.ne.jp.xml");
  MfProviderServer *server = g_ptr_array_index (mf_provider_get_incoming (example), 0);
  MfProviderServer *copy = g_boxed_copy (MF_TYPE_PROVIDER_SERVER, server);

  g_assert_true (copy == server);
  g_boxed_free (MF_TYPE_PROVIDER_SERVER, copy);
  g_clear_object (&example);
  /* a reference keeps the server alive after its provider is gone */
  server = NULL;
  example = load_one ("good/example.ne.jp.xml");
  server = mf_provider_server_ref (g_ptr_array_index (mf_provider_get_incoming (example), 0));
  g_clear_object (&example);
  g_assert_cmpstr (mf_provider_server_get_hostname (server), ==, "imap.example.ne.jp");
  mf_provider_server_unref (server);
}

/* ------------------------------------------------------------------ */
/* the rest of the extension                                           */

static void
test_extension_fields (void)
{
  g_autoptr(MfProvider) example = load_one ("good/example.ne.jp.xml");
  guint min_len = 0;
  guint max_len = 0;
  gboolean letters = FALSE;
  gboolean digits = FALSE;
  gboolean symbols = TRUE;
  gboolean case_sensitive = TRUE;
  const gchar *description = NULL;
  MfConfidence confidence = MF_CONFIDENCE_HIGH;

  g_assert_true (mf_provider_get_app_password_policy (example, &min_len, &max_len, &letters,
                                                      &digits, &symbols, &case_sensitive));
  g_assert_cmpuint (min_len, ==, 8);
  g_assert_cmpuint (max_len, ==, 16);
  g_assert_true (letters);
  g_assert_true (digits);
  g_assert_false (symbols);
  g_assert_false (case_sensitive);
  g_assert_cmpstr (mf_provider_get_app_password_required_from (example), ==, "2024-04-01");
  g_assert_null (mf_provider_get_app_password_abroad_from (example));
  g_assert_cmpint (mf_provider_get_app_password_confidence (example), ==, MF_CONFIDENCE_HIGH);
  g_assert_cmpstr (mf_provider_get_pop_before_smtp_ended (example), ==, "2010-06-30");
  g_assert_false (mf_provider_get_pop_before_smtp_gradual (example));
  g_assert_cmpstr (mf_provider_get_cutover (example, "port25-blocked"), ==, "2008-03-31");
  g_assert_null (mf_provider_get_cutover (example, "submission-port"));
  g_assert_cmpuint (mf_provider_get_n_sources (example), ==, 1);
  g_assert_cmpstr (mf_provider_get_source (example, 0, &description, &confidence), ==,
                   "https://example.ne.jp/support/mail");
  g_assert_cmpstr (description, ==, "made up for the tests");
  g_assert_cmpint (confidence, ==, MF_CONFIDENCE_MEDIUM);
  g_assert_cmpuint (mf_provider_get_host_patterns (example)->len, ==, 1);
  g_assert_cmpstr (mf_provider_get_display_name (example), ==, "Example ISP");
  g_assert_true (g_str_has_suffix (mf_provider_get_filename (example), "example.ne.jp.xml"));
}

static void
test_language (void)
{
  g_autoptr(MfProvider) example = load_one ("good/example.ne.jp.xml");
  g_autoptr(MfProvider) localpart = load_one ("good/localpart.example.jp.xml");
  g_autofree gchar *saved = g_strdup (g_getenv ("LANGUAGE"));

  with_language ("ja");
  g_assert_cmpstr (mf_provider_get_login_label (example), ==, "メールアドレス");
  g_assert_cmpstr (mf_provider_get_instructions (example), ==, "会員ページでパスワードを発行してください。");
  with_language ("de:ja_JP");
  g_assert_cmpstr (mf_provider_get_login_label (example), ==, "メールアドレス");
  /* no French text: English is the fallback */
  with_language ("fr");
  g_assert_cmpstr (mf_provider_get_login_label (example), ==, "e-mail address");
  with_language (saved);

  g_assert_cmpstr (mf_provider_get_login_label_for_language (example, "ja_JP.UTF-8"), ==, "メールアドレス");
  g_assert_cmpstr (mf_provider_get_login_label_for_language (example, "ja-JP"), ==, "メールアドレス");
  g_assert_cmpstr (mf_provider_get_login_label_for_language (example, "pt-BR"), ==, "e-mail address");
  g_assert_null (mf_provider_get_login_label (localpart));
  g_assert_null (mf_provider_get_instructions (localpart));
}

/* ------------------------------------------------------------------ */
/* loading                                                             */

static void
test_override_by_id (void)
{
  g_autoptr(MfProviderDb) db = load_shipped ();
  g_autoptr(GError) error = NULL;
  g_autofree gchar *isp_dir = fixture ("override");
  g_autofree gchar *dir = shipped_dir ();
  g_autofree gchar *shipped_docomo = g_build_filename (dir, "docomo.ne.jp.xml", NULL);
  guint n_before = mf_provider_db_get_providers (db)->len;
  MfProvider *docomo;

  g_assert_true (mf_provider_db_load_dir (db, isp_dir, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (mf_provider_db_get_providers (db)->len, ==, n_before);
  docomo = mf_provider_db_lookup_id (db, "docomo.ne.jp");
  g_assert_cmpstr (mf_provider_get_display_name (docomo), ==, "ドコモメール (ISP bundle)");
  g_assert_true (mf_provider_db_lookup_domain (db, "docomo.ne.jp") == docomo);
  g_assert_true (mf_provider_db_lookup_host (db, "imap.spmode.ne.jp") == docomo);
  g_assert_cmpstr (mf_provider_get_login_label_for_language (docomo, "ja"), ==,
                   "d ACCOUNT ID (ISP bundle)");
  g_assert_true (g_str_has_suffix (mf_provider_get_filename (docomo), "override/docomo.ne.jp.xml"));

  /* and loading the shipped file again puts it back */
  g_assert_true (mf_provider_db_load_file (db, shipped_docomo, &error));
  g_assert_no_error (error);
  docomo = mf_provider_db_lookup_id (db, "docomo.ne.jp");
  g_assert_cmpstr (mf_provider_get_short_name (docomo), ==, "docomo");
  g_assert_cmpuint (mf_provider_db_get_providers (db)->len, ==, n_before);
}

static void
test_ispdb_style (void)
{
  g_autoptr(MfProvider) p = load_one ("ispdb/example.com.xml");
  GPtrArray *incoming = mf_provider_get_incoming (p);
  GPtrArray *outgoing = mf_provider_get_outgoing (p);
  const MfProviderServer *imap;
  const MfProviderServer *pop;
  const MfProviderServer *smtp;
  const MfProviderServer *relay;
  g_autofree gchar *relay_user = NULL;

  g_assert_cmpstr (mf_provider_get_id (p), ==, "example.com");
  g_assert_cmpuint (mf_provider_get_domains (p)->len, ==, 3);
  g_assert_true (mf_provider_matches_domain (p, "example.net"));
  /* the exchange server is not for mailfix and is left out */
  g_assert_cmpuint (incoming->len, ==, 2);
  imap = g_ptr_array_index (incoming, 0);
  pop = g_ptr_array_index (incoming, 1);
  g_assert_cmpint (mf_provider_server_get_protocol (imap), ==, MF_PROTOCOL_IMAP);
  g_assert_cmpint (mf_provider_server_get_auth (imap), ==, MF_AUTH_OAUTH2);
  g_assert_cmpint (mf_provider_server_get_protocol (pop), ==, MF_PROTOCOL_POP3);
  g_assert_cmpint (mf_provider_server_get_security (pop), ==, MF_SECURITY_STARTTLS);
  g_assert_cmpint (mf_provider_server_get_auth (pop), ==, MF_AUTH_PASSWORD_ENCRYPTED);
  g_assert_cmpuint (mf_provider_server_get_port (pop), ==, 110);

  g_assert_cmpuint (outgoing->len, ==, 2);
  smtp = mf_provider_get_submission (p);
  g_assert_true (smtp == g_ptr_array_index (outgoing, 0));
  g_assert_cmpint (mf_provider_server_get_auth (smtp), ==, MF_AUTH_PASSWORD_ENCRYPTED);
  relay = g_ptr_array_index (outgoing, 1);
  g_assert_cmpint (mf_provider_server_get_auth (relay), ==, MF_AUTH_NONE);
  g_assert_cmpint (mf_provider_server_get_security (relay), ==, MF_SECURITY_NONE);
  g_assert_null (mf_provider_server_get_username_template (relay));
  relay_user = mf_provider_server_expand_username (relay, "a@example.com");
  g_assert_null (relay_user);

  g_assert_cmpint (mf_provider_get_login_kind (p), ==, MF_LOGIN_TEMPLATE);
  g_assert_false (mf_provider_get_app_password_policy (p, NULL, NULL, NULL, NULL, NULL, NULL));
  g_assert_null (mf_provider_get_login_label (p));
  g_assert_cmpuint (mf_provider_get_preferred_port (p), ==, 0);
  g_assert_cmpint (mf_provider_get_confidence (p), ==, MF_CONFIDENCE_HIGH);
}

typedef struct {
  const gchar *file;
  glong line;
  const gchar *words;   /* a part of the message, so the right check fired */
} BadFixture;

static const BadFixture bad_fixtures[] = {
  { "bad/not-xml.xml", 1, "not well-formed XML" },
  { "bad/empty.xml", 1, "not well-formed XML" },
  { "bad/truncated.xml", 17, "not well-formed XML" },
  { "bad/wrong-root.xml", 2, "<autodiscover>" },
  { "bad/missing-domain.xml", 3, "no <domain>" },
  { "bad/bad-port.xml", 7, "\"99999\"" },
  { "bad/port-not-number.xml", 7, "\"993a\"" },
  { "bad/missing-port.xml", 5, "no <port>" },
  { "bad/unknown-socket-type.xml", 8, "TLS-please" },
  { "bad/unknown-auth.xml", 10, "carrier-pigeon" },
  { "bad/bad-hostname.xml", 6, "imap bad example" },
  { "bad/no-smtp.xml", 3, "<outgoingServer>" },
  { "bad/no-id.xml", 4, "\"id\"" },
  { "bad/two-providers.xml", 6, "more than one" },
  { "bad/undeclared-prefix.xml", 5, "not well-formed XML" },
  { "bad/external-derivable.xml", 9, "%EMAILLOCALPART%" },
  { "bad/undeclared-placeholder.xml", 9, "%MEMBERID%" },
  { "bad/external-no-label.xml", 20, "<mf:label>" },
  { "bad/unknown-mf-element.xml", 19, "<mf:hostPatern>" },
  { "bad/twice-login.xml", 20, "only once" },
  { "bad/bad-date.xml", 19, "2019-02-30" },
  { "bad/preferred-port-unlisted.xml", 19, "465" },
  { "bad/broad-pattern.xml", 4, "*.jp" },
  { "bad/misplaced-confidence.xml", 7, "mf:confidence" },
  { "bad/bad-confidence.xml", 19, "certain" },
  { "bad/bad-url.xml", 19, "ftp://" },
  { "bad/min-over-max.xml", 19, "minLength" },
  { "bad/length-and-min.xml", 19, "length" },
};

static void
test_malformed (void)
{
  g_autoptr(MfProviderDb) db = mf_provider_db_new ();

  for (gsize i = 0; i < G_N_ELEMENTS (bad_fixtures); i++) {
    const BadFixture *bad = &bad_fixtures[i];
    g_autoptr(GError) error = NULL;
    g_autofree gchar *path = fixture (bad->file);
    g_autofree gchar *prefix = g_strdup_printf ("%s:%ld: ", path, bad->line);

    g_assert_false (mf_provider_db_load_file (db, path, &error));
    g_assert_error (error, MF_ERROR, MF_ERROR_PARSE);
    g_test_message ("%s", error->message);
    if (!g_str_has_prefix (error->message, prefix) || strstr (error->message, bad->words) == NULL)
      g_error ("%s: expected \"%s…%s…\", got \"%s\"", bad->file, prefix, bad->words, error->message);
  }
  g_assert_cmpuint (mf_provider_db_get_providers (db)->len, ==, 0);
}

static void
test_entities (void)
{
  g_autoptr(MfProviderDb) db = mf_provider_db_new ();
  g_autoptr(GError) error = NULL;
  g_autofree gchar *external = fixture ("entity/external-entity.xml");
  g_autofree gchar *internal = fixture ("entity/internal-entities.xml");
  g_autofree gchar *prefix = g_strdup_printf ("%s:2: ", external);

  /* an external entity is never fetched: the whole DTD is refused */
  g_assert_false (mf_provider_db_load_file (db, external, &error));
  g_assert_error (error, MF_ERROR, MF_ERROR_PARSE);
  g_assert_true (g_str_has_prefix (error->message, prefix));
  g_assert_null (strstr (error->message, "root:"));
  g_clear_error (&error);

  /* nor are nested internal entities expanded into a huge string */
  g_assert_false (mf_provider_db_load_file (db, internal, &error));
  g_assert_error (error, MF_ERROR, MF_ERROR_PARSE);
  g_assert_cmpuint (strlen (error->message), <, 1024);
  g_assert_cmpuint (mf_provider_db_get_providers (db)->len, ==, 0);
}

static void
test_too_large (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree gchar *tmpdir = g_dir_make_tmp ("mf-provider-XXXXXX", &error);
  g_autofree gchar *path = NULL;
  g_autofree gchar *data = NULL;
  g_autoptr(MfProviderDb) db = mf_provider_db_new ();
  g_autoptr(MfProvider) provider = NULL;
  gsize len = MF_PROVIDER_MAX_FILE_SIZE + 1;

  g_assert_no_error (error);
  path = g_build_filename (tmpdir, "huge.xml", NULL);
  data = g_malloc (len);
  memset (data, ' ', len);
  g_assert_true (g_file_set_contents (path, data, (gssize) len, &error));
  g_assert_no_error (error);

  g_assert_false (mf_provider_db_load_file (db, path, &error));
  g_assert_error (error, MF_ERROR, MF_ERROR_TOO_LARGE);
  g_assert_true (g_str_has_prefix (error->message, path));
  g_clear_error (&error);

  provider = mf_provider_new_from_data (data, len, "huge.xml", &error);
  g_assert_null (provider);
  g_assert_error (error, MF_ERROR, MF_ERROR_TOO_LARGE);

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (tmpdir), ==, 0);
}

static void
test_load_dir_atomic (void)
{
  g_autoptr(MfProviderDb) db = mf_provider_db_new ();
  g_autoptr(GError) error = NULL;
  g_autofree gchar *dir = fixture ("mixed");
  g_autofree gchar *bad = fixture ("mixed/b-bad.xml");
  g_autofree gchar *prefix = g_strdup_printf ("%s:7: ", bad);

  g_assert_false (mf_provider_db_load_dir (db, dir, &error));
  g_assert_error (error, MF_ERROR, MF_ERROR_PARSE);
  g_assert_true (g_str_has_prefix (error->message, prefix));
  /* a-good.xml came before the bad file but was not kept */
  g_assert_null (mf_provider_db_lookup_id (db, "localpart.example.jp"));
  g_assert_cmpuint (mf_provider_db_get_providers (db)->len, ==, 0);
}

static void
test_load_missing (void)
{
  g_autoptr(MfProviderDb) db = mf_provider_db_new ();
  g_autoptr(GError) error = NULL;
  g_autofree gchar *missing = fixture ("no-such-directory");
  g_autofree gchar *missing_file = fixture ("no-such-file.xml");

  g_assert_false (mf_provider_db_load_dir (db, missing, &error));
  g_assert_error (error, MF_ERROR, MF_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (mf_provider_db_load_file (db, missing_file, &error));
  g_assert_error (error, MF_ERROR, MF_ERROR_NOT_FOUND);
}

static void
test_default_dir (void)
{
  g_autofree gchar *saved = g_strdup (g_getenv ("MAILFIX_PROVIDERS_DIR"));
  g_autofree gchar *good = fixture ("good");
  g_autoptr(MfProviderDb) db = NULL;
  g_autoptr(GError) error = NULL;

  g_setenv ("MAILFIX_PROVIDERS_DIR", good, TRUE);
  g_assert_cmpstr (mf_provider_db_get_default_dir (), ==, good);
  db = mf_provider_db_new_default (&error);
  g_assert_no_error (error);
  g_assert_cmpuint (mf_provider_db_get_providers (db)->len, ==, 2);

  /* an empty value means "not set" */
  g_setenv ("MAILFIX_PROVIDERS_DIR", "", TRUE);
  g_assert_cmpstr (mf_provider_db_get_default_dir (), !=, "");

  if (saved != NULL)
    g_setenv ("MAILFIX_PROVIDERS_DIR", saved, TRUE);
  else
    g_unsetenv ("MAILFIX_PROVIDERS_DIR");
}

/* the example provider with another display name, as an ISP's or a
 * user's own copy of it */
static void
write_variant (const gchar *dir, const gchar *name, const gchar *display_name)
{
  g_autofree gchar *source = fixture ("good/example.ne.jp.xml");
  g_autofree gchar *text = mf_test_read_file (source, NULL);
  g_auto(GStrv) parts = g_strsplit (text, "<displayName>Example ISP</displayName>", 2);
  g_autofree gchar *changed = NULL;
  g_autofree gchar *path = g_build_filename (dir, name, NULL);

  g_assert_cmpuint (g_strv_length (parts), ==, 2);
  changed = g_strdup_printf ("%s<displayName>%s</displayName>%s", parts[0], display_name, parts[1]);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  mf_test_write_file (path, changed);
}

/* shipped, then XDG system data (least important first), /etc, then the
 * user's data: the later directory wins, and a broken one is left out with
 * its reason while the others still count */
static void
test_search_path (void)
{
  g_autofree gchar *saved = g_strdup (g_getenv ("MAILFIX_PROVIDERS_DIR"));
  g_autofree gchar *good = fixture ("good");
  const gchar * const *system = g_get_system_data_dirs ();
  g_autofree gchar *important = g_build_filename (system[0], "mailfix", "providers", NULL);
  g_autofree gchar *less = g_build_filename (system[1], "mailfix", "providers", NULL);
  g_autofree gchar *user = g_build_filename (g_get_user_data_dir (), "mailfix", "providers", NULL);
  g_autofree gchar *broken = g_build_filename (important, "zz-broken.xml", NULL);
  g_autoptr(GPtrArray) path = NULL;
  g_autoptr(MfProviderDb) db = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *problems;

  g_setenv ("MAILFIX_PROVIDERS_DIR", good, TRUE);
  path = mf_provider_db_get_search_path ();
  g_assert_cmpuint (path->len, >=, 5);
  g_assert_cmpstr (g_ptr_array_index (path, 0), ==, good);
  g_assert_cmpstr (g_ptr_array_index (path, 1), ==, less);
  g_assert_cmpstr (g_ptr_array_index (path, 2), ==, important);
  g_assert_true (g_str_has_suffix (g_ptr_array_index (path, path->len - 2), "/mailfix/providers"));
  g_assert_cmpstr (g_ptr_array_index (path, path->len - 1), ==, user);

  write_variant (less, "example.ne.jp.xml", "From the less important system directory");
  write_variant (important, "example.ne.jp.xml", "From the more important system directory");
  db = mf_provider_db_new_default (&error);
  g_assert_no_error (error);
  g_assert_cmpstr (mf_provider_get_display_name (mf_provider_db_lookup_id (db, "example.ne.jp")), ==,
                   "From the more important system directory");
  g_assert_cmpuint (mf_provider_db_get_problems (db)->len, ==, 0);
  g_clear_object (&db);

  /* the user's own copy wins; a broken file takes its whole directory out */
  write_variant (user, "example.ne.jp.xml", "The user's own");
  mf_test_write_file (broken, "<clientConfig version=\"1.1\">\n<emailProvider id=\"x\">\n");
  db = mf_provider_db_new_default (&error);
  g_assert_no_error (error);
  g_assert_cmpstr (mf_provider_get_display_name (mf_provider_db_lookup_id (db, "example.ne.jp")), ==, "The user's own");
  g_assert_nonnull (mf_provider_db_lookup_id (db, "localpart.example.jp"));
  problems = mf_provider_db_get_problems (db);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_true (g_str_has_prefix (((GError *) g_ptr_array_index (problems, 0))->message, broken));
  g_clear_object (&db);

  /* without the shipped providers the program has nothing to go on */
  g_setenv ("MAILFIX_PROVIDERS_DIR", "/nonexistent/providers", TRUE);
  db = mf_provider_db_new_default (&error);
  g_assert_null (db);
  g_assert_error (error, MF_ERROR, MF_ERROR_NOT_FOUND);

  if (saved != NULL)
    g_setenv ("MAILFIX_PROVIDERS_DIR", saved, TRUE);
  else
    g_unsetenv ("MAILFIX_PROVIDERS_DIR");
}

/* every problem an ISP must fix, at its line; a good file has none */
static void
test_validate (void)
{
  g_autofree gchar *good = fixture ("good/example.ne.jp.xml");
  g_autofree gchar *bad = fixture ("bad/bad-port.xml");
  g_autofree gchar *dir = mf_test_make_tempdir ("validate");
  g_autofree gchar *extra = g_build_filename (dir, "extra.xml", NULL);
  g_autofree gchar *text = mf_test_read_file (good, NULL);
  g_auto(GStrv) parts = g_strsplit (text, "</incomingServer>", 2);
  g_autofree gchar *changed = g_strdup_printf ("%s  <frobnicate/>\n    </incomingServer>%s", parts[0], parts[1]);
  g_autoptr(GPtrArray) none = mf_provider_validate_file (good);
  g_autoptr(GPtrArray) port = mf_provider_validate_file (bad);
  g_autoptr(GPtrArray) unknown = NULL;
  g_autofree gchar *port_prefix = g_strdup_printf ("%s:7: ", bad);

  g_assert_cmpuint (none->len, ==, 0);
  g_assert_cmpuint (port->len, ==, 1);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (port, 0), port_prefix));
  /* the loader skips an unknown element, as clientConfig readers must;
   * the schema does not, so the ISP's file stays tidy */
  mf_test_write_file (extra, changed);
  unknown = mf_provider_validate_file (extra);
  g_assert_cmpuint (unknown->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (unknown, 0), "frobnicate"));
  g_assert_true (g_str_has_prefix (g_ptr_array_index (unknown, 0), extra));
  mf_test_rmtree (dir);
}

/* an ISP's file as the wizard shows it, with its own wording of how to
 * get the password; a provider without one falls back to its app-password
 * instructions */
static void
test_branding (void)
{
  g_autofree gchar *branded = fixture ("branded/example.ne.jp.xml");
  g_autofree gchar *logo = fixture ("branded/logo.svg");
  g_autofree gchar *plain = fixture ("good/example.ne.jp.xml");
  g_autoptr(MfProviderDb) db = mf_provider_db_new ();
  g_autoptr(MfProviderDb) shipped = load_shipped ();
  g_autoptr(GError) error = NULL;
  MfProvider *p, *docomo;

  g_assert_true (mf_provider_db_load_file (db, branded, &error));
  g_assert_no_error (error);
  p = mf_provider_db_lookup_id (db, "example.ne.jp");
  g_assert_true (mf_provider_has_branding (p));
  g_assert_cmpstr (mf_provider_get_brand_name (p, "ja"), ==, "エグザンプル光");
  g_assert_cmpstr (mf_provider_get_brand_name (p, "en"), ==, "Example Hikari");
  g_assert_true (g_path_is_absolute (mf_provider_get_logo_path (p)));
  g_assert_true (mf_test_files_equal (mf_provider_get_logo_path (p), logo));
  g_assert_cmpstr (mf_provider_get_help_url (p), ==, "https://support.example.ne.jp/mail/");
  g_assert_cmpstr (mf_provider_get_support_phone (p), ==, "0120-000-000");
  g_assert_cmpstr (mf_provider_get_support_hours (p, "en"), ==, "weekdays 10:00-18:00");
  g_assert_true (g_str_has_prefix (mf_provider_get_password_help (p, "ja"), "会員証"));

  g_assert_true (mf_provider_db_load_file (db, plain, &error));
  p = mf_provider_db_lookup_id (db, "example.ne.jp");
  g_assert_false (mf_provider_has_branding (p));
  g_assert_null (mf_provider_get_brand_name (p, "ja"));
  g_assert_null (mf_provider_get_logo_path (p));
  docomo = mf_provider_db_lookup_id (shipped, "docomo.ne.jp");
  g_assert_cmpstr (mf_provider_get_password_help (docomo, "ja"), ==, mf_provider_get_instructions_for_language (docomo, "ja"));
}

/* the logo must sit beside the file; the phone must be one */
static void
test_branding_refused (void)
{
  g_autofree gchar *source = fixture ("branded/example.ne.jp.xml");
  g_autofree gchar *text = mf_test_read_file (source, NULL);
  g_autofree gchar *dir = mf_test_make_tempdir ("branding");
  g_autofree gchar *path = g_build_filename (dir, "example.ne.jp.xml", NULL);
  g_autofree gchar *logo = fixture ("branded/logo.svg");
  g_autofree gchar *logo_text = mf_test_read_file (logo, NULL);
  g_autofree gchar *logo_copy = g_build_filename (dir, "logo.svg", NULL);
  static const struct {
    const gchar *from, *to, *says;
  } cases[] = {
    { "file=\"logo.svg\"", "file=\"../../etc/logo.png\"", "directory" },
    { "file=\"logo.svg\"", "file=\"logo.gif\"", ".png or .svg" },
    { "file=\"logo.svg\"", "file=\"missing.svg\"", "is not in" },
    { "0120-000-000", "call us", "telephone" },
    { "<mf:name xml:lang=\"ja\">エグザンプル光</mf:name>\n      <mf:name xml:lang=\"en\">Example Hikari</mf:name>", "", "mf:name" },
  };

  mf_test_write_file (logo_copy, logo_text);
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autoptr(MfProviderDb) db = mf_provider_db_new ();
    g_autoptr(GError) error = NULL;
    g_auto(GStrv) parts = g_strsplit (text, cases[i].from, 2);
    g_autofree gchar *changed = NULL;

    g_assert_cmpuint (g_strv_length (parts), ==, 2);
    changed = g_strjoin (cases[i].to, parts[0], parts[1], NULL);
    mf_test_write_file (path, changed);
    g_assert_false (mf_provider_db_load_file (db, path, &error));
    g_assert_error (error, MF_ERROR, MF_ERROR_PARSE);
    g_assert_true (g_str_has_prefix (error->message, path));
    if (strstr (error->message, cases[i].says) == NULL)
      g_error ("case %" G_GSIZE_FORMAT ": \"%s\" does not say \"%s\"", i, error->message, cases[i].says);
  }
  mf_test_rmtree (dir);
}

/* a policy that does not name its character classes allows them all */
static void
test_app_password_any_characters (void)
{
  g_autofree gchar *source = fixture ("good/example.ne.jp.xml");
  g_autofree gchar *text = mf_test_read_file (source, NULL);
  g_autofree gchar *dir = mf_test_make_tempdir ("any-characters");
  g_autofree gchar *path = g_build_filename (dir, "example.ne.jp.xml", NULL);
  g_auto(GStrv) parts = g_strsplit (text, " characters=\"letters digits\"", 2);
  g_autofree gchar *changed = NULL;
  g_autoptr(MfProviderDb) db = mf_provider_db_new ();
  g_autoptr(GError) error = NULL;
  MfProvider *p;

  g_assert_cmpuint (g_strv_length (parts), ==, 2);
  changed = g_strjoin ("", parts[0], parts[1], NULL);
  mf_test_write_file (path, changed);
  g_assert_true (mf_provider_db_load_file (db, path, &error));
  g_assert_no_error (error);
  p = mf_provider_db_lookup_id (db, "example.ne.jp");
  g_assert_true (mf_provider_check_password (p, "abcd1234", &error));
  g_assert_no_error (error);
  g_assert_true (mf_provider_check_password (p, "ab#d12!4", &error));
  g_assert_no_error (error);
  /* the lengths still count */
  g_assert_false (mf_provider_check_password (p, "ab1", &error));
  g_assert_nonnull (error);
  mf_test_rmtree (dir);
}

static void
test_buffer_loader (void)
{
  g_autofree gchar *path = fixture ("good/example.ne.jp.xml");
  g_autofree gchar *data = NULL;
  gsize len = 0;
  g_autoptr(GError) error = NULL;
  g_autoptr(MfProvider) provider = NULL;
  g_autoptr(MfProvider) broken = NULL;
  g_autoptr(MfProvider) empty = NULL;

  g_assert_true (g_file_get_contents (path, &data, &len, &error));
  provider = mf_provider_new_from_data (data, len, "memory.xml", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (mf_provider_get_filename (provider), ==, "memory.xml");

  /* a NUL byte inside the document */
  data[len / 2] = '\0';
  broken = mf_provider_new_from_data (data, len, "memory.xml", &error);
  g_assert_null (broken);
  g_assert_error (error, MF_ERROR, MF_ERROR_PARSE);
  g_assert_true (g_str_has_prefix (error->message, "memory.xml:"));
  g_clear_error (&error);

  empty = mf_provider_new_from_data (NULL, 0, "nothing.xml", &error);
  g_assert_null (empty);
  g_assert_error (error, MF_ERROR, MF_ERROR_PARSE);
  g_assert_true (g_str_has_prefix (error->message, "nothing.xml:1: "));
}

static void
test_patterns (void)
{
  g_autofree gchar *idn = mf_provider_normalize_name ("メール.例え.jp.");
  g_autofree gchar *upper = mf_provider_normalize_name ("  Mail.Example.JP. ");
  g_autofree gchar *blank = mf_provider_normalize_name (" . ");

  g_assert_true (mf_provider_pattern_matches ("*.spmode.ne.jp", "imap.spmode.ne.jp"));
  g_assert_true (mf_provider_pattern_matches ("pop.*.example.jp", "pop.aa.example.jp"));
  g_assert_false (mf_provider_pattern_matches ("*.spmode.ne.jp", "spmode.ne.jp"));
  g_assert_false (mf_provider_pattern_matches ("*.spmode.ne.jp", "a.b.spmode.ne.jp"));
  g_assert_false (mf_provider_pattern_matches ("*.spmode.ne.jp", ".spmode.ne.jp"));
  g_assert_true (g_str_has_prefix (idn, "xn--"));
  g_assert_cmpstr (upper, ==, "mail.example.jp");
  g_assert_null (blank);
}

static void
test_programmer_errors (void)
{
  g_autoptr(MfProviderDb) db = mf_provider_db_new ();

  g_test_expect_message ("mailfix", G_LOG_LEVEL_CRITICAL, "*domain != NULL*");
  g_assert_null (mf_provider_db_lookup_domain (db, NULL));
  g_test_assert_expected_messages ();
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/provider-db/shipped/load", test_shipped_load);
  g_test_add_func ("/provider-db/shipped/docomo-servers", test_shipped_docomo_servers);
  g_test_add_func ("/provider-db/shipped/docomo-login", test_shipped_docomo_login);
  g_test_add_func ("/provider-db/shipped/docomo-app-password", test_shipped_docomo_app_password);
  g_test_add_func ("/provider-db/shipped/dti", test_shipped_dti);
  g_test_add_func ("/provider-db/shipped/schema", test_shipped_schema);
  g_test_add_func ("/provider-db/lookup/domain", test_lookup_domain);
  g_test_add_func ("/provider-db/lookup/domain-pattern", test_lookup_domain_pattern);
  g_test_add_func ("/provider-db/lookup/host", test_lookup_host);
  g_test_add_func ("/provider-db/lookup/case-insensitive", test_lookup_case_insensitive);
  g_test_add_func ("/provider-db/lookup/specificity", test_lookup_specificity);
  g_test_add_func ("/provider-db/server/expand-username", test_expand_username);
  g_test_add_func ("/provider-db/server/expand-hostname", test_expand_hostname);
  g_test_add_func ("/provider-db/server/submission", test_submission_preferred);
  g_test_add_func ("/provider-db/server/confidence", test_server_confidence);
  g_test_add_func ("/provider-db/server/boxed", test_server_boxed);
  g_test_add_func ("/provider-db/extension/fields", test_extension_fields);
  g_test_add_func ("/provider-db/extension/language", test_language);
  g_test_add_func ("/provider-db/load/override-by-id", test_override_by_id);
  g_test_add_func ("/provider-db/load/ispdb-style", test_ispdb_style);
  g_test_add_func ("/provider-db/load/malformed", test_malformed);
  g_test_add_func ("/provider-db/load/entities", test_entities);
  g_test_add_func ("/provider-db/load/too-large", test_too_large);
  g_test_add_func ("/provider-db/load/dir-atomic", test_load_dir_atomic);
  g_test_add_func ("/provider-db/load/missing", test_load_missing);
  g_test_add_func ("/provider-db/load/default-dir", test_default_dir);
  g_test_add_func ("/provider-db/load/search-path", test_search_path);
  g_test_add_func ("/provider-db/load/validate", test_validate);
  g_test_add_func ("/provider-db/extension/branding", test_branding);
  g_test_add_func ("/provider-db/extension/branding-refused", test_branding_refused);
  g_test_add_func ("/provider-db/extension/any-characters", test_app_password_any_characters);
  g_test_add_func ("/provider-db/load/buffer", test_buffer_loader);
  g_test_add_func ("/provider-db/patterns", test_patterns);
  g_test_add_func ("/provider-db/programmer-errors", test_programmer_errors);

  return g_test_run ();
}
