/* fuzz-replay.c: runs a libFuzzer target over seed files, so every fuzz
 * target also runs in plain "make check" builds without libFuzzer */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

#include "fuzz-replay.h"
#include "mf-error.h"

/* g_ptr_array_sort() hands over pointers to the elements */
static gint
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const gchar * const *) a, *(const gchar * const *) b);
}

/* a file as given, or every file in a directory in name order, so TAP
 * numbers mean the same seed on every run */
static gboolean
collect_inputs (GPtrArray *files, const gchar *path, GError **error)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const gchar *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR)) {
    g_ptr_array_add (files, g_strdup (path));
    return TRUE;
  }
  dir = g_dir_open (path, 0, error);
  if (dir == NULL)
    return FALSE;
  while ((name = g_dir_read_name (dir)) != NULL) {
    if (name[0] != '.')
      g_ptr_array_add (names, g_strdup (name));
  }
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    g_ptr_array_add (files, g_build_filename (path, g_ptr_array_index (names, i), NULL));
  return TRUE;
}

static gchar *
default_corpus (const gchar *argv0, const gchar *corpus)
{
  const gchar *srcdir = g_getenv ("G_TEST_SRCDIR");
  g_autofree gchar *bindir = NULL;

  if (srcdir != NULL)
    return g_build_filename (srcdir, "fuzz", "corpus", corpus, NULL);
  bindir = g_path_get_dirname (argv0);
  return g_build_filename (bindir, "corpus", corpus, NULL);
}

static gboolean
collect_all (GPtrArray *files, int argc, char **argv, const gchar *corpus, GError **error)
{
  g_autofree gchar *dir = NULL;

  for (int i = 1; i < argc; i++) {
    if (!collect_inputs (files, argv[i], error))
      return FALSE;
  }
  if (argc > 1)
    return TRUE;
  dir = default_corpus (argv[0], corpus);
  if (!g_file_test (dir, G_FILE_TEST_IS_DIR)) {
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT, "no seed corpus at %s", dir);
    return FALSE;
  }
  return collect_inputs (files, dir, error);
}

int
mf_fuzz_replay_main (int argc, char **argv, const char *corpus,
                     int (*target) (const uint8_t *data, size_t size))
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  gboolean failed = FALSE;

  if (!collect_all (files, argc, argv, corpus, &error)) {
    printf ("Bail out! %s\n", error->message);
    return 1;
  }
  printf ("1..%u\n", files->len);
  for (guint i = 0; i < files->len; i++) {
    const gchar *path = g_ptr_array_index (files, i);
    g_autofree gchar *data = NULL;
    g_autoptr(GError) read_error = NULL;
    gsize len = 0;

    if (!g_file_get_contents (path, &data, &len, &read_error)) {
      printf ("not ok %u - %s # %s\n", i + 1, path, read_error->message);
      failed = TRUE;
      continue;
    }
    target ((const uint8_t *) data, len);
    printf ("ok %u - %s\n", i + 1, path);
    fflush (stdout);
  }
  return failed ? 1 : 0;
}

void
mf_fuzz_fail (const char *target, const char *what, const char *detail)
{
  fprintf (stderr, "%s: %s%s%s\n", target, what, detail != NULL ? ": " : "", detail != NULL ? detail : "");
  abort ();
}

void
mf_fuzz_check_refusal (const char *target, const GError *error, const char *name)
{
  if (error == NULL)
    mf_fuzz_fail (target, "a refused input set no error", NULL);
  if (error->domain != MF_ERROR)
    mf_fuzz_fail (target, "an error outside MF_ERROR", error->message);
  if (strstr (error->message, name) == NULL)
    mf_fuzz_fail (target, "the error does not name the file", error->message);
  if (!g_utf8_validate (error->message, -1, NULL))
    mf_fuzz_fail (target, "the error is not UTF-8", NULL);
}

void
mf_fuzz_write_file (const char *target, const char *path, const char *data, size_t size)
{
  g_autoptr(GError) error = NULL;

  if (!g_file_set_contents (path, data, (gssize) size, &error))
    mf_fuzz_fail (target, "cannot write a temporary file", error->message);
}
