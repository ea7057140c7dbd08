/* test-transaction.c: the transaction engine on real files in temporary
 * directories: atomic replacement, backups, the journal, rollback, restore */
#include "config.h"

/* setgroups() for the unprivileged run of the read-only case */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <errno.h>
#include <grp.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "mf-atomic-file.h"
#include "mf-backup.h"
#include "mf-error.h"
#include "mf-test-utils.h"
#include "mf-transaction.h"

/* the library logs under this domain (lib/Makefile.am) */
#define LIB_LOG_DOMAIN "mailfix"

/* strings that must never reach the journal */
#define ORIGINAL_PREFS "user_pref(\"mail.server.server1.type\", \"pop3\");\n" \
                       "user_pref(\"mail.server.server1.password\", \"ORIGINAL-SECRET-7f3a\");\n"
#define NEW_PREFS      "user_pref(\"mail.server.server1.type\", \"imap\");\n" \
                       "user_pref(\"mail.server.server1.password\", \"NEW-SECRET-91c2\");\n"
#define ORIGINAL_OLD   "obsolete settings ORIGINAL-SECRET-7f3a\n"
#define NEW_CREATED    "created by the plan NEW-SECRET-91c2\n"
#define USER_EDIT      "user_pref(\"edited.by.hand\", \"USER-EDIT-5d0e\");\n"

#define PREFS_MODE 0640
#define OLD_MODE   0644
#define NOBODY     65534

typedef struct {
  gchar *tmp;       /* everything below is removed after the test */
  gchar *home;      /* the files a transaction changes */
  gchar *backups;   /* the backup root, not there until the first commit */
  gchar *prefs;     /* exists, gets rewritten */
  gchar *created;   /* does not exist, gets created */
  gchar *old;       /* exists, gets deleted */
} Fixture;

static void
fixture_init (Fixture *fx, gchar *tmp)
{
  fx->tmp = tmp;
  fx->home = g_build_filename (fx->tmp, "home", NULL);
  fx->backups = g_build_filename (fx->tmp, "backups", NULL);
  fx->prefs = g_build_filename (fx->home, "profile", "prefs.js", NULL);
  fx->created = g_build_filename (fx->home, "profile", "created.js", NULL);
  fx->old = g_build_filename (fx->home, "old.js", NULL);
}

static void
fixture_set_up (Fixture *fx, gconstpointer data)
{
  fixture_init (fx, mf_test_make_tempdir ("txn"));
  g_assert_cmpint (g_mkdir (fx->home, 0700), ==, 0);
}

static void
fixture_clear (Fixture *fx)
{
  g_free (fx->tmp);
  g_free (fx->home);
  g_free (fx->backups);
  g_free (fx->prefs);
  g_free (fx->created);
  g_free (fx->old);
}

static void
fixture_tear_down (Fixture *fx, gconstpointer data)
{
  mf_test_rmtree (fx->tmp);
  fixture_clear (fx);
}

/* ---- helpers ---- */

static GBytes *
bytes_of (const gchar *text)
{
  return g_bytes_new (text, strlen (text));
}

static GBytes *
read_bytes (const gchar *path)
{
  gsize len = 0;
  gchar *data = mf_test_read_file (path, &len);

  return g_bytes_new_take (data, len);
}

static void
write_with_mode (const gchar *path, const gchar *text, guint mode)
{
  mf_test_write_file (path, text);
  g_assert_cmpint (g_chmod (path, mode), ==, 0);
}

static guint
mode_of (const gchar *path)
{
  struct stat st;

  g_assert_cmpint (lstat (path, &st), ==, 0);
  return st.st_mode & 07777;
}

static void
assert_contents (const gchar *path, const gchar *expected)
{
  g_autofree gchar *data = mf_test_read_file (path, NULL);

  g_assert_cmpstr (data, ==, expected);
}

static void
assert_missing (const gchar *path)
{
  struct stat st;

  g_assert_cmpint (lstat (path, &st), !=, 0);
  g_assert_cmpint (errno, ==, ENOENT);
}

static void
write_originals (Fixture *fx)
{
  write_with_mode (fx->prefs, ORIGINAL_PREFS, PREFS_MODE);
  write_with_mode (fx->old, ORIGINAL_OLD, OLD_MODE);
}

/* rewrites prefs.js, creates created.js, deletes old.js */
static MfTransaction *
plan_three (Fixture *fx, const gchar *label)
{
  MfTransaction *txn = mf_transaction_new (fx->backups, label);
  g_autoptr(GBytes) prefs_old = read_bytes (fx->prefs);
  g_autoptr(GBytes) old_old = read_bytes (fx->old);
  g_autoptr(GBytes) prefs_new = bytes_of (NEW_PREFS);
  g_autoptr(GBytes) created_new = bytes_of (NEW_CREATED);

  mf_transaction_add (txn, fx->prefs, prefs_old, prefs_new);
  mf_transaction_add (txn, fx->created, NULL, created_new);
  mf_transaction_add (txn, fx->old, old_old, NULL);
  return txn;
}

