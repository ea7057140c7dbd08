/* mf-autoconfig.c: finding a mail domain's settings on the network, step
 * by step as Thunderbird does, then DNS SRV; the first step that answers
 * wins */
#include "config.h"

#include <arpa/inet.h>
#include <string.h>

#include <curl/curl.h>

#include "mf-autoconfig-private.h"
#include "mf-error.h"
#include "mf-provider-private.h"
#include "mf-tls.h"

/**
 * MfAutoconfig:
 *
 * Looks up the mail settings of a domain that no provider file knows:
 *
 * 1. the domain's autoconfig host,
 *    `https://autoconfig.DOMAIN/mail/config-v1.1.xml?emailaddress=ADDRESS`;
 * 2. its well-known URL,
 *    `https://DOMAIN/.well-known/autoconfig/mail/config-v1.1.xml`;
 * 3. the ISP database, `ISPDB-URL/DOMAIN`;
 * 4. the domain's MX server: for the MX host's registrable domain and the
 *    MX host less its first label, that domain's autoconfig host and its
 *    ISP database entry (not for the mail domain itself);
 * 5. DNS SRV records (RFC 6186, RFC 8314), implicit TLS first.
 *
 * Only https with a verified certificate is used. The e-mail address is
 * sent in step 1 only, to the domain's own host. A result is kept in the
 * user's cache directory for a day, "nothing found" for an hour. What is
 * found is an #MfProvider whose servers are at best
 * %MF_CONFIDENCE_MEDIUM (%MF_CONFIDENCE_LOW from SRV records alone), with
 * its source in mf_provider_get_origin().
 *
 * Since: 0.1
 */
struct _MfAutoconfig {
  GObject parent_instance;
  GMutex lock;
  gchar *ispdb_url;
  guint timeout;
  gchar *cache_dir;
  gchar *ca_file;
  gchar *dns_address;
  guint16 dns_port;
};

G_DEFINE_FINAL_TYPE (MfAutoconfig, mf_autoconfig, G_TYPE_OBJECT)

void
mf_autoconfig_settings_free (MfAutoconfigSettings *settings)
{
  g_free (settings->ispdb_url);
  g_free (settings->cache_dir);
  g_free (settings->ca_file);
  g_free (settings->dns_address);
  g_strfreev (settings->connect_to);
  g_free (settings);
}

static void
mf_autoconfig_finalize (GObject *object)
{
  MfAutoconfig *self = MF_AUTOCONFIG (object);

  g_mutex_clear (&self->lock);
  g_free (self->ispdb_url);
  g_free (self->cache_dir);
  g_free (self->ca_file);
  g_free (self->dns_address);
  G_OBJECT_CLASS (mf_autoconfig_parent_class)->finalize (object);
}

/* libcurl's global set-up is not safe once threads run: done once, from
 * the thread that makes the first MfAutoconfig */
static gpointer
mf_curl_init (gpointer data)
{
  curl_global_init (CURL_GLOBAL_DEFAULT);
  return NULL;
}

static void
mf_autoconfig_class_init (MfAutoconfigClass *klass)
{
  static GOnce once = G_ONCE_INIT;

  G_OBJECT_CLASS (klass)->finalize = mf_autoconfig_finalize;
  g_once (&once, mf_curl_init, NULL);
}

static void
mf_autoconfig_init (MfAutoconfig *self)
{
  g_mutex_init (&self->lock);
  self->ispdb_url = g_strdup (MF_AUTOCONFIG_DEFAULT_ISPDB_URL);
  self->timeout = MF_AUTOCONFIG_DEFAULT_TIMEOUT;
}

/**
 * mf_autoconfig_new:
 *
 * Returns: (transfer full): a lookup with the default settings: the
 *   Thunderbird ISP database, 10 seconds for each step, the user's cache
 *   directory, the system's trust store and resolver
 *
 * Since: 0.1
 */
MfAutoconfig *
mf_autoconfig_new (void)
{
  mf_i18n_init ();
  return g_object_new (MF_TYPE_AUTOCONFIG, NULL);
}

