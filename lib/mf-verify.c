/* mf-verify.c: logs in to the servers of a plan over TLS and says, in the
 * user's words, what stands in the way */
#include "config.h"

#include <string.h>

#include "mf-private.h"
#include "mf-verify-private.h"

#define DEFAULT_TIMEOUT_MS 15000

struct _MfVerifyResult {
  GObject parent_instance;
  MfServer *server;
  MfVerifyStatus status;
  gchar *message;
  gchar *server_reply;
  gchar *tls_version;
  gchar *cipher;
  GStrv capabilities;
  guint elapsed_ms;
};

G_DEFINE_FINAL_TYPE (MfVerifyResult, mf_verify_result, G_TYPE_OBJECT)

static void
mf_verify_result_finalize (GObject *object)
{
  MfVerifyResult *self = MF_VERIFY_RESULT (object);

  g_clear_object (&self->server);
  g_free (self->message);
  g_free (self->server_reply);
  g_free (self->tls_version);
  g_free (self->cipher);
  g_strfreev (self->capabilities);
  G_OBJECT_CLASS (mf_verify_result_parent_class)->finalize (object);
}

static void
mf_verify_result_class_init (MfVerifyResultClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mf_verify_result_finalize;
}

static void
mf_verify_result_init (MfVerifyResult *self)
{
}

/**
 * mf_verify_status_to_string:
 * @status: a verification status
 *
 * Returns: the stable name of @status for JSON output, e.g. "host-not-found"
 *
 * Since: 0.1
 */
const gchar *
mf_verify_status_to_string (MfVerifyStatus status)
{
  switch (status) {
  case MF_VERIFY_OK:                  return "ok";
  case MF_VERIFY_HOST_NOT_FOUND:      return "host-not-found";
  case MF_VERIFY_CONNECTION_REFUSED:  return "connection-refused";
  case MF_VERIFY_TIMEOUT:             return "timeout";
  case MF_VERIFY_CERT_UNTRUSTED:      return "cert-untrusted";
  case MF_VERIFY_CERT_EXPIRED:        return "cert-expired";
  case MF_VERIFY_CERT_WRONG_HOST:     return "cert-wrong-host";
  case MF_VERIFY_NO_STARTTLS:         return "no-starttls";
  case MF_VERIFY_TLS_FAILED:          return "tls-failed";
  case MF_VERIFY_TLS_LEGACY:          return "tls-legacy";
  case MF_VERIFY_AUTH_REJECTED:       return "auth-rejected";
  case MF_VERIFY_PROTOCOL_ERROR:      return "protocol-error";
  case MF_VERIFY_NETWORK_ERROR:       return "network-error";
  case MF_VERIFY_CANCELLED:           return "cancelled";
  default:                            return "unknown";
  }
}

/**
 * mf_verify_result_get_server:
 * @self: a result
 *
 * Returns: (transfer none): a copy of the server that was checked
 *
 * Since: 0.1
 */
MfServer *
mf_verify_result_get_server (MfVerifyResult *self)
{
  g_return_val_if_fail (MF_IS_VERIFY_RESULT (self), NULL);
  return self->server;
}

/**
 * mf_verify_result_get_status:
 * @self: a result
 *
 * Returns: how the verification ended
 *
 * Since: 0.1
 */
MfVerifyStatus
mf_verify_result_get_status (MfVerifyResult *self)
{
  g_return_val_if_fail (MF_IS_VERIFY_RESULT (self), MF_VERIFY_PROTOCOL_ERROR);
  return self->status;
}

/**
 * mf_verify_result_get_message:
 * @self: a result
 *
 * Returns: what happened and what the user can do, in the user's language
 *
 * Since: 0.1
 */
const gchar *
mf_verify_result_get_message (MfVerifyResult *self)
{
  g_return_val_if_fail (MF_IS_VERIFY_RESULT (self), NULL);
  return self->message;
}

/**
 * mf_verify_result_get_server_reply:
 * @self: a result
 *
 * Returns: (nullable): the server's own answer that explains a failure,
 *   e.g. "NO [AUTHENTICATIONFAILED] Authentication failed."
 *
 * Since: 0.1
 */
const gchar *
mf_verify_result_get_server_reply (MfVerifyResult *self)
{
  g_return_val_if_fail (MF_IS_VERIFY_RESULT (self), NULL);
  return self->server_reply;
}

