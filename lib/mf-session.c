/* mf-session.c: scan, diagnose, plan, apply and roll back */
#include "config.h"

#include <string.h>

#include "mf-confine.h"
#include "mf-error.h"
#include "mf-private.h"
#include "mf-provider-private.h"
#include "mf-session.h"
#include "mf-session-private.h"
#include "mf-store.h"
#include "mf-transaction.h"

G_DEFINE_FINAL_TYPE (MfSession, mf_session, G_TYPE_OBJECT)

static void
mf_session_finalize (GObject *object)
{
  MfSession *self = MF_SESSION (object);

  g_clear_object (&self->db);
  g_clear_object (&self->autoconfig);
  g_ptr_array_unref (self->homes);
  g_ptr_array_unref (self->profile_paths);
  g_ptr_array_unref (self->stores);
  g_ptr_array_unref (self->profiles);
  g_ptr_array_unref (self->accounts);
  g_ptr_array_unref (self->diagnoses);
  g_ptr_array_unref (self->problems);
  g_ptr_array_unref (self->apply_notes);
  G_OBJECT_CLASS (mf_session_parent_class)->finalize (object);
}

static void
mf_session_class_init (MfSessionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mf_session_finalize;
}

static void
mf_session_init (MfSession *self)
{
  self->homes = g_ptr_array_new_with_free_func (g_free);
  self->profile_paths = g_ptr_array_new_with_free_func (g_free);
  self->stores = mf_store_get_all ();
  self->profiles = g_ptr_array_new_with_free_func (g_object_unref);
  self->accounts = g_ptr_array_new_with_free_func (g_object_unref);
  self->diagnoses = g_ptr_array_new_with_free_func (g_object_unref);
  self->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  self->apply_notes = g_ptr_array_new_with_free_func (g_free);
}

/**
 * mf_session_new:
 *
 * Returns: (transfer full): a session with no homes; mf_session_scan()
 *   then looks in the current user's home
 *
 * Since: 0.1
 */
MfSession *
mf_session_new (void)
{
  mf_i18n_init ();
  return g_object_new (MF_TYPE_SESSION, NULL);
}

void
mf_session_set_provider_db (MfSession *self, MfProviderDb *db)
{
  g_return_if_fail (MF_IS_SESSION (self));
  g_set_object (&self->db, db);
}

/**
 * mf_session_get_provider_db:
 * @self: a session
 *
 * Returns: (transfer none) (nullable): the provider database in use
 *
 * Since: 0.1
 */
MfProviderDb *
mf_session_get_provider_db (MfSession *self)
{
  g_return_val_if_fail (MF_IS_SESSION (self), NULL);
  return self->db;
}

/**
 * mf_session_set_autoconfig:
 * @self: a session
 * @autoconfig: (nullable): how to look mail domains up on the network;
 *   %NULL (the default) to look nothing up
 *
 * With a lookup set, mf_session_scan() looks up the domain of every
 * account that the provider database does not know (by its address or
 * its servers), once per domain and several at a time, and adds what it
 * finds to the session's provider database for this run. The diagnosis
 * then uses it as it would a provider file, with the confidence
 * autoconfiguration gives (see #MfAutoconfig). A domain for which nothing
 * is found is diagnosed as before; it is not a problem of the scan.
 *
 * Since: 0.1
 */
void
mf_session_set_autoconfig (MfSession *self, MfAutoconfig *autoconfig)
{
  g_return_if_fail (MF_IS_SESSION (self));
  g_return_if_fail (autoconfig == NULL || MF_IS_AUTOCONFIG (autoconfig));
  g_set_object (&self->autoconfig, autoconfig);
}

void
mf_session_add_home (MfSession *self, const gchar *home)
{
  g_return_if_fail (MF_IS_SESSION (self));
  /* root working on someone else's home stays inside it */
  mf_confine_home (home);
  g_ptr_array_add (self->homes, g_canonicalize_filename (home, NULL));
}

