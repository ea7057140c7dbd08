/* mf-tb-planner.h: turning remedies into prefs.js edits; private */
#pragma once

#include <glib.h>

#include "mf-plan.h"
#include "mf-tb-accounts.h"

G_BEGIN_DECLS

gboolean mf_tb_plan_profile (MfProfile *profile, MfTbProfileData *data, GPtrArray *remedies,
                             MfPlan *plan, GError **error);

G_END_DECLS
