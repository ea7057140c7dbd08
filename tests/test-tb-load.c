/* test-tb-load.c: finding Thunderbird profiles and reading their accounts,
 * on files in Thunderbird's own formats, including broken ones */
#include "config.h"

#include <fcntl.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "mailfix.h"
#include "mf-test-utils.h"

#define PREFS_HEADER "// Mozilla User Preferences\n\n"

static MfProviderDb *db;

static MfSession *
scan_home (const gchar *home)
{
  return mf_test_scan_home (db, home);
}

static MfAccount *
account_by_key (MfSession *session, const gchar *suffix)
{
  GPtrArray *accounts = mf_session_get_accounts (session);

  for (guint i = 0; i < accounts->len; i++) {
    MfAccount *account = g_ptr_array_index (accounts, i);
    if (g_str_has_suffix (mf_account_get_id (account), suffix))
      return account;
  }
  return NULL;
}

/* a home with a profiles.ini listing the given profile directories */
static void
write_home (const gchar *root, const gchar * const *profiles)
{
  g_autoptr(GString) ini = g_string_new (NULL);
  g_autofree gchar *ini_path = g_build_filename (root, "profiles.ini", NULL);

  for (guint i = 0; profiles[i] != NULL; i++)
    g_string_append_printf (ini, "[Profile%u]\nName=p%u\nIsRelative=1\nPath=%s\n\n", i, i, profiles[i]);
  g_string_append (ini, "[General]\nStartWithLastProfile=1\nVersion=2\n");
  mf_test_write_file (ini_path, ini->str);
}

static const gchar *good_prefs =
  PREFS_HEADER
  "user_pref(\"mail.account.account1.identities\", \"id1\");\n"
  "user_pref(\"mail.account.account1.server\", \"server1\");\n"
  "user_pref(\"mail.accountmanager.accounts\", \"account1\");\n"
  "user_pref(\"mail.identity.id1.smtpServer\", \"smtp1\");\n"
  "user_pref(\"mail.identity.id1.useremail\", \"ok@example.org\");\n"
  "user_pref(\"mail.server.server1.hostname\", \"mail.example.org\");\n"
  "user_pref(\"mail.server.server1.socketType\", 3);\n"
  "user_pref(\"mail.server.server1.type\", \"imap\");\n"
  "user_pref(\"mail.smtpserver.smtp1.hostname\", \"mail.example.org\");\n"
  "user_pref(\"mail.smtpserver.smtp1.try_ssl\", 3);\n";

static void
test_discovery_default_profile (void)
{
  g_autofree gchar *home = mf_test_make_tempdir ("tbload");
  g_autoptr(MfSession) session = NULL;
  MfProfile *profile;

  mf_test_copy_fixture (MF_TEST_SAMPLE_HOME, home);
  session = scan_home (home);
  g_assert_cmpuint (mf_session_get_profiles (session)->len, ==, 1);
  profile = g_ptr_array_index (mf_session_get_profiles (session), 0);
  g_assert_cmpstr (mf_profile_get_store (profile), ==, "thunderbird");
  g_assert_cmpstr (mf_profile_get_name (profile), ==, "default-esr");
  g_assert_true (g_str_has_suffix (mf_profile_get_path (profile), "/.thunderbird/k3x9a2bd.default-esr"));
  g_assert_true (mf_profile_get_is_default (profile));
  g_assert_cmpuint (mf_session_get_problems (session)->len, ==, 0);
  mf_test_rmtree (home);
}

static void
test_discovery_snap_and_flatpak (void)
{
  g_autofree gchar *home = mf_test_make_tempdir ("tbload");
  g_autofree gchar *snap = g_build_filename (home, "snap", "thunderbird", "common", ".thunderbird", NULL);
  g_autofree gchar *flat = g_build_filename (home, ".var", "app", "org.mozilla.Thunderbird", ".thunderbird", NULL);
  const gchar *one[] = { "aaaa1111.default", NULL };
  g_autofree gchar *p1 = g_build_filename (snap, "aaaa1111.default", "prefs.js", NULL);
  g_autofree gchar *p2 = g_build_filename (flat, "aaaa1111.default", "prefs.js", NULL);
  g_autoptr(MfSession) session = NULL;

  write_home (snap, one);
  write_home (flat, one);
  mf_test_write_file (p1, good_prefs);
  mf_test_write_file (p2, good_prefs);
  session = scan_home (home);
  g_assert_cmpuint (mf_session_get_profiles (session)->len, ==, 2);
  g_assert_cmpuint (mf_session_get_accounts (session)->len, ==, 2);
  mf_test_rmtree (home);
}

