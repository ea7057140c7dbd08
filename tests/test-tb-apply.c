/* test-tb-apply.c: applying and rolling back on real profiles: backups,
 * locks, conflicts, failures half-way, idempotence */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "mailfix.h"
#include "mf-store.h"
#include "mf-test-utils.h"

static MfProviderDb *db;

#define PROFILE_REL ".thunderbird/k3x9a2bd.default-esr"

static MfSession *
scan (const gchar *home)
{
  return mf_test_scan_home (db, home);
}

static MfPlan *
plan_all (MfSession *session)
{
  g_autoptr(GError) error = NULL;
  MfPlan *plan = mf_session_plan (session, NULL, MF_PLAN_FLAGS_NONE, &error);

  g_assert_no_error (error);
  return plan;
}

/* the profiles, without mailfix's own state directory and without the
 * empty lock files that locking a profile leaves, as Thunderbird does */
static GHashTable *
snapshot_profiles (const gchar *home)
{
  g_autofree gchar *root = g_build_filename (home, ".thunderbird", NULL);
  GHashTable *tree = mf_test_snapshot_tree (root);
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, tree);
  while (g_hash_table_iter_next (&iter, &key, NULL)) {
    if (g_str_has_suffix (key, ".parentlock"))
      g_hash_table_iter_remove (&iter);
  }
  return tree;
}

static gchar *
helpdesk_home (void)
{
  gchar *home = mf_test_make_tempdir ("tbapply");
  mf_test_copy_fixture (MF_TEST_SAMPLE_HOME, home);
  return home;
}

static void
test_apply_rollback_round_trip (void)
{
  g_autofree gchar *home = helpdesk_home ();
  g_autoptr(GHashTable) before = snapshot_profiles (home);
  g_autoptr(GHashTable) after_rollback = NULL;
  g_autoptr(MfSession) session = scan (home);
  g_autoptr(MfPlan) plan = plan_all (session);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree gchar *prefs = g_build_filename (home, PROFILE_REL, "prefs.js", NULL);
  g_autofree gchar *root = mf_session_get_backup_root (session, home);
  g_autofree gchar *backup_dir = NULL;
  g_autofree gchar *backup_copy = NULL;
  g_autoptr(MfSession) again = NULL;
  g_autofree gchar *original = NULL;
  struct stat st;

  g_assert_true (mf_session_apply (session, plan, ids, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 1);
  original = mf_test_srcpath ("..", "data", "sample-home", PROFILE_REL, "prefs.js", NULL);
  g_assert_false (mf_test_files_equal (prefs, original));
  /* prefs.js keeps Thunderbird's mode; the backup is readable by its owner only */
  g_assert_cmpint (stat (prefs, &st), ==, 0);
  g_assert_cmpuint (st.st_mode & 0777, ==, 0600);
  backup_dir = g_build_filename (root, g_ptr_array_index (ids, 0), NULL);
  backup_copy = g_build_filename (backup_dir, "001-prefs.js", NULL);
  g_assert_cmpint (stat (backup_dir, &st), ==, 0);
  g_assert_cmpuint (st.st_mode & 0777, ==, 0700);
  g_assert_cmpint (stat (backup_copy, &st), ==, 0);
  g_assert_cmpuint (st.st_mode & 0777, ==, 0600);

  again = scan (home);
  g_assert_true (mf_session_rollback (again, g_ptr_array_index (ids, 0), FALSE, &error));
  g_assert_no_error (error);
  after_rollback = snapshot_profiles (home);
  mf_test_assert_same_tree (before, after_rollback);
  mf_test_rmtree (home);
}

static void
test_apply_twice_finds_nothing (void)
{
  g_autofree gchar *home = helpdesk_home ();
  g_autoptr(MfSession) first = scan (home);
  g_autoptr(MfPlan) plan = plan_all (first);
  g_autoptr(MfSession) second = NULL;
  g_autoptr(MfPlan) replan = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) backups = NULL;

  g_assert_true (mf_session_apply (first, plan, ids, &error));
  second = scan (home);
  replan = plan_all (second);
  g_assert_true (mf_plan_is_empty (replan));
  /* the settings are now correct: DTI keeps only its unconfirmed POP3
   * note, docomo only its old stored password, which no setting fixes */
  for (guint i = 0; i < mf_session_get_diagnoses (second)->len; i++) {
    MfDiagnosis *d = g_ptr_array_index (mf_session_get_diagnoses (second), i);
    GPtrArray *findings = mf_diagnosis_get_findings (d);
    for (guint j = 0; j < findings->len; j++) {
      const gchar *code = mf_finding_get_code_string (g_ptr_array_index (findings, j));
      g_assert_true (g_strcmp0 (code, "PLAINTEXT_INCOMING") == 0 || g_strcmp0 (code, "OLD_PASSWORD") == 0);
    }
  }
  g_assert_true (mf_session_apply (second, replan, ids, &error));
  g_assert_cmpuint (ids->len, ==, 1);
  backups = mf_session_list_backups (second, &error);
  g_assert_cmpuint (backups->len, ==, 1);
  mf_test_rmtree (home);
}

