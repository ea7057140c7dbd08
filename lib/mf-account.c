/* mf-account.c: the one account model every store maps to and from */
#include "config.h"

#include "mf-private.h"
#include "mf-account.h"

struct _MfAccount {
  GObject parent_instance;
  gchar *id;
  MfProfile *profile;
  gchar *name;
  MfAccountKind kind;
  MfServer *incoming;
  MfServer *outgoing;
  GPtrArray *identities;
  GHashTable *store_keys;
  GDateTime *password_changed;
};

G_DEFINE_FINAL_TYPE (MfAccount, mf_account, G_TYPE_OBJECT)

static void
mf_account_finalize (GObject *object)
{
  MfAccount *self = MF_ACCOUNT (object);

  g_free (self->id);
  g_clear_object (&self->profile);
  g_free (self->name);
  g_clear_object (&self->incoming);
  g_clear_object (&self->outgoing);
  g_ptr_array_unref (self->identities);
  g_hash_table_unref (self->store_keys);
  g_clear_pointer (&self->password_changed, g_date_time_unref);
  G_OBJECT_CLASS (mf_account_parent_class)->finalize (object);
}

static void
mf_account_class_init (MfAccountClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mf_account_finalize;
}

static void
mf_account_init (MfAccount *self)
{
  self->identities = g_ptr_array_new_with_free_func (g_object_unref);
  self->store_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/**
 * mf_account_new:
 * @id: the stable ID a user can pass back on the command line
 * @profile: where the account was found
 *
 * Returns: (transfer full): a new account with no servers yet
 *
 * Since: 0.1
 */
MfAccount *
mf_account_new (const gchar *id, MfProfile *profile)
{
  MfAccount *self;

  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (MF_IS_PROFILE (profile), NULL);
  self = g_object_new (MF_TYPE_ACCOUNT, NULL);
  self->id = g_strdup (id);
  self->profile = g_object_ref (profile);
  return self;
}

const gchar *
mf_account_get_id (MfAccount *self)
{
  g_return_val_if_fail (MF_IS_ACCOUNT (self), NULL);
  return self->id;
}

/**
 * mf_account_get_profile:
 * @self: an account
 *
 * Returns: (transfer none): where the account was found
 *
 * Since: 0.1
 */
MfProfile *
mf_account_get_profile (MfAccount *self)
{
  g_return_val_if_fail (MF_IS_ACCOUNT (self), NULL);
  return self->profile;
}

const gchar *
mf_account_get_store (MfAccount *self)
{
  g_return_val_if_fail (MF_IS_ACCOUNT (self), NULL);
  return mf_profile_get_store (self->profile);
}

const gchar *
mf_account_get_name (MfAccount *self)
{
  g_return_val_if_fail (MF_IS_ACCOUNT (self), NULL);
  return self->name;
}

void
mf_account_set_name (MfAccount *self, const gchar *name)
{
  g_return_if_fail (MF_IS_ACCOUNT (self));
  mf_set_str (&self->name, name);
}

MfAccountKind
mf_account_get_kind (MfAccount *self)
{
  g_return_val_if_fail (MF_IS_ACCOUNT (self), MF_ACCOUNT_KIND_OTHER);
  return self->kind;
}

void
mf_account_set_kind (MfAccount *self, MfAccountKind kind)
{
  g_return_if_fail (MF_IS_ACCOUNT (self));
  self->kind = kind;
}

const gchar *
mf_account_kind_to_string (MfAccountKind kind)
{
  switch (kind) {
  case MF_ACCOUNT_KIND_MAIL:    return "mail";
  case MF_ACCOUNT_KIND_OAUTH2:  return "oauth2";
  case MF_ACCOUNT_KIND_ARCHIVE: return "archive";
  default:                      return "other";
  }
}

/**
 * mf_account_get_incoming:
 * @self: an account
 *
 * Returns: (transfer none) (nullable): the server mail is fetched from
 *
 * Since: 0.1
 */
MfServer *
mf_account_get_incoming (MfAccount *self)
{
  g_return_val_if_fail (MF_IS_ACCOUNT (self), NULL);
  return self->incoming;
}

void
mf_account_set_incoming (MfAccount *self, MfServer *server)
{
  g_return_if_fail (MF_IS_ACCOUNT (self));
  g_set_object (&self->incoming, server);
}

/**
 * mf_account_get_outgoing:
 * @self: an account
 *
 * Returns: (transfer none) (nullable): the server mail is sent through
 *
 * Since: 0.1
 */
MfServer *
mf_account_get_outgoing (MfAccount *self)
{
  g_return_val_if_fail (MF_IS_ACCOUNT (self), NULL);
  return self->outgoing;
}

void
mf_account_set_outgoing (MfAccount *self, MfServer *server)
{
  g_return_if_fail (MF_IS_ACCOUNT (self));
  g_set_object (&self->outgoing, server);
}

/**
 * mf_account_get_password_changed:
 * @self: an account
 *
 * Returns: (transfer none) (nullable): when the stored password last
 *   changed, if the store records it
 *
 * Since: 0.1
 */
GDateTime *
mf_account_get_password_changed (MfAccount *self)
{
  g_return_val_if_fail (MF_IS_ACCOUNT (self), NULL);
  return self->password_changed;
}

void
mf_account_set_password_changed (MfAccount *self, GDateTime *when)
{
  g_return_if_fail (MF_IS_ACCOUNT (self));
  g_clear_pointer (&self->password_changed, g_date_time_unref);
  if (when != NULL)
    self->password_changed = g_date_time_ref (when);
}

/**
 * mf_account_get_identities:
 * @self: an account
 *
 * Returns: (transfer none) (element-type MfIdentity): the identities, the
 *   default one first
 *
 * Since: 0.1
 */
GPtrArray *
mf_account_get_identities (MfAccount *self)
{
  g_return_val_if_fail (MF_IS_ACCOUNT (self), NULL);
  return self->identities;
}

void
mf_account_add_identity (MfAccount *self, MfIdentity *identity)
{
  g_return_if_fail (MF_IS_ACCOUNT (self));
  g_return_if_fail (MF_IS_IDENTITY (identity));
  g_ptr_array_add (self->identities, g_object_ref (identity));
}

/**
 * mf_account_get_address:
 * @self: an account
 *
 * Returns: (nullable): the address of the default identity
 *
 * Since: 0.1
 */
const gchar *
mf_account_get_address (MfAccount *self)
{
  g_return_val_if_fail (MF_IS_ACCOUNT (self), NULL);
  for (guint i = 0; i < self->identities->len; i++) {
    const gchar *address = mf_identity_get_address (g_ptr_array_index (self->identities, i));
    if (address != NULL && address[0] != '\0')
      return address;
  }
  return NULL;
}

const gchar *
mf_account_get_store_key (MfAccount *self, const gchar *what)
{
  g_return_val_if_fail (MF_IS_ACCOUNT (self), NULL);
  return g_hash_table_lookup (self->store_keys, what);
}

void
mf_account_set_store_key (MfAccount *self, const gchar *what, const gchar *key)
{
  g_return_if_fail (MF_IS_ACCOUNT (self));
  g_hash_table_replace (self->store_keys, g_strdup (what), g_strdup (key));
}

/**
 * mf_account_get_store_keys:
 * @self: an account
 *
 * Returns: (transfer none): what the account is made of in its store
 *
 * Since: 0.1
 */
GHashTable *
mf_account_get_store_keys (MfAccount *self)
{
  g_return_val_if_fail (MF_IS_ACCOUNT (self), NULL);
  return self->store_keys;
}
