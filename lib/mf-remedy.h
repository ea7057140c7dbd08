/* mf-remedy.h: the settings an account should have, worked out from its findings */
#pragma once

#include <glib-object.h>

#include "mf-account.h"
#include "mf-provider.h"

G_BEGIN_DECLS

#define MF_TYPE_REMEDY (mf_remedy_get_type ())
G_DECLARE_FINAL_TYPE (MfRemedy, mf_remedy, MF, REMEDY, GObject)

MfRemedy    *mf_remedy_new                  (MfAccount *account, MfProvider *provider);
MfAccount   *mf_remedy_get_account          (MfRemedy *self);
MfProvider  *mf_remedy_get_provider         (MfRemedy *self);
MfServer    *mf_remedy_get_incoming         (MfRemedy *self);
void         mf_remedy_set_incoming         (MfRemedy *self, MfServer *server);
MfServer    *mf_remedy_get_outgoing         (MfRemedy *self);
void         mf_remedy_set_outgoing         (MfRemedy *self, MfServer *server);
gboolean     mf_remedy_get_confirmed        (MfRemedy *self);
gboolean     mf_remedy_get_incoming_confirmed (MfRemedy *self);
void         mf_remedy_set_incoming_confirmed (MfRemedy *self, gboolean confirmed);
gboolean     mf_remedy_get_outgoing_confirmed (MfRemedy *self);
void         mf_remedy_set_outgoing_confirmed (MfRemedy *self, gboolean confirmed);
MfRemedy    *mf_remedy_copy_part            (MfRemedy *self, gboolean incoming, gboolean outgoing);
gboolean     mf_remedy_get_converts_to_imap (MfRemedy *self);
GPtrArray   *mf_remedy_get_notes            (MfRemedy *self);
void         mf_remedy_add_note             (MfRemedy *self, const gchar *note);
void         mf_remedy_add_note_for         (MfRemedy *self, const gchar *role, const gchar *note);
gboolean     mf_remedy_is_empty             (MfRemedy *self);

G_END_DECLS
