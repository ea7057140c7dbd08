/* fuzz-reg-file.c: fuzz target for the .reg reader and the patch writer
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

#include "mf-error.h"
#include "mf-reg.h"
#include "mf-reg-file.h"

#define FUZZ_FILENAME "fuzz.reg"
#define V5_HEADER "Windows Registry Editor Version 5.00"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

#define fail(what, detail) mf_fuzz_fail ("fuzz-reg-file", what, detail)


static gboolean
same_bytes (GBytes *a, GBytes *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return g_bytes_equal (a, b);
}

/* every key can be found again by its path, every value by its name, and
 * the typed getters take any value */
static void
check_tree (MfRegKey *root, MfRegKey *key, guint depth)
{
  GPtrArray *values = mf_reg_key_get_values (key);
  GPtrArray *children = mf_reg_key_get_children (key);

  if (depth > 0) {
    g_autofree gchar *path = mf_reg_key_get_path (key);
    if (mf_reg_key_lookup (root, path) != key)
      fail ("a key cannot be found by its own path", path);
  }
  for (guint i = 0; i < values->len; i++) {
    const MfRegValue *value = g_ptr_array_index (values, i);
    g_autofree gchar *text = mf_reg_key_get_string (key, value->name);
    guint32 dword = 0;

    if (mf_reg_key_get_value (key, value->name) != value)
      fail ("a value cannot be found by its own name", value->name);
    if (text != NULL && !g_utf8_validate (text, -1, NULL))
      fail ("a string value read as invalid UTF-8", value->name);
    mf_reg_key_get_dword (key, value->name, &dword);
  }
  for (guint i = 0; i < children->len; i++) {
    MfRegKey *child = g_ptr_array_index (children, i);
    if (mf_reg_key_get_parent (child) != key)
      fail ("a child does not point back at its parent", mf_reg_key_get_name (child));
    check_tree (root, child, depth + 1);
  }
}

static void
check_same_tree (MfRegKey *a, MfRegKey *b)
{
  GPtrArray *va = mf_reg_key_get_values (a), *vb = mf_reg_key_get_values (b);
  GPtrArray *ca = mf_reg_key_get_children (a), *cb = mf_reg_key_get_children (b);
  g_autofree gchar *path = mf_reg_key_get_path (a);

  if (strcmp (mf_reg_key_get_name (a), mf_reg_key_get_name (b)) != 0)
    fail ("the trees name a key differently", path);
  if (va->len != vb->len)
    fail ("the trees hold a different number of values", path);
  for (guint i = 0; i < va->len; i++) {
    const MfRegValue *x = g_ptr_array_index (va, i), *y = g_ptr_array_index (vb, i);
    if (strcmp (x->name, y->name) != 0 || x->type != y->type || !same_bytes (x->data, y->data))
      fail ("the trees hold different values", path);
  }
  if (ca->len != cb->len)
    fail ("the trees hold a different number of keys", path);
  for (guint i = 0; i < ca->len; i++)
    check_same_tree (g_ptr_array_index (ca, i), g_ptr_array_index (cb, i));
}

static void
check_same_patch (MfRegPatch *a, MfRegPatch *b)
{
  GPtrArray *ka = mf_reg_patch_get_keys (a), *kb = mf_reg_patch_get_keys (b);

  if (ka->len != kb->len)
    fail ("the patch read back names a different number of keys", NULL);
  for (guint i = 0; i < ka->len; i++) {
    const MfRegPatchKey *x = g_ptr_array_index (ka, i), *y = g_ptr_array_index (kb, i);

    if (strcmp (x->path, y->path) != 0)
      fail ("the patch read back names another key", x->path);
    if (x->changes->len != y->changes->len)
      fail ("the patch read back changes a different number of values", x->path);
    for (guint j = 0; j < x->changes->len; j++) {
      const MfRegChange *c = g_ptr_array_index (x->changes, j), *d = g_ptr_array_index (y->changes, j);
      if (strcmp (c->name, d->name) != 0)
        fail ("the patch read back names another value", c->name);
      if (c->remove != d->remove)
        fail ("the patch read back turned a removal into a change, or back", c->name);
      if (!c->remove && (c->type != d->type || !same_bytes (c->data, d->data)))
        fail ("the patch read back holds another value", c->name);
    }
  }
}

