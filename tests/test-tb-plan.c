/* test-tb-plan.c: the exact prefs.js edits a plan makes, on real profiles */
#include "config.h"

#include "mailfix.h"
#include "mf-prefs-js.h"
#include "mf-test-utils.h"

static MfProviderDb *db;

typedef struct {
  gchar *dir;
  MfSession *session;
} Fixture;

static void
fixture_setup (Fixture *f, const gchar *rel, gboolean as_home)
{
  g_autoptr(GError) error = NULL;

  f->dir = mf_test_make_tempdir ("tbplan");
  mf_test_copy_fixture (rel, f->dir);
  f->session = mf_session_new ();
  mf_session_set_provider_db (f->session, db);
  if (as_home)
    mf_session_add_home (f->session, f->dir);
  else
    mf_session_add_profile_path (f->session, f->dir);
  mf_session_scan (f->session, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->session);
  mf_test_rmtree (f->dir);
  g_free (f->dir);
}

static MfPrefsJs *
parse_bytes (GBytes *bytes)
{
  g_autoptr(GError) error = NULL;
  gsize len = 0;
  const gchar *data = g_bytes_get_data (bytes, &len);
  MfPrefsJs *prefs = mf_prefs_js_parse (data, len, "prefs.js", &error);

  g_assert_no_error (error);
  return prefs;
}

static gboolean
edited (MfPlan *plan, const gchar *key)
{
  GPtrArray *edits = mf_plan_get_edits (plan);

  for (guint i = 0; i < edits->len; i++) {
    if (g_strcmp0 (mf_edit_get_key (g_ptr_array_index (edits, i)), key) == 0)
      return TRUE;
  }
  return FALSE;
}

/* every line the plan does not edit comes out byte for byte */
static void
assert_untouched_lines_kept (MfPlan *plan, MfPlanFile *file)
{
  gsize old_len = 0, new_len = 0;
  const gchar *old_data = g_bytes_get_data (mf_plan_file_get_old (file), &old_len);
  const gchar *new_data = g_bytes_get_data (mf_plan_file_get_new (file), &new_len);
  g_autofree gchar *old_text = g_strndup (old_data, old_len);
  g_autofree gchar *new_text = g_strndup (new_data, new_len);
  g_auto(GStrv) lines = g_strsplit (old_text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++) {
    const gchar *q1, *q2;
    g_autofree gchar *key = NULL;
    if (!g_str_has_prefix (lines[i], "user_pref(\""))
      continue;
    q1 = lines[i] + strlen ("user_pref(\"");
    q2 = strchr (q1, '"');
    key = g_strndup (q1, q2 - q1);
    if (!edited (plan, key) && strstr (new_text, lines[i]) == NULL)
      g_error ("line changed without an edit: %s", lines[i]);
  }
}

static void
assert_int (MfPrefsJs *prefs, const gchar *key, gint32 want)
{
  gint32 have = 0;
  if (!mf_prefs_js_get_int (prefs, key, &have))
    g_error ("%s is not set", key);
  g_assert_cmpint (have, ==, want);
}