static void
test_profile_pointing_nowhere (void)
{
  g_autofree gchar *home = mf_test_make_tempdir ("tbload");
  g_autofree gchar *root = g_build_filename (home, ".thunderbird", NULL);
  const gchar *profiles[] = { "gone.default", "here.default", NULL };
  g_autofree gchar *prefs = g_build_filename (root, "here.default", "prefs.js", NULL);
  g_autoptr(MfSession) session = NULL;
  const GError *problem;

  write_home (root, profiles);
  mf_test_write_file (prefs, good_prefs);
  session = scan_home (home);
  /* the broken entry is reported, naming profiles.ini; the good one is used */
  g_assert_cmpuint (mf_session_get_profiles (session)->len, ==, 1);
  g_assert_cmpuint (mf_session_get_accounts (session)->len, ==, 1);
  g_assert_cmpuint (mf_session_get_problems (session)->len, ==, 1);
  problem = g_ptr_array_index (mf_session_get_problems (session), 0);
  g_assert_error (problem, MF_ERROR, MF_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (problem->message, "profiles.ini"));
  g_assert_nonnull (strstr (problem->message, "gone.default"));
  mf_test_rmtree (home);
}

static void
test_profiles_ini_not_a_file (void)
{
  g_autofree gchar *home = mf_test_make_tempdir ("tbload");
  g_autofree gchar *ini = g_build_filename (home, ".thunderbird", "profiles.ini", NULL);
  g_autoptr(MfSession) session = NULL;

  g_assert_cmpint (g_mkdir_with_parents (ini, 0700), ==, 0);
  session = scan_home (home);
  g_assert_cmpuint (mf_session_get_profiles (session)->len, ==, 0);
  g_assert_cmpuint (mf_session_get_problems (session)->len, ==, 1);
  g_assert_nonnull (strstr (((GError *) g_ptr_array_index (mf_session_get_problems (session), 0))->message,
                            "profiles.ini"));
  mf_test_rmtree (home);
}

static void
test_accounts_and_defaults (void)
{
  g_autofree gchar *home = mf_test_make_tempdir ("tbload");
  g_autoptr(MfSession) session = NULL;
  MfAccount *dti, *docomo, *gmail, *plain;
  MfServer *s;

  mf_test_copy_fixture (MF_TEST_SAMPLE_HOME, home);
  session = scan_home (home);
  /* Local Folders fetch and send nothing: not listed */
  g_assert_cmpuint (mf_session_get_accounts (session)->len, ==, 4);

  dti = account_by_key (session, ":account1");
  g_assert_cmpstr (mf_account_get_address (dti), ==, "taro@dream.jp");
  g_assert_cmpint (mf_account_get_kind (dti), ==, MF_ACCOUNT_KIND_MAIL);
  s = mf_account_get_incoming (dti);
  g_assert_cmpint (mf_server_get_protocol (s), ==, MF_PROTOCOL_POP3);
  /* no port and no socketType: Thunderbird's defaults, POP3 on 110 in plaintext */
  g_assert_cmpuint (mf_server_get_port (s), ==, 110);
  g_assert_cmpint (mf_server_get_security (s), ==, MF_SECURITY_NONE);
  g_assert_cmpint (mf_server_get_auth (s), ==, MF_AUTH_PASSWORD);
  s = mf_account_get_outgoing (dti);
  g_assert_cmpuint (mf_server_get_port (s), ==, 25);
  g_assert_cmpint (mf_server_get_auth (s), ==, MF_AUTH_NONE);
  g_assert_cmpstr (mf_account_get_store_key (dti, "smtp"), ==, "smtp1");

  /* the trap: only the legacy auth_method=0 says "no sign-in" */
  docomo = account_by_key (session, ":account3");
  s = mf_account_get_outgoing (docomo);
  g_assert_cmpint (mf_server_get_auth (s), ==, MF_AUTH_NONE);
  g_assert_cmpint (mf_server_get_security (s), ==, MF_SECURITY_NONE);
  g_assert_cmpuint (mf_server_get_port (mf_account_get_incoming (docomo)), ==, 143);
  /* logins.json dates its saved password without anything being decrypted */
  {
    g_autofree gchar *when = g_date_time_format_iso8601 (mf_account_get_password_changed (docomo));
    g_assert_cmpstr (when, ==, "2019-06-01T02:00:00Z");
  }
  g_assert_null (mf_account_get_password_changed (dti));

  gmail = account_by_key (session, ":account4");
  g_assert_cmpint (mf_account_get_kind (gmail), ==, MF_ACCOUNT_KIND_OAUTH2);

  /* defaults left out of prefs.js are read as Thunderbird reads them */
  plain = account_by_key (session, ":account5");
  g_assert_cmpuint (mf_server_get_port (mf_account_get_incoming (plain)), ==, 993);
  g_assert_cmpint (mf_server_get_security (mf_account_get_incoming (plain)), ==, MF_SECURITY_TLS);
  g_assert_cmpuint (mf_server_get_port (mf_account_get_outgoing (plain)), ==, 465);
  g_assert_cmpint (mf_server_get_auth (mf_account_get_outgoing (plain)), ==, MF_AUTH_PASSWORD);
  g_assert_cmpuint (mf_diagnosis_get_findings (mf_session_get_diagnosis (session, plain))->len, ==, 0);
  mf_test_rmtree (home);
}

