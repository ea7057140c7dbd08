/* mf-export-autoconfig.c: the provider as a plain clientConfig 1.1
 * document, the format Thunderbird, Evolution and K-9 Mail look up. The
 * mailfix extension stays out: what it says (retired hosts, dates, how
 * sure a fact is) means nothing to those programs, and a reader that does
 * not skip unknown namespaces would refuse the file. */
#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>
#include <libxml/parser.h>

#include "mf-error.h"
#include "mf-export-private.h"
#include "mf-private.h"
#include "mf-provider-private.h"

static const gchar *
socket_type (MfSecurity security)
{
  switch (security) {
  case MF_SECURITY_TLS:      return "SSL";
  case MF_SECURITY_STARTTLS: return "STARTTLS";
  default:                   return "plain";
  }
}

static const gchar *
authentication (MfAuth auth)
{
  switch (auth) {
  case MF_AUTH_NONE:               return "none";
  case MF_AUTH_PASSWORD_ENCRYPTED: return "password-encrypted";
  case MF_AUTH_OAUTH2:             return "OAuth2";
  case MF_AUTH_GSSAPI:             return "GSSAPI";
  case MF_AUTH_NTLM:               return "NTLM";
  case MF_AUTH_EXTERNAL:           return "TLS-client-cert";
  default:                         return "password-cleartext";
  }
}

static void
add_text (xmlNode *parent, const gchar *name, const gchar *text)
{
  xmlNewTextChild (parent, NULL, BAD_CAST name, BAD_CAST text);
}

/* usernames collects what each server's <username> holds */
static gboolean
add_server (xmlNode *parent, const gchar *element, MfProvider *provider, const MfProviderServer *server,
            const gchar *address, const gchar *login, GPtrArray *usernames, GError **error)
{
  g_autofree gchar *host = mf_export_server_hostname (provider, server, address, error);
  g_autofree gchar *username = NULL;
  g_autofree gchar *port = NULL;
  xmlNode *node;

  if (host == NULL)
    return FALSE;
  username = mf_export_server_username (server, address, login);
  /* an id the provider issues stays a placeholder: the reading program
   * asks for it (the <inputField> says what to ask), or the user fills it */
  if (username == NULL && mf_provider_server_get_auth (server) != MF_AUTH_NONE)
    username = g_strdup (mf_provider_server_get_username_template (server));
  port = g_strdup_printf ("%u", mf_provider_server_get_port (server));
  node = xmlNewChild (parent, NULL, BAD_CAST element, NULL);
  xmlNewProp (node, BAD_CAST "type", BAD_CAST mf_protocol_to_string (mf_provider_server_get_protocol (server)));
  add_text (node, "hostname", host);
  add_text (node, "port", port);
  add_text (node, "socketType", socket_type (mf_provider_server_get_security (server)));
  if (username != NULL) {
    add_text (node, "username", username);
    g_ptr_array_add (usernames, g_steal_pointer (&username));
  }
  add_text (node, "authentication", authentication (mf_provider_server_get_auth (server)));
  return TRUE;
}

static gboolean
add_domains (xmlNode *parent, MfProvider *provider, const gchar *address, GError **error)
{
  GPtrArray *domains = mf_provider_get_domains (provider);
  const gchar *own = address != NULL ? mf_provider_address_domain (address) : NULL;
  g_autofree gchar *own_normal = own != NULL ? mf_provider_normalize_name (own) : NULL;
  g_autoptr(GString) patterns = g_string_new (NULL);
  gboolean own_listed = FALSE;
  guint written = 0;

  for (guint i = 0; i < domains->len; i++) {
    const gchar *domain = g_ptr_array_index (domains, i);
    /* other programs take a pattern literally, so it would match no
     * address and only make the document look odd */
    if (strchr (domain, '*') != NULL) {
      g_string_append_printf (patterns, "%s%s", patterns->len > 0 ? ", " : "", domain);
      continue;
    }
    add_text (parent, "domain", domain);
    written++;
    own_listed = own_listed || g_strcmp0 (domain, own_normal) == 0;
  }
  /* the address's domain, where the provider serves it through a pattern */
  if (own_normal != NULL && !own_listed && mf_provider_matches_domain (provider, own_normal)) {
    add_text (parent, "domain", own_normal);
    written++;
  }
  if (written == 0) {
    g_set_error (error, MF_ERROR, MF_ERROR_INVALID_ARGUMENT,
                 _("%s names its mail domains only as patterns (%s); give an address to name one"),
                 mf_provider_get_id (provider), patterns->str);
    return FALSE;
  }
  return TRUE;
}