static void
test_helpdesk_confirmed (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MfPlan) plan = mf_session_plan (f->session, NULL, MF_PLAN_FLAGS_NONE, &error);
  g_autoptr(MfPrefsJs) after = NULL;
  MfPlanFile *file;

  g_assert_no_error (error);
  g_assert_cmpuint (mf_plan_get_files (plan)->len, ==, 1);
  g_assert_cmpuint (mf_plan_get_remedies (plan)->len, ==, 2);
  /* DTI's unconfirmed POP3 guess is left out, and says why */
  g_assert_cmpuint (mf_plan_get_skipped (plan)->len, ==, 1);
  g_assert_nonnull (mf_remedy_get_incoming (g_ptr_array_index (mf_plan_get_skipped (plan), 0)));
  file = g_ptr_array_index (mf_plan_get_files (plan), 0);
  after = parse_bytes (mf_plan_file_get_new (file));

  /* DTI: submission port, SMTP AUTH with the incoming login, same host */
  assert_int (after, "mail.smtpserver.smtp1.port", 587);
  assert_int (after, "mail.smtpserver.smtp1.try_ssl", 2);
  assert_int (after, "mail.smtpserver.smtp1.authMethod", 3);
  g_assert_cmpstr (mf_prefs_js_get_string (after, "mail.smtpserver.smtp1.username"), ==, "taro");
  g_assert_cmpstr (mf_prefs_js_get_string (after, "mail.smtpserver.smtp1.hostname"), ==, "smtp.dream.jp");
  g_assert_false (edited (plan, "mail.server.server1.port"));
  /* docomo: IMAP on 993 with TLS, SMTP on 465 with TLS and sign-in */
  assert_int (after, "mail.server.server3.port", 993);
  assert_int (after, "mail.server.server3.socketType", 3);
  assert_int (after, "mail.smtpserver.smtp2.port", 465);
  assert_int (after, "mail.smtpserver.smtp2.try_ssl", 3);
  assert_int (after, "mail.smtpserver.smtp2.authMethod", 3);
  /* the legacy pref that said "no sign-in" goes, or it would say so again */
  g_assert_false (mf_prefs_js_has (after, "mail.smtpserver.smtp2.auth_method"));
  /* OAuth2 and the correct account are not touched */
  g_assert_false (edited (plan, "mail.server.server4.port"));
  g_assert_false (edited (plan, "mail.smtpserver.smtp3.authMethod"));
  g_assert_false (edited (plan, "mail.smtpserver.smtp4.port"));
  assert_untouched_lines_kept (plan, file);
}

static void
test_helpdesk_unconfirmed (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MfPlan) plan = mf_session_plan (f->session, NULL, MF_PLAN_FLAGS_INCLUDE_UNCONFIRMED, &error);
  g_autoptr(MfPrefsJs) after = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (mf_plan_get_skipped (plan)->len, ==, 0);
  after = parse_bytes (mf_plan_file_get_new (g_ptr_array_index (mf_plan_get_files (plan), 0)));
  assert_int (after, "mail.server.server1.port", 995);
  assert_int (after, "mail.server.server1.socketType", 3);
  g_assert_cmpstr (mf_prefs_js_get_string (after, "mail.server.server1.hostname"), ==, "pop.dream.jp");
}

/* accepting the standard fix of one account leaves the others' unconfirmed
 * parts out: DTI's incoming server is the only unconfirmed part here */
static void
test_helpdesk_accepted_per_account (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  const gchar *dti[] = { "thunderbird:k3x9a2bd.default-esr:account1", NULL };
  const gchar *docomo[] = { "thunderbird:k3x9a2bd.default-esr:account3", NULL };
  const gchar *unknown[] = { "thunderbird:nowhere:account9", NULL };
  g_autoptr(MfPlan) with_dti = mf_session_plan_accepting (f->session, NULL, dti, &error);
  g_autoptr(MfPlan) with_docomo = NULL;
  g_autoptr(MfPlan) none = NULL;
  g_autoptr(MfPrefsJs) after = NULL;
  GPtrArray *skipped;

  g_assert_no_error (error);
  g_assert_cmpuint (mf_plan_get_skipped (with_dti)->len, ==, 0);
  after = parse_bytes (mf_plan_file_get_new (g_ptr_array_index (mf_plan_get_files (with_dti), 0)));
  assert_int (after, "mail.server.server1.port", 995);

  with_docomo = mf_session_plan_accepting (f->session, NULL, docomo, &error);
  g_assert_no_error (error);
  g_assert_false (edited (with_docomo, "mail.server.server1.port"));
  g_assert_true (edited (with_docomo, "mail.server.server3.port"));
  g_assert_true (edited (with_docomo, "mail.smtpserver.smtp1.port"));
  skipped = mf_plan_get_skipped (with_docomo);
  g_assert_cmpuint (skipped->len, ==, 1);
  g_assert_cmpstr (mf_account_get_id (mf_remedy_get_account (g_ptr_array_index (skipped, 0))), ==, dti[0]);

  none = mf_session_plan_accepting (f->session, NULL, unknown, &error);
  g_assert_null (none);
  g_assert_error (error, MF_ERROR, MF_ERROR_NOT_FOUND);
}