/* the first bytes of a file written by mf_reg_file_write_patch() */
static void
check_header (GBytes *out)
{
  static const gchar header[] = V5_HEADER "\r\n";
  gsize len = 0;
  const guint8 *bytes = g_bytes_get_data (out, &len);

  if (len < 2 + 2 * (sizeof header - 1) || bytes[0] != 0xFF || bytes[1] != 0xFE)
    fail ("the written patch does not start with a UTF-16LE byte-order mark", NULL);
  for (gsize i = 0; i < sizeof header - 1; i++)
    if (bytes[2 + 2 * i] != (guint8) header[i] || bytes[3 + 2 * i] != 0)
      fail ("the written patch does not start with the version 5 header", NULL);
}

/* what the writer makes of a patch reads back as that patch, and as the
 * tree the patch makes of an empty one */
static void
check_patch (MfRegPatch *patch)
{
  /* comments with line breaks and text that would mean something else */
  const gchar *const comments[] = { "written by fuzz-reg-file", "two\nlines\r\n[HKEY_CURRENT_USER\\Evil]",
                                    "", "\"quoted\"=dword:1", NULL };
  g_autoptr(GBytes) out = mf_reg_file_write_patch (patch, comments);
  g_autoptr(GBytes) out_again = NULL;
  g_autoptr(MfRegPatch) again = NULL;
  g_autoptr(MfRegKey) applied = mf_reg_key_new (NULL);
  g_autoptr(MfRegKey) parsed = NULL;
  g_autoptr(GError) error = NULL;
  MfRegFormat format = MF_REG_FORMAT_REGEDIT4;

  if (out == NULL)
    fail ("the patch could not be written", NULL);
  check_header (out);

  again = mf_reg_file_parse_patch (out, FUZZ_FILENAME, &error);
  if (again == NULL)
    fail ("the written patch does not read back as a patch", error->message);
  check_same_patch (patch, again);
  out_again = mf_reg_file_write_patch (again, comments);
  if (!g_bytes_equal (out, out_again))
    fail ("the patch read back is written differently", NULL);

  mf_reg_patch_apply (patch, applied);
  check_tree (applied, applied, 0);
  parsed = mf_reg_file_parse (out, FUZZ_FILENAME, &format, &error);
  if (parsed == NULL)
    fail ("the written patch does not read back as a tree", error->message);
  if (format != MF_REG_FORMAT_V5)
    fail ("the written patch does not read back as version 5", NULL);
  check_same_tree (applied, parsed);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  static gboolean initialised = FALSE;
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, size);
  g_autoptr(MfRegKey) tree = NULL;
  g_autoptr(MfRegPatch) patch = NULL;
  g_autoptr(GError) error = NULL;

  if (!initialised) {
    /* a critical means a broken contract, which the fuzzer must see */
    g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
    initialised = TRUE;
  }
  tree = mf_reg_file_parse (bytes, FUZZ_FILENAME, NULL, &error);
  if (tree == NULL)
    mf_fuzz_check_refusal ("fuzz-reg-file", error, FUZZ_FILENAME);
  else
    check_tree (tree, tree, 0);
  g_clear_error (&error);

  patch = mf_reg_file_parse_patch (bytes, FUZZ_FILENAME, &error);
  if (patch == NULL) {
    mf_fuzz_check_refusal ("fuzz-reg-file", error, FUZZ_FILENAME);
    return 0;
  }
  /* a patch takes what a tree takes, less whole-key deletions */
  if (tree == NULL)
    fail ("an input read as a patch but not as a tree", NULL);
  check_patch (patch);
  return 0;
}

#ifndef MF_LIBFUZZER

int
main (int argc, char **argv)
{
  return mf_fuzz_replay_main (argc, argv, "reg-file", LLVMFuzzerTestOneInput);
}

#endif /* MF_LIBFUZZER */
