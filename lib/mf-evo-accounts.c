/* mf-evo-accounts.c: Evolution's sources joined into the account model.
 * An account is three sources linked by UID: the store ([Mail Account]),
 * the identity ([Mail Identity], [Mail Submission]) and the transport
 * ([Mail Transport]); host, port, user and method live in [Authentication]
 * and [Security], never in the backend groups. */
#include "config.h"

#include <string.h>

#include "mf-evo-accounts.h"
#include "mf-private.h"

MfSecurity
mf_evo_security_from_nick (const gchar *nick)
{
  if (g_strcmp0 (nick, "ssl-on-alternate-port") == 0)
    return MF_SECURITY_TLS;
  if (g_strcmp0 (nick, "starttls-on-standard-port") == 0)
    return MF_SECURITY_STARTTLS;
  return MF_SECURITY_NONE;
}

const gchar *
mf_evo_security_to_nick (MfSecurity security)
{
  switch (security) {
  case MF_SECURITY_TLS:      return "ssl-on-alternate-port";
  case MF_SECURITY_STARTTLS: return "starttls-on-standard-port";
  default:                   return "none";
  }
}

static gboolean
is_oauth (const gchar *method)
{
  static const gchar *names[] = { "XOAUTH2", "Google", "Outlook", "Yahoo", "OAUTH2" };
  for (gsize i = 0; i < G_N_ELEMENTS (names); i++) {
    if (g_ascii_strcasecmp (method, names[i]) == 0)
      return TRUE;
  }
  return FALSE;
}

/* what [Authentication] Method means depends on the side: on a store,
 * "none" still sends the password (IMAP LOGIN, POP3 USER/PASS); on a
 * transport it means no SMTP AUTH at all */
static MfAuth
auth_from_method (const gchar *method, gboolean transport)
{
  g_autofree gchar *m = g_strstrip (g_strdup (method != NULL ? method : ""));

  if (m[0] == '\0' || g_ascii_strcasecmp (m, "none") == 0)
    return transport ? MF_AUTH_NONE : MF_AUTH_PASSWORD;
  if (g_ascii_strcasecmp (m, "POPB4SMTP") == 0)
    return MF_AUTH_NONE;
  if (g_ascii_strcasecmp (m, "PLAIN") == 0 || g_ascii_strcasecmp (m, "LOGIN") == 0)
    return MF_AUTH_PASSWORD;
  if (g_ascii_strcasecmp (m, "CRAM-MD5") == 0 || g_ascii_strcasecmp (m, "DIGEST-MD5") == 0 ||
      g_ascii_strcasecmp (m, "+APOP") == 0)
    return MF_AUTH_PASSWORD_ENCRYPTED;
  if (g_ascii_strcasecmp (m, "NTLM") == 0)
    return MF_AUTH_NTLM;
  if (g_ascii_strcasecmp (m, "GSSAPI") == 0)
    return MF_AUTH_GSSAPI;
  if (is_oauth (m))
    return MF_AUTH_OAUTH2;
  return MF_AUTH_UNKNOWN;
}

/* Port=0 means the provider's default for the security in use */
static guint16
default_port (MfProtocol protocol, MfSecurity security)
{
  if (protocol == MF_PROTOCOL_SMTP)
    return security == MF_SECURITY_TLS ? 465 : 25;
  return mf_protocol_default_port (protocol, security);
}

static MfServer *
read_server (MfEvoSource *source, MfProtocol protocol, gboolean transport)
{
  MfServer *server = mf_server_new (protocol);
  g_autofree gchar *host = mf_evo_get_string (source->keys, "Authentication", "Host", NULL);
  g_autofree gchar *user = mf_evo_get_string (source->keys, "Authentication", "User", NULL);
  g_autofree gchar *method = mf_evo_get_string (source->keys, "Authentication", "Method", "none");
  g_autofree gchar *security = mf_evo_get_string (source->keys, "Security", "Method", "none");
  gint port = mf_evo_get_int (source->keys, "Authentication", "Port", 0);
  MfSecurity sec = mf_evo_security_from_nick (security);

  mf_server_set_host (server, host != NULL && host[0] != '\0' ? host : NULL);
  mf_server_set_username (server, user != NULL && user[0] != '\0' ? user : NULL);
  mf_server_set_security (server, sec);
  mf_server_set_port (server, port > 0 && port <= G_MAXUINT16 ? (guint16) port : default_port (protocol, sec));
  mf_server_set_auth (server, auth_from_method (method, transport));
  return server;
}

