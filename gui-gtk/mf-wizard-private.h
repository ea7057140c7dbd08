/* mf-wizard-private.h: reaching into the wizard from its tests and the
 * screenshot tool. Nothing here is reachable from the command line or the
 * environment: only a program linked against libmfwizard.la can call it. */
#pragma once

#include "mf-wizard-page.h"
#include "mf-wizard-state.h"
#include "mf-wizard-window.h"

G_BEGIN_DECLS

MfWizardState *mf_wizard_window_get_state        (MfWizardWindow *self);
MfWizardPage  *mf_wizard_window_get_current_page (MfWizardWindow *self);
/* shows a page directly, as if the user had come to it with Next */
void           mf_wizard_window_show_page        (MfWizardWindow *self, const gchar *name);

/* the time limit of each step of the Check page's sign-ins (0: the library's) */
void           mf_page_check_set_timeout         (GtkWidget *page, guint timeout_ms);
/* the Check page's threads that have not reported back yet, stopped ones
 * included: reading a stored password holds the profile's lock meanwhile */
guint          mf_page_check_get_pending         (GtkWidget *page);

G_END_DECLS
