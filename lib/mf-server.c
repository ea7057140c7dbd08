/* mf-server.c: one incoming or outgoing mail server */
#include "config.h"

#include "mf-private.h"
#include "mf-server.h"

struct _MfServer {
  GObject parent_instance;
  MfProtocol protocol;
  gchar *host;
  guint16 port;
  MfSecurity security;
  MfAuth auth;
  gchar *username;
};

G_DEFINE_FINAL_TYPE (MfServer, mf_server, G_TYPE_OBJECT)

static void
mf_server_finalize (GObject *object)
{
  MfServer *self = MF_SERVER (object);

  g_free (self->host);
  g_free (self->username);
  G_OBJECT_CLASS (mf_server_parent_class)->finalize (object);
}

static void
mf_server_class_init (MfServerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mf_server_finalize;
}

static void
mf_server_init (MfServer *self)
{
  self->auth = MF_AUTH_UNKNOWN;
}

/**
 * mf_server_new:
 * @protocol: what the server speaks
 *
 * Returns: (transfer full): a server with no host yet
 *
 * Since: 0.1
 */
MfServer *
mf_server_new (MfProtocol protocol)
{
  MfServer *self = g_object_new (MF_TYPE_SERVER, NULL);
  self->protocol = protocol;
  return self;
}

/**
 * mf_server_dup:
 * @self: a server
 *
 * Returns: (transfer full): an independent copy of @self
 *
 * Since: 0.1
 */
MfServer *
mf_server_dup (MfServer *self)
{
  MfServer *copy;

  g_return_val_if_fail (MF_IS_SERVER (self), NULL);
  copy = mf_server_new (self->protocol);
  copy->host = g_strdup (self->host);
  copy->port = self->port;
  copy->security = self->security;
  copy->auth = self->auth;
  copy->username = g_strdup (self->username);
  return copy;
}

MfProtocol
mf_server_get_protocol (MfServer *self)
{
  g_return_val_if_fail (MF_IS_SERVER (self), MF_PROTOCOL_UNKNOWN);
  return self->protocol;
}

void
mf_server_set_protocol (MfServer *self, MfProtocol protocol)
{
  g_return_if_fail (MF_IS_SERVER (self));
  self->protocol = protocol;
}

const gchar *
mf_server_get_host (MfServer *self)
{
  g_return_val_if_fail (MF_IS_SERVER (self), NULL);
  return self->host;
}

void
mf_server_set_host (MfServer *self, const gchar *host)
{
  g_return_if_fail (MF_IS_SERVER (self));
  mf_set_str (&self->host, host);
}

guint16
mf_server_get_port (MfServer *self)
{
  g_return_val_if_fail (MF_IS_SERVER (self), 0);
  return self->port;
}

void
mf_server_set_port (MfServer *self, guint16 port)
{
  g_return_if_fail (MF_IS_SERVER (self));
  self->port = port;
}

MfSecurity
mf_server_get_security (MfServer *self)
{
  g_return_val_if_fail (MF_IS_SERVER (self), MF_SECURITY_NONE);
  return self->security;
}

void
mf_server_set_security (MfServer *self, MfSecurity security)
{
  g_return_if_fail (MF_IS_SERVER (self));
  self->security = security;
}

MfAuth
mf_server_get_auth (MfServer *self)
{
  g_return_val_if_fail (MF_IS_SERVER (self), MF_AUTH_UNKNOWN);
  return self->auth;
}

void
mf_server_set_auth (MfServer *self, MfAuth auth)
{
  g_return_if_fail (MF_IS_SERVER (self));
  self->auth = auth;
}

const gchar *
mf_server_get_username (MfServer *self)
{
  g_return_val_if_fail (MF_IS_SERVER (self), NULL);
  return self->username;
}

void
mf_server_set_username (MfServer *self, const gchar *username)
{
  g_return_if_fail (MF_IS_SERVER (self));
  mf_set_str (&self->username, username);
}

/**
 * mf_server_equal:
 * @a: a server
 * @b: another server
 *
 * Host names compare without regard to case, as DNS does.
 *
 * Returns: %TRUE if both describe the same settings
 *
 * Since: 0.1
 */
gboolean
mf_server_equal (MfServer *a, MfServer *b)
{
  g_return_val_if_fail (MF_IS_SERVER (a), FALSE);
  g_return_val_if_fail (MF_IS_SERVER (b), FALSE);
  return a->protocol == b->protocol &&
         g_ascii_strcasecmp (a->host != NULL ? a->host : "", b->host != NULL ? b->host : "") == 0 &&
         a->port == b->port &&
         a->security == b->security &&
         a->auth == b->auth &&
         g_strcmp0 (a->username, b->username) == 0;
}

/**
 * mf_server_to_string:
 * @self: a server
 *
 * Returns: (transfer full): a one-line summary such as
 *   "imap imap.example.jp:993 tls password user=taro"
 *
 * Since: 0.1
 */
gchar *
mf_server_to_string (MfServer *self)
{
  g_return_val_if_fail (MF_IS_SERVER (self), NULL);
  return g_strdup_printf ("%s %s:%u %s %s%s%s",
                          mf_protocol_to_string (self->protocol),
                          self->host != NULL ? self->host : "?",
                          self->port,
                          mf_security_to_string (self->security),
                          mf_auth_to_string (self->auth),
                          self->username != NULL ? " user=" : "",
                          self->username != NULL ? self->username : "");
}
