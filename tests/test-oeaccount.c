/* test-oeaccount.c: Windows (Live) Mail account files, in their own UTF-16
 * format, on a Windows user folder as a helpdesk mounts it */
#include "config.h"

#include "mailfix.h"
#include "mf-test-utils.h"

#define USER_REL "Users/taro"
#define STORE_REL "Users/taro/AppData/Local/Microsoft/Windows Live Mail"

static MfProviderDb *db;

static MfSession *
scan (const gchar *home)
{
  MfSession *session = mf_test_scan_home (db, home);

  g_assert_cmpuint (mf_session_get_problems (session)->len, ==, 0);
  return session;
}

static MfAccount *
account (MfSession *session, const gchar *file)
{
  g_autofree gchar *id = g_strdup_printf ("oeaccount:%s", file);
  MfAccount *a = mf_session_find_account (session, id);
  g_assert_nonnull (a);
  return a;
}

static void
test_mapping (void)
{
  g_autofree gchar *root = mf_test_make_tempdir ("oe");
  g_autofree gchar *home = g_build_filename (root, USER_REL, NULL);
  g_autoptr(MfSession) session = NULL;
  MfAccount *dti, *ok;

  mf_test_copy_fixture ("windows", root);
  session = scan (home);
  g_assert_cmpuint (mf_session_get_accounts (session)->len, ==, 3);
  /* SMTP_Use_Sicily=0 on 25: sending without signing in */
  dti = account (session, "account{6F1A2B3C-0001}.oeaccount");
  g_assert_cmpstr (mf_account_get_address (dti), ==, "taro@dream.jp");
  g_assert_cmpuint (mf_server_get_port (mf_account_get_incoming (dti)), ==, 110);
  g_assert_cmpint (mf_server_get_auth (mf_account_get_outgoing (dti)), ==, MF_AUTH_NONE);
  g_assert_cmpuint (mf_server_get_port (mf_account_get_outgoing (dti)), ==, 25);
  g_assert_true (mf_diagnosis_has_finding (mf_session_get_diagnosis (session, dti), MF_FINDING_POP_BEFORE_SMTP));
  /* SMTP_Use_Sicily=2 is SMTP AUTH with the incoming login, not POP-before-SMTP */
  ok = account (session, "account{6F1A2B3C-0002}.oeaccount");
  g_assert_cmpint (mf_server_get_auth (mf_account_get_outgoing (ok)), ==, MF_AUTH_PASSWORD);
  g_assert_cmpstr (mf_server_get_username (mf_account_get_outgoing (ok)), ==, "taro@example.org");
  g_assert_cmpint (mf_server_get_security (mf_account_get_outgoing (ok)), ==, MF_SECURITY_STARTTLS);
  g_assert_cmpuint (mf_server_get_port (mf_account_get_incoming (ok)), ==, 993);
  g_assert_cmpuint (mf_diagnosis_get_findings (mf_session_get_diagnosis (session, ok))->len, ==, 0);
  mf_test_rmtree (root);
}

static void
test_apply_rollback (void)
{
  g_autofree gchar *root = mf_test_make_tempdir ("oe");
  g_autofree gchar *home = g_build_filename (root, USER_REL, NULL);
  g_autofree gchar *store = g_build_filename (root, STORE_REL, NULL);
  g_autofree gchar *dti_path = g_build_filename (store, "{6F1A2B3C-0001}", "account{6F1A2B3C-0001}.oeaccount", NULL);
  g_autofree gchar *imap_path = g_build_filename (store, "account{6F1A2B3C-0003}-imap.oeaccount", NULL);
  g_autoptr(GHashTable) before = NULL;
  g_autoptr(GHashTable) after = NULL;
  g_autoptr(MfSession) session = NULL;
  g_autoptr(MfSession) again = NULL;
  g_autoptr(MfPlan) plan = NULL;
  g_autoptr(MfPlan) replan = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree gchar *written = NULL;
  gsize len = 0;
  MfAccount *dti;

  mf_test_copy_fixture ("windows", root);
  before = mf_test_snapshot_tree (store);
  session = scan (home);
  plan = mf_session_plan (session, NULL, MF_PLAN_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_true (mf_session_apply (session, plan, ids, &error));
  g_assert_no_error (error);

  /* written back as the program writes it: UTF-16LE with a byte-order mark */
  written = mf_test_read_file (dti_path, &len);
  g_assert_cmpuint (len, >, 2);
  g_assert_cmpuint ((guchar) written[0], ==, 0xff);
  g_assert_cmpuint ((guchar) written[1], ==, 0xfe);
  /* the POP3 account of a provider with IMAP: a new IMAP account file */
  g_assert_true (g_file_test (imap_path, G_FILE_TEST_EXISTS));

  again = scan (home);
  dti = account (again, "account{6F1A2B3C-0001}.oeaccount");
  g_assert_cmpuint (mf_server_get_port (mf_account_get_outgoing (dti)), ==, 587);
  g_assert_cmpint (mf_server_get_auth (mf_account_get_outgoing (dti)), ==, MF_AUTH_PASSWORD);
  g_assert_cmpint (mf_server_get_security (mf_account_get_outgoing (dti)), ==, MF_SECURITY_STARTTLS);
  g_assert_cmpint (mf_account_get_kind (account (again, "account{6F1A2B3C-0003}.oeaccount")), ==, MF_ACCOUNT_KIND_ARCHIVE);
  g_assert_cmpuint (mf_server_get_port (mf_account_get_incoming (account (again, "account{6F1A2B3C-0003}-imap.oeaccount"))), ==, 993);
  replan = mf_session_plan (again, NULL, MF_PLAN_FLAGS_NONE, &error);
  g_assert_true (mf_plan_is_empty (replan));

  g_assert_true (mf_session_rollback (again, g_ptr_array_index (ids, 0), FALSE, &error));
  g_assert_no_error (error);
  after = mf_test_snapshot_tree (store);
  mf_test_assert_same_tree (before, after);
  mf_test_rmtree (root);
}

static void
test_broken_file (void)
{
  g_autofree gchar *root = mf_test_make_tempdir ("oe");
  g_autofree gchar *home = g_build_filename (root, USER_REL, NULL);
  g_autofree gchar *bad = g_build_filename (root, STORE_REL, "{bad}", "account{bad}.oeaccount", NULL);
  g_autoptr(MfSession) session = mf_session_new ();
  g_autoptr(GError) error = NULL;
  const GError *problem;

  mf_test_copy_fixture ("windows", root);
  mf_test_write_file (bad, "<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>\n<MessageAccount>&e;</MessageAccount>\n");
  mf_session_set_provider_db (session, db);
  mf_session_add_home (session, home);
  g_assert_true (mf_session_scan (session, &error));
  /* the store is refused, naming the file, and nothing of it is planned */
  g_assert_cmpuint (mf_session_get_problems (session)->len, ==, 1);
  problem = g_ptr_array_index (mf_session_get_problems (session), 0);
  g_assert_nonnull (strstr (problem->message, "account{bad}.oeaccount"));
  g_assert_null (strstr (problem->message, "root:"));
  g_assert_cmpuint (mf_session_get_accounts (session)->len, ==, 0);
  mf_test_rmtree (root);
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  db = mf_test_provider_db ();
  g_test_add_func ("/oeaccount/mapping", test_mapping);
  g_test_add_func ("/oeaccount/apply-rollback", test_apply_rollback);
  g_test_add_func ("/oeaccount/broken-file", test_broken_file);
  status = g_test_run ();
  g_object_unref (db);
  return status;
}
