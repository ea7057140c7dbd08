/* mf-store-thunderbird.c: Thunderbird profiles (profiles.ini, prefs.js) */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <json-glib/json-glib.h>

#include "mf-atomic-file.h"
#include "mf-confine.h"
#include "mf-error.h"
#include "mf-private.h"
#include "mf-store-thunderbird.h"
#include "mf-tb-accounts.h"
#include "mf-tb-lock.h"
#include "mf-tb-logins.h"
#include "mf-tb-logins-write.h"
#include "mf-tb-nss.h"
#include "mf-tb-planner.h"
#include "mf-tb-profiles.h"

struct _MfStoreThunderbird {
  MfStore parent_instance;
};

G_DEFINE_FINAL_TYPE (MfStoreThunderbird, mf_store_thunderbird, MF_TYPE_STORE)

/* every store lists a profile by its resolved path, so the strings are
 * compared as they are: resolving each listed path again for every
 * profile found made a scan of N homes cost N² realpath() calls */
static gboolean
profile_listed (GPtrArray *profiles, const gchar *path)
{
  for (guint i = 0; i < profiles->len; i++) {
    MfProfile *profile = g_ptr_array_index (profiles, i);
    if (g_strcmp0 (mf_profile_get_path (profile), path) == 0)
      return TRUE;
  }
  return FALSE;
}

static void
mf_store_thunderbird_discover (MfStore *store, const gchar *home, GPtrArray *profiles, GPtrArray *problems)
{
  g_autoptr(GPtrArray) roots = mf_tb_profile_roots (home);

  for (guint i = 0; i < roots->len; i++) {
    const gchar *root = g_ptr_array_index (roots, i);
    g_autofree gchar *ini = g_build_filename (root, "profiles.ini", NULL);
    g_autoptr(GPtrArray) entries = NULL;
    GError *error = NULL;

    if (!g_file_test (ini, G_FILE_TEST_EXISTS))
      continue;
    entries = mf_tb_profiles_read (root, problems, &error);
    if (entries == NULL) {
      g_ptr_array_add (problems, error);
      continue;
    }
    for (guint j = 0; j < entries->len; j++) {
      MfTbProfileEntry *entry = g_ptr_array_index (entries, j);
      g_autofree gchar *path = mf_confine_resolve (entry->path);
      MfProfile *profile;

      if (profile_listed (profiles, path))
        continue;
      profile = mf_profile_new ("thunderbird", path, entry->name);
      mf_profile_set_home (profile, home);
      mf_profile_set_is_default (profile, entry->is_default);
      g_ptr_array_add (profiles, profile);
    }
  }
}

static MfProfile *
mf_store_thunderbird_open (MfStore *store, const gchar *path, GError **error)
{
  g_autofree gchar *prefs = g_build_filename (path, "prefs.js", NULL);
  g_autofree gchar *real = NULL;
  g_autofree gchar *name = NULL;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR)) {
    g_set_error (error, MF_ERROR, MF_ERROR_NOT_FOUND, _("%s is not a directory"), path);
    return NULL;
  }
  if (!g_file_test (prefs, G_FILE_TEST_EXISTS)) {
    g_set_error (error, MF_ERROR, MF_ERROR_NOT_FOUND,
                 _("%s is not a Thunderbird profile: it has no prefs.js"), path);
    return NULL;
  }
  real = mf_confine_resolve (path);
  name = g_path_get_basename (real);
  return mf_profile_new ("thunderbird", real, name);
}

/* mf_atomic_file_read() rounds its buffer up to a power of two; what a
 * profile keeps until it is planned is cut to size, in place */
static GBytes *
trimmed (GBytes *bytes)
{
  gsize len = 0;
  gpointer data = g_bytes_unref_to_data (bytes, &len);

  return g_bytes_new_take (g_realloc (data, MAX (len, 1)), len);
}

