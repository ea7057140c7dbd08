/* mf-session-password.c: a new password stored where each client reads it,
 * recorded so it can be undone. The journal holds only references to
 * keyring items: the previous password moves into a mailfix backup item in
 * the keyring itself, never into a file. */
#include "config.h"

#include <json-glib/json-glib.h>

#include "mf-atomic-file.h"
#include "mf-error.h"
#include "mf-private.h"
#include "mf-secret.h"
#include "mf-advice.h"
#include "mf-session-private.h"
#include "mf-transaction.h"

#define KEYRING_JOURNAL "keyring.json"

typedef struct {
  MfKeyringItem *item;
  gboolean had_old;
  gboolean changed;
} Entry;

static void
entry_free (Entry *e)
{
  mf_keyring_item_free (e->item);
  g_free (e);
}

static gboolean
write_journal (const gchar *dir, GPtrArray *entries, GError **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree gchar *path = g_build_filename (dir, KEYRING_JOURNAL, NULL);
  g_autofree gchar *text = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, 1);
  json_builder_set_member_name (b, "items");
  json_builder_begin_array (b);
  for (guint i = 0; i < entries->len; i++) {
    Entry *e = g_ptr_array_index (entries, i);
    json_builder_begin_object (b);
    json_builder_set_member_name (b, "schema");
    json_builder_add_string_value (b, "org.gnome.Evolution.Data.Source");
    json_builder_set_member_name (b, "e-source-uid");
    json_builder_add_string_value (b, e->item->uid);
    json_builder_set_member_name (b, "label");
    json_builder_add_string_value (b, e->item->label);
    json_builder_set_member_name (b, "had_old");
    json_builder_add_boolean_value (b, e->had_old);
    json_builder_end_object (b);
  }
  json_builder_end_array (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  text = json_generator_to_data (gen, NULL);
  return mf_atomic_file_replace (path, (const guint8 *) text, strlen (text), 0600, error);
}

/* puts one item back as it was before: the previous password, or none.
 * The backup item stays until the journal records the undo, so an undo
 * cut short can be done again. */
static gboolean
restore_entry (const gchar *backup_id, const gchar *uid, const gchar *label, gboolean had_old, GError **error)
{
  g_autoptr(GError) error_local = NULL;
  g_autofree gchar *old = NULL;
  gboolean ok;

  if (!had_old)
    return mf_secret_evo_clear (uid, error);
  old = mf_secret_backup_lookup (backup_id, uid, &error_local);
  if (old == NULL) {
    if (error_local != NULL) {
      g_propagate_error (error, g_steal_pointer (&error_local));
    } else {
      g_set_error (error, MF_ERROR, MF_ERROR_NOT_FOUND,
                   _("the previous password of %s is no longer in the keyring"), uid);
    }
    return FALSE;
  }
  ok = mf_secret_evo_store (uid, label, old, error);
  mf_secret_free (g_steal_pointer (&old));
  return ok;
}

/* after a failed change: every item put back, the journal told, and only
 * then the backup items removed */
static void
undo_entries (MfTransaction *txn, GPtrArray *entries)
{
  const gchar *backup_id = mf_transaction_get_id (txn);
  g_autoptr(GError) error_journal = NULL;
  g_autoptr(MfJournal) journal = NULL;
  gboolean undone = TRUE;

  for (guint i = 0; i < entries->len; i++) {
    Entry *e = g_ptr_array_index (entries, i);
    g_autoptr(GError) error_local = NULL;
    if (e->changed && !restore_entry (backup_id, e->item->uid, e->item->label, e->had_old, &error_local)) {
      g_warning ("cannot put back the password of %s: %s", e->item->uid, error_local->message);
      undone = FALSE;
    }
  }
  journal = mf_journal_load (mf_transaction_get_backup_dir (txn), &error_journal);
  if (journal == NULL ||
      !mf_journal_set_state (journal, undone ? MF_JOURNAL_STATE_ROLLED_BACK : MF_JOURNAL_STATE_INCOMPLETE,
                             &error_journal)) {
    /* the journal still says the change was made: "mailfix rollback"
     * puts the items back from the backup items kept */
    g_warning ("backup %s: %s", backup_id, error_journal->message);
    return;
  }
  for (guint i = 0; undone && i < entries->len; i++) {
    Entry *e = g_ptr_array_index (entries, i);
    if (e->had_old)
      mf_secret_backup_clear (backup_id, e->item->uid, NULL);
  }
}

