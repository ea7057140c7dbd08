/* mf-autoconfig-dns.c: the MX and SRV queries of autoconfiguration, and
 * the public suffix list for an MX host's domain */
#include "config.h"

#include <arpa/inet.h>
#include <arpa/nameser.h>
#include <netdb.h>
#include <netinet/in.h>
#include <resolv.h>
#include <string.h>

#include <libpsl.h>

#include "mf-autoconfig-private.h"
#include "mf-error.h"

/* larger than any answer over TCP can be */
#define MF_DNS_ANSWER_MAX 65536

void
mf_srv_record_free (MfSrvRecord *record)
{
  g_free (record->target);
  g_free (record);
}

static gboolean
mf_dns_malformed (GError **error)
{
  g_set_error_literal (error, MF_ERROR, MF_ERROR_PARSE, _("the DNS answer is malformed"));
  return FALSE;
}

/* the answer records of type, one by one; FALSE at the end or on a
 * malformed record (then *bad) */
static gboolean
mf_dns_next (ns_msg *handle, guint *index, ns_type type, ns_rr *rr, gboolean *bad)
{
  while (*index < ns_msg_count (*handle, ns_s_an)) {
    if (ns_parserr (handle, ns_s_an, (int) (*index)++, rr) < 0) {
      *bad = TRUE;
      return FALSE;
    }
    /* a CNAME before the records, or anything else, is not ours */
    if (ns_rr_type (*rr) == type && ns_rr_class (*rr) == ns_c_in)
      return TRUE;
  }
  return FALSE;
}

/* the name at rdata + offset, lower case, without the trailing dot; the
 * root comes back as "" */
static gchar *
mf_dns_name (ns_msg *handle, const ns_rr *rr, gsize offset)
{
  char name[NS_MAXDNAME];

  if (ns_rr_rdlen (*rr) <= offset ||
      dn_expand (ns_msg_base (*handle), ns_msg_end (*handle), ns_rr_rdata (*rr) + offset, name, sizeof name) < 0)
    return NULL;
  return g_ascii_strdown (name, -1);
}

MF_TESTABLE gchar *
mf_dns_parse_mx (const guchar *msg, gsize len, GError **error)
{
  ns_msg handle;
  ns_rr rr;
  guint index = 0;
  gboolean bad = FALSE;
  g_autofree gchar *best = NULL;
  guint best_preference = G_MAXUINT;

  if (len > G_MAXINT || ns_initparse (msg, (int) len, &handle) < 0) {
    mf_dns_malformed (error);
    return NULL;
  }
  while (mf_dns_next (&handle, &index, ns_t_mx, &rr, &bad)) {
    g_autofree gchar *host = NULL;
    guint preference;

    if (ns_rr_rdlen (rr) < 3 || (host = mf_dns_name (&handle, &rr, 2)) == NULL) {
      mf_dns_malformed (error);
      return NULL;
    }
    preference = ns_get16 (ns_rr_rdata (rr));
    /* on a tie the first record stays, as the server ordered them */
    if (preference < best_preference) {
      best_preference = preference;
      g_free (best);
      best = g_steal_pointer (&host);
    }
  }
  if (bad) {
    mf_dns_malformed (error);
    return NULL;
  }
  if (best == NULL) {
    g_set_error_literal (error, MF_ERROR, MF_ERROR_NOT_FOUND, _("no MX record"));
    return NULL;
  }
  /* RFC 7505: "." says the domain takes no mail at all */
  if (best[0] == '\0') {
    g_set_error_literal (error, MF_ERROR, MF_ERROR_NOT_FOUND, _("the domain receives no mail (null MX)"));
    return NULL;
  }
  return g_steal_pointer (&best);
}

static gint
mf_srv_compare (gconstpointer a, gconstpointer b)
{
  const MfSrvRecord *x = *(const MfSrvRecord * const *) a;
  const MfSrvRecord *y = *(const MfSrvRecord * const *) b;

  if (x->priority != y->priority)
    return x->priority < y->priority ? -1 : 1;
  /* RFC 2782 draws among equal priorities by weight; the heaviest first
   * keeps the answer the same from one run to the next */
  if (x->weight != y->weight)
    return x->weight > y->weight ? -1 : 1;
  return 0;
}

