/* mf-wizard-state.c: what the wizard's pages share */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "mf-wizard-state.h"

struct _MfWizardState {
  GObject parent_instance;

  GStrv homes;
  MfAutoconfig *autoconfig;
  MfSession *session;
  GPtrArray *chosen;
  GHashTable *passwords;
  gboolean check_skipped;
  MfPlan *plan;
  GPtrArray *backups;
  GCancellable *cancellable;
};

G_DEFINE_TYPE (MfWizardState, mf_wizard_state, G_TYPE_OBJECT)

enum { SIGNAL_CHOSEN_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

void
mf_wizard_secret_free (gchar *secret)
{
  if (secret == NULL)
    return;
  explicit_bzero (secret, strlen (secret));
  g_free (secret);
}

static void
mf_wizard_state_dispose (GObject *object)
{
  MfWizardState *self = MF_WIZARD_STATE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->plan);
  g_clear_object (&self->session);
  g_clear_object (&self->autoconfig);
  G_OBJECT_CLASS (mf_wizard_state_parent_class)->dispose (object);
}

static void
mf_wizard_state_finalize (GObject *object)
{
  MfWizardState *self = MF_WIZARD_STATE (object);

  g_strfreev (self->homes);
  g_ptr_array_unref (self->chosen);
  g_hash_table_unref (self->passwords);
  g_ptr_array_unref (self->backups);
  g_object_unref (self->cancellable);
  G_OBJECT_CLASS (mf_wizard_state_parent_class)->finalize (object);
}

static void
mf_wizard_state_class_init (MfWizardStateClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = mf_wizard_state_dispose;
  G_OBJECT_CLASS (klass)->finalize = mf_wizard_state_finalize;
  signals[SIGNAL_CHOSEN_CHANGED] = g_signal_new ("chosen-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                                 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
mf_wizard_state_init (MfWizardState *self)
{
  self->chosen = g_ptr_array_new_with_free_func (g_object_unref);
  /* keys are lower-cased addresses: mail systems ignore their case */
  self->passwords = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) mf_wizard_secret_free);
  self->backups = g_ptr_array_new_with_free_func (g_free);
  self->cancellable = g_cancellable_new ();
}

MfWizardState *
mf_wizard_state_new (const gchar * const *homes, MfAutoconfig *autoconfig)
{
  MfWizardState *self = g_object_new (MF_TYPE_WIZARD_STATE, NULL);

  g_return_val_if_fail (autoconfig == NULL || MF_IS_AUTOCONFIG (autoconfig), NULL);
  g_set_object (&self->autoconfig, autoconfig);
  if (homes != NULL && homes[0] != NULL) {
    self->homes = g_strdupv ((gchar **) homes);
  } else {
    self->homes = g_new0 (gchar *, 2);
    self->homes[0] = g_strdup (g_get_home_dir ());
  }
  return self;
}

const gchar * const *
mf_wizard_state_get_homes (MfWizardState *self)
{
  g_return_val_if_fail (MF_IS_WIZARD_STATE (self), NULL);
  return (const gchar * const *) self->homes;
}

MfAutoconfig *
mf_wizard_state_get_autoconfig (MfWizardState *self)
{
  g_return_val_if_fail (MF_IS_WIZARD_STATE (self), NULL);
  return self->autoconfig;
}

MfSession *
mf_wizard_state_get_session (MfWizardState *self)
{
  g_return_val_if_fail (MF_IS_WIZARD_STATE (self), NULL);
  return self->session;
}

void
mf_wizard_state_set_session (MfWizardState *self, MfSession *session)
{
  g_return_if_fail (MF_IS_WIZARD_STATE (self));
  /* a new scan makes every earlier choice refer to stale accounts */
  g_ptr_array_set_size (self->chosen, 0);
  g_hash_table_remove_all (self->passwords);
  g_clear_object (&self->plan);
  self->check_skipped = FALSE;
  g_set_object (&self->session, session);
}

GPtrArray *
mf_wizard_state_get_chosen (MfWizardState *self)
{
  g_return_val_if_fail (MF_IS_WIZARD_STATE (self), NULL);
  return self->chosen;
}

void
mf_wizard_state_set_chosen (MfWizardState *self, GPtrArray *accounts)
{
  g_return_if_fail (MF_IS_WIZARD_STATE (self));
  g_ptr_array_set_size (self->chosen, 0);
  for (guint i = 0; i < accounts->len; i++)
    g_ptr_array_add (self->chosen, g_object_ref (g_ptr_array_index (accounts, i)));
  g_signal_emit (self, signals[SIGNAL_CHOSEN_CHANGED], 0);
}

gboolean
mf_wizard_state_is_chosen (MfWizardState *self, MfAccount *account)
{
  g_return_val_if_fail (MF_IS_WIZARD_STATE (self), FALSE);
  return g_ptr_array_find (self->chosen, account, NULL);
}

