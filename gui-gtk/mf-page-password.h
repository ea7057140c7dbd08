/* mf-page-password.h: the provider's new password, for the accounts that need
 * one, checked against the provider's rules as it is typed */
#pragma once

#include "mf-wizard-page.h"

G_BEGIN_DECLS

#define MF_TYPE_PAGE_PASSWORD (mf_page_password_get_type ())
G_DECLARE_FINAL_TYPE (MfPagePassword, mf_page_password, MF, PAGE_PASSWORD, MfWizardPage)

G_END_DECLS