void
mf_session_add_profile_path (MfSession *self, const gchar *path)
{
  g_return_if_fail (MF_IS_SESSION (self));
  g_ptr_array_add (self->profile_paths, g_canonicalize_filename (path, NULL));
}

/* Windows keeps its own profiles and links beside the users' folders */
static gboolean
is_windows_user (const gchar *dir, const gchar *name)
{
  static const gchar *const not_users[] = { "all users", "default", "default user", "public", "localservice",
                                            "networkservice", NULL };
  g_autofree gchar *lower = g_ascii_strdown (name, -1);
  g_autofree gchar *path = g_build_filename (dir, name, NULL);

  return !g_strv_contains (not_users, lower) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK) &&
         g_file_test (path, G_FILE_TEST_IS_DIR);
}

/**
 * mf_session_add_windows_root:
 * @self: a session
 * @root: where a Windows disk is mounted
 * @error: return location for a #GError
 *
 * Adds every user folder of the Windows installation on @root (under
 * Users, or Documents and Settings on Windows XP) as a home to scan.
 *
 * Returns: %TRUE if @root holds user folders
 *
 * Since: 0.1
 */
gboolean
mf_session_add_windows_root (MfSession *self, const gchar *root, GError **error)
{
  static const gchar *const parents[] = { "users", "documents and settings", NULL };
  g_autoptr(GDir) top = NULL;
  const gchar *name;
  guint found = 0;

  g_return_val_if_fail (MF_IS_SESSION (self), FALSE);
  top = g_dir_open (root, 0, error);
  if (top == NULL)
    return FALSE;
  /* a disk mounted without case folding may spell them in any case */
  while ((name = g_dir_read_name (top)) != NULL) {
    g_autofree gchar *lower = g_ascii_strdown (name, -1);
    g_autofree gchar *parent = g_build_filename (root, name, NULL);
    g_autoptr(GDir) users = NULL;
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
    const gchar *user;

    if (!g_strv_contains (parents, lower) || (users = g_dir_open (parent, 0, NULL)) == NULL)
      continue;
    while ((user = g_dir_read_name (users)) != NULL)
      if (is_windows_user (parent, user))
        g_ptr_array_add (names, g_strdup (user));
    g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
    for (guint i = 0; i < names->len; i++) {
      g_autofree gchar *home = g_build_filename (parent, g_ptr_array_index (names, i), NULL);
      mf_session_add_home (self, home);
      found++;
    }
  }
  if (found == 0) {
    g_set_error (error, MF_ERROR, MF_ERROR_NOT_FOUND,
                 _("%s does not look like a Windows disk: it has no Users or Documents and Settings folder "
                   "with user folders in it"), root);
    return FALSE;
  }
  return TRUE;
}

MfStore *
mf_session_store_for (MfSession *self, const gchar *name)
{
  for (guint i = 0; i < self->stores->len; i++) {
    MfStore *store = g_ptr_array_index (self->stores, i);
    if (g_strcmp0 (mf_store_get_name (store), name) == 0)
      return store;
  }
  return NULL;
}

/**
 * mf_session_get_profiles:
 * @self: a session
 *
 * Returns: (transfer none) (element-type MfProfile): the profiles found
 *
 * Since: 0.1
 */
GPtrArray *
mf_session_get_profiles (MfSession *self)
{
  g_return_val_if_fail (MF_IS_SESSION (self), NULL);
  return self->profiles;
}

/**
 * mf_session_get_accounts:
 * @self: a session
 *
 * Returns: (transfer none) (element-type MfAccount): every account found
 *
 * Since: 0.1
 */
GPtrArray *
mf_session_get_accounts (MfSession *self)
{
  g_return_val_if_fail (MF_IS_SESSION (self), NULL);
  return self->accounts;
}

/**
 * mf_session_get_diagnoses:
 * @self: a session
 *
 * Returns: (transfer none) (element-type MfDiagnosis): one per account, in
 *   the same order
 *
 * Since: 0.1
 */
GPtrArray *
mf_session_get_diagnoses (MfSession *self)
{
  g_return_val_if_fail (MF_IS_SESSION (self), NULL);
  return self->diagnoses;
}