/**
 * mf_verify_result_get_tls_version:
 * @self: a result
 *
 * Returns: (nullable): the TLS version the server spoke, e.g. "TLSv1.3";
 *   for %MF_VERIFY_TLS_LEGACY the outdated one it offered
 *
 * Since: 0.1
 */
const gchar *
mf_verify_result_get_tls_version (MfVerifyResult *self)
{
  g_return_val_if_fail (MF_IS_VERIFY_RESULT (self), NULL);
  return self->tls_version;
}

/**
 * mf_verify_result_get_cipher:
 * @self: a result
 *
 * Returns: (nullable): the cipher suite of the TLS connection
 *
 * Since: 0.1
 */
const gchar *
mf_verify_result_get_cipher (MfVerifyResult *self)
{
  g_return_val_if_fail (MF_IS_VERIFY_RESULT (self), NULL);
  return self->cipher;
}

/**
 * mf_verify_result_get_capabilities:
 * @self: a result
 *
 * The server's capabilities before login as it gave them inside TLS: the
 * IMAP CAPABILITY atoms ("IMAP4rev1", "AUTH=PLAIN"), the EHLO lines
 * ("AUTH PLAIN LOGIN", "SIZE 41943040") or the POP3 CAPA lines ("SASL PLAIN").
 *
 * Returns: (transfer none) (nullable): the capabilities, or %NULL if the
 *   verification stopped before they were read
 *
 * Since: 0.1
 */
GStrv
mf_verify_result_get_capabilities (MfVerifyResult *self)
{
  g_return_val_if_fail (MF_IS_VERIFY_RESULT (self), NULL);
  return self->capabilities;
}

/**
 * mf_verify_result_has_capability:
 * @self: a result
 * @capability: a capability such as "IMAP4rev1" or "AUTH=PLAIN", or a
 *   keyword and one parameter such as "AUTH PLAIN" or "SASL PLAIN"
 *
 * Compares without regard to ASCII case.
 *
 * Returns: %TRUE if the server listed it
 *
 * Since: 0.1
 */
gboolean
mf_verify_result_has_capability (MfVerifyResult *self, const gchar *capability)
{
  g_return_val_if_fail (MF_IS_VERIFY_RESULT (self), FALSE);
  g_return_val_if_fail (capability != NULL, FALSE);
  if (self->capabilities == NULL)
    return FALSE;
  return mf_verify_caps_have (self->capabilities, g_strv_length (self->capabilities), capability);
}

/**
 * mf_verify_result_get_elapsed_ms:
 * @self: a result
 *
 * Returns: how long the verification took, in milliseconds
 *
 * Since: 0.1
 */
guint
mf_verify_result_get_elapsed_ms (MfVerifyResult *self)
{
  g_return_val_if_fail (MF_IS_VERIFY_RESULT (self), 0);
  return self->elapsed_ms;
}

/* ---- failures ---- */

gboolean
mf_verify_run_fail (MfVerifyRun *run, MfVerifyStatus status, const gchar *server_reply, const gchar *detail)
{
  if (run->logged_in || run->status != MF_VERIFY_OK) {
    /* the login worked, or an earlier failure explains more: a late
     * failure (a server that closes after LOGOUT) does not change that */
    g_debug ("%s:%u: after the outcome: %s", run->host, (guint) run->port,
             detail != NULL ? detail : mf_verify_status_to_string (status));
    return FALSE;
  }
  run->status = status;
  run->server_reply = g_strdup (server_reply);
  run->detail = g_strdup (detail);
  return FALSE;
}

