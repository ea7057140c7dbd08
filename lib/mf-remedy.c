/* mf-remedy.c: the settings an account should have */
#include "config.h"

#include "mf-remedy.h"

struct _MfRemedy {
  GObject parent_instance;
  MfAccount *account;
  MfProvider *provider;
  MfServer *incoming;
  MfServer *outgoing;
  gboolean incoming_confirmed;
  gboolean outgoing_confirmed;
  GPtrArray *note_roles;   /* "incoming", "outgoing" or "" for both */
  GPtrArray *note_texts;
  GPtrArray *notes;        /* what mf_remedy_get_notes() shows now */
};

G_DEFINE_FINAL_TYPE (MfRemedy, mf_remedy, G_TYPE_OBJECT)

static void
mf_remedy_finalize (GObject *object)
{
  MfRemedy *self = MF_REMEDY (object);

  g_clear_object (&self->account);
  g_clear_object (&self->provider);
  g_clear_object (&self->incoming);
  g_clear_object (&self->outgoing);
  g_ptr_array_unref (self->note_roles);
  g_ptr_array_unref (self->note_texts);
  g_ptr_array_unref (self->notes);
  G_OBJECT_CLASS (mf_remedy_parent_class)->finalize (object);
}

static void
mf_remedy_class_init (MfRemedyClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mf_remedy_finalize;
}

static void
mf_remedy_init (MfRemedy *self)
{
  self->note_roles = g_ptr_array_new_with_free_func (g_free);
  self->note_texts = g_ptr_array_new_with_free_func (g_free);
  self->notes = g_ptr_array_new ();
}

/**
 * mf_remedy_new:
 * @account: the account to repair
 * @provider: (nullable): its provider, if the database knows it
 *
 * Returns: (transfer full): a remedy that changes nothing yet
 *
 * Since: 0.1
 */
MfRemedy *
mf_remedy_new (MfAccount *account, MfProvider *provider)
{
  MfRemedy *self;

  g_return_val_if_fail (MF_IS_ACCOUNT (account), NULL);
  self = g_object_new (MF_TYPE_REMEDY, NULL);
  self->account = g_object_ref (account);
  if (provider != NULL)
    self->provider = g_object_ref (provider);
  return self;
}

/**
 * mf_remedy_get_account:
 * @self: a remedy
 *
 * Returns: (transfer none): the account it repairs
 *
 * Since: 0.1
 */
MfAccount *
mf_remedy_get_account (MfRemedy *self)
{
  g_return_val_if_fail (MF_IS_REMEDY (self), NULL);
  return self->account;
}

/**
 * mf_remedy_get_provider:
 * @self: a remedy
 *
 * Returns: (transfer none) (nullable): the provider whose facts it follows
 *
 * Since: 0.1
 */
MfProvider *
mf_remedy_get_provider (MfRemedy *self)
{
  g_return_val_if_fail (MF_IS_REMEDY (self), NULL);
  return self->provider;
}

/**
 * mf_remedy_get_incoming:
 * @self: a remedy
 *
 * Returns: (transfer none) (nullable): the incoming server the account
 *   should have, or %NULL to leave it as it is
 *
 * Since: 0.1
 */
MfServer *
mf_remedy_get_incoming (MfRemedy *self)
{
  g_return_val_if_fail (MF_IS_REMEDY (self), NULL);
  return self->incoming;
}

void
mf_remedy_set_incoming (MfRemedy *self, MfServer *server)
{
  g_return_if_fail (MF_IS_REMEDY (self));
  g_set_object (&self->incoming, server);
}

/**
 * mf_remedy_get_outgoing:
 * @self: a remedy
 *
 * Returns: (transfer none) (nullable): the outgoing server the account
 *   should have, or %NULL to leave it as it is
 *
 * Since: 0.1
 */
MfServer *
mf_remedy_get_outgoing (MfRemedy *self)
{
  g_return_val_if_fail (MF_IS_REMEDY (self), NULL);
  return self->outgoing;
}

void
mf_remedy_set_outgoing (MfRemedy *self, MfServer *server)
{
  g_return_if_fail (MF_IS_REMEDY (self));
  g_set_object (&self->outgoing, server);
}

/**
 * mf_remedy_get_confirmed:
 * @self: a remedy
 *
 * A change is confirmed when every setting in it comes from a provider
 * fact mailfix trusts. An unconfirmed one is a standard fix on the same
 * hosts (or a provider fact marked uncertain), applied only when the user
 * asks for it.
 *
 * Returns: %TRUE if every change the remedy makes is confirmed
 *
 * Since: 0.1
 */
gboolean
mf_remedy_get_confirmed (MfRemedy *self)
{
  g_return_val_if_fail (MF_IS_REMEDY (self), FALSE);
  return (self->incoming == NULL || self->incoming_confirmed) &&
         (self->outgoing == NULL || self->outgoing_confirmed);
}