static gboolean
mf_store_thunderbird_load (MfStore *store, MfProfile *profile, GPtrArray *accounts, GError **error)
{
  g_autoptr(GError) error_local = NULL;
  MfTbProfileData *data = g_new0 (MfTbProfileData, 1);
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(MfPrefsJs) prefs = NULL;
  gsize len = 0;
  const gchar *bytes;

  data->prefs_path = g_build_filename (mf_profile_get_path (profile), "prefs.js", NULL);
  mf_profile_set_store_data (profile, data, (GDestroyNotify) mf_tb_profile_data_free);
  data->prefs_bytes = mf_atomic_file_read (data->prefs_path, MF_MAX_FILE_SIZE, NULL, &error_local);
  if (data->prefs_bytes == NULL) {
    /* a profile Thunderbird never ran in has no prefs.js and no accounts */
    if (g_error_matches (error_local, MF_ERROR, MF_ERROR_NOT_FOUND))
      return TRUE;
    g_propagate_error (error, g_steal_pointer (&error_local));
    return FALSE;
  }
  data->prefs_bytes = trimmed (data->prefs_bytes);
  bytes = g_bytes_get_data (data->prefs_bytes, &len);
  /* the accounts are all under mail.; the rest of a large prefs.js is
   * only checked. Parsed whole, the file is several times the size of its
   * bytes, and most profiles scanned are never planned: a plan parses the
   * same bytes again, whole */
  prefs = mf_prefs_js_parse_prefix (bytes, len, data->prefs_path, "mail.", error);
  if (prefs == NULL)
    return FALSE;
  found = mf_tb_accounts_read (profile, prefs);
  mf_tb_logins_read_times (mf_profile_get_path (profile), found);
  for (guint i = 0; i < found->len; i++)
    g_ptr_array_add (accounts, g_object_ref (g_ptr_array_index (found, i)));
  return TRUE;
}

static gboolean
mf_store_thunderbird_plan (MfStore *store, MfProfile *profile, GPtrArray *remedies, MfPlan *plan, GError **error)
{
  MfTbProfileData *data = mf_profile_get_store_data (profile);

  if (data != NULL && data->prefs == NULL && data->prefs_bytes != NULL) {
    gsize len = 0;
    const gchar *bytes = g_bytes_get_data (data->prefs_bytes, &len);
    data->prefs = mf_prefs_js_parse (bytes, len, data->prefs_path, error);
    if (data->prefs == NULL)
      return FALSE;
  }
  return mf_tb_plan_profile (profile, data, remedies, plan, error);
}

static gpointer
mf_store_thunderbird_lock (MfStore *store, MfProfile *profile, GError **error)
{
  return mf_tb_lock_acquire (mf_profile_get_path (profile), error);
}

static void
mf_store_thunderbird_unlock (MfStore *store, gpointer lock)
{
  mf_tb_lock_release (lock);
}

/* NSS may create or rewrite the key and certificate databases when it
 * opens a profile. Their bytes are kept before, put back after, and NSS's
 * version goes through the transaction, backed up like any other file. */
typedef struct {
  gchar *path;
  GBytes *bytes;   /* NULL: the file did not exist */
} NssSnapshot;

static void
nss_snapshot_free (NssSnapshot *snap)
{
  g_free (snap->path);
  g_clear_pointer (&snap->bytes, g_bytes_unref);
  g_free (snap);
}

static GPtrArray *
nss_snapshot (const gchar *profile_dir)
{
  static const gchar *names[] = { "key4.db", "cert9.db", "pkcs11.txt" };
  GPtrArray *snaps = g_ptr_array_new_with_free_func ((GDestroyNotify) nss_snapshot_free);

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++) {
    NssSnapshot *snap = g_new0 (NssSnapshot, 1);
    snap->path = g_build_filename (profile_dir, names[i], NULL);
    snap->bytes = mf_atomic_file_read (snap->path, MF_MAX_FILE_SIZE, NULL, NULL);
    g_ptr_array_add (snaps, snap);
  }
  return snaps;
}

/* puts the databases back as they were; files (if not NULL) receives NSS's
 * changes to make through the transaction */
static gboolean
nss_restore (GPtrArray *snaps, MfProfile *profile, GPtrArray *files, GError **error)
{
  for (guint i = 0; i < snaps->len; i++) {
    NssSnapshot *snap = g_ptr_array_index (snaps, i);
    g_autoptr(GBytes) now = mf_atomic_file_read (snap->path, MF_MAX_FILE_SIZE, NULL, NULL);
    gboolean same = (now == NULL && snap->bytes == NULL) ||
                    (now != NULL && snap->bytes != NULL && g_bytes_equal (now, snap->bytes));
    gsize len = 0;
    const guint8 *data;

    if (same)
      continue;
    if (snap->bytes != NULL) {
      data = g_bytes_get_data (snap->bytes, &len);
      if (!mf_atomic_file_replace (snap->path, data, len, 0600, error))
        return FALSE;
    } else if (!mf_atomic_file_delete (snap->path, error)) {
      return FALSE;
    }
    if (files != NULL && now != NULL)
      g_ptr_array_add (files, mf_plan_file_new (profile, snap->path, snap->bytes, now));
  }
  return TRUE;
}