/* commits plan_three() and returns the backup it left */
static MfBackup *
commit_three (Fixture *fx)
{
  g_autoptr(MfTransaction) txn = plan_three (fx, "switch to imap");
  g_autoptr(GError) error = NULL;
  MfBackup *backup;

  g_assert_true (mf_transaction_commit (txn, &error));
  g_assert_no_error (error);
  backup = mf_backup_load (fx->backups, mf_transaction_get_id (txn), &error);
  g_assert_no_error (error);
  return backup;
}

static void
assert_state (Fixture *fx, const gchar *id, const gchar *state)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MfBackup) backup = NULL;

  g_assert_nonnull (id);
  backup = mf_backup_load (fx->backups, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (mf_backup_get_state (backup), ==, state);
}

static void
assert_tree (const gchar *root, GHashTable *expected)
{
  g_autoptr(GHashTable) now = mf_test_snapshot_tree (root);

  mf_test_assert_same_tree (expected, now);
}

static void
assert_originals (Fixture *fx, GHashTable *before)
{
  assert_tree (fx->home, before);
  g_assert_cmpuint (mode_of (fx->prefs), ==, PREFS_MODE);
  g_assert_cmpuint (mode_of (fx->old), ==, OLD_MODE);
}

static guint
count_entries (const gchar *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  g_assert_nonnull (d);
  while (g_dir_read_name (d) != NULL)
    n++;
  return n;
}

/* ---- atomic files ---- */

static void
test_atomic_keeps_mode (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree gchar *path = g_build_filename (fx->home, "prefs.js", NULL);
  struct stat before, after;
  gboolean as_root = geteuid () == 0;

  write_with_mode (path, "old contents\n", 0640);
  if (as_root)
    g_assert_cmpint (lchown (path, 1234, 5678), ==, 0);
  g_assert_cmpint (lstat (path, &before), ==, 0);

  g_assert_true (mf_atomic_file_replace (path, (const guint8 *) "new\n", 4, 0600, &error));
  g_assert_no_error (error);

  g_assert_cmpint (lstat (path, &after), ==, 0);
  assert_contents (path, "new\n");
  g_assert_cmpuint (after.st_mode & 07777, ==, 0640);
  g_assert_cmpuint (after.st_ino, !=, before.st_ino);
  if (as_root) {
    g_assert_cmpuint (after.st_uid, ==, 1234);
    g_assert_cmpuint (after.st_gid, ==, 5678);
  }
  /* no temporary file stays behind */
  g_assert_cmpuint (count_entries (fx->home), ==, 1);
}

static void
test_atomic_new_file (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree gchar *path = g_build_filename (fx->home, "new.js", NULL);
  mode_t saved = umask (0077);

  /* the mode asked for wins over the umask */
  g_assert_true (mf_atomic_file_replace (path, (const guint8 *) "", 0, 0644, &error));
  umask (saved);
  g_assert_no_error (error);
  assert_contents (path, "");
  g_assert_cmpuint (mode_of (path), ==, 0644);
}

static void
test_atomic_refuses_links (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error_dir = NULL;
  g_autofree gchar *target = g_build_filename (fx->home, "target.js", NULL);
  g_autofree gchar *link = g_build_filename (fx->home, "link.js", NULL);
  g_autofree gchar *dir = g_build_filename (fx->home, "dir.js", NULL);
  struct stat st;

  mf_test_write_file (target, "keep me\n");
  g_assert_cmpint (symlink ("target.js", link), ==, 0);
  g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);

  g_assert_false (mf_atomic_file_replace (link, (const guint8 *) "x", 1, 0600, &error));
  g_assert_error (error, MF_ERROR, MF_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, link));
  g_assert_false (mf_atomic_file_replace (dir, (const guint8 *) "x", 1, 0600, &error_dir));
  g_assert_error (error_dir, MF_ERROR, MF_ERROR_UNSUPPORTED);

  assert_contents (target, "keep me\n");
  g_assert_cmpint (lstat (link, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
  g_assert_cmpuint (count_entries (fx->home), ==, 3);
}

static void
test_atomic_read_limits (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error_link = NULL;
  g_autoptr(GError) error_missing = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) refused = NULL;
  g_autofree gchar *path = g_build_filename (fx->home, "hundred", NULL);
  g_autofree gchar *link = g_build_filename (fx->home, "link", NULL);
  g_autofree gchar *missing = g_build_filename (fx->home, "missing", NULL);
  g_autofree gchar *hundred = g_strnfill (100, 'x');
  struct stat st;

  mf_test_write_file (path, hundred);
  g_assert_cmpint (symlink ("hundred", link), ==, 0);

  refused = mf_atomic_file_read (path, 99, NULL, &error);
  g_assert_null (refused);
  g_assert_error (error, MF_ERROR, MF_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, path));

  bytes = mf_atomic_file_read (path, 100, &st, NULL);
  g_assert_nonnull (bytes);
  g_assert_cmpuint (g_bytes_get_size (bytes), ==, 100);
  g_assert_cmpint (st.st_size, ==, 100);

  g_assert_null (mf_atomic_file_read (link, 100, NULL, &error_link));
  g_assert_error (error_link, MF_ERROR, MF_ERROR_UNSUPPORTED);
  g_assert_null (mf_atomic_file_read (missing, 100, NULL, &error_missing));
  g_assert_error (error_missing, MF_ERROR, MF_ERROR_NOT_FOUND);
}