gboolean
mf_verify_run_fail_io (MfVerifyRun *run, const GError *error)
{
  MfVerifyStatus status = MF_VERIFY_NETWORK_ERROR;

  g_return_val_if_fail (error != NULL && error->domain == MF_TLS_ERROR, FALSE);
  switch ((MfTlsError) error->code) {
  case MF_TLS_ERROR_HOST_NOT_FOUND:   status = MF_VERIFY_HOST_NOT_FOUND; break;
  case MF_TLS_ERROR_REFUSED:          status = MF_VERIFY_CONNECTION_REFUSED; break;
  case MF_TLS_ERROR_TIMEOUT:          status = MF_VERIFY_TIMEOUT; break;
  case MF_TLS_ERROR_CANCELLED:        status = MF_VERIFY_CANCELLED; break;
  case MF_TLS_ERROR_NETWORK:          status = MF_VERIFY_NETWORK_ERROR; break;
  case MF_TLS_ERROR_CLOSED:           status = MF_VERIFY_PROTOCOL_ERROR; break;
  case MF_TLS_ERROR_CERT_UNTRUSTED:   status = MF_VERIFY_CERT_UNTRUSTED; break;
  case MF_TLS_ERROR_CERT_EXPIRED:     status = MF_VERIFY_CERT_EXPIRED; break;
  case MF_TLS_ERROR_CERT_WRONG_HOST:  status = MF_VERIFY_CERT_WRONG_HOST; break;
  case MF_TLS_ERROR_HANDSHAKE:        status = MF_VERIFY_TLS_FAILED; break;
  case MF_TLS_ERROR_NOT_TLS:          status = MF_VERIFY_TLS_FAILED; break;
  case MF_TLS_ERROR_LINE_TOO_LONG:    status = MF_VERIFY_PROTOCOL_ERROR; break;
  case MF_TLS_ERROR_SETUP:            status = MF_VERIFY_TLS_FAILED; break;
  default:                            break;
  }
  if (run->status == MF_VERIFY_OK && !run->logged_in) {
    run->not_tls = g_error_matches (error, MF_TLS_ERROR, MF_TLS_ERROR_NOT_TLS);
    if (run->conn != NULL) {
      run->cert_expiry = g_strdup (mf_tls_conn_get_cert_expiry (run->conn));
      run->cert_names = g_strdup (mf_tls_conn_get_cert_names (run->conn));
    }
  }
  return mf_verify_run_fail (run, status, NULL, error->message);
}

static void
run_clear (MfVerifyRun *run)
{
  g_clear_pointer (&run->conn, mf_tls_conn_free);
  g_clear_pointer (&run->detail, g_free);
  g_clear_pointer (&run->server_reply, g_free);
  g_clear_pointer (&run->caps, g_ptr_array_unref);
  g_clear_pointer (&run->tls_version, g_free);
  g_clear_pointer (&run->cipher, g_free);
  g_clear_pointer (&run->cert_expiry, g_free);
  g_clear_pointer (&run->cert_names, g_free);
  mf_verify_run_clear_secret (run);
}

/* ---- the user's message ---- */

static const gchar *
protocol_name (MfProtocol protocol)
{
  switch (protocol) {
  case MF_PROTOCOL_IMAP: return "IMAP";
  case MF_PROTOCOL_POP3: return "POP3";
  case MF_PROTOCOL_SMTP: return "SMTP";
  default:               return "?";
  }
}

static gchar *
timeout_message (MfVerifyRun *run, const gchar *where, guint timeout_ms)
{
  g_autofree gchar *secs = g_strdup_printf (_("%.1f seconds"), timeout_ms / 1000.0);

  switch (run->step) {
  case MF_VERIFY_STEP_CONNECT:
    return g_strdup_printf (_("%s did not accept the connection within %s: check the server name and the port, "
                              "and whether a firewall blocks the port"), where, secs);
  case MF_VERIFY_STEP_GREETING:
    if (run->security == MF_SECURITY_STARTTLS)
      return g_strdup_printf (_("%s accepted the connection but said nothing within %s: if this port expects "
                                "SSL/TLS from the start, set the security to SSL/TLS; otherwise check the port"),
                              where, secs);
    return g_strdup_printf (_("%s said nothing within %s after the TLS handshake: check the port"), where, secs);
  case MF_VERIFY_STEP_HANDSHAKE:
    return g_strdup_printf (_("%s did not complete the TLS handshake within %s: if this port expects "
                              "STARTTLS, set the security to STARTTLS; otherwise check the port"), where, secs);
  default:
    return g_strdup_printf (_("%s stopped answering for %s during the login: try again later, and ask "
                              "the provider if it persists"), where, secs);
  }
}