/* The provider file as it is now, if it still describes this provider.
 * <documentation>, <enable> and the labels of <inputField> are kept only
 * there, since mailfix itself does not use them. */
static xmlDoc *
read_source (MfProvider *provider, xmlNode **provider_node)
{
  const gchar *path = mf_provider_get_filename (provider);
  /* no network, no entities, no DTD: as the loader reads it */
  const gint options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA;
  g_autofree gchar *data = NULL;
  g_autoptr(xmlDoc) doc = NULL;
  xmlNode *root;
  GStatBuf st;
  gsize len = 0;

  if (path == NULL || g_stat (path, &st) != 0 || !S_ISREG (st.st_mode) || st.st_size > MF_PROVIDER_MAX_FILE_SIZE)
    return NULL;
  if (!g_file_get_contents (path, &data, &len, NULL) || len > MF_PROVIDER_MAX_FILE_SIZE)
    return NULL;
  doc = xmlReadMemory (data, (gint) len, NULL, NULL, options);
  if (doc == NULL || doc->intSubset != NULL)
    return NULL;
  root = xmlDocGetRootElement (doc);
  if (root == NULL || root->ns != NULL || !xmlStrEqual (root->name, BAD_CAST "clientConfig"))
    return NULL;
  for (xmlNode *child = root->children; child != NULL; child = child->next) {
    xmlChar *id;
    gboolean same;

    if (child->type != XML_ELEMENT_NODE || child->ns != NULL ||
        !xmlStrEqual (child->name, BAD_CAST "emailProvider"))
      continue;
    id = xmlGetNoNsProp (child, BAD_CAST "id");
    same = id != NULL && g_strcmp0 ((const gchar *) id, mf_provider_get_id (provider)) == 0;
    xmlFree (id);
    if (same) {
      *provider_node = child;
      return g_steal_pointer (&doc);
    }
  }
  return NULL;
}

/* node and what it holds, without anything in a namespace: the file may
 * put its extension's attributes anywhere */
static xmlNode *
copy_plain (xmlNode *node)
{
  xmlNode *copy = xmlNewNode (NULL, node->name);

  for (xmlAttr *attr = node->properties; attr != NULL; attr = attr->next) {
    xmlChar *value;

    if (attr->ns != NULL)
      continue;
    value = xmlGetNoNsProp (node, attr->name);
    xmlNewProp (copy, attr->name, value);
    xmlFree (value);
  }
  for (xmlNode *child = node->children; child != NULL; child = child->next) {
    if (child->type == XML_ELEMENT_NODE && child->ns == NULL)
      xmlAddChild (copy, copy_plain (child));
    /* the file's indentation would stop the output's own */
    else if (child->type == XML_TEXT_NODE && !xmlIsBlankNode (child))
      xmlAddChild (copy, xmlNewText (child->content));
  }
  return copy;
}

static gboolean
is_standard_placeholder (const gchar *key)
{
  return g_ascii_strcasecmp (key, "EMAILADDRESS") == 0 || g_ascii_strcasecmp (key, "EMAILLOCALPART") == 0 ||
         g_ascii_strcasecmp (key, "EMAILDOMAIN") == 0;
}

/* the label the provider file gives the <inputField> of key, if any */
static gchar *
source_label (xmlNode *source, const gchar *key)
{
  for (xmlNode *child = source != NULL ? source->children : NULL; child != NULL; child = child->next) {
    xmlChar *field_key;
    gboolean same;

    if (child->type != XML_ELEMENT_NODE || child->ns != NULL || !xmlStrEqual (child->name, BAD_CAST "inputField"))
      continue;
    field_key = xmlGetNoNsProp (child, BAD_CAST "key");
    same = field_key != NULL && g_ascii_strcasecmp ((const gchar *) field_key, key) == 0;
    xmlFree (field_key);
    if (same) {
      xmlChar *label = xmlGetNoNsProp (child, BAD_CAST "label");
      gchar *out = label != NULL ? g_strdup ((const gchar *) label) : NULL;
      xmlFree (label);
      return out;
    }
  }
  return NULL;
}