static void
test_sha256 (void)
{
  g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);
  g_autoptr(GBytes) abc = bytes_of ("abc");
  g_autofree gchar *sha_empty = mf_sha256_bytes (empty);
  g_autofree gchar *sha_abc = mf_sha256_bytes (abc);

  g_assert_cmpstr (sha_empty, ==, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  g_assert_cmpstr (sha_abc, ==, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

/* ---- commit ---- */

static void
assert_backup_layout (Fixture *fx, MfBackup *backup)
{
  g_autofree gchar *copy_prefs = g_build_filename (mf_backup_get_dir (backup), "001-prefs.js", NULL);
  g_autofree gchar *copy_old = g_build_filename (mf_backup_get_dir (backup), "002-old.js", NULL);
  g_autofree gchar *journal = g_build_filename (mf_backup_get_dir (backup), "journal.json", NULL);

  g_assert_cmpuint (mode_of (fx->backups), ==, 0700);
  g_assert_cmpuint (mode_of (mf_backup_get_dir (backup)), ==, 0700);
  g_assert_cmpuint (mode_of (copy_prefs), ==, 0600);
  g_assert_cmpuint (mode_of (copy_old), ==, 0600);
  g_assert_cmpuint (mode_of (journal), ==, 0600);
  assert_contents (copy_prefs, ORIGINAL_PREFS);
  assert_contents (copy_old, ORIGINAL_OLD);
  /* the two copies and the journal, no temporary files */
  g_assert_cmpuint (count_entries (mf_backup_get_dir (backup)), ==, 3);
}

static void
test_commit_and_restore (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) before = NULL;
  g_autoptr(MfBackup) backup = NULL;
  g_autoptr(MfBackup) reloaded = NULL;
  GPtrArray *paths;

  write_originals (fx);
  before = mf_test_snapshot_tree (fx->home);
  backup = commit_three (fx);

  assert_contents (fx->prefs, NEW_PREFS);
  assert_contents (fx->created, NEW_CREATED);
  assert_missing (fx->old);
  g_assert_cmpuint (mode_of (fx->prefs), ==, PREFS_MODE);
  g_assert_cmpuint (mode_of (fx->created), ==, 0600);

  g_assert_true (g_regex_match_simple ("^[0-9]{8}-[0-9]{6}-[0-9a-f]{4}$",
                                       mf_backup_get_id (backup), 0, 0));
  g_assert_cmpstr (mf_backup_get_label (backup), ==, "switch to imap");
  g_assert_cmpstr (mf_backup_get_state (backup), ==, "committed");
  g_assert_nonnull (mf_backup_get_created (backup));
  paths = mf_backup_get_paths (backup);
  g_assert_cmpuint (paths->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (paths, 0), ==, fx->prefs);
  g_assert_cmpstr (g_ptr_array_index (paths, 1), ==, fx->created);
  g_assert_cmpstr (g_ptr_array_index (paths, 2), ==, fx->old);
  assert_backup_layout (fx, backup);

  g_assert_true (mf_backup_restore (backup, FALSE, &error));
  g_assert_no_error (error);
  assert_originals (fx, before);
  g_assert_cmpstr (mf_backup_get_state (backup), ==, "restored");
  reloaded = mf_backup_load (fx->backups, mf_backup_get_id (backup), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (mf_backup_get_state (reloaded), ==, "restored");
}

static JsonObject *
file_entry (JsonObject *root, guint i)
{
  return json_array_get_object_element (json_object_get_array_member (root, "files"), i);
}

static void
test_journal (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MfBackup) backup = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GBytes) original = bytes_of (ORIGINAL_PREFS);
  g_autofree gchar *original_sha = mf_sha256_bytes (original);
  g_autofree gchar *path = NULL;
  g_autofree gchar *text = NULL;
  g_autoptr(GDateTime) created = NULL;
  JsonObject *root, *prefs, *made, *gone;

  write_originals (fx);
  backup = commit_three (fx);
  path = g_build_filename (mf_backup_get_dir (backup), "journal.json", NULL);
  text = mf_test_read_file (path, NULL);

  /* hashes only: no byte of the files, old or new */
  g_assert_null (strstr (text, "SECRET"));
  g_assert_null (strstr (text, "pop3"));

  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (root, "version"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (root, "id"), ==, mf_backup_get_id (backup));
  g_assert_cmpstr (json_object_get_string_member (root, "state"), ==, "committed");
  created = g_date_time_new_from_iso8601 (json_object_get_string_member (root, "created"), NULL);
  g_assert_nonnull (created);

  prefs = file_entry (root, 0);
  g_assert_cmpstr (json_object_get_string_member (prefs, "path"), ==, fx->prefs);
  g_assert_cmpstr (json_object_get_string_member (prefs, "backup"), ==, "001-prefs.js");
  g_assert_true (json_object_get_boolean_member (prefs, "existed"));
  g_assert_cmpint (json_object_get_int_member (prefs, "mode"), ==, PREFS_MODE);
  g_assert_cmpint (json_object_get_int_member (prefs, "uid"), ==, geteuid ());
  g_assert_cmpstr (json_object_get_string_member (prefs, "old_sha256"), ==, original_sha);
  g_assert_true (json_object_get_boolean_member (prefs, "written"));

  made = file_entry (root, 1);
  g_assert_true (json_object_get_null_member (made, "backup"));
  g_assert_false (json_object_get_boolean_member (made, "existed"));
  g_assert_true (json_object_get_null_member (made, "old_sha256"));
  g_assert_false (json_object_get_null_member (made, "new_sha256"));

  gone = file_entry (root, 2);
  g_assert_cmpstr (json_object_get_string_member (gone, "backup"), ==, "002-old.js");
  g_assert_true (json_object_get_null_member (gone, "new_sha256"));
}

