/* test-diagnosis.c: each rule fires where it should and nowhere else; the
 * rules see only the account model, so the accounts here are built in code */
#include "config.h"

#include "mailfix.h"
#include "mf-test-utils.h"

static MfProviderDb *db;

typedef struct {
  MfProtocol in_protocol;
  const gchar *in_host;
  guint16 in_port;
  MfSecurity in_security;
  MfAuth in_auth;
  const gchar *in_user;
  const gchar *out_host;
  guint16 out_port;
  MfSecurity out_security;
  MfAuth out_auth;
  const gchar *out_user;
  const gchar *address;
} Setup;

static MfAccount *
make_account (const Setup *s)
{
  g_autoptr(MfProfile) profile = mf_profile_new ("thunderbird", "/nonexistent/profile", "test");
  MfAccount *account = mf_account_new ("thunderbird:profile:account1", profile);
  g_autoptr(MfServer) in = mf_server_new (s->in_protocol);
  g_autoptr(MfIdentity) identity = mf_identity_new ("山田 太郎", s->address);

  mf_server_set_host (in, s->in_host);
  mf_server_set_port (in, s->in_port);
  mf_server_set_security (in, s->in_security);
  mf_server_set_auth (in, s->in_auth);
  mf_server_set_username (in, s->in_user);
  mf_account_set_incoming (account, in);
  if (s->out_host != NULL) {
    g_autoptr(MfServer) out = mf_server_new (MF_PROTOCOL_SMTP);
    mf_server_set_host (out, s->out_host);
    mf_server_set_port (out, s->out_port);
    mf_server_set_security (out, s->out_security);
    mf_server_set_auth (out, s->out_auth);
    mf_server_set_username (out, s->out_user);
    mf_account_set_outgoing (account, out);
  }
  mf_account_add_identity (account, identity);
  mf_account_set_kind (account, MF_ACCOUNT_KIND_MAIL);
  return account;
}

/* g_ptr_array_sort hands the comparator pointers to the elements */
static gint
compare_strings (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const gchar * const *) a, *(const gchar * const *) b);
}

/* the finding codes, sorted, joined with spaces */
static gchar *
codes_of (MfDiagnosis *diagnosis)
{
  GPtrArray *findings = mf_diagnosis_get_findings (diagnosis);
  g_autoptr(GPtrArray) codes = g_ptr_array_new ();

  for (guint i = 0; i < findings->len; i++) {
    MfFinding *f = g_ptr_array_index (findings, i);
    g_ptr_array_add (codes, (gpointer) mf_finding_get_code_string (f));
  }
  g_ptr_array_sort (codes, compare_strings);
  g_ptr_array_add (codes, NULL);
  return g_strjoinv (" ", (gchar **) codes->pdata);
}

static MfDiagnosis *
diagnose (const Setup *s)
{
  g_autoptr(MfAccount) account = make_account (s);
  return mf_diagnosis_new (account, db);
}

static void
test_correct_account_has_no_finding (void)
{
  Setup s = { MF_PROTOCOL_IMAP, "imap.spmode.ne.jp", 993, MF_SECURITY_TLS, MF_AUTH_PASSWORD, "d-id-123",
              "smtp.spmode.ne.jp", 465, MF_SECURITY_TLS, MF_AUTH_PASSWORD, "d-id-123", "hanako@docomo.ne.jp" };
  g_autoptr(MfDiagnosis) d = diagnose (&s);
  g_autofree gchar *codes = codes_of (d);

  g_assert_cmpstr (codes, ==, "");
  g_assert_null (mf_diagnosis_get_remedy (d));
  g_assert_cmpstr (mf_provider_get_id (mf_diagnosis_get_provider (d)), ==, "docomo.ne.jp");
}

static void
test_pop_before_smtp_and_port_25 (void)
{
  Setup s = { MF_PROTOCOL_IMAP, "imap.spmode.ne.jp", 993, MF_SECURITY_TLS, MF_AUTH_PASSWORD, "d-id",
              "smtp.spmode.ne.jp", 25, MF_SECURITY_TLS, MF_AUTH_NONE, NULL, "hanako@docomo.ne.jp" };
  g_autoptr(MfDiagnosis) d = diagnose (&s);
  g_autofree gchar *codes = codes_of (d);
  MfRemedy *r = mf_diagnosis_get_remedy (d);
  MfServer *out;

  g_assert_cmpstr (codes, ==, "POP_BEFORE_SMTP SMTP_PORT_25");
  g_assert_nonnull (r);
  g_assert_null (mf_remedy_get_incoming (r));
  out = mf_remedy_get_outgoing (r);
  g_assert_cmpstr (mf_server_get_host (out), ==, "smtp.spmode.ne.jp");
  g_assert_cmpuint (mf_server_get_port (out), ==, 465);
  g_assert_cmpint (mf_server_get_security (out), ==, MF_SECURITY_TLS);
  g_assert_cmpint (mf_server_get_auth (out), ==, MF_AUTH_PASSWORD);
  /* docomo's login id cannot be derived: SMTP signs in as the incoming login */
  g_assert_cmpstr (mf_server_get_username (out), ==, "d-id");
  g_assert_true (mf_remedy_get_confirmed (r));
}

