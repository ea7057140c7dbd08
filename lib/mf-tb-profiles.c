/* mf-tb-profiles.c: finding Thunderbird profiles through profiles.ini */
#include "config.h"

#include "mf-error.h"
#include "mf-ini.h"
#include "mf-private.h"
#include "mf-tb-profiles.h"

/* profiles.ini is a few hundred bytes; anything this large is not one */
#define MF_TB_MAX_INI_SIZE (1024 * 1024)

void
mf_tb_profile_entry_free (MfTbProfileEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->name);
  g_free (entry->path);
  g_free (entry);
}

GPtrArray *
mf_tb_profile_roots (const gchar *home)
{
  GPtrArray *roots = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (roots, g_build_filename (home, ".thunderbird", NULL));
  g_ptr_array_add (roots, g_build_filename (home, "thunderbird", NULL));
  g_ptr_array_add (roots, g_build_filename (home, ".config", "thunderbird", NULL));
  g_ptr_array_add (roots, g_build_filename (home, "snap", "thunderbird", "common", ".thunderbird", NULL));
  g_ptr_array_add (roots, g_build_filename (home, ".var", "app", "org.mozilla.Thunderbird", ".thunderbird", NULL));
  return roots;
}

static gchar *
resolve_path (const gchar *root, const gchar *path, gboolean relative)
{
  g_autofree gchar *native = g_strdup (path);

  if (relative || !g_path_is_absolute (native))
    return g_build_filename (root, native, NULL);
  return g_steal_pointer (&native);
}

/* installs.ini names the profile each installation opens by default */
static GPtrArray *
read_install_defaults (const gchar *root)
{
  GPtrArray *defaults = g_ptr_array_new_with_free_func (g_free);
  g_autofree gchar *path = g_build_filename (root, "installs.ini", NULL);
  g_autoptr(dictionary) dict = NULL;
  gint n;

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return defaults;
  dict = mf_ini_load (path, NULL, MF_TB_MAX_INI_SIZE, NULL);
  if (dict == NULL)
    return defaults;
  n = iniparser_getnsec (dict);
  for (gint i = 0; i < n; i++) {
    const gchar *value = mf_ini_get (dict, iniparser_getsecname (dict, i), "default");
    if (value != NULL)
      g_ptr_array_add (defaults, resolve_path (root, value, !g_path_is_absolute (value)));
  }
  return defaults;
}

static gboolean
path_in (GPtrArray *paths, const gchar *path)
{
  for (guint i = 0; i < paths->len; i++) {
    if (g_strcmp0 (g_ptr_array_index (paths, i), path) == 0)
      return TRUE;
  }
  return FALSE;
}

GPtrArray *
mf_tb_profiles_read (const gchar *root, GPtrArray *problems, GError **error)
{
  g_autofree gchar *ini_path = g_build_filename (root, "profiles.ini", NULL);
  g_autoptr(dictionary) dict = mf_ini_load (ini_path, NULL, MF_TB_MAX_INI_SIZE, error);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) install_defaults = NULL;
  gboolean have_install_default = FALSE;
  gint n;

  if (dict == NULL)
    return NULL;
  entries = g_ptr_array_new_with_free_func ((GDestroyNotify) mf_tb_profile_entry_free);
  install_defaults = read_install_defaults (root);
  n = iniparser_getnsec (dict);
  for (gint i = 0; i < n; i++) {
    const gchar *section = iniparser_getsecname (dict, i);
    const gchar *rel_path, *relative, *name, *def;
    g_autoptr(MfTbProfileEntry) entry = NULL;

    if (section == NULL || g_ascii_strncasecmp (section, "profile", 7) != 0)
      continue;
    rel_path = mf_ini_get (dict, section, "path");
    relative = mf_ini_get (dict, section, "isrelative");
    name = mf_ini_get (dict, section, "name");
    def = mf_ini_get (dict, section, "default");
    if (rel_path == NULL || rel_path[0] == '\0') {
      g_ptr_array_add (problems, g_error_new (MF_ERROR, MF_ERROR_PARSE,
                                              _("%s: profile [%s] has no Path"), ini_path, section));
      continue;
    }
    entry = g_new0 (MfTbProfileEntry, 1);
    entry->name = g_strdup (name != NULL ? name : section);
    entry->path = resolve_path (root, rel_path, g_strcmp0 (relative, "0") != 0);
    entry->is_default = g_strcmp0 (def, "1") == 0;
    if (!g_file_test (entry->path, G_FILE_TEST_IS_DIR)) {
      g_ptr_array_add (problems, g_error_new (MF_ERROR, MF_ERROR_NOT_FOUND,
                                              _("%s: profile \"%s\" points to %s, which does not exist"),
                                              ini_path, entry->name, entry->path));
      continue;
    }
    if (path_in (install_defaults, entry->path)) {
      entry->is_default = TRUE;
      have_install_default = TRUE;
    }
    g_ptr_array_add (entries, g_steal_pointer (&entry));
  }
  /* an installation's own default outranks the legacy Default=1 marker */
  if (have_install_default) {
    for (guint i = 0; i < entries->len; i++) {
      MfTbProfileEntry *entry = g_ptr_array_index (entries, i);
      entry->is_default = path_in (install_defaults, entry->path);
    }
  }
  return g_steal_pointer (&entries);
}
