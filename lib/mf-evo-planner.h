/* mf-evo-planner.h: turning remedies into Evolution source edits; private */
#pragma once

#include <glib.h>

#include "mf-evo-sources.h"
#include "mf-plan.h"

G_BEGIN_DECLS

gboolean mf_evo_plan_profile (MfProfile *profile, MfEvoSources *sources, GPtrArray *remedies,
                              MfPlan *plan, GError **error);

G_END_DECLS
