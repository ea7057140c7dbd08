/* test-prf.c: Outlook PRF files as ISPs hand them out: read, changed line
 * by line with every other byte kept, and written for /importprf */
#include "config.h"

#include <string.h>

#include "mailfix.h"
#include "mf-prf.h"
#include "mf-test-utils.h"

static gchar *
fixture_path (const gchar *name)
{
  return g_test_build_filename (G_TEST_DIST, "fixtures", "prf", name, NULL);
}

static GBytes *
fixture_bytes (const gchar *name)
{
  g_autofree gchar *path = fixture_path (name);
  gsize len = 0;
  gchar *data = mf_test_read_file (path, &len);

  return g_bytes_new_take (data, len);
}

static MfPrf *
load (const gchar *name)
{
  g_autofree gchar *path = fixture_path (name);
  g_autoptr(GBytes) bytes = fixture_bytes (name);
  g_autoptr(GError) error = NULL;
  MfPrf *prf = mf_prf_parse (bytes, path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (prf);
  return prf;
}

static MfPrf *
reparse (MfPrf *prf)
{
  g_autoptr(GBytes) bytes = mf_prf_to_bytes (prf);
  g_autoptr(GError) error = NULL;
  MfPrf *again = mf_prf_parse (bytes, "written.prf", &error);

  g_assert_no_error (error);
  g_assert_nonnull (again);
  return again;
}

/* text in the fixture's encoding, as the edits below must produce it */
static GBytes *
encoded (const gchar *utf8, const gchar *charset)
{
  gsize len = 0;
  gchar *data;

  if (charset == NULL)
    return g_bytes_new (utf8, strlen (utf8));
  data = g_convert (utf8, -1, charset, "UTF-8", NULL, &len, NULL);
  g_assert_nonnull (data);
  return g_bytes_new_take (data, len);
}

/* bytes with the one occurrence of from replaced by to */
static GBytes *
replaced (GBytes *bytes, GBytes *from, GBytes *to)
{
  gsize len, from_len, to_len;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  const guint8 *from_data = g_bytes_get_data (from, &from_len);
  const guint8 *to_data = g_bytes_get_data (to, &to_len);
  const guint8 *hit = memmem (data, len, from_data, from_len);
  GByteArray *out = g_byte_array_new ();

  g_assert_nonnull (hit);
  g_assert_null (memmem (hit + 1, len - (gsize) (hit - data) - 1, from_data, from_len));
  g_byte_array_append (out, data, (guint) (hit - data));
  g_byte_array_append (out, to_data, (guint) to_len);
  g_byte_array_append (out, hit + from_len, (guint) (len - (gsize) (hit - data) - from_len));
  return g_byte_array_free_to_bytes (out);
}

static void
assert_same_bytes (GBytes *actual, GBytes *expected)
{
  gsize actual_len, expected_len;
  const guint8 *a = g_bytes_get_data (actual, &actual_len);
  const guint8 *e = g_bytes_get_data (expected, &expected_len);

  for (gsize i = 0; i < MIN (actual_len, expected_len); i++) {
    if (a[i] != e[i]) {
      g_test_message ("first difference at byte %" G_GSIZE_FORMAT ": 0x%02x, expected 0x%02x", i, a[i], e[i]);
      break;
    }
  }
  g_assert_cmpmem (a, actual_len, e, expected_len);
}

/* the fixture with one edit, compared with the file as written */
static void
assert_edit (MfPrf *prf, const gchar *fixture, const gchar *charset, const gchar *from, const gchar *to)
{
  g_autoptr(GBytes) original = fixture_bytes (fixture);
  g_autoptr(GBytes) from_bytes = encoded (from, charset);
  g_autoptr(GBytes) to_bytes = encoded (to, charset);
  g_autoptr(GBytes) expected = replaced (original, from_bytes, to_bytes);
  g_autoptr(GBytes) actual = mf_prf_to_bytes (prf);

  assert_same_bytes (actual, expected);
}

static void
test_read_accounts (void)
{
  g_autoptr(MfPrf) prf = load ("isp.prf");
  g_autoptr(GPtrArray) accounts = mf_prf_get_accounts (prf);
  MfPrfAccount *account;

  g_assert_cmpuint (accounts->len, ==, 1);
  account = g_ptr_array_index (accounts, 0);
  g_assert_cmpstr (account->section, ==, "Account1");
  g_assert_cmpstr (account->kind, ==, "I_Mail");

  g_assert_cmpstr (mf_prf_get (prf, account->section, "POP3Server"), ==, "pop.example.jp");
  /* Outlook matches sections and keys without regard to case */
  g_assert_cmpstr (mf_prf_get (prf, "ACCOUNT1", "pop3port"), ==, "110");
  g_assert_cmpstr (mf_prf_get (prf, "account1", "EMAILADDRESS"), ==, "taro@example.jp");
  g_assert_cmpstr (mf_prf_get (prf, "Account1", "DisplayName"), ==, "Taro Yamada");
  g_assert_cmpstr (mf_prf_get (prf, "Account1", "LeaveOnServer"), ==, "0x20007");
  g_assert_cmpstr (mf_prf_get (prf, "Account1", "SMTPServer"), ==, "smtp.example.jp");
  g_assert_cmpstr (mf_prf_get (prf, "Account1", "SMTPPort"), ==, "25");
  g_assert_cmpstr (mf_prf_get (prf, "Account1", "SMTPAuthMethod"), ==, "2");
  g_assert_cmpstr (mf_prf_get (prf, "General", "OverwriteProfile"), ==, "Append");
  g_assert_cmpstr (mf_prf_get (prf, "Service List", "Service1"), ==, "Unicode Personal Folders");
  g_assert_cmpstr (mf_prf_get (prf, "Service1", "PathToPersonalFolders"), ==,
                   "%USERPROFILE%\\Documents\\Outlook Files\\outlook.pst");
  g_assert_cmpstr (mf_prf_get (prf, "I_Mail", "AccountType"), ==, "POP3");
  g_assert_cmpstr (mf_prf_get (prf, "I_Mail", "LeaveOnServer"), ==, "PT_LONG,0x1000");
  g_assert_null (mf_prf_get (prf, "Account1", "SMTPUserName"));
  g_assert_null (mf_prf_get (prf, "Account2", "POP3Server"));
}

static void
check_japanese (const gchar *fixture)
{
  g_autoptr(MfPrf) prf = load (fixture);
  g_autoptr(GPtrArray) accounts = mf_prf_get_accounts (prf);

  g_assert_cmpuint (accounts->len, ==, 1);
  g_assert_cmpstr (mf_prf_get (prf, "Account1", "DisplayName"), ==, "山田太郎");
  /* ソ and 表 end in 0x5C, a backslash, in CP932 */
  g_assert_cmpstr (mf_prf_get (prf, "Account1", "Organization"), ==, "株式会社ソフト表現");
  g_assert_cmpstr (mf_prf_get (prf, "Account1", "POP3Server"), ==, "pop.example.jp");
}

static void
test_read_cp932 (void)
{
  check_japanese ("isp-cp932.prf");
}

static void
test_read_utf16 (void)
{
  check_japanese ("isp-utf16.prf");
}

static void
test_round_trip (gconstpointer data)
{
  const gchar *fixture = data;
  g_autoptr(MfPrf) prf = load (fixture);
  g_autoptr(GBytes) original = fixture_bytes (fixture);
  g_autoptr(GBytes) written = mf_prf_to_bytes (prf);

  assert_same_bytes (written, original);
}

static void
test_set_value (void)
{
  g_autoptr(MfPrf) prf = load ("isp.prf");
  g_autoptr(MfPrf) again = NULL;

  /* the key keeps the spelling the file gave it */
  mf_prf_set (prf, "ACCOUNT1", "pop3port", "995");
  mf_prf_set (prf, "account1", "Pop3UseSSL", "1");
  g_assert_cmpstr (mf_prf_get (prf, "Account1", "POP3Port"), ==, "995");
  {
    g_autoptr(GBytes) original = fixture_bytes ("isp.prf");
    g_autoptr(GBytes) from1 = encoded ("POP3Port=110\r\nPOP3UseSSL=0\r\n", NULL);
    g_autoptr(GBytes) to1 = encoded ("POP3Port=995\r\nPOP3UseSSL=1\r\n", NULL);
    g_autoptr(GBytes) expected = replaced (original, from1, to1);
    g_autoptr(GBytes) actual = mf_prf_to_bytes (prf);
    assert_same_bytes (actual, expected);
  }
  again = reparse (prf);
  g_assert_cmpstr (mf_prf_get (again, "Account1", "POP3Port"), ==, "995");
  g_assert_cmpstr (mf_prf_get (again, "Account1", "POP3UseSSL"), ==, "1");
}

static void
test_set_unchanged (void)
{
  g_autoptr(MfPrf) prf = load ("isp-cp932.prf");
  g_autoptr(GBytes) original = fixture_bytes ("isp-cp932.prf");
  g_autoptr(GBytes) written = NULL;

  mf_prf_set (prf, "Account1", "DisplayName", "山田太郎");
  written = mf_prf_to_bytes (prf);
  assert_same_bytes (written, original);
}

static void
test_set_append_key (void)
{
  g_autoptr(MfPrf) prf = load ("isp.prf");
  g_autoptr(MfPrf) again = NULL;

  /* after the section's last key, before the blank line and the comment
   * block that introduce the next section */
  mf_prf_set (prf, "Account1", "SMTPUserName", "taro@example.jp");
  assert_edit (prf, "isp.prf", NULL,
               "LeaveOnServer=0x20007\r\n",
               "LeaveOnServer=0x20007\r\nSMTPUserName=taro@example.jp\r\n");
  again = reparse (prf);
  g_assert_cmpstr (mf_prf_get (again, "Account1", "SMTPUserName"), ==, "taro@example.jp");
}

static void
test_set_new_section (void)
{
  g_autoptr(MfPrf) prf = load ("isp.prf");
  g_autoptr(GBytes) original = fixture_bytes ("isp.prf");
  g_autoptr(GBytes) written = NULL;
  g_autoptr(GByteArray) expected = g_byte_array_new ();
  g_autoptr(GBytes) expected_bytes = NULL;
  static const gchar tail[] = "\r\n[Account2]\r\nAccountName=Backup\r\nUniqueService=No\r\n";

  mf_prf_set (prf, "Account2", "AccountName", "Backup");
  mf_prf_set (prf, "Account2", "UniqueService", "No");
  g_assert_cmpstr (mf_prf_get (prf, "account2", "accountname"), ==, "Backup");
  g_byte_array_append (expected, g_bytes_get_data (original, NULL), (guint) g_bytes_get_size (original));
  g_byte_array_append (expected, (const guint8 *) tail, sizeof tail - 1);
  expected_bytes = g_byte_array_free_to_bytes (g_steal_pointer (&expected));
  written = mf_prf_to_bytes (prf);
  assert_same_bytes (written, expected_bytes);
}

static void
test_set_unterminated (void)
{
  /* typed in Notepad: the last line has no line end */
  static const gchar data[] = "[General]\r\nCustom=1\r\n\r\n[Account1]\r\nPOP3Port=110";
  static const gchar expected[] = "[General]\r\nCustom=1\r\n\r\n[Account1]\r\nPOP3Port=110\r\nPOP3UseSSL=1\r\n";
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, sizeof data - 1);
  g_autoptr(GBytes) expected_bytes = g_bytes_new_static (expected, sizeof expected - 1);
  g_autoptr(GBytes) untouched = NULL;
  g_autoptr(GBytes) written = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MfPrf) prf = mf_prf_parse (bytes, "notepad.prf", &error);

  g_assert_no_error (error);
  untouched = mf_prf_to_bytes (prf);
  assert_same_bytes (untouched, bytes);
  mf_prf_set (prf, "Account1", "POP3UseSSL", "1");
  written = mf_prf_to_bytes (prf);
  assert_same_bytes (written, expected_bytes);
}