gboolean
mf_remedy_get_incoming_confirmed (MfRemedy *self)
{
  g_return_val_if_fail (MF_IS_REMEDY (self), FALSE);
  return self->incoming_confirmed;
}

void
mf_remedy_set_incoming_confirmed (MfRemedy *self, gboolean confirmed)
{
  g_return_if_fail (MF_IS_REMEDY (self));
  self->incoming_confirmed = confirmed;
}

gboolean
mf_remedy_get_outgoing_confirmed (MfRemedy *self)
{
  g_return_val_if_fail (MF_IS_REMEDY (self), FALSE);
  return self->outgoing_confirmed;
}

void
mf_remedy_set_outgoing_confirmed (MfRemedy *self, gboolean confirmed)
{
  g_return_if_fail (MF_IS_REMEDY (self));
  self->outgoing_confirmed = confirmed;
}

/**
 * mf_remedy_copy_part:
 * @self: a remedy
 * @incoming: keep the incoming change
 * @outgoing: keep the outgoing change
 *
 * Returns: (transfer full): a remedy with only the chosen changes, and
 *   the same notes
 *
 * Since: 0.1
 */
MfRemedy *
mf_remedy_copy_part (MfRemedy *self, gboolean incoming, gboolean outgoing)
{
  MfRemedy *copy;

  g_return_val_if_fail (MF_IS_REMEDY (self), NULL);
  copy = mf_remedy_new (self->account, self->provider);
  if (incoming)
    mf_remedy_set_incoming (copy, self->incoming);
  if (outgoing)
    mf_remedy_set_outgoing (copy, self->outgoing);
  copy->incoming_confirmed = self->incoming_confirmed;
  copy->outgoing_confirmed = self->outgoing_confirmed;
  for (guint i = 0; i < self->note_texts->len; i++)
    mf_remedy_add_note_for (copy, g_ptr_array_index (self->note_roles, i), g_ptr_array_index (self->note_texts, i));
  return copy;
}

/**
 * mf_remedy_get_converts_to_imap:
 * @self: a remedy
 *
 * Returns: %TRUE if a POP3 account becomes an IMAP account
 *
 * Since: 0.1
 */
gboolean
mf_remedy_get_converts_to_imap (MfRemedy *self)
{
  MfServer *current;

  g_return_val_if_fail (MF_IS_REMEDY (self), FALSE);
  current = mf_account_get_incoming (self->account);
  return self->incoming != NULL && current != NULL &&
         mf_server_get_protocol (current) == MF_PROTOCOL_POP3 &&
         mf_server_get_protocol (self->incoming) == MF_PROTOCOL_IMAP;
}

/**
 * mf_remedy_get_notes:
 * @self: a remedy
 *
 * Returns: (transfer none) (element-type utf8): what the user should know
 *   or check, in the user's language
 *
 * Since: 0.1
 */
GPtrArray *
mf_remedy_get_notes (MfRemedy *self)
{
  g_return_val_if_fail (MF_IS_REMEDY (self), NULL);
  /* a note about one side shows only while the remedy changes that side */
  g_ptr_array_set_size (self->notes, 0);
  for (guint i = 0; i < self->note_texts->len; i++) {
    const gchar *role = g_ptr_array_index (self->note_roles, i);
    if ((g_strcmp0 (role, "incoming") == 0 && self->incoming == NULL) ||
        (g_strcmp0 (role, "outgoing") == 0 && self->outgoing == NULL))
      continue;
    g_ptr_array_add (self->notes, g_ptr_array_index (self->note_texts, i));
  }
  return self->notes;
}

void
mf_remedy_add_note (MfRemedy *self, const gchar *note)
{
  mf_remedy_add_note_for (self, "", note);
}

/**
 * mf_remedy_add_note_for:
 * @self: a remedy
 * @role: "incoming", "outgoing", or "" for a note about the whole account
 * @note: what the user should know, in the user's language
 *
 * Since: 0.1
 */
void
mf_remedy_add_note_for (MfRemedy *self, const gchar *role, const gchar *note)
{
  g_return_if_fail (MF_IS_REMEDY (self));
  for (guint i = 0; i < self->note_texts->len; i++) {
    if (g_strcmp0 (g_ptr_array_index (self->note_texts, i), note) == 0)
      return;
  }
  g_ptr_array_add (self->note_roles, g_strdup (role != NULL ? role : ""));
  g_ptr_array_add (self->note_texts, g_strdup (note));
}

/**
 * mf_remedy_is_empty:
 * @self: a remedy
 *
 * Returns: %TRUE if it changes nothing
 *
 * Since: 0.1
 */
gboolean
mf_remedy_is_empty (MfRemedy *self)
{
  g_return_val_if_fail (MF_IS_REMEDY (self), TRUE);
  return self->incoming == NULL && self->outgoing == NULL;
}