/**
 * mf_session_get_problems:
 * @self: a session
 *
 * Returns: (transfer none) (element-type GError): what could not be read,
 *   each naming its file
 *
 * Since: 0.1
 */
GPtrArray *
mf_session_get_problems (MfSession *self)
{
  g_return_val_if_fail (MF_IS_SESSION (self), NULL);
  return self->problems;
}

/**
 * mf_session_find_account:
 * @self: a session
 * @id: an account ID
 *
 * Returns: (transfer none) (nullable): the account with that ID
 *
 * Since: 0.1
 */
MfAccount *
mf_session_find_account (MfSession *self, const gchar *id)
{
  g_return_val_if_fail (MF_IS_SESSION (self), NULL);
  for (guint i = 0; i < self->accounts->len; i++) {
    MfAccount *account = g_ptr_array_index (self->accounts, i);
    if (g_strcmp0 (mf_account_get_id (account), id) == 0)
      return account;
  }
  return NULL;
}

/**
 * mf_session_get_diagnosis:
 * @self: a session
 * @account: an account of this session
 *
 * Returns: (transfer none) (nullable): its diagnosis
 *
 * Since: 0.1
 */
MfDiagnosis *
mf_session_get_diagnosis (MfSession *self, MfAccount *account)
{
  g_return_val_if_fail (MF_IS_SESSION (self), NULL);
  for (guint i = 0; i < self->diagnoses->len; i++) {
    MfDiagnosis *diagnosis = g_ptr_array_index (self->diagnoses, i);
    if (mf_diagnosis_get_account (diagnosis) == account)
      return diagnosis;
  }
  return NULL;
}

static gboolean
wanted (const gchar * const *ids, MfAccount *account)
{
  return ids == NULL || g_strv_contains (ids, mf_account_get_id (account));
}

static gboolean
accepted (const gchar * const *accepted_ids, MfAccount *account)
{
  return accepted_ids != NULL && g_strv_contains (accepted_ids, mf_account_get_id (account));
}

static gboolean
all_known (MfSession *self, const gchar * const *ids, GError **error)
{
  for (guint i = 0; ids != NULL && ids[i] != NULL; i++) {
    if (mf_session_find_account (self, ids[i]) == NULL) {
      g_set_error (error, MF_ERROR, MF_ERROR_NOT_FOUND,
                   _("there is no account %s; \"mailfix scan\" lists the account IDs"), ids[i]);
      return FALSE;
    }
  }
  return TRUE;
}

static MfPlan *
plan_accounts (MfSession *self, const gchar * const *account_ids, gboolean accept_all,
               const gchar * const *accepted_ids, GError **error)
{
  g_autoptr(MfPlan) plan = mf_plan_new ();

  if (!all_known (self, account_ids, error))
    return NULL;
  for (guint i = 0; i < self->profiles->len; i++) {
    MfProfile *profile = g_ptr_array_index (self->profiles, i);
    g_autoptr(GPtrArray) remedies = g_ptr_array_new_with_free_func (g_object_unref);

    for (guint j = 0; j < self->diagnoses->len; j++) {
      MfDiagnosis *diagnosis = g_ptr_array_index (self->diagnoses, j);
      MfAccount *account = mf_diagnosis_get_account (diagnosis);
      MfRemedy *remedy = mf_diagnosis_get_remedy (diagnosis);

      if (remedy == NULL || mf_account_get_profile (account) != profile || !wanted (account_ids, account))
        continue;
      if (!mf_remedy_get_confirmed (remedy) && !accept_all && !accepted (accepted_ids, account)) {
        gboolean in_ok = mf_remedy_get_incoming (remedy) != NULL && mf_remedy_get_incoming_confirmed (remedy);
        gboolean out_ok = mf_remedy_get_outgoing (remedy) != NULL && mf_remedy_get_outgoing_confirmed (remedy);
        g_autoptr(MfRemedy) left_out = mf_remedy_copy_part (remedy,
                                                            mf_remedy_get_incoming (remedy) != NULL && !in_ok,
                                                            mf_remedy_get_outgoing (remedy) != NULL && !out_ok);
        mf_plan_add_skipped (plan, left_out,
                             _("unconfirmed: the provider's settings for it are not known for certain"));
        if (!in_ok && !out_ok)
          continue;
        remedy = mf_remedy_copy_part (remedy, in_ok, out_ok);
      } else {
        g_object_ref (remedy);
      }
      g_ptr_array_add (remedies, remedy);
      mf_plan_add_remedy (plan, remedy);
    }
    if (remedies->len > 0 &&
        !mf_store_plan (mf_session_store_for (self, mf_profile_get_store (profile)), profile, remedies, plan, error))
      return NULL;
  }
  return g_steal_pointer (&plan);
}

