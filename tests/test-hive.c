/* test-hive.c: offline NTUSER.DAT hives: Outlook's and Outlook Express's
 * accounts read out, a copy patched and checked by hivex's own tools */
#include "config.h"

#include <string.h>

#include "mf-error.h"
#include "mf-hive.h"
#include "mf-reg.h"
#include "mf-test-hive.h"
#include "mf-test-utils.h"

#define PROFILE "Software\\Microsoft\\Office\\16.0\\Outlook\\Profiles\\Outlook\\9375CFF0413111d3B88A00104B2A6676"
#define OUTLOOK_ACCOUNT PROFILE "\\00000002"
#define NEW_ACCOUNT PROFILE "\\00000003"
#define IDENTITY "Identities\\{5C1D8A3E-7F20-4B6C-9E15-3A2D4F6B8C01}"
#define OE_ACCOUNT IDENTITY "\\Software\\Microsoft\\Internet Account Manager\\Accounts\\00000001"
#define HKCU "HKEY_CURRENT_USER\\"

/* what Outlook keeps: CryptProtectData output, opaque to us */
#define PASSWORD_HEX "01 00 00 00 d0 8c 9d df 01 15 d1 11 8c 7a 00 c0 4f c2 97 eb 5a 17"

static const MfTestHiveEntry sample[] = {
  { OUTLOOK_ACCOUNT, "Account Name", MF_REG_BINARY, .text = "taro@example.jp" },
  { OUTLOOK_ACCOUNT, "Display Name", MF_REG_BINARY, .text = "山田 太郎" },
  { OUTLOOK_ACCOUNT, "Email", MF_REG_BINARY, .text = "taro@example.jp" },
  { OUTLOOK_ACCOUNT, "POP3 Server", MF_REG_BINARY, .text = "pop.example.jp" },
  { OUTLOOK_ACCOUNT, "POP3 User", MF_REG_BINARY, .text = "taro" },
  { OUTLOOK_ACCOUNT, "POP3 Password", MF_REG_BINARY, .hex = PASSWORD_HEX },
  { OUTLOOK_ACCOUNT, "SMTP Server", MF_REG_BINARY, .text = "smtp.example.jp" },
  { OUTLOOK_ACCOUNT, "POP3 Port", MF_REG_DWORD, .dword = 110 },
  { OUTLOOK_ACCOUNT, "SMTP Use Auth", MF_REG_DWORD, .dword = 1 },
  { OUTLOOK_ACCOUNT, "SMTP Auth Method", MF_REG_DWORD, .dword = 2 },
  { "Software\\Other", "Colour", MF_REG_SZ, .text = "blue" },
  { IDENTITY, "Username", MF_REG_SZ, .text = "Main Identity" },
  { IDENTITY, "", MF_REG_SZ, .hex = "" },
  { OE_ACCOUNT, "Account Name", MF_REG_SZ, .text = "自宅" },
  { OE_ACCOUNT, "POP3 Server", MF_REG_SZ, .text = "pop.example.jp" },
  { OE_ACCOUNT, "POP3 User Name", MF_REG_SZ, .text = "taro" },
  { OE_ACCOUNT, "POP3 Port", MF_REG_DWORD, .dword = 110 },
  { OE_ACCOUNT, "SMTP Server", MF_REG_SZ, .text = "smtp.example.jp" },
  { OE_ACCOUNT, "SMTP Port", MF_REG_DWORD, .dword = 25 },
  { OE_ACCOUNT, "SMTP Email Address", MF_REG_SZ, .text = "taro@example.jp" },
};

static const gchar *const mail_subtrees[] = { "Software\\Microsoft\\Office", "Identities", "Software\\Absent", NULL };

