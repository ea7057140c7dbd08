/* mf-wizard-support.h: an ISP's own name, logo and support line, from its
 * provider file (mf:branding) */
#pragma once

#include <adwaita.h>
#include <mailfix.h>

G_BEGIN_DECLS

/* a row with the logo, the ISP's name, its telephone number and hours, and
 * a link to its help page; NULL for a provider file without branding */
GtkWidget *mf_wizard_support_row_new (MfProvider *provider);

G_END_DECLS
