/* test-evo.c: the Evolution store on sources in Evolution's own key-file
 * format: the join by UID, the plan, apply, rollback, refusals */
#include "config.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "mailfix.h"
#include "mf-test-utils.h"

#define SOURCES_REL ".config/evolution/sources"

static MfProviderDb *db;

static gchar *
evo_home (void)
{
  gchar *home = mf_test_make_tempdir ("evo");
  mf_test_copy_fixture ("evolution/home", home);
  return home;
}

static MfSession *
scan (const gchar *home)
{
  return mf_test_scan_home (db, home);
}

static MfAccount *
account (MfSession *session, const gchar *uid)
{
  g_autofree gchar *id = g_strdup_printf ("evolution:%s", uid);
  MfAccount *a = mf_session_find_account (session, id);
  g_assert_nonnull (a);
  return a;
}

static GKeyFile *
read_source (const gchar *home, const gchar *uid)
{
  g_autofree gchar *path = g_strdup_printf ("%s/%s/%s.source", home, SOURCES_REL, uid);
  g_autoptr(GError) error = NULL;
  GKeyFile *keys = g_key_file_new ();

  g_key_file_load_from_file (keys, path, G_KEY_FILE_NONE, &error);
  g_assert_no_error (error);
  return keys;
}

static gchar *
get (GKeyFile *keys, const gchar *group, const gchar *key)
{
  return g_key_file_get_value (keys, group, key, NULL);
}

static void
assert_value (GKeyFile *keys, const gchar *group, const gchar *key, const gchar *want)
{
  g_autofree gchar *have = get (keys, group, key);
  g_assert_cmpstr (have, ==, want);
}

static void
test_join (void)
{
  g_autofree gchar *home = evo_home ();
  g_autoptr(MfSession) session = scan (home);
  MfAccount *dti, *docomo, *google;

  /* five mail accounts; the calendar and the collection itself are not mail accounts */
  g_assert_cmpuint (mf_session_get_accounts (session)->len, ==, 5);
  g_assert_cmpuint (mf_session_get_problems (session)->len, ==, 0);

  dti = account (session, "1700000001.1000.1@pc01");
  g_assert_cmpstr (mf_account_get_address (dti), ==, "taro@dream.jp");
  g_assert_cmpint (mf_server_get_protocol (mf_account_get_incoming (dti)), ==, MF_PROTOCOL_POP3);
  /* a store's Method=none is the plain POP3 login */
  g_assert_cmpint (mf_server_get_auth (mf_account_get_incoming (dti)), ==, MF_AUTH_PASSWORD);
  /* a transport's Method=none is no SMTP AUTH at all */
  g_assert_cmpint (mf_server_get_auth (mf_account_get_outgoing (dti)), ==, MF_AUTH_NONE);
  g_assert_cmpuint (mf_server_get_port (mf_account_get_outgoing (dti)), ==, 25);

  docomo = account (session, "1700000002.1000.1@pc01");
  /* POPB4SMTP is POP-before-SMTP: no sign-in on the SMTP server itself */
  g_assert_cmpint (mf_server_get_auth (mf_account_get_outgoing (docomo)), ==, MF_AUTH_NONE);
  g_assert_true (mf_diagnosis_has_finding (mf_session_get_diagnosis (session, docomo), MF_FINDING_POP_BEFORE_SMTP));
  g_assert_true (mf_diagnosis_has_finding (mf_session_get_diagnosis (session, docomo), MF_FINDING_PLAINTEXT_INCOMING));

  google = account (session, "1700000004.1000.1@pc01");
  g_assert_cmpint (mf_account_get_kind (google), !=, MF_ACCOUNT_KIND_MAIL);
  g_assert_cmpuint (mf_diagnosis_get_findings (mf_session_get_diagnosis (session, google))->len, ==, 0);
  g_assert_cmpuint (mf_diagnosis_get_findings (mf_session_get_diagnosis (session,
                    account (session, "1700000003.1000.1@pc01")))->len, ==, 0);
  mf_test_rmtree (home);
}

