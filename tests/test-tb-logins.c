/* test-tb-logins.c: Thunderbird's passwords through NSS loaded at run time,
 * and logins.json edited around what mailfix does not know. Key databases
 * are made by NSS's own certutil, and what mailfix encrypts is read back
 * with NSS's own pwdecrypt (both from libnss3-tools). */
#include "config.h"

#include <string.h>
#include <unistd.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "mf-error.h"
#include "mf-tb-logins-write.h"
#include "mf-tb-nss.h"
#include "mf-test-utils.h"

#define IMAP_ORIGIN "imap://imap.spmode.ne.jp"
#define SMTP_ORIGIN "smtp://smtp.spmode.ne.jp"
#define USER "taro.yamada@docomo.ne.jp"

/* markers that must never appear in the test's own output */
#define SECRET_ASCII "Zq7-mailfix-secret-never-printed"
#define SECRET_JAPANESE "\xe7\xa7\x98\xe5\xaf\x86\xe3\x81\xae\xe5\x90\x88\xe8\xa8\x80\xe8\x91\x89" /* 秘密の合言葉 */

/* the passwords written: ASCII, Japanese, and every printable symbol */
static const gchar * const passwords[] = {
  SECRET_ASCII,
  SECRET_JAPANESE "2024",
  "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~ \t",
  "\xef\xbc\xa1\xef\xbd\x82\xef\xbd\x83\xef\xbc\x91\xef\xbc\x92\xe2\x82\xac\xf0\x9f\x94\x91", /* full-width, euro, emoji */
  "x",
  NULL,
};

/* a directory made by mf_test_make_tempdir(), removed with its contents */
typedef gchar TestDir;

static void
test_dir_free (TestDir *dir)
{
  mf_test_rmtree (dir);
  g_free (dir);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestDir, test_dir_free)

static gboolean
have_nss_tools (void)
{
  g_autofree gchar *certutil = g_find_program_in_path ("certutil");
  g_autofree gchar *pwdecrypt = g_find_program_in_path ("pwdecrypt");

  if (certutil != NULL && pwdecrypt != NULL)
    return TRUE;
  g_test_skip ("certutil and pwdecrypt are not installed (package libnss3-tools; "
               "scripts/install-deps.sh --tests installs it)");
  return FALSE;
}

/* runs an NSS tool, failing the test on a non-zero exit; returns stdout */
static gchar *
run_tool (const gchar * const *argv, const gchar *input)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autofree gchar *out = NULL;
  g_autofree gchar *err = NULL;

  proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                            G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, input, NULL, &out, &err, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (proc))
    g_error ("%s failed: %s", argv[0], err);
  return g_steal_pointer (&out);
}

static void
write_password_file (const gchar *path, const gchar *password)
{
  g_autofree gchar *line = g_strdup_printf ("%s\n", password);
  mf_test_write_file (path, line);
}

/* a profile directory with a key4.db made by certutil, with an empty
 * password as Thunderbird leaves it, or with a primary password */
static gchar *
make_profile (const gchar *tag, const gchar *primary_password)
{
  gchar *dir = mf_test_make_tempdir (tag);
  g_autofree gchar *db = g_strdup_printf ("sql:%s", dir);
  g_autofree gchar *old_pw = g_build_filename (dir, "old.pw", NULL);
  g_autofree gchar *new_pw = g_build_filename (dir, "new.pw", NULL);
  const gchar *create[] = { "certutil", "-N", "-d", db, "--empty-password", NULL };
  g_autofree gchar *out = run_tool (create, NULL);

  if (primary_password != NULL) {
    const gchar *change[] = { "certutil", "-W", "-d", db, "-f", old_pw, "-@", new_pw, NULL };
    g_autofree gchar *out2 = NULL;

    write_password_file (old_pw, "");
    write_password_file (new_pw, primary_password);
    out2 = run_tool (change, NULL);
    g_unlink (old_pw);
    g_unlink (new_pw);
  }
  return dir;
}

/* what NSS's own pwdecrypt makes of one logins.json value */
static gchar *
pwdecrypt (const gchar *profile, const gchar *b64)
{
  g_autofree gchar *db = g_strdup_printf ("sql:%s", profile);
  g_autofree gchar *input = g_strdup_printf ("%s\n", b64);
  const gchar *argv[] = { "pwdecrypt", "-d", db, NULL };
  g_autofree gchar *out = run_tool (argv, input);
  const gchar *prefix = "Decrypted: \"";
  gsize len;

  /* pwdecrypt prints the plain text quoted after this prefix, and the
   * input unchanged when it cannot decrypt it */
  g_assert_true (g_str_has_prefix (out, prefix));
  len = strlen (out);
  g_assert_true (len >= strlen (prefix) + 2 && g_str_has_suffix (out, "\"\n"));
  return g_strndup (out + strlen (prefix), len - strlen (prefix) - 2);
}

