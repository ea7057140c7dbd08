/* test-session-scan.c: homes read several at a time and handed on one by
 * one: in the order given, each profile once, nothing kept afterwards */
#include "config.h"

#include <mailfix.h>

#include "mf-test-utils.h"

#define PROFILE_REL ".thunderbird/k3x9a2bd.default-esr"

static gchar *tmp;

typedef struct {
  GPtrArray *homes;      /* as handed on; NULL for the profiles named */
  GPtrArray *profiles;   /* paths, in the order handed on */
  GPtrArray *accounts;   /* profile path of each account */
  guint problems;
} Seen;

static void
seen_clear (Seen *seen)
{
  g_clear_pointer (&seen->homes, g_ptr_array_unref);
  g_clear_pointer (&seen->profiles, g_ptr_array_unref);
  g_clear_pointer (&seen->accounts, g_ptr_array_unref);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Seen, seen_clear)

static void
record_home (MfSession *session, const gchar *home, GPtrArray *profiles, GPtrArray *diagnoses,
             GPtrArray *problems, gpointer user_data)
{
  Seen *seen = user_data;

  g_ptr_array_add (seen->homes, g_strdup (home));
  for (guint i = 0; i < profiles->len; i++)
    g_ptr_array_add (seen->profiles, g_strdup (mf_profile_get_path (g_ptr_array_index (profiles, i))));
  for (guint i = 0; i < diagnoses->len; i++) {
    MfAccount *account = mf_diagnosis_get_account (g_ptr_array_index (diagnoses, i));
    g_ptr_array_add (seen->accounts, g_strdup (mf_profile_get_path (mf_account_get_profile (account))));
  }
  seen->problems += problems->len;
}

static void
scan_each (MfSession *session, Seen *seen)
{
  g_autoptr(GError) error = NULL;

  seen->homes = g_ptr_array_new_with_free_func (g_free);
  seen->profiles = g_ptr_array_new_with_free_func (g_free);
  seen->accounts = g_ptr_array_new_with_free_func (g_free);
  g_assert_true (mf_session_scan_each_home (session, record_home, seen, &error));
  g_assert_no_error (error);
}

static gchar *
sample_home (const gchar *name)
{
  gchar *home = g_build_filename (tmp, name, NULL);

  mf_test_copy_fixture (MF_TEST_SAMPLE_HOME, home);
  return home;
}

/* twelve homes on four threads, one of them slow to parse: handed on in
 * the order given, each with its own accounts, and a full scan agrees */
