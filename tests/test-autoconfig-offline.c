/* test-autoconfig-offline.c: the parts of autoconfiguration that need no network:
 * the MX and SRV answer parsers (on DNS messages built here byte by byte),
 * the public suffix list, the settings, a found provider's limits, the
 * cache, the asynchronous lookup and the session's use of it. The lookups
 * against real servers are in test-autoconfig.sh. */
#include "config.h"

#include <arpa/nameser.h>
#include <string.h>

#include "mailfix.h"
#include "mf-autoconfig-private.h"
#include "mf-provider-private.h"
#include "mf-test-utils.h"

/* ---- DNS messages ---- */

static void
put16 (GByteArray *msg, guint v)
{
  guint8 b[2] = { (guint8) (v >> 8), (guint8) v };

  g_byte_array_append (msg, b, 2);
}

static void
put_name (GByteArray *msg, const gchar *name)
{
  g_auto(GStrv) labels = g_strsplit (name, ".", -1);
  guint8 zero = 0;

  for (guint i = 0; name[0] != '\0' && labels[i] != NULL; i++) {
    guint8 len = (guint8) strlen (labels[i]);
    g_byte_array_append (msg, &len, 1);
    g_byte_array_append (msg, (const guint8 *) labels[i], len);
  }
  g_byte_array_append (msg, &zero, 1);
}

/* a response with the question for qname and n answers still to add */
static GByteArray *
message_new (const gchar *qname, guint qtype, guint n_answers)
{
  GByteArray *msg = g_byte_array_new ();

  put16 (msg, 0x1234);
  put16 (msg, 0x8180);
  put16 (msg, 1);
  put16 (msg, n_answers);
  put16 (msg, 0);
  put16 (msg, 0);
  put_name (msg, qname);
  put16 (msg, qtype);
  put16 (msg, ns_c_in);
  return msg;
}

/* an answer for the question's name (a compression pointer to offset 12);
 * rdata is what put_rdata wrote into a scratch array */
static void
add_answer (GByteArray *msg, guint type, GByteArray *rdata)
{
  put16 (msg, 0xc00c);
  put16 (msg, type);
  put16 (msg, ns_c_in);
  put16 (msg, 0);
  put16 (msg, 300);
  put16 (msg, rdata->len);
  g_byte_array_append (msg, rdata->data, rdata->len);
  g_byte_array_unref (rdata);
}

static GByteArray *
mx_rdata (guint preference, const gchar *host)
{
  GByteArray *rdata = g_byte_array_new ();

  put16 (rdata, preference);
  put_name (rdata, host);
  return rdata;
}

static GByteArray *
srv_rdata (guint priority, guint weight, guint port, const gchar *target)
{
  GByteArray *rdata = g_byte_array_new ();

  put16 (rdata, priority);
  put16 (rdata, weight);
  put16 (rdata, port);
  put_name (rdata, target);
  return rdata;
}

static void
test_parse_mx (void)
{
  g_autoptr(GByteArray) msg = message_new ("shop.test", ns_t_mx, 4);
  g_autoptr(GError) error = NULL;
  g_autofree gchar *host = NULL;
  GByteArray *cname = g_byte_array_new ();

  /* a CNAME first, which is not an MX; then preferences 20, 10, 10: the
   * lowest wins and, on a tie, the first */
  put_name (cname, "alias.shop.test");
  add_answer (msg, ns_t_cname, cname);
  add_answer (msg, ns_t_mx, mx_rdata (20, "mx9.other.test"));
  add_answer (msg, ns_t_mx, mx_rdata (10, "MX1.Mail.Hoster.test"));
  add_answer (msg, ns_t_mx, mx_rdata (10, "mx2.mail.hoster.test"));
  host = mf_dns_parse_mx (msg->data, msg->len, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (host, ==, "mx1.mail.hoster.test");
}

static void
test_parse_mx_none (void)
{
  g_autoptr(GByteArray) empty = message_new ("shop.test", ns_t_mx, 0);
  g_autoptr(GByteArray) null_mx = message_new ("shop.test", ns_t_mx, 1);
  g_autoptr(GError) error = NULL;
  gchar *host;

  host = mf_dns_parse_mx (empty->data, empty->len, &error);
  g_assert_null (host);
  g_assert_error (error, MF_ERROR, MF_ERROR_NOT_FOUND);
  g_clear_error (&error);
  /* RFC 7505: "." at preference 0 is a domain that takes no mail */
  add_answer (null_mx, ns_t_mx, mx_rdata (0, ""));
  host = mf_dns_parse_mx (null_mx->data, null_mx->len, &error);
  g_assert_null (host);
  g_assert_error (error, MF_ERROR, MF_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "null MX"));
}