static void
test_set_lf (void)
{
  g_autoptr(MfPrf) prf = load ("isp-lf.prf");

  /* added lines take the file's own line ends */
  mf_prf_set (prf, "Account1", "SMTPPort", "587");
  mf_prf_set (prf, "Account1", "SMTPSecureConnection", "2");
  mf_prf_set (prf, "Account1", "SMTPUserName", "taro");
  assert_edit (prf, "isp-lf.prf", NULL,
               "SMTPPort=25\nSMTPUseAuth=1\nSMTPAuthMethod=2\nSMTPSecureConnection=0\nLeaveOnServer=0x20007\n",
               "SMTPPort=587\nSMTPUseAuth=1\nSMTPAuthMethod=2\nSMTPSecureConnection=2\nLeaveOnServer=0x20007\nSMTPUserName=taro\n");
}

static void
test_set_cp932 (void)
{
  g_autoptr(MfPrf) prf = load ("isp-cp932.prf");
  g_autoptr(MfPrf) again = NULL;

  /* the comment above holds 髙 in its NEC code (0xEEE0), which iconv
   * writes back as the IBM one: it must come back as read */
  mf_prf_set (prf, "Account1", "DisplayName", "山田花子");
  assert_edit (prf, "isp-cp932.prf", "CP932", "DisplayName=山田太郎", "DisplayName=山田花子");
  again = reparse (prf);
  g_assert_cmpstr (mf_prf_get (again, "Account1", "DisplayName"), ==, "山田花子");
}

