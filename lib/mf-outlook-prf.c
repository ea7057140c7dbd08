/* mf-outlook-prf.c: accounts in Outlook profile files. An ISP ships a PRF
 * so Outlook sets the account up; mailfix also writes one to add an IMAP
 * account to an existing profile, since Outlook cannot turn a POP3 account
 * into IMAP by changing values. The keys carry the same meanings as the
 * registry values: SMTPAuthMethod=2 is POP-before-SMTP. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "mf-outlook-prf.h"
#include "mf-private.h"

static gboolean
number (MfPrf *prf, const gchar *section, const gchar *key, guint32 *out)
{
  const gchar *text = mf_prf_get (prf, section, key);
  gchar *end = NULL;
  guint64 value;

  if (text == NULL || text[0] == '\0')
    return FALSE;
  /* LeaveOnServer and friends are written in hex (0x20007) */
  value = g_ascii_strtoull (text, &end, 0);
  if (end == text || value > G_MAXUINT32)
    return FALSE;
  *out = (guint32) value;
  return TRUE;
}

static guint32
number_or (MfPrf *prf, const gchar *section, const gchar *key, guint32 fallback)
{
  guint32 value = fallback;
  number (prf, section, key, &value);
  return value;
}

static gchar *
key_name (const gchar *prefix, const gchar *what)
{
  return g_strconcat (prefix, what, NULL);
}

static MfServer *
read_incoming (MfPrf *prf, const gchar *section, const gchar *prefix, MfProtocol protocol)
{
  g_autofree gchar *k_server = key_name (prefix, "Server");
  g_autofree gchar *k_user = key_name (prefix, "UserName");
  g_autofree gchar *k_port = key_name (prefix, "Port");
  g_autofree gchar *k_ssl = key_name (prefix, "UseSSL");
  g_autofree gchar *k_spa = key_name (prefix, "UseSPA");
  MfServer *server = mf_server_new (protocol);

  mf_server_set_host (server, mf_prf_get (prf, section, k_server));
  mf_server_set_username (server, mf_prf_get (prf, section, k_user));
  mf_server_set_security (server, number_or (prf, section, k_ssl, 0) != 0 ? MF_SECURITY_TLS : MF_SECURITY_NONE);
  mf_server_set_port (server, (guint16) number_or (prf, section, k_port,
                                                   mf_protocol_default_port (protocol, MF_SECURITY_NONE)));
  mf_server_set_auth (server, number_or (prf, section, k_spa, 0) != 0 ? MF_AUTH_NTLM : MF_AUTH_PASSWORD);
  return server;
}

static MfServer *
read_outgoing (MfPrf *prf, const gchar *section, MfServer *incoming)
{
  const gchar *host = mf_prf_get (prf, section, "SMTPServer");
  MfServer *server;
  guint32 port, secure;

  if (host == NULL || host[0] == '\0')
    return NULL;
  server = mf_server_new (MF_PROTOCOL_SMTP);
  port = number_or (prf, section, "SMTPPort", 25);
  mf_server_set_host (server, host);
  mf_server_set_port (server, (guint16) port);
  if (number (prf, section, "SMTPSecureConnection", &secure))
    mf_server_set_security (server, secure == 1 ? MF_SECURITY_TLS
                                    : secure == 0 ? MF_SECURITY_NONE : MF_SECURITY_STARTTLS);
  else if (number_or (prf, section, "SMTPUseSSL", 0) != 0)
    mf_server_set_security (server, port == 465 ? MF_SECURITY_TLS : MF_SECURITY_STARTTLS);
  if (number_or (prf, section, "SMTPUseAuth", 0) == 0) {
    mf_server_set_auth (server, MF_AUTH_NONE);
    return server;
  }
  switch (number_or (prf, section, "SMTPAuthMethod", 0)) {
  case 0:
    mf_server_set_auth (server, MF_AUTH_PASSWORD);
    mf_server_set_username (server, mf_server_get_username (incoming));
    break;
  case 1:
    mf_server_set_auth (server, MF_AUTH_PASSWORD);
    mf_server_set_username (server, mf_prf_get (prf, section, "SMTPUserName"));
    break;
  default:
    /* 2: log on to the incoming server before sending */
    mf_server_set_auth (server, MF_AUTH_NONE);
    break;
  }
  return server;
}