static gchar *
compose_message (MfVerifyRun *run, guint timeout_ms)
{
  g_autofree gchar *where = NULL;
  const gchar *detail = run->detail != NULL ? run->detail : "";
  guint16 tls_port = mf_protocol_default_port (run->protocol, MF_SECURITY_TLS);

  if (run->host == NULL || run->host[0] == '\0')
    where = g_strdup ("?");
  else if (strchr (run->host, ':') != NULL)
    where = g_strdup_printf ("[%s]:%u", run->host, (guint) run->port);
  else
    where = g_strdup_printf ("%s:%u", run->host, (guint) run->port);

  switch (run->status) {
  case MF_VERIFY_OK:
    return g_strdup_printf (_("logged in to %s as %s over %s (%s)"), where, run->username,
                            run->tls_version, run->cipher);
  case MF_VERIFY_HOST_NOT_FOUND:
    if (run->host == NULL || run->host[0] == '\0')
      return g_strdup (_("no server name is set: enter the one your provider gives"));
    return g_strdup_printf (_("the server name %s cannot be found (%s): check its spelling and that this "
                              "computer is online"), run->host, detail);
  case MF_VERIFY_CONNECTION_REFUSED:
    return g_strdup_printf (_("%s refused the connection: nothing accepts connections on port %u there; "
                              "check the port number (%s with SSL/TLS usually uses %u)"),
                            where, (guint) run->port, protocol_name (run->protocol), (guint) tls_port);
  case MF_VERIFY_TIMEOUT:
    return timeout_message (run, where, timeout_ms);
  case MF_VERIFY_CERT_UNTRUSTED:
    return g_strdup_printf (_("the certificate of %s is not trusted (%s): the server may not be the one it "
                              "claims to be, so mailfix sent no password; check the server name with your provider"),
                            where, detail);
  case MF_VERIFY_CERT_EXPIRED:
    if (run->cert_expiry != NULL)
      return g_strdup_printf (_("the certificate of %s expired on %s, so mailfix sent no password: if the "
                                "computer's date is right, tell your provider"), where, run->cert_expiry);
    return g_strdup_printf (_("the certificate of %s has expired, so mailfix sent no password: if the "
                              "computer's date is right, tell your provider"), where);
  case MF_VERIFY_CERT_WRONG_HOST:
    if (run->cert_names != NULL)
      return g_strdup_printf (_("the certificate of %s is made out for %s, not for %s, so mailfix sent no "
                                "password: use the server name your provider gives"),
                              where, run->cert_names, run->host);
    return g_strdup_printf (_("the certificate of %s is made out for another server name, so mailfix sent no "
                              "password: use the server name your provider gives"), where);
  case MF_VERIFY_NO_STARTTLS:
    if (run->security == MF_SECURITY_NONE)
      return g_strdup_printf (_("%s is set up without encryption, and mailfix never sends a password "
                                "unencrypted: use SSL/TLS on port %u"), where, (guint) tls_port);
    if (run->server_reply != NULL)
      return g_strdup_printf (_("%s refused STARTTLS (the server said: %s), so mailfix sent no password: "
                                "use SSL/TLS on port %u"), where, run->server_reply, (guint) tls_port);
    return g_strdup_printf (_("%s does not offer STARTTLS, so mailfix sent no password: use SSL/TLS on port %u"),
                            where, (guint) tls_port);
  case MF_VERIFY_TLS_FAILED:
    if (run->not_tls)
      return g_strdup_printf (_("%s answered in plain text instead of TLS (\"%s\"): this port expects STARTTLS; "
                                "set the security to STARTTLS, or use SSL/TLS on port %u"),
                              where, detail, (guint) tls_port);
    return g_strdup_printf (_("the TLS handshake with %s failed (%s): check the port and the security "
                              "setting (SSL/TLS or STARTTLS)"), where, detail);
  case MF_VERIFY_TLS_LEGACY:
    return g_strdup_printf (_("%s offers only outdated encryption (%s) that this computer no longer accepts, "
                              "so mailfix did not log in: ask your provider for its current server settings, "
                              "and do not lower the security of your mail program to reach this server"),
                            where, run->tls_version != NULL ? run->tls_version : "?");
  case MF_VERIFY_AUTH_REJECTED:
    if (run->username == NULL || run->username[0] == '\0')
      return g_strdup_printf (_("no user name is set for %s, so mailfix cannot log in: enter the one your "
                                "provider gives"), where);
    return g_strdup_printf (_("%s refused the login as %s (the server said: %s): check the user name and the "
                              "password; some providers, docomo among them, want an app password instead of "
                              "the account's own password"),
                            where, run->username, run->server_reply != NULL ? run->server_reply : detail);
  case MF_VERIFY_PROTOCOL_ERROR:
    if (run->server_reply != NULL)
      return g_strdup_printf (_("%s gave an answer mailfix did not expect (%s: \"%s\"): check that this is "
                                "the %s port of the server"),
                              where, detail, run->server_reply, protocol_name (run->protocol));
    return g_strdup_printf (_("%s gave an answer mailfix did not expect (%s): check that this is the %s port "
                              "of the server"), where, detail, protocol_name (run->protocol));
  case MF_VERIFY_NETWORK_ERROR:
    return g_strdup_printf (_("the connection to %s failed (%s): check that this computer is online, then "
                              "try again"), where, detail);
  case MF_VERIFY_CANCELLED:
  default:
    return g_strdup_printf (_("the check of %s was cancelled"), where);
  }
}

