/* mf-wizard-window.h: the wizard's window: a title bar with Back and Next
 * over a stack of pages */
#pragma once

#include <adwaita.h>

#include "mailfix.h"

G_BEGIN_DECLS

#define MF_TYPE_WIZARD_WINDOW (mf_wizard_window_get_type ())
G_DECLARE_FINAL_TYPE (MfWizardWindow, mf_wizard_window, MF, WIZARD_WINDOW, AdwApplicationWindow)

/* homes: the home directories to look in; NULL for the user's own.
 * autoconfig: how to look up unknown mail domains; NULL not to */
MfWizardWindow *mf_wizard_window_new (GtkApplication     *app,
                                      const gchar * const *homes,
                                      MfAutoconfig        *autoconfig);

G_END_DECLS
