/* test-evo-registry.c: with Evolution's source registry running (started by
 * test-registry.sh on a private bus, watching this test's home), an apply
 * is confirmed by asking the registry what it holds; the registry's answer
 * is also read here with gdbus, an independent client */
#include "config.h"

#include "mailfix.h"
#include "mf-test-utils.h"

#define TRANSPORT_UID "1700000001.1000.3@pc01"

static gchar *
registry_dump (void)
{
  g_autofree gchar *names = NULL;
  g_autofree gchar *name = NULL;
  const gchar *list[] = { "gdbus", "call", "--session", "-d", "org.freedesktop.DBus", "-o", "/org/freedesktop/DBus",
                          "-m", "org.freedesktop.DBus.ListNames", NULL };
  g_autoptr(GError) error = NULL;
  gchar *out = NULL;
  const gchar *p;

  g_spawn_sync (NULL, (gchar **) list, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &names, NULL, NULL, &error);
  g_assert_no_error (error);
  p = strstr (names, "org.gnome.evolution.dataserver.Sources");
  g_assert_nonnull (p);
  name = g_strndup (p, strcspn (p, "'"));
  {
    const gchar *call[] = { "gdbus", "call", "--session", "-d", name, "-o",
                            "/org/gnome/evolution/dataserver/SourceManager",
                            "-m", "org.freedesktop.DBus.ObjectManager.GetManagedObjects", NULL };
    g_spawn_sync (NULL, (gchar **) call, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, NULL, NULL, &error);
    g_assert_no_error (error);
  }
  return out;
}

static void
test_apply_confirmed_by_registry (void)
{
  g_autoptr(MfProviderDb) db = mf_test_provider_db ();
  g_autoptr(MfSession) session = mf_session_new ();
  g_autoptr(MfPlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree gchar *before = registry_dump ();
  g_autofree gchar *after = NULL;
  GPtrArray *notes;
  gboolean loaded = FALSE;

  /* the registry loaded the test home's sources at its start */
  g_assert_nonnull (strstr (before, TRANSPORT_UID));
  g_assert_nonnull (strstr (before, "Port=25"));

  mf_session_set_provider_db (session, db);
  mf_session_add_home (session, g_get_home_dir ());
  g_assert_true (mf_session_scan (session, &error));
  plan = mf_session_plan (session, NULL, MF_PLAN_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_false (mf_plan_is_empty (plan));
  g_assert_true (mf_session_apply (session, plan, NULL, &error));
  g_assert_no_error (error);

  notes = mf_session_get_apply_notes (session);
  for (guint i = 0; i < notes->len; i++)
    loaded = loaded || strstr (g_ptr_array_index (notes, i), "has loaded the change") != NULL;
  g_assert_true (loaded);

  /* what the registry now serves to Evolution */
  after = registry_dump ();
  g_assert_nonnull (strstr (after, "Port=587"));
  g_assert_nonnull (strstr (after, "Method=starttls-on-standard-port"));
  g_assert_nonnull (strstr (after, "imap.example.jp"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/registry/apply-confirmed", test_apply_confirmed_by_registry);
  return g_test_run ();
}