/* a store that keeps passwords in files: one transaction, so the backup
 * and rollback are those of every other change */
static gboolean
set_password_in_files (MfSession *self, MfStore *store, MfAccount *account, const gchar *password,
                       gchar **backup_id, GError **error)
{
  MfProfile *profile = mf_account_get_profile (account);
  g_autoptr(GPtrArray) profiles = g_ptr_array_new ();
  g_autoptr(GPtrArray) locks = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(MfTransaction) txn = NULL;
  g_autofree gchar *root = mf_session_get_backup_root (self, mf_profile_get_home (profile));
  MfDiagnosis *diagnosis;

  g_ptr_array_add (profiles, profile);
  if (!mf_session_lock_profiles (self, profiles, locks, error))
    return FALSE;
  diagnosis = mf_session_get_diagnosis (self, account);
  files = mf_store_password_files (store, account, diagnosis != NULL ? mf_diagnosis_get_provider (diagnosis) : NULL,
                                   password, mf_session_get_apply_notes (self), error);
  if (files == NULL) {
    mf_session_release_locks (locks);
    return FALSE;
  }
  txn = mf_transaction_new (root, password != NULL ? "password" : "password removal");
  for (guint i = 0; i < files->len; i++) {
    MfPlanFile *file = g_ptr_array_index (files, i);
    mf_transaction_add (txn, mf_plan_file_get_path (file), mf_plan_file_get_old (file), mf_plan_file_get_new (file));
  }
  if (!mf_transaction_commit (txn, error)) {
    mf_session_release_locks (locks);
    return FALSE;
  }
  mf_session_release_locks (locks);
  if (backup_id != NULL)
    *backup_id = g_strdup (mf_transaction_get_id (txn));
  return TRUE;
}

/**
 * mf_session_can_store_password:
 * @self: a session that has scanned
 * @account_id: the account
 *
 * Whether mailfix can store a password where the account's mail client
 * reads it. Where it cannot (Outlook and Windows Mail keep passwords
 * encrypted for the Windows user), mf_session_set_password() only removes
 * the old one, so the client asks for the new one.
 *
 * Returns: %TRUE if a password given to mf_session_set_password() is stored
 *
 * Since: 0.1
 */
gboolean
mf_session_can_store_password (MfSession *self, const gchar *account_id)
{
  MfAccount *account;

  g_return_val_if_fail (MF_IS_SESSION (self), FALSE);
  account = mf_session_find_account (self, account_id);
  if (account == NULL)
    return FALSE;
  return mf_store_can_store_passwords (mf_session_store_for (self, mf_profile_get_store (mf_account_get_profile (account))));
}

/**
 * mf_session_set_password:
 * @self: a session that has scanned
 * @account_id: the account
 * @password: (nullable): the new password, or %NULL to remove the stored one
 * @backup_id: (out) (optional): the backup that undoes the change
 * @error: return location for a #GError
 *
 * Stores the password where the account's mail client reads it, for
 * receiving and sending, replacing any stored before. A password that
 * breaks the provider's app-password rules is refused before anything is
 * touched. Refuses while the client runs. The previous password stays recoverable through the backup
 * (in the keyring, never in a file) until the backup is restored.
 *
 * Returns: %TRUE if every item was written
 *
 * Since: 0.1
 */
