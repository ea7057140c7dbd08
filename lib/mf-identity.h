/* mf-identity.h: who an account sends as */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define MF_TYPE_IDENTITY (mf_identity_get_type ())
G_DECLARE_FINAL_TYPE (MfIdentity, mf_identity, MF, IDENTITY, GObject)

MfIdentity  *mf_identity_new         (const gchar *name, const gchar *address);
const gchar *mf_identity_get_name    (MfIdentity *self);
const gchar *mf_identity_get_address (MfIdentity *self);
const gchar *mf_identity_get_domain  (MfIdentity *self);

G_END_DECLS