/* compares secrets without printing them when they differ */
static void
assert_same_secret (const gchar *got, const gchar *expected)
{
  g_assert_nonnull (got);
  if (strcmp (got, expected) != 0)
    g_test_fail_printf ("a decrypted value differs from what was stored (values withheld)");
}

static MfTbNss *
open_nss (const gchar *profile)
{
  g_autoptr(GError) error = NULL;
  MfTbNss *nss = mf_tb_nss_open (profile, &error);

  g_assert_no_error (error);
  g_assert_nonnull (nss);
  return nss;
}

static void
assert_can_encrypt (MfTbNss *nss)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = mf_tb_nss_can_encrypt (nss, &error);

  g_assert_no_error (error);
  g_assert_true (ok);
}

static JsonNode *
parse_bytes (GBytes *bytes)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  gsize len = 0;
  const gchar *data = g_bytes_get_data (bytes, &len);

  json_parser_load_from_data (parser, data, (gssize) len, &error);
  g_assert_no_error (error);
  return json_parser_steal_root (parser);
}

static JsonObject *
login_with_guid (JsonNode *root, const gchar *guid)
{
  JsonArray *logins = json_object_get_array_member (json_node_get_object (root), "logins");

  for (guint i = 0; i < json_array_get_length (logins); i++) {
    JsonObject *login = json_array_get_object_element (logins, i);
    if (g_strcmp0 (json_object_get_string_member_with_default (login, "guid", NULL), guid) == 0)
      return login;
  }
  return NULL;
}

static void
assert_same_value (JsonNode *a, JsonNode *b)
{
  g_autofree gchar *ta = json_to_string (a, FALSE);
  g_autofree gchar *tb = json_to_string (b, FALSE);

  g_assert_nonnull (a);
  g_assert_nonnull (b);
  g_assert_true (json_node_equal (a, b));
  g_assert_cmpstr (ta, ==, tb);
}

static void
test_new_file_round_trip (void)
{
  g_autoptr(TestDir) profile = NULL;
  g_autoptr(MfTbNss) nss = NULL;
  g_autoptr(GError) error = NULL;

  if (!have_nss_tools ())
    return;
  profile = make_profile ("tblogins-new", NULL);
  nss = open_nss (profile);
  assert_can_encrypt (nss);

  for (guint i = 0; passwords[i] != NULL; i++) {
    gint64 before = g_get_real_time () / 1000;
    g_autoptr(GBytes) json = mf_tb_logins_set (NULL, nss, IMAP_ORIGIN, USER, passwords[i], &error);
    g_autoptr(JsonNode) root = NULL;
    g_autofree gchar *by_tool = NULL;
    g_autofree gchar *user_by_tool = NULL;
    g_autoptr(MfTbSecret) by_us = NULL;
    JsonObject *top;
    JsonObject *login;
    const gchar *guid;

    g_assert_no_error (error);
    root = parse_bytes (json);
    top = json_node_get_object (root);
    g_assert_cmpint (json_object_get_int_member (top, "version"), ==, 3);
    g_assert_cmpint (json_object_get_int_member (top, "nextId"), ==, 2);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (top, "potentiallyVulnerablePasswords")), ==, 0);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (top, "logins")), ==, 1);
    login = json_array_get_object_element (json_object_get_array_member (top, "logins"), 0);

    /* as Thunderbird's mail code adds a login */
    g_assert_cmpint (json_object_get_int_member (login, "id"), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (login, "hostname"), ==, IMAP_ORIGIN);
    g_assert_cmpstr (json_object_get_string_member (login, "httpRealm"), ==, IMAP_ORIGIN);
    g_assert_true (json_object_get_null_member (login, "formSubmitURL"));
    g_assert_cmpstr (json_object_get_string_member (login, "usernameField"), ==, "");
    g_assert_cmpstr (json_object_get_string_member (login, "passwordField"), ==, "");
    g_assert_cmpint (json_object_get_int_member (login, "encType"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (login, "timesUsed"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (login, "timeCreated"), >=, before);
    g_assert_cmpint (json_object_get_int_member (login, "timeCreated"), <=, g_get_real_time () / 1000);
    g_assert_cmpint (json_object_get_int_member (login, "timeLastUsed"), ==,
                     json_object_get_int_member (login, "timeCreated"));
    g_assert_cmpint (json_object_get_int_member (login, "timePasswordChanged"), ==,
                     json_object_get_int_member (login, "timeCreated"));
    guid = json_object_get_string_member (login, "guid");
    g_assert_cmpuint (strlen (guid), ==, 38);
    g_assert_true (guid[0] == '{' && guid[37] == '}');

    /* an independent NSS program reads the very bytes back */
    by_tool = pwdecrypt (profile, json_object_get_string_member (login, "encryptedPassword"));
    assert_same_secret (by_tool, passwords[i]);
    user_by_tool = pwdecrypt (profile, json_object_get_string_member (login, "encryptedUsername"));
    g_assert_cmpstr (user_by_tool, ==, USER);
    by_us = mf_tb_nss_decrypt (nss, json_object_get_string_member (login, "encryptedPassword"), &error);
    g_assert_no_error (error);
    assert_same_secret (by_us, passwords[i]);
  }
}