static void
test_each_home_in_order (void)
{
  g_autoptr(GPtrArray) homes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(MfSession) session = mf_session_new ();
  g_autoptr(MfSession) whole = mf_session_new ();
  g_autoptr(GError) error = NULL;
  g_auto(Seen) seen = { 0 };
  g_autofree gchar *big = NULL;
  g_autoptr(GString) padding = g_string_new (NULL);

  for (guint i = 0; i < 12; i++) {
    g_autofree gchar *name = g_strdup_printf ("order-%02u", i);
    g_ptr_array_add (homes, sample_home (name));
    mf_session_add_home (session, g_ptr_array_index (homes, i));
    mf_session_add_home (whole, g_ptr_array_index (homes, i));
  }
  /* the first home takes longest, so later ones are done before it */
  big = g_build_filename (g_ptr_array_index (homes, 0), PROFILE_REL, "prefs.js", NULL);
  {
    g_autofree gchar *prefs = mf_test_read_file (big, NULL);
    g_string_append (padding, prefs);
    for (guint i = 0; i < 40000; i++)
      g_string_append_printf (padding, "user_pref(\"mail.padding.%u\", \"%u\");\n", i, i);
    mf_test_write_file (big, padding->str);
  }
  g_setenv ("MAILFIX_SCAN_THREADS", "4", TRUE);
  scan_each (session, &seen);
  g_assert_cmpuint (seen.homes->len, ==, 12);
  g_assert_cmpuint (seen.accounts->len, ==, 12 * 4);
  for (guint i = 0; i < 12; i++) {
    g_assert_cmpstr (g_ptr_array_index (seen.homes, i), ==, g_ptr_array_index (homes, i));
    for (guint j = 0; j < 4; j++)
      g_assert_true (g_str_has_prefix (g_ptr_array_index (seen.accounts, i * 4 + j), g_ptr_array_index (homes, i)));
  }
  /* nothing is kept: that is what keeps memory flat */
  g_assert_cmpuint (mf_session_get_accounts (session)->len, ==, 0);
  g_assert_cmpuint (mf_session_get_profiles (session)->len, ==, 0);

  g_assert_true (mf_session_scan (whole, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (mf_session_get_diagnoses (whole)->len, ==, 12 * 4);
  g_assert_cmpuint (mf_session_get_accounts (whole)->len, ==, 12 * 4);
  g_assert_cmpuint (mf_session_get_profiles (whole)->len, ==, 12);
  for (guint i = 0; i < 12 * 4; i++) {
    MfDiagnosis *diagnosis = g_ptr_array_index (mf_session_get_diagnoses (whole), i);
    MfAccount *account = g_ptr_array_index (mf_session_get_accounts (whole), i);
    g_assert_true (mf_diagnosis_get_account (diagnosis) == account);
    g_assert_cmpstr (mf_profile_get_path (mf_account_get_profile (account)), ==, g_ptr_array_index (seen.accounts, i));
  }
  g_unsetenv ("MAILFIX_SCAN_THREADS");
  for (guint i = 0; i < homes->len; i++)
    mf_test_rmtree (g_ptr_array_index (homes, i));
}

/* a profile two homes reach (here by an absolute path in the second
 * home's profiles.ini) belongs to the first home given, however the
 * threads run; one named by path belongs to the named profiles */
static void
test_profile_listed_once (void)
{
  g_autofree gchar *first = sample_home ("once-first");
  g_autofree gchar *second = g_build_filename (tmp, "once-second", NULL);
  g_autofree gchar *tb = g_build_filename (second, ".thunderbird", NULL);
  g_autofree gchar *ini = g_build_filename (tb, "profiles.ini", NULL);
  g_autofree gchar *shared = g_build_filename (first, PROFILE_REL, NULL);
  g_autofree gchar *text = g_strdup_printf ("[Profile0]\nName=shared\nIsRelative=0\nPath=%s\nDefault=1\n", shared);

  g_assert_cmpint (g_mkdir_with_parents (tb, 0700), ==, 0);
  mf_test_write_file (ini, text);
  g_setenv ("MAILFIX_SCAN_THREADS", "2", TRUE);

  for (guint order = 0; order < 2; order++) {
    g_autoptr(MfSession) session = mf_session_new ();
    g_auto(Seen) seen = { 0 };
    const gchar *homes[2] = { order == 0 ? first : second, order == 0 ? second : first };

    mf_session_add_home (session, homes[0]);
    mf_session_add_home (session, homes[1]);
    scan_each (session, &seen);
    g_assert_cmpuint (seen.profiles->len, ==, 1);
    g_assert_cmpuint (seen.accounts->len, ==, 4);
    g_assert_cmpstr (g_ptr_array_index (seen.profiles, 0), ==, shared);
    g_assert_cmpuint (seen.problems, ==, 0);
  }
  {
    g_autoptr(MfSession) session = mf_session_new ();
    g_auto(Seen) seen = { 0 };

    mf_session_add_home (session, second);
    mf_session_add_home (session, first);
    mf_session_add_profile_path (session, shared);
    scan_each (session, &seen);
    g_assert_cmpuint (seen.homes->len, ==, 3);
    g_assert_null (g_ptr_array_index (seen.homes, 0));
    g_assert_cmpuint (seen.profiles->len, ==, 1);
    g_assert_cmpuint (seen.accounts->len, ==, 4);
  }
  g_unsetenv ("MAILFIX_SCAN_THREADS");
  mf_test_rmtree (first);
  mf_test_rmtree (second);
}

/* a named path that is no profile stops the scan before any home is
 * handed on */
static void
test_bad_named_profile (void)
{
  g_autofree gchar *home = sample_home ("bad-named");
  g_autofree gchar *nowhere = g_build_filename (tmp, "no-such-profile", NULL);
  g_autoptr(MfSession) session = mf_session_new ();
  g_autoptr(GError) error = NULL;
  Seen seen = { g_ptr_array_new_with_free_func (g_free), g_ptr_array_new_with_free_func (g_free),
                g_ptr_array_new_with_free_func (g_free), 0 };

  mf_session_add_home (session, home);
  mf_session_add_profile_path (session, nowhere);
  g_assert_false (mf_session_scan_each_home (session, record_home, &seen, &error));
  g_assert_nonnull (error);
  g_assert_cmpuint (seen.homes->len, ==, 0);
  seen_clear (&seen);
  mf_test_rmtree (home);
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  tmp = mf_test_make_tempdir ("session-scan");
  g_test_add_func ("/session-scan/each-home-in-order", test_each_home_in_order);
  g_test_add_func ("/session-scan/profile-listed-once", test_profile_listed_once);
  g_test_add_func ("/session-scan/bad-named-profile", test_bad_named_profile);
  status = g_test_run ();
  mf_test_rmtree (tmp);
  g_free (tmp);
  return status;
}