static void
test_account_filter (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  const gchar *only[] = { "thunderbird:k3x9a2bd.default-esr:account3", NULL };
  const gchar *unknown[] = { "thunderbird:nowhere:account9", NULL };
  g_autoptr(MfPlan) plan = mf_session_plan (f->session, only, MF_PLAN_FLAGS_NONE, &error);
  g_autoptr(MfPlan) none = NULL;
  GPtrArray *edits;

  g_assert_no_error (error);
  edits = mf_plan_get_edits (plan);
  g_assert_cmpuint (edits->len, >, 0);
  for (guint i = 0; i < edits->len; i++)
    g_assert_cmpstr (mf_edit_get_account_id (g_ptr_array_index (edits, i)), ==, only[0]);
  none = mf_session_plan (f->session, unknown, MF_PLAN_FLAGS_NONE, &error);
  g_assert_null (none);
  g_assert_error (error, MF_ERROR, MF_ERROR_NOT_FOUND);
}

static void
test_pop_to_imap (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MfPlan) plan = mf_session_plan (f->session, NULL, MF_PLAN_FLAGS_NONE, &error);
  g_autoptr(MfPrefsJs) after = NULL;
  MfPlanFile *file;

  g_assert_no_error (error);
  file = g_ptr_array_index (mf_plan_get_files (plan), 0);
  after = parse_bytes (mf_plan_file_get_new (file));
  /* a new account, server and identity, as Thunderbird's setup makes them */
  g_assert_cmpstr (mf_prefs_js_get_string (after, "mail.accountmanager.accounts"), ==, "account3,account1,account2");
  g_assert_cmpstr (mf_prefs_js_get_string (after, "mail.accountmanager.defaultaccount"), ==, "account3");
  assert_int (after, "mail.account.lastKey", 3);
  g_assert_cmpstr (mf_prefs_js_get_string (after, "mail.account.account3.server"), ==, "server3");
  g_assert_cmpstr (mf_prefs_js_get_string (after, "mail.account.account3.identities"), ==, "id2");
  g_assert_cmpstr (mf_prefs_js_get_string (after, "mail.server.server3.type"), ==, "imap");
  g_assert_cmpstr (mf_prefs_js_get_string (after, "mail.server.server3.hostname"), ==, "imap.example.jp");
  g_assert_cmpstr (mf_prefs_js_get_string (after, "mail.server.server3.userName"), ==, "jiro@example.jp");
  assert_int (after, "mail.server.server3.port", 993);
  assert_int (after, "mail.server.server3.socketType", 3);
  g_assert_cmpstr (mf_prefs_js_get_string (after, "mail.identity.id2.fullName"), ==, "鈴木 次郎");
  g_assert_cmpstr (mf_prefs_js_get_string (after, "mail.identity.id2.htmlSigText"), ==, "鈴木 次郎\n\"example\" 株式会社");
  g_assert_cmpstr (mf_prefs_js_get_string (after, "mail.identity.id2.fcc_folder"), ==,
                   "imap://jiro%40example.jp@imap.example.jp/Sent");
  g_assert_cmpstr (mf_prefs_js_get_string (after, "mail.identity.id2.smtpServer"), ==, "smtp1");
  /* the POP3 account keeps its server, folder and mail; it only stops fetching and sending */
  g_assert_cmpstr (mf_prefs_js_get_string (after, "mail.account.account1.server"), ==, "server1");
  g_assert_false (mf_prefs_js_has (after, "mail.account.account1.identities"));
  g_assert_cmpstr (mf_prefs_js_get_string (after, "mail.server.server1.type"), ==, "pop3");
  g_assert_cmpstr (mf_prefs_js_get_string (after, "mail.server.server1.directory-rel"), ==, "[ProfD]Mail/pop.old.example.jp");
  g_assert_cmpstr (mf_prefs_js_get_string (after, "mail.identity.id1.fcc_folder"), ==, "mailbox://jiro@pop.old.example.jp/Sent");
  /* the retired SMTP host is replaced */
  g_assert_cmpstr (mf_prefs_js_get_string (after, "mail.smtpserver.smtp1.hostname"), ==, "smtp.example.jp");
  g_assert_cmpstr (mf_prefs_js_get_string (after, "mail.smtpserver.smtp1.username"), ==, "jiro@example.jp");
  assert_untouched_lines_kept (plan, file);
}