gboolean
mf_session_set_password (MfSession *self, const gchar *account_id, const gchar *password,
                         gchar **backup_id, GError **error)
{
  MfAccount *account;
  MfProfile *profile;
  MfStore *store;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  g_autoptr(GPtrArray) profiles = g_ptr_array_new ();
  g_autoptr(GPtrArray) locks = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(MfTransaction) txn = NULL;
  g_autofree gchar *root = NULL;
  const gchar *id;

  g_return_val_if_fail (MF_IS_SESSION (self), FALSE);
  account = mf_session_find_account (self, account_id);
  if (account == NULL) {
    g_set_error (error, MF_ERROR, MF_ERROR_NOT_FOUND,
                 _("there is no account %s; \"mailfix scan\" lists the account IDs"), account_id);
    return FALSE;
  }
  /* a mistyped password is caught here, before the disk or the network */
  if (password != NULL && !mf_session_check_password (self, account, password, error))
    return FALSE;
  profile = mf_account_get_profile (account);
  store = mf_session_store_for (self, mf_profile_get_store (profile));
  if (mf_store_has_password_files (store))
    return set_password_in_files (self, store, account, password, backup_id, error);
  items = mf_store_keyring_items (store, account);
  if (items == NULL) {
    g_set_error (error, MF_ERROR, MF_ERROR_UNSUPPORTED,
                 _("mailfix cannot store passwords for %s accounts yet"), mf_profile_get_store (profile));
    return FALSE;
  }

  g_ptr_array_add (profiles, profile);
  if (!mf_session_lock_profiles (self, profiles, locks, error))
    return FALSE;
  /* a backup with no files: its journal names the keyring items */
  root = mf_session_get_backup_root (self, mf_profile_get_home (profile));
  txn = mf_transaction_new (root, password != NULL ? "password" : "password removal");
  if (!mf_transaction_commit (txn, error)) {
    mf_session_release_locks (locks);
    return FALSE;
  }
  id = mf_transaction_get_id (txn);

  for (guint i = 0; i < items->len; i++) {
    MfKeyringItem *item = g_ptr_array_index (items, i);
    g_autoptr(GError) error_local = NULL;
    gchar *old = mf_secret_evo_lookup (item->uid, &error_local);
    Entry *e;

    if (error_local != NULL || (old != NULL && !mf_secret_backup_store (id, item->uid, old, &error_local))) {
      mf_secret_free (old);
      undo_entries (txn, entries);
      mf_session_release_locks (locks);
      g_propagate_error (error, g_steal_pointer (&error_local));
      return FALSE;
    }
    e = g_new0 (Entry, 1);
    e->item = mf_keyring_item_new (item->uid, item->label);
    e->had_old = old != NULL;
    mf_secret_free (old);
    g_ptr_array_add (entries, e);
  }
  if (!write_journal (mf_transaction_get_backup_dir (txn), entries, error)) {
    undo_entries (txn, entries);
    mf_session_release_locks (locks);
    return FALSE;
  }
  for (guint i = 0; i < entries->len; i++) {
    Entry *e = g_ptr_array_index (entries, i);
    gboolean ok = password != NULL ? mf_secret_evo_store (e->item->uid, e->item->label, password, error)
                                   : mf_secret_evo_clear (e->item->uid, error);
    e->changed = TRUE;
    if (!ok) {
      undo_entries (txn, entries);
      mf_session_release_locks (locks);
      return FALSE;
    }
  }
  mf_session_release_locks (locks);
  if (backup_id != NULL)
    *backup_id = g_strdup (id);
  return TRUE;
}

/**
 * mf_session_check_password:
 * @self: a session that has scanned
 * @account: one of its accounts
 * @password: a new password
 * @error: return location for a #GError
 *
 * Checks @password against the app-password rules of the account's
 * provider, touching nothing.
 *
 * Returns: %TRUE if the password can be the provider's app password
 *
 * Since: 0.1
 */
gboolean
mf_session_check_password (MfSession *self, MfAccount *account, const gchar *password, GError **error)
{
  MfDiagnosis *diagnosis;
  MfProvider *provider;

  g_return_val_if_fail (MF_IS_SESSION (self), FALSE);
  g_return_val_if_fail (password != NULL, FALSE);
  diagnosis = mf_session_get_diagnosis (self, account);
  provider = diagnosis != NULL ? mf_diagnosis_get_provider (diagnosis) : NULL;
  return provider == NULL || mf_provider_check_password (provider, password, error);
}

/**
 * mf_session_find_accounts_by_provider:
 * @self: a session that has scanned
 * @provider_id: a provider's ID, as mf_provider_get_id() gives it
 *
 * Every mail account of the provider, in every client found: what an ISP's
 * unattended run fixes, and what a new password of that provider is for.
 * Archives, news and other accounts that are not mail are left out.
 *
 * Returns: (transfer container) (element-type MfAccount): the accounts
 *
 * Since: 0.1
 */
