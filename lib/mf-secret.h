/* mf-secret.h: passwords in the keyring (libsecret), as Evolution files
 * them, and mailfix's own backup items for undoing a change; private */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Evolution's item for a source: schema org.gnome.Evolution.Data.Source,
 * attribute e-source-uid (and eds-origin) */
gboolean mf_secret_evo_store  (const gchar *uid, const gchar *label, const gchar *password, GError **error);
/* NULL with no error when there is no item */
gchar   *mf_secret_evo_lookup (const gchar *uid, GError **error);
gboolean mf_secret_evo_clear  (const gchar *uid, GError **error);
/* when Evolution's item for a source last changed; NULL if there is none
 * or the keyring cannot be asked without a prompt */
GDateTime *mf_secret_evo_modified (const gchar *uid);

/* the previous password of a source, kept in the keyring while a backup
 * may still restore it: no secret ever lands in a file */
gboolean mf_secret_backup_store  (const gchar *backup_id, const gchar *uid, const gchar *password, GError **error);
gchar   *mf_secret_backup_lookup (const gchar *backup_id, const gchar *uid, GError **error);
gboolean mf_secret_backup_clear  (const gchar *backup_id, const gchar *uid, GError **error);

/* wipes and frees a password */
void     mf_secret_free (gchar *password);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (gchar, mf_secret_free)

G_END_DECLS
