/* mf-store.c: the store interface and the registry of backends */
#include "config.h"

#include "mf-error.h"
#include "mf-private.h"
#include "mf-process-lock.h"
#include "mf-store.h"
#include "mf-store-evolution.h"
#include "mf-store-oeaccount.h"
#include "mf-store-outlook.h"
#include "mf-store-thunderbird.h"

typedef struct {
  gchar *name;
} MfStorePrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (MfStore, mf_store, G_TYPE_OBJECT)

enum { PROP_0, PROP_NAME };

static void
mf_store_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  MfStorePrivate *priv = mf_store_get_instance_private (MF_STORE (object));

  switch (prop_id) {
  case PROP_NAME:
    g_free (priv->name);
    priv->name = g_value_dup_string (value);
    break;
  default:
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
mf_store_finalize (GObject *object)
{
  MfStorePrivate *priv = mf_store_get_instance_private (MF_STORE (object));

  g_free (priv->name);
  G_OBJECT_CLASS (mf_store_parent_class)->finalize (object);
}

static void
mf_store_class_init (MfStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->set_property = mf_store_set_property;
  object_class->finalize = mf_store_finalize;
  g_object_class_install_property (object_class, PROP_NAME,
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
}

static void
mf_store_init (MfStore *self)
{
}

const gchar *
mf_store_get_name (MfStore *self)
{
  MfStorePrivate *priv = mf_store_get_instance_private (self);
  return priv->name;
}

/* one entry per backend: adding a store is one line here */
GPtrArray *
mf_store_get_all (void)
{
  GPtrArray *stores = g_ptr_array_new_with_free_func (g_object_unref);

  g_ptr_array_add (stores, mf_store_thunderbird_new ());
  g_ptr_array_add (stores, mf_store_evolution_new ());
  g_ptr_array_add (stores, mf_store_oeaccount_new ());
  g_ptr_array_add (stores, mf_store_outlook_new ());
  return stores;
}

MfStore *
mf_store_find (const gchar *name)
{
  g_autoptr(GPtrArray) stores = mf_store_get_all ();

  for (guint i = 0; i < stores->len; i++) {
    MfStore *store = g_ptr_array_index (stores, i);
    if (g_strcmp0 (mf_store_get_name (store), name) == 0)
      return g_object_ref (store);
  }
  return NULL;
}

void
mf_store_discover (MfStore *self, const gchar *home, GPtrArray *profiles, GPtrArray *problems)
{
  MF_STORE_GET_CLASS (self)->discover (self, home, profiles, problems);
}

MfProfile *
mf_store_open (MfStore *self, const gchar *path, GError **error)
{
  return MF_STORE_GET_CLASS (self)->open (self, path, error);
}

gboolean
mf_store_load (MfStore *self, MfProfile *profile, GPtrArray *accounts, GError **error)
{
  return MF_STORE_GET_CLASS (self)->load (self, profile, accounts, error);
}

gboolean
mf_store_plan (MfStore *self, MfProfile *profile, GPtrArray *remedies, MfPlan *plan, GError **error)
{
  return MF_STORE_GET_CLASS (self)->plan (self, profile, remedies, plan, error);
}

typedef struct {
  gchar *key;
  gpointer inner;   /* the store's own lock */
} HeldProfile;

/* a store's lock keeps other processes out; the process lock keeps out
 * the other threads of this one, in which the store's lock cannot */
gpointer
mf_store_lock (MfStore *self, MfProfile *profile, GError **error)
{
  HeldProfile *held;
  gpointer inner;

  if (!mf_process_lock_take (mf_profile_get_path (profile), MF_STORE_LOCK_WAIT_MS, error))
    return NULL;
  inner = MF_STORE_GET_CLASS (self)->lock (self, profile, error);
  if (inner == NULL) {
    mf_process_lock_drop (mf_profile_get_path (profile));
    return NULL;
  }
  held = g_new0 (HeldProfile, 1);
  held->key = g_strdup (mf_profile_get_path (profile));
  held->inner = inner;
  return held;
}

void
mf_store_unlock (MfStore *self, gpointer lock)
{
  HeldProfile *held = lock;

  MF_STORE_GET_CLASS (self)->unlock (self, held->inner);
  mf_process_lock_drop (held->key);
  g_free (held->key);
  g_free (held);
}

/* NULL when the store keeps its passwords somewhere other than the keyring */
GPtrArray *
mf_store_keyring_items (MfStore *self, MfAccount *account)
{
  MfStoreClass *klass = MF_STORE_GET_CLASS (self);
  return klass->keyring_items != NULL ? klass->keyring_items (self, account) : NULL;
}

MfKeyringItem *
mf_keyring_item_new (const gchar *uid, const gchar *label)
{
  MfKeyringItem *item = g_new0 (MfKeyringItem, 1);
  item->uid = g_strdup (uid);
  item->label = g_strdup (label);
  return item;
}

void
mf_keyring_item_free (MfKeyringItem *item)
{
  if (item == NULL)
    return;
  g_free (item->uid);
  g_free (item->label);
  g_free (item);
}

void
mf_store_confirm (MfStore *self, MfProfile *profile, MfPlan *plan, GPtrArray *notes)
{
  MfStoreClass *klass = MF_STORE_GET_CLASS (self);
  if (klass->confirm != NULL)
    klass->confirm (self, profile, plan, notes);
}

gboolean
mf_store_has_password_files (MfStore *self)
{
  return MF_STORE_GET_CLASS (self)->password_files != NULL;
}

GPtrArray *
mf_store_password_files (MfStore *self, MfAccount *account, MfProvider *provider,
                         const gchar *password, GPtrArray *notes, GError **error)
{
  return MF_STORE_GET_CLASS (self)->password_files (self, account, provider, password, notes, error);
}

gchar *
mf_store_stored_password (MfStore *self, MfAccount *account, GError **error)
{
  MfStoreClass *klass = MF_STORE_GET_CLASS (self);

  if (klass->stored_password == NULL) {
    g_set_error (error, MF_ERROR, MF_ERROR_UNSUPPORTED, _("mailfix cannot read the passwords of %s accounts"),
                 mf_store_get_name (self));
    return NULL;
  }
  return klass->stored_password (self, account, error);
}

gboolean
mf_store_owns_path (MfStore *self, MfProfile *profile, const gchar *path)
{
  MfStoreClass *klass = MF_STORE_GET_CLASS (self);
  g_autofree gchar *prefix = NULL;

  if (klass->owns_path != NULL)
    return klass->owns_path (self, profile, path);
  prefix = g_strconcat (mf_profile_get_path (profile), G_DIR_SEPARATOR_S, NULL);
  return g_str_has_prefix (path, prefix);
}

gboolean
mf_store_can_store_passwords (MfStore *self)
{
  MfStoreClass *klass = MF_STORE_GET_CLASS (self);
  return !klass->passwords_out_of_reach &&
         (klass->password_files != NULL || klass->keyring_items != NULL);
}

/* what the user must know after a change to a store whose passwords are out
 * of reach: which accounts lost their stored password */
void
mf_store_note_removed_passwords (MfPlan *plan, MfProfile *profile, GPtrArray *notes)
{
  GPtrArray *files = mf_plan_get_files (plan);
  GPtrArray *edits = mf_plan_get_edits (plan);
  g_autoptr(GPtrArray) accounts = g_ptr_array_new ();

  for (guint i = 0; i < edits->len; i++) {
    MfEdit *edit = g_ptr_array_index (edits, i);
    gboolean ours = FALSE;
    if (mf_edit_get_new_value (edit) != NULL ||
        (!g_str_has_suffix (mf_edit_get_key (edit), "Password") && !g_str_has_suffix (mf_edit_get_key (edit), "Password2")))
      continue;
    for (guint j = 0; j < files->len && !ours; j++) {
      MfPlanFile *file = g_ptr_array_index (files, j);
      ours = mf_plan_file_get_profile (file) == profile &&
             g_strcmp0 (mf_plan_file_get_path (file), mf_edit_get_path (edit)) == 0;
    }
    if (ours && !g_ptr_array_find_with_equal_func (accounts, mf_edit_get_account_id (edit), g_str_equal, NULL))
      g_ptr_array_add (accounts, (gpointer) mf_edit_get_account_id (edit));
  }
  for (guint i = 0; i < accounts->len; i++)
    g_ptr_array_add (notes, mf_store_password_removed_note (g_ptr_array_index (accounts, i)));
}

gchar *
mf_store_password_removed_note (const gchar *account_id)
{
  return g_strdup_printf (_("%s: the password is kept encrypted for the Windows user and cannot be written from "
                            "here: the old one is removed, so the program asks for the new app password at its "
                            "next start"), account_id);
}
