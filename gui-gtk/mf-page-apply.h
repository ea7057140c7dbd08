/* mf-page-apply.h: writing the changes, then a summary with Undo */
#pragma once

#include "mf-wizard-page.h"

G_BEGIN_DECLS

#define MF_TYPE_PAGE_APPLY (mf_page_apply_get_type ())
G_DECLARE_FINAL_TYPE (MfPageApply, mf_page_apply, MF, PAGE_APPLY, MfWizardPage)

G_END_DECLS