/* ---- one server ---- */

/* the TLS contexts of one call, made when first needed and shared by the
 * threads of mf_verify_servers(): the trust store is loaded once */
typedef struct {
  GMutex lock;
  const gchar *ca_file;
  MfTlsContext *contexts[2];
} VerifyShared;

static MfTlsContext *
shared_context (VerifyShared *shared, MfTlsLevel level, GError **error)
{
  MfTlsContext *context = NULL;

  g_mutex_lock (&shared->lock);
  if (shared->contexts[level] == NULL)
    shared->contexts[level] = mf_tls_context_new (shared->ca_file, level, error);
  if (shared->contexts[level] != NULL)
    context = mf_tls_context_ref (shared->contexts[level]);
  g_mutex_unlock (&shared->lock);
  return context;
}

static void
shared_clear (VerifyShared *shared)
{
  for (guint i = 0; i < G_N_ELEMENTS (shared->contexts); i++)
    g_clear_pointer (&shared->contexts[i], mf_tls_context_unref);
  g_mutex_clear (&shared->lock);
}

/* one connection: TCP, STARTTLS if asked, the handshake at @level and,
 * at the default level only, the login; a failed handshake is handed back
 * in @handshake_error instead of being recorded, so that the caller can
 * look for an outdated server */
static gboolean
attempt (MfVerifyRun *run, VerifyShared *shared, guint timeout_ms, MfTlsLevel level,
         GCancellable *cancellable, GError **handshake_error)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MfTlsContext) context = NULL;

  run->step = MF_VERIFY_STEP_CONNECT;
  run->conn = mf_tls_conn_open (run->host, run->port, timeout_ms, cancellable, &error);
  if (run->conn == NULL)
    return mf_verify_run_fail_io (run, error);
  if (run->security == MF_SECURITY_STARTTLS && !mf_verify_dialog_starttls (run))
    return FALSE;

  run->step = MF_VERIFY_STEP_HANDSHAKE;
  g_clear_pointer (&run->caps, g_ptr_array_unref);
  context = shared_context (shared, level, &error);
  if (context == NULL)
    return mf_verify_run_fail_io (run, error);
  if (!mf_tls_conn_handshake (run->conn, context, &error)) {
    if (g_error_matches (error, MF_TLS_ERROR, MF_TLS_ERROR_HANDSHAKE)) {
      g_propagate_error (handshake_error, g_steal_pointer (&error));
      return FALSE;
    }
    return mf_verify_run_fail_io (run, error);
  }
  run->tls_version = g_strdup (mf_tls_conn_get_version (run->conn));
  run->cipher = g_strdup (mf_tls_conn_get_cipher (run->conn));
  g_debug ("%s:%u: %s, %s", run->host, (guint) run->port, run->tls_version, run->cipher);
  if (level == MF_TLS_LEVEL_LEGACY)
    return TRUE;

  if (run->security == MF_SECURITY_TLS && !mf_verify_dialog_greeting (run))
    return FALSE;
  return mf_verify_dialog_login (run);
}

