/* test-reg-file.c: reading .reg exports and writing patches for regedit */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib.h>

#include "mf-error.h"
#include "mf-reg.h"
#include "mf-reg-file.h"
#include "mf-test-hive.h"

#define V5 "Windows Registry Editor Version 5.00"
#define ACCOUNTS "HKEY_CURRENT_USER\\Software\\Microsoft\\Office\\16.0\\Outlook\\Profiles\\Outlook\\" \
                 "9375CFF0413111d3B88A00104B2A6676"
#define ACCOUNT ACCOUNTS "\\00000002"
#define PST_PATH "C:\\Users\\taro\\Documents\\Outlook ファイル\\taro@example.jp.pst"

/* the MSPST entry ID in the fixture before the store's path */
#define ENTRY_ID_HEAD 52

static GBytes *
load_fixture (const gchar *name)
{
  g_autofree gchar *path = g_test_build_filename (G_TEST_DIST, "fixtures", "reg", name, NULL);
  g_autoptr(GError) error = NULL;
  gchar *data = NULL;
  gsize len = 0;

  g_file_get_contents (path, &data, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (data, len);
}

static MfRegKey *
parse_fixture (const gchar *name, MfRegFormat *format)
{
  g_autoptr(GBytes) bytes = load_fixture (name);
  g_autoptr(GError) error = NULL;
  MfRegKey *root = mf_reg_file_parse (bytes, name, format, &error);

  g_assert_no_error (error);
  g_assert_nonnull (root);
  return root;
}

static MfRegKey *
parse_text (const gchar *text, GError **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  return mf_reg_file_parse (bytes, "test.reg", NULL, error);
}

/* text as regedit writes version 5: UTF-16LE after a byte-order mark;
 * converted here with iconv rather than with the code under test */
static GBytes *
utf16_file (const gchar *text)
{
  g_autoptr(GError) error = NULL;
  gsize len = 0;
  g_autofree gchar *units = g_convert (text, -1, "UTF-16LE", "UTF-8", NULL, &len, &error);
  g_autoptr(GByteArray) out = g_byte_array_new ();
  static const guint8 bom[] = { 0xFF, 0xFE };

  g_assert_no_error (error);
  g_byte_array_append (out, bom, sizeof bom);
  g_byte_array_append (out, (const guint8 *) units, (guint) len);
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

/* the UTF-8 text of a version-5 file, byte-order mark dropped */
static gchar *
utf8_of_file (GBytes *file)
{
  g_autoptr(GError) error = NULL;
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (file, &len);
  gchar *text;

  g_assert_cmpuint (len, >=, 2);
  g_assert_cmpuint (data[0], ==, 0xFF);
  g_assert_cmpuint (data[1], ==, 0xFE);
  text = g_convert ((const gchar *) data + 2, (gssize) len - 2, "UTF-8", "UTF-16LE", NULL, NULL, &error);
  g_assert_no_error (error);
  return text;
}

static GBytes *
utf16z (const gchar *text)
{
  GBytes *bytes = mf_reg_utf16_from_utf8 (text);
  g_assert_nonnull (bytes);
  return bytes;
}

static void
assert_value (MfRegKey *key, const gchar *name, guint32 type, const void *bytes, gsize len)
{
  const MfRegValue *value = mf_reg_key_get_value (key, name);

  g_assert_nonnull (value);
  g_assert_cmpuint (value->type, ==, type);
  g_assert_cmpmem (g_bytes_get_data (value->data, NULL), g_bytes_get_size (value->data), bytes, len);
}

/* the same keys (by name, without regard to case) and the same values,
 * type and bytes, all the way down */
static void
assert_same_tree (MfRegKey *a, MfRegKey *b)
{
  GPtrArray *values = mf_reg_key_get_values (a);
  GPtrArray *children = mf_reg_key_get_children (a);

  g_assert_cmpuint (values->len, ==, mf_reg_key_get_values (b)->len);
  for (guint i = 0; i < values->len; i++) {
    const MfRegValue *va = g_ptr_array_index (values, i);
    const MfRegValue *vb = mf_reg_key_get_value (b, va->name);

    g_assert_nonnull (vb);
    g_assert_cmpuint (va->type, ==, vb->type);
    g_assert_true (g_bytes_equal (va->data, vb->data));
  }
  g_assert_cmpuint (children->len, ==, mf_reg_key_get_children (b)->len);
  for (guint i = 0; i < children->len; i++) {
    MfRegKey *ca = g_ptr_array_index (children, i);
    MfRegKey *cb = mf_reg_key_get_child (b, mf_reg_key_get_name (ca));

    g_assert_nonnull (cb);
    assert_same_tree (ca, cb);
  }
}

static void
test_parse_outlook2016 (void)
{
  MfRegFormat format = MF_REG_FORMAT_REGEDIT4;
  g_autoptr(MfRegKey) root = parse_fixture ("outlook2016.reg", &format);
  g_autoptr(GBytes) account_name = utf16z ("taro@example.jp");
  static const guint8 account_uid[] = {
    0x8f, 0x3c, 0x2a, 0x1b, 0x4d, 0x5e, 0x6f, 0x70, 0x81, 0x92, 0xa3, 0xb4, 0xc5, 0xd6, 0xe7, 0xf8,
  };
  static const guint8 entry_id_start[] = { 0x00, 0x00, 0x00, 0x00, 0x38, 0xa1, 0xbb, 0x10 };
  g_autofree gchar *entry_path = NULL;
  g_autofree gchar *path = NULL;
  const MfRegValue *entry_id;
  MfRegKey *account;
  MfRegKey *key;
  gsize len = 0;
  const guint8 *data;

  g_assert_cmpint (format, ==, MF_REG_FORMAT_V5);
  g_assert_cmpuint (mf_reg_key_get_children (root)->len, ==, 1);
  g_assert_cmpstr (mf_reg_key_get_name (g_ptr_array_index (mf_reg_key_get_children (root), 0)), ==,
                   "HKEY_CURRENT_USER");

  account = mf_reg_key_lookup (root, ACCOUNT);
  g_assert_nonnull (account);
  path = mf_reg_key_get_path (account);
  g_assert_cmpstr (path, ==, ACCOUNT);

  /* Outlook's strings are REG_BINARY holding UTF-16LE */
  assert_value (account, "Account Name", MF_REG_BINARY,
                g_bytes_get_data (account_name, NULL), g_bytes_get_size (account_name));
  mf_test_assert_reg_string (account, "Account Name", "taro@example.jp");
  mf_test_assert_reg_string (account, "Email", "taro@example.jp");
  mf_test_assert_reg_string (account, "Display Name", "山田 太郎");
  mf_test_assert_reg_string (account, "POP3 Server", "pop.example.jp");
  mf_test_assert_reg_string (account, "POP3 User", "taro");
  mf_test_assert_reg_string (account, "SMTP Server", "smtp.example.jp");
  mf_test_assert_reg_string (account, "clsid", "{ED475411-B0D6-11D2-8C3B-00104B2A6676}");
  g_assert_cmpuint (mf_reg_key_get_value (account, "clsid")->type, ==, MF_REG_SZ);

  mf_test_assert_reg_dword (account, "SMTP Use Auth", 1);
  mf_test_assert_reg_dword (account, "SMTP Auth Method", 2);
  mf_test_assert_reg_dword (account, "SMTP Secure Connection", 2);
  mf_test_assert_reg_dword (account, "POP3 Port", 110);
  mf_test_assert_reg_dword (account, "SMTP Port", 587);
  mf_test_assert_reg_dword (account, "Mini UID", 0xa2b4c6d8);
  assert_value (account, "Mini UID", MF_REG_DWORD, "\xd8\xc6\xb4\xa2", 4);
  assert_value (account, "Account UID", MF_REG_BINARY, account_uid, sizeof account_uid);

  /* eight lines of wrapped hex */
  entry_id = mf_reg_key_get_value (account, "Delivery Store EntryID");
  g_assert_nonnull (entry_id);
  data = g_bytes_get_data (entry_id->data, &len);
  g_assert_cmpuint (len, ==, ENTRY_ID_HEAD + 2 * ((gsize) g_utf8_strlen (PST_PATH, -1) + 1));
  g_assert_cmpmem (data, sizeof entry_id_start, entry_id_start, sizeof entry_id_start);
  entry_path = mf_reg_utf8_from_utf16 (data + ENTRY_ID_HEAD, len - ENTRY_ID_HEAD);
  g_assert_cmpstr (entry_path, ==, PST_PATH);

  /* the value and the key the file deletes after exporting them */
  g_assert_null (mf_reg_key_get_value (account, "POP3 Password2"));
  g_assert_null (mf_reg_key_lookup (root, ACCOUNTS "\\00000003"));
  key = mf_reg_key_lookup (root, ACCOUNTS);
  g_assert_nonnull (key);
  g_assert_cmpuint (mf_reg_key_get_children (key)->len, ==, 1);
  mf_test_assert_reg_dword (key, "NextAccountID", 4);
  assert_value (key, "{ED475418-B0D6-11D2-8C3B-00104B2A6676}", MF_REG_BINARY,
                "\x02\0\0\0\x03\0\0\0", 8);

  /* @= is the default value, named "" */
  key = mf_reg_key_lookup (root, "hkey_current_user\\software\\CLIENTS\\Mail");
  g_assert_nonnull (key);
  mf_test_assert_reg_string (key, "", "Microsoft Outlook");
  g_assert_cmpuint (mf_reg_key_get_value (key, "")->type, ==, MF_REG_SZ);
  key = mf_reg_key_lookup (root, "HKEY_CURRENT_USER\\Software\\Classes\\mailto\\shell\\open\\command");
  g_assert_nonnull (key);
  mf_test_assert_reg_string (key, "",
                 "\"C:\\Program Files\\Microsoft Office\\Root\\Office16\\OUTLOOK.EXE\" -c IPM.Note /m \"%1\"");

  key = mf_reg_key_lookup (root, "HKEY_CURRENT_USER\\Software\\Microsoft\\Office\\16.0\\Outlook");
  g_assert_nonnull (key);
  mf_test_assert_reg_string (key, "DefaultProfile", "Outlook");
  mf_test_assert_reg_string (key, "ForcePSTPath", "%USERPROFILE%\\Documents\\Outlook ファイル");
  g_assert_cmpuint (mf_reg_key_get_value (key, "ForcePSTPath")->type, ==, MF_REG_EXPAND_SZ);

  key = mf_reg_key_lookup (root, "HKEY_CURRENT_USER\\Software\\Microsoft\\Office\\16.0\\Outlook\\Search\\Catalog");
  g_assert_nonnull (key);
  mf_test_assert_reg_dword (key, PST_PATH, 1);
}

static void
test_parse_regedit4_cp932 (void)
{
  MfRegFormat format = MF_REG_FORMAT_V5;
  g_autoptr(MfRegKey) root = parse_fixture ("regedit4-cp932.reg", &format);
  g_autoptr(GBytes) name = utf16z ("山田 太郎");
  g_autoptr(GBytes) store = utf16z ("%USERPROFILE%\\マイ ドキュメント\\メール");
  MfRegKey *key;

  g_assert_cmpint (format, ==, MF_REG_FORMAT_REGEDIT4);
  key = mf_reg_key_lookup (root, "HKEY_CURRENT_USER\\Software\\Microsoft\\Internet Account Manager\\Accounts\\00000001");
  g_assert_nonnull (key);
  mf_test_assert_reg_string (key, "POP3 Server", "pop.example.jp");
  mf_test_assert_reg_string (key, "SMTP Display Name", "山田 太郎");
  assert_value (key, "SMTP Display Name", MF_REG_SZ, g_bytes_get_data (name, NULL), g_bytes_get_size (name));
  mf_test_assert_reg_dword (key, "SMTP Port", 25);

  /* hex(2) in REGEDIT4 is the ANSI bytes: the tree holds UTF-16LE */
  key = mf_reg_key_lookup (root, "HKEY_CURRENT_USER\\Software\\Microsoft\\Outlook Express\\5.0");
  g_assert_nonnull (key);
  assert_value (key, "Store Root", MF_REG_EXPAND_SZ, g_bytes_get_data (store, NULL), g_bytes_get_size (store));
}

static void
test_parse_encodings (void)
{
  const gchar *body = "\n[HKEY_CURRENT_USER\\Software\\Example]\n\"Name\"=\"太郎\"\n";
  g_autofree gchar *v5 = g_strconcat (V5, body, NULL);
  g_autofree gchar *bom = g_strconcat ("\xEF\xBB\xBF" V5, body, NULL);
  g_autofree gchar *crlf = g_strconcat (V5 "\r\n\r\n[HKEY_CURRENT_USER\\Software\\Example]\r\n",
                                        "\"Name\"=\"太郎\"\r\n", NULL);
  g_autofree gchar *regedit4 = g_strconcat ("REGEDIT4\n", body, NULL);
  const gchar *texts[] = { v5, bom, crlf, regedit4 };
  g_autoptr(GBytes) utf16 = utf16_file (v5);
  g_autoptr(GBytes) no_bom = g_bytes_new_from_bytes (utf16, 2, g_bytes_get_size (utf16) - 2);
  GBytes *files[] = { utf16, no_bom };
  const MfRegFormat formats[] = {
    MF_REG_FORMAT_V5, MF_REG_FORMAT_V5, MF_REG_FORMAT_V5, MF_REG_FORMAT_REGEDIT4
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++) {
    g_autoptr(GBytes) bytes = g_bytes_new (texts[i], strlen (texts[i]));
    g_autoptr(GError) error = NULL;
    MfRegFormat format = formats[i] == MF_REG_FORMAT_V5 ? MF_REG_FORMAT_REGEDIT4 : MF_REG_FORMAT_V5;
    g_autoptr(MfRegKey) root = mf_reg_file_parse (bytes, "test.reg", &format, &error);

    g_assert_no_error (error);
    g_assert_cmpint (format, ==, formats[i]);
    mf_test_assert_reg_string (mf_reg_key_lookup (root, "HKEY_CURRENT_USER\\Software\\Example"), "Name", "太郎");
  }
  for (guint i = 0; i < G_N_ELEMENTS (files); i++) {
    g_autoptr(GError) error = NULL;
    g_autoptr(MfRegKey) root = mf_reg_file_parse (files[i], "test.reg", NULL, &error);

    g_assert_no_error (error);
    mf_test_assert_reg_string (mf_reg_key_lookup (root, "HKEY_CURRENT_USER\\Software\\Example"), "Name", "太郎");
  }
}

/* what regedit accepts beyond what it writes, and what Wine writes */
static void
test_parse_forms (void)
{
  const gchar *text =
    V5 "\n"
    "\n"
    "  ; an indented comment\n"
    "[hkey_current_user\\Software\\Example\\]  \n"
    "\"Wrapped\"=hex:01,02,\\   \n"
    "      03,04,\\\t\n"
    "\t05\n"
    "\"Upper\"=hex:AB,Cd , ef\n"
    "\"Short\"=dword:1a\n"
    "\"Upper DWORD\"=DWORD:0000ABCD\n"
    "\"None\"=hex(0):\n"
    "\"Empty\"=hex:\n"
    "\"Qword\"=hex(b):00,00,00,80,0c,00,00,00\n"
    "\"Big type\"=hex(ffff0001):2a\n"
    "\"Wine\"=\"a\\nb\\\\c\\\"d\"\n"
    "\"Wine Multi\"=str(7):\"one\\0two\\0\"\n"
    "\"Wine Str\"=str:\"plain\"\n"
    "\"Spaced\" = \"x\"  \n"
    "@=\"default\"\n"
    "\"Gone\"=\"soon\"\n"
    "\"gone\"=-\n"
    "\n"
    "[HKEY_CURRENT_USER\\Software\\Example\\Empty]\n"
    "\n"
    "[HKEY_CURRENT_USER\\Software\\Example\\Only Deletions]\n"
    "\"x\"=-\n"
    "\n"
    "[HKEY_CURRENT_USER\\Software\\Doomed\\Child\\Grandchild]\n"
    "\"v\"=dword:00000001\n"
    "[-HKEY_CURRENT_USER\\Software\\Doomed]\n"
    "[-HKEY_CURRENT_USER\\Software\\Never There\\Child]\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(MfRegKey) root = parse_text (text, &error);
  static const guint8 qword[] = { 0x00, 0x00, 0x00, 0x80, 0x0c, 0x00, 0x00, 0x00 };
  static const guint8 multi[] = { 'o', 0, 'n', 0, 'e', 0, 0, 0, 't', 0, 'w', 0, 'o', 0, 0, 0, 0, 0 };
  g_autofree gchar *path = NULL;
  MfRegKey *key;

  g_assert_no_error (error);
  key = mf_reg_key_lookup (root, "HKEY_CURRENT_USER\\Software\\Example");
  g_assert_nonnull (key);
  /* the root is spelt as regedit spells it, whatever the file did */
  path = mf_reg_key_get_path (key);
  g_assert_cmpstr (path, ==, "HKEY_CURRENT_USER\\Software\\Example");

  assert_value (key, "Wrapped", MF_REG_BINARY, "\x01\x02\x03\x04\x05", 5);
  assert_value (key, "Upper", MF_REG_BINARY, "\xab\xcd\xef", 3);
  mf_test_assert_reg_dword (key, "Short", 0x1a);
  mf_test_assert_reg_dword (key, "Upper DWORD", 0xabcd);
  assert_value (key, "None", MF_REG_NONE, NULL, 0);
  assert_value (key, "Empty", MF_REG_BINARY, NULL, 0);
  assert_value (key, "Qword", MF_REG_QWORD, qword, sizeof qword);
  assert_value (key, "Big type", 0xffff0001, "*", 1);
  mf_test_assert_reg_string (key, "Wine", "a\nb\\c\"d");
  assert_value (key, "Wine Multi", MF_REG_MULTI_SZ, multi, sizeof multi);
  mf_test_assert_reg_string (key, "Wine Str", "plain");
  mf_test_assert_reg_string (key, "Spaced", "x");
  mf_test_assert_reg_string (key, "", "default");
  g_assert_null (mf_reg_key_get_value (key, "Gone"));

  /* an exported empty key exists; deleting values creates nothing */
  g_assert_nonnull (mf_reg_key_lookup (root, "HKEY_CURRENT_USER\\Software\\Example\\Empty"));
  g_assert_null (mf_reg_key_lookup (root, "HKEY_CURRENT_USER\\Software\\Example\\Only Deletions"));
  /* [-key] takes everything below it */
  g_assert_null (mf_reg_key_lookup (root, "HKEY_CURRENT_USER\\Software\\Doomed"));
  g_assert_nonnull (mf_reg_key_lookup (root, "HKEY_CURRENT_USER\\Software"));
  g_assert_null (mf_reg_key_lookup (root, "HKEY_CURRENT_USER\\Software\\Never There"));
}

typedef struct {
  const gchar *text;
  guint line;
  const gchar *what;
} BadFile;

static void
test_parse_errors (void)
{
  static const BadFile bad[] = {
    { "", 1, "not a registry file" },
    { "REGEDIT5\r\n\r\n[HKEY_CURRENT_USER\\A]\r\n", 1, "not a registry file" },
    { "Windows Registry Editor Version 4.00\n", 1, "not a registry file" },
    { V5 "\n\n\"Email\"=\"taro@example.jp\"\n", 3, "a value line must come after the [key] line" },
    { V5 "\n; c\n[-HKEY_CURRENT_USER\\A]\n@=\"x\"\n", 4, "a value line must come after the [key] line" },
    { V5 "\n[HKEY_CURRENT_USER\\A]\n\"Port\"=dword:123456789\n", 3, "1 to 8 hexadecimal digits" },
    { V5 "\n[HKEY_CURRENT_USER\\A]\n\"Port\"=dword:\n", 3, "1 to 8 hexadecimal digits" },
    { V5 "\n[HKEY_CURRENT_USER\\A]\n\"Port\"=dword:0x19\n", 3, "1 to 8 hexadecimal digits" },
    { V5 "\n[HKEY_CURRENT_USER\\A]\n\"Port\"=dword:00000019 25\n", 3, "unexpected text after the value: '25'" },
    { V5 "\n[HKEY_CURRENT_USER\\A]\n\"Email\"=\"taro@example.jp\n", 3, "unterminated string" },
    { V5 "\n[HKEY_CURRENT_USER\\A]\n\"Email=\"taro\"\n", 3, "expected '=' after the value name" },
    { V5 "\n[HKEY_CURRENT_USER\\A]\n\"Email\n", 3, "unterminated string" },
    { V5 "\n[HKEY_CURRENT_USER\\A]\n\"Path\"=\"C:\\temp\"\n", 3, "unknown escape sequence \\t" },
    { V5 "\n[HKEY_CURRENT_USER\\A]\n\"Name\"=\"x\\\n", 3, "unterminated string" },
    { V5 "\n[HKEY_CURRENT_USER\\A]\n\"Bin\"=hex:zz\n", 3, "expected a byte in hexadecimal such as 0a, found 'zz'" },
    { V5 "\n[HKEY_CURRENT_USER\\A]\n\"Bin\"=hex:123\n", 3, "expected a comma between the bytes, found '3'" },
    { V5 "\n[HKEY_CURRENT_USER\\A]\n\"Bin\"=hex:00,,01\n", 3, "expected a byte in hexadecimal" },
    { V5 "\n[HKEY_CURRENT_USER\\A]\n\"Bin\"=hex:00 01\n", 3, "expected a comma between the bytes" },
    { V5 "\n[HKEY_CURRENT_USER\\A]\n\"Bin\"=hex:00,01,\\\n  02,0g,\\\n  03\n", 4, "expected a comma" },
    { V5 "\n[HKEY_CURRENT_USER\\A]\n\"Bin\"=hex:00,01,\\\n  02,\\\n", 4, "continues past the end of the file" },
    { V5 "\n[HKEY_CURRENT_USER\\A]\n\"Bin\"=hex:00,01,\\ 02\n", 3, "must end the line" },
    { V5 "\n[HKEY_CURRENT_USER\\A]\n\"Bin\"=hex(g):00\n", 3, "type number in hexadecimal" },
    { V5 "\n[HKEY_CURRENT_USER\\A]\n\"Bin\"=hex(2:00\n", 3, "type number in hexadecimal" },
    { V5 "\n[HKEY_CURRENT_USER\\A]\n\"Bin\"=hex(123456789):00\n", 3, "type number in hexadecimal" },
    { V5 "\n[HKEY_CURRENT_USER\\A]\n\"Bin\"=qword:00\n", 3, "expected a value after '='" },
    { V5 "\n[HKEY_CURRENT_USER\\A]\n\"Bin\"=\n", 3, "expected a value after '='" },
    { V5 "\n[HKEY_CURRENT_USER\\A]\n\"Name\"=\"x\" \"y\"\n", 3, "unexpected text after the value" },
    { V5 "\n[HKEY_CURRENT_USER\\A]\n\"Name\\0\"=\"x\"\n", 3, "cannot contain \\0" },
    { V5 "\n[HKEY_CURRENT_USER\\A\n", 2, "must end with ']'" },
    { V5 "\n[HKCU\\Software\\A]\n", 2, "unknown registry root 'HKCU'" },
    { V5 "\n[]\n", 2, "names no key" },
    { V5 "\n[-\\]\n", 2, "names no key" },
    { V5 "\n[HKEY_CURRENT_USER\\A]\nEmail=taro\n", 3, "expected a [key] line" },
    { V5 "\n[HKEY_CURRENT_USER\\A]\n\"Name\"=\"x\"\n\x01\n", 4, "expected a [key] line" },
    /* CP932 bytes are read only in REGEDIT4 files */
    { V5 "\n[HKEY_CURRENT_USER\\A]\n\"Name\"=\"\x91\xbe\x98\x59\"\n", 3, "neither UTF-16 nor valid UTF-8" },
    { "REGEDIT4\n\n[HKEY_CURRENT_USER\\A]\n\n\"Name\"=\"\x80\"\n", 5, "neither UTF-8 nor in the Japanese" },
    { "REGEDIT4\n\n[HKEY_CURRENT_USER\\A]\n\"Root\"=hex(2):80,00\n", 4, "neither UTF-8 nor CP932" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++) {
    g_autoptr(GError) error = NULL;
    g_autoptr(MfRegKey) root = NULL;
    g_autofree gchar *prefix = g_strdup_printf ("test.reg:%u: ", bad[i].line);
    g_autofree gchar *shown = g_strescape (bad[i].text, NULL);

    g_test_message ("bad file %u: %s", i, shown);
    root = parse_text (bad[i].text, &error);
    g_assert_null (root);
    g_assert_error (error, MF_ERROR, MF_ERROR_PARSE);
    g_test_message ("%s", error->message);
    g_assert_true (g_str_has_prefix (error->message, prefix));
    g_assert_nonnull (strstr (error->message, bad[i].what));
  }
}

static void
test_parse_binary_errors (void)
{
  static const gchar with_nul[] = V5 "\n[HKEY_CURRENT_USER\\A]\n\"x\"=\"a\0b\"\n";
  static const guint8 odd[] = { 0xFF, 0xFE, 'W', 0, 'i' };
  static const guint8 lone_surrogate[] = { 0xFF, 0xFE, 'W', 0, '\n', 0, 0x00, 0xD8, 'x', 0 };
  static const guint8 utf16_nul[] = { 0xFF, 0xFE, 'W', 0, '\n', 0, '\n', 0, 0, 0 };
  struct {
    GBytes *bytes;
    guint line;
    const gchar *what;
  } bad[] = {
    { g_bytes_new (with_nul, sizeof with_nul - 1), 3, "binary data" },
    { g_bytes_new (odd, sizeof odd), 1, "middle of a UTF-16 character" },
    { g_bytes_new (lone_surrogate, sizeof lone_surrogate), 2, "not valid UTF-16" },
    { g_bytes_new (utf16_nul, sizeof utf16_nul), 3, "binary data" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++) {
    g_autoptr(GBytes) bytes = bad[i].bytes;
    g_autoptr(GError) error = NULL;
    g_autoptr(MfRegKey) root = mf_reg_file_parse (bytes, "test.reg", NULL, &error);
    g_autofree gchar *prefix = g_strdup_printf ("test.reg:%u: ", bad[i].line);

    g_assert_null (root);
    g_assert_error (error, MF_ERROR, MF_ERROR_PARSE);
    g_test_message ("%s", error->message);
    g_assert_true (g_str_has_prefix (error->message, prefix));
    g_assert_nonnull (strstr (error->message, bad[i].what));
  }
}

static void
test_parse_too_large (void)
{
  gsize len = 64 * 1024 * 1024 + 1;
  g_autoptr(GBytes) bytes = g_bytes_new_take (g_malloc (len), len);
  g_autoptr(GError) error = NULL;
  g_autoptr(MfRegKey) root = mf_reg_file_parse (bytes, "huge.reg", NULL, &error);

  g_assert_null (root);
  g_assert_error (error, MF_ERROR, MF_ERROR_TOO_LARGE);
  g_assert_true (g_str_has_prefix (error->message, "huge.reg: "));
}

static MfRegPatch *
small_patch (void)
{
  MfRegPatch *patch = mf_reg_patch_new ();
  const gchar *outlook = "HKEY_CURRENT_USER\\Software\\Microsoft\\Office\\16.0\\Outlook";
  g_autoptr(GBytes) smtp = utf16z ("smtp.example.jp");
  g_autoptr(GBytes) name = utf16z ("山田 太郎");
  g_autoptr(GBytes) one = mf_reg_dword_bytes (1);
  g_autoptr(GBytes) ten = mf_reg_dword_bytes (10);
  g_autoptr(GBytes) command = utf16z ("\"C:\\Program Files\\Outlook\\OUTLOOK.EXE\" /m \"%1\"");
  g_autoptr(GBytes) pst = utf16z ("%USERPROFILE%\\Mail");
  g_autoptr(GBytes) quota = g_bytes_new ("\x00\x00\x00\x80\x0c\x00\x00\x00", 8);
  g_autoptr(GBytes) backslash = utf16z ("a\\b");
  g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);
  g_autoptr(GBytes) line = utf16z ("a\nb");
  g_autoptr(GBytes) short_dword = g_bytes_new ("\x01\x00", 2);
  guint8 entry[100];

  for (guint i = 0; i < sizeof entry; i++)
    entry[i] = (guint8) i;
  mf_reg_patch_set (patch, ACCOUNT, "SMTP Server", MF_REG_BINARY, smtp);
  mf_reg_patch_set (patch, ACCOUNT, "SMTP Use Auth", MF_REG_DWORD, one);
  mf_reg_patch_set (patch, ACCOUNT, "SMTP Auth Method", MF_REG_DWORD, ten);
  mf_reg_patch_remove (patch, ACCOUNT, "POP3 Password2");
  mf_reg_patch_set (patch, ACCOUNT, "Display Name", MF_REG_BINARY, name);
  {
    g_autoptr(GBytes) bytes = g_bytes_new (entry, sizeof entry);
    mf_reg_patch_set (patch, ACCOUNT, "Delivery Store EntryID", MF_REG_BINARY, bytes);
  }
  mf_reg_patch_set (patch, "HKEY_CURRENT_USER\\Software\\Classes\\mailto\\shell\\open\\command", "",
                    MF_REG_SZ, command);
  mf_reg_patch_set (patch, outlook, "ForcePSTPath", MF_REG_EXPAND_SZ, pst);
  mf_reg_patch_set (patch, outlook, "Quota", MF_REG_QWORD, quota);
  mf_reg_patch_set (patch, outlook, "Weird \"name\"", MF_REG_SZ, backslash);
  mf_reg_patch_set (patch, outlook, "Empty", MF_REG_SZ, empty);
  mf_reg_patch_set (patch, outlook, "Line", MF_REG_SZ, line);
  mf_reg_patch_set (patch, outlook, "Short", MF_REG_DWORD, short_dword);
  mf_reg_patch_remove (patch, "HKEY_CURRENT_USER\\Software\\Clients\\Mail", "");
  return patch;
}

static void
test_write_exact (void)
{
  static const gchar expected[] =
    "Windows Registry Editor Version 5.00\r\n"
    "\r\n"
    "; mailfix: repair of taro@example.jp\r\n"
    "; a second line\r\n"
    "; and a third\r\n"
    "\r\n"
    "[" ACCOUNT "]\r\n"
    "\"SMTP Server\"=hex:73,00,6d,00,74,00,70,00,2e,00,65,00,78,00,61,00,6d,00,70,00,\\\r\n"
    "  6c,00,65,00,2e,00,6a,00,70,00,00,00\r\n"
    "\"SMTP Use Auth\"=dword:00000001\r\n"
    "\"SMTP Auth Method\"=dword:0000000a\r\n"
    "\"POP3 Password2\"=-\r\n"
    "\"Display Name\"=hex:71,5c,30,75,20,00,2a,59,ce,90,00,00\r\n"
    "\"Delivery Store EntryID\"=hex:00,01,02,03,04,05,06,07,08,09,0a,0b,0c,0d,0e,0f,\\\r\n"
    "  10,11,12,13,14,15,16,17,18,19,1a,1b,1c,1d,1e,1f,20,21,22,23,24,25,26,27,28,\\\r\n"
    "  29,2a,2b,2c,2d,2e,2f,30,31,32,33,34,35,36,37,38,39,3a,3b,3c,3d,3e,3f,40,41,\\\r\n"
    "  42,43,44,45,46,47,48,49,4a,4b,4c,4d,4e,4f,50,51,52,53,54,55,56,57,58,59,5a,\\\r\n"
    "  5b,5c,5d,5e,5f,60,61,62,63\r\n"
    "\r\n"
    "[HKEY_CURRENT_USER\\Software\\Classes\\mailto\\shell\\open\\command]\r\n"
    "@=\"\\\"C:\\\\Program Files\\\\Outlook\\\\OUTLOOK.EXE\\\" /m \\\"%1\\\"\"\r\n"
    "\r\n"
    "[HKEY_CURRENT_USER\\Software\\Microsoft\\Office\\16.0\\Outlook]\r\n"
    "\"ForcePSTPath\"=hex(2):25,00,55,00,53,00,45,00,52,00,50,00,52,00,4f,00,46,00,49,\\\r\n"
    "  00,4c,00,45,00,25,00,5c,00,4d,00,61,00,69,00,6c,00,00,00\r\n"
    "\"Quota\"=hex(b):00,00,00,80,0c,00,00,00\r\n"
    "\"Weird \\\"name\\\"\"=\"a\\\\b\"\r\n"
    "\"Empty\"=hex(1):\r\n"
    "\"Line\"=hex(1):61,00,0a,00,62,00,00,00\r\n"
    "\"Short\"=hex(4):01,00\r\n"
    "\r\n"
    "[HKEY_CURRENT_USER\\Software\\Clients\\Mail]\r\n"
    "@=-\r\n"
    "\r\n";
  const gchar *comments[] = { "mailfix: repair of taro@example.jp", "a second line\r\nand a third", NULL };
  g_autoptr(MfRegPatch) patch = small_patch ();
  g_autoptr(GBytes) written = mf_reg_file_write_patch (patch, comments);
  g_autoptr(GBytes) want = utf16_file (expected);
  g_autofree gchar *text = utf8_of_file (written);
  const guint8 *data = g_bytes_get_data (written, NULL);
  g_auto(GStrv) lines = NULL;

  g_assert_cmpstr (text, ==, expected);
  g_assert_cmpmem (g_bytes_get_data (written, NULL), g_bytes_get_size (written),
                   g_bytes_get_data (want, NULL), g_bytes_get_size (want));
  /* byte-order mark, then "W" in UTF-16LE */
  g_assert_cmpuint (data[0], ==, 0xFF);
  g_assert_cmpuint (data[1], ==, 0xFE);
  g_assert_cmpuint (data[2], ==, 'W');
  g_assert_cmpuint (data[3], ==, 0);

  /* regedit's wrapping keeps value lines to 80 columns; key lines are as long as their paths */
  lines = g_strsplit (text, "\r\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (lines[i][0] != '[')
      g_assert_cmpint (g_utf8_strlen (lines[i], -1), <=, 80);
}

static void
test_write_no_comments (void)
{
  const gchar *none[] = { NULL };
  g_autoptr(MfRegPatch) patch = mf_reg_patch_new ();
  g_autoptr(GBytes) one = mf_reg_dword_bytes (1);
  g_autoptr(GBytes) a = NULL;
  g_autoptr(GBytes) b = NULL;
  g_autoptr(GBytes) empty = NULL;
  g_autofree gchar *text = NULL;
  g_autofree gchar *empty_text = NULL;

  empty = mf_reg_file_write_patch (patch, NULL);
  empty_text = utf8_of_file (empty);
  g_assert_cmpstr (empty_text, ==, V5 "\r\n\r\n");

  mf_reg_patch_set (patch, "HKEY_CURRENT_USER\\Software\\A", "x", MF_REG_DWORD, one);
  a = mf_reg_file_write_patch (patch, NULL);
  b = mf_reg_file_write_patch (patch, none);
  g_assert_true (g_bytes_equal (a, b));
  text = utf8_of_file (a);
  g_assert_cmpstr (text, ==, V5 "\r\n\r\n[HKEY_CURRENT_USER\\Software\\A]\r\n\"x\"=dword:00000001\r\n\r\n");
}

/* a name wider than the line: regedit breaks after the first byte */
static void
test_write_wrap_long_name (void)
{
  g_autoptr(MfRegPatch) patch = mf_reg_patch_new ();
  g_autofree gchar *name = g_strnfill (80, 'n');
  g_autoptr(GBytes) data = g_bytes_new ("\x01\x02\x03", 3);
  g_autoptr(GBytes) written = NULL;
  g_autofree gchar *text = NULL;
  g_autofree gchar *line = NULL;

  mf_reg_patch_set (patch, "HKEY_CURRENT_USER\\A", name, MF_REG_BINARY, data);
  written = mf_reg_file_write_patch (patch, NULL);
  text = utf8_of_file (written);
  line = g_strdup_printf ("\"%s\"=hex:01,\\\r\n  02,03\r\n", name);
  g_assert_nonnull (strstr (text, line));
}

/* every key of a tree, as a patch that sets its values */
static void
patch_from_tree (MfRegPatch *patch, MfRegKey *key)
{
  GPtrArray *values = mf_reg_key_get_values (key);
  GPtrArray *children = mf_reg_key_get_children (key);
  g_autofree gchar *path = mf_reg_key_get_path (key);

  for (guint i = 0; i < values->len; i++) {
    const MfRegValue *value = g_ptr_array_index (values, i);
    mf_reg_patch_set (patch, path, value->name, value->type, value->data);
  }
  for (guint i = 0; i < children->len; i++)
    patch_from_tree (patch, g_ptr_array_index (children, i));
}

static void
test_round_trip (void)
{
  g_autoptr(MfRegKey) fixture = parse_fixture ("outlook2016.reg", NULL);
  g_autoptr(MfRegPatch) patch = small_patch ();
  g_autoptr(MfRegKey) applied = mf_reg_key_new (NULL);
  g_autoptr(MfRegKey) reread = NULL;
  g_autoptr(MfRegPatch) again = mf_reg_patch_new ();
  g_autoptr(GBytes) written = NULL;
  g_autoptr(GBytes) rewritten = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree gchar *text = NULL;

  /* a patch of every value in the fixture, plus the small one */
  patch_from_tree (patch, fixture);
  mf_reg_patch_remove (patch, "HKEY_CURRENT_USER\\Software\\Not There", "x");
  written = mf_reg_file_write_patch (patch, NULL);
  reread = mf_reg_file_parse (written, "patch.reg", NULL, &error);
  g_assert_no_error (error);
  mf_reg_patch_apply (patch, applied);
  assert_same_tree (reread, applied);
  assert_same_tree (applied, reread);

  /* Outlook's REG_BINARY strings stay binary */
  text = utf8_of_file (written);
  g_assert_nonnull (strstr (text, "\"POP3 Server\"=hex:70,00,6f,00,70,00,"));
  g_assert_null (strstr (text, "\"POP3 Server\"=\""));

  /* and writing what was read gives the same bytes */
  patch_from_tree (again, reread);
  for (guint i = 0; i < mf_reg_patch_get_keys (patch)->len; i++) {
    MfRegPatchKey *key = g_ptr_array_index (mf_reg_patch_get_keys (patch), i);
    for (guint j = 0; j < key->changes->len; j++) {
      MfRegChange *change = g_ptr_array_index (key->changes, j);
      if (change->remove)
        mf_reg_patch_remove (again, key->path, change->name);
    }
  }
  rewritten = mf_reg_file_write_patch (again, NULL);
  g_assert_cmpuint (g_bytes_get_size (rewritten), ==, g_bytes_get_size (written));
}

/* a patch's deletions act on the keys that an export before it set */
static void
test_round_trip_deletions (void)
{
  g_autoptr(GBytes) export = load_fixture ("outlook2016.reg");
  g_autoptr(MfRegKey) expected = parse_fixture ("outlook2016.reg", NULL);
  g_autoptr(MfRegPatch) patch = mf_reg_patch_new ();
  g_autoptr(GBytes) host = utf16z ("smtp2.example.jp");
  g_autoptr(GBytes) written = NULL;
  g_autoptr(GBytes) combined = NULL;
  g_autoptr(MfRegKey) actual = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree gchar *export_text = NULL;
  g_autofree gchar *patch_text = NULL;
  g_autofree gchar *all = NULL;
  MfRegKey *account;

  mf_reg_patch_set (patch, ACCOUNT, "SMTP Server", MF_REG_BINARY, host);
  mf_reg_patch_remove (patch, ACCOUNT, "POP3 User");
  mf_reg_patch_remove (patch, "hkey_current_user\\software\\clients\\mail", "");
  written = mf_reg_file_write_patch (patch, NULL);

  /* the export followed by the patch's lines, as one file */
  export_text = utf8_of_file (export);
  patch_text = utf8_of_file (written);
  g_assert_true (g_str_has_prefix (patch_text, V5 "\r\n"));
  all = g_strconcat (export_text, patch_text + strlen (V5 "\r\n"), NULL);
  combined = utf16_file (all);
  actual = mf_reg_file_parse (combined, "combined.reg", NULL, &error);
  g_assert_no_error (error);

  mf_reg_patch_apply (patch, expected);
  assert_same_tree (actual, expected);
  assert_same_tree (expected, actual);
  account = mf_reg_key_lookup (actual, ACCOUNT);
  g_assert_null (mf_reg_key_get_value (account, "POP3 User"));
  mf_test_assert_reg_string (account, "SMTP Server", "smtp2.example.jp");
  g_assert_null (mf_reg_key_get_value (mf_reg_key_lookup (actual, "HKEY_CURRENT_USER\\Software\\Clients\\Mail"), ""));
}

static void
assert_same_patch (MfRegPatch *a, MfRegPatch *b)
{
  GPtrArray *ka = mf_reg_patch_get_keys (a);
  GPtrArray *kb = mf_reg_patch_get_keys (b);

  g_assert_cmpuint (ka->len, ==, kb->len);
  for (guint i = 0; i < ka->len; i++) {
    MfRegPatchKey *pa = g_ptr_array_index (ka, i);
    MfRegPatchKey *pb = g_ptr_array_index (kb, i);

    g_assert_cmpstr (pa->path, ==, pb->path);
    g_assert_cmpuint (pa->changes->len, ==, pb->changes->len);
    for (guint j = 0; j < pa->changes->len; j++) {
      MfRegChange *ca = g_ptr_array_index (pa->changes, j);
      MfRegChange *cb = g_ptr_array_index (pb->changes, j);

      g_assert_cmpstr (ca->name, ==, cb->name);
      g_assert_cmpint (ca->remove, ==, cb->remove);
      if (!ca->remove) {
        g_assert_cmpuint (ca->type, ==, cb->type);
        g_assert_true (g_bytes_equal (ca->data, cb->data));
      }
    }
  }
}

/* a patch file mailfix wrote reads back as the same patch */
static void
test_parse_patch (void)
{
  const gchar *comments[] = { "mailfix: repair of taro@example.jp", NULL };
  g_autoptr(MfRegPatch) patch = small_patch ();
  g_autoptr(GBytes) written = mf_reg_file_write_patch (patch, comments);
  g_autoptr(GBytes) rewritten = NULL;
  g_autoptr(MfRegPatch) reread = NULL;
  g_autoptr(GError) error = NULL;

  reread = mf_reg_file_parse_patch (written, "patch.reg", &error);
  g_assert_no_error (error);
  assert_same_patch (patch, reread);
  rewritten = mf_reg_file_write_patch (reread, comments);
  g_assert_true (g_bytes_equal (written, rewritten));
}

static void
test_parse_patch_forms (void)
{
  const gchar *text =
    V5 "\n"
    "\n"
    "[HKEY_CURRENT_USER\\Software\\Empty]\n"
    "\n"
    "[HKEY_CURRENT_USER\\Software\\A]\n"
    "\"x\"=dword:00000001\n"
    "\"y\"=-\n"
    "\"X\"=dword:00000002\n";
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autoptr(GError) error = NULL;
  g_autoptr(MfRegPatch) patch = mf_reg_file_parse_patch (bytes, "test.reg", &error);
  g_autoptr(GBytes) two = mf_reg_dword_bytes (2);
  MfRegPatchKey *key;
  MfRegChange *change;

  g_assert_no_error (error);
  /* an empty block changes nothing; a later change to a value replaces the earlier */
  g_assert_cmpuint (mf_reg_patch_get_keys (patch)->len, ==, 1);
  key = g_ptr_array_index (mf_reg_patch_get_keys (patch), 0);
  g_assert_cmpstr (key->path, ==, "HKEY_CURRENT_USER\\Software\\A");
  g_assert_cmpuint (key->changes->len, ==, 2);
  change = g_ptr_array_index (key->changes, 0);
  g_assert_false (change->remove);
  g_assert_cmpuint (change->type, ==, MF_REG_DWORD);
  g_assert_true (g_bytes_equal (change->data, two));
  change = g_ptr_array_index (key->changes, 1);
  g_assert_cmpstr (change->name, ==, "y");
  g_assert_true (change->remove);
}

static void
test_parse_patch_errors (void)
{
  const gchar *deletes = V5 "\n\n[HKEY_CURRENT_USER\\A]\n\"x\"=-\n[-HKEY_CURRENT_USER\\A\\B]\n";
  const gchar *bad = V5 "\n\n\"x\"=-\n";
  g_autoptr(GBytes) deletes_bytes = g_bytes_new (deletes, strlen (deletes));
  g_autoptr(GBytes) bad_bytes = g_bytes_new (bad, strlen (bad));
  g_autoptr(GError) error = NULL;
  g_autoptr(MfRegPatch) patch = NULL;

  patch = mf_reg_file_parse_patch (deletes_bytes, "test.reg", &error);
  g_assert_null (patch);
  g_assert_error (error, MF_ERROR, MF_ERROR_UNSUPPORTED);
  g_assert_true (g_str_has_prefix (error->message, "test.reg:5: "));
  g_assert_nonnull (strstr (error->message, "[-HKEY_CURRENT_USER\\A\\B]"));
  g_clear_error (&error);

  patch = mf_reg_file_parse_patch (bad_bytes, "test.reg", &error);
  g_assert_null (patch);
  g_assert_error (error, MF_ERROR, MF_ERROR_PARSE);
  g_assert_true (g_str_has_prefix (error->message, "test.reg:3: "));
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/reg-file/parse/outlook2016", test_parse_outlook2016);
  g_test_add_func ("/reg-file/parse/regedit4-cp932", test_parse_regedit4_cp932);
  g_test_add_func ("/reg-file/parse/encodings", test_parse_encodings);
  g_test_add_func ("/reg-file/parse/forms", test_parse_forms);
  g_test_add_func ("/reg-file/parse/errors", test_parse_errors);
  g_test_add_func ("/reg-file/parse/binary-errors", test_parse_binary_errors);
  g_test_add_func ("/reg-file/parse/too-large", test_parse_too_large);
  g_test_add_func ("/reg-file/write/exact", test_write_exact);
  g_test_add_func ("/reg-file/write/no-comments", test_write_no_comments);
  g_test_add_func ("/reg-file/write/wrap-long-name", test_write_wrap_long_name);
  g_test_add_func ("/reg-file/parse-patch/round-trip", test_parse_patch);
  g_test_add_func ("/reg-file/parse-patch/forms", test_parse_patch_forms);
  g_test_add_func ("/reg-file/parse-patch/errors", test_parse_patch_errors);
  g_test_add_func ("/reg-file/round-trip/patch", test_round_trip);
  g_test_add_func ("/reg-file/round-trip/deletions", test_round_trip_deletions);
  return g_test_run ();
}