/* a profile holding only this prefs.js, scanned */
static MfSession *
scan_prefs (const gchar *dir, const gchar *text)
{
  g_autofree gchar *prefs = g_build_filename (dir, "prefs.js", NULL);
  g_autoptr(GError) error = NULL;
  MfSession *session = mf_session_new ();

  mf_test_write_file (prefs, text);
  mf_session_set_provider_db (session, db);
  mf_session_add_profile_path (session, dir);
  g_assert_true (mf_session_scan (session, &error));
  g_assert_no_error (error);
  return session;
}

static void
test_username_change_moves_folder_uris (void)
{
  g_autofree gchar *dir = mf_test_make_tempdir ("tbplan");
  g_autoptr(MfSession) session = NULL;
  g_autoptr(MfPlan) plan = NULL;
  g_autoptr(MfPrefsJs) after = NULL;
  g_autoptr(GError) error = NULL;

  session = scan_prefs (dir,
    "user_pref(\"mail.account.account1.identities\", \"id1\");\n"
    "user_pref(\"mail.account.account1.server\", \"server1\");\n"
    "user_pref(\"mail.accountmanager.accounts\", \"account1\");\n"
    "user_pref(\"mail.identity.id1.draft_folder\", \"imap://jiro@imap.example.jp/Drafts\");\n"
    "user_pref(\"mail.identity.id1.fcc_folder\", \"imap://jiro@imap.example.jp/Sent\");\n"
    "user_pref(\"mail.identity.id1.smtpServer\", \"smtp1\");\n"
    "user_pref(\"mail.identity.id1.useremail\", \"jiro@example.jp\");\n"
    "user_pref(\"mail.server.server1.hostname\", \"imap.example.jp\");\n"
    "user_pref(\"mail.server.server1.socketType\", 3);\n"
    "user_pref(\"mail.server.server1.type\", \"imap\");\n"
    "user_pref(\"mail.server.server1.userName\", \"jiro\");\n"
    "user_pref(\"mail.smtpserver.smtp1.hostname\", \"smtp.example.jp\");\n"
    "user_pref(\"mail.smtpserver.smtp1.try_ssl\", 3);\n"
    "user_pref(\"mail.smtpserver.smtp1.username\", \"jiro@example.jp\");\n");
  plan = mf_session_plan (session, NULL, MF_PLAN_FLAGS_NONE, &error);
  g_assert_no_error (error);
  after = parse_bytes (mf_plan_file_get_new (g_ptr_array_index (mf_plan_get_files (plan), 0)));
  g_assert_cmpstr (mf_prefs_js_get_string (after, "mail.server.server1.userName"), ==, "jiro@example.jp");
  g_assert_cmpstr (mf_prefs_js_get_string (after, "mail.identity.id1.fcc_folder"), ==,
                   "imap://jiro%40example.jp@imap.example.jp/Sent");
  g_assert_cmpstr (mf_prefs_js_get_string (after, "mail.identity.id1.draft_folder"), ==,
                   "imap://jiro%40example.jp@imap.example.jp/Drafts");
  mf_test_rmtree (dir);
}