/**
 * mf_session_plan:
 * @self: a session that has scanned
 * @account_ids: (nullable) (array zero-terminated=1): the accounts to fix;
 *   %NULL for all
 * @flags: what to include
 * @error: return location for a #GError
 *
 * Works out the exact edits that carry out the remedies. Nothing is written.
 * Unconfirmed remedies are listed as skipped unless @flags includes them.
 *
 * Returns: (transfer full): the plan, or %NULL if an account ID is unknown
 *   or a store refuses the change
 *
 * Since: 0.1
 */
MfPlan *
mf_session_plan (MfSession *self, const gchar * const *account_ids, MfPlanFlags flags, GError **error)
{
  g_return_val_if_fail (MF_IS_SESSION (self), NULL);
  return plan_accounts (self, account_ids, (flags & MF_PLAN_FLAGS_INCLUDE_UNCONFIRMED) != 0, NULL, error);
}

/**
 * mf_session_plan_accepting:
 * @self: a session that has scanned
 * @account_ids: (nullable) (array zero-terminated=1): the accounts to fix;
 *   %NULL for all
 * @accepted_ids: (nullable) (array zero-terminated=1): the accounts whose
 *   unconfirmed remedies the user accepted, one by one
 * @error: return location for a #GError
 *
 * Like mf_session_plan(), but the unconfirmed parts of a fix are made only
 * for the accounts in @accepted_ids: a user who agrees to the standard fix
 * of one account has not agreed to it for the others.
 *
 * Returns: (transfer full): the plan, or %NULL if an account ID is unknown
 *   or a store refuses the change
 *
 * Since: 0.1
 */
MfPlan *
mf_session_plan_accepting (MfSession *self, const gchar * const *account_ids, const gchar * const *accepted_ids,
                           GError **error)
{
  g_return_val_if_fail (MF_IS_SESSION (self), NULL);
  if (!all_known (self, accepted_ids, error))
    return NULL;
  return plan_accounts (self, account_ids, FALSE, accepted_ids, error);
}

/**
 * mf_session_get_backup_root:
 * @self: a session
 * @home: (nullable): a home directory
 *
 * Backups of files under a home are kept in that home, readable only by
 * its owner; others in the current user's state directory.
 *
 * Returns: (transfer full): the directory backups are kept in
 *
 * Since: 0.1
 */
gchar *
mf_session_get_backup_root (MfSession *self, const gchar *home)
{
  g_return_val_if_fail (MF_IS_SESSION (self), NULL);
  if (home != NULL)
    return g_build_filename (home, ".local", "state", "mailfix", "backups", NULL);
  return g_build_filename (g_get_user_state_dir (), "mailfix", "backups", NULL);
}

/* the part of a plan whose backups go to one directory: one home's */
typedef struct {
  gchar *root;
  MfTransaction *txn;
  GPtrArray *profiles;
} RootTxn;

static void
root_txn_free (RootTxn *rt)
{
  g_free (rt->root);
  mf_transaction_free (rt->txn);
  g_ptr_array_unref (rt->profiles);
  g_free (rt);
}

typedef struct {
  MfStore *store;
  gpointer lock;
} HeldLock;

