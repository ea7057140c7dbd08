/* mf-store-outlook.c: Outlook and Outlook Express accounts as a helpdesk
 * meets them on Linux: a user's registry hive (NTUSER.DAT) on a mounted
 * Windows disk, a registry export (.reg), or an Outlook profile file
 * (.prf). Nothing here can reach the running Windows registry, so changes
 * go into the hive itself when Windows closed it cleanly, and otherwise
 * into a .reg patch the helpdesk imports on the Windows machine. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mf-atomic-file.h"
#include "mf-confine.h"
#include "mf-error.h"
#include "mf-hive.h"
#include "mf-outlook-prf.h"
#include "mf-outlook-registry.h"
#include "mf-plan-private.h"
#include "mf-private.h"
#include "mf-reg-file.h"
#include "mf-store-outlook.h"

/* a registry export or a PRF is small; a hive is read by hivex itself */
#define MF_OUTLOOK_MAX_TEXT (16 * 1024 * 1024)
#define MF_OUTLOOK_MAX_HIVE (512 * 1024 * 1024)

struct _MfStoreOutlook {
  MfStore parent_instance;
};

G_DEFINE_FINAL_TYPE (MfStoreOutlook, mf_store_outlook, MF_TYPE_STORE)

typedef enum { KIND_HIVE, KIND_REG, KIND_PRF } Kind;

/* the keys that hold mail accounts; the rest of a hive is never read */
static const gchar *const hive_subtrees[] = {
  "Identities",
  "Software\\Microsoft\\Internet Account Manager",
  "Software\\Microsoft\\Office\\Outlook\\OMI Account Manager",
  "Software\\Microsoft\\Windows NT\\CurrentVersion\\Windows Messaging Subsystem\\Profiles",
  "Software\\Microsoft\\Office\\15.0\\Outlook\\Profiles",
  "Software\\Microsoft\\Office\\16.0\\Outlook\\Profiles",
  NULL
};

/* a PRF mailfix wrote earlier to add IMAP accounts to an Outlook profile */
typedef struct {
  gchar *path;
  GBytes *bytes;
  MfPrf *prf;
} MadePrf;

typedef struct {
  Kind kind;
  gchar *path;
  GBytes *bytes;            /* the file as read */
  MfRegKey *tree;           /* hive or export, with the pending patch */
  gchar *patch_path;        /* the .reg patch mailfix writes next to it */
  GBytes *patch_bytes;      /* that patch as it is now; NULL if none yet */
  gboolean clean;           /* hive: Windows closed it cleanly */
  guint32 sequence1, sequence2;
  gchar *prf_base;          /* PRFs for new IMAP accounts: prf_base-PROFILE.prf */
  GPtrArray *made_prfs;     /* MadePrf */
  MfPrf *prf;               /* KIND_PRF: the file itself */
} Source;

static void
made_prf_free (MadePrf *made)
{
  g_free (made->path);
  g_bytes_unref (made->bytes);
  mf_prf_free (made->prf);
  g_free (made);
}

static void
source_free (Source *src)
{
  g_free (src->path);
  g_clear_pointer (&src->bytes, g_bytes_unref);
  mf_reg_key_free (src->tree);
  g_free (src->patch_path);
  g_clear_pointer (&src->patch_bytes, g_bytes_unref);
  g_free (src->prf_base);
  g_clear_pointer (&src->made_prfs, g_ptr_array_unref);
  g_clear_pointer (&src->prf, mf_prf_free);
  g_free (src);
}

/* only a regular file counts: a fifo or a device planted under a
 * registry file's name must not hang or feed the scan */
