/* mf-tls-openssl.c: mf-tls.h on OpenSSL; the only file that includes it */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "mf-private.h"
#include "mf-tls.h"

/* how much of what a server sent during a failed handshake is kept to
 * show that it answered in clear text */
#define FIRST_BYTES_MAX 200

struct _MfTlsConn {
  gint fd;
  gchar *host;
  guint timeout_ms;
  GCancellable *cancellable;
  GPollFD cancel_pfd;
  gboolean have_cancel_fd;
  GByteArray *in;
  SSL *ssl;
  gboolean tls_up;
  /* what the socket BIO saw: the errno of a failed send/recv, an orderly
   * close, and the first bytes received during the handshake */
  gint io_errno;
  gboolean eof;
  GByteArray *first_bytes;
  /* the first error the chain verification met */
  glong verify_error;
  gchar *cert_expiry;
  gchar *cert_names;
};

G_DEFINE_QUARK (mf-tls-error-quark, mf_tls_error)

/* EAGAIN and EWOULDBLOCK are one value on Linux, not everywhere */
static gboolean
would_block (gint errsv)
{
  switch (errsv) {
  case EAGAIN:
#if EWOULDBLOCK != EAGAIN
  case EWOULDBLOCK:
#endif
  case EINTR:
    return TRUE;
  default:
    return FALSE;
  }
}

static gint64
deadline_after (MfTlsConn *conn)
{
  return g_get_monotonic_time () + (gint64) conn->timeout_ms * 1000;
}

/* waits until the socket is ready for events, the deadline passes or the
 * caller cancels */
static gboolean
wait_io (MfTlsConn *conn, gushort events, gint64 deadline, GError **error)
{
  for (;;) {
    GPollFD fds[2] = { { conn->fd, events, 0 }, { 0, 0, 0 } };
    guint nfds = 1;
    gint64 now = g_get_monotonic_time ();
    gint r;

    if (g_cancellable_is_cancelled (conn->cancellable)) {
      g_set_error_literal (error, MF_TLS_ERROR, MF_TLS_ERROR_CANCELLED, _("cancelled"));
      return FALSE;
    }
    if (now >= deadline) {
      g_set_error (error, MF_TLS_ERROR, MF_TLS_ERROR_TIMEOUT,
                   _("no answer within %u ms"), conn->timeout_ms);
      return FALSE;
    }
    if (conn->have_cancel_fd) {
      fds[1] = conn->cancel_pfd;
      fds[1].revents = 0;
      nfds = 2;
    }
    r = g_poll (fds, nfds, (gint) ((deadline - now + 999) / 1000));
    if (r < 0 && errno != EINTR) {
      gint errsv = errno;
      g_set_error (error, MF_TLS_ERROR, MF_TLS_ERROR_NETWORK, "poll: %s", g_strerror (errsv));
      return FALSE;
    }
    if (r > 0 && fds[0].revents != 0 && !g_cancellable_is_cancelled (conn->cancellable))
      return TRUE;
  }
}

static gboolean
fail_errno (GError **error, gint errsv)
{
  MfTlsError code = MF_TLS_ERROR_NETWORK;

  if (errsv == ECONNREFUSED)
    code = MF_TLS_ERROR_REFUSED;
  else if (errsv == ETIMEDOUT)
    code = MF_TLS_ERROR_TIMEOUT;
  else if (errsv == EPIPE || errsv == ECONNRESET)
    code = MF_TLS_ERROR_CLOSED;
  g_set_error_literal (error, MF_TLS_ERROR, code, g_strerror (errsv));
  return FALSE;
}

