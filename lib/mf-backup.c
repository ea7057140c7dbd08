/* mf-backup.c: the backups mailfix keeps of every file it changes
 *
 * A backup is the directory a transaction left behind: copies of the
 * originals and the journal that says where they belong.  Restoring one is
 * itself a transaction, so it is all-or-nothing, and the files it
 * overwrites are kept in a backup of their own: a restore can be undone
 * like any other change. */
#include "config.h"

/* openat() and its kin are POSIX.1-2008, which -std=c11 alone hides */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include <string.h>
#include <sys/stat.h>

#include "mf-atomic-file.h"
#include "mf-backup.h"
#include "mf-error.h"
#include "mf-private.h"
#include "mf-transaction.h"

/**
 * SECTION:mf-backup
 * @title: MfBackup
 * @short_description: a backup made by one change, and putting it back
 *
 * Every change mailfix makes leaves a directory below the backup root
 * with copies of the files as they were and a journal.  An #MfBackup
 * reads one such directory; mf_backup_restore() puts the files back.
 */

struct _MfBackup {
  GObject    parent_instance;
  MfJournal *journal;
  GPtrArray *paths;          /* borrowed from the journal's files */
};

G_DEFINE_FINAL_TYPE (MfBackup, mf_backup, G_TYPE_OBJECT)

static void
mf_backup_finalize (GObject *object)
{
  MfBackup *self = MF_BACKUP (object);

  g_clear_pointer (&self->paths, g_ptr_array_unref);
  g_clear_pointer (&self->journal, mf_journal_free);
  G_OBJECT_CLASS (mf_backup_parent_class)->finalize (object);
}

static void
mf_backup_class_init (MfBackupClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mf_backup_finalize;
}

static void
mf_backup_init (MfBackup *self)
{
}

static MfBackup *
backup_new_from_dir (const gchar *dir, GError **error)
{
  g_autoptr(MfJournal) journal = mf_journal_load (dir, error);
  MfBackup *self;
  guint i;

  if (journal == NULL)
    return NULL;
  self = g_object_new (MF_TYPE_BACKUP, NULL);
  self->paths = g_ptr_array_new ();
  for (i = 0; i < journal->files->len; i++) {
    MfJournalFile *jf = g_ptr_array_index (journal->files, i);
    g_ptr_array_add (self->paths, jf->path);
  }
  self->journal = g_steal_pointer (&journal);
  return self;
}

/* an entry of the backup root as a backup; NULL for what is no backup, and
 * with a warning for a backup whose journal cannot be read */
static MfBackup *
list_one (const gchar *backup_root, const gchar *name)
{
  g_autofree gchar *dir = g_build_filename (backup_root, name, NULL);
  g_autoptr(GError) error_local = NULL;
  MfBackup *backup;
  struct stat st;

  /* dot files are the temporaries of an interrupted atomic write */
  if (name[0] == '.' || lstat (dir, &st) != 0 || !S_ISDIR (st.st_mode))
    return NULL;
  backup = backup_new_from_dir (dir, &error_local);
  if (backup == NULL)
    g_warning ("skipping backup %s: %s", dir, error_local->message);
  return backup;
}

static gint
compare_newest_first (gconstpointer a, gconstpointer b)
{
  MfBackup *backup_a = *(MfBackup * const *) a;
  MfBackup *backup_b = *(MfBackup * const *) b;
  gint cmp = g_date_time_compare (backup_b->journal->created, backup_a->journal->created);

  return cmp != 0 ? cmp : g_strcmp0 (backup_b->journal->id, backup_a->journal->id);
}

/**
 * mf_backup_list:
 * @backup_root: the directory that holds one directory per backup
 * @error: return location for a #GError, or %NULL
 *
 * Lists the backups below @backup_root.  A backup whose journal cannot be
 * read is left out with a warning naming it, so one damaged backup does
 * not hide the others.
 *
 * Returns: (transfer full) (element-type MfBackup): the backups,
 *   newest first; empty when @backup_root does not exist
 *
 * Since: 0.1
 */
