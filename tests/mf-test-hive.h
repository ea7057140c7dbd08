/* mf-test-hive.h: registry hive files for the tests, built from nothing */
#pragma once

#include <glib.h>

#include "mf-reg.h"

G_BEGIN_DECLS

/* Writes the smallest hive Windows and hivex accept: a base block and one
 * bin holding a root key (no subkeys, no values) and its security cell. */
gboolean mf_test_write_empty_hive (const gchar *path, GError **error);

/* Makes the hive look copied while Windows had it loaded: the first
 * sequence number runs one ahead of the second; the checksum stays right. */
gboolean mf_test_hive_set_dirty   (const gchar *path, GError **error);

/* One value (or bare key) of a hive to build. The data is spelt by type:
 * hex, when set, gives the raw bytes of any type ("01 ab ff");
 * otherwise a REG_DWORD or REG_DWORD_BE holds dword, and every other type
 * holds text as NUL-terminated UTF-16LE (as Outlook keeps strings even in
 * REG_BINARY values). */
typedef struct {
  const gchar *key;    /* below the hive's root: "Software\\Microsoft" */
  const gchar *name;   /* "" is the default value; NULL only creates the key */
  guint32 type;        /* MfRegType */
  const gchar *text;
  guint32 dword;
  const gchar *hex;
} MfTestHiveEntry;

/* an empty hive at path with the entries added through hivex, in order */
gboolean mf_test_hive_build       (const gchar *path, const MfTestHiveEntry *entries,
                                   gsize n_entries, GError **error);

/* a value of a registry tree read back, as text or as a DWORD */
void     mf_test_assert_reg_string (MfRegKey *key, const gchar *name, const gchar *expected);
void     mf_test_assert_reg_dword  (MfRegKey *key, const gchar *name, guint32 expected);

/* whether hivexregedit and hivexget (libhivex-bin, libwin-hivex-perl), the
 * registry readers that are not mailfix's, are installed */
gboolean mf_test_have_hivex_tools  (void);
/* a hive built from base with patch (regedit's UTF-16 file) merged in by
 * hivexregedit, at dir/merged.dat */
gchar   *mf_test_merge_patch       (const gchar *patch, const gchar *dir, const MfTestHiveEntry *base,
                                    gsize n_base);
/* the value as hivexget prints it, or NULL for one that must be absent */
void     mf_test_assert_hivexget   (const gchar *hive, const gchar *key, const gchar *value,
                                    const gchar *expected);

G_END_DECLS