static void
test_pop_to_imap_keeps_mail (void)
{
  g_autofree gchar *dir = mf_test_make_tempdir ("tbapply");
  g_autofree gchar *inbox = g_build_filename (dir, "Mail", "pop.old.example.jp", "Inbox", NULL);
  g_autofree gchar *inbox_before = NULL;
  g_autofree gchar *inbox_after = NULL;
  g_autoptr(MfSession) session = mf_session_new ();
  g_autoptr(MfSession) again = mf_session_new ();
  g_autoptr(MfPlan) plan = NULL;
  g_autoptr(MfPlan) replan = NULL;
  g_autoptr(GError) error = NULL;
  guint archives = 0, clean = 0;

  mf_test_copy_fixture ("thunderbird/pop-to-imap", dir);
  inbox_before = mf_test_read_file (inbox, NULL);
  mf_session_set_provider_db (session, db);
  mf_session_add_profile_path (session, dir);
  g_assert_true (mf_session_scan (session, &error));
  plan = plan_all (session);
  g_assert_true (mf_session_apply (session, plan, NULL, &error));
  g_assert_no_error (error);

  mf_session_set_provider_db (again, db);
  mf_session_add_profile_path (again, dir);
  g_assert_true (mf_session_scan (again, &error));
  g_assert_cmpuint (mf_session_get_accounts (again)->len, ==, 2);
  for (guint i = 0; i < mf_session_get_diagnoses (again)->len; i++) {
    MfDiagnosis *d = g_ptr_array_index (mf_session_get_diagnoses (again), i);
    MfAccount *a = mf_diagnosis_get_account (d);
    g_assert_cmpuint (mf_diagnosis_get_findings (d)->len, ==, 0);
    if (mf_account_get_kind (a) == MF_ACCOUNT_KIND_ARCHIVE)
      archives++;
    else if (mf_server_get_protocol (mf_account_get_incoming (a)) == MF_PROTOCOL_IMAP)
      clean++;
  }
  g_assert_cmpuint (archives, ==, 1);
  g_assert_cmpuint (clean, ==, 1);
  replan = plan_all (again);
  g_assert_true (mf_plan_is_empty (replan));
  inbox_after = mf_test_read_file (inbox, NULL);
  g_assert_cmpstr (inbox_before, ==, inbox_after);
  mf_test_rmtree (dir);
}

static void
test_refuses_while_thunderbird_runs (void)
{
  g_autofree gchar *home = helpdesk_home ();
  g_autofree gchar *profile = g_build_filename (home, PROFILE_REL, NULL);
  g_autoptr(GHashTable) before = snapshot_profiles (home);
  g_autoptr(GHashTable) after = NULL;
  g_autoptr(MfSession) session = scan (home);
  g_autoptr(MfPlan) plan = plan_all (session);
  g_autoptr(GError) error = NULL;
  g_autofree gchar *pid_text = NULL;
  int release_fd;
  pid_t pid = mf_test_hold_lock (profile, &release_fd);

  g_assert_false (mf_session_apply (session, plan, NULL, &error));
  g_assert_error (error, MF_ERROR, MF_ERROR_BUSY);
  g_assert_nonnull (strstr (error->message, "Thunderbird"));
  pid_text = g_strdup_printf ("%d", (int) pid);
  g_assert_nonnull (strstr (error->message, pid_text));
  mf_test_release_lock (pid, release_fd);
  after = snapshot_profiles (home);
  mf_test_assert_same_tree (before, after);
  mf_test_rmtree (home);
}

/* could Thunderbird lock the profile now? asked from another process, as
 * Thunderbird would */
static gboolean
thunderbird_could_start (const gchar *profile)
{
  g_autofree gchar *path = g_build_filename (profile, ".parentlock", NULL);
  int status = 0;
  pid_t pid = fork ();

  g_assert_cmpint (pid, >=, 0);
  if (pid == 0) {
    struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
    int fd = open (path, O_RDWR);
    mf_test_child_exit (fd >= 0 && fcntl (fd, F_SETLK, &fl) == 0 ? 0 : 1);
  }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  return WIFEXITED (status) && WEXITSTATUS (status) == 0;
}

