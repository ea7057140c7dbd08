/* test-outlook.c: Outlook and Outlook Express accounts in registry exports
 * (.reg), offline hives (NTUSER.DAT) and Outlook profile files (.prf):
 * scanned, planned, applied and rolled back, and every file mailfix writes
 * read back by a reader that is not mailfix's own */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "mailfix.h"
#include "mf-reg.h"
#include "mf-test-hive.h"
#include "mf-test-utils.h"

static MfProviderDb *db;

static MfSession *
scan_paths (const gchar *first, ...)
{
  g_autoptr(GError) error = NULL;
  MfSession *session = mf_session_new ();
  va_list ap;

  mf_session_set_provider_db (session, db);
  va_start (ap, first);
  for (const gchar *p = first; p != NULL; p = va_arg (ap, const gchar *))
    mf_session_add_profile_path (session, p);
  va_end (ap);
  g_assert_true (mf_session_scan (session, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (mf_session_get_problems (session)->len, ==, 0);
  return session;
}

static MfAccount *
account (MfSession *session, const gchar *id)
{
  MfAccount *a = mf_session_find_account (session, id);
  if (a == NULL)
    g_error ("no account %s", id);
  return a;
}

static gboolean
has (MfSession *session, MfAccount *a, MfFindingCode code)
{
  return mf_diagnosis_has_finding (mf_session_get_diagnosis (session, a), code);
}

static gchar *
copy_fixture (const gchar *name, const gchar *dir)
{
  g_autofree gchar *src = mf_test_srcpath ("fixtures", "outlook", name, NULL);
  g_autofree gchar *data = NULL;
  gchar *dest = g_build_filename (dir, name, NULL);
  gsize len = 0;

  g_assert_true (g_file_get_contents (src, &data, &len, NULL));
  g_assert_true (g_file_set_contents (dest, data, (gssize) len, NULL));
  return dest;
}

static void
assert_value (GKeyFile *file, const gchar *group, const gchar *key, const gchar *expected)
{
  g_autofree gchar *value = g_key_file_get_value (file, group, key, NULL);
  g_assert_cmpstr (value, ==, expected);
}

/* the end of every cycle: a second run finds nothing more to do, and the
 * rollback puts back every byte (backups, if kept beside the files, are
 * taken out of the comparison) */
static void
assert_done_and_undone (MfSession *again, GPtrArray *ids, const gchar *tree, GHashTable *before,
                        const gchar *backups)
{
  g_autoptr(MfPlan) replan = NULL;
  g_autoptr(GHashTable) after = NULL;
  g_autoptr(GError) error = NULL;

  replan = mf_session_plan (again, NULL, MF_PLAN_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_true (mf_plan_is_empty (replan));
  mf_session_rollback (again, g_ptr_array_index (ids, 0), FALSE, &error);
  g_assert_no_error (error);
  if (backups != NULL) {
    g_assert_true (g_file_test (backups, G_FILE_TEST_IS_DIR));
    mf_test_rmtree (backups);
  }
  after = mf_test_snapshot_tree (tree);
  mf_test_assert_same_tree (before, after);
}

#define O16 "outlook:outlook2016.reg:outlook16:Outlook:"
#define O16_KEY "\\Software\\Microsoft\\Office\\16.0\\Outlook\\Profiles\\Outlook\\9375CFF0413111d3B88A00104B2A6676\\"

static void
test_outlook_mapping (void)
{
  g_autofree gchar *dir = mf_test_make_tempdir ("outlook");
  g_autofree gchar *reg = copy_fixture ("outlook2016.reg", dir);
  g_autoptr(MfSession) session = scan_paths (reg, NULL);
  MfAccount *dti, *example, *ok;

  /* the address book entry is not a mail account */
  g_assert_cmpuint (mf_session_get_accounts (session)->len, ==, 4);
  /* "log on to incoming mail server before sending": POP-before-SMTP */
  dti = account (session, O16 "00000002");
  g_assert_cmpstr (mf_account_get_address (dti), ==, "taro@dream.jp");
  g_assert_cmpstr (mf_identity_get_name (g_ptr_array_index (mf_account_get_identities (dti), 0)), ==, "山田 太郎");
  g_assert_cmpint (mf_server_get_auth (mf_account_get_outgoing (dti)), ==, MF_AUTH_NONE);
  g_assert_cmpuint (mf_server_get_port (mf_account_get_outgoing (dti)), ==, 25);
  g_assert_true (has (session, dti, MF_FINDING_POP_BEFORE_SMTP));
  /* SMTP AUTH with the incoming login (method 0) on 587 with STARTTLS */
  ok = account (session, O16 "00000004");
  g_assert_cmpint (mf_server_get_auth (mf_account_get_outgoing (ok)), ==, MF_AUTH_PASSWORD);
  g_assert_cmpstr (mf_server_get_username (mf_account_get_outgoing (ok)), ==, "taro@example.org");
  g_assert_cmpint (mf_server_get_security (mf_account_get_outgoing (ok)), ==, MF_SECURITY_STARTTLS);
  g_assert_cmpint (mf_server_get_security (mf_account_get_incoming (ok)), ==, MF_SECURITY_TLS);
  g_assert_cmpuint (mf_diagnosis_get_findings (mf_session_get_diagnosis (session, ok))->len, ==, 0);
  /* POP3 at a provider that offers IMAP */
  example = account (session, O16 "00000003");
  g_assert_true (has (session, example, MF_FINDING_POP3_WHERE_IMAP));
  g_assert_false (has (session, example, MF_FINDING_POP_BEFORE_SMTP));
  mf_test_rmtree (dir);
}

static void
test_outlook_apply_rollback (void)
{
  g_autofree gchar *dir = mf_test_make_tempdir ("outlook");
  g_autofree gchar *reg = copy_fixture ("outlook2016.reg", dir);
  g_autofree gchar *original = mf_test_srcpath ("fixtures", "outlook", "outlook2016.reg", NULL);
  g_autofree gchar *patch = g_build_filename (dir, "outlook2016-mailfix.reg", NULL);
  g_autofree gchar *prf_path = g_build_filename (dir, "outlook2016-mailfix-imap-Outlook.prf", NULL);
  g_autoptr(GHashTable) before = mf_test_snapshot_tree (dir);
  g_autoptr(MfSession) session = scan_paths (reg, NULL);
  g_autoptr(MfSession) again = NULL;
  g_autoptr(MfPlan) plan = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(GKeyFile) prf = NULL;
  g_autofree gchar *diff = NULL;
  g_autofree gchar *notes = NULL;
  GPtrArray *remedies;
  GString *all_notes = g_string_new (NULL);

  plan = mf_session_plan (session, NULL, MF_PLAN_FLAGS_NONE, &error);
  g_assert_no_error (error);
  /* the plan says where the changes go, how to import them, and that the
   * encrypted password goes */
  remedies = mf_plan_get_remedies (plan);
  for (guint i = 0; i < remedies->len; i++) {
    GPtrArray *n = mf_remedy_get_notes (g_ptr_array_index (remedies, i));
    for (guint j = 0; j < n->len; j++)
      g_string_append_printf (all_notes, "%s\n", (const gchar *) g_ptr_array_index (n, j));
  }
  notes = g_string_free (all_notes, FALSE);
  g_assert_nonnull (strstr (notes, "reg import outlook2016-mailfix.reg"));
  g_assert_nonnull (strstr (notes, "outlook.exe /importprf outlook2016-mailfix-imap-Outlook.prf"));
  g_assert_nonnull (strstr (notes, "asks for the new app password"));
  /* the diff of a UTF-16 file is shown as text */
  diff = mf_plan_to_diff (plan);
  g_assert_nonnull (strstr (diff, "+\"SMTP Port\"=dword:0000024b"));

  g_assert_true (mf_session_apply (session, plan, ids, &error));
  g_assert_no_error (error);
  /* the export itself is what the user gave us: never changed */
  g_assert_true (mf_test_files_equal (reg, original));
  g_assert_true (g_file_test (patch, G_FILE_TEST_EXISTS));

  prf = mf_test_load_prf (prf_path);
  assert_value (prf, "General", "OverwriteProfile", "Append");
  assert_value (prf, "General", "ProfileName", "Outlook");
  assert_value (prf, "Internet Account List", "Account1", "IMAP_I_Mail");
  assert_value (prf, "Account1", "IMAPServer", "imap.example.jp");
  assert_value (prf, "Account1", "IMAPPort", "993");
  assert_value (prf, "Account1", "IMAPUseSSL", "1");
  assert_value (prf, "Account1", "EmailAddress", "jiro@example.jp");
  assert_value (prf, "Account1", "SMTPPort", "587");
  assert_value (prf, "Account1", "SMTPSecureConnection", "2");
  assert_value (prf, "IMAP_I_Mail", "AccountType", "IMAP");
  assert_value (prf, "IMAP_I_Mail", "IMAPServer", "PT_UNICODE,0x0100");

  /* the patch, merged into a hive by hivexregedit */
  if (mf_test_have_hivex_tools ()) {
    /* regedit creates the keys above; hivexregedit wants them there */
    const MfTestHiveEntry base[] = { { O16_KEY + 1, NULL, 0 } };
    g_autofree gchar *hive = mf_test_merge_patch (patch, dir, base, G_N_ELEMENTS (base));
    mf_test_assert_hivexget (hive, O16_KEY "00000002", "SMTP Port", "587");
    /* SMTP AUTH with the incoming login instead of POP-before-SMTP */
    mf_test_assert_hivexget (hive, O16_KEY "00000002", "SMTP Auth Method", "0");
    mf_test_assert_hivexget (hive, O16_KEY "00000005", "IMAP Port", "993");
    /* the stale encrypted password is removed, not merely left alone */
    mf_test_assert_hivexget (hive, O16_KEY "00000005", "IMAP Password", NULL);
    g_unlink (hive);
  }

  /* the export with its patch and PRF: nothing more to do */
  again = scan_paths (reg, NULL);
  g_assert_cmpint (mf_account_get_kind (account (again, O16 "00000003")), ==, MF_ACCOUNT_KIND_ARCHIVE);
  g_assert_cmpuint (mf_server_get_port (mf_account_get_outgoing (account (again, O16 "00000002"))), ==, 587);
  g_assert_false (has (again, account (again, O16 "00000002"), MF_FINDING_POP_BEFORE_SMTP));
  assert_done_and_undone (again, ids, dir, before, NULL);
  mf_test_rmtree (dir);
}

#define OE "outlook:oe6.reg:oe:{5A1C2D3E-4F50-4A6B-9C7D-8E9FA0B1C2D3}:"

static void
test_oe_mapping (void)
{
  g_autofree gchar *dir = mf_test_make_tempdir ("outlook");
  g_autofree gchar *reg = copy_fixture ("oe6.reg", dir);
  g_autoptr(MfSession) session = scan_paths (reg, NULL);
  MfAccount *dti, *ok;

  /* the news account is not mail */
  g_assert_cmpuint (mf_session_get_accounts (session)->len, ==, 2);
  /* SMTP Use Sicily 0 on 25: sending without signing in */
  dti = account (session, OE "00000001");
  g_assert_cmpstr (mf_identity_get_name (g_ptr_array_index (mf_account_get_identities (dti), 0)), ==, "山田太郎");
  g_assert_cmpint (mf_server_get_auth (mf_account_get_outgoing (dti)), ==, MF_AUTH_NONE);
  g_assert_cmpuint (mf_server_get_port (mf_account_get_outgoing (dti)), ==, 25);
  g_assert_true (has (session, dti, MF_FINDING_POP_BEFORE_SMTP));
  /* 2 is SMTP AUTH with the incoming login: nothing wrong */
  ok = account (session, OE "00000002");
  g_assert_cmpint (mf_server_get_auth (mf_account_get_outgoing (ok)), ==, MF_AUTH_PASSWORD);
  g_assert_cmpint (mf_server_get_security (mf_account_get_outgoing (ok)), ==, MF_SECURITY_STARTTLS);
  g_assert_false (has (session, ok, MF_FINDING_POP_BEFORE_SMTP));
  g_assert_cmpuint (mf_diagnosis_get_findings (mf_session_get_diagnosis (session, ok))->len, ==, 0);
  mf_test_rmtree (dir);
}

/* the REGEDIT4 export in the Japanese code page: its patch is still the
 * version-5 UTF-16 file regedit imports, and lands where it should */
static void
test_oe_apply_rollback (void)
{
  g_autofree gchar *dir = mf_test_make_tempdir ("outlook");
  g_autofree gchar *reg = copy_fixture ("oe6.reg", dir);
  g_autofree gchar *patch = g_build_filename (dir, "oe6-mailfix.reg", NULL);
  g_autoptr(GHashTable) before = mf_test_snapshot_tree (dir);
  g_autoptr(MfSession) session = scan_paths (reg, NULL);
  g_autoptr(MfSession) again = NULL;
  g_autoptr(MfPlan) plan = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  MfAccount *dti;

  plan = mf_session_plan (session, NULL, MF_PLAN_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_true (mf_session_apply (session, plan, ids, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (patch, G_FILE_TEST_EXISTS));
  if (mf_test_have_hivex_tools ()) {
    static const MfTestHiveEntry base[] = {
      { "Identities\\{5A1C2D3E-4F50-4A6B-9C7D-8E9FA0B1C2D3}\\Software\\Microsoft\\Internet Account Manager\\Accounts\\00000001",
        "SMTP Port", MF_REG_DWORD, .dword = 25 },
      { "Identities\\{5A1C2D3E-4F50-4A6B-9C7D-8E9FA0B1C2D3}\\Software\\Microsoft\\Internet Account Manager\\Accounts\\00000001",
        "SMTP Password2", MF_REG_BINARY, .hex = "01 02" },
    };
    const gchar *key = "\\Identities\\{5A1C2D3E-4F50-4A6B-9C7D-8E9FA0B1C2D3}\\Software\\Microsoft\\"
                       "Internet Account Manager\\Accounts\\00000001";
    g_autofree gchar *hive = mf_test_merge_patch (patch, dir, base, G_N_ELEMENTS (base));
    mf_test_assert_hivexget (hive, key, "SMTP Port", "587");
    mf_test_assert_hivexget (hive, key, "SMTP Use Sicily", "2");
    g_unlink (hive);
  }
  again = scan_paths (reg, NULL);
  dti = account (again, OE "00000001");
  g_assert_cmpint (mf_server_get_auth (mf_account_get_outgoing (dti)), ==, MF_AUTH_PASSWORD);
  g_assert_cmpuint (mf_server_get_port (mf_account_get_outgoing (dti)), ==, 587);
  assert_done_and_undone (again, ids, dir, before, NULL);
  mf_test_rmtree (dir);
}

static void
test_prf_apply_rollback (void)
{
  g_autofree gchar *dir = mf_test_make_tempdir ("outlook");
  g_autofree gchar *prf_path = copy_fixture ("deploy.prf", dir);
  g_autoptr(GHashTable) before = mf_test_snapshot_tree (dir);
  g_autoptr(MfSession) session = scan_paths (prf_path, NULL);
  g_autoptr(MfSession) again = NULL;
  g_autoptr(MfPlan) plan = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(GKeyFile) prf = NULL;
  MfAccount *dti = account (session, "outlook:deploy.prf:Account1");

  g_assert_true (has (session, dti, MF_FINDING_POP_BEFORE_SMTP));
  plan = mf_session_plan (session, NULL, MF_PLAN_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_true (mf_session_apply (session, plan, ids, &error));
  g_assert_no_error (error);

  prf = mf_test_load_prf (prf_path);
  assert_value (prf, "Account1", "SMTPPort", "587");
  assert_value (prf, "Account1", "SMTPAuthMethod", "0");
  assert_value (prf, "Account1", "SMTPSecureConnection", "2");
  /* the rest of the file as the ISP wrote it */
  assert_value (prf, "Account1", "LeaveOnServer", "0x20007");
  assert_value (prf, "I_Mail", "SMTPAuthMethod", "PT_LONG,0x0208");

  again = scan_paths (prf_path, NULL);
  assert_done_and_undone (again, ids, dir, before, NULL);
  mf_test_rmtree (dir);
}

/* one Windows user's registry as a hive: an Outlook 2016 account with
 * "log on to incoming before sending" and an Outlook Express one sending
 * without signing in on 25 */
#define HKEY "Software\\Microsoft\\Office\\16.0\\Outlook\\Profiles\\Outlook\\9375CFF0413111d3B88A00104B2A6676\\00000002"
#define OEKEY "Identities\\{0E1D2C3B-0000-4A6B-9C7D-8E9FA0B1C2D3}\\Software\\Microsoft\\Internet Account Manager\\Accounts\\00000001"
#define OTHER "Software\\Vendor\\Tool"

static const MfTestHiveEntry user_hive[] = {
  { OTHER, "Setting", MF_REG_SZ, .text = "kept as it is" },
  { HKEY, "Account Name", MF_REG_BINARY, .text = "DTI" },
  { HKEY, "Email", MF_REG_BINARY, .text = "taro@dream.jp" },
  { HKEY, "Display Name", MF_REG_BINARY, .text = "山田 太郎" },
  { HKEY, "POP3 Server", MF_REG_BINARY, .text = "pop.dream.jp" },
  { HKEY, "POP3 User", MF_REG_BINARY, .text = "taro" },
  { HKEY, "POP3 Password", MF_REG_BINARY, .hex = "02 01 00 00 00 d0 8c 9d df 01" },
  { HKEY, "SMTP Server", MF_REG_BINARY, .text = "smtp.dream.jp" },
  { HKEY, "SMTP Use Auth", MF_REG_DWORD, .dword = 1 },
  { HKEY, "SMTP Auth Method", MF_REG_DWORD, .dword = 2 },
  { OEKEY, "Account Name", MF_REG_SZ, .text = "DTI (Outlook Express)" },
  { OEKEY, "POP3 Server", MF_REG_SZ, .text = "pop.dream.jp" },
  { OEKEY, "POP3 User Name", MF_REG_SZ, .text = "taro" },
  { OEKEY, "SMTP Server", MF_REG_SZ, .text = "smtp.dream.jp" },
  { OEKEY, "SMTP Email Address", MF_REG_SZ, .text = "taro@dream.jp" },
  { OEKEY, "SMTP Port", MF_REG_DWORD, .dword = 25 },
  { OEKEY, "SMTP Use Sicily", MF_REG_DWORD, .dword = 0 },
  { OEKEY, "SMTP Password2", MF_REG_BINARY, .hex = "01 02 03 04" },
};

#define HIVE_O16 "outlook:NTUSER.DAT:outlook16:Outlook:00000002"
#define HIVE_OE "outlook:NTUSER.DAT:oe:{0E1D2C3B-0000-4A6B-9C7D-8E9FA0B1C2D3}:00000001"

/* a mounted Windows disk: two users, and the folders Windows keeps */
static gchar *
make_windows_disk (gboolean dirty)
{
  g_autoptr(GError) error = NULL;
  gchar *root = mf_test_make_tempdir ("windows");
  g_autofree gchar *taro = g_build_filename (root, "Users", "taro", NULL);
  g_autofree gchar *hive = g_build_filename (taro, "NTUSER.DAT", NULL);
  g_autofree gchar *hanako = g_build_filename (root, "Users", "hanako", "Documents", NULL);
  g_autofree gchar *public_hive = g_build_filename (root, "Users", "Public", "NTUSER.DAT", NULL);
  g_autofree gchar *public_dir = g_path_get_dirname (public_hive);

  g_assert_cmpint (g_mkdir_with_parents (taro, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (hanako, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (public_dir, 0700), ==, 0);
  g_assert_true (mf_test_hive_build (hive, user_hive, G_N_ELEMENTS (user_hive), &error));
  g_assert_no_error (error);
  /* the same accounts in a folder Windows keeps for itself: never read */
  g_assert_true (mf_test_hive_build (public_hive, user_hive, G_N_ELEMENTS (user_hive), &error));
  if (dirty)
    g_assert_true (mf_test_hive_set_dirty (hive, &error));
  g_assert_no_error (error);
  return root;
}

static MfSession *
scan_windows (const gchar *root)
{
  g_autoptr(GError) error = NULL;
  MfSession *session = mf_session_new ();

  mf_session_set_provider_db (session, db);
  g_assert_true (mf_session_add_windows_root (session, root, &error));
  g_assert_no_error (error);
  g_assert_true (mf_session_scan (session, &error));
  g_assert_no_error (error);
  if (mf_session_get_problems (session)->len > 0)
    g_error ("%s", ((GError *) g_ptr_array_index (mf_session_get_problems (session), 0))->message);
  return session;
}

static gchar *
notes_of (MfPlan *plan)
{
  GString *all = g_string_new (NULL);
  GPtrArray *remedies = mf_plan_get_remedies (plan);

  for (guint i = 0; i < remedies->len; i++) {
    GPtrArray *n = mf_remedy_get_notes (g_ptr_array_index (remedies, i));
    for (guint j = 0; j < n->len; j++)
      g_string_append_printf (all, "%s\n", (const gchar *) g_ptr_array_index (n, j));
  }
  return g_string_free (all, FALSE);
}

static void
test_hive_clean (void)
{
  g_autofree gchar *root = make_windows_disk (FALSE);
  g_autofree gchar *users = g_build_filename (root, "Users", NULL);
  g_autofree gchar *taro_backups = g_build_filename (users, "taro", ".local", NULL);
  g_autofree gchar *hive = g_build_filename (root, "Users", "taro", "NTUSER.DAT", NULL);
  g_autoptr(GHashTable) before = mf_test_snapshot_tree (users);
  g_autoptr(MfSession) session = scan_windows (root);
  g_autoptr(MfSession) again = NULL;
  g_autoptr(MfPlan) plan = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree gchar *diff = NULL;
  MfAccount *o16, *oe;

  /* only taro's: Public is Windows' own, hanako has no mail program */
  g_assert_cmpuint (mf_session_get_accounts (session)->len, ==, 2);
  o16 = account (session, HIVE_O16);
  oe = account (session, HIVE_OE);
  g_assert_true (has (session, o16, MF_FINDING_POP_BEFORE_SMTP));
  g_assert_true (has (session, oe, MF_FINDING_POP_BEFORE_SMTP));
  g_assert_true (has (session, oe, MF_FINDING_SMTP_PORT_25));

  plan = mf_session_plan (session, NULL, MF_PLAN_FLAGS_NONE, &error);
  g_assert_no_error (error);
  /* the hive is binary: the plan shows the change as a .reg file */
  diff = mf_plan_to_diff (plan);
  g_assert_nonnull (strstr (diff, "NTUSER.DAT"));
  g_assert_nonnull (strstr (diff, "\"SMTP Auth Method\"=dword:00000000"));
  g_assert_nonnull (strstr (diff, "\"SMTP Use Sicily\"=dword:00000002"));
  g_assert_true (mf_session_apply (session, plan, ids, &error));
  g_assert_no_error (error);
  /* changed in place: no patch beside it */
  {
    g_autofree gchar *patch = g_build_filename (root, "Users", "taro", "NTUSER-mailfix.reg", NULL);
    g_assert_false (g_file_test (patch, G_FILE_TEST_EXISTS));
  }
  if (mf_test_have_hivex_tools ()) {
    mf_test_assert_hivexget (hive, "\\" HKEY, "SMTP Auth Method", "0");
    mf_test_assert_hivexget (hive, "\\" OEKEY, "SMTP Password2", NULL);
    mf_test_assert_hivexget (hive, "\\" OEKEY, "SMTP Use Sicily", "2");
    mf_test_assert_hivexget (hive, "\\" OTHER, "Setting", "kept as it is");
  }

  again = scan_windows (root);
  g_assert_cmpint (mf_server_get_auth (mf_account_get_outgoing (account (again, HIVE_OE))), ==, MF_AUTH_PASSWORD);
  /* the backups stay on the Windows disk, with the files they restore */
  assert_done_and_undone (again, ids, users, before, taro_backups);
  mf_test_rmtree (root);
}

static void
test_hive_dirty (void)
{
  g_autofree gchar *root = make_windows_disk (TRUE);
  g_autofree gchar *users = g_build_filename (root, "Users", NULL);
  g_autofree gchar *taro_backups = g_build_filename (users, "taro", ".local", NULL);
  g_autofree gchar *hive = g_build_filename (root, "Users", "taro", "NTUSER.DAT", NULL);
  g_autofree gchar *patch = g_build_filename (root, "Users", "taro", "NTUSER-mailfix.reg", NULL);
  g_autofree gchar *hive_before = NULL;
  g_autofree gchar *hive_after = NULL;
  g_autofree gchar *notes = NULL;
  g_autoptr(GHashTable) before = mf_test_snapshot_tree (users);
  g_autoptr(GHashTable) after = NULL;
  g_autoptr(MfSession) session = scan_windows (root);
  g_autoptr(MfSession) again = NULL;
  g_autoptr(MfPlan) plan = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  gsize len_before = 0, len_after = 0;

  hive_before = mf_test_read_file (hive, &len_before);
  plan = mf_session_plan (session, NULL, MF_PLAN_FLAGS_NONE, &error);
  g_assert_no_error (error);
  notes = notes_of (plan);
  /* says why the hive is left alone, and what to do with the patch */
  if (strstr (notes, "did not close this registry hive cleanly (its sequence numbers are ") == NULL)
    g_error ("notes: %s", notes);
  g_assert_nonnull (strstr (notes, "reg import NTUSER-mailfix.reg"));
  g_assert_true (mf_session_apply (session, plan, ids, &error));
  g_assert_no_error (error);
  hive_after = mf_test_read_file (hive, &len_after);
  g_assert_cmpmem (hive_before, len_before, hive_after, len_after);
  g_assert_true (g_file_test (patch, G_FILE_TEST_EXISTS));

  /* the patch lands where regedit would put it */
  if (mf_test_have_hivex_tools ()) {
    g_autofree gchar *copy = mf_test_merge_patch (patch, root, user_hive, G_N_ELEMENTS (user_hive));
    mf_test_assert_hivexget (copy, "\\" OEKEY, "SMTP Port", "587");
    mf_test_assert_hivexget (copy, "\\" HKEY, "SMTP Auth Method", "0");
    mf_test_assert_hivexget (copy, "\\" OEKEY, "SMTP Password2", NULL);
    g_unlink (copy);
  }

  /* the patch waiting for import counts as done */
  again = scan_windows (root);
  /* the backups stay on the Windows disk, with the files they restore */
  assert_done_and_undone (again, ids, users, before, taro_backups);
  mf_test_rmtree (root);
}

static void
test_windows_root_refused (void)
{
  g_autofree gchar *dir = mf_test_make_tempdir ("windows");
  g_autoptr(MfSession) session = mf_session_new ();
  g_autoptr(GError) error = NULL;

  g_assert_false (mf_session_add_windows_root (session, dir, &error));
  g_assert_error (error, MF_ERROR, MF_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "Windows"));
  mf_test_rmtree (dir);
}

/* Outlook Express keeps accounts side by side: a POP3 account of a
 * provider with IMAP gets an IMAP account next to it and leaves Send/Receive */
static void
test_oe_pop_to_imap (void)
{
  static const MfTestHiveEntry entries[] = {
    { "Identities", "Default User ID", MF_REG_SZ, .text = "{11111111-2222-3333-4444-555555555555}" },
    { "Identities\\{11111111-2222-3333-4444-555555555555}\\Software\\Microsoft\\Internet Account Manager\\Accounts\\00000001",
      "Account Name", MF_REG_SZ, .text = "Example" },
    { "Identities\\{11111111-2222-3333-4444-555555555555}\\Software\\Microsoft\\Internet Account Manager\\Accounts\\00000001",
      "POP3 Server", MF_REG_SZ, .text = "pop.example.jp" },
    { "Identities\\{11111111-2222-3333-4444-555555555555}\\Software\\Microsoft\\Internet Account Manager\\Accounts\\00000001",
      "POP3 User Name", MF_REG_SZ, .text = "jiro@example.jp" },
    { "Identities\\{11111111-2222-3333-4444-555555555555}\\Software\\Microsoft\\Internet Account Manager\\Accounts\\00000001",
      "SMTP Server", MF_REG_SZ, .text = "smtp.example.jp" },
    { "Identities\\{11111111-2222-3333-4444-555555555555}\\Software\\Microsoft\\Internet Account Manager\\Accounts\\00000001",
      "SMTP Email Address", MF_REG_SZ, .text = "jiro@example.jp" },
    { "Identities\\{11111111-2222-3333-4444-555555555555}\\Software\\Microsoft\\Internet Account Manager\\Accounts\\00000001",
      "SMTP Use Sicily", MF_REG_DWORD, .dword = 2 },
    { "Identities\\{11111111-2222-3333-4444-555555555555}\\Software\\Microsoft\\Internet Account Manager\\Accounts\\00000003",
      "Account Name", MF_REG_SZ, .text = "Microsoft Communities" },
    { "Identities\\{11111111-2222-3333-4444-555555555555}\\Software\\Microsoft\\Internet Account Manager\\Accounts\\00000003",
      "NNTP Server", MF_REG_SZ, .text = "msnews.microsoft.com" },
    /* Outlook 2002-2010 keep their profiles under Windows Messaging Subsystem */
    { "Software\\Microsoft\\Windows NT\\CurrentVersion\\Windows Messaging Subsystem\\Profiles\\Default\\"
      "9375CFF0413111d3B88A00104B2A6676\\00000001", "IMAP Server", MF_REG_BINARY, .text = "imap.example.org" },
    { "Software\\Microsoft\\Windows NT\\CurrentVersion\\Windows Messaging Subsystem\\Profiles\\Default\\"
      "9375CFF0413111d3B88A00104B2A6676\\00000001", "Email", MF_REG_BINARY, .text = "taro@example.org" },
    /* and Outlook 2013 under Office 15.0 */
    { "Software\\Microsoft\\Office\\15.0\\Outlook\\Profiles\\Outlook\\9375CFF0413111d3B88A00104B2A6676\\00000003",
      "POP3 Server", MF_REG_BINARY, .text = "pop.dream.jp" },
  };
  g_autoptr(GError) error = NULL;
  g_autofree gchar *root = mf_test_make_tempdir ("windows");
  g_autofree gchar *user = g_build_filename (root, "Users", "jiro", NULL);
  g_autofree gchar *hive = g_build_filename (user, "NTUSER.DAT", NULL);
  g_autoptr(MfSession) session = NULL;
  g_autoptr(MfSession) again = NULL;
  g_autoptr(MfPlan) plan = NULL;
  g_autoptr(MfPlan) replan = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  const gchar *oe = "outlook:NTUSER.DAT:oe:{11111111-2222-3333-4444-555555555555}:";
  g_autofree gchar *pop_id = g_strconcat (oe, "00000001", NULL);
  g_autofree gchar *imap_id = g_strconcat (oe, "00000004", NULL);
  MfAccount *imap;

  g_assert_cmpint (g_mkdir_with_parents (user, 0700), ==, 0);
  g_assert_true (mf_test_hive_build (hive, entries, G_N_ELEMENTS (entries), &error));
  g_assert_no_error (error);
  session = scan_windows (root);
  /* the news account is not mail; every Outlook generation is read */
  g_assert_cmpuint (mf_session_get_accounts (session)->len, ==, 3);
  account (session, "outlook:NTUSER.DAT:outlook:Default:00000001");
  account (session, "outlook:NTUSER.DAT:outlook15:Outlook:00000003");
  g_assert_true (has (session, account (session, pop_id), MF_FINDING_POP3_WHERE_IMAP));

  plan = mf_session_plan (session, (const gchar *[]) { pop_id, NULL }, MF_PLAN_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_true (mf_session_apply (session, plan, ids, &error));
  g_assert_no_error (error);

  again = scan_windows (root);
  g_assert_cmpint (mf_account_get_kind (account (again, pop_id)), ==, MF_ACCOUNT_KIND_ARCHIVE);
  imap = account (again, imap_id);
  g_assert_cmpint (mf_server_get_protocol (mf_account_get_incoming (imap)), ==, MF_PROTOCOL_IMAP);
  g_assert_cmpuint (mf_server_get_port (mf_account_get_incoming (imap)), ==, 993);
  g_assert_cmpint (mf_server_get_security (mf_account_get_incoming (imap)), ==, MF_SECURITY_TLS);
  g_assert_cmpstr (mf_account_get_address (imap), ==, "jiro@example.jp");
  replan = mf_session_plan (again, (const gchar *[]) { pop_id, imap_id, NULL }, MF_PLAN_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_true (mf_plan_is_empty (replan));
  mf_test_rmtree (root);
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  db = mf_test_provider_db ();
  g_test_add_func ("/outlook/export/mapping", test_outlook_mapping);
  g_test_add_func ("/outlook/export/apply-rollback", test_outlook_apply_rollback);
  g_test_add_func ("/outlook/oe/mapping", test_oe_mapping);
  g_test_add_func ("/outlook/oe/apply-rollback", test_oe_apply_rollback);
  g_test_add_func ("/outlook/prf/apply-rollback", test_prf_apply_rollback);
  g_test_add_func ("/outlook/hive/clean", test_hive_clean);
  g_test_add_func ("/outlook/hive/oe-pop-to-imap", test_oe_pop_to_imap);
  g_test_add_func ("/outlook/hive/dirty", test_hive_dirty);
  g_test_add_func ("/outlook/windows-root/refused", test_windows_root_refused);
  status = g_test_run ();
  g_object_unref (db);
  return status;
}
