/* mf-page-review.h: what will change, in plain words, with the exact
 * changes behind an expander */
#pragma once

#include "mf-wizard-page.h"

G_BEGIN_DECLS

#define MF_TYPE_PAGE_REVIEW (mf_page_review_get_type ())
G_DECLARE_FINAL_TYPE (MfPageReview, mf_page_review, MF, PAGE_REVIEW, MfWizardPage)

G_END_DECLS
