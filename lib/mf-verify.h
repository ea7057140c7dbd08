/* mf-verify.h: logging in to a mail server over TLS, to prove a setting works */
#pragma once

#include <gio/gio.h>

#include "mf-server.h"

G_BEGIN_DECLS

/**
 * MfVerifyStatus:
 * @MF_VERIFY_OK: the login worked
 * @MF_VERIFY_HOST_NOT_FOUND: the server name does not resolve
 * @MF_VERIFY_CONNECTION_REFUSED: nothing listens on that port
 * @MF_VERIFY_TIMEOUT: the server did not answer in time
 * @MF_VERIFY_CERT_UNTRUSTED: the certificate does not lead to a trusted authority
 * @MF_VERIFY_CERT_EXPIRED: the certificate has expired
 * @MF_VERIFY_CERT_WRONG_HOST: the certificate is made out for another server name
 * @MF_VERIFY_NO_STARTTLS: the server does not offer STARTTLS (or the setting
 *   has no encryption at all), so mailfix sent no password
 * @MF_VERIFY_TLS_FAILED: the TLS handshake failed
 * @MF_VERIFY_TLS_LEGACY: the handshake works only with outdated TLS, which
 *   mailfix names but never logs in over
 * @MF_VERIFY_AUTH_REJECTED: the server refused the user name or password
 * @MF_VERIFY_PROTOCOL_ERROR: the server's answers did not make sense for the protocol
 * @MF_VERIFY_NETWORK_ERROR: the network failed in another way (unreachable, reset)
 * @MF_VERIFY_CANCELLED: the caller cancelled
 *
 * Since: 0.1
 */
typedef enum {
  MF_VERIFY_OK,
  MF_VERIFY_HOST_NOT_FOUND,
  MF_VERIFY_CONNECTION_REFUSED,
  MF_VERIFY_TIMEOUT,
  MF_VERIFY_CERT_UNTRUSTED,
  MF_VERIFY_CERT_EXPIRED,
  MF_VERIFY_CERT_WRONG_HOST,
  MF_VERIFY_NO_STARTTLS,
  MF_VERIFY_TLS_FAILED,
  MF_VERIFY_TLS_LEGACY,
  MF_VERIFY_AUTH_REJECTED,
  MF_VERIFY_PROTOCOL_ERROR,
  MF_VERIFY_NETWORK_ERROR,
  MF_VERIFY_CANCELLED,
} MfVerifyStatus;

/**
 * MfVerifyOptions:
 * @ca_file: (nullable): a PEM file of the certificate authorities to trust
 *   instead of the system's trust store
 * @timeout_ms: the time limit of each step (connecting, the TLS handshake,
 *   each reply); 0 means 15000
 *
 * Since: 0.1
 */
typedef struct {
  const gchar *ca_file;
  guint timeout_ms;
} MfVerifyOptions;

#define MF_TYPE_VERIFY_RESULT (mf_verify_result_get_type ())
G_DECLARE_FINAL_TYPE (MfVerifyResult, mf_verify_result, MF, VERIFY_RESULT, GObject)

const gchar    *mf_verify_status_to_string         (MfVerifyStatus status);

MfServer       *mf_verify_result_get_server        (MfVerifyResult *self);
MfVerifyStatus  mf_verify_result_get_status        (MfVerifyResult *self);
const gchar    *mf_verify_result_get_message       (MfVerifyResult *self);
const gchar    *mf_verify_result_get_server_reply  (MfVerifyResult *self);
const gchar    *mf_verify_result_get_tls_version   (MfVerifyResult *self);
const gchar    *mf_verify_result_get_cipher        (MfVerifyResult *self);
GStrv           mf_verify_result_get_capabilities  (MfVerifyResult *self);
gboolean        mf_verify_result_has_capability    (MfVerifyResult *self,
                                                    const gchar *capability);
guint           mf_verify_result_get_elapsed_ms    (MfVerifyResult *self);

MfVerifyResult *mf_verify_server  (MfServer *server,
                                   const gchar *password,
                                   const MfVerifyOptions *options,
                                   GCancellable *cancellable) G_GNUC_WARN_UNUSED_RESULT;
GPtrArray      *mf_verify_servers (GPtrArray *servers,
                                   const gchar * const *passwords,
                                   const MfVerifyOptions *options,
                                   GCancellable *cancellable) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
