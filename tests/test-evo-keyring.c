/* test-evo-keyring.c: passwords stored where Evolution reads them, in a
 * real gnome-keyring (started by test-keyring.sh on a private bus), and
 * checked with secret-tool, an independent reader */
#include "config.h"

#include <sys/wait.h>

#include "mailfix.h"
#include "mf-test-utils.h"

#define ACCOUNT_UID "1700000001.1000.1@pc01"
#define TRANSPORT_UID "1700000001.1000.3@pc01"
#define ACCOUNT_ID "evolution:" ACCOUNT_UID

static gchar *
secret_tool (const gchar *uid)
{
  const gchar *argv[] = { "secret-tool", "lookup", "e-source-uid", uid, NULL };
  g_autoptr(GError) error = NULL;
  gchar *out = NULL;
  gint status = 0;

  g_spawn_sync (NULL, (gchar **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL)) {
    g_free (out);
    return NULL;
  }
  return out;
}

static gchar *
secret_tool_attributes (const gchar *uid)
{
  const gchar *argv[] = { "secret-tool", "search", "--all", "e-source-uid", uid, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree gchar *out = NULL;
  g_autofree gchar *err = NULL;

  /* secret-tool prints the item's fields on stdout and its attributes on stderr */
  g_spawn_sync (NULL, (gchar **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, NULL, &error);
  g_assert_no_error (error);
  return g_strconcat (out, err, NULL);
}

static MfSession *
scan (const gchar *home)
{
  return mf_test_scan_home (NULL, home);
}

static void
assert_file_lacks (const gchar *dir, const gchar *secret)
{
  g_autoptr(GHashTable) tree = mf_test_snapshot_tree (dir);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, tree);
  while (g_hash_table_iter_next (&iter, &key, &value)) {
    gsize len = 0;
    const gchar *data = g_bytes_get_data (value, &len);
    if (g_strstr_len (data, len, secret) != NULL)
      g_error ("the password is written in %s", (const gchar *) key);
  }
}

static void
test_store_replace_rollback (void)
{
  g_autofree gchar *home = mf_test_make_tempdir ("keyring");
  g_autoptr(MfSession) session = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree gchar *first_backup = NULL, *second_backup = NULL, *removal = NULL;
  g_autofree gchar *got = NULL, *attrs = NULL, *state = NULL;

  mf_test_copy_fixture ("evolution/home", home);
  session = scan (home);

  /* a fresh keyring: the first password */
  g_assert_true (mf_session_set_password (session, ACCOUNT_ID, "Ab3$xY9!kQ", &first_backup, &error));
  g_assert_no_error (error);
  got = secret_tool (ACCOUNT_UID);
  g_assert_cmpstr (got, ==, "Ab3$xY9!kQ");
  g_clear_pointer (&got, g_free);
  got = secret_tool (TRANSPORT_UID);
  g_assert_cmpstr (got, ==, "Ab3$xY9!kQ");
  g_clear_pointer (&got, g_free);
  /* filed the way evolution-data-server files it, so Evolution finds it */
  attrs = secret_tool_attributes (ACCOUNT_UID);
  g_assert_nonnull (strstr (attrs, "attribute.eds-origin = evolution-data-server"));
  g_assert_nonnull (strstr (attrs, "schema = org.gnome.Evolution.Data.Source"));
  g_assert_nonnull (strstr (attrs, "label = Evolution Data Source \"taro@dream.jp\" (Mail Account - pop) "));

  /* a reissued password replaces it */
  g_assert_true (mf_session_set_password (session, ACCOUNT_ID, "Zq7#mN2@pL", &second_backup, &error));
  got = secret_tool (ACCOUNT_UID);
  g_assert_cmpstr (got, ==, "Zq7#mN2@pL");
  g_clear_pointer (&got, g_free);
  /* no file anywhere in the home holds either password */
  assert_file_lacks (home, "Ab3$xY9!kQ");
  assert_file_lacks (home, "Zq7#mN2@pL");

  /* rolling the replacement back restores the first password */
  mf_session_rollback (session, second_backup, FALSE, &error);
  g_assert_no_error (error);
  got = secret_tool (TRANSPORT_UID);
  g_assert_cmpstr (got, ==, "Ab3$xY9!kQ");
  g_clear_pointer (&got, g_free);

  /* removal, and its rollback */
  g_assert_true (mf_session_set_password (session, ACCOUNT_ID, NULL, &removal, &error));
  g_assert_null (secret_tool (ACCOUNT_UID));
  g_assert_true (mf_session_rollback (session, removal, FALSE, &error));
  got = secret_tool (ACCOUNT_UID);
  g_assert_cmpstr (got, ==, "Ab3$xY9!kQ");
  g_clear_pointer (&got, g_free);

  /* rolling back the first store leaves the keyring as it was: empty */
  g_assert_true (mf_session_rollback (session, first_backup, FALSE, &error));
  g_assert_no_error (error);
  g_assert_null (secret_tool (ACCOUNT_UID));
  g_assert_null (secret_tool (TRANSPORT_UID));
  mf_test_rmtree (home);
}

static void
test_mistyped_password_refused (void)
{
  g_autofree gchar *home = mf_test_make_tempdir ("keyring");
  g_autoptr(MfSession) session = mf_session_new ();
  g_autoptr(MfProviderDb) db = mf_test_provider_db ();
  g_autoptr(GError) error = NULL;
  g_autofree gchar *backup = NULL;
  g_autofree gchar *root = NULL;

  mf_test_copy_fixture ("evolution/home", home);
  mf_session_set_provider_db (session, db);
  mf_session_add_home (session, home);
  g_assert_true (mf_session_scan (session, &error));
  /* docomo's IMAP-only password has exactly 10 characters */
  g_assert_false (mf_session_set_password (session, "evolution:1700000002.1000.1@pc01", "aB3$kq9!Z", &backup, &error));
  g_assert_error (error, MF_ERROR, MF_ERROR_INVALID_ARGUMENT);
  g_assert_null (backup);
  g_assert_null (secret_tool ("1700000002.1000.1@pc01"));
  /* nothing was written: not even a backup */
  root = mf_session_get_backup_root (session, home);
  g_assert_false (g_file_test (root, G_FILE_TEST_EXISTS));
  mf_test_rmtree (home);
}

static void
test_cli_password_stdin (void)
{
  g_autofree gchar *home = mf_test_make_tempdir ("keyring");
  const gchar *mailfix = g_getenv ("MAILFIX");
  const gchar *argv[] = { mailfix, "password", "--json", "--home", home, "--account", ACCOUNT_ID,
                          "--password-stdin", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GBytes) input = g_bytes_new_static ("Kx5%tR8&wE\n", 11);
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GBytes) err = NULL;
  g_autofree gchar *got = NULL;
  const gchar *out_text;

  mf_test_copy_fixture ("evolution/home", home);
  proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                            G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate (proc, input, NULL, &out, &err, &error));
  g_assert_true (g_subprocess_get_if_exited (proc));
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 0);
  out_text = g_bytes_get_data (out, NULL);
  g_assert_null (g_strstr_len (out_text, g_bytes_get_size (out), "Kx5%tR8&wE"));
  g_assert_nonnull (g_strstr_len (out_text, g_bytes_get_size (out), "\"backup\""));
  got = secret_tool (ACCOUNT_UID);
  g_assert_cmpstr (got, ==, "Kx5%tR8&wE");
  mf_test_rmtree (home);
}