static void
verify_tls (MfVerifyRun *run, VerifyShared *shared, guint timeout_ms, GCancellable *cancellable)
{
  g_autoptr(GError) handshake_error = NULL;
  MfVerifyRun legacy = { 0 };

  if (attempt (run, shared, timeout_ms, MF_TLS_LEVEL_DEFAULT, cancellable, &handshake_error) ||
      handshake_error == NULL)
    return;

  /* the handshake failed at the default level: a second connection at
   * the lowest level only names what the server speaks; it never logs in */
  legacy.protocol = run->protocol;
  legacy.security = run->security;
  legacy.host = run->host;
  legacy.port = run->port;
  legacy.username = run->username;
  legacy.password = NULL;
  mf_verify_run_set_secret (&legacy, run->username, run->password);
  if (attempt (&legacy, shared, timeout_ms, MF_TLS_LEVEL_LEGACY, cancellable, NULL)) {
    run->status = MF_VERIFY_TLS_LEGACY;
    run->detail = g_strdup (handshake_error->message);
    run->tls_version = g_steal_pointer (&legacy.tls_version);
    run->cipher = g_steal_pointer (&legacy.cipher);
  } else if (legacy.status == MF_VERIFY_CERT_UNTRUSTED || legacy.status == MF_VERIFY_CERT_EXPIRED ||
             legacy.status == MF_VERIFY_CERT_WRONG_HOST) {
    /* it does speak outdated TLS, and its certificate fails besides: the
     * certificate is what stops any mail program */
    run->status = legacy.status;
    run->detail = g_steal_pointer (&legacy.detail);
    run->cert_expiry = g_steal_pointer (&legacy.cert_expiry);
    run->cert_names = g_steal_pointer (&legacy.cert_names);
  } else {
    run->step = MF_VERIFY_STEP_HANDSHAKE;
    mf_verify_run_fail_io (run, handshake_error);
  }
  run_clear (&legacy);
}

static MfVerifyResult *
verify_one (MfServer *server, const gchar *password, const MfVerifyOptions *options, VerifyShared *shared,
            GCancellable *cancellable)
{
  MfVerifyResult *result;
  MfVerifyRun run = { 0 };
  gint64 start = g_get_monotonic_time ();
  guint timeout_ms = options != NULL && options->timeout_ms > 0 ? options->timeout_ms : DEFAULT_TIMEOUT_MS;

  mf_i18n_init ();
  run.protocol = mf_server_get_protocol (server);
  run.security = mf_server_get_security (server);
  run.host = mf_server_get_host (server);
  run.port = mf_server_get_port (server);
  if (run.port == 0)
    run.port = mf_protocol_default_port (run.protocol, run.security);
  run.username = mf_server_get_username (server);
  run.password = password;
  mf_verify_run_set_secret (&run, run.username, password);

  if (run.host == NULL || run.host[0] == '\0')
    mf_verify_run_fail (&run, MF_VERIFY_HOST_NOT_FOUND, NULL, NULL);
  else if (run.protocol != MF_PROTOCOL_IMAP && run.protocol != MF_PROTOCOL_POP3 &&
           run.protocol != MF_PROTOCOL_SMTP)
    mf_verify_run_fail (&run, MF_VERIFY_PROTOCOL_ERROR, NULL, _("unknown protocol"));
  else if (run.security == MF_SECURITY_NONE)
    mf_verify_run_fail (&run, MF_VERIFY_NO_STARTTLS, NULL, NULL);
  else if (run.username == NULL || run.username[0] == '\0')
    mf_verify_run_fail (&run, MF_VERIFY_AUTH_REJECTED, NULL, NULL);
  else
    verify_tls (&run, shared, timeout_ms, cancellable);

  result = g_object_new (MF_TYPE_VERIFY_RESULT, NULL);
  result->server = mf_server_dup (server);
  result->status = run.status;
  result->message = compose_message (&run, timeout_ms);
  result->server_reply = g_steal_pointer (&run.server_reply);
  result->tls_version = g_steal_pointer (&run.tls_version);
  result->cipher = g_steal_pointer (&run.cipher);
  if (run.caps != NULL) {
    g_ptr_array_add (run.caps, NULL);
    result->capabilities = g_strdupv ((gchar **) run.caps->pdata);
  }
  run_clear (&run);
  result->elapsed_ms = (guint) ((g_get_monotonic_time () - start) / 1000);
  g_debug ("%s: %s in %u ms", result->message, mf_verify_status_to_string (result->status), result->elapsed_ms);
  return result;
}

