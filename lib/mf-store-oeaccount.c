/* mf-store-oeaccount.c: Windows Mail and Windows Live Mail account files
 * (*.oeaccount), met on Linux on a mounted Windows disk or copied off a PC.
 * The trap: SMTP_Use_Sicily=2 is real SMTP AUTH with the incoming login;
 * only 0 sends without signing in. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "mf-atomic-file.h"
#include "mf-confine.h"
#include "mf-error.h"
#include "mf-oe-account.h"
#include "mf-private.h"
#include "mf-store-oeaccount.h"

/* an account file is a few KB */
#define MF_OE_MAX_FILE_SIZE (1024 * 1024)

struct _MfStoreOeaccount {
  MfStore parent_instance;
};

G_DEFINE_FINAL_TYPE (MfStoreOeaccount, mf_store_oeaccount, MF_TYPE_STORE)

typedef struct {
  gchar *path;
  GBytes *bytes;
} OeFile;

static void
oe_file_free (OeFile *file)
{
  g_free (file->path);
  g_bytes_unref (file->bytes);
  g_free (file);
}

/* every *.oeaccount below the store root, as the programs look for them */
static void
collect (const gchar *dir, guint depth, GPtrArray *paths)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const gchar *name;

  while (d != NULL && depth < 4 && (name = g_dir_read_name (d)) != NULL) {
    g_autofree gchar *path = g_build_filename (dir, name, NULL);
    if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
      continue;
    if (g_file_test (path, G_FILE_TEST_IS_DIR))
      collect (path, depth + 1, paths);
    else if (g_str_has_suffix (name, ".oeaccount"))
      g_ptr_array_add (paths, g_steal_pointer (&path));
  }
}

static gboolean
has_accounts (const gchar *dir)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  collect (dir, 0, paths);
  return paths->len > 0;
}

static void
mf_store_oeaccount_discover (MfStore *store, const gchar *home, GPtrArray *profiles, GPtrArray *problems)
{
  /* a Windows user folder given as the home */
  static const struct { const gchar *rel; const gchar *name; } places[] = {
    { "AppData/Local/Microsoft/Windows Live Mail", "Windows Live Mail" },
    { "AppData/Local/Microsoft/Windows Mail", "Windows Mail" },
    { "Local Settings/Application Data/Microsoft/Windows Mail", "Windows Mail" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (places); i++) {
    g_autofree gchar *dir = g_build_filename (home, places[i].rel, NULL);
    g_autofree gchar *real = NULL;
    MfProfile *profile;

    if (!g_file_test (dir, G_FILE_TEST_IS_DIR) || !has_accounts (dir))
      continue;
    real = mf_confine_resolve (dir);
    profile = mf_profile_new ("oeaccount", real, places[i].name);
    mf_profile_set_home (profile, home);
    g_ptr_array_add (profiles, profile);
  }
}

static MfProfile *
mf_store_oeaccount_open (MfStore *store, const gchar *path, GError **error)
{
  g_autofree gchar *real = NULL;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR) || !has_accounts (path)) {
    g_set_error (error, MF_ERROR, MF_ERROR_NOT_FOUND,
                 _("%s is not a Windows Mail folder: it holds no .oeaccount files"), path);
    return NULL;
  }
  real = mf_confine_resolve (path);
  return mf_profile_new ("oeaccount", real, "Windows Mail");
}

static guint32
dword (MfOeAccount *oe, const gchar *name, guint32 fallback)
{
  guint32 value = fallback;
  mf_oe_account_get_dword (oe, name, &value);
  return value;
}

static MfServer *
read_incoming (MfOeAccount *oe, const gchar *prefix, MfProtocol protocol)
{
  g_autofree gchar *k_server = g_strconcat (prefix, "_Server", NULL);
  g_autofree gchar *k_user = g_strconcat (prefix, "_User_Name", NULL);
  g_autofree gchar *k_port = g_strconcat (prefix, "_Port", NULL);
  g_autofree gchar *k_secure = g_strconcat (prefix, "_Secure_Connection", NULL);
  g_autofree gchar *k_sicily = g_strconcat (prefix, "_Use_Sicily", NULL);
  g_autofree gchar *host = mf_oe_account_get (oe, k_server);
  g_autofree gchar *user = mf_oe_account_get (oe, k_user);
  MfServer *server = mf_server_new (protocol);
  gboolean tls = dword (oe, k_secure, 0) != 0;

  mf_server_set_host (server, host);
  mf_server_set_username (server, user);
  mf_server_set_security (server, tls ? MF_SECURITY_TLS : MF_SECURITY_NONE);
  mf_server_set_port (server, (guint16) dword (oe, k_port, mf_protocol_default_port (protocol, MF_SECURITY_NONE)));
  mf_server_set_auth (server, dword (oe, k_sicily, 0) != 0 ? MF_AUTH_NTLM : MF_AUTH_PASSWORD);
  return server;
}