typedef struct {
  MfStore *store;
  MfProfile *profile;
  gint done;
  GError *error;
} SecondTask;

/* what a check does while apply writes: lock the profile for a moment */
static gpointer
second_task (gpointer data)
{
  SecondTask *task = data;
  gpointer lock = mf_store_lock (task->store, task->profile, &task->error);

  if (lock != NULL)
    mf_store_unlock (task->store, lock);
  g_atomic_int_set (&task->done, 1);
  return NULL;
}

/* the wizard checks a stored password in one thread while it applies in
 * another: the check must wait, not take the lock and drop it on closing,
 * which would let Thunderbird start in the middle of the writes */
static void
test_threads_take_turns (void)
{
  g_autofree gchar *home = helpdesk_home ();
  g_autofree gchar *profile_dir = g_build_filename (home, PROFILE_REL, NULL);
  g_autoptr(MfSession) session = scan (home);
  g_autoptr(GError) error = NULL;
  g_autoptr(MfStore) store = mf_store_find ("thunderbird");
  SecondTask task = { .store = store };
  gpointer held, again;
  GThread *thread;

  task.profile = g_ptr_array_index (mf_session_get_profiles (session), 0);
  g_assert_cmpstr (mf_profile_get_path (task.profile), ==, profile_dir);
  held = mf_store_lock (task.store, task.profile, &error);
  g_assert_no_error (error);
  g_assert_false (thunderbird_could_start (profile_dir));

  thread = g_thread_new ("second", second_task, &task);
  g_usleep (300 * G_TIME_SPAN_MILLISECOND);
  g_assert_false (g_atomic_int_get (&task.done));
  g_assert_false (thunderbird_could_start (profile_dir));

  /* the same thread asking again is told so rather than waiting forever */
  again = mf_store_lock (task.store, task.profile, &error);
  g_assert_null (again);
  g_assert_error (error, MF_ERROR, MF_ERROR_BUSY);

  mf_store_unlock (task.store, held);
  g_thread_join (thread);
  g_assert_no_error (task.error);
  g_assert_true (g_atomic_int_get (&task.done));
  g_assert_true (thunderbird_could_start (profile_dir));
  mf_test_rmtree (home);
}

static void
apply_with_lock_link (const gchar *target, gboolean expect_ok)
{
  g_autofree gchar *home = helpdesk_home ();
  g_autofree gchar *link = g_build_filename (home, PROFILE_REL, "lock", NULL);
  g_autoptr(MfSession) session = scan (home);
  g_autoptr(MfPlan) plan = plan_all (session);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (symlink (target, link), ==, 0);
  g_assert_cmpint (mf_session_apply (session, plan, NULL, &error), ==, expect_ok);
  if (!expect_ok)
    g_assert_error (error, MF_ERROR, MF_ERROR_BUSY);
  mf_test_rmtree (home);
}

static void
test_stale_lock_is_taken_over (void)
{
  /* Thunderbird crashed: the link says it held the fcntl lock, nobody does now */
  apply_with_lock_link ("127.0.0.1:+2147483646", TRUE);
}

static void
test_live_symlink_lock_refused (void)
{
  /* a symlink-only lock (network file systems) of a process that is alive */
  g_autofree gchar *target = g_strdup_printf ("127.0.0.1:%d", (int) getpid ());
  apply_with_lock_link (target, FALSE);
}

static void
test_remote_lock_refused (void)
{
  /* the profile is in use on another machine sharing the home */
  apply_with_lock_link ("192.0.2.7:+4242", FALSE);
}

static void
test_changed_since_plan (void)
{
  g_autofree gchar *home = helpdesk_home ();
  g_autofree gchar *prefs = g_build_filename (home, PROFILE_REL, "prefs.js", NULL);
  g_autoptr(MfSession) session = scan (home);
  g_autoptr(MfPlan) plan = plan_all (session);
  g_autoptr(GError) error = NULL;
  g_autofree gchar *text = mf_test_read_file (prefs, NULL);
  g_autofree gchar *edited = g_strconcat (text, "user_pref(\"mail.user.edit\", true);\n", NULL);
  g_autofree gchar *now = NULL;

  mf_test_write_file (prefs, edited);
  g_assert_false (mf_session_apply (session, plan, NULL, &error));
  g_assert_error (error, MF_ERROR, MF_ERROR_CONFLICT);
  now = mf_test_read_file (prefs, NULL);
  g_assert_cmpstr (now, ==, edited);
  mf_test_rmtree (home);
}

