/* mf-export.c: a provider's correct settings written for other mail
 * programs. This file checks what the caller gives, works out the one
 * account the single-account formats set up, and hands over to the file of
 * each format. */
#include "config.h"

#include <string.h>

#include "mf-atomic-file.h"
#include "mf-error.h"
#include "mf-export-private.h"
#include "mf-private.h"
#include "mf-provider-private.h"

static const struct {
  const gchar *name;
  const gchar *extension;
} formats[] = {
  [MF_EXPORT_AUTOCONFIG] = { "autoconfig", "xml" },
  [MF_EXPORT_MOBILECONFIG] = { "mobileconfig", "mobileconfig" },
  [MF_EXPORT_PRF] = { "prf", "prf" },
  [MF_EXPORT_REG] = { "reg", "reg" },
};

static gboolean
format_is_valid (MfExportFormat format)
{
  return (guint) format < G_N_ELEMENTS (formats);
}

/**
 * mf_export_format_from_string:
 * @name: "autoconfig", "mobileconfig", "prf" or "reg" (ASCII case does
 *   not matter)
 * @format: (out): where the format goes
 *
 * Returns: %TRUE if @name names a format; %FALSE, leaving @format alone,
 *   if it does not
 *
 * Since: 0.1
 */
gboolean
mf_export_format_from_string (const gchar *name, MfExportFormat *format)
{
  g_return_val_if_fail (format != NULL, FALSE);

  for (gsize i = 0; name != NULL && i < G_N_ELEMENTS (formats); i++) {
    if (g_ascii_strcasecmp (name, formats[i].name) == 0) {
      *format = (MfExportFormat) i;
      return TRUE;
    }
  }
  return FALSE;
}

/**
 * mf_export_format_get_extension:
 * @format: an #MfExportFormat
 *
 * Returns: (transfer none): the file name extension, without the dot, that
 *   the receiving program expects: "xml", "mobileconfig", "prf" or "reg"
 *
 * Since: 0.1
 */
const gchar *
mf_export_format_get_extension (MfExportFormat format)
{
  g_return_val_if_fail (format_is_valid (format), NULL);
  return formats[format].extension;
}

/* Text that goes into a line-based file (a PRF, a .reg) and into XML:
 * a line break would start a new entry there, and XML 1.0 cannot hold
 * most control characters at all. */
static gboolean
is_clean_text (const gchar *text)
{
  if (text[0] == '\0' || !g_utf8_validate (text, -1, NULL))
    return FALSE;
  for (const gchar *p = text; *p != '\0'; p = g_utf8_next_char (p)) {
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      return FALSE;
  }
  return TRUE;
}

static gboolean
check_address (const gchar *address, GError **error)
{
  if (!is_clean_text (address) || strpbrk (address, " \t") != NULL || mf_provider_address_domain (address) == NULL) {
    g_set_error (error, MF_ERROR, MF_ERROR_INVALID_ARGUMENT, _("\"%s\" is not an e-mail address"), address);
    return FALSE;
  }
  return TRUE;
}

static gboolean
check_login (const gchar *login, GError **error)
{
  if (!is_clean_text (login)) {
    g_set_error_literal (error, MF_ERROR, MF_ERROR_INVALID_ARGUMENT,
                         _("the login is empty or holds a line break or another control character"));
    return FALSE;
  }
  return TRUE;
}

gchar *
mf_export_server_username (const MfProviderServer *server, const gchar *address, const gchar *login)
{
  const gchar *template = mf_provider_server_get_username_template (server);

  if (mf_provider_server_get_auth (server) == MF_AUTH_NONE)
    return NULL;
  if (login != NULL)
    return g_strdup (login);
  if (template == NULL)
    return NULL;
  if (address == NULL)
    return g_strdup (template);
  return mf_provider_server_expand_username (server, address);
}