void
mf_outlook_prf_load (MfPrf *prf, MfProfile *profile, const gchar *id_prefix, GPtrArray *accounts)
{
  g_autoptr(GPtrArray) list = mf_prf_get_accounts (prf);

  for (guint i = 0; i < list->len; i++) {
    MfPrfAccount *entry = g_ptr_array_index (list, i);
    gboolean imap = g_ascii_strcasecmp (entry->kind, "IMAP_I_Mail") == 0;
    gboolean pop = g_ascii_strcasecmp (entry->kind, "I_Mail") == 0;
    g_autoptr(MfServer) incoming = NULL;
    g_autoptr(MfServer) outgoing = NULL;
    g_autoptr(MfAccount) account = NULL;
    g_autoptr(MfIdentity) identity = NULL;
    g_autofree gchar *id = NULL;
    const gchar *name;

    if (!imap && !pop)
      continue;   /* HTTP mail, Exchange: not POP3 or IMAP */
    incoming = read_incoming (prf, entry->section, imap ? "IMAP" : "POP3", imap ? MF_PROTOCOL_IMAP : MF_PROTOCOL_POP3);
    if (mf_server_get_host (incoming) == NULL)
      continue;
    id = g_strdup_printf ("%s:%s", id_prefix, entry->section);
    account = mf_account_new (id, profile);
    mf_account_set_store_key (account, "prf-section", entry->section);
    name = mf_prf_get (prf, entry->section, "AccountName");
    mf_account_set_name (account, name != NULL ? name : entry->section);
    identity = mf_identity_new (mf_prf_get (prf, entry->section, "DisplayName"),
                                mf_prf_get (prf, entry->section, "EmailAddress"));
    mf_account_add_identity (account, identity);
    mf_account_set_incoming (account, incoming);
    outgoing = read_outgoing (prf, entry->section, incoming);
    mf_account_set_outgoing (account, outgoing);
    mf_account_set_kind (account, mf_server_get_auth (incoming) == MF_AUTH_NTLM ? MF_ACCOUNT_KIND_OTHER
                                                                                 : MF_ACCOUNT_KIND_MAIL);
    g_ptr_array_add (accounts, g_steal_pointer (&account));
  }
}

static void
set (MfPrf *prf, const gchar *section, const gchar *key, const gchar *value, MfPlan *plan, const gchar *account_id,
     const gchar *path)
{
  const gchar *old = mf_prf_get (prf, section, key);
  g_autofree gchar *old_copy = g_strdup (old);
  g_autoptr(MfEdit) edit = NULL;

  if (value == NULL || g_strcmp0 (old, value) == 0)
    return;
  mf_prf_set (prf, section, key, value);
  /* a PRF made for export has no plan to show its lines in */
  if (plan == NULL)
    return;
  edit = mf_edit_new (account_id, path, key, old_copy, value);
  mf_plan_add_edit (plan, edit);
}

static void
set_number (MfPrf *prf, const gchar *section, const gchar *key, guint32 value, MfPlan *plan, const gchar *account_id,
            const gchar *path)
{
  g_autofree gchar *text = g_strdup_printf ("%u", value);
  guint32 old;

  /* 0x1 and 1 are the same number: leave the file's spelling */
  if (number (prf, section, key, &old) && old == value)
    return;
  set (prf, section, key, text, plan, account_id, path);
}

static void
write_incoming (MfPrf *prf, const gchar *section, MfServer *target, MfPlan *plan, const gchar *id, const gchar *path)
{
  const gchar *prefix = mf_server_get_protocol (target) == MF_PROTOCOL_IMAP ? "IMAP" : "POP3";
  g_autofree gchar *k_server = key_name (prefix, "Server");
  g_autofree gchar *k_user = key_name (prefix, "UserName");
  g_autofree gchar *k_port = key_name (prefix, "Port");
  g_autofree gchar *k_ssl = key_name (prefix, "UseSSL");

  set (prf, section, k_server, mf_server_get_host (target), plan, id, path);
  set (prf, section, k_user, mf_server_get_username (target), plan, id, path);
  set_number (prf, section, k_port, mf_server_get_port (target), plan, id, path);
  set_number (prf, section, k_ssl, mf_server_get_security (target) == MF_SECURITY_TLS, plan, id, path);
}