static void
test_plaintext_both_ways (void)
{
  Setup s = { MF_PROTOCOL_IMAP, "imap.spmode.ne.jp", 143, MF_SECURITY_NONE, MF_AUTH_PASSWORD, "d-id",
              "smtp.spmode.ne.jp", 587, MF_SECURITY_NONE, MF_AUTH_PASSWORD, "d-id", "hanako@docomo.ne.jp" };
  g_autoptr(MfDiagnosis) d = diagnose (&s);
  g_autofree gchar *codes = codes_of (d);
  MfRemedy *r = mf_diagnosis_get_remedy (d);

  g_assert_cmpstr (codes, ==, "PLAINTEXT_INCOMING PLAINTEXT_OUTGOING");
  g_assert_cmpuint (mf_server_get_port (mf_remedy_get_incoming (r)), ==, 993);
  g_assert_cmpint (mf_server_get_security (mf_remedy_get_incoming (r)), ==, MF_SECURITY_TLS);
  g_assert_cmpuint (mf_server_get_port (mf_remedy_get_outgoing (r)), ==, 465);
}

static void
test_pop3_where_imap_legacy_host_username (void)
{
  Setup s = { MF_PROTOCOL_POP3, "pop.old.example.jp", 995, MF_SECURITY_TLS, MF_AUTH_PASSWORD, "jiro",
              "smtp.example.jp", 465, MF_SECURITY_TLS, MF_AUTH_PASSWORD, "jiro@example.jp", "jiro@example.jp" };
  g_autoptr(MfDiagnosis) d = diagnose (&s);
  g_autofree gchar *codes = codes_of (d);
  MfRemedy *r = mf_diagnosis_get_remedy (d);
  MfServer *in = mf_remedy_get_incoming (r);

  g_assert_cmpstr (codes, ==, "LEGACY_HOST POP3_WHERE_IMAP USERNAME_FORMAT");
  g_assert_true (mf_remedy_get_converts_to_imap (r));
  g_assert_cmpint (mf_server_get_protocol (in), ==, MF_PROTOCOL_IMAP);
  g_assert_cmpstr (mf_server_get_host (in), ==, "imap.example.jp");
  g_assert_cmpuint (mf_server_get_port (in), ==, 993);
  g_assert_cmpstr (mf_server_get_username (in), ==, "jiro@example.jp");
  g_assert_null (mf_remedy_get_outgoing (r));
}

static void
test_legacy_outgoing_host (void)
{
  Setup s = { MF_PROTOCOL_IMAP, "imap.example.jp", 993, MF_SECURITY_TLS, MF_AUTH_PASSWORD, "jiro@example.jp",
              "mail.old.example.jp", 465, MF_SECURITY_TLS, MF_AUTH_PASSWORD, "jiro@example.jp", "jiro@example.jp" };
  g_autoptr(MfDiagnosis) d = diagnose (&s);
  g_autofree gchar *codes = codes_of (d);
  MfRemedy *r = mf_diagnosis_get_remedy (d);

  g_assert_cmpstr (codes, ==, "LEGACY_HOST");
  g_assert_cmpstr (mf_finding_get_role (g_ptr_array_index (mf_diagnosis_get_findings (d), 0)), ==, "outgoing");
  g_assert_cmpstr (mf_server_get_host (mf_remedy_get_outgoing (r)), ==, "smtp.example.jp");
}

