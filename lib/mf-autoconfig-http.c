/* mf-autoconfig-http.c: one https GET of an autoconfig document, through
 * libcurl, with certificate checks and the limits of a provider file */
#include "config.h"

#include <string.h>

#include <curl/curl.h>

#include "mf-autoconfig-private.h"
#include "mf-error.h"
#include "mf-provider-private.h"

typedef struct curl_slist MfCurlList;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CURL, curl_easy_cleanup)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MfCurlList, curl_slist_free_all)

typedef struct {
  GByteArray *body;
  gboolean too_large;
  GCancellable *cancellable;
} MfTransfer;

/* the body is refused as soon as it passes the limit, also when the
 * server sent no Content-Length for CURLOPT_MAXFILESIZE to check first */
static size_t
mf_on_data (char *ptr, size_t size, size_t nmemb, void *user_data)
{
  MfTransfer *transfer = user_data;
  gsize n = size * nmemb;

  if (transfer->body->len + n > MF_PROVIDER_MAX_FILE_SIZE) {
    transfer->too_large = TRUE;
    return 0;
  }
  g_byte_array_append (transfer->body, (const guint8 *) ptr, (guint) n);
  return n;
}

static int
mf_on_progress (void *user_data, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow)
{
  MfTransfer *transfer = user_data;

  return g_cancellable_is_cancelled (transfer->cancellable) ? 1 : 0;
}

static gboolean
mf_is_loopback (const gchar *host)
{
  return g_str_has_prefix (host, "127.") || g_strcmp0 (host, "localhost") == 0 ||
         g_strcmp0 (host, "[::1]") == 0;
}

/* MAILFIX_TEST_CONNECT_TO is a hook for the test suite, not an option: it
 * is read only when it is set, no front end offers it, and HACKING.md
 * documents it as a test hook. The tests must reach host names such as
 * autoconfig.shop.test without a resolver that knows them, while TLS
 * still checks each certificate against the real name; curl's
 * CONNECT_TO does exactly that. Entries are curl's
 * "HOST:PORT:CONNECT-TO-HOST:CONNECT-TO-PORT", separated by commas, and
 * only redirections to loopback are taken, so the variable cannot send a
 * user's lookups to another machine. */
gchar **
mf_autoconfig_http_test_connect_to (void)
{
  const gchar *value = g_getenv ("MAILFIX_TEST_CONNECT_TO");
  g_auto(GStrv) entries = NULL;
  GStrvBuilder *builder;
  gchar **kept;

  if (value == NULL || value[0] == '\0')
    return NULL;
  entries = g_strsplit (value, ",", -1);
  builder = g_strv_builder_new ();
  for (guint i = 0; entries[i] != NULL; i++) {
    g_auto(GStrv) parts = g_strsplit (g_strstrip (entries[i]), ":", 4);
    if (g_strv_length (parts) == 4 && mf_is_loopback (parts[2]))
      g_strv_builder_add (builder, entries[i]);
  }
  kept = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return kept;
}

static gboolean
mf_curl_fail (CURLcode code, const gchar *detail, const MfAutoconfigSettings *settings, const gchar *shown,
              const MfTransfer *transfer, gboolean *transient, GCancellable *cancellable, GError **error)
{
  *transient = FALSE;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (transfer->too_large || code == CURLE_FILESIZE_EXCEEDED) {
    g_set_error (error, MF_ERROR, MF_ERROR_TOO_LARGE, _("%s: the answer is larger than %u bytes"),
                 shown, (guint) MF_PROVIDER_MAX_FILE_SIZE);
    return FALSE;
  }
  switch (code) {
  case CURLE_COULDNT_RESOLVE_HOST:
    g_set_error (error, MF_ERROR, MF_ERROR_NOT_FOUND, _("%s: the host name does not resolve"), shown);
    return FALSE;
  case CURLE_COULDNT_CONNECT:
    g_set_error (error, MF_ERROR, MF_ERROR_NOT_FOUND, _("%s: the server refused the connection"), shown);
    return FALSE;
  case CURLE_OPERATION_TIMEDOUT:
    *transient = TRUE;
    g_set_error (error, MF_ERROR, MF_ERROR_IO, _("%s: no answer within %u seconds"), shown, settings->timeout);
    return FALSE;
  case CURLE_PEER_FAILED_VERIFICATION:
  case CURLE_SSL_CERTPROBLEM:
  case CURLE_SSL_ISSUER_ERROR:
  case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    g_set_error (error, MF_ERROR, MF_ERROR_PERMISSION, _("%s: the server's certificate is not trusted (%s)"),
                 shown, detail);
    return FALSE;
  case CURLE_UNSUPPORTED_PROTOCOL:
    g_set_error (error, MF_ERROR, MF_ERROR_PERMISSION, _("%s: refused, because mailfix fetches settings over https only (%s)"),
                 shown, detail);
    return FALSE;
  case CURLE_TOO_MANY_REDIRECTS:
    /* curl's own words: nothing here to translate */
    g_set_error (error, MF_ERROR, MF_ERROR_NOT_FOUND, "%s: %s", shown, detail);
    return FALSE;
  default:
    *transient = TRUE;
    g_set_error (error, MF_ERROR, MF_ERROR_IO, "%s: %s", shown, detail);
    return FALSE;
  }
}

