/* mf-provider.c: one provider description (clientConfig 1.1 plus the
 * urn:mailfix:provider:1 extension), its loader and its matching rules */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "mf-error.h"
#include "mf-private.h"
#include "mf-provider-private.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlParserCtxt, xmlFreeParserCtxt)

/* the error callback's argument became const in libxml2 2.12 */
#if LIBXML_VERSION >= 21200
#define MF_XML_ERROR_CONST const
#else
#define MF_XML_ERROR_CONST
#endif

/* the only placeholders that can be derived from the e-mail address */
#define MF_PH_ADDRESS   "EMAILADDRESS"
#define MF_PH_LOCALPART "EMAILLOCALPART"
#define MF_PH_DOMAIN    "EMAILDOMAIN"

#define MF_MAX_NAME_LEN  253
#define MF_MAX_LABEL_LEN 63
#define MF_MAX_APP_PASSWORD_LEN 1024

struct _MfProviderServer {
  gatomicrefcount ref_count;
  MfProtocol protocol;
  gchar *hostname;
  guint16 port;
  MfSecurity security;
  MfAuth auth;
  gchar *username;
  MfConfidence confidence;
  MfConfidence hostname_confidence;
};

/* a text in one language (xml:lang) */
typedef struct {
  gchar *lang;
  gchar *text;
} MfLocalText;

typedef struct {
  gchar *host;
  gchar *replacement;
  gchar *since;
} MfRetiredHost;

typedef struct {
  gchar *topic;
  gchar *date;
} MfCutover;

typedef struct {
  gchar *url;
  gchar *description;
  MfConfidence confidence;
} MfSource;

struct _MfProvider {
  GObject parent_instance;

  gchar *id;
  gchar *display_name;
  gchar *short_name;
  gchar *filename;
  GPtrArray *domains;         /* gchar*, normalised; may hold patterns */
  GPtrArray *host_patterns;   /* gchar*, normalised; may hold patterns */
  GPtrArray *incoming;        /* MfProviderServer* */
  GPtrArray *outgoing;        /* MfProviderServer* */
  GPtrArray *retired;         /* MfRetiredHost* */

  MfLoginKind login_kind;
  GPtrArray *login_labels;    /* MfLocalText* */
  guint16 preferred_port;

  gboolean has_app_password;
  guint app_min_len;
  guint app_max_len;
  gboolean app_letters;
  gboolean app_digits;
  gboolean app_symbols;
  gboolean app_case_sensitive;
  gchar *app_required_from;
  gchar *app_abroad_from;
  gchar *app_url;
  MfConfidence app_confidence;
  GPtrArray *instructions;    /* MfLocalText* */

  gchar *pop_before_smtp_ended;
  gboolean pop_before_smtp_gradual;
  GPtrArray *cutovers;        /* MfCutover* */
  GPtrArray *sources;         /* MfSource* */

  /* an ISP's own face in the wizard (mf:branding) */
  GPtrArray *brand_names;     /* MfLocalText*; empty without mf:branding */
  gchar *logo_path;           /* absolute */
  gchar *help_url;
  gchar *support_phone;
  GPtrArray *support_hours;   /* MfLocalText* */
  GPtrArray *password_help;   /* MfLocalText* */

  /* where the description came from: a file, or a lookup (autoconfig) */
  MfProviderOrigin origin;
  gchar *origin_url;          /* NULL for a file */
};

G_DEFINE_TYPE (MfProvider, mf_provider, G_TYPE_OBJECT)

/* ------------------------------------------------------------------ */
/* small value helpers                                                 */

/**
 * mf_login_kind_to_string:
 * @kind: an #MfLoginKind
 *
 * Returns: (transfer none): the name used in provider files and JSON
 *   ("template", "address", "localpart" or "external")
 *
 * Since: 0.1
 */
const gchar *
mf_login_kind_to_string (MfLoginKind kind)
{
  switch (kind) {
  case MF_LOGIN_ADDRESS:   return "address";
  case MF_LOGIN_LOCALPART: return "localpart";
  case MF_LOGIN_EXTERNAL:  return "external";
  default:                 return "template";
  }
}

/**
 * mf_confidence_to_string:
 * @confidence: an #MfConfidence
 *
 * Returns: (transfer none): "high", "medium" or "low"
 *
 * Since: 0.1
 */
const gchar *
mf_confidence_to_string (MfConfidence confidence)
{
  switch (confidence) {
  case MF_CONFIDENCE_MEDIUM: return "medium";
  case MF_CONFIDENCE_LOW:    return "low";
  default:                   return "high";
  }
}

static void
mf_local_text_free (MfLocalText *lt)
{
  g_free (lt->lang);
  g_free (lt->text);
  g_free (lt);
}

static void
mf_retired_host_free (MfRetiredHost *rh)
{
  g_free (rh->host);
  g_free (rh->replacement);
  g_free (rh->since);
  g_free (rh);
}

static void
mf_cutover_free (MfCutover *co)
{
  g_free (co->topic);
  g_free (co->date);
  g_free (co);
}

static void
mf_source_free (MfSource *src)
{
  g_free (src->url);
  g_free (src->description);
  g_free (src);
}

/* compares a language tag ("pt-BR") with a locale name ("pt_BR") */
static gboolean
mf_lang_equal (const gchar *tag, const gchar *locale)
{
  for (; *tag != '\0' && *locale != '\0'; tag++, locale++) {
    gchar a = *tag == '-' ? '_' : g_ascii_tolower (*tag);
    gchar b = *locale == '-' ? '_' : g_ascii_tolower (*locale);
    if (a != b)
      return FALSE;
  }
  return *tag == '\0' && *locale == '\0';
}

static const gchar *
mf_local_text_find (GPtrArray *texts, const gchar *locale)
{
  for (guint i = 0; i < texts->len; i++) {
    MfLocalText *lt = g_ptr_array_index (texts, i);
    if (mf_lang_equal (lt->lang, locale))
      return lt->text;
  }
  return NULL;
}

static const gchar *
mf_local_text_find_any (GPtrArray *texts, const gchar * const *locales)
{
  for (guint i = 0; locales[i] != NULL; i++) {
    const gchar *text = mf_local_text_find (texts, locales[i]);
    if (text != NULL)
      return text;
  }
  return NULL;
}

/* the text for language (or the user's languages when NULL), else English,
 * else whichever the file lists first */
static const gchar *
mf_local_text_pick (GPtrArray *texts, const gchar *language)
{
  const gchar *text;

  if (texts->len == 0)
    return NULL;
  if (language != NULL) {
    g_auto(GStrv) variants = g_get_locale_variants (language);
    g_autofree gchar *base = g_strndup (language, strcspn (language, "-_.@"));
    text = mf_local_text_find_any (texts, (const gchar * const *) variants);
    if (text == NULL)
      text = mf_local_text_find (texts, base);
  } else {
    text = mf_local_text_find_any (texts, g_get_language_names ());
  }
  if (text == NULL)
    text = mf_local_text_find (texts, "en");
  if (text == NULL)
    text = ((MfLocalText *) g_ptr_array_index (texts, 0))->text;
  return text;
}

/* ------------------------------------------------------------------ */
/* host names, domains and patterns                                    */

gchar *
mf_provider_normalize_name (const gchar *name)
{
  g_autofree gchar *copy = NULL;
  gsize len;

  g_return_val_if_fail (name != NULL, NULL);

  copy = g_strstrip (g_strdup (name));
  len = strlen (copy);
  if (len > 0 && copy[len - 1] == '.')
    copy[len - 1] = '\0';
  if (copy[0] == '\0')
    return NULL;
  if (g_hostname_is_non_ascii (copy)) {
    g_autofree gchar *ascii = g_hostname_to_ascii (copy);
    if (ascii == NULL)
      return NULL;
    g_free (copy);
    copy = g_steal_pointer (&ascii);
  }
  return g_ascii_strdown (copy, -1);
}

static gboolean
mf_label_is_valid (const gchar *label)
{
  gsize len = strlen (label);

  if (len == 0 || len > MF_MAX_LABEL_LEN)
    return FALSE;
  if (label[0] == '-' || label[len - 1] == '-')
    return FALSE;
  for (gsize i = 0; i < len; i++) {
    if (!g_ascii_isalnum (label[i]) && label[i] != '-' && label[i] != '_')
      return FALSE;
  }
  return TRUE;
}

/* checks a normalised name label by label; "*" labels only when wildcards
 * are allowed; counts the labels that are not "*" */
static gboolean
mf_name_is_valid (const gchar *name, gboolean allow_wildcard, guint *n_literal)
{
  g_auto(GStrv) labels = NULL;
  guint literal = 0;

  if (strlen (name) > MF_MAX_NAME_LEN)
    return FALSE;
  labels = g_strsplit (name, ".", -1);
  for (guint i = 0; labels[i] != NULL; i++) {
    if (allow_wildcard && g_strcmp0 (labels[i], "*") == 0)
      continue;
    if (!mf_label_is_valid (labels[i]))
      return FALSE;
    literal++;
  }
  if (n_literal != NULL)
    *n_literal = literal;
  return TRUE;
}

