/* fuzz-autoconfig-dns.c: fuzz target for the parsers of the DNS answers
 * autoconfiguration asks for (MX and SRV)
 *
 * Each input is read twice: as a raw DNS message, which is what a hostile
 * resolver hands over, and as the records of an answer the harness puts
 * together itself with libresolv's name compression, where the parsers
 * must find exactly the records that went in.
 *
 * Built with -DMF_LIBFUZZER it is a libFuzzer target; without it, main()
 * replays the seed corpus (or the files and directories given) and prints
 * TAP, so plain `make check` runs every seed through the same checks
 */
#include "config.h"

#include "fuzz-replay.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/nameser.h>
#include <netinet/in.h>
#include <resolv.h>

#include "mf-autoconfig-private.h"
#include "mf-error.h"

#define QUESTION "_imaps._tcp.example.jp"
#define MAX_RECORDS 8
#define MAX_LABEL 20

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

#define fail(what, detail) mf_fuzz_fail ("fuzz-autoconfig-dns", what, detail)

typedef struct {
  guint16 priority;   /* the MX preference too */
  guint16 weight;
  guint16 port;
  gchar *target;
} Record;

static void
check_error (const GError *error)
{
  if (error == NULL)
    fail ("a refused answer set no error", NULL);
  if (!g_error_matches (error, MF_ERROR, MF_ERROR_PARSE) && !g_error_matches (error, MF_ERROR, MF_ERROR_NOT_FOUND))
    fail ("an unexpected error", error->message);
  if (!g_utf8_validate (error->message, -1, NULL))
    fail ("the error is not UTF-8", NULL);
}

/* a host name as it goes into a URL and a provider file: printable ASCII
 * (dn_expand escapes the rest), lower case, no trailing dot */
static void
check_host (const gchar *host)
{
  gsize len = strlen (host);
  gsize escapes = 0;

  /* "j\." ends in a dot that is part of its label, escaped by dn_expand */
  while (len > 1 + escapes && host[len - 2 - escapes] == '\\')
    escapes++;
  if (len == 0 || (host[len - 1] == '.' && escapes % 2 == 0))
    fail ("a host name empty or with its trailing dot", host);
  for (const gchar *p = host; *p != '\0'; p++) {
    if (*p < 0x21 || *p > 0x7e || g_ascii_isupper (*p))
      fail ("a host name with a character it cannot have", host);
  }
}

static void
check_raw (const guint8 *data, gsize size)
{
  g_autoptr(GError) mx_error = NULL;
  g_autoptr(GError) srv_error = NULL;
  g_autofree gchar *mx = mf_dns_parse_mx (data, size, &mx_error);
  g_autoptr(GPtrArray) srv = mf_dns_parse_srv (data, size, &srv_error);

  if (mx == NULL)
    check_error (mx_error);
  else
    check_host (mx);
  if (srv == NULL) {
    check_error (srv_error);
    return;
  }
  if (srv->len == 0)
    fail ("an empty SRV answer that is not an error", NULL);
  for (guint i = 0; i < srv->len; i++) {
    const MfSrvRecord *r = g_ptr_array_index (srv, i);
    const MfSrvRecord *prev = i > 0 ? g_ptr_array_index (srv, i - 1) : NULL;

    check_host (r->target);
    if (prev != NULL &&
        (prev->priority > r->priority || (prev->priority == r->priority && prev->weight < r->weight)))
      fail ("SRV records out of order", r->target);
  }
}

/* ---- answers put together from the input ---- */

static void
record_free (Record *r)
{
  g_free (r->target);
  g_free (r);
}

static guint16
take16 (const guint8 **p, const guint8 *end)
{
  guint16 v = 0;

  for (guint i = 0; i < 2; i++) {
    v = (guint16) (v << 8);
    if (*p < end)
      v |= *(*p)++;
  }
  return v;
}

/* a name of one or two labels from the input's bytes, in mixed case, under
 * example.jp */
