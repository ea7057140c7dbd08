/* mf-enums.h: the small vocabularies of the account model */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * MfProtocol:
 *
 * What a server speaks.
 *
 * Since: 0.1
 */
typedef enum {
  MF_PROTOCOL_UNKNOWN,
  MF_PROTOCOL_POP3,
  MF_PROTOCOL_IMAP,
  MF_PROTOCOL_SMTP,
} MfProtocol;

/**
 * MfSecurity:
 * @MF_SECURITY_NONE: plaintext (including opportunistic STARTTLS that may be skipped)
 * @MF_SECURITY_STARTTLS: STARTTLS is required on the plain port
 * @MF_SECURITY_TLS: implicit TLS on a dedicated port (993, 995, 465)
 *
 * Since: 0.1
 */
typedef enum {
  MF_SECURITY_NONE,
  MF_SECURITY_STARTTLS,
  MF_SECURITY_TLS,
} MfSecurity;

/**
 * MfAuth:
 * @MF_AUTH_UNKNOWN: not known
 * @MF_AUTH_NONE: no authentication: for outgoing mail this is POP-before-SMTP
 *   or a relay that admits by IP address
 * @MF_AUTH_PASSWORD: a password sent inside the protocol (LOGIN, USER/PASS, AUTH PLAIN/LOGIN)
 * @MF_AUTH_PASSWORD_ENCRYPTED: a challenge-response mechanism (CRAM-MD5 and kin)
 * @MF_AUTH_OAUTH2: OAuth2 tokens
 * @MF_AUTH_GSSAPI: Kerberos
 * @MF_AUTH_NTLM: NTLM
 * @MF_AUTH_EXTERNAL: a TLS client certificate
 * @MF_AUTH_ANY: whatever the server offers
 *
 * Since: 0.1
 */
typedef enum {
  MF_AUTH_UNKNOWN,
  MF_AUTH_NONE,
  MF_AUTH_PASSWORD,
  MF_AUTH_PASSWORD_ENCRYPTED,
  MF_AUTH_OAUTH2,
  MF_AUTH_GSSAPI,
  MF_AUTH_NTLM,
  MF_AUTH_EXTERNAL,
  MF_AUTH_ANY,
} MfAuth;

/**
 * MfSeverity:
 *
 * How much a finding matters to the user.
 *
 * Since: 0.1
 */
typedef enum {
  MF_SEVERITY_INFO,
  MF_SEVERITY_WARNING,
  MF_SEVERITY_ERROR,
} MfSeverity;

const gchar *mf_protocol_to_string (MfProtocol protocol);
MfProtocol   mf_protocol_from_string (const gchar *str);
const gchar *mf_security_to_string (MfSecurity security);
MfSecurity   mf_security_from_string (const gchar *str, gboolean *ok);
const gchar *mf_auth_to_string     (MfAuth auth);
MfAuth       mf_auth_from_string   (const gchar *str);
const gchar *mf_severity_to_string (MfSeverity severity);

guint16      mf_protocol_default_port (MfProtocol protocol, MfSecurity security);

G_END_DECLS
