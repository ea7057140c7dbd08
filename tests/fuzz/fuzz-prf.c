/* fuzz-prf.c: fuzz target for the Outlook profile file (.prf) reader and
 * its line-by-line editor
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
#include "mf-prf.h"

#define FUZZ_FILENAME "fuzz.prf"
#define ACCOUNT_LIST "Internet Account List"
#define NEW_SECTION "Fuzz Section"

/* values with nothing iniparser would read differently: no quotes, no
 * ';' or '#', no white space at either end; one that CP932 holds and one
 * that it does not, which sends a CP932 file over to UTF-16LE */
#define VALUE_PLAIN "imap.fuzz.example.jp"
#define VALUE_CP932 "山田 太郎"
#define VALUE_HANGUL "김민준 (fuzz)"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

typedef struct {
  gchar *section;
  const gchar *key;
  const gchar *value;   /* NULL: removed */
} Edit;

#define fail(what, detail) mf_fuzz_fail ("fuzz-prf", what, detail)


/* what mf_prf_set() takes as a section name */
static gboolean
settable_name (const gchar *name)
{
  return name[0] != '\0' && g_utf8_validate (name, -1, NULL) && strpbrk (name, "=[]\r\n") == NULL;
}

static void
check_accounts (MfPrf *prf)
{
  g_autoptr(GPtrArray) accounts = mf_prf_get_accounts (prf);

  for (guint i = 0; i < accounts->len; i++) {
    const MfPrfAccount *account = g_ptr_array_index (accounts, i);

    if (account->section == NULL || account->kind == NULL || account->kind[0] == '\0')
      fail ("an account without section or kind", NULL);
    if (g_strcmp0 (mf_prf_get (prf, ACCOUNT_LIST, account->section), account->kind) != 0)
      fail ("a listed account cannot be queried", account->section);
    /* any section name must be a fine question */
    mf_prf_get (prf, account->section, "AccountName");
  }
}

static void
edit (MfPrf *prf, GPtrArray *edits, const gchar *section, const gchar *key, const gchar *value)
{
  Edit *e = g_new0 (Edit, 1);

  if (value != NULL) {
    mf_prf_set (prf, section, key, value);
    if (g_strcmp0 (mf_prf_get (prf, section, key), value) != 0)
      fail ("a value set cannot be read at once", key);
  } else {
    mf_prf_remove (prf, section, key);
    if (mf_prf_get (prf, section, key) != NULL)
      fail ("a value removed can still be read", key);
  }
  e->section = g_strdup (section);
  e->key = key;
  e->value = value;
  g_ptr_array_add (edits, e);
}

static void
edit_free (gpointer data)
{
  Edit *e = data;

  g_free (e->section);
  g_free (e);
}

/* changes made through mf_prf_set() and mf_prf_remove() are there when the
 * file written is read again, and that file round-trips too */
static void
check_edits (MfPrf *prf)
{
  g_autoptr(GPtrArray) accounts = mf_prf_get_accounts (prf);
  g_autoptr(GPtrArray) edits = g_ptr_array_new_with_free_func (edit_free);
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GBytes) out_again = NULL;
  g_autoptr(MfPrf) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree gchar *added = NULL;

  for (guint i = 0; i < accounts->len; i++) {
    const MfPrfAccount *account = g_ptr_array_index (accounts, i);

    if (!settable_name (account->section))
      continue;
    edit (prf, edits, account->section, "IMAPServer", VALUE_PLAIN);
    edit (prf, edits, account->section, "DisplayName", VALUE_CP932);
    edit (prf, edits, account->section, "UniqueService", NULL);
    break;
  }
  edit (prf, edits, NEW_SECTION, "Organization", VALUE_HANGUL);
  added = mf_prf_add_account (prf, "IMAP_I_Mail");
  if (added == NULL || g_strcmp0 (mf_prf_get (prf, ACCOUNT_LIST, added), "IMAP_I_Mail") != 0)
    fail ("an added account is not listed", added);
  edit (prf, edits, added, "EmailAddress", "taro@fuzz.example.jp");
  edit (prf, edits, "General", "Custom", "1");

  out = mf_prf_to_bytes (prf);
  if (out == NULL)
    fail ("the edited file cannot be written", NULL);
  again = mf_prf_parse (out, FUZZ_FILENAME, &error);
  if (again == NULL)
    fail ("the edited file does not read back", error->message);
  for (guint i = 0; i < edits->len; i++) {
    const Edit *e = g_ptr_array_index (edits, i);
    if (g_strcmp0 (mf_prf_get (again, e->section, e->key), e->value) != 0)
      fail (e->value != NULL ? "a value set does not read back" : "a value removed reads back", e->key);
  }
  if (g_strcmp0 (mf_prf_get (again, ACCOUNT_LIST, added), "IMAP_I_Mail") != 0)
    fail ("an added account does not read back", added);
  check_accounts (again);
  out_again = mf_prf_to_bytes (again);
  if (out_again == NULL || !g_bytes_equal (out, out_again))
    fail ("the edited file does not round-trip", NULL);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  static gboolean initialised = FALSE;
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, size);
  g_autoptr(GBytes) out = NULL;
  g_autoptr(MfPrf) prf = NULL;
  g_autoptr(GError) error = NULL;

  if (!initialised) {
    /* a critical means a broken contract, which the fuzzer must see */
    g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
    initialised = TRUE;
  }
  prf = mf_prf_parse (bytes, FUZZ_FILENAME, &error);
  if (prf == NULL) {
    mf_fuzz_check_refusal ("fuzz-prf", error, FUZZ_FILENAME);
    return 0;
  }
  out = mf_prf_to_bytes (prf);
  if (out == NULL || !g_bytes_equal (out, bytes))
    fail ("parse then write changed the bytes", NULL);
  check_accounts (prf);
  check_edits (prf);
  return 0;
}

#ifndef MF_LIBFUZZER

int
main (int argc, char **argv)
{
  return mf_fuzz_replay_main (argc, argv, "prf", LLVMFuzzerTestOneInput);
}

#endif /* MF_LIBFUZZER */