static void
test_failure_half_way_changes_nothing (void)
{
  g_autofree gchar *home = helpdesk_home ();
  g_autofree gchar *second = g_build_filename (home, ".thunderbird", "zz99zz99.work", NULL);
  g_autofree gchar *ini = g_build_filename (home, ".thunderbird", "profiles.ini", NULL);
  g_autofree gchar *ini_text = mf_test_read_file (ini, NULL);
  g_autofree gchar *more = g_strconcat ("[Profile1]\nName=work\nIsRelative=1\nPath=zz99zz99.work\n\n", ini_text, NULL);
  g_autoptr(GHashTable) before = NULL;
  g_autoptr(GHashTable) after = NULL;
  g_autoptr(MfSession) session = NULL;
  g_autoptr(MfPlan) plan = NULL;
  g_autoptr(GError) error = NULL;

  /* two profiles in one home, both needing changes: one transaction, two files */
  mf_test_write_file (ini, more);
  mf_test_copy_fixture ("thunderbird/pop-to-imap", second);
  before = snapshot_profiles (home);
  session = scan (home);
  plan = plan_all (session);
  g_assert_cmpuint (mf_plan_get_files (plan)->len, ==, 2);
  g_setenv ("MAILFIX_FAIL_AT_WRITE", "2", TRUE);
  g_assert_false (mf_session_apply (session, plan, NULL, &error));
  g_unsetenv ("MAILFIX_FAIL_AT_WRITE");
  g_assert_nonnull (error);
  after = snapshot_profiles (home);
  mf_test_assert_same_tree (before, after);
  mf_test_rmtree (home);
}

static void
test_read_only_file_system (void)
{
  g_autofree gchar *home = mf_test_make_tempdir ("tbapply");
  g_autoptr(GHashTable) before = NULL;
  g_autoptr(GHashTable) after = NULL;
  g_autoptr(MfSession) session = NULL;
  g_autoptr(MfPlan) plan = NULL;
  g_autoptr(GError) error = NULL;

  if (getuid () != 0 || mount ("tmpfs", home, "tmpfs", 0, "size=16m") != 0) {
    g_test_skip ("mounting a file system needs root with CAP_SYS_ADMIN");
    mf_test_rmtree (home);
    return;
  }
  mf_test_copy_fixture (MF_TEST_SAMPLE_HOME, home);
  before = snapshot_profiles (home);
  session = scan (home);
  plan = plan_all (session);
  /* the type is ignored on a remount, but memcheck wants a string */
  g_assert_cmpint (mount ("tmpfs", home, "tmpfs", MS_REMOUNT | MS_RDONLY, NULL), ==, 0);
  g_assert_false (mf_session_apply (session, plan, NULL, &error));
  g_assert_nonnull (error);
  /* the message names the place that could not be written */
  g_assert_nonnull (strstr (error->message, home));
  after = snapshot_profiles (home);
  mf_test_assert_same_tree (before, after);
  g_assert_cmpint (umount (home), ==, 0);
  mf_test_rmtree (home);
}

static void
test_rollback_refuses_foreign_paths (void)
{
  g_autofree gchar *home = helpdesk_home ();
  g_autofree gchar *outside = mf_test_make_tempdir ("tbapply-victim");
  g_autofree gchar *victim = g_build_filename (outside, "victim.txt", NULL);
  g_autoptr(MfSession) session = scan (home);
  g_autoptr(MfPlan) plan = plan_all (session);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree gchar *root = mf_session_get_backup_root (session, home);
  g_autofree gchar *journal = NULL;
  g_autofree gchar *text = NULL;
  g_autofree gchar *prefs = g_build_filename (home, PROFILE_REL, "prefs.js", NULL);
  g_autoptr(GString) tampered = NULL;
  g_autoptr(MfSession) again = NULL;
  g_autofree gchar *victim_now = NULL;

  mf_test_write_file (victim, "untouched\n");
  g_assert_true (mf_session_apply (session, plan, ids, &error));
  /* the user owns the journal and points it at a file outside any profile */
  journal = g_build_filename (root, g_ptr_array_index (ids, 0), "journal.json", NULL);
  text = mf_test_read_file (journal, NULL);
  tampered = g_string_new (text);
  g_string_replace (tampered, prefs, victim, 0);
  mf_test_write_file (journal, tampered->str);
  again = scan (home);
  g_assert_false (mf_session_rollback (again, g_ptr_array_index (ids, 0), TRUE, &error));
  g_assert_error (error, MF_ERROR, MF_ERROR_PERMISSION);
  victim_now = mf_test_read_file (victim, NULL);
  g_assert_cmpstr (victim_now, ==, "untouched\n");
  mf_test_rmtree (outside);
  mf_test_rmtree (home);
}

