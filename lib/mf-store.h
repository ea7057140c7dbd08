/* mf-store.h: the one interface every store backend implements; private */
#pragma once

#include <glib-object.h>

#include "mf-account.h"
#include "mf-plan.h"
#include "mf-profile.h"

G_BEGIN_DECLS

#define MF_TYPE_STORE (mf_store_get_type ())
G_DECLARE_DERIVABLE_TYPE (MfStore, mf_store, MF, STORE, GObject)

struct _MfStoreClass {
  GObjectClass parent_class;

  /* the client keeps passwords encrypted with keys mailfix cannot reach
   * (Windows DPAPI): setting one only removes the old */
  gboolean passwords_out_of_reach;

  /* finds the profiles under a home directory; a profile that cannot be
   * used is recorded in problems (a GError each) and the search goes on */
  void       (*discover) (MfStore *self, const gchar *home, GPtrArray *profiles, GPtrArray *problems);
  /* a profile the user named; NULL with an error if it is not one */
  MfProfile *(*open)     (MfStore *self, const gchar *path, GError **error);
  gboolean   (*load)     (MfStore *self, MfProfile *profile, GPtrArray *accounts, GError **error);
  /* adds the edits and files that carry out the remedies of one profile */
  gboolean   (*plan)     (MfStore *self, MfProfile *profile, GPtrArray *remedies, MfPlan *plan, GError **error);
  /* refuses while the client runs on the profile; otherwise holds it so
   * the client cannot start until unlock */
  gpointer   (*lock)     (MfStore *self, MfProfile *profile, GError **error);
  void       (*unlock)   (MfStore *self, gpointer lock);
  /* the keyring items the client reads the account's passwords from, as
   * MfKeyringItem; NULL where the store keeps passwords elsewhere */
  GPtrArray *(*keyring_items) (MfStore *self, MfAccount *account);
  /* after a plan's files are written: checks that a running client service
   * took the change, adding a note for the user; optional */
  void       (*confirm)  (MfStore *self, MfProfile *profile, MfPlan *plan, GPtrArray *notes);
  /* the files to write so the client has the account's new password (NULL
   * password: none), for stores that keep passwords in files; called with
   * the profile locked. notes receives what the user should know. */
  GPtrArray *(*password_files) (MfStore *self, MfAccount *account, MfProvider *provider,
                                const gchar *password, GPtrArray *notes, GError **error);
  /* the password the client has stored for the account's incoming server;
   * NULL with no error when there is none */
  gchar     *(*stored_password) (MfStore *self, MfAccount *account, GError **error);
  /* whether a file a backup names belongs to the profile, so rollback may
   * write it; optional: by default, the files inside the profile folder */
  gboolean   (*owns_path) (MfStore *self, MfProfile *profile, const gchar *path);
};

typedef struct {
  gchar *uid;     /* e-source-uid */
  gchar *label;
} MfKeyringItem;

MfKeyringItem *mf_keyring_item_new  (const gchar *uid, const gchar *label);
void           mf_keyring_item_free (MfKeyringItem *item);

const gchar *mf_store_get_name (MfStore *self);
GPtrArray   *mf_store_get_all  (void);
MfStore     *mf_store_find     (const gchar *name);

void         mf_store_discover (MfStore *self, const gchar *home, GPtrArray *profiles, GPtrArray *problems);
MfProfile   *mf_store_open     (MfStore *self, const gchar *path, GError **error);
gboolean     mf_store_load     (MfStore *self, MfProfile *profile, GPtrArray *accounts, GError **error);
gboolean     mf_store_plan     (MfStore *self, MfProfile *profile, GPtrArray *remedies, MfPlan *plan, GError **error);
/* how long a thread waits for another thread of this process to let go of a
 * profile before giving up: longer than any one apply takes */
#define MF_STORE_LOCK_WAIT_MS 120000
gpointer     mf_store_lock     (MfStore *self, MfProfile *profile, GError **error);
void         mf_store_unlock   (MfStore *self, gpointer lock);
GPtrArray   *mf_store_keyring_items (MfStore *self, MfAccount *account);
void         mf_store_confirm  (MfStore *self, MfProfile *profile, MfPlan *plan, GPtrArray *notes);
gboolean     mf_store_has_password_files (MfStore *self);
gboolean     mf_store_can_store_passwords (MfStore *self);
void         mf_store_note_removed_passwords (MfPlan *plan, MfProfile *profile, GPtrArray *notes);
gchar       *mf_store_password_removed_note (const gchar *account_id);
gboolean     mf_store_owns_path (MfStore *self, MfProfile *profile, const gchar *path);
gchar       *mf_store_stored_password (MfStore *self, MfAccount *account, GError **error);
GPtrArray   *mf_store_password_files (MfStore *self, MfAccount *account, MfProvider *provider,
                                      const gchar *password, GPtrArray *notes, GError **error);

G_END_DECLS
