/* mf-evo-registry.h: does a running Evolution source registry hold what
 * mailfix wrote; private */
#pragma once

#include <glib.h>

#include "mf-plan.h"

G_BEGIN_DECLS

/* after the files of a plan are written: when the registry of this user's
 * session watches sources_dir, waits (at most timeout_ms) until it has
 * loaded every value the plan set, and adds a note saying what it found.
 * Nothing is added when no registry runs for this folder. */
void mf_evo_registry_confirm (const gchar *sources_dir, MfPlan *plan, guint timeout_ms, GPtrArray *notes);

G_END_DECLS
