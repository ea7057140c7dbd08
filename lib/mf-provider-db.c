/* mf-provider-db.c: the providers mailfix knows, and lookups over them */
#include "config.h"

#include <string.h>

#include "mf-error.h"
#include "mf-private.h"
#include "mf-provider-db.h"
#include "mf-provider-private.h"

/* where "make install" puts data/providers; lib/Makefile.am defines it */
#ifndef MF_PROVIDERS_DIR
#define MF_PROVIDERS_DIR "/usr/local/share/mailfix/providers"
#endif

struct _MfProviderDb {
  GObject parent_instance;
  GPtrArray *providers;   /* MfProvider*, oldest load first */
  GPtrArray *sorted;      /* the same, by id; NULL until asked for again */
  GPtrArray *problems;    /* GError*: directories of the search path left out */
};

G_DEFINE_TYPE (MfProviderDb, mf_provider_db, G_TYPE_OBJECT)

static void
mf_provider_db_finalize (GObject *object)
{
  MfProviderDb *self = MF_PROVIDER_DB (object);

  g_ptr_array_unref (self->providers);
  g_clear_pointer (&self->sorted, g_ptr_array_unref);
  g_ptr_array_unref (self->problems);

  G_OBJECT_CLASS (mf_provider_db_parent_class)->finalize (object);
}

static void
mf_provider_db_class_init (MfProviderDbClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mf_provider_db_finalize;
  mf_i18n_init ();
}

static void
mf_provider_db_init (MfProviderDb *self)
{
  self->providers = g_ptr_array_new_with_free_func (g_object_unref);
  self->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
}

/* takes error */
void
mf_provider_db_add_problem (MfProviderDb *self, GError *error)
{
  g_ptr_array_add (self->problems, error);
}

/**
 * mf_provider_db_get_problems:
 * @self: a database
 *
 * Returns: (transfer none) (element-type GError): why directories of the
 *   search path were left out, for the user to see
 *
 * Since: 0.1
 */
GPtrArray *
mf_provider_db_get_problems (MfProviderDb *self)
{
  g_return_val_if_fail (MF_IS_PROVIDER_DB (self), NULL);
  return self->problems;
}

/**
 * mf_provider_db_new:
 *
 * Returns: (transfer full): an empty provider database
 *
 * Since: 0.1
 */
MfProviderDb *
mf_provider_db_new (void)
{
  return g_object_new (MF_TYPE_PROVIDER_DB, NULL);
}

/**
 * mf_provider_db_get_default_dir:
 *
 * The directory the shipped provider files are read from:
 * `$MAILFIX_PROVIDERS_DIR` when it is set and not empty, else the
 * directory chosen at build time.
 *
 * Returns: (transfer none) (type filename): the directory
 *
 * Since: 0.1
 */
const gchar *
mf_provider_db_get_default_dir (void)
{
  const gchar *dir = g_getenv ("MAILFIX_PROVIDERS_DIR");

  return dir != NULL && dir[0] != '\0' ? dir : MF_PROVIDERS_DIR;
}

/**
 * mf_provider_db_new_default:
 * @error: return location for a #GError
 *
 * A database of the providers in every directory of the search path (see
 * mf_provider_db_load_search_path()).
 *
 * Returns: (transfer full) (nullable): the database, or %NULL with @error
 *   set when the shipped directory cannot be loaded
 *
 * Since: 0.1
 */