static void
test_set_utf16 (void)
{
  g_autoptr(MfPrf) prf = load ("isp-utf16.prf");

  mf_prf_set (prf, "Account1", "ReplyEMailAddress", "support@example.jp");
  assert_edit (prf, "isp-utf16.prf", "UTF-16LE",
               "Organization=株式会社ソフト表現\r\n",
               "Organization=株式会社ソフト表現\r\nReplyEMailAddress=support@example.jp\r\n");
  g_assert_true (mf_prf_remove (prf, "Account1", "ReplyEMailAddress"));
  mf_prf_set (prf, "Account1", "POP3Server", "pop3.example.jp");
  assert_edit (prf, "isp-utf16.prf", "UTF-16LE",
               "POP3Server=pop.example.jp\r\n",
               "POP3Server=pop3.example.jp\r\n");
}

static void
test_set_beyond_cp932 (void)
{
  g_autoptr(MfPrf) prf = load ("isp-cp932.prf");
  g_autoptr(MfPrf) again = NULL;
  g_autoptr(GBytes) written = NULL;
  const guint8 *data;

  /* Korean has no place in CP932: the file goes over to UTF-16 rather
   * than lose the name */
  mf_prf_set (prf, "Account1", "DisplayName", "김철수");
  written = mf_prf_to_bytes (prf);
  data = g_bytes_get_data (written, NULL);
  g_assert_cmpuint (data[0], ==, 0xFF);
  g_assert_cmpuint (data[1], ==, 0xFE);
  again = reparse (prf);
  g_assert_cmpstr (mf_prf_get (again, "Account1", "DisplayName"), ==, "김철수");
  g_assert_cmpstr (mf_prf_get (again, "Account1", "Organization"), ==, "株式会社ソフト表現");
}

