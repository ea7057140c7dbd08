/* mf-page-scan.h: the first page: every mail account on the computer, grouped by
 * mail program, each with its state in plain words */
#pragma once

#include "mf-wizard-page.h"

G_BEGIN_DECLS

#define MF_TYPE_PAGE_SCAN (mf_page_scan_get_type ())
G_DECLARE_FINAL_TYPE (MfPageScan, mf_page_scan, MF, PAGE_SCAN, MfWizardPage)

G_END_DECLS