static MfServer *
read_outgoing (MfOeAccount *oe, MfServer *incoming)
{
  g_autofree gchar *host = mf_oe_account_get (oe, "SMTP_Server");
  g_autofree gchar *user = mf_oe_account_get (oe, "SMTP_User_Name");
  MfServer *server;
  guint32 port, sicily;

  if (host == NULL || host[0] == '\0')
    return NULL;
  server = mf_server_new (MF_PROTOCOL_SMTP);
  port = dword (oe, "SMTP_Port", 25);
  sicily = dword (oe, "SMTP_Use_Sicily", 0);
  mf_server_set_host (server, host);
  mf_server_set_port (server, (guint16) port);
  /* "requires a secure connection": implicit TLS on 465, STARTTLS elsewhere */
  if (dword (oe, "SMTP_Secure_Connection", 0) != 0)
    mf_server_set_security (server, port == 465 ? MF_SECURITY_TLS : MF_SECURITY_STARTTLS);
  mf_oe_set_smtp_auth (server, sicily, user, incoming);
  return server;
}

static gboolean
mf_store_oeaccount_load (MfStore *store, MfProfile *profile, GPtrArray *accounts, GError **error)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *files = g_ptr_array_new_with_free_func ((GDestroyNotify) oe_file_free);

  mf_profile_set_store_data (profile, files, (GDestroyNotify) g_ptr_array_unref);
  collect (mf_profile_get_path (profile), 0, paths);
  g_ptr_array_sort (paths, (GCompareFunc) g_strcmp0);
  for (guint i = 0; i < paths->len; i++) {
    const gchar *path = g_ptr_array_index (paths, i);
    GBytes *bytes = mf_atomic_file_read (path, MF_OE_MAX_FILE_SIZE, NULL, error);
    g_autoptr(MfOeAccount) oe = NULL;
    g_autoptr(MfServer) incoming = NULL;
    g_autoptr(MfServer) outgoing = NULL;
    g_autoptr(MfAccount) account = NULL;
    g_autoptr(MfIdentity) identity = NULL;
    g_autofree gchar *base = NULL;
    g_autofree gchar *id = NULL;
    g_autofree gchar *name = NULL;
    g_autofree gchar *address = NULL;
    g_autofree gchar *display = NULL;
    g_autofree gchar *imap = NULL;
    g_autofree gchar *pop = NULL;
    OeFile *file;

    if (bytes == NULL)
      return FALSE;
    oe = mf_oe_account_parse (bytes, path, error);
    if (oe == NULL) {
      g_bytes_unref (bytes);
      return FALSE;
    }
    file = g_new0 (OeFile, 1);
    file->path = g_strdup (path);
    file->bytes = bytes;
    g_ptr_array_add (files, file);

    imap = mf_oe_account_get (oe, "IMAP_Server");
    pop = mf_oe_account_get (oe, "POP3_Server");
    if (imap != NULL)
      incoming = read_incoming (oe, "IMAP", MF_PROTOCOL_IMAP);
    else if (pop != NULL)
      incoming = read_incoming (oe, "POP3", MF_PROTOCOL_POP3);
    else
      continue;   /* news and directory accounts */
    base = g_path_get_basename (path);
    id = g_strdup_printf ("oeaccount:%s", base);
    account = mf_account_new (id, profile);
    mf_account_set_store_key (account, "file", path);
    name = mf_oe_account_get (oe, "Account_Name");
    mf_account_set_name (account, name != NULL ? name : base);
    address = mf_oe_account_get (oe, "SMTP_Email_Address");
    display = mf_oe_account_get (oe, "SMTP_Display_Name");
    identity = mf_identity_new (display, address);
    mf_account_add_identity (account, identity);
    mf_account_set_incoming (account, incoming);
    outgoing = read_outgoing (oe, incoming);
    mf_account_set_outgoing (account, outgoing);
    /* a POP3 account left out of Send/Receive only keeps its mail */
    if (pop != NULL && dword (oe, "POP3_Skip_Account", 0) != 0)
      mf_account_set_kind (account, MF_ACCOUNT_KIND_ARCHIVE);
    else if (mf_server_get_auth (incoming) == MF_AUTH_NTLM)
      mf_account_set_kind (account, MF_ACCOUNT_KIND_OTHER);
    else
      mf_account_set_kind (account, MF_ACCOUNT_KIND_MAIL);
    g_ptr_array_add (accounts, g_object_ref (account));
  }
  return TRUE;
}