void
mf_session_release_locks (GPtrArray *locks)
{
  for (guint i = 0; i < locks->len; i++) {
    HeldLock *held = g_ptr_array_index (locks, i);
    mf_store_unlock (held->store, held->lock);
  }
  g_ptr_array_set_size (locks, 0);
}

static gint
by_path (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (mf_profile_get_path (*(MfProfile **) a), mf_profile_get_path (*(MfProfile **) b));
}

/* in the order of their paths, so that two threads locking overlapping
 * sets cannot each hold what the other waits for */
gboolean
mf_session_lock_profiles (MfSession *self, GPtrArray *profiles, GPtrArray *locks, GError **error)
{
  g_autoptr(GPtrArray) ordered = g_ptr_array_copy (profiles, NULL, NULL);

  g_ptr_array_sort (ordered, by_path);
  for (guint i = 0; i < ordered->len; i++) {
    MfProfile *profile = g_ptr_array_index (ordered, i);
    MfStore *store = mf_session_store_for (self, mf_profile_get_store (profile));
    gpointer lock = mf_store_lock (store, profile, error);
    HeldLock *held;

    if (lock == NULL) {
      mf_session_release_locks (locks);
      return FALSE;
    }
    held = g_new0 (HeldLock, 1);
    held->store = store;
    held->lock = lock;
    g_ptr_array_add (locks, held);
  }
  return TRUE;
}

/* when a later transaction fails, the ones already committed are undone,
 * so the whole apply is all or nothing */
static void
undo_committed (MfSession *self, GPtrArray *txns, guint committed)
{
  for (guint i = 0; i < committed; i++) {
    RootTxn *rt = g_ptr_array_index (txns, i);
    g_autoptr(GError) error_local = NULL;
    g_autoptr(MfBackup) backup = mf_backup_load (rt->root, mf_transaction_get_id (rt->txn), &error_local);
    if (backup == NULL || !mf_backup_restore (backup, TRUE, &error_local))
      g_warning ("cannot undo %s: %s", mf_transaction_get_backup_dir (rt->txn),
                 error_local != NULL ? error_local->message : "?");
  }
}

/* one transaction for each backup directory the plan's files need */
static GPtrArray *
group_by_root (MfSession *self, MfPlan *plan)
{
  GPtrArray *files = mf_plan_get_files (plan);
  GPtrArray *txns = g_ptr_array_new_with_free_func ((GDestroyNotify) root_txn_free);

  for (guint i = 0; i < files->len; i++) {
    MfPlanFile *file = g_ptr_array_index (files, i);
    MfProfile *profile = mf_plan_file_get_profile (file);
    g_autofree gchar *root = mf_session_get_backup_root (self, mf_profile_get_home (profile));
    RootTxn *rt = NULL;

    for (guint j = 0; j < txns->len && rt == NULL; j++) {
      RootTxn *cand = g_ptr_array_index (txns, j);
      if (g_strcmp0 (cand->root, root) == 0)
        rt = cand;
    }
    if (rt == NULL) {
      rt = g_new0 (RootTxn, 1);
      rt->root = g_strdup (root);
      rt->txn = mf_transaction_new (root, "apply");
      rt->profiles = g_ptr_array_new ();
      g_ptr_array_add (txns, rt);
    }
    if (!g_ptr_array_find (rt->profiles, profile, NULL))
      g_ptr_array_add (rt->profiles, profile);
    mf_transaction_add (rt->txn, mf_plan_file_get_path (file),
                        mf_plan_file_get_old (file), mf_plan_file_get_new (file));
  }
  return txns;
}

static void
confirm_profiles (MfSession *self, MfPlan *plan, GPtrArray *profiles)
{
  for (guint i = 0; i < profiles->len; i++) {
    MfProfile *profile = g_ptr_array_index (profiles, i);
    mf_store_confirm (mf_session_store_for (self, mf_profile_get_store (profile)), profile, plan, self->apply_notes);
  }
}

