/* mf-evo-registry.c: does a running Evolution source registry hold what
 * mailfix wrote. The registry watches the sources folder and reloads a
 * changed file about three seconds after the last write; it runs in
 * nearly every GNOME session. The files are written atomically as for any
 * store, and the registry is then asked over D-Bus what it holds, so the
 * user learns whether Evolution will see the change without a restart. */
#include "config.h"

#include <string.h>
#include <gio/gio.h>

#include "mf-evo-registry.h"
#include "mf-private.h"

#define MANAGER_PATH "/org/gnome/evolution/dataserver/SourceManager"
#define SOURCE_IFACE "org.gnome.evolution.dataserver.Source"

/* the bus name carries a number that changes across EDS series */
static gchar *
find_registry (GDBusConnection *bus)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariantIter) iter = NULL;
  const gchar *name;

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "ListNames", NULL, G_VARIANT_TYPE ("(as)"),
                                       G_DBUS_CALL_FLAGS_NONE, 2000, NULL, NULL);
  if (reply == NULL)
    return NULL;
  g_variant_get (reply, "(as)", &iter);
  while (g_variant_iter_loop (iter, "&s", &name)) {
    if (g_str_has_prefix (name, "org.gnome.evolution.dataserver.Sources"))
      return g_strdup (name);
  }
  return NULL;
}

/* uid -> the key file the registry holds */
static GHashTable *
registry_sources (GDBusConnection *bus, const gchar *name)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariantIter) objects = NULL;
  GHashTable *sources = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GVariantIter *ifaces = NULL;
  const gchar *path;

  reply = g_dbus_connection_call_sync (bus, name, MANAGER_PATH, "org.freedesktop.DBus.ObjectManager",
                                       "GetManagedObjects", NULL, G_VARIANT_TYPE ("(a{oa{sa{sv}}})"),
                                       G_DBUS_CALL_FLAGS_NO_AUTO_START, 5000, NULL, NULL);
  if (reply == NULL)
    return sources;
  g_variant_get (reply, "(a{oa{sa{sv}}})", &objects);
  while (g_variant_iter_loop (objects, "{&oa{sa{sv}}}", &path, &ifaces)) {
    const gchar *iface;
    GVariant *props;
    while (g_variant_iter_loop (ifaces, "{&s@a{sv}}", &iface, &props)) {
      const gchar *uid = NULL, *data = NULL;
      if (g_strcmp0 (iface, SOURCE_IFACE) != 0)
        continue;
      g_variant_lookup (props, "UID", "&s", &uid);
      g_variant_lookup (props, "Data", "&s", &data);
      if (uid != NULL && data != NULL)
        g_hash_table_replace (sources, g_strdup (uid), g_strdup (data));
    }
  }
  return sources;
}

static gchar *
uid_of (const gchar *path)
{
  g_autofree gchar *base = g_path_get_basename (path);
  return g_str_has_suffix (base, ".source") ? g_strndup (base, strlen (base) - strlen (".source")) : NULL;
}

/* every "[Group] Key" edit of the plan found with its new value */
static gboolean
holds_plan (GHashTable *sources, MfPlan *plan)
{
  GPtrArray *edits = mf_plan_get_edits (plan);

  for (guint i = 0; i < edits->len; i++) {
    MfEdit *edit = g_ptr_array_index (edits, i);
    g_autofree gchar *uid = uid_of (mf_edit_get_path (edit));
    const gchar *data = uid != NULL ? g_hash_table_lookup (sources, uid) : NULL;
    g_autoptr(GKeyFile) keys = g_key_file_new ();
    g_autofree gchar *group = NULL;
    g_autofree gchar *value = NULL;
    const gchar *key = mf_edit_get_key (edit);
    const gchar *close = strchr (key, ']');

    if (uid == NULL || close == NULL || key[0] != '[')
      continue;
    if (data == NULL || !g_key_file_load_from_data (keys, data, -1, G_KEY_FILE_NONE, NULL))
      return FALSE;
    group = g_strndup (key + 1, close - key - 1);
    value = g_key_file_get_value (keys, group, close + 2, NULL);
    if (g_strcmp0 (value, mf_edit_get_new_value (edit)) != 0)
      return FALSE;
  }
  return TRUE;
}

void
mf_evo_registry_confirm (const gchar *sources_dir, MfPlan *plan, guint timeout_ms, GPtrArray *notes)
{
  g_autofree gchar *watched = g_build_filename (g_get_user_config_dir (), "evolution", "sources", NULL);
  g_autofree gchar *watched_real = g_canonicalize_filename (watched, NULL);
  g_autoptr(GDBusConnection) bus = NULL;
  g_autofree gchar *name = NULL;
  gint64 deadline;

  /* only this user's own registry watches this user's own folder; no
   * session bus (cron, ssh, root over other homes) means nothing to ask */
  if (g_strcmp0 (watched_real, sources_dir) != 0 ||
      (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL && g_getenv ("XDG_RUNTIME_DIR") == NULL))
    return;
  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  if (bus == NULL)
    return;
  name = find_registry (bus);
  if (name == NULL)
    return;
  deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  for (;;) {
    g_autoptr(GHashTable) sources = registry_sources (bus, name);
    if (holds_plan (sources, plan)) {
      g_ptr_array_add (notes, g_strdup (_("Evolution's source registry has loaded the change; Evolution will use it at its next start.")));
      return;
    }
    if (g_get_monotonic_time () > deadline)
      break;
    g_usleep (250 * 1000);
  }
  g_ptr_array_add (notes, g_strdup (_("Evolution's source registry has not loaded the change yet; log out and in again before starting Evolution.")));
}