static void
test_parse_malformed (void)
{
  g_autoptr(GByteArray) msg = message_new ("shop.test", ns_t_mx, 1);
  g_autoptr(GError) error = NULL;
  const guint8 garbage[] = { 0x12, 0x34, 0x81 };

  add_answer (msg, ns_t_mx, mx_rdata (10, "mx.shop.test"));
  /* cut in the middle of the answer's host name */
  g_assert_null (mf_dns_parse_mx (msg->data, msg->len - 4, &error));
  g_assert_error (error, MF_ERROR, MF_ERROR_PARSE);
  g_clear_error (&error);
  g_assert_null (mf_dns_parse_srv (garbage, sizeof garbage, &error));
  g_assert_error (error, MF_ERROR, MF_ERROR_PARSE);
}

static void
test_parse_srv (void)
{
  g_autoptr(GByteArray) msg = message_new ("_imaps._tcp.shop.test", ns_t_srv, 3);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = NULL;
  MfSrvRecord *r;

  add_answer (msg, ns_t_srv, srv_rdata (20, 0, 993, "c.shop.test"));
  add_answer (msg, ns_t_srv, srv_rdata (10, 5, 10993, "b.shop.test"));
  add_answer (msg, ns_t_srv, srv_rdata (10, 50, 993, "a.shop.test"));
  records = mf_dns_parse_srv (msg->data, msg->len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 3);
  /* lowest priority first, then the heaviest */
  r = g_ptr_array_index (records, 0);
  g_assert_cmpstr (r->target, ==, "a.shop.test");
  g_assert_cmpuint (r->port, ==, 993);
  r = g_ptr_array_index (records, 1);
  g_assert_cmpstr (r->target, ==, "b.shop.test");
  g_assert_cmpuint (r->port, ==, 10993);
  g_assert_cmpuint (r->weight, ==, 5);
  r = g_ptr_array_index (records, 2);
  g_assert_cmpstr (r->target, ==, "c.shop.test");
  g_assert_cmpuint (r->priority, ==, 20);
}

static void
test_parse_srv_not_offered (void)
{
  g_autoptr(GByteArray) msg = message_new ("_pop3._tcp.shop.test", ns_t_srv, 1);
  g_autoptr(GByteArray) none = message_new ("_pop3._tcp.shop.test", ns_t_srv, 0);
  g_autoptr(GError) error = NULL;

  add_answer (msg, ns_t_srv, srv_rdata (0, 0, 0, ""));
  g_assert_null (mf_dns_parse_srv (msg->data, msg->len, &error));
  g_assert_error (error, MF_ERROR, MF_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "not offered"));
  g_clear_error (&error);
  g_assert_null (mf_dns_parse_srv (none->data, none->len, &error));
  g_assert_error (error, MF_ERROR, MF_ERROR_NOT_FOUND);
}

static void
test_registrable_domain (void)
{
  g_autofree gchar *jp = mf_autoconfig_registrable_domain ("mx1.mail.hoster.co.jp");
  g_autofree gchar *com = mf_autoconfig_registrable_domain ("mx.example.com");
  g_autofree gchar *suffix = mf_autoconfig_registrable_domain ("co.jp");

  /* co.jp is a public suffix: the domain is one label below it */
  g_assert_cmpstr (jp, ==, "hoster.co.jp");
  g_assert_cmpstr (com, ==, "example.com");
  g_assert_null (suffix);
}

/* ---- settings ---- */

