/* mf-autoconfig-private.h: what the autoconfiguration files share (the
 * orchestration, https, DNS and the cache); never installed */
#pragma once

#include "mf-autoconfig.h"
#include "mf-private.h"

G_BEGIN_DECLS

/* an MfAutoconfig's settings, copied when a lookup starts: a lookup runs
 * in a thread of its own and must not see the caller change them */
typedef struct {
  gchar *ispdb_url;       /* ends with '/' */
  guint timeout;          /* seconds, for each step */
  gchar *cache_dir;
  gchar *ca_file;         /* NULL: the system's trust store */
  gchar *dns_address;     /* IPv4, NULL: the system's resolver */
  guint16 dns_port;
  gchar **connect_to;     /* test hook, see mf-autoconfig-http.c */
} MfAutoconfigSettings;

void mf_autoconfig_settings_free (MfAutoconfigSettings *settings);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MfAutoconfigSettings, mf_autoconfig_settings_free)

/* ---- mf-autoconfig-http.c ---- */

/* the loopback redirections of MAILFIX_TEST_CONNECT_TO, or NULL */
gchar  **mf_autoconfig_http_test_connect_to (void);

/* GETs url over https only, with certificate checks, the time limit and
 * the size limit of a provider file. shown names the URL in messages (the
 * same without its query). On failure *transient tells a failure that
 * may pass (no answer in time, a broken connection) from an answer that
 * there is nothing (404, a refused certificate, an http redirect). */
GBytes  *mf_autoconfig_http_get (const MfAutoconfigSettings *settings,
                                 const gchar                *url,
                                 const gchar                *shown,
                                 gboolean                   *transient,
                                 GCancellable               *cancellable,
                                 GError                    **error) G_GNUC_WARN_UNUSED_RESULT;

/* ---- mf-autoconfig-dns.c ---- */

/* one SRV record (RFC 2782); target "" is the root: "not offered" */
typedef struct {
  guint16 priority;
  guint16 weight;
  guint16 port;
  gchar *target;
} MfSrvRecord;

void mf_srv_record_free (MfSrvRecord *record);

/* the host of the domain's MX record with the lowest preference; NULL
 * with MF_ERROR_NOT_FOUND when there is none, or with *transient set when
 * DNS did not answer */
gchar     *mf_autoconfig_dns_mx  (const MfAutoconfigSettings *settings,
                                  const gchar                *domain,
                                  gboolean                   *transient,
                                  GError                    **error) G_GNUC_WARN_UNUSED_RESULT;
/* the SRV records of name, best first (lowest priority, then highest
 * weight); NULL with MF_ERROR_NOT_FOUND when there are none or the
 * service is "not offered" */
GPtrArray *mf_autoconfig_dns_srv (const MfAutoconfigSettings *settings,
                                  const gchar                *name,
                                  gboolean                   *transient,
                                  GError                    **error) G_GNUC_WARN_UNUSED_RESULT;
/* the MX host's registrable domain (public-suffix aware), or NULL */
gchar     *mf_autoconfig_registrable_domain (const gchar *host) G_GNUC_WARN_UNUSED_RESULT;

#ifdef MF_UNIT_TEST
/* the parsers of the answers, apart from the network */
gchar     *mf_dns_parse_mx  (const guchar *msg, gsize len, GError **error);
GPtrArray *mf_dns_parse_srv (const guchar *msg, gsize len, GError **error);
#endif

/* ---- mf-autoconfig-cache.c ---- */

/* what the cache remembers of one domain */
typedef struct {
  gboolean found;
  gint64 fetched;             /* seconds since the epoch */
  MfProviderOrigin origin;
  gchar *url;                 /* the origin URL (no query) */
  gchar *config;              /* the clientConfig document */
} MfAutoconfigCacheEntry;

/* a found configuration is kept a day; "nothing found" an hour, so a
 * domain that sets autoconfiguration up is seen soon */
#define MF_AUTOCONFIG_CACHE_TTL          (24 * 60 * 60)
#define MF_AUTOCONFIG_CACHE_NEGATIVE_TTL (60 * 60)

void     mf_autoconfig_cache_entry_free (MfAutoconfigCacheEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MfAutoconfigCacheEntry, mf_autoconfig_cache_entry_free)

gchar   *mf_autoconfig_cache_default_dir (void) G_GNUC_WARN_UNUSED_RESULT;
/* the entry of domain if there is one that is readable and still fresh
 * at now; anything else is NULL, never an error */
MfAutoconfigCacheEntry *mf_autoconfig_cache_load (const gchar *dir,
                                                  const gchar *domain,
                                                  gint64       now) G_GNUC_WARN_UNUSED_RESULT;
/* writes the entry, readable by the user only; a cache that cannot be
 * written is left alone */
void     mf_autoconfig_cache_store (const gchar                  *dir,
                                    const gchar                  *domain,
                                    const MfAutoconfigCacheEntry *entry);

G_END_DECLS
