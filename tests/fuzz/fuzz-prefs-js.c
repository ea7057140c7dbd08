/* fuzz-prefs-js.c: fuzz target for the prefs.js reader and writer
 *
 * built with -DMF_LIBFUZZER it is a libFuzzer target; without it, main()
 * replays the seed corpus (or the files and directories given) and prints
 * TAP, so plain `make check` runs every seed through the same checks
 */
#include "config.h"

#include "fuzz-replay.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mf-prefs-js.h"

#define FUZZ_STRING_NAME "mail.fuzz.value"
#define FUZZ_STRING_VALUE "a \"quoted\" \\ value\nwith\r\n山田 太郎 's"
#define FUZZ_BOOL_NAME "0.fuzz.first"
#define FUZZ_INT_VALUE 587

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

#define fail(what, detail) mf_fuzz_fail ("fuzz-prefs-js", what, detail)

static void
check_same_bytes (MfPrefsJs *prefs, const gchar *data, gsize size, const gchar *what)
{
  g_autoptr(GBytes) out = mf_prefs_js_to_bytes (prefs);
  gsize len = 0;
  const gchar *bytes = g_bytes_get_data (out, &len);

  if (len != size || (size > 0 && memcmp (bytes, data, size) != 0))
    fail (what, NULL);
}

/* every name the reader lists must answer every query */
static void
check_queries (MfPrefsJs *prefs)
{
  g_autoptr(GPtrArray) names = mf_prefs_js_list_names (prefs, NULL);
  guint i;

  for (i = 0; i < names->len; i++) {
    const gchar *name = g_ptr_array_index (names, i);
    g_autofree gchar *rendered = mf_prefs_js_render_value (prefs, name);

    if (rendered == NULL || mf_prefs_js_get_type_of (prefs, name) == MF_PREF_NONE ||
        mf_prefs_js_get_line (prefs, name) == 0)
      fail ("a listed pref cannot be queried", name);
  }
}

/* what the writer produces must parse again, with the values it was given */
static void
check_edits (MfPrefsJs *prefs)
{
  g_autoptr(GPtrArray) names = mf_prefs_js_list_names (prefs, NULL);
  /* copies: the names belong to prefs, and an edit may free them */
  g_autofree gchar *first = NULL;
  g_autofree gchar *last = NULL;
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MfPrefsJs) again = NULL;
  const gchar *bytes;
  gsize len = 0;
  gboolean flag = FALSE;

  if (names->len > 0)
    first = g_strdup (g_ptr_array_index (names, 0));
  if (names->len > 1)
    last = g_strdup (g_ptr_array_index (names, names->len - 1));
  if (first != NULL)
    mf_prefs_js_set_int (prefs, first, FUZZ_INT_VALUE);
  if (last != NULL && !mf_prefs_js_remove (prefs, last))
    fail ("a listed pref could not be removed", last);
  mf_prefs_js_set_string (prefs, FUZZ_STRING_NAME, FUZZ_STRING_VALUE);
  mf_prefs_js_set_bool (prefs, FUZZ_BOOL_NAME, TRUE);

  out = mf_prefs_js_to_bytes (prefs);
  bytes = g_bytes_get_data (out, &len);
  again = mf_prefs_js_parse (bytes, len, "edited", &error);
  if (again == NULL)
    fail ("the edited file does not parse", error->message);
  if (g_strcmp0 (mf_prefs_js_get_string (again, FUZZ_STRING_NAME), FUZZ_STRING_VALUE) != 0)
    fail ("a string did not survive the writer", NULL);
  if (!mf_prefs_js_get_bool (again, FUZZ_BOOL_NAME, &flag) || !flag)
    fail ("a boolean did not survive the writer", NULL);
  check_same_bytes (again, bytes, len, "the edited file does not round-trip");
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  static gboolean initialised = FALSE;
  g_autoptr(MfPrefsJs) prefs = NULL;

  if (!initialised) {
    /* a critical means a broken contract, which the fuzzer must see */
    g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
    initialised = TRUE;
  }
  prefs = mf_prefs_js_parse ((const gchar *) data, size, "fuzz", NULL);
  if (prefs == NULL)
    return 0;
  check_same_bytes (prefs, (const gchar *) data, size, "parse then write changed the bytes");
  check_queries (prefs);
  check_edits (prefs);
  return 0;
}

#ifndef MF_LIBFUZZER

int
main (int argc, char **argv)
{
  return mf_fuzz_replay_main (argc, argv, "prefs-js", LLVMFuzzerTestOneInput);
}

#endif /* MF_LIBFUZZER */
