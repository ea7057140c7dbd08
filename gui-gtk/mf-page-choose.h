/* mf-page-choose.h: the accounts to fix, with the recommended ones ticked */
#pragma once

#include "mf-wizard-page.h"

G_BEGIN_DECLS

#define MF_TYPE_PAGE_CHOOSE (mf_page_choose_get_type ())
G_DECLARE_FINAL_TYPE (MfPageChoose, mf_page_choose, MF, PAGE_CHOOSE, MfWizardPage)

G_END_DECLS
