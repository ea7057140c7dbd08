/* mf-backup.h: the backups mailfix keeps of every file it changes, and
 * putting them back */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define MF_TYPE_BACKUP (mf_backup_get_type ())
G_DECLARE_FINAL_TYPE (MfBackup, mf_backup, MF, BACKUP, GObject)

GPtrArray   *mf_backup_list          (const gchar *backup_root,
                                      GError     **error) G_GNUC_WARN_UNUSED_RESULT;
MfBackup    *mf_backup_load          (const gchar *backup_root,
                                      const gchar *id,
                                      GError     **error) G_GNUC_WARN_UNUSED_RESULT;

const gchar *mf_backup_get_id        (MfBackup    *self);
const gchar *mf_backup_get_label     (MfBackup    *self);
const gchar *mf_backup_get_state     (MfBackup    *self);
gboolean     mf_backup_is_interrupted (MfBackup   *self);
GDateTime   *mf_backup_get_created   (MfBackup    *self);
const gchar *mf_backup_get_dir       (MfBackup    *self);
GPtrArray   *mf_backup_get_paths     (MfBackup    *self);

GPtrArray   *mf_backup_check_changed (MfBackup    *self,
                                      GError     **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean     mf_backup_restore       (MfBackup    *self,
                                      gboolean     force,
                                      GError     **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