/* sources under a collection (Google, Microsoft 365, EWS...) belong to it */
static gboolean
in_collection (MfEvoSources *sources, MfEvoSource *source)
{
  g_autofree gchar *parent = mf_evo_get_string (source->keys, "Data Source", "Parent", NULL);
  MfEvoSource *p = parent != NULL && parent[0] != '\0' ? mf_evo_sources_get (sources, parent) : NULL;

  return p != NULL && g_key_file_has_group (p->keys, "Collection");
}

static MfAccount *
read_account (MfProfile *profile, MfEvoSources *sources, MfEvoSource *source)
{
  g_autofree gchar *backend = mf_evo_get_string (source->keys, "Mail Account", "BackendName", NULL);
  g_autofree gchar *identity_uid = mf_evo_get_string (source->keys, "Mail Account", "IdentityUid", NULL);
  g_autofree gchar *name = mf_evo_get_string (source->keys, "Data Source", "DisplayName", source->uid);
  g_autofree gchar *id = g_strdup_printf ("evolution:%s", source->uid);
  g_autoptr(MfAccount) account = NULL;
  g_autoptr(MfServer) incoming = NULL;
  MfEvoSource *identity;
  MfProtocol protocol;
  gboolean enabled = mf_evo_get_bool (source->keys, "Data Source", "Enabled", TRUE);

  if (g_strcmp0 (backend, "pop") == 0)
    protocol = MF_PROTOCOL_POP3;
  else if (g_strcmp0 (backend, "imapx") == 0 || g_strcmp0 (backend, "imap") == 0)
    protocol = MF_PROTOCOL_IMAP;
  else
    return NULL;   /* local folders, search folders, identity-only accounts */

  account = mf_account_new (id, profile);
  mf_account_set_name (account, name);
  mf_account_set_store_key (account, "account", source->uid);
  incoming = read_server (source, protocol, FALSE);
  mf_account_set_incoming (account, incoming);

  identity = mf_evo_sources_get (sources, identity_uid);
  if (identity != NULL && g_key_file_has_group (identity->keys, "Mail Identity")) {
    g_autofree gchar *address = mf_evo_get_string (identity->keys, "Mail Identity", "Address", NULL);
    g_autofree gchar *full_name = mf_evo_get_string (identity->keys, "Mail Identity", "Name", NULL);
    g_autofree gchar *transport_uid = mf_evo_get_string (identity->keys, "Mail Submission", "TransportUid", NULL);
    g_autoptr(MfIdentity) ident = mf_identity_new (full_name, address);
    MfEvoSource *transport = mf_evo_sources_get (sources, transport_uid);
    g_autofree gchar *transport_backend = transport != NULL
      ? mf_evo_get_string (transport->keys, "Mail Transport", "BackendName", NULL) : NULL;

    mf_account_add_identity (account, ident);
    mf_account_set_store_key (account, "identity", identity->uid);
    if (g_strcmp0 (transport_backend, "smtp") == 0) {
      g_autoptr(MfServer) outgoing = read_server (transport, MF_PROTOCOL_SMTP, TRUE);
      mf_account_set_outgoing (account, outgoing);
      mf_account_set_store_key (account, "transport", transport->uid);
    }
  }

  if (in_collection (sources, source))
    mf_account_set_kind (account, MF_ACCOUNT_KIND_OTHER);
  else if (!enabled)
    mf_account_set_kind (account, MF_ACCOUNT_KIND_ARCHIVE);
  else if (mf_server_get_auth (incoming) == MF_AUTH_OAUTH2 ||
           (mf_account_get_outgoing (account) != NULL &&
            mf_server_get_auth (mf_account_get_outgoing (account)) == MF_AUTH_OAUTH2))
    mf_account_set_kind (account, MF_ACCOUNT_KIND_OAUTH2);
  else
    mf_account_set_kind (account, MF_ACCOUNT_KIND_MAIL);
  return g_steal_pointer (&account);
}

GPtrArray *
mf_evo_accounts_read (MfProfile *profile, MfEvoSources *sources)
{
  GPtrArray *accounts = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < sources->order->len; i++) {
    MfEvoSource *source = g_ptr_array_index (sources->order, i);
    MfAccount *account;

    if (!g_key_file_has_group (source->keys, "Mail Account"))
      continue;
    account = read_account (profile, sources, source);
    if (account != NULL)
      g_ptr_array_add (accounts, account);
  }
  return accounts;
}