/* A placeholder of the provider's own (%DACCOUNTID%) must be declared
 * for the document to be valid clientConfig 1.1, and tells the reading
 * program what to ask for. */
static void
add_input_fields (xmlNode *parent, MfProvider *provider, xmlNode *source, GPtrArray *usernames)
{
  g_autoptr(GRegex) placeholder = g_regex_new ("%([A-Za-z0-9_-]+)%", G_REGEX_DEFAULT, G_REGEX_MATCH_DEFAULT, NULL);
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < usernames->len; i++) {
    g_autoptr(GMatchInfo) match = NULL;

    g_regex_match (placeholder, g_ptr_array_index (usernames, i), G_REGEX_MATCH_DEFAULT, &match);
    for (; g_match_info_matches (match); g_match_info_next (match, NULL)) {
      g_autofree gchar *found = g_match_info_fetch (match, 1);
      gchar *key = g_ascii_strup (found, -1);

      if (is_standard_placeholder (key) || g_ptr_array_find_with_equal_func (keys, key, g_str_equal, NULL))
        g_free (key);
      else
        g_ptr_array_add (keys, key);
    }
  }
  for (guint i = 0; i < keys->len; i++) {
    const gchar *key = g_ptr_array_index (keys, i);
    g_autofree gchar *label = source_label (source, key);
    xmlNode *node = xmlNewChild (parent, NULL, BAD_CAST "inputField", NULL);

    if (label == NULL)
      label = g_strdup (mf_provider_get_login_label (provider));
    xmlNewProp (node, BAD_CAST "key", BAD_CAST key);
    if (label != NULL)
      xmlNewProp (node, BAD_CAST "label", BAD_CAST label);
  }
}

static void
add_from_source (xmlNode *parent, xmlNode *source, const gchar *element)
{
  for (xmlNode *child = source != NULL ? source->children : NULL; child != NULL; child = child->next) {
    if (child->type == XML_ELEMENT_NODE && child->ns == NULL && xmlStrEqual (child->name, BAD_CAST element))
      xmlAddChild (parent, copy_plain (child));
  }
}

GBytes *
mf_export_autoconfig (MfProvider *provider, const gchar *address, const gchar *login, GError **error)
{
  g_autoptr(xmlDoc) doc = xmlNewDoc (BAD_CAST "1.0");
  g_autoptr(xmlDoc) source_doc = NULL;
  g_autoptr(GPtrArray) usernames = g_ptr_array_new_with_free_func (g_free);
  const MfProviderServer *submission = mf_provider_get_submission (provider);
  GPtrArray *incoming = mf_provider_get_incoming (provider);
  GPtrArray *outgoing = mf_provider_get_outgoing (provider);
  xmlNode *source = NULL;
  xmlNode *root = xmlNewNode (NULL, BAD_CAST "clientConfig");
  xmlNode *node;

  xmlDocSetRootElement (doc, root);
  xmlNewProp (root, BAD_CAST "version", BAD_CAST "1.1");
  node = xmlNewChild (root, NULL, BAD_CAST "emailProvider", NULL);
  xmlNewProp (node, BAD_CAST "id", BAD_CAST mf_provider_get_id (provider));
  if (!add_domains (node, provider, address, error))
    return NULL;
  add_text (node, "displayName", mf_provider_get_display_name (provider));
  add_text (node, "displayShortName", mf_provider_get_short_name (provider));
  for (guint i = 0; i < incoming->len; i++) {
    if (!add_server (node, "incomingServer", provider, g_ptr_array_index (incoming, i), address, login, usernames,
                     error))
      return NULL;
  }
  /* programs take the first outgoing server: the one the provider prefers */
  if (!add_server (node, "outgoingServer", provider, submission, address, login, usernames, error))
    return NULL;
  for (guint i = 0; i < outgoing->len; i++) {
    const MfProviderServer *server = g_ptr_array_index (outgoing, i);
    if (server != submission &&
        !add_server (node, "outgoingServer", provider, server, address, login, usernames, error))
      return NULL;
  }
  source_doc = read_source (provider, &source);
  add_from_source (node, source, "enable");
  add_from_source (node, source, "documentation");
  add_input_fields (node, provider, source, usernames);
  return mf_export_xml_to_bytes (doc, error);
}