/* a key4.db that does not exist yet is made by opening it, with the empty
 * password Thunderbird gives a new profile */
static void
test_fresh_key_database (void)
{
  g_autoptr(TestDir) profile = NULL;
  g_autofree gchar *key_db = NULL;
  g_autoptr(MfTbNss) nss = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree gchar *sealed = NULL;
  g_autofree gchar *by_tool = NULL;

  if (!have_nss_tools ())
    return;
  profile = mf_test_make_tempdir ("tblogins-fresh");
  key_db = g_build_filename (profile, "key4.db", NULL);
  nss = open_nss (profile);
  g_assert_true (g_file_test (key_db, G_FILE_TEST_IS_REGULAR));
  assert_can_encrypt (nss);
  sealed = mf_tb_nss_encrypt (nss, passwords[1], &error);
  g_assert_no_error (error);
  g_clear_pointer (&nss, mf_tb_nss_close);
  /* pwdecrypt is given no password: the database has none */
  by_tool = pwdecrypt (profile, sealed);
  assert_same_secret (by_tool, passwords[1]);
}

/* encrypted with mf_tb_nss_encrypt, for building a logins.json */
static gchar *
seal (MfTbNss *nss, const gchar *plain)
{
  g_autoptr(GError) error = NULL;
  gchar *b64 = mf_tb_nss_encrypt (nss, plain, &error);

  g_assert_no_error (error);
  return b64;
}

/* a logins.json as Thunderbird 153 writes it, with members it may not
 * know yet, a web login, an OAuth token, a second user on the same server,
 * the POP3 origin of the same host and a deleted login's tombstone */
