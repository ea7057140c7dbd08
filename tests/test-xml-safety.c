/* test-xml-safety.c: the XML mailfix reads comes from other people's disks
 * and from the network, so no parse may reach the network, read a local
 * file through an entity, or expand entities without bound; each reader is
 * fed real attacks, and the library's sources are checked for the parser
 * options that would allow them */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <glib/gstdio.h>

#include "mf-error.h"
#include "mf-oe-account.h"
#include "mf-provider-private.h"
#include "mf-test-utils.h"

#define SECRET "mailfix-secret-4711"
/* far more than a refusal needs, even under the sanitizers; an expansion
 * of the documents below would take minutes or run out of memory */
#define MAX_PARSE_USEC (10 * G_USEC_PER_SEC)

typedef struct {
  gchar *dir;
  gchar *secret_uri;   /* file:// URI of a file that must never be read */
  int listen_fd;       /* a loopback port no parse may connect to */
  guint16 port;
} Fixture;

typedef MfProvider *(*ProviderReader) (const gchar *data, gsize len, GError **error);

static void
fixture_set_up (Fixture *fx, gconstpointer user_data)
{
  g_autofree gchar *secret = NULL;
  struct sockaddr_in sin = { 0 };
  socklen_t len = sizeof sin;

  fx->dir = mf_test_make_tempdir ("xml-safety");
  secret = g_build_filename (fx->dir, "secret.txt", NULL);
  mf_test_write_file (secret, SECRET "\n");
  fx->secret_uri = g_filename_to_uri (secret, NULL, NULL);

  fx->listen_fd = socket (AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  g_assert_cmpint (fx->listen_fd, >=, 0);
  sin.sin_family = AF_INET;
  sin.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  g_assert_cmpint (bind (fx->listen_fd, (struct sockaddr *) &sin, sizeof sin), ==, 0);
  g_assert_cmpint (listen (fx->listen_fd, 8), ==, 0);
  g_assert_cmpint (getsockname (fx->listen_fd, (struct sockaddr *) &sin, &len), ==, 0);
  fx->port = ntohs (sin.sin_port);
}

static void
fixture_tear_down (Fixture *fx, gconstpointer user_data)
{
  close (fx->listen_fd);
  mf_test_rmtree (fx->dir);
  g_free (fx->dir);
  g_free (fx->secret_uri);
}

/* no parse connected to the port while it ran */
static void
assert_no_connection (Fixture *fx)
{
  int fd = accept (fx->listen_fd, NULL, NULL);

  if (fd >= 0)
    close (fd);
  g_assert_cmpint (fd, <, 0);
  g_assert_true (errno == EAGAIN || errno == EWOULDBLOCK);
}

/* ---- the attacks ---- */

typedef gchar *(*BodyFunc) (const gchar *value);

/* a provider file with value as the name the wizard shows */
static gchar *
provider_body (const gchar *value)
{
  return g_strdup_printf (
    "<clientConfig version=\"1.1\">\n"
    "  <emailProvider id=\"example.jp\">\n"
    "    <domain>example.jp</domain>\n"
    "    <displayName>%s</displayName>\n"
    "    <incomingServer type=\"imap\"><hostname>imap.example.jp</hostname><port>993</port>"
    "<socketType>SSL</socketType><username>%%EMAILADDRESS%%</username>"
    "<authentication>password-cleartext</authentication></incomingServer>\n"
    "    <outgoingServer type=\"smtp\"><hostname>smtp.example.jp</hostname><port>465</port>"
    "<socketType>SSL</socketType><username>%%EMAILADDRESS%%</username>"
    "<authentication>password-cleartext</authentication></outgoingServer>\n"
    "  </emailProvider>\n"
    "</clientConfig>\n", value);
}

/* an account file with value as the account's name */
static gchar *
account_body (const gchar *value)
{
  return g_strdup_printf (
    "<MessageAccount>\n"
    "  <Account_Name type=\"SZ\">%s</Account_Name>\n"
    "  <IMAP_Server type=\"SZ\">imap.example.jp</IMAP_Server>\n"
    "</MessageAccount>\n", value);
}

/* a document of root with doctype before it and reference as the value a
 * program shows */
static gchar *
attack (BodyFunc body, const gchar *root, const gchar *doctype, const gchar *reference)
{
  g_autofree gchar *content = body (reference);

  return g_strdup_printf ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE %s %s>\n%s", root, doctype, content);
}

/* every attack on one kind of document: the doctype and the reference
 * that makes use of it */
static GPtrArray *
attacks (Fixture *fx, BodyFunc body, const gchar *root)
{
  GPtrArray *docs = g_ptr_array_new_with_free_func (g_free);
  g_autofree gchar *external = g_strdup_printf ("[<!ENTITY x SYSTEM \"%s\">]", fx->secret_uri);
  g_autofree gchar *net_entity = g_strdup_printf ("[<!ENTITY x SYSTEM \"http://127.0.0.1:%u/x\">]", fx->port);
  g_autofree gchar *net_dtd = g_strdup_printf ("SYSTEM \"http://127.0.0.1:%u/evil.dtd\"", fx->port);
  g_autofree gchar *net_param = g_strdup_printf ("[<!ENTITY %% p SYSTEM \"http://127.0.0.1:%u/p.dtd\"> %%p;]", fx->port);
  g_autofree gchar *file_param = g_strdup_printf ("[<!ENTITY %% p SYSTEM \"%s\"> %%p;]", fx->secret_uri);
  g_autoptr(GString) laughs = g_string_new ("[<!ENTITY l0 \"lol\">");
  g_autoptr(GString) quadratic = g_string_new ("[<!ENTITY big \"");
  g_autoptr(GString) big_refs = g_string_new (NULL);

  /* a billion laughs: ten levels of ten references each */
  for (guint i = 1; i <= 10; i++) {
    g_string_append_printf (laughs, "<!ENTITY l%u \"", i);
    for (guint j = 0; j < 10; j++)
      g_string_append_printf (laughs, "&l%u;", i - 1);
    g_string_append (laughs, "\">");
  }
  g_string_append (laughs, "]");
  /* the quadratic blow-up: one large entity, referenced many times */
  for (guint i = 0; i < 50000; i++)
    g_string_append_c (quadratic, 'A');
  g_string_append (quadratic, "\">]");
  for (guint i = 0; i < 20000; i++)
    g_string_append (big_refs, "&big;");

  g_ptr_array_add (docs, attack (body, root, external, "&x;"));
  g_ptr_array_add (docs, attack (body, root, net_entity, "&x;"));
  g_ptr_array_add (docs, attack (body, root, net_dtd, "x"));
  g_ptr_array_add (docs, attack (body, root, net_param, "x"));
  g_ptr_array_add (docs, attack (body, root, file_param, "x"));
  g_ptr_array_add (docs, attack (body, root, laughs->str, "&l10;"));
  g_ptr_array_add (docs, attack (body, root, quadratic->str, big_refs->str));
  return docs;
}

/* refused, quickly, without the secret in the message and without a
 * connection */
static void
assert_refused (Fixture *fx, const GError *error, gint64 start)
{
  g_assert_error (error, MF_ERROR, MF_ERROR_PARSE);
  g_assert_null (strstr (error->message, SECRET));
  g_assert_cmpint (g_get_monotonic_time () - start, <, MAX_PARSE_USEC);
  assert_no_connection (fx);
}

static MfProvider *
read_provider_file (const gchar *data, gsize len, GError **error)
{
  return mf_provider_new_from_data (data, len, "attack.xml", error);
}

/* what autoconfiguration hands over from the network */
static MfProvider *
read_provider_found (const gchar *data, gsize len, GError **error)
{
  return mf_provider_new_found (data, len, "example.jp", MF_PROVIDER_ORIGIN_AUTOCONFIG,
                                "https://autoconfig.example.jp/mail/config-v1.1.xml", MF_CONFIDENCE_MEDIUM, error);
}

static void
check_provider_reader (Fixture *fx, ProviderReader reader)
{
  g_autoptr(GPtrArray) docs = attacks (fx, provider_body, "clientConfig");

  for (guint i = 0; i < docs->len; i++) {
    const gchar *doc = g_ptr_array_index (docs, i);
    g_autoptr(GError) error = NULL;
    g_autoptr(MfProvider) provider = NULL;
    gint64 start = g_get_monotonic_time ();

    g_test_message ("attack %u", i);
    provider = reader (doc, strlen (doc), &error);
    g_assert_null (provider);
    assert_refused (fx, error, start);
  }
}

static void
test_provider_file (Fixture *fx, gconstpointer user_data)
{
  check_provider_reader (fx, read_provider_file);
}

static void
test_provider_found (Fixture *fx, gconstpointer user_data)
{
  check_provider_reader (fx, read_provider_found);
}

static void
test_oeaccount (Fixture *fx, gconstpointer user_data)
{
  g_autoptr(GPtrArray) docs = attacks (fx, account_body, "MessageAccount");

  for (guint i = 0; i < docs->len; i++) {
    const gchar *doc = g_ptr_array_index (docs, i);
    g_autoptr(GBytes) bytes = g_bytes_new_static (doc, strlen (doc));
    g_autoptr(GError) error = NULL;
    g_autoptr(MfOeAccount) oe = NULL;
    gint64 start = g_get_monotonic_time ();

    g_test_message ("attack %u", i);
    oe = mf_oe_account_parse (bytes, "attack.oeaccount", &error);
    g_assert_null (oe);
    assert_refused (fx, error, start);
  }
}

/* ---- the sources ---- */

/* the statement of lib/ that starts at call, up to its semicolon */
static gchar *
statement_at (const gchar *call)
{
  const gchar *end = strchr (call, ';');

  return g_strndup (call, end != NULL ? (gsize) (end - call) : strlen (call));
}

/* every parse names its options in the call or in a variable of that file
 * ("options"), and they include XML_PARSE_NONET */
static void
check_parse_calls (const gchar *name, const gchar *text)
{
  static const gchar *const calls[] = {
    "xmlReadMemory (", "xmlReadFile (", "xmlReadDoc (", "xmlReadFd (", "xmlReadIO (",
    "xmlCtxtReadMemory (", "xmlCtxtReadFile (", "xmlCtxtReadDoc (", "xmlCtxtReadFd (", "xmlCtxtReadIO (",
    "xmlCtxtUseOptions (", NULL
  };
  g_autofree gchar *options = NULL;
  const gchar *decl = strstr (text, "options = ");

  if (decl != NULL)
    options = statement_at (decl);
  for (guint c = 0; calls[c] != NULL; c++) {
    for (const gchar *hit = strstr (text, calls[c]); hit != NULL; hit = strstr (hit + 1, calls[c])) {
      g_autofree gchar *statement = statement_at (hit);

      g_test_message ("%s: %s", name, statement);
      if (strstr (statement, "XML_PARSE_NONET") == NULL) {
        g_assert_nonnull (strstr (statement, "options"));
        g_assert_nonnull (options);
        g_assert_nonnull (strstr (options, "XML_PARSE_NONET"));
      }
    }
  }
}

static void
test_sources (void)
{
  /* what lets a document load a DTD or an entity, substitute entities,
   * lift libxml2's size limits, or parse with the defaults (which are
   * all of that) */
  static const gchar *const banned[] = {
    "XML_PARSE_NOENT", "XML_PARSE_DTDLOAD", "XML_PARSE_DTDATTR", "XML_PARSE_DTDVALID", "XML_PARSE_HUGE",
    "xmlSubstituteEntitiesDefault", "xmlLoadExtDtdDefaultValue", "xmlParseFile", "xmlParseMemory",
    "xmlParseDoc", "xmlSAXUserParse", "xmlRecoverMemory", "xmlRecoverFile", NULL
  };
  g_autofree gchar *lib = mf_test_srcpath ("..", "lib", NULL);
  g_autoptr(GDir) dir = g_dir_open (lib, 0, NULL);
  const gchar *name;
  guint files = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL) {
    g_autofree gchar *path = NULL;
    g_autofree gchar *text = NULL;

    if (!g_str_has_suffix (name, ".c") && !g_str_has_suffix (name, ".h"))
      continue;
    path = g_build_filename (lib, name, NULL);
    g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
    for (guint b = 0; banned[b] != NULL; b++) {
      if (strstr (text, banned[b]) != NULL)
        g_error ("lib/%s uses %s", name, banned[b]);
    }
    check_parse_calls (name, text);
    files++;
  }
  g_assert_cmpuint (files, >, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add ("/xml-safety/provider-file", Fixture, NULL, fixture_set_up, test_provider_file, fixture_tear_down);
  g_test_add ("/xml-safety/provider-found", Fixture, NULL, fixture_set_up, test_provider_found, fixture_tear_down);
  g_test_add ("/xml-safety/oeaccount", Fixture, NULL, fixture_set_up, test_oeaccount, fixture_tear_down);
  g_test_add_func ("/xml-safety/sources", test_sources);
  return g_test_run ();
}