static void
test_conflict (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error_list = NULL;
  g_autoptr(MfTransaction) txn = NULL;
  g_autoptr(GHashTable) before = NULL;
  g_autoptr(GPtrArray) backups = NULL;

  write_originals (fx);
  txn = plan_three (fx, "stale plan");
  /* the client rewrites prefs.js after the plan was made */
  write_with_mode (fx->prefs, USER_EDIT, PREFS_MODE);
  before = mf_test_snapshot_tree (fx->home);

  g_assert_false (mf_transaction_commit (txn, &error));
  g_assert_error (error, MF_ERROR, MF_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, fx->prefs));
  g_assert_nonnull (strstr (error->message, "plan again"));
  assert_originals (fx, before);
  g_assert_null (mf_transaction_get_id (txn));
  backups = mf_backup_list (fx->backups, &error_list);
  g_assert_no_error (error_list);
  g_assert_cmpuint (backups->len, ==, 0);
}

static void
test_conflict_must_not_exist (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MfTransaction) txn = NULL;
  g_autoptr(GHashTable) before = NULL;

  write_originals (fx);
  txn = plan_three (fx, "stale plan");
  mf_test_write_file (fx->created, "appeared meanwhile\n");
  before = mf_test_snapshot_tree (fx->home);

  g_assert_false (mf_transaction_commit (txn, &error));
  g_assert_error (error, MF_ERROR, MF_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, fx->created));
  assert_originals (fx, before);
}

static void
test_same_path_twice (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MfTransaction) txn = mf_transaction_new (fx->backups, "twice");
  g_autoptr(GBytes) one = bytes_of ("one");
  g_autofree gchar *dotted = NULL;

  write_originals (fx);
  dotted = g_build_filename (fx->home, "profile", ".", "prefs.js", NULL);
  mf_transaction_add (txn, fx->prefs, NULL, one);
  mf_transaction_add (txn, dotted, NULL, one);
  g_assert_false (mf_transaction_commit (txn, &error));
  g_assert_error (error, MF_ERROR, MF_ERROR_INVALID_ARGUMENT);
  assert_contents (fx->prefs, ORIGINAL_PREFS);
}

/* ---- failures while writing ---- */