MfProviderDb *
mf_provider_db_new_default (GError **error)
{
  g_autoptr(MfProviderDb) self = mf_provider_db_new ();

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!mf_provider_db_load_search_path (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

/* a provider with the id of one already loaded takes its place, so an
 * ISP's own file overrides the shipped one */
static void
mf_provider_db_add (MfProviderDb *self, MfProvider *provider)
{
  const gchar *id = mf_provider_get_id (provider);

  for (guint i = 0; i < self->providers->len; i++) {
    MfProvider *old = g_ptr_array_index (self->providers, i);
    if (g_ascii_strcasecmp (mf_provider_get_id (old), id) == 0) {
      g_ptr_array_remove_index (self->providers, i);
      break;
    }
  }
  g_ptr_array_add (self->providers, g_object_ref (provider));
  g_clear_pointer (&self->sorted, g_ptr_array_unref);
}

void
mf_provider_db_add_found (MfProviderDb *self, MfProvider *provider)
{
  const gchar *id = mf_provider_get_id (provider);

  g_return_if_fail (MF_IS_PROVIDER_DB (self));
  g_return_if_fail (mf_provider_get_origin (provider) != MF_PROVIDER_ORIGIN_FILE);

  /* a second lookup of the same domain replaces the first; a provider
   * file of the same id stays, found first by mf_provider_db_lookup_id() */
  for (guint i = 0; i < self->providers->len; i++) {
    MfProvider *old = g_ptr_array_index (self->providers, i);
    if (mf_provider_get_origin (old) != MF_PROVIDER_ORIGIN_FILE &&
        g_ascii_strcasecmp (mf_provider_get_id (old), id) == 0) {
      g_ptr_array_remove_index (self->providers, i);
      break;
    }
  }
  g_ptr_array_add (self->providers, g_object_ref (provider));
  g_clear_pointer (&self->sorted, g_ptr_array_unref);
}

/**
 * mf_provider_db_load_file:
 * @self: a database
 * @path: (type filename): a provider file
 * @error: return location for a #GError
 *
 * Reads one provider file. A provider with the same `emailProvider` id as
 * one already loaded replaces it.
 *
 * Errors about the file's content are %MF_ERROR_PARSE and read
 * "FILE:LINE: message"; a file over 1 MiB is %MF_ERROR_TOO_LARGE.
 *
 * Returns: %TRUE on success; on failure the database is unchanged
 *
 * Since: 0.1
 */
gboolean
mf_provider_db_load_file (MfProviderDb *self, const gchar *path, GError **error)
{
  g_autoptr(MfProvider) provider = NULL;

  g_return_val_if_fail (MF_IS_PROVIDER_DB (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  provider = mf_provider_new_from_file (path, error);
  if (provider == NULL)
    return FALSE;
  mf_provider_db_add (self, provider);
  return TRUE;
}

static gint
mf_compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const gchar * const *) a, *(const gchar * const *) b);
}

static MfError
mf_error_from_file_error (const GError *error)
{
  if (g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT) ||
      g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOTDIR))
    return MF_ERROR_NOT_FOUND;
  if (g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_ACCES) ||
      g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_PERM))
    return MF_ERROR_PERMISSION;
  return MF_ERROR_IO;
}

/* the *.xml names in dir, sorted bytewise so the load order is the same
 * on every system */
static GPtrArray *
mf_list_provider_files (const gchar *dir, GError **error)
{
  g_autoptr(GError) error_local = NULL;
  g_autoptr(GDir) gdir = g_dir_open (dir, 0, &error_local);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const gchar *name;

  if (gdir == NULL) {
    g_autofree gchar *display = g_filename_display_name (dir);
    g_set_error (error, MF_ERROR, mf_error_from_file_error (error_local),
                 _("%s: cannot open the provider directory: %s"), display, error_local->message);
    return NULL;
  }
  while ((name = g_dir_read_name (gdir)) != NULL) {
    if (name[0] != '.' && g_str_has_suffix (name, ".xml"))
      g_ptr_array_add (names, g_strdup (name));
  }
  g_ptr_array_sort (names, mf_compare_names);
  return g_steal_pointer (&names);
}

/**
 * mf_provider_db_load_dir:
 * @self: a database
 * @dir: (type filename): a directory of provider files
 * @error: return location for a #GError
 *
 * Reads every `*.xml` file in @dir (hidden files aside) in byte order of
 * their names; within the directory, as across calls, a later file with
 * the same `emailProvider` id replaces an earlier one. Loading stops at
 * the first bad file and returns its error.
 *
 * Returns: %TRUE on success; on failure no file of @dir is added
 *
 * Since: 0.1
 */
gboolean
mf_provider_db_load_dir (MfProviderDb *self, const gchar *dir, GError **error)
{
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GPtrArray) loaded = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (MF_IS_PROVIDER_DB (self), FALSE);
  g_return_val_if_fail (dir != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  names = mf_list_provider_files (dir, error);
  if (names == NULL)
    return FALSE;
  for (guint i = 0; i < names->len; i++) {
    g_autofree gchar *path = g_build_filename (dir, g_ptr_array_index (names, i), NULL);
    MfProvider *provider = mf_provider_new_from_file (path, error);
    if (provider == NULL)
      return FALSE;
    g_ptr_array_add (loaded, provider);
  }
  /* all or nothing: a directory with a broken file changes nothing */
  for (guint i = 0; i < loaded->len; i++)
    mf_provider_db_add (self, g_ptr_array_index (loaded, i));
  return TRUE;
}

/**
 * mf_provider_db_lookup_id:
 * @self: a database
 * @id: an `emailProvider` id
 *
 * Returns: (transfer none) (nullable): the provider with @id (compared
 *   without regard to ASCII case), or %NULL
 *
 * Since: 0.1
 */
