/* mf-export-mobileconfig.c: the account as an Apple configuration profile
 * (an XML property list), which iPhone, iPad and macOS install from a file
 * or a web page. It holds no password: the device asks for it when the
 * profile is installed, so the file can be handed out. */
#include "config.h"

#include "mf-error.h"
#include "mf-export-private.h"
#include "mf-private.h"

/* the reverse-DNS name the identifiers of every exported profile start with */
#define PROFILE_ID_PREFIX "jp.mailfix.export"

static void
add_key (xmlNode *dict, const gchar *key)
{
  xmlNewTextChild (dict, NULL, BAD_CAST "key", BAD_CAST key);
}

static void
add_string (xmlNode *dict, const gchar *key, const gchar *value)
{
  add_key (dict, key);
  xmlNewTextChild (dict, NULL, BAD_CAST "string", BAD_CAST value);
}

static void
add_integer (xmlNode *dict, const gchar *key, gint64 value)
{
  g_autofree gchar *text = g_strdup_printf ("%" G_GINT64_FORMAT, value);

  add_key (dict, key);
  xmlNewTextChild (dict, NULL, BAD_CAST "integer", BAD_CAST text);
}

static void
add_bool (xmlNode *dict, const gchar *key, gboolean value)
{
  add_key (dict, key);
  xmlNewChild (dict, NULL, BAD_CAST (value ? "true" : "false"), NULL);
}

/* every install must see new UUIDs, or the device takes the profile for
 * one it has and refuses or replaces it */
static void
add_uuid (xmlNode *dict)
{
  g_autofree gchar *uuid = g_uuid_string_random ();
  g_autofree gchar *upper = g_ascii_strup (uuid, -1);

  add_string (dict, "PayloadUUID", upper);
}

static const gchar *
auth_name (MfAuth auth)
{
  switch (auth) {
  case MF_AUTH_NONE:               return "EmailAuthNone";
  case MF_AUTH_PASSWORD_ENCRYPTED: return "EmailAuthCRAMMD5";
  case MF_AUTH_NTLM:               return "EmailAuthNTLM";
  default:                         return "EmailAuthPassword";
  }
}

/* side is "Incoming" or "Outgoing", as the key names begin */
static void
add_server (xmlNode *dict, const gchar *side, MfServer *server)
{
  g_autofree gchar *k_auth = g_strconcat (side, "MailServerAuthentication", NULL);
  g_autofree gchar *k_host = g_strconcat (side, "MailServerHostName", NULL);
  g_autofree gchar *k_port = g_strconcat (side, "MailServerPortNumber", NULL);
  g_autofree gchar *k_ssl = g_strconcat (side, "MailServerUseSSL", NULL);
  g_autofree gchar *k_user = g_strconcat (side, "MailServerUsername", NULL);

  add_string (dict, k_auth, auth_name (mf_server_get_auth (server)));
  add_string (dict, k_host, mf_server_get_host (server));
  add_integer (dict, k_port, mf_server_get_port (server));
  /* Apple's flag means "use TLS", and the device does STARTTLS on a plain
   * port by itself */
  add_bool (dict, k_ssl, mf_server_get_security (server) != MF_SECURITY_NONE);
  /* left out, the device asks for it: the way for an id the provider
   * issues that nobody gave */
  if (mf_server_get_username (server) != NULL)
    add_string (dict, k_user, mf_server_get_username (server));
}

/* Unique per provider and address, so a second address adds a second
 * profile instead of replacing the first; the address goes in hashed,
 * since an identifier may hold only letters, digits, dots and hyphens. */
static gchar *
profile_identifier (const MfExportAccount *account)
{
  g_autofree gchar *lower = g_utf8_strdown (account->address, -1);
  g_autofree gchar *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, lower, -1);
  g_autoptr(GString) id = g_string_new (PROFILE_ID_PREFIX ".");

  for (const gchar *p = mf_provider_get_id (account->provider); *p != '\0'; p++)
    g_string_append_c (id, g_ascii_isalnum (*p) || *p == '.' || *p == '-' ? *p : '-');
  g_string_append_printf (id, ".%.16s", hash);
  return g_string_free (g_steal_pointer (&id), FALSE);
}

static void
add_mail_payload (xmlNode *array, const MfExportAccount *account, const gchar *profile_id)
{
  xmlNode *dict = xmlNewChild (array, NULL, BAD_CAST "dict", NULL);
  g_autofree gchar *payload_id = g_strconcat (profile_id, ".mail", NULL);
  gboolean imap = mf_server_get_protocol (account->incoming) == MF_PROTOCOL_IMAP;

  add_string (dict, "EmailAccountDescription", mf_provider_get_short_name (account->provider));
  add_string (dict, "EmailAccountType", imap ? "EmailTypeIMAP" : "EmailTypePOP");
  add_string (dict, "EmailAddress", account->address);
  add_server (dict, "Incoming", account->incoming);
  add_server (dict, "Outgoing", account->outgoing);
  /* the provider takes one password for both: the user types it once */
  if (mf_server_get_auth (account->outgoing) != MF_AUTH_NONE)
    add_bool (dict, "OutgoingPasswordSameAsIncomingPassword", TRUE);
  add_string (dict, "PayloadDisplayName", mf_provider_get_display_name (account->provider));
  add_string (dict, "PayloadIdentifier", payload_id);
  add_string (dict, "PayloadType", "com.apple.mail.managed");
  add_uuid (dict);
  add_integer (dict, "PayloadVersion", 1);
}

GBytes *
mf_export_mobileconfig (const MfExportAccount *account, GError **error)
{
  g_autoptr(xmlDoc) doc = xmlNewDoc (BAD_CAST "1.0");
  g_autofree gchar *profile_id = profile_identifier (account);
  g_autofree gchar *display = g_strdup_printf ("%s: %s", mf_provider_get_display_name (account->provider),
                                               account->address);
  xmlNode *root = xmlNewNode (NULL, BAD_CAST "plist");
  xmlNode *dict;
  xmlNode *content;

  xmlCreateIntSubset (doc, BAD_CAST "plist", BAD_CAST "-//Apple//DTD PLIST 1.0//EN",
                      BAD_CAST "http://www.apple.com/DTDs/PropertyList-1.0.dtd");
  xmlDocSetRootElement (doc, root);
  xmlNewProp (root, BAD_CAST "version", BAD_CAST "1.0");
  dict = xmlNewChild (root, NULL, BAD_CAST "dict", NULL);
  add_key (dict, "PayloadContent");
  content = xmlNewChild (dict, NULL, BAD_CAST "array", NULL);
  add_mail_payload (content, account, profile_id);
  add_string (dict, "PayloadDisplayName", display);
  add_string (dict, "PayloadIdentifier", profile_id);
  add_bool (dict, "PayloadRemovalDisallowed", FALSE);
  add_string (dict, "PayloadType", "Configuration");
  add_uuid (dict);
  add_integer (dict, "PayloadVersion", 1);
  return mf_export_xml_to_bytes (doc, error);
}