static gchar *
take_name (const guint8 **p, const guint8 *end)
{
  static const gchar alphabet[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-";
  GString *name = g_string_new (NULL);
  guint len = *p < end ? (guint) (*(*p)++ % MAX_LABEL) + 1 : 1;

  for (guint i = 0; i < len; i++) {
    guint8 b = *p < end ? *(*p)++ : 'x';
    /* a dot now and then, never first, last or doubled */
    if (b == '.' && i > 0 && i + 1 < len && name->str[name->len - 1] != '.')
      g_string_append_c (name, '.');
    else
      g_string_append_c (name, alphabet[b % (sizeof alphabet - 1)]);
  }
  g_string_append (name, ".Example.JP");
  return g_string_free (name, FALSE);
}

static GPtrArray *
take_records (const guint8 *data, gsize size)
{
  GPtrArray *records = g_ptr_array_new_with_free_func ((GDestroyNotify) record_free);
  const guint8 *p = data, *end = data + size;
  guint n = size > 0 ? (guint) (*p++ % MAX_RECORDS) + 1 : 0;

  for (guint i = 0; i < n && p < end; i++) {
    Record *r = g_new0 (Record, 1);

    r->priority = take16 (&p, end);
    r->weight = take16 (&p, end);
    r->port = take16 (&p, end);
    r->target = take_name (&p, end);
    g_ptr_array_add (records, r);
  }
  return records;
}

static guint8 *
put16 (guint8 *p, guint16 v)
{
  p[0] = (guint8) (v >> 8);
  p[1] = (guint8) v;
  return p + 2;
}

/* a response to one question of type, holding the records; MX targets
 * compressed against the names before them, SRV targets not (RFC 2782) */
static gsize
build_answer (guint8 *msg, gsize max, GPtrArray *records, guint16 type)
{
  const guchar *dnptrs[MAX_RECORDS + 4] = { msg, NULL };
  const guchar **lastdnptr = dnptrs + G_N_ELEMENTS (dnptrs);
  guint8 *p = msg, *end = msg + max;
  int n;

  p = put16 (p, 0x1234);
  p = put16 (p, 0x8180);             /* a response, recursion, no error */
  p = put16 (p, 1);
  p = put16 (p, (guint16) records->len);
  p = put16 (p, 0);
  p = put16 (p, 0);
  n = dn_comp (QUESTION, p, (int) (end - p), (guchar **) dnptrs, (guchar **) lastdnptr);
  if (n < 0)
    fail ("cannot put the question together", NULL);
  p += n;
  p = put16 (p, type);
  p = put16 (p, ns_c_in);
  for (guint i = 0; i < records->len; i++) {
    const Record *r = g_ptr_array_index (records, i);
    guint8 *rdlength;
    guint8 *rdata;

    p = put16 (p, 0xc00c);             /* the question's name */
    p = put16 (p, type);
    p = put16 (p, ns_c_in);
    p = put16 (p, 0);
    p = put16 (p, 300);
    rdlength = p;
    rdata = p = p + 2;
    p = put16 (p, r->priority);
    if (type == ns_t_srv) {
      p = put16 (p, r->weight);
      p = put16 (p, r->port);
      n = dn_comp (r->target, p, (int) (end - p), NULL, NULL);
    } else {
      n = dn_comp (r->target, p, (int) (end - p), (guchar **) dnptrs, (guchar **) lastdnptr);
    }
    if (n < 0)
      fail ("cannot put a record together", r->target);
    p += n;
    put16 (rdlength, (guint16) (p - rdata));
  }
  return (gsize) (p - msg);
}

static gint
compare_srv (gconstpointer a, gconstpointer b)
{
  const Record *x = *(const Record * const *) a;
  const Record *y = *(const Record * const *) b;

  if (x->priority != y->priority)
    return x->priority < y->priority ? -1 : 1;
  if (x->weight != y->weight)
    return x->weight > y->weight ? -1 : 1;
  return 0;
}

static void
check_built (const guint8 *data, gsize size)
{
  g_autoptr(GPtrArray) records = take_records (data, size);
  guint8 msg[NS_PACKETSZ * 8];
  g_autoptr(GError) error = NULL;
  g_autofree gchar *mx = NULL;
  g_autoptr(GPtrArray) srv = NULL;
  g_autoptr(GPtrArray) sorted = NULL;
  const Record *best = NULL;
  gsize len;

  if (records->len == 0)
    return;
  len = build_answer (msg, sizeof msg, records, ns_t_mx);
  mx = mf_dns_parse_mx (msg, len, &error);
  if (mx == NULL)
    fail ("a well-formed MX answer is refused", error->message);
  /* the lowest preference wins; on a tie the first record */
  best = g_ptr_array_index (records, 0);
  for (guint i = 1; i < records->len; i++) {
    const Record *r = g_ptr_array_index (records, i);
    if (r->priority < best->priority)
      best = r;
  }
  {
    g_autofree gchar *want = g_ascii_strdown (best->target, -1);
    if (strcmp (mx, want) != 0)
      fail ("the MX answer names another host", mx);
  }

  len = build_answer (msg, sizeof msg, records, ns_t_srv);
  srv = mf_dns_parse_srv (msg, len, &error);
  if (srv == NULL)
    fail ("a well-formed SRV answer is refused", error->message);
  if (srv->len != records->len)
    fail ("SRV records lost or made up", NULL);
  /* g_ptr_array_sort() is stable: ties keep the order of the answer */
  /* the records stay records' own */
  sorted = g_ptr_array_new ();
  for (guint i = 0; i < records->len; i++)
    g_ptr_array_add (sorted, g_ptr_array_index (records, i));
  g_ptr_array_sort (sorted, compare_srv);
  for (guint i = 0; i < srv->len; i++) {
    const MfSrvRecord *got = g_ptr_array_index (srv, i);
    const Record *want = g_ptr_array_index (sorted, i);
    g_autofree gchar *target = g_ascii_strdown (want->target, -1);

    if (got->priority != want->priority || got->weight != want->weight || got->port != want->port ||
        strcmp (got->target, target) != 0)
      fail ("an SRV record read wrong", got->target);
  }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  static gboolean initialised = FALSE;

  if (!initialised) {
    /* a critical means a broken contract, which the fuzzer must see */
    g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
    initialised = TRUE;
  }
  check_raw (data, size);
  check_built (data, size);
  return 0;
}

#ifndef MF_LIBFUZZER

int
main (int argc, char **argv)
{
  return mf_fuzz_replay_main (argc, argv, "autoconfig-dns", LLVMFuzzerTestOneInput);
}

#endif /* MF_LIBFUZZER */