static GBytes *
build_store (MfTbNss *nss)
{
  g_autofree gchar *web_user = seal (nss, "taro");
  g_autofree gchar *web_pw = seal (nss, "web-password");
  g_autofree gchar *oauth_user = seal (nss, USER);
  g_autofree gchar *oauth_token = seal (nss, "1//refresh-token");
  g_autofree gchar *imap_user = seal (nss, USER);
  g_autofree gchar *imap_pw = seal (nss, "old-imap-password");
  g_autofree gchar *other_user = seal (nss, "hanako@docomo.ne.jp");
  g_autofree gchar *other_pw = seal (nss, "hanako-password");
  g_autofree gchar *pop_pw = seal (nss, "old-pop-password");
  g_autofree gchar *vulnerable = seal (nss, "123456");
  gchar *text = g_strdup_printf (
    "{\"nextId\":9,\"logins\":["
    "{\"id\":1,\"hostname\":\"https://accounts.example.jp\",\"httpRealm\":null,"
    "\"formSubmitURL\":\"https://accounts.example.jp\",\"usernameField\":\"login\",\"passwordField\":\"pass\","
    "\"encryptedUsername\":\"%s\",\"encryptedPassword\":\"%s\",\"guid\":\"{0a7d06a0-29c3-4d35-9d1c-4b3a3c0f0001}\","
    "\"encType\":1,\"timeCreated\":1600000000000,\"timeLastUsed\":1700000000000,\"timePasswordChanged\":1600000000000,"
    "\"timesUsed\":12,\"timeLastBreachAlertDismissed\":1650000000000,\"syncCounter\":0,\"everSynced\":true,"
    "\"encryptedUnknownFields\":\"opaque+sync/data==\"},"
    "{\"id\":2,\"hostname\":\"oauth://accounts.google.com\",\"httpRealm\":\"https://mail.google.com/ https://www.googleapis.com/auth/carddav\","
    "\"formSubmitURL\":null,\"usernameField\":\"\",\"passwordField\":\"\",\"encryptedUsername\":\"%s\",\"encryptedPassword\":\"%s\","
    "\"guid\":\"{0a7d06a0-29c3-4d35-9d1c-4b3a3c0f0002}\",\"encType\":1,\"timeCreated\":1600000000001,\"timeLastUsed\":1600000000001,"
    "\"timePasswordChanged\":1600000000001,\"timesUsed\":1,\"syncCounter\":1,\"everSynced\":false,\"encryptedUnknownFields\":null},"
    "{\"id\":3,\"hostname\":\"" IMAP_ORIGIN "\",\"httpRealm\":\"" IMAP_ORIGIN "\",\"formSubmitURL\":null,"
    "\"usernameField\":\"\",\"passwordField\":\"\",\"encryptedUsername\":\"%s\",\"encryptedPassword\":\"%s\","
    "\"guid\":\"{0a7d06a0-29c3-4d35-9d1c-4b3a3c0f0003}\",\"encType\":1,\"timeCreated\":1500000000000,\"timeLastUsed\":1500000000000,"
    "\"timePasswordChanged\":1500000000000,\"timesUsed\":1,\"syncCounter\":2,\"everSynced\":false,\"encryptedUnknownFields\":null,"
    "\"futureField\":{\"nested\":[1,2.5,{\"x\":null}],\"s\":\"\\u00e9\\\"/\"}},"
    "{\"id\":4,\"hostname\":\"" IMAP_ORIGIN "\",\"httpRealm\":\"" IMAP_ORIGIN "\",\"formSubmitURL\":null,"
    "\"usernameField\":\"\",\"passwordField\":\"\",\"encryptedUsername\":\"%s\",\"encryptedPassword\":\"%s\","
    "\"guid\":\"{0a7d06a0-29c3-4d35-9d1c-4b3a3c0f0004}\",\"encType\":1,\"timeCreated\":1500000000000,\"timeLastUsed\":1500000000000,"
    "\"timePasswordChanged\":1500000000000,\"timesUsed\":3,\"syncCounter\":1,\"everSynced\":false,\"encryptedUnknownFields\":null},"
    "{\"id\":5,\"hostname\":\"mailbox://imap.spmode.ne.jp\",\"httpRealm\":\"mailbox://imap.spmode.ne.jp\",\"formSubmitURL\":null,"
    "\"usernameField\":\"\",\"passwordField\":\"\",\"encryptedUsername\":\"%s\",\"encryptedPassword\":\"%s\","
    "\"guid\":\"{0a7d06a0-29c3-4d35-9d1c-4b3a3c0f0005}\",\"encType\":1,\"timeCreated\":1400000000000,\"timeLastUsed\":1400000000000,"
    "\"timePasswordChanged\":1400000000000,\"timesUsed\":1,\"syncCounter\":1,\"everSynced\":false,\"encryptedUnknownFields\":null},"
    "{\"id\":6,\"guid\":\"{0a7d06a0-29c3-4d35-9d1c-4b3a3c0f0006}\",\"timePasswordChanged\":1300000000000,\"syncCounter\":1,"
    "\"everSynced\":true,\"deleted\":true}"
    "],\"potentiallyVulnerablePasswords\":[{\"encryptedPassword\":\"%s\"}],\"version\":3,"
    "\"sync\":{\"lastSync\":1700000000.25},\"futureTop\":[true,false,null,-1,\"\\u65e5\\u672c\"]}",
    web_user, web_pw, oauth_user, oauth_token, imap_user, imap_pw, other_user, other_pw, imap_user, pop_pw,
    vulnerable);

  return g_bytes_new_take (text, strlen (text));
}

#define GUID(n) "{0a7d06a0-29c3-4d35-9d1c-4b3a3c0f000" #n "}"