/**
 * mf_autoconfig_set_ispdb_url:
 * @self: a lookup
 * @url: (nullable): the base URL of an ISP database, to which the domain
 *   is appended; %NULL for %MF_AUTOCONFIG_DEFAULT_ISPDB_URL
 * @error: return location for a #GError
 *
 * For tests and private networks. The URL must be https.
 *
 * Returns: %TRUE, or %FALSE with %MF_ERROR_INVALID_ARGUMENT when @url is
 *   not an https URL
 *
 * Since: 0.1
 */
gboolean
mf_autoconfig_set_ispdb_url (MfAutoconfig *self, const gchar *url, GError **error)
{
  g_autofree gchar *base = NULL;

  g_return_val_if_fail (MF_IS_AUTOCONFIG (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (url == NULL)
    url = MF_AUTOCONFIG_DEFAULT_ISPDB_URL;
  if (g_ascii_strncasecmp (url, "https://", 8) != 0 || url[8] == '\0' || url[8] == '/') {
    g_set_error (error, MF_ERROR, MF_ERROR_INVALID_ARGUMENT,
                 _("the ISP database URL %s is not an https URL"), url);
    return FALSE;
  }
  base = g_str_has_suffix (url, "/") ? g_strdup (url) : g_strconcat (url, "/", NULL);
  g_mutex_lock (&self->lock);
  g_free (self->ispdb_url);
  self->ispdb_url = g_steal_pointer (&base);
  g_mutex_unlock (&self->lock);
  return TRUE;
}

/**
 * mf_autoconfig_get_ispdb_url:
 * @self: a lookup
 *
 * Returns: (transfer none): the ISP database's base URL, ending with "/"
 *
 * Since: 0.1
 */
const gchar *
mf_autoconfig_get_ispdb_url (MfAutoconfig *self)
{
  g_return_val_if_fail (MF_IS_AUTOCONFIG (self), NULL);
  return self->ispdb_url;
}

/**
 * mf_autoconfig_set_timeout:
 * @self: a lookup
 * @seconds: the time limit of each step (one https request, one DNS
 *   query); 0 for %MF_AUTOCONFIG_DEFAULT_TIMEOUT
 *
 * Since: 0.1
 */
void
mf_autoconfig_set_timeout (MfAutoconfig *self, guint seconds)
{
  g_return_if_fail (MF_IS_AUTOCONFIG (self));
  g_mutex_lock (&self->lock);
  self->timeout = seconds > 0 ? seconds : MF_AUTOCONFIG_DEFAULT_TIMEOUT;
  g_mutex_unlock (&self->lock);
}

/**
 * mf_autoconfig_get_timeout:
 * @self: a lookup
 *
 * Returns: the time limit of each step, in seconds
 *
 * Since: 0.1
 */
guint
mf_autoconfig_get_timeout (MfAutoconfig *self)
{
  g_return_val_if_fail (MF_IS_AUTOCONFIG (self), 0);
  return self->timeout;
}

/**
 * mf_autoconfig_set_cache_dir:
 * @self: a lookup
 * @dir: (nullable) (type filename): where to keep what lookups found;
 *   %NULL for `mailfix/autoconfig` in the user's cache directory
 *
 * Since: 0.1
 */
void
mf_autoconfig_set_cache_dir (MfAutoconfig *self, const gchar *dir)
{
  g_return_if_fail (MF_IS_AUTOCONFIG (self));
  g_mutex_lock (&self->lock);
  mf_set_str (&self->cache_dir, dir);
  g_mutex_unlock (&self->lock);
}

/**
 * mf_autoconfig_get_cache_dir:
 * @self: a lookup
 *
 * Returns: (transfer full) (type filename): the cache directory in use
 *
 * Since: 0.1
 */
gchar *
mf_autoconfig_get_cache_dir (MfAutoconfig *self)
{
  gchar *dir;

  g_return_val_if_fail (MF_IS_AUTOCONFIG (self), NULL);
  g_mutex_lock (&self->lock);
  dir = self->cache_dir != NULL ? g_strdup (self->cache_dir) : mf_autoconfig_cache_default_dir ();
  g_mutex_unlock (&self->lock);
  return dir;
}

/**
 * mf_autoconfig_set_ca_file:
 * @self: a lookup
 * @ca_file: (nullable) (type filename): a PEM file of the certificate
 *   authorities to trust instead of the system's; %NULL for the system's
 *
 * Since: 0.1
 */
void
mf_autoconfig_set_ca_file (MfAutoconfig *self, const gchar *ca_file)
{
  g_return_if_fail (MF_IS_AUTOCONFIG (self));
  g_mutex_lock (&self->lock);
  mf_set_str (&self->ca_file, ca_file);
  g_mutex_unlock (&self->lock);
}

/**
 * mf_autoconfig_set_dns_server:
 * @self: a lookup
 * @server: (nullable): the DNS server to ask for MX and SRV records, as
 *   "ADDRESS:PORT" or "ADDRESS" (IPv4, port 53); %NULL for the system's
 *   resolver
 * @error: return location for a #GError
 *
 * For tests and private networks.
 *
 * Returns: %TRUE, or %FALSE with %MF_ERROR_INVALID_ARGUMENT
 *
 * Since: 0.1
 */
gboolean
mf_autoconfig_set_dns_server (MfAutoconfig *self, const gchar *server, GError **error)
{
  g_autofree gchar *address = NULL;
  const gchar *colon;
  guint64 port = 53;
  struct in_addr in;

  g_return_val_if_fail (MF_IS_AUTOCONFIG (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (server != NULL) {
    colon = strrchr (server, ':');
    address = colon != NULL ? g_strndup (server, (gsize) (colon - server)) : g_strdup (server);
    if (inet_pton (AF_INET, address, &in) != 1 ||
        (colon != NULL && (!g_ascii_string_to_unsigned (colon + 1, 10, 1, G_MAXUINT16, &port, NULL)))) {
      g_set_error (error, MF_ERROR, MF_ERROR_INVALID_ARGUMENT,
                   _("the DNS server \"%s\" is not an IPv4 address with an optional port (ADDRESS:PORT)"), server);
      return FALSE;
    }
  }
  g_mutex_lock (&self->lock);
  g_free (self->dns_address);
  self->dns_address = g_steal_pointer (&address);
  self->dns_port = (guint16) port;
  g_mutex_unlock (&self->lock);
  return TRUE;
}

static MfAutoconfigSettings *
mf_autoconfig_snapshot (MfAutoconfig *self)
{
  MfAutoconfigSettings *s = g_new0 (MfAutoconfigSettings, 1);

  g_mutex_lock (&self->lock);
  s->ispdb_url = g_strdup (self->ispdb_url);
  s->timeout = self->timeout;
  s->cache_dir = self->cache_dir != NULL ? g_strdup (self->cache_dir) : mf_autoconfig_cache_default_dir ();
  s->ca_file = g_strdup (self->ca_file);
  s->dns_address = g_strdup (self->dns_address);
  s->dns_port = self->dns_port;
  g_mutex_unlock (&self->lock);
  s->connect_to = mf_autoconfig_http_test_connect_to ();
  return s;
}

/* ---- one lookup ---- */

typedef struct {
  const MfAutoconfigSettings *settings;
  const gchar *address;
  const gchar *domain;        /* normalised */
  GCancellable *cancellable;
  GPtrArray *reasons;         /* gchar*: why each step found nothing */
  gboolean transient;         /* a step got no answer: "nothing" is not sure */
  gchar *config;              /* the document of the provider found */
} MfLookup;

static void
mf_lookup_clear (MfLookup *lookup)
{
  g_clear_pointer (&lookup->reasons, g_ptr_array_unref);
  g_clear_pointer (&lookup->config, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (MfLookup, mf_lookup_clear)

static void
mf_lookup_note (MfLookup *lookup, const GError *error, gboolean transient)
{
  g_ptr_array_add (lookup->reasons, g_strdup (error->message));
  lookup->transient = lookup->transient || transient;
}

/* one https step. NULL without an error when it found nothing usable;
 * with an error only when the lookup was cancelled */
static MfProvider *
mf_try_url (MfLookup *lookup, const gchar *url, const gchar *shown, MfProviderOrigin origin, GError **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(GBytes) body = NULL;
  gboolean transient = FALSE;
  MfProvider *provider;
  gsize len = 0;
  const gchar *data;

  if (g_cancellable_set_error_if_cancelled (lookup->cancellable, error))
    return NULL;
  body = mf_autoconfig_http_get (lookup->settings, url, shown, &transient, lookup->cancellable, &local);
  if (body == NULL) {
    if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
    mf_lookup_note (lookup, local, transient);
    return NULL;
  }
  data = g_bytes_get_data (body, &len);
  provider = mf_provider_new_found (data, len, lookup->domain, origin, shown, MF_CONFIDENCE_MEDIUM, &local);
  if (provider == NULL) {
    mf_lookup_note (lookup, local, FALSE);
    return NULL;
  }
  lookup->config = g_strndup (data, len);
  return provider;
}

static gchar *
mf_ispdb_url (MfLookup *lookup, const gchar *domain)
{
  return g_strconcat (lookup->settings->ispdb_url, domain, NULL);
}

/* steps 1 to 3: the domain's own hosts, then the ISP database */
static MfProvider *
mf_try_domain (MfLookup *lookup, GError **error)
{
  g_autofree gchar *escaped = g_uri_escape_string (lookup->address, NULL, FALSE);
  g_autofree gchar *own = g_strdup_printf ("https://autoconfig.%s/mail/config-v1.1.xml", lookup->domain);
  /* the address goes to the domain's own host and nowhere else */
  g_autofree gchar *own_query = g_strdup_printf ("%s?emailaddress=%s", own, escaped);
  g_autofree gchar *well_known = g_strdup_printf ("https://%s/.well-known/autoconfig/mail/config-v1.1.xml",
                                                  lookup->domain);
  g_autofree gchar *ispdb = mf_ispdb_url (lookup, lookup->domain);
  MfProvider *provider;

  provider = mf_try_url (lookup, own_query, own, MF_PROVIDER_ORIGIN_AUTOCONFIG, error);
  if (provider == NULL && (error == NULL || *error == NULL))
    provider = mf_try_url (lookup, well_known, well_known, MF_PROVIDER_ORIGIN_WELL_KNOWN, error);
  if (provider == NULL && (error == NULL || *error == NULL))
    provider = mf_try_url (lookup, ispdb, ispdb, MF_PROVIDER_ORIGIN_ISPDB, error);
  return provider;
}

/* the domains an MX host stands for: the host less its first label (as
 * Thunderbird does), then its registrable domain; never a public suffix,
 * never the mail domain itself, which steps 1 to 3 have asked already */
static GPtrArray *
mf_mx_domains (const gchar *mx, const gchar *domain)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  g_autofree gchar *registrable = mf_autoconfig_registrable_domain (mx);
  const gchar *dot = strchr (mx, '.');
  const gchar *parent = dot != NULL ? dot + 1 : NULL;

  if (registrable == NULL)
    return out;
  /* above the registrable domain lies a public suffix ("co.jp") */
  if (parent != NULL && (g_strcmp0 (parent, registrable) == 0 ||
                         (g_str_has_suffix (parent, registrable) &&
                          parent[strlen (parent) - strlen (registrable) - 1] == '.')) &&
      g_strcmp0 (parent, domain) != 0)
    g_ptr_array_add (out, g_strdup (parent));
  if (g_strcmp0 (registrable, domain) != 0 &&
      !g_ptr_array_find_with_equal_func (out, registrable, g_str_equal, NULL))
    g_ptr_array_add (out, g_steal_pointer (&registrable));
  return out;
}

/* step 4 */
static MfProvider *
mf_try_mx (MfLookup *lookup, gboolean *dns_down, GError **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(GPtrArray) bases = NULL;
  g_autofree gchar *mx = NULL;
  g_autofree gchar *mx_normal = NULL;
  gboolean transient = FALSE;

  if (g_cancellable_set_error_if_cancelled (lookup->cancellable, error))
    return NULL;
  mx = mf_autoconfig_dns_mx (lookup->settings, lookup->domain, &transient, &local);
  if (mx == NULL) {
    mf_lookup_note (lookup, local, transient);
    *dns_down = transient;
    return NULL;
  }
  mx_normal = mf_provider_normalize_name (mx);
  bases = mf_mx_domains (mx_normal != NULL ? mx_normal : mx, lookup->domain);
  if (bases->len == 0) {
    g_set_error (&local, MF_ERROR, MF_ERROR_NOT_FOUND,
                 _("%s: the MX server %s is in the mail domain itself"), lookup->domain, mx);
    mf_lookup_note (lookup, local, FALSE);
    return NULL;
  }
  for (guint i = 0; i < bases->len; i++) {
    const gchar *base = g_ptr_array_index (bases, i);
    g_autofree gchar *own = g_strdup_printf ("https://autoconfig.%s/mail/config-v1.1.xml", base);
    g_autofree gchar *ispdb = mf_ispdb_url (lookup, base);
    MfProvider *provider;

    provider = mf_try_url (lookup, own, own, MF_PROVIDER_ORIGIN_MX_AUTOCONFIG, error);
    if (provider == NULL && (error == NULL || *error == NULL))
      provider = mf_try_url (lookup, ispdb, ispdb, MF_PROVIDER_ORIGIN_MX_ISPDB, error);
    if (provider != NULL || (error != NULL && *error != NULL))
      return provider;
  }
  return NULL;
}

typedef struct {
  const gchar *service;
  const gchar *type;          /* the clientConfig server type */
  const gchar *socket;        /* the clientConfig socketType */
  gboolean incoming;
} MfSrvService;

/* RFC 8314 updates RFC 6186: implicit TLS first; IMAP before POP3, as
 * provider files list them. Plain services are read as STARTTLS, the
 * only way mailfix ever uses them. */
static const MfSrvService mf_srv_services[] = {
  { "_imaps._tcp", "imap", "SSL", TRUE },
  { "_imap._tcp", "imap", "STARTTLS", TRUE },
  { "_pop3s._tcp", "pop3", "SSL", TRUE },
  { "_pop3._tcp", "pop3", "STARTTLS", TRUE },
  { "_submissions._tcp", "smtp", "SSL", FALSE },
  { "_submission._tcp", "smtp", "STARTTLS", FALSE },
};

static void
mf_srv_append_server (GString *xml, const MfSrvService *service, const MfSrvRecord *record)
{
  g_autofree gchar *host = g_markup_escape_text (record->target, -1);

  /* no <username>: SRV says nothing about the login, so the account's
   * own stays */
  g_string_append_printf (xml,
                          "    <%s type=\"%s\" mf:confidence=\"low\">\n"
                          "      <hostname>%s</hostname>\n"
                          "      <port>%u</port>\n"
                          "      <socketType>%s</socketType>\n"
                          "      <authentication>password-cleartext</authentication>\n"
                          "    </%s>\n",
                          service->incoming ? "incomingServer" : "outgoingServer", service->type, host,
                          record->port, service->socket,
                          service->incoming ? "incomingServer" : "outgoingServer");
}

/* step 5: a clientConfig document made from the SRV records, so that the
 * provider loader checks it (host names, ports) as any other */
static MfProvider *
mf_try_srv (MfLookup *lookup, GError **error)
{
  g_autoptr(GString) incoming = g_string_new (NULL);
  g_autoptr(GString) outgoing = g_string_new (NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) local = NULL;
  g_autofree gchar *domain = g_markup_escape_text (lookup->domain, -1);
  g_autofree gchar *xml = NULL;
  g_autofree gchar *origin = NULL;
  MfProvider *provider;

  for (gsize i = 0; i < G_N_ELEMENTS (mf_srv_services); i++) {
    const MfSrvService *service = &mf_srv_services[i];
    g_autofree gchar *name = g_strdup_printf ("%s.%s", service->service, lookup->domain);
    g_autoptr(GPtrArray) records = NULL;
    g_autoptr(GError) step_error = NULL;
    gboolean transient = FALSE;

    if (g_cancellable_set_error_if_cancelled (lookup->cancellable, error))
      return NULL;
    records = mf_autoconfig_dns_srv (lookup->settings, name, &transient, &step_error);
    if (records == NULL) {
      /* "none" is the usual answer; only say so when DNS failed */
      if (transient) {
        mf_lookup_note (lookup, step_error, TRUE);
        return NULL;
      }
      continue;
    }
    /* the best record of each service; the others are the same service
     * on other hosts */
    mf_srv_append_server (service->incoming ? incoming : outgoing, service, g_ptr_array_index (records, 0));
    g_ptr_array_add (names, g_steal_pointer (&name));
  }
  if (incoming->len == 0 || outgoing->len == 0) {
    g_set_error (&local, MF_ERROR, MF_ERROR_NOT_FOUND,
                 incoming->len == 0 && outgoing->len == 0
                 ? _("%s: no SRV records for mail")
                 : incoming->len == 0 ? _("%s: SRV records name no IMAP or POP3 server")
                                      : _("%s: SRV records name no submission server"),
                 lookup->domain);
    mf_lookup_note (lookup, local, FALSE);
    return NULL;
  }
  g_ptr_array_add (names, NULL);
  origin = g_strjoinv (" ", (gchar **) names->pdata);
  xml = g_strdup_printf ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                         "<clientConfig version=\"1.1\" xmlns:mf=\"" MF_PROVIDER_NS "\">\n"
                         "  <emailProvider id=\"%s\">\n"
                         "    <domain>%s</domain>\n"
                         "    <displayName>%s</displayName>\n"
                         "%s%s"
                         "  </emailProvider>\n"
                         "</clientConfig>\n",
                         domain, domain, domain, incoming->str, outgoing->str);
  provider = mf_provider_new_found (xml, strlen (xml), lookup->domain, MF_PROVIDER_ORIGIN_DNS_SRV, origin,
                                    MF_CONFIDENCE_LOW, &local);
  if (provider == NULL) {
    mf_lookup_note (lookup, local, FALSE);
    return NULL;
  }
  lookup->config = g_steal_pointer (&xml);
  return provider;
}

static MfProvider *
mf_lookup_run (MfLookup *lookup, GError **error)
{
  MfProvider *provider;
  gboolean dns_down = FALSE;

  provider = mf_try_domain (lookup, error);
  if (provider == NULL && (error == NULL || *error == NULL))
    provider = mf_try_mx (lookup, &dns_down, error);
  /* when DNS gave no answer for MX, six SRV queries would only wait six
   * times as long for the same silence */
  if (provider == NULL && !dns_down && (error == NULL || *error == NULL))
    provider = mf_try_srv (lookup, error);
  return provider;
}

static MfConfidence
mf_origin_floor (MfProviderOrigin origin)
{
  return origin == MF_PROVIDER_ORIGIN_DNS_SRV ? MF_CONFIDENCE_LOW : MF_CONFIDENCE_MEDIUM;
}

static MfProvider *
mf_autoconfig_lookup_with (MfAutoconfigSettings *settings, const gchar *address, GCancellable *cancellable,
                           GError **error)
{
  g_auto(MfLookup) lookup = { NULL, };
  g_autoptr(MfAutoconfigCacheEntry) cached = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree gchar *domain = NULL;
  const gchar *at = mf_provider_address_domain (address);
  MfAutoconfigCacheEntry entry = { FALSE, 0, MF_PROVIDER_ORIGIN_FILE, NULL, NULL };
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree gchar *reasons = NULL;
  MfProvider *provider;

  domain = at != NULL ? mf_provider_normalize_name (at) : NULL;
  /* the domain names a cache file and goes into URLs and DNS queries */
  if (domain == NULL || strspn (domain, "abcdefghijklmnopqrstuvwxyz0123456789-._") != strlen (domain) ||
      domain[0] == '.' || domain[0] == '-' || strstr (domain, "..") != NULL) {
    g_set_error (error, MF_ERROR, MF_ERROR_INVALID_ARGUMENT, _("%s is not an e-mail address"), address);
    return NULL;
  }
  cached = mf_autoconfig_cache_load (settings->cache_dir, domain, now);
  if (cached != NULL && !cached->found) {
    g_set_error (error, MF_ERROR, MF_ERROR_NOT_FOUND,
                 _("no mail settings were found for %s (remembered from an earlier lookup)"), domain);
    return NULL;
  }
  if (cached != NULL) {
    provider = mf_provider_new_found (cached->config, strlen (cached->config), domain, cached->origin, cached->url,
                                      mf_origin_floor (cached->origin), NULL);
    /* a cache entry that no longer loads is looked up again */
    if (provider != NULL)
      return provider;
  }

  lookup.settings = settings;
  lookup.address = address;
  lookup.domain = domain;
  lookup.cancellable = cancellable;
  lookup.reasons = g_ptr_array_new_with_free_func (g_free);
  provider = mf_lookup_run (&lookup, &local);
  if (local != NULL) {
    g_propagate_error (error, g_steal_pointer (&local));
    return NULL;
  }
  entry.fetched = now;
  if (provider != NULL) {
    entry.found = TRUE;
    entry.origin = mf_provider_get_origin (provider);
    entry.url = (gchar *) mf_provider_get_origin_url (provider);
    entry.config = lookup.config;
    mf_autoconfig_cache_store (settings->cache_dir, domain, &entry);
    return provider;
  }
  /* "nothing" is remembered only when every step answered */
  if (!lookup.transient)
    mf_autoconfig_cache_store (settings->cache_dir, domain, &entry);
  g_ptr_array_add (lookup.reasons, NULL);
  reasons = g_strjoinv ("; ", (gchar **) lookup.reasons->pdata);
  g_set_error (error, MF_ERROR, MF_ERROR_NOT_FOUND, _("no mail settings were found for %s: %s"), domain, reasons);
  return NULL;
}

/**
 * mf_autoconfig_lookup:
 * @self: a lookup
 * @address: the e-mail address whose domain to look up
 * @cancellable: (nullable): stops the lookup between and during requests
 * @error: return location for a #GError
 *
 * Looks up the settings of @address's domain, step by step (see
 * #MfAutoconfig), or takes them from the cache. Each step may take the
 * time limit of mf_autoconfig_set_timeout(). It blocks: call it from a
 * thread, or use mf_autoconfig_lookup_async().
 *
 * Returns: (transfer full) (nullable): a provider that serves the domain
 *   of @address, or %NULL with %MF_ERROR_NOT_FOUND (whose message says
 *   what each step found), %MF_ERROR_INVALID_ARGUMENT for an address
 *   without a domain, or %G_IO_ERROR_CANCELLED
 *
 * Since: 0.1
 */
MfProvider *
mf_autoconfig_lookup (MfAutoconfig *self, const gchar *address, GCancellable *cancellable, GError **error)
{
  g_autoptr(MfAutoconfigSettings) settings = NULL;

  g_return_val_if_fail (MF_IS_AUTOCONFIG (self), NULL);
  g_return_val_if_fail (address != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  settings = mf_autoconfig_snapshot (self);
  return mf_autoconfig_lookup_with (settings, address, cancellable, error);
}

typedef struct {
  MfAutoconfigSettings *settings;
  gchar *address;
} MfLookupTask;

static void
mf_lookup_task_free (MfLookupTask *data)
{
  mf_autoconfig_settings_free (data->settings);
  g_free (data->address);
  g_free (data);
}

static void
mf_lookup_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  MfLookupTask *data = task_data;
  GError *error = NULL;
  MfProvider *provider = mf_autoconfig_lookup_with (data->settings, data->address, cancellable, &error);

  /* OpenSSL's per-thread state, for the pool thread that libcurl used */
  mf_tls_thread_cleanup ();
  if (provider == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, provider, g_object_unref);
}

/**
 * mf_autoconfig_lookup_async:
 * @self: a lookup
 * @address: the e-mail address whose domain to look up
 * @cancellable: (nullable): stops the lookup
 * @callback: called in the thread-default main context of the caller
 *   when the lookup is done
 * @user_data: for @callback
 *
 * mf_autoconfig_lookup() in a thread, for a program with a main loop
 * (the wizard). The settings are taken as they are now.
 *
 * Since: 0.1
 */
void
mf_autoconfig_lookup_async (MfAutoconfig *self, const gchar *address, GCancellable *cancellable,
                            GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  MfLookupTask *data;

  g_return_if_fail (MF_IS_AUTOCONFIG (self));
  g_return_if_fail (address != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mf_autoconfig_lookup_async);
  data = g_new0 (MfLookupTask, 1);
  data->settings = mf_autoconfig_snapshot (self);
  data->address = g_strdup (address);
  g_task_set_task_data (task, data, (GDestroyNotify) mf_lookup_task_free);
  g_task_run_in_thread (task, mf_lookup_thread);
}

/**
 * mf_autoconfig_lookup_finish:
 * @self: a lookup
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): as mf_autoconfig_lookup()
 *
 * Since: 0.1
 */
MfProvider *
mf_autoconfig_lookup_finish (MfAutoconfig *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (MF_IS_AUTOCONFIG (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