static void
test_remove (void)
{
  g_autoptr(MfPrf) prf = load ("isp.prf");
  g_autoptr(MfPrf) again = NULL;

  g_assert_true (mf_prf_remove (prf, "account1", "smtpauthmethod"));
  g_assert_null (mf_prf_get (prf, "Account1", "SMTPAuthMethod"));
  g_assert_false (mf_prf_remove (prf, "Account1", "SMTPAuthMethod"));
  /* the mapping of the same key in [I_Mail] stays */
  g_assert_cmpstr (mf_prf_get (prf, "I_Mail", "SMTPAuthMethod"), ==, "PT_LONG,0x0208");
  assert_edit (prf, "isp.prf", NULL, "SMTPUseAuth=1\r\nSMTPAuthMethod=2\r\n", "SMTPUseAuth=1\r\n");
  again = reparse (prf);
  g_assert_null (mf_prf_get (again, "Account1", "SMTPAuthMethod"));
  g_assert_cmpstr (mf_prf_get (again, "I_Mail", "SMTPAuthMethod"), ==, "PT_LONG,0x0208");
}

static void
test_add_account_existing (void)
{
  g_autoptr(MfPrf) prf = load ("isp.prf");
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GBytes) written = NULL;
  g_autofree gchar *section = NULL;
  MfPrfAccount *account;
  const gchar *text;
  gsize len;

  section = mf_prf_add_account (prf, "I_Mail");
  g_assert_cmpstr (section, ==, "Account2");
  accounts = mf_prf_get_accounts (prf);
  g_assert_cmpuint (accounts->len, ==, 2);
  account = g_ptr_array_index (accounts, 1);
  g_assert_cmpstr (account->section, ==, "Account2");
  g_assert_cmpstr (account->kind, ==, "I_Mail");
  g_assert_cmpstr (mf_prf_get (prf, "Account2", "UniqueService"), ==, "No");

  /* the file already maps I_Mail: no second [I_Mail] */
  written = mf_prf_to_bytes (prf);
  text = g_bytes_get_data (written, &len);
  {
    g_autofree gchar *copy = g_strndup (text, len);
    g_auto(GStrv) parts = g_strsplit (copy, "[I_Mail]", -1);
    g_assert_cmpuint (g_strv_length (parts), ==, 2);
    g_assert_nonnull (strstr (copy, "[Internet Account List]\r\nAccount1=I_Mail\r\nAccount2=I_Mail\r\n\r\n"));
    g_assert_true (g_str_has_suffix (copy, "LeaveOnServer=PT_LONG,0x1000\r\n\r\n[Account2]\r\nUniqueService=No\r\n"));
  }
}