MF_TESTABLE GPtrArray *
mf_dns_parse_srv (const guchar *msg, gsize len, GError **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) mf_srv_record_free);
  ns_msg handle;
  ns_rr rr;
  guint index = 0;
  gboolean bad = FALSE;
  gboolean not_offered = FALSE;

  if (len > G_MAXINT || ns_initparse (msg, (int) len, &handle) < 0) {
    mf_dns_malformed (error);
    return NULL;
  }
  while (mf_dns_next (&handle, &index, ns_t_srv, &rr, &bad)) {
    const guchar *rdata = ns_rr_rdata (rr);
    MfSrvRecord *record;
    gchar *target;

    if (ns_rr_rdlen (rr) < 7 || (target = mf_dns_name (&handle, &rr, 6)) == NULL) {
      mf_dns_malformed (error);
      return NULL;
    }
    /* RFC 2782: a target of "." means the service is decidedly not
     * available at this domain */
    if (target[0] == '\0') {
      not_offered = TRUE;
      g_free (target);
      continue;
    }
    record = g_new0 (MfSrvRecord, 1);
    record->priority = ns_get16 (rdata);
    record->weight = ns_get16 (rdata + 2);
    record->port = ns_get16 (rdata + 4);
    record->target = target;
    g_ptr_array_add (records, record);
  }
  if (bad) {
    mf_dns_malformed (error);
    return NULL;
  }
  if (not_offered && records->len == 0) {
    g_set_error_literal (error, MF_ERROR, MF_ERROR_NOT_FOUND, _("the service is not offered (target \".\")"));
    return NULL;
  }
  if (records->len == 0) {
    g_set_error_literal (error, MF_ERROR, MF_ERROR_NOT_FOUND, _("no SRV record"));
    return NULL;
  }
  g_ptr_array_sort (records, mf_srv_compare);
  return g_steal_pointer (&records);
}

/* one query over a resolver state of our own, so that a resolver given
 * with mf_autoconfig_set_dns_server() serves this lookup only and
 * threads do not share state */
static GBytes *
mf_dns_query (const MfAutoconfigSettings *settings, const gchar *name, ns_type type, gboolean *transient,
              GError **error)
{
  struct __res_state state;
  g_autofree guchar *answer = g_malloc (MF_DNS_ANSWER_MAX);
  int len;
  int herr;

  *transient = FALSE;
  memset (&state, 0, sizeof state);
  if (res_ninit (&state) != 0) {
    *transient = TRUE;
    g_set_error (error, MF_ERROR, MF_ERROR_IO, _("%s: cannot set up the DNS resolver"), name);
    return NULL;
  }
  if (settings->dns_address != NULL) {
    struct sockaddr_in sin;

    memset (&sin, 0, sizeof sin);
    sin.sin_family = AF_INET;
    sin.sin_port = htons (settings->dns_port);
    inet_pton (AF_INET, settings->dns_address, &sin.sin_addr);
    state.nsaddr_list[0] = sin;
    state.nscount = 1;
  }
  /* two tries, the second waiting twice as long as the first: about the
   * step's time limit together */
  state.retrans = (int) MAX (1, settings->timeout / 3);
  state.retry = 2;
  len = res_nquery (&state, name, ns_c_in, type, answer, MF_DNS_ANSWER_MAX);
  herr = state.res_h_errno;
  res_nclose (&state);
  if (len < 0) {
    switch (herr) {
    case HOST_NOT_FOUND:
      g_set_error (error, MF_ERROR, MF_ERROR_NOT_FOUND, _("%s: no such name in DNS"), name);
      break;
    case NO_DATA:
      g_set_error (error, MF_ERROR, MF_ERROR_NOT_FOUND, _("%s: no record of that type in DNS"), name);
      break;
    case NO_RECOVERY:
      g_set_error (error, MF_ERROR, MF_ERROR_NOT_FOUND, _("%s: the DNS server refused the query"), name);
      break;
    default:
      *transient = TRUE;
      g_set_error (error, MF_ERROR, MF_ERROR_IO, _("%s: DNS gave no answer"), name);
      break;
    }
    return NULL;
  }
  return g_bytes_new (answer, (gsize) MIN (len, MF_DNS_ANSWER_MAX));
}

gchar *
mf_autoconfig_dns_mx (const MfAutoconfigSettings *settings, const gchar *domain, gboolean *transient,
                      GError **error)
{
  g_autoptr(GBytes) answer = mf_dns_query (settings, domain, ns_t_mx, transient, error);
  gchar *host;

  if (answer == NULL)
    return NULL;
  host = mf_dns_parse_mx (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer), error);
  if (host == NULL)
    g_prefix_error (error, "%s: ", domain);
  return host;
}

GPtrArray *
mf_autoconfig_dns_srv (const MfAutoconfigSettings *settings, const gchar *name, gboolean *transient,
                       GError **error)
{
  g_autoptr(GBytes) answer = mf_dns_query (settings, name, ns_t_srv, transient, error);
  GPtrArray *records;

  if (answer == NULL)
    return NULL;
  records = mf_dns_parse_srv (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer), error);
  if (records == NULL)
    g_prefix_error (error, "%s: ", name);
  return records;
}

/* the newest list the system has (the publicsuffix package's file, else
 * libpsl's built-in one), loaded once and kept for the process */
static gpointer
mf_psl_load (gpointer data)
{
  psl_ctx_t *psl = psl_latest (NULL);

  return psl != NULL ? psl : (gpointer) psl_builtin ();
}

gchar *
mf_autoconfig_registrable_domain (const gchar *host)
{
  static GOnce once = G_ONCE_INIT;
  const psl_ctx_t *psl = g_once (&once, mf_psl_load, NULL);
  const gchar *registrable;

  if (psl == NULL)
    return NULL;
  registrable = psl_registrable_domain (psl, host);
  return registrable != NULL ? g_strdup (registrable) : NULL;
}