GBytes *
mf_autoconfig_http_get (const MfAutoconfigSettings *settings, const gchar *url, const gchar *shown,
                        gboolean *transient, GCancellable *cancellable, GError **error)
{
  g_autoptr(CURL) curl = curl_easy_init ();
  g_autoptr(MfCurlList) connect_to = NULL;
  g_autoptr(GByteArray) body = g_byte_array_new ();
  MfTransfer transfer = { body, FALSE, cancellable };
  char detail[CURL_ERROR_SIZE] = "";
  long status = 0;
  CURLcode code;

  *transient = FALSE;
  if (curl == NULL) {
    *transient = TRUE;
    g_set_error (error, MF_ERROR, MF_ERROR_FAILED, _("%s: cannot start an https request"), shown);
    return NULL;
  }
  for (guint i = 0; settings->connect_to != NULL && settings->connect_to[i] != NULL; i++)
    connect_to = curl_slist_append (connect_to, settings->connect_to[i]);

  curl_easy_setopt (curl, CURLOPT_URL, url);
  /* https only, also after a redirect: a configuration read over http
   * could have been written by anyone on the way */
  curl_easy_setopt (curl, CURLOPT_PROTOCOLS_STR, "https");
  curl_easy_setopt (curl, CURLOPT_REDIR_PROTOCOLS_STR, "https");
  curl_easy_setopt (curl, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt (curl, CURLOPT_MAXREDIRS, 5L);
  curl_easy_setopt (curl, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt (curl, CURLOPT_SSL_VERIFYHOST, 2L);
  if (settings->ca_file != NULL)
    curl_easy_setopt (curl, CURLOPT_CAINFO, settings->ca_file);
  curl_easy_setopt (curl, CURLOPT_TIMEOUT_MS, (long) settings->timeout * 1000L);
  curl_easy_setopt (curl, CURLOPT_CONNECTTIMEOUT_MS, (long) settings->timeout * 1000L);
  /* lookups run in threads: no SIGALRM for the time limit */
  curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (curl, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t) MF_PROVIDER_MAX_FILE_SIZE);
  curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, mf_on_data);
  curl_easy_setopt (curl, CURLOPT_WRITEDATA, &transfer);
  curl_easy_setopt (curl, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt (curl, CURLOPT_XFERINFOFUNCTION, mf_on_progress);
  curl_easy_setopt (curl, CURLOPT_XFERINFODATA, &transfer);
  curl_easy_setopt (curl, CURLOPT_ERRORBUFFER, detail);
  curl_easy_setopt (curl, CURLOPT_USERAGENT, "mailfix/" PACKAGE_VERSION);
  if (connect_to != NULL)
    curl_easy_setopt (curl, CURLOPT_CONNECT_TO, connect_to);

  code = curl_easy_perform (curl);
  if (code != CURLE_OK) {
    if (detail[0] == '\0')
      g_strlcpy (detail, curl_easy_strerror (code), sizeof detail);
    mf_curl_fail (code, detail, settings, shown, &transfer, transient, cancellable, error);
    return NULL;
  }
  curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &status);
  if (status != 200) {
    /* a server error may pass; anything else says there is nothing here */
    *transient = status >= 500;
    g_set_error (error, MF_ERROR, status >= 500 ? MF_ERROR_IO : MF_ERROR_NOT_FOUND,
                 _("%s: the server answered HTTP %ld"), shown, status);
    return NULL;
  }
  if (body->len == 0) {
    g_set_error (error, MF_ERROR, MF_ERROR_NOT_FOUND, _("%s: the answer is empty"), shown);
    return NULL;
  }
  return g_byte_array_free_to_bytes (g_steal_pointer (&body));
}