static void
test_settings (void)
{
  g_autoptr(MfAutoconfig) ac = mf_autoconfig_new ();
  g_autoptr(GError) error = NULL;
  g_autofree gchar *default_cache = NULL;
  g_autofree gchar *cache = NULL;
  const gchar *bad_dns[] = { "::1", "[::1]:53", "127.0.0.1:0", "127.0.0.1:65536", "127.0.0.1:x", "dns.test:53", NULL };

  g_assert_cmpstr (mf_autoconfig_get_ispdb_url (ac), ==, MF_AUTOCONFIG_DEFAULT_ISPDB_URL);
  g_assert_cmpuint (mf_autoconfig_get_timeout (ac), ==, 10);
  default_cache = mf_autoconfig_get_cache_dir (ac);
  g_assert_true (g_str_has_prefix (default_cache, g_get_user_cache_dir ()));
  g_assert_true (g_str_has_suffix (default_cache, "mailfix/autoconfig"));
  mf_autoconfig_set_cache_dir (ac, "/somewhere/else");
  cache = mf_autoconfig_get_cache_dir (ac);
  g_assert_cmpstr (cache, ==, "/somewhere/else");

  g_assert_false (mf_autoconfig_set_ispdb_url (ac, "http://ispdb.test/v1.1/", &error));
  g_assert_error (error, MF_ERROR, MF_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_true (mf_autoconfig_set_ispdb_url (ac, "https://ispdb.test/v1.1", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (mf_autoconfig_get_ispdb_url (ac), ==, "https://ispdb.test/v1.1/");

  mf_autoconfig_set_timeout (ac, 2);
  g_assert_cmpuint (mf_autoconfig_get_timeout (ac), ==, 2);
  mf_autoconfig_set_timeout (ac, 0);
  g_assert_cmpuint (mf_autoconfig_get_timeout (ac), ==, 10);

  g_assert_true (mf_autoconfig_set_dns_server (ac, "127.0.0.1:5353", &error));
  g_assert_true (mf_autoconfig_set_dns_server (ac, "192.0.2.53", &error));
  g_assert_true (mf_autoconfig_set_dns_server (ac, NULL, &error));
  g_assert_no_error (error);
  for (guint i = 0; bad_dns[i] != NULL; i++) {
    g_assert_false (mf_autoconfig_set_dns_server (ac, bad_dns[i], &error));
    g_assert_error (error, MF_ERROR, MF_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
  }
}

/* ---- what a found provider may say ---- */

#define FOUND_XML \
  "<?xml version=\"1.0\"?>\n" \
  "<clientConfig version=\"1.1\" xmlns:mf=\"urn:mailfix:provider:1\">\n" \
  "  <emailProvider id=\"ocn.ne.jp\">\n" \
  "    <domain>cached.test</domain><domain>ocn.ne.jp</domain><domain>*.ocn.ne.jp</domain>\n" \
  "    <displayName>Cached Mail</displayName>\n" \
  "    <incomingServer type=\"imap\">\n" \
  "      <hostname>imap.cached.test</hostname><port>993</port><socketType>SSL</socketType>\n" \
  "      <username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication>\n" \
  "    </incomingServer>\n" \
  "    <outgoingServer type=\"smtp\" mf:confidence=\"low\">\n" \
  "      <hostname>smtp.cached.test</hostname><port>587</port><socketType>STARTTLS</socketType>\n" \
  "      <username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication>\n" \
  "    </outgoingServer>\n" \
  "    <mf:hostPattern>*.ocn.ne.jp</mf:hostPattern>\n" \
  "    <mf:branding><mf:name xml:lang=\"en\">Call us</mf:name><mf:logo file=\"logo.png\"/>" \
  "<mf:phone>0120-000-000</mf:phone></mf:branding>\n" \
  "  </emailProvider>\n" \
  "</clientConfig>\n"

static void
test_found_provider (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MfProvider) p = mf_provider_new_found (FOUND_XML, strlen (FOUND_XML), "Cached.Test",
                                                   MF_PROVIDER_ORIGIN_ISPDB, "https://ispdb.test/v1.1/cached.test",
                                                   MF_CONFIDENCE_MEDIUM, &error);
  g_autoptr(MfProvider) doctype = NULL;
  const gchar *entity = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><clientConfig/>";
  GPtrArray *domains;

  g_assert_no_error (error);
  /* it speaks for the domain it was looked up for, and for no other */
  g_assert_cmpstr (mf_provider_get_id (p), ==, "cached.test");
  domains = mf_provider_get_domains (p);
  g_assert_cmpuint (domains->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (domains, 0), ==, "cached.test");
  g_assert_cmpuint (mf_provider_get_host_patterns (p)->len, ==, 0);
  g_assert_cmpuint (mf_provider_match_host_score (p, "imap.cached.test"), ==, 0);
  /* no branding, no file */
  g_assert_false (mf_provider_has_branding (p));
  g_assert_null (mf_provider_get_support_phone (p));
  g_assert_null (mf_provider_get_logo_path (p));
  g_assert_null (mf_provider_get_filename (p));
  g_assert_cmpint (mf_provider_get_origin (p), ==, MF_PROVIDER_ORIGIN_ISPDB);
  g_assert_cmpstr (mf_provider_origin_to_string (mf_provider_get_origin (p)), ==, "ispdb");
  g_assert_cmpstr (mf_provider_get_origin_url (p), ==, "https://ispdb.test/v1.1/cached.test");
  /* high becomes medium; low stays low */
  g_assert_cmpint (mf_provider_server_get_confidence (g_ptr_array_index (mf_provider_get_incoming (p), 0)), ==,
                   MF_CONFIDENCE_MEDIUM);
  g_assert_cmpint (mf_provider_server_get_confidence (g_ptr_array_index (mf_provider_get_outgoing (p), 0)), ==,
                   MF_CONFIDENCE_LOW);

  /* the loader's limits hold: no document type, so no entity */
  doctype = mf_provider_new_found (entity, strlen (entity), "cached.test", MF_PROVIDER_ORIGIN_AUTOCONFIG,
                                   "https://autoconfig.cached.test/mail/config-v1.1.xml", MF_CONFIDENCE_MEDIUM, &error);
  g_assert_null (doctype);
  g_assert_error (error, MF_ERROR, MF_ERROR_PARSE);
  g_assert_true (g_str_has_prefix (error->message, "https://autoconfig.cached.test/mail/config-v1.1.xml:"));
}

static void
test_found_in_db (void)
{
  g_autoptr(MfProviderDb) db = mf_test_provider_db ();
  g_autoptr(MfProvider) p = mf_provider_new_found (FOUND_XML, strlen (FOUND_XML), "ocn.ne.jp",
                                                   MF_PROVIDER_ORIGIN_MX_ISPDB, "https://ispdb.test/v1.1/x",
                                                   MF_CONFIDENCE_MEDIUM, NULL);
  MfProvider *shipped = mf_provider_db_lookup_id (db, "ocn.ne.jp");

  /* a found provider with the id of a shipped one never replaces it */
  g_assert_nonnull (shipped);
  mf_provider_db_add_found (db, p);
  g_assert_true (mf_provider_db_lookup_id (db, "ocn.ne.jp") == shipped);
  g_assert_true (mf_provider_db_lookup_host (db, "imap.ocn.ne.jp") == shipped);
}

/* ---- the cache and the lookup ---- */

static gchar *tmp;

static MfAutoconfig *
cached_lookup (void)
{
  MfAutoconfig *ac = mf_autoconfig_new ();
  g_autofree gchar *cache = g_build_filename (tmp, "cache", NULL);
  MfAutoconfigCacheEntry found = { TRUE, g_get_real_time () / G_USEC_PER_SEC, MF_PROVIDER_ORIGIN_WELL_KNOWN,
                                   (gchar *) "https://cached.test/.well-known/autoconfig/mail/config-v1.1.xml",
                                   (gchar *) FOUND_XML };
  MfAutoconfigCacheEntry nothing = { FALSE, g_get_real_time () / G_USEC_PER_SEC, MF_PROVIDER_ORIGIN_FILE, NULL, NULL };

  mf_autoconfig_set_cache_dir (ac, cache);
  /* nothing here must reach the network: a resolver nobody answers on */
  g_assert_true (mf_autoconfig_set_dns_server (ac, "127.0.0.1:9", NULL));
  mf_autoconfig_set_timeout (ac, 1);
  mf_autoconfig_cache_store (cache, "cached.test", &found);
  mf_autoconfig_cache_store (cache, "nothing.test", &nothing);
  return ac;
}

static void
on_lookup (GObject *source, GAsyncResult *result, gpointer user_data)
{
  MfProvider **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = mf_autoconfig_lookup_finish (MF_AUTOCONFIG (source), result, &error);
  g_assert_no_error (error);
}

static void
test_cache_async (void)
{
  g_autoptr(MfAutoconfig) ac = cached_lookup ();
  g_autoptr(MfProvider) p = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MfProvider) none = NULL;

  mf_autoconfig_lookup_async (ac, "taro@CACHED.test", NULL, on_lookup, &p);
  while (p == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (mf_provider_get_id (p), ==, "cached.test");
  g_assert_cmpint (mf_provider_get_origin (p), ==, MF_PROVIDER_ORIGIN_WELL_KNOWN);
  g_assert_cmpint (mf_provider_get_confidence (p), ==, MF_CONFIDENCE_LOW);

  none = mf_autoconfig_lookup (ac, "taro@nothing.test", NULL, &error);
  g_assert_null (none);
  g_assert_error (error, MF_ERROR, MF_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "remembered"));
  g_clear_error (&error);

  g_assert_null (mf_autoconfig_lookup (ac, "no-domain", NULL, &error));
  g_assert_error (error, MF_ERROR, MF_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (mf_autoconfig_lookup (ac, "taro@bad/../name.test", NULL, &error));
  g_assert_error (error, MF_ERROR, MF_ERROR_INVALID_ARGUMENT);
}

static void
test_cancelled (void)
{
  g_autoptr(MfAutoconfig) ac = cached_lookup ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree gchar *entry = g_build_filename (tmp, "cache", "elsewhere.test.json", NULL);

  g_cancellable_cancel (cancellable);
  g_assert_null (mf_autoconfig_lookup (ac, "taro@elsewhere.test", cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* a cancelled lookup found nothing, and remembers nothing */
  g_assert_false (g_file_test (entry, G_FILE_TEST_EXISTS));
}

static void
test_session (void)
{
  g_autoptr(MfAutoconfig) ac = cached_lookup ();
  g_autoptr(MfSession) session = mf_session_new ();
  g_autoptr(MfProviderDb) db = mf_test_provider_db ();
  g_autoptr(GError) error = NULL;
  g_autofree gchar *profile = g_build_filename (tmp, "profile", NULL);
  g_autofree gchar *prefs = g_build_filename (profile, "prefs.js", NULL);
  MfDiagnosis *diagnosis;
  MfRemedy *remedy;
  GPtrArray *notes;
  gboolean noted = FALSE;

  g_assert_cmpint (g_mkdir_with_parents (profile, 0700), ==, 0);
  mf_test_write_file (prefs,
                      "user_pref(\"mail.account.account1.identities\", \"id1\");\n"
                      "user_pref(\"mail.account.account1.server\", \"server1\");\n"
                      "user_pref(\"mail.accountmanager.accounts\", \"account1\");\n"
                      "user_pref(\"mail.identity.id1.smtpServer\", \"smtp1\");\n"
                      "user_pref(\"mail.identity.id1.useremail\", \"taro@cached.test\");\n"
                      "user_pref(\"mail.server.server1.hostname\", \"imap.cached.test\");\n"
                      "user_pref(\"mail.server.server1.port\", 143);\n"
                      "user_pref(\"mail.server.server1.socketType\", 0);\n"
                      "user_pref(\"mail.server.server1.type\", \"imap\");\n"
                      "user_pref(\"mail.server.server1.userName\", \"taro@cached.test\");\n"
                      "user_pref(\"mail.smtpserver.smtp1.hostname\", \"smtp.cached.test\");\n"
                      "user_pref(\"mail.smtpserver.smtp1.port\", 587);\n"
                      "user_pref(\"mail.smtpserver.smtp1.try_ssl\", 2);\n"
                      "user_pref(\"mail.smtpserver.smtp1.username\", \"taro@cached.test\");\n");
  mf_session_set_provider_db (session, db);
  mf_session_add_profile_path (session, profile);
  mf_session_set_autoconfig (session, ac);
  g_assert_true (mf_session_scan (session, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (mf_session_get_diagnoses (session)->len, ==, 1);
  diagnosis = g_ptr_array_index (mf_session_get_diagnoses (session), 0);
  g_assert_nonnull (mf_diagnosis_get_provider (diagnosis));
  g_assert_cmpstr (mf_provider_get_id (mf_diagnosis_get_provider (diagnosis)), ==, "cached.test");
  g_assert_nonnull (mf_provider_db_lookup_domain (db, "cached.test"));
  /* plain IMAP on 143: the provider's IMAP over TLS, confirmed at medium,
   * with a note of where the settings came from */
  remedy = mf_diagnosis_get_remedy (diagnosis);
  g_assert_nonnull (remedy);
  g_assert_true (mf_remedy_get_incoming_confirmed (remedy));
  g_assert_cmpuint (mf_server_get_port (mf_remedy_get_incoming (remedy)), ==, 993);
  notes = mf_remedy_get_notes (remedy);
  for (guint i = 0; i < notes->len; i++)
    noted = noted || strstr (g_ptr_array_index (notes, i), "autoconfiguration") != NULL;
  g_assert_true (noted);
}

/* a Thunderbird home whose one account uses IMAP on 143 at domain */
static gchar *
plain_imap_home (const gchar *name, const gchar *domain)
{
  gchar *home = g_build_filename (tmp, name, NULL);
  g_autofree gchar *tb = g_build_filename (home, ".thunderbird", NULL);
  g_autofree gchar *profile = g_build_filename (tb, "p.default", NULL);
  g_autofree gchar *ini = g_build_filename (tb, "profiles.ini", NULL);
  g_autofree gchar *prefs = g_build_filename (profile, "prefs.js", NULL);
  g_autofree gchar *text = g_strdup_printf (
      "user_pref(\"mail.account.account1.identities\", \"id1\");\n"
      "user_pref(\"mail.account.account1.server\", \"server1\");\n"
      "user_pref(\"mail.accountmanager.accounts\", \"account1\");\n"
      "user_pref(\"mail.identity.id1.useremail\", \"taro@%s\");\n"
      "user_pref(\"mail.server.server1.hostname\", \"imap.%s\");\n"
      "user_pref(\"mail.server.server1.port\", 143);\n"
      "user_pref(\"mail.server.server1.type\", \"imap\");\n"
      "user_pref(\"mail.server.server1.userName\", \"taro\");\n", domain, domain);

  g_assert_cmpint (g_mkdir_with_parents (profile, 0700), ==, 0);
  mf_test_write_file (ini, "[Profile0]\nName=default\nIsRelative=1\nPath=p.default\nDefault=1\n");
  mf_test_write_file (prefs, text);
  return home;
}

/* homes read at once on several threads share one lookup per domain: a
 * home whose domain another home is looking up waits for the answer and
 * is diagnosed with it */
static void
test_session_many_homes (void)
{
  g_autoptr(MfAutoconfig) ac = cached_lookup ();
  g_autoptr(MfSession) session = mf_session_new ();
  g_autoptr(MfProviderDb) db = mf_test_provider_db ();
  g_autoptr(GPtrArray) homes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  GPtrArray *diagnoses;

  for (guint i = 0; i < 8; i++) {
    g_autofree gchar *name = g_strdup_printf ("many-%u", i);
    g_ptr_array_add (homes, plain_imap_home (name, i % 2 == 0 ? "cached.test" : "nothing.test"));
    mf_session_add_home (session, g_ptr_array_index (homes, i));
  }
  mf_session_set_provider_db (session, db);
  mf_session_set_autoconfig (session, ac);
  g_setenv ("MAILFIX_SCAN_THREADS", "4", TRUE);
  g_assert_true (mf_session_scan (session, &error));
  g_unsetenv ("MAILFIX_SCAN_THREADS");
  g_assert_no_error (error);
  g_assert_cmpuint (mf_session_get_problems (session)->len, ==, 0);
  diagnoses = mf_session_get_diagnoses (session);
  g_assert_cmpuint (diagnoses->len, ==, 8);
  for (guint i = 0; i < diagnoses->len; i++) {
    MfDiagnosis *diagnosis = g_ptr_array_index (diagnoses, i);
    MfProvider *provider = mf_diagnosis_get_provider (diagnosis);
    const gchar *address = mf_account_get_address (mf_diagnosis_get_account (diagnosis));

    if (i % 2 == 0) {
      g_assert_cmpstr (address, ==, "taro@cached.test");
      g_assert_nonnull (provider);
      g_assert_cmpstr (mf_provider_get_id (provider), ==, "cached.test");
    } else {
      g_assert_cmpstr (address, ==, "taro@nothing.test");
      g_assert_null (provider);
    }
  }
  for (guint i = 0; i < homes->len; i++)
    mf_test_rmtree (g_ptr_array_index (homes, i));
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  tmp = mf_test_make_tempdir ("autoconfig");
  g_test_add_func ("/autoconfig/dns/mx", test_parse_mx);
  g_test_add_func ("/autoconfig/dns/mx-none", test_parse_mx_none);
  g_test_add_func ("/autoconfig/dns/malformed", test_parse_malformed);
  g_test_add_func ("/autoconfig/dns/srv", test_parse_srv);
  g_test_add_func ("/autoconfig/dns/srv-not-offered", test_parse_srv_not_offered);
  g_test_add_func ("/autoconfig/psl", test_registrable_domain);
  g_test_add_func ("/autoconfig/settings", test_settings);
  g_test_add_func ("/autoconfig/found-provider", test_found_provider);
  g_test_add_func ("/autoconfig/found-in-db", test_found_in_db);
  g_test_add_func ("/autoconfig/cache-async", test_cache_async);
  g_test_add_func ("/autoconfig/cancelled", test_cancelled);
  g_test_add_func ("/autoconfig/session", test_session);
  g_test_add_func ("/autoconfig/session-many-homes", test_session_many_homes);
  status = g_test_run ();
  mf_test_rmtree (tmp);
  g_free (tmp);
  return status;
}
