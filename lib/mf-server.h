/* mf-server.h: one incoming or outgoing mail server as a client is set up to use it */
#pragma once

#include <glib-object.h>

#include "mf-enums.h"

G_BEGIN_DECLS

#define MF_TYPE_SERVER (mf_server_get_type ())
G_DECLARE_FINAL_TYPE (MfServer, mf_server, MF, SERVER, GObject)

MfServer    *mf_server_new          (MfProtocol protocol);
MfServer    *mf_server_dup          (MfServer *self);

MfProtocol   mf_server_get_protocol (MfServer *self);
void         mf_server_set_protocol (MfServer *self, MfProtocol protocol);
const gchar *mf_server_get_host     (MfServer *self);
void         mf_server_set_host     (MfServer *self, const gchar *host);
guint16      mf_server_get_port     (MfServer *self);
void         mf_server_set_port     (MfServer *self, guint16 port);
MfSecurity   mf_server_get_security (MfServer *self);
void         mf_server_set_security (MfServer *self, MfSecurity security);
MfAuth       mf_server_get_auth     (MfServer *self);
void         mf_server_set_auth     (MfServer *self, MfAuth auth);
const gchar *mf_server_get_username (MfServer *self);
void         mf_server_set_username (MfServer *self, const gchar *username);

gboolean     mf_server_equal        (MfServer *a, MfServer *b);
gchar       *mf_server_to_string    (MfServer *self);

G_END_DECLS