/* the origins Thunderbird files an account's passwords under */
static void
add_origin (GPtrArray *origins, GPtrArray *users, MfServer *server)
{
  const gchar *scheme;

  if (server == NULL || mf_server_get_host (server) == NULL)
    return;
  switch (mf_server_get_protocol (server)) {
  case MF_PROTOCOL_IMAP: scheme = "imap"; break;
  case MF_PROTOCOL_POP3: scheme = "mailbox"; break;
  case MF_PROTOCOL_SMTP: scheme = "smtp"; break;
  default: return;
  }
  g_ptr_array_add (origins, g_strdup_printf ("%s://%s", scheme, mf_server_get_host (server)));
  g_ptr_array_add (users, g_strdup (mf_server_get_username (server) != NULL ? mf_server_get_username (server) : ""));
}

/* mail logins saved for servers the provider retired: nothing uses them */
static GPtrArray *
retired_origins (GBytes *logins_json, MfProvider *provider)
{
  static const gchar *schemes[] = { "imap://", "mailbox://", "smtp://" };
  GPtrArray *origins = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *logins = provider != NULL ? mf_tb_logins_parse (parser, logins_json) : NULL;

  for (guint i = 0; logins != NULL && i < json_array_get_length (logins); i++) {
    JsonNode *node = json_array_get_element (logins, i);
    const gchar *origin = JSON_NODE_HOLDS_OBJECT (node)
      ? json_object_get_string_member_with_default (json_node_get_object (node), "hostname", NULL) : NULL;
    for (gsize j = 0; origin != NULL && j < G_N_ELEMENTS (schemes); j++) {
      if (g_str_has_prefix (origin, schemes[j]) &&
          mf_provider_get_retired_replacement (provider, origin + strlen (schemes[j])) != NULL &&
          !g_ptr_array_find_with_equal_func (origins, origin, g_str_equal, NULL))
        g_ptr_array_add (origins, g_strdup (origin));
    }
  }
  return origins;
}

static GPtrArray *
mf_store_thunderbird_password_files (MfStore *store, MfAccount *account, MfProvider *provider,
                                     const gchar *password, GPtrArray *notes, GError **error)
{
  MfProfile *profile = mf_account_get_profile (account);
  g_autofree gchar *path = g_build_filename (mf_profile_get_path (profile), "logins.json", NULL);
  g_autoptr(GPtrArray) origins = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) users = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error_local = NULL;
  g_autoptr(MfTbNss) nss = NULL;
  g_autoptr(GBytes) old = NULL;
  g_autoptr(GBytes) current = NULL;
  g_autoptr(MfPlanFile) file = NULL;
  g_autoptr(GPtrArray) snaps = NULL;
  gboolean can_encrypt;

  add_origin (origins, users, mf_account_get_incoming (account));
  add_origin (origins, users, mf_account_get_outgoing (account));
  old = mf_atomic_file_read (path, MF_MAX_FILE_SIZE, NULL, &error_local);
  if (old == NULL && !g_error_matches (error_local, MF_ERROR, MF_ERROR_NOT_FOUND)) {
    g_propagate_error (error, g_steal_pointer (&error_local));
    return NULL;
  }
  g_clear_error (&error_local);
  snaps = nss_snapshot (mf_profile_get_path (profile));
  nss = mf_tb_nss_open (mf_profile_get_path (profile), error);
  if (nss == NULL) {
    nss_restore (snaps, profile, NULL, NULL);
    return NULL;
  }
  /* an NSS older than the Thunderbird that made key4.db can read but not
   * write: then the stale entries go, and Thunderbird asks once */
  can_encrypt = password != NULL && mf_tb_nss_can_encrypt (nss, &error_local);
  if (password != NULL && !can_encrypt)
    g_ptr_array_add (notes, g_strdup_printf (_("The password could not be saved for Thunderbird (%s); its old saved password was removed, so Thunderbird will ask for the new one once"),
                                             error_local->message));
  current = old != NULL ? g_bytes_ref (old) : NULL;
  for (guint i = 0; i < origins->len; i++) {
    GBytes *next = can_encrypt
      ? mf_tb_logins_set (current, nss, g_ptr_array_index (origins, i), g_ptr_array_index (users, i), password, error)
      : mf_tb_logins_remove (current, nss, g_ptr_array_index (origins, i), g_ptr_array_index (users, i), error);
    if (next == NULL) {
      g_clear_pointer (&nss, mf_tb_nss_close);
      nss_restore (snaps, profile, NULL, NULL);
      return NULL;
    }
    g_clear_pointer (&current, g_bytes_unref);
    current = next;
  }
  /* saved passwords of retired servers go with the change */
  if (current != NULL) {
    g_autoptr(GPtrArray) retired = retired_origins (current, provider);
    for (guint i = 0; i < retired->len; i++) {
      GBytes *next = mf_tb_logins_remove (current, nss, g_ptr_array_index (retired, i), NULL, error);
      if (next == NULL) {
        g_clear_pointer (&nss, mf_tb_nss_close);
        nss_restore (snaps, profile, NULL, NULL);
        return NULL;
      }
      g_bytes_unref (current);
      current = next;
    }
  }
  g_clear_pointer (&nss, mf_tb_nss_close);
  if (!nss_restore (snaps, profile, files, error))
    return NULL;
  if (current == NULL || (old != NULL && g_bytes_equal (old, current)))
    return g_steal_pointer (&files);
  file = mf_plan_file_new (profile, path, old, current);
  g_ptr_array_add (files, g_steal_pointer (&file));
  return g_steal_pointer (&files);
}