/**
 * mf_verify_server:
 * @server: the server to check, with its user name
 * @password: the password to log in with; it is sent only inside a
 *   verified TLS connection, never logged, and the copies mailfix makes
 *   of it are wiped
 * @options: (nullable): the trust store and time limit
 * @cancellable: (nullable): stops the check
 *
 * Connects (implicit TLS when the server's security is %MF_SECURITY_TLS,
 * STARTTLS when it is %MF_SECURITY_STARTTLS), verifies the certificate
 * chain and the host name (an IP literal as an address), reads the
 * capabilities, logs in (IMAP LOGIN, or AUTHENTICATE PLAIN where LOGIN is
 * disabled; POP3 USER/PASS; SMTP AUTH PLAIN, else AUTH LOGIN) and logs out.
 * A server set up without encryption is refused before any connection.
 *
 * Returns: (transfer full): the result; never %NULL
 *
 * Since: 0.1
 */
MfVerifyResult *
mf_verify_server (MfServer *server, const gchar *password, const MfVerifyOptions *options,
                  GCancellable *cancellable)
{
  VerifyShared shared = { 0 };
  MfVerifyResult *result;

  g_return_val_if_fail (MF_IS_SERVER (server), NULL);
  g_return_val_if_fail (password != NULL, NULL);

  g_mutex_init (&shared.lock);
  shared.ca_file = options != NULL ? options->ca_file : NULL;
  result = verify_one (server, password, options, &shared, cancellable);
  shared_clear (&shared);
  return result;
}
/* ---- many servers ---- */

typedef struct {
  MfServer *server;
  const gchar *password;
  const MfVerifyOptions *options;
  VerifyShared *shared;
  GCancellable *cancellable;
  MfVerifyResult *result;
} VerifyJob;

static void
verify_job (gpointer data, gpointer user_data)
{
  VerifyJob *job = data;

  job->result = verify_one (job->server, job->password, job->options, job->shared, job->cancellable);
  mf_tls_thread_cleanup ();
}

/**
 * mf_verify_servers:
 * @servers: (element-type MfServer): the servers to check
 * @passwords: (array): one password for each server, in the same order
 * @options: (nullable): the trust store and time limit, for all of them
 * @cancellable: (nullable): stops every check
 *
 * Checks all servers at once, each in a thread of its own, so the whole
 * takes about as long as the slowest server, not the sum of them.
 *
 * Returns: (transfer container) (element-type MfVerifyResult): one result
 *   for each server, in the order of @servers
 *
 * Since: 0.1
 */
GPtrArray *
mf_verify_servers (GPtrArray *servers, const gchar * const *passwords, const MfVerifyOptions *options,
                   GCancellable *cancellable)
{
  g_autofree VerifyJob *jobs = NULL;
  VerifyShared shared = { 0 };
  GPtrArray *results;
  GThreadPool *pool;

  g_return_val_if_fail (servers != NULL, NULL);
  g_return_val_if_fail (servers->len == 0 || passwords != NULL, NULL);
  for (guint i = 0; i < servers->len; i++)
    g_return_val_if_fail (passwords[i] != NULL, NULL);

  results = g_ptr_array_new_with_free_func (g_object_unref);
  if (servers->len == 0)
    return results;
  jobs = g_new0 (VerifyJob, servers->len);
  for (guint i = 0; i < servers->len; i++) {
    jobs[i].server = g_ptr_array_index (servers, i);
    jobs[i].password = passwords[i];
    jobs[i].options = options;
    jobs[i].shared = &shared;
    jobs[i].cancellable = cancellable;
  }
  g_mutex_init (&shared.lock);
  shared.ca_file = options != NULL ? options->ca_file : NULL;
  /* an exclusive pool: its threads end with it, none lingers in the caller */
  pool = g_thread_pool_new (verify_job, NULL, (gint) MIN (servers->len, 64), TRUE, NULL);
  for (guint i = 0; i < servers->len; i++) {
    if (pool == NULL)
      verify_job (&jobs[i], NULL);
    else
      g_thread_pool_push (pool, &jobs[i], NULL);
  }
  if (pool != NULL)
    g_thread_pool_free (pool, FALSE, TRUE);
  shared_clear (&shared);
  for (guint i = 0; i < servers->len; i++)
    g_ptr_array_add (results, jobs[i].result);
  return results;
}