static void
assert_rolled_back (Fixture *fx, MfTransaction *txn, GHashTable *before, GError *error)
{
  g_assert_error (error, MF_ERROR, MF_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "injected failure"));
  assert_originals (fx, before);
  assert_missing (fx->created);
  assert_state (fx, mf_transaction_get_id (txn), "rolled-back");
}

static void
test_fail_at (Fixture *fx, gconstpointer data)
{
  guint nth = GPOINTER_TO_UINT (data);
  g_autoptr(GError) error = NULL;
  g_autoptr(MfTransaction) txn = NULL;
  g_autoptr(GHashTable) before = NULL;
  const gchar *failing[] = { NULL, fx->prefs, fx->created, fx->old };

  write_originals (fx);
  before = mf_test_snapshot_tree (fx->home);
  txn = plan_three (fx, "doomed");
  mf_transaction_set_fail_at (txn, nth);

  g_assert_false (mf_transaction_commit (txn, &error));
  assert_rolled_back (fx, txn, before, error);
  /* the error names the file it failed on */
  g_assert_true (g_str_has_prefix (error->message, failing[nth]));
}

static void
test_fail_at_env (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MfTransaction) txn = NULL;
  g_autoptr(GHashTable) before = NULL;

  write_originals (fx);
  before = mf_test_snapshot_tree (fx->home);
  g_setenv ("MAILFIX_FAIL_AT_WRITE", "2", TRUE);
  txn = plan_three (fx, "doomed by the environment");
  g_unsetenv ("MAILFIX_FAIL_AT_WRITE");

  g_assert_false (mf_transaction_commit (txn, &error));
  assert_rolled_back (fx, txn, before, error);
}

static void
test_incomplete (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error_restore = NULL;
  g_autoptr(MfTransaction) txn = NULL;
  g_autoptr(GHashTable) before = NULL;
  g_autoptr(MfBackup) backup = NULL;

  write_originals (fx);
  before = mf_test_snapshot_tree (fx->home);
  txn = plan_three (fx, "doomed twice");
  mf_transaction_set_fail_at (txn, 3);
  /* prefs.js cannot be put back; created.js can */
  mf_transaction_set_fail_put_back_at (txn, 1);

  g_assert_false (mf_transaction_commit (txn, &error));
  g_assert_error (error, MF_ERROR, MF_ERROR_IO);
  g_assert_nonnull (strstr (error->message, mf_transaction_get_backup_dir (txn)));
  g_assert_nonnull (strstr (error->message, fx->prefs));
  assert_contents (fx->prefs, NEW_PREFS);
  assert_missing (fx->created);
  assert_contents (fx->old, ORIGINAL_OLD);
  assert_state (fx, mf_transaction_get_id (txn), "incomplete");

  /* the backup it names is enough to mend it */
  backup = mf_backup_load (fx->backups, mf_transaction_get_id (txn), &error_restore);
  g_assert_no_error (error_restore);
  g_assert_true (mf_backup_restore (backup, FALSE, &error_restore));
  g_assert_no_error (error_restore);
  assert_originals (fx, before);
}

static void
test_unwritable_location (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MfTransaction) txn = NULL;
  g_autoptr(GHashTable) before = NULL;
  g_autoptr(GBytes) prefs_old = NULL;
  g_autoptr(GBytes) prefs_new = bytes_of (NEW_PREFS);
  g_autofree gchar *in_proc = g_strdup_printf ("/proc/mailfix-test-%d", (gint) getpid ());

  /* no one, not even root, can create a file in /proc */
  write_originals (fx);
  before = mf_test_snapshot_tree (fx->home);
  prefs_old = read_bytes (fx->prefs);
  txn = mf_transaction_new (fx->backups, "half possible");
  mf_transaction_add (txn, fx->prefs, prefs_old, prefs_new);
  mf_transaction_add (txn, in_proc, NULL, prefs_new);

  g_assert_false (mf_transaction_commit (txn, &error));
  g_assert_nonnull (error);
  g_assert_true (g_str_has_prefix (error->message, in_proc));
  assert_originals (fx, before);
  assert_state (fx, mf_transaction_get_id (txn), "rolled-back");
}

/* commit into a directory the user may not write: fails, nothing changes */
static void
run_readonly_dir (Fixture *fx)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MfTransaction) txn = NULL;
  g_autoptr(GHashTable) before = NULL;
  g_autofree gchar *profile = g_path_get_dirname (fx->prefs);
  gboolean ok;

  write_originals (fx);
  before = mf_test_snapshot_tree (fx->home);
  txn = plan_three (fx, "read-only profile");
  g_assert_cmpint (g_chmod (profile, 0500), ==, 0);
  ok = mf_transaction_commit (txn, &error);
  g_assert_cmpint (g_chmod (profile, 0700), ==, 0);

  g_assert_false (ok);
  g_assert_error (error, MF_ERROR, MF_ERROR_PERMISSION);
  g_assert_true (g_str_has_prefix (error->message, fx->prefs));
  assert_originals (fx, before);
  assert_state (fx, mf_transaction_get_id (txn), "rolled-back");
}