static void
test_new_append (void)
{
  g_autoptr(MfPrf) prf = mf_prf_new_append ("仕事用");
  g_autoptr(MfPrf) again = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GBytes) written = NULL;
  g_autoptr(GBytes) expected = fixture_bytes ("expected-append-imap.prf");
  g_autofree gchar *section = NULL;
  MfPrfAccount *account;

  g_assert_nonnull (prf);
  accounts = mf_prf_get_accounts (prf);
  g_assert_cmpuint (accounts->len, ==, 0);
  g_clear_pointer (&accounts, g_ptr_array_unref);
  section = mf_prf_add_account (prf, "IMAP_I_Mail");
  g_assert_cmpstr (section, ==, "Account1");
  mf_prf_set (prf, section, "AccountName", "Example Mail (IMAP)");
  mf_prf_set (prf, section, "DisplayName", "山田花子");
  mf_prf_set (prf, section, "EmailAddress", "hanako@example.jp");
  mf_prf_set (prf, section, "IMAPServer", "imap.example.jp");
  mf_prf_set (prf, section, "IMAPUserName", "hanako@example.jp");
  mf_prf_set (prf, section, "IMAPPort", "993");
  mf_prf_set (prf, section, "IMAPUseSSL", "1");
  mf_prf_set (prf, section, "SMTPServer", "smtp.example.jp");
  mf_prf_set (prf, section, "SMTPPort", "587");
  mf_prf_set (prf, section, "SMTPSecureConnection", "2");
  mf_prf_set (prf, section, "SMTPUseAuth", "1");
  written = mf_prf_to_bytes (prf);
  assert_same_bytes (written, expected);

  again = reparse (prf);
  accounts = mf_prf_get_accounts (again);
  g_assert_cmpuint (accounts->len, ==, 1);
  account = g_ptr_array_index (accounts, 0);
  g_assert_cmpstr (account->section, ==, "Account1");
  g_assert_cmpstr (account->kind, ==, "IMAP_I_Mail");
  g_assert_cmpstr (mf_prf_get (again, "General", "ProfileName"), ==, "仕事用");
  g_assert_cmpstr (mf_prf_get (again, "General", "OverwriteProfile"), ==, "Append");
  g_assert_cmpstr (mf_prf_get (again, "IMAP_I_Mail", "AccountType"), ==, "IMAP");
  g_assert_cmpstr (mf_prf_get (again, "IMAP_I_Mail", "IMAPServer"), ==, "PT_UNICODE,0x0100");
  g_assert_cmpstr (mf_prf_get (again, "IMAP_I_Mail", "CheckNewImap"), ==, "PT_BOOLEAN,0x1100");
  g_assert_null (mf_prf_get (again, "IMAP_I_Mail", "LeaveOnServer"));
  g_assert_cmpstr (mf_prf_get (again, "Account1", "DisplayName"), ==, "山田花子");
}

static void
test_new_append_pop3 (void)
{
  g_autoptr(MfPrf) prf = mf_prf_new_append ("Outlook");
  g_autoptr(MfPrf) again = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autofree gchar *first = mf_prf_add_account (prf, "IMAP_I_Mail");
  g_autofree gchar *second = mf_prf_add_account (prf, "I_Mail");
  g_autofree gchar *third = mf_prf_add_account (prf, "I_Mail");

  g_assert_cmpstr (first, ==, "Account1");
  g_assert_cmpstr (second, ==, "Account2");
  g_assert_cmpstr (third, ==, "Account3");
  again = reparse (prf);
  accounts = mf_prf_get_accounts (again);
  g_assert_cmpuint (accounts->len, ==, 3);
  g_assert_cmpstr (((MfPrfAccount *) g_ptr_array_index (accounts, 1))->kind, ==, "I_Mail");
  g_assert_cmpstr (((MfPrfAccount *) g_ptr_array_index (accounts, 2))->section, ==, "Account3");
  g_assert_cmpstr (mf_prf_get (again, "I_Mail", "AccountType"), ==, "POP3");
  g_assert_cmpstr (mf_prf_get (again, "I_Mail", "POP3Port"), ==, "PT_LONG,0x0104");
  g_assert_cmpstr (mf_prf_get (again, "I_Mail", "LeaveOnServer"), ==, "PT_LONG,0x1000");
  g_assert_null (mf_prf_get (again, "I_Mail", "RootFolder"));
  g_assert_cmpstr (mf_prf_get (again, "Account3", "UniqueService"), ==, "No");
}

