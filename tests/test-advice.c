/* test-advice.c: what the desktop wizard tells a user about each account
 * of the sample home, and about each change, through the public API */
#include "config.h"

#include <string.h>

#include "mailfix.h"
#include "mf-test-utils.h"

#define ID(n) "thunderbird:k3x9a2bd.default-esr:account" n

static MfProviderDb *db;

static MfSession *
scan_sample (gchar **home_out)
{
  gchar *home = mf_test_make_tempdir ("advice");

  mf_test_copy_fixture (MF_TEST_SAMPLE_HOME, home);
  *home_out = home;
  return mf_test_scan_home (db, home);
}

static MfAccountState
state_of (MfSession *session, const gchar *id, gchar **why)
{
  MfAccount *account = mf_session_find_account (session, id);
  g_assert_nonnull (account);
  return mf_session_get_account_state (session, account, why);
}

static void
test_states (void)
{
  g_autofree gchar *home = NULL;
  g_autoptr(MfSession) session = scan_sample (&home);
  g_autofree gchar *dti = NULL;
  g_autofree gchar *gmail = NULL;
  g_autofree gchar *fine = NULL;

  /* DTI: sending without signing in, fixed as DTI documents it */
  g_assert_cmpint (state_of (session, ID ("1"), &dti), ==, MF_ACCOUNT_STATE_NEEDS_FIX);
  g_assert_nonnull (strstr (dti, "without signing in"));
  g_assert_true (mf_session_is_recommended (session, mf_session_find_account (session, ID ("1"))));
  /* docomo: fixable, and only with the new app password */
  g_assert_cmpint (state_of (session, ID ("3"), NULL), ==, MF_ACCOUNT_STATE_NEEDS_FIX);
  g_assert_true (mf_session_needs_new_password (session, mf_session_find_account (session, ID ("3"))));
  g_assert_false (mf_session_needs_new_password (session, mf_session_find_account (session, ID ("1"))));
  /* Gmail signs in with OAuth2: not touched, and said why */
  g_assert_cmpint (state_of (session, ID ("4"), &gmail), ==, MF_ACCOUNT_STATE_LEFT_ALONE);
  g_assert_nonnull (strstr (gmail, "web page"));
  g_assert_false (mf_session_is_recommended (session, mf_session_find_account (session, ID ("4"))));
  g_assert_cmpint (state_of (session, ID ("5"), &fine), ==, MF_ACCOUNT_STATE_FINE);
  g_assert_false (mf_session_is_recommended (session, mf_session_find_account (session, ID ("5"))));
  g_assert_cmpstr (mf_account_get_client_name (mf_session_find_account (session, ID ("5"))), ==, "Thunderbird");
  /* Debian's thunderbird package installs thunderbird.desktop; it is asked for first */
  g_assert_cmpstr (mf_account_get_client_desktop_ids (mf_session_find_account (session, ID ("5")))[0], ==,
                   "thunderbird.desktop");
  mf_test_rmtree (home);
}

/* a provider mailfix does not know: a fix is offered, not preselected */
static void
test_unconfirmed (void)
{
  g_autofree gchar *dir = mf_test_make_tempdir ("advice");
  g_autoptr(MfSession) session = mf_session_new ();
  g_autoptr(GError) error = NULL;
  g_autofree gchar *why = NULL;
  GPtrArray *accounts;
  gboolean seen = FALSE;

  mf_test_copy_fixture ("thunderbird/unknown-provider", dir);
  mf_session_set_provider_db (session, db);
  mf_session_add_profile_path (session, dir);
  g_assert_true (mf_session_scan (session, &error));
  g_assert_no_error (error);
  accounts = mf_session_get_accounts (session);
  for (guint i = 0; i < accounts->len; i++) {
    MfAccount *account = g_ptr_array_index (accounts, i);
    if (mf_session_get_account_state (session, account, NULL) != MF_ACCOUNT_STATE_UNCONFIRMED_FIX)
      continue;
    seen = TRUE;
    g_assert_false (mf_session_is_recommended (session, account));
    mf_session_get_account_state (session, account, &why);
    g_assert_nonnull (strstr (why, "not confirmed"));
  }
  g_assert_true (seen);
  mf_test_rmtree (dir);
}

static gchar *
joined (GPtrArray *sentences)
{
  g_ptr_array_add (sentences, NULL);
  return g_strjoinv ("\n", (gchar **) sentences->pdata);
}

static void
test_describe (void)
{
  g_autofree gchar *home = NULL;
  g_autoptr(MfSession) session = scan_sample (&home);
  MfRemedy *dti = mf_diagnosis_get_remedy (mf_session_get_diagnosis (session, mf_session_find_account (session, ID ("1"))));
  MfRemedy *docomo = mf_diagnosis_get_remedy (mf_session_get_diagnosis (session, mf_session_find_account (session, ID ("3"))));
  g_autoptr(GPtrArray) a = mf_remedy_describe (dti);
  g_autoptr(GPtrArray) b = mf_remedy_describe (docomo);
  g_autofree gchar *text_a = joined (a);
  g_autofree gchar *text_b = joined (b);

  /* in words, not settings */
  g_assert_nonnull (strstr (text_a, "sign in with your user name and password"));
  g_assert_nonnull (strstr (text_a, "from port 25"));
  g_assert_nonnull (strstr (text_a, "port 587"));
  g_assert_nonnull (strstr (text_b, "Receiving will be encrypted (SSL/TLS, port 993)"));
  g_assert_nonnull (strstr (text_b, "Sending will be encrypted (SSL/TLS)"));
  mf_test_rmtree (home);
}

/* a real connection to a port nothing listens on */
static void
test_verify_words (void)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(MfServer) server = mf_server_new (MF_PROTOCOL_IMAP);
  g_autoptr(MfVerifyResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree gchar *words = NULL;
  MfVerifyOptions options = { NULL, 5000 };
  guint16 port;

  /* a port that was free a moment ago */
  port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  g_assert_no_error (error);
  g_socket_listener_close (listener);
  mf_server_set_host (server, "127.0.0.1");
  mf_server_set_port (server, port);
  mf_server_set_security (server, MF_SECURITY_TLS);
  mf_server_set_auth (server, MF_AUTH_PASSWORD);
  mf_server_set_username (server, "taro");
  result = mf_verify_server (server, "Abcdefgh12", &options, NULL);
  words = mf_verify_result_describe (result);
  g_assert_nonnull (strstr (words, "could not be reached"));
  g_assert_null (strstr (words, "Abcdefgh12"));
}

int
main (int argc, char **argv)
{
  int status;

  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  db = mf_test_provider_db ();
  g_test_add_func ("/advice/states", test_states);
  g_test_add_func ("/advice/unconfirmed", test_unconfirmed);
  g_test_add_func ("/advice/describe", test_describe);
  g_test_add_func ("/advice/verify-words", test_verify_words);
  status = g_test_run ();
  g_object_unref (db);
  return status;
}