/* whether a user without any rights of its own can reach the entries of
 * dir, which that user will own */
static gboolean
others_can_reach (const gchar *path)
{
  g_autofree gchar *dir = g_path_get_dirname (path);

  for (;;) {
    g_autofree gchar *parent = g_path_get_dirname (dir);
    struct stat st;

    if (stat (dir, &st) != 0 || (st.st_mode & S_IXOTH) == 0)
      return FALSE;
    if (g_strcmp0 (parent, dir) == 0)
      return TRUE;
    g_free (dir);
    dir = g_steal_pointer (&parent);
  }
}

static void
become_nobody (void)
{
  g_assert_cmpint (setgroups (0, NULL), ==, 0);
  g_assert_cmpint (setgid (NOBODY), ==, 0);
  g_assert_cmpint (setuid (NOBODY), ==, 0);
#ifdef __linux__
  /* a process that changed its uid cannot be inspected by LeakSanitizer at
   * exit unless it is made dumpable again */
  g_assert_cmpint (prctl (PR_SET_DUMPABLE, 1, 0, 0, 0), ==, 0);
#endif
}

static void
test_readonly_dir (void)
{
  Fixture fx = { 0 };
  const gchar *dir = g_getenv ("MF_TEST_READONLY_TMP");

  if (g_test_subprocess ()) {
    /* the child: the parent made the directory and owns its removal */
    g_assert_nonnull (dir);
    fixture_init (&fx, g_strdup (dir));
    become_nobody ();
    g_assert_cmpint (g_mkdir (fx.home, 0700), ==, 0);
    run_readonly_dir (&fx);
    fixture_clear (&fx);
    return;
  }
  fixture_init (&fx, mf_test_make_tempdir ("txn-ro"));
  if (geteuid () != 0) {
    g_assert_cmpint (g_mkdir (fx.home, 0700), ==, 0);
    run_readonly_dir (&fx);
  } else if (!others_can_reach (fx.tmp)) {
    g_test_skip ("running as root, which ignores mode bits, and an unprivileged user "
                 "cannot reach the temporary directory to run the case instead");
  } else {
    /* root ignores mode bits: run the case as nobody in a child */
    g_assert_cmpint (lchown (fx.tmp, NOBODY, NOBODY), ==, 0);
    g_setenv ("MF_TEST_READONLY_TMP", fx.tmp, TRUE);
    g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
    g_unsetenv ("MF_TEST_READONLY_TMP");
    g_test_trap_assert_passed ();
  }
  fixture_tear_down (&fx, NULL);
}

/* ---- backups ---- */

static void
test_restore_conflict_and_force (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) before = NULL;
  g_autoptr(GHashTable) edited = NULL;
  g_autoptr(MfBackup) backup = NULL;
  g_autoptr(GPtrArray) changed = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GHashTable) kept = NULL;
  MfBackup *undo;

  write_originals (fx);
  before = mf_test_snapshot_tree (fx->home);
  backup = commit_three (fx);
  write_with_mode (fx->prefs, USER_EDIT, PREFS_MODE);
  edited = mf_test_snapshot_tree (fx->home);

  changed = mf_backup_check_changed (backup, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (changed->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (changed, 0), ==, fx->prefs);

  g_assert_false (mf_backup_restore (backup, FALSE, &error));
  g_assert_error (error, MF_ERROR, MF_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, fx->prefs));
  g_clear_error (&error);
  g_assert_cmpstr (mf_backup_get_state (backup), ==, "committed");
  assert_tree (fx->home, edited);

  g_assert_true (mf_backup_restore (backup, TRUE, &error));
  g_assert_no_error (error);
  assert_originals (fx, before);

  /* the edit the forced restore overwrote is kept in a backup of its own,
   * and undoing the restore brings it back */
  list = mf_backup_list (fx->backups, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  undo = g_ptr_array_index (list, 0);
  g_assert_true (g_str_has_suffix (mf_backup_get_label (undo), mf_backup_get_id (backup)));
  kept = mf_test_snapshot_tree (mf_backup_get_dir (undo));
  g_assert_true (g_bytes_equal (g_hash_table_lookup (kept, "001-prefs.js"),
                                g_hash_table_lookup (edited, "profile/prefs.js")));
  g_assert_true (mf_backup_restore (undo, FALSE, &error));
  g_assert_no_error (error);
  assert_tree (fx->home, edited);
}

