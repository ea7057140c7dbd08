/* mf-provider-validate.c: every problem of a provider file, for the ISP
 * who writes one: the schema's findings and the loader's, with lines */
#include "config.h"

#include <libxml/parser.h>
#include <libxml/relaxng.h>

#include "mf-error.h"
#include "mf-private.h"
#include "mf-provider-db.h"
#include "mf-provider-private.h"

/* lib/Makefile.am defines it from $(pkgdatadir) */
#ifndef MF_PROVIDERS_SCHEMA
#define MF_PROVIDERS_SCHEMA "/usr/local/share/mailfix/providers.rng"
#endif

/* beside the provider directory in use (the source tree's data/ when
 * MAILFIX_PROVIDERS_DIR points there), else where make install put it */
static gchar *
schema_path (void)
{
  g_autofree gchar *parent = g_path_get_dirname (mf_provider_db_get_default_dir ());
  gchar *beside = g_build_filename (parent, "providers.rng", NULL);

  if (g_file_test (beside, G_FILE_TEST_IS_REGULAR))
    return beside;
  g_free (beside);
  return g_strdup (MF_PROVIDERS_SCHEMA);
}

typedef struct {
  const gchar *display;
  gchar *first;
} Collect;

/* a schema violation makes every enclosing element fail too; the first
 * report with a line is the one that says what is wrong */
static void
collect_error (void *data, const xmlError *error)
{
  Collect *collect = data;
  g_autofree gchar *message = NULL;

  if (collect->first != NULL || error->line <= 0)
    return;
  message = g_strchomp (g_strdup (error->message != NULL ? error->message : ""));
  collect->first = g_strdup_printf ("%s:%d: %s", collect->display, error->line, message);
}

static void
ignore_error (void *data, const xmlError *error)
{
}

/* the schema's finding, for a file the loader took: the schema is
 * stricter, so an ISP's file stays tidy for other clientConfig readers */
static void
check_schema (const gchar *path, const gchar *display, GPtrArray *messages)
{
  g_autofree gchar *schema = schema_path ();
  xmlRelaxNGParserCtxtPtr parser = xmlRelaxNGNewParserCtxt (schema);
  xmlRelaxNGPtr grammar;
  xmlRelaxNGValidCtxtPtr valid;
  xmlDocPtr doc;
  Collect collect = { display, NULL };

  xmlRelaxNGSetParserStructuredErrors (parser, (xmlStructuredErrorFunc) ignore_error, NULL);
  grammar = xmlRelaxNGParse (parser);
  xmlRelaxNGFreeParserCtxt (parser);
  if (grammar == NULL) {
    g_autofree gchar *schema_display = g_filename_display_name (schema);
    g_ptr_array_add (messages, g_strdup_printf (_("%s: cannot read the schema %s, so only the loader's checks were made"),
                                                display, schema_display));
    return;
  }
  doc = xmlReadFile (path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_BIG_LINES);
  if (doc != NULL) {
    valid = xmlRelaxNGNewValidCtxt (grammar);
    xmlRelaxNGSetValidStructuredErrors (valid, (xmlStructuredErrorFunc) collect_error, &collect);
    if (xmlRelaxNGValidateDoc (valid, doc) != 0)
      g_ptr_array_add (messages, collect.first != NULL ? g_steal_pointer (&collect.first)
                                                       : g_strdup_printf (_("%s: does not follow the schema"), display));
    g_free (collect.first);
    xmlRelaxNGFreeValidCtxt (valid);
    xmlFreeDoc (doc);
  }
  xmlRelaxNGFree (grammar);
}

/**
 * mf_provider_validate_file:
 * @path: (type filename): a provider file
 *
 * Checks a provider file as mailfix would load it and, when it loads,
 * against the schema of the format (data/providers.rng), which is
 * stricter: it also refuses unknown elements and values the loader skips.
 *
 * Returns: (transfer full) (element-type utf8): the problems, each
 *   "FILE:LINE: message" where a line is known (the first one found);
 *   empty when the file is good
 *
 * Since: 0.1
 */
GPtrArray *
mf_provider_validate_file (const gchar *path)
{
  GPtrArray *messages = g_ptr_array_new_with_free_func (g_free);
  g_autofree gchar *display = NULL;
  g_autoptr(MfProvider) provider = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (path != NULL, messages);
  mf_i18n_init ();
  display = g_filename_display_name (path);
  provider = mf_provider_new_from_file (path, &error);
  /* the loader's message is the precise one; the schema adds only what
   * the loader lets through */
  if (provider == NULL)
    g_ptr_array_add (messages, g_strdup (error->message));
  else
    check_schema (path, display, messages);
  return messages;
}