static void
assert_parse_error (GBytes *bytes, const gchar *path, gint code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MfPrf) prf = mf_prf_parse (bytes, path, &error);

  g_assert_null (prf);
  g_assert_error (error, MF_ERROR, code);
  g_test_message ("%s", error->message);
  /* the user's file, not iniparser's working copy */
  g_assert_nonnull (strstr (error->message, path));
  g_assert_null (strstr (error->message, "/proc/"));
}

static void
test_error_not_prf (gconstpointer data)
{
  const gchar *fixture = data;
  g_autofree gchar *path = fixture_path (fixture);
  g_autoptr(GBytes) bytes = fixture_bytes (fixture);

  assert_parse_error (bytes, path, MF_ERROR_PARSE);
}

static void
test_error_encoding (void)
{
  /* 0x81 starts a CP932 pair that the line end cuts short */
  static const gchar data[] = "[General]\r\nProfileName=\x81\r\n";
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, sizeof data - 1);

  assert_parse_error (bytes, "C:\\Users\\taro\\Desktop\\bad.prf", MF_ERROR_PARSE);
}

static void
test_error_too_large (void)
{
  g_autoptr(GString) text = g_string_new ("[General]\r\nCustom=1\r\n");
  g_autoptr(GBytes) bytes = NULL;

  while (text->len <= 1024 * 1024)
    g_string_append (text, "; padding the Office Customization Tool never writes\r\n");
  bytes = g_bytes_new (text->str, text->len);
  assert_parse_error (bytes, "/srv/isp/huge.prf", MF_ERROR_TOO_LARGE);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/prf/read/accounts", test_read_accounts);
  g_test_add_func ("/prf/read/cp932", test_read_cp932);
  g_test_add_func ("/prf/read/utf16", test_read_utf16);
  g_test_add_data_func ("/prf/round-trip/crlf", "isp.prf", test_round_trip);
  g_test_add_data_func ("/prf/round-trip/lf", "isp-lf.prf", test_round_trip);
  g_test_add_data_func ("/prf/round-trip/cp932", "isp-cp932.prf", test_round_trip);
  g_test_add_data_func ("/prf/round-trip/utf16", "isp-utf16.prf", test_round_trip);
  g_test_add_data_func ("/prf/round-trip/expected-append", "expected-append-imap.prf", test_round_trip);
  g_test_add_func ("/prf/set/value", test_set_value);
  g_test_add_func ("/prf/set/unchanged", test_set_unchanged);
  g_test_add_func ("/prf/set/append-key", test_set_append_key);
  g_test_add_func ("/prf/set/new-section", test_set_new_section);
  g_test_add_func ("/prf/set/lf", test_set_lf);
  g_test_add_func ("/prf/set/unterminated", test_set_unterminated);
  g_test_add_func ("/prf/set/cp932", test_set_cp932);
  g_test_add_func ("/prf/set/utf16", test_set_utf16);
  g_test_add_func ("/prf/set/beyond-cp932", test_set_beyond_cp932);
  g_test_add_func ("/prf/remove", test_remove);
  g_test_add_func ("/prf/add-account/existing", test_add_account_existing);
  g_test_add_func ("/prf/new-append/imap", test_new_append);
  g_test_add_func ("/prf/new-append/pop3", test_new_append_pop3);
  g_test_add_data_func ("/prf/error/no-general", "desktop.ini", test_error_not_prf);
  g_test_add_data_func ("/prf/error/registry-export", "registry-export.prf", test_error_not_prf);
  g_test_add_data_func ("/prf/error/wrapped-line", "wrapped-line.prf", test_error_not_prf);
  g_test_add_func ("/prf/error/encoding", test_error_encoding);
  g_test_add_func ("/prf/error/too-large", test_error_too_large);
  return g_test_run ();
}