static void
test_unknown_provider_gets_unconfirmed_standard_fix (void)
{
  Setup s = { MF_PROTOCOL_POP3, "mail.unknown-isp.test", 110, MF_SECURITY_NONE, MF_AUTH_PASSWORD, "saburo",
              "mail.unknown-isp.test", 25, MF_SECURITY_NONE, MF_AUTH_NONE, NULL, "saburo@unknown-isp.test" };
  g_autoptr(MfDiagnosis) d = diagnose (&s);
  g_autofree gchar *codes = codes_of (d);
  MfRemedy *r = mf_diagnosis_get_remedy (d);
  MfServer *in = mf_remedy_get_incoming (r);
  MfServer *out = mf_remedy_get_outgoing (r);

  g_assert_null (mf_diagnosis_get_provider (d));
  g_assert_cmpstr (codes, ==, "PLAINTEXT_INCOMING PLAINTEXT_OUTGOING POP_BEFORE_SMTP SMTP_PORT_25");
  g_assert_false (mf_remedy_get_confirmed (r));
  /* POP3 stays POP3: nobody knows whether this provider offers IMAP */
  g_assert_cmpint (mf_server_get_protocol (in), ==, MF_PROTOCOL_POP3);
  g_assert_cmpstr (mf_server_get_host (in), ==, "mail.unknown-isp.test");
  g_assert_cmpuint (mf_server_get_port (in), ==, 995);
  g_assert_cmpint (mf_server_get_security (in), ==, MF_SECURITY_TLS);
  g_assert_cmpstr (mf_server_get_host (out), ==, "mail.unknown-isp.test");
  g_assert_cmpuint (mf_server_get_port (out), ==, 587);
  g_assert_cmpint (mf_server_get_security (out), ==, MF_SECURITY_STARTTLS);
  g_assert_cmpint (mf_server_get_auth (out), ==, MF_AUTH_PASSWORD);
  g_assert_cmpstr (mf_server_get_username (out), ==, "saburo");
}

static void
test_unknown_provider_correct_is_left_alone (void)
{
  Setup s = { MF_PROTOCOL_IMAP, "mail.example.org", 993, MF_SECURITY_TLS, MF_AUTH_PASSWORD, "taro",
              "mail.example.org", 587, MF_SECURITY_STARTTLS, MF_AUTH_PASSWORD, "taro", "taro@example.org" };
  g_autoptr(MfDiagnosis) d = diagnose (&s);

  g_assert_cmpuint (mf_diagnosis_get_findings (d)->len, ==, 0);
  g_assert_null (mf_diagnosis_get_remedy (d));
}

static void
test_dti_documented_fix_confirmed_guess_not (void)
{
  Setup s = { MF_PROTOCOL_POP3, "pop.dream.jp", 110, MF_SECURITY_NONE, MF_AUTH_PASSWORD, "taro",
              "smtp.dream.jp", 25, MF_SECURITY_NONE, MF_AUTH_NONE, NULL, "taro@dream.jp" };
  g_autoptr(MfDiagnosis) d = diagnose (&s);
  MfRemedy *r = mf_diagnosis_get_remedy (d);
  MfServer *out = mf_remedy_get_outgoing (r);

  g_assert_cmpstr (mf_provider_get_id (mf_diagnosis_get_provider (d)), ==, "dream.jp");
  g_assert_true (mf_diagnosis_has_finding (d, MF_FINDING_POP_BEFORE_SMTP));
  /* DTI documents submission on 587 with SMTP AUTH: the host the user has is kept */
  g_assert_true (mf_remedy_get_outgoing_confirmed (r));
  g_assert_cmpstr (mf_server_get_host (out), ==, "smtp.dream.jp");
  g_assert_cmpuint (mf_server_get_port (out), ==, 587);
  g_assert_cmpint (mf_server_get_auth (out), ==, MF_AUTH_PASSWORD);
  g_assert_cmpstr (mf_server_get_username (out), ==, "taro");
  /* POP3 over TLS is only a guess in DTI's file */
  g_assert_false (mf_remedy_get_incoming_confirmed (r));
  g_assert_false (mf_remedy_get_confirmed (r));
}

static void
test_left_alone_kinds (void)
{
  static const MfAccountKind kinds[] = { MF_ACCOUNT_KIND_OAUTH2, MF_ACCOUNT_KIND_OTHER, MF_ACCOUNT_KIND_ARCHIVE };
  Setup s = { MF_PROTOCOL_POP3, "pop.old.example.jp", 110, MF_SECURITY_NONE, MF_AUTH_NONE, "jiro",
              "mail.old.example.jp", 25, MF_SECURITY_NONE, MF_AUTH_NONE, NULL, "jiro@example.jp" };

  for (gsize i = 0; i < G_N_ELEMENTS (kinds); i++) {
    g_autoptr(MfAccount) account = make_account (&s);
    g_autoptr(MfDiagnosis) d = NULL;
    mf_account_set_kind (account, kinds[i]);
    d = mf_diagnosis_new (account, db);
    g_assert_cmpuint (mf_diagnosis_get_findings (d)->len, ==, 0);
    g_assert_null (mf_diagnosis_get_remedy (d));
  }
}