static void
test_restore_twice (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error_again = NULL;
  g_autoptr(GError) error_reloaded = NULL;
  g_autoptr(MfBackup) backup = NULL;
  g_autoptr(MfBackup) reloaded = NULL;

  write_originals (fx);
  backup = commit_three (fx);
  g_assert_true (mf_backup_restore (backup, FALSE, &error));
  g_assert_no_error (error);

  g_assert_false (mf_backup_restore (backup, TRUE, &error_again));
  g_assert_error (error_again, MF_ERROR, MF_ERROR_INVALID_ARGUMENT);
  reloaded = mf_backup_load (fx->backups, mf_backup_get_id (backup), &error);
  g_assert_no_error (error);
  g_assert_false (mf_backup_restore (reloaded, FALSE, &error_reloaded));
  g_assert_error (error_reloaded, MF_ERROR, MF_ERROR_INVALID_ARGUMENT);
}

static void
test_restore_all_or_nothing (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) before = NULL;
  g_autoptr(GHashTable) committed = NULL;
  g_autoptr(MfBackup) backup = NULL;
  gboolean ok;

  write_originals (fx);
  before = mf_test_snapshot_tree (fx->home);
  backup = commit_three (fx);
  committed = mf_test_snapshot_tree (fx->home);

  /* the third file of the restore fails: the first two are re-applied */
  g_setenv ("MAILFIX_FAIL_AT_WRITE", "3", TRUE);
  ok = mf_backup_restore (backup, FALSE, &error);
  g_unsetenv ("MAILFIX_FAIL_AT_WRITE");
  g_assert_false (ok);
  g_assert_error (error, MF_ERROR, MF_ERROR_IO);
  g_assert_nonnull (strstr (error->message, mf_backup_get_id (backup)));
  g_clear_error (&error);
  assert_tree (fx->home, committed);
  g_assert_cmpuint (mode_of (fx->prefs), ==, PREFS_MODE);
  g_assert_cmpstr (mf_backup_get_state (backup), ==, "committed");

  g_assert_true (mf_backup_restore (backup, FALSE, &error));
  g_assert_no_error (error);
  assert_originals (fx, before);
}

static void
commit_one (Fixture *fx, const gchar *label, const gchar *contents)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MfTransaction) txn = mf_transaction_new (fx->backups, label);
  g_autoptr(GBytes) old = read_bytes (fx->prefs);
  g_autoptr(GBytes) new = bytes_of (contents);

  mf_transaction_add (txn, fx->prefs, old, new);
  g_assert_true (mf_transaction_commit (txn, &error));
  g_assert_no_error (error);
}

static void
test_list (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree gchar *corrupt = g_build_filename (fx->backups, "20000101-000000-dead", "journal.json", NULL);
  g_autofree gchar *stray = g_build_filename (fx->backups, "notes.txt", NULL);

  none = mf_backup_list (fx->backups, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (none->len, ==, 0);

  write_originals (fx);
  commit_one (fx, "first", "one\n");
  commit_one (fx, "second", "two\n");
  mf_test_write_file (corrupt, "{ \"version\": 1, \"id\": ");
  mf_test_write_file (stray, "not a backup\n");

  g_test_expect_message (LIB_LOG_DOMAIN, G_LOG_LEVEL_WARNING, "*skipping backup*20000101-000000-dead*");
  list = mf_backup_list (fx->backups, &error);
  g_test_assert_expected_messages ();
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpstr (mf_backup_get_label (g_ptr_array_index (list, 0)), ==, "second");
  g_assert_cmpstr (mf_backup_get_label (g_ptr_array_index (list, 1)), ==, "first");
  g_assert_cmpint (g_date_time_compare (mf_backup_get_created (g_ptr_array_index (list, 0)),
                                        mf_backup_get_created (g_ptr_array_index (list, 1))), >, 0);
}

static void
test_load_not_found (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error_escape = NULL;
  g_autoptr(MfBackup) missing = NULL;
  g_autoptr(MfBackup) escape = NULL;

  missing = mf_backup_load (fx->backups, "20990101-000000-beef", &error);
  g_assert_null (missing);
  g_assert_error (error, MF_ERROR, MF_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "20990101-000000-beef"));
  escape = mf_backup_load (fx->backups, "../home", &error_escape);
  g_assert_null (escape);
  g_assert_error (error_escape, MF_ERROR, MF_ERROR_NOT_FOUND);
}

