/* mf-wizard-page.h: what every page of the wizard has in common, and
 * small helpers the pages share for building their rows */
#pragma once

#include <adwaita.h>

#include "mf-wizard-state.h"

G_BEGIN_DECLS

#define MF_TYPE_WIZARD_PAGE (mf_wizard_page_get_type ())
G_DECLARE_DERIVABLE_TYPE (MfWizardPage, mf_wizard_page, MF, WIZARD_PAGE, AdwBin)

struct _MfWizardPageClass {
  AdwBinClass parent_class;

  /* the page becomes the visible one; forward is FALSE when the user came
   * back to it from a later page */
  void     (*enter)       (MfWizardPage *self, MfWizardState *state, gboolean forward);
  /* the user leaves it with Next (forward) or Back: keep the choices made
   * on it, stop what runs */
  void     (*leave)       (MfWizardPage *self, MfWizardState *state, gboolean forward);
  /* whether the page has nothing to ask in this state (no password needed) */
  gboolean (*should_skip) (MfWizardPage *self, MfWizardState *state);
};

/* TRUE when Next may be pressed */
gboolean     mf_wizard_page_get_complete     (MfWizardPage *self);
void         mf_wizard_page_set_complete     (MfWizardPage *self, gboolean complete);
/* TRUE while work runs that must not be interrupted by closing (writing) */
gboolean     mf_wizard_page_get_busy         (MfWizardPage *self);
void         mf_wizard_page_set_busy         (MfWizardPage *self, gboolean busy);
/* FALSE once going back makes no sense (the changes are written) */
gboolean     mf_wizard_page_get_back_allowed (MfWizardPage *self);
void         mf_wizard_page_set_back_allowed (MfWizardPage *self, gboolean allowed);
/* the page's heading in the title bar, and the words on the Next button
 * (NULL: "Next") */
const gchar *mf_wizard_page_get_title        (MfWizardPage *self);
void         mf_wizard_page_set_title        (MfWizardPage *self, const gchar *title);
const gchar *mf_wizard_page_get_next_label   (MfWizardPage *self);
void         mf_wizard_page_set_next_label   (MfWizardPage *self, const gchar *label);

void         mf_wizard_page_enter            (MfWizardPage *self, MfWizardState *state, gboolean forward);
void         mf_wizard_page_leave            (MfWizardPage *self, MfWizardState *state, gboolean forward);
gboolean     mf_wizard_page_should_skip      (MfWizardPage *self, MfWizardState *state);

/* ---- helpers for building rows ---- */

/* keeps the application running while a thread works, even once the
 * window is closed, so that the process never ends under a running job */
void         mf_wizard_hold_app              (void);
void         mf_wizard_release_app           (void);

/* removes every child of a box */
void         mf_wizard_clear_box             (GtkBox *box);
/* a row whose title and subtitle are plain text (addresses may hold '&'),
 * wrap instead of being cut, and make its accessible name */
GtkWidget   *mf_wizard_row_new               (const gchar *title, const gchar *subtitle);
/* a label that wraps, for sentences */
GtkWidget   *mf_wizard_label_new             (const gchar *text, const gchar *style_class);
/* an icon that only decorates: the text next to it says the same, so
 * screen readers skip it */
GtkWidget   *mf_wizard_icon_new              (const gchar *icon_name);
/* sets the name screen readers announce */
void         mf_wizard_set_accessible_label  (GtkWidget *widget, const gchar *label);
/* the account's address, or its name when it has none, for headings */
const gchar *mf_wizard_account_title         (MfAccount *account);
/* "Receiving: imap.example.jp, port 993" */
gchar       *mf_wizard_server_title          (MfServer *server);

G_END_DECLS