static void
test_replace_keeps_the_rest (void)
{
  g_autoptr(TestDir) profile = NULL;
  g_autoptr(MfTbNss) nss = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) old = NULL;
  g_autoptr(GBytes) new = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(MfTbSecret) plain = NULL;
  g_autofree gchar *by_tool = NULL;
  g_autoptr(GList) old_names = NULL;
  g_autoptr(GList) new_names = NULL;
  JsonObject *old_top, *new_top, *old_login, *new_login;
  GList *a, *b;
  gint64 start = g_get_real_time () / 1000;

  if (!have_nss_tools ())
    return;
  profile = make_profile ("tblogins-replace", NULL);
  nss = open_nss (profile);
  old = build_store (nss);
  new = mf_tb_logins_set (old, nss, IMAP_ORIGIN, USER, passwords[2], &error);
  g_assert_no_error (error);
  before = parse_bytes (old);
  after = parse_bytes (new);
  old_top = json_node_get_object (before);
  new_top = json_node_get_object (after);

  /* every top-level member, known or not, in the same order and with the same value */
  old_names = json_object_get_members (old_top);
  new_names = json_object_get_members (new_top);
  g_assert_cmpuint (g_list_length (old_names), ==, g_list_length (new_names));
  for (a = old_names, b = new_names; a != NULL; a = a->next, b = b->next) {
    g_assert_cmpstr (a->data, ==, b->data);
    if (strcmp (a->data, "logins") != 0)
      assert_same_value (json_object_get_member (old_top, a->data), json_object_get_member (new_top, a->data));
  }
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (new_top, "logins")), ==, 6);

  /* the other logins are untouched: web, OAuth, the other user, POP3, the tombstone */
  {
    static const gchar * const untouched[] = { GUID (1), GUID (2), GUID (4), GUID (5), GUID (6), NULL };
    for (guint i = 0; untouched[i] != NULL; i++) {
      old_login = login_with_guid (before, untouched[i]);
      new_login = login_with_guid (after, untouched[i]);
      g_assert_nonnull (new_login);
      {
        g_autoptr(JsonNode) on = json_node_init_object (json_node_alloc (), old_login);
        g_autoptr(JsonNode) nn = json_node_init_object (json_node_alloc (), new_login);
        assert_same_value (on, nn);
      }
    }
  }

  /* the account's login keeps everything but its password, the time it
   * changed and the sync counter */
  old_login = login_with_guid (before, GUID (3));
  new_login = login_with_guid (after, GUID (3));
  g_clear_pointer (&old_names, g_list_free);
  g_clear_pointer (&new_names, g_list_free);
  old_names = json_object_get_members (old_login);
  new_names = json_object_get_members (new_login);
  g_assert_cmpuint (g_list_length (old_names), ==, g_list_length (new_names));
  for (a = old_names, b = new_names; a != NULL; a = a->next, b = b->next) {
    g_assert_cmpstr (a->data, ==, b->data);
    if (strcmp (a->data, "encryptedPassword") != 0 && strcmp (a->data, "timePasswordChanged") != 0 &&
        strcmp (a->data, "syncCounter") != 0)
      assert_same_value (json_object_get_member (old_login, a->data), json_object_get_member (new_login, a->data));
  }
  g_assert_cmpint (json_object_get_int_member (new_login, "syncCounter"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (new_login, "timePasswordChanged"), >=, start);
  by_tool = pwdecrypt (profile, json_object_get_string_member (new_login, "encryptedPassword"));
  assert_same_secret (by_tool, passwords[2]);
  plain = mf_tb_nss_decrypt (nss, json_object_get_string_member (new_login, "encryptedPassword"), &error);
  g_assert_no_error (error);
  assert_same_secret (plain, passwords[2]);

  /* the same password again changes nothing */
  again = mf_tb_logins_set (new, nss, IMAP_ORIGIN, USER, passwords[2], &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (again, new));
  g_clear_pointer (&again, g_bytes_unref);

  /* an origin with no login for the user gets one, with the next id */
  again = mf_tb_logins_set (new, nss, SMTP_ORIGIN, USER, passwords[1], &error);
  g_assert_no_error (error);
  {
    g_autoptr(JsonNode) third = parse_bytes (again);
    JsonObject *top = json_node_get_object (third);
    JsonArray *logins = json_object_get_array_member (top, "logins");
    JsonObject *added = json_array_get_object_element (logins, json_array_get_length (logins) - 1);
    g_autofree gchar *smtp_pw = NULL;

    g_assert_cmpuint (json_array_get_length (logins), ==, 7);
    g_assert_cmpint (json_object_get_int_member (top, "nextId"), ==, 10);
    g_assert_cmpint (json_object_get_int_member (added, "id"), ==, 9);
    g_assert_cmpstr (json_object_get_string_member (added, "hostname"), ==, SMTP_ORIGIN);
    smtp_pw = pwdecrypt (profile, json_object_get_string_member (added, "encryptedPassword"));
    assert_same_secret (smtp_pw, passwords[1]);
  }
}

static guint
count_origin (GBytes *json, const gchar *origin)
{
  g_autoptr(JsonNode) root = parse_bytes (json);
  JsonArray *logins = json_object_get_array_member (json_node_get_object (root), "logins");
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (logins); i++) {
    JsonObject *login = json_array_get_object_element (logins, i);
    if (g_strcmp0 (json_object_get_string_member_with_default (login, "hostname", NULL), origin) == 0)
      n++;
  }
  return n;
}

