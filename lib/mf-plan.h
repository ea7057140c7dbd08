/* mf-plan.h: the exact edits a change will make, readable before anything is written */
#pragma once

#include <gio/gio.h>

#include "mf-profile.h"
#include "mf-remedy.h"

G_BEGIN_DECLS

#define MF_TYPE_EDIT (mf_edit_get_type ())
G_DECLARE_FINAL_TYPE (MfEdit, mf_edit, MF, EDIT, GObject)

MfEdit      *mf_edit_new            (const gchar *account_id, const gchar *path, const gchar *key,
                                     const gchar *old_value, const gchar *new_value);
const gchar *mf_edit_get_account_id (MfEdit *self);
const gchar *mf_edit_get_path       (MfEdit *self);
const gchar *mf_edit_get_key        (MfEdit *self);
const gchar *mf_edit_get_old_value  (MfEdit *self);
const gchar *mf_edit_get_new_value  (MfEdit *self);

#define MF_TYPE_PLAN_FILE (mf_plan_file_get_type ())
G_DECLARE_FINAL_TYPE (MfPlanFile, mf_plan_file, MF, PLAN_FILE, GObject)

MfPlanFile  *mf_plan_file_new          (MfProfile *profile, const gchar *path, GBytes *old_contents, GBytes *new_contents);
MfProfile   *mf_plan_file_get_profile  (MfPlanFile *self);
const gchar *mf_plan_file_get_path     (MfPlanFile *self);
GBytes      *mf_plan_file_get_old      (MfPlanFile *self);
GBytes      *mf_plan_file_get_new      (MfPlanFile *self);
gchar       *mf_plan_file_get_diff     (MfPlanFile *self);

#define MF_TYPE_PLAN (mf_plan_get_type ())
G_DECLARE_FINAL_TYPE (MfPlan, mf_plan, MF, PLAN, GObject)

MfPlan      *mf_plan_new               (void);
void         mf_plan_add_remedy        (MfPlan *self, MfRemedy *remedy);
GPtrArray   *mf_plan_get_remedies      (MfPlan *self);
void         mf_plan_add_skipped       (MfPlan *self, MfRemedy *remedy, const gchar *reason);
GPtrArray   *mf_plan_get_skipped       (MfPlan *self);
const gchar *mf_plan_get_skip_reason   (MfPlan *self, MfRemedy *remedy);
void         mf_plan_add_edit          (MfPlan *self, MfEdit *edit);
GPtrArray   *mf_plan_get_edits         (MfPlan *self);
void         mf_plan_add_file          (MfPlan *self, MfPlanFile *file);
GPtrArray   *mf_plan_get_files         (MfPlan *self);
gboolean     mf_plan_is_empty          (MfPlan *self);
gchar       *mf_plan_to_diff           (MfPlan *self);

G_END_DECLS