static void
test_accounts_thunderbird_would_drop (void)
{
  g_autofree gchar *dir = mf_test_make_tempdir ("tbload");
  g_autofree gchar *prefs = g_build_filename (dir, "prefs.js", NULL);
  g_autoptr(MfSession) session = mf_session_new ();
  g_autoptr(GError) error = NULL;
  MfAccount *split;

  mf_test_write_file (prefs,
    PREFS_HEADER
    "user_pref(\"mail.account.account1.server\", \"server1\");\n"
    "user_pref(\"mail.account.account2.server\", \"server2\");\n"
    "user_pref(\"mail.account.account3.server\", \"server3\");\n"
    "user_pref(\"mail.account.account4.server\", \"server3\");\n"
    "user_pref(\"mail.accountmanager.accounts\", \"account1,account2,account3,account4,account3\");\n"
    "user_pref(\"mail.server.server1.hostname\", \"pop.example.org\");\n"
    "user_pref(\"mail.server.server2.type\", \"imap\");\n"
    "user_pref(\"mail.server.server3.hostname\", \"imap.example.org:10143\");\n"
    "user_pref(\"mail.server.server3.type\", \"imap\");\n");
  mf_session_set_provider_db (session, db);
  mf_session_add_profile_path (session, dir);
  mf_session_scan (session, &error);
  g_assert_no_error (error);
  /* no type, no host name, a second account on the same server: Thunderbird
   * drops all three, so mailfix does not offer them */
  g_assert_cmpuint (mf_session_get_accounts (session)->len, ==, 1);
  split = g_ptr_array_index (mf_session_get_accounts (session), 0);
  g_assert_cmpstr (mf_server_get_host (mf_account_get_incoming (split)), ==, "imap.example.org");
  g_assert_cmpuint (mf_server_get_port (mf_account_get_incoming (split)), ==, 10143);
  mf_test_rmtree (dir);
}

/* a home with a broken profile beside a good one */
static void
check_bad_prefs (const gchar *content, gsize len, gint code, const gchar *expect)
{
  g_autofree gchar *home = mf_test_make_tempdir ("tbload");
  g_autofree gchar *root = g_build_filename (home, ".thunderbird", NULL);
  const gchar *profiles[] = { "bad.default", "good.default", NULL };
  g_autofree gchar *bad = g_build_filename (root, "bad.default", "prefs.js", NULL);
  g_autofree gchar *good = g_build_filename (root, "good.default", "prefs.js", NULL);
  g_autoptr(MfSession) session = NULL;
  const GError *problem;

  write_home (root, profiles);
  mf_test_write_file (good, good_prefs);
  mf_test_write_file (bad, "");
  g_assert_true (g_file_set_contents (bad, content, len, NULL));
  session = scan_home (home);
  g_assert_cmpuint (mf_session_get_accounts (session)->len, ==, 1);
  g_assert_cmpuint (mf_session_get_problems (session)->len, ==, 1);
  problem = g_ptr_array_index (mf_session_get_problems (session), 0);
  g_assert_error (problem, MF_ERROR, code);
  g_assert_nonnull (strstr (problem->message, bad));
  if (expect != NULL)
    g_assert_nonnull (strstr (problem->message, expect));
  mf_test_rmtree (home);
}

static void
test_malformed_prefs (void)
{
  const gchar *text = PREFS_HEADER "user_pref(\"mail.server.server1.type\" \"pop3\");\n";
  check_bad_prefs (text, strlen (text), MF_ERROR_PARSE, "prefs.js:3:");
}

static void
test_truncated_prefs (void)
{
  const gchar *text = PREFS_HEADER "user_pref(\"mail.server.server1.hostname\", \"pop.exa";
  check_bad_prefs (text, strlen (text), MF_ERROR_PARSE, "prefs.js:3:");
}

static void
test_binary_prefs (void)
{
  static const gchar bin[] = "\x7f" "ELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x03\x00";
  check_bad_prefs (bin, sizeof bin - 1, MF_ERROR_PARSE, NULL);
}