static void
write_outgoing (MfPrf *prf, const gchar *section, MfServer *target, const gchar *incoming_user, MfPlan *plan,
                const gchar *id, const gchar *path)
{
  MfSecurity security = mf_server_get_security (target);
  const gchar *user = mf_server_get_username (target);
  gboolean own_user = user != NULL && g_strcmp0 (user, incoming_user) != 0;
  gboolean auth = mf_server_get_auth (target) != MF_AUTH_NONE;
  guint32 secure = security == MF_SECURITY_TLS ? 1 : security == MF_SECURITY_STARTTLS ? 2 : 0;

  set (prf, section, "SMTPServer", mf_server_get_host (target), plan, id, path);
  set_number (prf, section, "SMTPPort", mf_server_get_port (target), plan, id, path);
  /* the key the file's own mapping declares; the newer one if neither */
  if (mf_prf_get (prf, section, "SMTPUseSSL") != NULL && mf_prf_get (prf, section, "SMTPSecureConnection") == NULL)
    set_number (prf, section, "SMTPUseSSL", security != MF_SECURITY_NONE, plan, id, path);
  else
    set_number (prf, section, "SMTPSecureConnection", secure, plan, id, path);
  set_number (prf, section, "SMTPUseAuth", auth, plan, id, path);
  if (auth)
    set_number (prf, section, "SMTPAuthMethod", own_user ? 1 : 0, plan, id, path);
  if (auth && own_user)
    set (prf, section, "SMTPUserName", user, plan, id, path);
}

void
mf_outlook_prf_write_account (MfPrf *prf, const gchar *section, const MfOutlookAccountNames *names,
                              MfServer *incoming, MfServer *outgoing, MfPlan *plan, const gchar *account_id,
                              const gchar *path)
{
  set (prf, section, "AccountName", names->account_name, plan, account_id, path);
  set (prf, section, "DisplayName", names->display_name, plan, account_id, path);
  set (prf, section, "EmailAddress", names->address, plan, account_id, path);
  write_incoming (prf, section, incoming, plan, account_id, path);
  if (outgoing != NULL)
    write_outgoing (prf, section, outgoing, mf_server_get_username (incoming), plan, account_id, path);
  set_number (prf, section, "ConnectionType", 0, plan, account_id, path);
}

void
mf_outlook_prf_fill (MfPrf *prf, const gchar *section, MfAccount *account, MfServer *incoming, MfServer *outgoing,
                     MfPlan *plan, const gchar *path)
{
  g_autofree gchar *name = g_strdup_printf (_("%s (IMAP)"), mf_account_get_name (account));
  MfIdentity *identity = g_ptr_array_index (mf_account_get_identities (account), 0);
  MfOutlookAccountNames names = { name, mf_identity_get_name (identity), mf_identity_get_address (identity) };

  mf_outlook_prf_write_account (prf, section, &names, incoming, outgoing, plan, mf_account_get_id (account), path);
}

void
mf_outlook_prf_plan (MfPrf *prf, MfRemedy *remedy, MfPlan *plan, const gchar *path)
{
  MfAccount *account = mf_remedy_get_account (remedy);
  const gchar *section = mf_account_get_store_key (account, "prf-section");
  const gchar *id = mf_account_get_id (account);
  MfServer *incoming = mf_remedy_get_incoming (remedy);
  MfServer *outgoing = mf_remedy_get_outgoing (remedy);

  if (mf_remedy_get_converts_to_imap (remedy)) {
    /* the profile is not made yet, so there is no mail to keep: the file
     * creates the IMAP account instead of the POP3 one */
    g_autofree gchar *added = NULL;
    g_autoptr(MfEdit) edit = mf_edit_new (id, path, "Internet Account List", section, NULL);
    mf_prf_remove (prf, "Internet Account List", section);
    mf_plan_add_edit (plan, edit);
    added = mf_prf_add_account (prf, "IMAP_I_Mail");
    mf_outlook_prf_fill (prf, added, account, incoming, outgoing != NULL ? outgoing : mf_account_get_outgoing (account),
                         plan, path);
    return;
  }
  if (incoming != NULL)
    write_incoming (prf, section, incoming, plan, id, path);
  if (outgoing != NULL)
    write_outgoing (prf, section, outgoing,
                    mf_server_get_username (incoming != NULL ? incoming : mf_account_get_incoming (account)),
                    plan, id, path);
}