GPtrArray *
mf_backup_list (const gchar *backup_root, GError **error)
{
  g_autoptr(GPtrArray) backups = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error_local = NULL;
  g_autoptr(GDir) dir = NULL;
  const gchar *name;

  g_return_val_if_fail (backup_root != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  mf_i18n_init ();
  dir = g_dir_open (backup_root, 0, &error_local);
  /* no such directory (or a home such as /dev/null) holds no backups */
  if (dir == NULL && (g_error_matches (error_local, G_FILE_ERROR, G_FILE_ERROR_NOENT) ||
                      g_error_matches (error_local, G_FILE_ERROR, G_FILE_ERROR_NOTDIR)))
    return g_steal_pointer (&backups);
  if (dir == NULL) {
    gboolean denied = g_error_matches (error_local, G_FILE_ERROR, G_FILE_ERROR_ACCES) ||
                      g_error_matches (error_local, G_FILE_ERROR, G_FILE_ERROR_PERM);
    g_set_error (error, MF_ERROR, denied ? MF_ERROR_PERMISSION : MF_ERROR_IO,
                 _("cannot list the backups in %s: %s"), backup_root, error_local->message);
    return NULL;
  }
  while ((name = g_dir_read_name (dir)) != NULL) {
    MfBackup *backup = list_one (backup_root, name);

    if (backup != NULL)
      g_ptr_array_add (backups, backup);
  }
  g_ptr_array_sort (backups, compare_newest_first);
  return g_steal_pointer (&backups);
}

/**
 * mf_backup_load:
 * @backup_root: the directory that holds one directory per backup
 * @id: the backup's id, as mf_backup_get_id() gives it
 * @error: return location for a #GError, or %NULL
 *
 * Returns: (transfer full): the backup, or %NULL with %MF_ERROR_NOT_FOUND
 *   when there is none with that id, or %MF_ERROR_PARSE when its journal
 *   is damaged
 *
 * Since: 0.1
 */
MfBackup *
mf_backup_load (const gchar *backup_root, const gchar *id, GError **error)
{
  g_autofree gchar *dir = NULL;
  g_autoptr(GError) error_local = NULL;
  MfBackup *self;

  g_return_val_if_fail (backup_root != NULL, NULL);
  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  mf_i18n_init ();
  /* an id is one directory name, never a way out of the backup root */
  if (id[0] == '\0' || id[0] == '.' || strchr (id, G_DIR_SEPARATOR) != NULL) {
    g_set_error (error, MF_ERROR, MF_ERROR_NOT_FOUND,
                 _("there is no backup %s in %s"), id, backup_root);
    return NULL;
  }
  dir = g_build_filename (backup_root, id, NULL);
  self = backup_new_from_dir (dir, &error_local);
  if (self == NULL && g_error_matches (error_local, MF_ERROR, MF_ERROR_NOT_FOUND)) {
    g_set_error (error, MF_ERROR, MF_ERROR_NOT_FOUND,
                 _("there is no backup %s in %s"), id, backup_root);
    return NULL;
  }
  if (self == NULL)
    g_propagate_error (error, g_steal_pointer (&error_local));
  return self;
}

/**
 * mf_backup_get_id:
 * @self: a backup
 *
 * Returns: the backup's id: local time `YYYYMMDD-HHMMSS` and four hex digits
 *
 * Since: 0.1
 */
const gchar *
mf_backup_get_id (MfBackup *self)
{
  g_return_val_if_fail (MF_IS_BACKUP (self), NULL);
  return self->journal->id;
}

/**
 * mf_backup_get_label:
 * @self: a backup
 *
 * Returns: what the change was, as its maker described it
 *
 * Since: 0.1
 */
const gchar *
mf_backup_get_label (MfBackup *self)
{
  g_return_val_if_fail (MF_IS_BACKUP (self), NULL);
  return self->journal->label;
}

/**
 * mf_backup_get_state:
 * @self: a backup
 *
 * Returns: "prepared" (the change was under way or interrupted),
 *   "committed", "rolled-back" (the change failed and was undone),
 *   "incomplete" (the change failed and could not all be undone) or
 *   "restored"
 *
 * Since: 0.1
 */
const gchar *
mf_backup_get_state (MfBackup *self)
{
  g_return_val_if_fail (MF_IS_BACKUP (self), NULL);
  return self->journal->state;
}

/**
 * mf_backup_is_interrupted:
 * @self: a backup
 *
 * Whether the change was cut short: its journal says "prepared" and no
 * mailfix is making it any more (the process was killed, or the machine
 * went down). Some of its files may then be as before and others changed,
 * until mf_session_rollback() puts them all back.
 *
 * Returns: %TRUE if the change was cut short
 *
 * Since: 0.1
 */
gboolean
mf_backup_is_interrupted (MfBackup *self)
{
  g_return_val_if_fail (MF_IS_BACKUP (self), FALSE);
  return mf_journal_is_interrupted (self->journal);
}

/**
 * mf_backup_get_created:
 * @self: a backup
 *
 * Returns: (transfer none): when the change was made
 *
 * Since: 0.1
 */
GDateTime *
mf_backup_get_created (MfBackup *self)
{
  g_return_val_if_fail (MF_IS_BACKUP (self), NULL);
  return self->journal->created;
}

/**
 * mf_backup_get_dir:
 * @self: a backup
 *
 * Returns: the directory holding the copies and the journal
 *
 * Since: 0.1
 */
const gchar *
mf_backup_get_dir (MfBackup *self)
{
  g_return_val_if_fail (MF_IS_BACKUP (self), NULL);
  return self->journal->dir;
}

/**
 * mf_backup_get_paths:
 * @self: a backup
 *
 * Returns: (transfer none) (element-type filename): the absolute paths of
 *   the files the change covered, including files it created or deleted
 *
 * Since: 0.1
 */
GPtrArray *
mf_backup_get_paths (MfBackup *self)
{
  g_return_val_if_fail (MF_IS_BACKUP (self), NULL);
  return self->paths;
}

static void
clear_bytes (gpointer bytes)
{
  if (bytes != NULL)
    g_bytes_unref (bytes);
}

/* neither what the change left nor the original: someone else's work.
 * NULL (no file) matches a file the change deleted or created */
static gboolean
is_changed (MfJournalFile *jf, GBytes *now)
{
  g_autofree gchar *sha = now != NULL ? mf_sha256_bytes (now) : NULL;

  return g_strcmp0 (sha, jf->new_sha256) != 0 && g_strcmp0 (sha, jf->old_sha256) != 0;
}

/* the paths of the files someone else changed; when contents is not NULL
 * it gets what every file holds now (NULL for a missing file) */
static GPtrArray *
collect_changed (MfBackup *self, GPtrArray *contents, GError **error)
{
  g_autoptr(GPtrArray) changed = g_ptr_array_new ();
  guint i;

  for (i = 0; i < self->journal->files->len; i++) {
    MfJournalFile *jf = g_ptr_array_index (self->journal->files, i);
    g_autoptr(GError) error_local = NULL;
    g_autoptr(GBytes) now = mf_atomic_file_read (jf->path, MF_MAX_FILE_SIZE, NULL, &error_local);
    /* a link, a special file or a huge file where ours was is a change too;
     * a file we cannot read is an error, not a guess */
    gboolean unreadable = g_error_matches (error_local, MF_ERROR, MF_ERROR_UNSUPPORTED) ||
                          g_error_matches (error_local, MF_ERROR, MF_ERROR_TOO_LARGE);

    if (now == NULL && !unreadable && !g_error_matches (error_local, MF_ERROR, MF_ERROR_NOT_FOUND)) {
      g_propagate_error (error, g_steal_pointer (&error_local));
      return NULL;
    }
    if (unreadable || is_changed (jf, now))
      g_ptr_array_add (changed, jf->path);
    if (contents != NULL)
      g_ptr_array_add (contents, g_steal_pointer (&now));
  }
  return g_steal_pointer (&changed);
}

/**
 * mf_backup_check_changed:
 * @self: a backup
 * @error: return location for a #GError, or %NULL
 *
 * Finds the files that the user or the mail client changed after the
 * change was made: files that hold neither what the change wrote nor the
 * original (a file already back to its original is no loss to restore).
 *
 * Returns: (transfer container) (element-type filename): the changed
 *   files' paths, possibly none; %NULL when a file cannot be read
 *
 * Since: 0.1
 */
GPtrArray *
mf_backup_check_changed (MfBackup *self, GError **error)
{
  g_return_val_if_fail (MF_IS_BACKUP (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return collect_changed (self, NULL, error);
}

static gboolean
check_restorable (MfBackup *self, GError **error)
{
  if (g_strcmp0 (self->journal->state, MF_JOURNAL_STATE_RESTORED) == 0) {
    g_set_error (error, MF_ERROR, MF_ERROR_INVALID_ARGUMENT,
                 _("backup %s was restored already"), self->journal->id);
    return FALSE;
  }
  if (g_strcmp0 (self->journal->state, MF_JOURNAL_STATE_ROLLED_BACK) == 0) {
    g_set_error (error, MF_ERROR, MF_ERROR_INVALID_ARGUMENT,
                 _("backup %s was rolled back when it was made; there is nothing to restore"),
                 self->journal->id);
    return FALSE;
  }
  return TRUE;
}

/* the copy of an original, checked against the journal so that a damaged
 * copy is never put in place */
static GBytes *
read_original (MfBackup *self, MfJournalFile *jf, GError **error)
{
  g_autofree gchar *path = g_build_filename (self->journal->dir, jf->backup, NULL);
  g_autoptr(GBytes) original = mf_atomic_file_read (path, MF_MAX_FILE_SIZE, NULL, error);
  g_autofree gchar *sha = NULL;

  if (original == NULL)
    return NULL;
  sha = mf_sha256_bytes (original);
  if (g_strcmp0 (sha, jf->old_sha256) != 0) {
    g_set_error (error, MF_ERROR, MF_ERROR_IO,
                 _("backup copy %s does not match its journal; it is damaged"), path);
    return NULL;
  }
  return g_steal_pointer (&original);
}

/* a transaction from what the files hold now back to the originals, with
 * the originals' modes and owners */
static MfTransaction *
plan_restore (MfBackup *self, GPtrArray *now, GError **error)
{
  g_autofree gchar *backup_root = g_path_get_dirname (self->journal->dir);
  g_autofree gchar *label = g_strdup_printf (_("restore of %s"), self->journal->id);
  g_autoptr(MfTransaction) txn = mf_transaction_new (backup_root, label);
  guint i;

  for (i = 0; i < self->journal->files->len; i++) {
    MfJournalFile *jf = g_ptr_array_index (self->journal->files, i);
    g_autoptr(GBytes) original = NULL;

    if (jf->existed && (original = read_original (self, jf, error)) == NULL)
      return NULL;
    mf_transaction_add_with_attrs (txn, jf->path, g_ptr_array_index (now, i), original,
                                   jf->mode, jf->uid, jf->gid);
  }
  return g_steal_pointer (&txn);
}

static gboolean
refuse_changed (MfBackup *self, GPtrArray *changed, GError **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_copy (changed, NULL, NULL);
  g_autofree gchar *joined = NULL;

  g_ptr_array_add (names, NULL);
  joined = g_strjoinv (", ", (gchar **) names->pdata);
  g_set_error (error, MF_ERROR, MF_ERROR_CONFLICT,
               _("%s changed since backup %s was made; restore with force to overwrite the changes"),
               joined, self->journal->id);
  return FALSE;
}

/**
 * mf_backup_restore:
 * @self: a backup
 * @force: whether to overwrite files that changed since the backup was made
 * @error: return location for a #GError, or %NULL
 *
 * Puts every file back as it was before the change, byte for byte and with
 * its mode and owner; files the change created are removed.  Files that
 * changed since (see mf_backup_check_changed()) make it fail with
 * %MF_ERROR_CONFLICT naming them, unless @force is set.
 *
 * The restore is all-or-nothing: each file is replaced atomically, and if
 * one cannot be put back, those already put back are re-applied.  What the
 * restore overwrites is itself kept as a new backup, so a restore, forced
 * or not, can be undone.  A backup that was restored already is refused
 * with %MF_ERROR_INVALID_ARGUMENT.
 *
 * Returns: %TRUE when every file was put back and the backup is marked
 *   "restored"
 *
 * Since: 0.1
 */
gboolean
mf_backup_restore (MfBackup *self, gboolean force, GError **error)
{
  g_autoptr(GPtrArray) now = g_ptr_array_new_with_free_func (clear_bytes);
  g_autoptr(GPtrArray) changed = NULL;
  g_autoptr(MfTransaction) txn = NULL;

  g_return_val_if_fail (MF_IS_BACKUP (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_restorable (self, error))
    return FALSE;
  changed = collect_changed (self, now, error);
  if (changed == NULL)
    return FALSE;
  if (changed->len > 0 && !force)
    return refuse_changed (self, changed, error);
  txn = plan_restore (self, now, error);
  if (txn == NULL)
    return FALSE;
  if (!mf_transaction_commit (txn, error)) {
    g_prefix_error (error, _("cannot restore backup %s: "), self->journal->id);
    return FALSE;
  }
  if (!mf_journal_set_state (self->journal, MF_JOURNAL_STATE_RESTORED, error)) {
    g_prefix_error (error, _("the files of backup %s were restored, but its journal could not record it: "),
                    self->journal->id);
    return FALSE;
  }
  /* a change killed in the middle of a write left its half-written copy */
  for (guint i = 0; i < self->journal->files->len; i++)
    mf_atomic_file_remove_stale_temps (((MfJournalFile *) g_ptr_array_index (self->journal->files, i))->path);
  return TRUE;
}