static void
test_huge_prefs (void)
{
  g_autofree gchar *home = mf_test_make_tempdir ("tbload");
  g_autofree gchar *root = g_build_filename (home, ".thunderbird", NULL);
  const gchar *profiles[] = { "huge.default", NULL };
  g_autofree gchar *prefs = g_build_filename (root, "huge.default", "prefs.js", NULL);
  g_autoptr(MfSession) session = NULL;
  int fd;

  write_home (root, profiles);
  mf_test_write_file (prefs, PREFS_HEADER);
  /* a sparse file: large to read, cheap to make */
  fd = open (prefs, O_WRONLY);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, (off_t) 200 * 1024 * 1024), ==, 0);
  close (fd);
  session = scan_home (home);
  g_assert_cmpuint (mf_session_get_problems (session)->len, ==, 1);
  g_assert_error ((GError *) g_ptr_array_index (mf_session_get_problems (session), 0), MF_ERROR, MF_ERROR_TOO_LARGE);
  mf_test_rmtree (home);
}

static void
test_unreadable_profile (void)
{
  g_autofree gchar *home = mf_test_make_tempdir ("tbload");
  g_autofree gchar *root = g_build_filename (home, ".thunderbird", NULL);
  const gchar *profiles[] = { "odd.default", "link.default", NULL };
  g_autofree gchar *odd = g_build_filename (root, "odd.default", "prefs.js", NULL);
  g_autofree gchar *link_dir = g_build_filename (root, "link.default", NULL);
  g_autofree gchar *link = g_build_filename (link_dir, "prefs.js", NULL);
  g_autoptr(MfSession) session = NULL;

  write_home (root, profiles);
  /* prefs.js that is a directory, and one that is a symbolic link out of the home */
  g_assert_cmpint (g_mkdir_with_parents (odd, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (link_dir, 0700), ==, 0);
  g_assert_cmpint (symlink ("/etc/passwd", link), ==, 0);
  session = scan_home (home);
  g_assert_cmpuint (mf_session_get_accounts (session)->len, ==, 0);
  g_assert_cmpuint (mf_session_get_problems (session)->len, ==, 2);
  for (guint i = 0; i < 2; i++) {
    const GError *problem = g_ptr_array_index (mf_session_get_problems (session), i);
    g_assert_nonnull (strstr (problem->message, "prefs.js"));
  }
  mf_test_rmtree (home);
}

/* a damaged password store only means no dates: the scan goes on */
static void
test_damaged_logins_json (void)
{
  g_autofree gchar *home = mf_test_make_tempdir ("tbload");
  g_autofree gchar *logins = g_build_filename (home, ".thunderbird", "k3x9a2bd.default-esr", "logins.json", NULL);
  g_autoptr(MfSession) session = NULL;

  mf_test_copy_fixture (MF_TEST_SAMPLE_HOME, home);
  mf_test_write_file (logins, "{\"nextId\": 3, \"logins\": 5, \"version\": 3}");
  session = scan_home (home);
  g_assert_cmpuint (mf_session_get_accounts (session)->len, ==, 4);
  g_assert_null (mf_account_get_password_changed (account_by_key (session, ":account3")));
  mf_test_rmtree (home);
}

static void
test_profile_option_not_a_profile (void)
{
  g_autofree gchar *dir = mf_test_make_tempdir ("tbload");
  g_autoptr(MfSession) session = mf_session_new ();
  g_autoptr(GError) error = NULL;

  mf_session_add_profile_path (session, dir);
  g_assert_false (mf_session_scan (session, &error));
  g_assert_error (error, MF_ERROR, MF_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, dir));
  mf_test_rmtree (dir);
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  db = mf_test_provider_db ();
  g_test_add_func ("/tb-load/discovery/default", test_discovery_default_profile);
  g_test_add_func ("/tb-load/discovery/snap-flatpak", test_discovery_snap_and_flatpak);
  g_test_add_func ("/tb-load/discovery/pointing-nowhere", test_profile_pointing_nowhere);
  g_test_add_func ("/tb-load/discovery/ini-not-a-file", test_profiles_ini_not_a_file);
  g_test_add_func ("/tb-load/accounts/defaults", test_accounts_and_defaults);
  g_test_add_func ("/tb-load/accounts/dropped-by-thunderbird", test_accounts_thunderbird_would_drop);
  g_test_add_func ("/tb-load/bad/malformed", test_malformed_prefs);
  g_test_add_func ("/tb-load/bad/truncated", test_truncated_prefs);
  g_test_add_func ("/tb-load/bad/binary", test_binary_prefs);
  g_test_add_func ("/tb-load/bad/huge", test_huge_prefs);
  g_test_add_func ("/tb-load/bad/unreadable", test_unreadable_profile);
  g_test_add_func ("/tb-load/bad/not-a-profile", test_profile_option_not_a_profile);
  g_test_add_func ("/tb-load/bad/damaged-logins-json", test_damaged_logins_json);
  status = g_test_run ();
  g_object_unref (db);
  return status;
}
