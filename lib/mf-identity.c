/* mf-identity.c: who an account sends as */
#include "config.h"

#include "mf-identity.h"

struct _MfIdentity {
  GObject parent_instance;
  gchar *name;
  gchar *address;
};

G_DEFINE_FINAL_TYPE (MfIdentity, mf_identity, G_TYPE_OBJECT)

static void
mf_identity_finalize (GObject *object)
{
  MfIdentity *self = MF_IDENTITY (object);

  g_free (self->name);
  g_free (self->address);
  G_OBJECT_CLASS (mf_identity_parent_class)->finalize (object);
}

static void
mf_identity_class_init (MfIdentityClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mf_identity_finalize;
}

static void
mf_identity_init (MfIdentity *self)
{
}

/**
 * mf_identity_new:
 * @name: (nullable): the display name
 * @address: (nullable): the e-mail address
 *
 * Returns: (transfer full): a new identity
 *
 * Since: 0.1
 */
MfIdentity *
mf_identity_new (const gchar *name, const gchar *address)
{
  MfIdentity *self = g_object_new (MF_TYPE_IDENTITY, NULL);

  self->name = g_strdup (name);
  self->address = g_strdup (address);
  return self;
}

const gchar *
mf_identity_get_name (MfIdentity *self)
{
  g_return_val_if_fail (MF_IS_IDENTITY (self), NULL);
  return self->name;
}

const gchar *
mf_identity_get_address (MfIdentity *self)
{
  g_return_val_if_fail (MF_IS_IDENTITY (self), NULL);
  return self->address;
}

/**
 * mf_identity_get_domain:
 * @self: an identity
 *
 * Returns: (nullable): the part of the address after the last '@'
 *
 * Since: 0.1
 */
const gchar *
mf_identity_get_domain (MfIdentity *self)
{
  const gchar *at;

  g_return_val_if_fail (MF_IS_IDENTITY (self), NULL);
  if (self->address == NULL)
    return NULL;
  at = strrchr (self->address, '@');
  return at != NULL && at[1] != '\0' ? at + 1 : NULL;
}