static void
test_provider_found_by_host (void)
{
  /* an address on a domain the database does not list, on docomo's servers */
  Setup s = { MF_PROTOCOL_IMAP, "imap.spmode.ne.jp", 143, MF_SECURITY_NONE, MF_AUTH_PASSWORD, "d-id",
              NULL, 0, MF_SECURITY_NONE, MF_AUTH_NONE, NULL, "someone@forward.example" };
  g_autoptr(MfDiagnosis) d = diagnose (&s);

  g_assert_nonnull (mf_diagnosis_get_provider (d));
  g_assert_cmpstr (mf_provider_get_id (mf_diagnosis_get_provider (d)), ==, "docomo.ne.jp");
  g_assert_true (mf_remedy_get_confirmed (mf_diagnosis_get_remedy (d)));
}

static void
test_messages_in_both_languages (void)
{
  Setup s = { MF_PROTOCOL_IMAP, "imap.spmode.ne.jp", 993, MF_SECURITY_TLS, MF_AUTH_PASSWORD, "d-id",
              "smtp.spmode.ne.jp", 25, MF_SECURITY_TLS, MF_AUTH_NONE, NULL, "hanako@docomo.ne.jp" };
  g_autoptr(MfDiagnosis) d = diagnose (&s);
  MfFinding *f = g_ptr_array_index (mf_diagnosis_get_findings (d), 0);

  g_assert_nonnull (strstr (mf_finding_get_message_en (f), "smtp.spmode.ne.jp"));
  g_assert_nonnull (mf_finding_get_fix_en (f));
  g_assert_cmpint (mf_finding_get_severity (f), ==, MF_SEVERITY_ERROR);
}

static void
test_old_password (void)
{
  Setup s = { MF_PROTOCOL_IMAP, "imap.spmode.ne.jp", 993, MF_SECURITY_TLS, MF_AUTH_PASSWORD, "d-id",
              "smtp.spmode.ne.jp", 465, MF_SECURITY_TLS, MF_AUTH_PASSWORD, "d-id", "hanako@docomo.ne.jp" };
  struct { const gchar *when; gboolean old; } cases[] = {
    { "2019-06-01T10:00:00Z", TRUE },    /* before docomo's IMAP-only password */
    { "2019-11-26T12:00:00+09:00", FALSE },
    { "2024-03-01T10:00:00Z", FALSE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autoptr(MfAccount) account = make_account (&s);
    g_autoptr(GDateTime) when = g_date_time_new_from_iso8601 (cases[i].when, NULL);
    g_autoptr(MfDiagnosis) d = NULL;
    mf_account_set_password_changed (account, when);
    d = mf_diagnosis_new (account, db);
    g_assert_cmpint (mf_diagnosis_has_finding (d, MF_FINDING_OLD_PASSWORD), ==, cases[i].old);
    /* a password is not a setting: the plan is unchanged */
    g_assert_null (mf_diagnosis_get_remedy (d));
  }
  /* no date, or a provider without app passwords: nothing to say */
  {
    g_autoptr(MfAccount) account = make_account (&s);
    g_autoptr(MfDiagnosis) d = mf_diagnosis_new (account, db);
    g_assert_false (mf_diagnosis_has_finding (d, MF_FINDING_OLD_PASSWORD));
  }
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  db = mf_test_provider_db ();
  g_test_add_func ("/diagnosis/correct-account", test_correct_account_has_no_finding);
  g_test_add_func ("/diagnosis/pop-before-smtp-port-25", test_pop_before_smtp_and_port_25);
  g_test_add_func ("/diagnosis/plaintext", test_plaintext_both_ways);
  g_test_add_func ("/diagnosis/pop3-imap-legacy-username", test_pop3_where_imap_legacy_host_username);
  g_test_add_func ("/diagnosis/legacy-outgoing", test_legacy_outgoing_host);
  g_test_add_func ("/diagnosis/unknown-provider", test_unknown_provider_gets_unconfirmed_standard_fix);
  g_test_add_func ("/diagnosis/unknown-provider-correct", test_unknown_provider_correct_is_left_alone);
  g_test_add_func ("/diagnosis/dti", test_dti_documented_fix_confirmed_guess_not);
  g_test_add_func ("/diagnosis/left-alone", test_left_alone_kinds);
  g_test_add_func ("/diagnosis/provider-by-host", test_provider_found_by_host);
  g_test_add_func ("/diagnosis/messages", test_messages_in_both_languages);
  g_test_add_func ("/diagnosis/old-password", test_old_password);
  status = g_test_run ();
  g_object_unref (db);
  return status;
}