static OeFile *
file_for (MfProfile *profile, const gchar *path)
{
  GPtrArray *files = mf_profile_get_store_data (profile);

  for (guint i = 0; files != NULL && i < files->len; i++) {
    OeFile *file = g_ptr_array_index (files, i);
    if (g_strcmp0 (file->path, path) == 0)
      return file;
  }
  return NULL;
}

static void
edit (MfPlan *plan, const gchar *account_id, const gchar *path, const gchar *key,
      const gchar *old_value, const gchar *new_value)
{
  g_autoptr(MfEdit) e = NULL;

  if (g_strcmp0 (old_value, new_value) == 0)
    return;
  e = mf_edit_new (account_id, path, key, old_value, new_value);
  mf_plan_add_edit (plan, e);
}

static void
set_dword (MfOeAccount *oe, MfPlan *plan, const gchar *id, const gchar *path, const gchar *key, guint32 value)
{
  g_autofree gchar *old_value = mf_oe_account_get (oe, key);
  g_autofree gchar *new_value = g_strdup_printf ("%08x", value);
  guint32 old_num = 0;

  if (old_value != NULL && mf_oe_account_get_dword (oe, key, &old_num) && old_num == value)
    return;
  mf_oe_account_set_dword (oe, key, value);
  edit (plan, id, path, key, old_value, new_value);
}

static void
set_sz (MfOeAccount *oe, MfPlan *plan, const gchar *id, const gchar *path, const gchar *key, const gchar *value)
{
  g_autofree gchar *old_value = mf_oe_account_get (oe, key);

  if (g_strcmp0 (old_value, value) == 0)
    return;
  mf_oe_account_set_sz (oe, key, value);
  edit (plan, id, path, key, old_value, value);
}

/* stored passwords are DPAPI-encrypted on the Windows machine and cannot be
 * written from Linux: the stale one goes, and the program asks once */
static void
drop_password (MfOeAccount *oe, MfPlan *plan, const gchar *id, const gchar *path, const gchar *key)
{
  g_autofree gchar *old_value = mf_oe_account_get (oe, key);

  if (old_value != NULL && mf_oe_account_remove (oe, key))
    edit (plan, id, path, key, _("(encrypted password)"), NULL);
}

static void
plan_outgoing (MfOeAccount *oe, MfPlan *plan, const gchar *id, const gchar *path, MfServer *target)
{
  set_sz (oe, plan, id, path, "SMTP_Server", mf_server_get_host (target));
  set_dword (oe, plan, id, path, "SMTP_Port", mf_server_get_port (target));
  set_dword (oe, plan, id, path, "SMTP_Secure_Connection", mf_server_get_security (target) != MF_SECURITY_NONE);
  if (mf_server_get_username (target) != NULL) {
    /* 3: SMTP AUTH with its own user name, which may differ from the incoming one */
    set_dword (oe, plan, id, path, "SMTP_Use_Sicily", 3);
    set_sz (oe, plan, id, path, "SMTP_User_Name", mf_server_get_username (target));
  } else {
    set_dword (oe, plan, id, path, "SMTP_Use_Sicily", 2);
  }
  drop_password (oe, plan, id, path, "SMTP_Password2");
}

