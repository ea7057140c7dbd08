/* mf-cli-json-stream.c: one JSON document written piece by piece, for
 * output too large to build whole first (a scan of thousands of homes).
 * The text is what json-glib would print for the whole document. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "mf-cli.h"

struct _MfCliJsonStream {
  gchar *command;
  gboolean started;
  guint n_elements;   /* in the array being written */
  FILE *deferred;     /* elements of the array written last */
  guint n_deferred;
};

static gchar *
pretty (JsonNode *node, gsize *len)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();

  json_generator_set_root (gen, node);
  json_generator_set_pretty (gen, TRUE);
  return json_generator_to_data (gen, len);
}

/* writes text indented by depth levels: an element inside an array inside
 * the document's object. A string value holds no raw newline, so every
 * newline starts a line of the layout. */
static void
write_indented (FILE *out, const gchar *text, gsize len)
{
  const gchar *end = text + len;

  while (text < end) {
    const gchar *nl = memchr (text, '\n', (gsize) (end - text));
    gsize line = nl != NULL ? (gsize) (nl - text) + 1 : (gsize) (end - text);
    fputs ("    ", out);
    fwrite (text, 1, line, out);
    text += line;
  }
}

MfCliJsonStream *
mf_cli_json_stream_new (const gchar *command, GError **error)
{
  g_autoptr(MfCliJsonStream) stream = g_new0 (MfCliJsonStream, 1);

  stream->command = g_strdup (command);
  /* an unnamed file, gone when closed: a list kept there costs no memory */
  stream->deferred = tmpfile ();
  if (stream->deferred == NULL) {
    int saved_errno = errno;
    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                 _("cannot create a temporary file: %s"), g_strerror (saved_errno));
    return NULL;
  }
  return g_steal_pointer (&stream);
}

void
mf_cli_json_stream_free (MfCliJsonStream *stream)
{
  if (stream == NULL)
    return;
  if (stream->deferred != NULL)
    fclose (stream->deferred);
  g_free (stream->command);
  g_free (stream);
}

/* the document's first members, written with the first thing after them */
static void
start (MfCliJsonStream *stream)
{
  JsonBuilder *b;
  g_autofree gchar *text = NULL;
  gsize len = 0;

  if (stream->started)
    return;
  stream->started = TRUE;
  b = mf_cli_json_begin (stream->command);
  json_builder_end_object (b);
  {
    g_autoptr(JsonNode) root = json_builder_get_root (b);
    text = pretty (root, &len);
  }
  g_object_unref (b);
  /* all but the closing "\n}" */
  fwrite (text, 1, len - 2, stdout);
}

void
mf_cli_json_stream_begin_array (MfCliJsonStream *stream, const gchar *member)
{
  start (stream);
  printf (",\n  \"%s\" : [", member);
  stream->n_elements = 0;
}

void
mf_cli_json_stream_add (MfCliJsonStream *stream, JsonNode *element)
{
  gsize len = 0;
  g_autofree gchar *text = pretty (element, &len);

  fputs (stream->n_elements++ > 0 ? ",\n" : "\n", stdout);
  write_indented (stdout, text, len);
}

void
mf_cli_json_stream_end_array (MfCliJsonStream *stream)
{
  fputs (stream->n_elements > 0 ? "\n  ]" : "]", stdout);
}

void
mf_cli_json_stream_defer (MfCliJsonStream *stream, JsonNode *element)
{
  gsize len = 0;
  g_autofree gchar *text = pretty (element, &len);

  fputs (stream->n_deferred++ > 0 ? ",\n" : "\n", stream->deferred);
  write_indented (stream->deferred, text, len);
}

/* the array of the deferred elements, as member */
void
mf_cli_json_stream_write_deferred (MfCliJsonStream *stream, const gchar *member)
{
  gchar buf[65536];
  size_t n;

  mf_cli_json_stream_begin_array (stream, member);
  rewind (stream->deferred);
  while ((n = fread (buf, 1, sizeof buf, stream->deferred)) > 0)
    fwrite (buf, 1, n, stdout);
  stream->n_elements = stream->n_deferred;
  mf_cli_json_stream_end_array (stream);
}

/* tail: an object begun with json_builder_begin_object() holding the
 * document's last members; it is ended and freed here */
void
mf_cli_json_stream_end (MfCliJsonStream *stream, JsonBuilder *tail)
{
  g_autoptr(JsonNode) root = NULL;
  g_autofree gchar *text = NULL;
  gsize len = 0;

  start (stream);
  json_builder_end_object (tail);
  root = json_builder_get_root (tail);
  g_object_unref (tail);
  text = pretty (root, &len);
  /* its members, after the opening "{" */
  fputc (',', stdout);
  fwrite (text + 1, 1, len - 1, stdout);
  fputc ('\n', stdout);
  fflush (stdout);
}
