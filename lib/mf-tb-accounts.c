/* mf-tb-accounts.c: Thunderbird's account prefs mapped to the account model.
 * Absent prefs are read as Thunderbird's defaults, since Thunderbird drops
 * every value equal to its default when it saves prefs.js. */
#include "config.h"

#include <string.h>

#include "mf-private.h"
#include "mf-tb-accounts.h"

void
mf_tb_profile_data_free (MfTbProfileData *data)
{
  if (data == NULL)
    return;
  g_free (data->prefs_path);
  g_clear_pointer (&data->prefs_bytes, g_bytes_unref);
  g_clear_pointer (&data->prefs, mf_prefs_js_free);
  g_free (data);
}

MfSecurity
mf_tb_security_from_socket_type (gint32 socket_type)
{
  switch (socket_type) {
  case 2:  return MF_SECURITY_STARTTLS;
  case 3:  return MF_SECURITY_TLS;
  default: return MF_SECURITY_NONE;   /* 0 plain, 1 the old "STARTTLS if offered" */
  }
}

gint32
mf_tb_socket_type_from_security (MfSecurity security)
{
  switch (security) {
  case MF_SECURITY_STARTTLS: return 2;
  case MF_SECURITY_TLS:      return 3;
  default:                   return 0;
  }
}

MfAuth
mf_tb_auth_from_method (gint32 method)
{
  switch (method) {
  case 1:  return MF_AUTH_NONE;
  case 2:
  case 3:  return MF_AUTH_PASSWORD;
  case 4:
  case 8:  return MF_AUTH_PASSWORD_ENCRYPTED;
  case 5:  return MF_AUTH_GSSAPI;
  case 6:  return MF_AUTH_NTLM;
  case 7:  return MF_AUTH_EXTERNAL;
  case 9:  return MF_AUTH_ANY;
  case 10: return MF_AUTH_OAUTH2;
  default: return MF_AUTH_UNKNOWN;
  }
}

gint32
mf_tb_method_from_auth (MfAuth auth)
{
  switch (auth) {
  case MF_AUTH_NONE:               return 1;
  case MF_AUTH_PASSWORD_ENCRYPTED: return 4;
  case MF_AUTH_GSSAPI:             return 5;
  case MF_AUTH_NTLM:               return 6;
  case MF_AUTH_EXTERNAL:           return 7;
  case MF_AUTH_ANY:                return 9;
  case MF_AUTH_OAUTH2:             return 10;
  default:                         return 3;
  }
}

GPtrArray *
mf_tb_split_list (const gchar *value)
{
  GPtrArray *items = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) parts = NULL;

  if (value == NULL)
    return items;
  parts = g_strsplit (value, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++) {
    gchar *item = g_strstrip (parts[i]);
    gboolean seen = FALSE;
    if (item[0] == '\0')
      continue;
    for (guint j = 0; j < items->len; j++)
      seen = seen || g_strcmp0 (g_ptr_array_index (items, j), item) == 0;
    if (!seen)
      g_ptr_array_add (items, g_strdup (item));
  }
  return items;
}

static const gchar *
pref_str (MfPrefsJs *prefs, const gchar *prefix, const gchar *key)
{
  g_autofree gchar *name = g_strconcat (prefix, key, NULL);
  return mf_prefs_js_get_string (prefs, name);
}

static gboolean
pref_int (MfPrefsJs *prefs, const gchar *prefix, const gchar *key, gint32 *out)
{
  g_autofree gchar *name = g_strconcat (prefix, key, NULL);
  return mf_prefs_js_get_int (prefs, name, out);
}

static gboolean
pref_bool (MfPrefsJs *prefs, const gchar *prefix, const gchar *key, gboolean fallback)
{
  g_autofree gchar *name = g_strconcat (prefix, key, NULL);
  gboolean value = fallback;
  mf_prefs_js_get_bool (prefs, name, &value);
  return value;
}

/* "host:port" in hostname is split on read, as Thunderbird does */
static void
set_host_and_port (MfServer *server, const gchar *hostname, gint32 *port)
{
  const gchar *colon = hostname != NULL ? strrchr (hostname, ':') : NULL;

  if (colon != NULL && strchr (hostname, ']') == NULL && strchr (colon + 1, ':') == NULL && colon[1] != '\0') {
    g_autofree gchar *host = g_strndup (hostname, colon - hostname);
    gint64 p = g_ascii_strtoll (colon + 1, NULL, 10);
    mf_server_set_host (server, host);
    if (p > 0 && p <= G_MAXUINT16)
      *port = (gint32) p;
    return;
  }
  mf_server_set_host (server, hostname);
}

