/* mf-profile.c: one place a mail client keeps its settings */
#include "config.h"

#include "mf-private.h"
#include "mf-profile.h"

struct _MfProfile {
  GObject parent_instance;
  gchar *store;
  gchar *path;
  gchar *name;
  gchar *home;
  gboolean is_default;
  gpointer store_data;
  GDestroyNotify store_data_destroy;
};

G_DEFINE_FINAL_TYPE (MfProfile, mf_profile, G_TYPE_OBJECT)

static void
mf_profile_finalize (GObject *object)
{
  MfProfile *self = MF_PROFILE (object);

  if (self->store_data_destroy != NULL)
    self->store_data_destroy (self->store_data);
  g_free (self->store);
  g_free (self->path);
  g_free (self->name);
  g_free (self->home);
  G_OBJECT_CLASS (mf_profile_parent_class)->finalize (object);
}

static void
mf_profile_class_init (MfProfileClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mf_profile_finalize;
}

static void
mf_profile_init (MfProfile *self)
{
}

/**
 * mf_profile_new:
 * @store: the store kind, e.g. "thunderbird"
 * @path: the profile directory
 * @name: (nullable): the name the client shows for it
 *
 * Returns: (transfer full): a new profile
 *
 * Since: 0.1
 */
MfProfile *
mf_profile_new (const gchar *store, const gchar *path, const gchar *name)
{
  MfProfile *self = g_object_new (MF_TYPE_PROFILE, NULL);

  self->store = g_strdup (store);
  self->path = g_strdup (path);
  self->name = g_strdup (name);
  return self;
}

const gchar *
mf_profile_get_store (MfProfile *self)
{
  g_return_val_if_fail (MF_IS_PROFILE (self), NULL);
  return self->store;
}

const gchar *
mf_profile_get_path (MfProfile *self)
{
  g_return_val_if_fail (MF_IS_PROFILE (self), NULL);
  return self->path;
}

const gchar *
mf_profile_get_name (MfProfile *self)
{
  g_return_val_if_fail (MF_IS_PROFILE (self), NULL);
  return self->name;
}

/**
 * mf_profile_get_home:
 * @self: a profile
 *
 * Returns: (nullable): the home directory the profile was found in, which
 *   is where its backups are kept
 *
 * Since: 0.1
 */
const gchar *
mf_profile_get_home (MfProfile *self)
{
  g_return_val_if_fail (MF_IS_PROFILE (self), NULL);
  return self->home;
}

void
mf_profile_set_home (MfProfile *self, const gchar *home)
{
  g_return_if_fail (MF_IS_PROFILE (self));
  mf_set_str (&self->home, home);
}

gboolean
mf_profile_get_is_default (MfProfile *self)
{
  g_return_val_if_fail (MF_IS_PROFILE (self), FALSE);
  return self->is_default;
}

void
mf_profile_set_is_default (MfProfile *self, gboolean is_default)
{
  g_return_if_fail (MF_IS_PROFILE (self));
  self->is_default = is_default;
}

void
mf_profile_set_store_data (MfProfile *self, gpointer data, GDestroyNotify destroy)
{
  g_return_if_fail (MF_IS_PROFILE (self));
  if (self->store_data_destroy != NULL)
    self->store_data_destroy (self->store_data);
  self->store_data = data;
  self->store_data_destroy = destroy;
}

gpointer
mf_profile_get_store_data (MfProfile *self)
{
  g_return_val_if_fail (MF_IS_PROFILE (self), NULL);
  return self->store_data;
}
