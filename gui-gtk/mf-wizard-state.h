/* mf-wizard-state.h: what the wizard's pages share: the session, the
 * user's choices and the passwords typed, with no widgets */
#pragma once

#include <gio/gio.h>

#include "mailfix.h"

G_BEGIN_DECLS

#define MF_TYPE_WIZARD_STATE (mf_wizard_state_get_type ())
G_DECLARE_FINAL_TYPE (MfWizardState, mf_wizard_state, MF, WIZARD_STATE, GObject)

/* autoconfig: how the scan looks up mail domains the provider database
 * does not know, or NULL not to look them up */
MfWizardState       *mf_wizard_state_new             (const gchar * const *homes,
                                                      MfAutoconfig        *autoconfig);
const gchar * const *mf_wizard_state_get_homes       (MfWizardState *self);
MfAutoconfig        *mf_wizard_state_get_autoconfig  (MfWizardState *self);

/* NULL until the Scan page has scanned */
MfSession           *mf_wizard_state_get_session     (MfWizardState *self);
void                 mf_wizard_state_set_session     (MfWizardState *self, MfSession *session);

/* the accounts the user chose to fix (MfAccount), in scan order;
 * "chosen-changed" is emitted when they change */
GPtrArray           *mf_wizard_state_get_chosen      (MfWizardState *self);
void                 mf_wizard_state_set_chosen      (MfWizardState *self, GPtrArray *accounts);
gboolean             mf_wizard_state_is_chosen       (MfWizardState *self, MfAccount *account);
/* the unconfirmed part of a fix is made only for an account the user chose
 * knowing it was unconfirmed */
MfPlanFlags          mf_wizard_state_get_plan_flags_for (MfWizardState *self, MfAccount *account);
/* the plan of the chosen accounts */
MfPlan              *mf_wizard_state_plan            (MfWizardState *self, GError **error);

/* the addresses of the chosen accounts that need a new password, each once */
GPtrArray           *mf_wizard_state_get_password_addresses (MfWizardState *self);

/* new passwords by address; kept only in memory and wiped when replaced */
void                 mf_wizard_state_set_password    (MfWizardState *self, const gchar *address,
                                                      const gchar *password);
const gchar         *mf_wizard_state_get_password    (MfWizardState *self, const gchar *address);

gboolean             mf_wizard_state_get_check_skipped (MfWizardState *self);
void                 mf_wizard_state_set_check_skipped (MfWizardState *self, gboolean skipped);

MfPlan              *mf_wizard_state_get_plan        (MfWizardState *self);
void                 mf_wizard_state_set_plan        (MfWizardState *self, MfPlan *plan);

/* the backups the last apply and the password writes made, oldest first */
GPtrArray           *mf_wizard_state_get_backups     (MfWizardState *self);

/* cancelled when the window closes: every long job watches it */
GCancellable        *mf_wizard_state_get_cancellable (MfWizardState *self);

/* the language to pick a provider's own texts in: the one the UI speaks */
const gchar         *mf_wizard_state_get_language    (void);

/* wipes and frees a secret */
void                 mf_wizard_secret_free           (gchar *secret);

G_END_DECLS