static MfServer *
read_incoming (MfPrefsJs *prefs, const gchar *server_key, MfProtocol protocol)
{
  g_autofree gchar *prefix = g_strdup_printf ("mail.server.%s.", server_key);
  MfServer *server = mf_server_new (protocol);
  gint32 port = -1, socket_type = 0, method = 3;

  pref_int (prefs, prefix, "port", &port);
  set_host_and_port (server, pref_str (prefs, prefix, "hostname"), &port);
  if (!pref_int (prefs, prefix, "socketType", &socket_type))
    socket_type = pref_bool (prefs, prefix, "isSecure", FALSE) ? 3 : 0;
  pref_int (prefs, prefix, "authMethod", &method);
  mf_server_set_security (server, mf_tb_security_from_socket_type (socket_type));
  /* -1 or anything up to 1 means the protocol's default */
  if (port <= 1 || port > G_MAXUINT16)
    port = mf_protocol_default_port (protocol, socket_type == 3 ? MF_SECURITY_TLS : MF_SECURITY_NONE);
  mf_server_set_port (server, (guint16) port);
  mf_server_set_auth (server, mf_tb_auth_from_method (method));
  mf_server_set_username (server, pref_str (prefs, prefix, "userName"));
  return server;
}

static MfServer *
read_outgoing (MfPrefsJs *prefs, const gchar *smtp_key)
{
  g_autofree gchar *prefix = g_strdup_printf ("mail.smtpserver.%s.", smtp_key);
  MfServer *server;
  gint32 port = 0, try_ssl = 0, method = 3, legacy = 0;
  const gchar *hostname = pref_str (prefs, prefix, "hostname");

  if (hostname == NULL || hostname[0] == '\0')
    return NULL;
  server = mf_server_new (MF_PROTOCOL_SMTP);
  pref_int (prefs, prefix, "port", &port);
  set_host_and_port (server, hostname, &port);
  pref_int (prefs, prefix, "try_ssl", &try_ssl);
  /* Thunderbird 121 and later no longer migrate the old auth_method pref,
   * yet a profile carrying only auth_method=0 was set up to send without
   * signing in: that is what the user and the server expect */
  if (!pref_int (prefs, prefix, "authMethod", &method) &&
      pref_int (prefs, prefix, "auth_method", &legacy) && legacy == 0)
    method = 1;
  mf_server_set_security (server, mf_tb_security_from_socket_type (try_ssl));
  /* absent or 0: Thunderbird connects to 465 with SSL/TLS, else 587 (not 25) */
  if (port <= 0 || port > G_MAXUINT16)
    port = try_ssl == 3 ? 465 : 587;
  mf_server_set_port (server, (guint16) port);
  mf_server_set_auth (server, mf_tb_auth_from_method (method));
  mf_server_set_username (server, pref_str (prefs, prefix, "username"));
  return server;
}

static MfAccountKind
classify (MfPrefsJs *prefs, const gchar *server_prefix, const gchar *type,
          MfServer *incoming, MfServer *outgoing, GPtrArray *identity_keys)
{
  MfAuth in_auth = mf_server_get_auth (incoming);

  if (g_strcmp0 (type, "pop3") != 0 && g_strcmp0 (type, "imap") != 0)
    return MF_ACCOUNT_KIND_OTHER;
  if (pref_bool (prefs, server_prefix, "hidden", FALSE))
    return MF_ACCOUNT_KIND_OTHER;
  if (in_auth == MF_AUTH_OAUTH2 || (outgoing != NULL && mf_server_get_auth (outgoing) == MF_AUTH_OAUTH2))
    return MF_ACCOUNT_KIND_OAUTH2;
  /* enterprise sign-in has no password to replace */
  if (in_auth == MF_AUTH_GSSAPI || in_auth == MF_AUTH_NTLM || in_auth == MF_AUTH_EXTERNAL)
    return MF_ACCOUNT_KIND_OTHER;
  /* a POP3 account that neither fetches nor sends is kept only for its mail */
  if (g_strcmp0 (type, "pop3") == 0 && identity_keys->len == 0 &&
      !pref_bool (prefs, server_prefix, "check_new_mail", TRUE) &&
      !pref_bool (prefs, server_prefix, "login_at_startup", FALSE))
    return MF_ACCOUNT_KIND_ARCHIVE;
  return MF_ACCOUNT_KIND_MAIL;
}