static void
test_plan_and_apply (void)
{
  g_autofree gchar *home = evo_home ();
  g_autofree gchar *dir = g_build_filename (home, SOURCES_REL, NULL);
  g_autoptr(GHashTable) before = mf_test_snapshot_tree (dir);
  g_autoptr(MfSession) session = scan (home);
  g_autoptr(GError) error = NULL;
  g_autoptr(MfPlan) plan = mf_session_plan (session, NULL, MF_PLAN_FLAGS_NONE, &error);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GKeyFile) dti_smtp = NULL, docomo_imap = NULL, docomo_smtp = NULL;
  g_autoptr(GKeyFile) pop = NULL, ident = NULL, correct = NULL;
  g_autoptr(MfSession) again = NULL;
  g_autoptr(MfPlan) replan = NULL;
  g_autoptr(GHashTable) after = NULL;
  g_autofree gchar *correct_before = NULL;
  g_autofree gchar *correct_path = g_strdup_printf ("%s/1700000003.1000.1@pc01.source", dir);
  g_autofree gchar *new_uid = NULL;
  guint imap_accounts = 0;

  g_assert_no_error (error);
  correct_before = mf_test_read_file (correct_path, NULL);
  g_assert_true (mf_session_apply (session, plan, ids, &error));
  g_assert_no_error (error);
  /* no registry watches this folder: the files alone carry the change */
  g_assert_cmpuint (mf_session_get_apply_notes (session)->len, ==, 0);

  /* DTI: submission port with SMTP AUTH, the host the user has */
  dti_smtp = read_source (home, "1700000001.1000.3@pc01");
  assert_value (dti_smtp, "Authentication", "Host", "smtp.dream.jp");
  assert_value (dti_smtp, "Authentication", "Port", "587");
  assert_value (dti_smtp, "Authentication", "Method", "PLAIN");
  assert_value (dti_smtp, "Authentication", "User", "taro");
  assert_value (dti_smtp, "Security", "Method", "starttls-on-standard-port");
  /* keys the change does not touch stay as they were */
  assert_value (dti_smtp, "Authentication", "ProxyUid", "system-proxy");
  assert_value (dti_smtp, "Smtp Backend", "ReencodeData", "false");

  docomo_imap = read_source (home, "1700000002.1000.1@pc01");
  assert_value (docomo_imap, "Authentication", "Port", "993");
  assert_value (docomo_imap, "Security", "Method", "ssl-on-alternate-port");
  assert_value (docomo_imap, "Authentication", "Method", "none");
  assert_value (docomo_imap, "Imapx Backend", "ConcurrentConnections", "3");
  docomo_smtp = read_source (home, "1700000002.1000.3@pc01");
  assert_value (docomo_smtp, "Authentication", "Port", "465");
  assert_value (docomo_smtp, "Authentication", "Method", "PLAIN");
  assert_value (docomo_smtp, "Security", "Method", "ssl-on-alternate-port");

  /* POP3 on a provider with IMAP: a new imapx account, the POP3 one switched off */
  pop = read_source (home, "1700000006.1000.1@pc01");
  assert_value (pop, "Data Source", "Enabled", "false");
  assert_value (pop, "Mail Account", "BackendName", "pop");
  assert_value (pop, "Pop Backend", "KeepOnServer", "true");
  ident = read_source (home, "1700000006.1000.2@pc01");
  new_uid = get (ident, "Data Source", "Parent");
  g_assert_cmpstr (new_uid, !=, "1700000006.1000.1@pc01");
  {
    g_autoptr(GKeyFile) imap = read_source (home, new_uid);
    assert_value (imap, "Mail Account", "BackendName", "imapx");
    assert_value (imap, "Mail Account", "IdentityUid", "1700000006.1000.2@pc01");
    assert_value (imap, "Authentication", "Host", "imap.example.jp");
    assert_value (imap, "Authentication", "Port", "993");
    assert_value (imap, "Security", "Method", "ssl-on-alternate-port");
  }
  /* the correct account's file is not even rewritten */
  {
    g_autofree gchar *correct_after = mf_test_read_file (correct_path, NULL);
    g_assert_cmpstr (correct_after, ==, correct_before);
  }

  /* running it again finds nothing more to do */
  again = scan (home);
  replan = mf_session_plan (again, NULL, MF_PLAN_FLAGS_NONE, &error);
  g_assert_true (mf_plan_is_empty (replan));
  for (guint i = 0; i < mf_session_get_accounts (again)->len; i++) {
    MfAccount *a = g_ptr_array_index (mf_session_get_accounts (again), i);
    if (mf_account_get_kind (a) == MF_ACCOUNT_KIND_MAIL &&
        mf_server_get_protocol (mf_account_get_incoming (a)) == MF_PROTOCOL_IMAP)
      imap_accounts++;
  }
  g_assert_cmpuint (imap_accounts, ==, 3);

  /* and everything comes back byte for byte, the new source removed */
  g_assert_true (mf_session_rollback (again, g_ptr_array_index (ids, 0), FALSE, &error));
  g_assert_no_error (error);
  after = mf_test_snapshot_tree (dir);
  mf_test_assert_same_tree (before, after);
  mf_test_rmtree (home);
}