/**
 * mf_session_apply:
 * @self: a session
 * @plan: a plan made by this session
 * @backup_ids: (nullable) (element-type utf8): receives the IDs of the backups made
 * @error: return location for a #GError
 *
 * Carries the plan out as one transaction: refuses while a client runs on
 * any profile it touches (and holds the clients off meanwhile), backs up
 * every file, writes atomically, and restores everything if any step fails.
 *
 * Returns: %TRUE if every file was written
 *
 * Since: 0.1
 */
gboolean
mf_session_apply (MfSession *self, MfPlan *plan, GPtrArray *backup_ids, GError **error)
{
  g_autoptr(GPtrArray) profiles = g_ptr_array_new ();
  g_autoptr(GPtrArray) locks = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) txns = NULL;

  g_return_val_if_fail (MF_IS_SESSION (self), FALSE);
  g_return_val_if_fail (MF_IS_PLAN (plan), FALSE);
  if (mf_plan_is_empty (plan))
    return TRUE;

  txns = group_by_root (self, plan);
  for (guint i = 0; i < txns->len; i++)
    g_ptr_array_extend (profiles, ((RootTxn *) g_ptr_array_index (txns, i))->profiles, NULL, NULL);
  if (!mf_session_lock_profiles (self, profiles, locks, error))
    return FALSE;
  for (guint i = 0; i < txns->len; i++) {
    RootTxn *rt = g_ptr_array_index (txns, i);
    if (!mf_transaction_commit (rt->txn, error)) {
      undo_committed (self, txns, i);
      mf_session_release_locks (locks);
      return FALSE;
    }
  }
  mf_session_release_locks (locks);
  g_ptr_array_set_size (self->apply_notes, 0);
  confirm_profiles (self, plan, profiles);
  for (guint i = 0; backup_ids != NULL && i < txns->len; i++)
    g_ptr_array_add (backup_ids, g_strdup (mf_transaction_get_id (((RootTxn *) g_ptr_array_index (txns, i))->txn)));
  return TRUE;
}

/**
 * mf_session_apply_each_home:
 * @self: a session
 * @plan: a plan made by this session
 * @backup_ids: (nullable) (element-type utf8): receives the IDs of the backups made
 * @failures: (nullable) (element-type GError): receives, for each home
 *   that could not be changed, why
 * @error: return location for a #GError
 *
 * Carries the plan out as one transaction for each home (each directory
 * its backups go to), so that a home that cannot be changed (a mail
 * client running there, a file that cannot be written, a link leading out
 * of the home) is left as it was without holding the others back. This is
 * what a helpdesk wants over many users' homes; mf_session_apply() is all
 * or nothing.
 *
 * Returns: %TRUE if every home was changed; otherwise %FALSE, with @error
 *   telling how many were not and carrying the first failure's code
 *
 * Since: 0.1
 */
gboolean
mf_session_apply_each_home (MfSession *self, MfPlan *plan, GPtrArray *backup_ids, GPtrArray *failures,
                            GError **error)
{
  g_autoptr(GPtrArray) txns = NULL;
  g_autoptr(GError) first = NULL;
  guint failed = 0;

  g_return_val_if_fail (MF_IS_SESSION (self), FALSE);
  g_return_val_if_fail (MF_IS_PLAN (plan), FALSE);
  g_ptr_array_set_size (self->apply_notes, 0);
  if (mf_plan_is_empty (plan))
    return TRUE;

  txns = group_by_root (self, plan);
  for (guint i = 0; i < txns->len; i++) {
    RootTxn *rt = g_ptr_array_index (txns, i);
    g_autoptr(GPtrArray) locks = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(GError) error_local = NULL;
    gboolean done = mf_session_lock_profiles (self, rt->profiles, locks, &error_local) &&
                    mf_transaction_commit (rt->txn, &error_local);

    mf_session_release_locks (locks);
    if (!done) {
      failed++;
      if (failures != NULL)
        g_ptr_array_add (failures, g_error_copy (error_local));
      if (first == NULL)
        first = g_steal_pointer (&error_local);
      continue;
    }
    confirm_profiles (self, plan, rt->profiles);
    if (backup_ids != NULL)
      g_ptr_array_add (backup_ids, g_strdup (mf_transaction_get_id (rt->txn)));
  }
  if (failed == 0)
    return TRUE;
  g_set_error (error, first->domain, first->code,
               g_dngettext (GETTEXT_PACKAGE, "%u of %u homes could not be changed; the first: %s",
                            "%u of %u homes could not be changed; the first: %s", txns->len),
               failed, txns->len, first->message);
  return FALSE;
}

