/* mf-oe-account.c: Windows Mail / Windows Live Mail .oeaccount files: a
 * flat <MessageAccount> of <Name type="SZ|DWORD|BINARY">value</Name>,
 * written by the programs themselves in UTF-16 */
#include "config.h"

#include <string.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "mf-error.h"
#include "mf-oe-account.h"
#include "mf-private.h"

struct _MfOeAccount {
  xmlDoc *doc;
  gboolean utf16;
};

void
mf_oe_account_free (MfOeAccount *self)
{
  if (self == NULL)
    return;
  if (self->doc != NULL)
    xmlFreeDoc (self->doc);
  g_free (self);
}

static gboolean
has_utf16_bom (const guint8 *data, gsize len)
{
  return len >= 2 && ((data[0] == 0xff && data[1] == 0xfe) || (data[0] == 0xfe && data[1] == 0xff));
}

MfOeAccount *
mf_oe_account_parse (GBytes *bytes, const gchar *path, GError **error)
{
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  g_autoptr(MfOeAccount) self = g_new0 (MfOeAccount, 1);
  xmlNode *root;

  self->utf16 = has_utf16_bom (data, len) || (len >= 2 && data[0] == '<' && data[1] == 0);
  /* no network, no entities, no DTD: the file came from someone else's disk */
  self->doc = xmlReadMemory ((const char *) data, (int) len, path, NULL,
                             XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (self->doc == NULL) {
    const xmlError *xerr = xmlGetLastError ();
    /* libxml2 may quote the bytes it could not read */
    g_autofree gchar *why = g_utf8_make_valid (xerr != NULL && xerr->message != NULL ? xerr->message : "", -1);
    g_set_error (error, MF_ERROR, MF_ERROR_PARSE, _("%s:%d: not a mail account file: %s"), path,
                 xerr != NULL ? xerr->line : 0, g_strchomp (why));
    return NULL;
  }
  if (self->doc->intSubset != NULL) {
    g_set_error (error, MF_ERROR, MF_ERROR_PARSE, _("%s: a mail account file has no document type declaration"), path);
    return NULL;
  }
  root = xmlDocGetRootElement (self->doc);
  if (root == NULL || xmlStrcmp (root->name, BAD_CAST "MessageAccount") != 0) {
    g_set_error (error, MF_ERROR, MF_ERROR_PARSE, _("%s: the root element is not <MessageAccount>"), path);
    return NULL;
  }
  return g_steal_pointer (&self);
}

MfOeAccount *
mf_oe_account_new (gboolean utf16)
{
  MfOeAccount *self = g_new0 (MfOeAccount, 1);

  self->utf16 = utf16;
  self->doc = xmlNewDoc (BAD_CAST "1.0");
  xmlDocSetRootElement (self->doc, xmlNewNode (NULL, BAD_CAST "MessageAccount"));
  return self;
}

static xmlNode *
find (MfOeAccount *self, const gchar *name)
{
  xmlNode *root = xmlDocGetRootElement (self->doc);

  for (xmlNode *n = root->children; n != NULL; n = n->next) {
    if (n->type == XML_ELEMENT_NODE && xmlStrcmp (n->name, BAD_CAST name) == 0)
      return n;
  }
  return NULL;
}

gchar *
mf_oe_account_get (MfOeAccount *self, const gchar *name)
{
  xmlNode *node = find (self, name);
  xmlChar *text;
  gchar *value;

  if (node == NULL)
    return NULL;
  text = xmlNodeGetContent (node);
  value = g_strstrip (g_strdup ((const gchar *) text));
  xmlFree (text);
  return value;
}

gboolean
mf_oe_account_get_dword (MfOeAccount *self, const gchar *name, guint32 *out)
{
  g_autofree gchar *text = mf_oe_account_get (self, name);
  guint64 value = 0;

  if (text == NULL || text[0] == '\0')
    return FALSE;
  if (g_ascii_strcasecmp (text, "TRUE") == 0) {
    *out = 1;
    return TRUE;
  }
  if (g_ascii_strcasecmp (text, "FALSE") == 0) {
    *out = 0;
    return TRUE;
  }
  if (!g_ascii_string_to_unsigned (text, 16, 0, G_MAXUINT32, &value, NULL))
    return FALSE;
  *out = (guint32) value;
  return TRUE;
}

/* a new element goes on its own line, indented as the others, before the
 * closing tag, so the file still reads as the program wrote it */
static xmlNode *
add_element (xmlNode *root, const gchar *name)
{
  xmlNode *node = xmlNewNode (NULL, BAD_CAST name);
  xmlNode *tail = root->last;
  xmlNode *indent = NULL;

  for (xmlNode *n = root->last; n != NULL && indent == NULL; n = n->prev)
    if (n->type == XML_ELEMENT_NODE)
      indent = n->prev != NULL && n->prev->type == XML_TEXT_NODE ? n->prev : root;
  if (tail == NULL || tail->type != XML_TEXT_NODE) {
    xmlAddChild (root, node);
    return node;
  }
  xmlAddPrevSibling (tail, node);
  if (indent != NULL && indent != root)
    xmlAddPrevSibling (node, xmlNewText (indent->content));
  return node;
}

static void
set_value (MfOeAccount *self, const gchar *name, const gchar *type, const gchar *value)
{
  xmlNode *node = find (self, name);

  if (node == NULL)
    node = add_element (xmlDocGetRootElement (self->doc), name);
  xmlSetProp (node, BAD_CAST "type", BAD_CAST type);
  xmlNodeSetContent (node, NULL);
  xmlNodeAddContent (node, BAD_CAST value);
}

void
mf_oe_account_set_sz (MfOeAccount *self, const gchar *name, const gchar *value)
{
  set_value (self, name, "SZ", value);
}

/* eight hex digits, as the programs write them */
void
mf_oe_account_set_dword (MfOeAccount *self, const gchar *name, guint32 value)
{
  g_autofree gchar *text = g_strdup_printf ("%08x", value);
  set_value (self, name, "DWORD", text);
}

gboolean
mf_oe_account_remove (MfOeAccount *self, const gchar *name)
{
  xmlNode *node = find (self, name);

  if (node == NULL)
    return FALSE;
  xmlUnlinkNode (node);
  xmlFreeNode (node);
  return TRUE;
}

gboolean
mf_oe_account_is_utf16 (MfOeAccount *self)
{
  return self->utf16;
}

GBytes *
mf_oe_account_to_bytes (MfOeAccount *self, GError **error)
{
  xmlChar *out = NULL;
  int len = 0;

  xmlDocDumpFormatMemoryEnc (self->doc, &out, &len, self->utf16 ? "UTF-16" : "UTF-8", 1);
  if (out == NULL) {
    g_set_error_literal (error, MF_ERROR, MF_ERROR_FAILED, _("cannot write the mail account file"));
    return NULL;
  }
  {
    GBytes *bytes = g_bytes_new (out, (gsize) len);
    xmlFree (out);
    return bytes;
  }
}

void
mf_oe_set_smtp_auth (MfServer *server, guint32 sicily, const gchar *smtp_user, MfServer *incoming)
{
  switch (sicily) {
  case 0:
    mf_server_set_auth (server, MF_AUTH_NONE);
    break;
  case 1:
    mf_server_set_auth (server, MF_AUTH_NTLM);
    mf_server_set_username (server, smtp_user);
    break;
  case 2:
    /* "use same settings as my incoming mail server": real SMTP AUTH,
     * not POP-before-SMTP */
    mf_server_set_auth (server, MF_AUTH_PASSWORD);
    mf_server_set_username (server, mf_server_get_username (incoming));
    break;
  default:
    mf_server_set_auth (server, MF_AUTH_PASSWORD);
    mf_server_set_username (server, smtp_user);
    break;
  }
}