gchar *
mf_export_server_hostname (MfProvider *provider, const MfProviderServer *server, const gchar *address,
                           GError **error)
{
  const gchar *template = mf_provider_server_get_hostname (server);
  gchar *host;

  if (address == NULL)
    return g_strdup (template);
  host = mf_provider_server_expand_hostname (server, address);
  if (host == NULL)
    g_set_error (error, MF_ERROR, MF_ERROR_INVALID_ARGUMENT,
                 _("%s: the server name %s cannot be formed from the address %s"),
                 mf_provider_get_id (provider), template, address);
  return host;
}

GBytes *
mf_export_xml_to_bytes (xmlDoc *doc, GError **error)
{
  xmlChar *text = NULL;
  gint len = 0;
  GBytes *bytes;

  xmlDocDumpFormatMemoryEnc (doc, &text, &len, "UTF-8", 1);
  if (text == NULL || len <= 0) {
    xmlFree (text);
    g_set_error_literal (error, MF_ERROR, MF_ERROR_FAILED, _("the XML document could not be written out"));
    return NULL;
  }
  bytes = g_bytes_new (text, (gsize) len);
  xmlFree (text);
  return bytes;
}

static void
export_account_clear (MfExportAccount *account)
{
  g_clear_object (&account->incoming);
  g_clear_object (&account->outgoing);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (MfExportAccount, export_account_clear)

static MfServer *
server_for (MfProvider *provider, const MfProviderServer *from, const gchar *address, const gchar *login,
            GError **error)
{
  g_autofree gchar *host = mf_export_server_hostname (provider, from, address, error);
  g_autofree gchar *username = NULL;
  MfServer *server;

  if (host == NULL)
    return NULL;
  username = mf_export_server_username (from, address, login);
  server = mf_server_new (mf_provider_server_get_protocol (from));
  mf_server_set_host (server, host);
  mf_server_set_port (server, mf_provider_server_get_port (from));
  mf_server_set_security (server, mf_provider_server_get_security (from));
  mf_server_set_auth (server, mf_provider_server_get_auth (from));
  mf_server_set_username (server, username);
  return server;
}

static void
set_login_error (MfProvider *provider, const gchar *address, GError **error)
{
  const gchar *label = mf_provider_get_login_label (provider);

  if (label != NULL)
    g_set_error (error, MF_ERROR, MF_ERROR_INVALID_ARGUMENT,
                 _("%s: the login is your %s, which cannot be derived from %s; give it with --login"),
                 mf_provider_get_id (provider), label, address);
  else
    g_set_error (error, MF_ERROR, MF_ERROR_INVALID_ARGUMENT,
                 _("%s: the login cannot be derived from %s; give it with --login"),
                 mf_provider_get_id (provider), address);
}

static gboolean
account_init (MfExportAccount *account, MfProvider *provider, MfExportFormat format, const gchar *address,
              const gchar *login, GError **error)
{
  const MfProviderServer *incoming = mf_provider_find_incoming (provider, MF_PROTOCOL_IMAP);
  const MfProviderServer *outgoing = mf_provider_get_submission (provider);

  if (incoming == NULL)
    incoming = mf_provider_find_incoming (provider, MF_PROTOCOL_POP3);
  /* the loader refuses a provider without both */
  g_return_val_if_fail (incoming != NULL && outgoing != NULL, FALSE);

  account->provider = provider;
  account->address = address;
  account->incoming = server_for (provider, incoming, address, login, error);
  if (account->incoming == NULL)
    return FALSE;
  account->outgoing = server_for (provider, outgoing, address, login, error);
  if (account->outgoing == NULL)
    return FALSE;
  /* A device asks for a login that is missing, but Outlook and Outlook
   * Express take the account as it is and fail to sign in */
  if ((format == MF_EXPORT_PRF || format == MF_EXPORT_REG) &&
      mf_server_get_auth (account->incoming) != MF_AUTH_NONE && mf_server_get_username (account->incoming) == NULL) {
    set_login_error (provider, address, error);
    return FALSE;
  }
  return TRUE;
}

/**
 * mf_provider_export:
 * @provider: a provider
 * @format: the kind of file to make
 * @address: (nullable): the user's e-mail address, to fill in the host
 *   and login templates
 * @login: (nullable): the login name; it replaces the one the provider
 *   forms from the address, and is needed where the provider issues its
 *   own ids (docomo's d ACCOUNT ID)
 * @error: return location for a #GError
 *
 * Writes the provider's correct settings as a file that another mail
 * program imports: its first IMAP server (else its first POP3 server) and
 * its submission server, with the security the provider file lists first.
 * No file holds a password.
 *
 * %MF_EXPORT_AUTOCONFIG describes the whole provider: every incoming and
 * outgoing server, its literal mail domains and its documentation pages,
 * without the mailfix extension. Without @address its templates stay for
 * the reading program to fill in; a login the provider issues stays a
 * placeholder unless @login is given.
 *
 * The other formats set up one account and need @address. Without @login
 * where the provider issues the login, %MF_EXPORT_MOBILECONFIG leaves the
 * login out (the device asks for it), while %MF_EXPORT_PRF and
 * %MF_EXPORT_REG fail with %MF_ERROR_INVALID_ARGUMENT, naming the id to
 * give (mf_provider_get_login_label()). The messages of these errors name
 * the `--address` and `--login` options of `mailfix export`.
 *
 * Returns: (transfer full): the file's bytes, or %NULL with @error set
 *
 * Since: 0.1
 */
GBytes *
mf_provider_export (MfProvider *provider, MfExportFormat format, const gchar *address, const gchar *login,
                    GError **error)
{
  g_auto(MfExportAccount) account = { NULL, };

  g_return_val_if_fail (MF_IS_PROVIDER (provider), NULL);
  g_return_val_if_fail (format_is_valid (format), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  mf_i18n_init ();
  if (address != NULL && !check_address (address, error))
    return NULL;
  if (login != NULL && !check_login (login, error))
    return NULL;
  if (format == MF_EXPORT_AUTOCONFIG)
    return mf_export_autoconfig (provider, address, login, error);
  if (address == NULL) {
    g_set_error (error, MF_ERROR, MF_ERROR_INVALID_ARGUMENT,
                 _("a %s file sets up the account of one e-mail address; give it with --address"),
                 formats[format].name);
    return NULL;
  }
  if (!account_init (&account, provider, format, address, login, error))
    return NULL;
  switch (format) {
  case MF_EXPORT_MOBILECONFIG:
    return mf_export_mobileconfig (&account, error);
  case MF_EXPORT_PRF:
    return mf_export_prf (&account, error);
  case MF_EXPORT_REG:
    return mf_export_reg (&account, error);
  case MF_EXPORT_AUTOCONFIG:
  default:
    g_return_val_if_reached (NULL);
  }
}

/**
 * mf_provider_export_to_file:
 * @provider: a provider
 * @format: the kind of file to make
 * @address: (nullable): the user's e-mail address
 * @login: (nullable): the login name
 * @path: (type filename): the file to write
 * @error: return location for a #GError
 *
 * As mf_provider_export(), written to @path: through a temporary file
 * beside it, so @path holds either its old content or the whole new file.
 * An existing file keeps its mode; a new one is readable by everyone,
 * since it holds no password and is made to be handed out.
 *
 * Returns: %TRUE if the file was written
 *
 * Since: 0.1
 */
gboolean
mf_provider_export_to_file (MfProvider *provider, MfExportFormat format, const gchar *address, const gchar *login,
                            const gchar *path, GError **error)
{
  g_autoptr(GBytes) bytes = NULL;
  gconstpointer data;
  gsize len = 0;

  g_return_val_if_fail (path != NULL, FALSE);

  bytes = mf_provider_export (provider, format, address, login, error);
  if (bytes == NULL)
    return FALSE;
  data = g_bytes_get_data (bytes, &len);
  return mf_atomic_file_replace (path, data, len, 0644, error);
}
