/* mf-plan-private.h: what store backends add to a plan beyond its public
 * API; private */
#pragma once

#include "mf-plan.h"

G_BEGIN_DECLS

/* for a binary file (a registry hive): the text the user reads instead of
 * a diff */
void    mf_plan_file_set_summary (MfPlanFile *self, GBytes *summary);
/* UTF-8 text to show for a file's contents (UTF-16LE files converted, CRs
 * of CRLF dropped); NULL when the contents are not text */
GBytes *mf_plan_text_for_display (GBytes *bytes);

G_END_DECLS
