/* mf-session.h: scan, diagnose, plan, apply and roll back: the front ends' entry point */
#pragma once

#include <gio/gio.h>

#include "mf-account.h"
#include "mf-autoconfig.h"
#include "mf-backup.h"
#include "mf-diagnosis.h"
#include "mf-plan.h"
#include "mf-provider-db.h"

G_BEGIN_DECLS

/**
 * MfPlanFlags:
 * @MF_PLAN_FLAGS_NONE: only remedies confirmed by the provider database
 * @MF_PLAN_FLAGS_INCLUDE_UNCONFIRMED: also the standard fixes for providers
 *   the database does not know or has low-confidence facts for
 *
 * Since: 0.1
 */
typedef enum {
  MF_PLAN_FLAGS_NONE = 0,
  MF_PLAN_FLAGS_INCLUDE_UNCONFIRMED = 1 << 0,
} MfPlanFlags;

#define MF_TYPE_SESSION (mf_session_get_type ())
G_DECLARE_FINAL_TYPE (MfSession, mf_session, MF, SESSION, GObject)

MfSession    *mf_session_new               (void);
void          mf_session_set_provider_db   (MfSession *self, MfProviderDb *db);
MfProviderDb *mf_session_get_provider_db   (MfSession *self);
void          mf_session_set_autoconfig    (MfSession *self, MfAutoconfig *autoconfig);
void          mf_session_add_home          (MfSession *self, const gchar *home);
gint          mf_session_add_all_users     (MfSession *self, GError **error);
void          mf_session_add_profile_path  (MfSession *self, const gchar *path);
gboolean      mf_session_add_windows_root  (MfSession *self, const gchar *root, GError **error);

gboolean      mf_session_scan              (MfSession *self, GError **error);

typedef void (*MfSessionHomeFunc) (MfSession *session, const gchar *home, GPtrArray *profiles,
                                   GPtrArray *diagnoses, GPtrArray *problems, gpointer user_data);
gboolean      mf_session_scan_each_home    (MfSession *self, MfSessionHomeFunc func, gpointer user_data,
                                            GError **error);
GPtrArray    *mf_session_get_profiles      (MfSession *self);
GPtrArray    *mf_session_get_accounts      (MfSession *self);
GPtrArray    *mf_session_get_diagnoses     (MfSession *self);
GPtrArray    *mf_session_get_problems      (MfSession *self);
MfAccount    *mf_session_find_account      (MfSession *self, const gchar *id);
MfDiagnosis  *mf_session_get_diagnosis     (MfSession *self, MfAccount *account);

MfPlan       *mf_session_plan              (MfSession *self, const gchar * const *account_ids,
                                            MfPlanFlags flags, GError **error);
MfPlan       *mf_session_plan_accepting    (MfSession *self, const gchar * const *account_ids,
                                            const gchar * const *accepted_ids, GError **error);
gboolean      mf_session_apply             (MfSession *self, MfPlan *plan, GPtrArray *backup_ids, GError **error);
gboolean      mf_session_apply_each_home   (MfSession *self, MfPlan *plan, GPtrArray *backup_ids,
                                            GPtrArray *failures, GError **error);
GPtrArray    *mf_session_get_apply_notes   (MfSession *self);

gchar        *mf_session_get_backup_root   (MfSession *self, const gchar *home);
GPtrArray    *mf_session_list_backups      (MfSession *self, GError **error);
gboolean      mf_session_rollback          (MfSession *self, const gchar *backup_id, gboolean force, GError **error);

gboolean      mf_session_can_store_password (MfSession *self, const gchar *account_id);
gboolean      mf_session_set_password_for_address (MfSession *self, const gchar *address, const gchar *password,
                                                   GPtrArray *backup_ids, GPtrArray *notes);
gboolean      mf_session_set_password      (MfSession *self, const gchar *account_id, const gchar *password,
                                            gchar **backup_id, GError **error);
gboolean      mf_session_check_password    (MfSession *self, MfAccount *account, const gchar *password,
                                            GError **error);
GPtrArray    *mf_session_find_accounts_by_address (MfSession *self, const gchar *address);
GPtrArray    *mf_session_find_accounts_by_provider (MfSession *self, const gchar *provider_id);
GPtrArray    *mf_session_servers_to_verify (MfSession *self, MfAccount *account, MfPlanFlags flags);
gchar        *mf_session_get_stored_password (MfSession *self, MfAccount *account, GError **error);

G_END_DECLS