GPtrArray *
mf_session_find_accounts_by_provider (MfSession *self, const gchar *provider_id)
{
  GPtrArray *found = g_ptr_array_new ();
  GPtrArray *diagnoses;

  g_return_val_if_fail (MF_IS_SESSION (self), found);
  g_return_val_if_fail (provider_id != NULL, found);
  diagnoses = mf_session_get_diagnoses (self);
  for (guint i = 0; i < diagnoses->len; i++) {
    MfDiagnosis *diagnosis = g_ptr_array_index (diagnoses, i);
    MfProvider *provider = mf_diagnosis_get_provider (diagnosis);
    MfAccount *account = mf_diagnosis_get_account (diagnosis);

    if (provider != NULL && mf_account_get_kind (account) == MF_ACCOUNT_KIND_MAIL &&
        g_ascii_strcasecmp (mf_provider_get_id (provider), provider_id) == 0)
      g_ptr_array_add (found, account);
  }
  return found;
}

/**
 * mf_session_find_accounts_by_address:
 * @self: a session that has scanned
 * @address: an e-mail address
 *
 * Every account that sends as @address, in every client found: after a
 * provider issues a new password, each of them needs it.
 *
 * Returns: (transfer container) (element-type MfAccount): the accounts
 *
 * Since: 0.1
 */
GPtrArray *
mf_session_find_accounts_by_address (MfSession *self, const gchar *address)
{
  GPtrArray *found = g_ptr_array_new ();
  GPtrArray *accounts;

  g_return_val_if_fail (MF_IS_SESSION (self), found);
  accounts = mf_session_get_accounts (self);
  for (guint i = 0; i < accounts->len; i++) {
    MfAccount *account = g_ptr_array_index (accounts, i);
    GPtrArray *identities = mf_account_get_identities (account);
    if (mf_account_get_kind (account) == MF_ACCOUNT_KIND_ARCHIVE)
      continue;
    for (guint j = 0; j < identities->len; j++) {
      if (g_ascii_strcasecmp (mf_identity_get_address (g_ptr_array_index (identities, j)) != NULL
                              ? mf_identity_get_address (g_ptr_array_index (identities, j)) : "", address) == 0) {
        g_ptr_array_add (found, account);
        break;
      }
    }
  }
  return found;
}

/**
 * mf_session_get_stored_password:
 * @self: a session that has scanned
 * @account: one of its accounts
 * @error: return location for a #GError
 *
 * The password the account's client has stored for receiving mail, to
 * try it against the server. Wipe it (memset before g_free) after use;
 * never print it.
 *
 * Returns: (transfer full) (nullable): the password, or %NULL with no
 *   error when none is stored
 *
 * Since: 0.1
 */
gchar *
mf_session_get_stored_password (MfSession *self, MfAccount *account, GError **error)
{
  MfStore *store;
  g_autoptr(GPtrArray) profiles = g_ptr_array_new ();
  g_autoptr(GPtrArray) locks = g_ptr_array_new_with_free_func (g_free);
  gchar *password;

  g_return_val_if_fail (MF_IS_SESSION (self), NULL);
  store = mf_session_store_for (self, mf_profile_get_store (mf_account_get_profile (account)));
  /* Thunderbird's key database is not opened under a running Thunderbird */
  g_ptr_array_add (profiles, mf_account_get_profile (account));
  if (!mf_session_lock_profiles (self, profiles, locks, error))
    return NULL;
  password = mf_store_stored_password (store, account, error);
  mf_session_release_locks (locks);
  return password;
}

/* the items a backup's keyring journal names; an empty list for a backup
 * of files only */
static JsonParser *
read_keyring_journal (MfBackup *backup, JsonArray **items, GError **error)
{
  g_autofree gchar *path = g_build_filename (mf_backup_get_dir (backup), KEYRING_JOURNAL, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error_local = NULL;

  *items = NULL;
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return g_steal_pointer (&parser);
  if (!json_parser_load_from_file (parser, path, &error_local) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser))) {
    g_set_error (error, MF_ERROR, MF_ERROR_PARSE, _("%s cannot be read: %s"), path,
                 error_local != NULL ? error_local->message : _("not a JSON object"));
    return NULL;
  }
  *items = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "items");
  return g_steal_pointer (&parser);
}