MfProvider *
mf_provider_db_lookup_id (MfProviderDb *self, const gchar *id)
{
  g_return_val_if_fail (MF_IS_PROVIDER_DB (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  for (guint i = 0; i < self->providers->len; i++) {
    MfProvider *provider = g_ptr_array_index (self->providers, i);
    if (g_ascii_strcasecmp (mf_provider_get_id (provider), id) == 0)
      return provider;
  }
  return NULL;
}

typedef guint (*MfScoreFunc) (MfProvider *provider, const gchar *name);

/* the provider with the best score for name: an exact name beats any
 * pattern and a narrower pattern beats a wider one; on a tie the provider
 * loaded last wins, as it does for ids */
static MfProvider *
mf_provider_db_best (MfProviderDb *self, const gchar *name, MfScoreFunc score_func)
{
  g_autofree gchar *normal = mf_provider_normalize_name (name);
  MfProvider *best = NULL;
  guint best_score = 0;

  if (normal == NULL)
    return NULL;
  for (guint i = 0; i < self->providers->len; i++) {
    MfProvider *provider = g_ptr_array_index (self->providers, i);
    guint score = score_func (provider, normal);
    if (score > 0 && score >= best_score) {
      best = provider;
      best_score = score;
    }
  }
  return best;
}

/**
 * mf_provider_db_lookup_domain:
 * @self: a database
 * @domain: a mail domain
 *
 * Finds the provider serving @domain: one listing it exactly if there is
 * one, else the one whose domain pattern fits it most narrowly. Case and
 * one trailing dot do not matter.
 *
 * Returns: (transfer none) (nullable): the provider, or %NULL
 *
 * Since: 0.1
 */
MfProvider *
mf_provider_db_lookup_domain (MfProviderDb *self, const gchar *domain)
{
  g_return_val_if_fail (MF_IS_PROVIDER_DB (self), NULL);
  g_return_val_if_fail (domain != NULL, NULL);

  return mf_provider_db_best (self, domain, mf_provider_match_domain_score);
}

/**
 * mf_provider_db_lookup_address:
 * @self: a database
 * @address: an e-mail address
 *
 * Returns: (transfer none) (nullable): the provider serving the domain of
 *   @address (the part after its last `@`), or %NULL
 *
 * Since: 0.1
 */
MfProvider *
mf_provider_db_lookup_address (MfProviderDb *self, const gchar *address)
{
  const gchar *domain;

  g_return_val_if_fail (MF_IS_PROVIDER_DB (self), NULL);
  g_return_val_if_fail (address != NULL, NULL);

  domain = mf_provider_address_domain (address);
  return domain != NULL ? mf_provider_db_lookup_domain (self, domain) : NULL;
}

/**
 * mf_provider_db_lookup_host:
 * @self: a database
 * @host: a server host name from a mail client's settings
 *
 * Finds the provider running @host: one naming it as a server or a
 * retired host, else the one whose `mf:hostPattern` fits it most narrowly.
 *
 * Returns: (transfer none) (nullable): the provider, or %NULL
 *
 * Since: 0.1
 */
MfProvider *
mf_provider_db_lookup_host (MfProviderDb *self, const gchar *host)
{
  g_return_val_if_fail (MF_IS_PROVIDER_DB (self), NULL);
  g_return_val_if_fail (host != NULL, NULL);

  return mf_provider_db_best (self, host, mf_provider_match_host_score);
}

static gint
mf_compare_providers (gconstpointer a, gconstpointer b)
{
  MfProvider *pa = *(MfProvider * const *) a;
  MfProvider *pb = *(MfProvider * const *) b;

  return g_ascii_strcasecmp (mf_provider_get_id (pa), mf_provider_get_id (pb));
}

/**
 * mf_provider_db_get_providers:
 * @self: a database
 *
 * Returns: (transfer none) (element-type MfProvider): every provider,
 *   sorted by id; the array is valid until the next load
 *
 * Since: 0.1
 */
GPtrArray *
mf_provider_db_get_providers (MfProviderDb *self)
{
  g_return_val_if_fail (MF_IS_PROVIDER_DB (self), NULL);

  if (self->sorted == NULL) {
    self->sorted = g_ptr_array_new_full (self->providers->len, g_object_unref);
    for (guint i = 0; i < self->providers->len; i++)
      g_ptr_array_add (self->sorted, g_object_ref (g_ptr_array_index (self->providers, i)));
    g_ptr_array_sort (self->sorted, mf_compare_providers);
  }
  return self->sorted;
}