/* the saved password of the incoming server: the login of its origin whose
 * user name, once decrypted, is the server's */
static gchar *
mf_store_thunderbird_stored_password (MfStore *store, MfAccount *account, GError **error)
{
  MfProfile *profile = mf_account_get_profile (account);
  g_autofree gchar *path = g_build_filename (mf_profile_get_path (profile), "logins.json", NULL);
  g_autoptr(GPtrArray) origins = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) users = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(MfTbNss) nss = NULL;
  g_autoptr(GPtrArray) snaps = NULL;
  gchar *found = NULL;
  JsonArray *logins;

  add_origin (origins, users, mf_account_get_incoming (account));
  bytes = mf_atomic_file_read (path, MF_MAX_FILE_SIZE, NULL, NULL);
  logins = mf_tb_logins_parse (parser, bytes);
  if (origins->len == 0 || logins == NULL)
    return NULL;
  snaps = nss_snapshot (mf_profile_get_path (profile));
  nss = mf_tb_nss_open (mf_profile_get_path (profile), error);
  if (nss == NULL) {
    nss_restore (snaps, profile, NULL, NULL);
    return NULL;
  }
  for (guint i = 0; i < json_array_get_length (logins); i++) {
    JsonNode *node = json_array_get_element (logins, i);
    JsonObject *login = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
    const gchar *enc_user, *enc_pass;
    g_autoptr(MfTbSecret) user = NULL;

    if (login == NULL ||
        g_strcmp0 (json_object_get_string_member_with_default (login, "hostname", NULL), g_ptr_array_index (origins, 0)) != 0)
      continue;
    enc_user = json_object_get_string_member_with_default (login, "encryptedUsername", NULL);
    enc_pass = json_object_get_string_member_with_default (login, "encryptedPassword", NULL);
    if (enc_user == NULL || enc_pass == NULL)
      continue;
    user = mf_tb_nss_decrypt (nss, enc_user, NULL);
    if (user != NULL && g_strcmp0 (user, g_ptr_array_index (users, 0)) == 0) {
      found = mf_tb_nss_decrypt (nss, enc_pass, error);
      break;
    }
  }
  g_clear_pointer (&nss, mf_tb_nss_close);
  nss_restore (snaps, profile, NULL, NULL);
  return found;
}

static void
mf_store_thunderbird_class_init (MfStoreThunderbirdClass *klass)
{
  MfStoreClass *store_class = MF_STORE_CLASS (klass);

  store_class->discover = mf_store_thunderbird_discover;
  store_class->open = mf_store_thunderbird_open;
  store_class->load = mf_store_thunderbird_load;
  store_class->plan = mf_store_thunderbird_plan;
  store_class->lock = mf_store_thunderbird_lock;
  store_class->unlock = mf_store_thunderbird_unlock;
  store_class->password_files = mf_store_thunderbird_password_files;
  store_class->stored_password = mf_store_thunderbird_stored_password;
}

static void
mf_store_thunderbird_init (MfStoreThunderbird *self)
{
}

MfStore *
mf_store_thunderbird_new (void)
{
  return g_object_new (MF_TYPE_STORE_THUNDERBIRD, "name", "thunderbird", NULL);
}
