/* mf-enums.c: names of the model's vocabularies, as used in JSON and plans */
#include "config.h"

#include "mf-enums.h"

const gchar *
mf_protocol_to_string (MfProtocol protocol)
{
  switch (protocol) {
  case MF_PROTOCOL_POP3: return "pop3";
  case MF_PROTOCOL_IMAP: return "imap";
  case MF_PROTOCOL_SMTP: return "smtp";
  default:               return "unknown";
  }
}

MfProtocol
mf_protocol_from_string (const gchar *str)
{
  if (g_strcmp0 (str, "pop3") == 0)
    return MF_PROTOCOL_POP3;
  if (g_strcmp0 (str, "imap") == 0)
    return MF_PROTOCOL_IMAP;
  if (g_strcmp0 (str, "smtp") == 0)
    return MF_PROTOCOL_SMTP;
  return MF_PROTOCOL_UNKNOWN;
}

const gchar *
mf_security_to_string (MfSecurity security)
{
  switch (security) {
  case MF_SECURITY_STARTTLS: return "starttls";
  case MF_SECURITY_TLS:      return "tls";
  default:                   return "none";
  }
}

/* accepts our own names and the clientConfig spellings (SSL, STARTTLS, plain) */
MfSecurity
mf_security_from_string (const gchar *str, gboolean *ok)
{
  gboolean found = TRUE;
  MfSecurity security = MF_SECURITY_NONE;

  if (g_ascii_strcasecmp (str, "tls") == 0 || g_ascii_strcasecmp (str, "ssl") == 0)
    security = MF_SECURITY_TLS;
  else if (g_ascii_strcasecmp (str, "starttls") == 0)
    security = MF_SECURITY_STARTTLS;
  else if (g_ascii_strcasecmp (str, "none") == 0 || g_ascii_strcasecmp (str, "plain") == 0)
    security = MF_SECURITY_NONE;
  else
    found = FALSE;
  if (ok != NULL)
    *ok = found;
  return security;
}

const gchar *
mf_auth_to_string (MfAuth auth)
{
  switch (auth) {
  case MF_AUTH_NONE:               return "none";
  case MF_AUTH_PASSWORD:           return "password";
  case MF_AUTH_PASSWORD_ENCRYPTED: return "password-encrypted";
  case MF_AUTH_OAUTH2:             return "oauth2";
  case MF_AUTH_GSSAPI:             return "gssapi";
  case MF_AUTH_NTLM:               return "ntlm";
  case MF_AUTH_EXTERNAL:           return "external";
  case MF_AUTH_ANY:                return "any";
  default:                         return "unknown";
  }
}

MfAuth
mf_auth_from_string (const gchar *str)
{
  static const struct {
    const gchar *name;
    MfAuth auth;
  } map[] = {
    { "none", MF_AUTH_NONE },
    { "password", MF_AUTH_PASSWORD },
    { "password-encrypted", MF_AUTH_PASSWORD_ENCRYPTED },
    { "oauth2", MF_AUTH_OAUTH2 },
    { "gssapi", MF_AUTH_GSSAPI },
    { "ntlm", MF_AUTH_NTLM },
    { "external", MF_AUTH_EXTERNAL },
    { "any", MF_AUTH_ANY },
  };
  if (str == NULL)
    return MF_AUTH_UNKNOWN;
  for (gsize i = 0; i < G_N_ELEMENTS (map); i++) {
    if (g_ascii_strcasecmp (str, map[i].name) == 0)
      return map[i].auth;
  }
  return MF_AUTH_UNKNOWN;
}

const gchar *
mf_severity_to_string (MfSeverity severity)
{
  switch (severity) {
  case MF_SEVERITY_ERROR:   return "error";
  case MF_SEVERITY_WARNING: return "warning";
  default:                  return "info";
  }
}

/**
 * mf_protocol_default_port:
 * @protocol: a protocol
 * @security: how the connection is secured
 *
 * Returns: the well-known port (RFC 8314 for implicit TLS, RFC 6409 for
 *   submission), or 0 if there is none
 *
 * Since: 0.1
 */
guint16
mf_protocol_default_port (MfProtocol protocol, MfSecurity security)
{
  switch (protocol) {
  case MF_PROTOCOL_IMAP:
    return security == MF_SECURITY_TLS ? 993 : 143;
  case MF_PROTOCOL_POP3:
    return security == MF_SECURITY_TLS ? 995 : 110;
  case MF_PROTOCOL_SMTP:
    return security == MF_SECURITY_TLS ? 465 : 587;
  default:
    return 0;
  }
}