static void
plan_incoming (MfOeAccount *oe, MfPlan *plan, const gchar *id, const gchar *path, MfServer *target)
{
  const gchar *prefix = mf_server_get_protocol (target) == MF_PROTOCOL_IMAP ? "IMAP" : "POP3";
  g_autofree gchar *k_server = g_strconcat (prefix, "_Server", NULL);
  g_autofree gchar *k_user = g_strconcat (prefix, "_User_Name", NULL);
  g_autofree gchar *k_port = g_strconcat (prefix, "_Port", NULL);
  g_autofree gchar *k_secure = g_strconcat (prefix, "_Secure_Connection", NULL);
  g_autofree gchar *k_password = g_strconcat (prefix, "_Password2", NULL);

  set_sz (oe, plan, id, path, k_server, mf_server_get_host (target));
  set_dword (oe, plan, id, path, k_port, mf_server_get_port (target));
  set_dword (oe, plan, id, path, k_secure, mf_server_get_security (target) != MF_SECURITY_NONE);
  if (mf_server_get_username (target) != NULL)
    set_sz (oe, plan, id, path, k_user, mf_server_get_username (target));
  drop_password (oe, plan, id, path, k_password);
}

/* the programs cannot turn a POP3 account into IMAP: a new account file
 * in the store root (the documented drop-in) adds the IMAP account, and the
 * POP3 one leaves Send/Receive with all its mail */
static GBytes *
new_imap_account (MfAccount *account, MfRemedy *remedy, MfPlan *plan, const gchar *path, gboolean utf16,
                  GError **error)
{
  g_autoptr(MfOeAccount) oe = mf_oe_account_new (utf16);
  const gchar *id = mf_account_get_id (account);
  g_autofree gchar *name = g_strdup_printf (_("%s (IMAP)"), mf_account_get_name (account));
  MfIdentity *identity = g_ptr_array_index (mf_account_get_identities (account), 0);

  set_sz (oe, plan, id, path, "Account_Name", name);
  plan_incoming (oe, plan, id, path, mf_remedy_get_incoming (remedy));
  if (mf_identity_get_name (identity) != NULL)
    set_sz (oe, plan, id, path, "SMTP_Display_Name", mf_identity_get_name (identity));
  if (mf_identity_get_address (identity) != NULL)
    set_sz (oe, plan, id, path, "SMTP_Email_Address", mf_identity_get_address (identity));
  plan_outgoing (oe, plan, id, path, mf_remedy_get_outgoing (remedy) != NULL ? mf_remedy_get_outgoing (remedy)
                                                                             : mf_account_get_outgoing (account));
  return mf_oe_account_to_bytes (oe, error);
}

static gboolean
mf_store_oeaccount_plan (MfStore *store, MfProfile *profile, GPtrArray *remedies, MfPlan *plan, GError **error)
{
  for (guint i = 0; i < remedies->len; i++) {
    MfRemedy *remedy = g_ptr_array_index (remedies, i);
    MfAccount *account = mf_remedy_get_account (remedy);
    const gchar *path = mf_account_get_store_key (account, "file");
    const gchar *id = mf_account_get_id (account);
    OeFile *file = file_for (profile, path);
    g_autoptr(MfOeAccount) oe = NULL;
    g_autoptr(GBytes) new_bytes = NULL;
    g_autoptr(MfPlanFile) change = NULL;
    gsize before = mf_plan_get_edits (plan)->len;

    if (file == NULL)
      continue;
    oe = mf_oe_account_parse (file->bytes, path, error);
    if (oe == NULL)
      return FALSE;
    if (mf_remedy_get_converts_to_imap (remedy)) {
      g_autofree gchar *base = g_path_get_basename (path);
      g_autofree gchar *stem = g_strndup (base, strlen (base) - strlen (".oeaccount"));
      g_autofree gchar *new_path = g_strdup_printf ("%s/%s-imap.oeaccount", mf_profile_get_path (profile), stem);
      /* the new file in the encoding of the old one */
      g_autoptr(GBytes) imap = new_imap_account (account, remedy, plan, new_path,
                                                 mf_oe_account_is_utf16 (oe), error);
      g_autoptr(MfPlanFile) added = NULL;
      if (imap == NULL)
        return FALSE;
      added = mf_plan_file_new (profile, new_path, NULL, imap);
      mf_plan_add_file (plan, added);
      set_dword (oe, plan, id, path, "POP3_Skip_Account", 1);
    } else {
      if (mf_remedy_get_incoming (remedy) != NULL)
        plan_incoming (oe, plan, id, path, mf_remedy_get_incoming (remedy));
      if (mf_remedy_get_outgoing (remedy) != NULL)
        plan_outgoing (oe, plan, id, path, mf_remedy_get_outgoing (remedy));
    }
    if (mf_plan_get_edits (plan)->len == before)
      continue;
    mf_remedy_add_note (remedy, _("Windows Mail keeps passwords encrypted for the Windows user; the old one is removed, so the program asks for the new one at its next start"));
    new_bytes = mf_oe_account_to_bytes (oe, error);
    if (new_bytes == NULL)
      return FALSE;
    change = mf_plan_file_new (profile, path, file->bytes, new_bytes);
    mf_plan_add_file (plan, change);
  }
  return TRUE;
}

