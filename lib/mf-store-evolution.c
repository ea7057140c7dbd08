/* mf-store-evolution.c: Evolution's sources (~/.config/evolution/sources) */
#include "config.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mf-confine.h"
#include "mf-error.h"
#include "mf-evo-accounts.h"
#include "mf-evo-planner.h"
#include "mf-evo-registry.h"
#include "mf-evo-running.h"
#include "mf-evo-sources.h"
#include "mf-private.h"
#include "mf-secret.h"
#include "mf-store-evolution.h"

struct _MfStoreEvolution {
  MfStore parent_instance;
};

G_DEFINE_FINAL_TYPE (MfStoreEvolution, mf_store_evolution, MF_TYPE_STORE)

static gboolean
has_sources (const gchar *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const gchar *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL) {
    if (g_str_has_suffix (name, ".source"))
      return TRUE;
  }
  return FALSE;
}

static void
mf_store_evolution_discover (MfStore *store, const gchar *home, GPtrArray *profiles, GPtrArray *problems)
{
  static const struct { const gchar *rel; const gchar *name; } places[] = {
    { ".config/evolution/sources", "Evolution" },
    { ".var/app/org.gnome.Evolution/config/evolution/sources", "Evolution (Flatpak)" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (places); i++) {
    g_autofree gchar *dir = g_build_filename (home, places[i].rel, NULL);
    g_autofree gchar *real = NULL;
    MfProfile *profile;

    if (!g_file_test (dir, G_FILE_TEST_IS_DIR) || !has_sources (dir))
      continue;
    real = mf_confine_resolve (dir);
    profile = mf_profile_new ("evolution", real, places[i].name);
    mf_profile_set_home (profile, home);
    g_ptr_array_add (profiles, profile);
  }
}

static MfProfile *
mf_store_evolution_open (MfStore *store, const gchar *path, GError **error)
{
  g_autofree gchar *real = NULL;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR) || !has_sources (path)) {
    g_set_error (error, MF_ERROR, MF_ERROR_NOT_FOUND,
                 _("%s is not an Evolution sources folder: it has no .source files"), path);
    return NULL;
  }
  real = mf_confine_resolve (path);
  return mf_profile_new ("evolution", real, "Evolution");
}

/* the keyring is asked only for the user's own folder in the user's own
 * session: not across homes, not from cron, and never with a prompt */
static void
read_password_times (const gchar *dir, GPtrArray *accounts)
{
  struct stat st;

  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL || stat (dir, &st) != 0 || st.st_uid != getuid ())
    return;
  for (guint i = 0; i < accounts->len; i++) {
    MfAccount *account = g_ptr_array_index (accounts, i);
    const gchar *uid = mf_account_get_store_key (account, "account");
    g_autoptr(GDateTime) when = uid != NULL ? mf_secret_evo_modified (uid) : NULL;
    if (when != NULL)
      mf_account_set_password_changed (account, when);
  }
}

static gboolean
mf_store_evolution_load (MfStore *store, MfProfile *profile, GPtrArray *accounts, GError **error)
{
  MfEvoSources *sources = mf_evo_sources_load (mf_profile_get_path (profile), error);
  g_autoptr(GPtrArray) found = NULL;

  if (sources == NULL)
    return FALSE;
  mf_profile_set_store_data (profile, sources, (GDestroyNotify) mf_evo_sources_free);
  found = mf_evo_accounts_read (profile, sources);
  read_password_times (mf_profile_get_path (profile), found);
  for (guint i = 0; i < found->len; i++)
    g_ptr_array_add (accounts, g_object_ref (g_ptr_array_index (found, i)));
  return TRUE;
}

static gboolean
mf_store_evolution_plan (MfStore *store, MfProfile *profile, GPtrArray *remedies, MfPlan *plan, GError **error)
{
  return mf_evo_plan_profile (profile, mf_profile_get_store_data (profile), remedies, plan, error);
}

/* Evolution has no lock file: refuse while the mail program runs for the
 * folder's owner. The source registry alone is fine: it reloads a changed
 * file about three seconds after it is renamed into place. */