static void
test_remove (void)
{
  g_autoptr(TestDir) profile = NULL;
  g_autoptr(MfTbNss) nss = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) old = NULL;
  g_autoptr(GBytes) one = NULL;
  g_autoptr(GBytes) all = NULL;
  g_autoptr(GBytes) none = NULL;
  g_autoptr(JsonNode) root = NULL;

  if (!have_nss_tools ())
    return;
  profile = make_profile ("tblogins-remove", NULL);
  nss = open_nss (profile);
  old = build_store (nss);

  /* one user's login only */
  one = mf_tb_logins_remove (old, nss, IMAP_ORIGIN, USER, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_origin (one, IMAP_ORIGIN), ==, 1);
  root = parse_bytes (one);
  g_assert_null (login_with_guid (root, GUID (3)));
  g_assert_nonnull (login_with_guid (root, GUID (4)));
  g_assert_nonnull (login_with_guid (root, GUID (5)));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (root), "logins")), ==, 5);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "nextId"), ==, 9);

  /* every login of the origin, with no key at all (a primary password) */
  all = mf_tb_logins_remove (old, NULL, IMAP_ORIGIN, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_origin (all, IMAP_ORIGIN), ==, 0);
  g_assert_cmpuint (count_origin (all, "mailbox://imap.spmode.ne.jp"), ==, 1);
  g_assert_cmpuint (count_origin (all, "https://accounts.example.jp"), ==, 1);

  /* nothing to remove: the very same bytes */
  none = mf_tb_logins_remove (old, nss, SMTP_ORIGIN, USER, &error);
  g_assert_no_error (error);
  g_assert_true (none == old);
}

static void
test_bad_files (void)
{
  static const gchar * const bad[] = { "", "not json", "[]", "{\"logins\":5}", "{\"logins\":{}}", NULL };
  g_autoptr(TestDir) profile = NULL;
  g_autoptr(MfTbNss) nss = NULL;

  if (!have_nss_tools ())
    return;
  profile = make_profile ("tblogins-bad", NULL);
  nss = open_nss (profile);
  for (guint i = 0; bad[i] != NULL; i++) {
    g_autoptr(GBytes) old = g_bytes_new_static (bad[i], strlen (bad[i]));
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) out = mf_tb_logins_set (old, nss, IMAP_ORIGIN, USER, SECRET_ASCII, &error);
    g_autoptr(GBytes) out2 = NULL;

    g_assert_null (out);
    g_assert_error (error, MF_ERROR, MF_ERROR_PARSE);
    g_assert_nonnull (strstr (error->message, profile));
    g_assert_null (strstr (error->message, SECRET_ASCII));
    g_clear_error (&error);
    out2 = mf_tb_logins_remove (old, nss, IMAP_ORIGIN, NULL, &error);
    g_assert_null (out2);
    g_assert_error (error, MF_ERROR, MF_ERROR_PARSE);
  }

  /* valid JSON, but with a number json-glib cannot keep as it is */
  {
    static const gchar huge[] = "{\"nextId\":2,\"logins\":[],\"future\":[1.5e300,-12,\"99999999999999999999\","
                                "18446744073709551616],\"version\":3}";
    g_autoptr(GBytes) old = g_bytes_new_static (huge, strlen (huge));
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) out = mf_tb_logins_set (old, nss, IMAP_ORIGIN, USER, SECRET_ASCII, &error);

    g_assert_null (out);
    g_assert_error (error, MF_ERROR, MF_ERROR_UNSUPPORTED);
    g_assert_nonnull (strstr (error->message, "18446744073709551616"));
  }

  /* values that are not base64, or not encrypted with this key */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(MfTbSecret) plain = mf_tb_nss_decrypt (nss, "not base64!", &error);

    g_assert_null (plain);
    g_assert_error (error, MF_ERROR, MF_ERROR_PARSE);
    g_clear_error (&error);
    plain = mf_tb_nss_decrypt (nss, "bWFpbGZpeA==", &error);
    g_assert_null (plain);
    g_assert_error (error, MF_ERROR, MF_ERROR_FAILED);
    g_assert_nonnull (strstr (error->message, mf_tb_nss_get_library (nss)));
  }
}

static void
test_primary_password (void)
{
  g_autoptr(TestDir) profile = NULL;
  g_autoptr(TestDir) plain_profile = NULL;
  g_autoptr(GHashTable) before = NULL;
  g_autoptr(GHashTable) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MfTbNss) nss = NULL;
  g_autoptr(MfTbNss) other = NULL;

  if (!have_nss_tools ())
    return;
  profile = make_profile ("tblogins-primary", SECRET_ASCII "-primary");
  before = mf_test_snapshot_tree (profile);
  nss = mf_tb_nss_open (profile, &error);
  g_assert_null (nss);
  g_assert_error (error, MF_ERROR, MF_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, profile));
  g_assert_nonnull (strstr (error->message, "primary password"));
  g_clear_error (&error);
  /* nothing else: the key database is as it was */
  after = mf_test_snapshot_tree (profile);
  mf_test_assert_same_tree (before, after);

  /* and NSS is free again for the next profile */
  plain_profile = make_profile ("tblogins-after-primary", NULL);
  other = open_nss (plain_profile);
  assert_can_encrypt (other);
}

