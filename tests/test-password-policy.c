/* test-password-policy.c: a mistyped app password is caught with a clear
 * message that never repeats the password */
#include "config.h"

#include <locale.h>

#include "mailfix.h"
#include "mf-test-utils.h"

static MfProviderDb *db;

static void
check (const gchar *provider_id, const gchar *password, gboolean ok, const gchar *expect)
{
  MfProvider *provider = mf_provider_db_lookup_id (db, provider_id);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (provider);
  g_assert_cmpint (mf_provider_check_password (provider, password, &error), ==, ok);
  if (ok) {
    g_assert_no_error (error);
    return;
  }
  g_assert_error (error, MF_ERROR, MF_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, expect));
  /* the message names the problem, never the password */
  if (password[0] != '\0')
    g_assert_null (strstr (error->message, password));
}

static void
test_docomo (void)
{
  /* 10 letters, digits and symbols, case-sensitive */
  check ("docomo.ne.jp", "aB3$kq9!Zx", TRUE, NULL);
  check ("docomo.ne.jp", "aB3$kq9!Z", FALSE, "exactly 10");
  check ("docomo.ne.jp", "aB3$kq9!Zxy", FALSE, "exactly 10");
  check ("docomo.ne.jp", "aB3$kq9!Ｚx", FALSE, "full-width");
  check ("docomo.ne.jp", "aB3$ kq9!Z", FALSE, "space");
  check ("docomo.ne.jp", "", FALSE, "empty");
}

static void
test_provider_without_rules (void)
{
  /* DTI issues no app password: any text will do */
  check ("dream.jp", "anything at all 123", TRUE, NULL);
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  setlocale (LC_ALL, "C");
  db = mf_test_provider_db ();
  g_test_add_func ("/password-policy/docomo", test_docomo);
  g_test_add_func ("/password-policy/no-rules", test_provider_without_rules);
  status = g_test_run ();
  g_object_unref (db);
  return status;
}
