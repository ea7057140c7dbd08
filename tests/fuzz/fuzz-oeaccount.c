/* fuzz-oeaccount.c: fuzz target for the Windows Mail / Windows Live Mail
 * account file (.oeaccount) reader and writer
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

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "mf-error.h"
#include "mf-oe-account.h"

#define FUZZ_FILENAME "fuzz.oeaccount"
/* what the store writes: a name with markup characters and one outside
 * Latin-1, and a port as a DWORD */
#define SZ_NAME "Account_Name"
#define SZ_VALUE "山田 <taro> & \"花子\" 's"
#define DWORD_NAME "IMAP_Port"
#define DWORD_VALUE 0x3e1u
#define NEW_NAME "Fuzz_Added"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

#define fail(what, detail) mf_fuzz_fail ("fuzz-oeaccount", what, detail)

static gboolean
has_element_child (xmlNode *node)
{
  for (xmlNode *c = node->children; c != NULL; c = c->next) {
    if (c->type == XML_ELEMENT_NODE)
      return TRUE;
  }
  return FALSE;
}

/* the names of the elements the writer put out, read by libxml2 itself
 * (with the reader's own limits) rather than by the code under test.
 * An element that holds elements is left out: the writer indents those
 * (a new file is laid out as the programs write it), which changes the
 * text between them; no account file has one, and the first element of
 * a name is the one read */
static GPtrArray *
element_names (GBytes *bytes)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gsize len = 0;
  const gchar *data = g_bytes_get_data (bytes, &len);
  xmlDoc *doc = xmlReadMemory (data, (int) len, "written", NULL,
                               XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  xmlNode *root;

  if (doc == NULL)
    fail ("the written file is not XML", NULL);
  root = xmlDocGetRootElement (doc);
  for (xmlNode *n = root != NULL ? root->children : NULL; n != NULL; n = n->next) {
    if (n->type != XML_ELEMENT_NODE || !g_hash_table_add (seen, g_strdup ((const gchar *) n->name)))
      continue;
    if (!has_element_child (n))
      g_ptr_array_add (names, g_strdup ((const gchar *) n->name));
  }
  xmlFreeDoc (doc);
  return names;
}

static MfOeAccount *
reparse (GBytes *bytes, const gchar *what)
{
  g_autoptr(GError) error = NULL;
  MfOeAccount *again = mf_oe_account_parse (bytes, "written", &error);

  if (again == NULL)
    fail (what, error->message);
  return again;
}

/* every element reads the same from what was written */
static void
check_same_values (MfOeAccount *a, MfOeAccount *b, GPtrArray *names)
{
  for (guint i = 0; i < names->len; i++) {
    const gchar *name = g_ptr_array_index (names, i);
    g_autofree gchar *va = mf_oe_account_get (a, name);
    g_autofree gchar *vb = mf_oe_account_get (b, name);

    if (g_strcmp0 (va, vb) != 0)
      fail ("a value changed on the way through the writer", name);
  }
}

/* the edits the store makes read back, in the encoding the file had, and
 * the elements it did not touch keep their values */
static void
check_edits (MfOeAccount *oe, GPtrArray *names)
{
  g_autoptr(GBytes) out = NULL;
  g_autoptr(MfOeAccount) again = NULL;
  g_autoptr(GPtrArray) kept = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree gchar *removed = NULL;
  g_autofree gchar *sz = NULL;
  guint32 dword = 0;

  for (guint i = 0; i < names->len; i++) {
    const gchar *name = g_ptr_array_index (names, i);
    if (g_strcmp0 (name, SZ_NAME) != 0 && g_strcmp0 (name, DWORD_NAME) != 0)
      g_ptr_array_add (kept, g_strdup (name));
  }
  if (kept->len > 0) {
    /* every copy of the name goes, so that none of it reads back */
    removed = g_strdup (g_ptr_array_index (kept, kept->len - 1));
    while (mf_oe_account_remove (oe, removed))
      ;
    g_ptr_array_remove_index (kept, kept->len - 1);
  }
  mf_oe_account_set_sz (oe, SZ_NAME, SZ_VALUE);
  mf_oe_account_set_dword (oe, DWORD_NAME, DWORD_VALUE);
  mf_oe_account_set_sz (oe, NEW_NAME, "1");

  out = mf_oe_account_to_bytes (oe, &error);
  if (out == NULL)
    fail ("the edited file cannot be written", error->message);
  again = reparse (out, "the edited file does not read back");
  if (mf_oe_account_is_utf16 (again) != mf_oe_account_is_utf16 (oe))
    fail ("the edited file changed its encoding", NULL);
  sz = mf_oe_account_get (again, SZ_NAME);
  if (g_strcmp0 (sz, SZ_VALUE) != 0)
    fail ("a string did not survive the writer", sz);
  if (!mf_oe_account_get_dword (again, DWORD_NAME, &dword) || dword != DWORD_VALUE)
    fail ("a DWORD did not survive the writer", NULL);
  if (removed != NULL && g_strcmp0 (removed, NEW_NAME) != 0 && mf_oe_account_get (again, removed) != NULL)
    fail ("a removed element reads back", removed);
  check_same_values (oe, again, kept);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  static gboolean initialised = FALSE;
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, size);
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GBytes) out_again = NULL;
  g_autoptr(MfOeAccount) oe = NULL;
  g_autoptr(MfOeAccount) again = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GError) error = NULL;

  if (!initialised) {
    /* a critical means a broken contract, which the fuzzer must see */
    g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
    initialised = TRUE;
  }
  oe = mf_oe_account_parse (bytes, FUZZ_FILENAME, &error);
  if (oe == NULL) {
    if (!g_error_matches (error, MF_ERROR, MF_ERROR_PARSE))
      fail ("an unexpected error", error != NULL ? error->message : NULL);
    mf_fuzz_check_refusal ("fuzz-oeaccount", error, FUZZ_FILENAME);
    return 0;
  }
  out = mf_oe_account_to_bytes (oe, &error);
  if (out == NULL)
    fail ("a file read cannot be written", error->message);
  names = element_names (out);
  again = reparse (out, "a file written does not read back");
  check_same_values (oe, again, names);
  /* what the writer puts out, it puts out again unchanged */
  out_again = mf_oe_account_to_bytes (again, &error);
  if (out_again == NULL || !g_bytes_equal (out, out_again))
    fail ("the writer is not stable", NULL);
  check_edits (oe, names);
  return 0;
}

#ifndef MF_LIBFUZZER

int
main (int argc, char **argv)
{
  return mf_fuzz_replay_main (argc, argv, "oeaccount", LLVMFuzzerTestOneInput);
}

#endif /* MF_LIBFUZZER */