static void
test_user_js_conflict (Fixture *f, gconstpointer data)
{
  g_autofree gchar *user_js = g_build_filename (f->dir, ".thunderbird", "k3x9a2bd.default-esr", "user.js", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MfPlan) plan = NULL;

  mf_test_write_file (user_js, "user_pref(\"mail.smtpserver.smtp2.port\", 587);\n");
  plan = mf_session_plan (f->session, NULL, MF_PLAN_FLAGS_NONE, &error);
  g_assert_null (plan);
  g_assert_error (error, MF_ERROR, MF_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "user.js"));
  g_assert_nonnull (strstr (error->message, "mail.smtpserver.smtp2.port"));
}

static void
test_shared_outgoing_server_planned_once (void)
{
  g_autofree gchar *dir = mf_test_make_tempdir ("tbplan");
  g_autoptr(MfSession) session = NULL;
  g_autoptr(MfPlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  guint port_edits = 0;

  session = scan_prefs (dir,
    "user_pref(\"mail.account.account1.identities\", \"id1\");\n"
    "user_pref(\"mail.account.account1.server\", \"server1\");\n"
    "user_pref(\"mail.account.account2.identities\", \"id2\");\n"
    "user_pref(\"mail.account.account2.server\", \"server2\");\n"
    "user_pref(\"mail.accountmanager.accounts\", \"account1,account2\");\n"
    "user_pref(\"mail.identity.id1.useremail\", \"a@docomo.ne.jp\");\n"
    "user_pref(\"mail.identity.id2.useremail\", \"b@docomo.ne.jp\");\n"
    "user_pref(\"mail.server.server1.hostname\", \"imap.spmode.ne.jp\");\n"
    "user_pref(\"mail.server.server1.socketType\", 3);\n"
    "user_pref(\"mail.server.server1.type\", \"imap\");\n"
    "user_pref(\"mail.server.server1.userName\", \"da\");\n"
    "user_pref(\"mail.server.server2.hostname\", \"imap.spmode.ne.jp:993\");\n"
    "user_pref(\"mail.server.server2.socketType\", 3);\n"
    "user_pref(\"mail.server.server2.type\", \"imap\");\n"
    "user_pref(\"mail.server.server2.userName\", \"db\");\n"
    "user_pref(\"mail.smtp.defaultserver\", \"smtp1\");\n"
    "user_pref(\"mail.smtpserver.smtp1.hostname\", \"smtp.spmode.ne.jp\");\n"
    "user_pref(\"mail.smtpserver.smtp1.port\", 25);\n"
    "user_pref(\"mail.smtpserver.smtp1.try_ssl\", 3);\n"
    "user_pref(\"mail.smtpserver.smtp1.username\", \"da\");\n");
  plan = mf_session_plan (session, NULL, MF_PLAN_FLAGS_NONE, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < mf_plan_get_edits (plan)->len; i++) {
    if (g_strcmp0 (mf_edit_get_key (g_ptr_array_index (mf_plan_get_edits (plan), i)), "mail.smtpserver.smtp1.port") == 0)
      port_edits++;
  }
  g_assert_cmpuint (port_edits, ==, 1);
  mf_test_rmtree (dir);
}

static void
test_broken_account_does_not_block (void)
{
  g_autofree gchar *dir = mf_test_make_tempdir ("tbplan");
  g_autoptr(MfSession) session = NULL;
  g_autoptr(MfPlan) plan = NULL;
  g_autoptr(MfPrefsJs) after = NULL;
  g_autoptr(GError) error = NULL;

  session = scan_prefs (dir,
    "user_pref(\"mail.account.account1.identities\", \"id1\");\n"
    "user_pref(\"mail.account.account1.server\", \"server1\");\n"
    "user_pref(\"mail.account.account2.server\", \"server2\");\n"
    "user_pref(\"mail.accountmanager.accounts\", \"account1,account2\");\n"
    "user_pref(\"mail.identity.id1.useremail\", \"a@docomo.ne.jp\");\n"
    "user_pref(\"mail.server.server1.hostname\", \"imap.spmode.ne.jp\");\n"
    "user_pref(\"mail.server.server1.type\", \"imap\");\n"
    "user_pref(\"mail.server.server1.userName\", \"da\");\n"
    "user_pref(\"mail.server.server2.userName\", \"nobody\");\n");
  plan = mf_session_plan (session, NULL, MF_PLAN_FLAGS_NONE, &error);
  g_assert_no_error (error);
  after = parse_bytes (mf_plan_file_get_new (g_ptr_array_index (mf_plan_get_files (plan), 0)));
  assert_int (after, "mail.server.server1.socketType", 3);
  /* the account Thunderbird will drop is neither repaired nor half-written */
  g_assert_false (mf_prefs_js_has (after, "mail.server.server2.type"));
  g_assert_false (mf_prefs_js_has (after, "mail.server.server2.hostname"));
  mf_test_rmtree (dir);
}

static void
test_plan_diff_is_readable (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MfPlan) plan = mf_session_plan (f->session, NULL, MF_PLAN_FLAGS_NONE, &error);
  g_autofree gchar *diff = mf_plan_to_diff (plan);

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (diff, "--- "));
  g_assert_nonnull (strstr (diff, "\n-user_pref(\"mail.server.server3.port\", 143);\n"));
  g_assert_nonnull (strstr (diff, "\n+user_pref(\"mail.server.server3.port\", 993);\n"));
  g_assert_nonnull (strstr (diff, "\n+user_pref(\"mail.server.server3.socketType\", 3);\n"));
  g_assert_nonnull (strstr (diff, "\n-user_pref(\"mail.smtpserver.smtp2.auth_method\", 0);\n"));
  g_assert_nonnull (strstr (diff, "@@ -"));
}

