/* mf-evo-sources.c: Evolution's source key files, one per UID */
#include "config.h"

#include "mf-atomic-file.h"
#include "mf-error.h"
#include "mf-evo-sources.h"
#include "mf-private.h"

/* a source file is a few KB; this leaves room for any real one */
#define MF_EVO_MAX_SOURCE_SIZE (1024 * 1024)

static void
source_free (MfEvoSource *source)
{
  g_free (source->uid);
  g_free (source->path);
  g_clear_pointer (&source->bytes, g_bytes_unref);
  g_clear_pointer (&source->keys, g_key_file_unref);
  g_free (source);
}

void
mf_evo_sources_free (MfEvoSources *self)
{
  if (self == NULL)
    return;
  g_free (self->dir);
  g_hash_table_unref (self->by_uid);
  g_ptr_array_unref (self->order);
  g_free (self);
}

static gint
compare_names (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const gchar * const *) a, *(const gchar * const *) b);
}

static MfEvoSource *
load_one (const gchar *dir, const gchar *name, GError **error)
{
  g_autofree gchar *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error_local = NULL;
  MfEvoSource *source;
  gsize len = 0;
  const gchar *data;
  GBytes *bytes = mf_atomic_file_read (path, MF_EVO_MAX_SOURCE_SIZE, NULL, error);

  if (bytes == NULL)
    return NULL;
  source = g_new0 (MfEvoSource, 1);
  source->uid = g_strndup (name, strlen (name) - strlen (".source"));
  source->path = g_steal_pointer (&path);
  source->bytes = bytes;
  source->keys = g_key_file_new ();
  data = g_bytes_get_data (bytes, &len);
  if (!g_key_file_load_from_data (source->keys, data, len,
                                  G_KEY_FILE_KEEP_COMMENTS | G_KEY_FILE_KEEP_TRANSLATIONS, &error_local) ||
      !g_key_file_has_group (source->keys, "Data Source")) {
    /* GKeyFile quotes the offending line as it is, in any encoding */
    g_autofree gchar *why = error_local != NULL ? g_utf8_make_valid (error_local->message, -1) : NULL;
    g_set_error (error, MF_ERROR, MF_ERROR_PARSE, _("%s is not an Evolution source: %s"), source->path,
                 why != NULL ? why : _("it has no [Data Source] group"));
    source_free (source);
    return NULL;
  }
  return source;
}

MfEvoSources *
mf_evo_sources_load (const gchar *dir, GError **error)
{
  g_autoptr(GDir) d = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(MfEvoSources) self = g_new0 (MfEvoSources, 1);
  g_autoptr(GError) error_local = NULL;
  const gchar *name;

  d = g_dir_open (dir, 0, &error_local);
  if (d == NULL) {
    g_set_error (error, MF_ERROR, MF_ERROR_NOT_FOUND, _("cannot read %s: %s"), dir, error_local->message);
    return NULL;
  }
  self->dir = g_strdup (dir);
  self->by_uid = g_hash_table_new (g_str_hash, g_str_equal);
  self->order = g_ptr_array_new_with_free_func ((GDestroyNotify) source_free);
  /* only <UID>.source counts; the registry's own temp files do not */
  while ((name = g_dir_read_name (d)) != NULL) {
    if (g_str_has_suffix (name, ".source") && name[0] != '.')
      g_ptr_array_add (names, g_strdup (name));
  }
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++) {
    MfEvoSource *source = load_one (dir, g_ptr_array_index (names, i), error);
    if (source == NULL)
      return NULL;
    g_ptr_array_add (self->order, source);
    g_hash_table_insert (self->by_uid, source->uid, source);
  }
  return g_steal_pointer (&self);
}

MfEvoSource *
mf_evo_sources_get (MfEvoSources *self, const gchar *uid)
{
  return uid != NULL ? g_hash_table_lookup (self->by_uid, uid) : NULL;
}

gchar *
mf_evo_get_string (GKeyFile *keys, const gchar *group, const gchar *key, const gchar *fallback)
{
  gchar *value = g_key_file_get_string (keys, group, key, NULL);
  return value != NULL ? value : g_strdup (fallback);
}

gint
mf_evo_get_int (GKeyFile *keys, const gchar *group, const gchar *key, gint fallback)
{
  g_autoptr(GError) error = NULL;
  gint value = g_key_file_get_integer (keys, group, key, &error);
  return error == NULL ? value : fallback;
}

gboolean
mf_evo_get_bool (GKeyFile *keys, const gchar *group, const gchar *key, gboolean fallback)
{
  g_autoptr(GError) error = NULL;
  gboolean value = g_key_file_get_boolean (keys, group, key, &error);
  return error == NULL ? value : fallback;
}