gboolean
mf_session_restore_keyring (MfBackup *backup, GError **error)
{
  JsonArray *items = NULL;
  g_autoptr(JsonParser) parser = NULL;

  /* nothing to put back: restoring the backup's files says why */
  if (g_strcmp0 (mf_backup_get_state (backup), MF_JOURNAL_STATE_RESTORED) == 0 ||
      g_strcmp0 (mf_backup_get_state (backup), MF_JOURNAL_STATE_ROLLED_BACK) == 0)
    return TRUE;
  parser = read_keyring_journal (backup, &items, error);
  if (parser == NULL)
    return FALSE;
  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++) {
    JsonObject *item = json_array_get_object_element (items, i);
    const gchar *uid = json_object_get_string_member_with_default (item, "e-source-uid", NULL);
    const gchar *label = json_object_get_string_member_with_default (item, "label", uid);
    gboolean had_old = json_object_get_boolean_member_with_default (item, "had_old", FALSE);

    if (uid == NULL || !restore_entry (mf_backup_get_id (backup), uid, label, had_old, error))
      return FALSE;
  }
  return TRUE;
}

void
mf_session_forget_keyring_backup (MfBackup *backup)
{
  JsonArray *items = NULL;
  g_autoptr(JsonParser) parser = read_keyring_journal (backup, &items, NULL);

  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++) {
    JsonObject *item = json_array_get_object_element (items, i);
    const gchar *uid = json_object_get_string_member_with_default (item, "e-source-uid", NULL);
    if (uid != NULL && json_object_get_boolean_member_with_default (item, "had_old", FALSE))
      mf_secret_backup_clear (mf_backup_get_id (backup), uid, NULL);
  }
}

static void
add_note (GPtrArray *notes, gchar *note)
{
  if (notes != NULL && !g_ptr_array_find_with_equal_func (notes, note, g_str_equal, NULL))
    g_ptr_array_add (notes, note);
  else
    g_free (note);
}

/**
 * mf_session_set_password_for_address:
 * @self: a session that has scanned (after an apply, scan again first: the
 *   apply may have added accounts and changed the files read)
 * @address: the mail address
 * @password: the new password
 * @backup_ids: (element-type utf8) (optional): receives the backups that
 *   undo each change
 * @notes: (element-type utf8) (optional): receives, in plain words, what
 *   happened in each mail program
 *
 * Stores @password in every account of @address in every mail program
 * found, so none is left with the old one. Where a program keeps
 * passwords out of reach (Outlook, Windows Mail), the old one is removed
 * and the note says the program will ask.
 *
 * Returns: %TRUE if every account took the change
 *
 * Since: 0.1
 */
gboolean
mf_session_set_password_for_address (MfSession *self, const gchar *address, const gchar *password,
                                     GPtrArray *backup_ids, GPtrArray *notes)
{
  g_autoptr(GPtrArray) targets = NULL;
  gboolean ok = TRUE;

  g_return_val_if_fail (MF_IS_SESSION (self), FALSE);
  g_return_val_if_fail (address != NULL && password != NULL, FALSE);
  mf_i18n_init ();
  targets = mf_session_find_accounts_by_address (self, address);
  for (guint i = 0; i < targets->len; i++) {
    MfAccount *target = g_ptr_array_index (targets, i);
    const gchar *id = mf_account_get_id (target);
    const gchar *client = mf_account_get_client_name (target);
    g_autoptr(GError) error = NULL;
    gchar *backup = NULL;

    if (!mf_session_set_password (self, id, password, &backup, &error)) {
      add_note (notes, g_strdup_printf (_("The new password for %s could not be stored in %s: %s"), address, client,
                                        error->message));
      ok = FALSE;
      continue;
    }
    if (backup_ids != NULL)
      g_ptr_array_add (backup_ids, backup);
    else
      g_free (backup);
    if (mf_session_can_store_password (self, id))
      add_note (notes, g_strdup_printf (_("The new password for %s is stored in %s."), address, client));
    else
      add_note (notes, g_strdup_printf (_("%s will ask for the new password for %s the next time it starts. "
                                          "Type the same password there."), client, address));
  }
  return ok;
}
