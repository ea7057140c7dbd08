/* mf-provider-search.c: where provider files are looked for, so that an
 * ISP adds or overrides providers without rebuilding mailfix */
#include "config.h"

#include "mf-error.h"
#include "mf-private.h"
#include "mf-provider-db.h"
#include "mf-provider-private.h"

/* lib/Makefile.am defines it from $(sysconfdir) */
#ifndef MF_SYSCONF_PROVIDERS_DIR
#define MF_SYSCONF_PROVIDERS_DIR "/etc/mailfix/providers"
#endif

static void
add_dir (GPtrArray *dirs, gchar *dir)
{
  g_autofree gchar *canonical = g_canonicalize_filename (dir, NULL);

  for (guint i = 0; i < dirs->len; i++) {
    g_autofree gchar *seen = g_canonicalize_filename (g_ptr_array_index (dirs, i), NULL);
    if (g_strcmp0 (seen, canonical) == 0) {
      g_free (dir);
      return;
    }
  }
  g_ptr_array_add (dirs, dir);
}

/**
 * mf_provider_db_get_search_path:
 *
 * The directories provider files are read from, least important first: the
 * shipped directory (mf_provider_db_get_default_dir()), `mailfix/providers`
 * in each XDG system data directory, the system directory under /etc
 * (`$(sysconfdir)/mailfix/providers`), and `mailfix/providers` in the user's
 * XDG data directory. A provider in a later directory replaces one of the
 * same id in an earlier one.
 *
 * Returns: (transfer full) (element-type filename): the directories, each
 *   once, whether or not it exists
 *
 * Since: 0.1
 */
GPtrArray *
mf_provider_db_get_search_path (void)
{
  GPtrArray *dirs = g_ptr_array_new_with_free_func (g_free);
  const gchar * const *system = g_get_system_data_dirs ();
  guint n = system != NULL ? g_strv_length ((gchar **) system) : 0;

  add_dir (dirs, g_strdup (mf_provider_db_get_default_dir ()));
  /* XDG lists the most important first */
  for (guint i = n; i-- > 0;)
    add_dir (dirs, g_build_filename (system[i], "mailfix", "providers", NULL));
  add_dir (dirs, g_strdup (MF_SYSCONF_PROVIDERS_DIR));
  add_dir (dirs, g_build_filename (g_get_user_data_dir (), "mailfix", "providers", NULL));
  return dirs;
}

/**
 * mf_provider_db_load_search_path:
 * @self: a database
 * @error: return location for a #GError
 *
 * Loads every directory of mf_provider_db_get_search_path() that exists.
 * Only the shipped directory must load: a directory added later that holds
 * a broken file is left out as a whole, and the reason is kept for
 * mf_provider_db_get_problems(), so one bad file of an ISP or a user does
 * not leave the program without any provider.
 *
 * Returns: %FALSE, with @error set, when the shipped directory cannot be
 *   loaded; the other directories are loaded all the same
 *
 * Since: 0.1
 */
gboolean
mf_provider_db_load_search_path (MfProviderDb *self, GError **error)
{
  g_autoptr(GPtrArray) dirs = mf_provider_db_get_search_path ();
  g_autoptr(GError) shipped_error = NULL;

  g_return_val_if_fail (MF_IS_PROVIDER_DB (self), FALSE);
  for (guint i = 0; i < dirs->len; i++) {
    const gchar *dir = g_ptr_array_index (dirs, i);
    GError *dir_error = NULL;

    if (i > 0 && !g_file_test (dir, G_FILE_TEST_EXISTS))
      continue;
    if (mf_provider_db_load_dir (self, dir, &dir_error))
      continue;
    if (i == 0)
      shipped_error = dir_error;
    else
      mf_provider_db_add_problem (self, dir_error);
  }
  if (shipped_error != NULL) {
    g_propagate_error (error, g_steal_pointer (&shipped_error));
    return FALSE;
  }
  return TRUE;
}