static void
setup_helpdesk (Fixture *f, gconstpointer data)
{
  fixture_setup (f, MF_TEST_SAMPLE_HOME, TRUE);
}

static void
setup_pop (Fixture *f, gconstpointer data)
{
  fixture_setup (f, "thunderbird/pop-to-imap", FALSE);
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  db = mf_test_provider_db ();
  g_test_add ("/tb-plan/helpdesk/confirmed", Fixture, NULL, setup_helpdesk, test_helpdesk_confirmed, fixture_teardown);
  g_test_add ("/tb-plan/helpdesk/unconfirmed", Fixture, NULL, setup_helpdesk, test_helpdesk_unconfirmed, fixture_teardown);
  g_test_add ("/tb-plan/helpdesk/accepted-per-account", Fixture, NULL, setup_helpdesk,
              test_helpdesk_accepted_per_account, fixture_teardown);
  g_test_add ("/tb-plan/helpdesk/account-filter", Fixture, NULL, setup_helpdesk, test_account_filter, fixture_teardown);
  g_test_add ("/tb-plan/helpdesk/user-js", Fixture, NULL, setup_helpdesk, test_user_js_conflict, fixture_teardown);
  g_test_add ("/tb-plan/helpdesk/diff", Fixture, NULL, setup_helpdesk, test_plan_diff_is_readable, fixture_teardown);
  g_test_add ("/tb-plan/pop-to-imap", Fixture, NULL, setup_pop, test_pop_to_imap, fixture_teardown);
  g_test_add_func ("/tb-plan/username-folder-uris", test_username_change_moves_folder_uris);
  g_test_add_func ("/tb-plan/shared-smtp", test_shared_outgoing_server_planned_once);
  g_test_add_func ("/tb-plan/broken-account", test_broken_account_does_not_block);
  status = g_test_run ();
  g_object_unref (db);
  return status;
}