static void
test_damaged_copy (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MfBackup) backup = NULL;
  g_autoptr(GHashTable) committed = NULL;
  g_autofree gchar *copy = NULL;

  write_originals (fx);
  backup = commit_three (fx);
  committed = mf_test_snapshot_tree (fx->home);
  copy = g_build_filename (mf_backup_get_dir (backup), "002-old.js", NULL);
  mf_test_write_file (copy, "bit rot\n");

  /* a copy that does not match its hash is never put in place */
  g_assert_false (mf_backup_restore (backup, FALSE, &error));
  g_assert_error (error, MF_ERROR, MF_ERROR_IO);
  g_assert_nonnull (strstr (error->message, copy));
  assert_tree (fx->home, committed);
}

/* as root, what mailfix creates belongs to the user whose files they are */
static void
test_root_ownership (Fixture *fx, gconstpointer data)
{
  g_autoptr(MfBackup) backup = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree gchar *copy = NULL;
  g_autofree gchar *journal = NULL;
  struct stat st;

  if (geteuid () != 0) {
    g_test_skip ("giving files to other users needs root");
    return;
  }
  write_originals (fx);
  g_assert_cmpint (lchown (fx->tmp, 4321, 4321), ==, 0);
  g_assert_cmpint (lchown (fx->prefs, 1234, 5678), ==, 0);
  backup = commit_three (fx);

  g_assert_cmpint (lstat (fx->backups, &st), ==, 0);
  g_assert_cmpuint (st.st_uid, ==, 4321);
  g_assert_cmpint (lstat (mf_backup_get_dir (backup), &st), ==, 0);
  g_assert_cmpuint (st.st_uid, ==, 4321);
  journal = g_build_filename (mf_backup_get_dir (backup), "journal.json", NULL);
  g_assert_cmpint (lstat (journal, &st), ==, 0);
  g_assert_cmpuint (st.st_uid, ==, 4321);
  g_assert_cmpuint (st.st_gid, ==, 4321);
  copy = g_build_filename (mf_backup_get_dir (backup), "001-prefs.js", NULL);
  g_assert_cmpint (lstat (copy, &st), ==, 0);
  g_assert_cmpuint (st.st_uid, ==, 1234);
  g_assert_cmpuint (st.st_gid, ==, 5678);
  g_assert_cmpint (lstat (fx->prefs, &st), ==, 0);
  g_assert_cmpuint (st.st_uid, ==, 1234);

  /* a restore puts the owner back even when it changed since */
  g_assert_cmpint (lchown (fx->prefs, 0, 0), ==, 0);
  g_assert_true (mf_backup_restore (backup, FALSE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (lstat (fx->prefs, &st), ==, 0);
  g_assert_cmpuint (st.st_uid, ==, 1234);
  g_assert_cmpuint (st.st_gid, ==, 5678);
  g_assert_cmpuint (st.st_mode & 07777, ==, PREFS_MODE);
}

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/atomic/replace-keeps-mode", test_atomic_keeps_mode);
  ADD ("/atomic/replace-new-file", test_atomic_new_file);
  ADD ("/atomic/refuses-links", test_atomic_refuses_links);
  ADD ("/atomic/read-limits", test_atomic_read_limits);
  g_test_add_func ("/atomic/sha256", test_sha256);

  ADD ("/transaction/commit-and-restore", test_commit_and_restore);
  ADD ("/transaction/journal", test_journal);
  ADD ("/transaction/conflict", test_conflict);
  ADD ("/transaction/conflict-must-not-exist", test_conflict_must_not_exist);
  ADD ("/transaction/same-path-twice", test_same_path_twice);
  g_test_add ("/transaction/fail-at/1", Fixture, GUINT_TO_POINTER (1),
              fixture_set_up, test_fail_at, fixture_tear_down);
  g_test_add ("/transaction/fail-at/2", Fixture, GUINT_TO_POINTER (2),
              fixture_set_up, test_fail_at, fixture_tear_down);
  g_test_add ("/transaction/fail-at/3", Fixture, GUINT_TO_POINTER (3),
              fixture_set_up, test_fail_at, fixture_tear_down);
  ADD ("/transaction/fail-at-env", test_fail_at_env);
  ADD ("/transaction/incomplete", test_incomplete);
  ADD ("/transaction/unwritable-location", test_unwritable_location);
  g_test_add_func ("/transaction/readonly-dir", test_readonly_dir);
  ADD ("/transaction/root-ownership", test_root_ownership);

  ADD ("/backup/restore-conflict-and-force", test_restore_conflict_and_force);
  ADD ("/backup/restore-twice", test_restore_twice);
  ADD ("/backup/restore-all-or-nothing", test_restore_all_or_nothing);
  ADD ("/backup/damaged-copy", test_damaged_copy);
  ADD ("/backup/list", test_list);
  ADD ("/backup/load-not-found", test_load_not_found);

  return g_test_run ();
}