static gboolean
connect_one (MfTlsConn *conn, const struct addrinfo *ai, GError **error)
{
  gint64 deadline = deadline_after (conn);
  gint soerr = 0;
  socklen_t len = sizeof soerr;
  gint fd;

  fd = socket (ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
  if (fd < 0)
    return fail_errno (error, errno);
  conn->fd = fd;
  if (connect (fd, ai->ai_addr, ai->ai_addrlen) == 0)
    return TRUE;
  if (errno != EINPROGRESS && errno != EINTR)
    return fail_errno (error, errno);
  if (!wait_io (conn, G_IO_OUT, deadline, error))
    return FALSE;
  if (getsockopt (fd, SOL_SOCKET, SO_ERROR, &soerr, &len) != 0)
    return fail_errno (error, errno);
  if (soerr != 0)
    return fail_errno (error, soerr);
  return TRUE;
}

static void
close_fd (MfTlsConn *conn)
{
  if (conn->fd >= 0)
    close (conn->fd);
  conn->fd = -1;
}

MfTlsConn *
mf_tls_conn_open (const gchar *host, guint16 port, guint timeout_ms,
                  GCancellable *cancellable, GError **error)
{
  g_autoptr(MfTlsConn) conn = g_new0 (MfTlsConn, 1);
  g_autoptr(GError) last = NULL;
  struct addrinfo hints = { 0 };
  struct addrinfo *res = NULL;
  gchar service[8];
  gint rc;

  g_return_val_if_fail (host != NULL, NULL);

  conn->fd = -1;
  conn->host = g_strdup (host);
  conn->timeout_ms = timeout_ms;
  conn->in = g_byte_array_new ();
  conn->first_bytes = g_byte_array_new ();
  conn->verify_error = X509_V_OK;
  if (cancellable != NULL) {
    conn->cancellable = g_object_ref (cancellable);
    conn->have_cancel_fd = g_cancellable_make_pollfd (cancellable, &conn->cancel_pfd);
  }
  if (g_cancellable_set_error_if_cancelled (cancellable, &last)) {
    g_set_error_literal (error, MF_TLS_ERROR, MF_TLS_ERROR_CANCELLED, last->message);
    return NULL;
  }

  g_snprintf (service, sizeof service, "%u", (guint) port);
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICSERV;
  rc = getaddrinfo (host, service, &hints, &res);
  if (rc != 0) {
    g_set_error_literal (error, MF_TLS_ERROR, MF_TLS_ERROR_HOST_NOT_FOUND,
                         rc == EAI_SYSTEM ? g_strerror (errno) : gai_strerror (rc));
    return NULL;
  }
  for (struct addrinfo *ai = res; ai != NULL; ai = ai->ai_next) {
    g_clear_error (&last);
    if (connect_one (conn, ai, &last))
      break;
    close_fd (conn);
    if (g_error_matches (last, MF_TLS_ERROR, MF_TLS_ERROR_CANCELLED))
      break;
  }
  freeaddrinfo (res);
  if (conn->fd < 0) {
    g_propagate_error (error, g_steal_pointer (&last));
    return NULL;
  }
  return g_steal_pointer (&conn);
}

void
mf_tls_conn_free (MfTlsConn *conn)
{
  if (conn == NULL)
    return;
  if (conn->ssl != NULL) {
    /* a close_notify, best effort: the socket is non-blocking and nothing
     * waits for the server's own */
    if (conn->tls_up)
      SSL_shutdown (conn->ssl);
    SSL_free (conn->ssl);
    ERR_clear_error ();
  }
  close_fd (conn);
  if (conn->have_cancel_fd)
    g_cancellable_release_fd (conn->cancellable);
  g_clear_object (&conn->cancellable);
  g_byte_array_unref (conn->in);
  g_byte_array_unref (conn->first_bytes);
  g_free (conn->host);
  g_free (conn->cert_expiry);
  g_free (conn->cert_names);
  g_free (conn);
}

/* ---- the socket under OpenSSL ----
 * OpenSSL's own socket BIO writes with write(), which raises SIGPIPE when
 * the server has gone; a library must not kill its caller for that, so
 * this BIO sends with MSG_NOSIGNAL */

static int
bio_write (BIO *bio, const char *data, int len)
{
  MfTlsConn *conn = BIO_get_data (bio);
  ssize_t n;

  BIO_clear_retry_flags (bio);
  n = send (conn->fd, data, (size_t) len, MSG_NOSIGNAL);
  if (n < 0) {
    if (would_block (errno))
      BIO_set_retry_write (bio);
    else
      conn->io_errno = errno;
    return -1;
  }
  return (int) n;
}

static int
bio_read (BIO *bio, char *data, int len)
{
  MfTlsConn *conn = BIO_get_data (bio);
  ssize_t n;

  BIO_clear_retry_flags (bio);
  n = recv (conn->fd, data, (size_t) len, 0);
  if (n < 0) {
    if (would_block (errno))
      BIO_set_retry_read (bio);
    else
      conn->io_errno = errno;
    return -1;
  }
  if (n == 0)
    conn->eof = TRUE;
  if (!conn->tls_up && conn->first_bytes->len < FIRST_BYTES_MAX)
    g_byte_array_append (conn->first_bytes, (const guint8 *) data,
                         MIN ((guint) n, FIRST_BYTES_MAX - conn->first_bytes->len));
  return (int) n;
}

static long
bio_ctrl (BIO *bio, int cmd, long num, void *ptr)
{
  return cmd == BIO_CTRL_FLUSH ? 1 : 0;
}

static BIO_METHOD *
bio_method (void)
{
  static gsize once = 0;
  static BIO_METHOD *method;

  if (g_once_init_enter (&once)) {
    method = BIO_meth_new (BIO_get_new_index () | BIO_TYPE_SOURCE_SINK, "mailfix socket");
    BIO_meth_set_write (method, bio_write);
    BIO_meth_set_read (method, bio_read);
    BIO_meth_set_ctrl (method, bio_ctrl);
    g_once_init_leave (&once, 1);
  }
  return method;
}

/* ---- certificate details for the user's message ---- */

static gchar *
asn1_time_to_date (const ASN1_TIME *t)
{
  struct tm tm = { 0 };

  if (t == NULL || ASN1_TIME_to_tm (t, &tm) != 1)
    return NULL;
  return g_strdup_printf ("%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

/* a name from a certificate, with anything unprintable replaced */
static void
append_name (GString *out, const guchar *data, gint len)
{
  if (out->len > 0)
    g_string_append (out, ", ");
  for (gint i = 0; i < len && i < 255; i++)
    g_string_append_c (out, g_ascii_isgraph (data[i]) ? (gchar) data[i] : '?');
}

static gchar *
cert_names (X509 *cert)
{
  GString *out = g_string_new (NULL);
  GENERAL_NAMES *names = X509_get_ext_d2i (cert, NID_subject_alt_name, NULL, NULL);
  gint count = names != NULL ? sk_GENERAL_NAME_num (names) : 0;

  for (gint i = 0; i < count && i < 10; i++) {
    const GENERAL_NAME *gn = sk_GENERAL_NAME_value (names, i);
    gchar addr[INET6_ADDRSTRLEN];

    if (gn->type == GEN_DNS) {
      append_name (out, ASN1_STRING_get0_data (gn->d.dNSName), ASN1_STRING_length (gn->d.dNSName));
    } else if (gn->type == GEN_IPADD) {
      gint len = ASN1_STRING_length (gn->d.iPAddress);
      gint af = len == 4 ? AF_INET : len == 16 ? AF_INET6 : -1;
      if (af != -1 && inet_ntop (af, ASN1_STRING_get0_data (gn->d.iPAddress), addr, sizeof addr) != NULL)
        append_name (out, (const guchar *) addr, (gint) strlen (addr));
    }
  }
  GENERAL_NAMES_free (names);
  if (out->len == 0) {
    /* an old certificate with no alternative names: its common name */
    X509_NAME *subject = X509_get_subject_name (cert);
    gint idx = X509_NAME_get_index_by_NID (subject, NID_commonName, -1);
    if (idx >= 0) {
      ASN1_STRING *cn = X509_NAME_ENTRY_get_data (X509_NAME_get_entry (subject, idx));
      append_name (out, ASN1_STRING_get0_data (cn), ASN1_STRING_length (cn));
    }
  }
  if (out->len == 0)
    return g_string_free (out, TRUE);
  return g_string_free (out, FALSE);
}

static int
verify_cb (int ok, X509_STORE_CTX *store)
{
  SSL *ssl = X509_STORE_CTX_get_ex_data (store, SSL_get_ex_data_X509_STORE_CTX_idx ());
  MfTlsConn *conn = BIO_get_data (SSL_get_rbio (ssl));
  X509 *cert = X509_STORE_CTX_get_current_cert (store);
  gint err = X509_STORE_CTX_get_error (store);

  if (ok || conn->verify_error != X509_V_OK)
    return ok;
  conn->verify_error = err;
  if (cert == NULL)
    return ok;
  if (err == X509_V_ERR_CERT_HAS_EXPIRED)
    conn->cert_expiry = asn1_time_to_date (X509_get0_notAfter (cert));
  else if (err == X509_V_ERR_HOSTNAME_MISMATCH || err == X509_V_ERR_IP_ADDRESS_MISMATCH)
    conn->cert_names = cert_names (cert);
  return ok;
}

/* ---- the handshake ---- */

static gboolean
looks_like_text (GByteArray *bytes)
{
  /* a TLS record starts with content type 0x14..0x18; a mail server's
   * greeting starts with "*", "+", "-" or a digit */
  if (bytes->len == 0 || (bytes->data[0] >= 0x14 && bytes->data[0] <= 0x18))
    return FALSE;
  for (guint i = 0; i < bytes->len; i++) {
    if (bytes->data[i] == '\n')
      return TRUE;
    if (!g_ascii_isprint (bytes->data[i]) && bytes->data[i] != '\r' && bytes->data[i] != '\t')
      return FALSE;
  }
  return TRUE;
}

static gboolean
handshake_failed (MfTlsConn *conn, GError **error)
{
  unsigned long e = ERR_peek_error ();
  const gchar *reason = e != 0 ? ERR_reason_error_string (e) : NULL;
  glong verify = SSL_get_verify_result (conn->ssl);

  if (conn->verify_error != X509_V_OK || verify != X509_V_OK) {
    glong v = conn->verify_error != X509_V_OK ? conn->verify_error : verify;
    MfTlsError code = MF_TLS_ERROR_CERT_UNTRUSTED;

    if (v == X509_V_ERR_CERT_HAS_EXPIRED)
      code = MF_TLS_ERROR_CERT_EXPIRED;
    else if (v == X509_V_ERR_HOSTNAME_MISMATCH || v == X509_V_ERR_IP_ADDRESS_MISMATCH)
      code = MF_TLS_ERROR_CERT_WRONG_HOST;
    g_set_error_literal (error, MF_TLS_ERROR, code, X509_verify_cert_error_string (v));
    return FALSE;
  }
  if (conn->first_bytes->len > 0 && (conn->first_bytes->data[0] < 0x14 || conn->first_bytes->data[0] > 0x18)) {
    /* OpenSSL stopped after a record header's worth: the rest of the
     * line is likely waiting already, and it names the protocol */
    guint8 more[FIRST_BYTES_MAX];
    ssize_t n = recv (conn->fd, more, FIRST_BYTES_MAX - conn->first_bytes->len, MSG_DONTWAIT);
    if (n > 0)
      g_byte_array_append (conn->first_bytes, more, (guint) n);
  }
  if (looks_like_text (conn->first_bytes)) {
    g_autofree gchar *text = g_strndup ((const gchar *) conn->first_bytes->data, conn->first_bytes->len);
    g_strdelimit (text, "\r\n", '\0');
    if (g_utf8_strlen (text, -1) > 80)
      memcpy (g_utf8_offset_to_pointer (text, 77), "...", 4);
    g_set_error (error, MF_TLS_ERROR, MF_TLS_ERROR_NOT_TLS, "%s", text);
    return FALSE;
  }
  if (reason == NULL && conn->io_errno != 0) {
    g_set_error_literal (error, MF_TLS_ERROR, MF_TLS_ERROR_HANDSHAKE, g_strerror (conn->io_errno));
    return FALSE;
  }
  if (reason == NULL && conn->eof) {
    g_set_error_literal (error, MF_TLS_ERROR, MF_TLS_ERROR_HANDSHAKE,
                         _("the server closed the connection during the handshake"));
    return FALSE;
  }
  g_set_error_literal (error, MF_TLS_ERROR, MF_TLS_ERROR_HANDSHAKE,
                       reason != NULL ? reason : _("the handshake failed"));
  return FALSE;
}

struct _MfTlsContext {
  SSL_CTX *ctx;
};

static void
context_clear (gpointer data)
{
  MfTlsContext *context = data;
  SSL_CTX_free (context->ctx);
}

MfTlsContext *
mf_tls_context_new (const gchar *ca_file, MfTlsLevel level, GError **error)
{
  SSL_CTX *ctx;
  MfTlsContext *context;

  ERR_clear_error ();
  ctx = SSL_CTX_new (TLS_client_method ());
  if (ctx == NULL) {
    g_set_error_literal (error, MF_TLS_ERROR, MF_TLS_ERROR_SETUP, _("cannot set up TLS"));
    return NULL;
  }
  SSL_CTX_set_verify (ctx, SSL_VERIFY_PEER, verify_cb);
  SSL_CTX_set_options (ctx, SSL_OP_IGNORE_UNEXPECTED_EOF);
  if (level == MF_TLS_LEVEL_LEGACY) {
    /* OpenSSL 3 speaks TLS 1.0 and 1.1, and SHA-1 signatures, only at
     * security level 0 */
    SSL_CTX_set_security_level (ctx, 0);
    SSL_CTX_set_min_proto_version (ctx, TLS1_VERSION);
    SSL_CTX_set_cipher_list (ctx, "DEFAULT:@SECLEVEL=0");
  } else {
    SSL_CTX_set_min_proto_version (ctx, TLS1_2_VERSION);
  }
  if (ca_file != NULL) {
    if (SSL_CTX_load_verify_locations (ctx, ca_file, NULL) != 1) {
      SSL_CTX_free (ctx);
      ERR_clear_error ();
      g_set_error (error, MF_TLS_ERROR, MF_TLS_ERROR_SETUP,
                   _("cannot read the certificate authorities in %s"), ca_file);
      return NULL;
    }
  } else if (SSL_CTX_set_default_verify_paths (ctx) != 1) {
    SSL_CTX_free (ctx);
    ERR_clear_error ();
    g_set_error_literal (error, MF_TLS_ERROR, MF_TLS_ERROR_SETUP,
                         _("cannot load the trusted certificate authorities"));
    return NULL;
  }
  context = g_atomic_rc_box_new0 (MfTlsContext);
  context->ctx = ctx;
  return context;
}

MfTlsContext *
mf_tls_context_ref (MfTlsContext *context)
{
  return g_atomic_rc_box_acquire (context);
}

void
mf_tls_context_unref (MfTlsContext *context)
{
  if (context != NULL)
    g_atomic_rc_box_release_full (context, context_clear);
}

gboolean
mf_tls_conn_handshake (MfTlsConn *conn, MfTlsContext *context, GError **error)
{
  gint64 deadline = deadline_after (conn);
  BIO *bio;

  g_return_val_if_fail (conn != NULL && conn->ssl == NULL && context != NULL, FALSE);

  /* whatever came in clear text after the STARTTLS answer is not the
   * server's word inside TLS (the STARTTLS command-injection attack) */
  g_byte_array_set_size (conn->in, 0);

  ERR_clear_error ();
  conn->ssl = SSL_new (context->ctx);
  bio = BIO_new (bio_method ());
  if (conn->ssl == NULL || bio == NULL) {
    BIO_free (bio);
    g_set_error_literal (error, MF_TLS_ERROR, MF_TLS_ERROR_SETUP, _("cannot set up TLS"));
    return FALSE;
  }
  BIO_set_data (bio, conn);
  BIO_set_init (bio, 1);
  SSL_set_bio (conn->ssl, bio, bio);

  if (g_hostname_is_ip_address (conn->host)) {
    /* RFC 6066 has no server name indication for addresses */
    if (X509_VERIFY_PARAM_set1_ip_asc (SSL_get0_param (conn->ssl), conn->host) != 1) {
      g_set_error_literal (error, MF_TLS_ERROR, MF_TLS_ERROR_SETUP, _("cannot set up TLS"));
      return FALSE;
    }
  } else {
    SSL_set_hostflags (conn->ssl, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    if (SSL_set1_host (conn->ssl, conn->host) != 1 ||
        SSL_set_tlsext_host_name (conn->ssl, conn->host) != 1) {
      g_set_error_literal (error, MF_TLS_ERROR, MF_TLS_ERROR_SETUP, _("cannot set up TLS"));
      return FALSE;
    }
  }

  for (;;) {
    gint r, err;

    ERR_clear_error ();
    r = SSL_connect (conn->ssl);
    if (r == 1)
      break;
    err = SSL_get_error (conn->ssl, r);
    if (err == SSL_ERROR_WANT_READ) {
      if (!wait_io (conn, G_IO_IN, deadline, error))
        return FALSE;
    } else if (err == SSL_ERROR_WANT_WRITE) {
      if (!wait_io (conn, G_IO_OUT, deadline, error))
        return FALSE;
    } else {
      return handshake_failed (conn, error);
    }
  }
  conn->tls_up = TRUE;
  return TRUE;
}

/* ---- reading and writing ---- */

gboolean
mf_tls_conn_write (MfTlsConn *conn, const gchar *data, gsize len, GError **error)
{
  gint64 deadline = deadline_after (conn);
  gsize done = 0;

  while (done < len) {
    if (conn->tls_up) {
      size_t n = 0;
      gint err;

      ERR_clear_error ();
      if (SSL_write_ex (conn->ssl, data + done, len - done, &n) == 1) {
        done += n;
        continue;
      }
      err = SSL_get_error (conn->ssl, 0);
      if (err == SSL_ERROR_WANT_WRITE || err == SSL_ERROR_WANT_READ) {
        if (!wait_io (conn, err == SSL_ERROR_WANT_READ ? G_IO_IN : G_IO_OUT, deadline, error))
          return FALSE;
        continue;
      }
      if (conn->io_errno != 0)
        return fail_errno (error, conn->io_errno);
      g_set_error_literal (error, MF_TLS_ERROR, MF_TLS_ERROR_CLOSED, _("the server closed the connection"));
      return FALSE;
    } else {
      ssize_t n = send (conn->fd, data + done, len - done, MSG_NOSIGNAL);
      if (n >= 0) {
        done += (gsize) n;
        continue;
      }
      if (!would_block (errno))
        return fail_errno (error, errno);
      if (!wait_io (conn, G_IO_OUT, deadline, error))
        return FALSE;
    }
  }
  return TRUE;
}

/* appends what the server has sent, waiting for it until the deadline */
static gboolean
fill (MfTlsConn *conn, gint64 deadline, GError **error)
{
  guint8 buf[4096];

  for (;;) {
    if (conn->tls_up) {
      size_t n = 0;
      gint err;

      ERR_clear_error ();
      if (SSL_read_ex (conn->ssl, buf, sizeof buf, &n) == 1) {
        g_byte_array_append (conn->in, buf, (guint) n);
        return TRUE;
      }
      err = SSL_get_error (conn->ssl, 0);
      if (err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE) {
        if (!wait_io (conn, err == SSL_ERROR_WANT_READ ? G_IO_IN : G_IO_OUT, deadline, error))
          return FALSE;
        continue;
      }
      if (conn->io_errno != 0 && err != SSL_ERROR_ZERO_RETURN)
        return fail_errno (error, conn->io_errno);
      g_set_error_literal (error, MF_TLS_ERROR, MF_TLS_ERROR_CLOSED, _("the server closed the connection"));
      return FALSE;
    } else {
      ssize_t n = recv (conn->fd, buf, sizeof buf, 0);
      if (n > 0) {
        g_byte_array_append (conn->in, buf, (guint) n);
        return TRUE;
      }
      if (n == 0) {
        g_set_error_literal (error, MF_TLS_ERROR, MF_TLS_ERROR_CLOSED, _("the server closed the connection"));
        return FALSE;
      }
      if (!would_block (errno))
        return fail_errno (error, errno);
      if (!wait_io (conn, G_IO_IN, deadline, error))
        return FALSE;
    }
  }
}

gchar *
mf_tls_conn_read_line (MfTlsConn *conn, GError **error)
{
  gint64 deadline = deadline_after (conn);
  guint scanned = 0;

  for (;;) {
    const guint8 *nl = NULL;

    if (conn->in->len > scanned)
      nl = memchr (conn->in->data + scanned, '\n', conn->in->len - scanned);

    if (nl != NULL) {
      guint len = (guint) (nl - conn->in->data);
      gchar *line = g_strndup ((const gchar *) conn->in->data, len);
      gsize n = strlen (line);

      if (n < len) {
        /* a NUL inside the line: nothing a mail server sends */
        g_free (line);
        g_set_error_literal (error, MF_TLS_ERROR, MF_TLS_ERROR_LINE_TOO_LONG,
                             _("the server sent a NUL byte"));
        return NULL;
      }
      if (n > 0 && line[n - 1] == '\r')
        line[n - 1] = '\0';
      g_byte_array_remove_range (conn->in, 0, len + 1);
      return line;
    }
    scanned = conn->in->len;
    if (conn->in->len > MF_TLS_MAX_LINE) {
      g_set_error (error, MF_TLS_ERROR, MF_TLS_ERROR_LINE_TOO_LONG,
                   _("the server sent a line longer than %u bytes"), (guint) MF_TLS_MAX_LINE);
      return NULL;
    }
    if (!fill (conn, deadline, error))
      return NULL;
  }
}

gboolean
mf_tls_conn_is_tls (MfTlsConn *conn)
{
  return conn->tls_up;
}

const gchar *
mf_tls_conn_get_version (MfTlsConn *conn)
{
  return conn->tls_up ? SSL_get_version (conn->ssl) : NULL;
}

const gchar *
mf_tls_conn_get_cipher (MfTlsConn *conn)
{
  return conn->tls_up ? SSL_get_cipher_name (conn->ssl) : NULL;
}

gchar *
mf_tls_conn_get_local_literal (MfTlsConn *conn)
{
  struct sockaddr_storage ss;
  socklen_t len = sizeof ss;
  gchar addr[INET6_ADDRSTRLEN];

  if (getsockname (conn->fd, (struct sockaddr *) &ss, &len) != 0)
    return g_strdup ("[127.0.0.1]");
  if (ss.ss_family == AF_INET6 &&
      inet_ntop (AF_INET6, &((struct sockaddr_in6 *) &ss)->sin6_addr, addr, sizeof addr) != NULL)
    return g_strdup_printf ("[IPv6:%s]", addr);
  if (ss.ss_family == AF_INET &&
      inet_ntop (AF_INET, &((struct sockaddr_in *) &ss)->sin_addr, addr, sizeof addr) != NULL)
    return g_strdup_printf ("[%s]", addr);
  return g_strdup ("[127.0.0.1]");
}

const gchar *
mf_tls_conn_get_cert_expiry (MfTlsConn *conn)
{
  return conn->cert_expiry;
}

const gchar *
mf_tls_conn_get_cert_names (MfTlsConn *conn)
{
  return conn->cert_names;
}

void
mf_tls_thread_cleanup (void)
{
  /* the per-thread random generator and error queue, which OpenSSL would
   * otherwise free only when the thread ends */
  OPENSSL_thread_stop ();
}