static void
test_one_profile_at_a_time (void)
{
  g_autoptr(TestDir) first = NULL;
  g_autoptr(TestDir) second = NULL;
  g_autoptr(MfTbNss) nss = NULL;
  g_autoptr(MfTbNss) again = NULL;
  g_autoptr(GError) error = NULL;

  if (!have_nss_tools ())
    return;
  first = make_profile ("tblogins-first", NULL);
  second = make_profile ("tblogins-second", NULL);
  nss = open_nss (first);
  again = mf_tb_nss_open (second, &error);
  g_assert_null (again);
  g_assert_error (error, MF_ERROR, MF_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, first));
  g_clear_error (&error);
  g_clear_pointer (&nss, mf_tb_nss_close);
  again = open_nss (second);

  /* a profile directory that is not there */
  {
    g_autofree gchar *missing = g_build_filename (first, "no-such-profile", NULL);
    g_autoptr(MfTbNss) none = NULL;

    g_clear_pointer (&again, mf_tb_nss_close);
    none = mf_tb_nss_open (missing, &error);
    g_assert_null (none);
    g_assert_error (error, MF_ERROR, MF_ERROR_NOT_FOUND);
  }
}

/* the library the system's dynamic linker finds, as mailfix names it */
static gchar *
system_library (const gchar *profile)
{
  g_autofree gchar *empty = mf_test_make_tempdir ("tblogins-nolib");
  g_autoptr(MfTbNss) nss = NULL;
  gchar *path;

  g_setenv ("MAILFIX_NSS_DIR", empty, TRUE);
  nss = open_nss (profile);
  g_unsetenv ("MAILFIX_NSS_DIR");
  path = g_strdup (mf_tb_nss_get_library (nss));
  mf_test_rmtree (empty);
  return path;
}

static gboolean
thunderbird_installed (void)
{
  g_autoptr(GPtrArray) dirs = mf_tb_nss_candidate_dirs ("/nonexistent");

  for (guint i = 0; i < dirs->len; i++) {
    g_autofree gchar *lib = g_build_filename (g_ptr_array_index (dirs, i), "libnss3.so", NULL);
    if (g_file_test (lib, G_FILE_TEST_EXISTS))
      return TRUE;
  }
  return FALSE;
}

static void
test_nss_dir_fallback (void)
{
  g_autoptr(TestDir) profile = NULL;
  g_autofree gchar *empty = NULL;
  g_autofree gchar *broken = NULL;
  g_autofree gchar *linked = NULL;
  g_autofree gchar *fake = NULL;
  g_autofree gchar *link = NULL;
  g_autofree gchar *system = NULL;
  g_autoptr(GError) error = NULL;

  if (!have_nss_tools ())
    return;
  profile = make_profile ("tblogins-fallback", NULL);

  /* an empty MAILFIX_NSS_DIR: the next NSS found, the system's here */
  system = system_library (profile);
  empty = mf_test_make_tempdir ("tblogins-empty");
  g_assert_false (g_str_has_prefix (system, empty));
  if (!thunderbird_installed ()) {
    g_assert_true (g_path_is_absolute (system));
    g_assert_true (g_str_has_suffix (system, "/libnss3.so") || strstr (system, "/libnss3.so.") != NULL);
  }

  /* a directory whose libnss3.so cannot be loaded is passed over */
  broken = mf_test_make_tempdir ("tblogins-broken");
  fake = g_build_filename (broken, "libnss3.so", NULL);
  mf_test_write_file (fake, "not a shared object\n");
  g_setenv ("MAILFIX_NSS_DIR", broken, TRUE);
  {
    g_autoptr(MfTbNss) nss = open_nss (profile);
    g_assert_cmpstr (mf_tb_nss_get_library (nss), ==, system);
    assert_can_encrypt (nss);
  }

  /* a directory that holds an NSS is used before anything else */
  linked = mf_test_make_tempdir ("tblogins-linked");
  link = g_build_filename (linked, "libnss3.so", NULL);
  g_assert_cmpint (symlink (system, link), ==, 0);
  g_setenv ("MAILFIX_NSS_DIR", linked, TRUE);
  {
    g_autoptr(MfTbNss) nss = open_nss (profile);
    g_autofree gchar *sealed = NULL;
    g_autofree gchar *by_tool = NULL;

    g_assert_cmpstr (mf_tb_nss_get_library (nss), ==, link);
    sealed = mf_tb_nss_encrypt (nss, passwords[3], &error);
    g_assert_no_error (error);
    by_tool = pwdecrypt (profile, sealed);
    assert_same_secret (by_tool, passwords[3]);
  }
  g_unsetenv ("MAILFIX_NSS_DIR");
  mf_test_rmtree (empty);
  mf_test_rmtree (broken);
  mf_test_rmtree (linked);
}