static void
test_broken_key_file (void)
{
  g_autofree gchar *home = evo_home ();
  g_autofree gchar *dir = g_build_filename (home, SOURCES_REL, NULL);
  g_autofree gchar *broken = g_build_filename (dir, "1700000009.1000.1@pc01.source", NULL);
  g_autoptr(GHashTable) before = NULL;
  g_autoptr(GHashTable) after = NULL;
  g_autoptr(MfSession) session = NULL;
  g_autoptr(MfPlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  const GError *problem;

  mf_test_write_file (broken, "[Data Source\nDisplayName=half written\n\x01\x02");
  before = mf_test_snapshot_tree (dir);
  session = scan (home);
  g_assert_cmpuint (mf_session_get_accounts (session)->len, ==, 0);
  g_assert_cmpuint (mf_session_get_problems (session)->len, ==, 1);
  problem = g_ptr_array_index (mf_session_get_problems (session), 0);
  g_assert_error (problem, MF_ERROR, MF_ERROR_PARSE);
  g_assert_nonnull (strstr (problem->message, broken));
  plan = mf_session_plan (session, NULL, MF_PLAN_FLAGS_NONE, &error);
  g_assert_true (mf_plan_is_empty (plan));
  g_assert_true (mf_session_apply (session, plan, NULL, &error));
  after = mf_test_snapshot_tree (dir);
  mf_test_assert_same_tree (before, after);
  mf_test_rmtree (home);
}

/* Evolution cannot run here (it needs a desktop session), so a process
 * whose executable is named "evolution" stands in for it: mailfix looks
 * for exactly that in /proc */
static void
test_refuses_while_evolution_runs (void)
{
  g_autofree gchar *home = evo_home ();
  g_autofree gchar *dir = g_build_filename (home, SOURCES_REL, NULL);
  g_autofree gchar *bindir = mf_test_make_tempdir ("evo-bin");
  g_autofree gchar *fake = g_build_filename (bindir, "evolution", NULL);
  g_autofree gchar *sleep_data = NULL;
  g_autoptr(GHashTable) before = mf_test_snapshot_tree (dir);
  g_autoptr(GHashTable) after = NULL;
  g_autoptr(MfSession) session = scan (home);
  g_autoptr(GError) error = NULL;
  g_autoptr(MfPlan) plan = mf_session_plan (session, NULL, MF_PLAN_FLAGS_NONE, &error);
  gsize len = 0;
  GPid pid;
  const gchar *argv[] = { fake, "30", NULL };

  g_assert_true (g_file_get_contents ("/bin/sleep", &sleep_data, &len, NULL));
  g_assert_true (g_file_set_contents_full (fake, sleep_data, len, G_FILE_SET_CONTENTS_NONE, 0755, NULL));
  g_assert_true (g_spawn_async (NULL, (gchar **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &pid, &error));
  /* until the exec shows in /proc, the child is still this test program */
  for (guint i = 0; i < 500; i++) {
    g_autofree gchar *link = g_strdup_printf ("/proc/%d/exe", (int) pid);
    g_autofree gchar *exe = g_file_read_link (link, NULL);
    if (exe != NULL && g_str_has_suffix (exe, "/evolution"))
      break;
    g_usleep (10 * 1000);
  }
  g_assert_false (mf_session_apply (session, plan, NULL, &error));
  g_assert_error (error, MF_ERROR, MF_ERROR_BUSY);
  g_assert_nonnull (strstr (error->message, "Evolution"));
  kill (pid, SIGTERM);
  waitpid (pid, NULL, 0);
  g_spawn_close_pid (pid);
  after = mf_test_snapshot_tree (dir);
  mf_test_assert_same_tree (before, after);
  mf_test_rmtree (bindir);
  mf_test_rmtree (home);
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  db = mf_test_provider_db ();
  g_test_add_func ("/evolution/join", test_join);
  g_test_add_func ("/evolution/plan-apply-rollback", test_plan_and_apply);
  g_test_add_func ("/evolution/broken-key-file", test_broken_key_file);
  g_test_add_func ("/evolution/refuses-while-running", test_refuses_while_evolution_runs);
  status = g_test_run ();
  g_object_unref (db);
  return status;
}