static gpointer
mf_store_evolution_lock (MfStore *store, MfProfile *profile, GError **error)
{
  struct stat st;
  gint pid;

  if (stat (mf_profile_get_path (profile), &st) != 0) {
    gint errsv = errno;
    g_set_error (error, MF_ERROR, mf_error_from_errno (errsv), _("cannot read %s: %s"),
                 mf_profile_get_path (profile), g_strerror (errsv));
    return NULL;
  }
  pid = mf_evo_find_running (st.st_uid);
  if (pid > 0) {
    g_set_error (error, MF_ERROR, MF_ERROR_BUSY,
                 _("Evolution is running (process %d) and would write its own copy of the accounts back; quit it (File, Quit, or \"evolution --force-shutdown\") and try again"),
                 pid);
    return NULL;
  }
  return g_new0 (gint, 1);
}

static void
mf_store_evolution_unlock (MfStore *store, gpointer lock)
{
  g_free (lock);
}

/* the label Evolution itself gives the item; its registry relabels any
 * other one, so matching it keeps the keyring quiet */
static gchar *
evo_label (MfEvoSources *sources, const gchar *uid, const gchar *type)
{
  MfEvoSource *source = mf_evo_sources_get (sources, uid);
  g_autofree gchar *name = source != NULL ? mf_evo_get_string (source->keys, "Data Source", "DisplayName", uid) : g_strdup (uid);
  g_autofree gchar *parent = source != NULL ? mf_evo_get_string (source->keys, "Data Source", "Parent", "") : g_strdup ("");
  g_autofree gchar *backend = NULL;

  if (source != NULL)
    backend = mf_evo_get_string (source->keys, type, "BackendName", NULL);
  return g_strdup_printf ("Evolution Data Source \"%s\" (%s%s%s) %s%s", name, type,
                          backend != NULL ? " - " : "", backend != NULL ? backend : "",
                          parent[0] != '\0' ? " of " : "", parent);
}

static GPtrArray *
mf_store_evolution_keyring_items (MfStore *store, MfAccount *account)
{
  MfEvoSources *sources = mf_profile_get_store_data (mf_account_get_profile (account));
  GPtrArray *items = g_ptr_array_new_with_free_func ((GDestroyNotify) mf_keyring_item_free);
  const gchar *account_uid = mf_account_get_store_key (account, "account");
  const gchar *transport_uid = mf_account_get_store_key (account, "transport");

  /* the store's password under the account's UID, the SMTP one under the transport's */
  if (account_uid != NULL) {
    g_autofree gchar *label = evo_label (sources, account_uid, "Mail Account");
    g_ptr_array_add (items, mf_keyring_item_new (account_uid, label));
  }
  if (transport_uid != NULL) {
    g_autofree gchar *label = evo_label (sources, transport_uid, "Mail Transport");
    g_ptr_array_add (items, mf_keyring_item_new (transport_uid, label));
  }
  return items;
}

/* long enough for the registry's three-second settling time, twice over */
#define MF_EVO_REGISTRY_TIMEOUT_MS 10000

static void
mf_store_evolution_confirm (MfStore *store, MfProfile *profile, MfPlan *plan, GPtrArray *notes)
{
  mf_evo_registry_confirm (mf_profile_get_path (profile), plan, MF_EVO_REGISTRY_TIMEOUT_MS, notes);
}

static gchar *
mf_store_evolution_stored_password (MfStore *store, MfAccount *account, GError **error)
{
  const gchar *uid = mf_account_get_store_key (account, "account");
  return uid != NULL ? mf_secret_evo_lookup (uid, error) : NULL;
}

static void
mf_store_evolution_class_init (MfStoreEvolutionClass *klass)
{
  MfStoreClass *store_class = MF_STORE_CLASS (klass);

  store_class->discover = mf_store_evolution_discover;
  store_class->open = mf_store_evolution_open;
  store_class->load = mf_store_evolution_load;
  store_class->plan = mf_store_evolution_plan;
  store_class->lock = mf_store_evolution_lock;
  store_class->unlock = mf_store_evolution_unlock;
  store_class->keyring_items = mf_store_evolution_keyring_items;
  store_class->confirm = mf_store_evolution_confirm;
  store_class->stored_password = mf_store_evolution_stored_password;
}

static void
mf_store_evolution_init (MfStoreEvolution *self)
{
}

MfStore *
mf_store_evolution_new (void)
{
  return g_object_new (MF_TYPE_STORE_EVOLUTION, "name", "evolution", NULL);
}