static MfAccount *
read_account (MfProfile *profile, MfPrefsJs *prefs, const gchar *account_key)
{
  g_autofree gchar *acc_prefix = g_strdup_printf ("mail.account.%s.", account_key);
  const gchar *server_key = pref_str (prefs, acc_prefix, "server");
  g_autofree gchar *server_prefix = NULL;
  g_autofree gchar *profile_base = g_path_get_basename (mf_profile_get_path (profile));
  g_autofree gchar *id = NULL;
  g_autofree gchar *ident_list = NULL;
  g_autoptr(GPtrArray) identity_keys = NULL;
  g_autoptr(MfAccount) account = NULL;
  g_autoptr(MfServer) incoming = NULL;
  g_autoptr(MfServer) outgoing = NULL;
  const gchar *type, *hostname, *name, *smtp_key = NULL;

  if (server_key == NULL || server_key[0] == '\0')
    return NULL;
  server_prefix = g_strdup_printf ("mail.server.%s.", server_key);
  type = pref_str (prefs, server_prefix, "type");
  hostname = pref_str (prefs, server_prefix, "hostname");
  /* Thunderbird deletes such an account at start-up; it is not there to fix */
  if (type == NULL || type[0] == '\0' || hostname == NULL || hostname[0] == '\0')
    return NULL;
  /* Local Folders hold mail but fetch and send nothing */
  if (g_strcmp0 (type, "none") == 0)
    return NULL;

  id = g_strdup_printf ("thunderbird:%s:%s", profile_base, account_key);
  account = mf_account_new (id, profile);
  mf_account_set_store_key (account, "account", account_key);
  mf_account_set_store_key (account, "server", server_key);
  incoming = read_incoming (prefs, server_key, mf_protocol_from_string (type));

  identity_keys = mf_tb_split_list (pref_str (prefs, acc_prefix, "identities"));
  for (guint i = 0; i < identity_keys->len; i++) {
    const gchar *ikey = g_ptr_array_index (identity_keys, i);
    g_autofree gchar *iprefix = g_strdup_printf ("mail.identity.%s.", ikey);
    g_autoptr(MfIdentity) identity = mf_identity_new (pref_str (prefs, iprefix, "fullName"),
                                                      pref_str (prefs, iprefix, "useremail"));
    mf_account_add_identity (account, identity);
    if (i == 0) {
      smtp_key = pref_str (prefs, iprefix, "smtpServer");
      mf_account_set_store_key (account, "identity", ikey);
    }
  }
  if (identity_keys->len > 0) {
    if (smtp_key == NULL || smtp_key[0] == '\0')
      smtp_key = mf_prefs_js_get_string (prefs, "mail.smtp.defaultserver");
    if (smtp_key != NULL && smtp_key[0] != '\0') {
      outgoing = read_outgoing (prefs, smtp_key);
      if (outgoing != NULL)
        mf_account_set_store_key (account, "smtp", smtp_key);
    }
  }
  mf_account_set_incoming (account, incoming);
  mf_account_set_outgoing (account, outgoing);

  name = pref_str (prefs, server_prefix, "name");
  if (name != NULL) {
    mf_account_set_name (account, name);
  } else if (mf_account_get_address (account) != NULL) {
    mf_account_set_name (account, mf_account_get_address (account));
  } else {
    g_autofree gchar *fallback = g_strdup_printf ("%s@%s", mf_server_get_username (incoming) != NULL
                                                  ? mf_server_get_username (incoming) : "",
                                                  mf_server_get_host (incoming));
    mf_account_set_name (account, fallback);
  }
  mf_account_set_kind (account, classify (prefs, server_prefix, type, incoming, outgoing, identity_keys));
  return g_steal_pointer (&account);
}

GPtrArray *
mf_tb_accounts_read (MfProfile *profile, MfPrefsJs *prefs)
{
  GPtrArray *accounts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) keys = mf_tb_split_list (mf_prefs_js_get_string (prefs, "mail.accountmanager.accounts"));
  g_autoptr(GHashTable) servers_seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < keys->len; i++) {
    MfAccount *account = read_account (profile, prefs, g_ptr_array_index (keys, i));
    const gchar *server_key;

    if (account == NULL)
      continue;
    /* Thunderbird ignores a second account on the same server */
    server_key = mf_account_get_store_key (account, "server");
    if (g_hash_table_contains (servers_seen, server_key)) {
      g_object_unref (account);
      continue;
    }
    g_hash_table_add (servers_seen, (gpointer) server_key);
    g_ptr_array_add (accounts, account);
  }
  return accounts;
}