/**
 * mf_session_servers_to_verify:
 * @self: a session that has scanned
 * @account: one of its accounts
 * @flags: whether unconfirmed fixes count as planned
 *
 * The servers a login must succeed on for the account to work after
 * apply: the settings its fix would write where one is planned, the
 * current ones otherwise. Servers without encryption are included as they
 * are, so verifying them reports that no password is sent in clear.
 *
 * Returns: (transfer container) (element-type MfServer): incoming first,
 *   then outgoing
 *
 * Since: 0.1
 */
GPtrArray *
mf_session_servers_to_verify (MfSession *self, MfAccount *account, MfPlanFlags flags)
{
  GPtrArray *servers = g_ptr_array_new_with_free_func (g_object_unref);
  MfDiagnosis *diagnosis;
  MfRemedy *remedy;
  gboolean all = (flags & MF_PLAN_FLAGS_INCLUDE_UNCONFIRMED) != 0;
  MfServer *in, *out;

  g_return_val_if_fail (MF_IS_SESSION (self), servers);
  diagnosis = mf_session_get_diagnosis (self, account);
  remedy = diagnosis != NULL ? mf_diagnosis_get_remedy (diagnosis) : NULL;
  in = mf_account_get_incoming (account);
  out = mf_account_get_outgoing (account);
  if (remedy != NULL && mf_remedy_get_incoming (remedy) != NULL && (all || mf_remedy_get_incoming_confirmed (remedy)))
    in = mf_remedy_get_incoming (remedy);
  if (remedy != NULL && mf_remedy_get_outgoing (remedy) != NULL && (all || mf_remedy_get_outgoing_confirmed (remedy)))
    out = mf_remedy_get_outgoing (remedy);
  if (in != NULL)
    g_ptr_array_add (servers, g_object_ref (in));
  if (out != NULL)
    g_ptr_array_add (servers, g_object_ref (out));
  return servers;
}

/**
 * mf_session_get_apply_notes:
 * @self: a session
 *
 * Returns: (transfer none) (element-type utf8): what the last
 *   mf_session_apply() learned after writing, for the user (for example,
 *   whether a running client service loaded the change)
 *
 * Since: 0.1
 */
GPtrArray *
mf_session_get_apply_notes (MfSession *self)
{
  g_return_val_if_fail (MF_IS_SESSION (self), NULL);
  return self->apply_notes;
}

static void
backup_roots (MfSession *self, GPtrArray *roots)
{
  g_ptr_array_add (roots, mf_session_get_backup_root (self, NULL));
  for (guint i = 0; i < self->homes->len; i++) {
    g_autofree gchar *root = mf_session_get_backup_root (self, g_ptr_array_index (self->homes, i));
    if (!g_ptr_array_find_with_equal_func (roots, root, g_str_equal, NULL))
      g_ptr_array_add (roots, g_steal_pointer (&root));
  }
}

static gint
newest_first (gconstpointer a, gconstpointer b)
{
  MfBackup *x = *(MfBackup **) a;
  MfBackup *y = *(MfBackup **) b;
  return g_date_time_compare (mf_backup_get_created (y), mf_backup_get_created (x));
}

/**
 * mf_session_list_backups:
 * @self: a session
 * @error: return location for a #GError
 *
 * Returns: (transfer container) (element-type MfBackup): the backups kept
 *   for this session's homes and the current user, newest first
 *
 * Since: 0.1
 */