/* after the move to IMAP, the new password is saved for the new servers
 * (through NSS) and the saved login of the retired POP3 server goes */
static void
test_password_replaces_retired_logins (void)
{
  g_autofree gchar *dir = mf_test_make_tempdir ("tbapply");
  g_autofree gchar *logins = g_build_filename (dir, "logins.json", NULL);
  g_autoptr(MfSession) session = mf_session_new ();
  g_autoptr(MfSession) after = mf_session_new ();
  g_autoptr(MfPlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree gchar *text = NULL;
  MfAccount *imap = NULL;

  mf_test_copy_fixture ("thunderbird/pop-to-imap", dir);
  mf_test_write_file (logins,
    "{\"nextId\":2,\"logins\":[{\"id\":1,\"hostname\":\"mailbox://pop.old.example.jp\","
    "\"httpRealm\":\"mailbox://pop.old.example.jp\",\"formSubmitURL\":null,\"usernameField\":\"\","
    "\"passwordField\":\"\",\"encryptedUsername\":\"bm90LXJlYWw=\",\"encryptedPassword\":\"bm90LXJlYWw=\","
    "\"guid\":\"{6d2b1c4e-0f3a-4d5e-9b8c-7a6f5e4d3c2b}\",\"encType\":1,\"timeCreated\":1500000000000,"
    "\"timeLastUsed\":1500000000000,\"timePasswordChanged\":1500000000000,\"timesUsed\":3}],"
    "\"potentiallyVulnerablePasswords\":[],\"dismissedBreachAlertsByLoginGUID\":{},\"version\":3}");
  mf_session_set_provider_db (session, db);
  mf_session_add_profile_path (session, dir);
  g_assert_true (mf_session_scan (session, &error));
  plan = plan_all (session);
  g_assert_true (mf_session_apply (session, plan, NULL, &error));

  mf_session_set_provider_db (after, db);
  mf_session_add_profile_path (after, dir);
  g_assert_true (mf_session_scan (after, &error));
  for (guint i = 0; i < mf_session_get_accounts (after)->len; i++) {
    MfAccount *a = g_ptr_array_index (mf_session_get_accounts (after), i);
    if (mf_account_get_kind (a) == MF_ACCOUNT_KIND_MAIL)
      imap = a;
  }
  g_assert_nonnull (imap);
  if (!mf_session_set_password (after, mf_account_get_id (imap), "new-Pw-2026", NULL, &error) &&
      g_error_matches (error, MF_ERROR, MF_ERROR_NOT_FOUND)) {
    g_test_skip ("no NSS library can be loaded on this machine");
    mf_test_rmtree (dir);
    return;
  }
  g_assert_no_error (error);
  text = mf_test_read_file (logins, NULL);
  g_assert_null (strstr (text, "mailbox://pop.old.example.jp"));
  g_assert_nonnull (strstr (text, "\"imap://imap.example.jp\""));
  g_assert_nonnull (strstr (text, "\"smtp://smtp.example.jp\""));
  g_assert_null (strstr (text, "new-Pw-2026"));
  mf_test_rmtree (dir);
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  db = mf_test_provider_db ();
  g_test_add_func ("/tb-apply/round-trip", test_apply_rollback_round_trip);
  g_test_add_func ("/tb-apply/idempotent", test_apply_twice_finds_nothing);
  g_test_add_func ("/tb-apply/pop-to-imap-keeps-mail", test_pop_to_imap_keeps_mail);
  g_test_add_func ("/tb-apply/lock/running", test_refuses_while_thunderbird_runs);
  g_test_add_func ("/tb-apply/lock/threads", test_threads_take_turns);
  g_test_add_func ("/tb-apply/lock/stale", test_stale_lock_is_taken_over);
  g_test_add_func ("/tb-apply/lock/live-symlink", test_live_symlink_lock_refused);
  g_test_add_func ("/tb-apply/lock/remote", test_remote_lock_refused);
  g_test_add_func ("/tb-apply/conflict", test_changed_since_plan);
  g_test_add_func ("/tb-apply/failure-half-way", test_failure_half_way_changes_nothing);
  g_test_add_func ("/tb-apply/read-only", test_read_only_file_system);
  g_test_add_func ("/tb-apply/rollback-foreign-path", test_rollback_refuses_foreign_paths);
  g_test_add_func ("/tb-apply/password-retired-logins", test_password_replaces_retired_logins);
  status = g_test_run ();
  g_object_unref (db);
  return status;
}