static gboolean
starts_with (const gchar *path, const gchar *magic, gsize len)
{
  gchar head[8] = { 0 };
  g_auto(MfFd) fd = mf_confine_open (path, O_RDONLY | O_NOFOLLOW | O_NOCTTY | O_NONBLOCK, 0);
  struct stat st;
  gssize n;

  g_return_val_if_fail (len <= sizeof head, FALSE);
  if (fd < 0 || fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    return FALSE;
  do
    n = read (fd, head, len);
  while (n < 0 && errno == EINTR);
  return n == (gssize) len && memcmp (head, magic, len) == 0;
}

static gboolean
kind_of (const gchar *path, Kind *kind)
{
  g_autofree gchar *lower = g_ascii_strdown (path, -1);

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return FALSE;
  if (starts_with (path, "regf", 4))
    *kind = KIND_HIVE;
  else if (g_str_has_suffix (lower, ".reg"))
    *kind = KIND_REG;
  else if (g_str_has_suffix (lower, ".prf"))
    *kind = KIND_PRF;
  else
    return FALSE;
  return TRUE;
}

static const gchar *
kind_label (Kind kind)
{
  switch (kind) {
  case KIND_HIVE:
    return "Windows registry (NTUSER.DAT)";
  case KIND_REG:
    return "Registry export";
  default:
    return "Outlook profile file";
  }
}

/* the user's registry in a Windows user folder given as a home */
static void
mf_store_outlook_discover (MfStore *store, const gchar *home, GPtrArray *profiles, GPtrArray *problems)
{
  g_autofree gchar *hive = g_build_filename (home, "NTUSER.DAT", NULL);
  g_autofree gchar *real = NULL;
  MfProfile *profile;

  if (!g_file_test (hive, G_FILE_TEST_IS_REGULAR) || !starts_with (hive, "regf", 4))
    return;
  real = mf_confine_resolve (hive);
  profile = mf_profile_new ("outlook", real, kind_label (KIND_HIVE));
  mf_profile_set_home (profile, home);
  g_ptr_array_add (profiles, profile);
}

static MfProfile *
mf_store_outlook_open (MfStore *store, const gchar *path, GError **error)
{
  g_autofree gchar *hive = NULL;
  g_autofree gchar *real = NULL;
  Kind kind;

  if (g_file_test (path, G_FILE_TEST_IS_DIR)) {
    hive = g_build_filename (path, "NTUSER.DAT", NULL);
    path = hive;
  }
  if (!kind_of (path, &kind)) {
    g_set_error (error, MF_ERROR, MF_ERROR_NOT_FOUND,
                 _("%s is not an Outlook store: neither a registry hive, a .reg export nor a .prf file"), path);
    return NULL;
  }
  real = mf_confine_resolve (path);
  return mf_profile_new ("outlook", real, kind_label (kind));
}

/* NTUSER.DAT -> DIR/NTUSER-mailfix, export.reg -> DIR/export-mailfix */
static gchar *
sibling_base (const gchar *path)
{
  g_autofree gchar *dir = g_path_get_dirname (path);
  g_autofree gchar *base = g_path_get_basename (path);
  gchar *dot = strrchr (base, '.');

  if (dot != NULL && dot != base)
    *dot = '\0';
  return g_strdup_printf ("%s/%s-mailfix", dir, base);
}

static GBytes *
read_if_there (const gchar *path, GError **error)
{
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return NULL;
  return mf_atomic_file_read (path, MF_OUTLOOK_MAX_TEXT, NULL, error);
}

/* the PRFs mailfix wrote next to the source, oldest name first */
static gboolean
load_made_prfs (Source *src, GError **error)
{
  g_autofree gchar *dir = g_path_get_dirname (src->prf_base);
  g_autofree gchar *stem = g_path_get_basename (src->prf_base);
  g_autofree gchar *prefix = g_strconcat (stem, "-", NULL);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const gchar *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    if (g_str_has_prefix (name, prefix) && g_str_has_suffix (name, ".prf"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  for (guint i = 0; i < names->len; i++) {
    g_autofree gchar *path = g_build_filename (dir, g_ptr_array_index (names, i), NULL);
    GBytes *bytes = mf_atomic_file_read (path, MF_OUTLOOK_MAX_TEXT, NULL, error);
    MfPrf *prf;
    MadePrf *made;

    if (bytes == NULL)
      return FALSE;
    prf = mf_prf_parse (bytes, path, error);
    if (prf == NULL) {
      g_bytes_unref (bytes);
      return FALSE;
    }
    made = g_new0 (MadePrf, 1);
    made->path = g_steal_pointer (&path);
    made->bytes = bytes;
    made->prf = prf;
    g_ptr_array_add (src->made_prfs, made);
  }
  return TRUE;
}

static gchar *
id_prefix (const gchar *path)
{
  g_autofree gchar *base = g_path_get_basename (path);
  return g_strdup_printf ("outlook:%s", base);
}

static gboolean
load_registry (Source *src, MfProfile *profile, GPtrArray *accounts, GError **error)
{
  g_autofree gchar *base = sibling_base (src->path);
  g_autofree gchar *prefix = id_prefix (src->path);
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) added = g_ptr_array_new_with_free_func (g_object_unref);

  if (src->kind == KIND_HIVE) {
    g_autoptr(GError) error_local = NULL;
    src->clean = mf_hive_is_clean (src->path, &src->sequence1, &src->sequence2, &error_local);
    if (error_local != NULL) {
      g_propagate_error (error, g_steal_pointer (&error_local));
      return FALSE;
    }
    src->tree = mf_hive_read (src->path, hive_subtrees, error);
    if (src->tree == NULL)
      return FALSE;
    src->bytes = mf_atomic_file_read (src->path, MF_OUTLOOK_MAX_HIVE, NULL, error);
  } else {
    src->bytes = mf_atomic_file_read (src->path, MF_OUTLOOK_MAX_TEXT, NULL, error);
    if (src->bytes != NULL)
      src->tree = mf_reg_file_parse (src->bytes, src->path, NULL, error);
    if (src->tree == NULL)
      return FALSE;
  }
  if (src->bytes == NULL)
    return FALSE;

  /* a patch written before and not yet imported is part of the state:
   * running again finds nothing more to do */
  src->patch_path = g_strconcat (base, ".reg", NULL);
  src->patch_bytes = read_if_there (src->patch_path, error);
  if (src->patch_bytes == NULL && g_file_test (src->patch_path, G_FILE_TEST_EXISTS))
    return FALSE;
  if (src->patch_bytes != NULL) {
    g_autoptr(MfRegPatch) pending = mf_reg_file_parse_patch (src->patch_bytes, src->patch_path, error);
    if (pending == NULL)
      return FALSE;
    mf_reg_patch_apply (pending, src->tree);
  }
  mf_outlook_registry_load (src->tree, profile, prefix, found);

  src->prf_base = g_strconcat (base, "-imap", NULL);
  if (!load_made_prfs (src, error))
    return FALSE;
  for (guint i = 0; i < src->made_prfs->len; i++) {
    MadePrf *made = g_ptr_array_index (src->made_prfs, i);
    g_autofree gchar *base_name = g_path_get_basename (made->path);
    g_autofree gchar *made_prefix = g_strdup_printf ("%s:%s", prefix, base_name);
    guint first = added->len;

    mf_outlook_prf_load (made->prf, profile, made_prefix, added);
    for (guint j = first; j < added->len; j++)
      mf_account_set_store_key (g_ptr_array_index (added, j), "prf-file", made->path);
  }
  /* a POP3 account whose IMAP successor waits in a PRF keeps only its mail */
  for (guint i = 0; i < found->len; i++) {
    MfAccount *account = g_ptr_array_index (found, i);
    for (guint j = 0; j < added->len; j++) {
      MfAccount *imap = g_ptr_array_index (added, j);
      if (mf_server_get_protocol (mf_account_get_incoming (account)) == MF_PROTOCOL_POP3 &&
          g_strcmp0 (mf_account_get_address (account), mf_account_get_address (imap)) == 0)
        mf_account_set_kind (account, MF_ACCOUNT_KIND_ARCHIVE);
    }
    g_ptr_array_add (accounts, g_object_ref (account));
  }
  for (guint j = 0; j < added->len; j++)
    g_ptr_array_add (accounts, g_object_ref (g_ptr_array_index (added, j)));
  return TRUE;
}

static gboolean
mf_store_outlook_load (MfStore *store, MfProfile *profile, GPtrArray *accounts, GError **error)
{
  Source *src = g_new0 (Source, 1);

  src->path = g_strdup (mf_profile_get_path (profile));
  src->made_prfs = g_ptr_array_new_with_free_func ((GDestroyNotify) made_prf_free);
  mf_profile_set_store_data (profile, src, (GDestroyNotify) source_free);
  if (!kind_of (src->path, &src->kind)) {
    g_set_error (error, MF_ERROR, MF_ERROR_NOT_FOUND, _("%s is no longer there"), src->path);
    return FALSE;
  }
  if (src->kind != KIND_PRF)
    return load_registry (src, profile, accounts, error);

  src->bytes = mf_atomic_file_read (src->path, MF_OUTLOOK_MAX_TEXT, NULL, error);
  if (src->bytes == NULL)
    return FALSE;
  src->prf = mf_prf_parse (src->bytes, src->path, error);
  if (src->prf == NULL)
    return FALSE;
  {
    g_autofree gchar *prefix = id_prefix (src->path);
    mf_outlook_prf_load (src->prf, profile, prefix, accounts);
  }
  return TRUE;
}

static MadePrf *
made_prf_for (Source *src, const gchar *path)
{
  for (guint i = 0; i < src->made_prfs->len; i++) {
    MadePrf *made = g_ptr_array_index (src->made_prfs, i);
    if (g_strcmp0 (made->path, path) == 0)
      return made;
  }
  return NULL;
}

static gboolean
plan_prf_file (MfStore *store, MfProfile *profile, GPtrArray *remedies, MfPlan *plan, GError **error)
{
  Source *src = mf_profile_get_store_data (profile);
  g_autoptr(MfPrf) prf = mf_prf_parse (src->bytes, src->path, error);
  g_autoptr(GBytes) new_bytes = NULL;
  g_autoptr(MfPlanFile) change = NULL;
  gsize before = mf_plan_get_edits (plan)->len;

  if (prf == NULL)
    return FALSE;
  for (guint i = 0; i < remedies->len; i++)
    mf_outlook_prf_plan (prf, g_ptr_array_index (remedies, i), plan, src->path);
  if (mf_plan_get_edits (plan)->len == before)
    return TRUE;
  new_bytes = mf_prf_to_bytes (prf);
  change = mf_plan_file_new (profile, src->path, src->bytes, new_bytes);
  mf_plan_add_file (plan, change);
  return TRUE;
}

static void
note_prf (MfRemedy *remedy, const gchar *path, const gchar *profile_name)
{
  g_autofree gchar *base = g_path_get_basename (path);
  g_autofree gchar *note = g_strdup_printf (
      _("Outlook cannot turn a POP3 account into IMAP: %s adds the IMAP account to the Outlook profile \"%s\". "
        "On the Windows machine, with Outlook closed, run: outlook.exe /importprf %s. "
        "The POP3 account and its mail stay as they are."),
      base, profile_name, base);
  mf_remedy_add_note (remedy, note);
}

/* changes go into the hive itself only when Windows closed it cleanly and
 * no earlier patch waits for import; otherwise into the .reg patch */
static gboolean
writes_to_hive (Source *src)
{
  return src->kind == KIND_HIVE && src->clean && src->patch_bytes == NULL;
}

/* the changes planned so far: those of a patch waiting for import, then
 * the new ones; a fresh copy each time, since planning adds to it */
static MfRegPatch *
pending_patch (Source *src, GError **error)
{
  if (src->patch_bytes == NULL)
    return mf_reg_patch_new ();
  return mf_reg_file_parse_patch (src->patch_bytes, src->patch_path, error);
}

/* the registry changes as the file they go into: the hive itself, when
 * it may be changed, or the .reg patch */
static gboolean
add_registry_file (Source *src, MfProfile *profile, MfRegPatch *patch, GPtrArray *files, GError **error)
{
  gboolean to_hive = writes_to_hive (src);

  if (mf_reg_patch_is_empty (patch))
    return TRUE;
  if (to_hive) {
    g_autoptr(GBytes) hive = mf_hive_apply_patch (src->path, patch, error);
    g_autoptr(GBytes) shown = NULL;
    MfPlanFile *change;
    if (hive == NULL)
      return FALSE;
    change = mf_plan_file_new (profile, src->path, src->bytes, hive);
    /* a hive is binary: the user reads the change as a .reg file */
    shown = mf_reg_file_write_patch (patch, NULL);
    mf_plan_file_set_summary (change, shown);
    g_ptr_array_add (files, change);
  } else {
    g_autofree gchar *comment1 = g_strdup_printf (_("mailfix: changes to the mail accounts of %s"), src->path);
    const gchar *comments[] = { comment1, NULL };
    g_autoptr(GBytes) bytes = mf_reg_file_write_patch (patch, comments);
    if (src->patch_bytes == NULL || !g_bytes_equal (bytes, src->patch_bytes))
      g_ptr_array_add (files, mf_plan_file_new (profile, src->patch_path, src->patch_bytes, bytes));
  }
  return TRUE;
}

static gboolean
mf_store_outlook_plan (MfStore *store, MfProfile *profile, GPtrArray *remedies, MfPlan *plan, GError **error)
{
  Source *src = mf_profile_get_store_data (profile);
  g_autoptr(MfRegPatch) patch = NULL;
  g_autoptr(GHashTable) prfs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                      (GDestroyNotify) mf_outlook_prf_free);
  gboolean to_hive = writes_to_hive (src);
  const gchar *edit_path = to_hive ? src->path : src->patch_path;
  g_autoptr(GPtrArray) made_changed = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer value;

  if (src->kind == KIND_PRF)
    return plan_prf_file (store, profile, remedies, plan, error);

  patch = pending_patch (src, error);
  if (patch == NULL)
    return FALSE;
  for (guint i = 0; i < remedies->len; i++) {
    MfRemedy *remedy = g_ptr_array_index (remedies, i);
    MfAccount *account = mf_remedy_get_account (remedy);
    const gchar *prf_file = mf_account_get_store_key (account, "prf-file");
    gsize before = mf_plan_get_edits (plan)->len;
    GPtrArray *edits;
    gboolean dropped = FALSE;

    if (prf_file != NULL) {
      /* an IMAP account still waiting in a PRF: the PRF changes */
      MadePrf *made = made_prf_for (src, prf_file);
      if (made != NULL) {
        mf_outlook_prf_plan (made->prf, remedy, plan, made->path);
        if (mf_plan_get_edits (plan)->len > before && !g_ptr_array_find (made_changed, made, NULL))
          g_ptr_array_add (made_changed, made);
      }
      continue;
    }
    mf_outlook_registry_plan (src->tree, remedy, patch, plan, edit_path, src->prf_base, prfs);
    edits = mf_plan_get_edits (plan);
    for (guint j = before; j < edits->len; j++)
      dropped |= mf_edit_get_new_value (g_ptr_array_index (edits, j)) == NULL &&
                 g_strcmp0 (mf_edit_get_path (g_ptr_array_index (edits, j)), edit_path) == 0;
    if (mf_remedy_get_converts_to_imap (remedy) &&
        g_strcmp0 (mf_account_get_store_key (account, "flavour"), "outlook") == 0) {
      MfOutlookPrf *out = g_hash_table_lookup (prfs, mf_account_get_store_key (account, "outlook-profile"));
      if (out != NULL)
        note_prf (remedy, out->path, mf_account_get_store_key (account, "outlook-profile"));
    }
    if (dropped)
      mf_remedy_add_note (remedy, _("Outlook keeps passwords encrypted for the Windows user, and they cannot be "
                                    "written from here: the old one is removed, so the program asks for the new "
                                    "app password at its next start"));
    if (!to_hive && mf_plan_get_edits (plan)->len > before) {
      g_autofree gchar *base = g_path_get_basename (src->patch_path);
      g_autofree gchar *note = NULL;
      if (src->kind == KIND_HIVE && !src->clean)
        note = g_strdup_printf (_("Windows did not close this registry hive cleanly (its sequence numbers are %u "
                                  "and %u), so it is left as it is; the changes go into %s. On the Windows "
                                  "machine, with the mail program closed, run: reg import %s"),
                                src->sequence1, src->sequence2, base, base);
      else
        note = g_strdup_printf (_("The changes go into %s. On the Windows machine, with the mail program closed, "
                                  "run: reg import %s"), base, base);
      mf_remedy_add_note (remedy, note);
    }
  }

  if (!add_registry_file (src, profile, patch, mf_plan_get_files (plan), error))
    return FALSE;
  g_hash_table_iter_init (&iter, prfs);
  while (g_hash_table_iter_next (&iter, NULL, &value)) {
    MfOutlookPrf *out = value;
    g_autoptr(GBytes) bytes = mf_prf_to_bytes (out->prf);
    MadePrf *made = made_prf_for (src, out->path);
    g_autoptr(MfPlanFile) change = mf_plan_file_new (profile, out->path, made != NULL ? made->bytes : NULL, bytes);
    mf_plan_add_file (plan, change);
  }
  for (guint i = 0; i < made_changed->len; i++) {
    MadePrf *made = g_ptr_array_index (made_changed, i);
    g_autoptr(GBytes) bytes = mf_prf_to_bytes (made->prf);
    g_autoptr(MfPlanFile) change = mf_plan_file_new (profile, made->path, made->bytes, bytes);
    mf_plan_add_file (plan, change);
  }
  return TRUE;
}

/* Outlook's stored passwords are encrypted with the Windows user's DPAPI
 * keys, which are not here: the new password cannot be stored, so the old
 * one is removed and the program asks at its next start */
static GPtrArray *
mf_store_outlook_password_files (MfStore *store, MfAccount *account, MfProvider *provider, const gchar *password,
                                 GPtrArray *notes, GError **error)
{
  MfProfile *profile = mf_account_get_profile (account);
  Source *src = mf_profile_get_store_data (profile);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(MfPlan) scratch = mf_plan_new ();
  g_autoptr(MfRegPatch) patch = NULL;
  gboolean to_hive;
  const gchar *id = mf_account_get_id (account);

  if (src == NULL || src->kind == KIND_PRF || mf_account_get_store_key (account, "prf-file") != NULL) {
    g_ptr_array_add (notes, g_strdup_printf (_("%s: an Outlook profile file holds no password; Outlook asks for "
                                               "it when it first connects"), id));
    return g_steal_pointer (&files);
  }
  to_hive = writes_to_hive (src);
  patch = pending_patch (src, error);
  if (patch == NULL)
    return NULL;
  if (!mf_outlook_registry_drop_passwords (src->tree, account, patch, scratch, to_hive ? src->path : src->patch_path)) {
    g_ptr_array_add (notes, g_strdup_printf (_("%s: no password is stored for this account; the program asks for "
                                               "the new app password at its next start"), id));
    return g_steal_pointer (&files);
  }
  if (!add_registry_file (src, profile, patch, files, error))
    return NULL;
  g_ptr_array_add (notes, mf_store_password_removed_note (id));
  if (!to_hive) {
    g_autofree gchar *base = g_path_get_basename (src->patch_path);
    g_ptr_array_add (notes, g_strdup_printf (_("The change goes into %s. On the Windows machine, with the mail "
                                               "program closed, run: reg import %s"), base, base));
  }
  return g_steal_pointer (&files);
}

/* after writing: what is left to do on the Windows machine */
static void
mf_store_outlook_confirm (MfStore *store, MfProfile *profile, MfPlan *plan, GPtrArray *notes)
{
  GPtrArray *files = mf_plan_get_files (plan);

  mf_store_note_removed_passwords (plan, profile, notes);
  for (guint i = 0; i < files->len; i++) {
    MfPlanFile *file = g_ptr_array_index (files, i);
    const gchar *path = mf_plan_file_get_path (file);
    g_autofree gchar *base = g_path_get_basename (path);
    g_autofree gchar *lower = g_ascii_strdown (path, -1);

    if (mf_plan_file_get_profile (file) != profile || mf_plan_file_get_new (file) == NULL)
      continue;
    if (g_strcmp0 (path, mf_profile_get_path (profile)) == 0 && g_str_has_suffix (lower, ".prf"))
      g_ptr_array_add (notes, g_strdup_printf (_("%s was changed; Outlook makes the profile from it with: "
                                                 "outlook.exe /importprf %s"), base, base));
    else if (g_strcmp0 (path, mf_profile_get_path (profile)) == 0)
      g_ptr_array_add (notes, g_strdup_printf (_("The registry hive %s was changed; the mail program reads it "
                                                 "when the user next logs on to Windows"), path));
    else if (g_str_has_suffix (lower, ".reg"))
      g_ptr_array_add (notes, g_strdup_printf (_("Still to do: on the Windows machine, with the mail program "
                                                 "closed, run: reg import %s"), base));
    else
      g_ptr_array_add (notes, g_strdup_printf (_("Still to do: on the Windows machine, with Outlook closed, run: "
                                                 "outlook.exe /importprf %s"), base));
  }
}

/* the file itself, and the patch and PRFs mailfix writes beside it */
static gboolean
mf_store_outlook_owns_path (MfStore *store, MfProfile *profile, const gchar *path)
{
  const gchar *own = mf_profile_get_path (profile);
  g_autofree gchar *base = sibling_base (own);
  g_autofree gchar *patch = g_strconcat (base, ".reg", NULL);
  g_autofree gchar *prf_prefix = g_strconcat (base, "-imap-", NULL);

  if (g_strcmp0 (path, own) == 0 || g_strcmp0 (path, patch) == 0)
    return TRUE;
  /* a PRF of a profile name: no further folder below */
  return g_str_has_prefix (path, prf_prefix) && g_str_has_suffix (path, ".prf") &&
         strchr (path + strlen (prf_prefix), G_DIR_SEPARATOR) == NULL;
}

/* the program runs on Windows, not here: files on a mounted disk or a copy */
static gpointer
mf_store_outlook_lock (MfStore *store, MfProfile *profile, GError **error)
{
  return g_new0 (gint, 1);
}

static void
mf_store_outlook_unlock (MfStore *store, gpointer lock)
{
  g_free (lock);
}

static void
mf_store_outlook_class_init (MfStoreOutlookClass *klass)
{
  MfStoreClass *store_class = MF_STORE_CLASS (klass);

  store_class->discover = mf_store_outlook_discover;
  store_class->open = mf_store_outlook_open;
  store_class->load = mf_store_outlook_load;
  store_class->plan = mf_store_outlook_plan;
  store_class->lock = mf_store_outlook_lock;
  store_class->unlock = mf_store_outlook_unlock;
  store_class->password_files = mf_store_outlook_password_files;
  store_class->owns_path = mf_store_outlook_owns_path;
  store_class->confirm = mf_store_outlook_confirm;
  store_class->passwords_out_of_reach = TRUE;
}

static void
mf_store_outlook_init (MfStoreOutlook *self)
{
}

MfStore *
mf_store_outlook_new (void)
{
  return g_object_new (MF_TYPE_STORE_OUTLOOK, "name", "outlook", NULL);
}
