/* mf-tls.h: one client connection to a mail server, plain or TLS, with a
 * time limit on every step; private, and free of OpenSSL types so that
 * only mf-tls-openssl.c knows which TLS library is used */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define MF_TLS_ERROR (mf_tls_error_quark ())

/**
 * MfTlsError:
 * @MF_TLS_ERROR_HOST_NOT_FOUND: the host name did not resolve
 * @MF_TLS_ERROR_REFUSED: the server refused the TCP connection
 * @MF_TLS_ERROR_TIMEOUT: a step took longer than the time limit
 * @MF_TLS_ERROR_CANCELLED: the caller cancelled
 * @MF_TLS_ERROR_NETWORK: another network failure (unreachable, reset)
 * @MF_TLS_ERROR_CLOSED: the server closed the connection
 * @MF_TLS_ERROR_CERT_UNTRUSTED: the certificate chain does not lead to a trusted authority
 * @MF_TLS_ERROR_CERT_EXPIRED: a certificate of the chain has expired
 * @MF_TLS_ERROR_CERT_WRONG_HOST: the certificate is made out for another host
 * @MF_TLS_ERROR_HANDSHAKE: the TLS handshake failed for another reason
 * @MF_TLS_ERROR_NOT_TLS: the server answered the handshake in clear text
 * @MF_TLS_ERROR_LINE_TOO_LONG: a reply line was longer than any real server sends
 * @MF_TLS_ERROR_SETUP: the local TLS setup failed (unreadable CA file)
 */
typedef enum {
  MF_TLS_ERROR_HOST_NOT_FOUND,
  MF_TLS_ERROR_REFUSED,
  MF_TLS_ERROR_TIMEOUT,
  MF_TLS_ERROR_CANCELLED,
  MF_TLS_ERROR_NETWORK,
  MF_TLS_ERROR_CLOSED,
  MF_TLS_ERROR_CERT_UNTRUSTED,
  MF_TLS_ERROR_CERT_EXPIRED,
  MF_TLS_ERROR_CERT_WRONG_HOST,
  MF_TLS_ERROR_HANDSHAKE,
  MF_TLS_ERROR_NOT_TLS,
  MF_TLS_ERROR_LINE_TOO_LONG,
  MF_TLS_ERROR_SETUP,
} MfTlsError;

/**
 * MfTlsLevel:
 * @MF_TLS_LEVEL_DEFAULT: TLS 1.2 or newer at the library's default security level
 * @MF_TLS_LEVEL_LEGACY: also TLS 1.0/1.1 and weak keys (OpenSSL security
 *   level 0); only to name what an outdated server speaks, never to log in
 */
typedef enum {
  MF_TLS_LEVEL_DEFAULT,
  MF_TLS_LEVEL_LEGACY,
} MfTlsLevel;

/* the longest reply line accepted; Dovecot's longest pre-login line is
 * far below it */
#define MF_TLS_MAX_LINE (64 * 1024)

typedef struct _MfTlsConn MfTlsConn;

/* what every handshake at one level shares: the trust store (ca_file, or
 * the system's when NULL), loaded once; the system's takes some 20 ms of
 * CPU to load, too much to repeat for each of many servers. Thread-safe */
typedef struct _MfTlsContext MfTlsContext;

GQuark        mf_tls_error_quark  (void);

MfTlsContext *mf_tls_context_new   (const gchar *ca_file,
                                    MfTlsLevel level,
                                    GError **error);
MfTlsContext *mf_tls_context_ref   (MfTlsContext *context);
void          mf_tls_context_unref (MfTlsContext *context);

/* resolves host, connects to the first address that answers; every later
 * step gets timeout_ms of its own */
MfTlsConn   *mf_tls_conn_open          (const gchar *host,
                                        guint16 port,
                                        guint timeout_ms,
                                        GCancellable *cancellable,
                                        GError **error);
void         mf_tls_conn_free          (MfTlsConn *conn);

/* starts TLS on the connection and verifies the chain against the
 * context's trust store and the host name (an IP literal is checked as an
 * address); anything still unread in clear text is dropped first, so
 * nothing a server sent before TLS is taken as sent inside it */
gboolean     mf_tls_conn_handshake     (MfTlsConn *conn,
                                        MfTlsContext *context,
                                        GError **error);

gboolean     mf_tls_conn_write         (MfTlsConn *conn,
                                        const gchar *data,
                                        gsize len,
                                        GError **error);
/* one line without its CRLF (or bare LF); NULL with an error otherwise */
gchar       *mf_tls_conn_read_line     (MfTlsConn *conn,
                                        GError **error);

gboolean     mf_tls_conn_is_tls        (MfTlsConn *conn);
/* "TLSv1.3" and "TLS_AES_256_GCM_SHA384" once the handshake is done */
const gchar *mf_tls_conn_get_version   (MfTlsConn *conn);
const gchar *mf_tls_conn_get_cipher    (MfTlsConn *conn);
/* the local address as an SMTP address literal: "[127.0.0.1]", "[IPv6:::1]" */
gchar       *mf_tls_conn_get_local_literal (MfTlsConn *conn);

/* what a failed verification found, for the user's message: the date the
 * expired certificate ran out ("2021-01-01"), and the names the server's
 * certificate is made out for ("wrong.example.net"); NULL if not known */
const gchar *mf_tls_conn_get_cert_expiry (MfTlsConn *conn);
const gchar *mf_tls_conn_get_cert_names  (MfTlsConn *conn);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MfTlsConn, mf_tls_conn_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MfTlsContext, mf_tls_context_unref)

/* frees what the TLS library keeps for the calling thread; call it last in
 * every worker thread, which may outlive the work it was started for */
void mf_tls_thread_cleanup (void);

G_END_DECLS
