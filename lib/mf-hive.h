/* mf-hive.h: offline Windows registry hives (a user's NTUSER.DAT from a
 * mounted Windows disk), read and changed through libhivex; private */
#pragma once

#include <glib.h>

#include "mf-reg.h"

G_BEGIN_DECLS

/* Reads the keys below each of subtrees (paths inside the hive, e.g.
 * "Software\\Microsoft\\Office"; absent ones are skipped) with all their
 * values into a tree: a nameless root whose one child HKEY_CURRENT_USER
 * stands for the hive's root. The file is opened read-only. */
MfRegKey *mf_hive_read (const gchar *path, const gchar *const *subtrees, GError **error);

/* TRUE when the hive was cleanly unloaded: the two sequence numbers in its
 * header are equal. Recent changes of a hive that is not clean may live
 * only in its NTUSER.DAT.LOG1/LOG2 files, which hivex does not replay. */
gboolean  mf_hive_is_clean (const gchar *path, guint32 *sequence1, guint32 *sequence2, GError **error);

/* Carries the patch out (its key paths start with HKEY_CURRENT_USER\,
 * which stands for the hive's root; missing keys are created) on a copy of
 * the hive and returns the bytes of the changed hive. The file at path is
 * never changed: the caller writes the result through a transaction. */
GBytes   *mf_hive_apply_patch (const gchar *path, MfRegPatch *patch, GError **error);

G_END_DECLS