/* the user saw "not confirmed" next to the account and chose it anyway;
 * that is no consent to the unconfirmed parts of the other accounts' fixes */
static gboolean
accepts_unconfirmed (MfWizardState *self, MfAccount *account)
{
  return mf_wizard_state_is_chosen (self, account) &&
         mf_session_get_account_state (self->session, account, NULL) == MF_ACCOUNT_STATE_UNCONFIRMED_FIX;
}

MfPlanFlags
mf_wizard_state_get_plan_flags_for (MfWizardState *self, MfAccount *account)
{
  g_return_val_if_fail (MF_IS_WIZARD_STATE (self), MF_PLAN_FLAGS_NONE);
  if (self->session == NULL || !accepts_unconfirmed (self, account))
    return MF_PLAN_FLAGS_NONE;
  return MF_PLAN_FLAGS_INCLUDE_UNCONFIRMED;
}

MfPlan *
mf_wizard_state_plan (MfWizardState *self, GError **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  g_autoptr(GPtrArray) accepted = g_ptr_array_new ();

  g_return_val_if_fail (MF_IS_WIZARD_STATE (self) && self->session != NULL, NULL);
  for (guint i = 0; i < self->chosen->len; i++) {
    MfAccount *account = g_ptr_array_index (self->chosen, i);
    g_ptr_array_add (ids, (gpointer) mf_account_get_id (account));
    if (accepts_unconfirmed (self, account))
      g_ptr_array_add (accepted, (gpointer) mf_account_get_id (account));
  }
  g_ptr_array_add (ids, NULL);
  g_ptr_array_add (accepted, NULL);
  return mf_session_plan_accepting (self->session, (const gchar * const *) ids->pdata,
                                    (const gchar * const *) accepted->pdata, error);
}

GPtrArray *
mf_wizard_state_get_password_addresses (MfWizardState *self)
{
  GPtrArray *addresses = g_ptr_array_new ();

  g_return_val_if_fail (MF_IS_WIZARD_STATE (self), addresses);
  for (guint i = 0; self->session != NULL && i < self->chosen->len; i++) {
    MfAccount *account = g_ptr_array_index (self->chosen, i);
    const gchar *address = mf_account_get_address (account);
    gboolean seen = FALSE;

    if (address == NULL || !mf_session_needs_new_password (self->session, account))
      continue;
    for (guint j = 0; j < addresses->len && !seen; j++)
      seen = g_ascii_strcasecmp (g_ptr_array_index (addresses, j), address) == 0;
    if (!seen)
      g_ptr_array_add (addresses, (gpointer) address);
  }
  return addresses;
}

void
mf_wizard_state_set_password (MfWizardState *self, const gchar *address, const gchar *password)
{
  g_autofree gchar *key = NULL;

  g_return_if_fail (MF_IS_WIZARD_STATE (self));
  g_return_if_fail (address != NULL);
  key = g_ascii_strdown (address, -1);
  if (password == NULL || password[0] == '\0')
    g_hash_table_remove (self->passwords, key);
  else
    g_hash_table_replace (self->passwords, g_steal_pointer (&key), g_strdup (password));
}

const gchar *
mf_wizard_state_get_password (MfWizardState *self, const gchar *address)
{
  g_autofree gchar *key = NULL;

  g_return_val_if_fail (MF_IS_WIZARD_STATE (self), NULL);
  if (address == NULL)
    return NULL;
  key = g_ascii_strdown (address, -1);
  return g_hash_table_lookup (self->passwords, key);
}

gboolean
mf_wizard_state_get_check_skipped (MfWizardState *self)
{
  g_return_val_if_fail (MF_IS_WIZARD_STATE (self), FALSE);
  return self->check_skipped;
}

void
mf_wizard_state_set_check_skipped (MfWizardState *self, gboolean skipped)
{
  g_return_if_fail (MF_IS_WIZARD_STATE (self));
  self->check_skipped = skipped;
}

MfPlan *
mf_wizard_state_get_plan (MfWizardState *self)
{
  g_return_val_if_fail (MF_IS_WIZARD_STATE (self), NULL);
  return self->plan;
}

void
mf_wizard_state_set_plan (MfWizardState *self, MfPlan *plan)
{
  g_return_if_fail (MF_IS_WIZARD_STATE (self));
  g_set_object (&self->plan, plan);
}

GPtrArray *
mf_wizard_state_get_backups (MfWizardState *self)
{
  g_return_val_if_fail (MF_IS_WIZARD_STATE (self), NULL);
  return self->backups;
}

GCancellable *
mf_wizard_state_get_cancellable (MfWizardState *self)
{
  g_return_val_if_fail (MF_IS_WIZARD_STATE (self), NULL);
  return self->cancellable;
}

const gchar *
mf_wizard_state_get_language (void)
{
  /* TRANSLATORS: the code of the language you translate into ("ja" for
   * Japanese); the wizard shows a provider's own instructions in it */
  return C_("language code", "en");
}