static void
test_candidate_order (void)
{
  g_autofree gchar *profile = mf_test_make_tempdir ("tblogins-compat");
  g_autofree gchar *apps = mf_test_make_tempdir ("tblogins-apps");
  g_autofree gchar *ini = g_build_filename (profile, "compatibility.ini", NULL);
  g_autofree gchar *install = g_build_filename (apps, "thunderbird", NULL);
  g_autofree gchar *shared = g_build_filename (apps, "shared", NULL);
  g_autofree gchar *text = NULL;
  g_autoptr(GPtrArray) dirs = NULL;

  g_assert_cmpint (g_mkdir (install, 0755), ==, 0);
  g_assert_cmpint (g_mkdir (shared, 0755), ==, 0);
  /* anyone could have put a libnss3.so here: it is no hint to follow */
  g_assert_cmpint (g_chmod (shared, 0777), ==, 0);
  /* as Thunderbird writes it on every start */
  text = g_strdup_printf ("[Compatibility]\n"
                          "LastVersion=153.7.0_20261110162734/20261110162734\n"
                          "LastOSABI=Linux_x86_64-gcc3\n"
                          "LastPlatformDir=%s\n"
                          "LastAppDir=%s\n", install, shared);
  mf_test_write_file (ini, text);
  g_setenv ("MAILFIX_NSS_DIR", "/srv/nss", TRUE);
  dirs = mf_tb_nss_candidate_dirs (profile);
  g_unsetenv ("MAILFIX_NSS_DIR");
  g_assert_cmpuint (dirs->len, >=, 3);
  g_assert_cmpstr (g_ptr_array_index (dirs, 0), ==, "/srv/nss");
  g_assert_cmpstr (g_ptr_array_index (dirs, 1), ==, install);
  g_assert_cmpstr (g_ptr_array_index (dirs, 2), ==, "/usr/lib/thunderbird");
  for (guint i = 2; i < dirs->len; i++) {
    g_assert_cmpstr (g_ptr_array_index (dirs, i), !=, install);
    g_assert_cmpstr (g_ptr_array_index (dirs, i), !=, shared);
  }
  /* nor is a directory that does not exist, or one of another user */
  g_clear_pointer (&dirs, g_ptr_array_unref);
  g_assert_cmpint (g_chmod (shared, 0755), ==, 0);
  if (geteuid () == 0)
    g_assert_cmpint (chown (shared, 4242, 4242), ==, 0);
  g_clear_pointer (&text, g_free);
  text = g_strdup_printf ("[Compatibility]\nLastPlatformDir=/nonexistent/thunderbird\nLastAppDir=%s\n", shared);
  mf_test_write_file (ini, text);
  dirs = mf_tb_nss_candidate_dirs (profile);
  g_assert_cmpstr (g_ptr_array_index (dirs, 0), ==, geteuid () == 0 ? "/usr/lib/thunderbird" : shared);
  mf_test_rmtree (profile);
  mf_test_rmtree (apps);
}

/* the round trip again in a child, whose whole output is searched for the
 * passwords it handled */
static void
test_no_secret_in_output (void)
{
  if (!have_nss_tools ())
    return;
  if (g_test_subprocess ()) {
    g_test_message ("storing %u passwords", (guint) (G_N_ELEMENTS (passwords) - 1));
    test_new_file_round_trip ();
    test_bad_files ();
    return;
  }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDIN);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout_unmatched ("*" SECRET_ASCII "*");
  g_test_trap_assert_stderr_unmatched ("*" SECRET_ASCII "*");
  g_test_trap_assert_stdout_unmatched ("*" SECRET_JAPANESE "*");
  g_test_trap_assert_stderr_unmatched ("*" SECRET_JAPANESE "*");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/tb-logins/new-file-round-trip", test_new_file_round_trip);
  g_test_add_func ("/tb-logins/fresh-key-database", test_fresh_key_database);
  g_test_add_func ("/tb-logins/replace-keeps-the-rest", test_replace_keeps_the_rest);
  g_test_add_func ("/tb-logins/remove", test_remove);
  g_test_add_func ("/tb-logins/bad-files", test_bad_files);
  g_test_add_func ("/tb-logins/primary-password", test_primary_password);
  g_test_add_func ("/tb-logins/one-profile-at-a-time", test_one_profile_at_a_time);
  g_test_add_func ("/tb-logins/nss-dir-fallback", test_nss_dir_fallback);
  g_test_add_func ("/tb-logins/candidate-order", test_candidate_order);
  g_test_add_func ("/tb-logins/no-secret-in-output", test_no_secret_in_output);
  return g_test_run ();
}
