/* mf-private.h: helpers for libmailfix's own sources; never installed */
#pragma once

#ifndef MF_COMPILATION
#error "mf-private.h is for libmailfix's own sources only"
#endif

#include <glib.h>
#include <glib/gi18n-lib.h>

G_BEGIN_DECLS

/* file-local in the library, reachable from unit tests in the testable build */
#ifdef MF_UNIT_TEST
#define MF_TESTABLE
#else
#define MF_TESTABLE static
#endif

/* binds the library's message catalogue; cheap after the first call */
void mf_i18n_init (void);

/* the largest store file mailfix reads: far above any real prefs.js */
#define MF_MAX_FILE_SIZE (64 * 1024 * 1024)

/* replaces an owned string; GLib's g_set_str() arrives only in 2.76 */
static inline gboolean
mf_set_str (gchar **ptr, const gchar *value)
{
  gchar *copy;

  if (g_strcmp0 (*ptr, value) == 0)
    return FALSE;
  copy = g_strdup (value);
  g_free (*ptr);
  *ptr = copy;
  return TRUE;
}

G_END_DECLS