GPtrArray *
mf_session_list_backups (MfSession *self, GError **error)
{
  g_autoptr(GPtrArray) roots = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (MF_IS_SESSION (self), NULL);
  backup_roots (self, roots);
  for (guint i = 0; i < roots->len; i++) {
    g_autoptr(GPtrArray) some = mf_backup_list (g_ptr_array_index (roots, i), error);
    if (some == NULL)
      return NULL;
    for (guint j = 0; j < some->len; j++)
      g_ptr_array_add (all, g_object_ref (g_ptr_array_index (some, j)));
  }
  g_ptr_array_sort (all, newest_first);
  return g_steal_pointer (&all);
}

/* the profiles whose files a backup covers, so their clients are held off.
 * A journal lives in the user's home and the user can edit it: a path in
 * no profile of this scan is refused, so a restore run as root cannot be
 * steered to write anywhere else. */
static gboolean
profiles_of_backup (MfSession *self, MfBackup *backup, GPtrArray *profiles, GError **error)
{
  GPtrArray *paths = mf_backup_get_paths (backup);

  for (guint j = 0; j < paths->len; j++) {
    g_autofree gchar *path = g_canonicalize_filename (g_ptr_array_index (paths, j), "/");
    MfProfile *owner = NULL;

    for (guint i = 0; i < self->profiles->len && owner == NULL; i++) {
      MfProfile *profile = g_ptr_array_index (self->profiles, i);
      MfStore *store = mf_session_store_for (self, mf_profile_get_store (profile));
      if (g_strcmp0 (path, g_ptr_array_index (paths, j)) == 0 && mf_store_owns_path (store, profile, path))
        owner = profile;
    }
    if (owner == NULL) {
      g_set_error (error, MF_ERROR, MF_ERROR_PERMISSION,
                   _("backup %s names %s, which is in no mail profile found with these options; nothing is restored"),
                   mf_backup_get_id (backup), (const gchar *) g_ptr_array_index (paths, j));
      return FALSE;
    }
    if (!g_ptr_array_find (profiles, owner, NULL))
      g_ptr_array_add (profiles, owner);
  }
  return TRUE;
}

/**
 * mf_session_rollback:
 * @self: a session that has scanned
 * @backup_id: the backup to restore
 * @force: restore even over files changed since the backup was made
 * @error: return location for a #GError
 *
 * Puts back every file of a backup byte for byte, refusing while a client
 * runs on a profile it covers.
 *
 * Returns: %TRUE if every file was restored
 *
 * Since: 0.1
 */
gboolean
mf_session_rollback (MfSession *self, const gchar *backup_id, gboolean force, GError **error)
{
  g_autoptr(GPtrArray) roots = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(MfBackup) backup = NULL;
  g_autoptr(GPtrArray) profiles = g_ptr_array_new ();
  g_autoptr(GPtrArray) locks = g_ptr_array_new_with_free_func (g_free);
  gboolean ok;

  g_return_val_if_fail (MF_IS_SESSION (self), FALSE);
  backup_roots (self, roots);
  for (guint i = 0; i < roots->len && backup == NULL; i++) {
    g_autofree gchar *dir = g_build_filename (g_ptr_array_index (roots, i), backup_id, NULL);
    if (g_file_test (dir, G_FILE_TEST_IS_DIR))
      backup = mf_backup_load (g_ptr_array_index (roots, i), backup_id, error);
    if (backup == NULL && error != NULL && *error != NULL)
      return FALSE;
  }
  if (backup == NULL) {
    g_set_error (error, MF_ERROR, MF_ERROR_NOT_FOUND,
                 _("there is no backup %s; \"mailfix rollback\" lists them"), backup_id);
    return FALSE;
  }
  if (!profiles_of_backup (self, backup, profiles, error))
    return FALSE;
  if (!mf_session_lock_profiles (self, profiles, locks, error))
    return FALSE;
  /* the keyring first: its backup items stay until the journal says the
   * backup is restored, so a rollback cut short can be run again */
  ok = mf_session_restore_keyring (backup, error) && mf_backup_restore (backup, force, error);
  if (ok)
    mf_session_forget_keyring_backup (backup);
  mf_session_release_locks (locks);
  return ok;
}