gboolean
mf_provider_pattern_matches (const gchar *pattern, const gchar *name)
{
  g_auto(GStrv) want = NULL;
  g_auto(GStrv) have = NULL;

  g_return_val_if_fail (pattern != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  want = g_strsplit (pattern, ".", -1);
  have = g_strsplit (name, ".", -1);
  if (g_strv_length (want) != g_strv_length (have))
    return FALSE;
  for (guint i = 0; want[i] != NULL; i++) {
    if (have[i][0] == '\0')
      return FALSE;
    if (g_strcmp0 (want[i], "*") != 0 && g_strcmp0 (want[i], have[i]) != 0)
      return FALSE;
  }
  return TRUE;
}

/* the score of one candidate (exact name or pattern) against a name */
static guint
mf_match_score (const gchar *candidate, const gchar *name)
{
  guint literal = 0;

  if (strchr (candidate, '*') == NULL)
    return g_strcmp0 (candidate, name) == 0 ? MF_PROVIDER_MATCH_EXACT : 0;
  if (!mf_provider_pattern_matches (candidate, name))
    return 0;
  mf_name_is_valid (candidate, TRUE, &literal);
  return MAX (literal, 1);
}

/* ------------------------------------------------------------------ */
/* placeholders                                                        */

/* finds the next "%NAME%" at or after p: returns the opening '%' and the
 * length of NAME, or NULL; a '%' that opens no such token is literal */
static const gchar *
mf_find_placeholder (const gchar *p, gsize *name_len)
{
  for (const gchar *open = strchr (p, '%'); open != NULL; open = strchr (open + 1, '%')) {
    const gchar *q = open + 1;
    while (g_ascii_isalnum (*q) || *q == '_' || *q == '-')
      q++;
    if (*q == '%' && q > open + 1) {
      *name_len = (gsize) (q - open - 1);
      return open;
    }
  }
  return NULL;
}

static gboolean
mf_placeholder_eq (const gchar *name, gsize len, const gchar *standard)
{
  return strlen (standard) == len && strncmp (standard, name, len) == 0;
}

static gboolean
mf_placeholder_is_standard (const gchar *name, gsize len)
{
  return mf_placeholder_eq (name, len, MF_PH_ADDRESS) ||
         mf_placeholder_eq (name, len, MF_PH_LOCALPART) ||
         mf_placeholder_eq (name, len, MF_PH_DOMAIN);
}

/* TRUE if every placeholder in the template comes from the address */
static gboolean
mf_template_is_derivable (const gchar *tmpl)
{
  const gchar *p = tmpl;
  const gchar *open;
  gsize len = 0;

  while ((open = mf_find_placeholder (p, &len)) != NULL) {
    if (!mf_placeholder_is_standard (open + 1, len))
      return FALSE;
    p = open + len + 2;
  }
  return TRUE;
}

const gchar *
mf_provider_address_domain (const gchar *address)
{
  const gchar *at;

  g_return_val_if_fail (address != NULL, NULL);

  at = strrchr (address, '@');
  if (at == NULL || at == address || at[1] == '\0')
    return NULL;
  return at + 1;
}

/* the address split at its last '@'; FALSE unless both parts are there */
static gboolean
mf_split_address (const gchar *address, gchar **localpart, gchar **domain)
{
  const gchar *at_domain = mf_provider_address_domain (address);

  if (at_domain == NULL)
    return FALSE;
  *localpart = g_strndup (address, (gsize) (at_domain - 1 - address));
  *domain = g_strdup (at_domain);
  return TRUE;
}

/* the value of one standard placeholder, NULL for any other name */
static const gchar *
mf_placeholder_value (const gchar *name, gsize len, const gchar *address,
                      const gchar *localpart, const gchar *domain)
{
  if (mf_placeholder_eq (name, len, MF_PH_ADDRESS))
    return address;
  if (mf_placeholder_eq (name, len, MF_PH_LOCALPART))
    return localpart;
  if (mf_placeholder_eq (name, len, MF_PH_DOMAIN))
    return domain;
  return NULL;
}

/* replaces the standard placeholders; NULL if a placeholder is not one of
 * them or the address (which needs an '@') cannot supply it */
static gchar *
mf_template_expand (const gchar *tmpl, const gchar *address, gboolean lower_domain)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree gchar *localpart = NULL;
  g_autofree gchar *domain = NULL;
  gboolean have_parts = mf_split_address (address, &localpart, &domain);
  const gchar *p = tmpl;
  const gchar *open;
  gsize len = 0;

  if (have_parts && lower_domain) {
    g_autofree gchar *lower = g_ascii_strdown (domain, -1);
    g_free (domain);
    domain = g_steal_pointer (&lower);
  }
  while ((open = mf_find_placeholder (p, &len)) != NULL) {
    const gchar *value = mf_placeholder_value (open + 1, len, address, localpart, domain);
    if (!have_parts || value == NULL)
      return NULL;
    g_string_append_len (out, p, open - p);
    g_string_append (out, value);
    p = open + len + 2;
  }
  g_string_append (out, p);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* ------------------------------------------------------------------ */
/* MfProviderServer                                                    */

static MfProviderServer *
mf_provider_server_new (MfProtocol protocol)
{
  MfProviderServer *self = g_new0 (MfProviderServer, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->protocol = protocol;
  self->security = MF_SECURITY_NONE;
  self->auth = MF_AUTH_UNKNOWN;
  self->confidence = MF_CONFIDENCE_HIGH;
  self->hostname_confidence = MF_CONFIDENCE_HIGH;
  return self;
}

/**
 * mf_provider_server_ref:
 * @self: a server
 *
 * Returns: (transfer full): @self, with one more reference
 *
 * Since: 0.1
 */
MfProviderServer *
mf_provider_server_ref (MfProviderServer *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * mf_provider_server_unref:
 * @self: (transfer full): a server
 *
 * Drops one reference and frees the server when it was the last.
 *
 * Since: 0.1
 */
void
mf_provider_server_unref (MfProviderServer *self)
{
  g_return_if_fail (self != NULL);
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_free (self->hostname);
  g_free (self->username);
  g_free (self);
}

G_DEFINE_BOXED_TYPE (MfProviderServer, mf_provider_server,
                     mf_provider_server_ref, mf_provider_server_unref)

/**
 * mf_provider_server_get_protocol:
 * @self: a server
 *
 * Returns: %MF_PROTOCOL_IMAP or %MF_PROTOCOL_POP3 for incoming servers,
 *   %MF_PROTOCOL_SMTP for outgoing ones
 *
 * Since: 0.1
 */
MfProtocol
mf_provider_server_get_protocol (const MfProviderServer *self)
{
  g_return_val_if_fail (self != NULL, MF_PROTOCOL_UNKNOWN);
  return self->protocol;
}

/**
 * mf_provider_server_get_hostname:
 * @self: a server
 *
 * The host name as the file gives it. It may contain the placeholders
 * `%EMAILDOMAIN%` or `%EMAILLOCALPART%`; use
 * mf_provider_server_expand_hostname() to get a usable name.
 *
 * Returns: (transfer none): the host name template
 *
 * Since: 0.1
 */
const gchar *
mf_provider_server_get_hostname (const MfProviderServer *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->hostname;
}

/**
 * mf_provider_server_get_port:
 * @self: a server
 *
 * Returns: the TCP port, 1 to 65535
 *
 * Since: 0.1
 */
guint16
mf_provider_server_get_port (const MfProviderServer *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->port;
}

/**
 * mf_provider_server_get_security:
 * @self: a server
 *
 * Returns: the first `<socketType>` of the server that mailfix knows
 *
 * Since: 0.1
 */
MfSecurity
mf_provider_server_get_security (const MfProviderServer *self)
{
  g_return_val_if_fail (self != NULL, MF_SECURITY_NONE);
  return self->security;
}

/**
 * mf_provider_server_get_auth:
 * @self: a server
 *
 * The first `<authentication>` of the server that mailfix knows.
 * `password-cleartext` and `plain` give %MF_AUTH_PASSWORD;
 * `password-encrypted` and `secure` give %MF_AUTH_PASSWORD_ENCRYPTED;
 * `TLS-client-cert` gives %MF_AUTH_EXTERNAL; `none`, `client-IP-address`
 * and `smtp-after-pop` give %MF_AUTH_NONE.
 *
 * Returns: the authentication method
 *
 * Since: 0.1
 */
MfAuth
mf_provider_server_get_auth (const MfProviderServer *self)
{
  g_return_val_if_fail (self != NULL, MF_AUTH_UNKNOWN);
  return self->auth;
}

/**
 * mf_provider_server_get_username_template:
 * @self: a server
 *
 * Returns: (transfer none) (nullable): the `<username>` of the server with
 *   its placeholders, or %NULL if the file gives none
 *
 * Since: 0.1
 */
const gchar *
mf_provider_server_get_username_template (const MfProviderServer *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->username;
}

/**
 * mf_provider_server_get_confidence:
 * @self: a server
 *
 * How sure the file is of the server's port, security and sign-in: the
 * `mf:confidence` of the server element. How sure it is of the host name
 * is mf_provider_server_get_hostname_confidence(), since a client can keep
 * the host it already uses while the rest is corrected.
 *
 * Returns: the confidence; below %MF_CONFIDENCE_HIGH the user must be told
 *   to check the setting
 *
 * Since: 0.1
 */
MfConfidence
mf_provider_server_get_confidence (const MfProviderServer *self)
{
  g_return_val_if_fail (self != NULL, MF_CONFIDENCE_LOW);
  return self->confidence;
}

/**
 * mf_provider_server_get_hostname_confidence:
 * @self: a server
 *
 * Returns: how sure the file is of the host name: the less certain of the
 *   `mf:confidence` of `<hostname>` and of its server element
 *
 * Since: 0.1
 */
MfConfidence
mf_provider_server_get_hostname_confidence (const MfProviderServer *self)
{
  g_return_val_if_fail (self != NULL, MF_CONFIDENCE_LOW);
  /* a doubt about the whole server covers its name too */
  return MAX (self->confidence, self->hostname_confidence);
}

/**
 * mf_provider_server_expand_hostname:
 * @self: a server
 * @address: the user's e-mail address
 *
 * Fills the placeholders of the host name from @address; the domain is
 * lower-cased.
 *
 * Returns: (transfer full) (nullable): the host name, or %NULL if @address
 *   cannot supply a placeholder or the result is not a valid host name
 *
 * Since: 0.1
 */
gchar *
mf_provider_server_expand_hostname (const MfProviderServer *self, const gchar *address)
{
  g_autofree gchar *expanded = NULL;
  g_autofree gchar *normal = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (address != NULL, NULL);

  expanded = mf_template_expand (self->hostname, address, TRUE);
  if (expanded == NULL)
    return NULL;
  normal = mf_provider_normalize_name (expanded);
  if (normal == NULL || !mf_name_is_valid (normal, FALSE, NULL))
    return NULL;
  return g_steal_pointer (&normal);
}

/**
 * mf_provider_server_expand_username:
 * @self: a server
 * @address: the user's e-mail address
 *
 * Fills `%EMAILADDRESS%`, `%EMAILLOCALPART%` and `%EMAILDOMAIN%` in the
 * username template from @address.
 *
 * A provider whose login cannot be derived from the address (an
 * `mf:login kind="external"`, such as docomo's d ACCOUNT ID) writes a
 * placeholder of its own, declared by an `<inputField>`, in `<username>`;
 * for such a template, for a server without `<username>` and for an
 * address without an `@`, this function returns %NULL and the caller must
 * ask the user (see mf_provider_get_login_label()).
 *
 * Returns: (transfer full) (nullable): the login name, or %NULL if it is
 *   not derivable from @address
 *
 * Since: 0.1
 */
gchar *
mf_provider_server_expand_username (const MfProviderServer *self, const gchar *address)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (address != NULL, NULL);

  if (self->username == NULL)
    return NULL;
  return mf_template_expand (self->username, address, FALSE);
}

/* ------------------------------------------------------------------ */
/* the parser: context and error reporting                            */

/* a server accepted by the parser, kept with its <username> for the
 * checks that need the whole file */
typedef struct {
  MfProviderServer *server;   /* not owned */
  xmlNode *username_node;     /* NULL without <username> */
} MfParsedServer;

typedef struct {
  gchar *display;             /* the file name for messages */
  MfProvider *provider;
  GPtrArray *input_keys;      /* upper-case keys declared by <inputField> */
  GArray *servers;            /* MfParsedServer, file order */
  xmlNode *submission_node;
} MfParse;

static void
mf_parse_clear (MfParse *ctx)
{
  g_free (ctx->display);
  g_clear_pointer (&ctx->input_keys, g_ptr_array_unref);
  g_clear_pointer (&ctx->servers, g_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (MfParse, mf_parse_clear)

static gboolean G_GNUC_PRINTF (4, 0)
mf_fail_valist (MfParse *ctx, glong line, GError **error, const gchar *format, va_list args)
{
  g_autofree gchar *msg = g_strdup_vprintf (format, args);

  g_set_error (error, MF_ERROR, MF_ERROR_PARSE, "%s:%ld: %s",
               ctx->display, MAX (line, 1), msg);
  return FALSE;
}

static gboolean mf_fail_at_line (MfParse     *ctx,
                                 glong        line,
                                 GError     **error,
                                 const gchar *format,
                                 ...) G_GNUC_PRINTF (4, 5);

static gboolean
mf_fail_at_line (MfParse *ctx, glong line, GError **error, const gchar *format, ...)
{
  va_list args;

  va_start (args, format);
  mf_fail_valist (ctx, line, error, format, args);
  va_end (args);
  return FALSE;
}

static gboolean mf_fail_at (MfParse     *ctx,
                            xmlNode     *node,
                            GError     **error,
                            const gchar *format,
                            ...) G_GNUC_PRINTF (4, 5);

static gboolean
mf_fail_at (MfParse *ctx, xmlNode *node, GError **error, const gchar *format, ...)
{
  va_list args;

  va_start (args, format);
  mf_fail_valist (ctx, xmlGetLineNo (node), error, format, args);
  va_end (args);
  return FALSE;
}

/* ------------------------------------------------------------------ */
/* the parser: node helpers                                            */

static gboolean
mf_node_is_ns (xmlNode *node, const gchar *ns)
{
  if (ns == NULL)
    return node->ns == NULL;
  return node->ns != NULL && g_strcmp0 ((const gchar *) node->ns->href, ns) == 0;
}

static gboolean
mf_node_is (xmlNode *node, const gchar *ns, const gchar *name)
{
  return node->type == XML_ELEMENT_NODE &&
         g_strcmp0 ((const gchar *) node->name, name) == 0 &&
         mf_node_is_ns (node, ns);
}

/* "<port>" or "<mf:login>", for messages */
static gchar *
mf_node_label (xmlNode *node)
{
  if (mf_node_is_ns (node, MF_PROVIDER_NS))
    return g_strdup_printf ("<mf:%s>", (const gchar *) node->name);
  return g_strdup_printf ("<%s>", (const gchar *) node->name);
}

/* an attribute's value, trimmed; ns NULL means no namespace */
static gchar *
mf_node_ns_prop (xmlNode *node, const gchar *name, const gchar *ns)
{
  xmlChar *value = ns != NULL ? xmlGetNsProp (node, (const xmlChar *) name, (const xmlChar *) ns)
                              : xmlGetNoNsProp (node, (const xmlChar *) name);
  gchar *copy;

  if (value == NULL)
    return NULL;
  copy = g_strstrip (g_strdup ((const gchar *) value));
  xmlFree (value);
  return copy;
}

static gchar *
mf_node_prop (xmlNode *node, const gchar *name)
{
  return mf_node_ns_prop (node, name, NULL);
}

/* the element's text, trimmed; elements inside it are an error because
 * every element read this way holds a single value */
static gboolean
mf_node_text (MfParse *ctx, xmlNode *node, gboolean allow_empty, gchar **out, GError **error)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree gchar *label = NULL;

  for (xmlNode *child = node->children; child != NULL; child = child->next) {
    if (child->type == XML_TEXT_NODE || child->type == XML_CDATA_SECTION_NODE) {
      g_string_append (text, (const gchar *) child->content);
    } else if (child->type == XML_ELEMENT_NODE) {
      label = mf_node_label (node);
      return mf_fail_at (ctx, child, error, _("%s must hold only text"), label);
    } else if (child->type == XML_ENTITY_REF_NODE) {
      label = mf_node_label (node);
      return mf_fail_at (ctx, node, error, _("%s uses an entity reference"), label);
    }
  }
  g_strstrip (text->str);
  if (!allow_empty && text->str[0] == '\0') {
    label = mf_node_label (node);
    return mf_fail_at (ctx, node, error, _("%s is empty"), label);
  }
  *out = g_strdup (text->str);
  return TRUE;
}

/* attributes without a namespace that our own elements may carry */
static gboolean
mf_check_attributes (MfParse *ctx, xmlNode *node, const gchar *const *allowed, GError **error)
{
  for (xmlAttr *attr = node->properties; attr != NULL; attr = attr->next) {
    if (attr->ns != NULL)
      continue;
    if (!g_strv_contains (allowed, (const gchar *) attr->name)) {
      g_autofree gchar *label = mf_node_label (node);
      return mf_fail_at (ctx, node, error, _("%s has no attribute \"%s\""),
                         label, (const gchar *) attr->name);
    }
  }
  return TRUE;
}

static gboolean
mf_require_prop (MfParse *ctx, xmlNode *node, const gchar *name, gchar **out, GError **error)
{
  g_autofree gchar *value = mf_node_prop (node, name);

  if (value == NULL || value[0] == '\0') {
    g_autofree gchar *label = mf_node_label (node);
    return mf_fail_at (ctx, node, error, _("%s needs the attribute \"%s\""), label, name);
  }
  *out = g_steal_pointer (&value);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* the parser: value syntax                                            */

static gboolean
mf_parse_confidence (MfParse *ctx, xmlNode *node, const gchar *value,
                     MfConfidence *out, GError **error)
{
  if (value == NULL)
    return TRUE;
  if (g_strcmp0 (value, "high") == 0)
    *out = MF_CONFIDENCE_HIGH;
  else if (g_strcmp0 (value, "medium") == 0)
    *out = MF_CONFIDENCE_MEDIUM;
  else if (g_strcmp0 (value, "low") == 0)
    *out = MF_CONFIDENCE_LOW;
  else
    return mf_fail_at (ctx, node, error,
                       _("confidence \"%s\" is not high, medium or low"), value);
  return TRUE;
}

static gboolean
mf_parse_boolean (MfParse *ctx, xmlNode *node, const gchar *name, const gchar *value,
                  gboolean *out, GError **error)
{
  if (value == NULL)
    return TRUE;
  if (g_strcmp0 (value, "true") == 0 || g_strcmp0 (value, "1") == 0)
    *out = TRUE;
  else if (g_strcmp0 (value, "false") == 0 || g_strcmp0 (value, "0") == 0)
    *out = FALSE;
  else
    return mf_fail_at (ctx, node, error, _("%s \"%s\" is not true or false"), name, value);
  return TRUE;
}

/* a calendar date written YYYY-MM-DD */
static gboolean
mf_parse_date (MfParse *ctx, xmlNode *node, const gchar *name, const gchar *value,
               gchar **out, GError **error)
{
  guint64 y = 0;
  guint64 m = 0;
  guint64 d = 0;
  gboolean shape = strlen (value) == 10 && value[4] == '-' && value[7] == '-';

  for (guint i = 0; shape && i < 10; i++) {
    if (i != 4 && i != 7 && !g_ascii_isdigit (value[i]))
      shape = FALSE;
  }
  if (shape) {
    y = g_ascii_strtoull (value, NULL, 10);
    m = g_ascii_strtoull (value + 5, NULL, 10);
    d = g_ascii_strtoull (value + 8, NULL, 10);
  }
  if (!shape || !g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    return mf_fail_at (ctx, node, error,
                       _("%s \"%s\" is not a date written YYYY-MM-DD"), name, value);
  *out = g_strdup (value);
  return TRUE;
}

static gboolean
mf_parse_uint (MfParse *ctx, xmlNode *node, const gchar *name, const gchar *value,
               guint64 min, guint64 max, guint64 *out, GError **error)
{
  g_autoptr(GError) error_local = NULL;

  if (!g_ascii_string_to_unsigned (value, 10, min, max, out, &error_local))
    return mf_fail_at (ctx, node, error,
                       _("%s \"%s\" is not a number from %llu to %llu"),
                       name, value, (unsigned long long) min, (unsigned long long) max);
  return TRUE;
}

/* an http or https address of a web page */
static gboolean
mf_parse_url (MfParse *ctx, xmlNode *node, const gchar *value, gchar **out, GError **error)
{
  g_autofree gchar *scheme = g_uri_parse_scheme (value);

  if (scheme == NULL ||
      (g_ascii_strcasecmp (scheme, "https") != 0 && g_ascii_strcasecmp (scheme, "http") != 0) ||
      !g_uri_is_valid (value, G_URI_FLAGS_NONE, NULL))
    return mf_fail_at (ctx, node, error, _("\"%s\" is not an http or https address"), value);
  *out = g_strdup (value);
  return TRUE;
}

/* a domain, a host or (with allow_wildcard) a pattern, normalised */
static gboolean
mf_parse_name (MfParse *ctx, xmlNode *node, const gchar *value, gboolean allow_wildcard,
               gchar **out, GError **error)
{
  g_autofree gchar *normal = mf_provider_normalize_name (value);
  guint literal = 0;

  if (normal == NULL || !mf_name_is_valid (normal, allow_wildcard, &literal))
    return mf_fail_at (ctx, node, error, _("\"%s\" is not a valid host or domain name"), value);
  if (strchr (normal, '*') != NULL && literal < 2)
    return mf_fail_at (ctx, node, error,
                       _("pattern \"%s\" is too broad: it needs at least two labels without \"*\""),
                       value);
  *out = g_steal_pointer (&normal);
  return TRUE;
}

/* a <hostname>: a host name that may hold %EMAILDOMAIN% or %EMAILLOCALPART% */
static gboolean
mf_parse_hostname (MfParse *ctx, xmlNode *node, const gchar *value, gchar **out, GError **error)
{
  g_autofree gchar *sample = NULL;
  g_autofree gchar *normal = NULL;
  const gchar *p = value;
  const gchar *open;
  gsize len = 0;

  if (strchr (value, '%') == NULL)
    return mf_parse_name (ctx, node, value, FALSE, out, error);

  while ((open = mf_find_placeholder (p, &len)) != NULL) {
    if (!mf_placeholder_is_standard (open + 1, len) ||
        mf_placeholder_eq (open + 1, len, MF_PH_ADDRESS))
      return mf_fail_at (ctx, node, error,
                         _("placeholder %.*s cannot be used in a host name"),
                         (gint) len + 2, open);
    p = open + len + 2;
  }
  /* the name must still be valid once the placeholders are filled in */
  sample = mf_template_expand (value, "user@example.jp", TRUE);
  normal = mf_provider_normalize_name (sample);
  if (normal == NULL || !mf_name_is_valid (normal, FALSE, NULL))
    return mf_fail_at (ctx, node, error, _("\"%s\" is not a valid host name"), value);
  *out = g_strdup (value);
  return TRUE;
}

static gboolean
mf_parse_local_text (MfParse *ctx, xmlNode *node, GPtrArray *texts, GError **error)
{
  g_autofree gchar *lang = mf_node_ns_prop (node, "lang", (const gchar *) XML_XML_NAMESPACE);
  g_autofree gchar *label = mf_node_label (node);
  g_autofree gchar *text = NULL;
  MfLocalText *lt;

  if (lang == NULL || lang[0] == '\0')
    return mf_fail_at (ctx, node, error, _("%s needs an xml:lang attribute"), label);
  if (!mf_node_text (ctx, node, FALSE, &text, error))
    return FALSE;
  for (guint i = 0; i < texts->len; i++) {
    MfLocalText *other = g_ptr_array_index (texts, i);
    if (mf_lang_equal (other->lang, lang))
      return mf_fail_at (ctx, node, error, _("%s for language \"%s\" appears twice"), label, lang);
  }
  lt = g_new0 (MfLocalText, 1);
  lt->lang = g_steal_pointer (&lang);
  lt->text = g_steal_pointer (&text);
  g_ptr_array_add (texts, lt);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* the parser: servers                                                 */

static gboolean
mf_security_parse (const gchar *value, MfSecurity *out)
{
  gboolean ok = FALSE;
  MfSecurity security = mf_security_from_string (value, &ok);

  if (ok)
    *out = security;
  return ok;
}

static gboolean
mf_auth_parse (const gchar *value, MfAuth *out)
{
  static const struct {
    const gchar *name;
    MfAuth auth;
  } map[] = {
    { "password-cleartext", MF_AUTH_PASSWORD },
    { "plain", MF_AUTH_PASSWORD },
    { "password-encrypted", MF_AUTH_PASSWORD_ENCRYPTED },
    { "secure", MF_AUTH_PASSWORD_ENCRYPTED },
    { "OAuth2", MF_AUTH_OAUTH2 },
    { "NTLM", MF_AUTH_NTLM },
    { "GSSAPI", MF_AUTH_GSSAPI },
    { "TLS-client-cert", MF_AUTH_EXTERNAL },
    { "none", MF_AUTH_NONE },
    { "client-IP-address", MF_AUTH_NONE },
    { "smtp-after-pop", MF_AUTH_NONE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (map); i++) {
    if (g_ascii_strcasecmp (value, map[i].name) == 0) {
      *out = map[i].auth;
      return TRUE;
    }
  }
  return FALSE;
}

/* what a server element has seen so far */
typedef struct {
  xmlNode *hostname;
  xmlNode *port;
  xmlNode *username;
  xmlNode *first_socket;      /* first <socketType>, known or not */
  xmlNode *first_auth;
  gboolean socket_known;
  gboolean auth_known;
} MfServerSeen;

static gboolean
mf_parse_server_hostname (MfParse *ctx, MfProviderServer *server, xmlNode *node, GError **error)
{
  g_autofree gchar *text = NULL;
  g_autofree gchar *confidence = mf_node_ns_prop (node, "confidence", MF_PROVIDER_NS);

  if (!mf_node_text (ctx, node, FALSE, &text, error))
    return FALSE;
  if (!mf_parse_hostname (ctx, node, text, &server->hostname, error))
    return FALSE;
  return mf_parse_confidence (ctx, node, confidence, &server->hostname_confidence, error);
}

static gboolean
mf_parse_server_port (MfParse *ctx, MfProviderServer *server, xmlNode *node, GError **error)
{
  g_autofree gchar *text = NULL;
  guint64 port = 0;

  if (!mf_node_text (ctx, node, FALSE, &text, error))
    return FALSE;
  if (!mf_parse_uint (ctx, node, "port", text, 1, G_MAXUINT16, &port, error))
    return FALSE;
  server->port = (guint16) port;
  return TRUE;
}

static gboolean
mf_parse_server_username (MfParse *ctx, MfProviderServer *server, xmlNode *node, GError **error)
{
  if (!mf_node_text (ctx, node, TRUE, &server->username, error))
    return FALSE;
  /* an empty <username> tells as little as a missing one */
  if (server->username[0] == '\0')
    g_clear_pointer (&server->username, g_free);
  return TRUE;
}

/* records the first <hostname>, <port> or <username> of a server */
static gboolean
mf_claim_once (MfParse *ctx, xmlNode **slot, xmlNode *child, GError **error)
{
  if (*slot != NULL)
    return mf_fail_at (ctx, child, error, _("<%s> appears twice in one server"),
                       (const gchar *) child->name);
  *slot = child;
  return TRUE;
}

/* one child of <incomingServer>/<outgoingServer> */
static gboolean
mf_parse_server_child (MfParse *ctx, MfProviderServer *server, MfServerSeen *seen,
                       xmlNode *child, GError **error)
{
  g_autofree gchar *text = NULL;

  if (mf_node_is (child, NULL, "hostname"))
    return mf_claim_once (ctx, &seen->hostname, child, error) &&
           mf_parse_server_hostname (ctx, server, child, error);
  if (mf_node_is (child, NULL, "port"))
    return mf_claim_once (ctx, &seen->port, child, error) &&
           mf_parse_server_port (ctx, server, child, error);
  if (mf_node_is (child, NULL, "username"))
    return mf_claim_once (ctx, &seen->username, child, error) &&
           mf_parse_server_username (ctx, server, child, error);
  if (mf_node_is (child, NULL, "socketType")) {
    if (!mf_node_text (ctx, child, FALSE, &text, error))
      return FALSE;
    if (seen->first_socket == NULL)
      seen->first_socket = child;
    /* the first value mailfix knows wins, as in Thunderbird */
    if (!seen->socket_known)
      seen->socket_known = mf_security_parse (text, &server->security);
    return TRUE;
  }
  if (mf_node_is (child, NULL, "authentication")) {
    if (!mf_node_text (ctx, child, FALSE, &text, error))
      return FALSE;
    if (seen->first_auth == NULL)
      seen->first_auth = child;
    if (!seen->auth_known)
      seen->auth_known = mf_auth_parse (text, &server->auth);
    return TRUE;
  }
  /* pop3 options, restriction, addThisServer and the like do not matter to
   * mailfix; clientConfig readers must ignore what they do not know */
  return TRUE;
}

static gboolean
mf_check_server_seen (MfParse *ctx, xmlNode *node, MfServerSeen *seen, GError **error)
{
  g_autofree gchar *label = mf_node_label (node);
  g_autofree gchar *first = NULL;

  if (seen->hostname == NULL)
    return mf_fail_at (ctx, node, error, _("%s has no <hostname>"), label);
  if (seen->port == NULL)
    return mf_fail_at (ctx, node, error, _("%s has no <port>"), label);
  if (seen->first_socket == NULL)
    return mf_fail_at (ctx, node, error, _("%s has no <socketType>"), label);
  if (!seen->socket_known) {
    if (!mf_node_text (ctx, seen->first_socket, FALSE, &first, error))
      return FALSE;
    return mf_fail_at (ctx, seen->first_socket, error,
                       _("unknown socketType \"%s\" (expected SSL, STARTTLS or plain)"), first);
  }
  if (seen->first_auth == NULL)
    return mf_fail_at (ctx, node, error, _("%s has no <authentication>"), label);
  if (!seen->auth_known) {
    if (!mf_node_text (ctx, seen->first_auth, FALSE, &first, error))
      return FALSE;
    return mf_fail_at (ctx, seen->first_auth, error, _("unknown authentication \"%s\""), first);
  }
  return TRUE;
}

static MfProviderServer *
mf_parse_server (MfParse *ctx, xmlNode *node, MfProtocol protocol, GError **error)
{
  g_autoptr(MfProviderServer) server = mf_provider_server_new (protocol);
  g_autofree gchar *confidence = mf_node_ns_prop (node, "confidence", MF_PROVIDER_NS);
  MfServerSeen seen = { NULL, };
  MfParsedServer parsed;

  if (!mf_parse_confidence (ctx, node, confidence, &server->confidence, error))
    return NULL;
  for (xmlNode *child = node->children; child != NULL; child = child->next) {
    if (child->type != XML_ELEMENT_NODE)
      continue;
    if (!mf_parse_server_child (ctx, server, &seen, child, error))
      return NULL;
  }
  if (!mf_check_server_seen (ctx, node, &seen, error))
    return NULL;
  parsed.server = server;
  parsed.username_node = server->username != NULL ? seen.username : NULL;
  g_array_append_val (ctx->servers, parsed);
  return g_steal_pointer (&server);
}

static gboolean
mf_parse_incoming (MfParse *ctx, xmlNode *node, GError **error)
{
  g_autofree gchar *type = NULL;
  MfProviderServer *server;
  MfProtocol protocol;

  if (!mf_require_prop (ctx, node, "type", &type, error))
    return FALSE;
  if (g_strcmp0 (type, "imap") == 0)
    protocol = MF_PROTOCOL_IMAP;
  else if (g_strcmp0 (type, "pop3") == 0)
    protocol = MF_PROTOCOL_POP3;
  else
    return TRUE; /* exchange, jmap and others: not for mailfix, not an error */
  server = mf_parse_server (ctx, node, protocol, error);
  if (server == NULL)
    return FALSE;
  g_ptr_array_add (ctx->provider->incoming, server);
  return TRUE;
}

static gboolean
mf_parse_outgoing (MfParse *ctx, xmlNode *node, GError **error)
{
  g_autofree gchar *type = NULL;
  MfProviderServer *server;

  if (!mf_require_prop (ctx, node, "type", &type, error))
    return FALSE;
  if (g_strcmp0 (type, "smtp") != 0)
    return TRUE;
  server = mf_parse_server (ctx, node, MF_PROTOCOL_SMTP, error);
  if (server == NULL)
    return FALSE;
  g_ptr_array_add (ctx->provider->outgoing, server);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* the parser: other clientConfig elements                             */

static gboolean
mf_parse_domain (MfParse *ctx, xmlNode *node, GError **error)
{
  g_autofree gchar *text = NULL;
  g_autofree gchar *domain = NULL;

  if (!mf_node_text (ctx, node, FALSE, &text, error))
    return FALSE;
  if (!mf_parse_name (ctx, node, text, TRUE, &domain, error))
    return FALSE;
  if (!g_ptr_array_find_with_equal_func (ctx->provider->domains, domain, g_str_equal, NULL))
    g_ptr_array_add (ctx->provider->domains, g_steal_pointer (&domain));
  return TRUE;
}

static gboolean
mf_parse_display_name (MfParse *ctx, xmlNode *node, GError **error)
{
  gchar **slot = mf_node_is (node, NULL, "displayName") ? &ctx->provider->display_name
                                                         : &ctx->provider->short_name;
  g_autofree gchar *text = NULL;

  if (!mf_node_text (ctx, node, FALSE, &text, error))
    return FALSE;
  /* the first one wins; clientConfig readers do not reject repeats */
  if (*slot == NULL)
    *slot = g_steal_pointer (&text);
  return TRUE;
}

/* <inputField key="KEY"> declares the placeholder %KEY% for values the
 * user has to type in */
static gboolean
mf_parse_input_field (MfParse *ctx, xmlNode *node, GError **error)
{
  g_autofree gchar *key = NULL;

  if (!mf_require_prop (ctx, node, "key", &key, error))
    return FALSE;
  for (const gchar *p = key; *p != '\0'; p++) {
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return mf_fail_at (ctx, node, error,
                         _("inputField key \"%s\" may hold only letters, digits, \"-\" and \"_\""),
                         key);
  }
  g_ptr_array_add (ctx->input_keys, g_ascii_strup (key, -1));
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* the parser: the mailfix extension                                   */

static gboolean
mf_parse_host_pattern (MfParse *ctx, xmlNode *node, GError **error)
{
  static const gchar *const attrs[] = { NULL };
  g_autofree gchar *text = NULL;
  g_autofree gchar *pattern = NULL;

  if (!mf_check_attributes (ctx, node, attrs, error))
    return FALSE;
  if (!mf_node_text (ctx, node, FALSE, &text, error))
    return FALSE;
  if (!mf_parse_name (ctx, node, text, TRUE, &pattern, error))
    return FALSE;
  g_ptr_array_add (ctx->provider->host_patterns, g_steal_pointer (&pattern));
  return TRUE;
}

static gboolean
mf_parse_retired_host (MfParse *ctx, xmlNode *node, GError **error)
{
  static const gchar *const attrs[] = { "replacement", "since", NULL };
  g_autofree gchar *text = NULL;
  g_autofree gchar *replacement = NULL;
  g_autofree gchar *since = mf_node_prop (node, "since");
  MfRetiredHost *rh = NULL;
  g_autofree gchar *host = NULL;
  g_autofree gchar *repl = NULL;
  g_autofree gchar *date = NULL;

  if (!mf_check_attributes (ctx, node, attrs, error) ||
      !mf_node_text (ctx, node, FALSE, &text, error) ||
      !mf_parse_name (ctx, node, text, FALSE, &host, error) ||
      !mf_require_prop (ctx, node, "replacement", &replacement, error) ||
      !mf_parse_name (ctx, node, replacement, FALSE, &repl, error))
    return FALSE;
  if (since != NULL && !mf_parse_date (ctx, node, "since", since, &date, error))
    return FALSE;
  if (g_strcmp0 (host, repl) == 0)
    return mf_fail_at (ctx, node, error, _("retired host \"%s\" names itself as replacement"), host);
  rh = g_new0 (MfRetiredHost, 1);
  rh->host = g_steal_pointer (&host);
  rh->replacement = g_steal_pointer (&repl);
  rh->since = g_steal_pointer (&date);
  g_ptr_array_add (ctx->provider->retired, rh);
  return TRUE;
}

static gboolean
mf_parse_login_kind (MfParse *ctx, xmlNode *node, const gchar *kind, GError **error)
{
  if (g_strcmp0 (kind, "address") == 0)
    ctx->provider->login_kind = MF_LOGIN_ADDRESS;
  else if (g_strcmp0 (kind, "localpart") == 0)
    ctx->provider->login_kind = MF_LOGIN_LOCALPART;
  else if (g_strcmp0 (kind, "external") == 0)
    ctx->provider->login_kind = MF_LOGIN_EXTERNAL;
  else
    return mf_fail_at (ctx, node, error,
                       _("login kind \"%s\" is not address, localpart or external"), kind);
  return TRUE;
}

/* the only element children our container elements may have */
static gboolean
mf_parse_children (MfParse *ctx, xmlNode *node, const gchar *child_name,
                   GPtrArray *texts, GError **error)
{
  for (xmlNode *child = node->children; child != NULL; child = child->next) {
    if (child->type != XML_ELEMENT_NODE)
      continue;
    if (!mf_node_is (child, MF_PROVIDER_NS, child_name)) {
      g_autofree gchar *label = mf_node_label (node);
      g_autofree gchar *child_label = mf_node_label (child);
      return mf_fail_at (ctx, child, error, _("%s may not appear inside %s"), child_label, label);
    }
    if (!mf_parse_local_text (ctx, child, texts, error))
      return FALSE;
  }
  return TRUE;
}

static gboolean
mf_parse_login (MfParse *ctx, xmlNode *node, GError **error)
{
  static const gchar *const attrs[] = { "kind", NULL };
  g_autofree gchar *kind = NULL;

  if (!mf_check_attributes (ctx, node, attrs, error) ||
      !mf_require_prop (ctx, node, "kind", &kind, error) ||
      !mf_parse_login_kind (ctx, node, kind, error) ||
      !mf_parse_children (ctx, node, "label", ctx->provider->login_labels, error))
    return FALSE;
  if (ctx->provider->login_kind == MF_LOGIN_EXTERNAL && ctx->provider->login_labels->len == 0)
    return mf_fail_at (ctx, node, error,
                       _("an external login needs an <mf:label> to show the user"));
  return TRUE;
}

static gboolean
mf_parse_submission (MfParse *ctx, xmlNode *node, GError **error)
{
  static const gchar *const attrs[] = { "preferredPort", NULL };
  g_autofree gchar *port = NULL;
  g_autofree gchar *text = NULL;

  if (!mf_check_attributes (ctx, node, attrs, error) ||
      !mf_node_text (ctx, node, TRUE, &text, error) ||
      !mf_require_prop (ctx, node, "preferredPort", &port, error))
    return FALSE;
  if (g_strcmp0 (port, "465") == 0)
    ctx->provider->preferred_port = 465;
  else if (g_strcmp0 (port, "587") == 0)
    ctx->provider->preferred_port = 587;
  else
    return mf_fail_at (ctx, node, error, _("preferredPort \"%s\" is not 465 or 587"), port);
  ctx->submission_node = node;
  return TRUE;
}

static gboolean
mf_parse_character_classes (MfParse *ctx, xmlNode *node, const gchar *value, GError **error)
{
  g_auto(GStrv) tokens = g_strsplit_set (value, " \t\r\n", -1);
  MfProvider *p = ctx->provider;
  guint n = 0;

  for (guint i = 0; tokens[i] != NULL; i++) {
    if (tokens[i][0] == '\0')
      continue;
    if (g_strcmp0 (tokens[i], "letters") == 0)
      p->app_letters = TRUE;
    else if (g_strcmp0 (tokens[i], "digits") == 0)
      p->app_digits = TRUE;
    else if (g_strcmp0 (tokens[i], "symbols") == 0)
      p->app_symbols = TRUE;
    else
      return mf_fail_at (ctx, node, error,
                         _("character class \"%s\" is not letters, digits or symbols"),
                         tokens[i]);
    n++;
  }
  if (n == 0)
    return mf_fail_at (ctx, node, error, _("characters lists no character class"));
  return TRUE;
}

static gboolean
mf_parse_app_lengths (MfParse *ctx, xmlNode *node, GError **error)
{
  g_autofree gchar *length = mf_node_prop (node, "length");
  g_autofree gchar *min_len = mf_node_prop (node, "minLength");
  g_autofree gchar *max_len = mf_node_prop (node, "maxLength");
  MfProvider *p = ctx->provider;
  guint64 value = 0;

  if (length != NULL && (min_len != NULL || max_len != NULL))
    return mf_fail_at (ctx, node, error, _("length cannot be combined with minLength or maxLength"));
  if (length != NULL) {
    if (!mf_parse_uint (ctx, node, "length", length, 1, MF_MAX_APP_PASSWORD_LEN, &value, error))
      return FALSE;
    p->app_min_len = p->app_max_len = (guint) value;
  }
  if (min_len != NULL) {
    if (!mf_parse_uint (ctx, node, "minLength", min_len, 1, MF_MAX_APP_PASSWORD_LEN, &value, error))
      return FALSE;
    p->app_min_len = (guint) value;
  }
  if (max_len != NULL) {
    if (!mf_parse_uint (ctx, node, "maxLength", max_len, 1, MF_MAX_APP_PASSWORD_LEN, &value, error))
      return FALSE;
    p->app_max_len = (guint) value;
  }
  if (p->app_max_len != 0 && p->app_min_len > p->app_max_len)
    return mf_fail_at (ctx, node, error, _("minLength is larger than maxLength"));
  return TRUE;
}

static gboolean
mf_parse_app_password (MfParse *ctx, xmlNode *node, GError **error)
{
  static const gchar *const attrs[] = {
    "length", "minLength", "maxLength", "characters", "caseSensitive",
    "requiredFrom", "abroadFrom", "url", "confidence", NULL
  };
  g_autofree gchar *characters = mf_node_prop (node, "characters");
  g_autofree gchar *case_sensitive = mf_node_prop (node, "caseSensitive");
  g_autofree gchar *required_from = mf_node_prop (node, "requiredFrom");
  g_autofree gchar *abroad_from = mf_node_prop (node, "abroadFrom");
  g_autofree gchar *url = mf_node_prop (node, "url");
  g_autofree gchar *confidence = mf_node_prop (node, "confidence");
  MfProvider *p = ctx->provider;

  p->has_app_password = TRUE;
  p->app_case_sensitive = TRUE;
  /* a file that does not say which characters the password has allows
   * them all, rather than refusing every password */
  p->app_letters = p->app_digits = p->app_symbols = characters == NULL;
  if (!mf_check_attributes (ctx, node, attrs, error) ||
      !mf_parse_app_lengths (ctx, node, error) ||
      (characters != NULL && !mf_parse_character_classes (ctx, node, characters, error)) ||
      !mf_parse_boolean (ctx, node, "caseSensitive", case_sensitive, &p->app_case_sensitive, error) ||
      (required_from != NULL &&
       !mf_parse_date (ctx, node, "requiredFrom", required_from, &p->app_required_from, error)) ||
      (abroad_from != NULL &&
       !mf_parse_date (ctx, node, "abroadFrom", abroad_from, &p->app_abroad_from, error)) ||
      (url != NULL && !mf_parse_url (ctx, node, url, &p->app_url, error)) ||
      !mf_parse_confidence (ctx, node, confidence, &p->app_confidence, error))
    return FALSE;
  return mf_parse_children (ctx, node, "instructions", p->instructions, error);
}

static gboolean
mf_parse_pop_before_smtp (MfParse *ctx, xmlNode *node, GError **error)
{
  static const gchar *const attrs[] = { "gradual", NULL };
  g_autofree gchar *text = NULL;
  g_autofree gchar *gradual = mf_node_prop (node, "gradual");

  return mf_check_attributes (ctx, node, attrs, error) &&
         mf_node_text (ctx, node, FALSE, &text, error) &&
         mf_parse_date (ctx, node, "popBeforeSmtpEnded", text,
                        &ctx->provider->pop_before_smtp_ended, error) &&
         mf_parse_boolean (ctx, node, "gradual", gradual,
                           &ctx->provider->pop_before_smtp_gradual, error);
}

static gboolean
mf_topic_is_valid (const gchar *topic)
{
  if (!g_ascii_islower (topic[0]))
    return FALSE;
  for (const gchar *p = topic; *p != '\0'; p++) {
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '-')
      return FALSE;
  }
  return TRUE;
}

static gboolean
mf_parse_cutover (MfParse *ctx, xmlNode *node, GError **error)
{
  static const gchar *const attrs[] = { "topic", "date", NULL };
  g_autofree gchar *topic = NULL;
  g_autofree gchar *date_text = NULL;
  g_autofree gchar *date = NULL;
  g_autofree gchar *note = NULL;
  MfCutover *co;

  if (!mf_check_attributes (ctx, node, attrs, error) ||
      !mf_node_text (ctx, node, TRUE, &note, error) ||
      !mf_require_prop (ctx, node, "topic", &topic, error) ||
      !mf_require_prop (ctx, node, "date", &date_text, error) ||
      !mf_parse_date (ctx, node, "date", date_text, &date, error))
    return FALSE;
  if (!mf_topic_is_valid (topic))
    return mf_fail_at (ctx, node, error,
                       _("cutover topic \"%s\" may hold only a-z, 0-9 and \"-\""), topic);
  if (mf_provider_get_cutover (ctx->provider, topic) != NULL)
    return mf_fail_at (ctx, node, error, _("cutover topic \"%s\" appears twice"), topic);
  co = g_new0 (MfCutover, 1);
  co->topic = g_steal_pointer (&topic);
  co->date = g_steal_pointer (&date);
  g_ptr_array_add (ctx->provider->cutovers, co);
  return TRUE;
}

static gboolean
mf_parse_source (MfParse *ctx, xmlNode *node, GError **error)
{
  static const gchar *const attrs[] = { "url", "confidence", NULL };
  g_autofree gchar *url_text = NULL;
  g_autofree gchar *confidence = mf_node_prop (node, "confidence");
  g_autofree gchar *url = NULL;
  g_autofree gchar *text = NULL;
  MfSource *src;
  MfConfidence level = MF_CONFIDENCE_HIGH;

  if (!mf_check_attributes (ctx, node, attrs, error) ||
      !mf_node_text (ctx, node, TRUE, &text, error) ||
      !mf_require_prop (ctx, node, "url", &url_text, error) ||
      !mf_parse_url (ctx, node, url_text, &url, error) ||
      !mf_parse_confidence (ctx, node, confidence, &level, error))
    return FALSE;
  src = g_new0 (MfSource, 1);
  src->url = g_steal_pointer (&url);
  src->description = text[0] != '\0' ? g_steal_pointer (&text) : NULL;
  src->confidence = level;
  g_ptr_array_add (ctx->provider->sources, src);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* the parser: mf:branding                                             */

/* a picture beside the provider file, so an ISP ships both together and
 * the file cannot point the wizard at arbitrary files */
static gboolean
mf_parse_logo (MfParse *ctx, xmlNode *node, GError **error)
{
  static const gchar *const attrs[] = { "file", NULL };
  g_autofree gchar *file = NULL;
  g_autofree gchar *dir = NULL;
  g_autofree gchar *path = NULL;
  g_autofree gchar *lower = NULL;

  if (!mf_check_attributes (ctx, node, attrs, error) || !mf_require_prop (ctx, node, "file", &file, error))
    return FALSE;
  /* a description fetched over the network has no directory to hold a
   * logo, and its branding is dropped anyway (mf_provider_new_found) */
  if (ctx->provider->filename == NULL)
    return TRUE;
  lower = g_ascii_strdown (file, -1);
  if (strchr (file, '/') != NULL || strchr (file, '\\') != NULL || file[0] == '.' ||
      !(g_str_has_suffix (lower, ".png") || g_str_has_suffix (lower, ".svg")))
    return mf_fail_at (ctx, node, error,
                       _("logo \"%s\" must be the name of a .png or .svg file in the provider file's directory"),
                       file);
  dir = g_path_get_dirname (ctx->provider->filename);
  path = g_build_filename (dir, file, NULL);
  if (!g_path_is_absolute (path)) {
    g_autofree gchar *cwd = g_get_current_dir ();
    g_autofree gchar *relative = g_steal_pointer (&path);
    path = g_build_filename (cwd, relative, NULL);
  }
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return mf_fail_at (ctx, node, error, _("logo \"%s\" is not in the provider file's directory"), file);
  ctx->provider->logo_path = g_steal_pointer (&path);
  return TRUE;
}

static gboolean
mf_parse_help (MfParse *ctx, xmlNode *node, GError **error)
{
  static const gchar *const attrs[] = { "url", NULL };
  g_autofree gchar *url = NULL;

  return mf_check_attributes (ctx, node, attrs, error) && mf_require_prop (ctx, node, "url", &url, error) &&
         mf_parse_url (ctx, node, url, &ctx->provider->help_url, error);
}

/* what a person dials: digits with the usual separators, and an
 * international prefix */
static gboolean
mf_parse_phone (MfParse *ctx, xmlNode *node, GError **error)
{
  g_autofree gchar *text = NULL;
  guint digits = 0;

  if (!mf_node_text (ctx, node, FALSE, &text, error))
    return FALSE;
  for (const gchar *p = text; *p != '\0'; p++) {
    if (g_ascii_isdigit (*p))
      digits++;
    else if (strchr ("+-() ", *p) == NULL || (*p == '+' && p != text))
      return mf_fail_at (ctx, node, error, _("\"%s\" is not a telephone number"), text);
  }
  if (digits < 3)
    return mf_fail_at (ctx, node, error, _("\"%s\" is not a telephone number"), text);
  ctx->provider->support_phone = g_steal_pointer (&text);
  return TRUE;
}

static gboolean
mf_parse_branding (MfParse *ctx, xmlNode *node, GError **error)
{
  static const gchar *const no_attrs[] = { NULL };
  MfProvider *p = ctx->provider;

  if (!mf_check_attributes (ctx, node, no_attrs, error))
    return FALSE;
  for (xmlNode *child = node->children; child != NULL; child = child->next) {
    gboolean ok;

    if (child->type != XML_ELEMENT_NODE)
      continue;
    if (mf_node_is (child, MF_PROVIDER_NS, "name"))
      ok = mf_parse_local_text (ctx, child, p->brand_names, error);
    else if (mf_node_is (child, MF_PROVIDER_NS, "hours"))
      ok = mf_parse_local_text (ctx, child, p->support_hours, error);
    else if (mf_node_is (child, MF_PROVIDER_NS, "passwordHelp"))
      ok = mf_parse_local_text (ctx, child, p->password_help, error);
    else if (mf_node_is (child, MF_PROVIDER_NS, "logo") && p->logo_path == NULL)
      ok = mf_parse_logo (ctx, child, error);
    else if (mf_node_is (child, MF_PROVIDER_NS, "help") && p->help_url == NULL)
      ok = mf_parse_help (ctx, child, error);
    else if (mf_node_is (child, MF_PROVIDER_NS, "phone") && p->support_phone == NULL)
      ok = mf_parse_phone (ctx, child, error);
    else {
      g_autofree gchar *label = mf_node_label (node);
      g_autofree gchar *child_label = mf_node_label (child);
      return mf_fail_at (ctx, child, error, _("%s may not appear inside %s, or only once"), child_label, label);
    }
    if (!ok)
      return FALSE;
  }
  if (p->brand_names->len == 0)
    return mf_fail_at (ctx, node, error, _("mf:branding needs an <mf:name> to show the user"));
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* the parser: <emailProvider>                                         */

typedef gboolean (*MfElementFunc) (MfParse *ctx, xmlNode *node, GError **error);

typedef struct {
  const gchar *ns;
  const gchar *name;
  MfElementFunc func;
  gboolean once;
} MfElementHandler;

static const MfElementHandler mf_provider_children[] = {
  { NULL, "domain", mf_parse_domain, FALSE },
  { NULL, "displayName", mf_parse_display_name, FALSE },
  { NULL, "displayShortName", mf_parse_display_name, FALSE },
  { NULL, "incomingServer", mf_parse_incoming, FALSE },
  { NULL, "outgoingServer", mf_parse_outgoing, FALSE },
  { NULL, "inputField", mf_parse_input_field, FALSE },
  { MF_PROVIDER_NS, "hostPattern", mf_parse_host_pattern, FALSE },
  { MF_PROVIDER_NS, "retiredHost", mf_parse_retired_host, FALSE },
  { MF_PROVIDER_NS, "login", mf_parse_login, TRUE },
  { MF_PROVIDER_NS, "submission", mf_parse_submission, TRUE },
  { MF_PROVIDER_NS, "appPassword", mf_parse_app_password, TRUE },
  { MF_PROVIDER_NS, "popBeforeSmtpEnded", mf_parse_pop_before_smtp, TRUE },
  { MF_PROVIDER_NS, "cutover", mf_parse_cutover, FALSE },
  { MF_PROVIDER_NS, "source", mf_parse_source, FALSE },
  { MF_PROVIDER_NS, "branding", mf_parse_branding, TRUE },
};

static gboolean
mf_parse_provider_child (MfParse *ctx, xmlNode *child, guint *counts, GError **error)
{
  for (gsize i = 0; i < G_N_ELEMENTS (mf_provider_children); i++) {
    const MfElementHandler *h = &mf_provider_children[i];
    if (!mf_node_is (child, h->ns, h->name))
      continue;
    if (h->once && counts[i] > 0) {
      g_autofree gchar *label = mf_node_label (child);
      return mf_fail_at (ctx, child, error, _("%s may appear only once"), label);
    }
    counts[i]++;
    return h->func (ctx, child, error);
  }
  /* our namespace is ours to keep tidy: a typo there must not silently
   * drop a fact, while foreign elements are left alone as clientConfig
   * asks */
  if (mf_node_is_ns (child, MF_PROVIDER_NS)) {
    g_autofree gchar *label = mf_node_label (child);
    return mf_fail_at (ctx, child, error, _("unknown mailfix element %s"), label);
  }
  return TRUE;
}

/* placeholders in <username> must be standard or declared by <inputField> */
static gboolean
mf_check_username_placeholders (MfParse *ctx, const MfParsedServer *ps, GError **error)
{
  const gchar *p = ps->server->username;
  const gchar *open;
  gsize len = 0;

  while ((open = mf_find_placeholder (p, &len)) != NULL) {
    g_autofree gchar *name = g_strndup (open + 1, len);
    if (!mf_placeholder_is_standard (name, len) &&
        !g_ptr_array_find_with_equal_func (ctx->input_keys, name, g_str_equal, NULL))
      return mf_fail_at (ctx, ps->username_node, error,
                         _("placeholder %%%s%% is neither standard nor declared by an <inputField>"),
                         name);
    p = open + len + 2;
  }
  return TRUE;
}

/* the <mf:login> kind must agree with every <username> */
static gboolean
mf_check_login_agrees (MfParse *ctx, const MfParsedServer *ps, GError **error)
{
  const gchar *tmpl = ps->server->username;
  MfLoginKind kind = ctx->provider->login_kind;
  gboolean agrees = TRUE;

  if (kind == MF_LOGIN_ADDRESS)
    agrees = g_strcmp0 (tmpl, "%" MF_PH_ADDRESS "%") == 0;
  else if (kind == MF_LOGIN_LOCALPART)
    agrees = g_strcmp0 (tmpl, "%" MF_PH_LOCALPART "%") == 0;
  else if (kind == MF_LOGIN_EXTERNAL)
    agrees = !mf_template_is_derivable (tmpl);
  if (!agrees)
    return mf_fail_at (ctx, ps->username_node, error,
                       _("<username> \"%s\" does not agree with <mf:login kind=\"%s\">"),
                       tmpl, mf_login_kind_to_string (kind));
  return TRUE;
}

static gboolean
mf_check_servers (MfParse *ctx, GError **error)
{
  for (guint i = 0; i < ctx->servers->len; i++) {
    const MfParsedServer *ps = &g_array_index (ctx->servers, MfParsedServer, i);
    if (ps->username_node == NULL)
      continue;
    if (!mf_check_username_placeholders (ctx, ps, error) ||
        !mf_check_login_agrees (ctx, ps, error))
      return FALSE;
  }
  return TRUE;
}

static gboolean
mf_check_submission (MfParse *ctx, GError **error)
{
  MfProvider *p = ctx->provider;

  if (p->preferred_port == 0)
    return TRUE;
  for (guint i = 0; i < p->outgoing->len; i++) {
    if (mf_provider_server_get_port (g_ptr_array_index (p->outgoing, i)) == p->preferred_port)
      return TRUE;
  }
  return mf_fail_at (ctx, ctx->submission_node, error,
                     _("preferredPort %u matches no <outgoingServer>"), p->preferred_port);
}

/* what needs the whole <emailProvider> to be read first */
static gboolean
mf_finish_provider (MfParse *ctx, xmlNode *node, GError **error)
{
  MfProvider *p = ctx->provider;

  if (p->domains->len == 0)
    return mf_fail_at (ctx, node, error, _("<emailProvider> lists no <domain>"));
  if (p->incoming->len == 0)
    return mf_fail_at (ctx, node, error,
                       _("<emailProvider> has no <incomingServer> of type imap or pop3"));
  if (p->outgoing->len == 0)
    return mf_fail_at (ctx, node, error,
                       _("<emailProvider> has no <outgoingServer> of type smtp"));
  if (!mf_check_servers (ctx, error) || !mf_check_submission (ctx, error))
    return FALSE;
  if (p->display_name == NULL)
    p->display_name = g_strdup (p->id);
  if (p->short_name == NULL)
    p->short_name = g_strdup (p->display_name);
  return TRUE;
}

static gboolean
mf_parse_email_provider (MfParse *ctx, xmlNode *node, GError **error)
{
  guint counts[G_N_ELEMENTS (mf_provider_children)] = { 0, };

  if (!mf_require_prop (ctx, node, "id", &ctx->provider->id, error))
    return FALSE;
  for (xmlNode *child = node->children; child != NULL; child = child->next) {
    if (child->type != XML_ELEMENT_NODE)
      continue;
    if (!mf_parse_provider_child (ctx, child, counts, error))
      return FALSE;
  }
  return mf_finish_provider (ctx, node, error);
}

/* ------------------------------------------------------------------ */
/* the parser: the document                                            */

static gboolean
mf_confidence_allowed_on (xmlNode *node)
{
  return mf_node_is (node, NULL, "incomingServer") ||
         mf_node_is (node, NULL, "outgoingServer") ||
         mf_node_is (node, NULL, "hostname");
}

/* attributes in our namespace are only mf:confidence, and only where
 * it means something */
static gboolean
mf_check_ns_attributes (MfParse *ctx, xmlNode *node, GError **error)
{
  for (xmlAttr *attr = node->properties; attr != NULL; attr = attr->next) {
    gboolean ours = attr->ns != NULL &&
                    g_strcmp0 ((const gchar *) attr->ns->href, MF_PROVIDER_NS) == 0;
    if (!ours)
      continue;
    if (g_strcmp0 ((const gchar *) attr->name, "confidence") != 0 || !mf_confidence_allowed_on (node)) {
      g_autofree gchar *label = mf_node_label (node);
      return mf_fail_at (ctx, node, error, _("attribute mf:%s is not allowed on %s"),
                         (const gchar *) attr->name, label);
    }
  }
  for (xmlNode *child = node->children; child != NULL; child = child->next) {
    if (child->type == XML_ELEMENT_NODE && !mf_check_ns_attributes (ctx, child, error))
      return FALSE;
  }
  return TRUE;
}

static xmlNode *
mf_find_email_provider (MfParse *ctx, xmlNode *root, GError **error)
{
  xmlNode *found = NULL;

  for (xmlNode *child = root->children; child != NULL; child = child->next) {
    if (!mf_node_is (child, NULL, "emailProvider"))
      continue;
    if (found != NULL) {
      mf_fail_at (ctx, child, error, _("<clientConfig> holds more than one <emailProvider>"));
      return NULL;
    }
    found = child;
  }
  if (found == NULL)
    mf_fail_at (ctx, root, error, _("<clientConfig> holds no <emailProvider>"));
  return found;
}

/* the first error libxml2 reports while parsing */
typedef struct {
  gboolean failed;
  glong line;
  gchar *message;
} MfXmlError;

static void
mf_xml_error_cb (void *user_data, MF_XML_ERROR_CONST xmlError *err)
{
  xmlParserCtxt *pctxt = user_data;
  MfXmlError *first = pctxt->_private;

  if (first->failed || err->level < XML_ERR_ERROR)
    return;
  first->failed = TRUE;
  first->line = err->line;
  first->message = g_utf8_make_valid (err->message != NULL ? err->message : "", -1);
  g_strstrip (first->message);
}

/* the line on which data shows "<!DOCTYPE", for the message */
static glong
mf_doctype_line (const gchar *data, gsize len)
{
  const gchar *hit = g_strstr_len (data, (gssize) len, "<!DOCTYPE");
  glong line = 1;

  for (const gchar *p = data; hit != NULL && p < hit; p++) {
    if (*p == '\n')
      line++;
  }
  return line;
}

static xmlDoc *
mf_read_xml (MfParse *ctx, const gchar *data, gsize len, GError **error)
{
  /* no network, no entity substitution, no DTD loading or validation */
  const gint options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                       XML_PARSE_BIG_LINES | XML_PARSE_NOCDATA;
  g_autoptr(xmlParserCtxt) pctxt = xmlNewParserCtxt ();
  g_autoptr(xmlDoc) doc = NULL;
  MfXmlError first = { FALSE, 0, NULL };
  g_autofree gchar *message = NULL;

  if (pctxt == NULL) {
    g_set_error (error, MF_ERROR, MF_ERROR_FAILED, _("%s: cannot create an XML parser"), ctx->display);
    return NULL;
  }
  pctxt->_private = &first;
  pctxt->sax->serror = mf_xml_error_cb;
  doc = xmlCtxtReadMemory (pctxt, len > 0 ? data : "", (gint) len, NULL, NULL, options);
  message = first.message;
  if (doc == NULL || first.failed || !pctxt->wellFormed) {
    mf_fail_at_line (ctx, first.failed ? first.line : 1, error,
                     _("not well-formed XML: %s"),
                     message != NULL ? message : _("the parser gave up"));
    return NULL;
  }
  if (doc->intSubset != NULL || doc->extSubset != NULL) {
    mf_fail_at_line (ctx, mf_doctype_line (data, len), error,
                     _("a document type declaration is not allowed in a provider file"));
    return NULL;
  }
  return g_steal_pointer (&doc);
}

static gboolean
mf_parse_document (MfParse *ctx, xmlDoc *doc, GError **error)
{
  xmlNode *root = xmlDocGetRootElement (doc);
  xmlNode *provider_node;

  if (root == NULL)
    return mf_fail_at_line (ctx, 1, error, _("the document has no root element"));
  if (!mf_node_is (root, NULL, "clientConfig")) {
    g_autofree gchar *label = mf_node_label (root);
    return mf_fail_at (ctx, root, error, _("the root element is %s, expected <clientConfig>"), label);
  }
  if (!mf_check_ns_attributes (ctx, root, error))
    return FALSE;
  provider_node = mf_find_email_provider (ctx, root, error);
  if (provider_node == NULL)
    return FALSE;
  return mf_parse_email_provider (ctx, provider_node, error);
}

/* display names the document in messages; filename is NULL for a
 * document that is not a file (one fetched by autoconfiguration) */
static MfProvider *
mf_provider_parse (const gchar *data, gsize len, const gchar *display, const gchar *filename, GError **error)
{
  g_autoptr(MfProvider) provider = NULL;
  g_autoptr(xmlDoc) doc = NULL;
  g_auto(MfParse) ctx = { NULL, };

  ctx.display = g_strdup (display);
  if (len > MF_PROVIDER_MAX_FILE_SIZE) {
    g_set_error (error, MF_ERROR, MF_ERROR_TOO_LARGE,
                 _("%s: the file is larger than %u bytes"), ctx.display,
                 (guint) MF_PROVIDER_MAX_FILE_SIZE);
    return NULL;
  }
  xmlInitParser ();
  provider = g_object_new (MF_TYPE_PROVIDER, NULL);
  provider->filename = g_strdup (filename);
  ctx.provider = provider;
  ctx.input_keys = g_ptr_array_new_with_free_func (g_free);
  ctx.servers = g_array_new (FALSE, FALSE, sizeof (MfParsedServer));
  doc = mf_read_xml (&ctx, data, len, error);
  if (doc == NULL || !mf_parse_document (&ctx, doc, error))
    return NULL;
  return g_steal_pointer (&provider);
}

MfProvider *
mf_provider_new_from_data (const gchar *data, gsize len, const gchar *filename, GError **error)
{
  g_autofree gchar *display = NULL;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (filename != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  display = g_filename_display_name (filename);
  return mf_provider_parse (data, len, display, filename, error);
}

static void
mf_server_list_floor_confidence (GPtrArray *servers, MfConfidence floor)
{
  for (guint i = 0; i < servers->len; i++) {
    MfProviderServer *server = g_ptr_array_index (servers, i);
    server->confidence = MAX (server->confidence, floor);
  }
}

MfProvider *
mf_provider_new_found (const gchar *data, gsize len, const gchar *domain, MfProviderOrigin origin,
                       const gchar *url, MfConfidence floor, GError **error)
{
  g_autoptr(MfProvider) provider = NULL;
  g_autofree gchar *normal = NULL;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (domain != NULL, NULL);
  g_return_val_if_fail (origin != MF_PROVIDER_ORIGIN_FILE, NULL);
  g_return_val_if_fail (url != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  normal = mf_provider_normalize_name (domain);
  if (normal == NULL || !mf_name_is_valid (normal, FALSE, NULL)) {
    g_set_error (error, MF_ERROR, MF_ERROR_INVALID_ARGUMENT, _("\"%s\" is not a mail domain"), domain);
    return NULL;
  }
  provider = mf_provider_parse (data, len, url, NULL, error);
  if (provider == NULL)
    return NULL;
  /* the description speaks for the domain it was looked up for and for
   * nothing else: a file served for one domain must not claim others,
   * and the id is the domain so it cannot replace a provider file */
  g_free (provider->id);
  provider->id = g_strdup (normal);
  g_ptr_array_set_size (provider->domains, 0);
  g_ptr_array_add (provider->domains, g_strdup (normal));
  g_ptr_array_set_size (provider->host_patterns, 0);
  /* the wizard shows branding as the ISP's own voice (its phone number,
   * its help page); nothing vouches that the host that served the file
   * speaks for the ISP's support line */
  g_ptr_array_set_size (provider->brand_names, 0);
  g_ptr_array_set_size (provider->support_hours, 0);
  g_ptr_array_set_size (provider->password_help, 0);
  g_clear_pointer (&provider->logo_path, g_free);
  g_clear_pointer (&provider->help_url, g_free);
  g_clear_pointer (&provider->support_phone, g_free);
  mf_server_list_floor_confidence (provider->incoming, floor);
  mf_server_list_floor_confidence (provider->outgoing, floor);
  provider->app_confidence = MAX (provider->app_confidence, floor);
  provider->origin = origin;
  provider->origin_url = g_strdup (url);
  return g_steal_pointer (&provider);
}

/* reads at most limit + 1 bytes, so a file that grows while it is read is
 * still caught by the size check */
static gboolean
mf_read_fd (gint fd, gsize limit, GByteArray *buf, gint *errsv)
{
  guint8 chunk[8192];

  while (buf->len <= limit) {
    gssize n = read (fd, chunk, sizeof (chunk));
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0) {
      *errsv = errno;
      return FALSE;
    }
    if (n == 0)
      break;
    g_byte_array_append (buf, chunk, (guint) n);
  }
  return TRUE;
}

static gboolean
mf_read_small_file (const gchar *path, GByteArray *buf, GError **error)
{
  g_autofree gchar *display = g_filename_display_name (path);
  GStatBuf st;
  gint fd = g_open (path, O_RDONLY, 0);
  gint errsv = 0;
  gboolean ok;

  if (fd < 0) {
    errsv = errno;
    g_set_error (error, MF_ERROR, mf_error_from_errno (errsv),
                 _("%s: cannot open the file: %s"), display, g_strerror (errsv));
    return FALSE;
  }
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode)) {
    g_close (fd, NULL);
    g_set_error (error, MF_ERROR, MF_ERROR_IO, _("%s: not a regular file"), display);
    return FALSE;
  }
  ok = st.st_size <= MF_PROVIDER_MAX_FILE_SIZE &&
       mf_read_fd (fd, MF_PROVIDER_MAX_FILE_SIZE, buf, &errsv);
  g_close (fd, NULL);
  if (!ok && errsv != 0) {
    g_set_error (error, MF_ERROR, mf_error_from_errno (errsv),
                 _("%s: cannot read the file: %s"), display, g_strerror (errsv));
    return FALSE;
  }
  if (!ok || buf->len > MF_PROVIDER_MAX_FILE_SIZE) {
    g_set_error (error, MF_ERROR, MF_ERROR_TOO_LARGE,
                 _("%s: the file is larger than %u bytes"), display,
                 (guint) MF_PROVIDER_MAX_FILE_SIZE);
    return FALSE;
  }
  return TRUE;
}

MfProvider *
mf_provider_new_from_file (const gchar *path, GError **error)
{
  g_autoptr(GByteArray) buf = g_byte_array_new ();

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!mf_read_small_file (path, buf, error))
    return NULL;
  return mf_provider_new_from_data ((const gchar *) buf->data, buf->len, path, error);
}

/* ------------------------------------------------------------------ */
/* matching                                                            */

guint
mf_provider_match_domain_score (MfProvider *self, const gchar *domain)
{
  guint best = 0;

  g_return_val_if_fail (MF_IS_PROVIDER (self), 0);
  g_return_val_if_fail (domain != NULL, 0);

  for (guint i = 0; i < self->domains->len; i++)
    best = MAX (best, mf_match_score (g_ptr_array_index (self->domains, i), domain));
  return best;
}

guint
mf_provider_match_host_score (MfProvider *self, const gchar *host)
{
  guint best = 0;
  GPtrArray *lists[2];

  g_return_val_if_fail (MF_IS_PROVIDER (self), 0);
  g_return_val_if_fail (host != NULL, 0);

  /* a provider found for one mail domain speaks for that domain only; its
   * servers do not make the accounts of other domains its own */
  if (self->origin != MF_PROVIDER_ORIGIN_FILE)
    return 0;
  lists[0] = self->incoming;
  lists[1] = self->outgoing;
  for (gsize l = 0; l < G_N_ELEMENTS (lists); l++) {
    for (guint i = 0; i < lists[l]->len; i++) {
      const MfProviderServer *server = g_ptr_array_index (lists[l], i);
      /* a host name with placeholders names no single host: a provider
       * that uses one lists an mf:hostPattern as well */
      if (strchr (server->hostname, '%') == NULL && g_strcmp0 (server->hostname, host) == 0)
        return MF_PROVIDER_MATCH_EXACT;
    }
  }
  for (guint i = 0; i < self->retired->len; i++) {
    MfRetiredHost *rh = g_ptr_array_index (self->retired, i);
    if (g_strcmp0 (rh->host, host) == 0)
      return MF_PROVIDER_MATCH_EXACT;
  }
  for (guint i = 0; i < self->host_patterns->len; i++)
    best = MAX (best, mf_match_score (g_ptr_array_index (self->host_patterns, i), host));
  return best;
}

/* ------------------------------------------------------------------ */
/* MfProvider                                                          */

static void
mf_provider_finalize (GObject *object)
{
  MfProvider *self = MF_PROVIDER (object);

  g_free (self->id);
  g_free (self->display_name);
  g_free (self->short_name);
  g_free (self->filename);
  g_ptr_array_unref (self->domains);
  g_ptr_array_unref (self->host_patterns);
  g_ptr_array_unref (self->incoming);
  g_ptr_array_unref (self->outgoing);
  g_ptr_array_unref (self->retired);
  g_ptr_array_unref (self->login_labels);
  g_free (self->app_required_from);
  g_free (self->app_abroad_from);
  g_free (self->app_url);
  g_ptr_array_unref (self->instructions);
  g_free (self->pop_before_smtp_ended);
  g_ptr_array_unref (self->cutovers);
  g_ptr_array_unref (self->sources);
  g_ptr_array_unref (self->brand_names);
  g_free (self->logo_path);
  g_free (self->help_url);
  g_free (self->support_phone);
  g_ptr_array_unref (self->support_hours);
  g_ptr_array_unref (self->password_help);
  g_free (self->origin_url);

  G_OBJECT_CLASS (mf_provider_parent_class)->finalize (object);
}

static void
mf_provider_class_init (MfProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mf_provider_finalize;
  mf_i18n_init ();
}

static void
mf_provider_init (MfProvider *self)
{
  self->domains = g_ptr_array_new_with_free_func (g_free);
  self->host_patterns = g_ptr_array_new_with_free_func (g_free);
  self->incoming = g_ptr_array_new_with_free_func ((GDestroyNotify) mf_provider_server_unref);
  self->outgoing = g_ptr_array_new_with_free_func ((GDestroyNotify) mf_provider_server_unref);
  self->retired = g_ptr_array_new_with_free_func ((GDestroyNotify) mf_retired_host_free);
  self->login_labels = g_ptr_array_new_with_free_func ((GDestroyNotify) mf_local_text_free);
  self->instructions = g_ptr_array_new_with_free_func ((GDestroyNotify) mf_local_text_free);
  self->cutovers = g_ptr_array_new_with_free_func ((GDestroyNotify) mf_cutover_free);
  self->sources = g_ptr_array_new_with_free_func ((GDestroyNotify) mf_source_free);
  self->brand_names = g_ptr_array_new_with_free_func ((GDestroyNotify) mf_local_text_free);
  self->support_hours = g_ptr_array_new_with_free_func ((GDestroyNotify) mf_local_text_free);
  self->password_help = g_ptr_array_new_with_free_func ((GDestroyNotify) mf_local_text_free);
  self->login_kind = MF_LOGIN_TEMPLATE;
  self->app_confidence = MF_CONFIDENCE_HIGH;
}

/**
 * mf_provider_get_id:
 * @self: a provider
 *
 * Returns: (transfer none): the `emailProvider` id; a file with the same id
 *   loaded later replaces this provider in an #MfProviderDb
 *
 * Since: 0.1
 */
const gchar *
mf_provider_get_id (MfProvider *self)
{
  g_return_val_if_fail (MF_IS_PROVIDER (self), NULL);
  return self->id;
}

/**
 * mf_provider_get_display_name:
 * @self: a provider
 *
 * Returns: (transfer none): the `<displayName>`, or the id if there is none
 *
 * Since: 0.1
 */
const gchar *
mf_provider_get_display_name (MfProvider *self)
{
  g_return_val_if_fail (MF_IS_PROVIDER (self), NULL);
  return self->display_name;
}

/**
 * mf_provider_get_short_name:
 * @self: a provider
 *
 * Returns: (transfer none): the `<displayShortName>`, or the display name
 *
 * Since: 0.1
 */
const gchar *
mf_provider_get_short_name (MfProvider *self)
{
  g_return_val_if_fail (MF_IS_PROVIDER (self), NULL);
  return self->short_name;
}

/**
 * mf_provider_get_filename:
 * @self: a provider
 *
 * Returns: (transfer none) (nullable) (type filename): the file the
 *   provider was read from, or %NULL for a provider that autoconfiguration
 *   found (see mf_provider_get_origin_url())
 *
 * Since: 0.1
 */
const gchar *
mf_provider_get_filename (MfProvider *self)
{
  g_return_val_if_fail (MF_IS_PROVIDER (self), NULL);
  return self->filename;
}

/**
 * mf_provider_origin_to_string:
 * @origin: an #MfProviderOrigin
 *
 * Returns: (transfer none): the name used in JSON and in the autoconfig
 *   cache: "file", "autoconfig", "well-known", "ispdb", "mx-autoconfig",
 *   "mx-ispdb" or "dns-srv"
 *
 * Since: 0.1
 */
const gchar *
mf_provider_origin_to_string (MfProviderOrigin origin)
{
  switch (origin) {
  case MF_PROVIDER_ORIGIN_AUTOCONFIG:    return "autoconfig";
  case MF_PROVIDER_ORIGIN_WELL_KNOWN:    return "well-known";
  case MF_PROVIDER_ORIGIN_ISPDB:         return "ispdb";
  case MF_PROVIDER_ORIGIN_MX_AUTOCONFIG: return "mx-autoconfig";
  case MF_PROVIDER_ORIGIN_MX_ISPDB:      return "mx-ispdb";
  case MF_PROVIDER_ORIGIN_DNS_SRV:       return "dns-srv";
  default:                               return "file";
  }
}

/**
 * mf_provider_origin_describe:
 * @origin: an #MfProviderOrigin
 *
 * Returns: (transfer none): where a provider's settings came from, in the
 *   user's language, for front ends to show
 *
 * Since: 0.1
 */
const gchar *
mf_provider_origin_describe (MfProviderOrigin origin)
{
  mf_i18n_init ();
  switch (origin) {
  case MF_PROVIDER_ORIGIN_AUTOCONFIG:    return _("the mail domain's own autoconfig server");
  case MF_PROVIDER_ORIGIN_WELL_KNOWN:    return _("the mail domain's web server (well-known address)");
  case MF_PROVIDER_ORIGIN_ISPDB:         return _("the Thunderbird ISP database");
  case MF_PROVIDER_ORIGIN_MX_AUTOCONFIG: return _("the autoconfig server of the domain that receives its mail (MX)");
  case MF_PROVIDER_ORIGIN_MX_ISPDB:      return _("the Thunderbird ISP database, for the domain that receives its mail (MX)");
  case MF_PROVIDER_ORIGIN_DNS_SRV:       return _("the domain's DNS SRV records (host names and ports only)");
  default:                               return _("a provider file");
  }
}

/**
 * mf_provider_get_origin:
 * @self: a provider
 *
 * Where the description came from. A provider that autoconfiguration
 * found (#MfAutoconfig) is trusted less than a provider file: its servers
 * are at best %MF_CONFIDENCE_MEDIUM, and %MF_CONFIDENCE_LOW when DNS SRV
 * records alone gave them.
 *
 * Returns: the origin
 *
 * Since: 0.1
 */
MfProviderOrigin
mf_provider_get_origin (MfProvider *self)
{
  g_return_val_if_fail (MF_IS_PROVIDER (self), MF_PROVIDER_ORIGIN_FILE);
  return self->origin;
}

/**
 * mf_provider_get_origin_url:
 * @self: a provider
 *
 * Returns: (transfer none) (nullable): for a provider found by
 *   autoconfiguration, the https URL it was fetched from (without the
 *   query), or for DNS SRV records the names that answered; %NULL for a
 *   provider file
 *
 * Since: 0.1
 */
const gchar *
mf_provider_get_origin_url (MfProvider *self)
{
  g_return_val_if_fail (MF_IS_PROVIDER (self), NULL);
  return self->origin_url;
}

/**
 * mf_provider_get_domains:
 * @self: a provider
 *
 * The mail domains the provider serves, lower-case, in file order. An
 * entry may be a pattern such as `*.so-net.ne.jp`, where each `*` stands
 * for exactly one label.
 *
 * Returns: (transfer none) (element-type utf8): the domains
 *
 * Since: 0.1
 */
GPtrArray *
mf_provider_get_domains (MfProvider *self)
{
  g_return_val_if_fail (MF_IS_PROVIDER (self), NULL);
  return self->domains;
}

/**
 * mf_provider_get_host_patterns:
 * @self: a provider
 *
 * Returns: (transfer none) (element-type utf8): the `mf:hostPattern`
 *   entries, lower-case, in file order
 *
 * Since: 0.1
 */
GPtrArray *
mf_provider_get_host_patterns (MfProvider *self)
{
  g_return_val_if_fail (MF_IS_PROVIDER (self), NULL);
  return self->host_patterns;
}

/**
 * mf_provider_get_incoming:
 * @self: a provider
 *
 * The IMAP and POP3 servers in file order (the first is the one the
 * provider prefers). Servers of other types are not kept.
 *
 * Returns: (transfer none) (element-type MfProviderServer): the servers
 *
 * Since: 0.1
 */
GPtrArray *
mf_provider_get_incoming (MfProvider *self)
{
  g_return_val_if_fail (MF_IS_PROVIDER (self), NULL);
  return self->incoming;
}

/**
 * mf_provider_get_outgoing:
 * @self: a provider
 *
 * Returns: (transfer none) (element-type MfProviderServer): the SMTP
 *   servers in file order
 *
 * Since: 0.1
 */
GPtrArray *
mf_provider_get_outgoing (MfProvider *self)
{
  g_return_val_if_fail (MF_IS_PROVIDER (self), NULL);
  return self->outgoing;
}

/**
 * mf_provider_find_incoming:
 * @self: a provider
 * @protocol: %MF_PROTOCOL_IMAP or %MF_PROTOCOL_POP3
 *
 * Returns: (transfer none) (nullable): the first listed incoming server
 *   speaking @protocol, or %NULL if the provider lists none
 *
 * Since: 0.1
 */
const MfProviderServer *
mf_provider_find_incoming (MfProvider *self, MfProtocol protocol)
{
  g_return_val_if_fail (MF_IS_PROVIDER (self), NULL);

  for (guint i = 0; i < self->incoming->len; i++) {
    const MfProviderServer *server = g_ptr_array_index (self->incoming, i);
    if (server->protocol == protocol)
      return server;
  }
  return NULL;
}

/**
 * mf_provider_get_preferred_port:
 * @self: a provider
 *
 * Returns: the `mf:submission` preferred port (465 or 587), or 0 if the
 *   file states none
 *
 * Since: 0.1
 */
guint16
mf_provider_get_preferred_port (MfProvider *self)
{
  g_return_val_if_fail (MF_IS_PROVIDER (self), 0);
  return self->preferred_port;
}

/**
 * mf_provider_get_submission:
 * @self: a provider
 *
 * Returns: (transfer none): the outgoing server on the `mf:submission`
 *   preferred port, or the first outgoing server if the file states no
 *   preference
 *
 * Since: 0.1
 */
const MfProviderServer *
mf_provider_get_submission (MfProvider *self)
{
  g_return_val_if_fail (MF_IS_PROVIDER (self), NULL);

  for (guint i = 0; self->preferred_port != 0 && i < self->outgoing->len; i++) {
    const MfProviderServer *server = g_ptr_array_index (self->outgoing, i);
    if (server->port == self->preferred_port)
      return server;
  }
  return g_ptr_array_index (self->outgoing, 0);
}

/**
 * mf_provider_matches_domain:
 * @self: a provider
 * @domain: a mail domain, such as the part of an address after the `@`
 *
 * Compares without regard to ASCII case, ignores one trailing dot and
 * understands the provider's domain patterns.
 *
 * Returns: %TRUE if the provider serves @domain
 *
 * Since: 0.1
 */
gboolean
mf_provider_matches_domain (MfProvider *self, const gchar *domain)
{
  g_autofree gchar *normal = NULL;

  g_return_val_if_fail (MF_IS_PROVIDER (self), FALSE);
  g_return_val_if_fail (domain != NULL, FALSE);

  normal = mf_provider_normalize_name (domain);
  return normal != NULL && mf_provider_match_domain_score (self, normal) > 0;
}

/**
 * mf_provider_matches_host:
 * @self: a provider
 * @host: a server host name, as found in a mail client's settings
 *
 * Returns: %TRUE if @host is one of the provider's server host names, one
 *   of its retired hosts, or matches one of its `mf:hostPattern` entries
 *
 * Since: 0.1
 */
gboolean
mf_provider_matches_host (MfProvider *self, const gchar *host)
{
  g_autofree gchar *normal = NULL;

  g_return_val_if_fail (MF_IS_PROVIDER (self), FALSE);
  g_return_val_if_fail (host != NULL, FALSE);

  normal = mf_provider_normalize_name (host);
  return normal != NULL && mf_provider_match_host_score (self, normal) > 0;
}

static MfRetiredHost *
mf_provider_find_retired (MfProvider *self, const gchar *host)
{
  g_autofree gchar *normal = mf_provider_normalize_name (host);

  for (guint i = 0; normal != NULL && i < self->retired->len; i++) {
    MfRetiredHost *rh = g_ptr_array_index (self->retired, i);
    if (g_strcmp0 (rh->host, normal) == 0)
      return rh;
  }
  return NULL;
}

/**
 * mf_provider_get_retired_replacement:
 * @self: a provider
 * @host: a server host name
 *
 * Returns: (transfer none) (nullable): the host to use instead of @host,
 *   or %NULL if the provider has not retired @host
 *
 * Since: 0.1
 */
const gchar *
mf_provider_get_retired_replacement (MfProvider *self, const gchar *host)
{
  MfRetiredHost *rh;

  g_return_val_if_fail (MF_IS_PROVIDER (self), NULL);
  g_return_val_if_fail (host != NULL, NULL);

  rh = mf_provider_find_retired (self, host);
  return rh != NULL ? rh->replacement : NULL;
}

/**
 * mf_provider_get_retired_since:
 * @self: a provider
 * @host: a server host name
 *
 * Returns: (transfer none) (nullable): the date ("YYYY-MM-DD") @host was
 *   retired, or %NULL if it is not retired or the file gives no date
 *
 * Since: 0.1
 */
const gchar *
mf_provider_get_retired_since (MfProvider *self, const gchar *host)
{
  MfRetiredHost *rh;

  g_return_val_if_fail (MF_IS_PROVIDER (self), NULL);
  g_return_val_if_fail (host != NULL, NULL);

  rh = mf_provider_find_retired (self, host);
  return rh != NULL ? rh->since : NULL;
}

/**
 * mf_provider_get_login_kind:
 * @self: a provider
 *
 * Returns: how the provider forms the login name; %MF_LOGIN_TEMPLATE when
 *   the file has no `mf:login`
 *
 * Since: 0.1
 */
MfLoginKind
mf_provider_get_login_kind (MfProvider *self)
{
  g_return_val_if_fail (MF_IS_PROVIDER (self), MF_LOGIN_TEMPLATE);
  return self->login_kind;
}

/**
 * mf_provider_get_login_label:
 * @self: a provider
 *
 * What the provider calls the login name, in the user's language (as
 * g_get_language_names() gives it), else in English, else in the first
 * language the file lists.
 *
 * Returns: (transfer none) (nullable): the label, or %NULL if the file
 *   gives none
 *
 * Since: 0.1
 */
const gchar *
mf_provider_get_login_label (MfProvider *self)
{
  g_return_val_if_fail (MF_IS_PROVIDER (self), NULL);
  return mf_local_text_pick (self->login_labels, NULL);
}

/**
 * mf_provider_get_login_label_for_language:
 * @self: a provider
 * @language: a language tag or locale name, such as "ja" or "ja_JP.UTF-8"
 *
 * Returns: (transfer none) (nullable): the label in @language, else in
 *   English, else in the first language listed; %NULL if there is none
 *
 * Since: 0.1
 */
const gchar *
mf_provider_get_login_label_for_language (MfProvider *self, const gchar *language)
{
  g_return_val_if_fail (MF_IS_PROVIDER (self), NULL);
  g_return_val_if_fail (language != NULL, NULL);
  return mf_local_text_pick (self->login_labels, language);
}

/**
 * mf_provider_get_app_password_policy:
 * @self: a provider
 * @min_len: (out) (optional): the shortest length, 0 if unknown
 * @max_len: (out) (optional): the longest length, 0 if unknown
 * @letters: (out) (optional): whether the password holds letters
 * @digits: (out) (optional): whether the password holds digits
 * @symbols: (out) (optional): whether the password holds symbols
 * @case_sensitive: (out) (optional): whether case matters
 *
 * The rules of the provider's app password (a password issued for mail
 * clients only, such as docomo's IMAP-only password).
 *
 * Returns: %TRUE if the provider uses app passwords; %FALSE, leaving the
 *   out arguments alone, if it has none
 *
 * Since: 0.1
 */
gboolean
mf_provider_get_app_password_policy (MfProvider *self,
                                     guint      *min_len,
                                     guint      *max_len,
                                     gboolean   *letters,
                                     gboolean   *digits,
                                     gboolean   *symbols,
                                     gboolean   *case_sensitive)
{
  g_return_val_if_fail (MF_IS_PROVIDER (self), FALSE);

  if (!self->has_app_password)
    return FALSE;
  if (min_len != NULL)
    *min_len = self->app_min_len;
  if (max_len != NULL)
    *max_len = self->app_max_len;
  if (letters != NULL)
    *letters = self->app_letters;
  if (digits != NULL)
    *digits = self->app_digits;
  if (symbols != NULL)
    *symbols = self->app_symbols;
  if (case_sensitive != NULL)
    *case_sensitive = self->app_case_sensitive;
  return TRUE;
}

/**
 * mf_provider_get_app_password_required_from:
 * @self: a provider
 *
 * Returns: (transfer none) (nullable): the date ("YYYY-MM-DD") from which
 *   the app password is required, or %NULL
 *
 * Since: 0.1
 */
const gchar *
mf_provider_get_app_password_required_from (MfProvider *self)
{
  g_return_val_if_fail (MF_IS_PROVIDER (self), NULL);
  return self->app_required_from;
}

/**
 * mf_provider_get_app_password_abroad_from:
 * @self: a provider
 *
 * Returns: (transfer none) (nullable): the date ("YYYY-MM-DD") from which
 *   access from abroad requires the app password, when that came earlier,
 *   or %NULL
 *
 * Since: 0.1
 */
const gchar *
mf_provider_get_app_password_abroad_from (MfProvider *self)
{
  g_return_val_if_fail (MF_IS_PROVIDER (self), NULL);
  return self->app_abroad_from;
}

/**
 * mf_provider_get_app_password_url:
 * @self: a provider
 *
 * Returns: (transfer none) (nullable): the page where the user issues or
 *   checks the app password, or %NULL
 *
 * Since: 0.1
 */
const gchar *
mf_provider_get_app_password_url (MfProvider *self)
{
  g_return_val_if_fail (MF_IS_PROVIDER (self), NULL);
  return self->app_url;
}

/**
 * mf_provider_get_app_password_confidence:
 * @self: a provider
 *
 * Returns: how sure the file is of the app password rules
 *
 * Since: 0.1
 */
MfConfidence
mf_provider_get_app_password_confidence (MfProvider *self)
{
  g_return_val_if_fail (MF_IS_PROVIDER (self), MF_CONFIDENCE_LOW);
  return self->app_confidence;
}

/**
 * mf_provider_get_instructions:
 * @self: a provider
 *
 * How to issue the app password, in the user's language, else in English,
 * else in the first language listed.
 *
 * Returns: (transfer none) (nullable): the instructions, or %NULL
 *
 * Since: 0.1
 */
const gchar *
mf_provider_get_instructions (MfProvider *self)
{
  g_return_val_if_fail (MF_IS_PROVIDER (self), NULL);
  return mf_local_text_pick (self->instructions, NULL);
}

/**
 * mf_provider_get_instructions_for_language:
 * @self: a provider
 * @language: a language tag or locale name
 *
 * Returns: (transfer none) (nullable): the instructions in @language, else
 *   in English, else in the first language listed, or %NULL
 *
 * Since: 0.1
 */
const gchar *
mf_provider_get_instructions_for_language (MfProvider *self, const gchar *language)
{
  g_return_val_if_fail (MF_IS_PROVIDER (self), NULL);
  g_return_val_if_fail (language != NULL, NULL);
  return mf_local_text_pick (self->instructions, language);
}

/**
 * mf_provider_get_pop_before_smtp_ended:
 * @self: a provider
 *
 * Returns: (transfer none) (nullable): the date ("YYYY-MM-DD") the
 *   provider stopped accepting POP-before-SMTP, or %NULL
 *
 * Since: 0.1
 */
const gchar *
mf_provider_get_pop_before_smtp_ended (MfProvider *self)
{
  g_return_val_if_fail (MF_IS_PROVIDER (self), NULL);
  return self->pop_before_smtp_ended;
}

/**
 * mf_provider_get_pop_before_smtp_gradual:
 * @self: a provider
 *
 * Returns: %TRUE if POP-before-SMTP ended in stages starting on the date
 *   mf_provider_get_pop_before_smtp_ended() gives
 *
 * Since: 0.1
 */
gboolean
mf_provider_get_pop_before_smtp_gradual (MfProvider *self)
{
  g_return_val_if_fail (MF_IS_PROVIDER (self), FALSE);
  return self->pop_before_smtp_gradual;
}

/**
 * mf_provider_get_cutover:
 * @self: a provider
 * @topic: an `mf:cutover` topic, such as "submission-port"
 *
 * Returns: (transfer none) (nullable): the date ("YYYY-MM-DD") of the
 *   change, or %NULL if the file names no such change
 *
 * Since: 0.1
 */
const gchar *
mf_provider_get_cutover (MfProvider *self, const gchar *topic)
{
  g_return_val_if_fail (MF_IS_PROVIDER (self), NULL);
  g_return_val_if_fail (topic != NULL, NULL);

  for (guint i = 0; i < self->cutovers->len; i++) {
    MfCutover *co = g_ptr_array_index (self->cutovers, i);
    if (g_strcmp0 (co->topic, topic) == 0)
      return co->date;
  }
  return NULL;
}

/**
 * mf_provider_get_n_sources:
 * @self: a provider
 *
 * Returns: how many `mf:source` entries the file lists
 *
 * Since: 0.1
 */
guint
mf_provider_get_n_sources (MfProvider *self)
{
  g_return_val_if_fail (MF_IS_PROVIDER (self), 0);
  return self->sources->len;
}

/**
 * mf_provider_get_source:
 * @self: a provider
 * @index: from 0 to mf_provider_get_n_sources() - 1
 * @description: (out) (optional) (nullable) (transfer none): what the
 *   source backs, or %NULL
 * @confidence: (out) (optional): how far the source can be trusted
 *
 * Returns: (transfer none): the address of the source
 *
 * Since: 0.1
 */
const gchar *
mf_provider_get_source (MfProvider   *self,
                        guint         index,
                        const gchar **description,
                        MfConfidence *confidence)
{
  MfSource *src;

  g_return_val_if_fail (MF_IS_PROVIDER (self), NULL);
  g_return_val_if_fail (index < self->sources->len, NULL);

  src = g_ptr_array_index (self->sources, index);
  if (description != NULL)
    *description = src->description;
  if (confidence != NULL)
    *confidence = src->confidence;
  return src->url;
}

/**
 * mf_provider_get_confidence:
 * @self: a provider
 *
 * Returns: the lowest confidence of any server the provider lists
 *
 * Since: 0.1
 */
MfConfidence
mf_provider_get_confidence (MfProvider *self)
{
  MfConfidence lowest = MF_CONFIDENCE_HIGH;
  GPtrArray *lists[2];

  g_return_val_if_fail (MF_IS_PROVIDER (self), MF_CONFIDENCE_LOW);

  lists[0] = self->incoming;
  lists[1] = self->outgoing;
  for (gsize l = 0; l < G_N_ELEMENTS (lists); l++) {
    for (guint i = 0; i < lists[l]->len; i++)
      lowest = MAX (lowest, mf_provider_server_get_hostname_confidence (g_ptr_array_index (lists[l], i)));
  }
  return lowest;
}

/**
 * mf_provider_has_branding:
 * @self: a provider
 *
 * Returns: %TRUE when the provider file carries an ISP's own name, logo or
 *   support contact for the wizard (`mf:branding`)
 *
 * Since: 0.1
 */
gboolean
mf_provider_has_branding (MfProvider *self)
{
  g_return_val_if_fail (MF_IS_PROVIDER (self), FALSE);
  return self->brand_names->len > 0;
}

/**
 * mf_provider_get_brand_name:
 * @self: a provider
 * @language: a language code such as "ja"
 *
 * Returns: (transfer none) (nullable): the name the ISP wants shown, in
 *   @language when the file has it, or %NULL without `mf:branding`
 *
 * Since: 0.1
 */
const gchar *
mf_provider_get_brand_name (MfProvider *self, const gchar *language)
{
  g_return_val_if_fail (MF_IS_PROVIDER (self), NULL);
  g_return_val_if_fail (language != NULL, NULL);
  return mf_local_text_pick (self->brand_names, language);
}

/**
 * mf_provider_get_logo_path:
 * @self: a provider
 *
 * Returns: (transfer none) (nullable) (type filename): the absolute path of
 *   the ISP's logo (PNG or SVG, beside the provider file), or %NULL
 *
 * Since: 0.1
 */
const gchar *
mf_provider_get_logo_path (MfProvider *self)
{
  g_return_val_if_fail (MF_IS_PROVIDER (self), NULL);
  return self->logo_path;
}

/**
 * mf_provider_get_help_url:
 * @self: a provider
 *
 * Returns: (transfer none) (nullable): the ISP's help page for mail
 *   settings, or %NULL
 *
 * Since: 0.1
 */
const gchar *
mf_provider_get_help_url (MfProvider *self)
{
  g_return_val_if_fail (MF_IS_PROVIDER (self), NULL);
  return self->help_url;
}

/**
 * mf_provider_get_support_phone:
 * @self: a provider
 *
 * Returns: (transfer none) (nullable): the ISP's support telephone number,
 *   as written in the file, or %NULL
 *
 * Since: 0.1
 */
const gchar *
mf_provider_get_support_phone (MfProvider *self)
{
  g_return_val_if_fail (MF_IS_PROVIDER (self), NULL);
  return self->support_phone;
}

/**
 * mf_provider_get_support_hours:
 * @self: a provider
 * @language: a language code such as "ja"
 *
 * Returns: (transfer none) (nullable): when the support line answers, or
 *   %NULL
 *
 * Since: 0.1
 */
const gchar *
mf_provider_get_support_hours (MfProvider *self, const gchar *language)
{
  g_return_val_if_fail (MF_IS_PROVIDER (self), NULL);
  g_return_val_if_fail (language != NULL, NULL);
  return mf_local_text_pick (self->support_hours, language);
}

/**
 * mf_provider_get_password_help:
 * @self: a provider
 * @language: a language code such as "ja"
 *
 * How the user gets the password to type in: the ISP's own text from
 * `mf:branding` (`mf:passwordHelp`), else the app-password instructions.
 *
 * Returns: (transfer none) (nullable): the text, or %NULL when the file
 *   has neither
 *
 * Since: 0.1
 */
const gchar *
mf_provider_get_password_help (MfProvider *self, const gchar *language)
{
  const gchar *help;

  g_return_val_if_fail (MF_IS_PROVIDER (self), NULL);
  g_return_val_if_fail (language != NULL, NULL);
  help = mf_local_text_pick (self->password_help, language);
  return help != NULL ? help : mf_local_text_pick (self->instructions, language);
}