/* a new password reaches every account of the address in every client */
static void
test_cli_every_account_of_an_address (void)
{
  g_autofree gchar *home = mf_test_make_tempdir ("keyring");
  const gchar *mailfix = g_getenv ("MAILFIX");
  const gchar *argv[] = { mailfix, "password", "--json", "--home", home, "--address", "hanako@docomo.ne.jp",
                          "--password-stdin", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GBytes) input = g_bytes_new_static ("Dq4&uV7#nM\n", 11);
  g_autoptr(GBytes) out = NULL;
  g_autofree gchar *got = NULL;
  g_autofree gchar *text = NULL;

  mf_test_copy_fixture (MF_TEST_SAMPLE_HOME, home);
  mf_test_copy_fixture ("evolution/home", home);
  proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                            G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate (proc, input, NULL, &out, NULL, &error));
  text = g_strndup (g_bytes_get_data (out, NULL), g_bytes_get_size (out));
  /* both clients: Evolution's keyring and Thunderbird's logins.json */
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 0);
  {
    guint stored = 0;
    for (const gchar *p = text; (p = strstr (p, "\"stored\" : true")) != NULL; p++)
      stored++;
    g_assert_cmpuint (stored, ==, 2);
  }
  g_assert_nonnull (strstr (text, "\"evolution:1700000002.1000.1@pc01\""));
  g_assert_nonnull (strstr (text, "\"thunderbird:k3x9a2bd.default-esr:account3\""));
  g_assert_null (strstr (text, "Dq4&uV7#nM"));
  got = secret_tool ("1700000002.1000.3@pc01");
  g_assert_cmpstr (got, ==, "Dq4&uV7#nM");
  mf_test_rmtree (home);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/keyring/store-replace-rollback", test_store_replace_rollback);
  g_test_add_func ("/keyring/cli-password-stdin", test_cli_password_stdin);
  g_test_add_func ("/keyring/mistyped-password", test_mistyped_password_refused);
  g_test_add_func ("/keyring/every-account-of-an-address", test_cli_every_account_of_an_address);
  return g_test_run ();
}
