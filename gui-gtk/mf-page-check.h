/* mf-page-check.h: signing in with the new settings before anything is
 * written */
#pragma once

#include "mf-wizard-page.h"

G_BEGIN_DECLS

#define MF_TYPE_PAGE_CHECK (mf_page_check_get_type ())
G_DECLARE_FINAL_TYPE (MfPageCheck, mf_page_check, MF, PAGE_CHECK, MfWizardPage)

G_END_DECLS
