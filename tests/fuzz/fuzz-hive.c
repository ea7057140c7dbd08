/* fuzz-hive.c: fuzz target for the offline hive reader and patcher
 *
 * mf_hive_read() takes a path, so each input goes to a private temporary
 * file first. Built with -DMF_LIBFUZZER it is a libFuzzer target; without
 * it, main() replays the seed corpus (or the files and directories given)
 * and prints TAP, so plain `make check` runs every seed through the same
 * checks
 */
#include "config.h"

#include "fuzz-replay.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "mf-error.h"
#include "mf-hive.h"
#include "mf-reg.h"

#define FUZZ_KEY "Software\\Fuzz"
#define FUZZ_VALUE "Fuzzed"
#define FUZZ_REMOVED "Removed"
#define FUZZ_DWORD 0x12345678u
#define CHECKSUM_OFFSET 0x1fc

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* where Outlook and Outlook Express keep their accounts, and the key above
 * both, so a read walks everything an input holds there */
static const gchar *const subtrees[] = {
  "Identities",
  "Software\\Microsoft\\Office\\16.0\\Outlook\\Profiles",
  "Software",
  NULL
};

static gchar *tmp_dir;

#define fail(what, detail) mf_fuzz_fail ("fuzz-hive", what, detail)

static void
remove_tmp_dir (void)
{
  if (tmp_dir != NULL)
    g_rmdir (tmp_dir);
  g_clear_pointer (&tmp_dir, g_free);
}

static gchar *
write_input (const gchar *name, const guint8 *data, gsize size)
{
  g_autofree gchar *path = g_build_filename (tmp_dir, name, NULL);
  g_autoptr(GError) error = NULL;

  if (!g_file_set_contents (path, (const gchar *) data, (gssize) size, &error))
    fail ("cannot write the input to a temporary file", error->message);
  return g_steal_pointer (&path);
}


static void
walk (MfRegKey *key)
{
  GPtrArray *children = mf_reg_key_get_children (key);
  GPtrArray *values = mf_reg_key_get_values (key);

  for (guint i = 0; i < values->len; i++) {
    const MfRegValue *value = g_ptr_array_index (values, i);
    g_autofree gchar *text = mf_reg_key_get_string (key, value->name);
    guint32 dword = 0;

    if (!g_utf8_validate (value->name, -1, NULL) || (text != NULL && !g_utf8_validate (text, -1, NULL)))
      fail ("a value read as invalid UTF-8", NULL);
    mf_reg_key_get_dword (key, value->name, &dword);
  }
  for (guint i = 0; i < children->len; i++) {
    MfRegKey *child = g_ptr_array_index (children, i);
    const gchar *name = mf_reg_key_get_name (child);

    if (name[0] == '\0' || strchr (name, '\\') != NULL || !g_utf8_validate (name, -1, NULL))
      fail ("a key read with an unusable name", NULL);
    walk (child);
  }
}

/* a patch either fails with an error or gives a hive that reads back with
 * the value set in it and the value removed gone */
static void
check_patch (const gchar *path)
{
  g_autoptr(MfRegPatch) patch = mf_reg_patch_new ();
  g_autoptr(GBytes) dword = mf_reg_dword_bytes (FUZZ_DWORD);
  g_autoptr(GBytes) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MfRegKey) root = NULL;
  g_autofree gchar *patched = NULL;
  const gchar *const fuzz_subtree[] = { FUZZ_KEY, NULL };
  MfRegKey *key;
  guint32 value = 0;

  /* the removal first: hivex reads every value of a key before it sets
   * one, but a removal rewrites the list without reading the value */
  mf_reg_patch_remove (patch, "HKEY_CURRENT_USER\\" FUZZ_KEY, FUZZ_REMOVED);
  mf_reg_patch_set (patch, "HKEY_CURRENT_USER\\" FUZZ_KEY, FUZZ_VALUE, MF_REG_DWORD, dword);
  result = mf_hive_apply_patch (path, patch, &error);
  if (result == NULL) {
    mf_fuzz_check_refusal ("fuzz-hive", error, path);
    return;
  }
  patched = write_input ("patched", g_bytes_get_data (result, NULL), g_bytes_get_size (result));
  root = mf_hive_read (patched, fuzz_subtree, &error);
  g_unlink (patched);
  if (root == NULL)
    fail ("the patched hive does not read back", error->message);
  key = mf_reg_key_lookup (root, "HKEY_CURRENT_USER\\" FUZZ_KEY);
  if (!mf_reg_key_get_dword (key, FUZZ_VALUE, &value) || value != FUZZ_DWORD)
    fail ("the patched hive does not hold the value set", NULL);
  if (mf_reg_key_get_value (key, FUZZ_REMOVED) != NULL)
    fail ("the patched hive still holds the value removed", NULL);
}

/* hivex refuses a base block whose checksum is wrong, which almost every
 * mutation makes it: the input's is put right, so the fuzzer gets past
 * the header to the bins and cells behind it */
static guint8 *
fix_checksum (const uint8_t *data, size_t size)
{
  guint8 *copy = g_memdup2 (data, size);
  guint32 sum = 0;

  if (size < CHECKSUM_OFFSET + 4 || memcmp (copy, "regf", 4) != 0)
    return copy;
  for (gsize off = 0; off < CHECKSUM_OFFSET; off += 4)
    sum ^= (guint32) copy[off] | (guint32) copy[off + 1] << 8 |
           (guint32) copy[off + 2] << 16 | (guint32) copy[off + 3] << 24;
  for (guint i = 0; i < 4; i++)
    copy[CHECKSUM_OFFSET + i] = (sum >> (8 * i)) & 0xff;
  return copy;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(MfRegKey) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree gchar *path = NULL;
  g_autofree guint8 *input = fix_checksum (data, size);
  guint32 seq1 = 0, seq2 = 0;

  if (tmp_dir == NULL) {
    g_autoptr(GError) tmp_error = NULL;

    /* a critical means a broken contract, which the fuzzer must see */
    g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
    /* hivex prints its debugging to stderr when this is set */
    g_unsetenv ("HIVEX_DEBUG");
    tmp_dir = g_dir_make_tmp ("fuzz-hive-XXXXXX", &tmp_error);
    if (tmp_dir == NULL)
      fail ("cannot make a temporary directory", tmp_error->message);
    atexit (remove_tmp_dir);
  }
  path = write_input ("NTUSER.DAT", input, size);

  root = mf_hive_read (path, subtrees, &error);
  if (root == NULL) {
    mf_fuzz_check_refusal ("fuzz-hive", error, path);
    g_unlink (path);
    return 0;
  }
  walk (root);
  if (!mf_hive_is_clean (path, &seq1, &seq2, NULL) && seq1 == seq2)
    fail ("a hive read is not clean with equal sequence numbers", NULL);
  check_patch (path);
  g_unlink (path);
  return 0;
}

#ifndef MF_LIBFUZZER

int
main (int argc, char **argv)
{
  return mf_fuzz_replay_main (argc, argv, "hive", LLVMFuzzerTestOneInput);
}

#endif /* MF_LIBFUZZER */