static gchar *
sample_hive (const gchar *dir)
{
  gchar *path = g_build_filename (dir, "NTUSER.DAT", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (mf_test_hive_build (path, sample, G_N_ELEMENTS (sample), &error));
  g_assert_no_error (error);
  return path;
}

static void
assert_password (MfRegKey *key)
{
  const guint8 expected[] = { 0x01, 0x00, 0x00, 0x00, 0xd0, 0x8c, 0x9d, 0xdf, 0x01, 0x15, 0xd1,
                              0x11, 0x8c, 0x7a, 0x00, 0xc0, 0x4f, 0xc2, 0x97, 0xeb, 0x5a, 0x17 };
  const MfRegValue *value = mf_reg_key_get_value (key, "POP3 Password");
  gsize len = 0;
  const guint8 *data;

  g_assert_nonnull (value);
  g_assert_cmpuint (value->type, ==, MF_REG_BINARY);
  data = g_bytes_get_data (value->data, &len);
  g_assert_cmpmem (data, len, expected, sizeof expected);
}

static void
assert_oe_account (MfRegKey *root)
{
  MfRegKey *oe = mf_reg_key_lookup (root, HKCU OE_ACCOUNT);

  g_assert_nonnull (oe);
  g_assert_cmpuint (mf_reg_key_get_values (oe)->len, ==, 7);
  g_assert_cmpuint (mf_reg_key_get_value (oe, "POP3 Server")->type, ==, MF_REG_SZ);
  mf_test_assert_reg_string (oe, "Account Name", "自宅");
  mf_test_assert_reg_string (oe, "POP3 Server", "pop.example.jp");
  mf_test_assert_reg_string (oe, "POP3 User Name", "taro");
  mf_test_assert_reg_string (oe, "SMTP Server", "smtp.example.jp");
  mf_test_assert_reg_string (oe, "SMTP Email Address", "taro@example.jp");
  mf_test_assert_reg_dword (oe, "POP3 Port", 110);
  mf_test_assert_reg_dword (oe, "SMTP Port", 25);
}

static void
test_read (void)
{
  g_autofree gchar *dir = mf_test_make_tempdir ("hive");
  g_autofree gchar *path = sample_hive (dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(MfRegKey) root = mf_hive_read (path, mail_subtrees, &error);
  MfRegKey *hkcu, *account, *identity;
  const MfRegValue *dflt;
  g_autofree gchar *account_path = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (root);
  g_assert_cmpstr (mf_reg_key_get_name (root), ==, "");
  g_assert_cmpuint (mf_reg_key_get_children (root)->len, ==, 1);
  hkcu = mf_reg_key_get_child (root, "HKEY_CURRENT_USER");
  g_assert_nonnull (hkcu);

  /* only the subtrees asked for, and only the keys on the way down to them */
  g_assert_cmpuint (mf_reg_key_get_children (hkcu)->len, ==, 2);
  g_assert_cmpuint (mf_reg_key_get_children (mf_reg_key_lookup (hkcu, "Software"))->len, ==, 1);
  g_assert_null (mf_reg_key_lookup (hkcu, "Software\\Other"));

  account = mf_reg_key_lookup (root, HKCU OUTLOOK_ACCOUNT);
  g_assert_nonnull (account);
  account_path = mf_reg_key_get_path (account);
  g_assert_cmpstr (account_path, ==, HKCU OUTLOOK_ACCOUNT);
  g_assert_cmpuint (mf_reg_key_get_values (account)->len, ==, 10);
  g_assert_cmpuint (mf_reg_key_get_value (account, "POP3 Server")->type, ==, MF_REG_BINARY);
  mf_test_assert_reg_string (account, "Account Name", "taro@example.jp");
  mf_test_assert_reg_string (account, "Display Name", "山田 太郎");
  mf_test_assert_reg_string (account, "Email", "taro@example.jp");
  mf_test_assert_reg_string (account, "POP3 Server", "pop.example.jp");
  mf_test_assert_reg_string (account, "POP3 User", "taro");
  mf_test_assert_reg_string (account, "SMTP Server", "smtp.example.jp");
  mf_test_assert_reg_dword (account, "POP3 Port", 110);
  mf_test_assert_reg_dword (account, "SMTP Use Auth", 1);
  mf_test_assert_reg_dword (account, "SMTP Auth Method", 2);
  assert_password (account);
  assert_oe_account (root);

  identity = mf_reg_key_lookup (root, HKCU IDENTITY);
  mf_test_assert_reg_string (identity, "Username", "Main Identity");
  dflt = mf_reg_key_get_value (identity, "");
  g_assert_nonnull (dflt);
  g_assert_cmpuint (dflt->type, ==, MF_REG_SZ);
  g_assert_cmpuint (g_bytes_get_size (dflt->data), ==, 0);
  mf_test_rmtree (dir);
}

static void
test_read_names (void)
{
  g_autofree gchar *dir = mf_test_make_tempdir ("hive");
  g_autofree gchar *path = sample_hive (dir);
  const gchar *const subtrees[] = { "\\software\\MICROSOFT\\office\\", NULL };
  const gchar *const nothing[] = { "Software\\Absent", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(MfRegKey) root = mf_hive_read (path, subtrees, &error);
  g_autoptr(MfRegKey) empty = NULL;
  MfRegKey *office;
  g_autofree gchar *office_path = NULL;

  /* the hive's own spelling of the names, whatever the caller wrote */
  g_assert_no_error (error);
  office = mf_reg_key_lookup (root, "HKEY_CURRENT_USER\\Software\\Microsoft\\Office");
  g_assert_nonnull (office);
  office_path = mf_reg_key_get_path (office);
  g_assert_cmpstr (office_path, ==, "HKEY_CURRENT_USER\\Software\\Microsoft\\Office");
  g_assert_nonnull (mf_reg_key_lookup (office, "16.0\\Outlook\\Profiles"));
  g_assert_null (mf_reg_key_lookup (root, HKCU "Identities"));

  /* nothing there is no error: HKEY_CURRENT_USER stands alone */
  empty = mf_hive_read (path, nothing, &error);
  g_assert_no_error (error);
  g_assert_nonnull (mf_reg_key_get_child (empty, "HKEY_CURRENT_USER"));
  g_assert_cmpuint (mf_reg_key_get_children (mf_reg_key_get_child (empty, "HKEY_CURRENT_USER"))->len, ==, 0);
  mf_test_rmtree (dir);
}

static void
test_clean (void)
{
  g_autofree gchar *dir = mf_test_make_tempdir ("hive");
  g_autofree gchar *path = sample_hive (dir);
  g_autoptr(GError) error = NULL;
  guint32 seq1 = 0, seq2 = 0;

  g_assert_true (mf_hive_is_clean (path, &seq1, &seq2, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (seq1, >, 0);
  g_assert_cmpuint (seq1, ==, seq2);
  g_assert_true (mf_hive_is_clean (path, NULL, NULL, &error));

  /* copied while Windows had it loaded */
  g_assert_true (mf_test_hive_set_dirty (path, &error));
  g_assert_no_error (error);
  g_assert_false (mf_hive_is_clean (path, &seq1, &seq2, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (seq1, ==, seq2 + 1);
  g_assert_false (mf_hive_is_clean (path, NULL, NULL, &error));
  g_assert_no_error (error);
  mf_test_rmtree (dir);
}

static MfRegPatch *
sample_patch (void)
{
  MfRegPatch *patch = mf_reg_patch_new ();
  g_autoptr(GBytes) port = mf_reg_dword_bytes (465);
  g_autoptr(GBytes) zero = mf_reg_dword_bytes (0);
  g_autoptr(GBytes) one = mf_reg_dword_bytes (1);
  g_autoptr(GBytes) smtp = mf_reg_utf16_from_utf8 ("smtp.example.net");
  g_autoptr(GBytes) imap = mf_reg_utf16_from_utf8 ("imap.example.jp");
  g_autoptr(GBytes) name = mf_reg_utf16_from_utf8 ("taro (IMAP)");

  mf_reg_patch_set (patch, HKCU OUTLOOK_ACCOUNT, "SMTP Port", MF_REG_DWORD, port);
  mf_reg_patch_set (patch, HKCU OUTLOOK_ACCOUNT, "SMTP Auth Method", MF_REG_DWORD, zero);
  /* spelt in another case than the hive spells it: the same value */
  mf_reg_patch_set (patch, "hkey_current_user\\SOFTWARE\\microsoft\\Office\\16.0\\Outlook\\Profiles\\Outlook\\"
                    "9375CFF0413111d3B88A00104B2A6676\\00000002", "smtp server", MF_REG_BINARY, smtp);
  mf_reg_patch_remove (patch, HKCU OUTLOOK_ACCOUNT, "POP3 Password");
  mf_reg_patch_set (patch, HKCU NEW_ACCOUNT, "Account Name", MF_REG_BINARY, name);
  mf_reg_patch_set (patch, HKCU NEW_ACCOUNT, "IMAP Server", MF_REG_BINARY, imap);
  mf_reg_patch_set (patch, HKCU NEW_ACCOUNT, "IMAP Use SSL", MF_REG_DWORD, one);
  /* removing from a key that is not there leaves it not there */
  mf_reg_patch_remove (patch, HKCU PROFILE "\\Gone", "POP3 Password");
  /* a value that is not there is no error */
  mf_reg_patch_remove (patch, HKCU OE_ACCOUNT, "POP3 Password");
  return patch;
}

/* writes the patched sample hive to dir/patched.dat and returns its path */
static gchar *
patched_sample (const gchar *dir, gchar **original_path)
{
  g_autofree gchar *path = sample_hive (dir);
  gchar *patched = g_build_filename (dir, "patched.dat", NULL);
  g_autoptr(MfRegPatch) patch = sample_patch ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree gchar *before = NULL, *after = NULL;
  gsize before_len = 0, after_len = 0;

  before = mf_test_read_file (path, &before_len);
  bytes = mf_hive_apply_patch (path, patch, &error);
  g_assert_no_error (error);
  g_assert_nonnull (bytes);
  g_assert_true (g_file_set_contents (patched, g_bytes_get_data (bytes, NULL),
                                      (gssize) g_bytes_get_size (bytes), &error));
  g_assert_no_error (error);

  /* the hive itself is never written */
  after = mf_test_read_file (path, &after_len);
  g_assert_cmpmem (before, before_len, after, after_len);
  *original_path = g_steal_pointer (&path);
  return patched;
}

static void
test_patch (void)
{
  g_autofree gchar *dir = mf_test_make_tempdir ("hive");
  g_autofree gchar *original = NULL;
  g_autofree gchar *patched = patched_sample (dir, &original);
  const gchar *const subtrees[] = { "Software", "Identities", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(MfRegKey) root = NULL;
  MfRegKey *account, *created;
  guint32 seq1 = 0, seq2 = 0, old1 = 0, old2 = 0;

  root = mf_hive_read (patched, subtrees, &error);
  g_assert_no_error (error);
  account = mf_reg_key_lookup (root, HKCU OUTLOOK_ACCOUNT);
  g_assert_nonnull (account);
  mf_test_assert_reg_dword (account, "SMTP Port", 465);
  mf_test_assert_reg_dword (account, "SMTP Auth Method", 0);
  mf_test_assert_reg_string (account, "SMTP Server", "smtp.example.net");
  g_assert_cmpuint (mf_reg_key_get_value (account, "SMTP Server")->type, ==, MF_REG_BINARY);
  g_assert_null (mf_reg_key_get_value (account, "POP3 Password"));
  /* 10 values, one gone, one new */
  g_assert_cmpuint (mf_reg_key_get_values (account)->len, ==, 10);
  mf_test_assert_reg_string (account, "Account Name", "taro@example.jp");
  mf_test_assert_reg_string (account, "Display Name", "山田 太郎");
  mf_test_assert_reg_string (account, "Email", "taro@example.jp");
  mf_test_assert_reg_string (account, "POP3 Server", "pop.example.jp");
  mf_test_assert_reg_string (account, "POP3 User", "taro");
  mf_test_assert_reg_dword (account, "POP3 Port", 110);
  mf_test_assert_reg_dword (account, "SMTP Use Auth", 1);

  created = mf_reg_key_lookup (root, HKCU NEW_ACCOUNT);
  g_assert_nonnull (created);
  g_assert_cmpuint (mf_reg_key_get_values (created)->len, ==, 3);
  mf_test_assert_reg_string (created, "Account Name", "taro (IMAP)");
  mf_test_assert_reg_string (created, "IMAP Server", "imap.example.jp");
  mf_test_assert_reg_dword (created, "IMAP Use SSL", 1);
  g_assert_null (mf_reg_key_lookup (root, HKCU PROFILE "\\Gone"));
  /* the profile now holds the old account and the new one */
  g_assert_cmpuint (mf_reg_key_get_children (mf_reg_key_lookup (root, HKCU PROFILE))->len, ==, 2);

  assert_oe_account (root);
  mf_test_assert_reg_string (mf_reg_key_lookup (root, HKCU "Software\\Other"), "Colour", "blue");

  /* written as a cleanly unloaded hive, one step on from the original */
  g_assert_true (mf_hive_is_clean (patched, &seq1, &seq2, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (seq1, ==, seq2);
  g_assert_true (mf_hive_is_clean (original, &old1, &old2, &error));
  g_assert_cmpuint (seq1, >, old1);
  mf_test_rmtree (dir);
}

/* hivexget's listing of a key: "name"=type:data lines */
static gchar *
hivexget (const gchar *hive, const gchar *key)
{
  g_autofree gchar *where = g_strconcat ("\\", key, NULL);
  const gchar *argv[] = { "hivexget", hive, where, NULL };
  g_autoptr(GError) error = NULL;
  gchar *out = NULL;
  gint status = 0;

  g_assert_true (g_spawn_sync (NULL, (gchar **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, &error));
  g_assert_no_error (error);
  return out;
}

static void
test_patch_hivexget (void)
{
  g_autofree gchar *tool = g_find_program_in_path ("hivexget");
  g_autofree gchar *dir = NULL;
  g_autofree gchar *original = NULL;
  g_autofree gchar *patched = NULL;
  g_autofree gchar *account = NULL;
  g_autofree gchar *created = NULL;
  g_autofree gchar *before = NULL;

  if (tool == NULL) {
    g_test_skip ("hivexget is not installed");
    return;
  }
  dir = mf_test_make_tempdir ("hive");
  patched = patched_sample (dir, &original);

  /* an independent reader sees the changes */
  account = hivexget (patched, OUTLOOK_ACCOUNT);
  g_assert_nonnull (strstr (account, "\"SMTP Port\"=dword:000001d1\n"));
  g_assert_nonnull (strstr (account, "\"SMTP Auth Method\"=dword:00000000\n"));
  g_assert_nonnull (strstr (account, "\"POP3 Port\"=dword:0000006e\n"));
  g_assert_nonnull (strstr (account, "\"SMTP Server\"=hex(3):73,00,6d,00,74,00,70,00,2e,00,65,00,78,00,61,00,6d,00,70,00,6c,00,"
                                     "65,00,2e,00,6e,00,65,00,74,00,00,00\n"));
  g_assert_null (strstr (account, "POP3 Password"));
  g_assert_null (strstr (account, "smtp server"));
  created = hivexget (patched, NEW_ACCOUNT);
  g_assert_nonnull (strstr (created, "\"IMAP Use SSL\"=dword:00000001\n"));
  g_assert_nonnull (strstr (created, "\"Account Name\"=hex(3):"));

  /* and the original as it was */
  before = hivexget (original, OUTLOOK_ACCOUNT);
  g_assert_nonnull (strstr (before, "\"POP3 Password\"=hex(3):01,00,00,00,d0,8c"));
  mf_test_rmtree (dir);
}

static void
test_patch_empty_hive (void)
{
  g_autofree gchar *dir = mf_test_make_tempdir ("hive");
  g_autofree gchar *path = g_build_filename (dir, "empty.dat", NULL);
  g_autofree gchar *patched = g_build_filename (dir, "patched.dat", NULL);
  const gchar *const subtrees[] = { "Software", NULL };
  g_autoptr(MfRegPatch) patch = mf_reg_patch_new ();
  g_autoptr(GBytes) value = mf_reg_dword_bytes (7);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(MfRegKey) root = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (mf_test_write_empty_hive (path, &error));
  g_assert_no_error (error);
  root = mf_hive_read (path, subtrees, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mf_reg_key_get_children (mf_reg_key_get_child (root, "HKEY_CURRENT_USER"))->len, ==, 0);
  g_clear_pointer (&root, mf_reg_key_free);

  /* the root itself is HKEY_CURRENT_USER, and keys are made below it */
  mf_reg_patch_set (patch, "HKEY_CURRENT_USER", "Top", MF_REG_DWORD, value);
  mf_reg_patch_set (patch, "HKEY_CURRENT_USER\\Software\\A\\B", "Deep", MF_REG_DWORD, value);
  bytes = mf_hive_apply_patch (path, patch, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (patched, g_bytes_get_data (bytes, NULL),
                                      (gssize) g_bytes_get_size (bytes), &error));
  root = mf_hive_read (patched, subtrees, &error);
  g_assert_no_error (error);
  mf_test_assert_reg_dword (mf_reg_key_lookup (root, "HKEY_CURRENT_USER\\Software\\A\\B"), "Deep", 7);
  mf_test_rmtree (dir);
}

static void
test_refused_root (void)
{
  g_autofree gchar *dir = mf_test_make_tempdir ("hive");
  g_autofree gchar *path = sample_hive (dir);
  g_autofree gchar *before = NULL, *after = NULL;
  const gchar *roots[] = { "HKEY_LOCAL_MACHINE\\Software\\Microsoft", "HKEY_CURRENT_USERS\\Software", "Software\\Microsoft" };
  gsize before_len = 0, after_len = 0;

  before = mf_test_read_file (path, &before_len);
  for (gsize i = 0; i < G_N_ELEMENTS (roots); i++) {
    g_autoptr(MfRegPatch) patch = mf_reg_patch_new ();
    g_autoptr(GBytes) value = mf_reg_dword_bytes (1);
    g_autoptr(GBytes) bytes = NULL;
    g_autoptr(GError) error = NULL;

    /* one good key does not carry a bad one through */
    mf_reg_patch_set (patch, HKCU OUTLOOK_ACCOUNT, "SMTP Use Auth", MF_REG_DWORD, value);
    mf_reg_patch_set (patch, roots[i], "Anything", MF_REG_DWORD, value);
    bytes = mf_hive_apply_patch (path, patch, &error);
    g_assert_error (error, MF_ERROR, MF_ERROR_INVALID_ARGUMENT);
    g_assert_null (bytes);
    g_assert_nonnull (strstr (error->message, roots[i]));
  }
  after = mf_test_read_file (path, &after_len);
  g_assert_cmpmem (before, before_len, after, after_len);
  mf_test_rmtree (dir);
}

static void
test_large_values (void)
{
  g_autofree gchar *dir = mf_test_make_tempdir ("hive");
  g_autofree gchar *path = g_build_filename (dir, "big.dat", NULL);
  g_autofree gchar *big_hex = NULL;
  g_autofree guint8 *big = g_malloc0 (20000);
  g_autoptr(GBytes) big_bytes = g_bytes_new (big, 20000);
  g_autoptr(GBytes) one = mf_reg_dword_bytes (1);
  g_autoptr(GError) error = NULL;
  GString *hex = g_string_new (NULL);

  for (guint i = 0; i < 20000; i++)
    g_string_append (hex, "00");
  big_hex = g_string_free (hex, FALSE);
  {
    const MfTestHiveEntry entries[] = {
      { "Software\\Blob", "Big", MF_REG_BINARY, .hex = big_hex },
      { "Software\\Small", "Small", MF_REG_DWORD, .dword = 1 },
    };
    g_autoptr(MfRegPatch) too_big = mf_reg_patch_new ();
    g_autoptr(MfRegPatch) beside_big = mf_reg_patch_new ();
    g_autoptr(GBytes) bytes = NULL;

    g_assert_true (mf_test_hive_build (path, entries, G_N_ELEMENTS (entries), &error));
    g_assert_no_error (error);

    /* hivex would store it as one flat cell, which Vista and later misread */
    mf_reg_patch_set (too_big, HKCU "Software\\Small", "Big", MF_REG_BINARY, big_bytes);
    bytes = mf_hive_apply_patch (path, too_big, &error);
    g_assert_error (error, MF_ERROR, MF_ERROR_TOO_LARGE);
    g_assert_null (bytes);
    g_clear_error (&error);

    /* rewriting the key would flatten the big value already there */
    mf_reg_patch_set (beside_big, HKCU "Software\\Blob", "Flag", MF_REG_DWORD, one);
    bytes = mf_hive_apply_patch (path, beside_big, &error);
    g_assert_error (error, MF_ERROR, MF_ERROR_UNSUPPORTED);
    g_assert_null (bytes);
  }
  mf_test_rmtree (dir);
}

static void
test_too_deep (void)
{
  g_autofree gchar *dir = mf_test_make_tempdir ("hive");
  g_autofree gchar *path = g_build_filename (dir, "deep.dat", NULL);
  const gchar *const subtrees[] = { "Deep", NULL };
  GString *key = g_string_new ("Deep");
  g_autofree gchar *deep = NULL;
  g_autoptr(MfRegKey) root = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 80; i++)
    g_string_append_printf (key, "\\K%u", i);
  deep = g_string_free (key, FALSE);
  {
    const MfTestHiveEntry entries[] = { { deep, "Value", MF_REG_DWORD, .dword = 1 } };
    g_assert_true (mf_test_hive_build (path, entries, G_N_ELEMENTS (entries), &error));
    g_assert_no_error (error);
  }
  root = mf_hive_read (path, subtrees, &error);
  g_assert_error (error, MF_ERROR, MF_ERROR_TOO_LARGE);
  g_assert_null (root);
  mf_test_rmtree (dir);
}

static void
assert_all_fail (const gchar *path, gint code, gboolean header_too)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MfRegKey) root = mf_hive_read (path, mail_subtrees, &error);
  g_autoptr(MfRegPatch) patch = mf_reg_patch_new ();
  g_autoptr(GBytes) value = mf_reg_dword_bytes (1);
  g_autoptr(GBytes) bytes = NULL;

  g_assert_error (error, MF_ERROR, code);
  g_assert_null (root);
  g_assert_nonnull (strstr (error->message, path));
  g_clear_error (&error);

  mf_reg_patch_set (patch, HKCU OUTLOOK_ACCOUNT, "SMTP Use Auth", MF_REG_DWORD, value);
  bytes = mf_hive_apply_patch (path, patch, &error);
  g_assert_error (error, MF_ERROR, code);
  g_assert_null (bytes);
  g_clear_error (&error);

  if (header_too) {
    g_assert_false (mf_hive_is_clean (path, NULL, NULL, &error));
    g_assert_error (error, MF_ERROR, code);
  }
}

static void
write_bytes (const gchar *path, const gchar *data, gsize len)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, data, (gssize) len, &error));
  g_assert_no_error (error);
}

static void
test_errors (void)
{
  g_autofree gchar *dir = mf_test_make_tempdir ("hive");
  g_autofree gchar *path = sample_hive (dir);
  g_autofree gchar *missing = g_build_filename (dir, "missing.dat", NULL);
  g_autofree gchar *text = g_build_filename (dir, "text.dat", NULL);
  g_autofree gchar *cut = g_build_filename (dir, "cut.dat", NULL);
  g_autofree gchar *header_only = g_build_filename (dir, "header.dat", NULL);
  g_autofree gchar *bad_sum = g_build_filename (dir, "checksum.dat", NULL);
  g_autofree gchar *data = NULL;
  g_autofree gchar *prose = g_strnfill (9000, 'x');
  gsize len = 0;

  assert_all_fail (missing, MF_ERROR_NOT_FOUND, TRUE);

  write_bytes (text, prose, 9000);
  assert_all_fail (text, MF_ERROR_PARSE, TRUE);

  data = mf_test_read_file (path, &len);
  g_assert_cmpuint (len, >, 0x3000);
  /* cut in the middle of a bin, and inside the header */
  write_bytes (cut, data, len - 0x800);
  assert_all_fail (cut, MF_ERROR_PARSE, FALSE);
  write_bytes (header_only, data, 3000);
  assert_all_fail (header_only, MF_ERROR_PARSE, TRUE);

  /* a header whose checksum does not match what it says */
  data[0x30] ^= 0x01;
  write_bytes (bad_sum, data, len);
  assert_all_fail (bad_sum, MF_ERROR_PARSE, FALSE);
  mf_test_rmtree (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/hive/read", test_read);
  g_test_add_func ("/hive/read/names", test_read_names);
  g_test_add_func ("/hive/clean", test_clean);
  g_test_add_func ("/hive/patch", test_patch);
  g_test_add_func ("/hive/patch/hivexget", test_patch_hivexget);
  g_test_add_func ("/hive/patch/empty-hive", test_patch_empty_hive);
  g_test_add_func ("/hive/patch/refused-root", test_refused_root);
  g_test_add_func ("/hive/patch/large-values", test_large_values);
  g_test_add_func ("/hive/errors", test_errors);
  g_test_add_func ("/hive/errors/too-deep", test_too_deep);
  return g_test_run ();
}