/* after writing: the accounts whose stored password went */
static void
mf_store_oeaccount_confirm (MfStore *store, MfProfile *profile, MfPlan *plan, GPtrArray *notes)
{
  mf_store_note_removed_passwords (plan, profile, notes);
}

/* the new password cannot be stored (see drop_password): the old one goes */
static GPtrArray *
mf_store_oeaccount_password_files (MfStore *store, MfAccount *account, MfProvider *provider, const gchar *password,
                                   GPtrArray *notes, GError **error)
{
  MfProfile *profile = mf_account_get_profile (account);
  const gchar *path = mf_account_get_store_key (account, "file");
  const gchar *id = mf_account_get_id (account);
  OeFile *file = file_for (profile, path);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(MfPlan) scratch = mf_plan_new ();
  g_autoptr(MfOeAccount) oe = NULL;
  g_autoptr(GBytes) new_bytes = NULL;
  const gchar *incoming = mf_server_get_protocol (mf_account_get_incoming (account)) == MF_PROTOCOL_IMAP
                              ? "IMAP_Password2" : "POP3_Password2";

  if (file == NULL) {
    g_set_error (error, MF_ERROR, MF_ERROR_NOT_FOUND, _("%s is no longer there"), path);
    return NULL;
  }
  oe = mf_oe_account_parse (file->bytes, path, error);
  if (oe == NULL)
    return NULL;
  drop_password (oe, scratch, id, path, incoming);
  drop_password (oe, scratch, id, path, "SMTP_Password2");
  if (mf_plan_get_edits (scratch)->len == 0) {
    g_ptr_array_add (notes, g_strdup_printf (_("%s: no password is stored for this account; the program asks for "
                                               "the new app password at its next start"), id));
    return g_steal_pointer (&files);
  }
  new_bytes = mf_oe_account_to_bytes (oe, error);
  if (new_bytes == NULL)
    return NULL;
  g_ptr_array_add (files, mf_plan_file_new (profile, path, file->bytes, new_bytes));
  g_ptr_array_add (notes, mf_store_password_removed_note (id));
  return g_steal_pointer (&files);
}

/* the program runs on Windows, not here: files on a mounted disk or a copy */
static gpointer
mf_store_oeaccount_lock (MfStore *store, MfProfile *profile, GError **error)
{
  return g_new0 (gint, 1);
}

static void
mf_store_oeaccount_unlock (MfStore *store, gpointer lock)
{
  g_free (lock);
}

static void
mf_store_oeaccount_class_init (MfStoreOeaccountClass *klass)
{
  MfStoreClass *store_class = MF_STORE_CLASS (klass);

  store_class->discover = mf_store_oeaccount_discover;
  store_class->open = mf_store_oeaccount_open;
  store_class->load = mf_store_oeaccount_load;
  store_class->plan = mf_store_oeaccount_plan;
  store_class->lock = mf_store_oeaccount_lock;
  store_class->unlock = mf_store_oeaccount_unlock;
  store_class->password_files = mf_store_oeaccount_password_files;
  store_class->confirm = mf_store_oeaccount_confirm;
  store_class->passwords_out_of_reach = TRUE;
}

static void
mf_store_oeaccount_init (MfStoreOeaccount *self)
{
}

MfStore *
mf_store_oeaccount_new (void)
{
  return g_object_new (MF_TYPE_STORE_OEACCOUNT, "name", "oeaccount", NULL);
}
