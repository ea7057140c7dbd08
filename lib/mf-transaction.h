/* mf-transaction.h: all-or-nothing rewrites of several files, with backups
 * and a journal; private to libmailfix, never installed */
#pragma once

#include <sys/types.h>

#include <glib.h>

G_BEGIN_DECLS

typedef struct _MfTransaction MfTransaction;

MfTransaction *mf_transaction_new          (const gchar   *backup_root,
                                            const gchar   *label) G_GNUC_WARN_UNUSED_RESULT;
void           mf_transaction_free         (MfTransaction *self);

/* expected_old: the bytes the plan was made from (NULL: the file must not
 * exist yet); new_contents NULL: delete the file.  A file that is created
 * gets mode 0600; an existing one keeps its mode and owner */
void           mf_transaction_add          (MfTransaction *self,
                                            const gchar   *path,
                                            GBytes        *expected_old,
                                            GBytes        *new_contents);
/* the same, but the file ends up with exactly this mode and owner; restoring
 * a backup uses it to give files back their original attributes */
void           mf_transaction_add_with_attrs (MfTransaction *self,
                                            const gchar   *path,
                                            GBytes        *expected_old,
                                            GBytes        *new_contents,
                                            guint          mode,
                                            uid_t          uid,
                                            gid_t          gid);

/* test hooks: fail (MF_ERROR_IO "injected failure") right before the Nth
 * file write, or the Nth putting back of a file during a rollback (both
 * 1-based, 0 = off).  MAILFIX_FAIL_AT_WRITE=N in the environment sets the
 * first for every new transaction */
void           mf_transaction_set_fail_at  (MfTransaction *self,
                                            guint          nth_write);
void           mf_transaction_set_fail_put_back_at (MfTransaction *self,
                                            guint          nth_put_back);

gboolean       mf_transaction_commit       (MfTransaction *self,
                                            GError       **error) G_GNUC_WARN_UNUSED_RESULT;
/* both set by commit once it has made the backup directory */
const gchar   *mf_transaction_get_id       (MfTransaction *self);
const gchar   *mf_transaction_get_backup_dir (MfTransaction *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MfTransaction, mf_transaction_free)

/* ---- the journal a transaction leaves in its backup directory ---- */

#define MF_JOURNAL_NAME            "journal.json"
#define MF_JOURNAL_STATE_PREPARED    "prepared"
#define MF_JOURNAL_STATE_COMMITTED   "committed"
#define MF_JOURNAL_STATE_ROLLED_BACK "rolled-back"
#define MF_JOURNAL_STATE_INCOMPLETE  "incomplete"
#define MF_JOURNAL_STATE_RESTORED    "restored"

typedef struct {
  gchar    *path;        /* absolute */
  gchar    *backup;      /* name inside the backup directory; NULL when the file did not exist */
  gboolean  existed;
  guint     mode;        /* mode and owner of the original; meaningless when !existed */
  uid_t     uid;
  gid_t     gid;
  gchar    *old_sha256;  /* NULL when !existed */
  gchar    *new_sha256;  /* NULL when the transaction deletes the file */
  gboolean  written;
} MfJournalFile;

typedef struct {
  gchar     *dir;        /* the backup directory, <backup_root>/<id> */
  gchar     *id;
  gchar     *label;
  GDateTime *created;
  gchar     *state;
  GPtrArray *files;      /* MfJournalFile */
} MfJournal;

void       mf_journal_free  (MfJournal   *journal);
/* MF_ERROR_NOT_FOUND when dir holds no journal, MF_ERROR_PARSE when it is damaged */
MfJournal *mf_journal_load  (const gchar *dir,
                             GError     **error) G_GNUC_WARN_UNUSED_RESULT;
/* writes the journal atomically, mode 0600 */
gboolean   mf_journal_save  (MfJournal   *journal,
                             GError     **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean   mf_journal_set_state (MfJournal   *journal,
                             const gchar *state,
                             GError     **error) G_GNUC_WARN_UNUSED_RESULT;

gboolean   mf_journal_is_interrupted (MfJournal *journal);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MfJournal, mf_journal_free)

G_END_DECLS
